// Document attributes: typed fields the researcher defines (outlet type =
// state / independent / foreign; circulation; founded), one value per document
// and attribute. Every write goes through `checkedValue`, so no path — the
// table, a paste, a CSV, an import — can store a value its type refuses.
import { QuireError } from '../../../shared/errors.ts';
import { clip, plural, visible } from '../../../shared/text.ts';
import type { Attribute, AttributeTable, AttributeType, AttributeValueInput } from '../../../shared/api.ts';
import { runCommand, type ChangeSet } from '../commands/log.ts';
import type { Db } from '../db/open.ts';
import {
  allValues,
  attributesWithCounts,
  documentsWithout,
  documentValue,
  nextAttributePosition,
  valueIdsOfAttribute,
  valuesOfAttribute,
  valuesOfDocuments,
} from '../db/queries/attributes.ts';
import { documentExists } from '../db/queries/documents.ts';
import type { NamedParams } from '../db/statement.ts';
import type { AttributesRow } from '../db/types.ts';
import { newGuid } from '../guid.ts';
import { isoDay } from '../corpus/importers/dates.ts';
import { everyone, viewerParam } from '../viewer.ts';
import { SUMMARY_COLUMNS, TITLE_ORDER, toSummary, type DocumentRow } from './documents.ts';

const toAttribute = (r: AttributesRow & { filled: number }): Attribute => ({
  id: r.id,
  guid: r.guid,
  name: r.name,
  type: r.type,
  choices: JSON.parse(r.choices) as string[],
  filled: r.filled,
});

export function listAttributes(db: Db): Attribute[] {
  return attributesWithCounts(db).all().map(toAttribute);
}

export function getAttribute(db: Db, id: number): Attribute {
  const found = listAttributes(db).find((a) => a.id === id);
  if (!found) throw new QuireError('not_found', `There is no attribute ${id} in this project.`);
  return found;
}

/** An attribute by its name, in any case; null when the project has none of that name. */
export function attributeNamed(db: Db, name: string): Attribute | null {
  return listAttributes(db).find((a) => a.name.toLowerCase() === name.trim().toLowerCase()) ?? null;
}

const TYPE_WORDS: Record<AttributeType, string> = {
  text: 'text',
  number: 'a number',
  date: 'a date (YYYY, YYYY-MM or YYYY-MM-DD)',
  choice: 'one of its choices',
};

/**
 * A value as the attribute keeps it, or why it cannot hold it. Numbers are
 * written plainly ("1,200" and "1 200" are 1200; a decimal comma is a point);
 * dates as YYYY, YYYY-MM or YYYY-MM-DD; a choice must be one of the list (in
 * any case: it is kept as the list writes it).
 */
