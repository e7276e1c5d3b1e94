import { describe, expect, it } from 'vitest';
import { clip, count, exactSize, fileSize, megabytes, plural, visible } from '../../src/shared/text.ts';

describe('visible: names as they are shown', () => {
  it('writes out a right-to-left override, so a name cannot pass for another ("exe.txt" that is really "txt.exe")', () => {
    expect(visible('invoice\u202Etxt.exe')).toBe('invoice⟨U+202E⟩txt.exe');
  });

  it('writes out every bidi embedding, override, isolate and mark', () => {
    const bidi = [
      '\u202A',
      '\u202B',
      '\u202C',
      '\u202D',
      '\u202E',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\u200E',
      '\u200F',
      '\u061C',
    ];
    for (const c of bidi)
      expect(visible(`a${c}b`)).toBe(`a⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩b`);
  });

  it('shows line breaks of every kind as ⏎, one for CRLF', () => {
    expect(visible('first line\nsecond\r\nthird\rfourth\u2028fifth\u2029sixth\u0085seventh')).toBe(
      'first line⏎second⏎third⏎fourth⏎fifth⏎sixth⏎seventh',
    );
  });

  it('writes out other controls and invisible format characters', () => {
    expect(visible('a\tb\u0000c\u001Bd\u007Fe\u0090f')).toBe('a⟨U+0009⟩b⟨U+0000⟩c⟨U+001B⟩d⟨U+007F⟩e⟨U+0090⟩f');
    expect(visible('zero\u200Bwidth \uFEFFbom soft\u00ADhyphen')).toBe(
      'zero⟨U+200B⟩width ⟨U+FEFF⟩bom soft⟨U+00AD⟩hyphen',
    );
    // A tag character outside a flag hides text ("ASCII smuggling").
    expect(visible('hi\u{E0041}\u{E0042}')).toBe('hi⟨U+E0041⟩⟨U+E0042⟩');
  });

  it('leaves every script, emoji and the joiners they are written with as they are', () => {
    const names = [
      'Лукашенко и Путин',
      'שלום עולם',
      'مرحبا بالعالم',
      'می‌خواهم', // ZWNJ inside a Persian word
      'क्‍ष', // ZWJ in Devanagari
      'family 👩‍👩‍👧, skin 👍🏽, flag 🇧🇾',
      'Scotland 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}',
      'e\u0301 combining, 卢卡申科, ルカシェンコ',
      'tab-free “quotes” — dashes… ⟨brackets⟩',
    ];
    for (const name of names) expect(visible(name)).toBe(name);
  });

  it('is idempotent: what it writes is never written out again', () => {
    const once = visible('a\u202Eb\nc\u0000');
    expect(visible(once)).toBe(once);
  });
});

describe('clip', () => {
  it('folds whitespace, writes out hidden characters and never cuts one in half', () => {
    expect(clip('  Title\n with\u202Eoverride  ')).toBe('Title with⟨U+202E⟩override');
    // Cut at 10 characters first (nine and "…"), then written out: the override is whole.
    expect(clip('abcdefgh\u202Eijk', 10)).toBe('abcdefgh⟨U+202E⟩…');
    expect(clip('short')).toBe('short');
  });
});

describe('clip: whole characters, exact lengths', () => {
  const length = (s: string) => [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(s)].length;

  it('keeps a text of exactly `max` characters whole, and cuts one more to max - 1 and "…"', () => {
    expect(clip('a'.repeat(10), 10)).toBe('a'.repeat(10));
    expect(clip('a'.repeat(11), 10)).toBe(`${'a'.repeat(9)}…`);
    expect(length(clip('x'.repeat(500)))).toBe(40);
  });

  it('never cuts a surrogate pair: an emoji at the cut is left out whole', () => {
    // 9 letters then 😀 (two UTF-16 units): slicing UTF-16 at 10 would leave half of it.
    const cut = clip(`abcdefghi😀jk`, 10);
    expect(cut).toBe('abcdefghi…');
    expect(cut).not.toMatch(/[\uD800-\uDFFF]/);
    // Emoji count as one character each, not two.
    expect(clip('😀'.repeat(10), 10)).toBe('😀'.repeat(10));
    expect(clip('😀'.repeat(11), 10)).toBe(`${'😀'.repeat(9)}…`);
  });

  it('never takes an accent from its letter, nor splits a flag or an emoji sequence', () => {
    // "é" written as e + U+0301 COMBINING ACUTE ACCENT is one character.
    expect(clip('Café\u0301 society', 4)).toBe('Caf…');
    expect(clip('Cafe\u0301s', 5)).toBe('Cafe\u0301s');
    expect(clip('Cafe\u0301 society', 5)).toBe('Cafe\u0301…');
    expect(clip('🇧🇾🇺🇦🇷🇺', 2)).toBe('🇧🇾…');
    expect(clip('👩‍👩‍👧👍🏽 and more', 3)).toBe('👩‍👩‍👧👍🏽…');
  });

  it('counts after folding whitespace, and a one-character limit still shows a character', () => {
    expect(clip('a \n\t b', 3)).toBe('a b');
    expect(clip('abc', 1)).toBe('a…');
  });
});

describe('plural and sizes', () => {
  it('plural: one, many, and a plural that is not just "s"', () => {
    expect(plural(1, 'passage')).toBe('1 passage');
    expect(plural(0, 'passage')).toBe('0 passages');
    expect(plural(3, 'coding was', 'codings were')).toBe('3 codings were');
  });

  it('megabytes: one decimal below 10 MB, none above, gigabytes from 1 GB', () => {
    expect(megabytes(3.25 * 1024 ** 2)).toBe('3.3 MB');
    expect(megabytes(48 * 1024 ** 2)).toBe('48 MB');
    expect(megabytes(12 * 1024 ** 3)).toBe('12.0 GB');
  });

  it('fileSize: kilobytes below a megabyte, never "0 KB"', () => {
    expect(fileSize(100)).toBe('1 KB');
    expect(fileSize(200 * 1024)).toBe('200 KB');
    expect(fileSize(2.5 * 1024 ** 2)).toBe('2.5 MB');
  });

  it('exactSize: every byte below a megabyte, with thousands separated', () => {
    expect(exactSize(1)).toBe('1 byte');
    expect(exactSize(12345)).toBe('12,345 bytes');
    expect(exactSize(5 * 1024 ** 2)).toBe('5.0 MB');
  });
});

// Counts in messages are grouped as English writes them ("1,100"), exactly as toLocaleString('en') groups them.
describe('a count as a message writes it', () => {
  it('groups a whole number’s digits as toLocaleString does, at every length and sign', () => {
    const numbers = [0, 1, 12, 123, 999, 1000, 1001, 9999, 10_000, 123_456, 1_000_000, 2_226, Number.MAX_SAFE_INTEGER];
    for (let n = 1; n < 1e15; n *= 7) numbers.push(n, n + 1, n - 1);
    for (const n of numbers) {
      expect(count(n), String(n)).toBe(n.toLocaleString('en'));
      if (n !== 0) expect(count(-n), String(-n)).toBe((-n).toLocaleString('en'));
    }
    expect(plural(1100, 'file')).toBe('1,100 files');
  });

  it('writes any other number as toLocaleString does', () => {
    for (const n of [0.5, 1234.5678, -1234.5, 1e21, Number.MAX_SAFE_INTEGER + 2])
      expect(count(n)).toBe(n.toLocaleString('en'));
  });
});
