// The statements on document attributes: the attributes (typed, in the
// table's order) and each document's values. Writes go through the command
// log; these read. The attribute table's listing, whose SQL the user's filters
// and sort build, stays in documents/attributes.ts.
import { statement, values } from '../statement.ts';
import type { AttributesRow, DocumentAttributesRow, DocumentsRow } from '../types.ts';

type A = AttributesRow;
type V = DocumentAttributesRow;

/** Every attribute in the table's order, with how many documents hold a value of it. */
export const attributesWithCounts = statement<[], A & { filled: number }>(
  `SELECT a.id, a.guid, a.name, a.type, a.choices, a.position, (SELECT count(*) FROM document_attributes v WHERE v.attribute_id = a.id) AS filled
   FROM attributes a ORDER BY a.position, a.id`,
);

/** Where a new attribute goes: after the last. */
export const nextAttributePosition = values<[], number>('SELECT coalesce(max(position), -1) + 1 FROM attributes');
export const attributeGuidTaken = values<[string], 1>('SELECT 1 FROM attributes WHERE guid = ?');

export const valuesOfAttribute = statement<[number], Pick<V, 'id' | 'value'>>(
  'SELECT id, value FROM document_attributes WHERE attribute_id = ?',
);
export const valueIdsOfAttribute = values<[number], V['id']>(
  'SELECT id FROM document_attributes WHERE attribute_id = ?',
);
export const valueIdsOfDocument = values<[number], V['id']>('SELECT id FROM document_attributes WHERE document_id = ?');

/** A document's value of an attribute. */
export const documentValue = statement<[documentId: number, attributeId: number], Pick<V, 'id' | 'value'>>(
  'SELECT id, value FROM document_attributes WHERE document_id = ? AND attribute_id = ?',
);

/** Every value, of every document or of those listed (a JSON array of ids). */
export const allValues = statement<[], Pick<V, 'document_id' | 'attribute_id' | 'value'>>(
  'SELECT document_id, attribute_id, value FROM document_attributes',
);
export const valuesOfDocuments = statement<[string], Pick<V, 'document_id' | 'attribute_id' | 'value'>>(
  'SELECT document_id, attribute_id, value FROM document_attributes WHERE document_id IN (SELECT value FROM json_each(?))',
);

/** The documents without a value of an attribute, with what their import found: details, and the column `own` names (or null). */
export const documentsWithout = (own: 'language' | 'source' | 'author' | null) =>
  own === null ? withoutValue.none : withoutValue[own];

const withoutValueOf = (column: string) =>
  statement<[attributeId: number], { id: DocumentsRow['id']; details: DocumentsRow['details']; own: string | null }>(
    `SELECT d.id, d.details, ${column} AS own FROM documents d WHERE NOT EXISTS (SELECT 1 FROM document_attributes v WHERE v.document_id = d.id AND v.attribute_id = ?)`,
  );
const withoutValue = {
  none: withoutValueOf('NULL'),
  language: withoutValueOf('d.language'),
  source: withoutValueOf('d.source'),
  author: withoutValueOf('d.author'),
};
