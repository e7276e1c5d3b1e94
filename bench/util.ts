// Small helpers shared by the benchmark scripts: a seeded PRNG, timing
// statistics, formatting, and reading the text of source files.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (bench/ lives directly under it). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Scratch output, git-ignored. */
export const BENCH_DIR = join(ROOT, '.bench');

export { prng } from '../fixtures/random.ts';

export interface Timing {
  /** The samples' mean: what each cost on average (their sum over their number). */
  mean: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
  runs: number;
}

/** Nearest-rank percentile of already sorted samples. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export function summarise(samples: readonly number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    mean: sorted.reduce((sum, x) => sum + x, 0) / sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    min: sorted[0] ?? NaN,
    max: sorted[sorted.length - 1] ?? NaN,
    runs: sorted.length,
  };
}

/** Milliseconds elapsed while running fn, and its result. */
export function timed<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}

export function ms(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

export function int(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–';
}

export function mb(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

export function ratio(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : '–';
}

/** Size of an SQLite file together with its WAL, if one is left. */
export function dbBytes(file: string): number {
  let total = 0;
  for (const f of [file, `${file}-wal`]) if (existsSync(f)) total += statSync(f).size;
  return total;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const cp1252 = new TextDecoder('windows-1252');

/** UTF-8 when the bytes are valid UTF-8, else Windows-1252 (the source corpus has one Latin-1 file). */
export function bytesToText(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return cp1252.decode(bytes);
  }
}

/** A markdown table with columns padded to line up in a terminal. */
export function table(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  right: readonly boolean[] = [],
): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (right[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (right[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

/** Removes a project file and its write-ahead log and shared memory, where there are any. */
export function removeProject(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

/** Where the benches look for real articles when none is given: the BBC corpus beside the repository's checkout. */
export const DEFAULT_CORPUS = resolve(ROOT, '..', 'shared', 'corpora', 'bbc');

/**
 * The folder of real articles a bench reads: the one given (with `flag`), else
 * the BBC corpus beside the repository. When there is none it stops and says
 * how to give one, rather than crashing or quietly using something else.
 */
export function corpusDir(given: string | undefined, flag = '--corpus'): string {
  const dir = resolve(given ?? DEFAULT_CORPUS);
  if (existsSync(dir) && statSync(dir).isDirectory()) return dir;
  const why = given
    ? `${given} is not a folder`
    : `no corpus was given, and there is none at ${relative(process.cwd(), DEFAULT_CORPUS) || '.'}`;
  process.stderr.write(
    `bench: ${why}.\nGive a folder of plain-text articles (.txt files, one article each, the headline on the first line, in subfolders or not) with ${flag} DIR; ` +
      `${flag} seeds uses the 5 sample articles that come with Quire.\n`,
  );
  process.exit(2);
}

/**
 * Starts `command` and waits until what it prints on `stream` matches `pattern`; resolves with the first group of the
 * match, and how to stop the process (killed, then waited for). Fails, with what it printed, should it stop first.
 */
export async function startPrinting(
  command: string,
  args: string[],
  stream: 'stdout' | 'stderr',
  pattern: RegExp,
): Promise<{ found: string; child: ChildProcess; exited: Promise<void>; stop: () => Promise<void> }> {
  const child = spawn(command, args, {
    stdio: ['ignore', stream === 'stdout' ? 'pipe' : 'ignore', stream === 'stderr' ? 'pipe' : 'inherit'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let printed = '';
  const found = await new Promise<string>((match, failed) => {
    const out = child[stream]!;
    out.setEncoding('utf8');
    out.on('data', (chunk: string) => {
      printed += chunk;
      const matched = pattern.exec(printed);
      if (matched) match(matched[1]!);
    });
    void exited.then(() => failed(new Error(`${command} stopped before it printed what was awaited:\n${printed}`)));
  });
  return {
    found,
    child,
    exited,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The workbench's web server for a project, in a process of its own, as `npm run web` runs it: a bench that drives
 * Chromium from this process would otherwise have the server answer on the event loop that also takes in
 * Playwright's messages about every request, frame and WebSocket message. Resolves with the address `npm run web`
 * prints.
 */
export async function serveProject(file: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await startPrinting(
    process.execPath,
    ['--no-warnings', join(ROOT, 'src', 'main', 'web.ts'), '--project', file],
    'stdout',
    /^Open (\S+)$/m,
  );
  return { url: server.found, close: server.stop };
}
