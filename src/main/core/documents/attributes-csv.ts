// Attributes to and from a spreadsheet: one row per document (found by its
// file name, title or GUID), one column per attribute. A column without an
// attribute of its name becomes one; its type is taken from its values, and
// the report says which it took.
import { QuireError } from '../../../shared/errors.ts';
import { clip, plural, visible } from '../../../shared/text.ts';
import type { AttributeImportReport, AttributeType, AttributeValueInput } from '../../../shared/api.ts';
import type { Db } from '../db/open.ts';
import { documentNames } from '../db/queries/documents.ts';
import { readCsvTable } from '../corpus/importers/csv.ts';
import { MAX_FILE_BYTES, readFileLimited } from '../corpus/files.ts';
import { basename } from 'node:path';
import { csvBytes, guardCell } from '../export/csv.ts';
import {
  attributeNamed,
  attributeValues,
  checkedValue,
  createAttribute,
  listAttributes,
  setAttributeValues,
} from './attributes.ts';

/** Headers naming the column that says which document a row is about, in the order they are looked for. */
const DOCUMENT_COLUMNS = ['guid', 'document', 'file', 'filename', 'file name', 'title'];

/** A spreadsheet of attributes, by path or upload (as large as a file Quire imports). */
export function importAttributesFrom(
  db: Db,
  coder: number,
  source: { path?: string; upload?: { name: string; base64: string } },
): AttributeImportReport {
  if (source.upload) {
    if (source.upload.base64.length * 0.75 > MAX_FILE_BYTES + 3)
      throw new QuireError('invalid_input', `“${source.upload.name}” is too large for a table of attributes.`);
    return importAttributesCsv(db, coder, Buffer.from(source.upload.base64, 'base64'), source.upload.name);
  }
  return importAttributesCsv(db, coder, readFileLimited(source.path!, MAX_FILE_BYTES), basename(source.path!));
}

export function importAttributesCsv(db: Db, coder: number, bytes: Uint8Array, filename: string): AttributeImportReport {
  const { header, rows } = readCsvTable(bytes, filename);
  const lower = header.map((h) => h.toLowerCase());
  const keyColumn = DOCUMENT_COLUMNS.map((n) => lower.indexOf(n)).find((i) => i >= 0);
  if (keyColumn === undefined) {
    throw new QuireError(
      'invalid_input',
      `“${filename}” has no column naming the documents: Quire looks for a header “Document”, “File”, “Title” or “GUID”.`,
    );
  }
  const documents = documentNames(db).all();
  const find = findDocument(documents, lower[keyColumn]!);
  const notes: string[] = [];
  const columns = header
    .map((name, i) => ({ name, i }))
    .filter(
      ({ name, i }) =>
        i !== keyColumn &&
        name &&
        !DOCUMENT_COLUMNS.slice(0, 4).includes(name.toLowerCase()) &&
        name.toLowerCase() !== 'title',
    );
  const attributes = columns.map(({ name, i }) => {
    const existing = attributeNamed(db, name);
    if (existing) return { attribute: existing, i };
    const values = rows.map((r) => (r[i] ?? '').trim()).filter(Boolean);
    const { type, choices, why } = guessType(values);
    notes.push(`New attribute “${visible(name)}”: ${why}.`);
    return { attribute: createAttribute(db, coder, { name, type, choices }), i };
  });
  const unmatched: string[] = [];
  const values: AttributeValueInput[] = [];
  rows.forEach((cells, r) => {
    if (cells.every((c) => !c.trim())) return;
    const key = (cells[keyColumn] ?? '').trim();
    const ids = find(key);
    // Rows are numbered as a spreadsheet shows them: the header is row 1.
    if (ids.length !== 1) {
      unmatched.push(
        `row ${r + 2} (“${clip(visible(key), 40)}”): ${ids.length ? `${ids.length} documents have this ${header[keyColumn]}` : 'no document has this ' + header[keyColumn]}`,
      );
      return;
    }
    for (const { attribute, i } of attributes)
      values.push({ documentId: ids[0]!, attributeId: attribute.id, value: (cells[i] ?? '').trim() || null });
  });
  const set = setAttributeValues(db, coder, values, `Attributes from “${clip(filename)}”`);
  // An empty cell clears the value the document had: said, so a sheet with gaps never wipes values unnoticed.
  if (set.cleared)
    notes.push(
      `${plural(set.cleared, 'value was', 'values were')} cleared: ${set.cleared === 1 ? 'its cell is' : 'their cells are'} empty in “${filename}”.`,
    );
  return {
    attributes: attributes.length,
    rows: rows.length,
    changed: set.changed,
    refused: set.refused.map((x) => x.reason),
    unmatched,
    notes,
  };
}

function findDocument(
  documents: readonly { id: number; guid: string; filename: string | null; title: string | null }[],
  column: string,
) {
  const by = new Map<string, number[]>();
  const add = (key: string | null, id: number) => {
    if (!key) return;
    const k = key.trim().toLowerCase();
    by.set(k, [...(by.get(k) ?? []), id]);
  };
  for (const d of documents) {
    if (column === 'guid') add(d.guid, d.id);
    else if (column === 'title') add(d.title ?? d.filename, d.id);
    else {
      add(d.filename, d.id);
      if (d.title && d.title !== d.filename) add(d.title, d.id);
    }
  }
  return (key: string) => [...new Set(by.get(key.toLowerCase()) ?? [])];
}

/** A new column's type from its values: numbers, dates, a short list of repeated values (a choice), else text. */
function guessType(values: readonly string[]): { type: AttributeType; choices: string[]; why: string } {
  const all = (type: AttributeType) =>
    values.length > 0 && values.every((v) => 'value' in checkedValue({ name: '', type, choices: [] }, v));
  if (all('number')) return { type: 'number', choices: [], why: 'every value is a number, so it holds numbers' };
  if (all('date')) return { type: 'date', choices: [], why: 'every value is a date, so it holds dates' };
  const distinct = [...new Map(values.map((v) => [v.toLowerCase(), v])).values()];
  if (distinct.length > 0 && distinct.length <= 12 && values.length >= 2 * distinct.length) {
    return {
      type: 'choice',
      choices: distinct,
      why: `its values repeat, so it is a choice of ${plural(distinct.length, 'value')} (${distinct.map((c) => `“${visible(c)}”`).join(', ')}); change its type in the table if it is not`,
    };
  }
  return { type: 'text', choices: [], why: 'it holds text' };
}

/** Every document with its values: file name, title and GUID, then one column per attribute. */
export function attributesCsv(db: Db, documentIds: readonly number[]): Uint8Array {
  const attributes = listAttributes(db);
  const values = attributeValues(db, documentIds);
  const doc = db.prepare<[number], { guid: string; filename: string | null; title: string | null }>(
    'SELECT guid, filename, title FROM documents WHERE id = ?',
  );
  const rows: string[][] = [['Document', 'Title', 'GUID', ...attributes.map((a) => a.name)]];
  for (const id of documentIds) {
    const d = doc.get(id);
    if (!d) continue;
    const own = values.get(id) ?? {};
    rows.push([d.filename ?? '', d.title ?? '', d.guid, ...attributes.map((a) => own[a.id] ?? '')].map(guardCell));
  }
  return csvBytes(rows);
}
