// Schema 4: disagreements between two coders that were settled (one coder's
// coding kept, both kept, or one recoded). A settled unit is known by the
// codings left in it (their GUIDs, which are never reused): it stays settled
// while no coding is added to it, and drops out of the disagreement list.
// Document, code and coder ids are plain numbers, not foreign keys: the row is
// a record, and deleting a document or a code must not be blocked by it.
export const sql = /* sql */ `
CREATE TABLE settled_disagreements (
  id              INTEGER PRIMARY KEY,
  guid            TEXT NOT NULL UNIQUE,
  document_id     INTEGER NOT NULL,
  code_id         INTEGER NOT NULL,
  -- The two coders compared, the lower id first (the pair, in either order).
  first_coder_id  INTEGER NOT NULL,
  second_coder_id INTEGER NOT NULL,
  -- The unit's span when it was settled: half-open, in code points.
  start           INTEGER NOT NULL,
  "end"           INTEGER NOT NULL,
  action          TEXT NOT NULL CHECK (action IN ('keep', 'both', 'recode')),
  -- JSON array of the GUIDs of the codings left in the unit.
  codings         TEXT NOT NULL,
  settled_by      INTEGER,
  settled_at      TEXT NOT NULL
) STRICT;
CREATE INDEX settled_disagreements_place ON settled_disagreements(document_id, code_id);
`;
