import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { CheckReport } from '../../../shared/api.ts';
import { clip, count, plural } from '../../../shared/text.ts';
import { findConflicts } from './exclusive-rule.ts';
import { everyone, maySee, type Viewer } from '../viewer.ts';
import { sha256 } from '../hash.ts';
import { describeBackup, latestGoodBackup, restoredName, readOnly, type Backup } from './backups.ts';
import { isDamage } from './errors.ts';
import { openProject, type Db } from './open.ts';
import { rebuildSearchIndex, registerWords } from './search-index.ts';
import type { DocumentOriginalsRow, DocumentsRow } from './types.ts';
import { nearIndexMismatch, rebuildNearBuckets, rebuildNearSketches } from '../corpus/near-index.ts';
import { keepFilledFilter, keptFilterMisses } from '../corpus/bucket-filter.ts';
import { rebuildSearchTerms } from '../search/terms.ts';

/**
 * Verifies a project: SQLite's own integrity and foreign-key checks, the
 * triggers and indexes the schema needs, the full-text index and the
 * near-duplicate index against the documents' texts, every document's text and original against their hashes,
 * and the rule of exclusive groups (one value per passage and coder).
 * A damaged file is what check exists to find: a part that cannot be read is
 * reported (which part, which documents) with what to do, never thrown.
 * `path` is the project's file, where its backups are found; a blind
 * `viewer` is told of other coders' broken rules, never where.
 */
export function checkProject(db: Db, path?: string, viewer: Viewer = everyone()): CheckReport {
  const problems: string[] = [];
  let damaged = false;
  // Looked for only when the file is damaged: finding it reads every backup through.
  let backup: Backup | null | undefined;
  const goodBackup = () =>
    backup === undefined ? (backup = path && path !== ':memory:' ? latestGoodBackup(path) : null) : backup;
  /** Runs one part of the check; a damaged page met there is reported, and the other parts still run. */
  const part = (what: string, run: () => void) => {
    try {
      run();
    } catch (e) {
      if (!isDamage(e)) throw e;
      damaged = true;
      problems.push(`${what} could not be checked: the file is damaged there.`);
    }
  };
  part('The schema', () => {
    const { missing, unexpected } = compareSchema(db);
    for (const o of missing)
      problems.push(`Schema: the ${o.type} ${o.name} is missing; run check with --repair to restore it.`);
    for (const o of unexpected) problems.push(`Schema: the ${o.type} ${o.name} is not part of Quire's schema.`);
  });
  part('The database', () => {
    const found = damagedParts(db);
    damaged ||= found.length > 0;
    problems.push(...found);
  });
  part('References between documents, codes and codings', () => {
    for (const row of db.pragma('foreign_key_check') as { table: string; rowid: number }[]) {
      problems.push(`Database: row ${row.rowid} of ${row.table} points to something that no longer exists.`);
    }
  });
  part('The search index', () => {
    const mismatch = searchIndexMismatch(db);
    if (mismatch)
      problems.push(
        `Search index: it does not match the documents (${mismatch}); run check with --repair to rebuild it.`,
      );
    const stale = staleWords(db);
    if (stale.length) {
      problems.push(
        `Search index: it does not hold the words of ${named(stale)} as this version of Quire cuts and folds them (another version made it, or it was damaged), so searches can miss them; run check with --repair to rebuild it.`,
      );
    }
  });
  part('The near-duplicate index', () => {
    const { documents: stale, strayRows } = nearIndexMismatch(db);
    const why = 'so new documents like them may not be flagged as near-duplicates';
    if (stale.length)
      problems.push(
        `Near-duplicate index: it does not hold what this version of Quire makes of the text of ${named(stale)}, ${why}; run check with --repair to rebuild it.`,
      );
    if (strayRows > 0)
      problems.push(
        `Near-duplicate index: it holds ${plural(strayRows, 'entry', 'entries')} made of texts no document has now; run check with --repair to rebuild it.`,
      );
    const missed = keptFilterMisses(db);
    if (missed > 0)
      problems.push(
        `Near-duplicate index: the summary of it that an import reads first lacks ${plural(missed, 'entry', 'entries')}, so new documents like those they come from may not be flagged as near-duplicates; run check with --repair to make it anew.`,
      );
  });
  let documents = 0;
  part('The documents', () => {
    const found = checkDocuments(db);
    documents = found.documents;
    problems.push(...found.problems);
    if (found.unreadable.length) {
      damaged = true;
      problems.push(...unreadableDocuments(found.unreadable, goodBackup()));
    }
    const ftsCount = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM documents_fts_docsize').get()!.n;
    if (!found.unreadable.length && ftsCount !== documents)
      problems.push(`Search index: it holds ${ftsCount} documents, the project ${documents}; run check with --repair.`);
  });
  part('The rule of exclusive groups', () => {
    const conflicts = findConflicts(db);
    // A coder coding blind is told that other coders' passages break the rule, never which.
    if (conflicts.some((k) => !maySee(viewer, k.first.coderId)))
      problems.push(
        'Exclusive groups: other coders’ codings give some passages two values of a group; turn blind coding off to see where.',
      );
    for (const k of conflicts.filter((k) => maySee(viewer, k.first.coderId))) {
      problems.push(
        `Exclusive group ‘${k.group}’: in ‘${clip(k.document, 60)}’, “${clip(k.quote)}” holds both ‘${k.first.code}’ and ‘${k.second.code}’ by ${k.coder}. ` +
          `Apply the value it should keep to that passage again (the other gives way), or remove one of them.`,
      );
    }
  });
  const report: CheckReport = { ok: problems.length === 0, documents, problems };
  if (damaged) report.advice = restoreAdvice(path, goodBackup());
  return report;
}

