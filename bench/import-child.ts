// One side of the import benchmark, run in its own process so that its peak
// RSS is its own. Usage:
//   node bench/import-child.ts ours|raw <corpus dir> <db file> <batch size> <result.json>
// ours: importFiles(db, [dir]) into a new project, timed end to end.
// raw:  the floor: the same files read and decoded into memory first (untimed),
//       then plain prepared INSERTs into `documents` of a fresh database with the
//       schema as it was before search cut and folded words (version 5: FTS5's own
//       unicode61 tokenizer reads the stored text through triggers), in transactions of
//       the same batch size as the importer's. The rows carry keys of the same
//       kind as ours (a GUID from the same generator, a SHA-256 content hash),
//       made before the clock starts, so both sides pay the same index work, and
//       what ours pays beyond it is the importer and the words (segmenting and folding).
//       Then, timed on its own, cutting and folding the words of every text (words.ts),
//       which is what the index work of ours adds to the floor's.
import { readFileSync, writeFileSync } from 'node:fs';
import { listImportFiles } from '../src/main/core/corpus/files.ts';
import { importFiles } from '../src/main/core/corpus/import.ts';
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { migrate, openProject } from '../src/main/core/db/open.ts';
import { indexText } from '../src/main/core/search/words.ts';
import { newGuid } from '../src/main/core/guid.ts';
import { bytesToText, dbBytes } from './util.ts';

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
  const report = await importFiles(db, [dir], { batchSize });
  const ms = performance.now() - t0;
  const rows = (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
  db.close();
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
  };
}

function raw(dir: string, dbFile: string, batchSize: number): ImportResult {
  // Untimed: the same file list as the importer's, read and decoded, exact duplicates dropped.
  const seen = new Set<string>();
  const texts: string[] = [];
  for (const file of listImportFiles([dir]).files) {
    const text = bytesToText(readFileSync(file)).replace(/\r\n?/g, '\n');
    if (seen.has(text)) continue;
    seen.add(text);
    texts.push(text);
  }
  seen.clear();
  const titles = texts.map((t) => t.slice(0, Math.max(0, t.indexOf('\n'))) || null);
  const guids = texts.map(() => newGuid());
  const hashes = texts.map((t) => createHash('sha256').update(t).digest('hex'));
  const now = new Date().toISOString();

  const db = new Database(dbFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  migrate(db, dbFile, 5);
  const insert = db.prepare(
    `INSERT INTO documents (guid, title, body, format, encoding, content_hash, original_hash, original_size, char_count, imported_at)
     VALUES (?, ?, ?, 'txt', 'utf-8', ?, '', ?, ?, ?)`,
  );
  const batch = db.transaction((start: number, end: number) => {
    for (let i = start; i < end; i++) {
      const body = texts[i]!;
      insert.run(guids[i], titles[i], body, hashes[i], body.length, body.length, now);
    }
  });
  const t0 = performance.now();
  for (let start = 0; start < texts.length; start += batchSize) batch(start, Math.min(texts.length, start + batchSize));
  const ms = performance.now() - t0;
  const rows = (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n;
  db.close();
  const w0 = performance.now();
  texts.forEach((t, i) => (indexText(t), titles[i] && indexText(titles[i])));
  const wordsMs = performance.now() - w0;
  return { mode: 'raw', ms, wordsMs, processed: texts.length, imported: texts.length, duplicates: 0, failed: 0, skipped: 0, rows, dbBytes: 0, maxRssBytes: 0 };
}

await main();
