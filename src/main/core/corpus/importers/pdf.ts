// PDF: the article's text rebuilt from where the PDF puts its words. A PDF
// stores runs of glyphs at positions on a page, not paragraphs, so reading
// order and paragraphs are inferred from the layout, in five steps:
//   1. words → lines: runs on one baseline, split where a wide gap separates columns;
//   2. running headers, footers and page numbers are dropped (they repeat at the
//      top or bottom of most pages, or are a bare number at the page's edge);
//   3. columns: a vertical strip that no column-wide line crosses is a gutter,
//      and each column is read top to bottom, left to right;
//   4. lines → paragraphs, by vertical gaps, first-line indents and type size,
//      and across column and page breaks by whether the sentence goes on;
//   5. lines are joined with spaces, and words hyphenated at a line's end are
//      mended ("gov-" + "ernment") while real hyphens ("pro-Russian") stay.
// pdf.js reads the file. Like every large third-party parser it runs only in
// the import's worker thread, under a time limit per file (see parsers.ts).
import { basename, extname } from 'node:path';
import { QuireError } from '../../../../shared/errors.ts';
import { extractMetadata } from '../metadata.ts';
import { normaliseText } from '../normalise.ts';
import { emptyMetadata, mergeMetadata, type FoundMetadata, type Importer } from './types.ts';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

export const pdfImporter: Importer = {
  format: 'pdf',
  extensions: ['.pdf'],
  description: 'PDF',
  isolated: true,
  async parse(bytes, filename) {
    checkEnvelope(bytes);
    const pdfjs = await loadPdfjs();
    const { doc, close } = await openPdf(pdfjs, bytes);
    try {
      const warnings: string[] = [];
      const read = await readPages(pdfjs, doc, warnings);
      const furniture = removeFurniture(read);
      if (furniture.pages > 0) warnings.push(furnitureWarning(furniture));
      const pages = read.map((page, i) => ({ ...page, lines: furniture.kept[i]! }));
      checkTextLayer(pages, warnings);
      const text = normaliseText(assembleText(pages)).trim();
      if (!/[\p{L}\p{N}]/u.test(text)) throw noTextLayer();
      const { metadata, version } = await pdfMetadata(doc, filename);
      // Running headers and footers are not the text, but may give the article's address or its outlet ("© 2022 The Herald").
      const { url, source } = extractMetadata(furniture.repeated.join('\n'));
      return {
        text,
        metadata: mergeMetadata(mergeMetadata(metadata, extractMetadata(text)), { url, source }),
        encoding: version ? `PDF ${version}` : 'PDF',
        warnings,
      };
    } finally {
      await close();
    }
  },
};

// ---------------------------------------------------------------------------
// Loading pdf.js and opening the file

let loading: Promise<PdfJs> | null = null;

/** pdf.js, loaded on the first PDF (the registry is loaded by every import, most of which have no PDF). */
function loadPdfjs(): Promise<PdfJs> {
  loading ??= (async () => {
    // pdf.js parses in a "worker"; in Node it would import that module by a path
    // relative to its own file. Handing it the module here makes it parse in
    // this thread (already the import's worker thread), bundled or not.
    const scope = globalThis as { pdfjsWorker?: unknown };
    // @ts-expect-error pdfjs-dist ships no types for its worker module.
    scope.pdfjsWorker ??= await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })().catch((e: unknown) => {
    loading = null;
    throw e;
  });
  return loading;
}

/** Cheap checks before pdf.js: is it a PDF at all, and is it whole? */
function checkEnvelope(bytes: Uint8Array): void {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) {
    if (/^\s*<(!doctype html|html|head|body)[\s>]/i.test(head)) {
      throw new QuireError('invalid_input', 'This file is a web page (HTML) with a .pdf name, not a PDF. Rename it to end in .html and import it again.');
    }
    throw new QuireError('invalid_input', 'This file is not a PDF, though its name ends in .pdf: it does not start the way every PDF starts.');
  }
  // Every PDF ends with %%EOF (readers allow some trailing junk: look at the last KiB).
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString('latin1');
  if (!tail.includes('%%EOF')) {
    throw new QuireError(
      'invalid_input',
      'This PDF is incomplete: its end is missing (an unfinished download or copy?). Get the whole file again and import that.',
    );
  }
}

