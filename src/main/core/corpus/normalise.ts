// The stored form of a document's text (DESIGN.md §3): NFC, LF line endings,
// no BOM, no control characters except LF and TAB, no unpaired surrogates
// (half a character, from a broken file: not text UTF-8 can hold). Everything else is kept as
// it was: no trimming, no reflowing, no collapsing of spaces, NBSP stays NBSP,
// so a clean UTF-8 file is stored byte for byte. Offsets into stored text are
// counted in code points (see shared/codepoints.ts).

// CRLF, lone CR, NEL (U+0085, the C1 "next line"), LINE SEPARATOR and
// PARAGRAPH SEPARATOR all mean "new line".
const LINE_BREAKS = /\r\n?|[\u0085\u2028\u2029]/g;

// C0 controls except TAB (U+0009) and LF (U+000A), DEL, and the C1 controls.
// U+0002/U+0003 are the search highlight markers: they must never be stored.
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

// A high surrogate not followed by a low one, or a low one without a high one.
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function normaliseText(s: string): string {
  return s
    .replace(LINE_BREAKS, '\n')
    .replace(CONTROLS, '')
    .replace(LONE_SURROGATE, '')
    .normalize('NFC')
    .replace(/^\uFEFF+/, '');
}

export { countCodePoints } from '../../../shared/codepoints.ts';
