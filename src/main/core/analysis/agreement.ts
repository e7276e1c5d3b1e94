// Intercoder agreement between coders over chosen documents and codes, the
// passages where two coders differ, and settling them.
//
// Two levels:
// - Character: every code point of every chosen document is a unit, once per
//   code: coded or not by each coder (as NVivo's coding comparison counts).
//   Percent agreement and Cohen's kappa compare the first two coders;
//   Krippendorff's alpha (nominal) takes all of them. Counted with a sweep
//   over the codings' boundaries, never character by character.
// - Segment (MAXQDA's way): every segment of either of the first two coders
//   is a unit; it agrees when the other coder has a segment of the same code
//   whose overlap is at least `overlap` of the text the two cover together.
//   There is no "neither coded" cell at this level, so Cohen's chance term
//   cannot be computed; as MAXQDA does, kappa is Brennan and Prediger's, with
//   chance 1/k for the k codes compared, and only for all codes together.
//   Alpha needs such units too and is left out (null).
//
// A disagreement is a passage where the two coders differ, listed once with
// every code involved (see "Disagreements: passages" below): at character level
// where the text they cover with a code differs, at segment level where a
// segment has no match, each with the reason in words.
import type { AgreementFigures, AgreementLevel, AgreementResult, Disagreement } from '../../../shared/api.ts';
import { toUtf16Index } from '../../../shared/codepoints.ts';
import { QuireError } from '../../../shared/errors.ts';
import { mergeSpans, sweepLayers, type Extent } from '../../../shared/spans.ts';
import { SEGMENT_OVERLAP, shortOverlapText, thresholdText } from '../../../shared/agreement.ts';
import { plural } from '../../../shared/text.ts';
import { deleteCodingRows } from '../coding/codebook.ts';
import { clip, documentText, findCoding } from '../coding/codings.ts';
import { resolveRecoded } from '../coding/exclusive.ts';
import { foldCoding } from '../coding/rows.ts';
import { runCommand } from '../commands/log.ts';
import type { Db } from '../db/open.ts';
import { codeColoured } from '../db/queries/codes.ts';
import { codingExists, codingGuid } from '../db/queries/codings.ts';
import { settledOfPair } from '../db/queries/settled.ts';
import { coderNamed } from '../db/queries/coders.ts';
import { everyone } from '../viewer.ts';
import { newGuid } from '../guid.ts';
import { brennanPrediger, Coincidences, kappa2x2, nominalAlpha, percentAgreement } from './agreement-stats.ts';
import { addCounts, chosenCodes, chosenDocumentSummaries, type CodeRow } from './scope.ts';

interface Coder {
  id: number;
  name: string;
}

interface Segment {
  id: number;
  guid: string;
  /** Index of the coder in the compared list. */
  coder: number;
  documentId: number;
  codeId: number;
  start: number;
  end: number;
  quote: string;
}

interface Scope {
  coders: Coder[];
  documents: { id: number; title: string; length: number }[];
  codes: CodeRow[];
  /** The codes were listed by the caller: show them even when nobody used them. */
  listed: boolean;
  /** Segments of the chosen coders, documents and codes, by `document:code`, in text order. */
  segments: Map<string, Segment[]>;
}

export interface AgreementOptions {
  coders: string[];
  documentIds?: number[];
  /** Only the documents of this document set. */
  setId?: number;
  codeIds?: number[];
  level: AgreementLevel;
  overlap: number;
  /** Without documentIds: only documents among these (those every coder coded). */
  within?: readonly number[];
}

const list = (ids: readonly number[]) => JSON.stringify(ids);
const place = (documentId: number, codeId: number) => `${documentId}:${codeId}`;

/** The coders by name, in the order given; an unknown name is the user's mistake, said plainly. */
function coders(db: Db, names: readonly string[]): Coder[] {
  if (new Set(names).size !== names.length)
    throw new QuireError('invalid_input', 'Choose different coders to compare.');
  return names.map((name) => {
    const coder = coderNamed(db).get(name);
    if (!coder) throw new QuireError('not_found', `There is no coder “${name}” in this project.`);
    return coder;
  });
}

