// Schema 7: document attributes (NVivo's classifications, MAXQDA's document
// variables): any number of typed attributes, each document holding at most
// one value of each. Values are text in the form their type gives them
// ('12.5', '2022-03', 'state'); the engine checks them against the type and,
// for a choice, its list.
export const sql = /* sql */ `
CREATE TABLE attributes (
  id       INTEGER PRIMARY KEY,
  guid     TEXT NOT NULL UNIQUE,
  name     TEXT NOT NULL UNIQUE COLLATE NOCASE,
  type     TEXT NOT NULL CHECK (type IN ('text', 'number', 'date', 'choice')),
  choices  TEXT NOT NULL DEFAULT '[]',
  position INTEGER NOT NULL
) STRICT;

CREATE TABLE document_attributes (
  id           INTEGER PRIMARY KEY,
  document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  attribute_id INTEGER NOT NULL REFERENCES attributes(id) ON DELETE CASCADE,
  value        TEXT NOT NULL CHECK (value <> ''),
  UNIQUE (document_id, attribute_id)
) STRICT;
CREATE INDEX document_attributes_by_value ON document_attributes (attribute_id, value);
`;
