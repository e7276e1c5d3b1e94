// The reader's segmentation (components/blocks.ts): every character of every
// line is drawn under exactly the codings, hit and OCR doubt that cover it,
// checked against a character-by-character brute force on random codings; and
// a change redraws only the lines it touches (the others keep their blocks).
import { describe, expect, it } from 'vitest';
import type { Coding, Span } from '../../src/shared/api.ts';
import {
  blockAt,
  Blocks,
  codePointLength,
  lanesOf,
  linesOf,
  type Block,
} from '../../src/renderer/src/components/blocks.ts';
import { prng } from '../../fixtures/random.ts';

const WORDS = [
  'Minsk',
  'said',
  'the',
  'ministry',
  'Łukaszenka',
  'neutral',
  '🇧🇾',
  'e\u0301',
  '𝔘nion',
  'talks',
  '—',
  'ok',
];

/** A text of short paragraphs and empty lines, with astral characters (flags, maths letters) and combining marks, as articles have. */
function randomText(random: () => number, astral: boolean): string {
  const words = astral ? WORDS : WORDS.filter((w) => [...w].length === w.length);
  const lines = Array.from({ length: 3 + Math.floor(random() * 8) }, () =>
    Array.from({ length: Math.floor(random() * 9) }, () => words[Math.floor(random() * words.length)]).join(' '),
  );
  return lines.join(random() < 0.5 ? '\n' : '\n\n');
}

let nextId = 1;
function coding(start: number, end: number): Coding {
  const id = nextId++;
  return {
    id,
    guid: `g${id}`,
    documentId: 1,
    codeId: 1 + (id % 5),
    coder: 'ana',
    start,
    end,
    quote: '',
    createdAt: '',
    memo: null,
  };
}

/** Random codings in the engine's order (start, longest first, id), overlapping and nesting freely, some across lines. */
function randomCodings(random: () => number, length: number, count: number): Coding[] {
  return Array.from({ length: count }, () => {
    const start = Math.floor(random() * (length - 1));
    return coding(start, Math.min(length, start + 1 + Math.floor(random() * 40)));
  }).sort((a, b) => a.start - b.start || b.end - a.end || a.id - b.id);
}

/** Search hits never overlap: random disjoint spans in order. */
function randomHits(random: () => number, length: number): Span[] {
  const hits: Span[] = [];
  for (let at = Math.floor(random() * 10); at < length - 1; at += 5 + Math.floor(random() * 30)) {
    const end = Math.min(length, at + 1 + Math.floor(random() * 6));
    hits.push([at, end]);
    at = end;
  }
  return hits;
}

/** What covers each code point of the text, line breaks left out: the brute force, one character at a time. */
function expected(text: string, codings: readonly Coding[], hits: readonly Span[], doubtful: readonly Span[]) {
  return [...text].flatMap((ch, i) =>
    ch === '\n'
      ? []
      : [
          {
            ch,
            codings: codings
              .map((c, k) => ({ c, k }))
              .filter(({ c }) => c.start <= i && i < c.end)
              .sort((a, b) => a.c.start - b.c.start || a.k - b.k)
              .map(({ c }) => c.id),
            hit: hits.findIndex(([a, b]) => a <= i && i < b),
            doubtful: doubtful.some(([a, b]) => a <= i && i < b),
          },
        ],
  );
}

/** Every line of `blocks`, each cut as the reader cuts the lines it draws. */
const all = (blocks: Blocks): Block[] => Array.from({ length: blocks.length }, (_, i) => blocks.at(i));

/** What the blocks draw over each code point. */
function drawn(blocks: readonly Block[]) {
  return blocks.flatMap((b) =>
    b.pieces.flatMap((p) =>
      [...p.text].map((ch) => ({ ch, codings: p.codings.map((c) => c.id), hit: p.hit, doubtful: !!p.doubtful })),
    ),
  );
}

