// Near-duplicates: the same wire story from two outlets, or a page saved twice
// with different furniture (exact duplicates are caught by the content hash).
// The index: each document's word sequences (5-word shingles, as they are
// compared below) summed up as a MinHash signature, cut
// into LSH bands. Two documents land in the same bucket of a band when the
// band's minimum hashes all agree, which happens with probability J^ROWS for
// a share J of word sequences in common: a new document is compared only with
// the documents sharing one of its buckets, found through an index in a few
// lookups however large the project. Triggers on documents keep the buckets
// in step on every path that writes or deletes a document (merge, undo and
// redo, which move rows to and from the trash); they call
// quire_near_buckets(), which every connection to a project registers here.
// An import works a document's buckets out in its parse worker and writes
// them itself, with the insert trigger set aside (db/search-index.ts), into
// a small staging table of the same rows (near_staging): a bucket is random,
// so each batch written straight into near_buckets rewrote most pages of its
// index. The staged rows are moved in, in the index's order, every few thousand
// documents and at the end of every import (StagedBuckets). While near_buckets
// itself holds less than such a move is worth (a new project's first 2,000
// documents), a batch writes straight into it, and no move follows. Lookups
// and the delete and update triggers read and clear both tables, so a row is
// found wherever it stands (also one left staged by an import that never
// finished).
// Candidates whose sketch (near_sketches, below) shows they cannot be alike
// enough are set aside unread; the others are measured exactly: the share of
// their word sequences in common. The SQL of these tables lives in this module only.
import type { Db } from '../db/db.ts';
import type { IndexProgress } from '../db/db.ts';
import { statement, values, type Statement } from '../db/statement.ts';
import { NEAR_SIGNATURE_WASM } from './near-signature-wasm.ts';

export const SHINGLE = 5;
/** 24 bands of 3 rows: a pair sharing half its word sequences meets in some band 96% of the time, at 60% 99.7%. */
export const BANDS = 24;
const ROWS = 3;
const HASHES = BANDS * ROWS;

/** Words for comparing two texts: cheap (lower case, accents off, runs of letters and digits), as each import compares many. */
export const comparedWords = (text: string) =>
  // ASCII text has no accents to take off, and its letters and digits are [a-z0-9] once in lower case.
  ((ASCII.test(text)
    ? text.toLowerCase().match(/[a-z0-9]+/g)
    : text
        .toLowerCase()
        .normalize('NFKD')
        .replace(/\p{M}/gu, '')
        .match(/[\p{L}\p{N}]+/gu)) as string[] | null) ?? [];
const ASCII = /^[\x00-\x7f]*$/;

/** FNV-1a over a string's UTF-16 units, then mixed (murmur3's finaliser) so nearby inputs spread. */
function hashString(s: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix(h);
}

/** murmur3's finaliser: a 32-bit integer mixed so that nearby inputs spread (as an unsigned integer). */
export function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** One odd multiplier and one offset per hash function, fixed so that signatures never change between versions or runs. */
const SEEDS = Array.from({ length: HASHES }, (_, i) => [mix(i * 2 + 1) | 1, mix(i * 2 + 2)] as const);

/** The distinct 5-word sequences of a text, each as a 32-bit hash, in ascending order (so two sets are compared by one merge). */
export function shingleHashes(text: string): Uint32Array {
  return plainShingles(text) ?? wordShingleHashes(text);
}

/** shingleHashes by their definition: the words of comparedWords, each hashed, five in a row hashed together (what plainShingles does in one pass). */
export function wordShingleHashes(text: string): Uint32Array {
  return sortedDistinct(shinglesOfWords(comparedWords(text).map((w) => hashString(w, 0))));
}

/** The hash of five words in a row, from their hashes (the first at `at`). */
function shingleOf(words: ArrayLike<number>, at: number): number {
  let h = 0;
  for (let k = 0; k < SHINGLE; k++) h = mix((h ^ words[at + k]!) + k);
  return h;
}

function shinglesOfWords(words: readonly number[]): Uint32Array {
  if (words.length < SHINGLE) return new Uint32Array(0);
  const all = new Uint32Array(words.length - SHINGLE + 1);
  for (let i = 0; i < all.length; i++) all[i] = shingleOf(words, i);
  return all;
}

/**
 * shingleHashes in one pass over the text's characters, without making a
 * string of each word (a near-duplicate check measures several texts): the
 * same words as comparedWords (runs of ASCII letters and digits, in lower
 * case) and the same hashes. Only for a text whose other characters all part
 * words there too (see separates), such as "£", "’" or "—"; null for any other.
 */
function plainShingles(text: string): Uint32Array | null {
  const size = (text.length + 1) >> 1;
  if (shingleBuffer.length < size) shingleBuffer = new Uint32Array(size);
  const out = shingleBuffer;
  // The last five words' hashes, the oldest first.
  let w0: number;
  let w1 = 0;
  let w2 = 0;
  let w3 = 0;
  let w4 = 0;
  let words = 0;
  let n = 0;
  let h = 0;
  let inWord = false;
  for (let i = 0; i <= text.length; i++) {
    let c = i < text.length ? text.charCodeAt(i) : 0x20;
    if (c >= 0x80) {
      const point = text.codePointAt(i)!;
      if (!separates(point)) return null;
      if (point > 0xffff) i++;
      c = 0x20;
    }
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39)) {
      if (!inWord) {
        h = 0x811c9dc5;
        inWord = true;
      }
      h = Math.imul(h ^ c, 0x01000193);
    } else if (inWord) {
      inWord = false;
      w0 = w1;
      w1 = w2;
      w2 = w3;
      w3 = w4;
      w4 = mix(h);
      if (++words >= SHINGLE) {
        // shingleOf the five, written out.
        let s = mix(w0);
        s = mix((s ^ w1) + 1);
        s = mix((s ^ w2) + 2);
        s = mix((s ^ w3) + 3);
        out[n++] = mix((s ^ w4) + 4);
      }
    }
  }
  const found = sortedDistinct(out.subarray(0, n));
  // A very long text's buffer is not kept for the texts after it.
  if (shingleBuffer.length > 1 << 20) shingleBuffer = new Uint32Array(1 << 12);
  return found;
}
/** plainShingles' word sequences as it finds them, shared by every call (what it returns is a copy). */
let shingleBuffer = new Uint32Array(1 << 12);

