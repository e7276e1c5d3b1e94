import { describe, expect, it } from 'vitest';
import { foldWord } from '../../src/main/core/search/fold.ts';
import {
  encodeWordMap,
  indexedText,
  indexText,
  indexWords,
  queryWords,
  type IndexWord,
} from '../../src/main/core/search/words.ts';
import { prng } from '../../fixtures/random.ts';

/** The stored text each word covers, counting code points, as a hit span would. */
const covered = (text: string) => indexWords(text).map((w) => [...text].slice(w.start, w.end).join(''));

describe('folding', () => {
  it('takes accents off Latin, Greek, Cyrillic, Arabic and Hebrew letters', () => {
    expect(foldWord('Zürich')).toBe('zurich');
    expect(foldWord('Dvořák')).toBe('dvorak');
    expect(foldWord('Γνωρίζω')).toBe('γνωριζω');
    expect(foldWord('Ϊουλίου')).toBe('ιουλιου');
    expect(foldWord('ёлка')).toBe('елка');
    expect(foldWord('Белару́сь')).toBe('беларусь'); // a stress mark, written as a combining acute
    expect(foldWord('أَحْمَد')).toBe('احمد');
    expect(foldWord('שָׁלוֹם')).toBe('שלום');
  });

  it('keeps the Cyrillic letters that are written with a mark: й, ў, ї', () => {
    expect(foldWord('Війна')).toBe('війна');
    expect(foldWord('Ўладзімір')).toBe('ўладзімір');
    expect(foldWord('мой')).not.toBe(foldWord('мои'));
  });

  it('keeps the marks that are part of Thai, Devanagari and kana letters', () => {
    expect(foldWord('ไม้')).toBe('ไม้');
    expect(foldWord('किताब')).toBe('किताब');
    expect(foldWord('ガス')).not.toBe(foldWord('カス'));
  });

  it('folds compatibility forms to their plain letters', () => {
    expect(foldWord('ＡｌｐｈａＧｏ')).toBe('alphago'); // full-width Latin
    expect(foldWord('ｶﾞｽ')).toBe('ガス'); // half-width katakana
    expect(foldWord('ﺍﻟﻌﺮﺑﻴﺔ')).toBe(foldWord('العربية')); // Arabic presentation forms
    expect(foldWord('ﻻ')).toBe('لا'); // the lam-alef ligature
    expect(foldWord('ﬁnance')).toBe('finance');
    expect(foldWord('①')).toBe('1');
  });

  it('gives letters that differ by position or habit one form', () => {
    expect(foldWord('ΟΔΟΣ')).toBe(foldWord('οδός'));
    expect(foldWord('οδός')).toBe('οδοσ');
    expect(foldWord('مدرسة')).toBe(foldWord('مدرسه')); // ta marbuta
    expect(foldWord('على')).toBe(foldWord('علي')); // alef maksura
    expect(foldWord('Straße')).toBe('strasse');
    expect(foldWord('İstanbul')).toBe('istanbul');
    expect(foldWord('٢٠٢٤')).toBe('2024');
    expect(foldWord('۱۴۰۲')).toBe('1402');
  });

  it('leaves out tatweel, soft hyphens and joiners inside a word, and what has no letter', () => {
    expect(foldWord('العربـــية')).toBe(foldWord('العربية'));
    expect(foldWord('Lebens\u00ADmittel')).toBe('lebensmittel');
    expect(foldWord('می\u200Cخواهم')).toBe('میخواهم');
    expect(foldWord('\u0301')).toBe('');
  });
});

describe('folding, a word at a time', () => {
  it('folds a word the same each time, however many words came between (it keeps what it folded, up to a bound)', () => {
    const words = ['Лукашенко', 'Лукашэнка', 'Ўладзімір', 'Київ', 'Ελλάδα', 'Ἀθῆναι', 'ﬁnance', 'Café', '\u0640'];
    const first = words.map(foldWord);
    expect(first.slice(0, 3)).toEqual(['лукашенко', 'лукашэнка', 'ўладзімір']);
    expect(first.at(-1)).toBe('');
    // More words than it keeps, all beyond ASCII, each different.
    const many = Array.from({ length: 25_000 }, (_, i) => `Слово${i}`);
    const folded = many.map(foldWord);
    expect(folded[24_999]).toBe('слово24999');
    expect(words.map(foldWord)).toEqual(first);
    expect(many.map(foldWord)).toEqual(folded);
  });
});

