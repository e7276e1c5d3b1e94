// What a real user's machine does to a project, through the command line as a
// user runs it: a damaged page, two programs writing at once, a project on a
// read-only disk or in a read-only file, and the backups that make all of it
// survivable.
import Database from 'better-sqlite3';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/main/cli.ts';
import { describeBackup, listBackups } from '../../src/main/core/db/backups.ts';
import { coderId } from '../../src/main/core/coding/coders.ts';
import { call } from '../../src/main/core/engine.ts';
import { closeProject, openOrCreateProject } from '../../src/main/core/project.ts';
import { readEnvironment } from '../../src/main/environment.ts';
import { CheckReport, ImportReport } from '../../src/shared/api.ts';
import {
  cliEnv,
  exec,
  exited,
  expectNoStackTrace,
  json,
  quire,
  sha256,
  startQuire,
  collect,
  writeArticles,
  type Run,
} from '../helpers/cli.ts';
import { SEEDS_DIR, tempDir } from '../helpers/project.ts';
import { damagePage, leafPages, makeReadOnly } from '../helpers/storage.ts';

const lines = (s: string) => s.trimEnd().split('\n');

/** A project with the five seed articles in a folder of its own, changed once more so that it has the day's backup. */
async function seededProject(): Promise<{ home: string; file: string }> {
  const home = tempDir();
  const file = join(home, 'work', 'Belarus.quire');
  expect((await quire(home, '--project', file, 'init')).status).toBe(EXIT.ok);
  expect((await quire(home, '--project', file, 'journal', 'Opened again')).status).toBe(EXIT.ok);
  expect(listBackups(file).map((b) => b.kind)).toEqual(['daily']);
  return { home, file };
}

/** A new project (with the seeds unless `--empty`) in a folder of its own, made by `quire init`. */
async function initialised(home: string, name: string, ...options: string[]): Promise<string> {
  const file = join(tempDir(), name);
  expect((await quire(home, 'init', '--project', file, ...options)).status).toBe(EXIT.ok);
  return file;
}

/** The documents SQLite itself cannot read, asked one by one through a connection of the test's own. */
function unreadable(file: string): number[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return [1, 2, 3, 4, 5].filter((id) => {
      try {
        db.prepare('SELECT body FROM documents WHERE id = ?').get(id);
        return false;
      } catch {
        return true;
      }
    });
  } finally {
    db.close();
  }
}

