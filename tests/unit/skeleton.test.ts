import { describe, expect, it } from 'vitest';
import { skeletonOf } from '../../src/main/core/search/terms.ts';

// The definition the vocabulary's skeletons were made by, and which the rows of projects already saved hold.
const byDefinition = (word: string) => (word[0] + word.slice(1).replace(/[aeiouy]/g, '')).replace(/(.)\1+/g, '$1');

describe('a term’s consonant skeleton', () => {
  it('is the first letter, then the consonants in order, doubled letters once', () => {
    expect(skeletonOf('kiev')).toBe('kv');
    expect(skeletonOf('kyiv')).toBe('kv');
    expect(skeletonOf('lukashenko')).toBe('lkshnk');
    expect(skeletonOf('lukashenkko')).toBe('lkshnk');
    expect(skeletonOf('akaev')).toBe('akv');
    // A vowel that begins the word stays, and a run that starts with it is one letter.
    expect(skeletonOf('aab')).toBe('ab');
    expect(skeletonOf('yy')).toBe('y');
    // Letters that meet once the vowels between them are gone are one letter too.
    expect(skeletonOf('lol')).toBe('l');
  });

  it('is what its definition gives for any term, in any script', () => {
    // Terms from an index of texts in many scripts: ASCII letters and digits, accented and Cyrillic letters, a
    // character outside the BMP (two UTF-16 units, as the definition counts them), and the line ends a regular
    // expression's "." does not match.
    const alphabet = [...'aeiouybcdkllmnsst0119', 'é', 'ü', 'д', 'а', 'я', '𝔘', '\n', '\r', '\u2028', ' '];
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const words = Array.from({ length: 5000 }, () =>
      Array.from({ length: 1 + random(12) }, () => alphabet[random(alphabet.length)]).join(''),
    );
    for (const word of [...words, 'a', 'b', '𝔘𝔘', 'a\n\nb', 'ss'])
      expect(skeletonOf(word), word).toBe(byDefinition(word));
  });
});
