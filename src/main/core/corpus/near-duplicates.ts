// Near-duplicates: the same wire story from two outlets, or a page saved
// twice with different furniture. Exact duplicates are caught by the content
// hash; these are found by the words they share. Candidates come from the
// full-text index (documents sharing the new one's rarer words), and each
// is measured by the share of its word sequences (5-word shingles) in common.
import type { ImportReport } from '../../../shared/api.ts';
import type { Db } from '../db/open.ts';
import { queryWords } from '../search/words.ts';
import { documentTitle } from '../documents/documents.ts';

export interface NearDuplicate {
  documentId: number;
  title: string;
  /** Share of word sequences in common (Jaccard), 0–1. */
  similarity: number;
}

/** How alike two texts must be to be flagged. */
export const NEAR_DUPLICATE_THRESHOLD = 0.5;
const SHINGLE = 5;
const RARE_WORDS = 16;
const CANDIDATES = 8;

/** Words for comparing two texts: cheap (lower case, accents off, runs of letters and digits), as each import compares many. */
const words = (text: string) => text.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').match(/[\p{L}\p{N}]+/gu) ?? [];

function shingles(text: string): Set<string> {
  const w = words(text);
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
  const body = db.prepare('SELECT body FROM documents WHERE id = ?').pluck().get(id) as string | undefined;
  if (!body) return [];
  // Its longest distinct words (long words are the rarer ones) find the candidates; bm25 ranks first
  // the documents that share the most of the rarest of them.
  // The candidates are found by words as the search index holds them (cut and folded alike in every script).
  const rare = [...new Set(queryWords(body).filter((w) => w.length > 4 && !/^\d+$/.test(w)))].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).slice(0, RARE_WORDS);
  if (!rare.length) return [];
  const match = rare.map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR ');
  const candidates = db
    .prepare(`SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? AND rowid != CAST(? AS INTEGER) ORDER BY rank LIMIT ${CANDIDATES}`)
    .pluck()
    .all(`body : (${match})`, id) as number[];

  const read = db.prepare('SELECT body FROM documents WHERE id = ?').pluck();
  const own = shingles(body);
  return candidates
    .map((candidate) => {
      // Named as the library names it: an article without a headline by the title derived from its text.
      return { documentId: candidate, title: documentTitle(db, candidate), similarity: shingleSimilarity(own, shingles(read.get(candidate) as string)) };
    })
    .filter((d) => d.similarity >= threshold)
    .sort((a, b) => b.similarity - a.similarity);
}

/** Near-duplicates are looked for among this many documents of one import (each costs a search). */
export const CHECKED_PER_IMPORT = 200;

/** Adds to an import's report the documents each new one is very like, for the user to decide on. */
export function flagNearDuplicates(db: Db, report: ImportReport): ImportReport {
  let checked = 0;
  const files = report.files.map((f) => {
    if (f.status !== 'imported' || f.documentId === undefined || checked++ >= CHECKED_PER_IMPORT) return f;
    const similar = findNearDuplicates(db, f.documentId).map((d) => ({ ...d, similarity: Math.round(d.similarity * 100) / 100 }));
    return similar.length ? { ...f, similar } : f;
  });
  return { ...report, files };
}