/** Documents every one of the coders has coded (at least one coding each), in project order. */
function documentsCodedByAll(db: Db, coderIds: readonly number[], within?: readonly number[]): number[] {
  return db
    .prepare<{ coders: string; n: number; within: string | null }, number>(
      `SELECT document_id FROM codings WHERE orphaned = 0 AND coder_id IN (SELECT value FROM json_each(@coders))
         AND (@within IS NULL OR document_id IN (SELECT value FROM json_each(@within)))
       GROUP BY document_id HAVING count(DISTINCT coder_id) = @n ORDER BY document_id`,
    )
    .pluck()
    .all({ coders: list(coderIds), n: new Set(coderIds).size, within: within ? list(within) : null });
}

function scope(
  db: Db,
  input: Pick<AgreementOptions, 'coders' | 'documentIds' | 'setId' | 'codeIds' | 'within'>,
): Scope {
  const chosen = coders(db, input.coders);
  // Agreement is never shown to a coder coding blind (the engine refuses it), so its documents are seen by everyone.
  const documents = chosenDocumentSummaries(
    db,
    input.documentIds ??
      documentsCodedByAll(
        db,
        chosen.map((c) => c.id),
        input.within,
      ),
    everyone(),
    undefined,
    input.setId,
  ).map((d) => ({
    id: d.id,
    title: d.displayTitle,
    length: d.charCount,
  }));
  const codes = chosenCodes(db, input.codeIds);
  const index = new Map(chosen.map((c, i) => [c.id, i]));
  const rows = db
    .prepare<{ coders: string; documents: string; codes: string }, Omit<Segment, 'coder'> & { coderId: number }>(
      `SELECT k.id, k.guid, k.coder_id AS coderId, k.document_id AS documentId, k.code_id AS codeId, k.start, k."end", k.quote FROM codings k
       WHERE k.orphaned = 0 AND k.coder_id IN (SELECT value FROM json_each(@coders))
         AND k.document_id IN (SELECT value FROM json_each(@documents)) AND k.code_id IN (SELECT value FROM json_each(@codes))
       ORDER BY k.document_id, k.code_id, k.start, k."end", k.id`,
    )
    .all({
      coders: list(chosen.map((c) => c.id)),
      documents: list(documents.map((d) => d.id)),
      codes: list(codes.map((c) => c.id)),
    });
  const segments = new Map<string, Segment[]>();
  for (const { coderId, ...row } of rows) {
    const key = place(row.documentId, row.codeId);
    let here = segments.get(key);
    if (!here) segments.set(key, (here = []));
    here.push({ ...row, coder: index.get(coderId)! });
  }
  return { coders: chosen, documents, codes, listed: Boolean(input.codeIds), segments };
}

// ---------------------------------------------------------------------------
// Character level.

interface CharacterCounts {
  both: number;
  onlyFirst: number;
  onlySecond: number;
  neither: number;
  /** histogram[j]: code points exactly j of the coders coded. */
  histogram: number[];
}

/**
 * Sweeps the boundaries of one document's segments of one code: between two
 * boundaries every code point is coded by the same coders, so each stretch is
 * counted at once by its length.
 */
function sweep(segments: readonly Segment[], coders: number, length: number, into: CharacterCounts): void {
  // Only the document's own text counts: a segment is cut to it.
  const inside = segments.map((s) => {
    const start = Math.min(Math.max(0, s.start), length);
    return { start, end: Math.min(Math.max(start, s.end), length), coder: s.coder };
  });
  let byAnyone = 0;
  let byFirstTwo = 0;
  sweepLayers(
    inside,
    coders,
    (s) => s.coder,
    (stretch, cover, j) => {
      const a = cover[0]! > 0;
      const b = cover[1]! > 0;
      if (a && b) into.both += stretch;
      else if (a) into.onlyFirst += stretch;
      else if (b) into.onlySecond += stretch;
      if (a || b) byFirstTwo += stretch;
      into.histogram[j]! += stretch;
      byAnyone += stretch;
    },
  );
  into.neither += length - byFirstTwo;
  into.histogram[0]! += length - byAnyone;
}

const noCounts = (coders: number): CharacterCounts => ({
  both: 0,
  onlyFirst: 0,
  onlySecond: 0,
  neither: 0,
  histogram: new Array<number>(coders + 1).fill(0),
});

function characterFigures(counts: CharacterCounts): AgreementFigures {
  const { both, onlyFirst, onlySecond, neither, histogram } = counts;
  const m = histogram.length - 1;
  const kappa = kappa2x2(both, onlyFirst, onlySecond, neither);
  // Every stretch coded by j of the m coders is one unit with j values "coded" and m − j "not coded", weighted by its length.
  const o = new Coincidences();
  histogram.forEach((n, j) => o.addUnit([...new Array<number>(j).fill(1), ...new Array<number>(m - j).fill(0)], n));
  return {
    units: kappa.n,
    agreements: kappa.agreements,
    onlyFirst,
    onlySecond,
    percent: percentAgreement(kappa.agreements, kappa.n),
    kappa: kappa.kappa,
    alpha: nominalAlpha(o).alpha,
  };
}

