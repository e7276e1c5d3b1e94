// Retrieval and analyses of the codings: coded segments, the code by document
// matrix, stance overviews and code co-occurrence.
import { z } from 'zod';
import { Coding } from './coding.ts';
import { AttributeFilter, type ContractSlice, Id, Span, method, SetScope } from './common.ts';
import { DocumentSummary } from './documents.ts';
import { STANCE_GROUPINGS } from '../methods.ts';

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
  cells: z.array(
    z.object({ codeId: Id, documentId: Id, count: z.number().int(), coded: z.number().int(), share: z.number() }),
  ),
  /** The project's document attributes and each document's values (by document id, then attribute id), for columns by attribute. */
  attributes: z.array(z.object({ id: Id, name: z.string(), choices: z.array(z.string()) })),
  values: z.record(z.string(), z.record(z.string(), z.string())),
});
export type CodeMatrix = z.infer<typeof CodeMatrix>;

/** What a stance overview's rows are: each document, or documents pooled by source, year or month of publication. */
export const StanceGrouping = z.enum(STANCE_GROUPINGS);
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
  setId: SetScope,
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
  setId: SetScope,
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

/** The analysis methods. */
export const analysisContract = {
  codedSegments: method(
    z.object({
      codeIds: z.array(Id).min(1),
      documentIds: z.array(Id).optional(),
      attribute: AttributeFilter.optional(),
      setId: SetScope,
      coders: z.array(z.string()).optional(),
    }),
    z.array(CodedSegment),
  ),
  codeMatrix: method(
    z.object({
      codeIds: z.array(Id).optional(),
      documentIds: z.array(Id).optional(),
      setId: SetScope,
      coders: z.array(z.string()).optional(),
    }),
    CodeMatrix,
  ),
  stanceOverview: method(StanceOverviewInput, StanceOverview),
  coOccurrence: method(CoOccurrenceInput, CoOccurrence),
  coOccurrencePassages: method(CoOccurrencePassagesInput, z.array(CoOccurrencePassage)),
} as const satisfies ContractSlice;
