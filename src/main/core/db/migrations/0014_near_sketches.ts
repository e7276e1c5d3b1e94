// Schema 13: each document's sketch (near_sketches: its word sequences in 256
// one-byte bins, and their count), kept by triggers beside near_buckets, so that
// the near-duplicate check sets aside a candidate that cannot be alike enough
// without reading its whole text (corpus/near-index.ts). Made here for the
// documents already there, with progress.
import type { Db } from '../db.ts';
import type { IndexProgress } from '../db.ts';
import { NEAR_SKETCHES_SQL, rebuildNearSketches } from '../../corpus/near-index.ts';

export const sql = NEAR_SKETCHES_SQL;

export function run(db: Db, onProgress?: (p: IndexProgress) => void): void {
  rebuildNearSketches(db, onProgress);
}
