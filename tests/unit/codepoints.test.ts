import { describe, expect, it } from 'vitest';
import {
  countCodePoints,
  spansToUtf16,
  textAround,
  toCodePointOffset,
  toUtf16Index,
} from '../../src/shared/codepoints.ts';

const TEXTS = [
  'plain ascii text',
  'emoji 😀 and 👍🏽 and a family 👩‍👩‍👧 here',
  'combining e\u0301 and a\u0308 stay two code points each',
  'CJK 中文字 and 𠀋 (outside the BMP)',
  'flags 🇧🇾🇺🇦 and math 𝒳𝒴',
  '',
];

describe('code points and UTF-16 indices', () => {
  it('round-trip at every code point boundary', () => {
    for (const text of TEXTS) {
      const chars = [...text];
      expect(countCodePoints(text)).toBe(chars.length);
      for (let offset = 0; offset <= chars.length; offset++) {
        const index = toUtf16Index(text, offset);
        expect(index).toBe(chars.slice(0, offset).join('').length);
        expect(toCodePointOffset(text, index)).toBe(offset);
      }
    }
  });

  it('never splits a surrogate pair: an index inside one snaps to its start', () => {
    const text = 'a😀b';
    expect(toCodePointOffset(text, 2)).toBe(1); // between the two halves of 😀
    expect(toCodePointOffset(text, 3)).toBe(2);
    expect(toCodePointOffset(text, 99)).toBe(3);
    expect(toCodePointOffset(text, -5)).toBe(0);
    expect(toUtf16Index(text, 99)).toBe(4);
  });

  it('converts many spans in one pass, whatever their order of ends', () => {
    const text = '😀 Lukashenko met 👍🏽 Putin; 中文 Lukashenko.';
    const chars = [...text];
    const spans: [number, number][] = [
      [2, 12],
      [2, 30],
      [17, 19],
      [29, 39],
    ];
    const units = spansToUtf16(text, spans);
    spans.forEach(([a, b], k) => expect(text.slice(...units[k]!)).toBe(chars.slice(a, b).join('')));
    expect(text.slice(...units[0]!)).toBe('Lukashenko');
  });
});

describe('textAround: the context of a quoted passage', () => {
  it('gives up to `around` units each side with "…" where the text goes on, and none at its ends', () => {
    const text = 'one two three four five';
    const a = text.indexOf('three');
    expect(textAround(text, a, a + 5, 4)).toEqual({ before: '…two ', after: ' fou…' });
    expect(textAround(text, a, a + 5, 100)).toEqual({ before: 'one two ', after: ' four five' });
  });

  it('never leaves half an emoji at either edge (a context counted in UTF-16 units)', () => {
    // 😀 is two UTF-16 units: a cut one unit into it on either side leaves it out whole.
    const text = '😀abcQUOTEdef😀';
    const a = text.indexOf('QUOTE');
    const { before, after } = textAround(text, a, a + 5, 4);
    expect(before).toBe('…abc');
    expect(after).toBe('def…');
    for (const side of [before, after]) expect(side).not.toMatch(/[\uD800-\uDFFF]/);
    expect(textAround(text, a, a + 5, 5)).toEqual({ before: '😀abc', after: 'def😀' });
  });
});