async function openPdf(pdfjs: PdfJs, bytes: Uint8Array): Promise<{ doc: PdfDocument; close: () => Promise<void> }> {
  const task = pdfjs.getDocument({
    // A copy: pdf.js transfers (detaches) the buffer it is given, and the caller still hashes these bytes.
    data: new Uint8Array(bytes),
    // Text only, and nothing from outside the file: no font loading, no system
    // fonts, no fetching of CMaps, fonts or wasm, no canvas. (pdf.js 6 has no
    // eval code path left, so there is no isEvalSupported to turn off.)
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    useWasm: false,
    isOffscreenCanvasSupported: false,
    isImageDecoderSupported: false,
    enableXfa: false,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  try {
    const doc = await task.promise;
    return { doc, close: () => task.destroy() };
  } catch (e) {
    await task.destroy().catch(() => {});
    throw openError(e);
  }
}

function openError(e: unknown): QuireError {
  const name = (e as { name?: string })?.name;
  if (name === 'PasswordException') {
    return new QuireError(
      'invalid_input',
      'This PDF is locked with a password, so Quire cannot read it. Open it with the password in a PDF reader, save or print an unlocked copy, and import that.',
    );
  }
  const detail = (e as Error)?.message ?? String(e);
  return new QuireError('invalid_input', `This PDF is damaged and cannot be read (${detail.replace(/\.$/, '')}).`);
}

function noTextLayer(): QuireError {
  return new QuireError(
    'invalid_input',
    'This PDF has no text layer (it is a scan or images); Quire does not read scans (no OCR). Make a searchable copy with an OCR program first, or import the article as text.',
  );
}

// ---------------------------------------------------------------------------
// 1. Words → lines

/**
 * A run of text as pdf.js gives it, in page coordinates: x to the right, y (the
 * baseline) down from the top. (Its hasEOL flags are not needed: lines are
 * found from positions, which also works where a PDF draws text out of order.)
 */
interface Fragment {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

/** One line of one column: its text, where it starts and ends, its baseline and type size. */
interface Line {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
}

interface Page {
  number: number;
  height: number;
  lines: Line[];
  /** False when pdf.js could not read the page (it is reported as damaged, not as a scan). */
  readable: boolean;
}

/** Baselines closer than this (in ems) are one line; it lets superscripts and subscripts join their line. */
const SAME_LINE = 0.5;
/** A gap wider than this (in ems) on one baseline separates columns (pdf.js already turns word spaces into spaces). */
const COLUMN_GAP = 1;
/** A gap wider than this (in ems) between two runs is a space between words. */
const WORD_GAP = 0.15;

async function readPages(pdfjs: PdfJs, doc: PdfDocument, warnings: string[]): Promise<Page[]> {
  if (doc.numPages === 0) throw new QuireError('invalid_input', 'This PDF has no pages.');
  const pages: Page[] = [];
  const failed: number[] = [];
  let sideways = 0;
  for (let number = 1; number <= doc.numPages; number++) {
    try {
      const { fragments, skipped } = await pageFragments(pdfjs, doc, number);
      sideways += skipped;
      pages.push({ number, height: fragments.height, lines: linesOf(fragments.items), readable: true });
    } catch {
      failed.push(number);
      pages.push({ number, height: 0, lines: [], readable: false });
    }
  }
  if (failed.length === doc.numPages) throw new QuireError('invalid_input', 'This PDF is damaged and cannot be read (no page could be read).');
  if (failed.length) warnings.push(`${pageList(failed)} could not be read (damaged); their text is missing.`);
  if (sideways >= 20) warnings.push(`Left out ${sideways} characters of sideways or upside-down text (margin notes, stamps or watermarks).`);
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
      items.push({ text: item.str, x: x!, y: y!, width: item.width, size: Math.hypot(c!, d!) || a! });
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
  let text = '';
  let end = -Infinity;
  let previous: Fragment | null = null;
  for (const f of fragments) {
    // Fake bold: the same run printed twice, a hair apart.
    if (previous && f.text === previous.text && Math.abs(f.x - previous.x) < 0.2 * f.size) continue;
    if (previous && f.x - end > WORD_GAP * f.size && !/\s$/.test(text) && !/^\s/.test(f.text)) text += ' ';
    text += f.text;
    end = Math.max(end, f.x + f.width);
    previous = f;
  }
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

// ---------------------------------------------------------------------------
// 2. Running headers, footers and page numbers

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

function removeFurniture(pages: Page[]): Furniture {
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
function furnitureWarning(f: Furniture): string {
  const running = (['headers', 'footers'] as const).filter((k) => f.kinds.has(k));
  const what = [running.length ? `running ${running.join(' and ')}` : null, f.kinds.has('page numbers') ? 'page numbers' : null];
  const list = listFormat.format(what.filter((w) => w !== null));
  return `Removed ${list} from ${f.pages} ${f.pages === 1 ? 'page' : 'pages'}.`;
}

// ---------------------------------------------------------------------------
// Scans

/** A page with fewer characters than this has no real text layer. */
const TEXT_PAGE_CHARS = 20;

/** No text at all: the scan message. Some pages without text: a warning, the rest is imported. */
function checkTextLayer(pages: Page[], warnings: string[]): void {
  const readable = pages.filter((p) => p.readable);
  const bare = readable.filter((p) => p.lines.reduce((n, l) => n + l.text.replace(/\s/g, '').length, 0) < TEXT_PAGE_CHARS);
  if (bare.length === readable.length) throw noTextLayer();
  if (bare.length > 0) {
    warnings.push(
      `${pageList(bare.map((p) => p.number))} ${bare.length === 1 ? 'has' : 'have'} no text layer (a scan, an image or a blank page): whatever ${bare.length === 1 ? 'it shows' : 'they show'} is not in the imported text.`,
    );
  }
}

// ---------------------------------------------------------------------------
// 3. Columns

/** Lines narrower than this share of the text's width can be lines of a column. */
const NARROW = 0.6;

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
function flowsOf(lines: Line[]): Line[][] {
  const gutters = findGutters(lines);
  if (gutters.length === 0) return lines.length ? [lines] : [];
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
    for (let x = Math.max(0, Math.floor(l.x0 - left)); x < Math.min(cover.length, Math.ceil(l.x1 - left)); x++) cover[x]!++;
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

// ---------------------------------------------------------------------------
// 4. Paragraphs

/** Lines this much (in ems) further apart than the usual line pitch are in different paragraphs. */
const PARAGRAPH_GAP = 0.3;
/** A line starting this much (in ems) right of its column's edge is indented: a paragraph's first line. */
const INDENT = 0.8;
/** Type sizes differing by more than this share are different kinds of text (a headline and its article). */
const SIZE_CHANGE = 0.12;
/** Bullet glyphs only: a dash at a line's start is as often a parenthesis wrapped to the next line. */
const BULLET = /^[•◦▪▫●■□➢►]\s/u;
/** A sentence ends here: ".", "!", "?", "…", perhaps followed by closing quotes or brackets. */
const SENTENCE_END = /[.!?…]["”’')\]]*$/u;

function assembleText(pages: Page[]): string {
  const flows = pages.flatMap((p) => flowsOf(p.lines));
  const pitch = linePitch(flows);
  const split = flows.map((flow) => splitFlow(flow, pitch));
  // A document whose paragraphs start with an indent says so at column and page breaks too.
  const reasons = split.flatMap((s) => s.reasons);
  const indents = reasons.filter((r) => r === 'indent').length;
  const indentStyle = indents >= 2 && indents > reasons.filter((r) => r === 'gap').length;
  const paragraphs: Line[][] = [];
  for (const { paragraphs: parts, firstIndented } of split) {
    const previous = paragraphs.at(-1)?.at(-1);
    const [first, ...rest] = parts;
    if (previous && first && continuesAcross(previous, first[0]!, firstIndented, indentStyle)) paragraphs.at(-1)!.push(...first);
    else if (first) paragraphs.push(first);
    paragraphs.push(...rest);
  }
  const vocabulary = wordsOf(flows);
  return paragraphs.map((p) => joinLines(p.map((l) => l.text), vocabulary)).join('\n\n');
}

type BreakReason = 'size' | 'gap' | 'indent' | 'bullet';

/** One column's lines → its paragraphs, with the reason for each break, and whether its first line is indented. */
function splitFlow(flow: Line[], pitch: (size: number) => number) {
  const edge = leftEdge(flow);
  const paragraphs: Line[][] = [];
  const reasons: BreakReason[] = [];
  flow.forEach((line, i) => {
    const reason = i === 0 ? null : breakBetween(paragraphs.at(-1)!, line, edge, pitch);
    if (reason) reasons.push(reason);
    if (i === 0 || reason) paragraphs.push([line]);
    else paragraphs.at(-1)!.push(line);
  });
  // One line alone shows no edge to be indented from.
  return { paragraphs, reasons, firstIndented: flow.length > 1 && isIndented(flow[0]!, edge) };
}

/**
 * Within a column: a new paragraph at a change of type size, after a wider gap,
 * at an indented line (but not the hanging indent of a bulleted item's second
 * line), at a bullet, and at the first line after a list that starts left of its bullets.
 */
function breakBetween(paragraph: Line[], line: Line, edge: number, pitch: (size: number) => number): BreakReason | null {
  const previous = paragraph.at(-1)!;
  if (differentSize(previous, line)) return 'size';
  const dy = line.y - previous.y;
  if (Math.abs(dy) < SAME_LINE * line.size) return null; // another piece of the same line
  if (dy > pitch(previous.size) + PARAGRAPH_GAP * previous.size) return 'gap';
  if (BULLET.test(line.text)) return 'bullet';
  const item = BULLET.test(paragraph[0]!.text) ? paragraph[0]! : null;
  if (item && line.x0 < item.x0 - 1) return 'bullet'; // the list has ended: back out left of the bullets
  const hanging = item !== null && line.x0 > item.x0;
  return isIndented(line, edge) && !isIndented(previous, edge) && !hanging ? 'indent' : null;
}

/**
 * Across a column or page break the gap says nothing. In the same type, and
 * unless the next column starts with a bullet: where paragraphs start indented,
 * an unindented line goes on with the paragraph; elsewhere the paragraph goes
 * on when its sentence does (no full stop, or the next line starts in lower case).
 */
function continuesAcross(previous: Line, line: Line, indented: boolean, indentStyle: boolean): boolean {
  if (differentSize(previous, line) || indented || BULLET.test(line.text)) return false;
  if (indentStyle) return true;
  return /^\p{Ll}/u.test(line.text) || !SENTENCE_END.test(previous.text);
}

function differentSize(a: Line, b: Line): boolean {
  return Math.abs(a.size - b.size) > SIZE_CHANGE * Math.max(a.size, b.size);
}

function isIndented(line: Line, edge: number): boolean {
  return line.x0 - edge > INDENT * line.size;
}

/**
 * Where a column's lines start: the leftmost start (to the point) that two
 * lines share. Not the most common one: in a column with a long bulleted list
 * or a block of code, most lines start further right.
 */
function leftEdge(flow: Line[]): number {
  const starts = flow.map((l) => Math.round(l.x0)).sort((a, b) => a - b);
  return starts.find((x, i) => starts[i + 1] === x) ?? starts[0] ?? 0;
}

/**
 * The usual distance between baselines inside a paragraph, for each type size:
 * a low quantile of the distances between neighbouring lines, so that paragraph
 * gaps, however many, do not count. 1.2 ems where the document does not say.
 */
function linePitch(flows: Line[][]): (size: number) => number {
  const samples = new Map<number, number[]>();
  for (const flow of flows) {
    for (let i = 1; i < flow.length; i++) {
      const [a, b] = [flow[i - 1]!, flow[i]!];
      const dy = b.y - a.y;
      if (differentSize(a, b) || dy < 0.8 * a.size || dy > 3 * a.size) continue;
      const key = Math.round(a.size * 2) / 2;
      const dys = samples.get(key);
      if (dys) dys.push(dy);
      else samples.set(key, [dy]);
    }
  }
  const pitches = new Map([...samples].map(([size, dys]) => [size, quantile(dys, 0.25)]));
  return (size) => pitches.get(Math.round(size * 2) / 2) ?? 1.2 * size;
}

// ---------------------------------------------------------------------------
// 5. Joining lines, mending hyphenated words

/** A hyphen at a line's end after a letter: the token before it, its last word, and the hyphen. */
const HYPHEN_AT_END = /(\S*?)(\p{L}+)([-\u00AD\u2010])$/u;

function joinLines(lines: string[], vocabulary: Set<string>): string {
  let text = lines[0] ?? '';
  for (const next of lines.slice(1)) {
    const hyphen = HYPHEN_AT_END.exec(text);
    if (hyphen) text = text.slice(0, -1) + (keepsHyphen(hyphen, next, vocabulary) ? '-' : '') + next;
    else if (/\S[–—]$/u.test(text)) text += next; // an unspaced dash: "Minsk—" + "Moscow"
    else text += ` ${next}`;
  }
  return text;
}

/**
 * Whether a hyphen at a line's end is part of the text or only marks a word
 * broken across lines. It is kept before a capital or a digit ("pro-" +
 * "Russian", "COVID-" + "19"), in a compound that already has a hyphen
 * ("state-of-the-" + "art"), and when the document writes the hyphenated form
 * elsewhere but never the joined one ("well-known"). Otherwise the word is
 * mended ("gov-" + "ernment"): typesetters break words far more often than
 * compounds happen to fall at a line's end. A soft hyphen always goes.
 */
function keepsHyphen([, before, head, hyphen]: RegExpExecArray, next: string, vocabulary: Set<string>): boolean {
  if (hyphen === '\u00AD') return false;
  const tail = /^\p{L}+/u.exec(next)?.[0];
  if (!tail || /^\p{Lu}/u.test(tail)) return true;
  if (/[-\u2010]/.test(before!)) return true;
  const joined = `${head}${tail}`.toLowerCase();
  const compound = `${head}-${tail}`.toLowerCase();
  return vocabulary.has(compound) && !vocabulary.has(joined);
}

/** Every word and hyphenated compound the document writes, in lower case. */
function wordsOf(flows: Line[][]): Set<string> {
  const words = new Set<string>();
  for (const line of flows.flat()) {
    for (const m of line.text.matchAll(/\p{L}+(?:[-\u2010]\p{L}+)*/gu)) words.add(m[0].toLowerCase());
  }
  return words;
}

// ---------------------------------------------------------------------------
// Metadata

/**
 * Title, author and language from the document information and XMP. No date:
 * a PDF's creation date is when it was made or printed, not when the article
 * appeared, so the date comes from the text (metadata.ts).
 */
async function pdfMetadata(doc: PdfDocument, filename: string): Promise<{ metadata: FoundMetadata; version: string | null }> {
  const metadata = emptyMetadata();
  let info: Record<string, unknown>;
  let xmp: { get(name: string): unknown } | null;
  try {
    const found = await doc.getMetadata();
    info = (found.info ?? {}) as Record<string, unknown>;
    xmp = found.metadata;
  } catch {
    return { metadata, version: null };
  }
  metadata.title = [xmp?.get('dc:title'), info.Title].map((v) => usableTitle(stringOf(v), filename)).find((t) => t !== null) ?? null;
  metadata.author = [xmp?.get('dc:creator'), info.Author].map((v) => usableAuthor(stringOf(v))).find((a) => a !== null) ?? null;
  metadata.language = stringOf(info.Language);
  return { metadata, version: stringOf(info.PDFFormatVersion) };
}

function stringOf(value: unknown): string | null {
  const s = Array.isArray(value) ? value.filter((v) => typeof v === 'string').join(', ') : typeof value === 'string' ? value : '';
  const clean = normaliseText(s).replace(/\s+/g, ' ').trim();
  return clean === '' ? null : clean;
}

const FILE_NAME = /\.(?:docx?|pdf|odt|rtf|txt|html?|indd|pages|tex|dvi|ps|pptx?|xlsx?|qxd|qxp|pub)$/i;
const PLACEHOLDER_TITLE = /^(?:untitled|title|document\d*|new document|unknown|no title|slide \d+|page \d+|print|untitled document)$/i;

/** A title the PDF carries, unless it is the name of a file, a placeholder or a word processor's label. */
function usableTitle(title: string | null, filename: string): string | null {
  if (!title || !/\p{L}/u.test(title) || title.length > 300) return null;
  if (/^microsoft\s+(?:word|powerpoint|excel)\b/i.test(title) || FILE_NAME.test(title) || PLACEHOLDER_TITLE.test(title)) return null;
  if (/^(?:https?:|file:|[a-z]:\\|\/)/i.test(title)) return null;
  const stem = basename(filename, extname(filename)).toLowerCase();
  if (title.toLowerCase() === stem || title.toLowerCase() === basename(filename).toLowerCase()) return null;
  if (/^[\w-]+$/.test(title) && /_|\d{3,}/.test(title)) return null; // "scan_0001", "DOC-20230512"
  return title;
}

const PLACEHOLDER_AUTHOR = /^(?:admin|administrator|user|owner|unknown|author|default|guest|staff|windows user|microsoft office user)$/i;

/** An author the PDF carries, unless it is a login name or a placeholder. */
function usableAuthor(author: string | null): string | null {
  if (!author || !/\p{L}/u.test(author) || author.length > 200) return null;
  if (PLACEHOLDER_AUTHOR.test(author) || /^[a-z0-9._-]+$/.test(author)) return null;
  return author;
}

// ---------------------------------------------------------------------------
// Small helpers

const listFormat = new Intl.ListFormat('en', { style: 'long', type: 'conjunction' });

/** "Page 3", "Pages 3 and 5", "Pages 2, 4 and 6". */
function pageList(numbers: number[]): string {
  const list = listFormat.format(numbers.map(String));
  return numbers.length === 1 ? `Page ${list}` : `Pages ${list}`;
}

function median(values: number[]): number {
  return quantile(values, 0.5);
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}
