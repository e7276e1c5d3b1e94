// Reading a file to merge, given by path (desktop, CLI) or as uploaded bytes
// (browser): another Quire project, or a REFI-QDA project or codebook, told
// apart by what the file holds rather than by its name.
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { QuireError } from '../../../shared/errors.ts';
import { isSqliteFile } from '../db/open.ts';
import type { RefiInput } from './model.ts';
import { readCodebook } from './qdc-read.ts';
import { decodeXml, NO_FILES, readProject, readQdpx, withProblems } from './qdpx-read.ts';
import { readQuireProject } from './quire-read.ts';
import { readCheckedXml } from './validate.ts';

export interface ExchangeSource {
  path?: string;
  upload?: { name: string; base64: string };
}

/** A project exchange file holds every text, so it may be larger than one document (50 MB). */
export const MAX_EXCHANGE_BYTES = 500 * 1024 * 1024;

const tooLarge = (name: string) =>
  new QuireError(
    'invalid_input',
    `${name} is too large: Quire merges files up to ${MAX_EXCHANGE_BYTES / 1024 / 1024} MB.`,
  );

/**
 * Reads a file to merge into `intoPath` (the open project, which cannot be
 * merged into itself). Refuses files over the size limit before reading them.
 */
export async function readExchangeFile(
  source: ExchangeSource,
  intoPath: string,
): Promise<{ name: string; input: RefiInput }> {
  if (source.upload) {
    const name = source.upload.name;
    // base64 is 4/3 of the bytes: refuse before decoding.
    if (source.upload.base64.length * 0.75 > MAX_EXCHANGE_BYTES + 3) throw tooLarge(`“${name}”`);
    return { name, input: await readExchangeBytes({ name, bytes: Buffer.from(source.upload.base64, 'base64') }) };
  }
  const path = source.path!;
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory())
      throw new QuireError('invalid_input', `${path} is a folder: choose a .quire, .qdpx or .qdc file.`);
    size = st.size;
  } catch (e) {
    if (e instanceof QuireError) throw e;
    throw new QuireError('not_found', `There is no file ${path}.`);
  }
  if (size > MAX_EXCHANGE_BYTES) throw tooLarge(basename(path));
  const name = basename(path);
  if (!isSqliteFile(path)) return { name, input: await readOther({ name, bytes: readFileSync(path) }) };
  if (intoPath !== ':memory:' && existsSync(intoPath) && realpathSync(path) === realpathSync(intoPath)) {
    throw new QuireError('invalid_input', `${name} is the project open now: choose another project to merge into it.`);
  }
  return {
    name,
    input: withCopy((copy) => {
      copyFileSync(path, copy);
      // Changes the other program has not yet moved into the file itself are in its write-ahead log.
      if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
    }, `“${name}”`),
  };
}

/** A file's bytes, read by what they hold: a Quire project (from a temporary copy), else a REFI-QDA file. */
export async function readExchangeBytes(file: { name: string; bytes: Uint8Array }): Promise<RefiInput> {
  if (isSqliteFile(file.bytes)) return withCopy((copy) => writeFileSync(copy, file.bytes), `“${file.name}”`);
  return readOther(file);
}

/** Reads a REFI-QDA file by what it holds, whatever its name says: a zip is a .qdpx, XML a codebook or a bare project. */
export async function readRefiFile(file: { name: string; bytes: Uint8Array }): Promise<RefiInput> {
  const [a, b] = file.bytes;
  if (a === 0x50 && b === 0x4b) return readQdpx(file.bytes, file.name);
  if (/\.qdpx$/i.test(file.name))
    throw new QuireError(
      'invalid_input',
      `“${file.name}” is not a .qdpx file: a .qdpx file is a zip archive, and this one is not.`,
    );
  const label = `“${file.name}”`;
  const checked = await readCheckedXml(decodeXml(file.bytes, label), label);
  if (checked.name === 'CodeBook') return withProblems(readCodebook(checked.element), checked, label);
  if (checked.name === 'Project') return withProblems(readProject(checked.element, NO_FILES), checked, label);
  throw new QuireError(
    'invalid_input',
    `${label} is neither a REFI-QDA codebook nor a project: its root element is <${checked.name}>.`,
  );
}

/** A file that is not an SQLite database: a REFI-QDA file, unless its name says it should have been a Quire project. */
function readOther(file: { name: string; bytes: Uint8Array }): Promise<RefiInput> {
  if (/\.quire$/i.test(file.name))
    throw new QuireError(
      'invalid_input',
      `“${file.name}” cannot be merged: it is not a Quire project (it is not an SQLite database).`,
    );
  return readRefiFile(file);
}

/** Reads a Quire project from a temporary copy, removed afterwards: the user's file is never opened, so nothing can change it. */
function withCopy(write: (copy: string) => void, label: string): RefiInput {
  const dir = mkdtempSync(join(tmpdir(), 'quire-merge-'));
  try {
    const copy = join(dir, 'other.quire');
    write(copy);
    return readQuireProject(copy, label);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
