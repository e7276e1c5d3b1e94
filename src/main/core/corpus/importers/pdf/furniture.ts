// Step 2 of reading a PDF (see index.ts): running headers, footers and page
// numbers are dropped. They are lines at the top or bottom edge of a page that
// repeat on most pages, or a bare page number there; left in, they would break
// paragraphs that run on from one page to the next.
import { plural } from '../../../../../shared/text.ts';
import type { Line, Page } from './lines.ts';
import { listFormat } from './page-list.ts';
import { median } from './quantile.ts';

/** Only the outermost lines of a page, in its top or bottom part, can be headers or footers. */
const EDGE_LINES = 3;
const EDGE_ZONE = 0.15;
/** "3", "- 3 -", "[3]", "Page 3", "Page 3 of 7", "3 / 7"; and "iv" (lower-case Roman numerals, in front matter). */
const PAGE_NUMBER = /^(?:(?:page|p\.|pg\.?)\s*)?[-–—([]?\s*\d{1,4}\s*[-–—)\]]?(?:\s*(?:of|\/)\s*\d{1,4})?$/i;
const ROMAN_PAGE_NUMBER = /^(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})$/;

interface EdgeLine {
  page: number;
  line: Line;
  edge: 'top' | 'bottom';
  /** 0 for the line nearest the edge. */
  rank: number;
  /** Distance from its edge of the page, so pages of different heights compare. */
  offset: number;
}

interface Furniture {
  kept: Line[][];
  /** The text of each distinct running header or footer. */
  repeated: string[];
  pages: number;
  kinds: Set<'headers' | 'footers' | 'page numbers'>;
}

export function removeFurniture(pages: Page[]): Furniture {
  const edges = pages.map(edgeLinesOf);
  const repeated = repeatedLines(edges.flat(), pages.length);
  const kinds: Furniture['kinds'] = new Set();
  let touched = 0;
  const kept = pages.map((page, i) => {
    const drop = new Set<Line>();
    for (const e of edges[i]!) {
      if (repeated.has(e.line)) {
        drop.add(e.line);
        kinds.add(e.edge === 'top' ? 'headers' : 'footers');
      } else if (e.rank < 2 && (PAGE_NUMBER.test(e.line.text) || ROMAN_PAGE_NUMBER.test(e.line.text))) {
        drop.add(e.line);
        kinds.add('page numbers');
      }
    }
    if (drop.size > 0) touched++;
    return page.lines.filter((l) => !drop.has(l));
  });
  return { kept, pages: touched, kinds, repeated: [...new Set([...repeated].map((l) => l.text))] };
}

function edgeLinesOf(page: Page, index: number): EdgeLine[] {
  const byY = [...page.lines].sort((p, q) => p.y - q.y);
  const top = byY
    .slice(0, EDGE_LINES)
    .filter((l) => l.y <= page.height * EDGE_ZONE)
    .map((line, rank): EdgeLine => ({ page: index, line, edge: 'top', rank, offset: line.y }));
  const bottom = byY
    .slice(-EDGE_LINES)
    .reverse()
    .filter((l) => l.y >= page.height * (1 - EDGE_ZONE) && !top.some((t) => t.line === l))
    .map((line, rank): EdgeLine => ({ page: index, line, edge: 'bottom', rank, offset: page.height - line.y }));
  return [...top, ...bottom];
}

/**
 * Edge lines that recur at the same edge and height on at least half the pages
 * (two at least), compared with digits masked: "Page 3 of 7", "The Times | 12 May".
 */
function repeatedLines(edges: EdgeLine[], pageCount: number): Set<Line> {
  const groups = new Map<string, EdgeLine[]>();
  for (const e of edges) {
    const key = `${e.edge}\u0000${e.line.text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ')}`;
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }
  const needed = Math.max(2, Math.ceil(pageCount / 2));
  const out = new Set<Line>();
  for (const group of groups.values()) {
    const offset = median(group.map((e) => e.offset));
    const aligned = group.filter((e) => Math.abs(e.offset - offset) <= Math.max(3, e.line.size));
    if (new Set(aligned.map((e) => e.page)).size >= needed) for (const e of aligned) out.add(e.line);
  }
  return out;
}

/** "Removed running headers and footers and page numbers from 6 pages." */
export function furnitureWarning(f: Furniture): string {
  const running = (['headers', 'footers'] as const).filter((k) => f.kinds.has(k));
  const what = [
    running.length ? `running ${running.join(' and ')}` : null,
    f.kinds.has('page numbers') ? 'page numbers' : null,
  ];
  const list = listFormat.format(what.filter((w) => w !== null));
  return `Removed ${list} from ${plural(f.pages, 'page')}.`;
}
