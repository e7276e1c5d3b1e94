import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { QuireError } from '../../../shared/errors.ts';
import { newGuid } from '../guid.ts';
import { makeBackup } from './backups.ts';
import { BUSY_TIMEOUT_MS } from '../environment.ts';
import { translateSqliteError, whyReadOnly } from './errors.ts';
import { LATEST_VERSION, migrations } from './migrations/index.ts';
import { registerWords } from './search-index.ts';

export { translateSqliteError, whyReadOnly } from './errors.ts';

import type { Db } from './db.ts';

export type { Db };

/** 'QRE1': marks an SQLite file as a Quire project. */
export const APPLICATION_ID = 0x51524531;
const SQLITE_HEADER = 'SQLite format 3\0';

export interface OpenOptions {
  /** Create the file when it does not exist (default false). */
  create?: boolean;
  /** Progress of bringing a project saved by an earlier version up to date, when that is long work (rebuilding its search index). */
  onUpdate?: (p: UpdateProgress) => void;
  /** How long a write waits for another program to let go of the file, in ms (default BUSY_TIMEOUT_MS). */
  busyTimeoutMs?: number;
}

export interface UpdateProgress {
  /** What is being done, in the user's words. */
  what: string;
  done: number;
  total: number;
}

/**
 * Opens (or creates) a project database and brings its schema up to date.
 * `:memory:` gives a fresh in-memory project, as the tests use. A project
 * whose file or folder cannot be written is opened read-only (db.readonly):
 * every read works, every write is refused.
 */
export function openProject(file: string, options: OpenOptions = {}): Db {
  const inMemory = file === ':memory:';
  if (!inMemory) assertOpenable(file, options.create ?? false);
  const readOnly = inMemory ? null : whyReadOnly(file);
  const timeout = options.busyTimeoutMs ?? BUSY_TIMEOUT_MS;
  if (readOnly) return openReadOnly(file, readOnly, timeout);
  let db: Db;
  try {
    db = new Database(file, { timeout });
  } catch (e) {
    throw translateSqliteError(e, file);
  }
  return setUp(db, file, () => {
    db.pragma('foreign_keys = ON');
    if (!inMemory) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    checkIdentity(db, file);
    migrate(db, file, LATEST_VERSION, options.onUpdate);
  });
}

/** Sets a connection just opened up; when that fails, closes it and says why in words. */
function setUp(db: Db, file: string, run: () => void): Db {
  try {
    registerWords(db);
    run();
    return db;
  } catch (e) {
    db.close();
    throw translateSqliteError(e, file);
  }
}

/**
 * Opens a project that cannot be written: read-only, as it is, with no
 * migration and nothing written beside it. A project in WAL mode whose folder
 * cannot be written has no shared-memory index beside it that SQLite could
 * use; when every change is inside the file (no pending -wal), a copy of it is
 * read in memory instead.
 */
function openReadOnly(file: string, reason: string, timeout: number): Db {
  if (!existsSync(file)) throw new QuireError('read_only', `The project ${file} cannot be created: ${reason}.`);
  let db: Db | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout });
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (e) {
    db?.close();
    if ((e as { code?: string }).code !== 'SQLITE_CANTOPEN') throw translateSqliteError(e, file);
    db = readCopyInMemory(file, reason);
  }
  const opened = db;
  return setUp(opened, file, () => {
    opened.pragma('foreign_keys = ON');
    checkIdentity(opened, file);
    if (newerVersion(opened) === null && schemaVersion(opened) < LATEST_VERSION) {
      throw new QuireError(
        'read_only',
        `${file} was saved by an earlier version of Quire, and its format must be updated before it can be opened, which needs to write it: ${reason}. ` +
          'Copy it to a folder you can write to and open the copy.',
      );
    }
    migrate(opened, file);
  });
}

function readCopyInMemory(file: string, reason: string): Db {
  const wal = `${file}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) {
    throw new QuireError(
      'read_only',
      `${file} cannot be read safely: its last changes are still in ${wal}, and ${reason}, so SQLite cannot bring them in. Open it once where its folder can be written.`,
    );
  }
  const bytes = readFileSync(file);
  // Bytes 18 and 19 say WAL mode (2); in memory the copy reads as an ordinary database (1).
  if (bytes[18] === 2 && bytes[19] === 2) bytes[18] = bytes[19] = 1;
  return new Database(bytes, { readonly: true });
}

function assertOpenable(file: string, create: boolean): void {
  if (!existsSync(file)) {
    if (create) return;
    throw new QuireError('project_missing', `There is no project at ${file}.`);
  }
  const st = statSync(file);
  if (st.isDirectory()) throw new QuireError('not_a_project', `${file} is a folder, not a Quire project file.`);
  if (st.size === 0) return; // an empty file becomes a new project
  if (!isSqliteFile(file))
    throw new QuireError('not_a_project', `${file} is not a Quire project (it is not an SQLite database).`);
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
  const tables = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get()!;
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
export function migrate(
  db: Db,
  file = ':memory:',
  target = LATEST_VERSION,
  onUpdate?: (p: UpdateProgress) => void,
): void {
  const current = schemaVersion(db);
  if (newerVersion(db) !== null) {
    throw new QuireError(
      'project_too_new',
      `${file} was saved by a newer version of Quire (project format ${current}; this version reads up to ${LATEST_VERSION}). ` +
        'Update Quire to open it; the file has not been changed.',
    );
  }
  if (current >= target) return;
  if (current > 0 && file !== ':memory:') makeBackup(db, file, 'update');
  applyMigrations(db, target, onUpdate);
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
export function applyMigrations(db: Db, target = LATEST_VERSION, onUpdate?: (p: UpdateProgress) => void): void {
  const current = schemaVersion(db);
  registerWords(db);
  for (const m of migrations) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      // Another process may have brought the file up to date while this one waited its turn.
      if (schemaVersion(db) >= m.version) return;
      db.exec(m.sql);
      const says = m.says;
      m.run?.(db, says && onUpdate ? (p) => onUpdate({ what: says, ...p }) : undefined);
      if (m.version === 1) {
        db.pragma(`application_id = ${APPLICATION_ID}`);
        const now = new Date().toISOString();
        const put = db.prepare('INSERT INTO project (key, value) VALUES (?, ?)');
        put.run('guid', newGuid());
        put.run('created_at', now);
      }
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
