// Words: how text is cut into the words the search index holds, at index time
// and query time alike. A document's "index text" is its words, folded
// (fold.ts), one space between them; the full-text index reads that text, not
// the stored one. Its "word map", made in the same pass, says where word k of
// the index text is in the stored text, which is how hits found in the index
// are placed back on the text exactly as it is written, without cutting the
// text again (and so whatever ICU the reading program carries).
//
// Why a second text rather than an FTS5 tokenizer of our own: better-sqlite3
// cannot register a tokenizer written in JavaScript, and a trigram index would
// find parts of words in every script and rank nothing by word. Scripts written
// without spaces (Chinese, Japanese, Thai, Lao, Khmer, Myanmar) are cut into
// words by ICU's dictionary segmenter (Intl.Segmenter, in Node and Electron
// alike); every other run of letters is one word, as FTS5's own unicode61 reads it.
import type { Span } from '../../../shared/api.ts';
import { foldWord } from './fold.ts';

export interface IndexWord {
  /** The word as the index holds it. */
  token: string;
  /** Where it is in the stored text: code points, half-open. */
  start: number;
  end: number;
  /** The same in UTF-16 units, for cutting snippets. */
  startUnit: number;
  endUnit: number;
}

/** Scripts written without spaces between words, which need the dictionary segmenter. */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

let segmenter: Intl.Segmenter | null = null;
function wordSegmenter(): Intl.Segmenter {
  return (segmenter ??= new Intl.Segmenter('und', { granularity: 'word' }));
}

/** The words of a text in order, each folded and placed in the text. */
export function indexWords(text: string): IndexWord[] {
  const words: IndexWord[] = [];
  eachWord(text, (token, start, end, startUnit, endUnit) => words.push({ token, start, end, startUnit, endUnit }));
  return words;
}

/**
 * Calls `each` with every word of the text in order, as indexWords lists them (its token, and where it is: code
 * points, then UTF-16 units, half-open), without making an object for each word.
 */
function eachWord(
  text: string,
  each: (token: string, start: number, end: number, startUnit: number, endUnit: number) => void,
): void {
  // Code points are counted as the runs go by, once over the text.
  let unit = 0;
  let point = 0;
  const pointAt = (target: number) => {
    for (; unit < target; unit++, point++) {
      const c = text.charCodeAt(unit);
      if (c >= 0xd800 && c <= 0xdbff && unit + 1 < target) {
        const d = text.charCodeAt(unit + 1);
        if (d >= 0xdc00 && d <= 0xdfff) unit++;
      }
    }
    return point;
  };
  const add = (word: string, at: number) => {
    const token = foldWord(word);
    if (!token) return;
    const start = pointAt(at);
    each(token, start, pointAt(at + word.length), at, at + word.length);
  };
  // The runs of letters, digits and marks (RUN_CHARACTER), found by reading the characters rather than by
  // matching an expression (which made an array for each run): ASCII letters and digits are in a run, other
  // ASCII characters are not, any other character is asked of RUN_CHARACTER once (inRun). A run of ASCII
  // letters and digits is one word, folded by lower case alone (foldWord), and has one code point per unit.
  const n = text.length;
  for (let i = 0; i < n;) {
    let c = text.charCodeAt(i);
    if (!(c < 0x80 ? asciiInRun(c) : inRun(text.codePointAt(i)!))) {
      i++;
      continue;
    }
    const from = i;
    let ascii = true;
    // Whether the run holds a character from U+0E00 on, where every script written without spaces begins (Thai).
    let high = false;
    for (; i < n;) {
      c = text.charCodeAt(i);
      if (c < 0x80) {
        if (!asciiInRun(c)) break;
        i++;
      } else {
        const p = text.codePointAt(i)!;
        if (!inRun(p)) break;
        ascii = false;
        if (p >= 0x0e00) high = true;
        i += p > 0xffff ? 2 : 1;
      }
    }
    const run = text.slice(from, i);
    if (ascii) {
      const start = pointAt(from);
      point += i - from;
      unit = i;
      each(run.toLowerCase(), start, point, from, i);
    } else if (!high || !UNSPACED.test(run)) add(run, from);
    else for (const s of wordSegmenter().segment(run)) add(s.segment, from + s.index);
  }
}

