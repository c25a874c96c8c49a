import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraphFile, buildVectorIndex, exactSearch, searchEf, VectorIndex, writeVectorIndex, DEFAULT_HNSW } from '../../src/index/vectors.js';
import { HalfVectors, roundToHalf } from '../../src/index/half.js';
import { Projection } from '../../src/index/projection.js';

/**
 * Clustered unit vectors (like sentence embeddings); uniformly random 512-d vectors are not realistic. Like real
 * embeddings their variance decays across directions (weight (j+1)^-0.75 on dimension j): a quarter of the
 * dimensions hold about 90% of it, as 128 of bge-small's 512 hold 93% on real clauses (src/index/projection.ts).
 */
function clustered(n: number, dim: number, clusters: number, seed = 1): Float32Array[] {
  let s = seed;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  const weight = Float32Array.from({ length: dim }, (_, j) => (j + 1) ** -0.75);
  const centres = Array.from({ length: clusters }, () => Float32Array.from({ length: dim }, rand));
  return Array.from({ length: n }, (_, i) => {
    const c = centres[i % clusters]!;
    const v = Float32Array.from(c, (x, j) => (x + 0.6 * rand()) * weight[j]!);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

describe('vector index', () => {
  const dim = 64;
  // As a build stores them: at binary16 precision; the graph navigates on a 16-d projection of them (a quarter).
  const vectors = clustered(2000, dim, 40).map(roundToHalf);
  const items = vectors.map((vector, i) => ({ label: i + 1, vector }));
  const dir = mkdtempSync(join(tmpdir(), 'pl-vec-'));
  const path = join(dir, 'v.hnsw');
  const projection = Projection.fit(vectors, dim, 16);
  writeVectorIndex(buildVectorIndex(items.map(({ label, vector }) => ({ label, point: projection.project(vector) })), projection.dims, DEFAULT_HNSW), path);
  HalfVectors.write(join(dir, 'v.f16'), vectors, dim);
  const full = HalfVectors.open(join(dir, 'v.f16'), dim, vectors.length);
  const index = new VectorIndex(path, projection, full, DEFAULT_HNSW.efSearch, items.length);

  it('returns each vector as its own nearest neighbour, with cosine ≈ 1', () => {
    for (const it of items.slice(0, 200)) {
      const [top] = index.search(it.vector, 1);
      expect(top!.label).toBe(it.label);
      expect(top!.score).toBeCloseTo(1, 2); // binary16 keeps 11 significant bits: the norm moves by up to ~1e-3
    }
  });

  it('has recall@10 ≥ 0.98 against exact search at the default ef', () => {
    let found = 0;
    const queries = clustered(100, dim, 40, 7);
    for (const q of queries) {
      const truth = new Set(exactSearch(q, items, 10).map((h) => h.label));
      for (const h of index.search(q, 10)) if (truth.has(h.label)) found++;
    }
    expect(found / 1000).toBeGreaterThanOrEqual(0.98);
  });

  it('scores with the full vectors, not the projected ones', () => {
    const q = clustered(1, dim, 40, 9)[0]!;
    for (const h of index.search(q, 10)) {
      let s = 0;
      for (let i = 0; i < dim; i++) s += q[i]! * vectors[h.label - 1]![i]!;
      expect(h.score).toBeCloseTo(s, 5);
    }
  });

  it('gives back a stored vector exactly', () => {
    expect(index.vector(17)).toEqual(vectors[16]);
  });

  it('applies a label filter', () => {
    const even = index.search(vectors[0]!, 5, (l) => l % 2 === 0);
    expect(even).toHaveLength(5);
    for (const h of even) expect(h.label % 2).toBe(0);
  });

  it('refuses a file whose count disagrees with the manifest', () => {
    expect(() => new VectorIndex(path, projection, full, 64, items.length + 1)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
  });
});

describe('search-time ef', () => {
  it('is the index\'s own or the default, whichever is higher, doubled from 500,000 points', () => {
    expect(searchEf(64, 100_000)).toBe(DEFAULT_HNSW.efSearch);
    expect(searchEf(400, 100_000)).toBe(400);
    expect(searchEf(DEFAULT_HNSW.efSearch, 499_999)).toBe(DEFAULT_HNSW.efSearch);
    expect(searchEf(DEFAULT_HNSW.efSearch, 1_000_000)).toBe(2 * DEFAULT_HNSW.efSearch);
    expect(searchEf(1024, 1_000_000)).toBe(1024);
  });
});

describe('buildGraphFile (the graph built in a worker while the store is written)', () => {
  const dim = 32;
  const vectors = clustered(600, dim, 12, 5).map(roundToHalf);
  const projection = Projection.fit(vectors, dim, 16);
  const labels = Int32Array.from(vectors, (_, i) => 3 * i + 1);
  const flat = new Float32Array(new SharedArrayBuffer(vectors.length * 16 * 4));
  vectors.forEach((v, i) => flat.set(projection.project(v), i * 16));

  it('writes the same file, byte for byte, as building in process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pl-graph-'));
    const params = { ...DEFAULT_HNSW, dims: 16 };
    await buildGraphFile(labels, flat, 16, params, join(dir, 'worker.hnsw')).done;
    writeVectorIndex(buildVectorIndex(Array.from(labels, (label, i) => ({ label, point: flat.subarray(i * 16, (i + 1) * 16) })), 16, params), join(dir, 'here.hnsw'));
    expect(readFileSync(join(dir, 'worker.hnsw')).equals(readFileSync(join(dir, 'here.hnsw')))).toBe(true);
  });

  it('rejects with the reason when the graph cannot be written, and refuses points it would have to copy', async () => {
    await expect(buildGraphFile(labels, flat, 16, DEFAULT_HNSW, join(tmpdir(), 'no-such-folder-pl', 'g.hnsw')).done).rejects.toThrow(/building the vector graph failed/);
    expect(() => buildGraphFile(labels, new Float32Array(flat), 16, DEFAULT_HNSW, join(tmpdir(), 'x.hnsw'))).toThrow(/SharedArrayBuffer/);
    expect(() => buildGraphFile(labels.subarray(1), flat, 16, DEFAULT_HNSW, join(tmpdir(), 'x.hnsw'))).toThrow(/labels need/);
  });
});
