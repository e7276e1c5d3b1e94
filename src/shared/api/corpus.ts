// Importing articles: from paths (the desktop app, the command line) or
// uploaded bytes (the browser), and the report of what came in.
import { z } from 'zod';
import { type ContractSlice, Id, method } from './common.ts';
import { OCR_LANGUAGE_CODES } from '../ocr.ts';

export const ImportStatus = z.enum(['imported', 'duplicate', 'failed', 'skipped']);
export const ImportFileResult = z.object({
  path: z.string(),
  status: ImportStatus,
  /** For imported and duplicate files: the document (the existing one for a duplicate). */
  documentId: Id.optional(),
  title: z.string().optional(),
  /** Why it failed or was skipped, or what was noticed while importing. */
  message: z.string().optional(),
  warnings: z.array(z.string()).default([]),
  /** For an imported document: documents already in the project that are very like it (the same wire story, say). */
  similar: z.array(z.object({ documentId: Id, title: z.string(), similarity: z.number() })).optional(),
});
export type ImportFileResult = z.infer<typeof ImportFileResult>;

/** The languages OCR reads scans and images in (default English): tesseract's codes of the language data installed. */
const OcrLanguages = z.array(z.enum(OCR_LANGUAGE_CODES)).min(1).max(OCR_LANGUAGE_CODES.length).optional();

export const ImportInput = z.object({ paths: z.array(z.string().min(1)).min(1), ocrLanguages: OcrLanguages });

/** Files sent by a client that has their bytes but not their paths (the browser). */
export const UploadInput = z.object({
  files: z
    .array(z.object({ name: z.string().min(1).max(255), base64: z.string() }))
    .min(1)
    .max(1000),
  ocrLanguages: OcrLanguages,
});
export type UploadInput = z.input<typeof UploadInput>;

/**
 * What an import did. Every file is counted; the files that need a look (failed, skipped, duplicates, notes,
 * near-duplicates) are listed, at most 1,000 of them, and the rest written to a file beside the project (`more`).
 * Imported files with nothing to say are listed too while the list is that short, and counted only (`unlisted`)
 * past it, so a report does not grow with the number of files.
 */
export const ImportReport = z.object({
  files: z.array(ImportFileResult),
  imported: z.number().int(),
  duplicates: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  cancelled: z.boolean(),
  /** The documents the import added, as ranges of ids [first, last]. */
  documents: z.array(z.tuple([Id, Id])),
  /** Whether some documents were articles taken out of files that hold many (a news database's download). */
  fromExports: z.boolean(),
  /** Imported files with nothing to say that the list leaves out (it is full). */
  unlisted: z.number().int().optional(),
  /** Files the import never reached (it was cancelled or stopped): how many, and why; each is listed or logged too. */
  notReached: z.object({ count: z.number().int(), message: z.string() }).optional(),
  /** Files that need a look past those listed: how many, and the text file beside the project that lists them. */
  more: z.object({ count: z.number().int(), log: z.string() }).optional(),
  /** Why the import stopped before the end, when the project could not take more (busy past the wait, read-only, a full disk). */
  stopped: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const ImportProgress = z.object({ done: z.number().int(), total: z.number().int(), current: z.string() });
export type ImportProgress = z.infer<typeof ImportProgress>;

/** The corpus methods. */
export const corpusContract = {
  importFiles: method(ImportInput, ImportReport, { changes: ['documents'], progress: 'import' }),
  importUploads: method(UploadInput, ImportReport, { changes: ['documents'], progress: 'import' }),
} as const satisfies ContractSlice;
