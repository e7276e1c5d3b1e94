// Positions in another program's file count characters of the text as that
// program read it; Quire stores the text normalised (NFC, LF line breaks, no
// BOM, no control characters), so positions must be carried over, not copied.
// How they were counted is decided per source, from its own selections
// (decideCounting, below), never assumed for the whole file.
import { countCodePoints } from '../../../shared/codepoints.ts';
import { normaliseText } from '../corpus/normalise.ts';
import { graphemes } from '../../../shared/graphemes.ts';

/** How positions were counted: code points or UTF-16 units; a CRLF as one or two; a byte order mark in front counted or not. */
export interface Counting {
  unit: 'codepoint' | 'utf16';
  crlf: 1 | 2;
  bom: 0 | 1;
}

/** What the standard says: code points of the file as it is (a CRLF is two); a byte order mark is no character of the text. */
export const STANDARD: Counting = { unit: 'codepoint', crlf: 2, bom: 0 };

// Runs of characters normalisation leaves alone and that are each one character: printable ASCII, TAB and LF.
const PLAIN_RUN = /[\t\n\x20-\x7e]+/g;

/**
 * A source's text as the program wrote it, with the map from its positions to
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
  /** Whether the text began with a byte order mark (in the file's bytes, or as a character). */
  readonly hasBom: boolean;
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
  /** Code point offsets of the stored text's characters outside the BMP (two UTF-16 units each), built when first needed. */
  private astralAt: number[] | null = null;

  /** `raw` is the text as decoded, with a byte order mark in front when the file had one. */
  constructor(raw: string) {
    this.hasBom = raw.startsWith('\uFEFF');
    this.raw = raw.replace(/^\uFEFF+/, '');
    const pieces: string[] = [];
    const clusters = (text: string) => {
      for (const { segment } of graphemes(text)) {
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
    pieces.forEach(
      (p, i) => (this.storedAt[i + 1] = this.storedAt[i]! + (this.plain[i] ? p.length : countCodePoints(p))),
    );
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
    return this.startsFor(counting).at(-1)! + counting.bom;
  }

  /**
   * The stored position for position `p` counted as `counting` says: a
   * position inside a cluster moves to its start (`side` 'start') or end
   * ('end'), so a passage only ever widens. Null when `p` lies past the text.
   */
  toStored(p: number, counting: Counting, side: 'start' | 'end'): number | null {
    const starts = this.startsFor(counting);
    if (!Number.isInteger(p) || p < 0 || p > starts.at(-1)! + counting.bom) return null;
    // A byte order mark counted as a position stands before the text.
    p = Math.max(0, p - counting.bom);
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

  /** The UTF-16 index in the stored text of stored position (code point) `p`, without walking the text each time. */
  storedIndex(p: number): number {
    if (!this.astralAt) {
      // Each pair found before a pair moves its code point offset one back from its UTF-16 index.
      const at: number[] = [];
      for (const m of this.stored.matchAll(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)) at.push(m.index - at.length);
      this.astralAt = at;
    }
    // Each character outside the BMP before p adds a unit.
    let lo = 0;
    let hi = this.astralAt.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.astralAt[mid]! < p) lo = mid + 1;
      else hi = mid;
    }
    return p + lo;
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
      for (let i = 0; i < lengths.length; i++)
        starts[i + 1] = starts[i]! + lengths[i]! - (counting.crlf === 1 ? this.crlfs[i]! : 0);
      this.starts.set(key, starts);
    }
    return starts;
  }
}

