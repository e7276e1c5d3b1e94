import { basename } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import type { ImportFileResult, ImportProgress, ImportReport } from '../../../shared/api.ts';
import { ImportLog, ImportResults } from './import-report.ts';
import { QuireError } from '../../../shared/errors.ts';
import { clip } from '../../../shared/text.ts';
import { idRanges, logAdopted, type AdoptedEntry } from '../commands/log.ts';
import { checkpointsDuring } from '../db/checkpoints.ts';
import { translateSqliteError, type Db } from '../db/open.ts';
import { writesBegun } from '../db/db.ts';
import { addNewTerms, termsBehind } from '../search/terms.ts';
import { withIndexWrittenDirectly, writeDocumentIndex, type DocumentIndex } from '../db/search-index.ts';
import { StagedBuckets, type BucketTable } from './near-index.ts';
import { keepFilter, type ImportScope } from './bucket-filter.ts';
import { newGuid } from '../guid.ts';
import { listImportFiles, MAX_FILE_BYTES, unsupported } from './files.ts';
import { parsedSize, type ParsedFile } from './parse.ts';
import { ParseAhead } from './parse-ahead.ts';
import { importerFor } from './importers/index.ts';
import { createParser, helpWhileWaiting, type Parser } from './parsers.ts';
import { DEFAULT_PARSE_OPTIONS, type ParseOptions } from './importers/types.ts';
import type { OcrLanguage } from '../../../shared/ocr.ts';

export interface ImportOptions {
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
  /** Files larger than this are refused with a message (default 50 MB). */
  maxFileBytes?: number;
  /** The languages OCR reads scans and images in (default English). */
  ocrLanguages?: OcrLanguage[];
  /** The most files one transaction holds (default 500; a batch also ends after 250 ms). */
  batchSize?: number;
  /** A batch also ends once its files, parsed, hold this many bytes (default 16 MB; parse.ts parsedSize). */
  batchBytes?: number;
  /** How many documents are written between two updates of the vocabulary, besides the one as it ends (default 5,000). */
  vocabularyEvery?: number;
  /** Who imports, for the history (the import is one command that undo takes back). */
  coderId?: number | null;
  /** Checks the documents written (the near-duplicate check, near-check.ts). */
  check?: WrittenCheck;
  /** Where the files past those the report lists are written (by default a new log beside the project). */
  log?: ImportLog;
}

/**
 * What checks the documents an import writes: told of each batch once it is committed, with the near-duplicate
 * buckets the import worked out for them (so the check need not work them out again) and the parser that read them
 * (whose worker may do the work); waited for before that parser closes.
 */
export interface WrittenCheck {
  add(
    ids: readonly number[],
    buckets: ReadonlyMap<number, readonly number[]> | undefined,
    parser: Parser | null,
    scope?: ImportScope,
    /** Whether nothing else has written since the import began, asked again when the check is done. */
    stillAlone?: () => boolean,
  ): void;
  settle(): Promise<void>;
}

export interface UploadOptions {
  /** Each file as it has been read (parsed), and the end, when all are written. */
  onProgress?: (progress: ImportProgress) => void;
  /** Files larger than this are refused with a message (default 50 MB). */
  maxFileBytes?: number;
  /** The languages OCR reads scans and images in (default English). */
  ocrLanguages?: OcrLanguage[];
  /** Who imports, for the history. */
  coderId?: number | null;
  /** Checks the documents written, once they are committed. */
  check?: WrittenCheck;
  /** Where the files past those the report lists are written (by default a new log beside the project). */
  log?: ImportLog;
}

/**
 * How far parsing may run ahead of writing (parse-ahead.ts): a batch's worth of files (its default size), so the
 * parser goes on reading the whole next batch while one is written (with 250, half a batch, it stood idle for
 * part of every write, and the import waited on it after); 16 MB, counted as parsed, bounds what they hold
 * whatever the files are.
 */
const AHEAD_FILES = 500;
const AHEAD_BYTES = 16 * 1024 * 1024;
/** A batch also ends once the files it holds, parsed, reach this size (the first file always goes in). */
const BATCH_BYTES = 16 * 1024 * 1024;

