// Near-duplicates: the same wire story from two outlets, or a page saved
// twice with different furniture. Exact duplicates are caught by the content
// hash; these are found by the words they share. Candidates come from the
// near-duplicate index (near-index.ts: documents whose word sequences meet the
// new one's in some LSH bucket), and each is measured by the share of its word
// sequences (5-word shingles, compared by their hashes) in common.
import type { Db } from '../db/db.ts';
import { documentBody } from '../db/queries/documents.ts';
import { documentTitle } from '../documents/documents.ts';
import { bucketsOfShingles, nearCandidates, shingleHashes } from './near-index.ts';

export interface NearDuplicate {
  documentId: number;
  title: string;
  /** Share of word sequences in common (Jaccard), 0–1. */
  similarity: number;
}

/** How alike two texts must be to be flagged. */
export const NEAR_DUPLICATE_THRESHOLD = 0.5;
/** Candidates measured exactly per document: those sharing the most buckets. */
const CANDIDATES = 8;

export function similarity(a: string, b: string): number {
  return shingleSimilarity(shingleHashes(a), shingleHashes(b));
}

/** The share of two ascending sets of word-sequence hashes that both hold (one merge). */
function shingleSimilarity(x: Uint32Array, y: Uint32Array): number {
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

/**
 * Documents in the project that are very like document `id` (most alike
 * first). With `earlierOnly`, only those added before it: an import's check
 * flags the later of two alike documents, whichever order it runs in.
 */
export function findNearDuplicates(
  db: Db,
  id: number,
  { threshold = NEAR_DUPLICATE_THRESHOLD, earlierOnly = false } = {},
): NearDuplicate[] {
  const body = documentBody(db).get(id);
  if (!body) return [];
  const own = shingleHashes(body);
  const candidates = nearCandidates(db, id, bucketsOfShingles(own), CANDIDATES, earlierOnly);
  const read = documentBody(db);
  return (
    candidates
      .flatMap((candidate) => {
        const text = read.get(candidate);
        return text === undefined
          ? []
          : [{ documentId: candidate, similarity: shingleSimilarity(own, shingleHashes(text)) }];
      })
      .filter((d) => d.similarity >= threshold)
      .sort((a, b) => b.similarity - a.similarity)
      // Named as the library names it: an article without a headline by the title derived from its text.
      .map((d) => ({ documentId: d.documentId, title: documentTitle(db, d.documentId), similarity: d.similarity }))
  );
}
