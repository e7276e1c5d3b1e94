// The engine on a real user's machine: rolling backups beside the project,
// a damaged file, a project that cannot be written, and SQLite's failures
// said in words.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  backupFolder,
  dailyBackup,
  latestGoodBackup,
  listBackups,
  makeBackup,
  pruneBackups,
  setBackupsToKeep,
} from '../../src/main/core/db/backups.ts';
import { checkProject } from '../../src/main/core/db/check.ts';
import { translateSqliteError } from '../../src/main/core/db/errors.ts';
import { migrate, openProject } from '../../src/main/core/db/open.ts';
import { restoreBackup } from '../../src/main/core/db/restore.ts';
import { call } from '../../src/main/core/engine.ts';
import { closeProject, openOrCreateProject, type ProjectHandle } from '../../src/main/core/project.ts';
import { QuireError } from '../../src/shared/errors.ts';
import { SEEDS_DIR, seedPath, tempDir } from '../helpers/project.ts';
import { damagePage, leafPages, makeReadOnly } from '../helpers/storage.ts';

const day = (d: number, hour = 9) => new Date(2025, 2, d, hour, 0, 0);
function read<T>(path: string, get: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true });
  try {
    return get(db);
  } finally {
    db.close();
  }
}
const documentsIn = (path: string) =>
  read(path, (db) => db.prepare('SELECT count(*) FROM documents').pluck().get() as number);
const formatOf = (path: string) => read(path, (db) => db.pragma('user_version', { simple: true }) as number);

/** Runs `test` with `path` read-only, and makes it writable again after (so the temporary folder can go). */
async function whileReadOnly(path: string, test: () => Promise<void>): Promise<void> {
  const writable = makeReadOnly(path);
  try {
    await test();
  } finally {
    writable();
  }
}

/** A project file with the five seeds, open. */
async function seeded(name = 'Belarus.quire'): Promise<ProjectHandle> {
  const project = await openOrCreateProject(join(tempDir(), name), { seedsDir: SEEDS_DIR });
  onTestFinished(() => {
    if (project.db.open) closeProject(project);
  });
  return project;
}

