// A text layer that is there but wrong: a font without a usable map from its
// glyphs to characters gives private-use or control characters, replacement
// characters, or real letters in a nonsense order ("Wkh wdonv" for "The talks").
// Such pages are measured one by one, so the user is told which pages came in
// garbled instead of coding nonsense unawares.
import type { Line, Page } from './lines.ts';
import { pageList } from './page-list.ts';

/** Pages with fewer letters than this say too little to judge. */
const MIN_LETTERS = 40;
/** Characters no text is made of: private use, replacement, controls (not tabs and line ends). */
const UNMAPPED = /[\p{Co}\uFFFD\p{Cc}]/gu;
/** Letters of the Latin and Cyrillic alphabets, and their vowels (accented ones too, after NFD). */
const ALPHABETS = [
  { letter: /\p{Script=Latin}/u, vowels: /[aeiouy]/giu },
  { letter: /\p{Script=Cyrillic}/u, vowels: /[аеёиоуыэюяіїєў]/giu },
];
const SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u];
/** In running text of any language written in these alphabets, vowels are some 30–50% of the letters. */
const VOWEL_SHARE = { min: 0.22, max: 0.62 };

export interface GarbledPage {
  number: number;
  /** Why the page reads as garbled, in words. */
  reason: string;
  /** The start of its text, to show the user what came out. */
  sample: string;
}

/** The readable pages whose text layer does not give their real text. */
export function garbledPages(pages: Page[]): GarbledPage[] {
  return pages.flatMap((page) => {
    const text = textOf(page.lines);
    const reason = garbledReason(text);
    return reason ? [{ number: page.number, reason, sample: text.slice(0, 40) }] : [];
  });
}

function textOf(lines: Line[]): string {
  return lines.map((l) => l.text).join(' ');
}

/** Why a page's text cannot be its real text, or null when it reads as text. */
export function garbledReason(text: string): string | null {
  const chars = [...text.replace(/\s/g, '')];
  if (chars.length === 0) return null;
  const unmapped = text.match(UNMAPPED)?.length ?? 0;
  if (unmapped >= 5 && unmapped > 0.05 * chars.length)
    return 'the fonts draw characters that have no code (private-use or unmapped glyphs)';
  const letters = chars.filter((c) => /\p{L}/u.test(c));
  if (
    chars.length >= MIN_LETTERS &&
    letters.length + chars.filter((c) => /[\p{N}\p{P}]/u.test(c)).length < 0.7 * chars.length
  ) {
    return 'most characters are symbols, not letters, digits or punctuation';
  }
  for (const { letter, vowels } of ALPHABETS) {
    const alphabet = letters
      .filter((c) => letter.test(c))
      .join('')
      .normalize('NFD');
    const count = [...alphabet.matchAll(/\p{L}/gu)].length;
    if (count < MIN_LETTERS) continue;
    const share = (alphabet.match(vowels)?.length ?? 0) / count;
    if (share < VOWEL_SHARE.min || share > VOWEL_SHARE.max)
      return 'the letters do not make words (a font maps its glyphs to the wrong letters)';
  }
  const words = text.match(/\p{L}+/gu) ?? [];
  const mixed = words.filter((w) => w.length > 2 && SCRIPTS.filter((s) => s.test(w)).length > 1).length;
  if (words.length >= 10 && mixed > 0.2 * words.length)
    return 'the words mix letters of different alphabets (a font maps its glyphs to the wrong letters)';
  return null;
}

/**
 * One warning for each reason: "Pages 2 and 3 have a broken text layer: the
 * letters do not make words (…). Their text came in garbled (“Wkh wdonv…”):
 * compare it with the PDF before coding it." Or, when OCR read them instead
 * (`ocr` says how), "Their text layer is garbled (…): they were read by OCR instead (…)."
 */
export function garbledWarnings(garbled: GarbledPage[], ocr: string | null = null): string[] {
  const reasons = [...new Set(garbled.map((g) => g.reason))];
  return reasons.map((reason) => {
    const pages = garbled.filter((g) => g.reason === reason);
    const one = pages.length === 1;
    const sample = pages[0]!.sample.replace(UNMAPPED, '�');
    const head = `${pageList(pages.map((p) => p.number))} ${one ? 'has' : 'have'} a broken text layer: ${reason}. `;
    if (ocr)
      return `${head}${one ? 'Its' : 'Their'} text layer is garbled (“${sample}…”): ${one ? 'it was' : 'they were'} read by OCR instead (${ocr}).`;
    return `${head}${one ? 'Its' : 'Their'} text came in garbled (“${sample}…”): compare it with the PDF before coding it.`;
  });
}
