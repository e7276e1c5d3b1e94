// The stance chart drawn into linkedom's DOM, as the report draws it: a bar per
// row, segments as wide as their shares, a hatching per value for black-and-white
// print, percentages inside the segments wide enough to hold them.
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import type { StanceOverview, StanceRow } from '../../src/shared/api.ts';
import { stanceChart } from '../../src/shared/charts/stance-chart.ts';

function row(key: string, label: string, chars: number, alone: number[], several = 0): StanceRow {
  const any = alone.reduce((a, b) => a + b, 0) + several;
  return {
    key,
    label,
    documentIds: [1],
    chars,
    values: alone.map((n, i) => ({
      codeId: i + 1,
      coded: n + several,
      share: (n + several) / chars,
      alone: n,
      passages: n ? 1 : 0,
    })),
    several,
    uncoded: chars - any,
    codedChars: any,
    dominant: null,
  };
}

const overview: StanceOverview = {
  group: { id: 7, name: 'Belarus role', exclusive: true },
  by: 'source',
  byLabel: 'Source',
  base: 'all',
  codes: [
    { id: 1, name: 'Neutral', colour: '#1f77b4' },
    { id: 2, name: 'Complicit', colour: '#ffdd55' },
    { id: 3, name: 'Co-belligerent', colour: '#222222' },
  ],
  coders: ['ana'],
  rows: [
    row('a', 'Asia Times', 1000, [500, 50, 0]),
    row('b', 'The Washington Times', 2000, [200, 400, 1000], 100),
    row('none', 'No source', 400, [0, 0, 0]),
  ],
  total: row('total', 'All documents', 3400, [700, 450, 1000], 100),
  uncodedDocuments: 0,
};

const draw = (o: StanceOverview = overview) =>
  stanceChart(o, { document: parseHTML('<!doctype html><html><body></body></html>').document, width: 600, id: 'test' });
/** linkedom's elements, as much of them as the test reads (the node build has no DOM types). */
interface El {
  getAttribute(name: string): string | null;
  textContent: string | null;
}
const select = (svg: ReturnType<typeof draw>, selector: string) => [
  ...(svg.querySelectorAll(selector) as unknown as Iterable<El>),
];

describe('the stance chart', () => {
  it('draws a bar per row, each segment as wide as its share of the row’s text, adding up to the whole bar', () => {
    const svg = draw();
    const segments = select(svg, 'rect[data-row]');
    expect(new Set(segments.map((r) => r.getAttribute('data-row')))).toEqual(new Set(['0', '1', '2']));
    const widths = (row: string) =>
      segments
        .filter((r) => r.getAttribute('data-row') === row)
        .map((r) => [r.getAttribute('data-series'), Number(r.getAttribute('width'))] as const);
    const full = widths('2').reduce((n, [, w]) => n + w, 0);
    expect(widths('2').map(([s]) => s)).toEqual(['uncoded']);
    const b = widths('1');
    expect(b.map(([s]) => s)).toEqual(['code-1', 'code-2', 'code-3', 'several', 'uncoded']);
    // 200, 400, 1000, 100 and 300 of 2,000 characters.
    expect(b.map(([, w]) => Math.round((w / full) * 1000) / 10)).toEqual([10, 20, 50, 5, 15]);
    expect(b.reduce((n, [, w]) => n + w, 0)).toBeCloseTo(full, 5);
  });

  it('labels segments of 8% or more with their percentage, and gives each value after the first a hatching of its own', () => {
    const svg = draw();
    // Asia Times: 50% and 5% (too narrow); Washington Times: 10%, 20%, 50%; "several" (5%) and uncoded are not labelled.
    expect(select(svg, 'g[aria-label="text"] text').map((t) => t.textContent)).toEqual(['50%', '10%', '20%', '50%']);
    const patterns = select(svg, 'pattern').map((p) => p.getAttribute('id'));
    expect(patterns).toEqual(['test-code-2', 'test-code-3', 'test-several']);
    // Light hatching on the dark colour, dark hatching on the light one.
    expect(select(svg, '#test-code-3 circle')[0]!.getAttribute('fill')).toBe('#ffffff');
    expect(select(svg, '#test-code-2 path')[0]!.getAttribute('stroke')).toBe('#000000');
    // The overlays use them.
    expect(
      new Set(
        select(svg, 'rect')
          .map((r) => r.getAttribute('fill'))
          .filter((f) => f?.startsWith('url(')),
      ),
    ).toEqual(new Set(['url(#test-code-2)', 'url(#test-code-3)', 'url(#test-several)']));
    const legend = select(svg, 'g[aria-label="legend"] text').map((t) => t.textContent);
    expect(legend).toEqual(['Neutral', 'Complicit', 'Co-belligerent', 'Several values', 'Uncoded']);
    expect(select(svg, '[aria-label="y-axis tick label"] text').map((t) => t.textContent)).toEqual([
      'Asia Times',
      'The Washington Times',
      'No source',
    ]);
  });

  it('by default shows each value’s share of the coded text, and the uncoded share as a number beside the bar', () => {
    const svg = draw({ ...overview, base: 'coded' });
    const segments = select(svg, 'rect[data-row]');
    const widths = (row: string) =>
      segments
        .filter((r) => r.getAttribute('data-row') === row)
        .map((r) => [r.getAttribute('data-series'), Number(r.getAttribute('width'))] as const);
    // The Washington Times: 200, 400, 1,000 and 100 of its 1,700 coded characters fill the whole bar; nothing uncoded is drawn.
    const b = widths('1');
    expect(b.map(([s]) => s)).toEqual(['code-1', 'code-2', 'code-3', 'several']);
    const full = b.reduce((n, [, w]) => n + w, 0);
    expect(b.map(([, w]) => Math.round((w / full) * 1000) / 10)).toEqual([11.8, 23.5, 58.8, 5.9]);
    // Asia Times: 500 and 50 of 550 coded fill the same width as the Washington Times' bar.
    expect(widths('0').reduce((n, [, w]) => n + w, 0)).toBeCloseTo(full, 5);
    // No source has no coded text: no bar, and its text is all uncoded.
    expect(widths('2')).toEqual([]);
    const texts = select(svg, 'g[aria-label="text"] text').map((t) => t.textContent);
    expect(texts).toEqual(expect.arrayContaining(['45% uncoded', '15% uncoded', '100% uncoded']));
    expect(select(svg, 'g[aria-label="legend"] text').map((t) => t.textContent)).toEqual([
      'Neutral',
      'Complicit',
      'Co-belligerent',
      'Several values',
    ]);
    expect(svg.textContent).toContain('Share of the coded text');
  });
});
