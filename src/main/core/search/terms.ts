// The vocabulary of the search index, kept in the project: every term the
// full-text index holds (words as documents_fts stems them), in a table with
// an index, so spelling variants are looked for by seeking through it in
// order (variants.ts) rather than by reading every term into memory. FTS5's
// own vocabulary table (documents_vocab) counts each term's documents as it is
// read, which is what made the first `word~` query of a large project slow.
//
// Terms are added for the documents written since the table was last brought
// up to date (search_terms_through): as an import goes and when it ends, and
// before any variant lookup when something else (a merge, a redo, an import
// that stopped) wrote documents since; and for a document whose index text was
// written again after that (its title, source, author or text edited, or an id
// given again), which a trigger puts in search_terms_pending, on every path
// that writes one. So a lookup never misses a word, however far behind the
// table was. Their terms come from a scratch FTS5 table with the index's own
// tokenizer, so they are exactly the index's (it keeps no positions, detail =
// none, as only its terms are read), or, when many documents are behind, from
// the index's own vocabulary. A deleted document's terms stay: they only ever
// find nothing, as before. The SQL of these tables lives in this module only.
import type { Db } from '../db/db.ts';
import { documentCount } from '../db/queries/documents.ts';
import type { IndexProgress } from '../db/db.ts';
import { values } from '../db/statement.ts';

/** The tables (migration 0011). */
export const SEARCH_TERMS_SQL = /* sql */ `
CREATE TABLE search_terms (term TEXT PRIMARY KEY, skeleton TEXT NOT NULL) STRICT, WITHOUT ROWID;
CREATE INDEX search_terms_by_skeleton ON search_terms (skeleton);
CREATE TABLE search_terms_through (document_id INTEGER NOT NULL) STRICT;
INSERT INTO search_terms_through (document_id) VALUES (0);
`;

/** The documents whose index text was written again after the vocabulary took their terms (migration 0016). */
export const SEARCH_TERMS_PENDING_SQL = /* sql */ `
CREATE TABLE search_terms_pending (document_id INTEGER PRIMARY KEY) STRICT;
-- The triggers on documents write a document's index text again (INSERT OR REPLACE) when its title, text,
-- source or author change, and an undo writes it again with its own id: both come here, as does a new
-- document given the id of one deleted, when the vocabulary had passed it.
CREATE TRIGGER search_terms_pending AFTER INSERT ON document_words
WHEN new.id <= (SELECT document_id FROM search_terms_through) BEGIN
  INSERT OR IGNORE INTO search_terms_pending (document_id) VALUES (new.id);
END;
`;

/** The index's tokenizer as its table was declared (0008: 'porter ascii'), so new terms are cut and stemmed exactly alike. */
export function indexTokenizer(db: Db): string {
  const sql = db.prepare<[], string>("SELECT sql FROM sqlite_schema WHERE name = 'documents_fts'").pluck().get()!;
  const found = /tokenize\s*=\s*'((?:[^']|'')*)'/i.exec(sql);
  return found ? found[1]!.replaceAll("''", "'") : 'unicode61';
}

const throughId = values<[], number>('SELECT document_id FROM search_terms_through');
const newestId = values<[], number>('SELECT coalesce(max(id), 0) FROM document_words');
const through = (db: Db) => throughId(db).get()!;
const newest = (db: Db) => newestId(db).get()!;
const anyPending = values<[], number>('SELECT EXISTS (SELECT 1 FROM search_terms_pending)');

