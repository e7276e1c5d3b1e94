// The span helpers every analysis builds on: merging overlapping spans, the
// boundary walk over layers, and UTF-16 spans back to code points.
import { describe, expect, it } from 'vitest';
import { spansToCodePoints, spansToUtf16 } from '../../src/shared/codepoints.ts';
import { coveredLength, cutAround, mergeSpans, overlaps, sweepLayers } from '../../src/shared/spans.ts';

const span = (id: number, start: number, end: number, group = 0) => ({ id, start, end, group });

describe('merging spans', () => {
  it('merges spans that overlap, directly or through others, and keeps touching ones apart unless asked', () => {
    const spans = [span(1, 0, 10), span(2, 5, 20), span(3, 15, 30), span(4, 30, 40), span(5, 50, 60)];
    expect(mergeSpans(spans).map((s) => [s.start, s.end, s.members.map((m) => m.id)])).toEqual([
      [0, 30, [1, 2, 3]],
      [30, 40, [4]],
      [50, 60, [5]],
    ]);
    expect(mergeSpans(spans, { touching: true }).map((s) => [s.start, s.end, s.members.map((m) => m.id)])).toEqual([
      [0, 40, [1, 2, 3, 4]],
      [50, 60, [5]],
    ]);
  });

  it('merges each group on its own, in the order of each stretch’s first span', () => {
    const spans = [span(1, 0, 10, 7), span(2, 2, 4, 8), span(3, 5, 12, 7), span(4, 11, 13, 8)];
    expect(
      mergeSpans(spans, { groupOf: (s) => s.group }).map((s) => [s.start, s.end, s.members.map((m) => m.id)]),
    ).toEqual([
      [0, 12, [1, 3]],
      [2, 4, [2]],
      [11, 13, [4]],
    ]);
  });

  it('counts the text covered once where spans overlap', () => {
    expect(coveredLength([span(1, 0, 100), span(2, 50, 150), span(3, 400, 410)])).toBe(160);
    expect(coveredLength([])).toBe(0);
  });
});

describe('the boundary walk', () => {
  it('visits each covered stretch once with how many spans of each layer cover it', () => {
    const seen: [number, number[], number][] = [];
    const spans = [span(1, 0, 10, 0), span(2, 5, 15, 1), span(3, 5, 8, 1), span(4, 20, 25, 0)];
    sweepLayers(
      spans,
      2,
      (s) => s.group,
      (length, cover, covering) => seen.push([length, [...cover], covering]),
    );
    expect(seen).toEqual([
      [5, [1, 0], 1], // 0–5
      [3, [1, 2], 2], // 5–8
      [2, [1, 1], 2], // 8–10
      [5, [0, 1], 1], // 10–15
      [5, [1, 0], 1], // 20–25; 15–20 is covered by nobody
    ]);
  });
});

describe('cutting a span around another', () => {
  it('treats spans as overlapping only when they share a position (touching is not overlapping)', () => {
    expect(overlaps({ start: 0, end: 10 }, { start: 9, end: 20 })).toBe(true);
    expect(overlaps({ start: 0, end: 10 }, { start: 10, end: 20 })).toBe(false);
    expect(overlaps({ start: 5, end: 6 }, { start: 0, end: 10 })).toBe(true);
  });

  it('keeps the parts outside the hole: before it, after it, both (a split), or none when it covers the span', () => {
    const span = { start: 10, end: 30 };
    expect(cutAround(span, { start: 20, end: 40 })).toEqual([{ start: 10, end: 20 }]);
    expect(cutAround(span, { start: 0, end: 15 })).toEqual([{ start: 15, end: 30 }]);
    expect(cutAround(span, { start: 15, end: 20 })).toEqual([
      { start: 10, end: 15 },
      { start: 20, end: 30 },
    ]);
    expect(cutAround(span, { start: 10, end: 30 })).toEqual([]);
    expect(cutAround(span, { start: 30, end: 35 })).toEqual([{ start: 10, end: 30 }]);
  });
});

describe('UTF-16 spans to code points', () => {
  it('inverts spansToUtf16 and snaps an index inside a surrogate pair to the pair’s start', () => {
    const text = 'a😀b 👩‍👩‍👧 c𝒳d';
    const points: [number, number][] = [
      [0, 1],
      [1, 3],
      [4, 9],
      [0, [...text].length],
    ];
    expect(spansToCodePoints(text, spansToUtf16(text, points))).toEqual(points);
    expect(spansToCodePoints(text, [[2, 4]])).toEqual([[1, 3]]);
    expect(spansToCodePoints(text, [[99, -5]])).toEqual([[[...text].length, 0]]);
  });
});
