// Which near-duplicate buckets hold no document at all, known without asking
// the index: a Bloom filter of the buckets an import's check has met. Most
// buckets of a new document are its own (importing 100,000 generated articles,
// 92% of them), and the check looked each one up in near_buckets and
// near_staging, two seeks on pages that every commit of the import had made
// stale. A bucket the filter has never been given is
// in neither table (a Bloom filter has no false negatives), so its lookup is
// left out: what the check finds is the same, bucket for bucket. A bucket it
// has been given, or one that collides with such (about 1% of the others), is
// looked up as before.
import type { Db } from '../db/db.ts';
import { BANDS, bucketsOfDocument, indexedBuckets, indexedRowsEstimate, mix, nearDuplicatesOf } from './near-index.ts';

/** About ten bits per bucket, seven probes each: about 1% of the buckets never given read as maybe given. */
const BITS_PER_BUCKET = 10;
const PROBES = 7;
/** The filter's size is bounded whatever the number of buckets (16 MB): beyond it only the share of lookups kept grows. */
const MAX_BITS = 2 ** 27;
const MIN_BITS = 2 ** 16;

export class BucketFilter {
  private readonly words: Int32Array;
  private readonly mask: number;

  /** A filter for about `expected` buckets. */
  constructor(expected: number) {
    let bits = MIN_BITS;
    while (bits < expected * BITS_PER_BUCKET && bits < MAX_BITS) bits *= 2;
    this.words = new Int32Array(bits / 32);
    this.mask = bits - 1;
  }

  /** How many bytes the filter holds. */
  get bytes(): number {
    return this.words.byteLength;
  }

  add(bucket: number): void {
    const bits = this.probes(bucket);
    for (let k = 0; k < PROBES; k++) this.words[bits[k]! >>> 5]! |= 1 << (bits[k]! & 31);
  }

  /** False when no bucket given to the filter is this one; true when one may be. */
  mayHold(bucket: number): boolean {
    const bits = this.probes(bucket);
    for (let k = 0; k < PROBES; k++) if ((this.words[bits[k]! >>> 5]! & (1 << (bits[k]! & 31))) === 0) return false;
    return true;
  }

  /** The bits a bucket sets, in `probed` (overwritten by the next call). */
  private probes(bucket: number): Int32Array {
    let h = firstHash(bucket);
    const step = stepOf(h);
    for (let k = 0; k < PROBES; k++, h = (h + step) | 0) probed[k] = h & this.mask;
    return probed;
  }
}

const probed = new Int32Array(PROBES);

// Double hashing: probe k is first + k × step (an odd step, so the probes differ in a power-of-two table).
// A bucket is a 53-bit integer (near-index.ts bucketsOfShingles), random already: both its halves are mixed in.
const firstHash = (bucket: number) => mix((bucket % 0x100000000) ^ mix(Math.floor(bucket / 0x100000000))) | 0;
const stepOf = (first: number) => mix(first ^ 0x9e3779b9) | 1;

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
 * it spares a new document cost about 350 µs (both measured at 100,000 documents). It is made when the import may
 * add at least this share of the documents there are; an import of a few files into a large project looks its
 * buckets up as before.
 */
const WORTH_FILLING = 1 / 10;

type Similar = ReturnType<typeof nearDuplicatesOf>;

/**
 * An import's near-duplicate check of the documents it writes, in the order they are written (the parse worker's,
 * parse-worker.ts): each document's buckets are looked up only where the filter says some document may hold them;
 * the filter holds every bucket of the index when the check began (one read) and those of each document checked
 * since. It is let go of for good once anything else writes to the project (ImportScope.alone): what that
 * writes is not in it, and every bucket is looked up from then on.
 */
export class ImportCheck {
  private readonly db: Db;
  /** undefined until the first documents come; null when every bucket is looked up. */
  private filter: BucketFilter | null | undefined = undefined;
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
    else if (this.filter === undefined) this.filter = filled(this.db, scope.toCome);
    const found: [number, Similar][] = [];
    for (const [i, id] of ids.entries()) {
      const own = buckets[i] ?? bucketsOfDocument(this.db, id);
      if (own === null) continue;
      const looked = this.filter ? this.mayBeShared(own) : own;
      this.buckets.lookedUp += looked.length;
      this.buckets.leftOut += own.length - looked.length;
      const similar = nearDuplicatesOf(this.db, id, { earlierOnly: true, buckets: looked });
      if (similar.length) found.push([id, similar]);
    }
    return found;
  }

  /** The buckets some document before may hold; the filter is then given them all, for the documents after. */
  private mayBeShared(own: readonly number[]): readonly number[] {
    const filter = this.filter!;
    const kept = own.filter((b) => filter.mayHold(b));
    for (const b of own) filter.add(b);
    return kept;
  }
}

/** A filter of every bucket in the index, with room for the import's; null when filling it would cost more than it saves. */
function filled(db: Db, toCome: number): BucketFilter | null {
  const rows = indexedRowsEstimate(db);
  if (toCome < (rows / BANDS) * WORTH_FILLING) return null;
  const filter = new BucketFilter(rows + BANDS * toCome);
  for (const bucket of indexedBuckets(db)) filter.add(bucket);
  return filter;
}
