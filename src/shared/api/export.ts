// Exports: the report's preview, files in each format, their progress and cancel.
import { z } from 'zod';
import { AgreementScope, ComparedCoders } from './agreement.ts';
import { CoOccurrenceScope, StanceBase, StanceBy } from './analysis.ts';
import { type ContractSlice, Empty, Id, method, SetScope } from './common.ts';
import { EXPORT_FORMATS } from '../methods.ts';

/** What an export covers: documents (listed, found by a query, else all), codes (listed, else all), and which parts of a report. */
export const ExportChoices = z.object({
  documentIds: z.array(Id).optional(),
  /** Only the documents of this set (among those listed or found). */
  setId: SetScope,
  query: z.string().max(10_000).optional(),
  variants: z.boolean().optional(),
  codeIds: z.array(Id).optional(),
  title: z.string().max(300).optional(),
  include: z
    .object({
      /** Each document's text with its coded passages. */
      text: z.boolean().default(true),
      memos: z.boolean().default(true),
      matrix: z.boolean().default(true),
      /** A section per code with its passages: the quote table. */
      quotes: z.boolean().default(true),
      codebook: z.boolean().default(true),
      /** The intercoder agreement table, when at least two coders have codings. */
      agreement: z.boolean().default(false),
      /** The stance overview (table and chart) of the groups in `stance`; off unless asked for. */
      stance: z.boolean().optional(),
      /** The code co-occurrence matrix; off unless asked for. */
      cooccurrence: z.boolean().optional(),
    })
    .prefault({}),
  paper: z.enum(['A4', 'Letter']).default('A4'),
  /** The stance overview's groups (by default every exclusive group) and rows. */
  stance: z
    .object({ groupIds: z.array(Id).optional(), by: StanceBy.default('document'), base: StanceBase.default('coded') })
    .optional(),
  /** Where the co-occurrence matrix counts two codes together. */
  cooccurrence: z.object({ scope: CoOccurrenceScope.default('overlap') }).optional(),
  /** Whose agreement the report's section and the agreement CSV show (by default the two coders with the most codings), and how it is counted. */
  agreement: z
    .object({ coders: ComparedCoders.optional(), level: AgreementScope.level, overlap: AgreementScope.overlap })
    .optional(),
});
export type ExportChoices = z.output<typeof ExportChoices>;

export const ExportFormat = z.enum(EXPORT_FORMATS);
export type ExportFormat = z.infer<typeof ExportFormat>;

export const ExportResult = z.object({
  format: ExportFormat,
  /** Where the file was written, when a path was given. */
  path: z.string().nullable(),
  /** A file name to offer when saving. */
  name: z.string(),
  bytes: z.number().int(),
  /** The file itself (base64) when no path was given: the browser saves it. */
  base64: z.string().nullable(),
  /** What the file leaves out or could not carry, for the user to know. */
  notes: z.array(z.string()),
});
export type ExportResult = z.infer<typeof ExportResult>;

export const ExportProgress = z.object({
  running: z.boolean(),
  done: z.number().int(),
  total: z.number().int(),
  current: z.string(),
});
export type ExportProgress = z.infer<typeof ExportProgress>;

/** The export methods. */
export const exportContract = {
  previewReport: method(ExportChoices, z.object({ html: z.string() })),
  exportFile: method(ExportChoices.extend({ format: ExportFormat, path: z.string().min(1).optional() }), ExportResult, {
    progress: 'export',
  }),
  exportProgress: method(Empty, ExportProgress),
  cancelExport: method(Empty, Empty),
} as const satisfies ContractSlice;