describe('the reader’s lines and pieces', () => {
  it('draws every character under exactly what covers it, on random codings, hits and doubtful words', () => {
    const random = prng(19);
    for (let round = 0; round < 300; round++) {
      const text = randomText(random, round % 2 === 0);
      const length = [...text].length;
      if (length < 2) continue;
      const codings = randomCodings(random, length, Math.floor(random() * 25));
      // Now and then a coding that spans from near the top to near the end, over every line between.
      if (round % 3 === 0) {
        const from = Math.floor(random() * 3);
        codings.push(coding(from, Math.max(from + 1, length - Math.floor(random() * 3))));
        codings.sort((a, b) => a.start - b.start || b.end - a.end || a.id - b.id);
      }
      const hits = randomHits(random, length);
      const doubtful = randomHits(random, length).filter(() => random() < 0.3);
      const lines = linesOf(text);
      const blocks = all(new Blocks(text, lines, codings, hits, doubtful, lanesOf(codings)));
      expect(drawn(blocks)).toEqual(expected(text, codings, hits, doubtful));
      // One block per line, each holding its line's text, starting where the line starts (UTF-16 and code points).
      const textLines = text.split('\n');
      expect(blocks.map((b) => b.pieces.map((p) => p.text).join(''))).toEqual(textLines);
      expect(blocks.map((b) => text.slice(b.start, b.end))).toEqual(textLines);
      expect(blocks.map((b) => [...text.slice(0, b.start)].length)).toEqual(blocks.map((b) => b.codePoint));
      expect(lines.simple).toBe(length === text.length);
      // The caret's bound, counted from the lines (the whole text is not scanned again), is the text's length in code points.
      expect(codePointLength(lines, text)).toBe(length);
      expect(codePointLength(linesOf(`${text}\n`), `${text}\n`)).toBe(length + 1);
      // No empty piece is drawn, and a line holding a position is the one blockAt finds.
      expect(blocks.every((b) => b.pieces.every((p) => p.text.length > 0))).toBe(true);
      for (const [k, b] of blocks.entries()) expect(blockAt(blocks, b.start)).toBe(k);
    }
  });

  it('gives each coding on a line the lane it has on every line, as the margin draws it', () => {
    const text = 'one two three\nfour five six\nseven';
    const [a, b, c] = [coding(0, 20), coding(4, 8), coding(10, 27)];
    const lanes = lanesOf([a!, b!, c!]);
    const blocks = all(new Blocks(text, linesOf(text), [a!, b!, c!], [], [], lanes));
    expect([...blocks[0]!.lanes]).toEqual([
      [a!.id, lanes.get(a!.id)],
      [b!.id, lanes.get(b!.id)],
      [c!.id, lanes.get(c!.id)],
    ]);
    expect([...blocks[1]!.lanes]).toEqual([
      [a!.id, lanes.get(a!.id)],
      [c!.id, lanes.get(c!.id)],
    ]);
    expect(blocks[2]!.lanes.size).toBe(0);
    // b is done before c starts: c takes b's lane, beside a's.
    expect(lanes.get(c!.id)).toBe(lanes.get(b!.id));
    expect(lanes.get(c!.id)).not.toBe(lanes.get(a!.id));
  });

  it('gives the same lanes to codings in any order, and sorts them only when they are not in order already', () => {
    const random = prng(11);
    // Each starting elsewhere: no two tie, so any order sorts to the same one.
    const ordered = randomCodings(random, 5000, 400).filter((c, i, all) => i === 0 || all[i - 1]!.start !== c.start);
    const codings = ordered;
    const shuffled = [...codings].sort(() => random() - 0.5);
    const sort = Array.prototype.sort;
    let sorts = 0;
    Array.prototype.sort = function <T>(this: T[], compare?: (a: T, b: T) => number): T[] {
      sorts++;
      return sort.call(this, compare) as T[];
    };
    try {
      const fromOrdered = lanesOf(ordered);
      // The reader's codings come in order (the store keeps them so): they are not sorted again.
      expect(sorts).toBe(0);
      expect(lanesOf(shuffled)).toEqual(fromOrdered);
      expect(sorts).toBe(1);
    } finally {
      Array.prototype.sort = sort;
    }
  });

  it('cuts only the lines asked for (the reader asks for those near the view), each as cutting every line would', () => {
    const random = prng(7);
    const text = Array.from({ length: 3000 }, (_, i) => `Line ${i}: the ministry said talks went on.`).join('\n');
    const codings = randomCodings(random, text.length, 2000);
    const lines = linesOf(text);
    const lanes = lanesOf(codings);
    const blocks = new Blocks(text, lines, codings, [], [], lanes);
    const near = [1500, 1501, 1502, 1520];
    const drawnNear = near.map((i) => blocks.at(i));
    expect(blocks.cut).toBe(near.length);
    expect(drawnNear).toEqual(near.map((i) => all(new Blocks(text, lines, codings, [], [], lanes))[i]));
    // Asked again, a line is not cut again.
    expect(blocks.at(1500)).toBe(drawnNear[0]);
    expect(blocks.cut).toBe(near.length);
  });

  it('finds a text’s lines once: the reader drawing it takes the lines found while its codings were on their way', () => {
    const text = Array.from({ length: 500 }, (_, i) => `Paragraph ${i}: 🇧🇾 the ministry said.`).join('\n\n');
    const found = linesOf(text);
    expect(found.simple).toBe(false);
    // The same text, even as a string of its own (a document read again), is not scanned again.
    expect(linesOf(text)).toBe(found);
    expect(linesOf(`${text} `.slice(0, -1))).toBe(found);
    // Only the few texts found last are kept: found again, the lines are the same, in a new list.
    for (let i = 0; i < 4; i++) linesOf(`Another text ${i}\nwith two lines`);
    const again = linesOf(text);
    expect(again).not.toBe(found);
    expect(again).toEqual(found);
  });

  it('keeps the block of every line a new coding does not touch, and draws the touched lines as a fresh split would', () => {
    const random = prng(4);
    const paragraphs = Array.from(
      { length: 200 },
      (_, i) => `Paragraph ${i} of the article, where the ministry said talks went on.`,
    );
    const text = paragraphs.join('\n\n');
    const length = text.length;
    const lines = linesOf(text);
    let codings = randomCodings(random, length, 400);
    let cut = new Blocks(text, lines, codings, [], [], lanesOf(codings));
    let blocks = all(cut);
    for (let round = 0; round < 20; round++) {
      const start = Math.floor(random() * (length - 200));
      const added = coding(start, start + 5 + Math.floor(random() * 150));
      codings = [...codings, added].sort((a, b) => a.start - b.start || b.end - a.end || a.id - b.id);
      const lanes = lanesOf(codings);
      const nextCut = new Blocks(text, lines, codings, [], [], lanes, cut);
      const next = all(nextCut);
      // The same drawing as without the previous blocks.
      expect(next).toEqual(all(new Blocks(text, lines, codings, [], [], lanes)));
      const touched = next.filter((b) => b.start < added.end && added.start <= b.end);
      expect(touched.length).toBeGreaterThan(0);
      for (const [k, b] of next.entries()) {
        const changed = b !== blocks[k];
        const holdsIt = b.pieces.some((p) => p.codings.includes(added));
        // A line the new coding covers is drawn again; one it does not is the same block unless a lane moved on it.
        if (holdsIt) expect(changed).toBe(true);
        else if (changed) expect([...b.lanes].some(([id, lane]) => blocks[k]!.lanes.get(id) !== lane)).toBe(true);
      }
      // Most lines stay as they were: the reader redraws a few, not the whole text.
      expect(next.filter((b, k) => b !== blocks[k]).length).toBeLessThan(next.length / 4);
      blocks = next;
      cut = nextCut;
    }
  });

  it('cuts again only the line a new coding or a new hit reaches into: every other line is the block drawn last, not cut', () => {
    const text = Array.from(
      { length: 100 },
      (_, i) => `Line ${i}: the ministry said on Tuesday that talks went on.`,
    ).join('\n');
    const lines = linesOf(text);
    // Three codings on each line, each inside its line: the lanes of one line's codings owe nothing to another's.
    const within = (line: number, from: number, to: number) =>
      coding(lines.lines[line]!.start + from, lines.lines[line]!.start + to);
    const codings = lines.lines.flatMap((_, i) => [within(i, 0, 12), within(i, 5, 20), within(i, 30, 40)]);
    const first = new Blocks(text, lines, codings, [], [], lanesOf(codings));
    const drawnFirst = all(first);
    expect(first.recut).toBe(100);

    const added = within(40, 14, 28);
    const more = [...codings, added].sort((a, b) => a.start - b.start || b.end - a.end || a.id - b.id);
    const second = new Blocks(text, lines, more, [], [], lanesOf(more), first);
    const drawnSecond = all(second);
    expect(second.recut).toBe(1);
    expect(drawnSecond.filter((b, i) => b !== drawnFirst[i]).map((b) => b.start)).toEqual([lines.lines[40]!.start]);
    expect(drawnSecond).toEqual(all(new Blocks(text, lines, more, [], [], lanesOf(more))));

    // A search hit on line 70: that line alone is cut again, the rest kept.
    const hits: Span[] = [[lines.lines[70]!.start + 8, lines.lines[70]!.start + 16]];
    const third = new Blocks(text, lines, more, hits, [], lanesOf(more), second);
    const drawnThird = all(third);
    expect(third.recut).toBe(1);
    expect(drawnThird[70]!.pieces.some((p) => p.hit === 0)).toBe(true);
    expect(drawnThird.filter((b, i) => b !== drawnSecond[i]).map((b) => b.start)).toEqual([lines.lines[70]!.start]);
    expect(drawnThird).toEqual(all(new Blocks(text, lines, more, hits, [], lanesOf(more))));
  });
});
