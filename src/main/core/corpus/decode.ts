// Bytes of a text file -> a JS string (not yet normalised), with the encoding
// that was used. The common case (valid UTF-8) is one strict TextDecoder call;
// chardet is only asked when the bytes are neither UTF-8 nor UTF-16.
import iconv from 'iconv-lite';
import { analyse } from 'chardet';
import { QuireError } from '../../../shared/errors.ts';
import { plural } from '../../../shared/text.ts';
import { LONE_SURROGATE } from './normalise.ts';

export interface DecodedText {
  text: string;
  /** Lowercase encoding name, e.g. 'utf-8', 'utf-16le', 'windows-1252'. */
  encoding: string;
  /** Things the user should know about (bytes that had to be guessed). */
  warnings: string[];
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeText(bytes: Uint8Array, name?: string): DecodedText {
  const label = name ? `“${name}”` : 'The file';
  if (bytes.length === 0) throw new QuireError('invalid_input', 'The file is empty.');

  const kind = binaryKind(bytes);
  if (kind !== null) throw notText(label, kind);

  const decoded = decodeByBom(bytes, label) ?? decodeWithoutBom(bytes, label);
  if (!/[^\s\p{Cc}\p{Cf}]/u.test(decoded.text)) {
    throw new QuireError('invalid_input', 'The file contains no text.');
  }
  return decoded;
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
  if (a === 0xff && b === 0xfe) return utf16(bytes.subarray(2), 'utf-16le');
  if (a === 0xfe && b === 0xff) return utf16(bytes.subarray(2), 'utf-16be');
  if (a === 0xef && b === 0xbb && c === 0xbf) return decodeUtf8(bytes.subarray(3), true);
  return null;
}

function utf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodedText {
  const warnings: string[] = [];
  let body = bytes;
  if (body.length % 2 === 1) {
    body = body.subarray(0, body.length - 1);
    warnings.push('The file ended in the middle of a UTF-16 character; the last byte was left out.');
  }
  // iconv-lite keeps unpaired surrogates (a broken file) as they are, where
  // TextDecoder would turn them into U+FFFD: leave them out, and say so.
  const raw = iconv.decode(body, encoding);
  const text = raw.replace(LONE_SURROGATE, '');
  const broken = raw.length - text.length;
  if (broken > 0) {
    warnings.push(`${plural(broken, 'broken UTF-16 character was', 'broken UTF-16 characters were')} left out.`);
  }
  return { text, encoding, warnings };
}

/** UTF-16 without a BOM: ASCII characters (at least the spaces) put a NUL in
 *  every other byte, on one side only; binary data has NULs on both sides. */
function sniffUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.floor(Math.min(bytes.length, 8192) / 2);
  if (pairs === 0) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0) evenZeros++;
    if (bytes[2 * i + 1] === 0) oddZeros++;
  }
  if (oddZeros / pairs > 0.05 && evenZeros / pairs < 0.01) return 'utf-16le';
  if (evenZeros / pairs > 0.05 && oddZeros / pairs < 0.01) return 'utf-16be';
  return null;
}

// ---------------------------------------------------------------------------
// UTF-8, mostly-UTF-8 and legacy single-byte encodings

function decodeWithoutBom(bytes: Uint8Array, label: string): DecodedText {
  if (bytes.includes(0)) {
    const encoding = sniffUtf16(bytes);
    if (encoding === null) throw notText(label);
    const decoded = utf16(bytes, encoding);
    if (/[\u0000-\u0008\u000E-\u001A\u001C-\u001F]/.test(decoded.text.slice(0, 4096))) throw notText(label);
    return decoded;
  }
  if (controlShare(bytes) > 0.1) throw notText(label);
  return decodeUtf8(bytes, false);
}

function decodeUtf8(bytes: Uint8Array, hadBom: boolean): DecodedText {
  try {
    return { text: strictUtf8.decode(bytes), encoding: 'utf-8', warnings: [] };
  } catch {
    // not valid UTF-8: fall through
  }
  // Mostly UTF-8 (a BOM, or valid multi-byte sequences not outnumbered by
  // invalid bytes): repair. A legacy file can hold a valid sequence by chance
  // ("Fuß…" in Windows-1252 is DF 85, which is valid UTF-8), hence the ratio.
  // East Asian encodings also hold such chance sequences; when chardet is sure of one and it reads cleanly, it wins.
  const eastAsian = hadBom ? null : confidentMultiByte(bytes);
  if (eastAsian) return eastAsian;
  const scan = scanUtf8(bytes);
  if (hadBom || (scan.multiByte > 0 && scan.invalid <= 4 * scan.multiByte)) return repairUtf8(bytes, scan.invalid);
  return decodeLegacy(bytes);
}

