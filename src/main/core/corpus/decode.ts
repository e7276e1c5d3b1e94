// Bytes of a text file -> a JS string (not yet normalised), with the encoding
// that was used. The common case (valid UTF-8) is one strict TextDecoder call;
// chardet is only asked when the bytes are neither UTF-8 nor UTF-16.
//
// Nothing is guessed silently: a file not in UTF-8 gets a note naming the
// encoding it was read in, and every byte that cannot be read in it becomes
// U+FFFD ("�", one per broken sequence, as the Unicode standard and every
// browser do), with a note saying how many bytes and on which lines. Control
// characters (a stray NUL, a form feed) are not text: they are left out, and
// the note says so too.
import { createRequire } from 'node:module';
import type IconvLite from 'iconv-lite';
import type { analyse as Analyse } from 'chardet';
import { QuireError } from '../../../shared/errors.ts';
import { plural } from '../../../shared/text.ts';
import { LONE_SURROGATE } from './normalise.ts';

export interface DecodedText {
  text: string;
  /** Lowercase encoding name, e.g. 'utf-8', 'utf-16le', 'windows-1252'. */
  encoding: string;
  /** Things the user should know about: the encoding when it is not UTF-8, bytes that could not be read, controls left out. */
  warnings: string[];
}

// iconv-lite and chardet are loaded with the first file not in UTF-8 that a thread reads: an import of UTF-8 files,
// the common case, never loads them (together about 12 ms of each thread that reads files, as the import starts).
const requireHere = createRequire(import.meta.url);
let iconvLite: typeof IconvLite | undefined;
const iconv = () => (iconvLite ??= requireHere('iconv-lite') as typeof IconvLite);
let chardet: { analyse: typeof Analyse } | undefined;
const analyse = (bytes: Uint8Array) =>
  (chardet ??= requireHere('chardet') as { analyse: typeof Analyse }).analyse(bytes);

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const REPLACEMENT = '\uFFFD';

export function decodeText(bytes: Uint8Array, name?: string): DecodedText {
  const label = name ? `“${name}”` : 'The file';
  if (bytes.length === 0) throw new QuireError('invalid_input', 'The file is empty.');

  const kind = binaryKind(bytes);
  if (kind !== null) throw notText(label, kind);

  const decoded = withoutControls(decodeByBom(bytes, label) ?? decodeWithoutBom(bytes, label));
  if (!/[^\s\p{Cc}\p{Cf}]/u.test(decoded.text)) {
    throw new QuireError('invalid_input', 'The file contains no text.');
  }
  return decoded;
}

/** How an encoding is named to the user: "Windows-1251", "KOI8-R", "UTF-16 (little-endian)". */
export function encodingName(encoding: string): string {
  const named: Record<string, string> = {
    'utf-16le': 'UTF-16 (little-endian)',
    'utf-16be': 'UTF-16 (big-endian)',
    shift_jis: 'Shift_JIS',
    big5: 'Big5',
  };
  return named[encoding] ?? (encoding.startsWith('windows-') ? `Windows-${encoding.slice(8)}` : encoding.toUpperCase());
}

// ---------------------------------------------------------------------------
// Binary files

const MAGIC: ReadonlyArray<{ bytes: number[]; kind: string }> = [
  { bytes: [0x25, 0x50, 0x44, 0x46, 0x2d], kind: 'a PDF document' }, // %PDF-
  { bytes: [0x50, 0x4b, 0x03, 0x04], kind: 'a ZIP archive, such as .docx or .epub' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], kind: 'a ZIP archive' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], kind: 'an old Microsoft Office document' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], kind: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], kind: 'a JPEG image' },
  { bytes: [0x47, 0x49, 0x46, 0x38], kind: 'a GIF image' }, // GIF8(7|9)a
  { bytes: [0x7f, 0x45, 0x4c, 0x46], kind: 'a program (ELF executable)' },
  { bytes: [0x1f, 0x8b], kind: 'a gzip archive' },
];

/** What the file is when its magic number tells it, null otherwise. */
function binaryKind(bytes: Uint8Array): string | null {
  for (const m of MAGIC) {
    if (m.bytes.every((b, i) => bytes[i] === b)) return m.kind;
  }
  return null;
}

function notText(label: string, kind?: string): QuireError {
  const what = kind ?? 'a PDF, ZIP, image or program?';
  return new QuireError('invalid_input', `${label} looks like a binary file (${what}), not text.`);
}

/**
 * Binary data (not UTF-16): NUL bytes more often than one in a thousand (random
 * data has one in 256), or more than a tenth of the first 8 KiB in control
 * bytes no text file contains. One NUL in a text file is a stray byte, not a
 * sign of binary data: Markus Kuhn's UTF-8 decoder test holds one.
 */