/** What to do about a damaged project file: restore the newest backup that is whole, as a new project. */
export function restoreAdvice(path: string | undefined, backup: Backup | null, opens = true): string {
  if (!path || path === ':memory:') return 'The project file is damaged: restore it from a backup.';
  const rest = opens
    ? 'what can still be read shows and exports as before, so copy out what you still need first.'
    : 'keep the damaged file until you no longer need it.';
  if (!backup)
    return `The project file is damaged, and it has no backup that is whole. Copy the file somewhere safe before anything else; ${rest}`;
  return (
    `The project file is damaged. The newest backup that is whole is ${describeBackup(backup)}: \`quire restore "${backup.path}" --to "${restoredName(path)}"\` makes a new project of it. ` +
    `Work done since then is only in the damaged file: ${rest}`
  );
}

/** What each part of the file holds, in the user's words. */
const PARTS: Record<string, string> = {
  project: 'the project’s own settings',
  documents: 'the documents (their text and details)',
  document_originals: 'the documents’ original files',
  documents_fts_data: 'the search index (check --repair rebuilds it)',
  documents_fts_idx: 'the search index (check --repair rebuilds it)',
  documents_fts_docsize: 'the search index (check --repair rebuilds it)',
  documents_fts_config: 'the search index (check --repair rebuilds it)',
  document_words: 'the search index (check --repair rebuilds it)',
  coders: 'the coders',
  codes: 'the codes',
  code_groups: 'the code groups',
  code_group_members: 'which codes are in which groups',
  codings: 'the codings',
  memos: 'the memos',
  memos_by_coder: 'the memos',
  command_log: 'the history that undo and redo follow',
  command_trash: 'what undo set aside',
  settled_disagreements: 'the settled disagreements',
};

/**
 * SQLite's integrity check, and when it finds damage (or stops at it), the
 * same check table by table, so the report names every part that is damaged.
 */
function damagedParts(db: Db): string[] {
  let whole: string[] | null = null;
  try {
    whole = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    if (whole.length === 1 && whole[0] === 'ok') return [];
  } catch (e) {
    if (!isDamage(e)) throw e;
  }
  const tables = db
    .prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' AND rootpage > 0 ORDER BY rowid")
    .pluck()
    .all();
  const parts = new Set<string>();
  for (const table of tables) {
    let ok: boolean;
    try {
      ok = (db.pragma(`integrity_check("${table.replace(/"/g, '""')}")`) as { integrity_check: string }[]).every(
        (r) => r.integrity_check === 'ok',
      );
    } catch (e) {
      if (!isDamage(e)) throw e;
      ok = false;
    }
    if (!ok) parts.add(PARTS[table] ?? `the table ${table}`);
  }
  const found = [...parts].map((p) => `Damage: the file is damaged where it keeps ${p}.`);
  // Damage SQLite finds but no single table shows (pages that belong nowhere): its own words.
  if (!found.length) found.push(...(whole ?? ['the file cannot be read']).map((line) => `Database: ${line}`));
  return found;
}

/**
 * The full-text index's own check against the documents, or null when they
 * agree. The check is an INSERT that changes nothing, which SQLite refuses on
 * a read-only project; there it runs on a temporary copy, so a read-only
 * project is never reported wrongly.
 */
function searchIndexMismatch(db: Db): string | null {
  const integrity = (d: Db) =>
    d.prepare("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)").run();
  try {
    if (db.readonly) onTemporaryCopy(db, integrity);
    else integrity(db);
    return null;
  } catch (e) {
    if (isDamage(e) && (e as { code?: string }).code !== 'SQLITE_CORRUPT_VTAB') throw e;
    return (e as Error).message;
  }
}