/** Length of the valid UTF-8 sequence starting at i (1 for ASCII), or 0. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  if (b < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean =>
    i + k < bytes.length && bytes[i + k] >= lo && bytes[i + k] <= hi;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const [lo, hi] = b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const [lo, hi] = b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

function scanUtf8(bytes: Uint8Array): { multiByte: number; invalid: number } {
  let multiByte = 0;
  let invalid = 0;
  for (let i = 0; i < bytes.length; ) {
    const len = sequenceLength(bytes, i);
    if (len === 0) {
      invalid++;
      i++;
    } else {
      if (len > 1) multiByte++;
      i += len;
    }
  }
  return { multiByte, invalid };
}

/** Valid sequences as UTF-8, every invalid byte as Windows-1252. */
function repairUtf8(bytes: Uint8Array, invalid: number): DecodedText {
  const parts: string[] = [];
  let dropped = 0;
  let runStart = 0;
  for (let i = 0; i < bytes.length; ) {
    const len = sequenceLength(bytes, i);
    if (len > 0) {
      i += len;
      continue;
    }
    if (runStart < i) parts.push(strictUtf8.decode(bytes.subarray(runStart, i)));
    const ch = iconv.decode(bytes.subarray(i, i + 1), 'windows-1252');
    if (ch === '\uFFFD') dropped++;
    else parts.push(ch);
    i++;
    runStart = i;
  }
  if (runStart < bytes.length) parts.push(strictUtf8.decode(bytes.subarray(runStart)));
  const warnings = [
    `${invalid} ${invalid === 1 ? 'byte was' : 'bytes were'} not valid UTF-8 and ${invalid === 1 ? 'was' : 'were'} read as Windows-1252.`,
  ];
  if (dropped > 0) warnings.push(undefinedBytesWarning(dropped, 'windows-1252'));
  return { text: parts.join(''), encoding: 'utf-8', warnings };
}

// Encodings chardet may name that are single-byte and known to iconv-lite.
const SINGLE_BYTE = /^(iso-8859-\d+|windows-125\d|windows-874|koi8-[ru])$/;
// East Asian multi-byte encodings iconv-lite reads; taken only when chardet is fairly sure and they read cleanly.
const MULTI_BYTE = /^(shift_jis|euc-jp|gb18030|big5|euc-kr)$/;

/** The file read in the East Asian encoding chardet names with confidence, if it reads without errors. */
function confidentMultiByte(bytes: Uint8Array): DecodedText | null {
  const best = analyse(bytes)[0];
  const guess = best?.name.toLowerCase() ?? '';
  if (!MULTI_BYTE.test(guess) || (best?.confidence ?? 0) < 50 || !iconv.encodingExists(guess)) return null;
  const text = iconv.decode(Buffer.from(bytes), guess);
  return text.includes('\uFFFD') ? null : { text, encoding: guess, warnings: [] };
}

function decodeLegacy(bytes: Uint8Array): DecodedText {
  const best = analyse(bytes)[0];
  const guess = best?.name.toLowerCase() ?? '';
  let encoding = SINGLE_BYTE.test(guess) && iconv.encodingExists(guess) ? guess : 'windows-1252';
  // ISO-8859-1 has no printable characters at 0x80–0x9F; files that use those
  // bytes are Windows-1252 (curly quotes, dashes, €), as browsers assume too.
  if (encoding === 'iso-8859-1' && bytes.some((b) => b >= 0x80 && b <= 0x9f)) encoding = 'windows-1252';
  // Single-byte decoding: one UTF-16 unit per byte, so positions line up and
  // bytes the encoding leaves undefined (U+FFFD) can be dropped, not shown.
  const decoded = iconv.decode(bytes, encoding);
  const warnings: string[] = [];
  let text = decoded;
  if (decoded.includes('\uFFFD')) {
    text = decoded.replaceAll('\uFFFD', '');
    warnings.push(undefinedBytesWarning(decoded.length - text.length, encoding));
  }
  return { text, encoding, warnings };
}

function undefinedBytesWarning(n: number, encoding: string): string {
  return `${n} ${n === 1 ? 'byte has' : 'bytes have'} no meaning in ${encoding} and ${n === 1 ? 'was' : 'were'} left out.`;
}
