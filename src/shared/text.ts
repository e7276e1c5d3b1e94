// Small wording helpers every layer uses (engine messages, reports, the CLI, the renderer).
import { graphemes } from './graphemes.ts';

/**
 * A count as a message writes it: "1,100". A whole number's digits are grouped here, as toLocaleString('en') groups
 * them: its first call loads the locale's data (about 25 ms, which a command-line run would spend on one line).
 */
export const count = (n: number) =>
  Number.isSafeInteger(n) ? String(n).replace(THOUSANDS, ',') : n.toLocaleString('en');
/** Before each group of three digits that ends the number, but not at its start. */
const THOUSANDS = /\B(?=(\d{3})+$)/g;

/** "1 passage", "3 passages", "1,100 files"; the plural form when it is not just one + "s". */
export const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

/** A size for a message: "3.2 MB", "48 MB", "12.0 GB". */
export function megabytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  return `${(bytes / 1024 ** 2).toFixed(bytes < 10 * 1024 ** 2 ? 1 : 0)} MB`;
}

// What would make a name lie about itself or break the line it is printed on:
// control characters (C0, DEL, C1), line and paragraph separators, and format
// characters (bidi embeddings, overrides, isolates and marks, zero-width
// spaces, soft hyphens, tags…). Not the joiners, which are part of how Persian,
// Indic scripts and emoji sequences are written, nor a flag's tag sequence
// (🏴 + tags + cancel tag, as in the flag of Scotland).
const HIDDEN = /\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}|\r\n|[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;
const NEW_LINE = /^(\r\n|[\n\r\u0085\u2028\u2029])$/;

/**
 * A name or title as it is shown: characters that cannot be seen, or that
 * reorder or break the text around them, are written out visibly ("⟨U+202E⟩"
 * for RIGHT-TO-LEFT OVERRIDE, "⏎" for a line break). Only ever for showing:
 * the stored name stays exactly as it was written. No name (null) shows as nothing.
 */
export function visible(text: string | null | undefined): string {
  return (text ?? '').replace(HIDDEN, (c) => {
    if (NEW_LINE.test(c)) return '⏎';
    if (c.length > 2 || c === '\u200C' || c === '\u200D') return c;
    return `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`;
  });
}

/**
 * A text shortened for a message or a label: whitespace folded to single
 * spaces, cut to at most `max` characters with "…" (whole characters as a
 * reader sees them: never half a surrogate pair, a letter without its accent
 * or half a flag), and characters that cannot be seen written out (see `visible`).
 */
export function clip(text: string, max = 40): string {
  const folded = text.replace(/\s+/g, ' ').trim();
  // Most texts are short: only one longer than `max` code units can have more than `max` characters.
  if (folded.length <= max) return visible(folded);
  const keep = Math.max(1, max - 1);
  let end = 0;
  let count = 0;
  for (const { index } of graphemes(folded)) {
    if (count === keep) end = index;
    if (++count > max) break;
  }
  // Cut before writing characters out, so that no "⟨U+202E⟩" is ever cut in half.
  return visible(count > max ? `${folded.slice(0, end)}…` : folded);
}

/** A size where the exact number matters (what an archive claims, what was left out): "1 byte", "12,345 bytes", else "3.2 MB". */
export function exactSize(bytes: number): string {
  return bytes < 1024 ** 2 ? `${count(bytes)} ${bytes === 1 ? 'byte' : 'bytes'}` : megabytes(bytes);
}

/** A file's size as a list or a message shows it: "12 KB" (never "0 KB"), else "3.2 MB". */
export function fileSize(bytes: number): string {
  return bytes < 1024 ** 2 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : megabytes(bytes);
}

/** A text cut to at most `max` characters at the last word boundary, with "…"; whole when it fits. */
export function shortenAtWord(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  // When the cut falls just before a space, the last word is whole: it is kept.
  const head = chars.slice(0, max - 1).join('') + (/\s/.test(chars[max - 1]!) ? ' ' : '');
  const space = head.lastIndexOf(' ');
  // A single word longer than the limit is cut inside it (there is no boundary to cut at).
  const cut = space > max / 3 ? head.slice(0, space) : head;
  return `${cut.replace(/[\s,;:–—-]+$/u, '')}…`;
}

/** "Anna Kowalska" → "AK", "ana" → "A": a coder on a margin label, in the reader and the report (coderTags tells alike ones apart). */
export const initials = (name: string) =>
  name
    .split(/\s+/)
    .map((w) => [...w][0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();

/** Each coder's tag on a margin label: their initials, or their name (shortened) where two coders' initials are the same. */
export function coderTags(coders: readonly string[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const c of coders) counts.set(initials(c), (counts.get(initials(c)) ?? 0) + 1);
  return new Map(coders.map((c) => [c, counts.get(initials(c))! > 1 ? shortenAtWord(c, 12) : initials(c)]));
}

/** `wanted`, or "wanted (2)", "(3)"… : the first name `taken` says is free. */
export function freeName(wanted: string, taken: (name: string) => boolean): string {
  if (!taken(wanted)) return wanted;
  for (let n = 2; ; n++) if (!taken(`${wanted} (${n})`)) return `${wanted} (${n})`;
}
