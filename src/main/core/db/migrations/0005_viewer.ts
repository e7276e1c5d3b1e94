// Schema 5: what each coder may see. A coder can code blind (the others'
// codings, counts and memos hidden from everything they read), a setting of
// theirs kept in the project so it holds in every session and tool. Memos
// belong to their writer: each coder has their own memo on a document, code or
// coding, so a blind coder's memo never overwrites a colleague's unseen one.
export const sql = /* sql */ `
ALTER TABLE coders ADD COLUMN blind INTEGER NOT NULL DEFAULT 0 CHECK (blind IN (0, 1));

CREATE TABLE memos_by_coder (
  id          INTEGER PRIMARY KEY,
  guid        TEXT NOT NULL UNIQUE,
  target_type TEXT NOT NULL CHECK (target_type IN ('document', 'code', 'coding')),
  target_id   INTEGER NOT NULL,
  text        TEXT NOT NULL,
  coder_id    INTEGER NOT NULL REFERENCES coders(id),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  UNIQUE (target_type, target_id, coder_id)
) STRICT;
INSERT INTO memos_by_coder (id, guid, target_type, target_id, text, coder_id, created_at, updated_at)
  SELECT id, guid, target_type, target_id, text, coder_id, created_at, updated_at FROM memos;
DROP TABLE memos;
ALTER TABLE memos_by_coder RENAME TO memos;
`;
