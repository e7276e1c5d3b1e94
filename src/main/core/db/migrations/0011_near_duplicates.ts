// Schema 11: near-duplicates and spelling variants are found through indexes
// kept in the project. near_buckets holds each document's word sequences as
// MinHash buckets (corpus/near-index.ts), kept by triggers on every path that
// writes a document, so an import compares a new document only with those
// sharing a bucket rather than searching the whole project; search_terms holds
// the search index's vocabulary in order (search/terms.ts), so `word~` seeks
// through it rather than reading every term. Both are made here for the
// documents already there, with progress.
import type { Db } from '../db.ts';
import type { IndexProgress } from '../db.ts';
import { NEAR_BUCKETS_SQL, rebuildNearBuckets } from '../../corpus/near-index.ts';
import { rebuildSearchTerms, SEARCH_TERMS_SQL } from '../../search/terms.ts';

export const sql = NEAR_BUCKETS_SQL + SEARCH_TERMS_SQL;

export function run(db: Db, onProgress?: (p: IndexProgress) => void): void {
  rebuildSearchTerms(db);
  rebuildNearBuckets(db, onProgress);
}
