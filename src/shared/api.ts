// The one contract between the engine and every client (Electron IPC, the
// preload bridge, the browser harness, the renderer). Each method has an input
// and an output schema; inputs are validated wherever they cross a process
// boundary. Adding a method is one entry here plus one engine function.
import { z } from 'zod';
import type { MethodName } from './methods.ts';
import { SEGMENT_OVERLAP } from './agreement.ts';
import { OCR_LANGUAGE_CODES } from './ocr.ts';

export const Id = z.number().int().positive();
export const IsoDate = z
  .string()
  .refine(isRealDate, 'give a date as YYYY, YYYY-MM or YYYY-MM-DD, such as 2022-12-19');

function isRealDate(s: string): boolean {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
  if (!m) return false;
  const [year, month = 1, day = 1] = [Number(m[1]), m[2] ? Number(m[2]) : undefined, m[3] ? Number(m[3]) : undefined];
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

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
  ocr: z.object({ languages: z.array(z.string()), confidence: z.number(), pages: z.array(z.number().int()), doubtful: z.array(z.tuple([z.number().int(), z.number().int()])) }).nullable(),
});
export type DocumentDetail = z.infer<typeof DocumentDetail>;

export const DocumentSort = z.enum(['title', 'source', 'published', 'imported']);
/** Only documents with this value of an attribute (null: those without a value). */
export const AttributeFilter = z.object({ id: Id, value: z.string().max(10_000).nullable() });
export type AttributeFilter = z.infer<typeof AttributeFilter>;