/**
 * Whether a character other than ASCII only ever parts words in
 * comparedWords: lower-cased and decomposed (NFKD) it holds no letter, digit
 * or mark, so it cannot join or make words there. Asked once per character.
 */
function separates(point: number): boolean {
  let yes = separators.get(point);
  if (yes === undefined) {
    yes = !/[\p{L}\p{N}\p{M}]/u.test(String.fromCodePoint(point).toLowerCase().normalize('NFKD'));
    separators.set(point, yes);
  }
  return yes;
}
const separators = new Map<number, boolean>();

/** The hashes in ascending order, each once (a copy of its own). */
function sortedDistinct(all: Uint32Array): Uint32Array {
  if (all.length < RADIX_FROM) all.sort();
  else radixSort(all);
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[n - 1]) all[n++] = all[i]!;
  return all.slice(0, n);
}

/** From how many hashes on radixSort is used (below, the built-in sort is as quick). */
const RADIX_FROM = 64;
/** radixSort's other buffer (for up to RADIX_KEPT hashes; a longer text has one of its own) and counts, shared by every call. */
const RADIX_KEPT = 1 << 14;
const radixBuffer = new Uint32Array(RADIX_KEPT);
const radixCounts = new Int32Array(4 * 256);

/**
 * Sorts 32-bit unsigned integers in place, ascending, as Uint32Array.prototype.sort does: by their four bytes,
 * lowest first, each pass stable (a text's few hundred word sequences in about half the time).
 */
export function radixSort(all: Uint32Array): void {
  const n = all.length;
  const counts = radixCounts;
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const v = all[i]!;
    counts[v & 0xff]!++;
    counts[256 + ((v >>> 8) & 0xff)]!++;
    counts[512 + ((v >>> 16) & 0xff)]!++;
    counts[768 + (v >>> 24)]!++;
  }
  // Each count becomes where its byte's values start.
  for (let pass = 0; pass < 4; pass++) {
    let sum = 0;
    for (let b = pass * 256; b < pass * 256 + 256; b++) {
      const c = counts[b]!;
      counts[b] = sum;
      sum += c;
    }
  }
  // Four passes, there and back twice: the values end where they began, sorted.
  let from = all;
  let to: Uint32Array = n <= RADIX_KEPT ? radixBuffer.subarray(0, n) : new Uint32Array(n);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 256;
    const shift = pass * 8;
    for (let i = 0; i < n; i++) {
      const v = from[i]!;
      to[counts[base + ((v >>> shift) & 0xff)]!++] = v;
    }
    const done = to;
    to = from;
    from = done;
  }
}

/** The seeds' multipliers and offsets as 32-bit integers, for signature's inner loop. */
const SEED_MULTIPLIERS = Int32Array.from(SEEDS, ([a]) => a);
const SEED_OFFSETS = Int32Array.from(SEEDS, ([, b]) => b);

/**
 * The MinHash signature of a text's word sequences: for each hash function the least hash of them (null when it
 * has none), each hash mix(Math.imul(shingle, a) + b) in 32-bit integers. Worked out in WebAssembly's vector
 * instructions, four hash functions in each (near-signature.wat: about a sixth of the time, the same values), or in
 * JavaScript where WebAssembly cannot run them.
 */
function signature(shingles: Uint32Array): Uint32Array | null {
  if (!shingles.length) return null;
  // Loaded once: where it cannot be (null), JavaScript works it out from then on, without asking again.
  if (vectorSignature === undefined) vectorSignature = loadVectorSignature();
  return vectorSignature ? vectorSignature(shingles) : signatureInJs(shingles);
}

let vectorSignature: ((shingles: Uint32Array) => Uint32Array) | null | undefined;

/** Where near-signature.wat keeps what it reads and writes in its one page of memory (in 32-bit words). */
const WASM_MULTIPLIERS = 0;
const WASM_OFFSETS = 72;
const WASM_SIGNATURE = 144;
const WASM_SHINGLES = 256;
/** The most sequences given to it at a time: what its page holds after the seeds and the signature. */
export const WASM_SHINGLES_AT_ONCE = 65536 / 4 - WASM_SHINGLES;

/** What of WebAssembly's JavaScript interface is used here: Node has it all, its types in this project declare none. */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
    imports: object,
  ) => { exports: { memory: { buffer: ArrayBuffer }; signature: (n: number) => void } };
}

