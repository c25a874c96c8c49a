import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QuantizedVectors } from '../../src/index/quantized.js';
import { dot } from '../../src/index/vectors.js';
import { fakeVector } from '../helpers/fake-embedder.js';

const texts = ['专精特新企业培育', '工业用地弹性出让', '首台(套)重大技术装备', '研发投入占比', '数字化转型'];

describe('QuantizedVectors', () => {
  const vectors = texts.map((t) => fakeVector(t));
  const q = QuantizedVectors.from(vectors, vectors[0]!.length);

  it('keeps every cosine within 0.005 of the float32 one', () => {
    for (const a of vectors) {
      for (let i = 0; i < vectors.length; i++) expect(Math.abs(q.dot(a, i) - dot(a, vectors[i]!))).toBeLessThan(0.005);
    }
  });

  it('writes and reads back the same values, and refuses a file of another shape', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pl-q8-'));
    const path = join(dir, 'v.q8');
    q.write(path);
    const back = QuantizedVectors.read(path, q.dim, q.count);
    expect([...back.values]).toEqual([...q.values]);
    expect([...back.scales]).toEqual([...q.scales]);
    expect(() => QuantizedVectors.read(path, q.dim, q.count + 1)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
    writeFileSync(join(dir, 'bad.q8'), 'not a store');
    expect(() => QuantizedVectors.read(join(dir, 'bad.q8'), q.dim, 0)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
  });

  it('gives the same values back when a dequantized vector is quantized again (incremental builds reuse them)', () => {
    const again = QuantizedVectors.from(Array.from({ length: q.count }, (_, i) => q.get(i)), q.dim);
    expect([...again.values]).toEqual([...q.values]);
  });
});
