// The vocabulary of the search index, kept in the project: every term the
// full-text index holds (words as documents_fts stems them), in a table with
// an index, so spelling variants are looked for by seeking through it in
// order (variants.ts) rather than by reading every term into memory. FTS5's
// own vocabulary table (documents_vocab) counts each term's documents as it is
// read, which is what made the first `word~` query of a large project slow.
//
// Terms are added for the documents written since the table was last brought
// up to date (search_terms_through): after every import, and before any
// variant lookup when something else (a merge, a redo) wrote documents since.
// Their terms come from a scratch FTS5 table with the index's own tokenizer,
// so they are exactly the index's; it keeps no positions (detail = none), as
// only its terms are read. An import puts there each batch's distinct words,
// which its parse worker listed, so that only the texts of documents written
// otherwise are cut and stemmed again. A deleted document's terms stay: they only
// ever find nothing, as before. The SQL of these tables lives in this module only.
import type { Db } from '../db/db.ts';
import { documentCount } from '../db/queries/documents.ts';
import type { IndexProgress } from '../db/db.ts';
import { statement, values } from '../db/statement.ts';

/** The tables (migration 0011). */
export const SEARCH_TERMS_SQL = /* sql */ `
CREATE TABLE search_terms (term TEXT PRIMARY KEY, skeleton TEXT NOT NULL) STRICT, WITHOUT ROWID;
CREATE INDEX search_terms_by_skeleton ON search_terms (skeleton);
CREATE TABLE search_terms_through (document_id INTEGER NOT NULL) STRICT;
INSERT INTO search_terms_through (document_id) VALUES (0);
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

/** Whether documents were written since the vocabulary was last brought up to date. */
export function termsBehind(db: Db): boolean {
  return newest(db) > through(db);
}

/** The scratch index of the terms waiting to join the vocabulary (this connection's own, emptied each time they join). */
function newTermsTable(db: Db): void {
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.new_terms USING fts5(title, body, source, author, content = '', detail = none, tokenize = '${indexTokenizer(db).replaceAll("'", "''")}');
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.new_terms_vocab USING fts5vocab(temp, new_terms, 'row');`);
}

const insertWords = statement<[words: string]>('INSERT INTO temp.new_terms (body) VALUES (?)');

/**
 * The scratch index of words handed on (addHandedOnWords): listed by a document the import did not keep directly,
 * they join the vocabulary only where the index holds their terms (this connection's own, emptied with new_terms).
 */
function handedOnTable(db: Db): void {
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.handed_on USING fts5(body, content = '', detail = none, tokenize = '${indexTokenizer(db).replaceAll("'", "''")}');
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.handed_on_vocab USING fts5vocab(temp, handed_on, 'row');`);
}

const insertHandedOn = statement<[words: string]>('INSERT INTO temp.handed_on (body) VALUES (?)');

/**
 * Adds words a document listed for the vocabulary that was not kept with them (a duplicate, a file that failed,
 * a batch written again file by file: see ListedWords in db/search-index.ts): the documents after it that hold
 * them did not list them again. In the writer's transaction; addNewTerms adds the terms among them that the index
 * holds, and only those.
 */
export function addHandedOnWords(db: Db, words: string): void {
  handedOnTable(db);
  insertHandedOn(db).run(words);
}

/**
 * Adds the words of documents being written (their distinct index words, DocumentIndex.words, one space
 * between them) to the terms waiting to join the vocabulary, in the writer's transaction: an import adds
 * each batch's, and tells addNewTerms which documents they covered, so that it need not cut and stem
 * their texts again. The index's tokenizer never joins words across a space, so these words give exactly
 * the terms their texts give.
 */
export function addIndexedWords(db: Db, words: string): void {
  newTermsTable(db);
  insertWords(db).run(words);
}

/** Documents from `from` to `to` (ids, both included). */
export type IdSpan = readonly [from: number, to: number];

/**
 * Adds the terms of the documents written since the vocabulary was last
 * brought up to date. Cheap when nothing was: two lookups. `covered`: spans of
 * documents (in order) whose words were added already (addIndexedWords); the
 * others' texts are read and cut.
 */
export function addNewTerms(db: Db, covered: readonly IdSpan[] = []): void {
  if (!termsBehind(db) || db.readonly) return;
  db.transaction(() => {
    const from = through(db);
    const to = newest(db);
    if (to <= from) return;
    newTermsTable(db);
    const texts = db.prepare<[after: number, upTo: number]>(
      'INSERT INTO temp.new_terms (title, body, source, author) SELECT title, body, source, author FROM document_words WHERE id > ? AND id <= ?',
    );
    // The documents between the spans covered (and before and after them).
    let after = from;
    for (const [first, last] of covered) {
      if (first > to) break;
      if (first - 1 > after) texts.run(after, first - 1);
      after = Math.max(after, last);
    }
    if (after < to) texts.run(after, to);
    registerSkeleton(db);
    db.prepare(
      'INSERT OR IGNORE INTO search_terms (term, skeleton) SELECT term, quire_skeleton(term) FROM temp.new_terms_vocab',
    ).run();
    db.prepare("INSERT INTO temp.new_terms (new_terms) VALUES ('delete-all')").run();
    // The words handed on: their terms that some document of the index holds (one lookup each).
    handedOnTable(db);
    db.prepare(
      `INSERT OR IGNORE INTO search_terms (term, skeleton) SELECT h.term, quire_skeleton(h.term) FROM temp.handed_on_vocab h
       WHERE EXISTS (SELECT 1 FROM documents_vocab v WHERE v.term = h.term)`,
    ).run();
    db.prepare("INSERT INTO temp.handed_on (handed_on) VALUES ('delete-all')").run();
    db.prepare('UPDATE search_terms_through SET document_id = ?').run(to);
  }).immediate();
}

/** Makes the vocabulary anew from the whole index (one read of FTS5's vocabulary). Runs inside the caller's transaction. */
export function rebuildSearchTerms(db: Db, onProgress?: (p: IndexProgress) => void): void {
  const total = documentCount(db).get()!;
  onProgress?.({ done: 0, total });
  db.prepare('DELETE FROM search_terms').run();
  registerSkeleton(db);
  db.prepare('INSERT INTO search_terms (term, skeleton) SELECT term, quire_skeleton(term) FROM documents_vocab').run();
  db.prepare('UPDATE search_terms_through SET document_id = ?').run(newest(db));
  onProgress?.({ done: total, total });
}

/**
 * A term's consonant skeleton: its first letter, then its consonants in order,
 * doubled letters once (kiev, kyiv → kv; akaev → akv). Transliterations of one
 * name share it, so variants of a name are looked up by it.
 */
export function skeletonOf(word: string): string {
  return (word[0] + word.slice(1).replace(/[aeiouy]/g, '')).replace(/(.)\1+/g, '$1');
}

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
