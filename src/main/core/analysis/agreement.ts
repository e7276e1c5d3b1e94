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
// A disagreement is a cluster of overlapping codings of one code in one
// document by the two coders where they differ: at character level where the
// text each covers differs, at segment level where a segment has no match.
import type { AgreementFigures, AgreementLevel, AgreementResult, Disagreement } from '../../../shared/api.ts';
import { QuireError } from '../../../shared/errors.ts';
import { mergeSpans, sweepLayers } from '../../../shared/spans.ts';
import { plural } from '../../../shared/text.ts';
import { deleteCodingRows } from '../coding/codebook.ts';
import { clip, exclusiveRivals, findCoding } from '../coding/codings.ts';
import { runCommand } from '../commands/log.ts';
import type { Db } from '../db/open.ts';
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
  if (new Set(names).size !== names.length) throw new QuireError('invalid_input', 'Choose different coders to compare.');
  const read = db.prepare('SELECT id, name FROM coders WHERE name = ?');
  return names.map((name) => {
    const coder = read.get(name) as Coder | undefined;
    if (!coder) throw new QuireError('not_found', `There is no coder “${name}” in this project.`);
    return coder;
  });
}

/** Documents every one of the coders has coded (at least one coding each), in project order. */
function documentsCodedByAll(db: Db, coderIds: readonly number[], within?: readonly number[]): number[] {
  return db
    .prepare(
      `SELECT document_id FROM codings WHERE orphaned = 0 AND coder_id IN (SELECT value FROM json_each(@coders))
         AND (@within IS NULL OR document_id IN (SELECT value FROM json_each(@within)))
       GROUP BY document_id HAVING count(DISTINCT coder_id) = @n ORDER BY document_id`,
    )
    .pluck()
    .all({ coders: list(coderIds), n: new Set(coderIds).size, within: within ? list(within) : null }) as number[];
}

function scope(db: Db, input: Pick<AgreementOptions, 'coders' | 'documentIds' | 'codeIds' | 'within'>): Scope {
  const chosen = coders(db, input.coders);
  // Agreement is never shown to a coder coding blind (the engine refuses it), so its documents are seen by everyone.
  const documents = chosenDocumentSummaries(db, input.documentIds ?? documentsCodedByAll(db, chosen.map((c) => c.id), input.within), everyone()).map((d) => ({
    id: d.id,
    title: d.displayTitle,
    length: d.charCount,
  }));
  const codes = chosenCodes(db, input.codeIds);
  const index = new Map(chosen.map((c, i) => [c.id, i]));
  const rows = db
    .prepare(
      `SELECT k.id, k.guid, k.coder_id AS coderId, k.document_id AS documentId, k.code_id AS codeId, k.start, k."end", k.quote FROM codings k
       WHERE k.orphaned = 0 AND k.coder_id IN (SELECT value FROM json_each(@coders))
         AND k.document_id IN (SELECT value FROM json_each(@documents)) AND k.code_id IN (SELECT value FROM json_each(@codes))
       ORDER BY k.document_id, k.code_id, k.start, k."end", k.id`,
    )
    .all({ coders: list(chosen.map((c) => c.id)), documents: list(documents.map((d) => d.id)), codes: list(codes.map((c) => c.id)) }) as (Omit<Segment, 'coder'> & {
    coderId: number;
  })[];
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
  sweepLayers(inside, coders, (s) => s.coder, (stretch, cover, j) => {
    const a = cover[0]! > 0;
    const b = cover[1]! > 0;
    if (a && b) into.both += stretch;
    else if (a) into.onlyFirst += stretch;
    else if (b) into.onlySecond += stretch;
    if (a || b) byFirstTwo += stretch;
    into.histogram[j]! += stretch;
    byAnyone += stretch;
  });
  into.neither += length - byFirstTwo;
  into.histogram[0]! += length - byAnyone;
}

const noCounts = (coders: number): CharacterCounts => ({ both: 0, onlyFirst: 0, onlySecond: 0, neither: 0, histogram: new Array<number>(coders + 1).fill(0) });

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

