// Hits marked by FTS5's highlight() placed on the stored text, for a concordance that places every hit of
// thousands of documents: the same answer as search.ts placeMarks (a mark covers whole index words; the word
// map says where word k is in the stored text; null when the index text and the map do not have the same
// words), reached by jumping from mark to mark and counting the spaces between, instead of cutting the whole
// index text into words and decoding every word's place.
import { spansToUtf16 } from '../../../shared/codepoints.ts';
import type { Span } from '../../../shared/api.ts';

const OPEN = '\u0002';
const CLOSE = '\u0003';

/** How many words a word map holds (pairs of varints), or null when it ends inside one. */
export function wordsInMap(map: Uint8Array): number | null {
  let ends = 0;
  // An indexed loop: iterating a Buffer with for…of is several times slower, and a concordance counts thousands of maps.
  for (let i = 0; i < map.length; i++) if (map[i]! < 0x80) ends++;
  if (map.length && map[map.length - 1]! >= 0x80) return null;
  return ends % 2 ? null : ends / 2;
}

/** Word k's [start, end) in code points, read from the map in order (each k at least the last one asked). */
export function wordReader(map: Uint8Array): (k: number) => Span {
  let i = 0;
  let word = -1;
  let start = 0;
  let end = 0;
  // Most numbers are one byte; the words passed over make no arrays (a concordance passes over millions).
  const take = (): number => {
    const first = map[i++]!;
    if (first < 0x80) return first;
    let n = first & 0x7f;
    for (let scale = 0x80; ; scale *= 0x80) {
      const b = map[i++]!;
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
    }
  };
  return (k) => {
    while (word < k) {
      start = end + take();
      end = start + take();
      word++;
    }
    return [start, end];
  };
}

/** The hits of a highlighted index text placed on the stored text: in code points and in UTF-16 units. */
export function placeMarkedWords(
  marked: string,
  map: Uint8Array,
  stored: string,
): { text: string; marks: Span[]; units: Span[] } | null {
  const words = wordsInMap(map);
  if (words === null) return null;
  const wordAt = wordReader(map);
  const marks: Span[] = [];
  // The word a position is in: the spaces before it, counted as the scan moves on.
  let spaces = 0;
  let counted = 0;
  const wordOf = (at: number) => {
    for (let s = marked.indexOf(' ', counted); s !== -1 && s < at; s = marked.indexOf(' ', s + 1)) spaces++;
    counted = Math.max(counted, at);
    return spaces;
  };
  let first = -1;
  let open = marked.indexOf(OPEN);
  let close = marked.indexOf(CLOSE);
  while (open !== -1 || close !== -1) {
    if (close === -1 || (open !== -1 && open < close)) {
      // An opening counts only at a word's start.
      if (open === 0 || marked[open - 1] === ' ') first = wordOf(open);
      open = marked.indexOf(OPEN, open + 1);
    } else {
      // A closing counts only at a word's end, after an opening.
      if ((close + 1 === marked.length || marked[close + 1] === ' ') && first >= 0) {
        const last = wordOf(close);
        if (last >= words) return null;
        marks.push([wordAt(first)[0], wordAt(last)[1]]);
        first = -1;
      }
      close = marked.indexOf(CLOSE, close + 1);
    }
  }
  if ((marked ? wordOf(marked.length) + 1 : 0) !== words) return null;
  return { text: stored, marks, units: spansToUtf16(stored, marks) };
}
