import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HalfVectors, halfToFloat, roundToHalf, toHalfBits } from '../../src/index/half.js';

describe('binary16 conversion', () => {
  it('encodes known values bit for bit', () => {
    // Reference bit patterns of IEEE 754 binary16.
    const cases: [number, number][] = [
      [0, 0x0000], [-0, 0x8000], [1, 0x3c00], [-2, 0xc000], [0.5, 0x3800], [65504, 0x7bff], [65520, 0x7c00],
      [Infinity, 0x7c00], [-Infinity, 0xfc00], [2 ** -24, 0x0001], [2 ** -14, 0x0400], [0.1, 0x2e66], [1 / 3, 0x3555],
      [2 ** -26, 0x0000], [1e-9, 0x0000],
    ];
    for (const [x, bits] of cases) expect(toHalfBits(x), String(x)).toBe(bits);
    expect(toHalfBits(NaN) & 0x7c00).toBe(0x7c00);
    expect(toHalfBits(NaN) & 0x3ff).not.toBe(0);
  });

  it('rounds to nearest, ties to even', () => {
    // 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: ties go to the even mantissa (1).
    expect(toHalfBits(1 + 2 ** -11)).toBe(0x3c00);
    // 1 + 3·2^-11 lies halfway between 1 + 2^-10 (odd) and 1 + 2^-9 (even).
    expect(toHalfBits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(toHalfBits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01);
    // Halfway between the two smallest subnormals rounds to the even one.
    expect(toHalfBits(1.5 * 2 ** -24)).toBe(0x0002);
    expect(toHalfBits(0.5 * 2 ** -24)).toBe(0x0000);
  });

  it('decodes every finite pattern back to a value that encodes to it', () => {
    const t = halfToFloat();
    for (let h = 0; h < 65536; h++) {
      if ((h & 0x7c00) === 0x7c00) continue;
      const back = toHalfBits(t[h]!);
      // -0 and 0 both decode to a zero; the sign survives.
      expect(back).toBe(h);
    }
  });

  it('rounds a vector once: rounding again changes nothing', () => {
    const v = Float32Array.from({ length: 512 }, (_, i) => Math.sin(i * 12.9898) * 0.08);
    const r = roundToHalf(v);
    expect(roundToHalf(r)).toEqual(r);
    for (let i = 0; i < v.length; i++) expect(Math.abs(r[i]! - v[i]!)).toBeLessThanOrEqual(Math.abs(v[i]!) * 2 ** -11 + 2 ** -25);
  });
});

describe('binary16 vector store', () => {
  const dim = 8;
  const vectors = Array.from({ length: 5 }, (_, i) => roundToHalf(Float32Array.from({ length: dim }, (_, j) => Math.cos(i * 7 + j) / 3)));

  it('gives back what it was given, and dot products of it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pl-half-'));
    HalfVectors.write(join(dir, 'a.f16'), vectors, dim);
    const store = HalfVectors.open(join(dir, 'a.f16'), dim, vectors.length);
    vectors.forEach((v, i) => expect(store.get(i)).toEqual(v));
    const q = vectors[2]!;
    const expected = vectors[4]!.reduce((s, x, j) => s + x * q[j]!, 0);
    expect(store.dot(q, 4)).toBeCloseTo(expected, 6);
    expect(() => store.get(5)).toThrow(RangeError);
    store.close();
    expect(() => store.get(0)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
  });

  it('appends to a copy, leaving the original as it was', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pl-half-'));
    HalfVectors.write(join(dir, 'a.f16'), vectors.slice(0, 3), dim);
    HalfVectors.appendFile(join(dir, 'a.f16'), join(dir, 'b.f16'), dim, 3, vectors.slice(3));
    const before = HalfVectors.open(join(dir, 'a.f16'), dim, 3);
    const after = HalfVectors.open(join(dir, 'b.f16'), dim, 5);
    vectors.forEach((v, i) => expect(after.get(i)).toEqual(v));
    expect(before.get(2)).toEqual(vectors[2]);
    before.close();
    after.close();
  });

  it('refuses a file of another count, dimension or kind as INDEX_CORRUPT', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pl-half-'));
    HalfVectors.write(join(dir, 'a.f16'), vectors, dim);
    const corrupt = expect.objectContaining({ code: 'INDEX_CORRUPT' });
    expect(() => HalfVectors.open(join(dir, 'a.f16'), dim, 4)).toThrow(corrupt);
    expect(() => HalfVectors.open(join(dir, 'a.f16'), 16, 5)).toThrow(corrupt);
    writeFileSync(join(dir, 'junk.f16'), 'not a store at all');
    expect(() => HalfVectors.open(join(dir, 'junk.f16'), dim, 5)).toThrow(corrupt);
    expect(() => HalfVectors.open(join(dir, 'missing.f16'), dim, 5)).toThrow(corrupt);
  });
});
