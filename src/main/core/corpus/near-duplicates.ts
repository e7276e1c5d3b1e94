// Near-duplicates: the same wire story from two outlets, or a page saved
// twice with different furniture. Exact duplicates are caught by the content
// hash; these are found by the words they share. Candidates come from the
// near-duplicate index (near-index.ts: documents whose word sequences meet the
// new one's in some LSH bucket), and each is measured by the share of its word
// sequences (5-word shingles, compared by their hashes) in common.
import type { Db } from '../db/db.ts';
import { documentTitle } from '../documents/documents.ts';
import { nearDuplicatesOf, shingleHashes, shingleSimilarity } from './near-index.ts';

export { NEAR_DUPLICATE_THRESHOLD } from './near-index.ts';

export interface NearDuplicate {
  documentId: number;
  title: string;
  /** Share of word sequences in common (Jaccard), 0–1. */
  similarity: number;
}

export function similarity(a: string, b: string): number {
  return shingleSimilarity(shingleHashes(a), shingleHashes(b));
}

/** The documents very like document `id` (most alike first), named as the library names them. */
export function findNearDuplicates(
  db: Db,
  id: number,
  options: Parameters<typeof nearDuplicatesOf>[2] = {},
): NearDuplicate[] {
  // An article without a headline by the title derived from its text, as the library shows it.
  return nearDuplicatesOf(db, id, options).map((d) => ({ ...d, title: documentTitle(db, d.documentId) }));
}