/** The signature in WebAssembly (near-signature.wat), or null where this runtime cannot compile it (no vector instructions). */
export function loadVectorSignature(): ((shingles: Uint32Array) => Uint32Array) | null {
  const api = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  let exports: InstanceType<WebAssemblyApi['Instance']>['exports'];
  try {
    exports = new api!.Instance(new api!.Module(Buffer.from(NEAR_SIGNATURE_WASM, 'base64')), {}).exports;
  } catch {
    return null;
  }
  const words = new Uint32Array(exports.memory.buffer);
  const run = exports.signature;
  words.set(SEED_MULTIPLIERS, WASM_MULTIPLIERS);
  words.set(SEED_OFFSETS, WASM_OFFSETS);
  return (shingles) => {
    words.fill(0xffffffff, WASM_SIGNATURE, WASM_SIGNATURE + HASHES);
    for (let from = 0; from < shingles.length; from += WASM_SHINGLES_AT_ONCE) {
      const part = shingles.subarray(from, from + WASM_SHINGLES_AT_ONCE);
      words.set(part, WASM_SHINGLES);
      run(part.length);
    }
    return words.slice(WASM_SIGNATURE, WASM_SIGNATURE + HASHES);
  };
}

/**
 * signature in JavaScript: computed in 32-bit integers throughout (mix reads only the low 32 bits of its argument),
 * and the least is found among them with the sign bit flipped, so that signed comparison orders them as unsigned:
 * the same values, about a third quicker than in doubles. Four hash functions are worked out in each pass over the
 * sequences (HASHES is a multiple of four): the same values again, a quarter quicker than one per pass.
 */
export function signatureInJs(shingles: Uint32Array): Uint32Array {
  const sig = new Uint32Array(HASHES);
  const n = shingles.length;
  for (let f = 0; f < HASHES; f += 4) {
    const a0 = SEED_MULTIPLIERS[f]!;
    const b0 = SEED_OFFSETS[f]!;
    const a1 = SEED_MULTIPLIERS[f + 1]!;
    const b1 = SEED_OFFSETS[f + 1]!;
    const a2 = SEED_MULTIPLIERS[f + 2]!;
    const b2 = SEED_OFFSETS[f + 2]!;
    const a3 = SEED_MULTIPLIERS[f + 3]!;
    const b3 = SEED_OFFSETS[f + 3]!;
    let least0 = 0x7fffffff;
    let least1 = 0x7fffffff;
    let least2 = 0x7fffffff;
    let least3 = 0x7fffffff;
    for (let i = 0; i < n; i++) {
      const s = shingles[i]! | 0;
      const h0 = flippedHash(s, a0, b0);
      const h1 = flippedHash(s, a1, b1);
      const h2 = flippedHash(s, a2, b2);
      const h3 = flippedHash(s, a3, b3);
      if (h0 < least0) least0 = h0;
      if (h1 < least1) least1 = h1;
      if (h2 < least2) least2 = h2;
      if (h3 < least3) least3 = h3;
    }
    sig[f] = least0 ^ 0x80000000;
    sig[f + 1] = least1 ^ 0x80000000;
    sig[f + 2] = least2 ^ 0x80000000;
    sig[f + 3] = least3 ^ 0x80000000;
  }
  return sig;
}

/** One hash function of a word sequence (mix(Math.imul(shingle, a) + b)) in 32-bit integers, its sign bit flipped. */
function flippedHash(shingle: number, a: number, b: number): number {
  let h = (Math.imul(shingle, a) + b) | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16) ^ 0x80000000;
}

/** The text's bucket in each band: the band's number and minimum hashes as one 53-bit integer (exact in SQLite and JavaScript). */
export function nearBuckets(text: string): number[] {
  return bucketsOfShingles(shingleHashes(text));
}

/** The buckets of a text's word sequences (shingleHashes), for a caller that also compares them. */
export function bucketsOfShingles(shingles: Uint32Array): number[] {
  const sig = signature(shingles);
  if (!sig) return [];
  const buckets: number[] = [];
  for (let band = 0; band < BANDS; band++) {
    let hi = mix(band + 0x9e3779b9);
    let lo = mix(band + 0x7f4a7c15);
    for (let r = 0; r < ROWS; r++) {
      const v = sig[band * ROWS + r]!;
      hi = mix(hi ^ v);
      lo = mix(lo + Math.imul(v, 0x27d4eb2f));
    }
    buckets.push(hi * 0x200000 + (lo >>> 11));
  }
  return buckets;
}

/**
 * A document's sketch: its word sequences sampled again, finer than the 72
 * minimum hashes of its buckets, so that a candidate that cannot be alike
 * enough is set aside without reading its text (nearDuplicatesOf). One
 * hash (not 72) puts each word sequence in one of 256 bins; each bin keeps
 * the least hash of its sequences (one-permutation MinHash), stored as one
 * byte: 1–255 from that hash, 0 for an empty bin. Two documents agree in a
 * bin that either fills with the probability that the bin's least sequence
 * of the two is one both hold, which over the bins comes to their share in
 * common (Jaccard); a byte agreeing by chance (1 in 255) only adds
 * agreements, never takes one away.
 */
export const SKETCH_BINS = 256;
const SKETCH_SEED = 0x6d2b79f5;

/** The sketch of a text's word sequences (shingleHashes), SKETCH_BINS bytes; null when it has none (nor any buckets). */
export function sketchOf(shingles: Uint32Array): Uint8Array | null {
  if (!shingles.length) return null;
  const least = new Uint32Array(SKETCH_BINS).fill(0xffffffff);
  for (let i = 0; i < shingles.length; i++) {
    const v = mix(shingles[i]! ^ SKETCH_SEED);
    const bin = v >>> 24;
    if ((v & 0xffffff) < least[bin]!) least[bin] = v & 0xffffff;
  }
  const sketch = new Uint8Array(SKETCH_BINS);
  for (let bin = 0; bin < SKETCH_BINS; bin++) if (least[bin] !== 0xffffffff) sketch[bin] = 1 + (least[bin]! % 255);
  return sketch;
}

