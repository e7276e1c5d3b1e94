// Which near-duplicate buckets hold no document at all, known without asking
// the index: a Bloom filter of the buckets, which the project keeps (and every
// import that was its only writer saves again) and an import's check adds to.
// Most buckets of a new document are its own (importing 100,000 generated
// articles, 92% of them), and the check looked each one up in near_buckets
// and near_staging: seeks on pages that every commit of the import had made
// stale, or, in a large project, that are not in memory at all. A bucket the
// filter has never been given is in neither table (a Bloom filter has no false
// negatives), so its lookup is left out: what the check finds is the same,
// bucket for bucket. A bucket it has been given, or one that collides with
// such (about 1% of the others, more in a project past 13 million buckets),
// is looked up as before.
import type { Db, IndexProgress } from '../db/db.ts';
import { statement, values } from '../db/statement.ts';
import {
  BANDS,
  bucketsOfDocument,
  indexedBuckets,
  indexedRowsEstimate,
  lastDocument,
  mix,
  nearDuplicatesOf,
} from './near-index.ts';

/** About ten bits per bucket, seven probes each: about 1% of the buckets never given read as maybe given. */
const BITS_PER_BUCKET = 10;
const PROBES = 7;
/** The filter's size is bounded whatever the number of buckets (16 MB): beyond it only the share of lookups kept grows. */
const MAX_BITS = 2 ** 27;
const MIN_BITS = 2 ** 16;
/**
 * The filter is kept in parts of this many bits (2 KB): every probe of a bucket falls in one part, so the project
 * keeps it as rows of one part each, and an import of a few files rewrites only the parts its buckets fell in.
 */
export const PART_BITS = 2 ** 14;
const PART_WORDS = PART_BITS / 32;

export class BucketFilter {
  /** The bits, part after part. */
  readonly words: Int32Array;
  /** Which parts were given a bucket since the filter was made or read (1 for those). */
  readonly changed: Uint8Array;
  private readonly partMask: number;

  /** A filter of these bits (a whole number of parts, a power of two of them), all parts unchanged. */
  constructor(words: Int32Array) {
    const parts = words.length / PART_WORDS;
    if (!Number.isInteger(parts) || parts < 1 || (parts & (parts - 1)) !== 0)
      throw new Error(`A bucket filter of ${words.length} words is not a power of two of parts`);
    this.words = words;
    this.changed = new Uint8Array(parts);
    this.partMask = parts - 1;
  }

  /** An empty filter for about `expected` buckets. */
  static sized(expected: number): BucketFilter {
    let bits = MIN_BITS;
    while (bits < expected * BITS_PER_BUCKET && bits < MAX_BITS) bits *= 2;
    return new BucketFilter(new Int32Array(bits / 32));
  }

  /** How many buckets the filter is made for (beyond it, more buckets never given read as maybe given). */
  get capacity(): number {
    return (this.words.length * 32) / BITS_PER_BUCKET;
  }

  add(bucket: number): void {
    const bits = this.probes(bucket);
    for (let k = 0; k < PROBES; k++) this.words[bits[k]! >>> 5]! |= 1 << (bits[k]! & 31);
    this.changed[bits[0]! >>> PART_SHIFT] = 1;
  }

  /** False when no bucket given to the filter is this one; true when one may be. */
  mayHold(bucket: number): boolean {
    const bits = this.probes(bucket);
    for (let k = 0; k < PROBES; k++) if ((this.words[bits[k]! >>> 5]! & (1 << (bits[k]! & 31))) === 0) return false;
    return true;
  }

  /** mayHold, then add: what the filter said of the bucket before it was given it (its probes worked out once). */
  addHeld(bucket: number): boolean {
    const bits = this.probes(bucket);
    let held = true;
    for (let k = 0; k < PROBES; k++) {
      const word = bits[k]! >>> 5;
      const bit = 1 << (bits[k]! & 31);
      if ((this.words[word]! & bit) === 0) held = false;
      this.words[word]! |= bit;
    }
    this.changed[bits[0]! >>> PART_SHIFT] = 1;
    return held;
  }

  /** The bits a bucket sets, all in one part, in `probed` (overwritten by the next call). */
  private probes(bucket: number): Int32Array {
    let h = firstHash(bucket);
    const base = (partOf(h) & this.partMask) * PART_BITS;
    const step = stepOf(h);
    for (let k = 0; k < PROBES; k++, h = (h + step) | 0) probed[k] = base + (h & (PART_BITS - 1));
    return probed;
  }
}

const PART_SHIFT = Math.log2(PART_BITS);
const probed = new Int32Array(PROBES);

