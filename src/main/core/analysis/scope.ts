// What the analyses read: the chosen documents and codes (ids the project does
// not hold are refused) and the codings of chosen codes by chosen coders.
// Coders are chosen by name, as codedSegments does: a name nobody codes under
// (a coder in blind mode who has not coded yet) simply counts nothing.
//
// A list of ids, when given, is taken as it is: an empty list chooses nothing.
import { QuireError } from '../../../shared/errors.ts';
import type { Db } from '../db/open.ts';
import { codesListed } from '../db/queries/codes.ts';
import { SUMMARY_COLUMNS, toSummary, type DocumentRow } from '../documents/documents.ts';
import type { AttributeFilter, DocumentSummary } from '../../../shared/api.ts';
import { attributeValues } from '../documents/attributes.ts';
import { withinSet } from '../documents/sets.ts';
import { viewerParam, visibleCoders, type Viewer } from '../viewer.ts';

export interface Span {
  id: number;
  documentId: number;
  codeId: number;
  start: number;
  end: number;
}

export interface CodeRow {
  id: number;
  name: string;
  colour: string;
}

const list = (values: readonly unknown[]) => JSON.stringify(values);

/** Refuses the listed ids that are not among the known ones, naming each once: "There is no document 7, 9." */
export function refuseUnknown(what: 'document' | 'code', listed: readonly number[], known: Iterable<number>): void {
  const have = new Set(known);
  const missing = [...new Set(listed.filter((id) => !have.has(id)))];
  if (missing.length) throw new QuireError('not_found', `There is no ${what} ${missing.join(', ')}.`);
}

/** The listed documents the project holds (all when none are listed), in the project's order, with the viewer's coding counts. */
export function documentSummaries(
  db: Db,
  documentIds: readonly number[] | undefined,
  viewer: Viewer,
): DocumentSummary[] {
  const rows = db
    .prepare<{ ids: string | null; viewer: number | null }, DocumentRow>(
      `SELECT ${SUMMARY_COLUMNS} FROM documents d WHERE @ids IS NULL OR d.id IN (SELECT value FROM json_each(@ids)) ORDER BY d.id`,
    )
    .all({ ids: documentIds ? list(documentIds) : null, viewer: viewerParam(viewer) });
  return rows.map(toSummary);
}

/**
 * The chosen documents (all when none are listed), refusing ids the project does not hold; with an attribute
 * filter, only those with that value of it (or, for null, without one); with a document set, only its members.
 */
export function chosenDocumentSummaries(
  db: Db,
  documentIds: readonly number[] | undefined,
  viewer: Viewer,
  attribute?: AttributeFilter,
  setId?: number,
): DocumentSummary[] {
  const listed = documentSummaries(db, documentIds, viewer);
  if (documentIds)
    refuseUnknown(
      'document',
      documentIds,
      listed.map((d) => d.id),
    );
  const documents = withinSet(db, listed, setId, viewer);
  if (!attribute) return documents;
  const values = attributeValues(
    db,
    documents.map((d) => d.id),
  );
  return documents.filter((d) => (values.get(d.id)?.[attribute.id] ?? null) === attribute.value);
}

/** The listed codes the project holds (all when none are listed), in the codebook's order. */
export function codeRows(db: Db, codeIds: readonly number[] | undefined): CodeRow[] {
  return codesListed(db).all({ codes: codeIds ? list(codeIds) : null });
}

/** The chosen codes (all when none are listed), refusing ids the project does not hold. */
export function chosenCodes(db: Db, codeIds: readonly number[] | undefined): CodeRow[] {
  const codes = codeRows(db, codeIds);
  if (codeIds)
    refuseUnknown(
      'code',
      codeIds,
      codes.map((c) => c.id),
    );
  return codes;
}

/**
 * The placed codings of the codes (all codes when none are listed) in the
 * documents by the coders (all when none are listed) that the viewer may see,
 * by document and start.
 */
export function readSpans(
  db: Db,
  input: { codeIds?: readonly number[]; documentIds: readonly number[]; coders?: readonly string[] },
  viewer: Viewer,
): Span[] {
  const coders = visibleCoders(viewer, input.coders);
  return db
    .prepare<{ codes: string | null; documents: string; coders: string | null }, Span>(
      `SELECT k.id, k.document_id AS documentId, k.code_id AS codeId, k.start, k."end" FROM codings k JOIN coders c ON c.id = k.coder_id
       WHERE k.orphaned = 0 AND k.document_id IN (SELECT value FROM json_each(@documents))
         AND (@codes IS NULL OR k.code_id IN (SELECT value FROM json_each(@codes)))
         AND (@coders IS NULL OR c.name IN (SELECT value FROM json_each(@coders)))
       ORDER BY k.document_id, k.start, k."end", k.id`,
    )
    .all({
      codes: input.codeIds ? list(input.codeIds) : null,
      documents: list(input.documentIds),
      coders: coders ? list(coders) : null,
    });
}

/** The coders who made any of these codings, by name. */
export function codersOf(db: Db, codingIds: readonly number[]): string[] {
  return db
    .prepare<[string], string>(
      'SELECT DISTINCT c.name FROM codings k JOIN coders c ON c.id = k.coder_id WHERE k.id IN (SELECT value FROM json_each(?)) ORDER BY c.name',
    )
    .pluck()
    .all(list(codingIds));
}

/** Groups items by a numeric key, keeping their order. */
export function byKey<T, K = number>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = out.get(k);
    if (group) group.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Adds counts into others field by field (lists element by element). */
export function addCounts<T extends { [K in keyof T]: number | number[] }>(into: T, more: T): void {
  const target = into as Record<string, number | number[]>;
  for (const [key, value] of Object.entries(more) as [string, number | number[]][]) {
    if (typeof value === 'number') target[key] = (target[key] as number) + value;
    else value.forEach((n, i) => ((target[key] as number[])[i]! += n));
  }
}
