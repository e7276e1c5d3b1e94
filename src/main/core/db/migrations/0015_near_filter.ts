// Schema 15: the project keeps a Bloom filter of its near-duplicate buckets
// (near_filter, corpus/bucket-filter.ts), so that an import of a few files
// into a large project looks up only the buckets some document may hold,
// rather than all 24 of each new document. Filled here from the index, and
// saved by every import that was the project's only writer; triggers take
// it back when a document is written where it has vouched for the buckets.
import type { Db, IndexProgress } from '../db.ts';
import { keepFilledFilter, NEAR_FILTER_SQL } from '../../corpus/bucket-filter.ts';

export const sql = NEAR_FILTER_SQL;

export function run(db: Db, onProgress?: (p: IndexProgress) => void): void {
  keepFilledFilter(db, onProgress);
}
