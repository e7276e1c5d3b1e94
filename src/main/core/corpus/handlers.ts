// Importing articles, by path or uploaded, each new document checked for near-duplicates of those added before it.
import type { ImportReport } from '../../../shared/api.ts';
import type { corpusContract } from '../../../shared/api/corpus.ts';
import { coder, type Handlers } from '../calls.ts';
import type { Db } from '../db/db.ts';
import { importFiles, importUploads } from './import.ts';
import { ImportLog } from './import-report.ts';
import { NearDuplicateCheck } from './near-check.ts';

/** Runs an import whose committed batches go to the near-duplicate check, and gives its report with what the check found. */
async function checkedImport(
  db: Db,
  run: (check: NearDuplicateCheck, log: ImportLog) => Promise<ImportReport>,
): Promise<ImportReport> {
  // One log for the import and its check: the files past those the report lists.
  const log = new ImportLog(db.name);
  const near = new NearDuplicateCheck(db, log);
  return near.flag(await run(near, log));
}

export const corpusHandlers: Handlers<typeof corpusContract> = {
  importFiles: (p, input, context) =>
    checkedImport(p.db, (check, log) =>
      importFiles(p.db, input.paths, {
        ...context,
        coderId: coder(p),
        ocrLanguages: input.ocrLanguages,
        check,
        log,
      }),
    ),
  importUploads: (p, input, context) =>
    checkedImport(p.db, (check, log) =>
      importUploads(p.db, input.files, {
        onProgress: context.onProgress,
        coderId: coder(p),
        ocrLanguages: input.ocrLanguages,
        check,
        log,
      }),
    ),
};
