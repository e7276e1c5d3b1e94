import { describe, expect, it } from 'vitest';
import { parseMarked, snippetOf } from '../../src/main/core/search/search.ts';

const O = '\u0002';
const C = '\u0003';
const covered = (m: { text: string; marks: [number, number][] }) => m.marks.map(([a, b]) => [...m.text].slice(a, b).join(''));

describe('snippets cut from highlighted text', () => {
  it('finds hits in code points past emoji', () => {
    const parsed = parseMarked(`😀 a ${O}Minsk${C} and ${O}Kyiv${C}.`);
    expect(parsed.text).toBe('😀 a Minsk and Kyiv.');
    expect(parsed.marks).toEqual([
      [4, 9],
      [14, 18],
    ]);
  });

  it('shows the densest run of hits, cut at spaces, with ellipses', () => {
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
    const text = `${filler(80)} ${O}Grodno${C} once. ${filler(40)} ${O}Minsk${C} met ${O}Minsk${C} and ${O}Minsk${C} again ${filler(80)}`;
    const snippet = snippetOf(parseMarked(text));
    expect(snippet.text.startsWith('…')).toBe(true);
    expect(snippet.text.endsWith('…')).toBe(true);
    expect(covered(snippet)).toEqual(['Minsk', 'Minsk', 'Minsk']);
    expect(snippet.text.length).toBeLessThanOrEqual(205);
    expect(snippet.text).not.toMatch(/…\S*word\d+[^ ]*word/);
    expect(snippet.text.slice(1, 2)).not.toBe(' ');
  });

  it('starts at the beginning, without an ellipsis, when the hit is near the start', () => {
    const snippet = snippetOf(parseMarked(`${O}Lukashenko${C} spoke briefly.`));
    expect(snippet).toEqual({ text: 'Lukashenko spoke briefly.', marks: [[0, 10]] });
  });

  it('gives the opening of the text when nothing is marked', () => {
    const long = 'word '.repeat(100);
    const snippet = snippetOf(parseMarked(long));
    expect(snippet.marks).toEqual([]);
    expect(snippet.text.endsWith('…')).toBe(true);
    expect(snippet.text.length).toBeLessThanOrEqual(241);
  });
});