/** What the near-duplicate index holds for one text: its buckets, and its sketch with its count of distinct word sequences. */
export interface NearIndex {
  buckets: number[];
  sketch: { shingles: number; sketch: Uint8Array } | null;
}

/** nearBuckets and sketchOf of a text, from one pass over it. */
export function nearIndexOf(text: string): NearIndex {
  const shingles = shingleHashes(text);
  const sketch = sketchOf(shingles);
  return { buckets: bucketsOfShingles(shingles), sketch: sketch && { shingles: shingles.length, sketch } };
}

/** What the index holds for the text last asked about: the triggers of both tables, and the delete trigger and an update, ask for the same text more than once. */
let last: { text: string; index: NearIndex } | null = null;
function indexOf(text: string): NearIndex {
  if (last?.text !== text) last = { text, index: nearIndexOf(text) };
  return last.index;
}

/** Lets SQL (the triggers) list a text's buckets: SELECT bucket FROM quire_near_buckets(body). */
export function registerNearBuckets(db: Db): void {
  db.table('quire_near_buckets', {
    columns: ['bucket'],
    parameters: ['text'],
    *rows(text: unknown) {
      if (typeof text !== 'string') return;
      for (const bucket of indexOf(text).buckets) yield { bucket };
    },
  });
  db.table('quire_near_sketch', {
    columns: ['shingles', 'sketch'],
    parameters: ['text'],
    *rows(text: unknown) {
      if (typeof text !== 'string') return;
      const { sketch } = indexOf(text);
      if (sketch) yield { shingles: sketch.shingles, sketch: blob(sketch.sketch) };
    },
  });
}

const blob = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** The table and the triggers that keep it (migration 0011). A deleted document's rows are found again from its text, so no second index is needed. */
export const NEAR_BUCKETS_SQL = /* sql */ `
CREATE TABLE near_buckets (
  bucket      INTEGER NOT NULL,
  document_id INTEGER NOT NULL,
  PRIMARY KEY (bucket, document_id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER near_buckets_insert AFTER INSERT ON documents BEGIN
  INSERT OR IGNORE INTO near_buckets (bucket, document_id) SELECT bucket, new.id FROM quire_near_buckets(new.body);
END;
CREATE TRIGGER near_buckets_delete AFTER DELETE ON documents BEGIN
  DELETE FROM near_buckets WHERE document_id = old.id AND bucket IN (SELECT bucket FROM quire_near_buckets(old.body));
END;
CREATE TRIGGER near_buckets_update AFTER UPDATE OF body ON documents BEGIN
  DELETE FROM near_buckets WHERE document_id = old.id AND bucket IN (SELECT bucket FROM quire_near_buckets(old.body));
  INSERT OR IGNORE INTO near_buckets (bucket, document_id) SELECT bucket, new.id FROM quire_near_buckets(new.body);
END;
`;

/**
 * Migration 0013: the table an import stages its buckets in (the same rows as near_buckets, never the same row in
 * both), and the delete and update triggers, which now clear a document's rows from both tables.
 */
export const NEAR_STAGING_SQL = /* sql */ `
CREATE TABLE near_staging (
  bucket      INTEGER NOT NULL,
  document_id INTEGER NOT NULL,
  PRIMARY KEY (bucket, document_id)
) STRICT, WITHOUT ROWID;

DROP TRIGGER near_buckets_delete;
DROP TRIGGER near_buckets_update;
CREATE TRIGGER near_buckets_delete AFTER DELETE ON documents BEGIN
  DELETE FROM near_buckets WHERE document_id = old.id AND bucket IN (SELECT bucket FROM quire_near_buckets(old.body));
  DELETE FROM near_staging WHERE document_id = old.id AND bucket IN (SELECT bucket FROM quire_near_buckets(old.body));
END;
CREATE TRIGGER near_buckets_update AFTER UPDATE OF body ON documents BEGIN
  DELETE FROM near_buckets WHERE document_id = old.id AND bucket IN (SELECT bucket FROM quire_near_buckets(old.body));
  DELETE FROM near_staging WHERE document_id = old.id AND bucket IN (SELECT bucket FROM quire_near_buckets(old.body));
  INSERT OR IGNORE INTO near_buckets (bucket, document_id) SELECT bucket, new.id FROM quire_near_buckets(new.body);
END;
`;

/**
 * The sketches (migration 0014), one row per document with word sequences,
 * kept by triggers beside near_buckets' on every path that writes or deletes
 * a document; an import writes them itself (addNearSketch), as it does the
 * buckets.
 */
export const NEAR_SKETCHES_SQL = /* sql */ `
CREATE TABLE near_sketches (
  document_id INTEGER PRIMARY KEY,
  shingles    INTEGER NOT NULL,
  sketch      BLOB NOT NULL
) STRICT;

CREATE TRIGGER near_sketches_insert AFTER INSERT ON documents BEGIN
  INSERT OR REPLACE INTO near_sketches (document_id, shingles, sketch) SELECT new.id, shingles, sketch FROM quire_near_sketch(new.body);
END;
CREATE TRIGGER near_sketches_delete AFTER DELETE ON documents BEGIN
  DELETE FROM near_sketches WHERE document_id = old.id;
END;
CREATE TRIGGER near_sketches_update AFTER UPDATE OF id, body ON documents BEGIN
  DELETE FROM near_sketches WHERE document_id = old.id;
  INSERT OR REPLACE INTO near_sketches (document_id, shingles, sketch) SELECT new.id, shingles, sketch FROM quire_near_sketch(new.body);
END;
`;

