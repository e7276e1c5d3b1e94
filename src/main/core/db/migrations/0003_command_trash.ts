// Schema 3: the rows an undone command removed that its log entry does not
// hold itself. An import logs only the ranges of ids it added, never the text;
// undoing it moves those rows here, redoing moves them back. Clearing an
// undone command (a new command follows) clears its trash with it.
export const sql = /* sql */ `
CREATE TABLE command_trash (
  id         INTEGER PRIMARY KEY,
  command_id INTEGER NOT NULL REFERENCES command_log(id) ON DELETE CASCADE,
  table_name TEXT NOT NULL,
  row_id     INTEGER NOT NULL,
  -- The row as JSON; BLOB values as {"$base64": "…"}.
  image      TEXT NOT NULL,
  UNIQUE (command_id, table_name, row_id)
) STRICT;
`;
