// Step 4 of reading a PDF (see index.ts): lines → paragraphs. A PDF marks no
// paragraphs, so they are inferred from vertical gaps, first-line indents,
// bullets and type size within a column, and across column and page breaks
// (where the gap says nothing) from whether the sentence goes on.
import { flowsOf } from './columns.ts';
import { joinLines, wordsOf } from './hyphens.ts';
import { SAME_LINE, type Line, type Page } from './lines.ts';
import { quantile } from './quantile.ts';
import { mirroredIfRtl } from './rtl.ts';

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

export function assembleText(pages: Page[]): string {
  const { paragraphs, vocabulary } = paragraphsOf(pages);
  return paragraphs
    .map((p) =>
      joinLines(
        p.map((l) => l.text),
        vocabulary,
      ),
    )
    .join('\n\n');
}

/**
 * The text as laid out: each line of the page on a line of its own, paragraphs
 * apart by a blank line. Structured exports (a news database's fields, each on
 * its line) are recognised in it, where the paragraphs' text would have run
 * their lines together (corpus/newsdb).
 */
export function layoutText(pages: Page[]): string {
  return paragraphsOf(pages)
    .paragraphs.map((p) => p.map((l) => l.text).join('\n'))
    .join('\n\n');
}

function paragraphsOf(pages: Page[]): { paragraphs: Line[][]; vocabulary: ReturnType<typeof wordsOf> } {
  const flows = pages.flatMap((p) => flowsOf(mirroredIfRtl(p.lines)));
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
    if (previous && first && continuesAcross(previous, first[0]!, firstIndented, indentStyle))
      paragraphs.at(-1)!.push(...first);
    else if (first) paragraphs.push(first);
    paragraphs.push(...rest);
  }
  return { paragraphs, vocabulary: wordsOf(flows) };
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
function breakBetween(
  paragraph: Line[],
  line: Line,
  edge: number,
  pitch: (size: number) => number,
): BreakReason | null {
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
  if (differentSize(previous, line) || indented || BULLET.test(line.text) || previous.aside || line.aside) return false;
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
