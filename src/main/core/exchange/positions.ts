// Positions in another tool's file count characters of the text as that tool
// read it; Quire stores the text normalised (NFC, LF line breaks, no BOM, no
// control characters), so positions must be carried over, not copied. The
// standard counts code points of the file, but tools differ: some count a
// Windows line break (CRLF) as one character, some count UTF-16 units. The
// reading that fits the selections' quotes (and their range) wins.
import { countCodePoints, toUtf16Index } from '../../../shared/codepoints.ts';
import { normaliseText } from '../corpus/normalise.ts';

/** How positions were counted: a CRLF as one or two characters; code points or UTF-16 units. */
export interface Counting {
  crlf: 1 | 2;
  unit: 'codepoint' | 'utf16';
}

/** What the standard says: code points of the file as it is (a CRLF is two). */
export const STANDARD: Counting = { crlf: 2, unit: 'codepoint' };

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
// Runs of characters normalisation leaves alone and that are each one character: printable ASCII, TAB and LF.
const PLAIN_RUN = /[\t\n\x20-\x7e]+/g;

/**
 * A source's text as the tool wrote it, with the map from its positions to
 * positions in the stored text. The map works in segments: runs of plain
 * ASCII, where positions map one to one, and single clusters (user-perceived
 * characters) elsewhere: normalisation never reaches across a cluster, and a
 * position inside one (between CR and LF, inside an emoji) widens to it.
 */
export class SourceText {
  /** The text as Quire stores it. */
  readonly stored: string;
  readonly hasCrlf: boolean;
  readonly hasAstral: boolean;
  private readonly raw: string;
  /** Per segment: length in code points, in UTF-16 units, CRLFs in it, whether it is a plain run. */
  private readonly codePoints: number[] = [];
  private readonly units: number[] = [];
  private readonly crlfs: number[] = [];
  private readonly plain: boolean[] = [];
  /** Where each segment starts in the stored text, in code points (one more entry: the end). */
  private readonly storedAt: Float64Array;
  /** False in the rare case where the segments, normalised one by one, do not give the whole text normalised. */
  private readonly exact: boolean;
  private readonly starts = new Map<string, Float64Array>();

  constructor(raw: string) {
    // A byte order mark is not part of the text: no tool counts it.
    this.raw = raw.replace(/^\uFEFF+/, '');
    const pieces: string[] = [];
    const clusters = (text: string) => {
      for (const { segment } of graphemes.segment(text)) {
        // The space in front keeps a leading combining mark from composing with anything, and a BOM from counting as leading.
        pieces.push(normaliseText(` ${segment}`).slice(1));
        this.push(countCodePoints(segment), segment.length, segment.split('\r\n').length - 1, false);
      }
    };
    let from = 0;
    for (const m of this.raw.matchAll(PLAIN_RUN)) {
      let a = m.index;
      let b = a + m[0].length;
      // The characters at a run's edges may belong to a cluster with their neighbours (CR LF, a combining mark): let the segmenter decide.
      if (from < a) a++;
      if (b < this.raw.length) b--;
      if (a >= b) continue;
      clusters(this.raw.slice(from, a));
      pieces.push(this.raw.slice(a, b));
      this.push(b - a, b - a, 0, true);
      from = b;
    }
    clusters(this.raw.slice(from));
    this.storedAt = new Float64Array(pieces.length + 1);
    pieces.forEach((p, i) => (this.storedAt[i + 1] = this.storedAt[i]! + (this.plain[i] ? p.length : countCodePoints(p))));
    this.stored = normaliseText(this.raw);
    this.exact = pieces.join('') === this.stored;
    this.hasCrlf = this.raw.includes('\r\n');
    this.hasAstral = /[\uD800-\uDBFF][\uDC00-\uDFFF]/.test(this.raw);
  }

  private push(codePoints: number, units: number, crlfs: number, plain: boolean): void {
    this.codePoints.push(codePoints);
    this.units.push(units);
    this.crlfs.push(crlfs);
    this.plain.push(plain);
  }

  /** The text's length in positions counted as `counting` says. */
  length(counting: Counting): number {
    return this.startsFor(counting).at(-1)!;
  }

