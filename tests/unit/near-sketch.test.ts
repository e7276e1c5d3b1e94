import { describe, expect, it } from 'vitest';
import {
  leastAgreeing,
  mayBeAlike,
  NEAR_DUPLICATE_THRESHOLD,
  shingleSimilarity,
  SKETCH_BINS,
  SKETCH_MISS,
  sketchOf,
} from '../../src/main/core/corpus/near-index.ts';

/** A small seeded generator (mulberry32), so that every run draws the same sets. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Two ascending sets of distinct word-sequence hashes, `shared` in both and `own` in each alone (Jaccard shared / (shared + 2 own)). */
function pair(next: () => number, shared: number, own: number): [Uint32Array, Uint32Array] {
  const seen = new Set<number>();
  const draw = (n: number) => {
    const out: number[] = [];
    while (out.length < n) {
      const h = Math.floor(next() * 4294967296) >>> 0;
      if (seen.has(h)) continue;
      seen.add(h);
      out.push(h);
    }
    return out;
  };
  const common = draw(shared);
  const set = (xs: number[]) => Uint32Array.from(xs).sort();
  return [set([...common, ...draw(own)]), set([...common, ...draw(own)])];
}

const sketch = (s: Uint32Array) => ({ shingles: s.length, sketch: sketchOf(s)! });

describe('near-duplicate sketches', () => {
  it('never sets aside a pair sharing half its word sequences, at any size, and sets aside most pairs sharing a fifth', () => {
    const next = random(19);
    let kept = 0;
    let pairs = 0;
    for (const size of [6, 20, 60, 200, 600, 2000]) {
      // Alike by exactly the threshold: shared / (shared + 2 own) = 0.5.
      for (let i = 0; i < 800; i++) {
        const [x, y] = pair(next, size, size / 2);
        expect(shingleSimilarity(x, y)).toBe(NEAR_DUPLICATE_THRESHOLD);
        expect(mayBeAlike(sketch(x), sketch(y), NEAR_DUPLICATE_THRESHOLD), `${size} shared`).toBe(true);
      }
      // Alike by a fifth (shared / (shared + 2 own) = 0.2), as most candidates of a news corpus are: the sketch
      // is too coarse to tell for small texts, and tells for large ones.
      for (let i = 0; i < 300; i++) {
        const [x, y] = pair(next, size, size * 2);
        if (size >= 200) {
          pairs++;
          if (mayBeAlike(sketch(x), sketch(y), NEAR_DUPLICATE_THRESHOLD)) kept++;
        }
      }
    }
    expect(kept / pairs).toBeLessThan(0.01);
  });

  it('keeps identical texts and sets aside one too small to share the threshold', () => {
    const [x] = pair(random(7), 300, 0);
    expect(mayBeAlike(sketch(x), sketch(x), 0.99)).toBe(true);
    expect(mayBeAlike(sketch(x), sketch(x.subarray(0, 149)), NEAR_DUPLICATE_THRESHOLD)).toBe(false);
    expect(mayBeAlike(sketch(x), sketch(x.subarray(0, 150)), NEAR_DUPLICATE_THRESHOLD)).toBe(true);
  });

  it('asks of n filled bins at least as many agreeing as a pair at the threshold falls short of once in a million', () => {
    const least = leastAgreeing(NEAR_DUPLICATE_THRESHOLD);
    expect(least).toHaveLength(SKETCH_BINS + 1);
    // Binomial(20, 1/2) is 0 with probability 2^-20 (under a millionth), at most 1 with 21 × 2^-20 (over it).
    expect(least[20]).toBe(1);
    // At 256 bins, half of them agreeing on average, the cut sits about 4.8 standard deviations (8) below.
    expect(least[256]).toBeGreaterThan(86);
    expect(least[256]).toBeLessThan(92);
    expect([...leastAgreeing(0)].every((k) => k === 0)).toBe(true);
  });

  it('gives, for every number of filled bins, the least agreeing count the binomial tail gives, at any threshold', () => {
    // The definition, each term's binomial coefficient worked out on its own.
    const logChoose = (n: number, k: number) => {
      let sum = 0;
      for (let i = 1; i <= k; i++) sum += Math.log(n - k + i) - Math.log(i);
      return sum;
    };
    const least = (n: number, p: number) => {
      let below = 0;
      for (let k = 0; k < n; k++) {
        below += Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log(1 - p));
        if (below > SKETCH_MISS) return k;
      }
      return n;
    };
    for (const p of [0.05, 0.3, NEAR_DUPLICATE_THRESHOLD, 0.8, 0.99]) {
      const table = leastAgreeing(p);
      for (let n = 1; n <= SKETCH_BINS; n++) expect(table[n], `${n} bins at ${p}`).toBe(least(n, p));
    }
    expect([...leastAgreeing(1)].slice(1).every((k, i) => k === i + 1)).toBe(true);
  });
});
