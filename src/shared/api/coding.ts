// The codebook, codings and memos, the session's coder, orphaned codings,
// and auto-coding from a search.
import { z } from 'zod';
import { Colour, type ContractSlice, Empty, Id, Name, method, SetScope } from './common.ts';

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

/**
 * A placed coding as the reader marks the text with it: where it is, its code,
 * its coder and their memo, without its quote, GUID or date (the quote is the
 * text at start–end, which the reader holds; a listing of 2,000 codings is a
 * sixth of the size).
 */
export const CodingMark = Coding.omit({ guid: true, quote: true, createdAt: true });
export type CodingMark = z.infer<typeof CodingMark>;

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

/** The coder of this session; coding blind, every read shows them only their own codings, counts, memos and history. */
export const CoderSession = z.object({ name: z.string(), blind: z.boolean() });
export type CoderSession = z.infer<typeof CoderSession>;

/** The coding methods. */
export const codingContract = {
  getCoder: method(Empty, CoderSession),
  /** Who codes in this session, and whether they code blind (kept in the project for that coder). */
  setCoder: method(z.object({ name: Name.optional(), blind: z.boolean().optional() }), CoderSession),
  listCoders: method(Empty, z.array(z.object({ name: z.string(), codings: z.number().int() }))),
  getCodebook: method(Empty, Codebook),
  createCode: method(
    z.object({
      name: Name,
      colour: Colour.optional(),
      description: z.string().max(10_000).optional(),
      parentId: Id.nullable().optional(),
    }),
    Code,
    { changes: ['codebook'] },
  ),
  updateCode: method(
    z.object({
      id: Id,
      name: Name.optional(),
      colour: Colour.optional(),
      description: z.string().max(10_000).optional(),
    }),
    Code,
    { changes: ['codebook'] },
  ),
  moveCode: method(z.object({ id: Id, parentId: Id.nullable(), position: z.number().int().min(0) }), Code, {
    changes: ['codebook'],
  }),
  deleteCode: method(
    z.object({ id: Id }),
    z.object({ deletedCodes: z.number().int(), deletedCodings: z.number().int() }),
    { changes: ['codebook', 'codings', 'memos'] },
  ),
  createCodeGroup: method(
    z.object({
      name: Name,
      exclusive: z.boolean().optional(),
      description: z.string().max(10_000).optional(),
      codeIds: z.array(Id).optional(),
      conflicts: ConflictChoice.optional(),
    }),
    CodeGroupResult,
    { changes: ['codebook', 'codings'] },
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
    { changes: ['codebook', 'codings'] },
  ),
  deleteCodeGroup: method(z.object({ id: Id }), Empty, { changes: ['codebook'] }),
  mergeCodes: method(
    z.object({ sourceId: Id, targetId: Id, conflicts: ConflictChoice.optional() }),
    z.object({ moved: z.number().int(), merged: z.number().int(), notes: z.array(z.string()) }),
    { changes: ['codebook', 'codings', 'memos'] },
  ),
  listCodings: method(z.object({ documentId: Id }), z.array(Coding)),
  /** A document's placed codings that the viewer may see, as the reader marks the text: without their quotes. */
  listCodingMarks: method(z.object({ documentId: Id }), z.array(CodingMark)),
  applyCode: method(
    z.object({ documentId: Id, codeId: Id, start: z.number().int().min(0), end: z.number().int().min(1) }),
    CodingResult,
    { changes: ['codings'] },
  ),
  removeCoding: method(z.object({ id: Id }), Empty, { changes: ['codings', 'memos'] }),
  getMemo: method(z.object({ target: MemoTarget, id: Id }), MemoSet),
  setMemo: method(z.object({ target: MemoTarget, id: Id, text: z.string().max(100_000) }), MemoSet, {
    changes: ['memos'],
  }),
  // Editing codings (the reader): a coder's own codings only.
  /**
   * Moves one edge of the coder's own coding: a word wider or narrower (`step`), or to the word boundary nearest
   * `to` (a dragged handle). Refused when the passage would hold two values of an exclusive group.
   */
  resizeCoding: method(
    z
      .object({
        id: Id,
        edge: z.enum(['start', 'end']),
        step: z.enum(['wider', 'narrower']).optional(),
        to: z.number().int().min(0).optional(),
      })
      .refine(
        (v) => (v.step === undefined) !== (v.to === undefined),
        'give either a step or a place to move the edge to',
      ),
    CodingResult,
    { changes: ['codings'] },
  ),
  /** Gives the coder's own coding another code; refused when the passage would hold two values of an exclusive group. */
  recodeCoding: method(z.object({ id: Id, codeId: Id }), CodingResult, { changes: ['codings'] }),
  /** Splits the coder's own coding in two at the word start nearest `at` (code points). */
  splitCoding: method(z.object({ id: Id, at: z.number().int().min(0) }), z.object({ codings: z.array(Coding) }), {
    changes: ['codings'],
  }),
  /** Merges two of the coder's own codings of one code that overlap or touch into one. */
  mergeCodings: method(z.object({ ids: z.tuple([Id, Id]) }), CodingResult, { changes: ['codings', 'memos'] }),
  listOrphans: method(z.object({ documentId: Id.optional() }), z.array(Coding)),
  placeOrphan: method(
    z.object({ id: Id, start: z.number().int().min(0), end: z.number().int().min(1) }),
    CodingResult,
    { changes: ['codings'] },
  ),
  autoCode: method(
    z.object({
      query: z.string().min(1).max(10_000),
      codeId: Id,
      unit: z.enum(['hit', 'sentence']),
      variants: z.boolean().optional(),
      documentIds: z.array(Id).optional(),
      setId: SetScope,
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
    { changes: ['codings'], readsOnly: (input) => input.preview === true },
  ),
} as const satisfies ContractSlice;
