/**
 * A compact vector store: each normalised vector kept as 512 int8 values and one float32 scale (516 bytes instead of
 * 2,048), in one contiguous buffer, read from one file in one call. The HNSW graph keeps its own float32 copy for
 * navigation; this store is what the engine rescores candidates with (a clause's own and its sentences' cosines)
 * and what per-city exact scans read.
 *
 * Why int8: at 100k paragraphs a float32 copy per paragraph costs 205 MB of RAM and disk, held beside hnswlib's own
 * copy. Symmetric per-vector scaling (scale = max|v| / 127) keeps the cosine within about ±0.002 of the float32 one
 * (test/index/quantized.test.ts), far below the gaps that order search results.
 *
 * The values live in the int8 kernel's memory (src/index/int8-kernel.ts), which scans a whole store or gathers a
 * list of slots in WebAssembly SIMD: what per-city rankings and candidate rescoring use.
 *
 * File layout (little-endian): "PLQ8", uint32 dim, uint32 count, count × float32 scales, count × dim int8 values.
 */
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { createError } from '../errors.js';
import { openBuildFile } from './manifest.js';
import { Int8Kernel } from './int8-kernel.js';

const MAGIC = 'PLQ8';
const HEADER = 12;

/** What rescoring reads from an int8 store, held in memory ({@link QuantizedVectors}) or read from its file ({@link QuantizedFile}). */
export interface VectorRows {
  readonly dim: number;
  readonly count: number;
  /** Each slot's best cosine over the queries, in the order given (a new array). */
  best(queries: readonly Float32Array[], slots: ArrayLike<number>): Float32Array;
  /** Cosine of a (normalised, float32) query with vector `i`. */
  dot(query: Float32Array, i: number): number;
  /** `dot(query, slots[k])` for every k, the same values bit for bit, computed four slots per pass over the query. */
  dots(query: Float32Array, slots: ArrayLike<number>): Float64Array;
  /** Vector `i`, dequantized (a new array). */
  get(i: number): Float32Array;
  close(): void;
}

export class QuantizedVectors implements VectorRows {
  readonly scales: Float32Array;
  readonly values: Int8Array;

  private constructor(readonly dim: number, readonly count: number, private readonly kernel: Int8Kernel) {
    this.scales = kernel.scales;
    this.values = kernel.values;
  }

  /** Quantizes `vectors` (each of length `dim`). */
  static from(vectors: readonly Float32Array[], dim: number): QuantizedVectors {
    const store = new QuantizedVectors(dim, vectors.length, new Int8Kernel(dim, vectors.length));
    const { scales, values } = store;
    vectors.forEach((v, i) => {
      let max = 0;
      for (let j = 0; j < dim; j++) max = Math.max(max, Math.abs(v[j]!));
      const scale = max / 127 || 1;
      scales[i] = scale;
      const base = i * dim;
      for (let j = 0; j < dim; j++) values[base + j] = Math.round(v[j]! / scale);
    });
    return store;
  }

  /**
   * Every vector's best cosine against the queries, `scores[i]` for vector i, in one pass over the store. The array
   * is the kernel's own, overwritten by the next scan.
   */
  scan(queries: readonly Float32Array[]): Float32Array {
    return this.kernel.scan(queries);
  }

  /** The cosines of the vectors in `slots` with one query, in the order given. */
  gather(query: Float32Array, slots: ArrayLike<number>): Float32Array {
    return this.kernel.gather(query, slots);
  }

  best(queries: readonly Float32Array[], slots: ArrayLike<number>): Float32Array {
    return queries.length === 1 ? this.kernel.gather(queries[0]!, slots) : this.kernel.gatherBest(queries, slots);
  }

  /** Nothing to release: the store is memory only. */
  close(): void {}

  dots(query: Float32Array, slots: ArrayLike<number>): Float64Array {
    return this.kernel.dots(query, slots);
  }

  /** Cosine of a (normalised, float32) query with vector `i`. */
  dot(query: Float32Array, i: number): number {
    const dim = this.dim;
    const values = this.values;
    const base = i * dim;
    let s = 0;
    for (let j = 0; j < dim; j++) s += query[j]! * values[base + j]!;
    return s * this.scales[i]!;
  }

  /** Vector `i`, dequantized (a new array). */
  get(i: number): Float32Array {
    const out = new Float32Array(this.dim);
    const scale = this.scales[i]!;
    const base = i * this.dim;
    for (let j = 0; j < this.dim; j++) out[j] = this.values[base + j]! * scale;
    return out;
  }

