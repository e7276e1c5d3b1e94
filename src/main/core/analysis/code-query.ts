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
  /** The first and last paragraph the coding touches, placed once when a paragraph distance is asked. */
  first?: number;
  last?: number;
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

/**
 * Paragraph boundaries (code points, start and end flattened) by the text's content hash: a text's paragraphs are
 * worked out once, not at every query. The hash changes whenever the text does (the schema holds them together), so
 * a replaced text is read afresh; the oldest are let go past the bound.
 */
const paragraphCache = new Map<string, Int32Array>();
const PARAGRAPH_CACHE_SIZE = 20_000;

function cachedParagraphs(hash: string, body: () => string): Int32Array {
  let ranges = paragraphCache.get(hash);
  if (!ranges) {
    ranges = Int32Array.from(paragraphsInCodePoints(body()).flat());
    if (paragraphCache.size >= PARAGRAPH_CACHE_SIZE) paragraphCache.delete(paragraphCache.keys().next().value!);
    paragraphCache.set(hash, ranges);
  }
  return ranges;
}

/** Places codings among their document's paragraphs: the first and last each touches. Texts are read only when not cached. */
class Paragraphs {
  private readonly ranges = new Map<number, Int32Array>();
  private readonly hash;
  private readonly body;
  constructor(db: Db) {
    this.hash = db.prepare<[number], string>('SELECT content_hash FROM documents WHERE id = ?').pluck();
    this.body = documentBody(db);
  }
  private of(documentId: number): Int32Array {
    let ranges = this.ranges.get(documentId);
    if (!ranges)
      this.ranges.set(
        documentId,
        (ranges = cachedParagraphs(this.hash.get(documentId)!, () => this.body.get(documentId)!)),
      );
    return ranges;
  }
  /** Places the codings of one document not placed yet. */
  place(documentId: number, ...lists: readonly Hit[][]): void {
    const ranges = this.of(documentId);
    const count = ranges.length / 2;
    // The first paragraph ending after the start, and the last starting before the end (a passage between paragraphs counts with the next).
    for (const hits of lists)
      for (const hit of hits) {
        if (hit.first !== undefined) continue;
        const first = firstIndex(count, (k) => ranges[2 * k + 1]! > hit.start);
        const limit = Math.max(hit.end, hit.start + 1);
        hit.first = first;
        hit.last = Math.max(first, firstIndex(count, (k) => ranges[2 * k]! >= limit) - 1);
      }
  }
}

