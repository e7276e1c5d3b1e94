// The analyst's toolkit: code queries (codes joined by AND, OR, NOT, NEAR,
// FOLLOWED BY), keyword in context, and word frequencies with keyness.
// Handlers: src/main/core/analysis/handlers.ts (analystHandlers).
import { z } from 'zod';
import { AttributeFilter, type ContractSlice, Id, Name, method, SetScope } from './common.ts';
import { CodedSegment } from './analysis.ts';
import { Code } from './coding.ts';

/** Where AND and NOT look for the other code: overlapping passages, or the same paragraph. */
export const QueryWithin = z.enum(['overlap', 'paragraph']);
/** How far NEAR and FOLLOWED BY look: paragraphs apart (0: the same paragraph) or characters between. */
export const QueryDistance = z.object({
  n: z.number().int().min(0).max(100_000),
  unit: z.enum(['paragraph', 'character']),
});
export type QueryDistance = z.infer<typeof QueryDistance>;
export const CodeQueryInput = z.object({
  /** Codes by name joined by AND, OR, NOT, NEAR, FOLLOWED BY, as `"Belarus neutral" AND Sanctions`. */
  query: z.string().max(10_000),
  within: QueryWithin.default('overlap'),
  distance: QueryDistance.default({ n: 1, unit: 'paragraph' }),
  documentIds: z.array(Id).optional(),
  /** Only documents with this value of an attribute. */
  attribute: AttributeFilter.optional(),
  setId: SetScope,
  /** Only these coders' codings (by name); the viewer's own only when coding blind. */
  coders: z.array(z.string()).optional(),
  /** The segments listed with their context (`total` counts them all). */
  limit: z.number().int().min(1).max(100_000).default(1000),
});
export type CodeQueryInput = z.input<typeof CodeQueryInput>;
export const CodeQueryResult = z.object({
  /** The query as it was read, every grouping and distance written out. */
  query: z.string(),
  /** What it finds, in words: how the query was read. */
  readAs: z.string(),
  /** What was read otherwise than typed (a name in another case). */
  notes: z.array(z.string()),
  total: z.number().int(),
  documents: z.number().int(),
  segments: z.array(CodedSegment),
});
export type CodeQueryResult = z.infer<typeof CodeQueryResult>;
export const SaveCodeQueryInput = CodeQueryInput.omit({ limit: true }).extend({
  name: Name,
  parentId: Id.nullable().optional(),
});

/** Characters of context on each side of a concordance's hits (cut back to whole words). */
const KwicWidth = z.number().int().min(10).max(1000).default(60);

/** Lines of a concordance come from a search (its hits, exactly as search finds them) or from a code (its coded passages). */
export const KwicInput = z
  .object({
    query: z.string().max(10_000).optional(),
    variants: z.boolean().default(false),
    codeId: Id.optional(),
    width: KwicWidth,
    sort: z.enum(['document', 'left', 'right']).default('document'),
    attribute: AttributeFilter.optional(),
    /** Only the documents of this document set. */
    setId: SetScope,
    coders: z.array(z.string()).optional(),
    limit: z.number().int().min(1).max(200_000).default(2000),
    /**
     * Only the first this many lines come with their text (`lines`), the rest by their place (`more`), for a screen
     * that shows a few of ten thousand and asks kwicTexts for the others as they come into view. Every line has its
     * text without it.
     */
    texts: z.number().int().min(0).optional(),
  })
  .refine((v) => (v.query === undefined) !== (v.codeId === undefined), 'give either a search query or a code');
