// Schema 1: project metadata, documents with immutable normalised text, the
// original bytes for provenance, and the full-text index kept in sync by triggers.
export const sql = /* sql */ `
CREATE TABLE project (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE documents (
  id            INTEGER PRIMARY KEY,
  guid          TEXT NOT NULL UNIQUE,
  title         TEXT,
  body          TEXT NOT NULL,
  source        TEXT,
  author        TEXT,
  published     TEXT,
  url           TEXT,
  language      TEXT,
  filename      TEXT,
  path          TEXT,
  format        TEXT NOT NULL,
  encoding      TEXT NOT NULL,
  content_hash  TEXT NOT NULL UNIQUE,
  original_hash TEXT NOT NULL,
  original_size INTEGER NOT NULL,
  char_count    INTEGER NOT NULL,
  imported_at   TEXT NOT NULL,
  import_notes  TEXT
) STRICT;

CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_source ON documents(source COLLATE NOCASE);

-- The text a document was made from, when it differs from the stored text
-- (another encoding, a BOM, CRLF, HTML). When it is absent the original bytes
-- are the stored text in UTF-8, as original_hash proves.
CREATE TABLE document_originals (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL UNIQUE REFERENCES documents(id) ON DELETE CASCADE,
  bytes       BLOB NOT NULL
) STRICT;

-- A document's text does not change in place: codings point into it. Only a
-- replacement, which brings a new content hash and re-anchors the codings in
-- the same transaction, may change it.
CREATE TRIGGER documents_body_immutable BEFORE UPDATE OF body ON documents
WHEN NEW.body IS NOT OLD.body AND NEW.content_hash IS OLD.content_hash
BEGIN
  SELECT RAISE(ABORT, 'a document''s text is immutable');
END;

CREATE VIRTUAL TABLE documents_fts USING fts5(
  title, body, source, author,
  content = 'documents', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO documents_fts(documents_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 0.5, 0.5)');

CREATE VIRTUAL TABLE documents_vocab USING fts5vocab(documents_fts, 'row');

CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
  INSERT INTO documents_fts(rowid, title, body, source, author)
  VALUES (new.id, new.title, new.body, new.source, new.author);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
  INSERT INTO documents_fts(documents_fts, rowid, title, body, source, author)
  VALUES ('delete', old.id, old.title, old.body, old.source, old.author);
END;
CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, body, source, author ON documents BEGIN
  INSERT INTO documents_fts(documents_fts, rowid, title, body, source, author)
  VALUES ('delete', old.id, old.title, old.body, old.source, old.author);
  INSERT INTO documents_fts(rowid, title, body, source, author)
  VALUES (new.id, new.title, new.body, new.source, new.author);
END;
`;
