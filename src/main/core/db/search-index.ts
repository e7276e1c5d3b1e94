// The search index's words: each document's index text and word map
// (search/words.ts) are kept in document_words, which the FTS5 index reads as its content. Triggers
// on documents keep it in step on every path that writes a document; they call
// quire_words(), which every connection to a project registers here. An
// import, which writes many, works the rows out in its parse worker and
// writes them itself with the insert triggers set aside (withIndexWrittenDirectly).
import { encodeWordMap, indexedText, indexText, indexWords, type IndexWord } from '../search/words.ts';
import type { Db, IndexProgress } from './db.ts';
import type { DocumentsRow } from './types.ts';
import {
  addNearBuckets,
  addNearSketch,
  nearIndexOf,
  registerNearBuckets,
  type BucketTable,
  type NearIndex,
} from '../corpus/near-index.ts';
import { statement } from './statement.ts';

/** The words of the text last asked about: a trigger asks for a text's index text and then its word map. */
let last: { text: string; words: IndexWord[] } | null = null;
function wordsOf(text: string): IndexWord[] {
  if (last?.text !== text) last = { text, words: indexWords(text) };
  return last.words;
}

/** Lets SQL (the triggers) compute a text's index text and its word map. */
export function registerWords(db: Db): void {
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  db.function('quire_words', { deterministic: true }, (value: unknown) => {
    const t = text(value);
    return t === null
      ? null
      : wordsOf(t)
          .map((w) => w.token)
          .join(' ');
  });
  db.function('quire_word_map', { deterministic: true }, (value: unknown) => {
    const t = text(value);
    return t === null ? null : Buffer.from(encodeWordMap(wordsOf(t)));
  });
  // The near-duplicate index's triggers run beside the search index's, on the same connections.
  registerNearBuckets(db);
}

export type { IndexProgress } from './db.ts';

const BATCH = 200;

/**
 * Makes every document's index text anew and indexes it again, reporting
 * progress after each batch of documents. Runs inside the caller's transaction.
 */
export function rebuildSearchIndex(db: Db, onProgress?: (p: IndexProgress) => void): void {
  registerWords(db);
  const total = db.prepare<[], number>('SELECT count(*) FROM documents').pluck().get()!;
  db.prepare("INSERT INTO documents_fts(documents_fts) VALUES ('delete-all')").run();
  db.prepare('DELETE FROM document_words').run();
  const read = db.prepare<
    [after: number, limit: number],
    Pick<DocumentsRow, 'id' | 'title' | 'body' | 'source' | 'author'>
  >('SELECT id, title, body, source, author FROM documents WHERE id > ? ORDER BY id LIMIT ?');
  const write = db.prepare(
    `INSERT INTO document_words (id, title, title_map, body, body_map, source, author)
     VALUES (@id, quire_words(@title), quire_word_map(@title), quire_words(@body), quire_word_map(@body), quire_words(@source), quire_words(@author))`,
  );
  const index = db.prepare(
    'INSERT INTO documents_fts (rowid, title, body, source, author) SELECT id, title, body, source, author FROM document_words WHERE id > ? AND id <= ?',
  );
  let done = 0;
  let last = 0;
  onProgress?.({ done, total });
  for (;;) {
    const rows = read.all(last, BATCH);
    if (!rows.length) break;
    for (const row of rows) write.run(row);
    const next = rows[rows.length - 1]!.id;
    index.run(last, next);
    last = next;
    done += rows.length;
    onProgress?.({ done, total });
  }
}

/**
 * What the indexes hold for one document, worked out ahead (the import does it
 * in its parse worker): the index texts and word maps of document_words and
 * its near-duplicate buckets and sketch, exactly as the insert triggers make them.
 */
export interface DocumentIndex {
  title: string | null;
  titleMap: Uint8Array | null;
  body: string;
  bodyMap: Uint8Array;
  source: string | null;
  author: string | null;
  buckets: number[];
  sketch: NearIndex['sketch'];
}

