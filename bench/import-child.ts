// One side of the import benchmark, run in its own process so that its peak
// RSS is its own. Usage:
//   node bench/import-child.ts ours|raw <corpus dir> <db file> <batch size> <result.json>
// Both sides' clocks run from before the folder is listed to after the database is closed.
// ours: importFiles(db, [dir]) into a new project, timed end to end, with the
//       near-duplicate check of every new document as the app makes it (each
//       committed batch handed to the check, which the parse worker makes
//       between files); the wait for the check
//       after the last batch is also given on its own.
// raw:  the floor: the same files read, decoded, normalised and hashed as Quire
//       reads a text file (decodeText, normaliseText, SHA-256 of the stored text,
//       exact duplicates dropped by that hash), all on the clock like ours,
//       then plain prepared INSERTs into `documents` of a fresh database with the
//       schema as it was before search cut and folded words (version 5: FTS5's own
//       unicode61 tokenizer reads the stored text through triggers), in transactions of
//       the same batch size as the importer's. The rows carry keys of the same
//       kind as ours (a GUID from the same generator, the SHA-256 content hash),
//       so both sides pay the same index work, and what ours pays beyond it is
//       the importer (metadata, the parse worker), the words (segmenting and
//       folding) and the near-duplicate index.
//       Timed on its own (off the floor's clock): cutting and folding the words of
//       every text (words.ts), which is what the index work of ours adds to the floor's.
import { readFileSync, writeFileSync } from 'node:fs';
import { listImportFiles } from '../src/main/core/corpus/files.ts';
import { importFiles } from '../src/main/core/corpus/import.ts';
import { NearDuplicateCheck } from '../src/main/core/corpus/near-check.ts';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { migrate, openProject } from '../src/main/core/db/open.ts';
import { indexText } from '../src/main/core/search/words.ts';
import { newGuid } from '../src/main/core/guid.ts';
import { decodeText } from '../src/main/core/corpus/decode.ts';
import { normaliseText } from '../src/main/core/corpus/normalise.ts';
import { dbBytes } from './util.ts';

export interface ImportResult {
  mode: 'ours' | 'raw';
  ms: number;
  /** Files the side went through (ours: every file the importer handled; raw: rows inserted). */
  processed: number;
  imported: number;
  duplicates: number;
  failed: number;
  skipped: number;
  rows: number;
  dbBytes: number;
  maxRssBytes: number;
  /** raw only: cutting and folding the words of every title and text, alone (ms). */
  wordsMs?: number;
  /** ours only: the near-duplicate check, done beside the import: how long the report waited for it after the last batch (ms), and what it found. */
  near?: { afterImportMs: number; flagged: number };
}

async function main(): Promise<void> {
  const [mode, dir, dbFile, batchArg, out] = process.argv.slice(2);
  if ((mode !== 'ours' && mode !== 'raw') || !dir || !dbFile || !out) {
    throw new Error('usage: import-child.ts ours|raw <dir> <db> <batch> <out.json>');
  }
  const batchSize = Number(batchArg || 500);
  const result = mode === 'ours' ? await ours(dir, dbFile, batchSize) : raw(dir, dbFile, batchSize);
  result.dbBytes = dbBytes(dbFile);
  result.maxRssBytes = process.resourceUsage().maxRSS * 1024;
  writeFileSync(out, JSON.stringify(result, null, 2));
}

async function ours(dir: string, dbFile: string, batchSize: number): Promise<ImportResult> {
  const db = openProject(dbFile, { create: true });
  const t0 = performance.now();
  const near = new NearDuplicateCheck(db);
  const imported = await importFiles(db, [dir], { batchSize, check: near });
  const t1 = performance.now();
  const report = await near.flag(imported);
  const flagged = performance.now();
  const rows = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM documents').get()!.n;
  const ms = flagged - t0 + closeMs(db);
  return {
    mode: 'ours',
    ms,
    processed: report.imported + report.duplicates + report.failed,
    imported: report.imported,
    duplicates: report.duplicates,
    failed: report.failed,
    skipped: report.skipped,
    rows,
    dbBytes: 0,
    maxRssBytes: 0,
    near: {
      afterImportMs: flagged - t1,
      flagged: report.files.filter((f) => f.similar).length,
    },
  };
}

/** Closes the database; how long it took. */
function closeMs(db: { close(): unknown }): number {
  const t = performance.now();
  db.close();
  return performance.now() - t;
}

function raw(dir: string, dbFile: string, batchSize: number): ImportResult {
  // On the clock from here: the folder's files listed as ours lists them (importFiles lists them on its clock).
  const listed = performance.now();
  const files = listImportFiles([dir]).files;
  const listMs = performance.now() - listed;
  const db = new Database(dbFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  migrate(db, dbFile, 5);
  const insert = db.prepare(
    `INSERT INTO documents (guid, title, body, format, encoding, content_hash, original_hash, original_size, char_count, imported_at)
     VALUES (?, ?, ?, 'txt', ?, ?, '', ?, ?, ?)`,
  );
  const seen = new Set<string>();
  // Cutting and folding the words of every title and text, timed on its own and kept off the floor's clock.
  let wordsMs = 0;
  const batch = db.transaction((paths: readonly string[]) => {
    const now = new Date().toISOString();
    for (const path of paths) {
      // Read, decoded and normalised as Quire reads a text file, and hashed as it hashes the stored text.
      const bytes = readFileSync(path);
      const decoded = decodeText(bytes, path);
      const body = normaliseText(decoded.text);
      const hash = createHash('sha256').update(body, 'utf8').digest('hex');
      if (seen.has(hash)) continue;
      seen.add(hash);
      const title = body.slice(0, Math.max(0, body.indexOf('\n'))) || null;
      insert.run(newGuid(), title, body, decoded.encoding, hash, bytes.length, body.length, now);
      const w0 = performance.now();
      indexText(body);
      if (title) indexText(title);
      wordsMs += performance.now() - w0;
    }
  });
  const t0 = performance.now();
  for (let start = 0; start < files.length; start += batchSize) batch(files.slice(start, start + batchSize));
  const imported = performance.now();
  const rows = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM documents').get()!.n;
  // Closing is on the clock too (the last connection copies the write-ahead log into the database), as is ours.
  const ms = listMs + (imported - t0) - wordsMs + closeMs(db);
  return {
    mode: 'raw',
    ms,
    wordsMs,
    processed: files.length,
    imported: rows,
    duplicates: files.length - rows,
    failed: 0,
    skipped: 0,
    rows,
    dbBytes: 0,
    maxRssBytes: 0,
  };
}

await main();
