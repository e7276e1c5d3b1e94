// Words of a text as the reader and the engine step by them: Intl.Segmenter's
// word-like segments (so CJK and Thai are cut into words too, and "Lukashenko's"
// is one word), in code points of the text, never UTF-16 units. Editing a
// coding's edges, moving the caret by word and snapping a dragged handle all
// land on these boundaries.
import { spansToCodePoints } from './codepoints.ts';
import type { Extent } from './spans.ts';

const segmenters = new Map<string, Intl.Segmenter>();
const segmenter = (locale: string | undefined) => {
  const key = locale ?? '';
  let s = segmenters.get(key);
  if (!s) segmenters.set(key, (s = new Intl.Segmenter(locale || undefined, { granularity: 'word' })));
  return s;
};

/** The words of `text` in order, as [start, end) code point spans (punctuation and spaces are not words). */
export function wordSpans(text: string, locale?: string): Extent[] {
  const spans: [number, number][] = [];
  for (const { index, segment, isWordLike } of segmenter(locale).segment(text)) if (isWordLike) spans.push([index, index + segment.length]);
  return spansToCodePoints(text, spans).map(([start, end]) => ({ start, end }));
}

export type Edge = 'start' | 'end';

/**
 * Where an edge of a span (or the caret, as an edge) goes when it moves one
 * word. Outward — a start back, an end forward — it goes to the nearest word
 * start before it (the start of the word it is inside) or word end after it.
 * Inward it drops a word: a start goes past the first word it has to the next
 * word's start, an end back before the last word it has to the previous
 * word's end. Null when there is no word that way.
 */
export function stepWord(words: readonly Extent[], edge: Edge, at: number, direction: -1 | 1): number | null {
  if (edge === 'start' && direction < 0) return words.findLast((w) => w.start < at)?.start ?? null;
  if (edge === 'end' && direction > 0) return words.find((w) => w.end > at)?.end ?? null;
  if (edge === 'start') {
    const first = words.findIndex((w) => w.end > at);
    return first < 0 ? null : (words[first + 1]?.start ?? null);
  }
  const lastIn = words.findLastIndex((w) => w.start < at);
  return lastIn < 1 ? null : words[lastIn - 1]!.end;
}

/** The word boundary of the kind an edge takes (a word's start for a start, its end for an end) nearest to `at`; `at` itself when there are no words. */
export function nearestWordEdge(words: readonly Extent[], edge: Edge, at: number): number {
  let best = at;
  let distance = Infinity;
  for (const w of words) {
    const d = Math.abs(w[edge] - at);
    if (d < distance) [best, distance] = [w[edge], d];
  }
  return best;
}
