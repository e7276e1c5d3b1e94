// Restoring a backup: always into a new file, never over the project or any
// other file, and only a backup that is whole. The backup itself is left as
// it was, so it stays the copy to go back to.
import Database from 'better-sqlite3';
import { copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { QuireError } from '../../../shared/errors.ts';
import { backupIsGood, backupFolder, describeBackup, listBackups, readOnly, type Backup } from './backups.ts';
import { explain } from '../export/write.ts';
import { translateSqliteError } from './errors.ts';
import { applyMigrations, isQuireProject, isSqliteFile, newerVersion } from './open.ts';
import { documentCount } from './queries/documents.ts';

export interface Restored {
  /** The new project file. */
  path: string;
  /** The backup it was made from. */
  backup: string;
  documents: number;
}

/**
 * Finds a backup of `project` by what the user typed: its number in the list
 * (1 is the newest), its name in the backups folder, or a path.
 */
export function findBackup(project: string, ref: string): Backup | { path: string; name: string } {
  const backups = listBackups(project);
  if (/^\d+$/.test(ref) && Number(ref) >= 1 && Number(ref) <= backups.length) return backups[Number(ref) - 1]!;
  const named = backups.find((b) => b.name === ref);
  if (named) return named;
  if (existsSync(ref) && statSync(ref).isFile()) return { path: resolve(ref), name: basename(ref) };
  const hint = backups.length
    ? `\`quire backups\` lists the ${backups.length} in “${backupFolder(project)}”.`
    : `There are no backups in “${backupFolder(project)}”.`;
  throw new QuireError('not_found', `There is no backup “${ref}”. ${hint}`);
}

/** Makes a new project at `to` from a backup of `project` (see findBackup), checked whole first and brought up to this version's format. */
export function restoreBackup(project: string, ref: string, to: string): Restored {
  const backup = findBackup(project, ref);
  const target = resolve(extname(to) ? to : `${to}.quire`);
  if (target === resolve(project))
    throw new QuireError(
      'invalid_input',
      `A backup is restored into a new file, never over the project itself: choose another name than ${target}.`,
    );
  if (existsSync(target))
    throw new QuireError(
      'invalid_input',
      `${target} already exists: a backup is restored into a new file only. Choose another name.`,
    );
  const label = 'kind' in backup ? describeBackup(backup) : `“${backup.name}”`;
  assertWhole(backup.path, label);
  const partial = join(dirname(target), `.${basename(target)}.partial`);
  try {
    copyFileSync(backup.path, partial);
    const db = new Database(partial);
    try {
      // The backup stays as it was; the new project is in this version's format.
      applyMigrations(db);
      db.pragma('journal_mode = WAL');
    } finally {
      db.close();
    }
    renameSync(partial, target);
  } catch (e) {
    for (const f of [partial, `${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
    // A folder that cannot be written, a full disk: said about the new file the user named.
    throw explain(translateSqliteError(e, target), target);
  }
  return { path: target, backup: backup.path, documents: readOnly(target, (db) => documentCount(db).get()!, 0) };
}

function assertWhole(path: string, named: string): void {
  const label = named.charAt(0).toUpperCase() + named.slice(1);
  if (!isSqliteFile(path))
    throw new QuireError('invalid_input', `${label} is not a Quire backup (it is not an SQLite database).`);
  const kind = readOnly(
    path,
    (db) => (!isQuireProject(db) ? 'other' : newerVersion(db) !== null ? 'newer' : 'ok'),
    'unreadable',
  );
  if (kind === 'other')
    throw new QuireError('invalid_input', `${label} is an SQLite database, but not a Quire backup.`);
  if (kind === 'newer')
    throw new QuireError('invalid_input', `${label} was made by a newer version of Quire: update Quire to restore it.`);
  if (kind === 'unreadable' || !backupIsGood(path))
    throw new QuireError(
      'damaged',
      `${label} is damaged too (${path}): restore an older one (\`quire backups\` lists them).`,
    );
}
