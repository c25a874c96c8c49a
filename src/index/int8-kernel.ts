/**
 * The int8 dot-product kernel of the vector stores (src/index/quantized.ts): WebAssembly SIMD, assembled from
 * int8-kernel.wat into int8-kernel.wasm (1,127 bytes; `npx tsx scripts/build-kernel.ts` reassembles it, and
 * test/index/int8-kernel.test.ts checks that the committed binary is the assembled source).
 *
 * Why: "each city's closest clauses" needs every city's best candidates, and a filter that passes 2% of the clauses
 * defeats an HNSW graph (README "Limits"). Scanning every clause exactly is simpler and exact, if it is fast enough.
 * Measured on this 2-core machine, 100,000 vectors × 512 int8 values: 150 ms in plain JS, 8–12 ms here, where each
 * 16 int8 values meet 16 int16 query values in two i32x4.dot_i16x8_s. A store lives in the kernel's own memory (one
 * instance per store, sized once, never grown, so the typed-array views onto it stay valid).
 *
 * Exactness: the query is scaled to int16 (±16,383), so its rounding error is about 3·10⁻⁵ of its largest value;
 * scores match the JS int8 dot product within 1e-4 (the test).
 */
import { readFileSync } from 'node:fs';

const WASM_FILE = new URL('./int8-kernel.wasm', import.meta.url);
let compiled: WebAssembly.Module | null = null;

interface KernelExports {
  memory: WebAssembly.Memory;
  scan(values: number, scales: number, count: number, dim: number, q: number, nq: number, qscales: number, out: number): void;
  gather(values: number, scales: number, slots: number, n: number, dim: number, q: number, qscale: number, out: number): void;
  gather_best(values: number, scales: number, slots: number, n: number, dim: number, q: number, nq: number, qscales: number, out: number): void;
  dots_f64(values: number, scales: number, slots: number, n: number, dim: number, q: number, out: number): void;
}

/** Queries one `scan` call takes at most (more are scanned in several passes). */
export const MAX_QUERIES = 16;
/** Slots one `gather` call takes at most (more are gathered in chunks). */
const GATHER_CHUNK = 16_384;
const QUERY_LIMIT = 16_383;

/**
 * An int8 vector store in kernel memory: `count` vectors of `dim` values (dim a multiple of 16) and their scales,
 * with room for the queries and the scores of one scan. Fill `values` and `scales`, then `scan` or `gather`.
 */
export class Int8Kernel {
  readonly values: Int8Array;
  readonly scales: Float32Array;
  private readonly exports: KernelExports;
  private readonly queries: Int16Array;
  private readonly queryScales: Float32Array;
  private readonly slots: Int32Array;
  private readonly gathered: Float32Array;
  private readonly scores: Float32Array;
  private readonly at: { values: number; scales: number; queries: number; queryScales: number; slots: number; gathered: number; scores: number };

  constructor(readonly dim: number, readonly count: number) {
    if (dim % 16 !== 0) throw new Error(`The int8 kernel needs a dimension that is a multiple of 16, not ${dim}.`);
    compiled ??= new WebAssembly.Module(readFileSync(WASM_FILE));
    this.exports = new WebAssembly.Instance(compiled).exports as unknown as KernelExports;
    // Layout, each region 16-byte aligned: values, scales, queries (int16), query scales, gather slots and scores, scan scores.
    const align = (n: number) => Math.ceil(n / 16) * 16;
    let offset = 0;
    const take = (bytes: number) => { const start = offset; offset = align(offset + bytes); return start; };
    this.at = {
      values: take(count * dim),
      scales: take(count * 4),
      queries: take(MAX_QUERIES * dim * 2),
      queryScales: take(MAX_QUERIES * 4),
      slots: take(GATHER_CHUNK * 4),
      gathered: take(GATHER_CHUNK * 4),
      scores: take(count * 4),
    };
    const memory = this.exports.memory;
    const pages = Math.ceil(offset / 65_536) - memory.buffer.byteLength / 65_536;
    if (pages > 0) memory.grow(pages);
    const buffer = memory.buffer;
    this.values = new Int8Array(buffer, this.at.values, count * dim);
    this.scales = new Float32Array(buffer, this.at.scales, count);
    this.queries = new Int16Array(buffer, this.at.queries, MAX_QUERIES * dim);
    this.queryScales = new Float32Array(buffer, this.at.queryScales, MAX_QUERIES);
    this.slots = new Int32Array(buffer, this.at.slots, GATHER_CHUNK);
    this.gathered = new Float32Array(buffer, this.at.gathered, GATHER_CHUNK);
    this.scores = new Float32Array(buffer, this.at.scores, count);
  }

