import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { QuantizedFile, QuantizedVectors } from '../../src/index/quantized.js';
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

describe('QuantizedFile (the store read from its file per slot)', () => {
  // 40 vectors, so that slot lists hold runs of consecutive slots (one read each), single slots and repeats.
  const vectors = Array.from({ length: 40 }, (_, i) => fakeVector(`${texts[i % texts.length]} 第${i}条`));
  const memory = QuantizedVectors.from(vectors, vectors[0]!.length);
  const dir = mkdtempSync(join(tmpdir(), 'pl-q8f-'));
  const path = join(dir, 'v.q8');
  memory.write(path);

  it('scores every slot list as the in-memory store does, over one query or several', () => {
    const file = QuantizedFile.open(path, memory.dim, memory.count);
    try {
      const lists = [[0, 1, 2, 3], [39], [5, 6, 7, 20, 21, 3, 4, 4, 38, 39], [], Array.from({ length: 40 }, (_, i) => 39 - i)];
      for (const slots of lists) {
        for (const queries of [[vectors[3]!], [vectors[3]!, vectors[17]!, vectors[30]!], []]) {
          expect([...file.best(queries, slots)], `${slots.join(',')} × ${queries.length}`).toEqual([...memory.best(queries, slots)]);
        }
      }
      // More slots than the first scratch kernel holds, all in one run and then scattered.
      const many = Array.from({ length: 3000 }, (_, i) => (i * 7) % 40);
      expect([...file.best([vectors[9]!], many)]).toEqual([...memory.best([vectors[9]!], many)]);
      // dots: dot's values bit for bit, in memory and from the file, for lists of every length mod 4.
      for (const slots of [[], [7], [1, 2, 3], [0, 5, 9, 39, 12], Array.from({ length: 40 }, (_, i) => (i * 13) % 40)]) {
        const one = slots.map((i) => memory.dot(vectors[4]!, i));
        expect([...memory.dots(vectors[4]!, slots)], slots.join(',')).toEqual(one);
        expect([...file.dots(vectors[4]!, slots)], slots.join(',')).toEqual(slots.map((i) => file.dot(vectors[4]!, i)));
      }
      expect(() => memory.dots(vectors[0]!, [40])).toThrow(RangeError);
      expect(() => file.dots(vectors[0]!, [-1])).toThrow(RangeError);
      for (const i of [0, 13, 39]) {
        expect(file.dot(vectors[1]!, i)).toBeCloseTo(memory.dot(vectors[1]!, i), 6);
        expect([...file.get(i)]).toEqual([...memory.get(i)]);
      }
    } finally {
      file.close();
    }
  });

  it('refuses slots outside the store, a file of another shape, and reads after closing', () => {
    const file = QuantizedFile.open(path, memory.dim, memory.count);
    expect(() => file.best([vectors[0]!], [38, 39, 40])).toThrow(RangeError);
    expect(() => file.best([vectors[0]!], [-1])).toThrow(RangeError);
    expect(() => file.get(40)).toThrow(RangeError);
    file.close();
    expect(() => file.get(0)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
    expect(() => QuantizedFile.open(path, memory.dim, memory.count + 1)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
    writeFileSync(join(dir, 'bad.q8'), 'not a store');
    expect(() => QuantizedFile.open(join(dir, 'bad.q8'), memory.dim, 0)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
  });
});
