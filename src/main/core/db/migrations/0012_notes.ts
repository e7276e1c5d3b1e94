// Schema 12: the project journal and free memos. A note belongs to its writer
// (as memos do), is either a dated journal entry or a titled memo, and may be
// linked to documents, codes and coded passages. Links name their target by
// guid, not id: a target deleted and brought back by undo keeps its links, and
// a new row that happens to take a deleted row's id never inherits them.
export const sql = /* sql */ `
CREATE TABLE notes (
  id         INTEGER PRIMARY KEY,
  guid       TEXT NOT NULL UNIQUE,
  kind       TEXT NOT NULL CHECK (kind IN ('journal', 'memo')),
  title      TEXT NOT NULL,
  text       TEXT NOT NULL,
  coder_id   INTEGER NOT NULL REFERENCES coders(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX notes_by_kind ON notes (kind, created_at);

CREATE TABLE note_links (
  id          INTEGER PRIMARY KEY,
  note_id     INTEGER NOT NULL REFERENCES notes(id),
  target_type TEXT NOT NULL CHECK (target_type IN ('document', 'code', 'coding')),
  target_guid TEXT NOT NULL,
  UNIQUE (note_id, target_type, target_guid)
) STRICT;
CREATE INDEX note_links_by_target ON note_links (target_type, target_guid);
`;
