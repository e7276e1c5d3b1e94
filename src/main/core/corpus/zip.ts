// Reading zip archives that come from outside (Word and OpenDocument files,
// REFI-QDA .qdpx projects) without trusting them. The archive's directory is
// read first, and an archive whose entries would unpack to more than its
// limit, or shrink far more than real documents do, is refused before
// anything is inflated ("zip bombs"). Each entry is then inflated a piece at
// a time, never past the size the directory gives: an entry that unpacks to
// more (or less) than it claims is refused, never cut to its claim.
import { Inflate } from 'fflate';
import { QuireError } from '../../../shared/errors.ts';
import { exactSize, megabytes } from '../../../shared/text.ts';

/** One file in an archive, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; anything else Quire cannot unpack. */
  method: number;
  encrypted: boolean;
  /** What the directory claims: bytes in the archive, and bytes once unpacked. */
  packed: number;
  size: number;
  /** Where the entry's local header begins. */
  offset: number;
}

/**
 * How far the entries Quire unpacks from one archive may shrink: text and XML
 * compress to a tenth or so, rarely past a fiftieth; deflate's most is 1032 to 1.
 */
export const MAX_RATIO = 200;
/** Below this an entry is too small to matter, whatever its ratio. */
const RATIO_FLOOR = 1024 * 1024;
/** How much packed data is inflated at a time: at most ~1032 times as much comes out of one piece. */
const PIECE = 16 * 1024;

export interface ZipLimits {
  /** The archive in messages: “name.docx”. */
  label: string;
  /** What the file should be, for the message when it is not a zip at all: "a Word document (.docx)". */
  kind: string;
  /** The most the entries read may unpack to, together. */
  maxTotal: number;
}

/**
 * An archive opened for reading: its directory read and checked. `wanted`
 * names the entries that will be read; only they count towards the limits.
 */
export class ZipArchive {
  readonly entries: ZipEntry[];
  private readonly bytes: Uint8Array;
  private readonly limits: ZipLimits;

  constructor(bytes: Uint8Array, limits: ZipLimits, wanted: (entry: ZipEntry) => boolean) {
    this.bytes = bytes;
    this.limits = limits;
    let all: ZipEntry[];
    try {
      all = readDirectory(bytes);
    } catch (e) {
      throw this.damaged((e as Error).message, e);
    }
    this.entries = all.filter((e) => !e.name.endsWith('/') && wanted(e));
    const total = this.entries.reduce((sum, e) => sum + e.size, 0);
    if (total > limits.maxTotal) {
      throw new QuireError(
        'invalid_input',
        `${limits.label} would unpack to ${megabytes(total)}, more than the ${megabytes(limits.maxTotal)} Quire allows, so it was not opened (it may be a “zip bomb”).`,
      );
    }
    const bomb = this.entries.find((e) => e.size > RATIO_FLOOR && e.size > e.packed * MAX_RATIO);
    if (bomb) {
      const times = Math.round(bomb.size / Math.max(bomb.packed, 1)).toLocaleString('en');
      throw new QuireError(
        'invalid_input',
        `${limits.label} holds ${bomb.name}, which would unpack from ${exactSize(bomb.packed)} to ${exactSize(bomb.size)} (${times} times its size); no real document shrinks that much, so the file was not opened (it may be a “zip bomb”).`,
      );
    }
  }

  /** An entry's bytes, inflated a piece at a time and never past its claimed size. */
  read(entry: ZipEntry): Uint8Array {
    const { bytes, limits } = this;
    if (entry.encrypted)
      throw new QuireError('invalid_input', `${limits.label} cannot be read: ${entry.name} in it is encrypted.`);
    if (entry.method !== 0 && entry.method !== 8) {
      throw new QuireError(
        'invalid_input',
        `${limits.label} cannot be read: ${entry.name} in it is compressed in a way Quire does not know (method ${entry.method}).`,
      );
    }
    let start: number;
    try {
      start = dataStart(bytes, entry);
    } catch (e) {
      throw this.damaged((e as Error).message, e);
    }
    const packed = bytes.subarray(start, start + entry.packed);
    const lies = (more: boolean) =>
      new QuireError(
        'invalid_input',
        `${limits.label} cannot be read: ${entry.name} in it unpacks to ${more ? 'more' : 'less'} than the ${exactSize(entry.size)} its archive says. The file is damaged, or made to mislead; nothing of it was used.`,
      );
    if (entry.method === 0) {
      if (packed.length !== entry.size) throw lies(packed.length > entry.size);
      return packed.slice();
    }
    const out = new Uint8Array(entry.size);
    let filled = 0;
    const inflater = new Inflate((chunk) => {
      if (filled + chunk.length > entry.size) throw lies(true);
      out.set(chunk, filled);
      filled += chunk.length;
    });
    try {
      for (let at = 0, last = false; !last; at += PIECE) {
        last = at + PIECE >= packed.length;
        inflater.push(packed.subarray(at, at + PIECE), last);
      }
    } catch (e) {
      if (e instanceof QuireError) throw e;
      throw this.damaged(`${entry.name}: ${(e as Error).message}`, e);
    }
    if (filled !== entry.size) throw lies(false);
    return out;
  }

