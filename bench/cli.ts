// `npm run bench:cli`: how long the `quire` command takes from start to exit, for several commands, beside a
// floor: a bare Node process that opens the same project with better-sqlite3 and runs the same query.
//
//   node bench/cli.ts [--project FILE] [--runs N] [--corpus DIR]
//
// --project FILE  a project to run the commands on (only copied, never changed; default: a new one with the
//                 sample articles, made in .bench/cli)
// --runs N        timed runs of each command after one warm-up (default 7); the median, p95 and the fastest are shown
// --corpus DIR    the real articles whose whole import is timed (issue 19 goal 6), into a new empty project each
//                 run, beside the import floor of bench/import-child.ts (reading, decoding, normalising and hashing
//                 each file as Quire does, plain inserts) run as a whole process too; default: the BBC corpus
//                 beside the repository
//
// It runs bin/quire.js as users do, so the build must be up to date (`npm run bench:cli` builds first): a stale
// build would run the sources, and the bench stops rather than time them. Not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { staleBuild } from '../bin/build-state.js';
import type { ImportResult } from './import-child.ts';
import { BENCH_DIR, corpusDir, removeProject, ROOT, table } from './util.ts';

const TARGET_S = 0.3;
/** A whole import of real files at least this share of the floor's pace (issue 19 goal 6). */
const IMPORT_PACE = 0.7;
const { values: args } = parseArgs({
  options: { project: { type: 'string' }, runs: { type: 'string', default: '7' }, corpus: { type: 'string' } },
});
const corpus = corpusDir(args.corpus);
const runs = Number(args.runs);
const loadAtStart = loadavg()[0]!;

const stale = staleBuild();
if (stale) {
  process.stderr.write(`bench: the command line's build cannot be timed: ${stale}. Run \`npm run build\` first.\n`);
  process.exit(2);
}

const work = join(BENCH_DIR, 'cli');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const project = join(work, 'bench.quire');
const env: NodeJS.ProcessEnv = { ...process.env, QUIRE_HOME: join(work, 'home'), QUIRE_PROJECT: project };
delete env.QUIRE_FROM_SOURCES;
if (args.project) copyFileSync(args.project, project);
else spawnSync(process.execPath, ['bin/quire.js', 'init'], { cwd: ROOT, env, stdio: 'ignore' });
const article = join(ROOT, 'seeds', '000_7711b91fd1944c02.txt');

/** Seconds from spawning `node args` to its exit (it must exit 0); `before` runs first, untimed (a fresh copy). */
function once(nodeArgs: string[], before?: () => void): number {
  before?.();
  const start = process.hrtime.bigint();
  // What an import prints of a large folder is more than spawnSync keeps by default.
  const r = spawnSync(process.execPath, nodeArgs, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const s = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`node ${nodeArgs.join(' ')} exited with ${r.status}: ${r.stderr}`);
  return s;
}

/** A command to time: its arguments, what runs before each run, and the time to keep (by default the run's). */
type Timed = [nodeArgs: string[], before?: () => void, timed?: (s: number) => number];

/**
 * The seconds of each command, sorted, run by run after a warm-up (the first run of each warms the disk cache), in
 * turns: run i of every command before run i + 1 of any, so that a machine that speeds up or slows down meanwhile
 * weighs on each alike.
 */
function inTurns(...commands: Timed[]): number[][] {
  const times = commands.map((): number[] => []);
  for (let i = 0; i <= runs; i++)
    commands.forEach(([nodeArgs, before, timed = (s: number) => s], k) => {
      const s = timed(once(nodeArgs, before));
      if (i > 0) times[k]!.push(s);
    });
  return times.map((t) => t.sort((a, b) => a - b));
}

/** The seconds of one command (inTurns). */
const seconds = (...command: Timed) => inTurns(command)[0]!;

/** A bare process: better-sqlite3 opening the project and running `sql` (each row read), as the floor of a command. */
const floor = (sql: string) => [
  '-e',
  `const D = require('better-sqlite3'); const db = new D(process.env.QUIRE_PROJECT); for (const r of db.prepare(${JSON.stringify(sql)}).iterate()) void r; db.close();`,
];

