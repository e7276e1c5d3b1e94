// Documents: the library's list, one document's text and details, corrections,
// deletion, a new version of a text, and cleaning up what news databases add.
import { z } from 'zod';
import { AttributeFilter, type ContractSlice, Empty, Id, IsoDate, method, SetScope } from './common.ts';

export const DocumentSummary = z.object({
  id: Id,
  guid: z.string(),
  title: z.string().nullable(),
  /**
   * What to show as the title: the title; for a document without one, a title derived from its text
   * (its headline-like first line or first sentence, shortened: titleDerived), or else its file name.
   */
  displayTitle: z.string(),
  /** The displayTitle was derived from the text, not found as its headline: shown as such beside the details. */
  titleDerived: z.boolean(),
  source: z.string().nullable(),
  author: z.string().nullable(),
  published: z.string().nullable(),
  filename: z.string().nullable(),
  charCount: z.number().int(),
  importedAt: z.string(),
  /** Codings placed in the document, by every coder. */
  codingCount: z.number().int(),
});
export type DocumentSummary = z.infer<typeof DocumentSummary>;

export const DocumentDetail = DocumentSummary.extend({
  body: z.string(),
  url: z.string().nullable(),
  language: z.string().nullable(),
  path: z.string().nullable(),
  format: z.string(),
  encoding: z.string(),
  contentHash: z.string(),
  originalHash: z.string(),
  originalSize: z.number().int(),
  importNotes: z.array(z.string()),
  /** Fields the imported file gave that have no column of their own (a news database's section, length, copyright…), in its order. */
  details: z.array(z.object({ name: z.string(), value: z.string() })),
  /** When its text was read by OCR: the languages, mean confidence (0–100), pages read (of a PDF), and the words OCR was unsure of. */
  ocr: z
    .object({
      languages: z.array(z.string()),
      confidence: z.number(),
      pages: z.array(z.number().int()),
      doubtful: z.array(z.tuple([z.number().int(), z.number().int()])),
    })
    .nullable(),
});
export type DocumentDetail = z.infer<typeof DocumentDetail>;

export const DocumentSort = z.enum(['title', 'source', 'published', 'imported']);

export const ListDocumentsInput = z.object({
  /** Instant filter: documents whose title, file name, source or author contain this. */
  text: z.string().max(500).optional(),
  source: z.string().optional(),
  attribute: AttributeFilter.optional(),
  setId: SetScope,
  dateFrom: IsoDate.optional(),
  dateTo: IsoDate.optional(),
  sort: DocumentSort.default('imported'),
  descending: z.boolean().default(false),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(100_000).default(1000),
});
export type ListDocumentsInput = z.input<typeof ListDocumentsInput>;
export const ListDocumentsOutput = z.object({ total: z.number().int(), documents: z.array(DocumentSummary) });
export type ListDocumentsOutput = z.infer<typeof ListDocumentsOutput>;

export const CleanupPreview = z.object({
  documentId: Id,
  title: z.string(),
  /** Each line the rules would remove: its number in the text, its text, the rule. */
  removed: z.array(z.object({ line: z.number().int(), text: z.string(), rule: z.string() })),
});
export type CleanupPreview = z.infer<typeof CleanupPreview>;

/** The documents methods. */
export const documentsContract = {
  listDocuments: method(ListDocumentsInput, ListDocumentsOutput),
  getDocument: method(z.object({ id: Id }), DocumentDetail),
  updateDocument: method(
    z.object({
      id: Id,
      title: z.string().max(1000).optional(),
      source: z.string().max(300).optional(),
      author: z.string().max(300).optional(),
      published: z.union([IsoDate, z.literal('')]).optional(),
      url: z
        .union([z.url({ protocol: /^https?$/, error: 'an address starting with http:// or https://' }), z.literal('')])
        .optional(),
      language: z.string().max(35).optional(),
    }),
    DocumentDetail,
    { changes: ['documents'] },
  ),
  deleteDocuments: method(
    z.object({ ids: z.array(Id).min(1) }),
    z.object({ documents: z.number().int(), codings: z.number().int() }),
    { changes: ['documents', 'codings', 'memos'] },
  ),
  replaceDocument: method(
    z
      .object({
        id: Id,
        path: z.string().min(1).optional(),
        upload: z.object({ name: z.string().min(1).max(255), base64: z.string() }).optional(),
      })
      .refine((v) => (v.path === undefined) !== (v.upload === undefined), 'give either a path or an upload'),
    z.object({ unchanged: z.boolean(), kept: z.number().int(), moved: z.number().int(), orphaned: z.number().int() }),
    { changes: ['documents', 'codings'] },
  ),
  cleanupRules: method(Empty, z.array(z.object({ id: z.string(), label: z.string() }))),
  previewCleanup: method(
    z.object({ documentIds: z.array(Id).optional(), rules: z.array(z.string()).optional() }),
    z.array(CleanupPreview),
  ),
  cleanupDocuments: method(
    z.object({ documentIds: z.array(Id).min(1), rules: z.array(z.string()).optional() }),
    z.object({
      documents: z.number().int(),
      lines: z.number().int(),
      kept: z.number().int(),
      moved: z.number().int(),
      orphaned: z.number().int(),
    }),
    { changes: ['documents', 'codings'] },
  ),
} as const satisfies ContractSlice;
