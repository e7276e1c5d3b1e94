// Importing articles, by path or uploaded, each new document checked for near-duplicates of those added before it.
import type { ImportReport } from '../../../shared/api.ts';
import type { corpusContract } from '../../../shared/api/corpus.ts';
import { coder, type Handlers } from '../calls.ts';
import type { Db } from '../db/db.ts';
import { importFiles, importUploads } from './import.ts';
import { NearDuplicateCheck } from './near-check.ts';

/** Runs an import whose committed batches go to the near-duplicate check, and gives its report with what the check found. */
async function checkedImport(
  db: Db,
  run: (onWritten: (ids: number[], buckets?: ReadonlyMap<number, readonly number[]>) => void) => Promise<ImportReport>,
): Promise<ImportReport> {
  const near = new NearDuplicateCheck(db);
  try {
    return await near.flag(await run((ids, buckets) => near.add(ids, buckets)));
  } finally {
    await near.close();
  }
}

export const corpusHandlers: Handlers<typeof corpusContract> = {
  importFiles: (p, input, context) =>
    checkedImport(p.db, (onWritten) =>
      importFiles(p.db, input.paths, { ...context, coderId: coder(p), ocrLanguages: input.ocrLanguages, onWritten }),
    ),
  importUploads: (p, input, context) =>
    checkedImport(p.db, (onWritten) =>
      importUploads(p.db, input.files, {
        onProgress: context.onProgress,
        coderId: coder(p),
        ocrLanguages: input.ocrLanguages,
        onWritten,
      }),
    ),
};