// -- How each program counts -------------------------------------------------------
//
// What is known about the programs whose files Quire reads, and where it comes
// from. None of it is trusted on its own: it says which readings to try and
// what the fixtures in tests/ reproduce; each source's own selections decide.
//
// - The standard (REFI-QDA 1.5, §10.2): selections are "defined by the first and
//   the last character (Unicode codepoint) in the file", the first being 0. So
//   code points, a CRLF is two, and a byte order mark is not text (§9.1.2 asks
//   for UTF-8; the BOM is its signature).
// - NVivo for Windows: UTF-16 units (.NET strings: an emoji, 𝐀 or 𠀋 is two),
//   found by researchers with real NVivo 12 projects whose emoji-laden
//   interviews came in 20–80 characters off (later versions: unverified). A CRLF is two: its text files have
//   Windows line breaks, and QualCoder's importer pads every line break to two
//   characters for NVivo's files (ccbogel/QualCoder, src/qualcoder/refi.py,
//   load_text_source). Its selections carry no quote (name="", as in the NVivo
//   12.6 exports public importers test with). A BOM in front, not counted:
//   likely (.NET writes one), unverified.
// - NVivo for Mac: unverified. Nothing public shows its units or line breaks;
//   UTF-16 units are likely (Cocoa and .NET both count them).
// - ATLAS.ti (8 for Mac, 9 and later): each selection's name is its quote, cut
//   after about 100 characters with "…" (the standard's Annex A example, from
//   ATLAS.ti 8.4 for Mac). A CRLF in its text files counts as one: QualCoder's
//   importer says "Atlas stored correct positions … as though it is \n - one
//   character" (refi.py, as above). Units unverified: UTF-16 likely (Cocoa, .NET).
// - MAXQDA: a line break counts as one while its text files have CRLF, inferred
//   from QualCoder's export option "Add line ending for MAXQDA importation",
//   which writes CRLF into the text files and leaves the positions counting one
//   per line break (refi.py, RefiExport.export_project). Units and names
//   unverified (its selections' names are not documented anywhere public).
// - QualCoder: Python string indices, i.e. code points of its text, which has LF
//   line breaks; it writes its text files with a BOM (utf-8-sig) that positions
//   do not count, and the whole selected text as the name (text_selection_xml).
//   With the MAXQDA option above, CRLF in the file and still one per line break.
//   It reads an imported text as utf-8, not utf-8-sig, so a BOM becomes a
//   character of its text: a project that went through QualCoder may count a BOM
//   as a position (its files then begin with two).
//
// So the readings tried for a source are: code points or UTF-16 units (when
// its text has characters outside the BMP), a CRLF as one or two (when it has
// CRLF), a BOM counted or not (when it has one): only readings that differ for
// this text.

/** A selection as a program wrote it: positions as it counted them, and its name, which programs often make the passage's text. */
export interface RawSelection {
  start: number;
  end: number;
  name: string | null;
}

/** The ways of counting readings can differ in, for saying what is in doubt. */
export type CountingPart = 'unit' | 'crlf' | 'bom';

/** How a source's positions were read, and how sure that is. */
export interface CountingDecision {
  counting: Counting;
  /** Selections whose place depends on the reading (two readings place them differently); only these tell readings apart. */
  depending: number;
  /** Of those, how many fit the reading chosen: their names quote the passage, or they start and end at word boundaries. */
  fitting: number;
  /** What ruled the other readings out: names that quote the passage, places past the text's end, word boundaries. 'none' when nothing depends on the reading. */
  evidence: 'quotes' | 'range' | 'words' | 'none';
  /** Whether every other reading was ruled out (or none matters). */
  certain: boolean;
  /** When not certain: whether some selection fits the reading chosen and one not ruled out differently (weak evidence, not enough to settle it). */
  told: boolean;
  /** When not certain: the ways of counting in which the readings not ruled out differ from the one chosen. */
  doubts: CountingPart[];
  /** When not certain: the indexes of the selections that a reading not ruled out places differently. */
  uncertain: number[];
}

/** "Nearly all": the share of the selections that depend on the reading that the reading chosen must fit. */
export const NEARLY_ALL = 0.9;
/** A reading ruled out fits at most this share of the selections it places differently… */
const AT_MOST = 0.5;
/** …and at least this many fewer than the reading chosen (one is enough when a name or the text's end shows it). */
const MARGIN = 2;

/** The readings that differ for this text, the standard's first, then by how far each is from it (the order breaks ties). */
export function readingsFor(text: SourceText): Counting[] {
  const readings: Counting[] = [];
  for (const unit of text.hasAstral ? (['codepoint', 'utf16'] as const) : (['codepoint'] as const)) {
    for (const crlf of text.hasCrlf ? ([2, 1] as const) : ([2] as const)) {
      for (const bom of text.hasBom ? ([0, 1] as const) : ([0] as const)) readings.push({ unit, crlf, bom });
    }
  }
  return readings.sort((a, b) => partsDiffering(a, STANDARD).length - partsDiffering(b, STANDARD).length);
}

/** The ways of counting in which two readings differ. */
export function partsDiffering(a: Counting, b: Counting): CountingPart[] {
  return (['unit', 'crlf', 'bom'] as const).filter((k) => a[k] !== b[k]);
}

/** What a selection says about each reading: where it places it, and whether it fits there. */
interface Verdicts {
  /** Per reading: "start:end" in the stored text, or '' when it lies outside the text. */
  keys: string[];
  fits: boolean[];
  /** Per reading, when the selection's name quotes its passage under some reading: whether the name rules this reading out. */
  quoteOut: boolean[] | null;
}

/**
 * Decides how a source's positions were counted, from its selections. Each
 * reading places every selection; a selection whose place does not depend on
 * the reading says nothing and is not counted. For the others, a reading fits
 * a selection when the selection's name is its passage there (when the name
 * quotes the passage under some reading), and when the passage starts and
 * ends at word boundaries there, as people select.
 *
 * The reading chosen fits the most selections, then places the most within
 * the text; the standard wins a tie. (Fits first: one selection a program
 * wrote past the end must not outweigh all the others.) It is certain when,
 * against each other reading, it places fewer of the selections the two place
 * differently outside the text, or fits nearly all (NEARLY_ALL) of them while
 * the other fits at most half of them and clearly fewer (MARGIN). Otherwise
 * the selections that a reading not ruled out places differently are
 * uncertain.
 */