/** A document's index rows, as quire_words, quire_word_map, quire_near_buckets and quire_near_sketch give them to the triggers. */
export function documentIndex(doc: {
  title: string | null;
  body: string;
  source: string | null;
  author: string | null;
}): DocumentIndex {
  const text = (value: string | null) => (value === null ? null : indexText(value));
  const title = doc.title === null ? null : indexedText(doc.title);
  const body = indexedText(doc.body);
  const source = text(doc.source);
  const author = text(doc.author);
  const near = nearIndexOf(doc.body);
  return {
    title: title && title.text,
    titleMap: title && title.map,
    body: body.text,
    bodyMap: body.map,
    source,
    author,
    buckets: near.buckets,
    sketch: near.sketch,
  };
}

const INSERT_TRIGGERS = ['documents_fts_insert', 'near_buckets_insert', 'near_sketches_insert'];

/**
 * The search-index rows of the documents written directly so far, per connection, waiting to be given to FTS5
 * together as withIndexWrittenDirectly ends. FTS5 flushes the terms it holds to a new segment of the index whenever
 * another statement of the transaction opens its savepoint, so a document's row given to it between two documents
 * cost a segment of its own: the inserts into documents after it took six times as long (an import of 2,128 BBC
 * articles wrote for 1.1 s, against 0.45 s with the rows given last).
 */
const waiting = new WeakMap<Db, { rows: Record<string, unknown>[]; buckets: BucketTable }>();

/**
 * Runs `write` (inside the caller's transaction) with the triggers that index a
 * new document set aside, so the caller writes each document's index rows
 * itself (writeDocumentIndex) from what it worked out ahead; the search index
 * takes the documents' words once `write` is done, and the triggers are
 * made again, as they were, before the transaction commits. The documents'
 * near-duplicate buckets go into `buckets` (near-index.ts StagedBuckets). Other connections
 * never see the project without them: they see it only as committed. Only
 * for writers that index every document they add: a document written here
 * without its index rows would be missing from search.
 */
export function withIndexWrittenDirectly<T>(db: Db, write: () => T, buckets: BucketTable): T {
  if (!db.inTransaction) throw new Error('withIndexWrittenDirectly runs inside a transaction');
  const triggers = db
    .prepare<string[], { name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND name IN (${INSERT_TRIGGERS.map(() => '?').join(', ')})`,
    )
    .all(...INSERT_TRIGGERS);
  for (const { name } of triggers) db.exec(`DROP TRIGGER ${name}`);
  const rows: Record<string, unknown>[] = [];
  waiting.set(db, { rows, buckets });
  try {
    const value = write();
    const fts = insertFts(db);
    for (const row of rows) fts.run(row);
    for (const { sql } of triggers) db.exec(sql);
    return value;
  } finally {
    waiting.delete(db);
  }
}

const insertWords = statement<[Record<string, unknown>]>(
  `INSERT INTO document_words (id, title, title_map, body, body_map, source, author)
   VALUES (@id, @title, @titleMap, @body, @bodyMap, @source, @author)`,
);
const insertFts = statement<[Record<string, unknown>]>(
  'INSERT INTO documents_fts (rowid, title, body, source, author) VALUES (@id, @title, @body, @source, @author)',
);

/**
 * Writes document `id`'s index rows (search index, near-duplicate buckets and sketch), as the insert triggers would,
 * inside withIndexWrittenDirectly: its row of the full-text index is given as that ends.
 */
export function writeDocumentIndex(db: Db, id: number, index: DocumentIndex): void {
  const writing = waiting.get(db);
  if (!writing) throw new Error('writeDocumentIndex runs inside withIndexWrittenDirectly');
  const blob = (b: Uint8Array | null) => b && Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const row = {
    id,
    title: index.title,
    titleMap: blob(index.titleMap),
    body: index.body,
    bodyMap: blob(index.bodyMap),
    source: index.source,
    author: index.author,
  };
  insertWords(db).run(row);
  writing.rows.push(row);
  addNearBuckets(db, id, index.buckets, writing.buckets);
  addNearSketch(db, id, index.sketch);
}
