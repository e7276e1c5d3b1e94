// A document's text laid out in paragraphs with its coded passages, for every
// report format (HTML, Markdown, Word). Positions are UTF-16 indices into the
// body, converted once from the codings' code points.
import type { Coding } from '../../../shared/api.ts';
import { spansToUtf16 } from '../../../shared/codepoints.ts';
import { paragraphRanges } from '../../../shared/paragraphs.ts';

/** A stretch of a paragraph covered by the same codings (none: uncoded). */
export interface Piece {
  start: number;
  end: number;
  codings: Coding[];
}

/** One non-blank line of the text, without its leading and trailing white space. */
export interface TextParagraph {
  start: number;
  end: number;
  pieces: Piece[];
  /** The codings whose passage starts in this paragraph, in text order. */
  starting: Coding[];
}

/** Where a coding's passage begins or ends: a paragraph, and a position in it. */
export interface Anchor {
  paragraph: number;
  at: number;
}

export interface TextLayout {
  paragraphs: TextParagraph[];
  /** Each coding's visible beginning and end, by coding id. */
  from: Map<number, Anchor>;
  to: Map<number, Anchor>;
  /** Codings that touch no paragraph at all (an empty text). */
  unplaced: Coding[];
}

/**
 * Splits a document's text into paragraphs (its lines) and each paragraph into
 * pieces at the codings' boundaries. A coding that begins or ends in white
 * space between paragraphs is anchored at the nearest text inside it; one that
 * covers only white space is anchored, empty, where the next paragraph starts.
 */
export function layoutText(doc: { document: { body: string }; codings: readonly Coding[] }): TextLayout {
  const text = doc.document.body;
  const spans = spansToUtf16(
    text,
    doc.codings.map((k) => [k.start, k.end] as [number, number]),
  );
  const paragraphs: TextParagraph[] = paragraphRanges(text).map(([start, end]) => ({
    start,
    end,
    pieces: [],
    starting: [],
  }));

  const from = new Map<number, Anchor>();
  const to = new Map<number, Anchor>();
  const unplaced: Coding[] = [];
  doc.codings.forEach((k, i) => {
    const [s, e] = spans[i]!;
    const first = paragraphs.findIndex((p) => p.end > s);
    const last = paragraphs.findLastIndex((p) => p.start < e);
    if (!paragraphs.length) {
      unplaced.push(k);
    } else if (first === -1 || last === -1 || first > last) {
      // Only white space: an empty anchor where the next text begins (else where the last ends).
      const anchor =
        first === -1
          ? { paragraph: paragraphs.length - 1, at: paragraphs.at(-1)!.end }
          : { paragraph: first, at: paragraphs[first]!.start };
      from.set(k.id, anchor);
      to.set(k.id, anchor);
    } else {
      from.set(k.id, { paragraph: first, at: Math.max(s, paragraphs[first]!.start) });
      to.set(k.id, { paragraph: last, at: Math.min(e, paragraphs[last]!.end) });
    }
  });

  for (const [n, p] of paragraphs.entries()) {
    const cuts = new Set([p.start, p.end]);
    const here: { coding: Coding; start: number; end: number }[] = [];
    doc.codings.forEach((k, i) => {
      const [s, e] = spans[i]!;
      if (s < p.end && e > p.start) here.push({ coding: k, start: s, end: e });
      const a = from.get(k.id);
      const b = to.get(k.id);
      if (a?.paragraph === n) cuts.add(a.at);
      if (b?.paragraph === n) cuts.add(b.at);
      if (a?.paragraph === n) p.starting.push(k);
    });
    for (const k of here) {
      cuts.add(Math.max(k.start, p.start));
      cuts.add(Math.min(k.end, p.end));
    }
    const points = [...cuts].sort((a, b) => a - b);
    for (let i = 0; i + 1 < points.length; i++) {
      const [a, b] = [points[i]!, points[i + 1]!];
      p.pieces.push({ start: a, end: b, codings: here.filter((k) => k.start <= a && k.end >= b).map((k) => k.coding) });
    }
  }
  return { paragraphs, from, to, unplaced };
}