const insertSketch = statement<[id: number, shingles: number, sketch: Buffer]>(
  'INSERT OR REPLACE INTO near_sketches (document_id, shingles, sketch) VALUES (?, ?, ?)',
);

/** Writes a new document's sketch (nearIndexOf of its text), as the insert trigger would. */
export function addNearSketch(db: Db, id: number, sketch: NearIndex['sketch']): void {
  if (sketch) insertSketch(db).run(id, sketch.shingles, blob(sketch.sketch));
}

/** Where an import writes its documents' buckets (StagedBuckets.table). */
export type BucketTable = 'near_buckets' | 'near_staging';

/** Per table: one bucket, and a document's BANDS buckets by one statement (bucket, document id, bucket, document id…): one call, not 24. */
const bucketInserts = (table: BucketTable) => ({
  one: statement<[bucket: number, documentId: number]>(
    `INSERT OR IGNORE INTO ${table} (bucket, document_id) VALUES (?, ?)`,
  ),
  bands: statement<number[]>(
    `INSERT OR IGNORE INTO ${table} (bucket, document_id) VALUES ${Array(BANDS).fill('(?, ?)').join(', ')}`,
  ),
});
const inserts = { near_buckets: bucketInserts('near_buckets'), near_staging: bucketInserts('near_staging') };
const bandRows: number[] = Array(2 * BANDS).fill(0);

/**
 * Writes a new document's buckets (nearBuckets of its text) into `table`: the staging table (where lookups find
 * them as they find the insert trigger's, until StagedBuckets moves them into near_buckets), or near_buckets itself.
 */
export function addNearBuckets(db: Db, id: number, buckets: readonly number[], table: BucketTable): void {
  if (buckets.length === BANDS) {
    for (let band = 0; band < BANDS; band++) {
      bandRows[2 * band] = buckets[band]!;
      bandRows[2 * band + 1] = id;
    }
    inserts[table].bands(db).run(...bandRows);
    return;
  }
  const insert = inserts[table].one(db);
  for (const bucket of buckets) insert.run(bucket, id);
}

/** The fewest staged rows worth a move (about 2,000 documents): below it the move rewrites pages for little. */
export const STAGED_ROWS_MIN = 48_000;

/**
 * When an import's staged buckets move into near_buckets. Moving them rewrites
 * most pages of near_buckets' index (the buckets are random), while each batch
 * rewrites most of the staging table's. With batches of a few hundred
 * documents, the least is written in all when the staging table grows to about
 * 100 × √(rows in near_buckets) rows (70,000 at 20,000 documents, 155,000 at
 * 100,000, 490,000 at a million): the move comes then, and once more at the
 * end of the import.
 */
export class StagedBuckets {
  private staged: number;
  /** About how many rows near_buckets holds (at most): those it held as the import began and those written into it since. */
  private held: number;
  private readonly db: Db;
  private readonly minRows: number;

  constructor(db: Db, minRows = STAGED_ROWS_MIN) {
    this.db = db;
    this.minRows = minRows;
    // Rows an import that never finished left staged are moved with this import's.
    this.staged = stagedCount(db).get()!;
    this.held = indexedRowsEstimate(db);
  }

  /**
   * Where the next batch's buckets go: into near_buckets itself while it holds fewer rows than a move is worth and
   * none are staged (a new project's first 2,000 documents), as a batch then rewrites most pages of either table
   * and the move would only write them all once more (25 ms at the end of an import of the BBC folder); else into
   * near_staging.
   */
  get table(): BucketTable {
    return this.staged === 0 && this.held < this.minRows ? 'near_buckets' : 'near_staging';
  }

  /** Counts rows the import has written into `table` (in a batch now committed). */
  add(rows: number, table: BucketTable): void {
    if (table === 'near_buckets') this.held += rows;
    else this.staged += rows;
  }

  /** Whether the staged rows are due to move (every few thousand documents). */
  get due(): boolean {
    // Each document with a text of five words or more has one row per band.
    const stored = BANDS * (lastDocument(this.db).get() ?? 0);
    return this.staged >= Math.max(this.minRows, 100 * Math.sqrt(stored));
  }

  /** Moves every staged row into near_buckets, in the index's order, in a transaction of its own. */
  merge(): void {
    if (this.staged === 0) return;
    this.db.transaction(() => moveStaged(this.db)).immediate();
    this.staged = 0;
  }
}

const stagedCount = values<[], number>('SELECT count(*) FROM near_staging');
/** The newest document's id (null in an empty project). */
export const lastDocument = values<[], number | null>('SELECT max(id) FROM documents');

/** Moves the staged rows into near_buckets (inside the caller's transaction): read in the order of both indexes, so each page is written once. */
function moveStaged(db: Db): void {
  db.prepare(
    'INSERT OR IGNORE INTO near_buckets (bucket, document_id) SELECT bucket, document_id FROM near_staging ORDER BY bucket, document_id',
  ).run();
  db.prepare('DELETE FROM near_staging').run();
}

/** About how many rows the index holds (both tables): one per band for each document, as most documents have. */
export function indexedRowsEstimate(db: Db): number {
  return BANDS * (lastDocument(db).get() ?? 0);
}

/**
 * Every bucket the index holds, staged or not, as one read sees them (a bucket shared by documents comes once per
 * document); with `before`, only those of the documents before that id.
 */
export function* indexedBuckets(db: Db, before = Number.MAX_SAFE_INTEGER): Generator<number> {
  yield* db
    .prepare<[number, number], number>(
      'SELECT bucket FROM near_buckets WHERE document_id < ? UNION ALL SELECT bucket FROM near_staging WHERE document_id < ?',
    )
    .pluck()
    .iterate(before, before);
}

