// One side of the import benchmark, run in its own process so that its peak
// RSS is its own. Usage:
//   node bench/import-child.ts ours|raw <corpus dir> <db file> <batch size> <result.json>
// ours: importFiles(db, [dir]) into a new project, timed end to end.
// raw:  the floor: the same files read and decoded into memory first (untimed),
//       then plain prepared INSERTs into `documents` of a fresh database with the
//       identical schema (the FTS5 triggers do the indexing), in transactions of
//       the same batch size as the importer's. The rows carry keys of the same
//       kind as ours (a GUID from the same generator, a SHA-256 content hash),
//       made before the clock starts, so both sides pay the same index work.
import { readFileSync, writeFileSync } from 'node:fs';
import { listImportFiles } from '../src/main/core/corpus/files.ts';
import { importFiles } from '../src/main/core/corpus/import.ts';
import { createHash } from 'node:crypto';
import { openProject } from '../src/main/core/db/open.ts';
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

  const db = openProject(dbFile, { create: true });
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
  return { mode: 'raw', ms, processed: texts.length, imported: texts.length, duplicates: 0, failed: 0, skipped: 0, rows, dbBytes: 0, maxRssBytes: 0 };
}

await main();
