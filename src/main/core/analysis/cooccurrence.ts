// Code co-occurrence: which codes are found together, as a symmetric matrix
// with the passages behind each cell.
//
// A passage here is a stretch of one code's text: its codings merged where
// they overlap (not each coding, as the matrix and the stance overview count).
//
// Two scopes:
// - overlap: two codes co-occur where a passage coded with one overlaps a
//   passage coded with the other (they share at least one character). Each
//   overlapping pair of passages counts once, as in MAXQDA's Code Relations
//   Browser ("intersection of codes in a segment") and ATLAS.ti's
//   co-occurrence table: a long passage of A overlapping two passages of B
//   counts 2. A code's codings that overlap each other (the same passage coded
//   by two coders, say) are first merged into one passage, so coders are pooled
//   and not double counted. The diagonal is each code's own passages, merged so.
// - paragraph: two codes co-occur in a paragraph when codings of both touch
//   it. Paragraphs are the text's non-blank lines, as the reports lay them out
//   (shared/paragraphs.ts). Each paragraph counts once, however many codings it
//   holds; the diagonal is the number of paragraphs holding the code.
import type {
  AttributeFilter,
  CoOccurrence,
  CoOccurrencePassage,
  CoOccurrenceScope,
  DocumentSummary,
  Span as Range,
} from '../../../shared/api.ts';
import { spansToCodePoints, textAround, toUtf16Index } from '../../../shared/codepoints.ts';
import { QuireError } from '../../../shared/errors.ts';
import { paragraphRanges } from '../../../shared/paragraphs.ts';
import { mergeSpans } from '../../../shared/spans.ts';
import type { Db } from '../db/open.ts';
import { documentBodies } from '../db/queries/documents.ts';
import type { Viewer } from '../viewer.ts';
import { byKey, chosenCodes, chosenDocumentSummaries, readSpans, type Span } from './scope.ts';

/** Characters of context shown on each side of an overlap. */
const AROUND = 120;

/** A code's codings in a document merged where they overlap: one passage per stretch of text. */
interface Passage {
  code: number;
  start: number;
  end: number;
  codingIds: number[];
}

/** Merges each code's overlapping codings (spans arrive by start); passages in order of start. */
function passagesOf(spans: readonly Span[]): Passage[] {
  return mergeSpans(spans, { groupOf: (s) => s.codeId }).map((p) => ({
    code: p.members[0]!.codeId,
    start: p.start,
    end: p.end,
    codingIds: p.members.map((s) => s.id),
  }));
}

/** Every overlapping pair of passages of two different codes. */
function overlappingPairs(passages: readonly Passage[]): [Passage, Passage][] {
  const pairs: [Passage, Passage][] = [];
  let active: Passage[] = [];
  for (const p of passages) {
    active = active.filter((q) => q.end > p.start);
    for (const q of active) if (q.code !== p.code) pairs.push([q, p]);
    active.push(p);
  }
  return pairs;
}

/** Paragraphs as code-point ranges. */
export const paragraphsInCodePoints = (text: string): Range[] => spansToCodePoints(text, paragraphRanges(text));

/** For each paragraph, the spans touching it. */
function spansByParagraph(paragraphs: readonly Range[], spans: readonly Span[]): Span[][] {
  const out: Span[][] = paragraphs.map(() => []);
  for (const s of spans) {
    // The first paragraph ending after the span starts, then on while paragraphs start before it ends.
    let lo = 0;
    let hi = paragraphs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (paragraphs[mid]![1] > s.start) hi = mid;
      else lo = mid + 1;
    }
    for (let k = lo; k < paragraphs.length && paragraphs[k]![0] < s.end; k++) out[k]!.push(s);
  }
  return out;
}

function bodies(db: Db, ids: readonly number[]): Map<number, string> {
  const rows = documentBodies(db).all(JSON.stringify(ids));
  return new Map(rows.map((r) => [r.id, r.body]));
}