// Double hashing: probe k is first + k × step (an odd step, so the probes differ within a power-of-two part).
// A bucket is a 53-bit integer (near-index.ts bucketsOfShingles), random already: both its halves are mixed in.
const firstHash = (bucket: number) => mix((bucket % 0x100000000) ^ mix(Math.floor(bucket / 0x100000000))) | 0;
const stepOf = (first: number) => mix(first ^ 0x9e3779b9) | 1;
const partOf = (first: number) => mix(first ^ 0x85ebca6b) >>> 0;

/** What an import's check knows of the project when it is asked to check documents it wrote (NearDuplicateCheck.add). */
export interface ImportScope {
  /**
   * Nothing but the import has written to the project since it began (no other connection, no other call on its
   * own): every document before those to check is in the project as the check first read it, or was written by the
   * import and checked before them.
   */
  alone: boolean;
  /** About how many more documents the import may write (its files not written yet), to size the filter. */
  toCome: number;
}

/**
 * Filling the filter reads every bucket of the index: about 40 µs per document there (24 rows), where the lookups
 * it spares a new document cost about 350 µs (both measured at 100,000 documents). It is filled when the import may
 * add at least this share of the documents there are, or when the project keeps no filter it can use.
 */
const WORTH_FILLING = 1 / 10;

/** Index rows read quickly enough (about 20,000 documents', under a second) to fill a filter anew for any import. */
const CHEAP_FILL = BANDS * 20_000;

/**
 * The most documents written after the kept filter was saved (by anything but an import that saved it again) whose
 * buckets are added to it from their texts when it is read: beyond them, the filter is filled from the index when
 * that is worth it (WORTH_FILLING), and otherwise every bucket is looked up.
 */
export const CATCH_UP = 2_000;

type Similar = ReturnType<typeof nearDuplicatesOf>;

/** A check's filter as it hands it over to be kept (ImportCheck.take, keepFilter). */
export interface TakenFilter {
  words: Int32Array;
  changed: Uint8Array;
  /** Whether it was read from the project (only its changed parts need writing then). */
  read: boolean;
  /** It holds every bucket of every document up to this id. */
  through: number;
}

/**
 * An import's near-duplicate check of the documents it writes, in the order they are written (the parse worker's,
 * parse-worker.ts): each document's buckets are looked up only where the filter says some document may hold them.
 * The filter is the project's own (NEAR_FILTER_SQL) when it keeps one, read when the first documents come; or, for
 * an import that adds a tenth of the documents or more, filled from the index then. Either way it holds every
 * bucket of the documents before the first to check, and is given those of each document checked. It is let go of
 * for good once anything else writes to the project (ImportScope.alone): what that writes is not in it, and every
 * bucket is looked up from then on.
 */
export class ImportCheck {
  private readonly db: Db;
  /** undefined until the first documents come; null when every bucket is looked up. */
  private filter: BucketFilter | null | undefined = undefined;
  /** Whether the filter was read from the project. */
  private read = false;
  /** The filter holds every bucket of the documents before `first`, and of those checked since: `count` of them, the last `last`. */
  private covered = { first: 0, count: 0, last: 0 };
  /** How many buckets have been looked up in the index, and how many were left out. */
  readonly buckets = { lookedUp: 0, leftOut: 0 };

  constructor(db: Db) {
    this.db = db;
  }

  /** The documents' near-duplicates among those before them (nearDuplicatesOf, earlierOnly), for those that have any. */
  check(
    ids: readonly number[],
    buckets: readonly (readonly number[] | null)[],
    scope: ImportScope,
  ): [id: number, similar: Similar][] {
    if (!scope.alone) this.filter = null;
    else if (this.filter === undefined && ids.length) this.prepare(scope.toCome + ids.length, ids[0]!);
    const found: [number, Similar][] = [];
    for (const [i, id] of ids.entries()) {
      const own = buckets[i] ?? bucketsOfDocument(this.db, id);
      if (own === null) continue;
      const looked = this.filter ? this.mayBeShared(own) : own;
      if (this.filter) this.checked(id);
      this.buckets.lookedUp += looked.length;
      this.buckets.leftOut += own.length - looked.length;
      if (!looked.length) continue;
      const similar = nearDuplicatesOf(this.db, id, { earlierOnly: true, buckets: looked });
      if (similar.length) found.push([id, similar]);
    }
    return found;
  }

