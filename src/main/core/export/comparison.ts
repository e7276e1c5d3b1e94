// The report's comparison sections: the stance overview of each group asked
// for (a table, and a chart drawn with the workbench's own chart module into
// linkedom's DOM, embedded as static SVG), and the code co-occurrence matrix.
// The tables are plain strings here; each format escapes them its own way.
import type { CoOccurrence, ExportChoices, StanceOverview } from '../../../shared/api.ts';
import { QuireError } from '../../../shared/errors.ts';
import {
  DOMINANT_LABEL,
  dominantName,
  formatShare,
  SEVERAL_LABEL,
  shareBase,
  uncodedHeading,
} from '../../../shared/stance.ts';
import { plural } from '../../../shared/text.ts';
import { coOccurrence } from '../analysis/cooccurrence.ts';
import { stanceOverview } from '../analysis/stance.ts';
import type { Db } from '../db/open.ts';
import { exclusiveGroupIds, groupIds as allGroupIds } from '../db/queries/codes.ts';
import type { Viewer } from '../viewer.ts';

export interface ReportStance {
  overview: StanceOverview;
  /** The chart as SVG markup, once drawn (drawCharts). */
  chart: string | null;
}

/** The stance overviews asked for: the groups listed, else every exclusive group, over the chosen documents. */
export function reportStances(db: Db, choices: ExportChoices, documentIds: number[], viewer: Viewer): ReportStance[] {
  if (!choices.include.stance) return [];
  const groupIds = choices.stance?.groupIds ?? exclusiveGroupIds(db).all();
  const known = new Set(allGroupIds(db).all());
  const missing = groupIds.filter((id) => !known.has(id));
  if (missing.length) throw new QuireError('not_found', `There is no code group ${missing.join(', ')}.`);
  return groupIds.map((groupId) => ({
    overview: stanceOverview(
      db,
      { groupId, by: choices.stance?.by ?? 'document', base: choices.stance?.base ?? 'coded', documentIds },
      viewer,
    ),
    chart: null,
  }));
}

/** The co-occurrence matrix asked for, of the chosen codes that have passages in the chosen documents. */
export function reportCoOccurrence(
  db: Db,
  choices: ExportChoices,
  documentIds: number[],
  codeIds: number[],
  viewer: Viewer,
): CoOccurrence | null {
  if (!choices.include.cooccurrence) return null;
  const all = coOccurrence(db, { scope: choices.cooccurrence?.scope ?? 'overlap', codeIds, documentIds }, viewer);
  const keep = all.codes.flatMap((_, i) => (all.counts[i]![i]! > 0 ? [i] : []));
  return {
    scope: all.scope,
    codes: keep.map((i) => all.codes[i]!),
    counts: keep.map((i) => keep.map((j) => all.counts[i]![j]!)),
  };
}

/** Draws the stance charts (the charting library and linkedom load only when a report has one). */
export async function drawCharts<M extends { stances: ReportStance[] }>(model: M): Promise<M> {
  if (!model.stances.length) return model;
  const [{ parseHTML }, { stanceChart }] = await Promise.all([
    import('linkedom'),
    import('../../../shared/charts/stance-chart.ts'),
  ]);
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  for (const [i, s] of model.stances.entries()) {
    if (!s.overview.rows.length) continue;
    s.chart = stanceChart(s.overview, {
      document,
      id: `stance-${i + 1}`,
      width: 640,
      fontFamily: '"DejaVu Sans", Arial, sans-serif',
    }).outerHTML;
  }
  return model;
}

export interface StanceTable {
  head: string[];
  rows: string[][];
  total: string[];
  /** The colour of each value column (null for the others), for formats that show it. */
  colours: (string | null)[];
}

/** The overview as a table: a row per document, source, year or month; per value its share and passages. */
export function stanceTable(o: StanceOverview): StanceTable {
  const several = o.rows.some((r) => r.several > 0);
  const rowName = o.byLabel;
  const line = (r: StanceOverview['rows'][number]) => [
    r.label,
    ...r.values.map((v) => `${formatShare(v.share)} (${plural(v.passages, 'passage')})`),
    ...(several ? [formatShare(shareBase(o, r) ? r.several / shareBase(o, r) : 0)] : []),
    formatShare(r.chars ? r.uncoded / r.chars : 0),
    dominantName(o, r),
  ];
  return {
    head: [
      rowName,
      ...o.codes.map((c) => c.name),
      ...(several ? [SEVERAL_LABEL] : []),
      uncodedHeading(o),
      DOMINANT_LABEL,
    ],
    rows: o.rows.map(line),
    total: line(o.total),
    colours: [null, ...o.codes.map((c) => c.colour), ...(several ? [null] : []), null, null],
  };
}

/** The co-occurrence matrix as rows of strings; the diagonal in brackets, since it counts something else. */
export function coOccurrenceRows(c: CoOccurrence): string[][] {
  return c.codes.map((_, i) => c.counts[i]!.map((n, j) => (i === j ? `(${n})` : n ? String(n) : '·')));
}
