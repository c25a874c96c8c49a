import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildVectorIndex, exactSearch, VectorIndex, writeVectorIndex, DEFAULT_HNSW } from '../../src/index/vectors.js';

/** Clustered unit vectors (like sentence embeddings); uniformly random 512-d vectors are not realistic. */
function clustered(n: number, dim: number, clusters: number, seed = 1): Float32Array[] {
  let s = seed;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  const centres = Array.from({ length: clusters }, () => Float32Array.from({ length: dim }, rand));
  return Array.from({ length: n }, (_, i) => {
    const c = centres[i % clusters]!;
    const v = Float32Array.from(c, (x) => x + 0.6 * rand());
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

describe('vector index', () => {
  const dim = 64;
  const vectors = clustered(2000, dim, 40);
  const items = vectors.map((vector, i) => ({ label: i + 1, vector }));
  const dir = mkdtempSync(join(tmpdir(), 'pl-vec-'));
  const path = join(dir, 'v.hnsw');
  writeVectorIndex(buildVectorIndex(items, dim, DEFAULT_HNSW), path);
  const index = new VectorIndex(path, dim, DEFAULT_HNSW.efSearch, items.length);

  it('returns each vector as its own nearest neighbour, with cosine ≈ 1', () => {
    for (const it of items.slice(0, 200)) {
      const [top] = index.search(it.vector, 1);
      expect(top!.label).toBe(it.label);
      expect(top!.score).toBeCloseTo(1, 4);
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

  it('applies a label filter', () => {
    const even = index.search(vectors[0]!, 5, (l) => l % 2 === 0);
    expect(even).toHaveLength(5);
    for (const h of even) expect(h.label % 2).toBe(0);
  });

  it('refuses a file whose count disagrees with the manifest', () => {
    expect(() => new VectorIndex(path, dim, 64, items.length + 1)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
  });
});
