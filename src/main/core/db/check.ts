import type { CheckReport } from '../../../shared/api.ts';
import { clip } from '../../../shared/text.ts';
import { findConflicts } from './exclusive-rule.ts';
import { everyone, maySee, type Viewer } from '../viewer.ts';
import { sha256 } from '../hash.ts';
import { openProject, type Db } from './open.ts';

/**
 * Verifies a project: SQLite's own integrity and foreign-key checks, the
 * triggers and indexes the schema needs, the full-text index against the
 * documents table, every document's text and original against their hashes,
 * and the rule of exclusive groups (one value per passage and coder).
 */
export function checkProject(db: Db, viewer: Viewer = everyone()): CheckReport {
  const problems: string[] = [];
  const { missing, unexpected } = compareSchema(db);
  for (const o of missing) problems.push(`Schema: the ${o.type} ${o.name} is missing; run check with --repair to restore it.`);
  for (const o of unexpected) problems.push(`Schema: the ${o.type} ${o.name} is not part of Quire's schema.`);
  const integrity = db.pragma('integrity_check') as { integrity_check: string }[];
  for (const row of integrity) if (row.integrity_check !== 'ok') problems.push(`Database: ${row.integrity_check}`);
  for (const row of db.pragma('foreign_key_check') as { table: string; rowid: number }[]) {
    problems.push(`Database: row ${row.rowid} of ${row.table} points to something that no longer exists.`);
  }
  try {
    db.prepare("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)").run();
  } catch (e) {
    problems.push(`Search index: it does not match the documents (${(e as Error).message}); run check with --repair to rebuild it.`);
  }
  const ftsCount = (db.prepare('SELECT count(*) AS n FROM documents_fts_docsize').get() as { n: number }).n;
  let documents = 0;
  const rows = db.prepare(
    `SELECT d.id, d.body, d.content_hash, d.original_hash, o.bytes FROM documents d
     LEFT JOIN document_originals o ON o.document_id = d.id ORDER BY d.id`,
  );
  for (const row of rows.iterate() as IterableIterator<{ id: number; body: string; content_hash: string; original_hash: string; bytes: Buffer | null }>) {
    documents++;
    if (sha256(Buffer.from(row.body, 'utf8')) !== row.content_hash) problems.push(`Document ${row.id}: its text does not match its content hash.`);
    const original = row.bytes ? sha256(row.bytes) : row.content_hash;
    if (original !== row.original_hash) problems.push(`Document ${row.id}: the original file's bytes do not match their hash.`);
  }
  if (ftsCount !== documents) problems.push(`Search index: it holds ${ftsCount} documents, the project ${documents}; run check with --repair.`);
  const conflicts = findConflicts(db);
  // A coder coding blind is told that other coders' passages break the rule, never which.
  if (conflicts.some((k) => !maySee(viewer, k.first.coderId))) problems.push('Exclusive groups: other coders’ codings give some passages two values of a group; turn blind coding off to see where.');
  for (const k of conflicts.filter((k) => maySee(viewer, k.first.coderId))) {
    problems.push(
      `Exclusive group ‘${k.group}’: in ‘${clip(k.document, 60)}’, “${clip(k.quote)}” holds both ‘${k.first.code}’ and ‘${k.second.code}’ by ${k.coder}. ` +
        `Apply the value it should keep to that passage again (the other gives way), or remove one of them.`,
    );
  }
  return { ok: problems.length === 0, documents, problems };
}

/** Restores missing triggers and indexes, then rebuilds the full-text index from the documents table. */
export function repairProject(db: Db): void {
  db.transaction(() => {
    for (const o of compareSchema(db).missing) db.exec(o.sql);
    db.prepare("INSERT INTO documents_fts(documents_fts) VALUES ('rebuild')").run();
  })();
}

interface SchemaObject {
  type: string;
  name: string;
  sql: string;
}

/** Triggers and indexes of this project against those of a new project of the same version. */
function compareSchema(db: Db): { missing: SchemaObject[]; unexpected: SchemaObject[] } {
  const reference = openProject(':memory:');
  try {
    const objects = (d: Db) =>
      d.prepare("SELECT type, name, sql FROM sqlite_schema WHERE type IN ('trigger', 'index') AND sql IS NOT NULL").all() as SchemaObject[];
    const have = new Set(objects(db).map((o) => `${o.type}:${o.name}`));
    const expected = objects(reference);
    const known = new Set(expected.map((o) => `${o.type}:${o.name}`));
    return {
      missing: expected.filter((o) => !have.has(`${o.type}:${o.name}`)),
      unexpected: objects(db).filter((o) => !known.has(`${o.type}:${o.name}`)),
    };
  } finally {
    reference.close();
  }
}
