// The word sequences a near-duplicate check compares are hashed in one pass over a text's characters when its
// characters other than ASCII only part words ("£", "’", "—", a no-break space, an emoji). The hashes must be
// exactly those of their definition (words as comparedWords cuts them, each hashed, five in a row hashed
// together), or the pairs flagged would change.
import { describe, expect, it } from 'vitest';
import { radixSort, shingleHashes, wordShingleHashes } from '../../src/main/core/corpus/near-index.ts';
import { prng } from '../../fixtures/random.ts';

// Pieces of news text: words in every case, digits, punctuation, and characters that part words (a pound sign,
// curly quotes, dashes, an ellipsis, a no-break space, an emoji) or make them (accents, a combining mark,
// a superscript two, a ligature, a dotted capital I, Greek, fullwidth letters), so both ways of hashing are taken.
const PIECES = [
  'the',
  'Minister',
  'SAID',
  'on',
  'Tuesday',
  '2024',
  '£5bn',
  'it’s',
  '“quoted”',
  '—',
  '–',
  '…',
  'a\u00a0b',
  '😀',
  'x1',
  'Y2',
  ',',
  '.',
  '!',
  '(',
  ')',
  '\n\n',
  'café',
  'e\u0301',
  'x²',
  'ﬁne',
  'İstanbul',
  'ΣΟΦΟΣ',
  'ＡＢＣ',
  'naïve',
  '\u0000',
  'don’t',
  '3.5%',
  'U.S.',
  'co-operate',
];

describe('word sequences of a text', () => {
  it('are hashed exactly as defined, in one pass or not, whatever characters the text holds', () => {
    const random = prng(7);
    let plain = 0;
    for (let n = 0; n < 3000; n++) {
      const length = Math.floor(random() * 60);
      // Most texts of plain pieces only (the one-pass way), the rest with any piece.
      const only = n % 3 ? 22 : PIECES.length;
      const text = Array.from({ length }, () => PIECES[Math.floor(random() * only)]!).join(random() < 0.5 ? ' ' : '');
      if (/^[\x00-\x7f£’“”—–…\u00a0😀]*$/u.test(text)) plain++;
      expect([...shingleHashes(text)], JSON.stringify(text)).toEqual([...wordShingleHashes(text)]);
    }
    // Both ways were taken, many times each.
    expect(plain).toBeGreaterThan(1000);
    expect(plain).toBeLessThan(2900);
  });

  it('are in ascending order, each once, in a long text too', () => {
    const random = prng(11);
    const text = Array.from({ length: 3000 }, () => PIECES[Math.floor(random() * 22)]!).join(' ');
    const hashes = [...shingleHashes(text)];
    expect(hashes.length).toBeGreaterThan(1000);
    expect(hashes).toEqual([...new Set(hashes)].sort((a, b) => a - b));
  });
});

describe('sorting hashes by their bytes', () => {
  it('gives what the built-in sort gives, for any values and lengths', () => {
    const random = prng(5);
    for (const length of [0, 1, 63, 64, 65, 400, 5000, (1 << 14) + 7]) {
      // Few distinct values (many equal), values that differ only in one byte, and the extremes.
      const values = Uint32Array.from({ length }, (_, i) =>
        i % 7 === 0
          ? [0, 0xffffffff, 0x80000000, 0x7fffffff][i % 4]!
          : i % 3
            ? Math.floor(random() * 0x100000000)
            : (Math.floor(random() * 4) << (8 * (i % 4))) >>> 0,
      );
      const sorted = values.slice();
      radixSort(sorted);
      expect([...sorted]).toEqual([...values.slice().sort()]);
    }
  });
});