describe('rolling backups', () => {
  it('are made once a day beside the project, named for when and why, and pruned to the newest days', async () => {
    const { db, path } = await seeded();
    expect(backupFolder(path)).toBe(join(path, '..', 'Belarus backups'));
    for (let d = 1; d <= 9; d++) {
      expect(dailyBackup(db, path, day(d))?.name).toBe(
        `Belarus 2025-03-${String(d).padStart(2, '0')} 09-00-00 daily.quire-backup`,
      );
      // The first open of the day makes it; a later one the same day does not.
      expect(dailyBackup(db, path, day(d, 17))).toBeNull();
    }
    // Each new one pruned the folder to the newest 7 days.
    expect(listBackups(path).map((b) => b.madeAt.getDate())).toEqual([9, 8, 7, 6, 5, 4, 3]);
    // Two made the same day (two programs opening the project at once) count as that day's one.
    makeBackup(db, path, 'daily', day(9, 12));
    expect(listBackups(path).map((b) => `${b.madeAt.getDate()} ${b.madeAt.getHours()}`)).toEqual([
      '9 12',
      '8 9',
      '7 9',
      '6 9',
      '5 9',
      '4 9',
      '3 9',
    ]);
    expect(pruneBackups(path, 5)).toEqual([
      'Belarus 2025-03-04 09-00-00 daily.quire-backup',
      'Belarus 2025-03-03 09-00-00 daily.quire-backup',
    ]);
    for (const b of listBackups(path)) expect(documentsIn(b.path)).toBe(5);
  });

  it('keeps as many of each kind as the project says; before a merge and daily are counted apart; 0 makes none and removes none', async () => {
    const { db, path } = await seeded();
    setBackupsToKeep(db, 2);
    for (let d = 1; d <= 4; d++) {
      dailyBackup(db, path, day(d));
      makeBackup(db, path, 'merge', day(d, 10));
    }
    expect(listBackups(path).map((b) => `${b.kind} ${b.madeAt.getDate()}`)).toEqual([
      'merge 4',
      'daily 4',
      'merge 3',
      'daily 3',
    ]);
    // A file of the user's own in the folder is never touched.
    writeFileSync(join(backupFolder(path), 'my notes.txt'), 'mine');
    setBackupsToKeep(db, 0);
    expect(dailyBackup(db, path, day(5))).toBeNull();
    expect(listBackups(path)).toHaveLength(4);
    expect(readdirSync(backupFolder(path))).toContain('my notes.txt');
  });

  it('made twice in the same second are both kept; what a killed backup left behind goes after an hour', async () => {
    const { db, path } = await seeded();
    const folder = backupFolder(path);
    makeBackup(db, path, 'merge', day(1));
    const abandoned = join(folder, 'Belarus 2025-03-01 09-00-00 daily.quire-backup.4242-abcdef.partial');
    const writing = join(folder, 'Belarus 2025-03-01 09-00-00 daily.quire-backup.4243-abcdef.partial');
    for (const f of [abandoned, writing]) writeFileSync(f, 'half a backup');
    utimesSync(abandoned, new Date(Date.now() - 2 * 3600_000), new Date(Date.now() - 2 * 3600_000));
    makeBackup(db, path, 'merge', day(1));
    expect(readdirSync(folder).sort()).toEqual([
      'Belarus 2025-03-01 09-00-00 before merge (2).quire-backup',
      'Belarus 2025-03-01 09-00-00 before merge.quire-backup',
      'Belarus 2025-03-01 09-00-00 daily.quire-backup.4243-abcdef.partial',
    ]);
  });

  it('are made before a merge, as the project was, and not when the merge is refused', async () => {
    const ours = await seeded();
    const theirs = await seeded('Anna.quire');
    await call(theirs, 'importUploads', {
      files: [{ name: 'annas.txt', base64: Buffer.from('Anna’s own notes on Minsk.\n').toString('base64') }],
    });
    closeProject(theirs);
    await expect(call(ours, 'mergeProject', { path: join(tempDir(), 'missing.quire') })).rejects.toThrow(
      /There is no file/,
    );
    expect(listBackups(ours.path)).toEqual([]);
    await call(ours, 'mergeProject', { path: theirs.path });
    const [backup] = listBackups(ours.path);
    expect(backup?.kind).toBe('merge');
    expect(documentsIn(backup!.path)).toBe(5);
    expect(ours.db.prepare('SELECT count(*) FROM documents').pluck().get()).toBe(6);
  });

  it('are made daily by opening the project, not the day it is created', async () => {
    const { path } = await seeded();
    expect(listBackups(path)).toEqual([]);
    const again = await openOrCreateProject(path);
    closeProject(again);
    expect(listBackups(path).map((b) => b.kind)).toEqual(['daily']);
  });

  it('left until the first change, are made once, just before it, and said; reading makes none', async () => {
    const { path } = await seeded();
    const told: number[] = [];
    const again = await openOrCreateProject(path, { dailyBackup: 'before-change', onBackup: (b) => told.push(b) });
    await call(again, 'listDocuments', {});
    await call(again, 'search', { query: 'Lukashenko' });
    expect(listBackups(path)).toEqual([]);
    expect(told).toEqual([]);
    await call(again, 'createNote', { kind: 'journal', text: 'Read the five sources' });
    await call(again, 'createNote', { kind: 'journal', text: 'And again' });
    closeProject(again);
    const backups = listBackups(path);
    expect(backups.map((b) => b.kind)).toEqual(['daily']);
    // Told once, with the size of what is copied; the copy is the project before the first change.
    expect(told).toHaveLength(1);
    expect(told[0]).toBeGreaterThan(100_000);
    const copy = new Database(backups[0]!.path, { readonly: true });
    expect(copy.prepare("SELECT count(*) FROM notes WHERE kind = 'journal'").pluck().get()).toBe(0);
    copy.close();
  });

  it('left until the first change, one that cannot be made is said as a notice and the change still goes ahead', async () => {
    const project = await seeded();
    closeProject(project);
    const again = await openOrCreateProject(project.path, { dailyBackup: 'before-change' });
    // A file where the backups folder would be: the backup cannot be made.
    writeFileSync(backupFolder(project.path), 'not a folder');
    expect(again.notices).toEqual([]);
    await call(again, 'createNote', { kind: 'journal', text: 'Still written' });
    expect(again.notices).toHaveLength(1);
    expect(again.notices![0]).toMatch(/^Today’s backup of the project could not be made: /);
    expect((await call(again, 'listNotes', { kind: 'journal' })).notes).toHaveLength(1);
    closeProject(again);
  });

  it('restore a backup into a new file, brought up to date, and refuse to write over anything or to restore a damaged one', async () => {
    const { db, path } = await seeded();
    // A backup of an older format, as the one made before an update is.
    const old = join(tempDir(), 'Old.quire');
    const raw = new Database(old);
    migrate(raw, old, 3);
    raw.close();
    const oldDb = new Database(old);
    // A document as that format stores it (today's importer writes columns it does not have yet).
    const body = readFileSync(seedPath('001'), 'utf8');
    const hash = createHash('sha256').update(body).digest('hex');
    oldDb
      .prepare(
        `INSERT INTO documents (guid, title, body, format, encoding, content_hash, original_hash, original_size, char_count, imported_at)
        VALUES ('00000000-0000-4000-8000-000000000001', NULL, ?, 'txt', 'utf-8', ?, ?, ?, ?, '2022-12-20T00:00:00Z')`,
      )
      .run(body, hash, hash, Buffer.byteLength(body), [...body].length);
    makeBackup(oldDb, path, 'update', day(1));
    oldDb.close();
    makeBackup(db, path, 'merge', day(2));

    const to = join(tempDir(), 'Back.quire');
    expect(restoreBackup(path, '2', to)).toEqual({ path: to, backup: listBackups(path)[1]!.path, documents: 1 });
    const restored = openProject(to);
    expect(checkProject(restored)).toEqual({ ok: true, documents: 1, problems: [] });
    restored.close();
    // The backup itself stays as it was.
    expect(formatOf(listBackups(path)[1]!.path)).toBe(3);

    expect(() => restoreBackup(path, '1', to)).toThrow(/already exists: a backup is restored into a new file only/);
    expect(() => restoreBackup(path, '1', path)).toThrow(/never over the project itself/);
    damagePage(listBackups(path)[0]!.path, leafPages(listBackups(path)[0]!.path, 'documents')[0]!);
    const damaged = (() => {
      try {
        restoreBackup(path, '1', join(tempDir(), 'X.quire'));
      } catch (e) {
        return e;
      }
    })();
    expect(damaged).toBeInstanceOf(QuireError);
    expect(damaged).toMatchObject({
      code: 'damaged',
      message: expect.stringMatching(
        /^The backup before a merge of 2 March 2025 at 09:00 is damaged too \(.*\): restore an older one/,
      ),
    });
  });
});