/** A text's index words as the index keeps them: its index text (indexText) and its word map (encodeWordMap), from one pass. */
export interface IndexedText {
  text: string;
  map: Uint8Array;
}

/** The word map's bytes as they are written, grown as needed and shared by every map (each is copied out of it). */
let mapBytes = new Uint8Array(1 << 16);

/** Writes a word map (encodeWordMap): for each word, its distance from the end of the word before and its length. */
class WordMapWriter {
  private bytes = mapBytes;
  private n = 0;
  private end = 0;

  /** A word at code points start–end (half-open), after those added before. */
  add(start: number, end: number): void {
    this.put(start - this.end);
    this.put(end - start);
    this.end = end;
  }

  /** The map's bytes. */
  finish(): Uint8Array {
    const map = this.bytes.slice(0, this.n);
    // A very long text's buffer is not kept for the texts after it.
    if (this.bytes.length > 1 << 20) mapBytes = new Uint8Array(1 << 16);
    return map;
  }

  /** A number in 7-bit groups, least significant first, the high bit set on all but the last. */
  private put(v: number): void {
    if (this.n + 10 > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = mapBytes = grown;
    }
    for (; v >= 0x80; v = Math.floor(v / 0x80)) this.bytes[this.n++] = (v % 0x80) | 0x80;
    this.bytes[this.n++] = v;
  }
}

/** indexText and encodeWordMap(indexWords) of a text in one pass, without an object for each word. */
export function indexedText(text: string): IndexedText {
  const tokens: string[] = [];
  const map = new WordMapWriter();
  eachWord(text, (token, start, end) => {
    tokens.push(token);
    map.add(start, end);
  });
  return { text: tokens.join(' '), map: map.finish() };
}

/** Whether an ASCII character is in a run: a letter or a digit. */
const asciiInRun = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);

/** Whether a character beyond ASCII is in a run (RUN_CHARACTER), asked of the expression once per character. */
function inRun(point: number): boolean {
  let yes = runCharacters.get(point);
  if (yes === undefined) {
    yes = RUN_CHARACTER.test(String.fromCodePoint(point));
    runCharacters.set(point, yes);
  }
  return yes;
}
/** A character of a run: a letter, digit or mark, or a soft hyphen or joiner written inside a word. */
const RUN_CHARACTER = /^[\p{L}\p{N}\p{M}\p{Co}\u00AD\u200C\u200D]$/u;
const runCharacters = new Map<number, boolean>();

/** The index text of a document's text (or title, source, author): its folded words, one space between them. */
export function indexText(text: string): string {
  return indexWords(text)
    .map((w) => w.token)
    .join(' ');
}

/** The index words of what a user typed, in order. */
export function queryWords(text: string): string[] {
  return indexWords(text).map((w) => w.token);
}

/**
 * Where each word is in the stored text, compactly: per word, the code points
 * from the previous word's end to its start, then its length, each as an
 * unsigned LEB128 number (one byte for most words).
 */
export function encodeWordMap(words: readonly IndexWord[]): Uint8Array {
  const map = new WordMapWriter();
  for (const w of words) map.add(w.start, w.end);
  return map.finish();
}

/** The words' spans (code points, half-open) from a word map; null when it is not one (damaged). */
export function decodeWordMap(map: Uint8Array): Span[] | null {
  const spans: Span[] = [];
  let i = 0;
  const take = (): number | null => {
    let n = 0;
    for (let scale = 1; i < map.length; scale *= 0x80) {
      const b = map[i++]!;
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
    }
    return null;
  };
  let end = 0;
  while (i < map.length) {
    const gap = take();
    const length = take();
    if (gap === null || length === null) return null;
    spans.push([end + gap, end + gap + length]);
    end += gap + length;
  }
  return spans;
}
