// Word frequencies of a large project: every document, a set of a tenth of
// them, and that set compared with the rest, each beside its floor measured in
// the same run: the same counts read straight from FTS5's vocabulary (every
// document), or the set's index text read in plain SQL (the least a count of
// chosen documents reads), or both (the comparison). Target: under 5 s at p95,
// with progress told as it goes (the number of progress reports is printed).
//
//   node bench/word-frequencies.ts [--project FILE] [--runs N]
//
// --project FILE  a project to count (copied first; default: the bench's 100,000-document
//                 project, .bench/work/ours.quire, made by `npm run bench -- --docs 100000 --keep`)
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { call } from '../src/main/core/engine.ts';
import { openOrCreateProject, type ProjectHandle } from '../src/main/core/project.ts';
import type { WordsInput } from '../src/shared/api.ts';
import { BENCH_DIR, ms, ratio, summarise, table } from './util.ts';

const { values: args } = parseArgs({
  options: { project: { type: 'string' }, runs: { type: 'string', default: '3' } },
});
const RUNS = Number(args.runs);
const TARGET_MS = 5000;
/** Which columns of the table hold numbers (right-aligned). */
const NUMBERS = [false, true, true, true, true, false];

async function times(fn: () => Promise<unknown> | unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

/** The floor of every document: each term's documents and occurrences in the texts, read from FTS5's vocabulary. */
function vocabularyFloor(project: ProjectHandle): () => void {
  project.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_vocab USING fts5vocab(main, documents_fts, 'col')`);
  const read = project.db.prepare(`SELECT term, doc, cnt FROM temp.bench_vocab WHERE col = 'body'`).raw();
  return () => void read.all();
}

/** The floor of chosen documents: their index text read in plain SQL. */
function textFloor(project: ProjectHandle, ids: readonly number[]): () => void {
  const read = project.db.prepare('SELECT body FROM document_words WHERE id IN (SELECT value FROM json_each(?))').raw();
  const list = JSON.stringify(ids);
  return () => {
    for (const r of read.iterate(list)) void r;
  };
}

export async function benchWordFrequencies(file: string): Promise<string[][]> {
  const project = await openOrCreateProject(file, {});
  const ids = project.db.prepare<[], number>('SELECT id FROM documents ORDER BY id').pluck().all();
  const tenth = ids.filter((_, i) => i % 10 === 0);
  const rest = ids.filter((_, i) => i % 10 !== 0);
  const vocabulary = vocabularyFloor(project);
  const cases: [string, WordsInput, () => void][] = [
    [`every document (${ids.length.toLocaleString('en')})`, { top: 100 }, vocabulary],
    [
      `a set of a tenth (${tenth.length.toLocaleString('en')})`,
      { scope: { documentIds: tenth }, top: 100 },
      textFloor(project, tenth),
    ],
    [
      `that set compared with the rest (${rest.length.toLocaleString('en')})`,
      { scope: { documentIds: tenth }, compare: { documentIds: rest }, top: 100 },
      () => {
        vocabulary();
        textFloor(project, tenth)();
      },
    ],
  ];
  const rows: string[][] = [];
  const row = (label: string, ours: { p50: number; p95: number }, floor: number) =>
    rows.push([
      label,
      ms(ours.p50),
      ms(ours.p95),
      ms(floor),
      ratio(ours.p50 / floor),
      `< ${TARGET_MS / 1000} s ${ours.p95 < TARGET_MS ? '✓' : '✗'}`,
    ]);
  for (const [label, input, floorOf] of cases) {
    const floor = summarise(await times(floorOf)).p50;
    let reports = 0;
    const count = () => call(project, 'wordFrequencies', input, { onProgress: () => void reports++ });
    if (!rows.length) {
      // The first count of a session also tells every document's language from its first words (kept for the next counts).
      const t = performance.now();
      await count();
      const first = performance.now() - t;
      row(
        `word frequencies: ${label}, the first count (languages told); ${reports} progress reports`,
        { p50: first, p95: first },
        floor,
      );
      reports = 0;
    }
    const ours = summarise(await times(count));
    row(`word frequencies: ${label}; ${Math.round(reports / RUNS)} progress reports a run`, ours, floor);
  }
  project.db.close();
  return rows;
}

async function main(): Promise<void> {
  const given = args.project ?? join(BENCH_DIR, 'work', 'ours.quire');
  if (!existsSync(given))
    throw new Error(`There is no project at ${given}: make one with \`npm run bench -- --keep\`.`);
  const dir = mkdtempSync(join(tmpdir(), 'quire-bench-words-'));
  const file = join(dir, 'words.quire');
  copyFileSync(given, file);
  try {
    const rows = await benchWordFrequencies(file);
    process.stdout.write(
      [
        `## Word frequencies; ${RUNS} runs`,
        '',
        `Machine: ${cpus().length} × ${cpus()[0]?.model.trim()}; Node ${process.version}. Floors, same run: FTS5's vocabulary read in plain SQL (every document), the set's index text read in plain SQL (a set), both (a comparison).`,
        '',
        table(['measure', 'ours p50 (ms)', 'ours p95 (ms)', 'floor (ms)', 'ours/floor', 'target'], rows, NUMBERS),
        '',
      ].join('\n'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