// ---------------------------------------------------------------------------
// Segment level.

/** The text two spans share, as a share (0–1) of the text they cover together; 0 when they do not overlap. */
function share(s: Extent, t: Extent): number {
  const shared = Math.min(s.end, t.end) - Math.max(s.start, t.start);
  return shared > 0 ? shared / (Math.max(s.end, t.end) - Math.min(s.start, t.start)) : 0;
}

/** Whether two segments share at least `overlap` of the text they cover together. */
function matches(s: Segment, t: Segment, overlap: number): boolean {
  const shared = Math.min(s.end, t.end) - Math.max(s.start, t.start);
  if (shared <= 0) return false;
  const together = Math.max(s.end, t.end) - Math.min(s.start, t.start);
  return shared >= overlap * together - 1e-9;
}

const matched = (s: Segment, others: readonly Segment[], overlap: number) => others.some((t) => matches(s, t, overlap));

/** The other coder's segment that comes closest to `s` (shares the most of the text the two cover together), if any shares text. */
function closest(s: Segment, others: readonly Segment[]): { other: Segment; share: number } | null {
  let best: { other: Segment; share: number } | null = null;
  for (const other of others) {
    const x = share(s, other);
    if (x > 0 && (!best || x > best.share)) best = { other, share: x };
  }
  return best;
}

/** Why two segments of one code did not match: "ana’s and ben’s “Troops” overlap 86% — below the 90% threshold." */
const shortOfThreshold = (coders: readonly Coder[], code: CodeRow, x: number, overlap: number) =>
  `${coders[0]!.name}’s and ${coders[1]!.name}’s “${code.name}” overlap ${shortOverlapText(x)} — below the ${thresholdText(overlap)} threshold.`;

/**
 * The pairs behind a code's unmatched segments: each unmatched segment with the
 * other coder's segment closest to it, once per pair (two segments that are
 * each other's closest are one pair).
 */