/** Whether another segment shares at least `overlap` of the text the two cover together. */
function matched(s: Segment, others: readonly Segment[], overlap: number): boolean {
  return others.some((t) => {
    const shared = Math.min(s.end, t.end) - Math.max(s.start, t.start);
    if (shared <= 0) return false;
    const together = Math.max(s.end, t.end) - Math.min(s.start, t.start);
    return shared >= overlap * together - 1e-9;
  });
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

const segmentFigures = (c: SegmentCounts, kappa: number | null = null): AgreementFigures => ({ ...c, percent: percentAgreement(c.agreements, c.units), kappa, alpha: null });

// ---------------------------------------------------------------------------
// Agreement.

const names = (coders: readonly Coder[]) => coders.map((c) => c.name).join(coders.length === 2 ? ' and ' : ', ');
const NONE: AgreementFigures = { units: 0, agreements: 0, onlyFirst: 0, onlySecond: 0, percent: null, kappa: null, alpha: null };

export function agreement(db: Db, input: AgreementOptions): AgreementResult {
  const s = scope(db, input);
  const m = s.coders.length;
  const [a, b] = s.coders as [Coder, Coder];
  const notes: string[] = [];
  if (!s.documents.length) {
    notes.push(input.documentIds ? 'No documents were chosen: there is nothing to compare.' : `No document has codings by ${names(s.coders)}: there is nothing to compare yet.`);
  }
  const used = (code: CodeRow) => s.documents.some((d) => s.segments.has(place(d.id, code.id)));
  const rows: AgreementResult['codes'] = [];
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
    notes.push(`Each character of the ${plural(s.documents.length, 'document')} counts once per code: coded or not by each coder.`);
    if (m > 2) notes.push(`Percent agreement and kappa compare ${a.name} and ${b.name}; alpha takes all ${m} coders.`);
  } else {
    const total: SegmentCounts = { units: 0, agreements: 0, onlyFirst: 0, onlySecond: 0 };
    for (const code of s.codes) {
      const counts: SegmentCounts = { units: 0, agreements: 0, onlyFirst: 0, onlySecond: 0 };
      for (const d of s.documents) countSegments(s.segments.get(place(d.id, code.id)) ?? [], input.overlap, counts);
      if (!counts.units) {
        if (s.listed) unused.push(code);
        continue;
      }
      addCounts(total, counts);
      rows.push({ code, ...segmentFigures(counts) });
    }
    // MAXQDA's chance agreement at segment level: 1/k for the k codes compared.
    const observed = total.units ? total.agreements / total.units : null;
    overall = rows.length ? segmentFigures(total, brennanPrediger(observed, rows.length)) : NONE;
    notes.push(
      `Each segment of ${a.name} or ${b.name} counts once; it agrees when the other coder has a segment of the same code covering at least ${Math.round(input.overlap * 100)}% of the text the two cover together.`,
      'Kappa at segment level is Brennan and Prediger’s for all codes together, with chance agreement 1/k for the k codes compared (as in MAXQDA): no segment is “coded by neither”, so Cohen’s chance term cannot be computed.',
      'Krippendorff’s alpha is given at character level only.',
    );
    if (m > 2) notes.push(`Only ${a.name} and ${b.name} are compared at segment level.`);
  }
  if (unused.length) notes.push(`Not used by these coders in these documents, so without figures: ${unused.map((c) => `“${c.name}”`).join(', ')}.`);
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
    notes,
  };
}

// ---------------------------------------------------------------------------
// Disagreements.

/** Groups segments (in text order) into clusters of segments that overlap one another, directly or through others. */
function clusters(segments: readonly Segment[]): Segment[][] {
  return mergeSpans([...segments].sort((x, y) => x.start - y.start || x.end - y.end || x.id - y.id)).map((c) => c.members);
}

/** The text a coder's segments (in text order) cover, as sorted disjoint spans. */
function covered(segments: readonly Segment[]): string {
  return mergeSpans(segments, { touching: true })
    .map((s) => `${s.start},${s.end}`)
    .join(';');
}

function differs(cluster: readonly Segment[], level: AgreementLevel, overlap: number): boolean {
  const first = cluster.filter((s) => s.coder === 0);
  const second = cluster.filter((s) => s.coder === 1);
  if (level === 'character') return covered(first) !== covered(second);
  return first.some((s) => !matched(s, second, overlap)) || second.some((s) => !matched(s, first, overlap));
}

const keyOf = (documentId: number, codeId: number, cluster: readonly Segment[]) =>
  `${documentId}:${codeId}:${cluster
    .map((s) => s.id)
    .sort((x, y) => x - y)
    .join(',')}`;

