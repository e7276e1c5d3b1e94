// Whether Quire may write a project: asked before SQLite is, so a read-only
// project opens read-only and says why, instead of failing at its first write.
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Why a project cannot be written, in words ("the file is read-only"), or
 * null when it can. SQLite writes beside the file (its -wal and -shm), so the
 * folder must be writable too. A file that does not exist yet can be created
 * when its folder is writable.
 */
export function whyReadOnly(file: string): string | null {
  const writable = (path: string) => {
    try {
      accessSync(path, constants.W_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (existsSync(file) && !writable(file)) return 'its file is read-only';
  if (!writable(dirname(file)))
    return `its folder ${dirname(file)} cannot be written (a read-only disk, share or folder)`;
  return null;
}
