// Schema 10: document sets (NVivo's and ATLAS.ti's document groups, MAXQDA's
// document sets). A set is either by hand (its members listed) or saved from a
// search or filter: then `query` keeps the search and filters as JSON and the
// members are found anew each time the set is read, so later imports that
// match join it. A hand set's members go with a deleted document (logged, so
// undo brings them back).
export const sql = /* sql */ `
CREATE TABLE document_sets (
  id          INTEGER PRIMARY KEY,
  guid        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
  description TEXT NOT NULL DEFAULT '',
  query       TEXT
) STRICT;

CREATE TABLE document_set_members (
  id          INTEGER PRIMARY KEY,
  set_id      INTEGER NOT NULL REFERENCES document_sets(id) ON DELETE CASCADE,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  UNIQUE (set_id, document_id)
) STRICT;
CREATE INDEX document_set_members_by_document ON document_set_members (document_id);
`;