describe('a damaged project file', () => {
  it('check reports the damage (exit 1): which part, which documents, and the newest whole backup; a command that meets it exits 3 with a plain message', async () => {
    const { home, file } = await seededProject();
    const [backup] = listBackups(file);
    expect(backup?.kind).toBe('daily');
    const titles = new Database(backup!.path, { readonly: true });
    const titleOf = (id: number) =>
      titles.prepare('SELECT coalesce(title, filename) FROM documents WHERE id = ?').pluck().get(id) as string;
    damagePage(file, leafPages(file, 'documents')[0]!);
    const bad = unreadable(file);
    expect(bad.length).toBeGreaterThan(0);
    const good = [1, 2, 3, 4, 5].find((id) => !bad.includes(id))!;
    const q = (...args: string[]) => quire(home, '--project', file, ...args);

    const [list, search, showBad, showGood] = await Promise.all([
      q('list'),
      q('search', 'belarus'),
      q('show', String(bad[0])),
      q('show', String(good), '--meta'),
    ]);
    for (const r of [list, search, showBad]) {
      expectNoStackTrace(r);
      expect(r.status).toBe(EXIT.project);
      expect(r.stdout).toBe('');
      expect(lines(r.stderr)).toEqual([
        `quire: The project file ${file} is damaged: part of it cannot be read. Nothing was changed. \`quire check\` shows what is affected. ` +
          `The newest backup is ${describeBackup(backup!)}: ` +
          `\`quire restore "${backup!.path}" --to "${join(home, 'work', 'Belarus restored.quire')}"\` makes a new project of it.`,
      ]);
    }
    // What the damage does not touch still reads.
    expect(showGood.status).toBe(EXIT.ok);

    const [check, repair, asJson] = await Promise.all([q('check'), q('check', '--repair'), q('check', '--json')]);
    for (const r of [check, repair, asJson]) {
      expectNoStackTrace(r);
      expect(r.status).toBe(EXIT.partial);
    }
    const report = json(asJson, CheckReport.strict());
    expect(report.ok).toBe(false);
    expect(report.problems).toContain(
      'Damage: the file is damaged where it keeps the documents (their text and details).',
    );
    for (const id of bad)
      expect(report.problems).toContain(
        `Document ${id} (“${titleOf(id)}” in the backup) cannot be read: the part of the file that holds it is damaged.`,
      );
    expect(report.problems.filter((p) => p.startsWith('Document ')).length).toBe(bad.length);
    expect(report.advice).toContain(`The newest backup that is whole is the daily backup of `);
    expect(report.advice).toContain(`quire restore "${backup!.path}"`);
    expect(lines(check.stdout)).toEqual([
      ...report.problems.map((p) => `problem: ${p}`),
      `what to do: ${report.advice}`,
      `${report.problems.length} problems found.`,
    ]);
    expect(repair.stderr).toBe('quire: note: --repair cannot mend a damaged file; the check below says what to do.\n');
    expect(repair.stdout).toBe(check.stdout);
    titles.close();

    // Doing what it says gives the project back as it was at the backup.
    const restored = join(home, 'work', 'Belarus restored.quire');
    const r = await q('restore', backup!.path, '--to', restored);
    expect(r.status).toBe(EXIT.ok);
    expect(r.stdout).toBe(
      `Restored ${backup!.path} as ${restored} (5 documents). Open it with --project "${restored}".\n`,
    );
    expect(json(await quire(home, '--project', restored, 'check', '--json'), CheckReport)).toEqual({
      ok: true,
      documents: 5,
      problems: [],
    });
  });

  it('check reports a file damaged where it lists its own contents (exit 1), which no other command can open (exit 3)', async () => {
    const { home, file } = await seededProject();
    // Page 1 past the file header: the schema, which every command reads first.
    damagePage(file, 1, 7, 100);
    const [list, check] = await Promise.all([
      quire(home, '--project', file, 'list'),
      quire(home, '--project', file, 'check'),
    ]);
    expectNoStackTrace(list);
    expect(list.status).toBe(EXIT.project);
    expect(list.stderr).toMatch(
      /^quire: The project file .* is damaged: part of it cannot be read\. Nothing was changed\./,
    );
    expectNoStackTrace(check);
    expect(check.status).toBe(EXIT.partial);
    const out = lines(check.stdout);
    expect(out[0]).toMatch(
      /^problem: The project file cannot be opened: it is damaged where it keeps the list of its contents/,
    );
    expect(out[1]).toMatch(
      /^what to do: The project file is damaged\. The newest backup that is whole is the daily backup of .*: `quire restore ".*Belarus backups\/Belarus .* daily\.quire-backup" --to ".*Belarus restored\.quire"`/,
    );
    expect(out[2]).toBe('1 problem found.');
  });
});

