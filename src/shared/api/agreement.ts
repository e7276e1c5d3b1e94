// Intercoder agreement: the figures, the passages two coders differ on, and
// settling them.
import { z } from 'zod';
import { type ContractSlice, Id, Name, method, SetScope } from './common.ts';
import { SEGMENT_OVERLAP } from '../agreement.ts';

/** Intercoder agreement: per code point of the text (each one a unit per code), or per coded segment (MAXQDA's way). */
export const AgreementLevel = z.enum(['character', 'segment']);
export type AgreementLevel = z.infer<typeof AgreementLevel>;
/** Coder names, at least two and all different. */
export const ComparedCoders = z
  .array(Name)
  .min(2, 'choose two coders')
  .max(20)
  .refine((names) => new Set(names).size === names.length, 'choose different coders');
const CoderPair = z.tuple([Name, Name]).refine(([a, b]) => a !== b, 'choose two different coders');
export const AgreementScope = {
  /** The documents compared; by default those every chosen coder has coded (at least one coding each). */
  documentIds: z.array(Id).optional(),
  /** Only the documents of this set (among those chosen). */
  setId: SetScope,
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
      codings: z.array(
        z.object({ id: Id, codeId: Id, start: z.number().int(), end: z.number().int(), quote: z.string() }),
      ),
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
  .refine(
    (v) =>
      v.key !== undefined ||
      (v.documentId !== undefined && v.codeId !== undefined && v.start !== undefined && v.end !== undefined),
    'give the key of a disagreement, or its documentId, codeId, start and end',
  );
export type SettleInput = z.input<typeof SettleInput>;

/** The agreement methods. */
export const agreementContract = {
  agreement: method(AgreementInput, AgreementResult),
  disagreements: method(DisagreementsInput, z.array(Disagreement)),
  settleDisagreement: method(
    SettleInput,
    z.object({ removed: z.number().int(), recoded: z.number().int(), notes: z.array(z.string()) }),
    { changes: ['codings'] },
  ),
} as const satisfies ContractSlice;
