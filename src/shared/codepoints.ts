// Positions in Quire are Unicode code points into a document's stored text.
// JavaScript strings index UTF-16 code units; these convert between the two.

/** Any UTF-16 surrogate: a string without one has as many code points as code units. */
export const SURROGATE = /[\uD800-\uDFFF]/;

/** How many code points `s` holds (a surrogate pair counts once). */
export function countCodePoints(s: string): number {
  // Most texts hold no astral character: one scan by the regular expression engine says so, far faster than the loop
  // below on a long article (the reader counts the whole text when it opens one).
  if (!SURROGATE.test(s)) return s.length;
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** The UTF-16 index of code point `offset` in `text` (clamped to the text's end). */
export function toUtf16Index(text: string, offset: number): number {
  let i = 0;
  for (let n = 0; n < offset && i < text.length; n++)
    i += isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
  return i;
}

/**
 * The code point offset of UTF-16 index `index` in `text`. An index that falls
 * inside a surrogate pair snaps to the pair's start, so no character is split.
 */
export function toCodePointOffset(text: string, index: number): number {
  const end = Math.min(Math.max(index, 0), text.length);
  let n = 0;
  for (let i = 0; i < end; i++, n++) {
    if (isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1))) {
      if (i + 1 === end) return n;
      i++;
    }
  }
  return n;
}

/** Many [start, end) code point spans (in ascending order of start) to UTF-16 spans, in one pass over the text. */
export function spansToUtf16(text: string, spans: readonly (readonly [number, number])[]): [number, number][] {
  const points = spans.flatMap(([a, b]) => [a, b]);
  const order = points.map((_, k) => k).sort((x, y) => points[x]! - points[y]!);
  const out = new Array<number>(points.length);
  let i = 0;
  let n = 0;
  for (const k of order) {
    const target = points[k]!;
    while (n < target && i < text.length) {
      i += isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
      n++;
    }
    out[k] = i;
  }
  return spans.map((_, s) => [out[2 * s]!, out[2 * s + 1]!]);
}

/**
 * Many [start, end) UTF-16 spans to code point spans, in one pass over the
 * text (the inverse of spansToUtf16). An index inside a surrogate pair snaps
 * to the pair's start, as toCodePointOffset does.
 */
export function spansToCodePoints(text: string, spans: readonly (readonly [number, number])[]): [number, number][] {
  const points = spans.flatMap(([a, b]) => [a, b]);
  const order = points.map((_, k) => k).sort((x, y) => points[x]! - points[y]!);
  const out = new Array<number>(points.length);
  let i = 0;
  let n = 0;
  for (const k of order) {
    const target = Math.min(Math.max(points[k]!, 0), text.length);
    while (i < target) {
      const step = isHigh(text.charCodeAt(i)) && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
      if (i + step > target) break;
      i += step;
      n++;
    }
    out[k] = n;
  }
  return spans.map((_, s) => [out[2 * s]!, out[2 * s + 1]!]);
}

/**
 * The text on either side of the UTF-16 span [a, b) of `text`: up to `around`
 * code units each side, with "…" where the text goes on. An edge that would
 * fall inside a surrogate pair leaves the whole character out, never half of it.
 */
export function textAround(text: string, a: number, b: number, around: number): { before: string; after: string } {
  let from = Math.max(0, a - around);
  if (from > 0 && isLow(text.charCodeAt(from)) && isHigh(text.charCodeAt(from - 1))) from++;
  let to = Math.min(text.length, b + around);
  if (to < text.length && isLow(text.charCodeAt(to)) && isHigh(text.charCodeAt(to - 1))) to--;
  return {
    before: (from > 0 ? '…' : '') + text.slice(from, a),
    after: text.slice(b, to) + (to < text.length ? '…' : ''),
  };
}
