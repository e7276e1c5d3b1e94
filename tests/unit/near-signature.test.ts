// The near-duplicate signature worked out in WebAssembly (near-signature.wat) must be the one worked out in
// JavaScript, value for value: the buckets projects hold are made from it. And the module the engine loads must be
// what the source compiles to.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  loadVectorSignature,
  shingleHashes,
  signatureInJs,
  WASM_SHINGLES_AT_ONCE,
} from '../../src/main/core/corpus/near-index.ts';
import { NEAR_SIGNATURE_WASM } from '../../src/main/core/corpus/near-signature-wasm.ts';
import { compileWat } from '../../scripts/wat.ts';
import { seedPath } from '../helpers/project.ts';

/** A fixed sequence of 32-bit values (xorshift), so a failure is the same on every run. */
function randomHashes(n: number, seed: number): Uint32Array {
  const out = new Uint32Array(n);
  let x = seed | 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x >>> 0;
  }
  return out;
}

describe('the near-duplicate signature in WebAssembly', () => {
  const vector = loadVectorSignature();

  it('runs here (Node and Electron both have the vector instructions)', () => {
    expect(vector).not.toBeNull();
  });

  it('gives exactly the signature worked out in JavaScript', () => {
    const inputs = [
      ...['000', '001', '002', '003', '004'].map((n) => shingleHashes(readFileSync(seedPath(n), 'utf8'))),
      Uint32Array.of(0),
      Uint32Array.of(0xffffffff),
      Uint32Array.of(1, 2, 3),
      randomHashes(1000, 7),
      // Given in parts: more than its memory holds at once, and exactly that much.
      randomHashes(WASM_SHINGLES_AT_ONCE, 11),
      randomHashes(2 * WASM_SHINGLES_AT_ONCE + 5, 13),
    ];
    for (const shingles of inputs) {
      expect(shingles.length).toBeGreaterThan(0);
      expect(vector!(shingles)).toEqual(signatureInJs(shingles));
    }
    // Nothing of one text is left for the next.
    expect(vector!(Uint32Array.of(5))).toEqual(signatureInJs(Uint32Array.of(5)));
  });

  it('is the module its source compiles to', async () => {
    const source = readFileSync(new URL('../../src/main/core/corpus/near-signature.wat', import.meta.url), 'utf8');
    expect(Buffer.from(await compileWat(source)).toString('base64')).toBe(NEAR_SIGNATURE_WASM);
  });
});
