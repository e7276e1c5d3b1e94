import { describe, expect, it } from 'vitest';
import { chooseCounting, quoteMatches, SourceText, STANDARD, type Counting } from '../../src/main/core/exchange/positions.ts';

const ONE: Counting = { crlf: 1, unit: 'codepoint' };
const UTF16: Counting = { crlf: 2, unit: 'utf16' };

describe('positions in another tool’s text → positions in the stored text', () => {
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

  it('chooses the counting that places the selections and matches their quotes, the standard when nothing tells', () => {
    const t = new SourceText('One.\r\nTwo 👍 here.\r\nThree.');
    expect(chooseCounting(t, [{ start: 12, end: 17, name: 'here.' }])).toEqual({ counting: STANDARD, evidence: 'quotes' });
    expect(chooseCounting(t, [{ start: 11, end: 16, name: 'here.' }]).counting).toEqual(ONE);
    expect(chooseCounting(t, [{ start: 13, end: 18, name: 'here…' }]).counting).toEqual(UTF16);
    expect(chooseCounting(t, [{ start: 0, end: 3, name: null }])).toEqual({ counting: STANDARD, evidence: 'none' });
    // Only the readings that count a CRLF as two place a selection that ends at the text's end.
    expect(chooseCounting(t, [{ start: 19, end: 25, name: null }])).toEqual({ counting: STANDARD, evidence: 'range' });
  });

  it('matches a selection name to its passage, whole or cut with an ellipsis', () => {
    expect(quoteMatches('Kyiv  disagrees…', 'Kyiv disagrees strongly')).toBe(true);
    expect(quoteMatches('Kyiv...', 'Kyiv disagrees')).toBe(true);
    expect(quoteMatches('Minsk', 'Kyiv')).toBe(false);
    expect(quoteMatches('…', 'anything')).toBe(false);
  });
});
