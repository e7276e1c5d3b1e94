// The work of importing one file that needs no database: read it, decode it,
// extract its text and metadata, hash it. It runs in a worker thread for large
// imports, so the main thread only writes to SQLite.
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { countCodePoints } from '../../../shared/codepoints.ts';
import { QuireError } from '../../../shared/errors.ts';
import { readFileLimited } from './files.ts';
import { importerFor, type FoundMetadata } from './importers/index.ts';

export type ParsedFile =
  | {
      ok: true;
      format: string;
      text: string;
      metadata: FoundMetadata;
      encoding: string;
      warnings: string[];
      contentHash: string;
      originalHash: string;
      originalSize: number;
      charCount: number;
      /** The file's bytes when they differ from the stored text in UTF-8; null when they are the same. */
      original: Uint8Array | null;
    }
  | { ok: false; message: string };

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

export async function parseFile(path: string, maxBytes: number): Promise<ParsedFile> {
  try {
    return await parseBytes(basename(path), readFileLimited(path, maxBytes));
  } catch (e) {
    return { ok: false, message: e instanceof QuireError ? e.message : String(e) };
  }
}

/** Parses a file's bytes by its name's extension. */
export async function parseBytes(name: string, bytes: Uint8Array): Promise<ParsedFile> {
  const importer = importerFor(name);
  if (!importer) return { ok: false, message: 'Quire cannot import this kind of file.' };
  try {
    const parsed = await importer.parse(bytes, name);
    const stored = Buffer.from(parsed.text, 'utf8');
    const identical = stored.equals(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const contentHash = sha256(stored);
    return {
      ok: true,
      format: importer.format,
      text: parsed.text,
      metadata: parsed.metadata,
      encoding: parsed.encoding,
      warnings: parsed.warnings,
      contentHash,
      originalHash: identical ? contentHash : sha256(bytes),
      originalSize: bytes.length,
      charCount: countCodePoints(parsed.text),
      original: identical ? null : bytes,
    };
  } catch (e) {
    const message = e instanceof QuireError ? e.message : `The file could not be read as ${importer.description}: ${(e as Error)?.message ?? e}`;
    return { ok: false, message };
  }
}
