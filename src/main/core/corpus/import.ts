import { createHash, randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { ImportFileResult, ImportProgress, ImportReport } from '../../../shared/api.ts';
import { QuireError } from '../../../shared/errors.ts';
import { translateSqliteError, type Db } from '../db/open.ts';
import { importerFor } from './importers/index.ts';
import { listImportFiles, MAX_FILE_BYTES, readFileLimited } from './files.ts';
import { countCodePoints } from './normalise.ts';

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
  /** Files larger than this are refused with a message (default 50 MB). */
  maxFileBytes?: number;
  /** The most files one transaction holds (default 500; a batch also ends after 250 ms). */
  batchSize?: number;
}

/**
 * Imports files and folders. Each file is imported whole or not at all; a
 * failing file never stops the batch. Documents are committed in batches, so
 * an interrupted import leaves only whole documents behind.
 */
export async function importFiles(db: Db, paths: readonly string[], options: ImportOptions = {}): Promise<ImportReport> {
  const { files, rejected } = listImportFiles(paths);
  const results: ImportFileResult[] = [...rejected];
  const importer = new FileImporter(db, options.maxFileBytes ?? MAX_FILE_BYTES);
  const batchSize = options.batchSize ?? 500;
  const total = files.length;
  let next = 0;
  let stopped: QuireError | null = null;

  const runBatch = db.transaction((start: number) => {
    const deadline = performance.now() + 250;
    const batch: ImportFileResult[] = [];
    let i = start;
    while (i < total && i - start < batchSize && performance.now() < deadline && !options.signal?.aborted) {
      const path = files[i]!;
      options.onProgress?.({ done: i, total, current: path });
      const result = importer.importOne(path);
      i++;
      if (result.fatal) {
        stopped = result.fatal;
        batch.push(result.result);
        break;
      }
      batch.push(result.result);
    }
    return { end: i, batch };
  });

  while (next < total && !stopped && !options.signal?.aborted) {
    const start = next;
    try {
      const { end, batch } = runBatch(start);
      results.push(...batch);
      next = end;
    } catch (e) {
      // The commit itself failed (disk full, say): nothing of this batch was saved.
      const error = asQuireError(e);
      stopped = error;
      next = start;
      break;
    }
    if (next < total) await new Promise((r) => setImmediate(r));
  }

  for (const path of files.slice(next)) {
    const message = stopped ? `Not imported: ${(stopped as QuireError).message}` : 'Not imported: the import was cancelled.';
    results.push({ path, status: stopped ? 'failed' : 'skipped', message, warnings: [] });
  }
  options.onProgress?.({ done: total, total, current: '' });
  return summarise(results, !stopped && Boolean(options.signal?.aborted) && next < total);
}

function summarise(files: ImportFileResult[], cancelled: boolean): ImportReport {
  const count = (s: ImportFileResult['status']) => files.filter((f) => f.status === s).length;
  return { files, imported: count('imported'), duplicates: count('duplicate'), failed: count('failed'), skipped: count('skipped'), cancelled };
}

function asQuireError(e: unknown): QuireError {
  const t = translateSqliteError(e);
  return t instanceof QuireError ? t : new QuireError('internal', `The import stopped: ${(e as Error)?.message ?? String(e)}`, { cause: e });
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** Imports one file at a time inside the caller's transaction, each in its own savepoint. */
class FileImporter {
  private readonly db: Db;
  private readonly maxBytes: number;
  private readonly findByHash;
  private readonly insertDocument;
  private readonly insertOriginal;
  private readonly insertInSavepoint;

  constructor(db: Db, maxBytes: number) {
    this.db = db;
    this.maxBytes = maxBytes;
    this.findByHash = db.prepare<[string], { id: number; title: string }>(
      'SELECT id, coalesce(title, filename, guid) AS title FROM documents WHERE content_hash = ?',
    );
    this.insertDocument = db.prepare(
      `INSERT INTO documents (guid, title, body, source, author, published, url, language, filename, path, format,
         encoding, content_hash, original_hash, original_size, char_count, imported_at, import_notes)
       VALUES (@guid, @title, @body, @source, @author, @published, @url, @language, @filename, @path, @format,
         @encoding, @contentHash, @originalHash, @originalSize, @charCount, @importedAt, @importNotes)`,
    );
    this.insertOriginal = db.prepare('INSERT INTO document_originals (document_id, bytes) VALUES (?, ?)');
    // A nested better-sqlite3 transaction is a savepoint: a failure undoes this file only.
    this.insertInSavepoint = db.transaction((row: Record<string, unknown>, original: Buffer | null) => {
      const id = Number(this.insertDocument.run(row).lastInsertRowid);
      if (original) this.insertOriginal.run(id, original);
      return id;
    });
  }

  importOne(path: string): { result: ImportFileResult; fatal?: QuireError } {
    const importer = importerFor(path)!;
    let parsed;
    let bytes: Buffer;
    try {
      bytes = readFileLimited(path, this.maxBytes);
      parsed = importer.parse(bytes, basename(path));
    } catch (e) {
      const message = e instanceof QuireError ? e.message : `The file could not be read as ${importer.description}: ${(e as Error)?.message ?? e}`;
      return { result: { path, status: 'failed', message, warnings: [] } };
    }
    const stored = Buffer.from(parsed.text, 'utf8');
    const contentHash = sha256(stored);
    const existing = this.findByHash.get(contentHash);
    if (existing) {
      return {
        result: {
          path,
          status: 'duplicate',
          documentId: existing.id,
          title: existing.title,
          message: `Already in the project as “${existing.title}”.`,
          warnings: parsed.warnings,
        },
      };
    }
    const identical = stored.equals(bytes);
    const m = parsed.metadata;
    try {
      const id = this.insertInSavepoint(
        {
          guid: randomUUID(),
          title: m.title,
          body: parsed.text,
          source: m.source,
          author: m.author,
          published: m.published,
          url: m.url,
          language: m.language,
          filename: basename(path),
          path,
          format: importer.format,
          encoding: parsed.encoding,
          contentHash,
          originalHash: identical ? contentHash : sha256(bytes),
          originalSize: bytes.length,
          charCount: countCodePoints(parsed.text),
          importedAt: new Date().toISOString(),
          importNotes: parsed.warnings.length ? JSON.stringify(parsed.warnings) : null,
        },
        identical ? null : bytes,
      );
      return { result: { path, status: 'imported', documentId: id, title: m.title ?? basename(path), warnings: parsed.warnings } };
    } catch (e) {
      const error = asQuireError(e);
      const fatal = error.code === 'disk_full' || error.code === 'read_only' || error.code === 'project_locked';
      return { result: { path, status: 'failed', message: error.message, warnings: [] }, fatal: fatal ? error : undefined };
    }
  }
}
