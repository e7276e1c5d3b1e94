// Schema 8: search finds words in every script. The full-text index no longer
// reads the documents' stored text through unicode61 (which takes a run of
// Chinese characters for one word and folds accents only in Latin letters);
// it reads each document's index text: its words cut by ICU's segmenter and
// folded (search/words.ts, search/fold.ts), kept in document_words with the
// word maps that place hits back on the title and text. The stored text is untouched. The index is made anew for every document, with
// progress (db/search-index.ts).
import { rebuildSearchIndex } from '../search-index.ts';

export const sql = /* sql */ `
DROP TRIGGER documents_fts_insert;
DROP TRIGGER documents_fts_delete;
DROP TRIGGER documents_fts_update;
DROP TABLE documents_vocab;
DROP TABLE documents_fts;

CREATE TABLE document_words (
  id     INTEGER PRIMARY KEY,
  title  TEXT,
  body   TEXT NOT NULL,
  source TEXT,
  author TEXT,
  title_map BLOB,
  body_map  BLOB NOT NULL
) STRICT;

-- The index text is words and single spaces, folded and in lower case already:
-- the ascii tokenizer takes each word whole, whatever its script, and porter stems English.
CREATE VIRTUAL TABLE documents_fts USING fts5(
  title, body, source, author,
  content = 'document_words', content_rowid = 'id',
  tokenize = 'porter ascii'
);
INSERT INTO documents_fts(documents_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 0.5, 0.5)');

CREATE VIRTUAL TABLE documents_vocab USING fts5vocab(documents_fts, 'row');

-- The index is told what it held from document_words, never by computing the words again,
-- so a word splitter that changed since cannot leave entries behind. Each word map is asked
-- for right after its text, whose words are still at hand then (search-index.ts).
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
  INSERT INTO document_words (id, title, title_map, body, body_map, source, author)
  VALUES (new.id, quire_words(new.title), quire_word_map(new.title), quire_words(new.body), quire_word_map(new.body), quire_words(new.source), quire_words(new.author));
  INSERT INTO documents_fts (rowid, title, body, source, author)
  SELECT id, title, body, source, author FROM document_words WHERE id = new.id;
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, title, body, source, author)
  SELECT 'delete', id, title, body, source, author FROM document_words WHERE id = old.id;
  DELETE FROM document_words WHERE id = old.id;
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, body, source, author ON documents BEGIN
  INSERT INTO documents_fts (documents_fts, rowid, title, body, source, author)
  SELECT 'delete', id, title, body, source, author FROM document_words WHERE id = old.id;
  INSERT OR REPLACE INTO document_words (id, title, title_map, body, body_map, source, author)
  VALUES (new.id, quire_words(new.title), quire_word_map(new.title), quire_words(new.body), quire_word_map(new.body), quire_words(new.source), quire_words(new.author));
  INSERT INTO documents_fts (rowid, title, body, source, author)
  SELECT id, title, body, source, author FROM document_words WHERE id = new.id;
END;
`;

export const run = rebuildSearchIndex;
