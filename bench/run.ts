// `npm run bench`: import and search performance of Quire's core next to the
// raw SQLite/FTS5 floor measured in the same run on the same data.
//
//   node bench/run.ts [--docs N] [--source DIR] [--corpus DIR] [--runs N] [--seed N] [--keep]
//
// --docs N      generate N articles from real text (default 20000)
// --source DIR  the real articles whose sentences are generated from (.txt; default: the
//               BBC corpus beside the repository; without one the bench stops and says so)
// --corpus DIR  import a real folder of articles as-is instead (no generation)
// --runs N      repetitions per query after a warm-up (default 30)
// --seed N      seed of the corpus generator (default 1)
// --keep        keep the work folder (.bench/work) with the corpus and both databases
//
// Each import side and the search phase run in their own process, so each
// peak RSS is that phase's own. Prints markdown tables to stdout and writes
// the same figures to .bench/last.json. Not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { generateCorpus, type GeneratedCorpus } from './corpus.ts';
import type { ImportResult } from './import-child.ts';
import type { SearchResult } from './search-child.ts';
import type { IndexesResult } from './indexes-child.ts';
import { BENCH_DIR, corpusDir as sourceCorpus, int, mb, ms, ratio, ROOT, table, type Timing } from './util.ts';
import { benchWords, wordsTable } from './words.ts';
import { clip } from '../src/shared/text.ts';
import { SEARCH_LIMITS } from '../src/main/core/search/search.ts';

const IMPORT_RATIO_TARGET = 0.7;
const SEARCH_RATIO_TARGET = 1.3;
const P95_TARGET_MS = 50;
/** Issue 19 goal 3: first results of every query under 100 ms p95, as the workbench asks while typing. */
const FIRST_PAGE_TARGET_MS = 100;
const NEAR_DUPLICATE_TARGET_MS = 2;
const PEAK_RSS_TARGET_MB = 300;
const VARIANTS_TARGET_MS = 100;
const BATCH_SIZE = 500; // the importer's default

const { values: args } = parseArgs({
  options: {
    docs: { type: 'string', default: '20000' },
    corpus: { type: 'string' },
    source: { type: 'string' },
    runs: { type: 'string', default: '30' },
    seed: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
  },
});
const docs = positive('docs', args.docs);
const runs = positive('runs', args.runs);
const seed = positive('seed', args.seed);

