// The stance overview as a chart: one horizontal bar per row (a document, a
// source, a year or a month), split into each value's share of the row's coded
// text, then text coded with several values, on a 0–100% axis, with the share
// of the text left uncoded written beside the bar; or, as an option, of all its
// text, the uncoded part then a pale segment of the bar.
// Built with Observable Plot into the `document` given: the browser's in the
// workbench, linkedom's in the engine (the report embeds the serialised SVG).
// For black-and-white print every value also has its own hatching, and
// segments of 8% or more carry their percentage. Every text is set by Plot or
// here through textContent, never parsed as markup.
import * as Plot from '@observablehq/plot';
import type { StanceOverview } from '../api.ts';
import { safeColour } from '../colour.ts';
import { SEVERAL_LABEL, UNCODED_LABEL } from '../stance.ts';
import { clip, plural, visible } from '../text.ts';

/** The little of the DOM this module uses, so it types without the DOM library (the engine passes linkedom's document). */
export interface ChartNode {
  setAttribute(name: string, value: string): void;
  append(...nodes: ChartNode[]): void;
  insertBefore(node: ChartNode, child: ChartNode | null): unknown;
  readonly firstChild: ChartNode | null;
  querySelectorAll(selector: string): ArrayLike<ChartNode>;
  textContent: string | null;
  readonly outerHTML: string;
}
export interface ChartDocument {
  createElementNS(namespace: string, name: string): unknown;
}

export interface StanceChartOptions {
  /** The DOM to build in. */
  document: ChartDocument;
  /** Width in pixels (the SVG scales down to its container). */
  width?: number;
  /** Makes the patterns' ids unique on a page that holds several charts. */
  id?: string;
  fontFamily?: string;
}

/** Segments at least this share of their row's text are labelled with their percentage. */
const LABEL_FROM = 0.08;

const SVG = 'http://www.w3.org/2000/svg';
const FONT_SIZE = 11;
const ROW = 30;

/** Hatchings, one per value in turn (the first is plain); drawn 8 px apart. */
const HATCHES: (string | null)[] = [
  null,
  'M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6',
  'dots',
  'M0,4 H8',
  'M-2,6 L2,10 M0,0 L8,8 M6,-2 L10,2',
  'M4,0 V8',
  'M0,4 H8 M4,0 V8',
];
const CROSSHATCH = 'M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6 M-2,6 L2,10 M0,0 L8,8 M6,-2 L10,2';

/** Whether a #rrggbb colour is dark: hatching and text on it are drawn light. */
function isDark(colour: string): boolean {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  if (!m) return false;
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => parseInt(h, 16) / 255);
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b! < 0.45;
}

interface Series {
  key: string;
  label: string;
  colour: string;
  hatch: string | null;
  /** The code, for values; null for "several" and "uncoded". */
  codeId: number | null;
}

interface Segment {
  row: string;
  series: Series;
  x1: number;
  x2: number;
  share: number;
  title: string;
}

/** A rough text width for laying out labels (Plot measures the same way, without a layout engine). */
const textWidth = (text: string, size = FONT_SIZE) => text.length * size * 0.6;

const percent = (share: number) => `${share > 0 && share < 0.005 ? '<1' : Math.round(share * 100)}%`;