/** The first index below `count` that passes (once one passes, all after do). */
function firstIndex(count: number, passes: (index: number) => boolean): number {
  let [lo, hi] = [0, count];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (passes(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * How far an operator reaches, as closed intervals in one unit: codings a and b stand together when
 * lo(b) ≤ hi(a) + n and lo(a) ≤ hi(b) + n, where lo and hi are their ends in characters or their first and
 * last paragraphs. Overlapping is the character reach −1 (sharing at least one character); the same paragraph is
 * the paragraph reach 0. FOLLOWED BY asks besides that b start at or after a's end.
 */
interface Reach {
  unit: Distance['unit'];
  n: number;
  ordered: boolean;
}

function reachOf(node: Exclude<CodeQueryNode, { kind: 'code' | 'or' }>): Reach {
  if (node.kind === 'and' || node.kind === 'not')
    return node.within === 'overlap'
      ? { unit: 'character', n: -1, ordered: false }
      : { unit: 'paragraph', n: 0, ordered: false };
  return { ...node.distance, ordered: node.kind === 'followed' };
}

const lo = (h: Hit, unit: Distance['unit']) => (unit === 'character' ? h.start : h.first!);
const hi = (h: Hit, unit: Distance['unit']) => (unit === 'character' ? h.end : h.last!);

/**
 * The codings of `xs` standing within reach of some other coding of `ys` (ys by lo, as they come by start):
 * for each x, the ys starting early enough are a prefix, and of those the one reaching farthest (another
 * coding than x itself) decides. A sweep of prefix maxima, not every pair.
 */
function within(xs: readonly Hit[], ys: readonly Hit[], { unit, n }: Reach): Set<Hit> {
  const kept = new Set<Hit>();
  // The farthest reach of each prefix of ys, and the farthest of another coding than the farthest's.
  const best: Hit[] = [];
  const second: number[] = [];
  for (const [k, y] of ys.entries()) {
    const [top, next] = k ? [best[k - 1]!, second[k - 1]!] : [undefined, -Infinity];
    if (!top || hi(y, unit) > hi(top, unit)) {
      best.push(y);
      second.push(top && top.id !== y.id ? hi(top, unit) : next);
    } else {
      best.push(top);
      second.push(y.id !== top.id ? Math.max(next, hi(y, unit)) : next);
    }
  }
  for (const x of xs) {
    const k = firstIndex(ys.length, (i) => lo(ys[i]!, unit) > hi(x, unit) + n) - 1;
    if (k < 0) continue;
    const reach = best[k]!.id !== x.id ? hi(best[k]!, unit) : second[k]!;
    if (reach >= lo(x, unit) - n) kept.add(x);
  }
  return kept;
}

/** FOLLOWED BY: the codings of `as` with a coding of `bs` starting at or after their end within reach, and those codings of `bs`. */
function followed(as: readonly Hit[], bs: readonly Hit[], { unit, n }: Reach): [Set<Hit>, Set<Hit>] {
  const [keptA, keptB] = [new Set<Hit>(), new Set<Hit>()];
  // The first b starting at or after a's end is the nearest, in characters and in paragraphs alike (bs come by start).
  for (const a of as) {
    const b = bs[firstIndex(bs.length, (i) => bs[i]!.start >= a.end)];
    if (b && lo(b, unit) <= hi(a, unit) + n) keptA.add(a);
  }
  // For each b, the codings of `as` ending by its start: the one reaching farthest decides.
  const byEnd = [...as].sort((x, y) => x.end - y.end);
  const farthest: number[] = [];
  for (const [k, a] of byEnd.entries()) farthest.push(Math.max(k ? farthest[k - 1]! : -Infinity, hi(a, unit)));
  for (const b of bs) {
    const k = firstIndex(byEnd.length, (i) => byEnd[i]!.end > b.start) - 1;
    if (k >= 0 && farthest[k]! >= lo(b, unit) - n) keptB.add(b);
  }
  return [keptA, keptB];
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
  const reach = reachOf(node);
  for (const [documentId, mine] of left) {
    const theirs = right.get(documentId) ?? [];
    let kept: Hit[];
    if (!theirs.length) kept = node.kind === 'not' ? mine : [];
    else {
      if (reach.unit === 'paragraph') paragraphs.place(documentId, mine, theirs);
      const [keptLeft, keptRight] = reach.ordered
        ? followed(mine, theirs, reach)
        : [within(mine, theirs, reach), node.kind === 'not' ? new Set<Hit>() : within(theirs, mine, reach)];
      kept = node.kind === 'not' ? mine.filter((a) => !keptLeft.has(a)) : union([...keptLeft], [...keptRight]);
    }
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

/** The codings a query finds (where they are, not yet what they say), in the order coded segments are listed: by date, document, place. */
function findCodings(
  db: Db,
  input: CodeQueryInput,
  viewer: Viewer,
): { root: CodeQueryNode; notes: string[]; hits: Hit[]; documents: number } {
  const { root, notes } = readCodeQuery(db, input);
  // The coders the viewer may see: a blind coder's query reads their own codings only.
  const coders = visibleCoders(viewer, input.coders);
  const documents =
    input.documentIds || input.attribute || input.setId !== undefined
      ? chosenDocumentSummaries(db, input.documentIds, viewer, input.attribute, input.setId).map((d) => d.id)
      : null;
  const found = evaluate(root, readHits(db, codesOf(root), documents, coders), new Paragraphs(db));
  const published = new Map(
    db
      .prepare<[string], { id: number; published: string }>(
        `SELECT id, coalesce(published, '') AS published FROM documents WHERE id IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify([...found.keys()]))
      .map((d) => [d.id, d.published]),
  );
  const order = [...found.keys()].sort((a, b) => {
    const [x, y] = [published.get(a)!, published.get(b)!];
    return x < y ? -1 : x > y ? 1 : a - b;
  });
  return { root, notes, hits: order.flatMap((id) => found.get(id)!), documents: order.length };
}

/** The codings of these ids, whole, in the order given. */
function codingsOf(db: Db, ids: readonly number[]): Coding[] {
  const rows = new Map(
    db
      .prepare<[string], Coding>(`${SELECT_CODINGS} WHERE k.id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(ids))
      .map((k) => [k.id, k]),
  );
  return ids.map((id) => rows.get(id)!);
}

/** Runs a code query: the coded segments it finds (the first `limit` of them, with their context; the total counts all), and how it was read. */
export function codeQuery(db: Db, input: CodeQueryInput & { limit: number }, viewer: Viewer): CodeQueryResult {
  const { root, notes, hits, documents } = findCodings(db, input, viewer);
  // Only the segments listed are read whole and cut with their context.
  const shown = codingsOf(
    db,
    hits.slice(0, input.limit).map((h) => h.id),
  );
  return {
    query: showCodeQuery(root),
    readAs: describeCodeQuery(root),
    notes,
    total: hits.length,
    documents,
    segments: segmentsOf(db, shown, viewer),
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
  const { root, notes, hits: codings } = findCodings(db, input, viewer);
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
