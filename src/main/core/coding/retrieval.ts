// Pulling up coded passages: every passage for chosen codes with its context,
// and the code-by-document matrix (how often, and how much of each text).
import type { CodeMatrix, CodedSegment } from '../../../shared/api.ts';
import { toUtf16Index } from '../../../shared/codepoints.ts';
import type { Db } from '../db/open.ts';
import { SUMMARY_COLUMNS, toSummary, type DocumentRow } from '../documents/documents.ts';

/** Characters of context shown on each side of a passage. */
const AROUND = 160;

const list = (ids: readonly number[]) => JSON.stringify(ids);

export function codedSegments(db: Db, input: { codeIds: number[]; documentIds?: number[]; coders?: string[] }): CodedSegment[] {
  const rows = db
    .prepare(
      `SELECT k.id, k.guid, k.document_id AS documentId, k.code_id AS codeId, c.name AS coder, k.start, k."end", k.quote,
         k.created_at AS createdAt, m.text AS memo, code.name AS codeName, code.colour AS codeColour, d.body,
         ${SUMMARY_COLUMNS.replace(/d\.id,/, 'd.id AS doc_id,')}
       FROM codings k
       JOIN coders c ON c.id = k.coder_id
       JOIN codes code ON code.id = k.code_id
       JOIN documents d ON d.id = k.document_id
       LEFT JOIN memos m ON m.target_type = 'coding' AND m.target_id = k.id
       WHERE k.orphaned = 0 AND k.code_id IN (SELECT value FROM json_each(@codes))
         AND (@documents IS NULL OR k.document_id IN (SELECT value FROM json_each(@documents)))
         AND (@coders IS NULL OR c.name IN (SELECT value FROM json_each(@coders)))
       ORDER BY coalesce(d.published, ''), d.id, k.start, k.id`,
    )
    .all({
      codes: list(input.codeIds),
      documents: input.documentIds ? list(input.documentIds) : null,
      coders: input.coders ? JSON.stringify(input.coders) : null,
    }) as (Record<string, unknown> & DocumentRow & { body: string; doc_id: number; start: number; end: number })[];
  return rows.map((r) => {
    const a = toUtf16Index(r.body, r.start);
    const b = a + (r.quote as string).length;
    const from = Math.max(0, a - AROUND);
    const to = Math.min(r.body.length, b + AROUND);
    return {
      coding: {
        id: r.id,
        guid: r.guid,
        documentId: r.documentId as number,
        codeId: r.codeId as number,
        coder: r.coder as string,
        start: r.start,
        end: r.end,
        quote: r.quote as string,
        createdAt: r.createdAt as string,
        memo: (r.memo as string | null) ?? null,
      },
      code: { id: r.codeId as number, name: r.codeName as string, colour: r.codeColour as string },
      document: toSummary({ ...r, id: r.doc_id }),
      before: (from > 0 ? '…' : '') + r.body.slice(from, a),
      after: r.body.slice(b, to) + (to < r.body.length ? '…' : ''),
    };
  });
}

/**
 * For each code and document: how many passages are coded, and what share of
 * the document's text they cover (overlapping passages counted once).
 */
export function codeMatrix(db: Db, input: { codeIds?: number[]; documentIds?: number[] }): CodeMatrix {
  const codes = db
    .prepare(`SELECT id, name, colour FROM codes WHERE @codes IS NULL OR id IN (SELECT value FROM json_each(@codes)) ORDER BY coalesce(parent_id, 0), position, id`)
    .all({ codes: input.codeIds ? list(input.codeIds) : null }) as { id: number; name: string; colour: string }[];
  const documents = (
    db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM documents d WHERE @documents IS NULL OR d.id IN (SELECT value FROM json_each(@documents)) ORDER BY d.id`)
      .all({ documents: input.documentIds ? list(input.documentIds) : null }) as DocumentRow[]
  ).map(toSummary);
  const spans = db
    .prepare(
      `SELECT code_id AS codeId, document_id AS documentId, start, "end" FROM codings
       WHERE orphaned = 0 AND code_id IN (SELECT value FROM json_each(@codes)) AND document_id IN (SELECT value FROM json_each(@documents))
       ORDER BY code_id, document_id, start`,
    )
    .all({ codes: list(codes.map((c) => c.id)), documents: list(documents.map((d) => d.id)) }) as { codeId: number; documentId: number; start: number; end: number }[];
  const length = new Map(documents.map((d) => [d.id, d.charCount]));
  const cells = new Map<string, { codeId: number; documentId: number; count: number; coded: number; reach: number }>();
  for (const s of spans) {
    const key = `${s.codeId}:${s.documentId}`;
    const cell = cells.get(key) ?? { codeId: s.codeId, documentId: s.documentId, count: 0, coded: 0, reach: 0 };
    cell.count++;
    // Spans arrive by start: add what lies beyond the furthest end so far.
    if (s.end > cell.reach) {
      cell.coded += s.end - Math.max(s.start, cell.reach);
      cell.reach = s.end;
    }
    cells.set(key, cell);
  }
  return {
    codes,
    documents,
    cells: [...cells.values()].map(({ codeId, documentId, count, coded }) => ({ codeId, documentId, count, coded, share: coded / Math.max(1, length.get(documentId) ?? 1) })),
  };
}