export const ListDocumentsInput = z.object({
  /** Instant filter: documents whose title, file name, source or author contain this. */
  text: z.string().max(500).optional(),
  source: z.string().optional(),
  attribute: AttributeFilter.optional(),
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

/** A half-open [start, end) range in Unicode code points. */
export const Span = z.tuple([z.number().int().min(0), z.number().int().min(0)]);
export type Span = z.infer<typeof Span>;

/** Text with the ranges (code points, relative to `text`) that matched. Never HTML. */
export const MarkedText = z.object({ text: z.string(), marks: z.array(Span) });
export type MarkedText = z.infer<typeof MarkedText>;

export const SearchInput = z.object({
  query: z.string().max(10_000),
  /** Expand every plain word to its spelling variants, as if each had `~`. */
  variants: z.boolean().default(false),
  source: z.string().optional(),
  attribute: AttributeFilter.optional(),
  dateFrom: IsoDate.optional(),
  dateTo: IsoDate.optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(20),
});
export type SearchInput = z.input<typeof SearchInput>;

export const SearchHit = z.object({
  document: DocumentSummary,
  score: z.number(),
  snippet: MarkedText,
  /** Every hit in the document's title and text, in code points. */
  titleHits: z.array(Span),
  hits: z.array(Span),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const Expansion = z.object({ term: z.string(), variants: z.array(z.string()) });
export type Expansion = z.infer<typeof Expansion>;

export const SearchOutput = z.object({
  total: z.number().int(),
  results: z.array(SearchHit),
  /** Spelling variants each fuzzy term was expanded to. */
  expansions: z.array(Expansion),
  /** How the query was read, when it was not taken literally. */
  warnings: z.array(z.string()),
});
export type SearchOutput = z.infer<typeof SearchOutput>;

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

export const FindInDocumentInput = z.object({
  id: Id,
  query: z.string().max(10_000),
  variants: z.boolean().default(false),
});
export const FindInDocumentOutput = z.object({
  titleHits: z.array(Span),
  hits: z.array(Span),
  /** Why hits that were found cannot be shown (the document's search index was made by another version), in words. */
  warning: z.string().optional(),
});
export type FindInDocumentOutput = z.infer<typeof FindInDocumentOutput>;
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

export const CheckReport = z.object({
  ok: z.boolean(),
  documents: z.number().int(),
  problems: z.array(z.string()),
  /** When the file is damaged: what to do (the newest backup that is whole, and how to restore it). */
  advice: z.string().optional(),
});
export type CheckReport = z.infer<typeof CheckReport>;

export const ProjectInfo = z.object({
  path: z.string(),
  guid: z.string(),
  schemaVersion: z.number().int(),
  documents: z.number().int(),
  sources: z.array(z.object({ source: z.string(), documents: z.number().int() })),
  /** The project's file or folder cannot be written: it can be read, searched and exported, not changed. */
  readOnly: z.boolean(),
  /** What the user should know about the project (read-only and why, a backup that could not be made), in their words. */
  notices: z.array(z.string()),
});
export type ProjectInfo = z.infer<typeof ProjectInfo>;

/** A backup beside the project: when and why it was made (daily; before a merge; before an update of the file format). */
export const BackupInfo = z.object({
  name: z.string(),
  kind: z.enum(['daily', 'merge', 'update']),
  madeAt: z.string(),
  bytes: z.number().int(),
  /** Null when the backup cannot be read. */
  documents: z.number().int().nullable(),
});
export type BackupInfo = z.infer<typeof BackupInfo>;
export const BackupList = z.object({ folder: z.string(), keep: z.number().int(), backups: z.array(BackupInfo) });
export type BackupList = z.infer<typeof BackupList>;

export const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb');
export const Name = z.string().trim().min(1, 'a name').max(200);

export const Code = z.object({
  id: Id,
  guid: z.string(),
  parentId: Id.nullable(),
  name: z.string(),
  colour: z.string(),
  description: z.string(),
  position: z.number().int(),
  groupIds: z.array(Id),
  /** Placed codings of this code (as the viewer may see them). */
  codingCount: z.number().int(),
  /** Placed codings of this code and of every code under it. */
  totalCount: z.number().int(),
});
export type Code = z.infer<typeof Code>;

export const CodeGroup = z.object({
  id: Id,
  guid: z.string(),
  name: z.string(),
  description: z.string(),
  /** A dimension such as a stance: a passage holds at most one of its codes. */
  exclusive: z.boolean(),
  codeIds: z.array(Id),
});
export type CodeGroup = z.infer<typeof CodeGroup>;

export const Codebook = z.object({ codes: z.array(Code), groups: z.array(CodeGroup) });
export type Codebook = z.infer<typeof Codebook>;

export const Coding = z.object({
  id: Id,
  guid: z.string(),
  documentId: Id,
  codeId: Id,
  coder: z.string(),
  /** Half-open, in code points of the document's text. */
  start: z.number().int(),
  end: z.number().int(),
  quote: z.string(),
  createdAt: z.string(),
  memo: z.string().nullable(),
});
export type Coding = z.infer<typeof Coding>;

/** A coding written by applying a code (or placing an orphan), and what that did to the coder's other codings. */
export const CodingResult = z.object({
  coding: Coding,
  /** The coder's codings this one removed or cut back (another value of an exclusive group on the same text). */
  replaced: z.array(Id),
  /** What happened besides the coding, in the user's words ("Replaced ‘A’ with ‘B’ on this passage — one value per passage in ‘G’"). */
  notes: z.array(z.string()),
});
export type CodingResult = z.infer<typeof CodingResult>;

/**
 * What a change to the codebook does when it would give passages two values
 * of an exclusive group by the same coder: refuse, listing them (the
 * default: the error's code is 'exclusive_conflict'), or keep the latest
 * value on each passage (the later coding keeps the shared text).
 */
export const ConflictChoice = z.enum(['refuse', 'keep-latest']);
export type ConflictChoice = z.infer<typeof ConflictChoice>;

/** A group written, and what else that did in words (passages that kept their latest value). */
export const CodeGroupResult = CodeGroup.extend({ notes: z.array(z.string()) });

export const MemoTarget = z.enum(['document', 'code', 'coding']);
export type MemoTarget = z.infer<typeof MemoTarget>;
export const Memo = z.object({
  id: Id,
  guid: z.string(),
  target: MemoTarget,
  targetId: Id,
  text: z.string(),
  coder: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Memo = z.infer<typeof Memo>;
/** The memos on one document, code or coding that the viewer may see: each coder writes their own. */
export const MemoSet = z.object({ mine: Memo.nullable(), others: z.array(Memo) });
export type MemoSet = z.infer<typeof MemoSet>;

export const HistoryEntry = z.object({
  id: Id,
  at: z.string(),
  command: z.string(),
  description: z.string(),
  coder: z.string().nullable(),
  undone: z.boolean(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const CodedSegment = z.object({
  coding: Coding,
  code: z.object({ id: Id, name: z.string(), colour: z.string() }),
  document: DocumentSummary,
  /** Text just before and after the passage (an ellipsis where it was cut). */
  before: z.string(),
  after: z.string(),
});
export type CodedSegment = z.infer<typeof CodedSegment>;

export const CodeMatrix = z.object({
  codes: z.array(z.object({ id: Id, name: z.string(), colour: z.string() })),
  documents: z.array(DocumentSummary),
  /** Only cells with codings; `coded` is in code points, `share` of the document's text (0–1). */
  cells: z.array(z.object({ codeId: Id, documentId: Id, count: z.number().int(), coded: z.number().int(), share: z.number() })),
  /** The project's document attributes and each document's values (by document id, then attribute id), for columns by attribute. */
  attributes: z.array(z.object({ id: Id, name: z.string(), choices: z.array(z.string()) })),
  values: z.record(z.string(), z.record(z.string(), z.string())),
});
export type CodeMatrix = z.infer<typeof CodeMatrix>;

/** Intercoder agreement: per code point of the text (each one a unit per code), or per coded segment (MAXQDA's way). */
export const AgreementLevel = z.enum(['character', 'segment']);
export type AgreementLevel = z.infer<typeof AgreementLevel>;
/** Coder names, at least two and all different. */
const ComparedCoders = z
  .array(Name)
  .min(2, 'choose two coders')
  .max(20)
  .refine((names) => new Set(names).size === names.length, 'choose different coders');
const CoderPair = z.tuple([Name, Name]).refine(([a, b]) => a !== b, 'choose two different coders');
const AgreementScope = {
  /** The documents compared; by default those every chosen coder has coded (at least one coding each). */
  documentIds: z.array(Id).optional(),
  /** The codes compared; by default every code either coder used in those documents. */
  codeIds: z.array(Id).optional(),
  level: AgreementLevel.default('character'),
  /**
   * Segment level: two segments of a code match when the text they share is at
   * least this share (0–1) of the text they cover together (MAXQDA's rule and default: see SEGMENT_OVERLAP).
   */
  overlap: z.number().gt(0, 'an overlap above 0%').max(1, 'an overlap of at most 100%').default(SEGMENT_OVERLAP),
};
export const AgreementInput = z.object({ coders: ComparedCoders, ...AgreementScope });
export type AgreementInput = z.input<typeof AgreementInput>;

/** Agreement figures for one code, or all together. Null where a figure is undefined (never NaN). */
export const AgreementFigures = z.object({
  /** Characters (code points) at character level, each coder's segments at segment level. */
  units: z.number().int(),
  /** Units on which the first two coders agree (both coded, or at character level both did not). */
  agreements: z.number().int(),
  /** Units only the first coder coded, and only the second. */
  onlyFirst: z.number().int(),
  onlySecond: z.number().int(),
  /** 0–100. */
  percent: z.number().nullable(),
  /** Cohen's kappa of the first two coders (character level); Brennan and Prediger's kappa for all codes together (segment level). */
  kappa: z.number().nullable(),
  /** Krippendorff's alpha (nominal) of all the coders; character level only. */
  alpha: z.number().nullable(),
});
export type AgreementFigures = z.infer<typeof AgreementFigures>;
const CodeRef = z.object({ id: Id, name: z.string(), colour: z.string() });
export const AgreementResult = z.object({
  coders: z.array(z.string()),
  level: AgreementLevel,
  /** The segment level's overlap threshold (0–1); null at character level. */
  overlap: z.number().nullable(),
  documentIds: z.array(Id),
  codes: z.array(AgreementFigures.extend({ code: CodeRef })),
  overall: AgreementFigures,
  /**
   * Segment level: the pairs of segments of a code (one by each of the first two coders) that
   * share text but less than the threshold, so count as unmatched; the closest first. Empty at character level.
   */
  nearMisses: z.array(
    z.object({
      document: z.object({ id: Id, title: z.string() }),
      code: CodeRef,
      /** The text both cover, as a share (0–1) of the text the two cover together. */
      overlap: z.number(),
      /** Why they did not match, in words: "ana’s and ben’s “Troops” overlap 86% — below the 90% threshold." */
      reason: z.string(),
    }),
  ),
  /** How the figures were computed and what they leave out, in plain words. */
  notes: z.array(z.string()),
});
export type AgreementResult = z.infer<typeof AgreementResult>;

export const DisagreementsInput = z.object({ coders: CoderPair, ...AgreementScope });
/**
 * A passage where two coders differ, listed once with every code involved: the
 * stretch their differing codings cover, and each coder's codings there (none
 * for a coder who coded nothing there). A stance coded “neutral” by one coder
 * and “complicit” by the other is one disagreement with both codes.
 */
export const Disagreement = z.object({
  /** Identifies the passage while its codings stay as they are. */
  key: z.string(),
  document: z.object({ id: Id, title: z.string() }),
  /** The codes the coders differ on here, in the codebook's order. */
  codes: z.array(CodeRef).min(1),
  start: z.number().int(),
  end: z.number().int(),
  coders: z.array(
    z.object({
      name: z.string(),
      codings: z.array(z.object({ id: Id, codeId: Id, start: z.number().int(), end: z.number().int(), quote: z.string() })),
    }),
  ),
  /** How the two differ here, one sentence per code or pair of codes ("ana’s and ben’s “Troops” overlap 86% — below the 90% threshold."). */
  reasons: z.array(z.string()).min(1),
});
export type Disagreement = z.infer<typeof Disagreement>;

const SettleUnit = {
  coders: CoderPair,
  /** The passage by the key `disagreements` gave, or by its place: a document, one of its codes, and a stretch of text. */
  key: z.string().max(100_000).optional(),
  documentId: Id.optional(),
  codeId: Id.optional(),
  start: z.number().int().min(0).optional(),
  end: z.number().int().min(1).optional(),
  /** How the list that showed the passage was counted (a passage at one level may not be one at the other). */
  level: AgreementScope.level,
  overlap: AgreementScope.overlap,
};
export const SettleInput = z
  .discriminatedUnion('action', [
    /** Keep this coder's codings of the unit; the other coder's are removed. */
    z.object({ ...SettleUnit, action: z.literal('keep'), keepCoder: Name }),
    /** Keep everything as it is. */
    z.object({ ...SettleUnit, action: z.literal('both') }),
    /** Give one of the unit's codings another code. */
    z.object({ ...SettleUnit, action: z.literal('recode'), codingId: Id, newCodeId: Id }),
  ])
  .refine((v) => v.key !== undefined || (v.documentId !== undefined && v.codeId !== undefined && v.start !== undefined && v.end !== undefined), 'give the key of a disagreement, or its documentId, codeId, start and end');
export type SettleInput = z.input<typeof SettleInput>;

/** What a stance overview's rows are: each document, or documents pooled by source, year or month of publication. */
export const StanceGrouping = z.enum(['document', 'source', 'year', 'month']);
export type StanceGrouping = z.infer<typeof StanceGrouping>;
/** What a stance overview's rows are: documents, sources, years, months, or the values of a document attribute ("attribute:3"). */
export const StanceBy = z.union([StanceGrouping, z.templateLiteral(['attribute:', z.number().int().positive()])]);
export type StanceBy = z.infer<typeof StanceBy>;

/**
 * What a stance overview's shares are of: the row's coded text (text coded with any value of the group: which way the
 * coded text leans), or all of its text (how much of it is coded each way).
 */
export const StanceBase = z.enum(['coded', 'all']);
export type StanceBase = z.infer<typeof StanceBase>;

export const StanceOverviewInput = z.object({
  groupId: Id,
  by: StanceBy.default('document'),
  base: StanceBase.default('coded'),
  documentIds: z.array(Id).optional(),
  /** Only the documents with this value of an attribute. */
  attribute: AttributeFilter.optional(),
  /** Count only these coders' codings (by name); all coders' codings are pooled otherwise. */
  coders: z.array(z.string()).optional(),
});

/** One row of a stance overview. Lengths are in code points of the row's text. */
export const StanceRow = z.object({
  key: z.string(),
  label: z.string(),
  documentIds: z.array(Id),
  /** The length of the row's text: its documents' lengths added. */
  chars: z.number().int(),
  /** One per code of the group, in the group's order. */
  values: z.array(
    z.object({
      codeId: Id,
      /** Text coded with this value by any of the coders counted (each character once). */
      coded: z.number().int(),
      /** `coded` over the row's coded text (`codedChars`), or over all of it (`chars`), as the overview's base says (0–1). */
      share: z.number(),
      /** Text coded with this value and no other value of the group. */
      alone: z.number().int(),
      /** Codings of this value (a passage coded by two coders counts twice). */
      passages: z.number().int(),
    }),
  ),
  /** Text coded with more than one value of the group (coders disagree, or the group is not exclusive). */
  several: z.number().int(),
  /** Text coded with none of the group's values. */
  uncoded: z.number().int(),
  /** Text coded with any of the group's values (`chars` less `uncoded`): the base of the shares of coded text. */
  codedChars: z.number().int(),
  /** The value covering the most text; null when nothing is coded or two values tie. */
  dominant: Id.nullable(),
});
export type StanceRow = z.infer<typeof StanceRow>;

export const StanceOverview = z.object({
  group: z.object({ id: Id, name: z.string(), exclusive: z.boolean() }),
  by: StanceBy,
  /** What the rows are, in words: "Document", "Source", "Outlet type". */
  byLabel: z.string(),
  base: StanceBase,
  codes: z.array(z.object({ id: Id, name: z.string(), colour: z.string() })),
  /** The coders whose codings were counted. */
  coders: z.array(z.string()),
  rows: z.array(StanceRow),
  /** Every chosen document together. */
  total: StanceRow,
  /** By document: the chosen documents with none of the group's codes, left out of `rows` (still in `total`). */
  uncodedDocuments: z.number().int(),
});
export type StanceOverview = z.infer<typeof StanceOverview>;

/** Where two codes co-occur: in overlapping passages, or anywhere in the same paragraph. */
export const CoOccurrenceScope = z.enum(['overlap', 'paragraph']);
export type CoOccurrenceScope = z.infer<typeof CoOccurrenceScope>;

export const CoOccurrenceInput = z.object({
  scope: CoOccurrenceScope.default('overlap'),
  /** The codes to compare; without it, every code with a passage in the chosen documents. */
  codeIds: z.array(Id).optional(),
  documentIds: z.array(Id).optional(),
  /** Only the documents with this value of an attribute ("only the state outlets"). */
  attribute: AttributeFilter.optional(),
  coders: z.array(z.string()).optional(),
});

export const CoOccurrence = z.object({
  scope: CoOccurrenceScope,
  codes: z.array(z.object({ id: Id, name: z.string(), colour: z.string() })),
  /**
   * counts[i][j] for codes i and j, symmetric. Off the diagonal: overlapping
   * pairs of passages (overlap) or paragraphs holding both (paragraph). On the
   * diagonal: the code's own passages (overlap) or paragraphs holding it (paragraph).
   */
  counts: z.array(z.array(z.number().int())),
});
export type CoOccurrence = z.infer<typeof CoOccurrence>;

export const CoOccurrencePassagesInput = CoOccurrenceInput.omit({ codeIds: true }).extend({ codeA: Id, codeB: Id });

/** Where two codes co-occur: the text, with each code's ranges marked (code points, relative to `text`). */
export const CoOccurrencePassage = z.object({
  document: DocumentSummary,
  /** The passage shown, in code points of the document: both codings' extent, or the paragraph. */
  start: z.number().int(),
  end: z.number().int(),
  text: z.string(),
  /** Context around an overlap (an ellipsis where it was cut); empty for a paragraph. */
  before: z.string(),
  after: z.string(),
  a: z.array(Span),
  b: z.array(Span),
  /** A coding of the first code here, to open the passage in the reader. */
  codingId: Id,
});
export type CoOccurrencePassage = z.infer<typeof CoOccurrencePassage>;

/** What an export covers: documents (listed, found by a query, else all), codes (listed, else all), and which parts of a report. */
export const ExportChoices = z.object({
  documentIds: z.array(Id).optional(),
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
  stance: z.object({ groupIds: z.array(Id).optional(), by: StanceBy.default('document'), base: StanceBase.default('coded') }).optional(),
  /** Where the co-occurrence matrix counts two codes together. */
  cooccurrence: z.object({ scope: CoOccurrenceScope.default('overlap') }).optional(),
  /** Whose agreement the report's section and the agreement CSV show (by default the two coders with the most codings), and how it is counted. */
  agreement: z
    .object({ coders: ComparedCoders.optional(), level: AgreementScope.level, overlap: AgreementScope.overlap })
    .optional(),
});
export type ExportChoices = z.output<typeof ExportChoices>;

export const ExportFormat = z.enum(['pdf', 'html', 'md', 'docx', 'csv', 'qdc', 'qdpx', 'ris', 'csl-json', 'attributes-csv', 'agreement-csv']);
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

export const ExportProgress = z.object({ running: z.boolean(), done: z.number().int(), total: z.number().int(), current: z.string() });
export type ExportProgress = z.infer<typeof ExportProgress>;

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
const MergeMatched = z.object({ name: z.string(), here: z.string(), by: z.enum(['guid', 'name']), differs: z.string().nullable() });
/** A code or group added under another name, because one of ours that is a different one has its name. */
const MergeRenamed = z.object({ name: z.string(), as: z.string(), why: z.string() });
/** What merging a project (Quire or REFI-QDA) into this one adds, reuses and leaves out: the preview, and then what it did. */
export const MergeSummary = z.object({
  file: z.string(),
  documents: z.object({ added: z.array(z.string()), present: z.array(z.object({ name: z.string(), here: z.string() })) }),
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
const MergeSource = z
  .object({ path: z.string().min(1).optional(), upload: z.object({ name: z.string().min(1).max(255), base64: z.string() }).optional() })
  .refine((v) => (v.path === undefined) !== (v.upload === undefined), 'give either a path or an upload');

export const CleanupPreview = z.object({
  documentId: Id,
  title: z.string(),
  /** Each line the rules would remove: its number in the text, its text, the rule. */
  removed: z.array(z.object({ line: z.number().int(), text: z.string(), rule: z.string() })),
});
export type CleanupPreview = z.infer<typeof CleanupPreview>;

/** A document attribute (NVivo's classification attribute, MAXQDA's document variable): a name, a type and, for a choice, its list. */
export const AttributeType = z.enum(['text', 'number', 'date', 'choice']);
export type AttributeType = z.infer<typeof AttributeType>;
export const Attribute = z.object({
  id: Id,
  guid: z.string(),
  name: z.string(),
  type: AttributeType,
  choices: z.array(z.string()),
  /** How many documents have a value. */
  filled: z.number().int(),
});
export type Attribute = z.infer<typeof Attribute>;
/** A value to set; null or '' clears it. */
export const AttributeValueInput = z.object({ documentId: Id, attributeId: Id, value: z.string().max(10_000).nullable() });
export type AttributeValueInput = z.infer<typeof AttributeValueInput>;
export const SetAttributeValuesResult = z.object({
  changed: z.number().int(),
  /** Of those changed, the values cleared (an empty value over one the document had). */
  cleared: z.number().int(),
  /** Each value its attribute refused, with the reason in words. */
  refused: z.array(z.object({ documentId: Id, attributeId: Id, value: z.string(), reason: z.string() })),
});
export const AttributeTableRow = z.object({ id: Id, displayTitle: z.string(), source: z.string().nullable(), published: z.string().nullable(), values: z.record(z.string(), z.string()) });
export const AttributeTable = z.object({ attributes: z.array(Attribute), total: z.number().int(), rows: z.array(AttributeTableRow) });
export type AttributeTable = z.infer<typeof AttributeTable>;
export const AttributeImportReport = z.object({
  attributes: z.number().int(),
  rows: z.number().int(),
  changed: z.number().int(),
  refused: z.array(z.string()),
  /** Rows naming no document, or more than one: "row 4 (“x.txt”): no document has this File". */
  unmatched: z.array(z.string()),
  /** What Quire decided for columns new to the project (the type it took, and why). */
  notes: z.array(z.string()),
});
export type AttributeImportReport = z.infer<typeof AttributeImportReport>;

/** The coder of this session; coding blind, every read shows them only their own codings, counts, memos and history. */
export const CoderSession = z.object({ name: z.string(), blind: z.boolean() });
export type CoderSession = z.infer<typeof CoderSession>;

const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });
const Empty = z.object({});

/** Every method a client may call (the compiler checks it against methods.ts). */
export const contract = {
  projectInfo: method(z.object({}), ProjectInfo),
  listDocuments: method(ListDocumentsInput, ListDocumentsOutput),
  getDocument: method(z.object({ id: Id }), DocumentDetail),
  search: method(SearchInput, SearchOutput),
  findInDocument: method(FindInDocumentInput, FindInDocumentOutput),
  updateDocument: method(
    z.object({
      id: Id,
      title: z.string().max(1000).optional(),
      source: z.string().max(300).optional(),
      author: z.string().max(300).optional(),
      published: z.union([IsoDate, z.literal('')]).optional(),
      url: z.union([z.url({ protocol: /^https?$/, error: 'an address starting with http:// or https://' }), z.literal('')]).optional(),
      language: z.string().max(35).optional(),
    }),
    DocumentDetail,
  ),
  deleteDocuments: method(z.object({ ids: z.array(Id).min(1) }), z.object({ documents: z.number().int(), codings: z.number().int() })),
  importFiles: method(ImportInput, ImportReport),
  importUploads: method(UploadInput, ImportReport),
  checkProject: method(z.object({}), CheckReport),
  getCoder: method(Empty, CoderSession),
  /** Who codes in this session, and whether they code blind (kept in the project for that coder). */
  setCoder: method(z.object({ name: Name.optional(), blind: z.boolean().optional() }), CoderSession),
  getCodebook: method(Empty, Codebook),
  listAttributes: method(Empty, z.object({ attributes: z.array(Attribute) })),
  createAttribute: method(z.object({ name: Name, type: AttributeType, choices: z.array(z.string().max(200)).max(500).optional() }), Attribute),
  /** Renames, retypes or changes the choices; refused, with the values in the way listed, when a value would no longer fit. */
  updateAttribute: method(
    z.object({ id: Id, name: Name.optional(), type: AttributeType.optional(), choices: z.array(z.string().max(200)).max(500).optional(), rename: z.array(z.object({ from: z.string(), to: z.string() })).optional() }),
    Attribute,
  ),
  deleteAttribute: method(z.object({ id: Id }), z.object({ values: z.number().int() })),
  setAttributeValues: method(z.object({ values: z.array(AttributeValueInput).min(1).max(200_000) }), SetAttributeValuesResult),
  /** Documents with their values, a page at a time, sorted by title or an attribute's value, optionally only those with one value. */
  attributeTable: method(
    z.object({
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(200),
      sortBy: z.union([z.literal('title'), Id]).default('title'),
      descending: z.boolean().default(false),
      where: z.object({ attributeId: Id, value: z.string().nullable() }).optional(),
    }),
    AttributeTable,
  ),
  /** Fills an attribute's empty values from what imports found (a news database's "Section", the language, the outlet). */
  fillAttribute: method(z.object({ attributeId: Id }), SetAttributeValuesResult.extend({ empty: z.number().int() })),
  importAttributes: method(MergeSource, AttributeImportReport),
  createCode: method(z.object({ name: Name, colour: Colour.optional(), description: z.string().max(10_000).optional(), parentId: Id.nullable().optional() }), Code),
  updateCode: method(z.object({ id: Id, name: Name.optional(), colour: Colour.optional(), description: z.string().max(10_000).optional() }), Code),
  moveCode: method(z.object({ id: Id, parentId: Id.nullable(), position: z.number().int().min(0) }), Code),
  deleteCode: method(z.object({ id: Id }), z.object({ deletedCodes: z.number().int(), deletedCodings: z.number().int() })),
  createCodeGroup: method(
    z.object({ name: Name, exclusive: z.boolean().optional(), description: z.string().max(10_000).optional(), codeIds: z.array(Id).optional(), conflicts: ConflictChoice.optional() }),
    CodeGroupResult,
  ),
  updateCodeGroup: method(
    z.object({
      id: Id,
      name: Name.optional(),
      exclusive: z.boolean().optional(),
      description: z.string().max(10_000).optional(),
      codeIds: z.array(Id).optional(),
      conflicts: ConflictChoice.optional(),
    }),
    CodeGroupResult,
  ),
  deleteCodeGroup: method(z.object({ id: Id }), Empty),
  listCodings: method(z.object({ documentId: Id }), z.array(Coding)),
  applyCode: method(z.object({ documentId: Id, codeId: Id, start: z.number().int().min(0), end: z.number().int().min(1) }), CodingResult),
  removeCoding: method(z.object({ id: Id }), Empty),
  getMemo: method(z.object({ target: MemoTarget, id: Id }), MemoSet),
  setMemo: method(z.object({ target: MemoTarget, id: Id, text: z.string().max(100_000) }), MemoSet),
  mergeCodes: method(
    z.object({ sourceId: Id, targetId: Id, conflicts: ConflictChoice.optional() }),
    z.object({ moved: z.number().int(), merged: z.number().int(), notes: z.array(z.string()) }),
  ),
  codedSegments: method(
    z.object({ codeIds: z.array(Id).min(1), documentIds: z.array(Id).optional(), attribute: AttributeFilter.optional(), coders: z.array(z.string()).optional() }),
    z.array(CodedSegment),
  ),
  codeMatrix: method(z.object({ codeIds: z.array(Id).optional(), documentIds: z.array(Id).optional(), coders: z.array(z.string()).optional() }), CodeMatrix),
  listCoders: method(Empty, z.array(z.object({ name: z.string(), codings: z.number().int() }))),
  agreement: method(AgreementInput, AgreementResult),
  disagreements: method(DisagreementsInput, z.array(Disagreement)),
  settleDisagreement: method(SettleInput, z.object({ removed: z.number().int(), recoded: z.number().int(), notes: z.array(z.string()) })),
  stanceOverview: method(StanceOverviewInput, StanceOverview),
  coOccurrence: method(CoOccurrenceInput, CoOccurrence),
  coOccurrencePassages: method(CoOccurrencePassagesInput, z.array(CoOccurrencePassage)),
  autoCode: method(
    z.object({
      query: z.string().min(1).max(10_000),
      codeId: Id,
      unit: z.enum(['hit', 'sentence']),
      variants: z.boolean().optional(),
      documentIds: z.array(Id).optional(),
      preview: z.boolean().optional(),
    }),
    z.object({
      documents: z.number().int(),
      passages: z.number().int(),
      added: z.number().int(),
      /** Passages left uncoded because the coder gave them another value of an exclusive group the code is in. */
      conflicts: z.number().int(),
      /** What was left out and why, in the user's words. */
      notes: z.array(z.string()),
    }),
  ),
  replaceDocument: method(
    z
      .object({ id: Id, path: z.string().min(1).optional(), upload: z.object({ name: z.string().min(1).max(255), base64: z.string() }).optional() })
      .refine((v) => (v.path === undefined) !== (v.upload === undefined), 'give either a path or an upload'),
    z.object({ unchanged: z.boolean(), kept: z.number().int(), moved: z.number().int(), orphaned: z.number().int() }),
  ),
  cleanupRules: method(Empty, z.array(z.object({ id: z.string(), label: z.string() }))),
  previewCleanup: method(z.object({ documentIds: z.array(Id).optional(), rules: z.array(z.string()).optional() }), z.array(CleanupPreview)),
  cleanupDocuments: method(
    z.object({ documentIds: z.array(Id).min(1), rules: z.array(z.string()).optional() }),
    z.object({ documents: z.number().int(), lines: z.number().int(), kept: z.number().int(), moved: z.number().int(), orphaned: z.number().int() }),
  ),
  listOrphans: method(z.object({ documentId: Id.optional() }), z.array(Coding)),
  placeOrphan: method(z.object({ id: Id, start: z.number().int().min(0), end: z.number().int().min(1) }), CodingResult),
  importRefiQda: method(MergeSource, RefiImportReport),
  previewMerge: method(MergeSource, MergeSummary),
  mergeProject: method(MergeSource, MergeSummary),
  previewReport: method(ExportChoices, z.object({ html: z.string() })),
  exportFile: method(ExportChoices.extend({ format: ExportFormat, path: z.string().min(1).optional() }), ExportResult),
  exportProgress: method(Empty, ExportProgress),
  cancelExport: method(Empty, Empty),
  undo: method(Empty, z.object({ undone: HistoryEntry.nullable() })),
  redo: method(Empty, z.object({ redone: HistoryEntry.nullable() })),
  history: method(z.object({ limit: z.number().int().min(1).max(10_000).default(100) }), z.array(HistoryEntry)),
  /** The project's backups beside it, newest first. */
  listBackups: method(Empty, BackupList),
  /** Makes a new project file `to` from a backup (by name or number in the list); never writes over an existing file. */
  restoreBackup: method(z.object({ name: z.string().min(1), to: z.string().min(1) }), z.object({ path: z.string(), backup: z.string(), documents: z.number().int() })),
  // -- Editing codings (reader) ------------------------------------------------
  /**
   * Moves one edge of the coder's own coding: a word wider or narrower (`step`), or to the word boundary nearest
   * `to` (a dragged handle). Refused when the passage would hold two values of an exclusive group.
   */
  resizeCoding: method(
    z
      .object({ id: Id, edge: z.enum(['start', 'end']), step: z.enum(['wider', 'narrower']).optional(), to: z.number().int().min(0).optional() })
      .refine((v) => (v.step === undefined) !== (v.to === undefined), 'give either a step or a place to move the edge to'),
    CodingResult,
  ),
  /** Gives the coder's own coding another code; refused when the passage would hold two values of an exclusive group. */
  recodeCoding: method(z.object({ id: Id, codeId: Id }), CodingResult),
  /** Splits the coder's own coding in two at the word start nearest `at` (code points). */
  splitCoding: method(z.object({ id: Id, at: z.number().int().min(0) }), z.object({ codings: z.array(Coding) })),
  /** Merges two of the coder's own codings of one code that overlap or touch into one. */
  mergeCodings: method(z.object({ ids: z.tuple([Id, Id]) }), CodingResult),
} as const satisfies Record<MethodName, { input: z.ZodType; output: z.ZodType }>;

export type Contract = typeof contract;
export type { MethodName };
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.infer<Contract[M]['output']>;
/** The API as a client sees it: one async function per method. */
export type QuireApi = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };
