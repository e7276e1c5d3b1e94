// The statements on codings that the domains share: reading a coding, finding
// the one a coder already holds on a passage, the codings of a code or a
// document, and the fragments other tables' listings count codings with. An
// analysis's own query that joins codings with other tables for that analysis
// alone stays in the analysis (agreement, scope, the exclusive rule, exports).
import type { Coding, CodingMark } from '../../../../shared/api.ts';
import { visible } from '../../viewer.ts';
import type { Value } from '../exclusive-rule.ts';
import { VALUE_COLUMNS } from '../exclusive-rule.ts';
import { statement, values } from '../statement.ts';
import type { CodingsRow } from '../types.ts';

type K = CodingsRow;
/** The @viewer parameter of a VISIBLE condition (viewer.ts). */
type ViewerParam = { viewer: number | null };

/** Codings (k) with their coder (c) and the coder's own memo on each (m). */
const CODINGS_WITH_MEMOS = `FROM codings k JOIN coders c ON c.id = k.coder_id LEFT JOIN memos m ON m.target_type = 'coding' AND m.target_id = k.id AND m.coder_id = k.coder_id`;

/**
 * Codings as the API returns them, each with its coder's own memo on it;
 * callers add WHERE and ORDER BY (the joins end here).
 */
export const SELECT_CODINGS = `SELECT k.id, k.guid, k.document_id AS documentId, k.code_id AS codeId, c.name AS coder, k.start, k."end",
    k.quote, k.created_at AS createdAt, m.text AS memo
  ${CODINGS_WITH_MEMOS}`;

/** The placed codings of @document that the viewer may see, in reading order. */
const PLACED_IN_DOCUMENT = `WHERE k.document_id = @document AND k.orphaned = 0 AND ${visible('k')} ORDER BY k.start, k."end" DESC, k.id`;

/** A document's placed codings that the viewer may see, in reading order. */
export const placedCodingsOf = statement<{ document: number } & ViewerParam, Coding>(
  `${SELECT_CODINGS} ${PLACED_IN_DOCUMENT}`,
);

/** A document's placed codings that the viewer may see, in reading order, as the reader marks the text (no quote). */
export const placedMarksOf = statement<{ document: number } & ViewerParam, CodingMark>(
  `SELECT k.id, k.document_id AS documentId, k.code_id AS codeId, c.name AS coder, k.start, k."end", m.text AS memo
  ${CODINGS_WITH_MEMOS} ${PLACED_IN_DOCUMENT}`,
);

/** Orphaned codings the viewer may see, of every document. */
export const orphanedCodings = statement<ViewerParam, Coding>(
  `${SELECT_CODINGS} WHERE k.orphaned = 1 AND ${visible('k')} ORDER BY k.document_id, k.start, k.id`,
);

/** A document's orphaned codings that the viewer may see (by the index of a document's codings: the reader asks on every open). */
export const orphanedCodingsOf = statement<{ document: number } & ViewerParam, Coding>(
  `${SELECT_CODINGS} WHERE k.document_id = @document AND k.orphaned = 1 AND ${visible('k')} ORDER BY k.start, k.id`,
);

/** One coding as the API returns it. */
export const codingById = statement<[number], Coding>(`${SELECT_CODINGS} WHERE k.id = ?`);

/** Where a coding is, whose it is and what it quotes: what a command checks before it touches it. */
export const codingPlace = statement<
  [number],
  {
    documentId: K['document_id'];
    codeId: K['code_id'];
    coderId: K['coder_id'];
    orphaned: K['orphaned'];
    quote: K['quote'];
  }
>(
  'SELECT document_id AS documentId, code_id AS codeId, coder_id AS coderId, orphaned, quote FROM codings WHERE id = ?',
);

/** A coding as the exclusive rule weighs it (exclusive-rule.ts). */
export const codingValue = statement<[number], Value>(`SELECT ${VALUE_COLUMNS('k')} FROM codings k WHERE k.id = ?`);

