import { describe, expect, it } from 'vitest';
import { toUtf16Index } from '../../src/shared/codepoints.ts';
import {
  convertedNote,
  decideCounting,
  doubtWords,
  quoteGrade,
  readingsFor,
  selectedLikeWords,
  SourceText,
  STANDARD,
  type Counting,
  type RawSelection,
} from '../../src/main/core/exchange/positions.ts';

const ONE: Counting = { unit: 'codepoint', crlf: 1, bom: 0 };
const UTF16: Counting = { unit: 'utf16', crlf: 2, bom: 0 };
const BOM: Counting = { unit: 'codepoint', crlf: 2, bom: 1 };

describe('positions in another program’s text → positions in the stored text', () => {
  it('maps a text normalisation leaves alone one to one, and refuses positions past its end', () => {
    const t = new SourceText('Plain text, nothing else.\n');
    expect(t.stored).toBe('Plain text, nothing else.\n');
    expect([0, 5, 26].map((p) => t.toStored(p, STANDARD, 'start'))).toEqual([0, 5, 26]);
    expect(t.toStored(27, STANDARD, 'end')).toBeNull();
    expect(t.toStored(-1, STANDARD, 'start')).toBeNull();
  });

  it('counts CRLF as two (the standard) or one, and widens a position between CR and LF', () => {
    const t = new SourceText('\uFEFFab\r\ncd\r\nef');
    expect(t.stored).toBe('ab\ncd\nef');
    expect(t.length(STANDARD)).toBe(10);
    expect(t.length(ONE)).toBe(8);
    expect(t.toStored(4, STANDARD, 'start')).toBe(3); // "c"
    expect(t.toStored(3, ONE, 'start')).toBe(3);
    expect(t.toStored(3, STANDARD, 'start')).toBe(2); // between CR and LF: the break's start…
    expect(t.toStored(3, STANDARD, 'end')).toBe(3); // …or its end
  });

  it('counts a byte order mark as a position in front of the text when a reading says so', () => {
    const t = new SourceText('\uFEFFab\ncd');
    expect(t.hasBom).toBe(true);
    expect(t.length(BOM)).toBe(6);
    expect(t.toStored(4, BOM, 'start')).toBe(3); // "c"
    expect(t.toStored(4, STANDARD, 'start')).toBe(4); // "d"
    expect(t.toStored(0, BOM, 'start')).toBe(0); // the mark itself: the text's start
    expect(t.toStored(6, BOM, 'end')).toBe(5);
    expect(t.toStored(6, STANDARD, 'end')).toBeNull();
    expect(new SourceText('ab').hasBom).toBe(false);
  });

  it('maps decomposed text to NFC and UTF-16 units to code points, never splitting a character', () => {
    const t = new SourceText('e\u0301 👍🏽 x');
    expect(t.stored).toBe('é 👍🏽 x');
    expect(t.toStored(2, STANDARD, 'start')).toBe(1); // after "é" (two code points in the file)
    expect(t.toStored(3, STANDARD, 'start')).toBe(2);
    expect(t.toStored(4, STANDARD, 'end')).toBe(4); // inside 👍🏽: to its end
    expect(t.toStored(4, STANDARD, 'start')).toBe(2); // …or its start
    expect(t.toStored(8, UTF16, 'start')).toBe(5); // "x" after two UTF-16 pairs
  });

  it('stays right where normalising piece by piece would not (a control before a BOM)', () => {
    const t = new SourceText('\u0001\uFEFFabc');
    expect(t.stored).toBe('abc');
    expect(t.toStored(3, STANDARD, 'start')).toBe(1);
    expect(t.toStored(5, STANDARD, 'end')).toBe(3);
  });

  it('finds the UTF-16 index of every stored position, as walking the text would', () => {
    const t = new SourceText('a😀b𝐀𝐁c\r\n𠀋 é\u0301 🇧🇾 end');
    const all = [...Array(t.length(STANDARD)).keys()];
    expect(all.map((p) => t.storedIndex(p))).toEqual(all.map((p) => toUtf16Index(t.stored, p)));
  });
});

describe('the readings tried for a text', () => {
  it('tries only the readings that differ for this text, the standard first', () => {
    expect(readingsFor(new SourceText('plain\nLF text'))).toEqual([STANDARD]);
    expect(readingsFor(new SourceText('emoji 😀'))).toEqual([STANDARD, UTF16]);
    expect(readingsFor(new SourceText('\uFEFFa\r\nb'))).toEqual([
      STANDARD,
      BOM,
      ONE,
      { unit: 'codepoint', crlf: 1, bom: 1 },
    ]);
    expect(readingsFor(new SourceText('\uFEFF😀\r\n'))).toHaveLength(8);
  });
});