const copy = join(work, 'import.quire');
const fresh = () => copyFileSync(project, copy);
const rows: { what: string; quire: string[]; floor: string[]; before?: () => void }[] = [
  {
    what: 'quire --version',
    quire: ['--version'],
    floor: ['-e', `console.log(require(${JSON.stringify(join(ROOT, 'package.json'))}).version)`],
  },
  {
    what: 'quire list',
    quire: ['list'],
    floor: floor('SELECT id, published, source, title FROM documents ORDER BY id LIMIT 1000'),
  },
  {
    what: 'quire search gazprom',
    quire: ['search', 'gazprom'],
    floor: floor(
      "SELECT rowid, highlight(documents_fts, 1, char(2), char(3)) FROM documents_fts WHERE documents_fts MATCH 'gazprom' ORDER BY rank LIMIT 20",
    ),
  },
  { what: 'quire show 1 --meta', quire: ['show', '1', '--meta'], floor: floor('SELECT * FROM documents WHERE id = 1') },
  {
    what: 'quire import (one .txt file)',
    quire: ['--project', copy, 'import', article],
    floor: [
      '-e',
      `const D = require('better-sqlite3'); const { readFileSync } = require('node:fs'); const { createHash } = require('node:crypto');
       const text = readFileSync(${JSON.stringify(article)}, 'utf8').normalize('NFC'); const hash = createHash('sha256').update(text).digest('hex');
       const db = new D(${JSON.stringify(copy)}); db.exec('CREATE TEMP TABLE t (hash TEXT, body TEXT)'); db.prepare('INSERT INTO t VALUES (?, ?)').run(hash, text); db.close();`,
    ],
    before: fresh,
  },
];

const median = (t: number[]) => t[Math.floor(t.length / 2)]!;
/** The 95th percentile (nearest rank): with few runs, the slowest or nearly. */
const p95 = (t: number[]) => t[Math.ceil(t.length * 0.95) - 1]!;
const s = (x: number) => `${x.toFixed(3)} s`;
const results = rows.map((row) => {
  const [q, f] = inTurns([['bin/quire.js', ...row.quire], row.before], [row.floor, row.before]) as [number[], number[]];
  return [
    row.what,
    s(median(q)),
    s(p95(q)),
    s(q[0]!),
    s(median(f)),
    s(p95(f)),
    `${(median(q) / median(f)).toFixed(1)}×`,
    median(q) < TARGET_S ? `✓ < ${TARGET_S} s` : `✗ ≥ ${TARGET_S} s`,
  ];
});

console.log(
  `\nCLI start-up to exit, ${runs} runs each after a warm-up (load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} when done)\n`,
);
const right = (n: number) => [false, ...Array<boolean>(n).fill(true), false];
console.log(
  table(['command', 'median', 'p95', 'fastest', 'floor (median)', 'floor p95', '× floor', 'target'], results, right(6)),
);

// A whole import of real files: the command line into a new empty project, beside the import floor: a bare Node
// process's start-up and exit with SQLite loaded (node -e "require('better-sqlite3')") plus the floor import's own
// clock, from listing the folder to closing the database (bench/import-child.ts raw, which also loads the reading
// code from source and cuts every text's words off its clock, both left out).
const empty = join(work, 'empty.quire');
spawnSync(process.execPath, ['bin/quire.js', '--project', empty, 'init', '--empty'], {
  cwd: ROOT,
  env,
  stdio: 'ignore',
});
const imported = join(work, 'imported.quire');
const anew = () => {
  removeProject(imported);
  copyFileSync(empty, imported);
};
const rawDb = join(work, 'raw.quire');
const rawResult = join(work, 'raw.json');
// A bare process that loads SQLite (better-sqlite3), as any floor of an import must.
const bareStart = median(seconds(['-e', "require('better-sqlite3')"]));
const [ours, floorImport] = inTurns(
  [['bin/quire.js', '--project', imported, 'import', corpus], anew],
  [
    ['--no-warnings', 'bench/import-child.ts', 'raw', corpus, rawDb, '500', rawResult],
    () => removeProject(rawDb),
    () => bareStart + (JSON.parse(readFileSync(rawResult, 'utf8')) as ImportResult).ms / 1000,
  ],
) as [number[], number[]];
const pace = median(floorImport) / median(ours);
console.log(`\nA whole import of ${corpus} into a new empty project, ${runs} runs each after a warm-up\n`);
console.log(
  table(
    ['command', 'median', 'p95', 'fastest', 'floor (median)', 'floor p95', 'pace (floor/ours)', 'target'],
    [
      [
        'quire import <folder>',
        s(median(ours)),
        s(p95(ours)),
        s(ours[0]!),
        s(median(floorImport)),
        s(p95(floorImport)),
        `${pace.toFixed(2)}×`,
        pace >= IMPORT_PACE ? `✓ ≥ ${IMPORT_PACE}×` : `✗ < ${IMPORT_PACE}×`,
      ],
    ],
    right(6),
  ),
);