  write(path: string): void {
    const fd = openSync(path, 'wx');
    try {
      const header = Buffer.alloc(HEADER);
      header.write(MAGIC, 0, 'latin1');
      header.writeUInt32LE(this.dim, 4);
      header.writeUInt32LE(this.count, 8);
      writeSync(fd, header);
      writeSync(fd, new Uint8Array(this.scales.buffer, this.scales.byteOffset, this.scales.byteLength));
      writeSync(fd, new Uint8Array(this.values.buffer, this.values.byteOffset, this.values.byteLength));
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Writes the store at `from` (of `expectedCount` vectors) with `vectors` appended as a new file at `to`: what an
   * incremental build does, where slots only ever grow (a deleted paragraph's slot stays, unreferenced).
   */
  static appendFile(from: string, to: string, dim: number, expectedCount: number, vectors: readonly Float32Array[]): void {
    const old = QuantizedVectors.read(from, dim, expectedCount);
    const added = QuantizedVectors.from(vectors, dim);
    const fd = openSync(to, 'wx');
    try {
      const header = Buffer.alloc(HEADER);
      header.write(MAGIC, 0, 'latin1');
      header.writeUInt32LE(dim, 4);
      header.writeUInt32LE(old.count + added.count, 8);
      writeSync(fd, header);
      for (const part of [old.scales, added.scales, old.values, added.values]) writeSync(fd, new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
    } finally {
      closeSync(fd);
    }
  }

  /** Reads a store written by `write`; INDEX_CORRUPT when the file is not one, or not of `dim` × `expectedCount`. */
  static read(path: string, dim: number, expectedCount: number): QuantizedVectors {
    const fix = 'Run `npm run index -- --rebuild`.';
    const fd = openBuildFile(path);
    try {
      const count = checkStoreHeader(fd, path, dim, expectedCount);
      // Straight from the file into the kernel's memory: no second copy of the store, even for a moment.
      const store = new QuantizedVectors(dim, count, new Int8Kernel(dim, count));
      readFully(fd, new Uint8Array(store.scales.buffer, store.scales.byteOffset, count * 4), HEADER);
      readFully(fd, new Uint8Array(store.values.buffer, store.values.byteOffset, count * dim), HEADER + count * 4);
      return store;
    } catch (e) {
      if ((e as { code?: string }).code === 'INDEX_CORRUPT') throw e;
      throw createError('INDEX_CORRUPT', `Cannot read ${path}: ${(e as Error).message}. ${fix}`);
    } finally {
      closeSync(fd);
    }
  }
}

/** The store's vector count, after checking its header and size against `dim` × `expectedCount` (INDEX_CORRUPT). */
function checkStoreHeader(fd: number, path: string, dim: number, expectedCount: number): number {
  const header = Buffer.alloc(HEADER);
  const size = fstatSync(fd).size;
  const got = readSync(fd, header, 0, HEADER, 0);
  const count = got === HEADER ? header.readUInt32LE(8) : -1;
  if (header.toString('latin1', 0, 4) !== MAGIC || header.readUInt32LE(4) !== dim || count !== expectedCount || size !== HEADER + count * 4 + count * dim) {
    throw createError('INDEX_CORRUPT', `${path} is not a store of ${expectedCount} vectors of ${dim} dimensions. Run \`npm run index -- --rebuild\`.`);
  }
  return count;
}

function readFully(fd: number, into: Uint8Array, position: number): void {
  for (let done = 0; done < into.length; ) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw new Error('unexpected end of file');
    done += n;
  }
}

/**
 * The same store read from its file as asked, not held: only the scales (4 bytes a vector) stay in memory. What an
 * index opens its sentence vectors as when they are many (reader.ts, `sentenceVectorsInMemory`): at 1M paragraphs
 * the 2.3M sentence vectors take 1.2 GB, where a search reads the few hundred that belong to its candidates. A
 * paragraph's sentence slots are consecutive, so `best` reads each run of consecutive slots with one pread (≈ 3 µs
 * from the page cache) into a scratch kernel and scores them there, as the in-memory store does.
 */
export class QuantizedFile implements VectorRows {
  private fd: number | null;
  private scratch: Int8Kernel | null = null;
  /** 0, 1, 2, …: the scratch kernel's slots. */
  private identity = new Int32Array(0);
  private readonly row: Int8Array;

  private constructor(private readonly path: string, fd: number, readonly dim: number, readonly count: number, private readonly scales: Float32Array) {
    this.fd = fd;
    this.row = new Int8Array(dim);
  }

  /** Opens a store written by `QuantizedVectors.write`; INDEX_CORRUPT as `QuantizedVectors.read`. */
  static open(path: string, dim: number, expectedCount: number): QuantizedFile {
    const fix = 'Run `npm run index -- --rebuild`.';
    const fd = openBuildFile(path);
    try {
      const count = checkStoreHeader(fd, path, dim, expectedCount);
      const scales = new Float32Array(count);
      readFully(fd, new Uint8Array(scales.buffer), HEADER);
      return new QuantizedFile(path, fd, dim, count, scales);
    } catch (e) {
      closeSync(fd);
      if ((e as { code?: string }).code === 'INDEX_CORRUPT') throw e;
      throw createError('INDEX_CORRUPT', `Cannot read ${path}: ${(e as Error).message}. ${fix}`);
    }
  }

  best(queries: readonly Float32Array[], slots: ArrayLike<number>): Float32Array {
    const n = this.load(slots);
    if (n === 0) return new Float32Array(0);
    const kernel = this.scratch!;
    const local = this.identity.subarray(0, n);
    return queries.length === 1 ? kernel.gather(queries[0]!, local) : kernel.gatherBest(queries, local);
  }

  /**
   * Reads the vectors in `slots` into the scratch kernel, vector k at slot k (each run of consecutive slots in one
   * pread), with their scales; returns how many.
   */
  private load(slots: ArrayLike<number>): number {
    const n = slots.length;
    if (n === 0) return 0;
    const kernel = this.kernelFor(n);
    const dim = this.dim;
    const bytes = new Uint8Array(kernel.values.buffer, kernel.values.byteOffset, n * dim);
    for (let i = 0; i < n; ) {
      const first = slots[i]!;
      let j = i + 1;
      while (j < n && slots[j] === slots[j - 1]! + 1) j++;
      if (!(first >= 0 && first + (j - i) <= this.count)) throw new RangeError(`Slots ${first}–${first + j - i - 1} are outside the store (0–${this.count - 1}).`);
      this.read(bytes.subarray(i * dim, j * dim), first);
      for (let k = i; k < j; k++) kernel.scales[k] = this.scales[first + k - i]!;
      i = j;
    }
    return n;
  }

  dot(query: Float32Array, i: number): number {
    const row = this.readOne(i);
    let s = 0;
    for (let j = 0; j < this.dim; j++) s += query[j]! * row[j]!;
    return s * this.scales[i]!;
  }

  dots(query: Float32Array, slots: ArrayLike<number>): Float64Array {
    const n = this.load(slots);
    return n === 0 ? new Float64Array(0) : this.scratch!.dots(query, this.identity.subarray(0, n));
  }

  get(i: number): Float32Array {
    const row = this.readOne(i);
    const scale = this.scales[i]!;
    return Float32Array.from(row, (x) => x * scale);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private readOne(i: number): Int8Array {
    if (!(i >= 0 && i < this.count)) throw new RangeError(`vector ${i} is outside the store's ${this.count}`);
    this.read(new Uint8Array(this.row.buffer), i);
    return this.row;
  }

  /** Vectors `first`, `first + 1`, … into `into` (whole vectors). */
  private read(into: Uint8Array, first: number): void {
    if (this.fd === null) throw createError('INDEX_CORRUPT', `${this.path} was closed. Reopen the index.`);
    try {
      readFully(this.fd, into, HEADER + this.count * 4 + first * this.dim);
    } catch (e) {
      throw createError('INDEX_CORRUPT', `Cannot read ${this.path}: ${(e as Error).message}. Run \`npm run index -- --rebuild\`.`);
    }
  }

  /** A scratch kernel with room for `n` vectors (made anew, twice as big, when one is too small). */
  private kernelFor(n: number): Int8Kernel {
    if (!this.scratch || this.scratch.count < n) {
      this.scratch = new Int8Kernel(this.dim, Math.max(n, 2 * (this.scratch?.count ?? 0), 1024));
      this.identity = Int32Array.from({ length: this.scratch.count }, (_, k) => k);
    }
    return this.scratch;
  }
}