  private damaged(why: string, cause: unknown): QuireError {
    const { label, kind } = this.limits;
    return new QuireError(
      'invalid_input',
      `${label} cannot be read as ${kind}: the file is damaged, incomplete or not ${kind} at all (its zip archive cannot be opened: ${why}).`,
      {
        cause,
      },
    );
  }
}

/**
 * The entries that `wanted` names, inflated, by name: for archives whose parts
 * are all read at once (Word, OpenDocument).
 */
export function unzipEntries(
  bytes: Uint8Array,
  limits: ZipLimits,
  wanted: (name: string) => boolean,
): Map<string, Uint8Array> {
  const archive = new ZipArchive(bytes, limits, (e) => wanted(e.name));
  return new Map(archive.entries.map((e) => [e.name, archive.read(e)]));
}

// ---------------------------------------------------------------------------
// The zip format (APPNOTE.TXT): the end record, the central directory, zip64

const END = 0x06054b50;
const END64_LOCATOR = 0x07064b50;
const END64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const FULL = 0xffffffff;

function view(bytes: Uint8Array) {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (at: number, n: number) => {
    if (at < 0 || at + n > bytes.length) throw new Error('it ends before its directory does');
  };
  return {
    u16: (at: number) => (need(at, 2), dv.getUint16(at, true)),
    u32: (at: number) => (need(at, 4), dv.getUint32(at, true)),
    u64: (at: number) => (need(at, 8), Number(dv.getBigUint64(at, true))),
  };
}

/** Every entry the central directory lists. */
function readDirectory(bytes: Uint8Array): ZipEntry[] {
  const { u16, u32, u64 } = view(bytes);
  // The end record is the last thing in the file, followed only by a comment of up to 64 KB.
  let end = bytes.length - 22;
  const stop = Math.max(0, end - 0xffff);
  while (end >= stop && u32(end) !== END) end--;
  if (end < stop) throw new Error('it has no zip directory');
  let count = u16(end + 10);
  let at = u32(end + 16);
  if (end >= 20 && u32(end - 20) === END64_LOCATOR) {
    const end64 = u64(end - 12);
    if (u32(end64) !== END64) throw new Error('its zip64 directory record is missing');
    count = u64(end64 + 32);
    at = u64(end64 + 48);
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const latin1 = new TextDecoder('latin1');
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (u32(at) !== CENTRAL) throw new Error('its directory is broken');
    const flags = u16(at + 8);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const rawName = bytes.subarray(at + 46, at + 46 + nameLength);
    let name: string;
    try {
      name = decoder.decode(rawName);
    } catch {
      // Names not in UTF-8 are in the old DOS code page; Latin-1 keeps ASCII names right.
      name = latin1.decode(rawName);
    }
    let packed = u32(at + 20);
    let size = u32(at + 24);
    let offset = u32(at + 42);
    // Sizes too large for 32 bits are in the zip64 extra field, in this order, each only when needed.
    for (let x = at + 46 + nameLength; x + 4 <= at + 46 + nameLength + extraLength; x += 4 + u16(x + 2)) {
      if (u16(x) !== 1) continue;
      let field = x + 4;
      if (size === FULL) {
        size = u64(field);
        field += 8;
      }
      if (packed === FULL) {
        packed = u64(field);
        field += 8;
      }
      if (offset === FULL) offset = u64(field);
      break;
    }
    entries.push({
      name: name.replace(/\\/g, '/'),
      method: u16(at + 10),
      encrypted: (flags & 1) === 1,
      packed,
      size,
      offset,
    });
    at += 46 + nameLength + extraLength + u16(at + 32);
  }
  return entries;
}

/** Where an entry's packed bytes begin, after its local header; they must lie inside the file. */
function dataStart(bytes: Uint8Array, entry: ZipEntry): number {
  const { u16, u32 } = view(bytes);
  if (u32(entry.offset) !== LOCAL) throw new Error(`${entry.name} is not where the directory says`);
  const start = entry.offset + 30 + u16(entry.offset + 26) + u16(entry.offset + 28);
  if (start + entry.packed > bytes.length) throw new Error(`${entry.name} runs past the end of the file`);
  return start;
}