describe('a read-only project', () => {
  it.each(['file', 'folder'] as const)(
    'in a read-only %s: reading, searching, exporting and check work; every change is refused with one message (exit 3)',
    async (what) => {
      const { home, file } = await seededProject();
      const folder = join(home, 'work');
      const before = { hash: sha256(file), files: readdirSync(folder).sort() };
      const writable = makeReadOnly(what === 'file' ? file : folder);
      try {
        const q = (...args: string[]) => quire(home, '--project', file, ...args);
        const reason =
          what === 'file'
            ? 'its file is read-only'
            : `its folder ${folder} cannot be written (a read-only disk, share or folder)`;
        const notice = `quire: note: This project is read-only: ${reason}. You can read, search and export it, but not change it.\n`;
        const refusal = `quire: This project is read-only: ${reason}. You can read, search and export it, but not change it. Nothing was changed. To work in it, copy it to a folder you can write to and open the copy.\n`;
        const out = join(mkdtempSync(join(tmpdir(), 'quire-ro-')), 'report.md');
        const reads = await Promise.all([
          q('list'),
          q('search', 'lukashenko'),
          q('show', '2', '--meta'),
          q('check'),
          q('export', '--out', out),
        ]);
        for (const r of reads) {
          expectNoStackTrace(r);
          expect(r.status).toBe(EXIT.ok);
          expect(r.stderr).toBe(notice);
        }
        expect(lines(reads[0]!.stdout).at(-1)).toBe('5 documents');
        expect(reads[1]!.stdout).toMatch(/^\d+ documents? match “lukashenko”/);
        // No false problem with the search index: it is checked on a temporary copy.
        expect(reads[3]!.stdout).toBe('OK: 5 documents; index, hashes and exclusive groups agree.\n');
        rmSync(join(out, '..'), { recursive: true, force: true });

        const changes = await Promise.all([
          q('import', SEEDS_DIR),
          q('undo'),
          q('check', '--repair'),
          q('coder', '--blind'),
          q('clean', '--apply'),
        ]);
        for (const r of changes) {
          expectNoStackTrace(r);
          expect(r.status).toBe(EXIT.project);
          expect(r.stderr).toBe(refusal);
        }
      } finally {
        writable();
      }
      expect(sha256(file)).toBe(before.hash);
      expect(readdirSync(folder).sort()).toEqual(
        what === 'file' ? [...before.files, 'Belarus.quire-shm', 'Belarus.quire-wal'].sort() : before.files,
      );
    },
  );
});

/** Articles in each of two sets: enough that two imports of them overlap for seconds. */
const SET = 500;

