import { describe, expect, it } from 'vitest';
import { countCodePoints, normaliseText } from '../../src/main/core/corpus/normalise.ts';

describe('normaliseText', () => {
  it('composes to NFC', () => {
    const decomposed = 'Cafe\u0301 Zu\u0308rich';
    expect(normaliseText(decomposed)).toBe('Café Zürich');
    expect(normaliseText(decomposed)).toBe(normaliseText(decomposed).normalize('NFC'));
  });

  it('turns CRLF, lone CR, NEL, U+2028 and U+2029 into LF', () => {
    expect(normaliseText('a\r\nb\rc\nd\u2028e\u2029f\u0085g')).toBe('a\nb\nc\nd\ne\nf\ng');
    expect(normaliseText('a\r\n\r\nb')).toBe('a\n\nb');
  });

  it('removes a BOM at the start (also several)', () => {
    expect(normaliseText('\uFEFFHello')).toBe('Hello');
    expect(normaliseText('\uFEFF\uFEFF  Hello')).toBe('  Hello');
  });

  it('removes C0 and C1 controls but keeps LF and TAB', () => {
    const s = 'a\u0000b\u0001c\u0002d\u0003e\u0007f\u000Bg\u000Ch\u001Bi\u007Fj\u0080k\u009Fl\tm\nn';
    expect(normaliseText(s)).toBe('abcdefghijkl\tm\nn');
  });

  it('drops half characters (unpaired surrogates) and keeps whole ones', () => {
    expect(normaliseText('a\uD800b\uDC00c 😀 \uD83D')).toBe('abc 😀 ');
  });

  it('never lets the search highlight markers U+0002/U+0003 through', () => {
    const out = normaliseText('\u0002Belarus\u0003 and \u0002Russia\u0003');
    expect(out).toBe('Belarus and Russia');
    expect(out).not.toMatch(/[\u0002\u0003]/);
  });

  it('keeps NBSP, line-internal spaces and the line structure', () => {
    const s = 'Line  one\u00A0with  spaces\n\n    indented line\nlast\t line';
    expect(normaliseText(s)).toBe(s);
  });

  it('keeps leading and trailing whitespace, so a clean file is stored byte for byte', () => {
    expect(normaliseText('\n  \r\n  Title\n\nBody text.  \n')).toBe('\n  \n  Title\n\nBody text.  \n');
    expect(normaliseText('\uFEFF\uFEFFText\n')).toBe('Text\n');
  });

  it('keeps emoji, CJK and combining marks intact', () => {
    const s = 'Emoji 👩‍👩‍👧 flag 🇧🇾, 中文, e\u0301';
    expect(normaliseText(s)).toBe(s.normalize('NFC'));
  });
});

describe('countCodePoints', () => {
  it('counts code points, not UTF-16 units', () => {
    expect(countCodePoints('')).toBe(0);
    expect(countCodePoints('abc')).toBe(3);
    expect(countCodePoints('😀')).toBe(1);
    expect(countCodePoints('a😀b𝔸')).toBe(4);
    expect(countCodePoints('e\u0301')).toBe(2); // a combining mark is its own code point
    expect(countCodePoints('中文')).toBe(2);
  });

  it('agrees with iterating the string', () => {
    const s = 'Лукашенко 👩‍👩‍👧 🇧🇾 naïve \uD800 lone';
    expect(countCodePoints(s)).toBe([...s].length);
  });
});
