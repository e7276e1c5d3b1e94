// Importing articles, by path or uploaded, each import checked for near-duplicates of what the project holds.
import type { corpusContract } from '../../../shared/api/corpus.ts';
import { coder, type Handlers } from '../calls.ts';
import { importFiles, importUploads } from './import.ts';
import { flagNearDuplicates } from './near-duplicates.ts';

export const corpusHandlers: Handlers<typeof corpusContract> = {
  importFiles: async (p, input, context) =>
    flagNearDuplicates(
      p.db,
      await importFiles(p.db, input.paths, { ...context, coderId: coder(p), ocrLanguages: input.ocrLanguages }),
    ),
  importUploads: async (p, input, context) =>
    flagNearDuplicates(
      p.db,
      await importUploads(p.db, input.files, {
        onProgress: context.onProgress,
        coderId: coder(p),
        ocrLanguages: input.ocrLanguages,
      }),
    ),
};
