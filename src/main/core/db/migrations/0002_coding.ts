// Schema 2: coders, the codebook (hierarchical codes, groups that may be
// exclusive), codings (one code on one span of one document, in code points,
// with its quote and context for re-anchoring), memos, and the command log
// that gives undo/redo and the audit trail.
export const sql = /* sql */ `
CREATE TABLE coders (
  id         INTEGER PRIMARY KEY,
  guid       TEXT NOT NULL UNIQUE,
  name       TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
) STRICT;

CREATE TABLE codes (
  id          INTEGER PRIMARY KEY,
  guid        TEXT NOT NULL UNIQUE,
  parent_id   INTEGER REFERENCES codes(id),
  name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
  colour      TEXT NOT NULL CHECK (colour GLOB '#[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'),
  description TEXT NOT NULL DEFAULT '',
  position    INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL
) STRICT;
-- Sibling codes have different names.
CREATE UNIQUE INDEX codes_sibling_name ON codes(coalesce(parent_id, 0), name COLLATE NOCASE);

CREATE TABLE code_groups (
  id          INTEGER PRIMARY KEY,
  guid        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (length(trim(name)) > 0),
  description TEXT NOT NULL DEFAULT '',
  -- An exclusive group is a dimension (a stance): a passage holds at most one of its codes.
  exclusive   INTEGER NOT NULL DEFAULT 0 CHECK (exclusive IN (0, 1)),
  created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE code_group_members (
  id       INTEGER PRIMARY KEY,
  group_id INTEGER NOT NULL REFERENCES code_groups(id),
  code_id  INTEGER NOT NULL REFERENCES codes(id),
  UNIQUE (group_id, code_id)
) STRICT;
CREATE INDEX code_group_members_code ON code_group_members(code_id);

CREATE TABLE codings (
  id          INTEGER PRIMARY KEY,
  guid        TEXT NOT NULL UNIQUE,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  code_id     INTEGER NOT NULL REFERENCES codes(id),
  coder_id    INTEGER NOT NULL REFERENCES coders(id),
  -- Half-open [start, end) in code points of the document's stored text.
  start       INTEGER NOT NULL CHECK (start >= 0),
  "end"       INTEGER NOT NULL CHECK ("end" > start),
  quote       TEXT NOT NULL,
  prefix      TEXT NOT NULL,
  suffix      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  -- 1 when the document's text was replaced and the passage could not be
  -- found again: start/end are then its old place, kept for the user to decide.
  orphaned    INTEGER NOT NULL DEFAULT 0 CHECK (orphaned IN (0, 1))
) STRICT;
CREATE INDEX codings_document ON codings(document_id, start);
CREATE INDEX codings_code ON codings(code_id);
-- The same coder codes a span with a code once.
CREATE UNIQUE INDEX codings_once ON codings(document_id, code_id, coder_id, start, "end") WHERE orphaned = 0;

CREATE TABLE memos (
  id          INTEGER PRIMARY KEY,
  guid        TEXT NOT NULL UNIQUE,
  target_type TEXT NOT NULL CHECK (target_type IN ('document', 'code', 'coding')),
  target_id   INTEGER NOT NULL,
  text        TEXT NOT NULL,
  coder_id    INTEGER NOT NULL REFERENCES coders(id),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  UNIQUE (target_type, target_id)
) STRICT;

-- Every change as a command: the rows it touched, before and after, so it can
-- be undone and redone; and who did what, when.
CREATE TABLE command_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  coder_id    INTEGER REFERENCES coders(id),
  command     TEXT NOT NULL,
  description TEXT NOT NULL,
  changes     TEXT NOT NULL,
  undone      INTEGER NOT NULL DEFAULT 0 CHECK (undone IN (0, 1))
) STRICT;
`;