export function decideCounting(text: SourceText, selections: readonly RawSelection[]): CountingDecision {
  const readings = readingsFor(text);
  const none: CountingDecision = {
    counting: STANDARD,
    depending: 0,
    fitting: 0,
    evidence: 'none',
    certain: true,
    told: false,
    doubts: [],
    uncertain: [],
  };
  if (readings.length === 1 || !selections.length) return none;
  const verdicts = selections.map((s) => verdictsFor(text, s, readings));
  const depending = verdicts.flatMap((v, i) => (v && new Set(v.keys).size > 1 ? [i] : []));
  if (!depending.length) return none;
  const outside = readings.map((_, r) => depending.filter((i) => verdicts[i]!.keys[r] === '').length);
  const fitting = readings.map((_, r) => depending.filter((i) => verdicts[i]!.fits[r]).length);
  let best = 0;
  for (let r = 1; r < readings.length; r++) {
    if (fitting[r]! > fitting[best]! || (fitting[r] === fitting[best] && outside[r]! < outside[best]!)) best = r;
  }
  const uncertain = new Set<number>();
  const doubts = new Set<CountingPart>();
  const by = new Set<'quotes' | 'range' | 'words'>();
  let told = false;
  for (let r = 0; r < readings.length; r++) {
    // The selections this reading places differently from the one chosen.
    const apart = depending.filter((i) => verdicts[i]!.keys[r] !== verdicts[i]!.keys[best]);
    if (r === best || !apart.length) continue;
    const count = (pick: (v: Verdicts) => boolean) => apart.filter((i) => pick(verdicts[i]!)).length;
    if (count((v) => v.keys[r] === '') > count((v) => v.keys[best] === '')) {
      by.add('range');
      continue;
    }
    const fitsBest = count((v) => v.fits[best]!);
    const fitsOther = count((v) => v.fits[r]!);
    const quoted = count((v) => v.quoteOut !== null && v.quoteOut[r]! && !v.quoteOut[best]);
    const quotedAgainst = count((v) => v.quoteOut !== null && v.quoteOut[best]! && !v.quoteOut[r]);
    const clearly = fitsBest - fitsOther >= MARGIN || (quoted > 0 && quotedAgainst === 0 && fitsBest > fitsOther);
    if (fitsBest >= NEARLY_ALL * apart.length && fitsOther <= AT_MOST * apart.length && clearly) {
      by.add(quoted > 0 ? 'quotes' : 'words');
      continue;
    }
    for (const i of apart) uncertain.add(i);
    for (const part of partsDiffering(readings[r]!, readings[best]!)) doubts.add(part);
    told ||= fitsBest !== fitsOther || count((v) => v.fits[r] !== v.fits[best]) > 0;
  }
  return {
    counting: readings[best]!,
    depending: depending.length,
    fitting: fitting[best]!,
    evidence: (['quotes', 'words', 'range'] as const).find((e) => by.has(e)) ?? 'none',
    certain: uncertain.size === 0,
    told,
    doubts: (['unit', 'crlf', 'bom'] as const).filter((p) => doubts.has(p)),
    uncertain: [...uncertain].sort((a, b) => a - b),
  };
}

/** Where each reading places a selection and whether it fits there; null for a selection no reading places within the text. */
function verdictsFor(text: SourceText, s: RawSelection, readings: readonly Counting[]): Verdicts | null {
  const places = readings.map((r) => {
    const start = text.toStored(s.start, r, 'start');
    const end = text.toStored(s.end, r, 'end');
    return start === null || end === null || end <= start ? null : { start, end };
  });
  if (places.every((p) => p === null)) return null;
  const keys = places.map((p) => (p ? `${p.start}:${p.end}` : ''));
  if (new Set(keys).size === 1) return { keys, fits: keys.map(() => true), quoteOut: null };
  // One look at each distinct place.
  const passages = new Map<string, [number, number]>();
  places.forEach((p, r) => p && passages.set(keys[r]!, [text.storedIndex(p.start), text.storedIndex(p.end)]));
  const wordLike = (key: string) => key !== '' && selectedLikeWords(text.stored, ...passages.get(key)!);
  const name = s.name?.trim() ? s.name : null;
  if (name) {
    const grades = new Map([...passages].map(([key, [a, b]]) => [key, quoteGrade(name, text.stored.slice(a, b))]));
    const top = Math.max(...grades.values());
    const quoteOut = keys.map((k) => k === '' || grades.get(k) !== top);
    // A name that quotes the passage one way and not another tells; places it quotes equally well are told apart by their words, if they can be.
    if (top > 0 && quoteOut.some(Boolean)) {
      const quoting = [...new Set(keys.filter((_, r) => !quoteOut[r]))];
      const refine = quoting.length > 1 && quoting.some(wordLike);
      return { keys, fits: keys.map((k, r) => !quoteOut[r] && (!refine || wordLike(k))), quoteOut };
    }
  }
  return { keys, fits: keys.map(wordLike), quoteOut: null };
}