describe('a damaged project', () => {
  it('makes no backup, so its good ones are never pruned away, and says so when it opens', async () => {
    const project = await seeded();
    setBackupsToKeep(project.db, 1);
    makeBackup(project.db, project.path, 'daily', day(1));
    closeProject(project);
    damagePage(project.path, leafPages(project.path, 'documents')[0]!);
    const opened = await openOrCreateProject(project.path);
    expect(opened.notices).toEqual([
      'The project file is damaged: today’s backup could not be made, because part of the file cannot be read. `quire check` shows what is affected and which backup to restore.',
    ]);
    closeProject(opened);
    expect(listBackups(project.path).map((b) => b.madeAt.getDate())).toEqual([1]);
    expect(readdirSync(backupFolder(project.path)).filter((n) => n.endsWith('.partial'))).toEqual([]);
  });

  it('check (the API) reports what is affected and names the newest backup that is whole, passing over a damaged newer one', async () => {
    const project = await seeded();
    makeBackup(project.db, project.path, 'daily', day(1));
    makeBackup(project.db, project.path, 'merge', day(2));
    closeProject(project);
    const [newer, older] = listBackups(project.path);
    damagePage(newer!.path, 1, 3, 100);
    damagePage(project.path, leafPages(project.path, 'documents')[0]!);
    const opened = await openOrCreateProject(project.path);
    onTestFinished(() => closeProject(opened));
    const report = await call(opened, 'checkProject', {});
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toBe(
      'Damage: the file is damaged where it keeps the documents (their text and details).',
    );
    expect(report.problems.some((p) => /^Document \d+ \(“.+” in the backup\) cannot be read/.test(p))).toBe(true);
    expect(latestGoodBackup(project.path)?.path).toBe(older!.path);
    expect(report.advice).toMatch(
      new RegExp(
        `^The project file is damaged\\. The newest backup that is whole is the daily backup of 1 March 2025 at 09:00: \`quire restore ".*${older!.name}"`,
      ),
    );
    // Every method that meets the damage says so in words, with the newest backup.
    const error = await call(opened, 'listDocuments', {}).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'damaged',
      message: expect.stringContaining('is damaged: part of it cannot be read. Nothing was changed.'),
    });
  });
});

