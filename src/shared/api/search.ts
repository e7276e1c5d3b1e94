// Full-text search of the corpus, and finding words in one document.
import { z } from 'zod';
import { AttributeFilter, type ContractSlice, Id, IsoDate, MarkedText, Span, method, SetScope } from './common.ts';
import { DocumentSummary } from './documents.ts';

export const SearchInput = z.object({
  query: z.string().max(10_000),
  /** Expand every plain word to its spelling variants, as if each had `~`. */
  variants: z.boolean().default(false),
  source: z.string().optional(),
  attribute: AttributeFilter.optional(),
  setId: SetScope,
  dateFrom: IsoDate.optional(),
  dateTo: IsoDate.optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(20),
  /**
   * A first look, fast at any size: when a query has more hits than a ranking window, its pages are ranked among the
   * newest hits of the window only and its total is estimated (said in the output's `quick`). Off: every hit ranked
   * and counted.
   */
  quick: z.boolean().default(false),
  /**
   * With `quick`: when ranking would first have to count the documents of words found in very many (hundreds of
   * thousands, in a large project), list the newest hits, newest first and unranked, at once (said in the output's
   * `unranked`); the same search without it ranks them.
   */
  rankLater: z.boolean().default(false),
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
  /**
   * Present when a quick search did not rank every hit: the results are ranked among the `rankedAmong` newest hits
   * (with the scores a full ranking gives them), and `total` is an estimate, from how densely those hits occur among
   * the newest documents. Absent when every hit was ranked and counted.
   */
  quick: z.object({ rankedAmong: z.number().int() }).optional(),
  /**
   * Present when the results are the newest hits, newest first and not ranked (asked with `rankLater`; scores are
   * 0): ranking them would first count the documents that hold each of `words` (commonest first, each with about
   * how many documents hold it, to three figures). `quick` is there too when the total is an estimate, and says how
   * many newest hits a quick search would rank.
   */
  unranked: z.object({ words: z.array(z.object({ text: z.string(), documents: z.number().int() })) }).optional(),
});
export type SearchOutput = z.infer<typeof SearchOutput>;

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

/** The search methods. */
export const searchContract = {
  search: method(SearchInput, SearchOutput),
  findInDocument: method(FindInDocumentInput, FindInDocumentOutput),
} as const satisfies ContractSlice;