function onTemporaryCopy(db: Db, run: (copy: Db) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'quire-check-'));
  try {
    const file = join(dir, 'copy.quire');
    db.prepare('VACUUM INTO ?').run(file);
    const copy = new Database(file);
    try {
      run(copy);
    } finally {
      copy.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A document as check verifies it: its text, its hashes and its original's bytes. */
type DocumentRow = Pick<DocumentsRow, 'id' | 'body' | 'content_hash' | 'original_hash'> & {
  bytes: DocumentOriginalsRow['bytes'] | null;
};

const DOCUMENT = `SELECT d.id, d.body, d.content_hash, d.original_hash, o.bytes FROM documents d LEFT JOIN document_originals o ON o.document_id = d.id`;

/**
 * Every document's text and original against their hashes. When a damaged
 * page stops the pass through the table, each document is read on its own
 * (their numbers come from an index, which lives on other pages), so the
 * report names exactly the documents that cannot be read.
 */
function checkDocuments(db: Db): { documents: number; problems: string[]; unreadable: number[] } {
  const verify = (row: DocumentRow, problems: string[]) => {
    if (sha256(Buffer.from(row.body, 'utf8')) !== row.content_hash)
      problems.push(`Document ${row.id}: its text does not match its content hash.`);
    const original = row.bytes ? sha256(row.bytes) : row.content_hash;
    if (original !== row.original_hash)
      problems.push(`Document ${row.id}: the original file's bytes do not match their hash.`);
  };
  try {
    const problems: string[] = [];
    let documents = 0;
    for (const row of db.prepare<[], DocumentRow>(`${DOCUMENT} ORDER BY d.id`).iterate()) {
      documents++;
      verify(row, problems);
    }
    return { documents, problems, unreadable: [] };
  } catch (e) {
    if (!isDamage(e)) throw e;
  }
  const problems: string[] = [];
  const unreadable: number[] = [];
  const one = db.prepare<[number], DocumentRow>(`${DOCUMENT} WHERE d.id = ?`);
  const ids = documentIds(db);
  for (const id of ids) {
    try {
      const row = one.get(id);
      if (row) verify(row, problems);
    } catch (e) {
      if (!isDamage(e)) throw e;
      unreadable.push(id);
    }
  }
  return { documents: ids.length, problems, unreadable };
}

/** The documents' numbers, from the first of their indexes that can be read. */
function documentIds(db: Db): number[] {
  const sources = [
    'SELECT id FROM documents ORDER BY guid',
    'SELECT id FROM documents ORDER BY content_hash',
    'SELECT id FROM documents_fts_docsize',
  ];
  for (const sql of sources) {
    try {
      return db
        .prepare<[], number>(sql)
        .pluck()
        .all()
        .sort((a, b) => a - b);
    } catch (e) {
      if (!isDamage(e)) throw e;
    }
  }
  throw Object.assign(new Error('no index of the documents can be read'), { code: 'SQLITE_CORRUPT' });
}

/** One problem per document that cannot be read, with its title as the newest whole backup has it. */
function unreadableDocuments(ids: readonly number[], backup: Backup | null): string[] {
  const titles = backup
    ? readOnly(
        backup.path,
        (b) =>
          new Map(
            ids.map((id) => [
              id,
              b
                .prepare<[number], string | null>('SELECT coalesce(title, filename) FROM documents WHERE id = ?')
                .pluck()
                .get(id) ?? undefined,
            ]),
          ),
        new Map<number, string | undefined>(),
      )
    : new Map<number, string | undefined>();
  return ids.map((id) => {
    const title = titles.get(id);
    return `Document ${id}${title ? ` (“${title}” in the backup)` : ''} cannot be read: the part of the file that holds it is damaged.`;
  });
}

/** The titles of documents whose index text or word maps are not what this version makes of their text (or are missing). */
function staleWords(db: Db): string[] {
  registerWords(db);
  return db
    .prepare<[], string>(
      `SELECT coalesce(d.title, d.filename, d.guid) FROM documents AS d LEFT JOIN document_words AS w ON w.id = d.id
       WHERE w.id IS NULL OR w.body IS NOT quire_words(d.body) OR w.body_map IS NOT quire_word_map(d.body)
         OR w.title IS NOT quire_words(d.title) OR w.title_map IS NOT quire_word_map(d.title)
         OR w.source IS NOT quire_words(d.source) OR w.author IS NOT quire_words(d.author)
       ORDER BY d.id`,
    )
    .pluck()
    .all();
}

/** Up to three titles, quoted, and how many more: ‘a’, ‘b’ and ‘c’; ‘a’, ‘b’, ‘c’ and 4 more. */
function named(titles: readonly string[]): string {
  const shown = titles.slice(0, 3).map((t) => `‘${clip(t, 60)}’`);
  if (titles.length > 3) return `${shown.join(', ')} and ${count(titles.length - 3)} more`;
  return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}` : (shown[0] ?? '');
}

/** Restores missing triggers and indexes, then makes the search index anew from the documents' text. */
export function repairProject(db: Db): void {
  db.transaction(() => {
    for (const o of compareSchema(db).missing) db.exec(o.sql);
    rebuildSearchIndex(db);
    rebuildNearBuckets(db);
    // The filter of its buckets, taken back by the rebuild, is filled anew from it.
    keepFilledFilter(db);
    rebuildNearSketches(db);
    rebuildSearchTerms(db);
  }).immediate();
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
      d
        .prepare<[], SchemaObject>(
          "SELECT type, name, sql FROM sqlite_schema WHERE type IN ('trigger', 'index') AND sql IS NOT NULL",
        )
        .all();
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
