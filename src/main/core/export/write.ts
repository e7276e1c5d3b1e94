// Writing an export: whole or not at all. The bytes go to a temporary file
// beside the target, which is renamed over it only once complete, so a full
// disk or a failure midway never leaves a half-written file behind.
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { rm, writeFile, rename } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { QuireError } from '../../../shared/errors.ts';

export async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = temporaryBeside(path);
  try {
    await writeFile(temporary, bytes, { flag: 'wx' });
    await rename(temporary, path);
  } catch (e) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw explain(e, path);
  }
}

/** The same, synchronously: for small files written where nothing may wait (preferences, the app's state). */
export function writeFileAtomicallySync(path: string, data: Uint8Array | string): void {
  const temporary = temporaryBeside(path);
  try {
    writeFileSync(temporary, data, { flag: 'wx' });
    renameSync(temporary, path);
  } catch (e) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // The error that matters is the first one.
    }
    throw explain(e, path);
  }
}

const temporaryBeside = (path: string) =>
  join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.part`);

/** A file system's refusal to write `path`, in words (what a user can do about it); anything else as it is. */
export function explain(e: unknown, path: string): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new QuireError('disk_full', `The disk is full: ${path} was not written.`, { cause: e });
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new QuireError('invalid_input', `Quire may not write ${path}: choose another folder.`, { cause: e });
  if (code === 'ENOENT')
    return new QuireError('invalid_input', `The folder ${dirname(path)} does not exist.`, { cause: e });
  if (code === 'EISDIR') return new QuireError('invalid_input', `${path} is a folder; give a file name.`, { cause: e });
  return e;
}