/** The buckets of document `id`, from its text (null when there is no such document). */
export function bucketsOfDocument(db: Db, id: number): number[] | null {
  const body = bodyOf(db).get(id);
  return body === undefined ? null : nearBuckets(body);
}

/** A bucket shared by more documents than this (a stock phrase) is read only this far: the true near-duplicates meet in other bands too. */
const PER_BUCKET = 64;

/**
 * Documents sharing some of these buckets, other than document `id`, most
 * shared buckets first (the likeliest to be near-duplicates), at most `limit`
 * of them. With `earlierOnly`, only documents older than `id` (added before
 * it), so that an import's check finds the same pairs whenever it runs.
 */
export function nearCandidates(
  db: Db,
  id: number,
  buckets: readonly number[],
  limit: number,
  earlierOnly = false,
): number[] {
  const lookup = (earlierOnly ? earlierInBucket : othersInBucket)(db);
  const shared = new Map<number, number>();
  for (const bucket of buckets)
    for (const other of lookup.all({ bucket, id })) shared.set(other, (shared.get(other) ?? 0) + 1);
  return [...shared]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, limit)
    .map(([other]) => other);
}

// A bucket's documents (at most PER_BUCKET of them), each bucket read on its own and the documents counted here
// (quicker than one statement that unites the 24 reads and lets SQLite count them). A bucket is bound as a number
// (a double) and cast, so that SQLite seeks the integer key rather than comparing a real with it. Its rows stand
// in near_buckets or near_staging (each row in one): both are read, in the order of their common key, so that a
// crowded bucket gives the same PER_BUCKET documents wherever its rows stand.
const inBucket = (table: string, other: string) =>
  `SELECT document_id FROM ${table} WHERE bucket = CAST(@bucket AS INTEGER) AND document_id ${other} @id`;
/** The newest earlier documents of a crowded bucket, as an import's own copies are the likeliest. */
const earlierInBucket = values<{ bucket: number; id: number }, number>(
  `${inBucket('near_buckets', '<')} UNION ALL ${inBucket('near_staging', '<')} ORDER BY document_id DESC LIMIT ${PER_BUCKET}`,
);
/** The first documents of a crowded bucket, by id. */
const othersInBucket = values<{ bucket: number; id: number }, number>(
  `${inBucket('near_buckets', '!=')} UNION ALL ${inBucket('near_staging', '!=')} ORDER BY document_id LIMIT ${PER_BUCKET}`,
);

/** How alike two texts must be to be flagged as near-duplicates. */
export const NEAR_DUPLICATE_THRESHOLD = 0.5;
/** Candidates considered per document: those sharing the most buckets. */
const CANDIDATES = 8;

/**
 * How likely a pair alike enough may be set aside by its sketches without
 * being measured: one in a million. Against the 4% of pairs sharing half
 * their word sequences that meet in no band at all (BANDS), it is nothing.
 * (The binomial bound is cautious: of 20,000 generated pairs sharing half,
 * a cut made for 1% set aside 0.5% at 3,000 sequences, none at 120.)
 */
export const SKETCH_MISS = 1e-6;

/**
 * For a threshold, the least number of agreeing bins, among n filled in either
 * sketch, that a pair alike at the threshold reaches but with probability
 * SKETCH_MISS: each of the n bins agrees with at least the pair's share in common
 * (independently, for bins apart), so their count is at least a binomial of n
 * and that share (less spread, as bins share none of the sequences they sample).
 * A pair alike by more agrees more often still. Indexed by n.
 */
export function leastAgreeing(threshold: number): Int32Array {
  let least = leastByThreshold.get(threshold);
  if (least) return least;
  least = new Int32Array(SKETCH_BINS + 1);
  const agree = Math.log(threshold);
  const differ = Math.log(1 - threshold);
  for (let n = 1; n <= SKETCH_BINS; n++) {
    if (threshold <= 0) continue;
    if (threshold >= 1) {
      least[n] = n;
      continue;
    }
    // P(X <= k) for X ~ Binomial(n, threshold), summed upwards until it passes SKETCH_MISS; log C(n, k) is carried
    // from one k to the next (C(n, k + 1) = C(n, k) × (n - k) / (k + 1)), not summed anew for each (the table took
    // about 30 ms of a parse worker's first check).
    let below = 0;
    let logChoose = 0;
    let k = 0;
    for (; k < n; k++) {
      below += Math.exp(logChoose + k * agree + (n - k) * differ);
      if (below > SKETCH_MISS) break;
      logChoose += Math.log(n - k) - Math.log(k + 1);
    }
    least[n] = k;
  }
  leastByThreshold.set(threshold, least);
  return least;
}
const leastByThreshold = new Map<number, Int32Array>();

/**
 * Whether two documents may be alike by `threshold` (their word sequences
 * counted and their sketches compared): false only when they cannot be (the
 * smaller holds too few sequences to be that share of both) or could only be
 * by a chance of SKETCH_MISS.
 */
export function mayBeAlike(
  x: NonNullable<NearIndex['sketch']>,
  y: NonNullable<NearIndex['sketch']>,
  threshold: number,
): boolean {
  if (Math.min(x.shingles, y.shingles) < threshold * Math.max(x.shingles, y.shingles)) return false;
  let filled = 0;
  let agreeing = 0;
  for (let bin = 0; bin < SKETCH_BINS; bin++) {
    const a = x.sketch[bin]!;
    const b = y.sketch[bin]!;
    if (a | b) {
      filled++;
      if (a === b) agreeing++;
    }
  }
  return agreeing >= leastAgreeing(threshold)[filled]!;
}

