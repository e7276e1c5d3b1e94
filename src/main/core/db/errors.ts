// SQLite's failures that a user's machine causes (a full disk, a read-only
// folder, a second program writing, a damaged file), mapped in one place to
// messages that say what happened and what to do, never a stack trace.
import { QuireError } from '../../../shared/errors.ts';
import { plural } from '../../../shared/text.ts';
import { backupFolder, describeBackup, listBackups, restoredName } from './backups.ts';
import { BUSY_TIMEOUT_MS } from '../environment.ts';
import { describeSession, environmentOf, otherSessions } from './sessions.ts';
import { whyReadOnly } from './writable.ts';

export { whyReadOnly } from './writable.ts';

const code = (e: unknown) => ((e as { code?: unknown })?.code as string | undefined) ?? '';
const is = (c: string, base: string) => c === base || c.startsWith(`${base}_`);

/** Whether an error is SQLite saying the file is damaged (a page that is not what it should be). */
export function isDamage(e: unknown): boolean {
  const c = code(e);
  return is(c, 'SQLITE_CORRUPT') || c === 'SQLITE_NOTADB';
}

/** Maps SQLite's failures a user can cause to messages a person understands; anything else is returned as it is. */
export function translateSqliteError(e: unknown, file?: string): unknown {
  if (e instanceof QuireError) return e;
  if (file === ':memory:') file = undefined;
  const c = code(e);
  const where = file ? ` (${file})` : '';
  if (is(c, 'SQLITE_FULL'))
    return new QuireError(
      'disk_full',
      `The disk is full${where}. Free some space and try again; nothing partial was saved.`,
      { cause: e },
    );
  if (is(c, 'SQLITE_READONLY'))
    return new QuireError('read_only', readOnlyRefusal((file && whyReadOnly(file)) || 'it cannot be written'), {
      cause: e,
    });
  if (is(c, 'SQLITE_BUSY') || is(c, 'SQLITE_LOCKED'))
    return new QuireError('project_locked', busyMessage(file), { cause: e });
  if (c === 'SQLITE_CORRUPT_VTAB')
    return new QuireError(
      'damaged',
      `The search index of the project${where} is damaged. Nothing was changed; \`quire check --repair\` rebuilds it from the documents.`,
      { cause: e },
    );
  if (isDamage(e)) return new QuireError('damaged', damageMessage(file), { cause: e });
  if (c === 'SQLITE_CANTOPEN')
    return new QuireError(
      'project_missing',
      `The project${where} cannot be opened: check that it and its folder exist and can be read.`,
      { cause: e },
    );
  return e;
}

/** A write that waited its time (the environment's, else BUSY_TIMEOUT_MS) for another: who else has the file open, as far as this computer knows. */
function busyMessage(file: string | undefined): string {
  const waited = file ? environmentOf(file).busyTimeoutMs : BUSY_TIMEOUT_MS;
  const others = file ? otherSessions(file) : [];
  const who = others.length
    ? `${others.length === 1 ? 'another program has it open' : 'other programs have it open'}: ${others.map(describeSession).join('; ')}`
    : 'another Quire window or command (or another program) is writing to it';
  return `The project${file ? ` ${file}` : ''} is busy: ${who}, and it was not free after ${plural(waited / 1000, 'second')} of waiting. Nothing was changed; try again when the other has finished.`;
}

/** What a command that met a damaged page says: what happened, that nothing changed, and what to do (the newest backup). */
export function damageMessage(file: string | undefined): string {
  const head = `The project file${file ? ` ${file}` : ''} is damaged: part of it cannot be read. Nothing was changed. \`quire check\` shows what is affected.`;
  if (!file) return head;
  const newest = listBackups(file)[0];
  if (!newest)
    return `${head} There is no backup of it in “${backupFolder(file)}”: copy the file somewhere safe before anything else.`;
  return `${head} The newest backup is ${describeBackup(newest)}: \`quire restore "${newest.path}" --to "${restoredName(file)}"\` makes a new project of it.`;
}

/** What a read-only project says when it opens. */
export const readOnlyNotice = (reason: string) =>
  `This project is read-only: ${reason}. You can read, search and export it, but not change it.`;

/** What a read-only project says to a change: one message, whatever the change. */
export const readOnlyRefusal = (reason: string) =>
  `${readOnlyNotice(reason)} Nothing was changed. To work in it, copy it to a folder you can write to and open the copy.`;