/** The scratch index of the terms waiting to join the vocabulary (this connection's own, emptied each time they join). */
function newTermsTable(db: Db): void {
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.new_terms USING fts5(title, body, source, author, content = '', detail = none, tokenize = '${indexTokenizer(db).replaceAll("'", "''")}');
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.new_terms_vocab USING fts5vocab(temp, new_terms, 'row');`);
}

/**
 * Adds the terms of the documents written since the vocabulary was last
 * brought up to date, and of those written again since (search_terms_pending),
 * in the cheaper of two ways (see wayFor), or in `way`: their index texts cut
 * and stemmed by the index's own tokenizer in the scratch table, or the
 * index's own vocabulary read whole; the terms the vocabulary lacks join it.
 * Either way it then holds every term of the index. Cheap when nothing was
 * written: three lookups. In a transaction of its own, or in the caller's.
 */
export function addNewTerms(db: Db, way?: TermsWay): void {
  const behind = () => newest(db) > through(db) || anyPending(db).get() === 1;
  if (db.readonly || !behind()) return;
  db.transaction(() => {
    if (!behind()) return;
    const to = newest(db);
    registerSkeleton(db);
    if ((way ?? wayFor(to - through(db), to)) === 'index') {
      db.prepare(
        `INSERT INTO search_terms (term, skeleton) SELECT v.term, quire_skeleton(v.term) FROM documents_vocab v
         WHERE NOT EXISTS (SELECT 1 FROM search_terms t WHERE t.term = v.term)`,
      ).run();
    } else {
      newTermsTable(db);
      db.prepare<[after: number, upTo: number]>(
        `INSERT INTO temp.new_terms (title, body, source, author) SELECT title, body, source, author FROM document_words
         WHERE id > ? AND id <= ? OR id IN (SELECT document_id FROM search_terms_pending)`,
      ).run(through(db), to);
      db.prepare(
        `INSERT INTO search_terms (term, skeleton) SELECT n.term, quire_skeleton(n.term) FROM temp.new_terms_vocab n
         WHERE NOT EXISTS (SELECT 1 FROM search_terms t WHERE t.term = n.term)`,
      ).run();
      db.prepare("INSERT INTO temp.new_terms (new_terms) VALUES ('delete-all')").run();
    }
    db.prepare('DELETE FROM search_terms_pending').run();
    db.prepare('UPDATE search_terms_through SET document_id = max(document_id, ?)').run(to);
  }).immediate();
}

/** How addNewTerms takes the new terms: from the texts of the documents behind, or from the index's vocabulary. */
export type TermsWay = 'texts' | 'index';

/**
 * The cheaper way to take the terms of `behind` documents of a project whose ids go up to `newest`. Cutting their
 * texts again costs about 50 µs a document (an article of a few thousand characters); reading the index's own
 * vocabulary, which counts each term's documents as it goes, about 7 µs a document of the whole project, and a
 * lookup per term (the BBC folder's 2,128 articles: 110 ms against 60). So the vocabulary is read when those behind
 * are at least a fifth of the project, as after an import into a new or small project; the ids count deleted
 * documents too, which only ever makes the texts the choice.
 */
export function wayFor(behind: number, newest: number): TermsWay {
  return behind * INDEX_SHARE >= newest ? 'index' : 'texts';
}
const INDEX_SHARE = 5;

/** How many documents the vocabulary has not taken yet (by id: those written since it was last brought up to date). */
export function termsBehind(db: Db): number {
  return newest(db) - through(db);
}

/** Makes the vocabulary anew from the whole index (one read of FTS5's vocabulary). Runs inside the caller's transaction. */
export function rebuildSearchTerms(db: Db, onProgress?: (p: IndexProgress) => void): void {
  const total = documentCount(db).get()!;
  onProgress?.({ done: 0, total });
  db.prepare('DELETE FROM search_terms').run();
  registerSkeleton(db);
  db.prepare('INSERT INTO search_terms (term, skeleton) SELECT term, quire_skeleton(term) FROM documents_vocab').run();
  db.prepare('UPDATE search_terms_through SET document_id = ?').run(newest(db));
  // Nothing waits any more (a project being brought up to date past schema 11 has no such table yet).
  if (db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'search_terms_pending'").get())
    db.prepare('DELETE FROM search_terms_pending').run();
  onProgress?.({ done: total, total });
}

/**
 * A term's consonant skeleton: its first letter, then its consonants in order,
 * doubled letters once (kiev, kyiv → kv; akaev → akv). Transliterations of one
 * name share it, so variants of a name are looked up by it.
 */
export function skeletonOf(word: string): string {
  // In one pass over the UTF-16 units, as (word[0] + word.slice(1).replace(/[aeiouy]/g, '')).replace(/(.)\1+/g, '$1')
  // has it, at a third of its cost: the vocabulary takes every new term's skeleton as an import ends.
  let skeleton = word.charAt(0);
  let last = word.charCodeAt(0);
  for (let i = 1; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (VOWEL[c] === 1 || (c === last && !LINE_ENDS.has(c))) continue;
    skeleton += word[i];
    last = c;
  }
  return skeleton;
}
/** 1 at the codes of a, e, i, o, u and y. */
const VOWEL = Uint8Array.from({ length: 128 }, (_, c) => ('aeiouy'.includes(String.fromCharCode(c)) ? 1 : 0));
/** What a regular expression's "." does not match, so a run of them is kept. */
const LINE_ENDS = new Set([0x0a, 0x0d, 0x2028, 0x2029]);

function registerSkeleton(db: Db): void {
  db.function('quire_skeleton', { deterministic: true }, (term: unknown) =>
    typeof term === 'string' && term ? skeletonOf(term) : '',
  );
}

/** The terms that have this skeleton. */
export function termsBySkeleton(db: Db): (skeleton: string) => string[] {
  const read = db.prepare<[string], string>('SELECT term FROM search_terms WHERE skeleton = ? ORDER BY term').pluck();
  return (skeleton) => read.all(skeleton);
}

/** The first term at or after `from` in the vocabulary's order (code point order, as SQLite compares UTF-8), if any. */
export function termSeeker(db: Db): (from: string) => string | undefined {
  const seek = db
    .prepare<[string], string>('SELECT term FROM search_terms WHERE term >= ? ORDER BY term LIMIT 1')
    .pluck();
  return (from) => seek.get(from);
}
