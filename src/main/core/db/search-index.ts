// The search index's words: each document's index text (search/words.ts) is
// kept in document_words, which the FTS5 index reads as its content. Triggers
// on documents keep it in step on every path that writes a document; they call
// quire_words(), which every connection to a project registers here.
import { indexText } from '../search/words.ts';
import type { Db } from './open.ts';

/** Lets SQL (the triggers) compute a text's index text. */
export function registerWords(db: Db): void {
  db.function('quire_words', { deterministic: true }, (text: unknown) => (typeof text === 'string' ? indexText(text) : null));
}

export interface IndexProgress {
  done: number;
  total: number;
}

const BATCH = 200;

/**
 * Makes every document's index text anew and indexes it again, reporting
 * progress after each batch of documents. Runs inside the caller's transaction.
 */
export function rebuildSearchIndex(db: Db, onProgress?: (p: IndexProgress) => void): void {
  registerWords(db);
  const total = db.prepare('SELECT count(*) FROM documents').pluck().get() as number;
  db.prepare("INSERT INTO documents_fts(documents_fts) VALUES ('delete-all')").run();
  db.prepare('DELETE FROM document_words').run();
  const read = db.prepare('SELECT id, title, body, source, author FROM documents WHERE id > ? ORDER BY id LIMIT ?');
  const write = db.prepare(
    'INSERT INTO document_words (id, title, body, source, author) VALUES (@id, quire_words(@title), quire_words(@body), quire_words(@source), quire_words(@author))',
  );
  const index = db.prepare('INSERT INTO documents_fts (rowid, title, body, source, author) SELECT id, title, body, source, author FROM document_words WHERE id > ? AND id <= ?');
  let done = 0;
  let last = 0;
  onProgress?.({ done, total });
  for (;;) {
    const rows = read.all(last, BATCH) as { id: number }[];
    if (!rows.length) break;
    for (const row of rows) write.run(row);
    const next = rows[rows.length - 1]!.id;
    index.run(last, next);
    last = next;
    done += rows.length;
    onProgress?.({ done, total });
  }
}
