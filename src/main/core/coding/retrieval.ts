// Pulling up coded passages: every passage for chosen codes with its context,
// and the code-by-document matrix (how often, and how much of each text).
import type { AttributeFilter, CodeMatrix, CodedSegment, Coding } from '../../../shared/api.ts';
import { textAround, toUtf16Index } from '../../../shared/codepoints.ts';
import { coveredLength } from '../../../shared/spans.ts';
import { chosenDocumentSummaries, codeRows, documentSummaries, readSpans, type Span } from '../analysis/scope.ts';
import type { Db } from '../db/open.ts';
import { allCodesColoured } from '../db/queries/codes.ts';
import { summariesWithBodies } from '../db/queries/documents.ts';
import { toSummary } from '../documents/documents.ts';
import { viewerParam, visibleCoders, type Viewer } from '../viewer.ts';
import { SELECT_CODINGS } from './codings.ts';
import { attributeValues, listAttributes } from '../documents/attributes.ts';
import { withinSet } from '../documents/sets.ts';

/** Characters of context shown on each side of a passage. */
const AROUND = 160;

const list = (ids: readonly number[]) => JSON.stringify(ids);

export function codedSegments(
  db: Db,
  input: { codeIds: number[]; documentIds?: number[]; attribute?: AttributeFilter; setId?: number; coders?: string[] },
  viewer: Viewer,
): CodedSegment[] {
  const coders = visibleCoders(viewer, input.coders);
  // Only the documents with an attribute's value or of a set: their ids, within those listed.
  const chosen =
    input.attribute || input.setId
      ? chosenDocumentSummaries(db, input.documentIds, viewer, input.attribute, input.setId).map((d) => d.id)
      : input.documentIds;
  const codings = db
    .prepare<{ codes: string; documents: string | null; coders: string | null }, Coding>(
      `${SELECT_CODINGS} JOIN documents d ON d.id = k.document_id
       WHERE k.orphaned = 0 AND k.code_id IN (SELECT value FROM json_each(@codes))
         AND (@documents IS NULL OR k.document_id IN (SELECT value FROM json_each(@documents)))
         AND (@coders IS NULL OR c.name IN (SELECT value FROM json_each(@coders)))
       ORDER BY coalesce(d.published, ''), d.id, k.start, k.id`,
    )
    .all({
      codes: list(input.codeIds),
      documents: chosen ? list(chosen) : null,
      coders: coders ? JSON.stringify(coders) : null,
    });
  return segmentsOf(db, codings, viewer);
}

/** Codings as coded segments: each with its code, its document and the text around it. */
export function segmentsOf(db: Db, codings: readonly Coding[], viewer: Viewer): CodedSegment[] {
  // Each document's text is read once, however many of its passages are listed.
  const documentIds = list([...new Set(codings.map((k) => k.documentId))]);
  const documents = new Map(
    summariesWithBodies(db)
      .all({ ids: documentIds, viewer: viewerParam(viewer) })
      .map((row) => [row.id, { summary: toSummary(row), body: row.body }]),
  );
  const codes = new Map(
    allCodesColoured(db)
      .all()
      .map((c) => [c.id, c]),
  );
  return codings.map((coding) => {
    const { summary, body } = documents.get(coding.documentId)!;
    const a = toUtf16Index(body, coding.start);
    const b = a + coding.quote.length;
    return {
      coding,
      code: codes.get(coding.codeId)!,
      document: summary,
      ...textAround(body, a, b, AROUND),
    };
  });
}

/**
 * For each code and document: how many passages are coded (each coding counts,
 * by whichever coder), and what share of the document's text they cover
 * (overlapping passages counted once). Ids the project does not hold are
 * passed over, not refused, as this method always has.
 */
export function codeMatrix(
  db: Db,
  input: { codeIds?: number[]; documentIds?: number[]; setId?: number; coders?: string[] },
  viewer: Viewer,
): CodeMatrix {
  const codes = codeRows(db, input.codeIds);
  const documents = withinSet(db, documentSummaries(db, input.documentIds, viewer), input.setId, viewer);
  const spans = readSpans(
    db,
    { codeIds: codes.map((c) => c.id), documentIds: documents.map((d) => d.id), coders: input.coders },
    viewer,
  );
  const length = new Map(documents.map((d) => [d.id, d.charCount]));
  const cells = new Map<string, { codeId: number; documentId: number; spans: Span[] }>();
  for (const s of spans) {
    const key = `${s.codeId}:${s.documentId}`;
    const cell = cells.get(key) ?? { codeId: s.codeId, documentId: s.documentId, spans: [] };
    cell.spans.push(s);
    cells.set(key, cell);
  }
  const values = attributeValues(
    db,
    documents.map((d) => d.id),
  );
  return {
    codes,
    documents,
    attributes: listAttributes(db).map((a) => ({ id: a.id, name: a.name, choices: a.choices })),
    values: Object.fromEntries([...values].map(([id, own]) => [String(id), Object.fromEntries(Object.entries(own))])),
    cells: [...cells.values()]
      .sort((a, b) => a.codeId - b.codeId || a.documentId - b.documentId)
      .map(({ codeId, documentId, spans: mine }) => {
        const coded = coveredLength(mine);
        return {
          codeId,
          documentId,
          count: mine.length,
          coded,
          share: coded / Math.max(1, length.get(documentId) ?? 1),
        };
      }),
  };
}
