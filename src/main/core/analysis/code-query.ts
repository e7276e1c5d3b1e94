// Code queries: passages found by their codes (NVivo's coding query, MAXQDA's
// complex coding query). A query such as `"Belarus neutral" AND Sanctions`
// is read (code-query-parse.ts) and evaluated document by document over the
// codings the viewer may see, by the coders chosen, in the documents chosen.
//
// Every operator answers real codings, so each result opens in the reader as
// a coded segment does: A OR B gives the codings of either; A AND B the
// codings of A that overlap (or share a paragraph with) a coding of B, and
// those codings of B; A NOT B the codings of A that do not; A NEAR B the
// codings of each within the distance of one of the other; A FOLLOWED BY B
// the codings of A with a coding of B starting at or after A's end within
// the distance, and those codings of B. Paragraphs are the text's non-blank
// lines, as co-occurrence and the reports count them.
import type { AttributeFilter, Code, CodedSegment, Coding } from '../../../shared/api.ts';
import { QuireError } from '../../../shared/errors.ts';
import { mergeSpans } from '../../../shared/spans.ts';
import { clip, plural } from '../../../shared/text.ts';
import { runCommand } from '../commands/log.ts';
import { assertFreeName, getCodebook, newCodePlace } from '../coding/codebook.ts';
import { insertCoding, SELECT_CODINGS } from '../coding/codings.ts';
import { segmentsOf } from '../coding/retrieval.ts';
import type { Db } from '../db/open.ts';
import { documentBody } from '../db/queries/documents.ts';
import type { NamedParams } from '../db/statement.ts';
import { newGuid } from '../guid.ts';
import { visibleCoders, type Viewer } from '../viewer.ts';
import {
  codeResolver,
  codesOf,
  describeCodeQuery,
  parseCodeQuery,
  showCodeQuery,
  type CodeQueryNode,
  type Distance,
  type NamedCode,
  type Within,
} from './code-query-parse.ts';
import { paragraphsInCodePoints } from './cooccurrence.ts';
import { byKey, chosenDocumentSummaries } from './scope.ts';

export interface CodeQueryInput {
  query: string;
  /** AND and NOT without /P: overlapping passages, or the same paragraph. */
  within: Within;
  /** NEAR and FOLLOWED BY without a distance. */
  distance: Distance;
  documentIds?: number[];
  attribute?: AttributeFilter;
  /** Only the documents of this document set. */
  setId?: number;
  coders?: string[];
}

export interface CodeQueryResult {
  /** The query as it was read, every grouping and distance written out. */
  query: string;
  /** What it finds, in words. */
  readAs: string;
  /** What was read otherwise than typed (a name in another case). */
  notes: string[];
  /** Coded segments found, and in how many documents. */
  total: number;
  documents: number;
  segments: CodedSegment[];
}

interface Hit {
  id: number;
  documentId: number;
  start: number;
  end: number;
}
/** Hits of a (sub)query, by document, each document's by start. */
type Found = Map<number, Hit[]>;

/** The codebook's codes with their places in the tree, for reading names. */
function namedCodes(db: Db): NamedCode[] {
  const rows = db
    .prepare<[], { id: number; parentId: number | null; name: string }>(
      'SELECT id, parent_id AS parentId, name FROM codes',
    )
    .all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const pathOf = (r: (typeof rows)[number]): string => {
    const parent = r.parentId === null ? undefined : byId.get(r.parentId);
    return parent ? `${pathOf(parent)} / ${r.name}` : r.name;
  };
  return rows.map((r) => ({ id: r.id, name: r.name, path: pathOf(r) }));
}

/** The query read against the codebook: its tree, and what was read otherwise than typed. */
export function readCodeQuery(
  db: Db,
  input: Pick<CodeQueryInput, 'query' | 'within' | 'distance'>,
): { root: CodeQueryNode; notes: string[] } {
  const notes: string[] = [];
  const root = parseCodeQuery(
    input.query,
    { within: input.within, distance: input.distance },
    codeResolver(namedCodes(db), notes),
  );
  return { root, notes };
}

