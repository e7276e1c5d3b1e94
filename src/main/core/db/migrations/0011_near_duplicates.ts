// Schema 11: near-duplicates are found through an index (corpus/near-index.ts):
// each document's word sequences as MinHash buckets, kept by triggers on every
// path that writes a document, so an import compares a new document only with
// those sharing a bucket rather than searching the whole project. The buckets
// of the documents already there are made here, with progress.
import { NEAR_BUCKETS_SQL, rebuildNearBuckets } from '../../corpus/near-index.ts';

export const sql = NEAR_BUCKETS_SQL;

export const run = rebuildNearBuckets;