export function checkedValue(
  attribute: Pick<Attribute, 'name' | 'type' | 'choices'>,
  raw: string,
): { value: string } | { error: string } {
  const value = raw.trim();
  const refuse = (why: string) => ({
    error: `“${clip(visible(value), 40)}” is not ${why} for “${visible(attribute.name)}”.`,
  });
  switch (attribute.type) {
    case 'text':
      return { value };
    case 'number': {
      const plain = value
        .replace(/[\s\u00a0\u202f']/g, '')
        .replace(/^(-?\d{1,3}(?:,\d{3})+)(\.\d+)?$/, (_, int: string, dec = '') => int.replace(/,/g, '') + dec)
        .replace(/^(-?\d+),(\d+)$/, '$1.$2');
      if (!/^-?\d+(\.\d+)?$/.test(plain)) return refuse('a number');
      return { value: String(Number(plain)) };
    }
    case 'date': {
      const m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(value);
      if (!m) return refuse(TYPE_WORDS.date);
      const [y, mo, d] = [Number(m[1]), m[2] ? Number(m[2]) : null, m[3] ? Number(m[3]) : null];
      if (mo !== null && (mo < 1 || mo > 12)) return refuse(TYPE_WORDS.date);
      if (d !== null && !isoDay(y, mo!, d)) return refuse('a day that exists');
      return {
        value: [
          String(y).padStart(4, '0'),
          mo === null ? null : String(mo).padStart(2, '0'),
          d === null ? null : String(d).padStart(2, '0'),
        ]
          .filter(Boolean)
          .join('-'),
      };
    }
    case 'choice': {
      const found = attribute.choices.find((c) => c.toLowerCase() === value.toLowerCase());
      return found
        ? { value: found }
        : {
            error: `“${clip(visible(value), 40)}” is not one of the choices for “${visible(attribute.name)}” (${attribute.choices.map((c) => `“${visible(c)}”`).join(', ') || 'it has none yet'}).`,
          };
    }
  }
}

function cleanChoices(type: AttributeType, choices: readonly string[] | undefined): string[] {
  const list = [...new Set((choices ?? []).map((c) => c.trim()).filter(Boolean))];
  if (type === 'choice' && list.length === 0)
    throw new QuireError('invalid_input', 'A choice attribute needs at least one choice.');
  return type === 'choice' ? list : [];
}

function refuseTaken(db: Db, name: string, except: number | null): void {
  const other = attributeNamed(db, name);
  if (other && other.id !== except)
    throw new QuireError('invalid_input', `There is already an attribute called “${visible(other.name)}”.`);
}

export function createAttribute(
  db: Db,
  coder: number,
  input: { name: string; type: AttributeType; choices?: string[] },
): Attribute {
  refuseTaken(db, input.name, null);
  const choices = cleanChoices(input.type, input.choices);
  const id = runCommand(db, coder, 'createAttribute', `New attribute “${clip(input.name)}”`, (c) => {
    const position = nextAttributePosition(db).get() ?? 0;
    return c.insert('attributes', {
      guid: newGuid(),
      name: input.name.trim(),
      type: input.type,
      choices: JSON.stringify(choices),
      position,
    });
  });
  return getAttribute(db, id);
}

/**
 * Renames an attribute, changes its type or its choices. Values the new type
 * or list would refuse are listed, and the change is refused: nothing is ever
 * dropped or rewritten silently. A choice renamed is given as `rename`, and
 * every value of the old name follows it.
 */
export function updateAttribute(
  db: Db,
  coder: number,
  input: {
    id: number;
    name?: string;
    type?: AttributeType;
    choices?: string[];
    rename?: { from: string; to: string }[];
  },
): Attribute {
  const current = getAttribute(db, input.id);
  if (input.name !== undefined) refuseTaken(db, input.name, current.id);
  const type = input.type ?? current.type;
  const choices =
    input.choices !== undefined || input.type !== undefined
      ? cleanChoices(type, input.choices ?? current.choices)
      : current.choices;
  const renames = new Map((input.rename ?? []).map((r) => [r.from.toLowerCase(), r.to.trim()]));
  const next = { name: input.name ?? current.name, type, choices };
  const values = valuesOfAttribute(db).all(current.id);
  const rewritten = values.map((v) => ({
    ...v,
    result: checkedValue(next, renames.get(v.value.toLowerCase()) ?? v.value),
  }));
  const refused = rewritten.filter((v) => 'error' in v.result);
  if (refused.length) {
    const examples = [...new Set(refused.map((v) => `“${clip(visible(v.value), 30)}”`))].slice(0, 5).join(', ');
    throw new QuireError(
      'invalid_input',
      `${plural(refused.length, 'document')} ${refused.length === 1 ? 'has a value' : 'have values'} that “${visible(next.name)}” could no longer hold (${examples}): change or clear ${refused.length === 1 ? 'it' : 'them'} first.`,
    );
  }
  runCommand(db, coder, 'updateAttribute', `Change attribute “${clip(current.name)}”`, (c) => {
    c.update('attributes', current.id, { name: next.name.trim(), type, choices: JSON.stringify(choices) });
    for (const v of rewritten)
      if ('value' in v.result && v.result.value !== v.value)
        c.update('document_attributes', v.id, { value: v.result.value });
  });
  return getAttribute(db, current.id);
}

export function deleteAttribute(db: Db, coder: number, input: { id: number }): { values: number } {
  const current = getAttribute(db, input.id);
  const ids = valueIdsOfAttribute(db).all(current.id);
  runCommand(db, coder, 'deleteAttribute', `Delete attribute “${clip(current.name)}”`, (c) => {
    for (const id of ids) c.delete('document_attributes', id);
    c.delete('attributes', current.id);
  });
  return { values: ids.length };
}

/** What a batch of values did: how many were set or cleared, and each value refused with its reason. */
export interface SetValuesResult {
  changed: number;
  /** Of those changed, the values cleared (an empty cell over a value). */
  cleared: number;
  refused: { documentId: number; attributeId: number; value: string; reason: string }[];
}

/**
 * Sets (or, with null or '', clears) values, as one undoable step: a cell
 * typed in the table, a block pasted from a spreadsheet, a CSV. Values their
 * attribute refuses are listed with the reason; the others are set.
 */
export function setAttributeValues(
  db: Db,
  coder: number,
  values: readonly AttributeValueInput[],
  description = 'Set attribute values',
): SetValuesResult {
  const attributes = new Map(listAttributes(db).map((a) => [a.id, a]));
  const refused: SetValuesResult['refused'] = [];
  let changed = 0;
  let cleared = 0;
  runCommand(db, coder, 'setAttributeValues', description, (c) => apply(c));
  return { changed, cleared, refused };

  function apply(c: ChangeSet): void {
    for (const v of values) {
      const attribute = attributes.get(v.attributeId);
      if (!attribute) throw new QuireError('not_found', `There is no attribute ${v.attributeId} in this project.`);
      if (!documentExists(db).get(v.documentId))
        throw new QuireError('not_found', `There is no document ${v.documentId} in this project.`);
      const row = documentValue(db).get(v.documentId, v.attributeId);
      if (v.value === null || v.value.trim() === '') {
        if (row) {
          c.delete('document_attributes', row.id);
          changed++;
          cleared++;
        }
        continue;
      }
      const checked = checkedValue(attribute, v.value);
      if ('error' in checked) {
        refused.push({ documentId: v.documentId, attributeId: v.attributeId, value: v.value, reason: checked.error });
        continue;
      }
      if (row?.value === checked.value) continue;
      if (row) c.update('document_attributes', row.id, { value: checked.value });
      else
        c.insert('document_attributes', {
          document_id: v.documentId,
          attribute_id: v.attributeId,
          value: checked.value,
        });
      changed++;
    }
  }
}

/** Every document's values, by attribute id, for the table, filters and exports. */
export function attributeValues(db: Db, documentIds?: readonly number[]): Map<number, Record<number, string>> {
  const rows = documentIds ? valuesOfDocuments(db).all(JSON.stringify(documentIds)) : allValues(db).all();
  const out = new Map<number, Record<number, string>>();
  for (const r of rows) {
    const own = out.get(r.document_id) ?? {};
    own[r.attribute_id] = r.value;
    out.set(r.document_id, own);
  }
  return out;
}

/**
 * Fills empty values from what the documents' imports found: an attribute
 * named like one of a document's import details ("Section", "Country") or
 * "Language", "Source" or "Author". Values the attribute refuses are listed.
 */
export function fillAttributesFromImport(
  db: Db,
  coder: number,
  input: { attributeId: number },
): SetValuesResult & { empty: number } {
  const attribute = getAttribute(db, input.attributeId);
  const key = attribute.name.toLowerCase();
  const column =
    (
      { language: 'language', source: 'source', outlet: 'source', author: 'author' } as Record<
        string,
        'language' | 'source' | 'author'
      >
    )[key] ?? null;
  const rows = documentsWithout(column)(db).all(attribute.id);
  const values: AttributeValueInput[] = [];
  let empty = 0;
  for (const r of rows) {
    const detail = (r.details ? (JSON.parse(r.details) as { name: string; value: string }[]) : []).find(
      (d) => d.name.toLowerCase() === key,
    )?.value;
    const value = detail ?? r.own;
    if (value?.trim()) values.push({ documentId: r.id, attributeId: attribute.id, value });
    else empty++;
  }
  const result = values.length
    ? setAttributeValues(db, coder, values, `Fill “${clip(attribute.name)}” from the imports`)
    : { changed: 0, cleared: 0, refused: [] };
  return { ...result, empty };
}

/** A page of documents with their values, sorted by title or by one attribute's value (documents without one last). */
export function attributeTable(
  db: Db,
  input: {
    offset: number;
    limit: number;
    sortBy: 'title' | number;
    descending: boolean;
    where?: { attributeId: number; value: string | null };
  },
): AttributeTable {
  const attributes = listAttributes(db);
  const params: Record<string, unknown> = { offset: input.offset, limit: input.limit };
  let where = '';
  if (input.where) {
    params.whereAttribute = input.where.attributeId;
    params.whereValue = input.where.value;
    where =
      input.where.value === null
        ? 'WHERE NOT EXISTS (SELECT 1 FROM document_attributes w WHERE w.document_id = d.id AND w.attribute_id = @whereAttribute)'
        : 'WHERE EXISTS (SELECT 1 FROM document_attributes w WHERE w.document_id = d.id AND w.attribute_id = @whereAttribute AND w.value = @whereValue)';
  }
  const direction = input.descending ? 'DESC' : 'ASC';
  // As the library sorts: an untitled document by the opening of its text, where its derived title comes from.
  let order = `${TITLE_ORDER} ${direction}, d.id`;
  if (input.sortBy !== 'title') {
    const attribute = attributes.find((a) => a.id === input.sortBy);
    if (!attribute) throw new QuireError('not_found', `There is no attribute ${input.sortBy} in this project.`);
    params.sortAttribute = attribute.id;
    // Numbers sort as numbers; documents without a value come last either way.
    const value = `(SELECT ${attribute.type === 'number' ? 'CAST(s.value AS REAL)' : 's.value COLLATE NOCASE'} FROM document_attributes s WHERE s.document_id = d.id AND s.attribute_id = @sortAttribute)`;
    order = `${value} IS NULL, ${value} ${direction}, ${order}`;
  }
  const total = db.prepare<NamedParams, number>(`SELECT count(*) FROM documents d ${where}`).pluck().get(params)!;
  // Titles as the library shows them (a derived title for an untitled article); the coding counts are not shown here.
  const docs = db
    .prepare<NamedParams, DocumentRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM documents d ${where} ORDER BY ${order} LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, viewer: viewerParam(everyone()) })
    .map(toSummary);
  const values = attributeValues(
    db,
    docs.map((d) => d.id),
  );
  return {
    attributes,
    total,
    rows: docs.map((d) => ({
      id: d.id,
      displayTitle: d.displayTitle,
      source: d.source,
      published: d.published,
      values: Object.fromEntries(Object.entries(values.get(d.id) ?? {})),
    })),
  };
}
