// What cutting and folding words costs in each script, next to the floor: FTS5
// indexing the same text with its own unicode61 tokenizer (the index before
// words were cut and folded). For each script, about 1 MB of news-like text in
// rows of about 1 kB: ours = making the index text and word map of every row
// (words.ts) and indexing the index text with the ascii tokenizer, as the
// triggers do; floor = inserting the rows as they are into FTS5 unicode61.
// A phase of `npm run bench`; `node bench/words.ts` runs it alone.
import Database from 'better-sqlite3';
import { encodeWordMap, indexWords } from '../src/main/core/search/words.ts';
import { ms, ratio, summarise, table } from './util.ts';

const SAMPLES: Record<string, string> = {
  English:
    'The prime minister said on Tuesday that oil prices would fall as the economy grew, while sanctions on Russia stayed in place. ',
  Chinese:
    '谷歌旗下的DeepMind公司开发的AlphaGo击败了韩国棋手李世石。此后，腾讯和阿里巴巴也加大了对人工智能的投入，报道称人工智能将改变新闻业。',
  Japanese:
    '東京大学の研究者は、人工知能を使った新しい翻訳システムを発表した。ソフトバンクも開発に参加しており、来年には実用化される見通しだ。',
  Thai: 'รัฐบาลไทยประกาศมาตรการใหม่เพื่อกระตุ้นเศรษฐกิจ นายกรัฐมนตรีกล่าวว่าการท่องเที่ยวจะฟื้นตัวในปีหน้า ',
  Greek:
    'Γνωρίζω ότι η κυβέρνηση της Ελλάδας συζητά με την Κύπρο για την ενέργεια και οι υπουργοί συναντήθηκαν στην Αθήνα. ',
  Arabic: 'أعلنت الحكومة المصرية عن خطة جديدة للطاقة الشمسية، وقال الوزير إن الأسعار لا تزال مرتفعة في القاهرة. ',
  Russian: 'Президент Белоруссии заявил, что ёлка на главной площади Минска будет установлена, несмотря на санкции. ',
};
const ROW_BYTES = 1000;
const TOTAL_BYTES = 1_000_000;
const RUNS = 5;

export interface WordsRow {
  script: string;
  megabytes: number;
  /** p50 of RUNS, ms: ours (words + index), of which words alone, and the floor. */
  ours: number;
  words: number;
  floor: number;
}

function rowsOf(sample: string): string[] {
  const repeat = Math.max(1, Math.round(ROW_BYTES / Buffer.byteLength(sample)));
  const row = sample.repeat(repeat);
  return Array.from({ length: Math.ceil(TOTAL_BYTES / Buffer.byteLength(row)) }, () => row);
}

function timeIndex(
  tokenize: string,
  rows: readonly string[],
  prepare: (row: string) => string,
): { ms: number; wordsMs: number } {
  const db = new Database(':memory:');
  db.exec(`CREATE VIRTUAL TABLE t USING fts5(body, tokenize = '${tokenize}')`);
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  let wordsMs = 0;
  const t0 = performance.now();
  db.transaction(() => {
    for (const row of rows) {
      const w0 = performance.now();
      const text = prepare(row);
      wordsMs += performance.now() - w0;
      insert.run(text);
    }
  })();
  const ms = performance.now() - t0;
  db.close();
  return { ms, wordsMs };
}

/** Index text and word map, as the triggers make them. */
function ourWords(row: string): string {
  const words = indexWords(row);
  encodeWordMap(words);
  return words.map((w) => w.token).join(' ');
}

export function benchWords(): WordsRow[] {
  return Object.entries(SAMPLES).map(([script, sample]) => {
    const rows = rowsOf(sample);
    const ours: number[] = [];
    const words: number[] = [];
    const floor: number[] = [];
    for (let run = 0; run <= RUNS; run++) {
      const a = timeIndex('porter ascii', rows, ourWords);
      const b = timeIndex('porter unicode61 remove_diacritics 2', rows, (row) => row);
      if (run === 0) continue; // warm-up
      ours.push(a.ms);
      words.push(a.wordsMs);
      floor.push(b.ms);
    }
    const megabytes = rows.reduce((n, r) => n + Buffer.byteLength(r), 0) / 1e6;
    return { script, megabytes, ours: summarise(ours).p50, words: summarise(words).p50, floor: summarise(floor).p50 };
  });
}

export function wordsTable(rows: readonly WordsRow[]): string {
  return table(
    ['script', 'MB', 'ours (ms)', 'of which words', 'floor (ms)', 'ours/floor', 'words MB/s'],
    rows.map((r) => [
      r.script,
      r.megabytes.toFixed(1),
      ms(r.ours),
      ms(r.words),
      ms(r.floor),
      ratio(r.ours / r.floor),
      (r.megabytes / (r.words / 1000)).toFixed(1),
    ]),
    [false, true, true, true, true, true, true],
  );
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${wordsTable(benchWords())}\n`);
