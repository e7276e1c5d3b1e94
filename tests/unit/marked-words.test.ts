// The concordance places FTS5's marks by jumping from mark to mark; search's placeMarks cuts the whole index
// text into words. Both must give the same hits, and refuse the same mismatched texts.
import { describe, expect, it } from 'vitest';
import { prng } from '../../fixtures/random.ts';
import { placeMarkedWords } from '../../src/main/core/search/marked-words.ts';
import { placeMarks } from '../../src/main/core/search/search.ts';
import { encodeWordMap, indexWords } from '../../src/main/core/search/words.ts';

const [OPEN, CLOSE] = ['\u0002', '\u0003'];

/** A stored text as importers leave them: Cyrillic, emoji (two UTF-16 units), Windows line ends, a long number. */
const STORED =
  'Минск, 3 марта 😀 — Лукашенко заявил:\r\n«Беларусь не воюет». Sanctions 𝔘𝔫𝔦 were extended, 1234567890123 troops near Brest; l’armée';

/** The index text with the chosen words marked as FTS5's highlight() marks them: a phrase's words inside one mark. */
function highlighted(tokens: string[], marks: [number, number][]): string {
  const out = [...tokens];
  for (const [a, b] of marks) {
    out[a] = OPEN + out[a]!;
    out[b] = out[b]! + CLOSE;
  }
  return out.join(' ');
}

describe('placing a highlight on the stored text', () => {
  const words = indexWords(STORED);
  const tokens = words.map((w) => w.token);
  const map = encodeWordMap(words);

  it('gives search’s very hits for random marks, phrases and runs of adjacent marks', () => {
    const random = prng(42);
    for (let i = 0; i < 400; i++) {
      const marks: [number, number][] = [];
      for (let k = 0; k < tokens.length; k++) {
        if (random() < 0.3) {
          const end = Math.min(tokens.length - 1, k + Math.floor(random() * 3));
          marks.push([k, end]);
          k = end;
        }
      }
      const marked = highlighted(tokens, marks);
      const ours = placeMarkedWords(marked, map, STORED);
      expect(ours).toEqual(placeMarks(marked, map, STORED));
      expect(ours!.marks).toHaveLength(marks.length);
    }
  });

  it('reads odd marks as search does: inside a word, left open, closed twice, or without an opening', () => {
    const cases = [
      tokens.map((t, k) => (k === 2 ? `x${OPEN}${t}${CLOSE}` : t)).join(' '),
      tokens.map((t, k) => (k === 2 ? `${OPEN}${t}` : t)).join(' '),
      tokens.map((t, k) => (k === 2 ? `${t}${CLOSE}` : k === 4 ? `${OPEN}${t}${CLOSE}${CLOSE}` : t)).join(' '),
      tokens.map((t, k) => (k === 1 ? `${OPEN}${t}${CLOSE}x` : k === 3 ? `${OPEN}${OPEN}${t}${CLOSE}` : t)).join(' '),
      highlighted(tokens, [
        [0, 0],
        [tokens.length - 1, tokens.length - 1],
      ]),
      OPEN + CLOSE,
      '',
    ];
    for (const marked of cases) expect(placeMarkedWords(marked, map, STORED)).toEqual(placeMarks(marked, map, STORED));
  });

  it('refuses, as search does, an index text whose words the map does not have', () => {
    const marked = highlighted(tokens, [[1, 1]]);
    const refused = [
      [`${marked} extra`, map],
      [tokens.slice(1).join(' '), map],
      [marked, map.slice(0, -1)],
      [marked, encodeWordMap(words.slice(0, -1))],
      [highlighted(tokens, [[tokens.length - 1, tokens.length - 1]]), encodeWordMap(words.slice(0, -2))],
    ] as const;
    for (const [text, m] of refused) {
      expect(placeMarks(text, m, STORED)).toBeNull();
      expect(placeMarkedWords(text, m, STORED)).toBeNull();
    }
    expect(placeMarkedWords('', new Uint8Array(), '')).toEqual(placeMarks('', new Uint8Array(), ''));
  });
});