  /**
   * Makes the filter, before the first check, for `toCome` documents from `first` on (the import's, none of them
   * checked yet): the project's own, with the buckets of any documents written since it was saved and before
   * `first`, or one filled from the index. Returns where it came from.
   */
  prepare(toCome: number, first: number): 'kept' | 'filled' | 'none' {
    this.covered = { first, count: 0, last: first - 1 };
    const rows = indexedRowsEstimate(this.db);
    const wanted = rows + BANDS * toCome;
    const worth = toCome >= (rows / BANDS) * WORTH_FILLING;
    const kept = keptFilter(this.db, first);
    // A kept filter far too small (the project has grown by small imports, or this one adds many) would look most
    // buckets up: it is filled anew, larger, when that is worth it or cheap.
    const small = kept !== null && kept.capacity * 2 < Math.min(wanted, MAX_BITS / BITS_PER_BUCKET);
    if (kept && !(small && (worth || rows <= CHEAP_FILL))) {
      this.filter = kept;
      this.read = true;
      return 'kept';
    }
    // Of the documents before the first to check only: those from it on (the import's first batch, committed before
    // its check begins) are given to the filter as each is checked, and a bucket of their own read from the index
    // here would only make each of them look up every bucket it has (a BBC import: 5,000 to 11,000 lookups of 51,000
    // buckets, against about 1,400 shared).
    this.filter = worth || rows <= CHEAP_FILL ? filled(this.db, wanted, { before: first }) : null;
    this.read = false;
    return this.filter ? 'filled' : 'none';
  }

  /**
   * Hands the filter over to be kept, with the last document up to which it holds every document's buckets: the
   * last checked, when every document from the first checked to it was checked (in order), or else the last before
   * the first. The check looks every bucket up after.
   */
  take(): TakenFilter | null {
    const filter = this.filter;
    this.filter = null;
    if (!filter) return null;
    const { first, count, last } = this.covered;
    const through = count > 0 && documentsBetween(this.db).get(first, last) === count ? last : first - 1;
    return { words: filter.words, changed: filter.changed, read: this.read, through };
  }

  /** Counts a document whose buckets the filter was given; one out of order (none should be) breaks the count. */
  private checked(id: number): void {
    const covered = this.covered;
    if (id > covered.last) {
      covered.count++;
      covered.last = id;
    } else covered.count = -Infinity;
  }

  /**
   * The buckets some document before may hold; the filter is given each as it is asked, for the documents after. (A
   * document has one bucket per band, 53 bits each; should two be equal, the second is looked up, which finds no more.)
   */
  private mayBeShared(own: readonly number[]): readonly number[] {
    const filter = this.filter!;
    return own.filter((b) => filter.addHeld(b));
  }
}

/**
 * A filter of every bucket in the index (of the documents before `before`, when given), with room for `expected`
 * buckets; progress in buckets read, every 2^20.
 */
function filled(
  db: Db,
  expected: number,
  { before, onProgress }: { before?: number; onProgress?: (p: IndexProgress) => void } = {},
): BucketFilter {
  const filter = BucketFilter.sized(expected);
  let done = 0;
  for (const bucket of indexedBuckets(db, before)) {
    filter.add(bucket);
    if (onProgress && (++done & 0xfffff) === 0) onProgress({ done, total: Math.max(done, expected) });
  }
  return filter;
}

/** Fills a filter from the index and keeps it in the project, vouching for every document there (migration 0015, a repair). */
export function keepFilledFilter(db: Db, onProgress?: (p: IndexProgress) => void): void {
  const filter = filled(db, indexedRowsEstimate(db), { onProgress });
  const through = lastDocument(db).get() ?? 0;
  keepFilter(db, { words: filter.words, changed: filter.changed, read: false, through });
}

/**
 * The project keeps the filter (migration 0015), so that an import of a few files into a large project leaves out
 * the lookups of its own buckets as a large import does, without reading the index first. near_filter holds its
 * parts; near_filter_state how many there are, and `through`: every bucket of every document up to that id is in
 * it. An import that was the project's only writer saves it as it ends (keepFilter). A document written with an id
 * up to `through` (one brought back by an undo, say) or whose text or id changes takes that promise back: the
 * triggers delete the state, and the filter is not read again until it is saved anew. Documents after `through`
 * (written since, by anything) are added from their texts when it is read, while they are few (CATCH_UP). A deleted
 * document's buckets stay in it: a filter that holds too much only looks more up.
 */
export const NEAR_FILTER_SQL = /* sql */ `
CREATE TABLE near_filter (
  part INTEGER PRIMARY KEY,
  bits BLOB NOT NULL
) STRICT;

CREATE TABLE near_filter_state (
  one     INTEGER PRIMARY KEY CHECK (one = 1),
  format  INTEGER NOT NULL,
  parts   INTEGER NOT NULL,
  through INTEGER NOT NULL
) STRICT;

CREATE TRIGGER near_filter_insert AFTER INSERT ON documents
WHEN new.id <= (SELECT through FROM near_filter_state) BEGIN
  DELETE FROM near_filter_state;
END;
CREATE TRIGGER near_filter_update AFTER UPDATE OF id, body ON documents
WHEN min(old.id, new.id) <= (SELECT through FROM near_filter_state) BEGIN
  DELETE FROM near_filter_state;
END;
`;