/** The GUID sets of the units settled between two coders, by `document:code`. */
function settled(db: Db, pair: readonly Coder[]): Map<string, Set<string>[]> {
  const [lo, hi] = pair.map((c) => c.id).sort((x, y) => x - y);
  const rows = db.prepare('SELECT document_id AS documentId, code_id AS codeId, codings FROM settled_disagreements WHERE first_coder_id = ? AND second_coder_id = ?').all(lo, hi) as {
    documentId: number;
    codeId: number;
    codings: string;
  }[];
  const out = new Map<string, Set<string>[]>();
  for (const r of rows) {
    const key = place(r.documentId, r.codeId);
    out.set(key, [...(out.get(key) ?? []), new Set(JSON.parse(r.codings) as string[])]);
  }
  return out;
}

/** A unit stays settled while every coding in it is one that was there when it was settled. */
const isSettled = (cluster: readonly Segment[], sets: readonly Set<string>[] | undefined) => Boolean(sets?.some((set) => cluster.every((s) => set.has(s.guid))));

export function disagreements(db: Db, input: AgreementOptions): Disagreement[] {
  const s = scope(db, input);
  const done = settled(db, s.coders);
  const out: Disagreement[] = [];
  for (const d of s.documents) {
    const here: { at: number; order: number; unit: Disagreement }[] = [];
    s.codes.forEach((code, order) => {
      const key = place(d.id, code.id);
      for (const cluster of clusters(s.segments.get(key) ?? [])) {
        if (!differs(cluster, input.level, input.overlap) || isSettled(cluster, done.get(key))) continue;
        const start = Math.min(...cluster.map((k) => k.start));
        here.push({
          at: start,
          order,
          unit: {
            key: keyOf(d.id, code.id, cluster),
            document: { id: d.id, title: d.title },
            code,
            start,
            end: Math.max(...cluster.map((k) => k.end)),
            coders: s.coders.map((c, i) => ({
              name: c.name,
              codings: cluster.filter((k) => k.coder === i).map(({ id, start: a, end: b, quote }) => ({ id, start: a, end: b, quote })),
            })),
          },
        });
      }
    });
    here.sort((x, y) => x.at - y.at || x.order - y.order);
    out.push(...here.map((h) => h.unit));
  }
  return out;
}

// ---------------------------------------------------------------------------
// Settling.

type SettleAction = { action: 'keep'; keepCoder: string } | { action: 'both' } | { action: 'recode'; codingId: number; newCodeId: number };

export type SettleOptions = SettleAction & {
  coders: [string, string];
  key?: string;
  documentId?: number;
  codeId?: number;
  start?: number;
  end?: number;
};

const CHANGED = 'The codings of this passage have changed since the list was made: look at the list again.';

/** The unit a settle names: by its key, or by a place in a document and a code. */
function findUnit(db: Db, input: SettleOptions): { s: Scope; code: CodeRow; cluster: Segment[] } {
  let documentId = input.documentId;
  let codeId = input.codeId;
  let ids: number[] | null = null;
  if (input.key !== undefined) {
    const m = /^(\d+):(\d+):(\d+(?:,\d+)*)$/.exec(input.key);
    if (!m) throw new QuireError('invalid_input', 'That is not the key of a disagreement.');
    documentId = Number(m[1]);
    codeId = Number(m[2]);
    ids = m[3]!.split(',').map(Number);
  }
  const s = scope(db, { coders: input.coders, documentIds: [documentId!], codeIds: [codeId!] });
  const code = s.codes[0]!;
  const all = clusters(s.segments.get(place(documentId!, codeId!)) ?? []);
  if (ids) {
    const wanted = `${documentId}:${codeId}:${[...ids].sort((x, y) => x - y).join(',')}`;
    const cluster = all.find((c) => keyOf(documentId!, codeId!, c) === wanted);
    if (!cluster) throw new QuireError('invalid_input', CHANGED);
    return { s, code, cluster };
  }
  const [start, end] = [input.start!, input.end!];
  const found = all.filter((c) => c.some((k) => k.start < end && k.end > start));
  if (!found.length) throw new QuireError('invalid_input', `Neither ${names(s.coders)} coded that passage as “${code.name}”.`);
  if (found.length > 1) throw new QuireError('invalid_input', 'That passage holds more than one disagreement: settle them one at a time.');
  return { s, code, cluster: found[0]! };
}

