/**
 * The vector index: an hnswlib (HNSW) graph in inner-product space over the paragraph vectors projected onto their
 * top principal directions (src/index/projection.ts), which only navigates; the candidates it finds are ranked
 * again on the full vectors (binary16, on disk: src/index/half.ts), so a score is the cosine of the full vectors.
 * Labels are paragraph rowids; full-store slots are rowid − 1. hnswlib-node takes plain arrays, not Float32Array.
 */
import hnswlib from 'hnswlib-node';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { createError } from '../errors.js';
import type { HalfVectors } from './half.js';
import type { Projection } from './projection.js';

const { HierarchicalNSW } = hnswlib;

export interface HnswParams {
  /** Graph degree. 16 is hnswlib's usual default. */
  m: number;
  efConstruction: number;
  /** Search-time beam width; results are checked against exact search in tests and the bench. */
  efSearch: number;
  /**
   * Dimensions of the graph's coordinates (the PCA projection). Absent in builds before schema 5, whose graphs held
   * the full 512-d vectors.
   */
  dims?: number;
}

// efSearch 256: recall@10 against exact search measured 0.962 at ef 128 and 0.986 at ef 256 on 100k paragraphs
// (npm run bench -- --parts scale), for about 1 ms more per query. dims 128: see src/index/projection.ts.
export const DEFAULT_HNSW: Required<HnswParams> = { m: 16, efConstruction: 200, efSearch: 256, dims: 128 };

/**
 * The search-time ef for a graph of `points`: the index's own (at least the default), doubled from 500,000 points.
 * At 1M synthetic paragraphs recall@10 was 0.965 at ef 256 and 0.980 at ef 512 (20 real queries; p50 0.99 → 1.35 ms
 * per walk); at 100k ef 256 gives 0.991.
 */
export function searchEf(efSearch: number, points: number): number {
  const ef = Math.max(efSearch, DEFAULT_HNSW.efSearch);
  return points >= 500_000 ? Math.max(ef, 2 * DEFAULT_HNSW.efSearch) : ef;
}

/**
 * Candidates taken from the graph for every search, whatever its k, and ranked again on the full vectors: the
 * reduced coordinates order the candidates only roughly (recall@10 0.993 from 50, 0.996 from 100 at 100k).
 */
export const RESCORE_POOL = 100;

export interface VectorHit {
  label: number;
  /** Cosine similarity (inner product of normalised vectors). */
  score: number;
}

/** A graph over `items`' points: their vectors in the graph's coordinates (`Projection.apply`), `dims` long. */
export function buildVectorIndex(items: { label: number; point: Float32Array }[], dims: number, params: HnswParams = DEFAULT_HNSW): InstanceType<typeof HierarchicalNSW> {
  const index = new HierarchicalNSW('ip', dims);
  index.initIndex({ maxElements: Math.max(1, items.length), m: params.m, efConstruction: params.efConstruction, randomSeed: 42 });
  for (const { label, point } of items) index.addPoint(Array.from(point), label);
  index.setEf(params.efSearch);
  return index;
}

export function writeVectorIndex(index: InstanceType<typeof HierarchicalNSW>, path: string): void {
  index.writeIndexSync(path);
  // hnswlib reports no error when it cannot open the file (a missing folder): it just writes nothing.
  if (!existsSync(path)) throw new Error(`hnswlib could not write ${path}`);
}

/**
 * Builds the graph over `points` (labels[i]'s point at i × dims, in memory shared with the worker: no copy) and
 * writes it to `path`, in a worker thread (graph-worker.mjs), so that the caller can write the store meanwhile.
 * The same graph, byte for byte, as `writeVectorIndex(buildVectorIndex(…))` in process.
 */
