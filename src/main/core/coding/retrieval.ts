// Pulling up coded passages: every passage for chosen codes with its context,
// and the code-by-document matrix (how often, and how much of each text).
import type { CodeMatrix, CodedSegment, Coding } from '../../../shared/api.ts';
import { toUtf16Index } from '../../../shared/codepoints.ts';
import type { Db } from '../db/open.ts';
import { SUMMARY_COLUMNS, toSummary, type DocumentRow } from '../documents/documents.ts';
import { SELECT_CODINGS } from './codings.ts';

/** Characters of context shown on each side of a passage. */
const AROUND = 160;

const list = (ids: readonly number[]) => JSON.stringify(ids);

export function codedSegments(db: Db, input: { codeIds: number[]; documentIds?: number[]; coders?: string[] }): CodedSegment[] {
  const codings = db
    .prepare(
      `${SELECT_CODINGS} JOIN documents d ON d.id = k.document_id
       WHERE k.orphaned = 0 AND k.code_id IN (SELECT value FROM json_each(@codes))
         AND (@documents IS NULL OR k.document_id IN (SELECT value FROM json_each(@documents)))
         AND (@coders IS NULL OR c.name IN (SELECT value FROM json_each(@coders)))
       ORDER BY coalesce(d.published, ''), d.id, k.start, k.id`,
    )
    .all({
      codes: list(input.codeIds),
      documents: input.documentIds ? list(input.documentIds) : null,
      coders: input.coders ? JSON.stringify(input.coders) : null,
    }) as Coding[];
  // Each document's text is read once, however many of its passages are listed.
  const documentIds = list([...new Set(codings.map((k) => k.documentId))]);
  const documents = new Map(
    (db.prepare(`SELECT ${SUMMARY_COLUMNS}, d.body FROM documents d WHERE d.id IN (SELECT value FROM json_each(?))`).all(documentIds) as (DocumentRow & { body: string })[]).map(
      (row) => [row.id, { summary: toSummary(row), body: row.body }],
    ),
  );
  const codes = new Map((db.prepare('SELECT id, name, colour FROM codes').all() as { id: number; name: string; colour: string }[]).map((c) => [c.id, c]));
  return codings.map((coding) => {
    const { summary, body } = documents.get(coding.documentId)!;
    const a = toUtf16Index(body, coding.start);
    const b = a + coding.quote.length;
    const from = Math.max(0, a - AROUND);
    const to = Math.min(body.length, b + AROUND);
    return {
      coding,
      code: codes.get(coding.codeId)!,
      document: summary,
      before: (from > 0 ? '…' : '') + body.slice(from, a),
      after: body.slice(b, to) + (to < body.length ? '…' : ''),
    };
  });
}

/**
 * For each code and document: how many passages are coded, and what share of
 * the document's text they cover (overlapping passages counted once).
 */
export function codeMatrix(db: Db, input: { codeIds?: number[]; documentIds?: number[]; coders?: string[] }): CodeMatrix {
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
         AND (@coders IS NULL OR coder_id IN (SELECT id FROM coders WHERE name IN (SELECT value FROM json_each(@coders))))
       ORDER BY code_id, document_id, start`,
    )
    .all({ codes: list(codes.map((c) => c.id)), documents: list(documents.map((d) => d.id)), coders: input.coders ? JSON.stringify(input.coders) : null }) as { codeId: number; documentId: number; start: number; end: number }[];
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