/**
 * How many documents an import writes before it brings the vocabulary up to date (search/terms.ts), besides when it
 * ends. Taking a batch's terms in each batch cost a BBC import (2,128 articles, six batches) 235 ms, against 60 for
 * all of them at its end, read from the index's own vocabulary; taken every 5,000 documents, those behind stay a
 * quarter of a second's work. Meanwhile a variant lookup takes what is behind first, so none is missed.
 */
const VOCABULARY_EVERY = 5000;

/**
 * How far V8 lets a heap grow past what was live at its last full collection before it collects again (as
 * 1 + percent/100), set when an import begins, for the process and its threads from then on. An import passes
 * every file through the heap: parsed in the worker, held a moment here while its batch is written, then let go.
 * Left to choose, V8 let the heap grow to four times what was live as often as not, so the peak memory of the
 * same import came out anywhere from 250 to 330 MB, run by run, and was likelier high the longer the import ran.
 * At half as much again it stayed between 240 and 256 MB, for about the same CPU time (the first 40,000 files of
 * a million-file import, three runs each way: 34–41 s without it, 35–42 s with it).
 */
const HEAP_GROWING_PERCENT = 50;
let heapGrowthBounded = false;
function boundHeapGrowth(): void {
  if (heapGrowthBounded) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  heapGrowthBounded = true;
}

/**
 * Imports files and folders. Each file is imported whole or not at all (each
 * article, for an export of many articles); a failing file never stops the
 * batch. Files are parsed ahead (in a worker thread for large imports) and
 * written in batches, each one synchronous transaction, so an interrupted
 * import leaves only whole documents behind.
 * The whole import is one entry in the command log, which each batch extends.
 */
function parseOptions(options: { ocrLanguages?: OcrLanguage[] }): ParseOptions {
  return options.ocrLanguages?.length ? { ocrLanguages: options.ocrLanguages } : DEFAULT_PARSE_OPTIONS;
}