export function buildGraphFile(labels: Int32Array, points: Float32Array, dims: number, params: HnswParams, path: string): { done: Promise<void>; cancel(): Promise<void> } {
  if (!(points.buffer instanceof SharedArrayBuffer)) throw new Error('buildGraphFile needs the points in a SharedArrayBuffer');
  if (points.length !== labels.length * dims) throw new Error(`${labels.length} labels need ${labels.length * dims} point values, not ${points.length}`);
  const worker = new Worker(new URL('./graph-worker.mjs', import.meta.url), {
    execArgv: [],
    workerData: { module: new URL('./vectors.ts', import.meta.url).href, dims, params, labels, points, path },
  });
  const done = new Promise<void>((resolve, reject) => {
    let settled = false;
    worker.once('message', (m: { ok: boolean; message?: string }) => {
      settled = true;
      if (m.ok) resolve();
      else reject(new Error(`building the vector graph failed: ${m.message}`));
    });
    worker.once('error', (e) => {
      settled = true;
      reject(new Error(`building the vector graph failed: ${e.message}`));
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the vector-graph worker stopped (exit code ${code}) before writing the graph`));
    });
  });
  done.catch(() => undefined);
  return {
    done: done.finally(() => worker.terminate()).then(() => undefined),
    cancel: async () => {
      await worker.terminate();
    },
  };
}

/**
 * Patches a graph file in place for an incremental build: `remove` labels are marked deleted (never returned by a
 * search again, their slots kept), `add` items are inserted, the capacity grown to `maxElements`. No rebuild: at
 * 100k paragraphs a rebuild takes a minute, this takes well under a second for one document.
 */
export function patchVectorIndex(path: string, dims: number, maxElements: number, remove: readonly number[], add: readonly { label: number; point: Float32Array }[]): void {
  const index = new HierarchicalNSW('ip', dims);
  index.readIndexSync(path);
  if (index.getMaxElements() < maxElements) index.resizeIndex(maxElements);
  for (const label of remove) index.markDelete(label);
  for (const { label, point } of add) index.addPoint(Array.from(point), label);
  index.writeIndexSync(path);
}

/**
 * The full vectors of a graph written before schema 5 (512-d float32 points): what an incremental or upgraded build
 * reuses the previous build's paragraph vectors from.
 */
export function readLegacyGraphVectors(path: string, dim: number): (label: number) => Float32Array {
  const index = new HierarchicalNSW('ip', dim);
  index.readIndexSync(path);
  return (label) => Float32Array.from(index.getPoint(label));
}

export class VectorIndex {
  private readonly index: InstanceType<typeof HierarchicalNSW>;

  /**
   * The graph at `path` over `projection`'s coordinates, ranking on `full` (slot = label − 1); INDEX_CORRUPT when
   * it is unreadable or holds other than `expectedCount` points.
   */
  constructor(path: string, private readonly projection: Projection, private readonly full: HalfVectors, efSearch: number, expectedCount: number) {
    this.index = new HierarchicalNSW('ip', projection.dims);
    try {
      this.index.readIndexSync(path);
    } catch (e) {
      throw createError('INDEX_CORRUPT', `Cannot read the vector index ${path}: ${(e as Error).message}. Run \`npm run index -- --rebuild\`.`);
    }
    const count = this.index.getCurrentCount();
    if (count !== expectedCount || full.count !== expectedCount) {
      throw createError('INDEX_CORRUPT', `The vector index holds ${count} graph points and ${full.count} vectors but the manifest says ${expectedCount}. Run \`npm run index -- --rebuild\`.`);
    }
    this.index.setEf(Math.max(efSearch, 1));
  }

  get size(): number {
    return this.index.getCurrentCount();
  }

  /** The stored full vector of `label` (binary16 values, as a new Float32Array). */
  vector(label: number): Float32Array {
    return this.full.get(label - 1);
  }

  setEf(ef: number): void {
    this.index.setEf(ef);
  }

  /**
   * Top `k` by cosine of the full vectors, optionally only among labels that pass `filter`: the graph's best
   * `max(k, RESCORE_POOL)` in its reduced coordinates, ranked again on the full vectors.
   */
  search(query: Float32Array, k: number, filter?: (label: number) => boolean): VectorHit[] {
    return this.rescore(query, this.candidates(query, Math.max(k, RESCORE_POOL), filter)).slice(0, Math.max(k, 0));
  }

  /** The graph's own best `n` labels for `query`, by their reduced-coordinate scores (no rescoring). */
  candidates(query: Float32Array, n: number, filter?: (label: number) => boolean): number[] {
    const want = Math.min(n, this.size);
    if (want <= 0) return [];
    // ef must be at least the count asked for hnswlib to return that many.
    if (this.index.getEf() < want) this.index.setEf(want);
    const point = this.projection.apply(query);
    const res = filter ? this.index.searchKnn(point, want, filter) : this.index.searchKnn(point, want);
    return res.neighbors;
  }

  /** `labels` with their full cosines to `query`, best first (ties by label). */
  rescore(query: Float32Array, labels: readonly number[]): VectorHit[] {
    return labels.map((label) => ({ label, score: this.full.dot(query, label - 1) })).sort((a, b) => b.score - a.score || a.label - b.label);
  }
}

/** Exact top-k by brute force over Float32Arrays: the reference that HNSW recall is measured against. */
export function exactSearch(query: Float32Array, items: { label: number; vector: Float32Array }[], k: number, filter?: (label: number) => boolean): VectorHit[] {
  const scored: VectorHit[] = [];
  for (const { label, vector } of items) {
    if (filter && !filter(label)) continue;
    let s = 0;
    for (let i = 0; i < vector.length; i++) s += vector[i]! * query[i]!;
    scored.push({ label, score: s });
  }
  return scored.sort((a, b) => b.score - a.score).slice(0, k);
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