function looksBinary(bytes: Uint8Array): boolean {
  let nuls = 0;
  // Found by indexOf (a scan in native code): a text file has none, and a loop over every byte took a twentieth
  // of an import's reading.
  for (let at = bytes.indexOf(0); at >= 0; at = bytes.indexOf(0, at + 1)) nuls++;
  return (nuls > 1 && nuls * 1000 > bytes.length) || controlShare(bytes) > 0.1;
}

/** Share of the first 8 KiB that are control bytes no text file contains
 *  (TAB, LF, VT, FF, CR and ESC are allowed). */
function controlShare(bytes: Uint8Array): number {
  const n = Math.min(bytes.length, 8192);
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if ((b < 0x20 && (b < 0x09 || b > 0x0d) && b !== 0x1b) || b === 0x7f) bad++;
  }
  return bad / n;
}

// ---------------------------------------------------------------------------
// Byte order marks and UTF-16

function decodeByBom(bytes: Uint8Array, label: string): DecodedText | null {
  const [a, b, c, d] = bytes;
  if ((a === 0xff && b === 0xfe && c === 0 && d === 0) || (a === 0 && b === 0 && c === 0xfe && d === 0xff)) {
    throw new QuireError(
      'invalid_input',
      `${label} is in UTF-32, which Quire cannot read. Save it as UTF-8 and import it again.`,
    );
  }
  const bom = (encoding: 'utf-16le' | 'utf-16be') =>
    `The file is in ${encodingName(encoding)}, as its byte order mark says.`;
  if (a === 0xff && b === 0xfe) return utf16(bytes.subarray(2), 'utf-16le', bom('utf-16le'));
  if (a === 0xfe && b === 0xff) return utf16(bytes.subarray(2), 'utf-16be', bom('utf-16be'));
  if (a === 0xef && b === 0xbb && c === 0xbf) return decodeUtf8(bytes.subarray(3), true);
  return null;
}

function utf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', note: string): DecodedText {
  // iconv-lite keeps unpaired surrogates (a broken file) as they are, where
  // TextDecoder would turn them into U+FFFD: replace them, and say where.
  let text = iconv().decode(bytes.length % 2 === 1 ? bytes.subarray(0, bytes.length - 1) : bytes, encoding);
  const at: number[] = [];
  text = text.replace(LONE_SURROGATE, (_, offset: number) => (at.push(offset), REPLACEMENT));
  const warnings = [note];
  if (at.length) warnings.push(replacedNote(plural(at.length, 'broken UTF-16 character'), at.length, at, text));
  if (bytes.length % 2 === 1) {
    text += REPLACEMENT;
    warnings.push('The file ended in the middle of a UTF-16 character; its last byte was replaced by “�” (U+FFFD).');
  }
  return { text, encoding, warnings };
}

/** UTF-16 without a BOM: ASCII characters (at least the spaces) put a NUL in
 *  every other byte, on one side only; binary data has NULs on both sides, and
 *  a text file with a stray NUL has only one. */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(Math.min(bytes.length, 8192) / 2);
  if (pairs === 0) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) evenZeros++;
    if (bytes[2 * i + 1] === 0) oddZeros++;
  }
  if (oddZeros > 1 && oddZeros / pairs > 0.05 && evenZeros / pairs < 0.01) return 'utf-16le';
  if (evenZeros > 1 && evenZeros / pairs > 0.05 && oddZeros / pairs < 0.01) return 'utf-16be';
  return null;
}

// ---------------------------------------------------------------------------
// UTF-8, mostly-UTF-8 and legacy encodings

function decodeWithoutBom(bytes: Uint8Array, label: string): DecodedText {
  const encoding = bytes.includes(0) ? sniffUtf16(bytes) : null;
  if (encoding) {
    const decoded = utf16(
      bytes,
      encoding,
      `The file is in ${encodingName(encoding)} without a byte order mark, as its zero bytes tell.`,
    );
    if (/[\u0000-\u0008\u000E-\u001A\u001C-\u001F]/.test(decoded.text.slice(0, 4096))) throw notText(label);
    return decoded;
  }
  if (looksBinary(bytes)) throw notText(label);
  return decodeUtf8(bytes, false);
}

/**
 * When a file that is not valid UTF-8 is still UTF-8 (with stray bytes): when
 * at least this share of its non-ASCII bytes form valid UTF-8 sequences. In a
 * file written in a single-byte encoding, a valid sequence only happens by
 * chance (Windows-1252 "ß…" is DF 85): the legacy texts we measured, in
 * Western, Central European, Cyrillic and Greek encodings, have at most a
 * fifth of their non-ASCII bytes in such sequences, and nearly always none.
 * A UTF-8 file with stray bytes has most of them in valid sequences, and even
 * Markus Kuhn's decoder test, made of malformed sequences, has two fifths.
 */
