import { describe, expect, it } from 'vitest';
import { clip, visible } from '../../src/shared/text.ts';

describe('visible: names as they are shown', () => {
  it('writes out a right-to-left override, so a name cannot pass for another ("exe.txt" that is really "txt.exe")', () => {
    expect(visible('invoice\u202Etxt.exe')).toBe('invoice⟨U+202E⟩txt.exe');
  });

  it('writes out every bidi embedding, override, isolate and mark', () => {
    const bidi = ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C'];
    for (const c of bidi) expect(visible(`a${c}b`)).toBe(`a⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩b`);
  });

  it('shows line breaks of every kind as ⏎, one for CRLF', () => {
    expect(visible('first line\nsecond\r\nthird\rfourth\u2028fifth\u2029sixth\u0085seventh')).toBe('first line⏎second⏎third⏎fourth⏎fifth⏎sixth⏎seventh');
  });

  it('writes out other controls and invisible format characters', () => {
    expect(visible('a\tb\u0000c\u001Bd\u007Fe\u0090f')).toBe('a⟨U+0009⟩b⟨U+0000⟩c⟨U+001B⟩d⟨U+007F⟩e⟨U+0090⟩f');
    expect(visible('zero\u200Bwidth \uFEFFbom soft\u00ADhyphen')).toBe('zero⟨U+200B⟩width ⟨U+FEFF⟩bom soft⟨U+00AD⟩hyphen');
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