/** The chart as an <svg> element of `options.document`. */
export function stanceChart(overview: StanceOverview, options: StanceChartOptions): ChartNode {
  const doc = options.document;
  const width = options.width ?? 640;
  const id = (options.id ?? `stance-${overview.group.id}`).replace(/[^\w-]/g, '');
  const series: Series[] = overview.codes.map((c, i) => ({
    key: `code-${c.id}`,
    label: c.name,
    colour: safeColour(c.colour),
    hatch: HATCHES[i % HATCHES.length]!,
    codeId: c.id,
  }));
  const several: Series = { key: 'several', label: SEVERAL_LABEL, colour: '#8a8a8a', hatch: CROSSHATCH, codeId: null };
  const uncoded: Series = { key: 'uncoded', label: UNCODED_LABEL, colour: 'currentColor', hatch: null, codeId: null };
  const showSeveral = overview.rows.some((r) => r.several > 0);
  const ofCoded = overview.base === 'coded';
  const legendItems = [...series, ...(showSeveral ? [several] : []), ...(ofCoded ? [] : [uncoded])];

  const segments: Segment[] = [];
  for (const row of overview.rows) {
    const whole = ofCoded ? row.codedChars : row.chars;
    if (!whole) continue;
    let at = 0;
    const parts: [Series, number, string][] = [
      ...row.values.map((v, i): [Series, number, string] => [series[i]!, v.alone, plural(v.passages, 'passage')]),
      [several, row.several, ''],
      ...(ofCoded ? [] : [[uncoded, row.uncoded, ''] as [Series, number, string]]),
    ];
    for (const [s, length, note] of parts) {
      if (length <= 0) continue;
      const share = length / whole;
      segments.push({
        row: row.key,
        series: s,
        x1: at * 100,
        x2: (at + share) * 100,
        share,
        title: `${visible(s.label)}, ${visible(row.label)}: ${percent(share)}${note ? ` (${note})` : ''}`,
      });
      at += share;
    }
  }

  // Layout: the legend on top, wrapped to the width; row labels as wide as the longest needs, within limits.
  const labels = new Map(overview.rows.map((r) => [r.key, r.label]));
  const rowIndex = new Map(overview.rows.map((r, i) => [r.key, i]));
  const longest = Math.max(4, ...overview.rows.map((r) => r.label.length));
  const labelChars = Math.min(longest, Math.floor((width * 0.32) / (FONT_SIZE * 0.6)));
  const marginLeft = Math.ceil(textWidth('x'.repeat(labelChars))) + 14;
  // Of coded text, the uncoded share stands as a number after each bar: "97% uncoded".
  const marginRight = ofCoded ? Math.ceil(textWidth('<1% uncoded', FONT_SIZE)) + 18 : 14;
  const uncodedNotes = ofCoded
    ? overview.rows.filter((r) => r.chars).map((r) => ({ row: r.key, text: `${percent(r.uncoded / r.chars)} uncoded` }))
    : [];
  const legend: { item: Series; x: number; line: number; text: string }[] = [];
  let x = 0;
  let line = 0;
  for (const item of legendItems) {
    const text = clip(item.label, 40);
    const w = 14 + 5 + textWidth(text, FONT_SIZE * 0.93) + 14;
    if (x + w > width && x > 0) {
      line++;
      x = 0;
    }
    legend.push({ item, x, line, text });
    x += w;
  }
  const marginTop = (line + 1) * 20 + 10;
  const height = marginTop + Math.max(1, overview.rows.length) * ROW + 40;

  const pattern = (s: Series) => (s.hatch ? `url(#${id}-${s.key})` : 'none');
  const tagged = (list: Segment[]) => ({
    render(
      index: number[],
      scales: Plot.ScaleFunctions,
      values: Plot.ChannelValues,
      dimensions: Plot.Dimensions,
      context: Plot.Context,
      next?: Plot.RenderFunction,
    ) {
      const g = next!(index, scales, values, dimensions, context) as unknown as ChartNode;
      const rects = g.querySelectorAll('rect');
      index.forEach((i, k) => {
        const rect = rects[k];
        const segment = list[i]!;
        // Attributes carry only numbers and fixed words: names from the project stay in text nodes, where they are escaped.
        rect?.setAttribute('data-row', String(rowIndex.get(segment.row)));
        rect?.setAttribute('data-series', segment.series.key);
        if (segment.series.codeId !== null) rect?.setAttribute('data-code', String(segment.series.codeId));
      });
      return g as never;
    },
  });
  const labelled = segments.filter((s) => s.share >= LABEL_FROM && s.series !== uncoded);

  const svg = Plot.plot({
    document: doc as never,
    width,
    height,
    marginLeft,
    marginRight,
    marginTop,
    marginBottom: 34,
    ariaLabel: `Share of the ${ofCoded ? 'coded text' : 'text'} coded with each value, by ${overview.by}`,
    style: {
      fontFamily: options.fontFamily ?? 'system-ui, sans-serif',
      fontSize: `${FONT_SIZE}px`,
      overflow: 'visible',
    },
    x: {
      domain: [0, 100],
      ticks: [0, 25, 50, 75, 100],
      tickFormat: (d: number) => `${d}%`,
      label: ofCoded ? 'Share of the coded text' : 'Share of the text',
      labelAnchor: 'center',
      labelOffset: 30,
    },
    y: {
      domain: overview.rows.map((r) => r.key),
      tickFormat: (key: string) => clip(labels.get(key) ?? key, labelChars),
      label: null,
      padding: 0.22,
    },
    marks: [
      Plot.barX(segments, {
        x1: 'x1',
        x2: 'x2',
        y: 'row',
        fill: { value: (s: Segment) => s.series.colour, scale: null },
        fillOpacity: { value: (s: Segment) => (s.series === uncoded ? 0.13 : 1), scale: null },
        title: 'title',
        ...tagged(segments),
      }),
      Plot.barX(
        segments.filter((s) => s.series.hatch),
        {
          x1: 'x1',
          x2: 'x2',
          y: 'row',
          fill: { value: (s: Segment) => pattern(s.series), scale: null },
          pointerEvents: 'none',
        },
      ),
      Plot.text(labelled, {
        x: (s: Segment) => (s.x1 + s.x2) / 2,
        y: 'row',
        text: (s: Segment) => percent(s.share),
        fill: 'black',
        stroke: 'white',
        strokeWidth: 3,
        strokeOpacity: 0.9,
        fontWeight: 600,
        pointerEvents: 'none',
      }),
      Plot.text(uncodedNotes, {
        x: 100,
        y: 'row',
        text: 'text',
        dx: 6,
        textAnchor: 'start',
        fill: 'currentColor',
        fillOpacity: 0.75,
        pointerEvents: 'none',
      }),
      Plot.ruleX([0]),
    ],
  }) as unknown as ChartNode;

  // Patterns for the hatchings: light lines on dark colours, dark ones on light colours.
  const el = (name: string, attributes: Record<string, string | number>) => {
    const node = doc.createElementNS(SVG, name) as ChartNode;
    for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, String(v));
    return node;
  };
  const defs = el('defs', {});
  for (const s of [...series, several]) {
    if (!s.hatch) continue;
    const ink = isDark(s.colour) ? '#ffffff' : '#000000';
    const p = el('pattern', { id: `${id}-${s.key}`, width: 8, height: 8, patternUnits: 'userSpaceOnUse' });
    p.append(
      s.hatch === 'dots'
        ? el('circle', { cx: 4, cy: 4, r: 1.4, fill: ink, 'fill-opacity': 0.6 })
        : el('path', { d: s.hatch, stroke: ink, 'stroke-width': 1.3, 'stroke-opacity': 0.55, fill: 'none' }),
    );
    defs.append(p);
  }
  svg.insertBefore(defs, svg.firstChild);

  // The legend: a swatch (colour and hatching) and the value's name for each series.
  const key = el('g', { 'aria-label': 'legend', 'font-size': FONT_SIZE, 'text-anchor': 'start' });
  for (const { item, x: left, line: n, text } of legend) {
    const y = 6 + n * 20;
    const g = el('g', { transform: `translate(${left},${y})` });
    g.append(
      el('rect', {
        width: 14,
        height: 14,
        fill: item.colour,
        'fill-opacity': item === uncoded ? 0.13 : 1,
        stroke: 'currentColor',
        'stroke-opacity': 0.35,
      }),
    );
    if (item.hatch) g.append(el('rect', { width: 14, height: 14, fill: pattern(item) }));
    const label = el('text', { x: 19, y: 11, fill: 'currentColor' });
    label.textContent = text;
    g.append(label);
    key.append(g);
  }
  svg.append(key);
  return svg;
}
