// Arabic and Hebrew: a PDF places glyphs left to right as they are seen, and
// for Arabic it often names them by their shaped (presentation) forms. The
// text is stored in logical order, as it is typed and searched: each
// right-to-left line is read from right to left, numbers and Latin words in it
// keep their own direction, and presentation forms become the letters they
// show. A page written mostly right to left is mirrored for the reading of
// columns and paragraphs, so that its columns are read right to left and its
// lines start at the right edge.
import { graphemes } from '../../../../../shared/graphemes.ts';

const STRONG_RTL = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const LETTER = /\p{L}/u;
const isStrongLtr = (c: string) => LETTER.test(c) && !STRONG_RTL.test(c);
/** Arabic presentation forms A and B: the shaped letters and ligatures a font draws. */
const PRESENTATION_FORMS = /[\uFB50-\uFDFF\uFE70-\uFEFF]+/g;

/** Whether a line of text is written right to left: more right-to-left letters than left-to-right ones. */
export function isRtl(text: string): boolean {
  let rtl = 0;
  let ltr = 0;
  for (const c of text) {
    if (STRONG_RTL.test(c)) rtl++;
    else if (isStrongLtr(c)) ltr++;
  }
  return rtl > ltr;
}

/** Shaped Arabic letters and ligatures as the letters they are ("ﻻ" → "لا"). */
export function unshape(text: string): string {
  return text.replace(PRESENTATION_FORMS, (forms) => forms.normalize('NFKC'));
}

/**
 * A right-to-left line from its runs in the order they are seen (left to
 * right, each run's characters also as seen) to logical order: the whole line
 * reversed, then every left-to-right stretch (a Latin word, a number, "COVID-19")
 * put back the way it reads.
 */
export function logicalOrder(visual: string): string {
  const reversed = characters(visual).reverse();
  const out: string[] = [];
  let i = 0;
  while (i < reversed.length) {
    if (!isLtrChar(reversed[i]!)) {
      out.push(reversed[i++]!);
      continue;
    }
    // A left-to-right stretch: strong LTR letters and digits, with what joins them ("3.5", "New York", "COVID-19").
    let j = i;
    while (
      j + 1 < reversed.length &&
      (isLtrChar(reversed[j + 1]!) ||
        (/[\s.,:/-]/.test(reversed[j + 1]!) && j + 2 < reversed.length && isLtrChar(reversed[j + 2]!)))
    )
      j++;
    out.push(...reversed.slice(i, j + 1).reverse());
    i = j + 1;
  }
  return out.join('');
}

/** Characters with their marks (Hebrew points, Arabic vowel signs), which must not be parted when a run is reversed. */
function characters(text: string): string[] {
  return [...graphemes(text)].map((s) => s.segment);
}

/** A run as it is seen, from pdf.js's run: pdf.js gives right-to-left runs in logical order, others as they are seen. */
export function visualRun(text: string, rtl: boolean): string {
  return rtl ? characters(text).reverse().join('') : text;
}

function isLtrChar(c: string): boolean {
  return isStrongLtr(c) || /\p{Nd}/u.test(c);
}

/** A page's lines mirrored left to right (x → −x), for pages written mostly right to left; the same lines otherwise. */
export function mirroredIfRtl<L extends { text: string; x0: number; x1: number }>(lines: L[]): L[] {
  const rtl = lines.filter((l) => isRtl(l.text)).length;
  if (rtl <= lines.length / 2) return lines;
  return lines.map((l) => ({ ...l, x0: -l.x1, x1: -l.x0 }));
}