// The documents' own statements, not db/queries/documents.ts: the near-duplicate worker loads this module, and
// that one brings the metadata reading (corpus/metadata.ts and what it imports) into the worker with it.
const bodyOf = values<[id: number], string>('SELECT body FROM documents WHERE id = ?');
const documentTotal = values<[], number>('SELECT count(*) FROM documents');

/** The share of two ascending sets of word-sequence hashes that both hold (one merge). */
export function shingleSimilarity(x: Uint32Array, y: Uint32Array): number {
  if (!x.length || !y.length) return 0;
  let common = 0;
  for (let i = 0, j = 0; i < x.length && j < y.length;) {
    if (x[i] === y[j]) {
      common++;
      i++;
      j++;
    } else if (x[i]! < y[j]!) i++;
    else j++;
  }
  return common / (x.length + y.length - common);
}

/** How alike two texts are: the share of their word sequences both hold (Jaccard), 0–1. */
export function similarity(a: string, b: string): number {
  return shingleSimilarity(shingleHashes(a), shingleHashes(b));
}

/**
 * The documents very like document `id`, each with the share of word
 * sequences in common (most alike first). With `earlierOnly`, only those
 * added before it: an import's check flags the later of two alike documents,
 * whichever order it runs in. Candidates (sharing its buckets) that their
 * sketches show cannot be alike enough are set aside unread (mayBeAlike);
 * every one reported was measured exactly, from both texts.
 */
export function nearDuplicatesOf(
  db: Db,
  id: number,
  {
    threshold = NEAR_DUPLICATE_THRESHOLD,
    earlierOnly = false,
    buckets,
  }: {
    threshold?: number;
    earlierOnly?: boolean;
    /** The document's buckets when they are at hand (an import worked them out): its text is then read only when a candidate may be alike. */
    buckets?: readonly number[];
  } = {},
): { documentId: number; similarity: number }[] {
  let own: Uint32Array | null = null;
  if (!buckets) {
    const body = bodyOf(db).get(id);
    if (body === undefined) return [];
    own = shingleHashes(body);
    buckets = bucketsOfShingles(own);
  }
  const candidates = nearCandidates(db, id, buckets, CANDIDATES, earlierOnly);
  if (!candidates.length) return [];
  // The sketches of the candidates (and the document's own, unless its text was read), in one read.
  const sketches = sketchesOf(db, own ? candidates : [id, ...candidates]);
  const ownSketch = own ? sketchOf(own) : null;
  const mine = own ? ownSketch && { shingles: own.length, sketch: ownSketch } : sketches.get(id);
  // A document or candidate without a sketch (none should lack one) is measured.
  const measured = candidates.filter((c) => {
    const theirs = sketches.get(c);
    return !mine || !theirs || mayBeAlike(mine, theirs, threshold);
  });
  if (!measured.length) return [];
  // The texts of those that may be alike in one read (and the document's own, when only its buckets were at hand).
  const texts = bodiesOf(db, own ? measured : [id, ...measured]);
  if (!own) {
    const body = texts.get(id);
    if (body === undefined) return [];
    own = shingleHashes(body);
  }
  const shingles = own;
  return measured
    .flatMap((candidate) => {
      const text = texts.get(candidate);
      return text === undefined
        ? []
        : [{ documentId: candidate, similarity: shingleSimilarity(shingles, shingleHashes(text)) }];
    })
    .filter((d) => d.similarity >= threshold)
    .sort((a, b) => b.similarity - a.similarity);
}

/** The texts of these documents (at most CANDIDATES + 1), by id, in one statement. */
function bodiesOf(db: Db, ids: readonly number[]): Map<number, string> {
  return new Map(inStatement(db, bodiesByCount, 'SELECT id, body FROM documents WHERE id IN', ids.length).all(...ids));
}
const bodiesByCount = new WeakMap<Db, Statement<number[], [number, string]>[]>();

/** The sketches of these documents (at most CANDIDATES + 1), by id, in one statement. */
function sketchesOf(db: Db, ids: readonly number[]): Map<number, NonNullable<NearIndex['sketch']>> {
  const rows = inStatement(
    db,
    sketchesByCount,
    'SELECT document_id, shingles, sketch FROM near_sketches WHERE document_id IN',
    ids.length,
  ).all(...ids);
  return new Map(rows.map(([id, shingles, sketch]) => [id, { shingles, sketch }]));
}
const sketchesByCount = new WeakMap<Db, Statement<number[], [number, number, Uint8Array]>[]>();

/** A statement of `sql` followed by a list of `count` ids, prepared once per connection and count. */
function inStatement<Row extends unknown[]>(
  db: Db,
  cache: WeakMap<Db, Statement<number[], Row>[]>,
  sql: string,
  count: number,
): Statement<number[], Row> {
  let byCount = cache.get(db);
  if (!byCount) cache.set(db, (byCount = []));
  return (byCount[count] ??= db
    .prepare<number[], Row>(`${sql} (${Array.from({ length: count }, () => '?').join(', ')})`)
    .raw());
}

const BATCH = 500;

/** Makes every document's sketch anew (near_sketches), reporting progress after each batch. Runs inside the caller's transaction. */
export function rebuildNearSketches(db: Db, onProgress?: (p: IndexProgress) => void): void {
  eachDocumentAnew(db, 'near_sketches', onProgress, (id, body) => addNearSketch(db, id, nearIndexOf(body).sketch));
}