const MOSTLY_UTF8 = 0.3;

function decodeUtf8(bytes: Uint8Array, hadBom: boolean): DecodedText {
  try {
    return { text: strictUtf8.decode(bytes), encoding: 'utf-8', warnings: [] };
  } catch {
    // not valid UTF-8: fall through
  }
  // East Asian encodings hold chance UTF-8 sequences more often; when chardet is sure of one and it reads cleanly, it wins.
  const eastAsian = hadBom ? null : confidentMultiByte(bytes);
  if (eastAsian) return eastAsian;
  if (hadBom || utf8Share(bytes) >= MOSTLY_UTF8) return repairUtf8(bytes);
  return decodeLegacy(bytes);
}

/**
 * How the UTF-8 sequence that starts at i reads: the number of bytes its first
 * byte calls for (0 when it cannot start one, 1 for ASCII) and how many of
 * them are there and right. A valid sequence has got === need.
 */
function utf8Prefix(bytes: Uint8Array, i: number): { need: number; got: number } {
  const b = bytes[i]!;
  if (b < 0x80) return { need: 1, got: 1 };
  let need: number;
  // The second byte's range excludes overlong forms, surrogates and code points above U+10FFFF.
  let [lo, hi] = [0x80, 0xbf];
  if (b >= 0xc2 && b <= 0xdf) need = 2;
  else if (b >= 0xe0 && b <= 0xef) [need, lo, hi] = [3, b === 0xe0 ? 0xa0 : 0x80, b === 0xed ? 0x9f : 0xbf];
  else if (b >= 0xf0 && b <= 0xf4) [need, lo, hi] = [4, b === 0xf0 ? 0x90 : 0x80, b === 0xf4 ? 0x8f : 0xbf];
  else return { need: 0, got: 0 };
  let got = 1;
  while (got < need && i + got < bytes.length && bytes[i + got]! >= lo && bytes[i + got]! <= hi) {
    got++;
    [lo, hi] = [0x80, 0xbf];
  }
  return { need, got };
}

/** Share of the non-ASCII bytes that are part of valid UTF-8 sequences. */
function utf8Share(bytes: Uint8Array): number {
  let nonAscii = 0;
  let valid = 0;
  for (let i = 0; i < bytes.length;) {
    const { need, got } = utf8Prefix(bytes, i);
    const step = need > 0 && got === need ? need : 1;
    if (bytes[i]! >= 0x80) nonAscii += step;
    if (step > 1) valid += step;
    i += step;
  }
  return nonAscii === 0 ? 1 : valid / nonAscii;
}

/**
 * Valid sequences as UTF-8; each broken one (the longest start of a valid
 * sequence, or else one byte: the "maximal subpart" of Unicode §3.9, as
 * TextDecoder replaces them) as one U+FFFD.
 */
function repairUtf8(bytes: Uint8Array): DecodedText {
  const parts: string[] = [];
  const at: number[] = [];
  let length = 0;
  let invalid = 0;
  let runStart = 0;
  const flush = (end: number) => {
    if (runStart === end) return;
    const run = strictUtf8.decode(bytes.subarray(runStart, end));
    parts.push(run);
    length += run.length;
  };
  for (let i = 0; i < bytes.length;) {
    const { need, got } = utf8Prefix(bytes, i);
    if (need > 0 && got === need) {
      i += need;
      continue;
    }
    flush(i);
    at.push(length);
    parts.push(REPLACEMENT);
    length++;
    const broken = Math.max(1, got);
    invalid += broken;
    i += broken;
    runStart = i;
  }
  flush(bytes.length);
  const text = parts.join('');
  const subject = invalid === 1 ? '1 byte that is not valid UTF-8' : `${invalid} bytes that are not valid UTF-8`;
  return { text, encoding: 'utf-8', warnings: [replacedNote(subject, invalid, at, text)] };
}

// Encodings chardet may name that are single-byte and known to iconv-lite.
const SINGLE_BYTE = /^(iso-8859-\d+|windows-125\d|windows-874|koi8-[ru])$/;
// East Asian multi-byte encodings iconv-lite reads; taken only when chardet is fairly sure and they read cleanly.
const MULTI_BYTE = /^(shift_jis|euc-jp|gb18030|big5|euc-kr)$/;

const notUtf8Note = (encoding: string) =>
  `The file is not in UTF-8; it was read as ${encodingName(encoding)}, the encoding its bytes fit best. If the text looks wrong, save the file as UTF-8 and import it again.`;