describe('what a selection says', () => {
  it('grades a name as the passage’s whole text, its start (cut with “…” or not), or something else', () => {
    expect(quoteGrade('Kyiv  disagrees', 'Kyiv disagrees ')).toBe(2);
    expect(quoteGrade('Kyiv disagrees…', 'Kyiv disagrees strongly')).toBe(1);
    expect(quoteGrade('Kyiv...', 'Kyiv disagrees')).toBe(1);
    expect(quoteGrade('Kyiv disagrees', 'Kyiv disagrees strongly')).toBe(1);
    expect(quoteGrade('Minsk', 'Kyiv')).toBe(0);
    expect(quoteGrade('…', 'anything')).toBe(0);
    expect(quoteGrade('Cafe\u0301', 'Café')).toBe(2);
  });

  it('tells a selection of whole words from one cut inside a word or starting at a space', () => {
    const text = 'Olga: Scared 😟 but proud.\nPeople were singing, “loudly”.\n';
    const sel = (quote: string) => [text.indexOf(quote), text.indexOf(quote) + quote.length] as const;
    const like = (quote: string) => selectedLikeWords(text, ...sel(quote));
    expect(like('Scared 😟 but proud.')).toBe(true);
    expect(like('Scared 😟 but proud')).toBe(true);
    expect(like('😟 but')).toBe(true);
    expect(like('Olga: Scared 😟 but proud.\n')).toBe(true); // a whole paragraph, its line break with it
    expect(like('singing, ')).toBe(true); // a double click takes the space after
    expect(like('“loudly”')).toBe(true);
    expect(like('cared 😟 but')).toBe(false);
    expect(like('Scared 😟 bu')).toBe(false);
    expect(like(' Scared')).toBe(false);
    expect(like('Scared  ')).toBe(false);
  });
});

/** Selections of `quotes` in `raw`, their positions counted as `c` says (the fixtures' way, in miniature). */
function selections(
  raw: string,
  quotes: string[],
  c: Counting,
  name: (q: string) => string | null = () => null,
): RawSelection[] {
  const count = (s: string) =>
    (c.unit === 'utf16' ? s.length : [...s].length) - (c.crlf === 1 ? s.split('\r\n').length - 1 : 0) + c.bom;
  return quotes.map((q) => {
    const at = raw.indexOf(q);
    return {
      start: count(raw.slice(0, at).replace(/^\uFEFF/, '')),
      end: count(raw.slice(0, at + q.length).replace(/^\uFEFF/, '')),
      name: name(q),
    };
  });
}

const TEXT = '\uFEFFOne 😀 two.\r\nThree 🇧🇾 four, five.\r\nSix 𝐀 seven eight 🙂 nine.\r\n';
const QUOTES = ['two.', 'Three 🇧🇾 four', 'five.', 'Six 𝐀 seven', 'eight 🙂 nine.'];

describe('deciding how a source counted', () => {
  it('decides by word boundaries when the names say nothing, counting only the selections that depend on it', () => {
    const text = new SourceText(TEXT);
    for (const counting of readingsFor(text)) {
      const d = decideCounting(
        text,
        selections(TEXT, QUOTES, counting, () => ''),
      );
      expect(d).toMatchObject({ counting, certain: true, depending: 5, fitting: 5, evidence: 'words', uncertain: [] });
    }
  });

  it('decides by names that quote the passage, whole or cut', () => {
    const text = new SourceText(TEXT);
    // The first name is cut, the others are whole: only UTF-16 units make them the passage.
    const d = decideCounting(
      text,
      selections(TEXT, QUOTES, UTF16, (q) => (q === 'two.' ? 'tw…' : q)),
    );
    expect(d).toMatchObject({ counting: UTF16, certain: true, evidence: 'quotes' });
    expect(convertedNote('Interview 3', d)).toBe(
      '“Interview 3”: its positions count UTF-16 units (an emoji as two), as 5 of its 5 selections that depend on it show (their names quote the passage only that way); Quire converted them.',
    );
  });

  it('rules out a reading that puts selections past the end of the text', () => {
    const text = new SourceText('Some words 😀\r\nmore words');
    const d = decideCounting(text, [{ start: 15, end: 25, name: null }]);
    expect(d.counting).toEqual(UTF16);
    expect(d.certain).toBe(true);
    expect(d.evidence).toBe('range');
  });

  it('says nothing when no selection depends on the reading', () => {
    // Before the first emoji and line break, and with no BOM, every reading places a selection alike.
    const text = new SourceText(TEXT.slice(1));
    expect(decideCounting(text, [{ start: 0, end: 3, name: null }])).toMatchObject({
      counting: STANDARD,
      certain: true,
      depending: 0,
      evidence: 'none',
    });
    expect(decideCounting(new SourceText('plain'), [{ start: 0, end: 5, name: null }])).toMatchObject({
      certain: true,
      evidence: 'none',
    });
  });

  it('is not sure when the readings fit alike, and lists the selections that depend on it', () => {
    const raw = 'Scores 🙂🙂: 4 5 3\n';
    const text = new SourceText(raw);
    const d = decideCounting(text, [{ start: 0, end: 6, name: '' }, ...selections(raw, ['5'], UTF16, () => '')]);
    expect(d).toMatchObject({ counting: STANDARD, certain: false, told: false, doubts: ['unit'], uncertain: [1] });
    expect(doubtWords(d)).toBe(
      'nothing in the file shows how it counted emoji, so Quire placed them as the standard says (counting code points)',
    );
  });

  it('needs nearly all the selections to fit, and a clear margin', () => {
    const text = new SourceText(TEXT);
    // One selection that fits only one reading is not enough without a name to back it.
    expect(decideCounting(text, selections(TEXT, ['eight 🙂 nine.'], UTF16)).certain).toBe(false);
    // Two are.
    expect(decideCounting(text, selections(TEXT, ['Six 𝐀 seven', 'eight 🙂 nine.'], UTF16))).toMatchObject({
      counting: UTF16,
      certain: true,
    });
  });
});
