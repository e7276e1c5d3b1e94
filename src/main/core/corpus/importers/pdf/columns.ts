// Step 3 of reading a PDF (see index.ts): columns. A vertical strip that no
// column-wide line crosses is a gutter, and each column is read top to bottom,
// left to right, so that reading order follows the article, not the baselines.
import { SAME_LINE, type Line } from './lines.ts';
import { median } from './quantile.ts';

/** Lines narrower than this share of the text's width can be lines of a column. */
const NARROW = 0.6;
/** An outer column whose type is this much smaller than the page's text is a sidebar or an infobox. */
const ASIDE_SIZE = 0.08;

interface Gutter {
  x0: number;
  x1: number;
}

/**
 * The page's lines as flows: runs of lines read in order. A single-column page
 * is one flow. On a page with columns, lines that cross a gutter (a headline
 * over all columns, a full-width paragraph) split the page into bands, and
 * each band is read column by column, left to right.
 */
export function flowsOf(lines: Line[]): Line[][] {
  const gutters = findGutters(lines);
  if (gutters.length === 0) return lines.length ? [lines] : [];
  const aside = asideOf(lines, gutters);
  if (aside.length) {
    const rest = lines.filter((l) => !aside.includes(l));
    return [...flowsOf(rest), ...rowsOf(aside).map((row) => [row])];
  }
  const mids = gutters.map((g) => (g.x0 + g.x1) / 2);
  const flows: Line[][] = [];
  let columns: Line[][] = [[], ...gutters.map(() => [])];
  let spanning: Line[] = [];
  const flushColumns = () => {
    flows.push(...columns.filter((c) => c.length > 0));
    columns = columns.map(() => []);
  };
  for (const line of lines) {
    if (mids.some((m) => line.x0 < m && line.x1 > m)) {
      flushColumns();
      spanning.push(line);
      continue;
    }
    if (spanning.length > 0) flows.push(spanning);
    spanning = [];
    columns[mids.filter((m) => m <= line.x0).length]!.push(line);
  }
  flushColumns();
  if (spanning.length > 0) flows.push(spanning);
  return flows;
}

/**
 * A sidebar or infobox: the lines of the outermost column when its type is
 * smaller than the page's text. It is read after the text beside it, so that
 * the text's sentences run on past it, and row by row (a label and its value,
 * on one baseline, make one line).
 */
function asideOf(lines: Line[], gutters: Gutter[]): Line[] {
  const text = mainSize(lines);
  const smaller = (l: Line) => l.size < (1 - ASIDE_SIZE) * text;
  // The widest strip at either edge (an infobox may have columns of its own: labels and values).
  const strips = [
    ...gutters.map((g) => (l: Line) => l.x0 >= g.x1 - 1),
    ...gutters.toReversed().map((g) => (l: Line) => l.x1 <= g.x0 + 1),
  ];
  for (const inStrip of strips) {
    const side = lines.filter(inStrip);
    if (side.length >= 3 && median(side.map((l) => l.size)) < (1 - ASIDE_SIZE) * text) {
      // With it, the lines of its type that cross gutters inside it (its caption, a wide row).
      const x0 = Math.min(...side.map((l) => l.x0));
      const x1 = Math.max(...side.map((l) => l.x1));
      return lines.filter((l) => smaller(l) && l.x0 >= x0 - 1 && l.x1 <= x1 + 1);
    }
  }
  return [];
}

/** The type size most of the page's characters are set in. */
function mainSize(lines: Line[]): number {
  const chars = new Map<number, number>();
  for (const l of lines)
    chars.set(Math.round(l.size * 2) / 2, (chars.get(Math.round(l.size * 2) / 2) ?? 0) + l.text.length);
  return [...chars].reduce((best, entry) => (entry[1] > best[1] ? entry : best), [0, 0])[0];
}

/** Lines on one baseline joined into rows (a table's cells), top to bottom; each is an aside's own paragraph. */
function rowsOf(lines: Line[]): Line[] {
  const rows: Line[] = [];
  for (const l of [...lines].sort((a, b) => a.y - b.y || a.x0 - b.x0)) {
    const row = rows.at(-1);
    if (row && Math.abs(l.y - row.y) < SAME_LINE * l.size)
      rows[rows.length - 1] = { ...row, text: `${row.text} ${l.text}`, x1: Math.max(row.x1, l.x1) };
    else rows.push({ ...l, aside: true });
  }
  return rows;
}

/**
 * Gutters: vertical strips between the text's left and right edges that almost
 * no column-wide line covers, with many lines starting right of the strip and
 * many ending left of it. The short last lines of paragraphs on a
 * single-column page leave a strip uncovered too, but no lines start right of it.
 */
function findGutters(lines: Line[]): Gutter[] {
  if (lines.length < 6) return [];
  const left = Math.min(...lines.map((l) => l.x0));
  const right = Math.max(...lines.map((l) => l.x1));
  const width = right - left;
  const narrow = lines.filter((l) => l.x1 - l.x0 < NARROW * width);
  if (narrow.length < 6 || width <= 0) return [];

  // How many narrow lines cover each point (1-pt steps) across the text.
  const cover = new Uint32Array(Math.ceil(width) + 1);
  for (const l of narrow) {
    for (let x = Math.max(0, Math.floor(l.x0 - left)); x < Math.min(cover.length, Math.ceil(l.x1 - left)); x++)
      cover[x]!++;
  }
  const allowed = Math.floor(narrow.length * 0.05); // a centred subheading or two may cross a gutter
  const minWidth = 0.5 * median(narrow.map((l) => l.size));
  const minSide = Math.max(3, 0.2 * narrow.length);

  const gutters: Gutter[] = [];
  let start = -1;
  for (let x = 0; x <= cover.length; x++) {
    const open = x < cover.length && cover[x]! <= allowed;
    if (open && start < 0) start = x;
    if (open || start < 0) continue;
    const g = { x0: left + start, x1: left + x };
    start = -1;
    if (g.x0 <= left || g.x1 >= right || g.x1 - g.x0 < minWidth) continue;
    const before = narrow.filter((l) => l.x1 <= g.x0 + 1).length;
    const after = narrow.filter((l) => l.x0 >= g.x1 - 1).length;
    if (before >= minSide && after >= minSide) gutters.push(g);
  }
  return gutters;
}