/** Where each coding is among its document's paragraphs: the first and last it touches. Texts are read only when a paragraph is asked. */
class Paragraphs {
  private readonly texts = new Map<number, [number, number][]>();
  private readonly places = new Map<number, [number, number]>();
  private readonly body;
  constructor(db: Db) {
    this.body = documentBody(db);
  }
  of(hit: Hit): [number, number] {
    let place = this.places.get(hit.id);
    if (place) return place;
    let ranges = this.texts.get(hit.documentId);
    if (!ranges) this.texts.set(hit.documentId, (ranges = paragraphsInCodePoints(this.body.get(hit.documentId)!)));
    // The first paragraph ending after the start, and the last starting before the end (a passage between paragraphs counts with the next).
    const first = firstIndex(ranges, (r) => r[1] > hit.start);
    const last = Math.max(first, firstIndex(ranges, (r) => r[0] >= Math.max(hit.end, hit.start + 1)) - 1);
    place = [first, last];
    this.places.set(hit.id, place);
    return place;
  }
}

/** The first index whose item passes (items are ordered so that once one passes, all after do). */
function firstIndex<T>(items: readonly T[], passes: (item: T) => boolean): number {
  let [lo, hi] = [0, items.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (passes(items[mid]!)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

const overlapping = (a: Hit, b: Hit) => a.start < b.end && b.start < a.end;

/** How far apart two codings are, in the distance's unit (0 when they overlap or touch, or share a paragraph). */
function gap(a: Hit, b: Hit, unit: Distance['unit'], paragraphs: Paragraphs): number {
  if (unit === 'character') return Math.max(0, Math.max(a.start, b.start) - Math.min(a.end, b.end));
  const [pa, pb] = [paragraphs.of(a), paragraphs.of(b)];
  return Math.max(0, pb[0] - pa[1], pa[0] - pb[1]);
}

/** Whether hit `a` of the left operand stands as the operator asks to hit `b` of the right one. */
function relation(
  node: Exclude<CodeQueryNode, { kind: 'code' | 'or' }>,
  paragraphs: Paragraphs,
): (a: Hit, b: Hit) => boolean {
  if (node.kind === 'and' || node.kind === 'not')
    return node.within === 'overlap' ? overlapping : (a, b) => gap(a, b, 'paragraph', paragraphs) === 0;
  const { n, unit } = node.distance;
  if (node.kind === 'near') return (a, b) => gap(a, b, unit, paragraphs) <= n;
  return (a, b) => b.start >= a.end && gap(a, b, unit, paragraphs) <= n;
}

function evaluate(node: CodeQueryNode, hits: Map<number, Found>, paragraphs: Paragraphs): Found {
  if (node.kind === 'code') return hits.get(node.id) ?? new Map();
  const [left, right] = [evaluate(node.left, hits, paragraphs), evaluate(node.right, hits, paragraphs)];
  const out: Found = new Map();
  if (node.kind === 'or') {
    for (const id of new Set([...left.keys(), ...right.keys()]))
      out.set(id, union(left.get(id) ?? [], right.get(id) ?? []));
    return out;
  }
  const related = relation(node, paragraphs);
  for (const [documentId, mine] of left) {
    const theirs = right.get(documentId) ?? [];
    const keptLeft = new Set<Hit>();
    const keptRight = new Set<Hit>();
    for (const a of mine)
      for (const b of theirs)
        if (a.id !== b.id && related(a, b)) {
          keptLeft.add(a);
          keptRight.add(b);
        }
    const kept = node.kind === 'not' ? mine.filter((a) => !keptLeft.has(a)) : union([...keptLeft], [...keptRight]);
    if (kept.length) out.set(documentId, kept);
  }
  return out;
}

/** Hits of both lists, each once, by start. */
function union(a: readonly Hit[], b: readonly Hit[]): Hit[] {
  const seen = new Map<number, Hit>();
  for (const h of [...a, ...b]) seen.set(h.id, h);
  return [...seen.values()].sort((x, y) => x.start - y.start || x.end - y.end || x.id - y.id);
}

/** The placed codings of the codes, by the coders, in the documents (all when null), that the viewer may see: by code, then document. */
function readHits(
  db: Db,
  codeIds: readonly number[],
  documentIds: readonly number[] | null,
  coders: readonly string[] | undefined,
): Map<number, Found> {
  const rows = db
    .prepare<NamedParams, Hit & { codeId: number }>(
      `SELECT k.id, k.code_id AS codeId, k.document_id AS documentId, k.start, k."end" FROM codings k JOIN coders c ON c.id = k.coder_id
       WHERE k.orphaned = 0 AND k.code_id IN (SELECT value FROM json_each(@codes))
         AND (@documents IS NULL OR k.document_id IN (SELECT value FROM json_each(@documents)))
         AND (@coders IS NULL OR c.name IN (SELECT value FROM json_each(@coders)))
       ORDER BY k.code_id, k.document_id, k.start, k."end", k.id`,
    )
    .all({
      codes: JSON.stringify(codeIds),
      documents: documentIds ? JSON.stringify(documentIds) : null,
      coders: coders ? JSON.stringify(coders) : null,
    });
  const out = new Map<number, Found>();
  for (const [codeId, mine] of byKey(rows, (r) => r.codeId))
    out.set(
      codeId,
      byKey(mine, (r) => r.documentId),
    );
  return out;
}

/** The ids of the codings a query finds, in document and text order. */
function findCodings(
  db: Db,
  input: CodeQueryInput,
  viewer: Viewer,
): { root: CodeQueryNode; notes: string[]; ids: number[] } {
  const { root, notes } = readCodeQuery(db, input);
  // The coders the viewer may see: a blind coder's query reads their own codings only.
  const coders = visibleCoders(viewer, input.coders);
  const documents =
    input.documentIds || input.attribute || input.setId !== undefined
      ? chosenDocumentSummaries(db, input.documentIds, viewer, input.attribute, input.setId).map((d) => d.id)
      : null;
  const found = evaluate(root, readHits(db, codesOf(root), documents, coders), new Paragraphs(db));
  return { root, notes, ids: [...found.values()].flatMap((hits) => hits.map((h) => h.id)) };
}

/** The codings of these ids, in the order coded segments are listed (by date, document, place). */
function codingsOf(db: Db, ids: readonly number[]): Coding[] {
  return db
    .prepare<[string], Coding>(
      `${SELECT_CODINGS} JOIN documents d ON d.id = k.document_id WHERE k.id IN (SELECT value FROM json_each(?)) ORDER BY coalesce(d.published, ''), d.id, k.start, k."end", k.id`,
    )
    .all(JSON.stringify(ids));
}

/** Runs a code query: the coded segments it finds (the first `limit` of them, with their context), and how it was read. */
export function codeQuery(db: Db, input: CodeQueryInput & { limit: number }, viewer: Viewer): CodeQueryResult {
  const { root, notes, ids } = findCodings(db, input, viewer);
  const codings = codingsOf(db, ids);
  return {
    query: showCodeQuery(root),
    readAs: describeCodeQuery(root),
    notes,
    total: codings.length,
    documents: new Set(codings.map((k) => k.documentId)).size,
    segments: segmentsOf(db, codings.slice(0, input.limit), viewer),
  };
}

/**
 * Codes what a query finds with a new code, as one step that Undo takes back
 * whole (the code and its codings). Results that overlap in a document are
 * joined into one passage, so the new code covers the text found once.
 */
export function saveCodeQuery(
  db: Db,
  coder: number,
  input: CodeQueryInput & { name: string; parentId?: number | null },
  viewer: Viewer,
): { code: Code; passages: number; documents: number; notes: string[] } {
  const { root, notes, ids } = findCodings(db, input, viewer);
  const codings = codingsOf(db, ids);
  if (!codings.length)
    throw new QuireError(
      'invalid_input',
      `“${clip(showCodeQuery(root), 80)}” finds no passages, so there is nothing to code as “${input.name.trim()}”.`,
    );
  const name = input.name.trim();
  const parentId = input.parentId ?? null;
  assertFreeName(db, name, parentId);
  const passages = [...byKey(codings, (k) => k.documentId)].map(([documentId, mine]) => ({
    documentId,
    spans: mergeSpans([...mine].sort((a, b) => a.start - b.start)),
  }));
  const count = passages.reduce((n, p) => n + p.spans.length, 0);
  const text = documentBody(db);
  const place = newCodePlace(db, parentId);
  const id = runCommand(
    db,
    coder,
    'saveCodeQuery',
    `Code ${plural(count, 'passage')} found by “${clip(showCodeQuery(root), 80)}” as “${name}”`,
    (c) => {
      const codeId = c.insert('codes', {
        guid: newGuid(),
        parent_id: parentId,
        name,
        colour: place.colour,
        description: `Passages found by the code query ${showCodeQuery(root)}`,
        position: place.position,
        created_at: new Date().toISOString(),
      });
      for (const p of passages) {
        const body = text.get(p.documentId)!;
        for (const s of p.spans)
          insertCoding(c, coder, { documentId: p.documentId, codeId, text: body, start: s.start, end: s.end });
      }
      return codeId;
    },
  );
  if (count < codings.length)
    notes.push(`${plural(codings.length, 'result')} overlapping in the same text became ${plural(count, 'passage')}.`);
  const code = getCodebook(db, viewer).codes.find((c) => c.id === id)!;
  return { code, passages: count, documents: passages.length, notes };
}
