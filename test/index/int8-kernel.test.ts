import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Int8Kernel } from '../../src/index/int8-kernel.js';
import { QuantizedVectors } from '../../src/index/quantized.js';
import { assembleKernel, KERNEL_BINARY } from '../../scripts/build-kernel.js';

/** Deterministic pseudo-random normalised vectors. */
function vectors(n: number, dim: number, seed: number): Float32Array[] {
  let s = seed >>> 0;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5;
  return Array.from({ length: n }, () => {
    const v = Float32Array.from({ length: dim }, next);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

describe('int8 kernel', () => {
  it('is the committed binary of its source', async () => {
    expect(Buffer.from(await assembleKernel()).equals(readFileSync(KERNEL_BINARY))).toBe(true);
  });

  const dim = 64;
  const data = vectors(300, dim, 7);
  const store = QuantizedVectors.from(data, dim);
  const queries = vectors(5, dim, 99);

  it('scans a store: every score is the int8 dot product of the JS reference', () => {
    const scores = Float32Array.from(store.scan([queries[0]!]));
    for (let i = 0; i < store.count; i++) expect(scores[i]).toBeCloseTo(store.dot(queries[0]!, i), 4);
  });

  it('scans several queries in one pass, keeping each vector’s best score', () => {
    const scores = Float32Array.from(store.scan(queries));
    for (let i = 0; i < store.count; i++) {
      expect(scores[i]).toBeCloseTo(Math.max(...queries.map((q) => store.dot(q, i))), 4);
    }
  });

  it('scans more queries than one pass holds', () => {
    const many = vectors(40, dim, 3);
    const scores = Float32Array.from(store.scan(many));
    for (const i of [0, 17, 299]) expect(scores[i]).toBeCloseTo(Math.max(...many.map((q) => store.dot(q, i))), 4);
  });

  it('gathers the given slots in order, and refuses a slot outside the store', () => {
    const slots = [299, 0, 150, 150];
    const got = store.gather(queries[1]!, slots);
    expect([...got].map((x) => Math.round(x * 1e4))).toEqual(slots.map((i) => Math.round(store.dot(queries[1]!, i) * 1e4)));
    expect(() => store.gather(queries[1]!, [300])).toThrow(RangeError);
  });

  it('gathers more slots than one chunk holds', () => {
    const slots = Array.from({ length: 40_000 }, (_, k) => (k * 7) % store.count);
    const got = store.gather(queries[2]!, slots);
    expect(got[39_999]).toBeCloseTo(store.dot(queries[2]!, slots[39_999]!), 4);
    expect(got[12_345]).toBeCloseTo(store.dot(queries[2]!, slots[12_345]!), 4);
  });

  it('gathers the best over several queries: exactly the maximum of one gather per query, each vector read once', () => {
    const kernel = new Int8Kernel(dim, store.count);
    kernel.values.set(store.values);
    kernel.scales.set(store.scales);
    const many = vectors(20, dim, 5); // more than one pass of MAX_QUERIES
    const slotLists = [[299, 0, 150, 150, 7], Array.from({ length: 20_000 }, (_, k) => (k * 11) % store.count), []];
    for (const slots of slotLists) {
      for (const qs of [queries.slice(0, 1), queries, many]) {
        const expected = new Float32Array(slots.length).fill(-Infinity);
        for (const q of qs) kernel.gather(q, slots).forEach((x, k) => { if (x > expected[k]!) expected[k] = x; });
        expect([...kernel.gatherBest(qs, slots)], `${qs.length} queries, ${slots.length} slots`).toEqual([...expected]);
      }
    }
    expect(() => kernel.gatherBest(queries, [0, 300])).toThrow(RangeError);
    expect([...kernel.gatherBest([], [1, 2])]).toEqual([-Infinity, -Infinity]);
  });

  it('refuses a dimension the SIMD loop cannot step through', () => {
    expect(() => new Int8Kernel(20, 1)).toThrow(/multiple of 16/);
  });
});
