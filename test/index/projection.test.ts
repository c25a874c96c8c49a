import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Projection } from '../../src/index/projection.js';

/** Unit vectors whose variance lies mostly along a few fixed (non-axis) directions. */
function anisotropic(n: number, dim: number, seed = 3): { vectors: Float32Array[]; directions: Float32Array[] } {
  let s = seed;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  const unit = (v: Float32Array) => v.map((x) => x / Math.hypot(...v));
  const directions = [0, 1, 2].map(() => unit(Float32Array.from({ length: dim }, rand)));
  const vectors = Array.from({ length: n }, () => {
    const v = Float32Array.from({ length: dim }, () => 0.05 * rand());
    directions.forEach((d, k) => {
      const a = (3 - k) * rand();
      for (let j = 0; j < dim; j++) v[j]! += a * d[j]!;
    });
    return unit(v);
  });
  return { vectors, directions };
}

function dotp(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

describe('PCA projection', () => {
  const dim = 24;
  const { vectors, directions } = anisotropic(600, dim);
  const p = Projection.fit(vectors, dim, 6);

  it('has orthonormal rows', () => {
    for (let a = 0; a < 6; a++) {
      for (let b = 0; b < 6; b++) {
        const d = dotp(p.matrix.subarray(a * dim, (a + 1) * dim), p.matrix.subarray(b * dim, (b + 1) * dim));
        expect(d).toBeCloseTo(a === b ? 1 : 0, 5);
      }
    }
  });

  it('puts the dominant directions first', () => {
    // The first three rows span the three planted directions: each direction keeps nearly all its length.
    for (const d of directions) {
      const kept = [0, 1, 2].reduce((s, r) => s + dotp(p.matrix.subarray(r * dim, (r + 1) * dim), d) ** 2, 0);
      expect(kept).toBeGreaterThan(0.99);
    }
  });

  it('keeps inner products of vectors in the dominant subspace', () => {
    for (let i = 0; i < 50; i++) {
      const a = vectors[i]!;
      const b = vectors[i + 50]!;
      expect(dotp(p.apply(a), p.apply(b))).toBeCloseTo(dotp(a, b), 1);
    }
  });

  it('is deterministic, and survives a write and a read', () => {
    expect(Projection.fit(vectors, dim, 6).matrix).toEqual(p.matrix);
    const dir = mkdtempSync(join(tmpdir(), 'pl-proj-'));
    p.write(join(dir, 'g.projection'));
    expect(Projection.read(join(dir, 'g.projection'), dim, 6).matrix).toEqual(p.matrix);
    const corrupt = expect.objectContaining({ code: 'INDEX_CORRUPT' });
    expect(() => Projection.read(join(dir, 'g.projection'), dim, 8)).toThrow(corrupt);
    writeFileSync(join(dir, 'junk'), 'PLPJ but nothing else');
    expect(() => Projection.read(join(dir, 'junk'), dim, 6)).toThrow(corrupt);
  });

  it('projects to the same bits as one row at a time, whatever the number of rows (four per pass, then the rest)', () => {
    const rowByRow = (q: Projection, v: Float32Array) =>
      Float32Array.from({ length: q.dims }, (_, r) => {
        let s = 0;
        for (let c = 0; c < q.dim; c++) s += q.matrix[r * q.dim + c]! * v[c]!;
        return s;
      });
    for (const dims of [6, 7, 5, 1]) {
      const q = Projection.fit(vectors, dim, dims);
      for (const v of vectors.slice(0, 50)) expect([...q.project(v)]).toEqual([...rowByRow(q, v)]);
    }
  });

  it('fits fewer vectors than dimensions', () => {
    const few = Projection.fit(vectors.slice(0, 3), dim, 6);
    expect(few.apply(vectors[0]!)).toHaveLength(6);
    expect(few.apply(vectors[0]!).every(Number.isFinite)).toBe(true);
  });
});
