// `npm run bench:exports`: importing a news database's download of many
// articles (a Nexis Uni text download and the same as a Word file), next to
// the raw SQLite/FTS5 floor: the same article texts, already split and read,
// inserted with plain INSERTs (bench/import-child.ts raw).
//
//   node bench/news-export.ts [--articles N] [--seed N] [--corpus DIR]
//
// The articles are sentences of real news text (--corpus DIR, else the BBC
// corpus beside the repository), each with a headline, outlet, date and byline.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { MONTHS, readSource } from './corpus.ts';
import type { ImportResult } from './import-child.ts';
import { BENCH_DIR, corpusDir, int, prng, ratio, ROOT, table } from './util.ts';

const { values: args } = parseArgs({
  options: {
    articles: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    corpus: { type: 'string' },
  },
});
const count = Number(args.articles);
const random = prng(Number(args.seed));
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const work = join(BENCH_DIR, 'exports');
rmSync(work, { recursive: true, force: true });
const source = readSource(corpusDir(args.corpus));
const OUTLETS = ['The Guardian (London)', 'The New York Times', 'Süddeutsche Zeitung', 'Kyiv Post', 'Reuters News'];

// One download: the cover page, then each article as Nexis Uni writes it; each body also as its own file for the floor.
const lines = [
  'Date and Time: Thursday, March 10, 2022 9:30:00 AM CET',
  'Job Number: 166301542',
  `Documents (${count})`,
];
const bodies: string[] = [];
const articles: string[][] = [];
for (let i = 0; i < count; i++) {
  const a = pick(source);
  const paragraphs = Array.from({ length: 4 + Math.floor(random() * 6) }, () =>
    Array.from({ length: 3 }, () => pick(a.sentences)).join(' '),
  );
  const headline = `${a.headline} (${i + 1})`;
  lines.push(`${i + 1}. ${headline}`, 'Client/Matter: -None-', 'Search Terms: Belarus', 'Search Type: Boolean');
  articles.push([
    headline,
    pick(OUTLETS),
    `${pick(MONTHS)} ${1 + Math.floor(random() * 28)}, 2022 Thursday`,
    'Copyright 2022 All Rights Reserved',
    'Section:\u00a0WORLD NEWS',
    `Length:\u00a0${paragraphs.join(' ').split(/\s+/).length} words`,
    'Byline:\u00a0Andrew Roth',
    'Body',
    ...paragraphs,
    'Classification',
    'Language:\u00a0ENGLISH',
    'Load-Date:\u00a0March 4, 2022',
    'End of Document',
  ]);
  bodies.push(paragraphs.join('\n\n'));
}
const all = [...lines, ...articles.flat()];
mkdirSync(join(work, 'text'), { recursive: true });
mkdirSync(join(work, 'word'), { recursive: true });
mkdirSync(join(work, 'floor'), { recursive: true });
writeFileSync(join(work, 'text', 'nexis-download.txt'), all.join('\n'));
const word = new Document({ sections: [{ children: all.map((l) => new Paragraph({ children: [new TextRun(l)] })) }] });
writeFileSync(join(work, 'word', 'nexis-download.docx'), await Packer.toBuffer(word));
bodies.forEach((b, i) => writeFileSync(join(work, 'floor', `${String(i).padStart(5, '0')}.txt`), b));

function child(mode: 'ours' | 'raw', dir: string, tag: string): ImportResult {
  const out = join(work, `${tag}.json`);
  const r = spawnSync(
    process.execPath,
    ['--no-warnings', join(ROOT, 'bench', 'import-child.ts'), mode, dir, join(work, `${tag}.quire`), '500', out],
    { stdio: 'inherit' },
  );
  if (r.status !== 0) throw new Error(`import-child ${mode} ${dir} failed`);
  return JSON.parse(readFileSync(out, 'utf8')) as ImportResult;
}

const floor = child('raw', join(work, 'floor'), 'floor');
const rows = [['raw floor (split texts, plain INSERTs)', floor]] as [string, ImportResult][];
rows.push(['Nexis Uni text download (.txt)', child('ours', join(work, 'text'), 'text')]);
rows.push(['Nexis Uni Word download (.docx)', child('ours', join(work, 'word'), 'word')]);
const rate = (r: ImportResult) => r.rows / (r.ms / 1000);
console.log(`## Importing a news database download of ${int(count)} articles\n`);
console.log(
  table(
    ['file', 'articles', 'time (s)', 'articles/s', 'vs floor', 'peak RSS (MB)'],
    rows.map(([label, r]) => [
      label,
      int(r.rows),
      (r.ms / 1000).toFixed(2),
      int(rate(r)),
      ratio(rate(r) / rate(floor)),
      (r.maxRssBytes / 2 ** 20).toFixed(0),
    ]),
    [false, true, true, true, true, true],
  ),
);