describe('a project that cannot be written', () => {
  it('opens read-only and says why; every read works; every change is refused with one message; check finds nothing false', async () => {
    const { path } = await (async () => {
      const p = await seeded();
      closeProject(p);
      return p;
    })();
    await whileReadOnly(path, async () => {
      const project = await openOrCreateProject(path);
      onTestFinished(() => closeProject(project));
      expect(project.readOnly).toBe('its file is read-only');
      const info = await call(project, 'projectInfo', {});
      expect(info).toMatchObject({
        readOnly: true,
        documents: 5,
        notices: [
          'This project is read-only: its file is read-only. You can read, search and export it, but not change it.',
        ],
      });
      expect((await call(project, 'search', { query: 'lukashenko' })).total).toBeGreaterThan(0);
      expect(await call(project, 'checkProject', {})).toEqual({ ok: true, documents: 5, problems: [] });
      expect(
        (await call(project, 'autoCode', { query: 'minsk', codeId: 1, unit: 'hit', preview: true })).passages,
      ).toBeGreaterThan(0);
      const refusal =
        'This project is read-only: its file is read-only. You can read, search and export it, but not change it. Nothing was changed. To work in it, copy it to a folder you can write to and open the copy.';
      for (const [method, input] of [
        ['createCode', { name: 'New' }],
        ['applyCode', { documentId: 1, codeId: 1, start: 0, end: 5 }],
        ['undo', {}],
        ['importUploads', { files: [{ name: 'a.txt', base64: Buffer.from('A text.').toString('base64') }] }],
        ['autoCode', { query: 'minsk', codeId: 1, unit: 'hit' }],
        ['setCoder', { blind: true }],
      ] as const) {
        await expect(call(project, method, input), method).rejects.toMatchObject({
          code: 'read_only',
          message: refusal,
        });
      }
      // Nothing is written beside it either: no backup of a project that cannot change.
      expect(listBackups(path)).toEqual([]);
    });
  });

  it('a read-only folder with a project closed cleanly: read from a copy in memory, the folder left exactly as it was', async () => {
    const p = await seeded();
    closeProject(p);
    const folder = join(p.path, '..');
    const before = readdirSync(folder).sort();
    await whileReadOnly(folder, async () => {
      const project = await openOrCreateProject(p.path);
      expect(project.db.readonly).toBe(true);
      expect((await call(project, 'listDocuments', {})).total).toBe(5);
      expect(await call(project, 'checkProject', {})).toEqual({ ok: true, documents: 5, problems: [] });
      closeProject(project);
      expect(readdirSync(folder).sort()).toEqual(before);
    });
    expect(existsSync(`${p.path}-wal`)).toBe(false);
  });

  it('an older project in a read-only place is refused with what to do (its format cannot be updated there)', async () => {
    const dir = tempDir();
    const old = join(dir, 'Old.quire');
    const raw = new Database(old);
    migrate(raw, old, 3);
    raw.close();
    await whileReadOnly(old, async () => {
      expect(() => openProject(old)).toThrow(
        /was saved by an earlier version of Quire, and its format must be updated before it can be opened, which needs to write it: its file is read-only\. Copy it/,
      );
    });
  });
});

describe('SQLite’s failures in words', () => {
  it.each([
    ['SQLITE_BUSY', 'project_locked'],
    ['SQLITE_BUSY_SNAPSHOT', 'project_locked'],
    ['SQLITE_LOCKED_SHAREDCACHE', 'project_locked'],
    ['SQLITE_CORRUPT', 'damaged'],
    ['SQLITE_CORRUPT_INDEX', 'damaged'],
    ['SQLITE_NOTADB', 'damaged'],
    ['SQLITE_READONLY_DIRECTORY', 'read_only'],
    ['SQLITE_FULL', 'disk_full'],
  ])('%s is %s', (code, expected) => {
    expect(translateSqliteError(Object.assign(new Error('x'), { code }), '/p/x.quire')).toMatchObject({
      code: expected,
    });
  });

  it('a damaged search index says that check --repair rebuilds it', () => {
    expect(translateSqliteError(Object.assign(new Error('x'), { code: 'SQLITE_CORRUPT_VTAB' }))).toMatchObject({
      code: 'damaged',
      message:
        'The search index of the project is damaged. Nothing was changed; `quire check --repair` rebuilds it from the documents.',
    });
  });
});