describe('words', () => {
  it('cuts Chinese into dictionary words, with the Latin words inside it', () => {
    const text = '谷歌旗下的DeepMind公司开发的AlphaGo击败了人类棋手。人工智能的发展引起了腾讯的关注。';
    const words = queryWords(text);
    expect(words).toEqual(
      expect.arrayContaining(['旗下', 'deepmind', '公司', 'alphago', '人类', '人工', '智能', '发展']),
    );
    expect(covered(text)).toContain('DeepMind');
    // A query is cut the same way as the text, so its words follow each other in the index text.
    expect(indexText(text)).toContain(queryWords('人工智能').join(' '));
    expect(indexText(text)).toContain(queryWords('腾讯').join(' '));
  });

  it('cuts Japanese and Thai into words', () => {
    expect(queryWords('東京大学の研究者は人工知能を研究している。')).toEqual(
      expect.arrayContaining(['東京', '大学', '研究者', '人工', '知能']),
    );
    expect(queryWords('รัฐบาลไทยประกาศมาตรการใหม่')).toEqual(
      expect.arrayContaining(['รัฐบาล', 'ไทย', 'ประกาศ', 'มาตรการ', 'ใหม่']),
    );
  });

  it('places each word exactly in code points, past emoji, combining marks and characters beyond the BMP', () => {
    const text = '🇺🇦 Cafe\u0301 👩‍👩‍👧 𠮷野家で食べた e\u0301te\u0301 Κύπρος';
    const words = covered(text);
    // The dictionary decides where the Japanese words part; together they are the run exactly as written.
    expect(words[0]).toBe('Cafe\u0301');
    expect(words.slice(1, -2).join('')).toBe('𠮷野家で食べた');
    expect(words.slice(-2)).toEqual(['e\u0301te\u0301', 'Κύπρος']);
    expect(indexWords(text).map((w) => w.token)).toEqual(['cafe', ...words.slice(1, -2), 'ete', 'κυπροσ']);
    for (const w of indexWords(text))
      expect(text.slice(w.startUnit, w.endUnit)).toBe([...text].slice(w.start, w.end).join(''));
  });

  it('splits words at apostrophes, hyphens and dots, as the index always has', () => {
    expect(queryWords("Don't re-elect the U.S. 3.5%")).toEqual(['don', 't', 're', 'elect', 'the', 'u', 's', '3', '5']);
  });

  it('makes an index text of words with one space between them', () => {
    expect(indexText('  Ἀθῆναι, «Αθήνα»!  ')).toBe('αθηναι αθηνα');
    expect(indexText('—')).toBe('');
  });

  it('cuts exactly the runs of letters, digits and marks an expression finds, in every script and past lone surrogates', () => {
    // The words by their definition: each maximal run of letters, digits, marks, private-use characters, soft
    // hyphens and joiners (the expression indexWords once ran), one word when it is ASCII or of spaced scripts,
    // else cut by the dictionary; each folded and placed in code points.
    const byExpression = (text: string): IndexWord[] => {
      const words: IndexWord[] = [];
      const points = (units: number) => [...text.slice(0, units)].length;
      const add = (word: string, at: number) => {
        const token = foldWord(word);
        if (token)
          words.push({
            token,
            start: points(at),
            end: points(at + word.length),
            startUnit: at,
            endUnit: at + word.length,
          });
      };
      const segmenter = new Intl.Segmenter('und', { granularity: 'word' });
      for (const run of text.matchAll(/[\p{L}\p{N}\p{M}\p{Co}\u00AD\u200C\u200D]+/gu)) {
        if (
          /^[A-Za-z0-9]+$/.test(run[0]) ||
          !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u.test(
            run[0],
          )
        )
          add(run[0], run.index);
        else for (const s of segmenter.segment(run[0])) add(s.segment, run.index + s.index);
      }
      return words;
    };
    const pieces = [
      'The',
      'minister',
      'SAID',
      '2024',
      '1999',
      'AZaz@[`{/:',
      '£5bn',
      'it’s',
      '“quoted”',
      '—',
      '…',
      'a\u00a0b',
      '😀',
      '👩‍👩‍👧',
      'x²',
      'ﬁne',
      'İstanbul',
      'Κύπρος',
      'Лукашенко',
      'e\u0301',
      'co\u00ADoperation',
      'ل\u0640ا',
      '北京的消息',
      'ราคาน้ำมัน',
      '𠮷野家',
      '\ud800',
      '\udc00x',
      'x\ud83d',
      '\ue000',
      '٣٤',
      ' ',
      ' ',
      ',',
      '.',
      '\n',
      '\t',
      "'",
      '-',
    ];
    const random = prng(7);
    for (let t = 0; t < 400; t++) {
      const text = Array.from(
        { length: 1 + Math.floor(random() * 12) },
        () => pieces[Math.floor(random() * pieces.length)],
      ).join(random() < 0.5 ? '' : ' ');
      expect(indexWords(text), JSON.stringify(text)).toEqual(byExpression(text));
      expect(indexedText(text), JSON.stringify(text)).toEqual(byWords(text));
    }
  });

  // What the triggers write (indexText, encodeWordMap) and what an import's parse worker writes (indexedText) must be the same rows.
  const byWords = (text: string) => {
    const words = indexWords(text);
    return { text: indexText(text), map: encodeWordMap(words) };
  };

  it('makes the index text and word map in one pass exactly as word by word, for long texts and gaps too', () => {
    const long = [
      // Gaps and words of 128 code points and more take two bytes or more in the map.
      `a${' '.repeat(200)}b ${'x'.repeat(20_000)} 𠮷${'.'.repeat(70_000)}c`,
      // More words than the map's first buffer holds bytes (it grows, and the next call starts afresh).
      Array.from({ length: 40_000 }, (_, i) => (i % 3 ? `Wörd${i}` : `w${i}`)).join(' — '),
      'Short, after a long one.',
      '',
    ];
    for (const text of long) expect(indexedText(text)).toEqual(byWords(text));
    expect(indexedText(long[1]!).map.length).toBeGreaterThan(1 << 16);
  });
});