  /**
   * The stored position for position `p` counted as `counting` says: a
   * position inside a cluster moves to its start (`side` 'start') or end
   * ('end'), so a passage only ever widens. Null when `p` lies past the text.
   */
  toStored(p: number, counting: Counting, side: 'start' | 'end'): number | null {
    const starts = this.startsFor(counting);
    if (!Number.isInteger(p) || p < 0 || p > starts.at(-1)!) return null;
    // The last segment starting at or before p.
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= p) lo = mid;
      else hi = mid - 1;
    }
    const inside = p - starts[lo]!;
    if (!this.exact) return this.slowStored(lo, inside, side);
    if (inside === 0) return this.storedAt[lo]!;
    return this.plain[lo] ? this.storedAt[lo]! + inside : this.storedAt[side === 'start' ? lo : lo + 1]!;
  }

  /** Slow but sure: normalise the text before the position. */
  private slowStored(segment: number, inside: number, side: 'start' | 'end'): number {
    let index = 0;
    for (let i = 0; i < segment; i++) index += this.units[i]!;
    if (this.plain[segment]) index += inside;
    else if (inside > 0 && side === 'end') index += this.units[segment]!;
    return countCodePoints(normaliseText(this.raw.slice(0, index)));
  }

  /** Where each segment starts, counted as `counting` says (one more entry: the end). */
  private startsFor(counting: Counting): Float64Array {
    const key = `${counting.crlf}:${counting.unit}`;
    let starts = this.starts.get(key);
    if (!starts) {
      const lengths = counting.unit === 'utf16' ? this.units : this.codePoints;
      starts = new Float64Array(lengths.length + 1);
      for (let i = 0; i < lengths.length; i++) starts[i + 1] = starts[i]! + lengths[i]! - (counting.crlf === 1 ? this.crlfs[i]! : 0);
      this.starts.set(key, starts);
    }
    return starts;
  }
}

/** A selection as a tool wrote it: positions as it counted them, and its name, which tools often make the passage's text. */
export interface RawSelection {
  start: number;
  end: number;
  name: string | null;
}

/**
 * The reading of a source's positions that fits its selections best: first
 * the one that places the most selections within the text, then the one whose
 * passages match the most selection names. On a tie the standard's reading wins.
 * `evidence` says what decided it ('none' when nothing told the readings apart).
 */
export function chooseCounting(text: SourceText, selections: readonly RawSelection[]): { counting: Counting; evidence: 'range' | 'quotes' | 'none' } {
  const candidates: Counting[] = [STANDARD];
  if (text.hasCrlf) candidates.push({ crlf: 1, unit: 'codepoint' });
  if (text.hasAstral) candidates.push({ crlf: 2, unit: 'utf16' });
  if (text.hasCrlf && text.hasAstral) candidates.push({ crlf: 1, unit: 'utf16' });
  if (candidates.length === 1 || !selections.length) return { counting: STANDARD, evidence: 'none' };
  const scored = candidates.map((counting) => {
    let fit = 0;
    let quotes = 0;
    for (const s of selections) {
      const start = text.toStored(s.start, counting, 'start');
      const end = text.toStored(s.end, counting, 'end');
      if (start === null || end === null || end <= start) continue;
      fit++;
      if (s.name && quoteMatches(s.name, text.stored.slice(toUtf16Index(text.stored, start), toUtf16Index(text.stored, end)))) quotes++;
    }
    return { counting, fit, quotes };
  });
  const best = scored.reduce((a, b) => (b.fit > a.fit || (b.fit === a.fit && b.quotes > a.quotes) ? b : a));
  const told = scored.some((s) => s.fit !== best.fit || s.quotes !== best.quotes);
  const evidence = !told ? 'none' : scored.some((s) => s.fit !== best.fit) ? 'range' : 'quotes';
  return { counting: best.counting, evidence };
}

const squash = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();

/** Whether a selection's name is its passage's text (whole, or its start cut with an ellipsis). */
export function quoteMatches(name: string, passage: string): boolean {
  const stem = squash(name).replace(/(?:…|\.\.\.)$/, '').trimEnd();
  return stem.length > 0 && squash(passage).startsWith(stem);
}