/** The file read in the East Asian encoding chardet names with confidence, if it reads without errors. */
function confidentMultiByte(bytes: Uint8Array): DecodedText | null {
  const best = analyse(bytes)[0];
  const guess = best?.name.toLowerCase() ?? '';
  if (!MULTI_BYTE.test(guess) || (best?.confidence ?? 0) < 50 || !iconv().encodingExists(guess)) return null;
  const text = iconv().decode(Buffer.from(bytes), guess);
  return text.includes(REPLACEMENT) ? null : { text, encoding: guess, warnings: [notUtf8Note(guess)] };
}

function decodeLegacy(bytes: Uint8Array): DecodedText {
  const best = analyse(bytes)[0];
  const guess = best?.name.toLowerCase() ?? '';
  let encoding = SINGLE_BYTE.test(guess) && iconv().encodingExists(guess) ? guess : 'windows-1252';
  // ISO-8859-1 has no printable characters at 0x80–0x9F; files that use those
  // bytes are Windows-1252 (curly quotes, dashes, €), as browsers assume too.
  if (encoding === 'iso-8859-1' && bytes.some((b) => b >= 0x80 && b <= 0x9f)) encoding = 'windows-1252';
  // Single-byte decoding: one character per byte; a byte the encoding leaves
  // undefined is U+FFFD (a file cannot hold one itself in such an encoding).
  const text = iconv().decode(bytes, encoding);
  const warnings = [notUtf8Note(encoding)];
  const at = [...text.matchAll(/\uFFFD/g)].map((m) => m.index);
  if (at.length) {
    const subject =
      at.length === 1
        ? `1 byte that has no meaning in ${encodingName(encoding)}`
        : `${at.length} bytes that have no meaning in ${encodingName(encoding)}`;
    warnings.push(replacedNote(subject, at.length, at, text));
  }
  return { text, encoding, warnings };
}

// ---------------------------------------------------------------------------
// Control characters, and saying where things were

// C0 controls but TAB, LF and CR (line breaks are normalised later), DEL, and
// the C1 controls but NEL (a line break too): no text holds them.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F]/g;
const CONTROL_NAMES: Record<string, string> = {
  '\u0000': 'NUL',
  '\u000B': 'vertical tab',
  '\u000C': 'form feed',
  '\u001B': 'escape',
  '\u007F': 'delete',
};

function withoutControls(decoded: DecodedText): DecodedText {
  const found = [...decoded.text.matchAll(CONTROL)];
  if (!found.length) return decoded;
  const names = [
    ...new Set(
      found.map(([c]) => CONTROL_NAMES[c] ?? `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`),
    ),
  ];
  const n = found.length;
  const note =
    `${plural(n, 'control character')} (${names.join(', ')}) ${n === 1 ? 'is' : 'are'} not text and ${n === 1 ? 'was' : 'were'} left out, ` +
    `on ${linesPhrase(
      lineNumbers(
        decoded.text,
        found.map((m) => m.index),
      ),
    )}.`;
  return { ...decoded, text: decoded.text.replace(CONTROL, ''), warnings: [...decoded.warnings, note] };
}

/** "7 bytes that are not valid UTF-8 were replaced by “�” (U+FFFD) in 5 places, on lines 3, 8 and 12." */
function replacedNote(subject: string, count: number, at: readonly number[], text: string): string {
  const places = at.length === count ? '' : ` in ${plural(at.length, 'place')}`;
  return `${subject} ${count === 1 ? 'was' : 'were'} replaced by “�” (U+FFFD)${places}, on ${linesPhrase(lineNumbers(text, at))}.`;
}

// CRLF, CR, LF, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR: one line break each, as normaliseText counts them.
const LINE_BREAK = /\r\n?|[\n\u0085\u2028\u2029]/g;

/** The line (from 1) of each offset (ascending) into a text. */
function lineNumbers(text: string, offsets: readonly number[]): number[] {
  const breaks = [...text.matchAll(LINE_BREAK)].map((m) => m.index);
  let line = 0;
  return offsets.map((offset) => {
    while (line < breaks.length && breaks[line]! < offset) line++;
    return line + 1;
  });
}

/** "line 3", "lines 3 and 8", "lines 3, 8, 12, 15, 20 and 4 other lines": where something was, the first five lines named. */
function linesPhrase(lines: readonly number[]): string {
  const distinct = [...new Set(lines)];
  if (distinct.length === 1) return `line ${distinct[0]}`;
  const named = distinct.slice(0, 5);
  const rest = distinct.length - named.length;
  return rest > 0
    ? `lines ${named.join(', ')} and ${plural(rest, 'other line')}`
    : `lines ${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
}