export async function importFiles(
  db: Db,
  paths: readonly string[],
  options: ImportOptions = {},
): Promise<ImportReport> {
  boundHeapGrowth();
  const { files, rejected } = listImportFiles(paths);
  const results = new ImportResults(options.log ?? new ImportLog(db.name));
  for (const r of rejected) results.add(r);
  const total = files.length;
  const batchSize = options.batchSize ?? 500;
  const writer = new DocumentWriter(db);
  const parser = createParser(files, {
    maxBytes: options.maxFileBytes ?? MAX_FILE_BYTES,
    parse: parseOptions(options),
  });
  const ahead = new ParseAhead(files, (path, size) => parser.parse(path, size), {
    files: AHEAD_FILES,
    bytes: AHEAD_BYTES,
  });
  const batchBytes = options.batchBytes ?? BATCH_BYTES;

  let entry: AdoptedEntry | null = null;
  // Whether nothing but the import has written since it began (a document of the import deleted and its id given to
  // another, say): data_version changes when another connection commits, writesBegun when another call that writes
  // begins on this one between batches (a cleanup, another import).
  const dataVersion = () => db.pragma('data_version', { simple: true }) as number;
  const untouched = dataVersion();
  const writesBefore = writesBegun(db);
  const alone = () => dataVersion() === untouched && writesBegun(db) === writesBefore;
  const batchWith = (direct: boolean) =>
    db.transaction((start: number, parsed: ParsedFile[], buckets: BucketTable) => {
      const write = () => {
        const written: ImportFileResult[] = [];
        const added: Added[] = [];
        let fatal: QuireError | null = null;
        let done = 0;
        for (const [k, file] of parsed.entries()) {
          if (options.signal?.aborted) break;
          const path = files.at(start + k)!;
          options.onProgress?.({ done: start + k, total, current: path });
          const outcome = writer.writeFile({ path, name: basename(path) }, file, direct);
          written.push(...outcome.results);
          added.push(...outcome.added);
          done++;
          if (outcome.fatal) {
            fatal = outcome.fatal;
            break;
          }
        }
        const logged = logImport(db, entry, options.coderId ?? null, 'importFiles', added);
        return { written, added, done, fatal, logged };
      };
      return direct ? withIndexWrittenDirectly(db, write, buckets) : write();
    });
  const writeDirect = batchWith(true);
  const writeCarefully = batchWith(false);
  // A batch is written directly (the index rows it worked out ahead, no savepoint per file); when anything in
  // it fails, none of it is kept and it is written again file by file, each in its own savepoint, so that a
  // file that cannot be written fails alone and says why, as it always did.
  const writeBatch = (start: number, parsed: ParsedFile[], buckets: BucketTable) => {
    try {
      return writeDirect.immediate(start, parsed, buckets);
    } catch (e) {
      if (!(e instanceof DirectWriteFailed)) throw e;
      return writeCarefully.immediate(start, parsed, buckets);
    }
  };

  let next = 0;
  let stopped: QuireError | null = null;
  // The batches' near-duplicate buckets go into their index while it is small, else wait in a staging table and
  // move into it every few thousand documents (StagedBuckets.table).
  const staged = new StagedBuckets(db);
  // The write-ahead log is copied into the project on a thread of its own while the import writes.
  const checkpoints = checkpointsDuring(db);
  try {
    while (next < total && !stopped && !options.signal?.aborted) {
      const deadline = performance.now() + 250;
      const parsed: ParsedFile[] = [];
      let held = 0;
      while (
        next + parsed.length < total &&
        parsed.length < batchSize &&
        (parsed.length === 0 || (performance.now() < deadline && held < batchBytes))
      ) {
        // Rather than wait for the worker, this thread reads files of its own, the last asked for first.
        const file = await helpWhileWaiting(parser, ahead.take(next + parsed.length));
        parsed.push(file);
        held += parsedSize(file);
        if (options.signal?.aborted) break;
      }
      ahead.request(next + parsed.length);
      try {
        await checkpoints.beforeWrite();
        // The last two batches (what is left after this one fits in one more) of an import of more than one.
        const rest = total - next - parsed.length;
        if (rest <= batchSize && (next > 0 || rest > 0)) checkpoints.ending();
        // As a writer from its first statement, so another writer's batch makes this one wait its turn, not fail.
        const into = staged.table;
        const { written, added, done, fatal, logged } = writeBatch(next, parsed, into);
        // Only now that the batch committed may the next one extend its log entry.
        entry = logged;
        checkpoints.committed();
        const buckets = new Map(added.flatMap((a) => (a.buckets ? [[a.document, a.buckets] as const] : [])));
        for (const r of written) results.add(r);
        // When anything else wrote meanwhile, the check trusts no filter of its own.
        options.check?.add(
          importedIds(written),
          buckets,
          parser,
          { alone: alone(), toCome: total - next - done },
          alone,
        );
        next += done;
        stopped = fatal;
        for (const b of buckets.values()) staged.add(b.length, into);
      } catch (e) {
        // The batch could not begin (another writer held the project past the busy timeout) or
        // commit (a full disk, say): nothing of this batch was saved.
        stopped = asQuireError(e, db);
      }
      try {
        if (!stopped && staged.due) {
          staged.merge();
          checkpoints.committed();
        }
        if (!stopped && termsBehind(db) >= (options.vocabularyEvery ?? VOCABULARY_EVERY)) {
          addNewTerms(db);
          checkpoints.committed();
        }
      } catch (e) {
        // The batches before were saved, their buckets still staged (where lookups find them) and their terms still
        // to be taken (the next variant lookup takes them); the import stops here.
        stopped = asQuireError(e, db);
      }
    }
  } finally {
    // Also after a cancelled or failed import. Should this move fail too (a full disk), the rows stay staged, where
    // every lookup and trigger finds them as well, until the next import moves them: nothing is lost or missed.
    try {
      staged.merge();
    } catch {
      // See above: the staged rows are read as they are.
    }
    try {
      addNewTerms(db);
    } catch {
      // Should this fail too, the vocabulary stays behind where search_terms_through says, and the next variant
      // lookup takes the terms first (terms.ts): no word is missed.
    }
    // The check may be using the parser's worker: it is waited for first (what the worker leaves, it checks here).
    try {
      await options.check?.settle();
      await keepCheckedFilter(db, parser, alone);
    } finally {
      // The import has written all it writes: SQLite's own checkpoints again, once the thread has copied it (see
      // ImportCheckpoints.close), so that none of its last commits copies the log on this thread.
      void checkpoints.close();
      await parser.close();
    }
  }

  const message = stopped ? `Not imported: ${stopped.message}` : 'Not imported: the import was cancelled.';
  for (let i = next; i < total; i++)
    results.add({ path: files.at(i)!, status: stopped ? 'failed' : 'skipped', message, warnings: [] });
  options.onProgress?.({ done: total, total, current: '' });
  return results.report(!stopped && next < total, stopped, { count: total - next, message });
}

