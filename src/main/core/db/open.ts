import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { QuireError } from '../../../shared/errors.ts';
import { newGuid } from '../guid.ts';
import { LATEST_VERSION, migrations } from './migrations/index.ts';

export type Db = Database.Database;

/** 'QRE1': marks an SQLite file as a Quire project. */
export const APPLICATION_ID = 0x51524531;
const SQLITE_HEADER = 'SQLite format 3\0';

export interface OpenOptions {
  /** Create the file when it does not exist (default false). */
  create?: boolean;
}

/**
 * Opens (or creates) a project database and brings its schema up to date.
 * `:memory:` gives a fresh in-memory project, as the tests use.
 */
export function openProject(file: string, options: OpenOptions = {}): Db {
  const inMemory = file === ':memory:';
  if (!inMemory) assertOpenable(file, options.create ?? false);
  let db: Db;
  try {
    db = new Database(file);
  } catch (e) {
    throw translateSqliteError(e, file);
  }
  try {
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (!inMemory) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    checkIdentity(db, file);
    migrate(db, file);
    return db;
  } catch (e) {
    db.close();
    throw translateSqliteError(e, file);
  }
}

function assertOpenable(file: string, create: boolean): void {
  if (!existsSync(file)) {
    if (create) return;
    throw new QuireError('project_missing', `There is no project at ${file}.`);
  }
  const st = statSync(file);
  if (st.isDirectory()) throw new QuireError('not_a_project', `${file} is a folder, not a Quire project file.`);
  if (st.size === 0) return; // an empty file becomes a new project
  if (!isSqliteFile(file)) throw new QuireError('not_a_project', `${file} is not a Quire project (it is not an SQLite database).`);
}

/** Whether a file (its path, or its bytes) starts with SQLite's header. */
export function isSqliteFile(file: string | Uint8Array): boolean {
  let head: Uint8Array;
  if (typeof file === 'string') {
    head = Buffer.alloc(16);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, head, 0, 16, 0);
    } finally {
      closeSync(fd);
    }
  } else head = file.subarray(0, 16);
  return Buffer.from(head).toString('latin1') === SQLITE_HEADER;
}

/** Whether the database is marked as a Quire project (its application id). */
export function isQuireProject(db: Db): boolean {
  return db.pragma('application_id', { simple: true }) === APPLICATION_ID;
}

function checkIdentity(db: Db, file: string): void {
  if (isQuireProject(db)) return;
  const appId = db.pragma('application_id', { simple: true }) as number;
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number };
  if (appId === 0 && tables.n === 0) return; // a new, empty database
  throw new QuireError('not_a_project', `${file} is an SQLite database, but not a Quire project.`);
}

/** The schema version stored in the file (0 for a new file). */
export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Applies every migration newer than the file's version, each in its own
 * transaction, after backing up a file that already holds data.
 */
export function migrate(db: Db, file = ':memory:', target = LATEST_VERSION): void {
  const current = schemaVersion(db);
  if (newerVersion(db) !== null) {
    throw new QuireError(
      'project_too_new',
      `${file} was saved by a newer version of Quire (project format ${current}; this version reads up to ${LATEST_VERSION}). ` +
        'Update Quire to open it; the file has not been changed.',
    );
  }
  if (current >= target) return;
  if (current > 0 && file !== ':memory:') backupBeforeMigration(db, file, current);
  applyMigrations(db, target);
}

/** The schema version of a file saved by a newer Quire, which this one cannot read; null when this one can. */
export function newerVersion(db: Db): number | null {
  const current = schemaVersion(db);
  return current > LATEST_VERSION ? current : null;
}

/**
 * Applies every migration after the file's version up to `target`, each in
 * its own transaction, without a backup (migrate makes one of a project file;
 * a temporary copy needs none).
 */
export function applyMigrations(db: Db, target = LATEST_VERSION): void {
  const current = schemaVersion(db);
  for (const m of migrations) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      db.exec(m.sql);
      if (m.version === 1) {
        db.pragma(`application_id = ${APPLICATION_ID}`);
        const now = new Date().toISOString();
        const put = db.prepare('INSERT INTO project (key, value) VALUES (?, ?)');
        put.run('guid', newGuid());
        put.run('created_at', now);
      }
      db.pragma(`user_version = ${m.version}`);
    })();
  }
}

function backupBeforeMigration(db: Db, file: string, version: number): void {
  const backup = `${file}.v${version}.bak`;
  if (existsSync(backup)) return;
  db.exec(`VACUUM INTO '${backup.replaceAll("'", "''")}'`);
}

/** Maps SQLite's failures a user can cause to messages a person understands. */
export function translateSqliteError(e: unknown, file?: string): unknown {
  if (e instanceof QuireError) return e;
  const code = (e as { code?: string }).code ?? '';
  const where = file ? ` (${file})` : '';
  if (code === 'SQLITE_FULL') return new QuireError('disk_full', `The disk is full${where}. Free some space and try again; nothing partial was saved.`, { cause: e });
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_'))
    return new QuireError('read_only', `The project${where} cannot be written (read-only file or folder).`, { cause: e });
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
    return new QuireError('project_locked', `The project${where} is busy in another window or program. Close it there and try again.`, { cause: e });
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
    return new QuireError('not_a_project', `${file ?? 'The file'} is damaged or not a Quire project.`, { cause: e });
  if (code === 'SQLITE_CANTOPEN')
    return new QuireError('project_missing', `The project${where} cannot be opened: check that its folder exists and can be written.`, { cause: e });
  return e;
}