const PART_BYTES = PART_BITS / 8;
/**
 * How the filter is laid out (PART_BITS, PROBES, and the hashes that place a bucket's probes): a filter kept in
 * another format (a later version's) is not read, as its bits would say nothing true of the buckets.
 */
export const FILTER_FORMAT = 1;

const filterState = statement<[], { format: number; parts: number; through: number }>(
  'SELECT format, parts, through FROM near_filter_state',
);
const filterParts = statement<[], { part: number; bits: Uint8Array }>(
  'SELECT part, bits FROM near_filter ORDER BY part',
);
const documentsBetween = values<[first: number, last: number], number>(
  'SELECT count(*) FROM documents WHERE id BETWEEN ? AND ?',
);
/** The documents written after the filter was saved and before the import's, one more than CATCH_UP at most. */
const laterIds = values<[after: number, before: number], number>(
  `SELECT id FROM documents WHERE id > ? AND id < ? ORDER BY id LIMIT ${CATCH_UP + 1}`,
);

/**
 * The filter the project keeps, with the buckets of the documents written since it was saved and before `before`
 * added from their texts; null when it keeps none, when a part is missing, or when those documents are more than
 * CATCH_UP. Read in one transaction, so the state and the parts agree.
 */
export function keptFilter(db: Db, before: number): BucketFilter | null {
  return db.transaction(() => {
    const state = filterState(db).get();
    if (!state || state.format !== FILTER_FORMAT) return null;
    const later = laterIds(db).all(state.through, before);
    if (later.length > CATCH_UP) return null;
    const filter = new BucketFilter(new Int32Array((state.parts * PART_BITS) / 32));
    const bytes = new Uint8Array(filter.words.buffer);
    let found = 0;
    for (const { part, bits } of filterParts(db).iterate()) {
      if (part >= state.parts || bits.byteLength !== PART_BYTES) return null;
      bytes.set(bits, part * PART_BYTES);
      found++;
    }
    if (found !== state.parts) return null;
    // Their parts are marked changed: the project's copy lacks them.
    for (const id of later) for (const b of bucketsOfDocument(db, id) ?? []) filter.add(b);
    return filter;
  })();
}

/**
 * How many bucket rows of the documents the kept filter vouches for it does not hold (none should: a near-duplicate
 * of one of them could go unflagged); 0 when the project keeps no filter it would read. Reads every bucket row.
 */
export function keptFilterMisses(db: Db): number {
  const state = filterState(db).get();
  const filter = state && keptFilter(db, state.through + 1);
  if (!state || !filter) return 0;
  let missed = 0;
  const rows = db
    .prepare<[number, number], number>(
      'SELECT bucket FROM near_buckets WHERE document_id <= ? UNION ALL SELECT bucket FROM near_staging WHERE document_id <= ?',
    )
    .pluck();
  for (const bucket of rows.iterate(state.through, state.through)) if (!filter.mayHold(bucket)) missed++;
  return missed;
}

const writePart = statement<[part: number, bits: Buffer]>(
  'INSERT OR REPLACE INTO near_filter (part, bits) VALUES (?, ?)',
);
const dropPartsFrom = statement<[parts: number]>('DELETE FROM near_filter WHERE part >= ?');
const writeState = statement<[format: number, parts: number, through: number]>(
  'INSERT OR REPLACE INTO near_filter_state (one, format, parts, through) VALUES (1, ?, ?, ?)',
);

/**
 * Keeps a filter in the project as holding every bucket of every document up to `taken.through`. The caller vouches
 * for that: an import that was the project's only writer from start to end (the filter its check took), or a
 * filter just filled from the index. Only its changed parts are written when it was read from the project and the
 * project still keeps it.
 */
export function keepFilter(db: Db, taken: TakenFilter): void {
  const parts = taken.changed.length;
  db.transaction(() => {
    const state = filterState(db).get();
    const whole = !taken.read || state?.format !== FILTER_FORMAT || state.parts !== parts;
    for (let part = 0; part < parts; part++)
      if (whole || taken.changed[part])
        writePart(db).run(
          part,
          Buffer.from(taken.words.buffer, taken.words.byteOffset + part * PART_BYTES, PART_BYTES),
        );
    if (whole) dropPartsFrom(db).run(parts);
    writeState(db).run(FILTER_FORMAT, parts, taken.through);
  })();
}
