// Word frequencies as a chart: one horizontal bar per word, its frequency per
// 10,000 words; in a comparison its keyness (log-likelihood), bars to the
// right for words characteristic of the first scope and to the left for the
// second, in two colours that differ in lightness too (so they print apart).
// Built with Observable Plot into the `document` given, as the stance chart is.
import * as Plot from '@observablehq/plot';
import type { WordsResult } from '../api.ts';
import { clip } from '../text.ts';
import type { ChartDocument, ChartNode } from './stance-chart.ts';

const ROW = 18;
const FIRST = '#2f6db5';
const SECOND = '#e39b3a';

/** The chart as an <svg> element of `options.document`; `limit` words at most, in the table's order. */
export function wordChart(
  result: WordsResult,
  options: { document: ChartDocument; width?: number; limit?: number; fontFamily?: string },
): ChartNode {
  const width = options.width ?? 480;
  const compared = result.compare !== null;
  const rows = result.rows
    .slice(0, options.limit ?? 25)
    .map((r, i) => ({ key: `${i}`, word: clip(r.word, 24), value: compared ? (r.keyness ?? 0) : r.per10k }));
  const label = compared ? 'Keyness (log-likelihood)' : 'Occurrences per 10,000 words';
  return Plot.plot({
    document: options.document as never,
    width,
    height: 46 + Math.max(1, rows.length) * ROW,
    marginLeft: 110,
    marginRight: 16,
    marginBottom: 34,
    ariaLabel: compared
      ? `${label}: to the right, words characteristic of ${result.scope.label}; to the left, of ${result.compare!.label}`
      : label,
    style: { fontFamily: options.fontFamily ?? 'system-ui, sans-serif', fontSize: '12px', overflow: 'visible' },
    x: { label, labelAnchor: 'center', labelOffset: 30, grid: true },
    y: {
      domain: rows.map((r) => r.key),
      tickFormat: (key: string) => rows[Number(key)]?.word ?? '',
      label: null,
      padding: 0.2,
    },
    marks: [
      Plot.barX(rows, {
        x: 'value',
        y: 'key',
        fill: { value: (r: { value: number }) => (r.value >= 0 ? FIRST : SECOND), scale: null },
        title: (r: { word: string; value: number }) => `${r.word}: ${r.value}`,
      }),
      Plot.ruleX([0]),
    ],
  }) as unknown as ChartNode;
}