/** Makes every document's buckets anew, reporting progress after each batch. Runs inside the caller's transaction. */
export function rebuildNearBuckets(db: Db, onProgress?: (p: IndexProgress) => void): void {
  const write = db.prepare('INSERT OR IGNORE INTO near_buckets (bucket, document_id) VALUES (?, ?)');
  eachDocumentAnew(db, 'near_buckets', onProgress, (id, body) => {
    for (const bucket of nearBuckets(body)) write.run(bucket, id);
  });
}

/** Empties `table`, then gives `write` each document's text in turn, reporting progress after each batch. */
function eachDocumentAnew(
  db: Db,
  table: 'near_buckets' | 'near_sketches',
  onProgress: ((p: IndexProgress) => void) | undefined,
  write: (id: number, body: string) => void,
): void {
  registerNearBuckets(db);
  const total = documentTotal(db).get()!;
  db.prepare(`DELETE FROM ${table}`).run();
  // A project being brought up through migration 0011 has no staging table yet.
  if (
    table === 'near_buckets' &&
    db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'near_staging'").get()
  )
    db.prepare('DELETE FROM near_staging').run();
  // The filter the project keeps of its buckets (bucket-filter.ts) is not vouched for once they are made anew.
  if (
    table === 'near_buckets' &&
    db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'near_filter_state'").get()
  )
    db.prepare('DELETE FROM near_filter_state').run();
  const read = db.prepare<[after: number, limit: number], { id: number; body: string }>(
    'SELECT id, body FROM documents WHERE id > ? ORDER BY id LIMIT ?',
  );
  let done = 0;
  let after = 0;
  onProgress?.({ done, total });
  for (;;) {
    const rows = read.all(after, BATCH);
    if (!rows.length) break;
    for (const row of rows) write(row.id, row.body);
    after = rows[rows.length - 1]!.id;
    done += rows.length;
    onProgress?.({ done, total });
  }
}

/**
 * What of the near-duplicate index is not what this version makes of the documents' texts: the titles of documents
 * whose sketch is missing or differs or whose bucket rows are missing (from both near_buckets and near_staging), and how
 * many rows belong to no document's text (bucket rows besides those the texts make, sketches of documents that are
 * gone). Reads every text once, as check does. The bucket rows are compared in bulk, by their number and two sums of
 * hashes of every (bucket, document) pair the texts make against those stored, read in the tables' order; only when
 * they differ is each document's rows looked up, to name the documents.
 */
export function nearIndexMismatch(db: Db): { documents: string[]; strayRows: number } {
  const differing = new Map<number, string>();
  const made = new PairSums();
  const read = db.prepare<
    [],
    { id: number; title: string; body: string; shingles: number | null; sketch: Uint8Array | null }
  >(
    `SELECT d.id, coalesce(d.title, d.filename, d.guid) AS title, d.body, s.shingles, s.sketch
       FROM documents AS d LEFT JOIN near_sketches AS s ON s.document_id = d.id`,
  );
  for (const row of read.iterate()) {
    const { buckets, sketch } = nearIndexOf(row.body);
    for (const bucket of new Set(buckets)) made.add(bucket, row.id);
    const same =
      sketch === null
        ? row.sketch === null
        : row.shingles === sketch.shingles && row.sketch !== null && Buffer.compare(row.sketch, sketch.sketch) === 0;
    if (!same) differing.set(row.id, row.title);
  }
  const stored = new PairSums();
  for (const table of ['near_buckets', 'near_staging'])
    for (const [bucket, id] of db
      .prepare<[], [number, number]>(`SELECT bucket, document_id FROM ${table}`)
      .raw()
      .iterate())
      stored.add(bucket, id);
  let strayRows = db
    .prepare<[], number>('SELECT count(*) FROM near_sketches WHERE document_id NOT IN (SELECT id FROM documents)')
    .pluck()
    .get()!;
  if (!made.equals(stored)) {
    const missing = missingBuckets(db);
    for (const m of missing.documents) differing.set(m.id, m.title);
    strayRows += stored.count - (made.count - missing.pairs);
  }
  return { documents: [...differing].sort(([a], [b]) => a - b).map(([, title]) => title), strayRows };
}

/** How many (bucket, document) pairs were added, and two sums of their hashes (modulo 2³²), independent of their order. */
class PairSums {
  count = 0;
  private a = 0;
  private b = 0;
  add(bucket: number, id: number): void {
    this.count++;
    const h = mix(bucket ^ mix(id));
    this.a = (this.a + h) >>> 0;
    this.b = (this.b + mix(h ^ 0x9e3779b9)) >>> 0;
  }
  equals(other: PairSums): boolean {
    return this.count === other.count && this.a === other.a && this.b === other.b;
  }
}

/** The documents some of whose buckets are in neither table (titles, by id), and how many such pairs there are. */
function missingBuckets(db: Db): { documents: { id: number; title: string }[]; pairs: number } {
  registerNearBuckets(db);
  const rows = db
    .prepare<[], { id: number; title: string; missing: number }>(
      `SELECT d.id, coalesce(d.title, d.filename, d.guid) AS title,
              (SELECT count(*) FROM (SELECT DISTINCT bucket FROM quire_near_buckets(d.body)) AS b
                WHERE NOT EXISTS (SELECT 1 FROM near_buckets WHERE bucket = b.bucket AND document_id = d.id)
                  AND NOT EXISTS (SELECT 1 FROM near_staging WHERE bucket = b.bucket AND document_id = d.id)) AS missing
         FROM documents AS d ORDER BY d.id`,
    )
    .all()
    .filter((r) => r.missing > 0);
  return { documents: rows, pairs: rows.reduce((n, r) => n + r.missing, 0) };
}