describe('two writers at once', () => {
  let articles = '';
  beforeAll(() => {
    articles = mkdtempSync(join(tmpdir(), 'quire-cli-two-'));
    for (const set of ['a', 'b']) {
      mkdirSync(join(articles, set));
      writeArticles(join(articles, set), SET, set);
    }
  });
  afterAll(() => rmSync(articles, { recursive: true, force: true }));

  it('two imports into one project both finish, each waiting its turn; nothing is lost', async () => {
    const home = tempDir();
    const file = await initialised(home, 'Two.quire', '--empty');
    const runs = ['a', 'b'].map((set) =>
      startQuire(home, ['--project', file, '--json', 'import', join(articles, set)]),
    );
    const outputs = runs.map((child) => Promise.all([collect(child, 'stdout'), collect(child, 'stderr')]));
    for (const [i, child] of runs.entries()) {
      const end = await exited(child);
      const [stdout, stderr] = await outputs[i]!;
      // The exit and what was said on stderr together, so a failure shows its message.
      expect({ ...end, stderr }).toEqual({ code: EXIT.ok, signal: null, stderr: '' });
      expect(json({ status: 0, stdout, stderr }, ImportReport)).toMatchObject({
        imported: SET,
        duplicates: 0,
        failed: 0,
        skipped: 0,
        cancelled: false,
      });
    }
    expect(json(await quire(home, '--project', file, 'check', '--json'), CheckReport)).toEqual({
      ok: true,
      documents: 2 * SET,
      problems: [],
    });
  }, 120_000);

  it('an import beside a stream of coding through the engine (the workbench): both finish, nothing is lost', async () => {
    const home = process.env.QUIRE_HOME!;
    const file = await initialised(home, 'Beside.quire');
    const project = await openOrCreateProject(file, {
      program: 'the Quire workbench',
      environment: readEnvironment({ QUIRE_HOME: home }),
    });
    project.coder = 'Ana';
    const child = startQuire(home, ['--project', file, '--json', 'import', join(articles, 'a')]);
    const stdout = collect(child, 'stdout');
    let running = true;
    void exited(child).then(() => (running = false));
    const body = (await call(project, 'getDocument', { id: 1 })).body;
    let written = 0;
    // Codes and codings as fast as the engine takes them, until the import is done (and at least a few).
    while (running || written < 5) {
      const code = await call(project, 'createCode', { name: `Theme ${written}` });
      await call(project, 'applyCode', {
        documentId: 1,
        codeId: code.id,
        start: written % (body.length - 10),
        end: (written % (body.length - 10)) + 5,
      });
      written++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await exited(child)).toEqual({ code: EXIT.ok, signal: null });
    expect(json({ status: 0, stdout: await stdout, stderr: '' }, ImportReport)).toMatchObject({
      imported: SET,
      failed: 0,
      cancelled: false,
    });
    const count = (sql: string) => project.db.prepare(sql).pluck().get() as number;
    expect(count("SELECT count(*) FROM codes WHERE name LIKE 'Theme %'")).toBe(written);
    expect(count("SELECT count(*) FROM codings k JOIN coders c ON c.id = k.coder_id WHERE c.name = 'Ana'")).toBe(
      written,
    );
    expect(count('SELECT count(*) FROM documents')).toBe(SET + 5);
    closeProject(project);
    expect(json(await quire(home, '--project', file, 'check', '--json'), CheckReport)).toEqual({
      ok: true,
      documents: SET + 5,
      problems: [],
    });
  }, 120_000);

  it('a writer that holds the project past the wait: the other gives up (exit 3) naming it; reading goes on meanwhile', async () => {
    const home = process.env.QUIRE_HOME!;
    const file = await initialised(home, 'Held.quire');
    const holder = await openOrCreateProject(file, {
      program: 'the Quire workbench',
      environment: readEnvironment({ QUIRE_HOME: home }),
    });
    // The coder of the commands below is in the project already, so the import goes as far as writing its first batch.
    coderId(holder.db, 'Ben');
    holder.db.prepare('BEGIN IMMEDIATE').run();
    try {
      const env = cliEnv(home, { QUIRE_BUSY_TIMEOUT: '1', QUIRE_CODER: 'Ben' });
      const run = (...args: string[]): Promise<Run> =>
        exec(process.execPath, ['bin/quire.js', '--project', file, ...args], env);
      const copy = mkdtempSync(join(tmpdir(), 'quire-held-'));
      cpSync(join(articles, 'b'), copy, { recursive: true });
      // One at a time, so that the only other program with the project open is the one holding it.
      const list = await run('list');
      const started = performance.now();
      const undo = await run('undo');
      const imported = await run('--json', 'import', copy);
      const waited = performance.now() - started;
      rmSync(copy, { recursive: true, force: true });
      expect(list.status).toBe(EXIT.ok);
      expect(lines(list.stdout).at(-1)).toBe('5 documents');
      const who = new RegExp(
        `is busy: another program has it open: the Quire workbench \\(run by [^,]+, process ${process.pid}, open since \\d\\d:\\d\\d\\), ` +
          'and it was not free after 1 second of waiting\\. Nothing was changed; try again when the other has finished\\.',
      );
      for (const r of [undo, imported]) {
        expectNoStackTrace(r);
        expect(r.status).toBe(EXIT.project);
      }
      expect(undo.stderr).toMatch(
        new RegExp(`^quire: The project ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} ${who.source}\\n$`),
      );
      const report = json(imported, ImportReport);
      expect(report.imported).toBe(0);
      expect(report.stopped?.code).toBe('project_locked');
      expect(report.stopped?.message).toMatch(who);
      // Each waited the timeout it was given, not the 30 s default.
      expect(waited).toBeGreaterThan(2_000);
      expect(waited).toBeLessThan(20_000);
    } finally {
      holder.db.prepare('ROLLBACK').run();
      closeProject(holder);
    }
  }, 60_000);
});

