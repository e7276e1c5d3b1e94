// Schema 13: an import writes its documents' near-duplicate buckets into a
// small staging table and moves them into near_buckets in the index's order
// every few thousand documents and at its end (corpus/near-index.ts
// StagedBuckets), instead of writing each batch's random buckets all over
// near_buckets' index; the delete and update triggers clear both tables.
export { NEAR_STAGING_SQL as sql } from '../../corpus/near-index.ts';
