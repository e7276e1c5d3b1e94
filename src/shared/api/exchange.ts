// Bringing other projects in: REFI-QDA files from other QDA programs and
// other Quire projects, previewed and merged.
import { z } from 'zod';
import { type ContractSlice, MergeSource, method } from './common.ts';

/** A coding whose place in its text depends on how the other program counted positions, which its file does not show clearly: the user should look at it. */
export const UncertainCoding = z.object({
  document: z.string(),
  code: z.string(),
  coder: z.string(),
  /** The text it covers as placed, and a little of the text on either side (whitespace folded), to find it by. */
  quote: z.string(),
  before: z.string(),
  after: z.string(),
});
export type UncertainCoding = z.infer<typeof UncertainCoding>;

export const RefiImportReport = z.object({
  /** Rows added (texts already in the project are reused, not counted). */
  documents: z.number().int(),
  codes: z.number().int(),
  groups: z.number().int(),
  codings: z.number().int(),
  memos: z.number().int(),
  users: z.number().int(),
  /** What could not be carried over, in plain words. */
  skipped: z.array(z.string()),
  /** What was carried over in its own way (reused, renamed, converted). */
  notes: z.array(z.string()),
  /** Codings that may sit a few characters off their passage (the notes say why), to check. */
  uncertain: z.array(UncertainCoding),
});
export type RefiImportReport = z.infer<typeof RefiImportReport>;

/** A code or group of the merged file that is one of ours: matched by GUID, or by name and place. */
const MergeMatched = z.object({
  name: z.string(),
  here: z.string(),
  by: z.enum(['guid', 'name']),
  differs: z.string().nullable(),
});
/** A code or group added under another name, because one of ours that is a different one has its name. */
const MergeRenamed = z.object({ name: z.string(), as: z.string(), why: z.string() });
/** What merging a project (Quire or REFI-QDA) into this one adds, reuses and leaves out: the preview, and then what it did. */
export const MergeSummary = z.object({
  file: z.string(),
  documents: z.object({
    added: z.array(z.string()),
    present: z.array(z.object({ name: z.string(), here: z.string() })),
  }),
  codes: z.object({ merged: z.array(MergeMatched), added: z.array(z.string()), renamed: z.array(MergeRenamed) }),
  groups: z.object({ merged: z.array(MergeMatched), added: z.array(z.string()), renamed: z.array(MergeRenamed) }),
  coders: z.object({ added: z.array(z.string()), matched: z.array(z.string()) }),
  codings: z.object({
    added: z.number().int(),
    present: z.number().int(),
    byCoder: z.array(z.object({ coder: z.string(), added: z.number().int(), present: z.number().int() })),
  }),
  /** New memos, and the memos here that the file's text was appended to (never replaced). */
  memos: z.object({ added: z.number().int(), appended: z.array(z.string()) }),
  notes: z.array(z.string()),
  /** What cannot be carried over, in plain words. */
  skipped: z.array(z.string()),
  /** Codings added that may sit a few characters off their passage (the notes say why), to check. */
  uncertain: z.array(UncertainCoding),
});
export type MergeSummary = z.infer<typeof MergeSummary>;

/** The exchange methods. */
export const exchangeContract = {
  importRefiQda: method(MergeSource, RefiImportReport, {
    changes: ['documents', 'codings', 'codebook', 'attributes', 'memos'],
  }),
  previewMerge: method(MergeSource, MergeSummary),
  mergeProject: method(MergeSource, MergeSummary, {
    changes: ['documents', 'codings', 'codebook', 'attributes', 'memos'],
  }),
} as const satisfies ContractSlice;