  /** Copies `slots[start … start + n)` into the kernel's slot list; a RangeError names a slot outside the store. */
  private loadSlots(slots: ArrayLike<number>, start: number, n: number): void {
    for (let k = 0; k < n; k++) {
      const slot = slots[start + k]!;
      if (!(slot >= 0 && slot < this.count)) throw new RangeError(`Slot ${slot} is outside the store (0–${this.count - 1}).`);
      this.slots[k] = slot;
    }
  }

  /** Writes query `m` (float32, length dim) as int16 with its scale. */
  private setQuery(m: number, query: Float32Array): void {
    const dim = this.dim;
    let max = 0;
    for (let j = 0; j < dim; j++) max = Math.max(max, Math.abs(query[j]!));
    const scale = max / QUERY_LIMIT || 1;
    const base = m * dim;
    for (let j = 0; j < dim; j++) this.queries[base + j] = Math.round(query[j]! / scale);
    this.queryScales[m] = scale;
  }

  /**
   * Every vector's best score against the queries (the cosine, for normalised vectors): `scores[i]` for vector i.
   * The returned array is the kernel's own and is overwritten by the next scan: read it before scanning again.
   */
  scan(queries: readonly Float32Array[]): Float32Array {
    if (queries.length === 0) throw new Error('scan needs at least one query.');
    if (this.count === 0) return this.scores;
    const passes = Math.ceil(queries.length / MAX_QUERIES);
    let best: Float32Array | null = null;
    for (let p = 0; p < passes; p++) {
      const batch = queries.slice(p * MAX_QUERIES, (p + 1) * MAX_QUERIES);
      batch.forEach((q, m) => this.setQuery(m, q));
      this.exports.scan(this.at.values, this.at.scales, this.count, this.dim, this.at.queries, batch.length, this.at.queryScales, this.at.scores);
      if (passes > 1) {
        if (!best) best = Float32Array.from(this.scores);
        else for (let i = 0; i < this.count; i++) best[i] = Math.max(best[i]!, this.scores[i]!);
      }
    }
    if (best) this.scores.set(best);
    return this.scores;
  }

  /**
   * Each slot's best score against the queries, in the order given (a new array): the maximum of `gather` over the
   * queries, the same values, with each vector read once for all of them (up to MAX_QUERIES per pass).
   */
  gatherBest(queries: readonly Float32Array[], slots: ArrayLike<number>): Float32Array {
    const out = new Float32Array(slots.length).fill(-Infinity);
    if (slots.length === 0 || queries.length === 0) return out;
    for (let p = 0; p < queries.length; p += MAX_QUERIES) {
      const batch = queries.slice(p, p + MAX_QUERIES);
      batch.forEach((q, m) => this.setQuery(m, q));
      for (let start = 0; start < slots.length; start += GATHER_CHUNK) {
        const n = Math.min(GATHER_CHUNK, slots.length - start);
        this.loadSlots(slots, start, n);
        this.exports.gather_best(this.at.values, this.at.scales, this.at.slots, n, this.dim, this.at.queries, batch.length, this.at.queryScales, this.at.gathered);
        for (let k = 0; k < n; k++) if (this.gathered[k]! > out[start + k]!) out[start + k] = this.gathered[k]!;
      }
    }
    return out;
  }

  /**
   * The JS reference dot products (`QuantizedVectors.dot`: float64, summed in order, times the scale) of the float32
   * `query` with the vectors in `slots`, in the order given: the same bits, computed in WebAssembly. The query goes
   * into the int16 queries' region as float64, the results through the gather region (half its slots per call).
   */
  dots(query: Float32Array, slots: ArrayLike<number>): Float64Array {
    const out = new Float64Array(slots.length);
    if (slots.length === 0) return out;
    const buffer = this.exports.memory.buffer;
    new Float64Array(buffer, this.at.queries, this.dim).set(query);
    const results = new Float64Array(buffer, this.at.gathered, GATHER_CHUNK / 2);
    for (let start = 0; start < slots.length; start += GATHER_CHUNK / 2) {
      const n = Math.min(GATHER_CHUNK / 2, slots.length - start);
      this.loadSlots(slots, start, n);
      this.exports.dots_f64(this.at.values, this.at.scales, this.at.slots, n, this.dim, this.at.queries, this.at.gathered);
      out.set(results.subarray(0, n), start);
    }
    return out;
  }

  /** The scores of the vectors in `slots` against one query, in the order given (a new array). */
  gather(query: Float32Array, slots: ArrayLike<number>): Float32Array {
    const out = new Float32Array(slots.length);
    if (slots.length === 0) return out;
    this.setQuery(0, query);
    for (let start = 0; start < slots.length; start += GATHER_CHUNK) {
      const n = Math.min(GATHER_CHUNK, slots.length - start);
      this.loadSlots(slots, start, n);
      this.exports.gather(this.at.values, this.at.scales, this.at.slots, n, this.dim, this.at.queries, this.queryScales[0]!, this.at.gathered);
      out.set(this.gathered.subarray(0, n), start);
    }
    return out;
  }
}
