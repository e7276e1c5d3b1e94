import { Name } from '../../../shared/api/common.ts';
import { QuireError } from '../../../shared/errors.ts';
import type { Db } from '../db/open.ts';
import { coderIdNamed, codersWithCounts, insertCoder, setCoderBlind } from '../db/queries/coders.ts';
import type { Environment } from '../environment.ts';
import { newGuid } from '../guid.ts';
import { readPreferences, writePreferences } from '../preferences.ts';
import { viewerParam, type Viewer } from '../viewer.ts';

/**
 * Who codes when nobody said in this session: the environment's coder
 * (QUIRE_CODER, an explicit override for one process), else the name the user
 * chose last (a preference, kept across restarts), else the operating system's user name.
 */
export function defaultCoderName(environment: Environment): string {
  if (environment.coder?.trim()) return environment.coder.trim();
  // The file may have been edited by hand: a name only if the contract would take it.
  const stored = Name.safeParse(readPreferences(environment.dataDir).coder);
  if (stored.success) return stored.data;
  return environment.user || 'coder';
}

/**
 * Checks a name the user gave themself and remembers it for the next start.
 * Failing to store it (a read-only home folder) does not stop the session
 * coding under that name, so it is not an error.
 */
export function chooseCoderName(name: string, environment: Environment): string {
  // setCoder's input is checked already; this says what is wrong in words for other callers.
  const parsed = Name.safeParse(name);
  if (!parsed.success)
    throw new QuireError(
      'invalid_input',
      name.trim() ? `A coder name has at most ${Name.maxLength} characters.` : 'Give a coder name.',
    );
  const chosen = parsed.data;
  try {
    if (environment.dataDir) writePreferences({ coder: chosen }, environment.dataDir);
  } catch {
    // Remembered for this session only.
  }
  return chosen;
}

/** The coder's id, adding the coder to the project the first time. Coders are never undone away. */
export function coderId(db: Db, name: string): number {
  const found = coderIdNamed(db).get(name);
  if (found) return found;
  // Another program may add the same coder between the look and the insert (two imports started together):
  // the insert then does nothing, and the coder it added is the one.
  insertCoder(db).run(newGuid(), name, new Date().toISOString());
  return coderIdNamed(db).get(name)!;
}

/** The coders the viewer may see (a blind coder sees only themself) with their number of placed codings, by name. */
export function listCoders(db: Db, viewer: Viewer): { name: string; codings: number }[] {
  return codersWithCounts(db).all({ viewer: viewerParam(viewer) });
}

/**
 * Turns blind coding on or off for a coder: a setting of theirs kept in the
 * project, not a change to the record (it is not in the history).
 */
export function setBlind(db: Db, name: string, blind: boolean): void {
  setCoderBlind(db).run(blind ? 1 : 0, coderId(db, name));
}
