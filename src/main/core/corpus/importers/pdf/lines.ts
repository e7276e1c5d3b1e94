// Step 1 of reading a PDF (see index.ts): words → lines. pdf.js gives runs of
// glyphs at positions on each page; runs on one baseline make a line, split
// where a wide gap separates columns. Sideways and mirrored text (margin notes,
// stamps, watermarks) is left out, and a page pdf.js cannot read is kept as
// unreadable, so that the rest of the file still comes in.
import { QuireError } from '../../../../../shared/errors.ts';
import type { PdfDocument, PdfJs } from './open.ts';
import { pageList } from './page-list.ts';
import { isRtl, logicalOrder, unshape, visualRun } from './rtl.ts';

/**
 * A run of text as pdf.js gives it, in page coordinates: x to the right, y (the
 * baseline) down from the top. (Its hasEOL flags are not needed: lines are
 * found from positions, which also works where a PDF draws text out of order.)
 */
interface Fragment {
  text: string;
  /** pdf.js found the run right to left, and gives it in logical order. */
  rtl: boolean;
  x: number;
  y: number;
  width: number;
  size: number;
}

/** One line of one column: its text, where it starts and ends, its baseline and type size. */
export interface Line {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
  /** A row of a sidebar or infobox (columns.ts): a paragraph of its own. */
  aside?: boolean;
}

export interface Page {
  number: number;
  height: number;
  lines: Line[];
  /**
   * The share of the page that pictures cover, measured only on pages with
   * little text (0 on the others): a page of little text over a big picture is
   * a picture of text, a scan.
   */
  pictured: number;
  /** False when pdf.js could not read the page (it is reported as damaged, not as a scan). */
  readable: boolean;
}

/** Baselines closer than this (in ems) are one line; it lets superscripts and subscripts join their line. */
export const SAME_LINE = 0.5;
/** A gap wider than this (in ems) on one baseline separates columns (pdf.js already turns word spaces into spaces). */
const COLUMN_GAP = 1;
/** A gap wider than this (in ems) between two runs is a space between words. */
const WORD_GAP = 0.15;
/** A page with fewer characters than this may be a picture of text (a scanner's stamp or page number is not its text). */
export const LITTLE_TEXT = 20;

/** The characters a page's lines hold, spaces aside. */
export function textLength(lines: Line[]): number {
  return lines.reduce((n, l) => n + l.text.replace(/\s/g, '').length, 0);
}

/**
 * How much of a page its pictures cover, as a share of the page (0 to 1): each
 * picture is the unit square under the transformation in force where it is
 * painted. Overlaps count twice, which matters not: a scan is one big picture.
 */
