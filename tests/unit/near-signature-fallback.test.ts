// Where WebAssembly cannot run the signature, JavaScript works it out: the same buckets, and the module is tried
// once, not again for every text (its own file, so the signature is loaded afresh here).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nearBuckets } from '../../src/main/core/corpus/near-index.ts';

const ENGLISH =
  'The Belarusian president met Russian officials in Minsk on Tuesday to discuss the joint military exercises near the Ukrainian border.';

describe('the near-duplicate signature without WebAssembly', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('gives the buckets projects hold, and tries the module once', () => {
    let tried = 0;
    vi.stubGlobal('WebAssembly', {
      Module: class {
        constructor() {
          tried++;
          throw new Error('no vector instructions here');
        }
      },
      Instance: class {},
    });
    const first = nearBuckets(ENGLISH);
    expect(nearBuckets(ENGLISH)).toEqual(first);
    expect(nearBuckets(`${ENGLISH} And again.`)).toHaveLength(24);
    expect(tried).toBe(1);
    // The buckets of tests/unit/near-buckets.test.ts, pinned there.
    expect(first.slice(0, 3)).toEqual([4065153870042398, 2093192713996902, 6724477517842320]);
  });
});
