// What a user's machine does to a project file: a disk or a copy that damages
// a page, a file or folder that cannot be written.
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { chmodSync, closeSync, openSync, readSync, statSync, writeSync } from 'node:fs';

/**
 * Makes a file or folder read-only until the returned function is called. A
 * permission bit stops an ordinary user; root writes through those, so for
 * root the file system's immutable flag (chattr +i) stops every write, as a
 * read-only disk does.
 */
export function makeReadOnly(path: string): () => void {
  if (process.getuid?.() === 0) {
    execFileSync('chattr', ['+i', path]);
    return () => execFileSync('chattr', ['-i', path]);
  }
  const mode = statSync(path).mode & 0o777;
  chmodSync(path, mode & ~0o222);
  return () => chmodSync(path, mode);
}

/** The pages that hold rows of `table` itself (not its overflow), from SQLite's page statistics. The project must be closed. */
export function leafPages(file: string, table: string): number[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno")
      .pluck()
      .all(table) as number[];
  } finally {
    db.close();
  }
}

/**
 * Overwrites page `page` of a closed project (its WAL checkpointed into the
 * file) with noise from `seed`, from byte `from` of the page on, as a failing
 * disk or a broken copy would.
 */
export function damagePage(file: string, page: number, seed = 1, from = 0): void {
  const fd = openSync(file, 'r+');
  try {
    const header = Buffer.alloc(2);
    readSync(fd, header, 0, 2, 16);
    const size = header.readUInt16BE(0) === 1 ? 65536 : header.readUInt16BE(0);
    const noise = Buffer.alloc(size - from);
    let x = seed;
    for (let i = 0; i < noise.length; i++) noise[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    writeSync(fd, noise, 0, noise.length, (page - 1) * size + from);
  } finally {
    closeSync(fd);
  }
}