function positive(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs a positive whole number, not ${value}`);
  return n;
}

const log = (message: string) => process.stderr.write(`${message}\n`);
const started = performance.now();
const loadBefore = loadavg()[0]!;
const phases: Record<string, number> = {};
function phase<T>(name: string, fn: () => T): T {
  const t0 = performance.now();
  log(`[bench] ${name}…`);
  const value = fn();
  phases[name] = (performance.now() - t0) / 1000;
  log(`[bench] ${name}: ${phases[name]!.toFixed(1)} s`);
  return value;
}

// ---------------------------------------------------------------- work folder and corpus

const work = join(BENCH_DIR, 'work');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

let corpusDir: string;
/** Where the near-duplicate bench's new documents are generated (from the articles the corpus is made of, or from the corpus given). */
let newSource: string;
let corpusInfo: GeneratedCorpus | { dir: string; source: string; generated: false };
if (args.corpus) {
  corpusDir = sourceCorpus(args.corpus);
  newSource = corpusDir;
  corpusInfo = { dir: corpusDir, source: args.corpus, generated: false };
} else {
  const sourceDir = sourceCorpus(args.source, '--source');
  newSource = sourceDir;
  corpusDir = join(work, 'corpus');
  corpusInfo = phase('generate corpus', () => generateCorpus({ sourceDir, outDir: corpusDir, docs, seed }));
}

// ---------------------------------------------------------------- children

/** Runs a bench script in a new process; it writes its result as JSON to the path given last. */
function child<T>(script: string, tag: string, childArgs: string[]): T {
  const out = join(work, `${tag}.json`);
  const r = spawnSync(
    process.execPath,
    [...process.execArgv, '--no-warnings', join(ROOT, 'bench', script), ...childArgs, out],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  if (r.status !== 0) throw new Error(`bench/${script} ${childArgs.join(' ')} failed (exit ${r.status ?? r.signal})`);
  return JSON.parse(readFileSync(out, 'utf8')) as T;
}

const oursDb = join(work, 'ours.quire');
const rawDb = join(work, 'raw.quire');
const ours = phase('import (ours)', () =>
  child<ImportResult>('import-child.ts', 'import-ours', ['ours', corpusDir, oursDb, String(BATCH_SIZE)]),
);
const raw = phase('import (raw floor)', () =>
  child<ImportResult>('import-child.ts', 'import-raw', ['raw', corpusDir, rawDb, String(BATCH_SIZE)]),
);
const FUZZY_TERMS = 8;
const searched = phase('search', () => child<SearchResult>('search-child.ts', 'search', [oursDb, String(runs)]));
/** Documents for the near-duplicate bench's import: 20 to warm up, then 200 timed for each of the three ways. */
const NEW_DOCUMENTS = 620;
const newDir = join(work, 'new');
generateCorpus({ sourceDir: newSource, outDir: newDir, docs: NEW_DOCUMENTS, seed: seed + 1_000_003 });
const indexes = phase('near-duplicates and variants', () =>
  child<IndexesResult>('indexes-child.ts', 'indexes', [oursDb, String(runs), newDir]),
);
const words = phase('words by script', benchWords);

// ---------------------------------------------------------------- report

const sqliteVersion = (() => {
  const db = new Database(':memory:');
  try {
    return db.prepare<[], { v: string }>('SELECT sqlite_version() AS v').get()!.v;
  } finally {
    db.close();
  }
})();
const betterSqlite = (
  JSON.parse(readFileSync(join(ROOT, 'node_modules', 'better-sqlite3', 'package.json'), 'utf8')) as { version: string }
).version;
const machine = {
  cpus: cpus().length,
  cpu: cpus()[0]?.model.trim() ?? 'unknown',
  memoryGB: Math.round(totalmem() / 2 ** 30),
  os: `${platform()} ${release()}`,
  node: process.version,
  sqlite: sqliteVersion,
  betterSqlite3: betterSqlite,
  /** 1-minute load average when the run started and ended: other work on the machine skews the figures. */
  load: [loadBefore, loadavg()[0]!],
};

const oursRate = ours.processed / (ours.ms / 1000);
const rawRate = raw.processed / (raw.ms / 1000);
const importRatio = oursRate / rawRate;
const check = (ok: boolean) => (ok ? '✓' : '✗ MISS');

const out: string[] = [];
const what =
  'generated' in corpusInfo
    ? `the real folder ${corpusInfo.source}`
    : `${int(docs)} articles generated from ${corpusInfo.source} (seed ${seed})`;
out.push(`## Quire bench: ${what}; ${runs} runs per query`);
out.push('');
out.push(
  `Machine: ${machine.cpus} × ${machine.cpu}, ${machine.memoryGB} GB, ${machine.os}; Node ${machine.node}; SQLite ${machine.sqlite} (better-sqlite3 ${machine.betterSqlite3}); load ${machine.load.map((l) => l.toFixed(1)).join(' → ')}`,
);
if (!('generated' in corpusInfo)) {
  out.push(
    `Corpus: ${int(corpusInfo.files)} files, ${mb(corpusInfo.bytes)} MB, sentences from ${int(corpusInfo.sourceArticles)} source articles ` +
      `(${int(corpusInfo.withLukashenko)} with Lukashenko/-a/-kko, ${int(corpusInfo.withKiev)} with Kiev/Kyiv)`,
  );
}
out.push('');
out.push(
  table(
    ['Import', 'ours', 'raw floor', 'ours/raw', 'target'],
    [
      [
        'docs/s',
        int(oursRate),
        int(rawRate),
        ratio(importRatio),
        `≥ ${IMPORT_RATIO_TARGET} ${check(importRatio >= IMPORT_RATIO_TARGET)}`,
      ],
      ['time (s)', (ours.ms / 1000).toFixed(2), (raw.ms / 1000).toFixed(2), ratio(ours.ms / raw.ms), ''],
      [
        'documents',
        `${int(ours.imported)}${ours.duplicates ? ` (+${int(ours.duplicates)} dup)` : ''}${ours.failed ? ` (${int(ours.failed)} failed)` : ''}`,
        int(raw.rows),
        '',
        '',
      ],
      ['database (MB)', mb(ours.dbBytes), mb(raw.dbBytes), ratio(ours.dbBytes / raw.dbBytes), ''],
      ['of which words (s)', ((raw.wordsMs ?? 0) / 1000).toFixed(2), '', '', ''],
      [
        'peak RSS (MB)',
        mb(ours.maxRssBytes),
        mb(raw.maxRssBytes),
        ratio(ours.maxRssBytes / raw.maxRssBytes),
        `< ${PEAK_RSS_TARGET_MB} ${check(ours.maxRssBytes < PEAK_RSS_TARGET_MB * 2 ** 20)}`,
      ],
      [
        'of which the near-duplicate check after the last batch (s)',
        ((ours.near?.afterImportMs ?? 0) / 1000).toFixed(2),
        '',
        '',
        '',
      ],
    ],
    [false, true, true, true, false],
  ),
);
out.push('');
out.push(
  'The raw floor reads, decodes, normalises and hashes each file as Quire reads a text file, drops exact duplicates by that hash, and inserts into ' +
    'the schema before words were cut and folded (FTS5 unicode61 over the stored text); ours imports with the index of words (ICU segmenting, ' +
    'folding, an index text per document), the near-duplicate index and the vocabulary, and checks every new document for near-duplicates ' +
    `(in the parse worker, between files; ${int(ours.near?.flagged ?? 0)} flagged). ` +
    '"of which words" is cutting and folding every title and text alone (off both clocks).',
);
out.push('');

const misses: string[] = [];
const ratioMisses: string[] = [];
const p95Misses: string[] = [];
if (importRatio < IMPORT_RATIO_TARGET) misses.push(`import: ours/raw = ${ratio(importRatio)} < ${IMPORT_RATIO_TARGET}`);
if (ours.maxRssBytes >= PEAK_RSS_TARGET_MB * 2 ** 20)
  misses.push(`import peak RSS ${mb(ours.maxRssBytes)} MB ≥ ${PEAK_RSS_TARGET_MB} MB`);
const firstPageMisses: string[] = [];
const searchRows = searched.queries.map((q) => {
  const r = q.ours.p50 / q.rawShown.p50;
  if (r > SEARCH_RATIO_TARGET) ratioMisses.push(q.label);
  if (q.ours.p95 >= P95_TARGET_MS) p95Misses.push(q.label);
  if (q.quick.p95 >= FIRST_PAGE_TARGET_MS) firstPageMisses.push(q.label);
  const agree = q.total === q.rawTotal && q.samePage ? '' : ' (!)';
  return [
    q.label,
    clip(q.query, 26),
    clip(q.match ?? ''),
    `${int(q.total)}${agree}`,
    `${q.rankedAmong ? `≈${int(q.quickTotal)} (${int(q.rankedAmong)})` : '= exact'}${q.unranked ? ' newest' : ''}`,
    ms(q.quick.p50),
    ms(q.quick.p95),
    q.unranked ? ms(q.rankedLook.p95) : '',
    ms(q.ours.p50),
    ms(q.ours.p95),
    ms(q.raw.p50),
    ms(q.raw.p95),
    ms(q.rawShown.p50),
    ms(q.rawShown.p95),
    `${ratio(r)} ${r <= SEARCH_RATIO_TARGET ? '✓' : '✗'}`,
    q.quick.p95 < FIRST_PAGE_TARGET_MS ? '✓' : '✗',
  ];
});
out.push(
  `Search: first page of 50 with snippets and hits. "first look" is what the workbench asks while typing: with more hits than the ranking window, ` +
    "the page is ranked among the newest hits (with the full ranking's scores) and the total estimated (≈, window in brackets); " +
    `when ranking would count more than ${int(SEARCH_LIMITS.counted)} documents (FTS5's bm25 counts each word's documents, every search), the first look is the newest hits unranked ("newest") ` +
    'and the ranked look follows ("then ranked p95"); "exact" ranks and counts every hit ' +
    "(the default, and the CLI's). Raw floor: plain FTS5 MATCH … ORDER BY rank LIMIT 50 and count(*); raw shown: what a bare page needs to " +
    'show the same page, and what the ratio is judged against: that statement with highlight() of title and text, the count, and the 50 ' +
    "documents' title, source and date; ms",
);
out.push('');
out.push(
  table(
    [
      'query',
      'typed',
      'FTS5 expression',
      'hits',
      'first look total',
      'first look p50',
      'first look p95',
      'then ranked p95',
      'exact p50',
      'exact p95',
      'raw p50',
      'raw p95',
      'raw shown p50',
      'raw shown p95',
      `exact/raw shown p50 (≤ ${SEARCH_RATIO_TARGET})`,
      `first look p95 < ${FIRST_PAGE_TARGET_MS}`,
    ],
    searchRows,
    [false, false, false, true, true, true, true, true, true, true, true, true, true, true, true, false],
  ),
);
if (ratioMisses.length)
  misses.push(
    `search p50 ratio > ${SEARCH_RATIO_TARGET} for ${ratioMisses.length} of ${searched.queries.length} queries`,
  );
if (p95Misses.length) misses.push(`exact search p95 ≥ ${P95_TARGET_MS} ms for ${p95Misses.join(', ')}`);
if (firstPageMisses.length)
  misses.push(`first look p95 ≥ ${FIRST_PAGE_TARGET_MS} ms for ${firstPageMisses.join(', ')}`);
out.push('');
out.push('Where our search time goes: search() steps timed one by one (p50, ms)');
out.push('');
out.push(
  table(
    ['query', 'compile', 'count', 'page + highlights', 'rows ×50', 'snippets', 'sum', 'first call'],
    searched.queries.map((q) => {
      const b = q.breakdown;
      return [q.label, ms(b.compile), ms(b.count), ms(b.page), ms(b.rows), ms(b.snippets), ms(b.sum), ms(q.firstMs)];
    }),
    [false, true, true, true, true, true, true, true],
  ),
);
out.push('');
out.push(
  '"page + highlights" is the ranked page statement with highlight() of title and text for its 50 rows (in the index text); "snippets" ' +
    'places those highlights on the stored text by the word maps and cuts the snippets; "compile" includes cutting and folding the query. "first call" is the first search() of the query (cold; the fuzzy one builds the vocabulary).',
);
out.push('');
const near = indexes.nearDuplicates;
const fuzzy = indexes.variants;
if (near.ours.mean >= NEAR_DUPLICATE_TARGET_MS)
  misses.push(`near-duplicate check, cost per document ${ms(near.ours.mean)} ms ≥ ${NEAR_DUPLICATE_TARGET_MS} ms`);
if (near.ours.p95 >= NEAR_DUPLICATE_TARGET_MS)
  misses.push(
    `near-duplicate check p95 ${ms(near.ours.p95)} ms ≥ ${NEAR_DUPLICATE_TARGET_MS} ms (the floor's ${ms(near.floor.p95)})`,
  );
if (fuzzy.firstMs >= VARIANTS_TARGET_MS)
  misses.push(`first word~ lookup in a fresh process ${ms(fuzzy.firstMs)} ms ≥ ${VARIANTS_TARGET_MS} ms`);
const cliFuzzy = fuzzy.cli.adds.p50;
if (cliFuzzy >= VARIANTS_TARGET_MS)
  misses.push(`what word~ adds to a CLI search, p50 ${ms(cliFuzzy)} ms ≥ ${VARIANTS_TARGET_MS} ms`);
out.push(
  `Near-duplicates: the check of each new document of an import into the project (after 20 untimed), as the import's parse worker makes it: ` +
    'its buckets (made as in the upkeep row) looked up where the filter the project keeps says some document may hold them, the candidates its sketch leaves measured exactly. ' +
    `Each way is timed on ${near.sampled} new documents of its own, in turns, so that none finds the pages another has just read: ` +
    `generated articles, every tenth a copy of one there with a few words changed (ours flagged ${near.flagged}, the check looking every bucket up ${near.flaggedEveryBucket}). ` +
    'The mean is what a document cost on average (all the checks over their number); ms',
);
out.push('');
const nearRow = (label: string, t: Timing, target = '') => [label, ms(t.mean), ms(t.p50), ms(t.p95), ms(t.max), target];
out.push(
  table(
    ['step', 'mean', 'p50', 'p95', 'max', 'target'],
    [
      nearRow(
        'check per document (ours)',
        near.ours,
        `mean < ${NEAR_DUPLICATE_TARGET_MS} ${check(near.ours.mean < NEAR_DUPLICATE_TARGET_MS)}, ` +
          `p95 < ${NEAR_DUPLICATE_TARGET_MS} ${check(near.ours.p95 < NEAR_DUPLICATE_TARGET_MS)}`,
      ),
      nearRow('the same check looking every bucket up (as before the project kept a filter)', near.everyBucket),
      nearRow('floor: the 24 bucket lookups as bare SQL', near.floor),
      nearRow("upkeep: making a document's buckets (parse worker or trigger)", near.upkeep),
    ],
    [false, true, true, true, true, false],
  ),
);
out.push('');
out.push(
  `The index holds ${int(near.bucketRows)} bucket rows (24 per document with five words or more). ` +
    `Reading the filter the project keeps, once per import: ${ms(near.filterMs)} ms. ` +
    `With it the check looked up ${int(near.buckets.lookedUp)} buckets and left out ${int(near.buckets.leftOut)} (over its ${int(near.sampled + 20)} checks, the 20 untimed included). ` +
    `Ours apart: the ${near.oursByKind.articles.runs} new articles ${ms(near.oursByKind.articles.mean)} on average (p95 ${ms(near.oursByKind.articles.p95)}), ` +
    `the ${near.oursByKind.copies.runs} copies ${ms(near.oursByKind.copies.mean)} (p95 ${ms(near.oursByKind.copies.p95)}): a copy shares all 24 buckets with its original, so every one is looked up, as the floor does.`,
);
out.push('');
out.push(`Spelling variants (word~) over a vocabulary of ${int(fuzzy.terms)} terms; ms`);
out.push('');
out.push(
  table(
    ['step', 'p50', 'p95', 'target'],
    [
      [
        'first lookup in a fresh process (ours)',
        ms(fuzzy.firstMs),
        '',
        `< ${VARIANTS_TARGET_MS} ${check(fuzzy.firstMs < VARIANTS_TARGET_MS)}`,
      ],
      [`later lookups (ours, ${FUZZY_TERMS} terms)`, ms(fuzzy.ours.p50), ms(fuzzy.ours.p95), ''],
      ["floor: one read of FTS5's vocabulary", ms(fuzzy.floorMs), '', ''],
      ['before: that read + a TokenSet (every process, every import)', ms(fuzzy.beforeMs), '', ''],
      ['CLI: quire search lukashenko~ (whole process)', ms(fuzzy.cli.fuzzy.p50), ms(fuzzy.cli.fuzzy.p95), ''],
      [`CLI: quire search ${fuzzy.cli.written} (whole process)`, ms(fuzzy.cli.plain.p50), ms(fuzzy.cli.plain.p95), ''],
      [
        'CLI: what word~ adds (run by run; p50 judged, p95 is start-up noise)',
        ms(fuzzy.cli.adds.p50),
        ms(fuzzy.cli.adds.p95),
        `< ${VARIANTS_TARGET_MS} ${check(fuzzy.cli.adds.p50 < VARIANTS_TARGET_MS)}`,
      ],
    ],
    [false, true, true, false],
  ),
);
out.push('');
out.push('Words by script: about 1 MB of news-like text in rows of about 1 kB, indexed (ms, p50 of 5)');
out.push('');
out.push(wordsTable(words));
out.push('');
out.push(
  'ours = the index text and word map of every row (cut by ICU where a script has no spaces, folded) indexed by FTS5 with the ascii tokenizer; ' +
    '"of which words" is the cutting and folding alone; floor = the rows as they are indexed by FTS5 unicode61 (no words found in Chinese, Japanese or Thai, no Greek accents folded).',
);
out.push(
  `Search process peak RSS: ${mb(searched.maxRssBytes)} MB. Hits marked (!) differ between ours and raw (total or first page).`,
);
out.push(misses.length ? `Misses: ${misses.join('; ')}.` : 'All targets met.');
const total = (performance.now() - started) / 1000;
out.push(
  `Took ${total.toFixed(0)} s (${Object.entries(phases)
    .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
    .join(', ')}).`,
);
process.stdout.write(`${out.join('\n')}\n`);

writeFileSync(
  join(BENCH_DIR, 'last.json'),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      options: { docs: args.corpus ? null : docs, corpus: args.corpus ?? null, runs, seed, batchSize: BATCH_SIZE },
      machine,
      corpus: { ...corpusInfo, dir: relative(ROOT, corpusInfo.dir) },
      import: {
        ours: { ...ours, docsPerSecond: oursRate },
        raw: { ...raw, docsPerSecond: rawRate },
        ratio: importRatio,
        target: IMPORT_RATIO_TARGET,
      },
      search: {
        runs,
        maxRssBytes: searched.maxRssBytes,
        targets: { p50Ratio: SEARCH_RATIO_TARGET, p95Ms: P95_TARGET_MS },
        queries: searched.queries.map((q) => ({ ...q, p50Ratio: q.ours.p50 / q.rawShown.p50 })),
      },
      words,
      indexes,
      misses,
      seconds: { total, ...phases },
    },
    null,
    2,
  ),
);
if (!args.keep) rmSync(work, { recursive: true, force: true });
else log(`[bench] kept ${relative(process.cwd(), work)}`);
