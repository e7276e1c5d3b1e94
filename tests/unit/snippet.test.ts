import { describe, expect, it } from 'vitest';
import { placeMarks, snippetOf } from '../../src/main/core/search/search.ts';
import { encodeWordMap, indexWords } from '../../src/main/core/search/words.ts';

const O = '\u0002';
const C = '\u0003';
const words = (text: string) =>
  indexWords(text).map((w) => ({ ...w, written: [...text].slice(w.start, w.end).join('') }));
/** The index text of `text` as FTS5's highlight() gives it, each word written as one of `hits` marked alone. */
const highlighted = (text: string, hits: string[]) =>
  words(text)
    .map((w) => (hits.includes(w.written) ? O + w.token + C : w.token))
    .join(' ');
const mapOf = (text: string) => encodeWordMap(indexWords(text));
const parseMarked = (text: string, hits: string[]) => placeMarks(highlighted(text, hits), mapOf(text), text)!;
const covered = (m: { text: string; marks: [number, number][] }) =>
  m.marks.map(([a, b]) => [...m.text].slice(a, b).join(''));

describe('snippets cut from highlighted text', () => {
  it('finds hits in code points past emoji', () => {
    const parsed = parseMarked('😀 a Minsk and Kyiv.', ['Minsk', 'Kyiv']);
    expect(parsed.text).toBe('😀 a Minsk and Kyiv.');
    expect(parsed.marks).toEqual([
      [4, 9],
      [14, 18],
    ]);
  });

  it('shows the densest run of hits, cut at spaces, with ellipses', () => {
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
    const text = `${filler(80)} Grodno once. ${filler(40)} Minsk met Minsk and Minsk again ${filler(80)}`;
    const snippet = snippetOf(parseMarked(text, ['Grodno', 'Minsk']));
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.endsWith('…')).toBe(true);
    expect(covered(snippet)).toEqual(['Minsk', 'Minsk', 'Minsk']);
    expect(snippet.text.length).toBeLessThanOrEqual(205);
    expect(snippet.text).not.toMatch(/…\S*word\d+[^ ]*word/);
    expect(snippet.text.slice(1, 2)).not.toBe(' ');
  });

  it('starts at the beginning, without an ellipsis, when the hit is near the start', () => {
    const snippet = snippetOf(parseMarked('Lukashenko spoke briefly.', ['Lukashenko']));
    expect(snippet).toEqual({ text: 'Lukashenko spoke briefly.', marks: [[0, 10]] });
  });

  it('gives the opening of the text when nothing is marked', () => {
    const long = 'word '.repeat(100);
    const snippet = snippetOf(parseMarked(long, []));
    expect(snippet.marks).toEqual([]);
    expect(snippet.text.endsWith('…')).toBe(true);
    expect(snippet.text.length).toBeLessThanOrEqual(241);
  });
});

describe('hits placed from the index text on the stored text', () => {
  it('places a mark over several words (a phrase) on the stored text between them, as written', () => {
    const stored = 'Το «Κυπριακό» ζήτημα — 🇨🇾 Λευκωσία.';
    const placed = placeMarks(`το ${O}κυπριακο ζητημα${C} ${O}λευκωσια${C}`, mapOf(stored), stored)!;
    expect(covered(placed)).toEqual(['Κυπριακό» ζήτημα', 'Λευκωσία']);
    expect(placed.text).toBe(stored);
  });

  it('places hits in Chinese text after characters beyond the BMP and emoji in code points', () => {
    const stored = '𠮷😀 人工智能的发展引起了DeepMind的关注';
    const marked = words(stored)
      .map((w) =>
        ['人工', '智能'].includes(w.written) ? w.token : w.written === 'DeepMind' ? O + w.token + C : w.token,
      )
      .join(' ')
      .replace('人工 智能', `${O}人工 智能${C}`);
    const placed = placeMarks(marked, mapOf(stored), stored)!;
    expect(covered(placed)).toEqual(['人工智能', 'DeepMind']);
    expect(placed.marks[0]).toEqual([3, 7]);
  });

  it('places nothing when the index text and its word map do not have the same words (a damaged index)', () => {
    const stored = 'Kyiv and Minsk';
    expect(placeMarks(`${O}kyiv${C} and minsk`, mapOf(stored), stored)!.marks).toEqual([[0, 4]]);
    expect(placeMarks(`${O}kyiv${C} minsk`, mapOf(stored), stored)).toBeNull();
    expect(placeMarks(`${O}kyiv${C} and minsk`, mapOf(stored).slice(0, 3), stored)).toBeNull();
    expect(placeMarks(`${O}kyiv${C} and minsk`, Uint8Array.from([0x80]), stored)).toBeNull();
    expect(placeMarks('', mapOf(''), '')).toEqual({ text: '', marks: [], units: [] });
  });

  it('keeps word maps of long texts whole (positions past 127 and 16,383 code points)', () => {
    const stored = `${'x '.repeat(9000)}Grodno ${'😀'.repeat(200)} Minsk`;
    const placed = placeMarks(highlighted(stored, ['Grodno', 'Minsk']), mapOf(stored), stored)!;
    expect(covered(placed)).toEqual(['Grodno', 'Minsk']);
    expect(placed.marks).toEqual([
      [18000, 18006],
      [18208, 18213],
    ]);
  });
});