function nearPairs(segments: readonly Segment[], overlap: number): { pair: [Segment, Segment]; share: number }[] {
  const sides = [segments.filter((s) => s.coder === 0), segments.filter((s) => s.coder === 1)];
  const seen = new Set<string>();
  const out: { pair: [Segment, Segment]; share: number }[] = [];
  for (const [i, mine] of sides.entries()) {
    const theirs = sides[1 - i]!;
    for (const s of mine) {
      if (matched(s, theirs, overlap)) continue;
      const near = closest(s, theirs);
      if (!near) continue;
      const pair: [Segment, Segment] = i === 0 ? [s, near.other] : [near.other, s];
      const id = `${pair[0].id}:${pair[1].id}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push({ pair, share: near.share });
    }
  }
  return out;
}

interface SegmentCounts {
  units: number;
  agreements: number;
  onlyFirst: number;
  onlySecond: number;
}

function countSegments(segments: readonly Segment[], overlap: number, into: SegmentCounts): void {
  const first = segments.filter((s) => s.coder === 0);
  const second = segments.filter((s) => s.coder === 1);
  const a = first.filter((s) => matched(s, second, overlap)).length;
  const b = second.filter((s) => matched(s, first, overlap)).length;
  into.units += first.length + second.length;
  into.agreements += a + b;
  into.onlyFirst += first.length - a;
  into.onlySecond += second.length - b;
}

const segmentFigures = (c: SegmentCounts, kappa: number | null = null): AgreementFigures => ({
  ...c,
  percent: percentAgreement(c.agreements, c.units),
  kappa,
  alpha: null,
});

// ---------------------------------------------------------------------------
// Agreement.

const names = (coders: readonly Coder[]) => coders.map((c) => c.name).join(coders.length === 2 ? ' and ' : ', ');
const NONE: AgreementFigures = {
  units: 0,
  agreements: 0,
  onlyFirst: 0,
  onlySecond: 0,
  percent: null,
  kappa: null,
  alpha: null,
};

export function agreement(db: Db, input: AgreementOptions): AgreementResult {
  const s = scope(db, input);
  const m = s.coders.length;
  const [a, b] = s.coders as [Coder, Coder];
  const notes: string[] = [];
  if (!s.documents.length) {
    notes.push(
      input.documentIds
        ? 'No documents were chosen: there is nothing to compare.'
        : `No document has codings by ${names(s.coders)}: there is nothing to compare yet.`,
    );
  }
  const used = (code: CodeRow) => s.documents.some((d) => s.segments.has(place(d.id, code.id)));
  const rows: AgreementResult['codes'] = [];
  const nearMisses: AgreementResult['nearMisses'] = [];
  const unused: CodeRow[] = [];
  let overall: AgreementFigures;
  if (input.level === 'character') {
    const total = noCounts(m);
    for (const code of s.codes) {
      if (!used(code)) {
        if (s.listed) unused.push(code);
        continue;
      }
      const counts = noCounts(m);
      for (const d of s.documents) sweep(s.segments.get(place(d.id, code.id)) ?? [], m, d.length, counts);
      addCounts(total, counts);
      rows.push({ code, ...characterFigures(counts) });
    }
    overall = rows.length ? characterFigures(total) : NONE;
    notes.push(
      `Each character of the ${s.documents.length === 1 ? 'document' : plural(s.documents.length, 'document')} counts once per code: coded or not by each coder.`,
    );
    if (m > 2) notes.push(`Percent agreement and kappa compare ${a.name} and ${b.name}; alpha takes all ${m} coders.`);
  } else {
    const total: SegmentCounts = { units: 0, agreements: 0, onlyFirst: 0, onlySecond: 0 };
    for (const code of s.codes) {
      const counts: SegmentCounts = { units: 0, agreements: 0, onlyFirst: 0, onlySecond: 0 };
      for (const d of s.documents) {
        const here = s.segments.get(place(d.id, code.id)) ?? [];
        countSegments(here, input.overlap, counts);
        for (const near of nearPairs(here, input.overlap)) {
          nearMisses.push({
            document: { id: d.id, title: d.title },
            code,
            overlap: near.share,
            reason: shortOfThreshold(s.coders, code, near.share, input.overlap),
          });
        }
      }
      if (!counts.units) {
        if (s.listed) unused.push(code);
        continue;
      }
      addCounts(total, counts);
      rows.push({ code, ...segmentFigures(counts) });
    }
    nearMisses.sort((x, y) => y.overlap - x.overlap);
    // MAXQDA's chance agreement at segment level: 1/k for the k codes compared.
    const observed = total.units ? total.agreements / total.units : null;
    overall = rows.length ? segmentFigures(total, brennanPrediger(observed, rows.length)) : NONE;
    notes.push(
      `Each segment of ${a.name} or ${b.name} counts once; it agrees when the other coder has a segment of the same code covering at least ${thresholdText(input.overlap)} of the text the two cover together (MAXQDA’s rule; ${thresholdText(SEGMENT_OVERLAP)} is its default and ours).`,
    );
    if (nearMisses.length) notes.push(nearMissNote(nearMisses, input.overlap));
    notes.push(
      'Kappa at segment level is Brennan and Prediger’s for all codes together, with chance agreement 1/k for the k codes compared (as in MAXQDA): no segment is “coded by neither”, so Cohen’s chance term cannot be computed.',
      'Krippendorff’s alpha is given at character level only.',
    );
    if (m > 2) notes.push(`Only ${a.name} and ${b.name} are compared at segment level.`);
  }
  if (unused.length)
    notes.push(
      `Not used by these coders in these documents, so without figures: ${unused.map((c) => `“${c.name}”`).join(', ')}.`,
    );
  for (const code of unused) rows.push({ code, ...NONE });
  // Keep the codebook's order, unused codes included.
  const order = new Map(s.codes.map((c, i) => [c.id, i]));
  rows.sort((x, y) => order.get(x.code.id)! - order.get(y.code.id)!);
  return {
    coders: s.coders.map((c) => c.name),
    level: input.level,
    overlap: input.level === 'segment' ? input.overlap : null,
    documentIds: s.documents.map((d) => d.id),
    codes: rows,
    overall,
    nearMisses,
    notes,
  };
}

/** "3 pairs of segments share text, but less than 90%, so they count as unmatched (the closest comes to 86%)." */
function nearMissNote(nearMisses: AgreementResult['nearMisses'], overlap: number): string {
  const closest = shortOverlapText(nearMisses[0]!.overlap);
  if (nearMisses.length === 1)
    return `1 pair of segments shares text, but less than ${thresholdText(overlap)} (${closest}), so it counts as unmatched.`;
  return `${nearMisses.length} pairs of segments share text, but less than ${thresholdText(overlap)}, so they count as unmatched (the closest comes to ${closest}).`;
}

// ---------------------------------------------------------------------------
// Disagreements: passages.
//
// A passage is where the two coders' codings overlap and differ, listed once
// with every code involved. It is built in two steps:
// 1. Per code, the two coders' overlapping codings form clusters (as the
//    figures count them); the clusters where the coders agree drop out.
// 2. Clusters of different codes join one passage when they cover mostly the
//    same text: the text they share is at least half of the text they cover
//    together. So "neutral" by one coder and "complicit" by the other on one
//    sentence is one disagreement, while a paragraph coded "Troops" by one coder
//    does not pull every stance disagreement inside it into one giant passage:
//    each is reviewed and settled on its own.

/** How much text clusters of different codes must share, of the text they cover together, to be one passage. */
const SAME_PASSAGE = 0.5;

interface Part extends Extent {
  code: CodeRow;
  /** The code's place in the codebook, for ordering. */
  order: number;
  members: Segment[];
}

/** Groups segments into clusters of segments that overlap one another, directly or through others. */
function clusters(segments: readonly Segment[]): Segment[][] {
  return mergeSpans([...segments].sort((x, y) => x.start - y.start || x.end - y.end || x.id - y.id)).map(
    (c) => c.members,
  );
}

/** The text a coder's segments cover, as sorted disjoint spans. */
function covered(segments: readonly Segment[]): string {
  return mergeSpans(
    [...segments].sort((x, y) => x.start - y.start),
    { touching: true },
  )
    .map((s) => `${s.start},${s.end}`)
    .join(';');
}

function differs(cluster: readonly Segment[], level: AgreementLevel, overlap: number): boolean {
  const first = cluster.filter((s) => s.coder === 0);
  const second = cluster.filter((s) => s.coder === 1);
  if (level === 'character') return covered(first) !== covered(second);
  return first.some((s) => !matched(s, second, overlap)) || second.some((s) => !matched(s, first, overlap));
}

/** Step 1: the clusters of one document, code by code, where the two coders differ. */
function differingParts(s: Scope, documentId: number, level: AgreementLevel, overlap: number): Part[] {
  const parts: Part[] = [];
  s.codes.forEach((code, order) => {
    for (const members of clusters(s.segments.get(place(documentId, code.id)) ?? [])) {
      if (!differs(members, level, overlap)) continue;
      parts.push({
        code,
        order,
        members,
        start: Math.min(...members.map((k) => k.start)),
        end: Math.max(...members.map((k) => k.end)),
      });
    }
  });
  return parts;
}

/** Step 2: parts of different codes that cover mostly the same text, joined into passages (in text order). */
function passagesOf(parts: readonly Part[]): Part[][] {
  const sorted = [...parts].sort((x, y) => x.start - y.start || x.order - y.order);
  const parent = sorted.map((_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length && sorted[j]!.start < sorted[i]!.end; j++) {
      if (sorted[i]!.code.id !== sorted[j]!.code.id && share(sorted[i]!, sorted[j]!) >= SAME_PASSAGE)
        parent[root(j)] = root(i);
    }
  }
  const groups = new Map<number, Part[]>();
  sorted.forEach((part, i) => {
    const r = root(i);
    groups.set(r, [...(groups.get(r) ?? []), part]);
  });
  return [...groups.values()];
}

const keyOf = (documentId: number, codings: readonly Segment[]) =>
  `${documentId}:${codings
    .map((k) => k.id)
    .sort((x, y) => x - y)
    .join(',')}`;

/** One sentence per code (or pair of codes) on how the coders differ in a passage. */
function reasons(coders: readonly Coder[], passage: readonly Part[], level: AgreementLevel, overlap: number): string[] {
  const [a, b] = coders as [Coder, Coder];
  const byBoth = passage.filter((p) => p.members.some((k) => k.coder === 0) && p.members.some((k) => k.coder === 1));
  const only = (coder: number) =>
    passage.filter((p) => p.members.every((k) => k.coder === coder)).map((p) => `“${p.code.name}”`);
  const [onlyA, onlyB] = [only(0), only(1)];
  const out: string[] = [];
  if (onlyA.length && onlyB.length) out.push(`${a.name} coded this ${listed(onlyA)}, ${b.name} ${listed(onlyB)}.`);
  else if (onlyA.length) out.push(`Only ${a.name} coded ${listed(onlyA)} here.`);
  else if (onlyB.length) out.push(`Only ${b.name} coded ${listed(onlyB)} here.`);
  for (const part of byBoth) {
    if (level === 'character') out.push(characterReason(coders, part));
    else out.push(...segmentReasons(coders, part, overlap));
  }
  return out;
}

const listed = (names: readonly string[]) =>
  names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;

/** "Both coded “Troops”, not the same text: 13 characters only by ana." */
function characterReason(coders: readonly Coder[], part: Part): string {
  const only = [0, 0];
  sweepLayers(
    part.members,
    2,
    (k) => k.coder,
    (stretch, cover) => {
      if (cover[0]! > 0 && !cover[1]) only[0]! += stretch;
      if (cover[1]! > 0 && !cover[0]) only[1]! += stretch;
    },
  );
  const sides = only.flatMap((n, i) => (n ? [`${plural(n, 'character')} only by ${coders[i]!.name}`] : []));
  return `Both coded “${part.code.name}”, not the same text: ${sides.join(', ')}.`;
}

/** Why each unmatched segment of a part found no match: its closest segment by the other coder, and how far short it fell. */
function segmentReasons(coders: readonly Coder[], part: Part, overlap: number): string[] {
  const out = nearPairs(part.members, overlap).map((near) => shortOfThreshold(coders, part.code, near.share, overlap));
  // An unmatched segment that shares no text with any of the other coder's (it overlaps only its own coder's).
  for (const [i, coder] of coders.slice(0, 2).entries()) {
    const theirs = part.members.filter((k) => k.coder !== i);
    for (const k of part.members.filter((m) => m.coder === i && !closest(m, theirs))) {
      out.push(`Only ${coder.name} coded “${part.code.name}” over “${clip(k.quote)}”.`);
    }
  }
  return out;
}

/** The passages of one document where the two coders differ, in text order. */
function documentPassages(
  s: Scope,
  document: { id: number; title: string },
  level: AgreementLevel,
  overlap: number,
): Disagreement[] {
  const { id, title } = document;
  return passagesOf(differingParts(s, id, level, overlap)).map((passage) => {
    const codings = passage.flatMap((p) => p.members).sort((x, y) => x.start - y.start || x.end - y.end || x.id - y.id);
    return {
      key: keyOf(id, codings),
      document: { id, title },
      // Two clusters of one code can meet in a passage through a third code's: each code is named once.
      codes: [...new Map([...passage].sort((x, y) => x.order - y.order).map((p) => [p.code.id, p.code])).values()],
      start: Math.min(...passage.map((p) => p.start)),
      end: Math.max(...passage.map((p) => p.end)),
      coders: s.coders.slice(0, 2).map((c, i) => ({
        name: c.name,
        codings: codings
          .filter((k) => k.coder === i)
          .map(({ id, codeId, start, end, quote }) => ({ id, codeId, start, end, quote })),
      })),
      reasons: reasons(s.coders, passage, level, overlap),
    };
  });
}

/** The GUIDs of the codings in passages settled between two coders, by document. */
function settled(db: Db, pair: readonly Coder[]): Map<number, Set<string>> {
  const [lo, hi] = pair.map((c) => c.id).sort((x, y) => x - y);
  const rows = settledOfPair(db).all(lo, hi);
  const out = new Map<number, Set<string>>();
  for (const r of rows) {
    const here = out.get(r.documentId) ?? new Set<string>();
    for (const guid of JSON.parse(r.codings) as string[]) here.add(guid);
    out.set(r.documentId, here);
  }
  return out;
}

/**
 * A passage stays settled while every coding in it was in a passage settled
 * before (GUIDs are never reused): a coding added there opens it again. Rows
 * saved when a disagreement was one code's cluster count the same way, so a
 * stance settled code by code stays settled as one passage.
 */
const isSettled = (passage: Disagreement, guids: ReadonlySet<string> | undefined, byId: ReadonlyMap<number, Segment>) =>
  Boolean(guids) && passage.coders.every((c) => c.codings.every((k) => guids!.has(byId.get(k.id)!.guid)));

const segmentsById = (s: Scope) => new Map([...s.segments.values()].flat().map((k) => [k.id, k]));

export function disagreements(db: Db, input: AgreementOptions): Disagreement[] {
  const s = scope(db, input);
  const done = settled(db, s.coders);
  const byId = segmentsById(s);
  return s.documents.flatMap((d) =>
    documentPassages(s, d, input.level, input.overlap).filter((p) => !isSettled(p, done.get(d.id), byId)),
  );
}

// ---------------------------------------------------------------------------
// Settling.

type SettleAction =
  | { action: 'keep'; keepCoder: string }
  | { action: 'both' }
  | { action: 'recode'; codingId: number; newCodeId: number };

export type SettleOptions = SettleAction & {
  coders: [string, string];
  key?: string;
  documentId?: number;
  codeId?: number;
  start?: number;
  end?: number;
  level: AgreementLevel;
  overlap: number;
};

const CHANGED = 'The codings of this passage have changed since the list was made: look at the list again.';

/** The passage a settle names: by its key (as the list showed it), or by a place in a document and one of its codes. */
function findPassage(db: Db, input: SettleOptions): { s: Scope; passage: Disagreement; members: Segment[] } {
  const pick = (s: Scope, passage: Disagreement) => {
    const byId = segmentsById(s);
    return { s, passage, members: passage.coders.flatMap((c) => c.codings.map((k) => byId.get(k.id)!)) };
  };
  if (input.key !== undefined) {
    const m = /^(\d+):(\d+(?:,\d+)*)$/.exec(input.key);
    if (!m) throw new QuireError('invalid_input', 'That is not the key of a disagreement.');
    const documentId = Number(m[1]);
    const ids = m[2]!.split(',').map(Number);
    // The passage's codes are those of its codings; the passage is found again among those codes only.
    const codeIds = db
      .prepare<[number, string], number>(
        'SELECT DISTINCT code_id FROM codings WHERE document_id = ? AND orphaned = 0 AND id IN (SELECT value FROM json_each(?))',
      )
      .pluck()
      .all(documentId, JSON.stringify(ids));
    if (!codeIds.length) throw new QuireError('invalid_input', CHANGED);
    const s = scope(db, { coders: input.coders, documentIds: [documentId], codeIds });
    const passage = documentPassages(s, s.documents[0]!, input.level, input.overlap).find((p) => p.key === input.key);
    if (!passage) throw new QuireError('invalid_input', CHANGED);
    return pick(s, passage);
  }
  const s = scope(db, { coders: input.coders, documentIds: [input.documentId!] });
  const code = s.codes.find((c) => c.id === input.codeId);
  if (!code) throw new QuireError('not_found', `There is no code ${input.codeId}.`);
  const [start, end] = [input.start!, input.end!];
  const found = documentPassages(s, s.documents[0]!, input.level, input.overlap).filter(
    (p) =>
      p.codes.some((c) => c.id === code.id) &&
      p.coders.some((c) => c.codings.some((k) => k.codeId === code.id && k.start < end && k.end > start)),
  );
  if (found.length > 1)
    throw new QuireError(
      'invalid_input',
      'That stretch holds more than one disagreement on that code: settle them one at a time.',
    );
  if (!found.length) {
    const coded = (s.segments.get(place(input.documentId!, code.id)) ?? []).some((k) => k.start < end && k.end > start);
    const [a, b] = s.coders as [Coder, Coder];
    throw new QuireError(
      'invalid_input',
      coded
        ? `${a.name} and ${b.name} agree on “${code.name}” there: there is nothing to settle.`
        : `Neither ${a.name} nor ${b.name} coded that passage as “${code.name}”.`,
    );
  }
  return pick(s, found[0]!);
}

export function settleDisagreement(
  db: Db,
  coderId: number,
  input: SettleOptions,
): { removed: number; recoded: number; notes: string[] } {
  const { s, passage, members } = findPassage(db, input);
  const documentId = passage.document.id;
  const codeNames = passage.codes.map((c) => c.name).join(' / ');
  const body = documentText(db, documentId);
  const text = body.slice(toUtf16Index(body, passage.start), toUtf16Index(body, passage.end));
  const what = `“${clip(text)}” (${codeNames})`;
  const owner = (k: Segment) => s.coders[k.coder]!;
  const notes: string[] = [];
  let removed: Segment[] = [];
  let recode: { target: Segment; to: CodeRow; twin: number | undefined } | null = null;
  let description: string;
  if (input.action === 'keep') {
    const keep = s.coders.findIndex((c) => c.name === input.keepCoder);
    if (keep < 0)
      throw new QuireError(
        'invalid_input',
        `Keep the codings of ${s.coders[0]!.name} or ${s.coders[1]!.name}: they are the coders compared.`,
      );
    removed = members.filter((k) => k.coder !== keep);
    description = `Settle ${what}: keep ${input.keepCoder}’s ${members.filter((k) => k.coder === keep).length === 1 ? 'coding' : 'codings'}`;
  } else if (input.action === 'both') {
    description = `Settle ${what}: keep both coders’ codings`;
  } else {
    const target = members.find((k) => k.id === input.codingId);
    if (!target) throw new QuireError('invalid_input', 'That coding is not part of this disagreement.');
    const to = codeColoured(db).get(input.newCodeId);
    if (!to) throw new QuireError('not_found', `There is no code ${input.newCodeId}.`);
    if (to.id === target.codeId)
      throw new QuireError('invalid_input', `That coding already has the code “${to.name}”: choose another.`);
    const by = owner(target);
    const twin = findCoding(db, documentId, to.id, by.id, target);
    recode = { target, to, twin };
    // The coder already coded the passage with the new code: the recoded coding merges into that one.
    if (twin !== undefined)
      notes.push(`${by.name} had already coded this passage as ‘${to.name}’: the two codings are now one.`);
    description = `Settle ${what}: recode ${by.name}’s coding as “${to.name}”`;
  }
  const [lo, hi] = s.coders.map((c) => c.id).sort((x, y) => x - y);
  const twinGuid = recode?.twin === undefined ? null : codingGuid(db).get(recode.twin)!;
  return runCommand(db, coderId, 'settleDisagreement', description, (c) => {
    for (const k of removed) deleteCodingRows(db, c, k.id);
    let extra = 0;
    if (recode?.twin !== undefined) foldCoding(db, c, recode.target.id, recode.twin);
    else if (recode) {
      c.update('codings', recode.target.id, { code_id: recode.to.id });
      // The recoded value wins on its text, as a newly applied one does (exclusive groups: one value per passage and coder).
      const room = resolveRecoded(db, c, recode.target.id);
      notes.push(...room.notes);
      extra = room.replaced.filter((id) => !codingExists(db).get(id)).length;
    }
    // The codings left in the passage; a recoded coding stays (its GUID does not change), or its twin stands in for it.
    const left = members.filter((k) => !removed.includes(k) && codingExists(db).get(k.id)).map((k) => k.guid);
    c.insert('settled_disagreements', {
      guid: newGuid(),
      document_id: documentId,
      // A passage can hold several codes: the first stands for them here, the codings' GUIDs say which exactly.
      code_id: passage.codes[0]!.id,
      first_coder_id: lo,
      second_coder_id: hi,
      start: passage.start,
      end: passage.end,
      action: input.action,
      codings: JSON.stringify(twinGuid ? [...left, twinGuid] : left),
      settled_by: coderId,
      settled_at: new Date().toISOString(),
    });
    return { removed: removed.length + extra, recoded: recode ? 1 : 0, notes };
  });
}

// ---------------------------------------------------------------------------
// For exports.

/**
 * The agreement an export shows: of the coders chosen, else the two with the
 * most codings of the chosen codes in the chosen documents; over those
 * documents each of them coded. Null when fewer than two of them coded any.
 */
export function exportedAgreement(
  db: Db,
  choices: { codeIds?: number[]; agreement?: { coders?: string[]; level: AgreementLevel; overlap: number } },
  documentIds: readonly number[],
): AgreementResult | null {
  const counts = new Map(
    db
      .prepare<{ documents: string; codes: string | null }, { name: string; n: number }>(
        `SELECT c.name, count(*) AS n FROM codings k JOIN coders c ON c.id = k.coder_id
           WHERE k.orphaned = 0 AND k.document_id IN (SELECT value FROM json_each(@documents))
             AND (@codes IS NULL OR k.code_id IN (SELECT value FROM json_each(@codes)))
           GROUP BY c.id ORDER BY n DESC, c.name`,
      )
      .all({ documents: list(documentIds), codes: choices.codeIds ? list(choices.codeIds) : null })
      .map((r) => [r.name, r.n]),
  );
  const chosen = choices.agreement?.coders ?? [...counts.keys()].slice(0, 2);
  if (chosen.filter((name) => counts.has(name)).length < 2) return null;
  return agreement(db, {
    coders: chosen,
    codeIds: choices.codeIds,
    level: choices.agreement?.level ?? 'character',
    overlap: choices.agreement?.overlap ?? SEGMENT_OVERLAP,
    within: documentIds,
  });
}