/**
 * Keeps the filter of the buckets the parse worker's check has met (every bucket of the documents before the
 * import's, and of each one it checked) in the project, for the next import, when the import was its only writer
 * from start to end. A filter that cannot be written (a full disk) is not kept: the project's copy stays as it was
 * (still true of the documents it vouches for), and the next import adds the rest from their texts or looks every
 * bucket up, so nothing is missed.
 */
async function keepCheckedFilter(db: Db, parser: Parser, alone: () => boolean): Promise<void> {
  const taken = await parser.filter?.(db.name);
  if (!taken || !alone()) return;
  try {
    keepFilter(db, taken);
  } catch {
    // As said above: only the next import's speed depends on it.
  }
}

/**
 * Imports files whose bytes a client sent (the browser has no paths): each
 * whole or not at all, in one transaction and one log entry, reported like
 * files from disk.
 */
export async function importUploads(
  db: Db,
  files: readonly { name: string; base64: string }[],
  options: UploadOptions = {},
): Promise<ImportReport> {
  const maxBytes = options.maxFileBytes ?? MAX_FILE_BYTES;
  // Parsed first (rich formats in a worker, under a time limit), then written in one transaction.
  const parser = createParser(
    files.map((f) => f.name),
    { maxBytes, parse: parseOptions(options) },
  );
  let parsed: ParsedFile[];
  let read = 0;
  const total = files.length;
  const parse = async (name: string, bytes: Buffer): Promise<ParsedFile> => {
    if (!importerFor(name)) return { ok: false, message: unsupported(name) };
    if (bytes.length > maxBytes)
      return {
        ok: false,
        message: `The file is too large; Quire imports files up to ${Math.round(maxBytes / 1024 / 1024)} MB.`,
      };
    return parser.parseBytes(name, bytes);
  };
  try {
    parsed = await Promise.all(
      files.map(async ({ name, base64 }) => {
        const result = await parse(name, Buffer.from(base64, 'base64'));
        options.onProgress?.({ done: ++read, total, current: name });
        return result;
      }),
    );
  } finally {
    await parser.close();
  }
  const writer = new DocumentWriter(db);
  const log = options.log ?? new ImportLog(db.name);
  const results: ImportFileResult[] = [];
  let stopped: QuireError | null = null;
  try {
    db.transaction(() => {
      const added: Added[] = [];
      for (const [i, { name }] of files.entries()) {
        if (stopped) {
          results.push({ path: name, status: 'failed', message: `Not imported: ${stopped.message}`, warnings: [] });
          continue;
        }
        const outcome = writer.writeFile({ path: null, name }, parsed[i]!);
        results.push(...outcome.results);
        added.push(...outcome.added);
        stopped = outcome.fatal ?? null;
      }
      logImport(db, null, options.coderId ?? null, 'importUploads', added);
    }).immediate();
  } catch (e) {
    const error = asQuireError(e, db);
    const failed = new ImportResults(log);
    for (const f of files)
      failed.add({ path: f.name, status: 'failed', message: `Not imported: ${error.message}`, warnings: [] });
    return failed.report(false, error);
  } finally {
    options.onProgress?.({ done: total, total, current: '' });
  }
  options.check?.add(importedIds(results), undefined, null);
  addNewTerms(db);
  // An upload is at most 1,000 files, but a file that holds many articles may give more.
  const report = new ImportResults(log);
  for (const r of results) report.add(r);
  return report.report(false, stopped);
}

