// What the comparison analyses read: the chosen documents (ids the project
// does not hold are refused) and the codings of chosen codes by chosen coders.
// Coders are chosen by name, as codedSegments does: a name nobody codes under
// (a coder in blind mode who has not coded yet) simply counts nothing.
import { QuireError } from '../../../shared/errors.ts';
import type { Db } from '../db/open.ts';
import { SUMMARY_COLUMNS, toSummary, type DocumentRow } from '../documents/documents.ts';
import type { DocumentSummary } from '../../../shared/api.ts';

export interface Span {
  id: number;
  documentId: number;
  codeId: number;
  start: number;
  end: number;
}

const list = (values: readonly unknown[]) => JSON.stringify(values);

/** The chosen documents (all when none are listed), refusing ids the project does not hold. */
export function chosenDocumentSummaries(db: Db, documentIds: readonly number[] | undefined): DocumentSummary[] {
  const rows = db
    .prepare(`SELECT ${SUMMARY_COLUMNS} FROM documents d WHERE @ids IS NULL OR d.id IN (SELECT value FROM json_each(@ids)) ORDER BY d.id`)
    .all({ ids: documentIds ? list(documentIds) : null }) as DocumentRow[];
  if (documentIds) {
    const known = new Set(rows.map((r) => r.id));
    const missing = [...new Set(documentIds.filter((id) => !known.has(id)))];
    if (missing.length) throw new QuireError('not_found', `There is no document ${missing.join(', ')}.`);
  }
  return rows.map(toSummary);
}

/** The placed codings of the codes in the documents by the coders, by document and start. */
export function readSpans(db: Db, input: { codeIds: readonly number[]; documentIds: readonly number[]; coders?: readonly string[] }): Span[] {
  return db
    .prepare(
      `SELECT k.id, k.document_id AS documentId, k.code_id AS codeId, k.start, k."end" FROM codings k JOIN coders c ON c.id = k.coder_id
       WHERE k.orphaned = 0 AND k.code_id IN (SELECT value FROM json_each(@codes)) AND k.document_id IN (SELECT value FROM json_each(@documents))
         AND (@coders IS NULL OR c.name IN (SELECT value FROM json_each(@coders)))
       ORDER BY k.document_id, k.start, k."end", k.id`,
    )
    .all({ codes: list(input.codeIds), documents: list(input.documentIds), coders: input.coders ? list(input.coders) : null }) as Span[];
}

/** The coders who made any of these codings, by name. */
export function codersOf(db: Db, codingIds: readonly number[]): string[] {
  return db
    .prepare('SELECT DISTINCT c.name FROM codings k JOIN coders c ON c.id = k.coder_id WHERE k.id IN (SELECT value FROM json_each(?)) ORDER BY c.name')
    .pluck()
    .all(list(codingIds)) as string[];
}

/** Groups items by a numeric key, keeping their order. */
export function byKey<T>(items: readonly T[], key: (item: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = out.get(k);
    if (group) group.push(item);
    else out.set(k, [item]);
  }
  return out;
}