export const codingGuid = values<[number], K['guid']>('SELECT guid FROM codings WHERE id = ?');
export const codingCreatedAt = values<[number], K['created_at']>('SELECT created_at FROM codings WHERE id = ?');

export const codingExists = values<[number], 1>('SELECT 1 FROM codings WHERE id = ?');

/** The placed coding a coder holds with a code on exactly a passage (never more than one), other than `except`. */
export const codingAt = values<
  { documentId: number; codeId: number; coderId: number; start: number; end: number; except: number | null },
  K['id']
>(
  'SELECT id FROM codings WHERE document_id = @documentId AND code_id = @codeId AND coder_id = @coderId AND start = @start AND "end" = @end AND orphaned = 0 AND id IS NOT @except',
);

/** A coding of this GUID on a document with a code (a merge finds the codings it brought before). */
export const codingByGuid = values<[guid: string, documentId: number, codeId: number], K['id']>(
  'SELECT id FROM codings WHERE guid = ? AND document_id = ? AND code_id = ?',
);

export const codingIdsOfCode = values<[number], K['id']>('SELECT id FROM codings WHERE code_id = ?');
export const codingIdsOfDocument = values<[number], K['id']>('SELECT id FROM codings WHERE document_id = ?');

/** A code's codings, placed or not, with their passages (a merge of codes moves them). */
export const codingsOfCode = statement<
  [number],
  { id: K['id']; documentId: K['document_id']; coderId: K['coder_id']; start: K['start']; end: K['end'] }
>('SELECT id, document_id AS documentId, coder_id AS coderId, start, "end" FROM codings WHERE code_id = ?');

/** A document's codings, placed or not, with what re-anchors them in a new text. */
export const codingsToAnchor = statement<
  [number],
  Pick<K, 'id' | 'start' | 'end' | 'quote' | 'prefix' | 'suffix'> & { codeId: K['code_id']; coderId: K['coder_id'] }
>(
  'SELECT id, code_id AS codeId, coder_id AS coderId, start, "end", quote, prefix, suffix FROM codings WHERE document_id = ? ORDER BY id',
);

/** The coder of each placed coding of a document (one entry per coding). */
export const codersOfPlacedCodings = values<[number], K['coder_id']>(
  'SELECT coder_id FROM codings WHERE document_id = ? AND orphaned = 0',
);

/** Whether another placed coding of the same coder and code as coding `id` lies exactly on start–end. */
export const twinPlaced = values<[id: number, start: number, end: number], 1>(
  'SELECT 1 FROM codings a JOIN codings b ON b.id = ? WHERE a.document_id = b.document_id AND a.code_id = b.code_id AND a.coder_id = b.coder_id AND a.start = ? AND a."end" = ? AND a.orphaned = 0',
);

/** Whether any coder but `coderId` coded with these codes (a JSON array of ids): what a blind coder may not change. */
export const othersCodedCodes = values<[codeIds: string, coderId: number | null], 1>(
  'SELECT 1 FROM codings WHERE code_id IN (SELECT value FROM json_each(?)) AND coder_id IS NOT ? LIMIT 1',
);

/** Whether any coder but `coderId` coded these documents (a JSON array of ids). */
export const othersCodedDocuments = values<[documentIds: string, coderId: number | null], 1>(
  'SELECT 1 FROM codings WHERE document_id IN (SELECT value FROM json_each(?)) AND coder_id IS NOT ? LIMIT 1',
);

/** An SQL expression: how many placed codings the viewer may see have `column` equal to `of` (a listing's count of a document's or a code's codings). Binds @viewer. */
export const visibleCodingCount = (column: 'document_id' | 'code_id', of: string) =>
  `(SELECT count(*) FROM codings k WHERE k.${column} = ${of} AND k.orphaned = 0 AND ${visible('k')})`;