export type KwicInput = z.input<typeof KwicInput>;
export const KwicLine = z.object({
  /** The line's document: its title is in the result's `titles`, once per document however many lines it has. */
  documentId: Id,
  /** The hit's place in the document's text (code points). */
  start: z.number().int(),
  /** A line of a code's passage: the coding, to open it in the reader. */
  codingId: Id.nullable(),
  end: z.number().int(),
  left: z.string(),
  hit: z.string(),
  right: z.string(),
});
export type KwicLine = z.infer<typeof KwicLine>;
/** A concordance line by its place alone: [documentId, start, end, codingId], as in KwicLine (four numbers, not an object: ten thousand of them go to the screen at once). */
export const KwicPlace = z.tuple([Id, z.number().int(), z.number().int(), Id.nullable()]);
export type KwicPlace = z.infer<typeof KwicPlace>;
/** The text of concordance lines given by their place (a concordance's `more`), at the width it was made with. */
export const KwicTextsInput = z.object({
  lines: z.array(z.tuple([Id, z.number().int().min(0), z.number().int().min(0)])).max(5000),
  width: KwicWidth,
  /**
   * The stamp of the block these lines are of (every line of it given by place): the lines' text is given only if
   * their documents' texts are still those the concordance was made of.
   */
  stamp: z.string().max(100),
});
export type KwicTextsInput = z.input<typeof KwicTextsInput>;
export const KwicTexts = z.object({
  /** Each line's text, in the order asked, as the concordance gives it. */
  texts: z.array(KwicLine.pick({ left: true, hit: true, right: true })),
  /** The title of each of their documents, by document id. */
  titles: z.record(z.string(), z.string()),
});
export type KwicTexts = z.infer<typeof KwicTexts>;
export const KwicResult = z.object({
  /** What the lines are of, in words: "hits of the search “sanction*”" or "passages coded “Sanctions”". */
  of: z.string(),
  total: z.number().int(),
  documents: z.number().int(),
  /** The lines, in order, with their text: all of them, or the first `texts` the input asked for. */
  lines: z.array(KwicLine),
  /** The lines after `lines` (up to the limit) by their place alone, in order: kwicTexts gives their text. */
  more: z.array(KwicPlace),
  /**
   * For each block of KWIC_TEXT_BLOCK lines (shared/kwic.ts) (lines 0–499 of `lines` then `more`, and so on) a stamp of the texts of
   * the documents its lines by place are of ('' for a block with none): kwicTexts is given it back with them.
   */
  stamps: z.array(z.string()),
  /** The title of each document the lines with their text are of (as the library shows it), by document id. */
  titles: z.record(z.string(), z.string()),
  /** How the search was read, and what was left out and why. */
  notes: z.array(z.string()),
});
export type KwicResult = z.infer<typeof KwicResult>;

/** The documents a word count covers: all (within the attribute), or the text coded with a code. */
export const WordScope = z.object({
  attribute: AttributeFilter.optional(),
  codeId: Id.optional(),
  documentIds: z.array(Id).optional(),
});
export type WordScope = z.infer<typeof WordScope>;
export const WordsInput = z.object({
  scope: WordScope.default({}),
  /** A second scope to compare with: each word's keyness (log-likelihood) and effect size (log ratio). */
  compare: WordScope.optional(),
  /** Keep stop words (the, of, и, в…) in the table. */
  keepStopWords: z.boolean().default(false),
  top: z.number().int().min(1).max(10_000).default(100),
  coders: z.array(z.string()).optional(),
});
export type WordsInput = z.input<typeof WordsInput>;
export const WordRow = z.object({
  /** The stem counted, shown as its most frequent form. */
  word: z.string(),
  stem: z.string(),
  count: z.number().int(),
  documents: z.number().int(),
  /** Per 10,000 words of the scope. */
  per10k: z.number(),
  /** In a comparison: the second scope's counts, log-likelihood (G², signed: + when more frequent in the first), log ratio (log2 of relative frequencies). */
  other: z.number().int().optional(),
  otherPer10k: z.number().optional(),
  keyness: z.number().optional(),
  logRatio: z.number().optional(),
});
export type WordRow = z.infer<typeof WordRow>;
const WordScopeSummary = z.object({ label: z.string(), documents: z.number().int(), words: z.number().int() });
export const WordsResult = z.object({
  scope: WordScopeSummary,
  compare: WordScopeSummary.nullable(),
  /** The stop-word languages used, and how each was chosen (the document's language, or detected). */
  languages: z.array(z.object({ code: z.string(), documents: z.number().int(), detected: z.number().int() })),
  rows: z.array(WordRow),
  notes: z.array(z.string()),
});
export type WordsResult = z.infer<typeof WordsResult>;
/** A table of an analysis as a CSV file (base64), named for saving. */
export const AnalysisCsvInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('query'), input: CodeQueryInput }),
  z.object({ kind: z.literal('kwic'), input: KwicInput }),
  z.object({ kind: z.literal('words'), input: WordsInput }),
]);

export const analystContract = {
  codeQuery: method(CodeQueryInput, CodeQueryResult),
  saveCodeQuery: method(
    SaveCodeQueryInput,
    z.object({ code: Code, passages: z.number().int(), documents: z.number().int(), notes: z.array(z.string()) }),
    {
      changes: ['codebook', 'codings'],
    },
  ),
  kwic: method(KwicInput, KwicResult),
  kwicTexts: method(KwicTextsInput, KwicTexts),
  wordFrequencies: method(WordsInput, WordsResult, { progress: 'words' }),
  analysisCsv: method(AnalysisCsvInput, z.object({ name: z.string(), base64: z.string(), rows: z.number().int() })),
} as const satisfies ContractSlice;
