// Rolling backups beside a project: a project is months of a researcher's
// work in one file. The folder "Belarus backups" beside "Belarus.quire" holds
// one backup per day (made the first time the project is opened that day) and
// one before every merge and every update of the file's format, each a whole
// SQLite database named for when and why it was made. The newest are kept, as
// many of each as the project's setting says (7 by default).
//
// A backup is made with VACUUM INTO, SQLite's consistent copy of a live
// database: it reads in one transaction (other readers and writers carry on),
// writes a compact file that needs no -wal beside it, and stops at a damaged
// page instead of copying it, so a damaged project never pushes good backups
// out. It is written under a temporary name and renamed when complete.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { DEFAULT_KEEP } from './keep.ts';
import { whyReadOnly } from './writable.ts';
import type { Db } from './db.ts';
import { documentCount } from './queries/documents.ts';
import { projectValue, setProjectValue } from './queries/project.ts';

export type BackupKind = 'daily' | 'merge' | 'update';

export interface Backup {
  /** The file's name in the backups folder. */
  name: string;
  path: string;
  kind: BackupKind;
  madeAt: Date;
  bytes: number;
}

export const BACKUP_EXTENSION = '.quire-backup';
export { DEFAULT_KEEP };
const KEEP_KEY = 'backups_keep';

const KIND_WORDS: Record<BackupKind, string> = { daily: 'daily', merge: 'before merge', update: 'before update' };
const NAME =
  /^(.+) (\d{4})-(\d{2})-(\d{2}) (\d{2})-(\d{2})-(\d{2}) (daily|before merge|before update)(?: \((\d+)\))?\.quire-backup$/;

/** The folder of a project's backups: "Belarus backups" beside "Belarus.quire". */
export function backupFolder(project: string): string {
  return join(dirname(project), `${stem(project)} backups`);
}

