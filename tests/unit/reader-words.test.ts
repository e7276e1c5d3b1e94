// How the reader's caret and a coding's edges step through a text: whole
// graphemes, Intl.Segmenter words, sentences and paragraphs, in code points.
import { describe, expect, it } from 'vitest';
import { countCodePoints } from '../../src/shared/codepoints.ts';
import { paragraphAt, sentenceAt, stepCharacter, stepWord, wordSpans } from '../../src/shared/words.ts';

const cp = (text: string, s: string) => countCodePoints(text.slice(0, text.indexOf(s)));
const slice = (text: string, { start, end }: { start: number; end: number }) => [...text].slice(start, end).join('');

describe('the reader’s steps', () => {
  const text = 'Thumbs 👍🏽 up: q\u0301uiet 🇧🇾 Minsk. “Is it neutral?” he asked.\n\nNext paragraph, 中文新闻 here.';

  it('moves the caret by whole graphemes: an emoji with its tone, a flag, a letter with its accent count as one step', () => {
    const thumb = cp(text, '👍🏽');
    expect(stepCharacter(text, thumb, 1)).toBe(thumb + 2); // 👍 + 🏽 are two code points, one grapheme
    expect(stepCharacter(text, thumb + 2, -1)).toBe(thumb);
    const q = cp(text, 'q\u0301');
    expect(stepCharacter(text, q, 1)).toBe(q + 2);
    const flag = cp(text, '🇧🇾');
    expect(stepCharacter(text, flag, 1)).toBe(flag + 2);
    expect(stepCharacter(text, 0, -1)).toBe(0);
    expect(stepCharacter(text, countCodePoints(text), 1)).toBe(countCodePoints(text));
  });

  it('steps edges by words, never by UTF-16 units, and cuts Chinese into words', () => {
    const words = wordSpans(text);
    expect(words.slice(0, 4).map((w) => slice(text, w))).toEqual(['Thumbs', 'up', 'q\u0301uiet', 'Minsk']);
    const minsk = cp(text, 'Minsk');
    expect(stepWord(words, 'start', minsk, -1)).toBe(cp(text, 'q\u0301uiet'));
    expect(stepWord(words, 'end', minsk, 1)).toBe(minsk + 5);
    // Inward, an edge drops a whole word: the end of "Minsk. “Is it" goes back to the end of "Is".
    expect(stepWord(words, 'end', cp(text, ' neutral'), -1)).toBe(cp(text, ' it neutral'));
    const zh = words.filter((w) => /\p{Script=Han}/u.test(slice(text, w))).map((w) => slice(text, w));
    expect(zh.length).toBeGreaterThan(1);
    expect(zh.join('')).toBe('中文新闻');
  });

  it('selects the sentence and the paragraph at the caret, without the spaces around them', () => {
    expect(slice(text, sentenceAt(text, cp(text, 'neutral')))).toBe('“Is it neutral?”');
    expect(slice(text, sentenceAt(text, cp(text, 'asked')))).toBe('he asked.');
    expect(slice(text, paragraphAt(text, cp(text, 'Minsk')))).toBe(
      'Thumbs 👍🏽 up: q\u0301uiet 🇧🇾 Minsk. “Is it neutral?” he asked.',
    );
    expect(slice(text, paragraphAt(text, cp(text, '中文')))).toBe('Next paragraph, 中文新闻 here.');
    expect(slice(text, sentenceAt(text, cp(text, 'here')))).toBe('Next paragraph, 中文新闻 here.');
  });
});
