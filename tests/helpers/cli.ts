// Running the `quire` command line as a user would, as a child process with
// its own QUIRE_HOME, and watching long imports from the outside.
import Database from 'better-sqlite3';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, watch, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { ROOT } from './project.ts';

export interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** The environment a user's shell would give the CLI: its own QUIRE_HOME, no QUIRE_PROJECT, no terminal. */
export function cliEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, QUIRE_HOME: home, ...extra };
  if (!('QUIRE_PROJECT' in extra)) delete env.QUIRE_PROJECT;
  return env;
}

/** Runs a command from the repository root and waits for it (`timeout` ms at most, 30 s by default). */
export function exec(command: string, args: string[], env: NodeJS.ProcessEnv, timeout = 30_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(
      command,
      args,
      { cwd: ROOT, env, encoding: 'utf8', timeout, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        // A number is the exit status; anything else (a timeout, a failed spawn) is a broken test run.
        if (error && typeof error.code !== 'number') reject(Object.assign(error, { stdout, stderr }));
        else resolve({ status: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** `node bin/quire.js <args>` with `home` as QUIRE_HOME. */
export const quire = (home: string, ...args: string[]) =>
  exec(process.execPath, ['bin/quire.js', ...args], cliEnv(home));

/** `node bin/quire.js <args>` started and left running (a long import), with its output piped. */
export function startQuire(home: string, args: string[], extra: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['bin/quire.js', ...args], {
    cwd: ROOT,
    env: cliEnv(home, extra),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function json<T>(r: Run, schema: { parse: (v: unknown) => T }): T {
  return schema.parse(JSON.parse(r.stdout));
}

/** A stack frame ("    at foo (file.ts:1:2)"): the CLI must never show one to a user. */
const STACK_FRAME = /^\s+at .*:\d+:\d+\)?$/m;
export function expectNoStackTrace(r: Run): void {
  expect(r.stderr).not.toMatch(STACK_FRAME);
  expect(r.stdout).not.toMatch(STACK_FRAME);
  expect(r.stderr).not.toMatch(/unexpected error/);
}

export const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

const WORDS =
  'minsk belarus vilnius talks opposition court reporters monday statement government election protest leader border army ministry'.split(
    ' ',
  );

/** `count` distinct articles of about 3 kB, named `<prefix>0000.txt` …: importing 3,000 keeps the CLI busy for a second or two. */
export function writeArticles(dir: string, count: number, prefix = 'a'): void {
  for (let i = 0; i < count; i++) {
    let text = `Article ${prefix}${i}\n\n`;
    for (let p = 0; p < 6; p++) {
      const words = Array.from({ length: 80 }, (_, w) => WORDS[(i * 7 + p * 13 + w * w) % WORDS.length]);
      text += `${words.join(' ')} ${prefix}${i}-${p}.\n\n`;
    }
    writeFileSync(join(dir, `${prefix}${String(i).padStart(4, '0')}.txt`), text);
  }
}

export function collect(child: ChildProcess, stream: 'stdout' | 'stderr'): Promise<string> {
  let s = '';
  child[stream]!.setEncoding('utf8');
  child[stream]!.on('data', (d: string) => (s += d));
  return new Promise((resolve) => child[stream]!.on('close', () => resolve(s)));
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/**
 * Resolves with the number of committed documents as soon as the project
 * holds at least `min`, read through a read-only connection. Every commit
 * writes the project's -wal file, so its folder is watched; a 20 ms poll
 * backs the watcher up. Rejects if the child exits first.
 */
export function committedDocuments(path: string, min: number, child: ChildProcess): Promise<number> {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  const count = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM documents');
  return new Promise<number>((resolve, reject) => {
    let settled = false;
    const finish = (settle: () => void) => {
      if (settled) return;
      settled = true;
      watcher.close();
      clearInterval(poll);
      child.off('exit', onExit);
      db.close();
      settle();
    };
    const check = () => {
      if (settled) return;
      const n = count.get()!.n;
      if (n >= min) finish(() => resolve(n));
    };
    const onExit = () => finish(() => reject(new Error(`the import exited before ${min} documents were committed`)));
    const watcher = watch(dirname(path), check);
    const poll = setInterval(check, 20);
    child.once('exit', onExit);
    check();
  });
}
