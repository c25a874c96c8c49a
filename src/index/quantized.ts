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
 * File layout (little-endian): "PLQ8", uint32 dim, uint32 count, count × float32 scales, count × dim int8 values.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { createError } from '../errors.js';

const MAGIC = 'PLQ8';
const HEADER = 12;

export class QuantizedVectors {
  constructor(
    readonly dim: number,
    readonly count: number,
    readonly scales: Float32Array,
    readonly values: Int8Array,
  ) {}

  /** Quantizes `vectors` (each of length `dim`). */
  static from(vectors: readonly Float32Array[], dim: number): QuantizedVectors {
    const scales = new Float32Array(vectors.length);
    const values = new Int8Array(vectors.length * dim);
    vectors.forEach((v, i) => {
      let max = 0;
      for (let j = 0; j < dim; j++) max = Math.max(max, Math.abs(v[j]!));
      const scale = max / 127 || 1;
      scales[i] = scale;
      const base = i * dim;
      for (let j = 0; j < dim; j++) values[base + j] = Math.round(v[j]! / scale);
    });
    return new QuantizedVectors(dim, vectors.length, scales, values);
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

  /** Reads a store written by `write`; INDEX_CORRUPT when the file is not one, or not of `dim` × `expectedCount`. */
  static read(path: string, dim: number, expectedCount: number): QuantizedVectors {
    const fix = 'Run `npm run index -- --rebuild`.';
    let buf: Buffer;
    try {
      buf = readFileSync(path);
    } catch (e) {
      throw createError('INDEX_CORRUPT', `Cannot read ${path}: ${(e as Error).message}. ${fix}`);
    }
    const count = buf.length >= HEADER ? buf.readUInt32LE(8) : -1;
    if (buf.toString('latin1', 0, 4) !== MAGIC || buf.readUInt32LE(4) !== dim || count !== expectedCount || buf.length !== HEADER + count * 4 + count * dim) {
      throw createError('INDEX_CORRUPT', `${path} is not a store of ${expectedCount} vectors of ${dim} dimensions. ${fix}`);
    }
    // Copies into aligned arrays: a Float32Array cannot view an odd offset of the file's buffer.
    const scales = new Float32Array(count);
    new Uint8Array(scales.buffer).set(buf.subarray(HEADER, HEADER + count * 4));
    const values = new Int8Array(count * dim);
    new Uint8Array(values.buffer).set(buf.subarray(HEADER + count * 4));
    return new QuantizedVectors(dim, count, scales, values);
  }
}
