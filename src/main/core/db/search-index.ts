// The search index's words: each document's index text and word map
// (search/words.ts) are kept in document_words, which the FTS5 index reads as its content. Triggers
// on documents keep it in step on every path that writes a document; they call
// quire_words(), which every connection to a project registers here.
import { encodeWordMap, indexWords, type IndexWord } from '../search/words.ts';
import type { Db, IndexProgress } from './db.ts';
import type { DocumentsRow } from './types.ts';
import { registerNearBuckets } from '../corpus/near-index.ts';

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