const stem = (project: string) => basename(project).replace(/\.quire$/i, '');
const pad = (n: number) => String(n).padStart(2, '0');
const localDate = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** The backups of a project, newest first; files in the folder that are not Quire's backups are left out (and never touched). */
export function listBackups(project: string): Backup[] {
  const folder = backupFolder(project);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  // Names say the second; two backups of one second (the day's and one before a merge, made by one command) are
  // told apart by when their files were written.
  const backups: (Backup & { writtenAt: number })[] = [];
  for (const name of names) {
    const m = NAME.exec(name);
    if (!m) continue;
    const [, , y, mo, d, h, mi, s, kind] = m;
    const path = join(folder, name);
    let bytes: number;
    let writtenAt: number;
    try {
      ({ size: bytes, mtimeMs: writtenAt } = statSync(path));
    } catch {
      continue;
    }
    const madeAt = new Date(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    backups.push({
      name,
      path,
      kind: (Object.keys(KIND_WORDS) as BackupKind[]).find((k) => KIND_WORDS[k] === kind)!,
      madeAt,
      bytes,
      writtenAt,
    });
  }
  return backups
    .sort(
      (a, b) => b.madeAt.getTime() - a.madeAt.getTime() || b.writtenAt - a.writtenAt || b.name.localeCompare(a.name),
    )
    .map(({ writtenAt: _, ...backup }) => backup);
}

/** How many backups of each kind the project keeps (its setting, else 7; 0: no automatic backups). */
export function backupsToKeep(db: Db): number {
  try {
    const value = projectValue(db).get(KEEP_KEY);
    const n = Number(value);
    return value !== undefined && Number.isInteger(n) && n >= 0 ? n : DEFAULT_KEEP;
  } catch {
    return DEFAULT_KEEP;
  }
}

export function setBackupsToKeep(db: Db, keep: number): void {
  setProjectValue(db).run(KEEP_KEY, String(keep));
}

/**
 * Backs the project up now into its backups folder and prunes the folder;
 * throws what SQLite or the file system threw (a damaged page, a full disk),
 * leaving no partial file behind.
 */
export function makeBackup(db: Db, project: string, kind: BackupKind, now = new Date()): Backup {
  const folder = backupFolder(project);
  mkdirSync(folder, { recursive: true });
  const base = `${stem(project)} ${localDate(now)} ${pad(now.getHours())}-${pad(now.getMinutes())}-${pad(now.getSeconds())} ${KIND_WORDS[kind]}`;
  let name = `${base}${BACKUP_EXTENSION}`;
  for (let n = 2; existsSync(join(folder, name)); n++) name = `${base} (${n})${BACKUP_EXTENSION}`;
  const path = join(folder, name);
  // Its own temporary name: two programs opening the project in the same second each write their own.
  const partial = `${path}.${process.pid}-${randomBytes(3).toString('hex')}.partial`;
  try {
    db.prepare('VACUUM INTO ?').run(partial);
    renameSync(partial, path);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
  pruneBackups(project, backupsToKeep(db));
  return { name, path, kind, madeAt: now, bytes: statSync(path).size };
}

/** Makes the day's backup when none was made today (and the project keeps backups); null when there was nothing to do. */
export function dailyBackup(
  db: Db,
  project: string,
  now = new Date(),
  onStart?: (bytes: number) => void,
): Backup | null {
  if (backupsToKeep(db) === 0) return null;
  const today = localDate(now);
  if (listBackups(project).some((b) => b.kind === 'daily' && localDate(b.madeAt) === today)) return null;
  // The database's size as SQLite counts it: the file alone leaves out what is still in its write-ahead log.
  onStart?.(
    (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number),
  );
  return makeBackup(db, project, 'daily', now);
}

/**
 * Keeps the newest daily backup of each of the last `keep` days that have
 * one, and the newest `keep` backups made before a change; removes the rest
 * (never with keep 0, which only stops new ones). Returns the names removed.
 */
export function pruneBackups(project: string, keep: number): string[] {
  removeAbandoned(backupFolder(project));
  if (keep <= 0) return [];
  const days = new Set<string>();
  let changes = 0;
  const removed: string[] = [];
  for (const b of listBackups(project)) {
    const kept = b.kind === 'daily' ? !days.has(localDate(b.madeAt)) && days.size < keep : changes++ < keep;
    if (b.kind === 'daily' && kept) days.add(localDate(b.madeAt));
    if (kept) continue;
    rmSync(b.path, { force: true });
    removed.push(b.name);
  }
  return removed;
}

/** Temporary files of backups that never finished (the program was killed): gone after an hour, when no backup still writes them. */
function removeAbandoned(folder: string, now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(folder).filter((n) => /\.quire-backup\.[\w-]+\.partial$/.test(n));
  } catch {
    return;
  }
  for (const name of names) {
    try {
      if (now - statSync(join(folder, name)).mtimeMs > 60 * 60 * 1000) rmSync(join(folder, name), { force: true });
    } catch {
      // Gone already, or not ours to remove: left.
    }
  }
}

/** The number of documents in a backup, or null when it cannot be read. */
export function backupDocuments(path: string): number | null {
  return readOnly(path, (db) => documentCount(db).get()!, null);
}

/** Whether a backup is whole: SQLite's quick check of every page finds nothing wrong. */
export function backupIsGood(path: string): boolean {
  return readOnly(path, (db) => db.pragma('quick_check', { simple: true }) === 'ok', false);
}

/** The newest backup that is whole, or null when there is none. */
export function latestGoodBackup(project: string): Backup | null {
  return listBackups(project).find((b) => backupIsGood(b.path)) ?? null;
}

/**
 * Reads a database file (a backup, a project's settings) without changing it;
 * `fallback` when it cannot be opened or read. A project in WAL mode is read
 * through a read-write connection where the file allows it: a read-only one
 * leaves SQLite's -wal and -shm files beside it.
 */
export function readOnly<T>(path: string, read: (db: Db) => T, fallback: T, { project = false } = {}): T {
  let db: Db | null = null;
  try {
    db = new Database(path, { readonly: !project || whyReadOnly(path) !== null, fileMustExist: true });
    return read(db);
  } catch {
    return fallback;
  } finally {
    db?.close();
  }
}

/** A name for a restored copy beside the project that does not exist yet: "Belarus restored.quire". */
export function restoredName(project: string): string {
  const base = join(dirname(project), `${stem(project)} restored`);
  let path = `${base}.quire`;
  for (let n = 2; existsSync(path); n++) path = `${base} ${n}.quire`;
  return path;
}

const KIND_PHRASE: Record<BackupKind, string> = {
  daily: 'daily backup',
  merge: 'backup before a merge',
  update: 'backup before an update of the file format',
};

/** "the daily backup of 5 December 2025, 10:14" */
export function describeBackup(b: Backup): string {
  const when = b.madeAt.toLocaleString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  return `the ${KIND_PHRASE[b.kind]} of ${when}`;
}
