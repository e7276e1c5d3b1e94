// Near-duplicates: the same wire story from two outlets, or a page saved
// twice with different furniture. Exact duplicates are caught by the content
// hash; these are found by the words they share. Candidates come from the
// near-duplicate index (near-index.ts: documents whose word sequences meet the
// new one's in some LSH bucket), and each is measured by the share of its word
// sequences (5-word shingles) in common.
import type { ImportReport } from '../../../shared/api.ts';
import type { Db } from '../db/open.ts';
import { documentBody } from '../db/queries/documents.ts';
import { documentTitle } from '../documents/documents.ts';
import { comparedWords, nearCandidates, SHINGLE } from './near-index.ts';

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

function shingles(text: string): Set<string> {
  const w = comparedWords(text);
  const out = new Set<string>();
  for (let i = 0; i + SHINGLE <= w.length; i++) out.add(w.slice(i, i + SHINGLE).join(' '));
  return out;
}

export function similarity(a: string, b: string): number {
  return shingleSimilarity(shingles(a), shingles(b));
}

function shingleSimilarity(x: Set<string>, y: Set<string>): number {
  if (!x.size || !y.size) return 0;
  let common = 0;
  for (const s of x) if (y.has(s)) common++;
  return common / (x.size + y.size - common);
}

/** Documents already in the project that are very like document `id` (most alike first). */
export function findNearDuplicates(db: Db, id: number, threshold = NEAR_DUPLICATE_THRESHOLD): NearDuplicate[] {
  const body = documentBody(db).get(id);
  if (!body) return [];
  const candidates = nearCandidates(db, id, body, CANDIDATES);
  if (!candidates.length) return [];
  const read = documentBody(db);
  const own = shingles(body);
  return (
    candidates
      .flatMap((candidate) => {
        const text = read.get(candidate);
        return text === undefined
          ? []
          : [{ documentId: candidate, similarity: shingleSimilarity(own, shingles(text)) }];
      })
      .filter((d) => d.similarity >= threshold)
      .sort((a, b) => b.similarity - a.similarity)
      // Named as the library names it: an article without a headline by the title derived from its text.
      .map((d) => ({ documentId: d.documentId, title: documentTitle(db, d.documentId), similarity: d.similarity }))
  );
}

/** Near-duplicates are looked for among this many documents of one import. */
export const CHECKED_PER_IMPORT = 200;
/** The check gives the event loop a turn this often (ms), so the workbench answers other requests meanwhile. */
const SLICE_MS = 10;

/** Adds to an import's report the documents each new one is very like, for the user to decide on. */
export async function flagNearDuplicates(db: Db, report: ImportReport): Promise<ImportReport> {
  let checked = 0;
  let slice = performance.now();
  const files: ImportReport['files'] = [];
  for (const f of report.files) {
    if (f.status !== 'imported' || f.documentId === undefined || checked++ >= CHECKED_PER_IMPORT) {
      files.push(f);
      continue;
    }
    if (performance.now() - slice > SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      slice = performance.now();
    }
    const similar = findNearDuplicates(db, f.documentId).map((d) => ({
      ...d,
      similarity: Math.round(d.similarity * 100) / 100,
    }));
    files.push(similar.length ? { ...f, similar } : f);
  }
  return { ...report, files };
}
