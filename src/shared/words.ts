// Words of a text as the reader and the engine step by them: Intl.Segmenter's
// word-like segments (so CJK and Thai are cut into words too, and "Lukashenko's"
// is one word), in code points of the text, never UTF-16 units. Editing a
// coding's edges, moving the caret by word and snapping a dragged handle all
// land on these boundaries.
import { spansToCodePoints, toCodePointOffset, toUtf16Index } from './codepoints.ts';
import type { Extent } from './spans.ts';
import { graphemes } from './graphemes.ts';

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
  for (const { index, segment, isWordLike } of segmenter(locale).segment(text))
    if (isWordLike) spans.push([index, index + segment.length]);
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

/** The caret one character (a whole grapheme: an emoji with its skin tone, a letter with its accents) before or after `at`, in code points. */
export function stepCharacter(text: string, at: number, direction: -1 | 1): number {
  const i = toUtf16Index(text, at);
  const from = Math.max(0, i - 64);
  const boundaries = [from];
  for (const { index, segment } of graphemes(text.slice(from, Math.min(text.length, i + 64))))
    boundaries.push(from + index + segment.length);
  const to = direction > 0 ? (boundaries.find((b) => b > i) ?? text.length) : (boundaries.findLast((b) => b < i) ?? 0);
  return toCodePointOffset(text, to);
}

/** A span of `text` without the spaces at its ends (code points). */
function trimmed(text: string, a: number, b: number): Extent {
  const slice = text.slice(a, b);
  const start = a + /^\s*/u.exec(slice)![0].length;
  const end = Math.max(start, b - /\s*$/u.exec(slice)![0].length);
  return { start: toCodePointOffset(text, start), end: toCodePointOffset(text, end) };
}

const sentences = new Map<string, Intl.Segmenter>();

/** The sentence holding the caret at `at` (code points), without the spaces after it. */
export function sentenceAt(text: string, at: number, locale?: string): Extent {
  const key = locale ?? '';
  let s = sentences.get(key);
  if (!s) sentences.set(key, (s = new Intl.Segmenter(locale || undefined, { granularity: 'sentence' })));
  const { start: p, end: q } = paragraphUnits(text, toUtf16Index(text, at));
  const i = toUtf16Index(text, at);
  for (const { index, segment } of s.segment(text.slice(p, q))) {
    if (p + index + segment.length > i || p + index + segment.length === q)
      return trimmed(text, p + index, p + index + segment.length);
  }
  return trimmed(text, p, q);
}

/** The paragraph (a line of the stored text) holding the caret at `at`, without the spaces at its ends. */
export function paragraphAt(text: string, at: number): Extent {
  const { start, end } = paragraphUnits(text, toUtf16Index(text, at));
  return trimmed(text, start, end);
}

/** The line around UTF-16 index `i`: [after the line break before it, before the line break after it). */
function paragraphUnits(text: string, i: number): Extent {
  const start = text.lastIndexOf('\n', i - 1) + 1;
  const next = text.indexOf('\n', i);
  return { start, end: next < 0 ? text.length : next };
}
