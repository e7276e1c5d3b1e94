// Step 5 of reading a PDF (see index.ts): a paragraph's lines are joined with
// spaces, and words hyphenated at a line's end are mended ("gov-" + "ernment")
// while real hyphens ("pro-Russian") stay; the document's own words decide
// the doubtful cases.
import type { Line } from './lines.ts';

/** A hyphen at a line's end after a letter: the token before it, its last word, and the hyphen. */
const HYPHEN_AT_END = /(\S*?)(\p{L}+)([-\u00AD\u2010])$/u;

/**
 * Han, kana and their punctuation: scripts written without spaces, whose lines
 * join without one, also to a Latin word on the other side of the break (a
 * space there would be typed, and the line would not end at it).
 */
const UNSPACED_END = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF1F]$/u;
const UNSPACED_START = /^[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF1F]/u;

export function joinLines(lines: string[], vocabulary: Set<string>): string {
  let text = lines[0] ?? '';
  for (const next of lines.slice(1)) {
    const hyphen = HYPHEN_AT_END.exec(text);
    if (hyphen) text = text.slice(0, -1) + (keepsHyphen(hyphen, next, vocabulary) ? '-' : '') + next;
    else if (/\S[–—]$/u.test(text))
      text += next; // an unspaced dash: "Minsk—" + "Moscow"
    else if (UNSPACED_END.test(text) || UNSPACED_START.test(next))
      text += next; // Chinese and Japanese put no space between words
    else text += ` ${next}`;
  }
  return text;
}

/**
 * Whether a hyphen at a line's end is part of the text or only marks a word
 * broken across lines. It is kept before a capital or a digit ("pro-" +
 * "Russian", "COVID-" + "19"), in a compound that already has a hyphen
 * ("state-of-the-" + "art"), and when the document writes the hyphenated form
 * elsewhere but never the joined one ("well-known"). Otherwise the word is
 * mended ("gov-" + "ernment"): typesetters break words far more often than
 * compounds happen to fall at a line's end. A soft hyphen always goes.
 */
function keepsHyphen([, before, head, hyphen]: RegExpExecArray, next: string, vocabulary: Set<string>): boolean {
  if (hyphen === '\u00AD') return false;
  const tail = /^\p{L}+/u.exec(next)?.[0];
  if (!tail || /^\p{Lu}/u.test(tail)) return true;
  if (/[-\u2010]/.test(before!)) return true;
  const joined = `${head}${tail}`.toLowerCase();
  const compound = `${head}-${tail}`.toLowerCase();
  return vocabulary.has(compound) && !vocabulary.has(joined);
}

/** Every word and hyphenated compound the document writes, in lower case. */
export function wordsOf(flows: Line[][]): Set<string> {
  const words = new Set<string>();
  for (const line of flows.flat()) {
    for (const m of line.text.matchAll(/\p{L}+(?:[-\u2010]\p{L}+)*/gu)) words.add(m[0].toLowerCase());
  }
  return words;
}
