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

/** The lines of the texts whose lines were found last, by text (the very string a reader holds is found at once). */
const found = new Map<string, TextLines>();
const FOUND_KEPT = 4;

/**
 * The lines of `text`, found once per text (a text without astral characters is not counted line by line), and kept
 * for the few texts found last: the reader finds an article's lines while its codings are on their way (Reader.tsx),
 * and draws them, once the codings are here, with the lines found.
 */
export function linesOf(text: string): TextLines {
  let lines = found.get(text);
  if (!lines) {
    lines = findLines(text);
    found.set(text, lines);
    if (found.size > FOUND_KEPT) found.delete(found.keys().next().value!);
  }
  return lines;
}

function findLines(text: string): TextLines {
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

/** The text's length in code points, from its lines: no second scan of the whole text (counted only in its last line, and only where it holds astral characters). */
export function codePointLength({ lines, simple }: TextLines, text: string): number {
  if (simple) return text.length;
  const last = lines[lines.length - 1]!;
  return last.codePoint + countCodePoints(text.slice(last.start, last.end));
}

/** Lanes of stripes beside the text. */
export const LANES = 4;

/** The order lanes are given in: by start, the longer first. */
const byStart = (a: CodingMark, b: CodingMark) => a.start - b.start || b.end - a.end;

/**
 * Lanes from the codings' spans, so a coding keeps its lane on every line it covers. The reader's codings come in
 * this order already (as the store keeps them): they are checked, not sorted again, on every opening and coding.
 */
export function lanesOf(codings: readonly CodingMark[]): Map<number, number> {
  const ends: number[] = [];
  const lanes = new Map<number, number>();
  const inOrder = codings.every((c, i) => i === 0 || byStart(codings[i - 1]!, c) <= 0);
  for (const c of inOrder ? codings : [...codings].sort(byStart)) {
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
  /**
   * Where every coding, hit and doubt starts and ends in UTF-16, by its index: codings first, then hits, then doubts,
   * each in its given order. Flat arrays, filled in one plain loop: the reader builds them for every coding of the text
   * each time it opens one, while the code that does it has not been run (nor compiled) yet.
   */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  /** The spans' indexes in the order of their starts (null: they are in that order already). */
  private readonly byStart: Int32Array | null;
  /** The furthest end of the spans up to each place in that order: no span before a place ends beyond it. */
  private readonly furthest: Int32Array;
  /** The spans (indexes) that reach into each line found so far, in order: found for a line when it is first needed. */
  private readonly onLine = new Map<number, number[]>();
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
    const n = codings.length;
    const count = n + hits.length + doubtful.length;
    const starts = new Int32Array(count);
    const ends = new Int32Array(count);
    if (simple) {
      // Code points are UTF-16 indexes in a text without astral characters: no pass over the text is needed.
      const max = text.length;
      for (let k = 0; k < n; k++) {
        starts[k] = Math.min(codings[k]!.start, max);
        ends[k] = Math.min(codings[k]!.end, max);
      }
      for (let i = 0; i < hits.length; i++) {
        starts[n + i] = Math.min(hits[i]![0], max);
        ends[n + i] = Math.min(hits[i]![1], max);
      }
      for (let i = 0, k = n + hits.length; i < doubtful.length; i++, k++) {
        starts[k] = Math.min(doubtful[i]![0], max);
        ends[k] = Math.min(doubtful[i]![1], max);
      }
    } else {
      const units = spansToUtf16(text, [...codings.map((c) => [c.start, c.end] as Span), ...hits, ...doubtful]);
      for (let k = 0; k < count; k++) {
        starts[k] = units[k]![0];
        ends[k] = units[k]![1];
      }
    }
    this.starts = starts;
    this.ends = ends;
    // Codings come in the order of their starts; hits and doubts after them start again from the top.
    let ordered = true;
    for (let k = 1; k < count && ordered; k++) ordered = starts[k - 1]! <= starts[k]!;
    const byStart = ordered
      ? null
      : Int32Array.from({ length: count }, (_, k) => k).sort((a, b) => starts[a]! - starts[b]! || a - b);
    this.byStart = byStart;
    const furthest = new Int32Array(count);
    for (let j = 0, far = 0; j < count; j++) {
      const k = byStart ? byStart[j]! : j;
      if (ends[k]! > far) far = ends[k]!;
      furthest[j] = far;
    }
    this.furthest = furthest;
  }

  /**
   * The spans (indexes) that reach into line `index`, in order: those that start before the next line does (at the
   * line's break at the latest) and end after the line starts. Found among the spans in order of their starts, from
   * the last that starts before the next line back to where none before reaches this far.
   */
  private spansOn(index: number): number[] {
    let on = this.onLine.get(index);
    if (on) return on;
    const { starts, ends, byStart, furthest, lines } = this;
    const from = lines[index]!.start;
    const next = index + 1 < lines.length ? lines[index + 1]!.start : Infinity;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[byStart ? byStart[mid]! : mid]! < next) lo = mid + 1;
      else hi = mid;
    }
    on = [];
    for (let j = lo - 1; j >= 0 && furthest[j]! > from; j--) {
      const k = byStart ? byStart[j]! : j;
      // An empty span covers no character.
      if (ends[k]! > from && starts[k]! < ends[k]!) on.push(k);
    }
    on.sort((a, b) => a - b);
    this.onLine.set(index, on);
    return on;
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
    const mine = this.spansOn(index);
    const theirs = other.spansOn(index);
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
        const hit = k - n < this.hits;
        if (
          this.starts[k] !== other.starts[j] ||
          this.ends[k] !== other.ends[j] ||
          hit !== j - m < other.hits ||
          (hit && k - n !== j - m)
        )
          return false;
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
    for (const k of this.spansOn(index)) {
      const a = this.starts[k]!;
      const b = this.ends[k]!;
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