export function coOccurrence(
  db: Db,
  input: {
    scope: CoOccurrenceScope;
    codeIds?: number[];
    documentIds?: number[];
    attribute?: AttributeFilter;
    setId?: number;
    coders?: string[];
  },
  viewer: Viewer,
): CoOccurrence {
  const documents = chosenDocumentSummaries(db, input.documentIds, viewer, input.attribute, input.setId);
  // Without a list of codes: the codes these codings use, read with them.
  const all = readSpans(
    db,
    { codeIds: input.codeIds, documentIds: documents.map((d) => d.id), coders: input.coders },
    viewer,
  );
  const codes = chosenCodes(db, input.codeIds ?? [...new Set(all.map((s) => s.codeId))]);
  const index = new Map(codes.map((c, i) => [c.id, i]));
  const counts = codes.map(() => codes.map(() => 0));
  const spans = byKey(all, (s) => s.documentId);

  if (input.scope === 'overlap') {
    for (const mine of spans.values()) {
      const passages = passagesOf(mine).sort((a, b) => a.start - b.start);
      for (const p of passages) counts[index.get(p.code)!]![index.get(p.code)!]!++;
      for (const [p, q] of overlappingPairs(passages)) {
        const [i, j] = [index.get(p.code)!, index.get(q.code)!];
        counts[i]![j]!++;
        counts[j]![i]!++;
      }
    }
  } else {
    const texts = bodies(db, [...spans.keys()]);
    for (const [documentId, mine] of spans) {
      for (const here of spansByParagraph(paragraphsInCodePoints(texts.get(documentId)!), mine)) {
        const present = [...new Set(here.map((s) => index.get(s.codeId)!))];
        for (const i of present) for (const j of present) counts[i]![j]!++;
      }
    }
  }
  return { scope: input.scope, codes, counts };
}

/** Ranges of spans clipped to [from, to), merged where they overlap or touch, relative to `from`. */
function marks(spans: readonly { start: number; end: number }[], from: number, to: number): Range[] {
  const clipped = [...spans]
    .sort((a, b) => a.start - b.start)
    .map((s) => ({ start: Math.max(s.start, from) - from, end: Math.min(s.end, to) - from }))
    .filter((s) => s.end > s.start);
  return mergeSpans(clipped, { touching: true }).map((s): Range => [s.start, s.end]);
}

/** The passages behind one cell of the matrix: where the two codes co-occur, with both codes' ranges marked. */
export function coOccurrencePassages(
  db: Db,
  input: {
    codeA: number;
    codeB: number;
    scope: CoOccurrenceScope;
    documentIds?: number[];
    attribute?: AttributeFilter;
    setId?: number;
    coders?: string[];
  },
  viewer: Viewer,
): CoOccurrencePassage[] {
  if (input.codeA === input.codeB)
    throw new QuireError('invalid_input', 'Choose two different codes to see where they occur together.');
  chosenCodes(db, [input.codeA, input.codeB]);
  const documents = new Map(
    chosenDocumentSummaries(db, input.documentIds, viewer, input.attribute, input.setId).map((d) => [d.id, d]),
  );
  const spans = byKey(
    readSpans(
      db,
      { codeIds: [input.codeA, input.codeB], documentIds: [...documents.keys()], coders: input.coders },
      viewer,
    ),
    (s) => s.documentId,
  );
  const texts = bodies(
    db,
    [...spans].filter(([, mine]) => new Set(mine.map((s) => s.codeId)).size === 2).map(([id]) => id),
  );
  const out: CoOccurrencePassage[] = [];
  for (const [documentId, text] of texts) {
    const document = documents.get(documentId)!;
    const mine = spans.get(documentId)!;
    if (input.scope === 'overlap') {
      for (const pair of overlappingPairs(passagesOf(mine).sort((a, b) => a.start - b.start))) {
        const [a, b] = pair[0].code === input.codeA ? pair : [pair[1], pair[0]];
        const start = Math.min(a.start, b.start);
        const end = Math.max(a.end, b.end);
        out.push({
          ...excerpt(document, text, start, end, true),
          a: marks([a], start, end),
          b: marks([b], start, end),
          codingId: a.codingIds[0]!,
        });
      }
    } else {
      const paragraphs = paragraphsInCodePoints(text);
      spansByParagraph(paragraphs, mine).forEach((here, k) => {
        const a = here.filter((s) => s.codeId === input.codeA);
        const b = here.filter((s) => s.codeId === input.codeB);
        if (!a.length || !b.length) return;
        const [start, end] = paragraphs[k]!;
        out.push({
          ...excerpt(document, text, start, end, false),
          a: marks(a, start, end),
          b: marks(b, start, end),
          codingId: a[0]!.id,
        });
      });
    }
  }
  // Documents by date (undated last), then id; passages in text order.
  const order = (d: DocumentSummary) => [d.published ? 0 : 1, d.published ?? '', d.id] as const;
  return out.sort((x, y) => {
    const [p, q] = [order(x.document), order(y.document)];
    return p[0] - q[0] || (p[1] < q[1] ? -1 : p[1] > q[1] ? 1 : 0) || p[2] - q[2] || x.start - y.start || x.end - y.end;
  });
}

function excerpt(document: DocumentSummary, text: string, start: number, end: number, context: boolean) {
  const a = toUtf16Index(text, start);
  const b = a + toUtf16Index(text.slice(a), end - start);
  return {
    document,
    start,
    end,
    text: text.slice(a, b),
    ...(context ? textAround(text, a, b, AROUND) : { before: '', after: '' }),
  };
}
