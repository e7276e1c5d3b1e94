// The reader's text cut into lines ("blocks") and each line into pieces, each
// piece knowing the codings, search hit and OCR doubt that cover it. The lines
// are found once per text; a line's pieces when it is first drawn, in one
// sweep over the sorted boundaries of what reaches into it, whatever the
// overlaps: a long text cuts only the lines near the view. A line whose pieces
// and stripes did not change keeps its block object, so the reader redraws only
// the lines a change touches; a line that the same codings (the same objects,
// in the same lanes), hits and doubts reach into is not even cut again
// (applying one code to an article of 2,000 codings cuts and redraws a line or two).
import type { CodingMark, Span } from '../../../shared/api.ts';
import { countCodePoints, spansToUtf16, SURROGATE } from '../../../shared/codepoints.ts';

export interface Piece {
  text: string;
  /** Codings covering this piece, outermost (earliest start) first. */
  codings: CodingMark[];
  /** The search hit this piece belongs to, or -1. */
  hit: number;
  /** A word OCR was unsure of: marked for the reader to check against the picture. */
  doubtful?: boolean;
}

/** A line of the text: UTF-16 [start, end), without its line break; its start in code points. */
export interface Line {
  start: number;
  end: number;
  codePoint: number;
}

/** A line and the pieces in it, with the margin lanes of the codings on it. */
export interface Block extends Line {
  pieces: Piece[];
  /** The lane of each coding on this line (by id), so a coding keeps its lane on every line it covers. */
  lanes: ReadonlyMap<number, number>;
}

/** A text's lines, and whether each character is one UTF-16 unit (then code points are UTF-16 indexes). */
export interface TextLines {
  lines: Line[];
  simple: boolean;
}

/** The lines of `text`, found once per text (a text without astral characters is not counted line by line). */
export function linesOf(text: string): TextLines {
  const simple = !SURROGATE.test(text);
  const lines: Line[] = [];
  let start = 0;
  let codePoint = 0;
  for (;;) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    lines.push({ start, end, codePoint: simple ? start : codePoint });
    if (newline < 0) break;
    if (!simple) codePoint += countCodePoints(text.slice(start, end)) + 1; // the line and its break
    start = end + 1;
  }
  return { lines, simple };
}

/** Lanes of stripes beside the text. */
export const LANES = 4;

/** Lanes from the codings' spans, so a coding keeps its lane on every line it covers. */
export function lanesOf(codings: readonly CodingMark[]): Map<number, number> {
  const ends: number[] = [];
  const lanes = new Map<number, number>();
  for (const c of [...codings].sort((a, b) => a.start - b.start || b.end - a.end)) {
    let lane = ends.findIndex((end) => end <= c.start);
    if (lane < 0) lane = ends.length;
    ends[lane] = c.end;
    lanes.set(c.id, lane % LANES);
  }
  return lanes;
}

type Event = { at: number; open: boolean; coding?: CodingMark; hit?: number; doubt?: true };