export function settleDisagreement(db: Db, coderId: number, input: SettleOptions): { removed: number; recoded: number; notes: string[] } {
  const { s, code, cluster } = findUnit(db, input);
  const [documentId, codeId] = [cluster[0]!.documentId, cluster[0]!.codeId];
  const span = { start: Math.min(...cluster.map((k) => k.start)), end: Math.max(...cluster.map((k) => k.end)) };
  const quote = `“${clip(cluster[0]!.quote)}” (${code.name})`;
  const owner = (k: Segment) => s.coders[k.coder]!;
  let removed: Segment[] = [];
  let recode: { target: Segment; to: CodeRow; twin: number | undefined; rivals: number[] } | null = null;
  let description: string;
  if (input.action === 'keep') {
    const keep = s.coders.findIndex((c) => c.name === input.keepCoder);
    if (keep < 0) throw new QuireError('invalid_input', `Keep the codings of ${s.coders[0]!.name} or ${s.coders[1]!.name}: they are the coders compared.`);
    removed = cluster.filter((k) => k.coder !== keep);
    description = `Settle ${quote}: keep ${input.keepCoder}’s coding`;
  } else if (input.action === 'both') {
    description = `Settle ${quote}: keep both codings`;
  } else {
    const target = cluster.find((k) => k.id === input.codingId);
    if (!target) throw new QuireError('invalid_input', 'That coding is not part of this disagreement.');
    const to = db.prepare('SELECT id, name, colour FROM codes WHERE id = ?').get(input.newCodeId) as CodeRow | undefined;
    if (!to) throw new QuireError('not_found', `There is no code ${input.newCodeId}.`);
    if (to.id === codeId) throw new QuireError('invalid_input', `That coding already has the code “${to.name}”: choose another.`);
    const by = owner(target).id;
    const where = { documentId, coder: by, start: target.start, end: target.end };
    recode = {
      target,
      to,
      // The coder already coded the passage with the new code: the recoded coding merges into that one.
      twin: findCoding(db, documentId, to.id, by, target),
      rivals: exclusiveRivals(db, { codeId: to.id, ...where }).filter((id) => id !== target.id),
    };
    description = `Settle ${quote}: recode ${owner(target).name}’s coding as “${to.name}”`;
  }
  const [lo, hi] = s.coders.map((c) => c.id).sort((x, y) => x - y);
  return runCommand(db, coderId, 'settleDisagreement', description, (c) => {
    for (const k of removed) deleteCodingRows(db, c, k.id);
    let extra = 0;
    if (recode) {
      for (const id of recode.rivals) deleteCodingRows(db, c, id);
      extra = recode.rivals.length;
      if (recode.twin !== undefined) deleteCodingRows(db, c, recode.target.id);
      else c.update('codings', recode.target.id, { code_id: recode.to.id });
    }
    const left = cluster.filter((k) => !removed.includes(k) && k !== recode?.target);
    c.insert('settled_disagreements', {
      guid: newGuid(),
      document_id: documentId,
      code_id: codeId,
      first_coder_id: lo,
      second_coder_id: hi,
      start: span.start,
      end: span.end,
      action: input.action,
      codings: JSON.stringify(left.map((k) => k.guid)),
      settled_by: coderId,
      settled_at: new Date().toISOString(),
    });
    return { removed: removed.length + extra, recoded: recode ? 1 : 0, notes: [] };
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
    (
      db
        .prepare(
          `SELECT c.name, count(*) AS n FROM codings k JOIN coders c ON c.id = k.coder_id
           WHERE k.orphaned = 0 AND k.document_id IN (SELECT value FROM json_each(@documents))
             AND (@codes IS NULL OR k.code_id IN (SELECT value FROM json_each(@codes)))
           GROUP BY c.id ORDER BY n DESC, c.name`,
        )
        .all({ documents: list(documentIds), codes: choices.codeIds ? list(choices.codeIds) : null }) as { name: string; n: number }[]
    ).map((r) => [r.name, r.n]),
  );
  const chosen = choices.agreement?.coders ?? [...counts.keys()].slice(0, 2);
  if (chosen.filter((name) => counts.has(name)).length < 2) return null;
  return agreement(db, {
    coders: chosen,
    codeIds: choices.codeIds,
    level: choices.agreement?.level ?? 'character',
    overlap: choices.agreement?.overlap ?? 0.9,
    within: documentIds,
  });
}