describe('the day’s backup from the command line', () => {
  it('is not made by a command that only reads; the first that changes the project makes it first and says so, once', async () => {
    const home = tempDir();
    const file = join(home, 'work', 'Belarus.quire');
    const q = (...args: string[]) => quire(home, '--project', file, ...args);
    expect((await q('init')).status).toBe(EXIT.ok);
    for (const reading of [['list'], ['search', 'Lukashenko'], ['show', '1'], ['journal'], ['backups']]) {
      const r = await q(...reading);
      expect(r.status).toBe(EXIT.ok);
      expect(r.stderr).toBe('');
    }
    expect(listBackups(file)).toEqual([]);
    // Said on a terminal only, as progress is: a pipe gets nothing but what the command prints.
    const first = await q('journal', 'Started coding');
    expect(first.status).toBe(EXIT.ok);
    expect(first.stderr).toBe('');
    const [backup] = listBackups(file);
    expect(backup?.kind).toBe('daily');
    // The project as it was before the change.
    const copy = new Database(backup!.path, { readonly: true });
    expect(copy.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(0);
    copy.close();
    await q('journal', 'Went on');
    expect(listBackups(file)).toHaveLength(1);
  });
});

describe('quire backups and quire restore', () => {
  it('lists the day’s backup and the one before a merge, newest first; restores one into a new file only', async () => {
    const { home, file } = await seededProject();
    const other = join(home, 'Other.quire');
    expect((await quire(home, '--project', other, 'init', '--empty')).status).toBe(EXIT.ok);
    expect((await quire(home, '--project', file, 'merge', other)).status).toBe(EXIT.ok);
    const q = (...args: string[]) => quire(home, '--project', file, ...args);
    const list = await q('backups');
    expect(list.status).toBe(EXIT.ok);
    const out = lines(list.stdout);
    expect(out[0]).toBe(`2 backups of ${file}, in “${join(home, 'work', 'Belarus backups')}”, newest first:`);
    expect(out[1]).toMatch(
      /^ {2}1 {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}before a merge +5 documents +\d+\.\d MB {2}Belarus \d{4}-\d\d-\d\d \d\d-\d\d-\d\d before merge\.quire-backup$/,
    );
    expect(out[2]).toMatch(
      /^ {2}2 {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}daily +5 documents +\d+\.\d MB {2}Belarus \d{4}-\d\d-\d\d \d\d-\d\d-\d\d daily\.quire-backup$/,
    );
    expect(out[3]).toBe('Restore one as a new project: quire restore <number or name> --to <new file>');
    // Listing opens no project, and leaves nothing beside it.
    expect(readdirSync(join(home, 'work')).sort()).toEqual(['Belarus backups', 'Belarus.quire']);

    const to = join(home, 'Back');
    const restored = await q('restore', '2', '--to', to);
    expect(restored.status).toBe(EXIT.ok);
    expect(restored.stdout).toMatch(/^Restored .*daily\.quire-backup as .*Back\.quire \(5 documents\)\./);
    const again = await q('restore', '1', '--to', `${to}.quire`);
    expect(again.status).toBe(EXIT.usage);
    expect(again.stderr).toBe(
      `quire: ${to}.quire already exists: a backup is restored into a new file only. Choose another name.\n`,
    );
    const over = await q('restore', '1', '--to', file);
    expect(over.status).toBe(EXIT.usage);
    expect(over.stderr).toBe(
      `quire: A backup is restored into a new file, never over the project itself: choose another name than ${file}.\n`,
    );
    const missing = await q('restore', '9', '--to', join(home, 'Nine.quire'));
    expect(missing.status).toBe(EXIT.usage);
    expect(missing.stderr).toBe(
      `quire: There is no backup “9”. \`quire backups\` lists the 2 in “${join(home, 'work', 'Belarus backups')}”.\n`,
    );

    const keep = await q('backups', '--keep', '3', '--json');
    expect(keep.status).toBe(EXIT.ok);
    expect(JSON.parse(keep.stdout)).toMatchObject({
      project: file,
      keep: 3,
      backups: [
        { kind: 'merge', documents: 5 },
        { kind: 'daily', documents: 5 },
      ],
    });
    expect(JSON.parse((await q('backups', '--json')).stdout)).toMatchObject({ keep: 3 });
  });
});