/** Index of the line holding UTF-16 position `at`. */
export function blockAt(blocks: readonly Line[], at: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (blocks[mid]!.start <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The blocks of a text: each line cut at every coding, hit and doubt boundary
 * in it, when it is first asked for (a long text draws only the lines near the
 * view, and a change cuts again only those). A block equal to the one at its
 * place in `previous` (the blocks of the same text drawn last) is that object.
 */
export class Blocks {
  private readonly text: string;
  private readonly lines: readonly Line[];
  private readonly codings: readonly CodingMark[];
  private readonly hits: number;
  private readonly lanes: ReadonlyMap<number, number>;
  /** Every coding, hit and doubt in UTF-16 (codings first, then hits, then doubts, each in its given order). */
  private readonly units: [number, number][];
  /** The spans (indexes into units) that reach into each line, in order. */
  private readonly onLine: number[][];
  private readonly cache = new Map<number, Block>();
  /** How many lines were cut here (the others asked for were the blocks drawn last, what reaches into them unchanged). */
  private cutHere = 0;
  private previous: Blocks | null;

  constructor(
    text: string,
    { lines, simple }: TextLines,
    codings: readonly CodingMark[],
    hits: readonly Span[],
    doubtful: readonly Span[],
    lanes: ReadonlyMap<number, number>,
    previous: Blocks | null = null,
  ) {
    this.text = text;
    this.lines = lines;
    this.codings = codings;
    this.hits = hits.length;
    this.lanes = lanes;
    // Only the blocks drawn last are compared with: older ones are let go.
    this.previous = previous;
    if (previous) previous.previous = null;
    const spans = [...codings.map((c) => [c.start, c.end] as Span), ...hits, ...doubtful];
    // Code points are UTF-16 indexes in a text without astral characters: no pass over the text is needed.
    this.units = simple
      ? spans.map(([a, b]) => [Math.min(a, text.length), Math.min(b, text.length)])
      : spansToUtf16(text, spans);
    this.onLine = lines.map(() => []);
    this.units.forEach(([a, b], k) => {
      // An empty span covers no character.
      if (a >= b) return;
      for (let line = blockAt(lines, a), last = blockAt(lines, b - 1); line <= last; line++) this.onLine[line]!.push(k);
    });
  }

  /** How many lines the text has. */
  get length(): number {
    return this.lines.length;
  }

  /** How many lines have been asked for so far. */
  get cut(): number {
    return this.cache.size;
  }

  /** How many of them had to be cut (not the block drawn last, taken as it was because nothing reaching into the line changed). */
  get recut(): number {
    return this.cutHere;
  }

  /** The block of line `index`. */
  at(index: number): Block {
    let block = this.cache.get(index);
    if (!block) {
      const before = this.previous?.cache.get(index);
      // A line that the same codings (the very objects, in the same lanes), hits and doubts reach into draws as it
      // did: it is not cut again (a new coding redraws the lines it reaches into, and cuts only them).
      if (before && this.sameReach(this.previous!, index, before)) block = before;
      else {
        block = this.cutLine(index);
        this.cutHere++;
        if (before && sameBlock(before, block)) block = before;
      }
      this.cache.set(index, block);
    }
    return block;
  }

  /** Whether the same codings, hits and doubts reach into line `index` here as in `other`, in the lanes they have in `drawn` (its block there). */
  private sameReach(other: Blocks, index: number, drawn: Block): boolean {
    const mine = this.onLine[index]!;
    const theirs = other.onLine[index]!;
    if (mine.length !== theirs.length || this.text !== other.text) return false;
    const n = this.codings.length;
    const m = other.codings.length;
    for (let i = 0; i < mine.length; i++) {
      const k = mine[i]!;
      const j = theirs[i]!;
      if (k < n !== j < m) return false;
      if (k < n) {
        const coding = this.codings[k]!;
        if (coding !== other.codings[j]) return false;
        // Its lane, where it has one on the line (one that reaches only into the line's break has no piece there).
        const lane = drawn.lanes.get(coding.id);
        if (lane !== undefined && lane !== (this.lanes.get(coding.id) ?? 0)) return false;
      } else {
        // A hit (its number too, which marks the active one) or a doubt at the same place.
        const [a, b] = this.units[k]!;
        const [c, d] = other.units[j]!;
        const hit = k - n < this.hits;
        if (a !== c || b !== d || hit !== j - m < other.hits || (hit && k - n !== j - m)) return false;
      }
    }
    return true;
  }

  /** Cuts a line at the boundaries of what reaches into it, as one sweep over the whole text would. */
  private cutLine(index: number): Block {
    const line = this.lines[index]!;
    const text = this.text;
    const n = this.codings.length;
    const events: Event[] = [];
    for (const k of this.onLine[index]!) {
      const [a, b] = this.units[k]!;
      if (k < n) {
        const coding = this.codings[k]!;
        events.push({ at: a, open: true, coding }, { at: b, open: false, coding });
      } else if (k < n + this.hits) {
        const hit = k - n;
        events.push({ at: a, open: true, hit }, { at: b, open: false, hit });
      } else events.push({ at: a, open: true, doubt: true }, { at: b, open: false, doubt: true });
    }
    // In text order, closings first where both meet.
    events.sort((x, y) => x.at - y.at || Number(x.open) - Number(y.open));
    let active: CodingMark[] = [];
    let hit = -1;
    let doubts = 0;
    const take = (e: Event) => {
      if (e.coding) active = e.open ? [...active, e.coding] : active.filter((c) => c !== e.coding);
      else if (e.doubt) doubts += e.open ? 1 : -1;
      else hit = e.open ? e.hit! : hit === e.hit ? -1 : hit;
    };
    let k = 0;
    while (k < events.length && events[k]!.at <= line.start) take(events[k++]!);
    const pieces: Piece[] = [];
    let at = line.start;
    const push = (end: number) => {
      const piece: Piece = { text: text.slice(at, end), codings: active, hit };
      if (doubts > 0) piece.doubtful = true;
      pieces.push(piece);
    };
    for (; k < events.length && events[k]!.at < line.end; k++) {
      const e = events[k]!;
      if (e.at > at) {
        push(e.at);
        at = e.at;
      }
      take(e);
    }
    if (at < line.end) push(line.end);
    return {
      start: line.start,
      end: line.end,
      codePoint: line.codePoint,
      pieces,
      lanes: lanesOn(pieces, this.lanes),
    };
  }
}

/** A line without codings has no lanes (one shared empty map: most lines of a long text hold none, or are blank). */
const NO_LANES: ReadonlyMap<number, number> = new Map();

/** The lanes of the codings on a line. */
function lanesOn(pieces: readonly Piece[], lanes: ReadonlyMap<number, number>): ReadonlyMap<number, number> {
  if (pieces.every((p) => !p.codings.length)) return NO_LANES;
  const on = new Map<number, number>();
  for (const p of pieces) for (const c of p.codings) on.set(c.id, lanes.get(c.id) ?? 0);
  return on;
}

/** Whether two blocks draw the same: the same line, pieces of the same text under the same codings, hit and doubt, and the same lanes. */
function sameBlock(a: Block, b: Block): boolean {
  if (a.start !== b.start || a.end !== b.end || a.codePoint !== b.codePoint) return false;
  if (a.pieces.length !== b.pieces.length || a.lanes.size !== b.lanes.size) return false;
  for (const [id, lane] of b.lanes) if (a.lanes.get(id) !== lane) return false;
  // The same line of the same text cut at the same places holds the same words: the lengths say it, without
  // comparing the words themselves (slices of the text, compared character by character).
  return a.pieces.every((p, i) => {
    const q = b.pieces[i]!;
    return (
      p.text.length === q.text.length &&
      p.hit === q.hit &&
      p.doubtful === q.doubtful &&
      p.codings.length === q.codings.length &&
      p.codings.every((c, j) => c === q.codings[j])
    );
  });
}
