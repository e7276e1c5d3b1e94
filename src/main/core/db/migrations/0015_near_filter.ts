// Schema 15: the project keeps a Bloom filter of its near-duplicate buckets
// (near_filter, corpus/bucket-filter.ts), so that an import of a few files
// into a large project looks up only the buckets some document may hold,
// rather than all 24 of each new document. Filled here from the index, and
// saved by every import that was the project's only writer; triggers take
// it back when a document is written where it has vouched for the buckets.
import type { Db, IndexProgress } from '../db.ts';
import { filled, keepFilter, NEAR_FILTER_SQL } from '../../corpus/bucket-filter.ts';
import { indexedRowsEstimate } from '../../corpus/near-index.ts';

export const sql = NEAR_FILTER_SQL;

export function run(db: Db, onProgress?: (p: IndexProgress) => void): void {
  const filter = filled(db, indexedRowsEstimate(db), onProgress);
  const through = db.prepare<[], number>('SELECT coalesce(max(id), 0) FROM documents').pluck().get()!;
  keepFilter(db, { words: filter.words, changed: filter.changed, read: false, through });
}
