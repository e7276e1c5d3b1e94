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

export const ImportReport = z.object({
  files: z.array(ImportFileResult),
  imported: z.number().int(),
  duplicates: z.number().int(),
  failed: z.number().int(),
  skipped: z.number().int(),
  cancelled: z.boolean(),
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