/** The rows one stored file added: its document, and its original bytes when kept (and its near-duplicate buckets, written directly). */
interface Added {
  document: number;
  original: number | null;
  buckets?: readonly number[];
}

/**
 * Logs a batch's documents as ranges of ids, never their text, extending the
 * import's entry (see logAdopted). Originals are ranges of their own: their
 * ids too are consecutive within a batch.
 */
function logImport(
  db: Db,
  entry: AdoptedEntry | null,
  coderId: number | null,
  command: string,
  added: readonly Added[],
): AdoptedEntry | null {
  const originals = added.flatMap((a) => (a.original === null ? [] : [a.original]));
  const ranges = [
    ...idRanges(
      'documents',
      added.map((a) => a.document),
    ),
    ...idRanges('document_originals', originals),
  ];
  return logAdopted(db, entry, coderId, command, ranges, (all) => {
    const ids = all.filter((r) => r.adopted === 'documents');
    const count = ids.reduce((n, r) => n + r.to - r.from + 1, 0);
    if (count !== 1) return `Import ${count} documents`;
    const name = db
      .prepare<[number], string>('SELECT coalesce(title, filename, guid) FROM documents WHERE id = ?')
      .pluck()
      .get(ids[0]!.from)!;
    return `Import “${clip(name)}”`;
  });
}

const importedIds = (results: readonly ImportFileResult[]) =>
  results.flatMap((r) => (r.status === 'imported' && r.documentId !== undefined ? [r.documentId] : []));

function asQuireError(e: unknown, db?: Db): QuireError {
  const t = translateSqliteError(e, db?.name);
  return t instanceof QuireError
    ? t
    : new QuireError('internal', `The import stopped: ${(e as Error)?.message ?? String(e)}`, { cause: e });
}

/** Adds a document (named parameters: @guid, @title, @body … @importNotes); shared with merging a project (exchange/import.ts). */
export const INSERT_DOCUMENT = `INSERT INTO documents (guid, title, body, source, author, published, url, language, filename, path, format,
    encoding, content_hash, original_hash, original_size, char_count, imported_at, import_notes, details, ocr)
  VALUES (@guid, @title, @body, @source, @author, @published, @url, @language, @filename, @path, @format,
    @encoding, @contentHash, @originalHash, @originalSize, @charCount, @importedAt, @importNotes, @details, @ocr)`;
/** Keeps a document's original file bytes (document id, bytes). */
export const INSERT_ORIGINAL = 'INSERT INTO document_originals (document_id, bytes) VALUES (?, ?)';

/** A direct write failed: its batch is written again, file by file (see importFiles). */
class DirectWriteFailed extends Error {
  constructor(cause: unknown) {
    super('A document could not be written directly.', { cause });
  }
}

