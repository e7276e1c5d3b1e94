import { closeSync, existsSync, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { QuireError } from '../../../shared/errors.ts';
import type { ImportFileResult } from '../../../shared/api.ts';
import { megabytes } from '../../../shared/text.ts';
import { importerFor, supportedExtensions } from './importers/index.ts';

export const MAX_FILE_BYTES = 50 * 1024 * 1024;

/** The files an import will read, and what was decided about the rest without reading them. */
export interface FileList {
  files: PathList;
  rejected: ImportFileResult[];
}

/**
 * Paths of files, in the order they were added, kept compactly: each folder's
 * path once, with the names of its files in one string, so that a million
 * files take about as many bytes as their names (a string per path took
 * several times that). Read in order, as an import reads them (a few places at
 * once: parsing ahead, writing, the files left at the end), each path is found
 * from where the last one was.
 */
export class PathList {
  private readonly folders: string[] = [];
  /** Each folder's file names, joined by NUL (which no file name holds). */
  private readonly names: string[] = [];
  /** How many files the folders hold up to and including each one. */
  private readonly ends: number[] = [];
  /** The names of the folder files are being added to, joined when another folder starts or the list is read. */
  private adding: string[] = [];
  /** Where the last few reads were: a folder, a name's place among its names and where that name starts. */
  private readonly cursors: { folder: number; index: number; at: number }[] = [];

  static of(paths: readonly string[]): PathList {
    const list = new PathList();
    for (const path of paths) list.push(path);
    return list;
  }

  get length(): number {
    return (this.ends[this.ends.length - 1] ?? 0) + this.adding.length;
  }

  push(path: string): void {
    const folder = dirname(path);
    if (!this.adding.length || folder !== this.folders[this.folders.length - 1]) {
      this.close();
      this.folders.push(folder);
    }
    this.adding.push(basename(path));
  }

  at(i: number): string | undefined {
    this.close();
    if (!Number.isInteger(i) || i < 0 || i >= this.length) return undefined;
    // The first folder whose files end past i, and i's place among its names.
    let folder = 0;
    for (let hi = this.ends.length - 1; folder < hi;) {
      const mid = (folder + hi) >> 1;
      if (this.ends[mid]! > i) hi = mid;
      else folder = mid + 1;
    }
    const index = i - (folder ? this.ends[folder - 1]! : 0);
    const names = this.names[folder]!;
    // From the nearest read before it in that folder (or the folder's first name), the least way forward.
    let cursor: { folder: number; index: number; at: number } | undefined;
    for (const c of this.cursors)
      if (c.folder === folder && c.index <= index && (!cursor || c.index > cursor.index)) cursor = c;
    if (!cursor) {
      cursor = { folder, index: 0, at: 0 };
      if (this.cursors.length >= 4) this.cursors.shift();
      this.cursors.push(cursor);
    }
    for (; cursor.index < index; cursor.index++) cursor.at = names.indexOf('\0', cursor.at) + 1;
    const end = names.indexOf('\0', cursor.at);
    return join(this.folders[folder]!, names.slice(cursor.at, end < 0 ? undefined : end));
  }

  slice(from: number, to = this.length): string[] {
    const out: string[] = [];
    for (let i = from; i < Math.min(to, this.length); i++) out.push(this.at(i)!);
    return out;
  }

  some(test: (path: string) => unknown): boolean {
    for (let i = 0; i < this.length; i++) if (test(this.at(i)!)) return true;
    return false;
  }

  private close(): void {
    if (!this.adding.length) return;
    this.names.push(this.adding.join('\0'));
    this.ends.push((this.ends[this.ends.length - 1] ?? 0) + this.adding.length);
    this.adding = [];
  }
}

/** Expands files and folders (recursively, hidden entries and link cycles skipped) into importable files. */
export function listImportFiles(paths: readonly string[]): FileList {
  const out: FileList = { files: new PathList(), rejected: [] };
  const visited = new Set<string>();
  for (const given of paths) {
    const path = resolve(given);
    let st;
    try {
      st = statSync(path);
    } catch (e) {
      out.rejected.push({ path, status: 'failed', message: fsMessage(e), warnings: [] });
      continue;
    }
    if (st.isDirectory()) walk(path, out, visited);
    else if (!st.isFile())
      out.rejected.push({ path, status: 'failed', message: 'This is not a regular file.', warnings: [] });
    else if (importerFor(path)) out.files.push(path);
    else out.rejected.push({ path, status: 'failed', message: unsupported(path), warnings: [] });
  }
  return out;
}

function walk(dir: string, out: FileList, visited: Set<string>): void {
  const stack = [dir];
  while (stack.length) {
    const current = stack.pop()!;
    let real: string;
    let entries;
    try {
      real = realpathSync(current);
      if (visited.has(real)) continue;
      visited.add(real);
      entries = readdirSync(current, { withFileTypes: true });
    } catch (e) {
      out.rejected.push({ path: current, status: 'failed', message: fsMessage(e), warnings: [] });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    const page = savedPageOf(current);
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = join(current, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = statSync(path);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch (e) {
          out.rejected.push({ path, status: 'failed', message: fsMessage(e), warnings: [] });
          continue;
        }
      }
      if (isDir) subdirs.push(path);
      else if (isFile && page && importerFor(path)?.format === 'image')
        out.rejected.push({
          path,
          status: 'skipped',
          message: `A picture of the saved web page “${page}”, not an article: not read by OCR.`,
          warnings: [],
        });
      else if (isFile && importerFor(path)) out.files.push(path);
      else if (isFile) out.rejected.push({ path, status: 'skipped', message: unsupported(path), warnings: [] });
    }
    stack.push(...subdirs.reverse());
  }
}

/**
 * A browser saves a web page as "Page.html" and its pictures, scripts and
 * styles in "Page_files" beside it: that folder's pictures are not articles
 * to read by OCR. The page's file name when `folder` is such a folder.
 */
function savedPageOf(folder: string): string | null {
  const match = /^(.+)_files$/.exec(basename(folder));
  if (!match) return null;
  return (
    ['.html', '.htm'].map((ext) => `${match[1]}${ext}`).find((name) => existsSync(join(dirname(folder), name))) ?? null
  );
}

export function unsupported(path: string): string {
  const ext = extname(path).toLowerCase();
  const kind = ext ? `${ext} files` : 'files without an extension';
  return `Quire does not import ${kind} (it reads ${supportedExtensions().join(', ')}).`;
}

/** Reads a whole file, refusing one larger than the limit before reading it. */
export function readFileLimited(path: string, limit = MAX_FILE_BYTES): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new QuireError('invalid_input', fsMessage(e), { cause: e });
  }
  try {
    const size = fstatSync(fd).size;
    if (size > limit) {
      throw new QuireError(
        'invalid_input',
        `The file is ${megabytes(size)}; Quire imports files up to ${megabytes(limit)}. Split it into smaller files first.`,
      );
    }
    const buffer = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, buffer, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } catch (e) {
    if (e instanceof QuireError) throw e;
    throw new QuireError('invalid_input', fsMessage(e), { cause: e });
  } finally {
    closeSync(fd);
  }
}

/** A file-system failure in words a person understands. */
export function fsMessage(e: unknown): string {
  const code = (e as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'The file or folder does not exist (it may have been moved or deleted).';
    case 'EACCES':
    case 'EPERM':
      return 'Quire is not allowed to read this (permission denied).';
    case 'ELOOP':
      return 'This is a link that leads back to itself.';
    case 'ENAMETOOLONG':
      return 'The path is too long.';
    case 'EISDIR':
      return 'This is a folder, not a file.';
    case 'EIO':
      return 'The file could not be read (input/output error: is the disk or network drive still connected?).';
    case 'EMFILE':
    case 'ENFILE':
      return 'Too many files are open at once; close some programs and try again.';
    default:
      return `The file could not be read${code ? ` (${code})` : ''}: ${(e as Error)?.message ?? String(e)}`;
  }
}