const squash = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim();
const ELLIPSIS = /(?:…|\.\.\.)$/;

/**
 * How well a selection's name quotes its passage: 2 when it is the passage's
 * text, 1 when the passage starts with it (a name cut with "…", or one cut
 * short), 0 when it is not the passage (a label, another place).
 */
export function quoteGrade(name: string, passage: string): 0 | 1 | 2 {
  const cut = ELLIPSIS.test(squash(name));
  const stem = squash(name).replace(ELLIPSIS, '').trimEnd();
  const text = squash(passage);
  if (!stem) return 0;
  if (!cut && stem === text) return 2;
  return text.startsWith(stem) && text.length > stem.length ? 1 : cut && text === stem ? 1 : 0;
}

const words = new Intl.Segmenter(undefined, { granularity: 'word' });
const SPACE = /\s/;

/** Whether UTF-16 index `i` of `text` lies between two words (or a word and a space or punctuation), never inside a word. */
function atBoundary(text: string, i: number): boolean {
  if (i <= 0 || i >= text.length) return true;
  // A window around the index is enough: no word is that long.
  const from = Math.max(0, i - 40);
  const segment = words.segment(text.slice(from, i + 40)).containing(i - from);
  return segment?.index === i - from;
}

/**
 * Whether the passage from UTF-16 index `a` to `b` is what a person selects:
 * it starts at a word (or a quotation mark, a dash…) and ends after one,
 * perhaps with a space or line break selected after it, as a double click or
 * a paragraph selection takes.
 */
export function selectedLikeWords(text: string, a: number, b: number): boolean {
  if (b <= a || SPACE.test(text[a] ?? '') || !atBoundary(text, a)) return false;
  const end = b - 1 > a && SPACE.test(text[b - 1]!) ? b - 1 : b;
  return !SPACE.test(text[end - 1]!) && atBoundary(text, end);
}

// -- In words ---------------------------------------------------------------------

const PART_WORDS: Record<CountingPart, { counted: (c: Counting) => string; doubt: string }> = {
  unit: {
    counted: (c) => (c.unit === 'utf16' ? 'UTF-16 units (an emoji as two)' : 'code points (an emoji as one)'),
    doubt: 'emoji',
  },
  crlf: {
    counted: (c) => `each Windows line break (CRLF) as ${c.crlf === 1 ? 'one character' : 'two'}`,
    doubt: 'Windows line breaks',
  },
  bom: {
    counted: (c) =>
      c.bom ? 'the byte order mark at its start as a character' : 'not the byte order mark at its start',
    doubt: 'the byte order mark at its start',
  },
};

/** How a reading counts, in words: where it departs from the standard, or "as the standard says". */
export function countingWords(c: Counting): string {
  const parts = partsDiffering(c, STANDARD);
  return parts.length ? parts.map((p) => PART_WORDS[p].counted(c)).join(' and ') : 'code points, as the standard says';
}

/** The note for a source whose reading was decided and is not the standard's, or null. */
export function convertedNote(name: string, d: CountingDecision): string | null {
  if (!d.certain || !partsDiffering(d.counting, STANDARD).length) return null;
  const shown =
    d.evidence === 'range'
      ? 'its selections show: read any other way, some would lie past the end of its text'
      : `${d.fitting} of its ${d.depending} selections that depend on it show (${d.evidence === 'quotes' ? 'their names quote the passage only that way' : 'they start and end at word boundaries only that way'})`;
  return `“${name}”: its positions count ${countingWords(d.counting)}, as ${shown}; Quire converted them.`;
}

/** Why codings of an uncertain source may sit off their passage, and how they were placed ("nothing in the file shows how it counted emoji, so …"). */
export function doubtWords(d: CountingDecision): string {
  const what = d.doubts
    .map((p) => PART_WORDS[p].doubt)
    .join(', ')
    .replace(/, ([^,]*)$/, ' or $1');
  const placed = partsDiffering(d.counting, STANDARD).length
    ? `counting ${countingWords(d.counting)}`
    : 'as the standard says (counting code points)';
  return `${d.told ? 'its selections do not show clearly' : 'nothing in the file shows'} how it counted ${what}, so Quire placed them ${placed}`;
}