/** Writes parsed files inside the caller's transaction, each in its own savepoint (or directly: see write). */
class DocumentWriter {
  private readonly findByHash;
  private readonly insertDocument;
  private readonly insertOriginal;
  private readonly insertInSavepoint;
  private readonly insertDirect;
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
    this.findByHash = db.prepare<[string], { id: number; title: string }>(
      'SELECT id, coalesce(title, filename, guid) AS title FROM documents WHERE content_hash = ?',
    );
    this.insertDocument = db.prepare(INSERT_DOCUMENT);
    this.insertOriginal = db.prepare(INSERT_ORIGINAL);
    // A nested better-sqlite3 transaction is a savepoint: a failure undoes this file only.
    this.insertInSavepoint = db.transaction((row: Record<string, unknown>, original: Uint8Array | null): Added => {
      const document = Number(this.insertDocument.run(row).lastInsertRowid);
      return {
        document,
        original: original ? Number(this.insertOriginal.run(document, original).lastInsertRowid) : null,
      };
    });
    this.insertDirect = (row: Record<string, unknown>, original: Uint8Array | null, index: DocumentIndex): Added => {
      const document = Number(this.insertDocument.run(row).lastInsertRowid);
      writeDocumentIndex(db, document, index);
      return {
        document,
        original: original ? Number(this.insertOriginal.run(document, original).lastInsertRowid) : null,
        buckets: index.buckets,
      };
    };
  }

  /**
   * Writes a parsed file: its document, or each article of a file that holds
   * many, reported as "file.csv › row 3: Title". `from.path` is where the file
   * was read (null for an upload); reports name the path, else the name.
   */
  writeFile(
    from: { path: string | null; name: string },
    file: ParsedFile,
    direct = false,
  ): { results: ImportFileResult[]; added: Added[]; fatal?: QuireError } {
    if (file.ok || !file.parts) {
      const { result, added, fatal } = this.write(from, file, direct);
      return { results: [result], added: added ? [added] : [], fatal };
    }
    const path = from.path ?? from.name;
    if (file.parts.length === 0)
      return { results: [{ path, status: 'failed', message: 'The file holds no articles.', warnings: [] }], added: [] };
    const results: ImportFileResult[] = [];
    const added: Added[] = [];
    for (const [i, { label, ...part }] of file.parts.entries()) {
      const outcome = this.write(from, part, direct, label);
      results.push(outcome.result);
      if (outcome.added) added.push(outcome.added);
      if (outcome.fatal) {
        const message = `Not imported: ${outcome.fatal.message}`;
        for (const rest of file.parts.slice(i + 1))
          results.push({ path: `${path} › ${rest.label}`, status: 'failed', message, warnings: [] });
        return { results, added, fatal: outcome.fatal };
      }
    }
    return { results, added };
  }

  /**
   * Writes one document; `label` names an article of a file that holds many.
   * `direct`: inside withIndexWrittenDirectly, with its index rows as parsed
   * and no savepoint of its own; a failure then throws DirectWriteFailed, and
   * the caller writes the whole batch again without `direct`.
   */
  private write(
    from: { path: string | null; name: string },
    file: ParsedFile,
    direct: boolean,
    label?: string,
  ): { result: ImportFileResult; added?: Added; fatal?: QuireError } {
    const path = label ? `${from.path ?? from.name} › ${label}` : (from.path ?? from.name);
    if (!file.ok) return { result: { path, status: 'failed', message: file.message, warnings: [] } };
    const existing = this.findByHash.get(file.contentHash);
    if (existing) {
      return {
        result: {
          path,
          status: 'duplicate',
          documentId: existing.id,
          title: existing.title,
          message: `Already in the project as “${existing.title}”.`,
          warnings: file.warnings,
        },
      };
    }
    const m = file.metadata;
    try {
      const row = {
        guid: newGuid(),
        title: m.title,
        body: file.text,
        source: m.source,
        author: m.author,
        published: m.published,
        url: m.url,
        language: m.language,
        filename: from.name,
        path: from.path,
        format: file.format,
        encoding: file.encoding,
        contentHash: file.contentHash,
        originalHash: file.originalHash,
        originalSize: file.originalSize,
        charCount: file.charCount,
        importedAt: new Date().toISOString(),
        importNotes: file.warnings.length ? JSON.stringify(file.warnings) : null,
        details: file.details.length ? JSON.stringify(file.details) : null,
        ocr: file.ocr ? JSON.stringify(file.ocr) : null,
      };
      const added = direct
        ? this.insertDirect(row, file.original, file.index)
        : this.insertInSavepoint(row, file.original);
      // A fresh copy of the title, so the report does not keep the whole text alive.
      const title = m.title ? [...m.title].join('') : label ? `${from.name} › ${label}` : from.name;
      return {
        result: { path, status: 'imported', documentId: added.document, title, warnings: file.warnings },
        added,
      };
    } catch (e) {
      // The whole batch is written again file by file.
      if (direct) throw new DirectWriteFailed(e);
      const error = asQuireError(e, this.db);
      // On a full disk SQLite may roll back the whole transaction, not only this file's savepoint: then
      // nothing of the batch is saved, and the batch must fail as a whole rather than carry on outside it.
      if (!this.db.inTransaction) throw error;
      const fatal = error.code === 'disk_full' || error.code === 'read_only' || error.code === 'project_locked';
      return {
        result: { path, status: 'failed', message: error.message, warnings: [] },
        fatal: fatal ? error : undefined,
      };
    }
  }
}