async function picturedShare(pdfjs: PdfJs, doc: PdfDocument, number: number): Promise<number> {
  const page = await doc.getPage(number);
  try {
    const { OPS, Util } = pdfjs;
    const [x0, y0, x1, y1] = page.view as number[];
    const pageArea = Math.abs((x1! - x0!) * (y1! - y0!)) || 1;
    const list = await page.getOperatorList();
    const pictures = new Set<number>([
      OPS.paintImageXObject,
      OPS.paintInlineImageXObject,
      OPS.paintImageMaskXObject,
      OPS.paintImageXObjectRepeat,
    ]);
    const stack: number[][] = [];
    let ctm = [1, 0, 0, 1, 0, 0];
    let covered = 0;
    list.fnArray.forEach((fn, i) => {
      const args = list.argsArray[i] as unknown[];
      if (fn === OPS.save || fn === OPS.paintFormXObjectBegin) stack.push(ctm);
      if (fn === OPS.restore || fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
      if (fn === OPS.transform) ctm = Util.transform(ctm, args as number[]) as number[];
      if (fn === OPS.paintFormXObjectBegin && Array.isArray(args[0]))
        ctm = Util.transform(ctm, args[0] as number[]) as number[];
      if (pictures.has(fn)) covered += Math.abs(ctm[0]! * ctm[3]! - ctm[1]! * ctm[2]!);
    });
    return Math.min(1, covered / pageArea);
  } finally {
    page.cleanup();
  }
}

export async function readPages(pdfjs: PdfJs, doc: PdfDocument, warnings: string[]): Promise<Page[]> {
  if (doc.numPages === 0) throw new QuireError('invalid_input', 'This PDF has no pages.');
  const pages: Page[] = [];
  const failed: number[] = [];
  let sideways = 0;
  for (let number = 1; number <= doc.numPages; number++) {
    try {
      const { fragments, skipped } = await pageFragments(pdfjs, doc, number);
      sideways += skipped;
      const lines = linesOf(fragments.items);
      const pictured = textLength(lines) < LITTLE_TEXT ? await picturedShare(pdfjs, doc, number) : 0;
      pages.push({ number, height: fragments.height, lines, readable: true, pictured });
    } catch {
      failed.push(number);
      pages.push({ number, height: 0, lines: [], readable: false, pictured: 0 });
    }
  }
  if (failed.length === doc.numPages)
    throw new QuireError('invalid_input', 'This PDF is damaged and cannot be read (no page could be read).');
  if (failed.length) warnings.push(`${pageList(failed)} could not be read (damaged); their text is missing.`);
  if (sideways >= 20)
    warnings.push(
      `Left out ${sideways} characters of sideways or upside-down text (margin notes, stamps or watermarks).`,
    );
  return pages;
}

async function pageFragments(pdfjs: PdfJs, doc: PdfDocument, number: number) {
  const page = await doc.getPage(number);
  try {
    const viewport = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    const items: Fragment[] = [];
    let skipped = 0;
    for (const item of content.items) {
      if (!('str' in item) || item.str === '') continue;
      // Into the page as it is shown (rotation applied, y down).
      const [a, b, c, d, x, y] = pdfjs.Util.transform(viewport.transform, item.transform) as number[];
      // Upright text only: sideways and mirrored runs are margin notes, stamps and watermarks.
      if (a! <= 0 || Math.abs(b!) > 0.1 * a!) {
        skipped += item.str.replace(/\s/g, '').length;
        continue;
      }
      items.push({
        text: item.str,
        rtl: item.dir === 'rtl',
        x: x!,
        y: y!,
        width: item.width,
        size: Math.hypot(c!, d!) || a!,
      });
    }
    return { fragments: { items, height: viewport.height }, skipped };
  } finally {
    page.cleanup();
  }
}

/** Fragments → lines, top to bottom; on one baseline, left to right, split at column gaps. */
function linesOf(fragments: Fragment[]): Line[] {
  const sorted = [...fragments].sort((p, q) => p.y - q.y || p.x - q.x);
  const rows: Fragment[][] = [];
  let row: Fragment[] = [];
  let rowY = 0;
  let rowSize = 0;
  for (const f of sorted) {
    if (row.length > 0 && Math.abs(f.y - rowY) <= SAME_LINE * Math.max(f.size, rowSize)) {
      row.push(f);
      rowSize = Math.max(rowSize, f.size);
      continue;
    }
    if (row.length > 0) rows.push(row);
    row = [f];
    rowY = f.y;
    rowSize = f.size;
  }
  if (row.length > 0) rows.push(row);
  return rows.flatMap((r) => splitRow(r.sort((p, q) => p.x - q.x)));
}

/**
 * One baseline's fragments (left to right) → one line per column it crosses.
 * Only words measure the gaps: pdf.js may bridge a gap between columns, or
 * between the two ends of a footer, with one wide space.
 */
function splitRow(row: Fragment[]): Line[] {
  const lines: Line[] = [];
  let current: Fragment[] = [];
  let end = -Infinity;
  for (const f of row) {
    const blank = f.text.trim() === '';
    if (!blank && current.length > 0 && f.x - end > COLUMN_GAP * f.size) {
      lines.push(...lineOf(current));
      current = [];
    }
    current.push(f);
    if (!blank) end = Math.max(end, f.x + f.width);
  }
  lines.push(...lineOf(current));
  return lines;
}

/** Fragments of one line → its text and extent; none when it is only spaces. */
function lineOf(fragments: Fragment[]): Line[] {
  const words = fragments.filter((f) => f.text.trim() !== '');
  if (words.length === 0) return [];
  // A right-to-left line is put together as it is seen, then read in logical order (rtl.ts).
  const rtl = isRtl(fragments.map((f) => f.text).join(''));
  let text = '';
  let end = -Infinity;
  let previous: Fragment | null = null;
  for (const f of fragments) {
    // Fake bold: the same run printed twice, a hair apart.
    if (previous && f.text === previous.text && Math.abs(f.x - previous.x) < 0.2 * f.size) continue;
    if (previous && f.x - end > WORD_GAP * f.size && !/\s$/.test(text) && !/^\s/.test(f.text)) text += ' ';
    text += rtl ? visualRun(f.text, f.rtl) : f.text;
    end = Math.max(end, f.x + f.width);
    previous = f;
  }
  text = unshape(rtl ? logicalOrder(text) : text);
  // The line's baseline and size are those of its longest run (not of a superscript).
  const main = words.reduce((m, f) => (f.text.length > m.text.length ? f : m));
  return [
    {
      text: text.replace(/\s+/g, ' ').trim(),
      x0: Math.min(...words.map((f) => f.x)),
      x1: Math.max(...words.map((f) => f.x + f.width)),
      y: main.y,
      size: main.size,
    },
  ];
}
