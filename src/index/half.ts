/**
 * The paragraphs' full vectors at half precision (IEEE 754 binary16), on disk only: 1,024 bytes a paragraph, read
 * a vector at a time with pread. They are what ranks the graph's candidates exactly (the graph navigates on
 * PCA-reduced vectors, src/index/projection.ts) and what an incremental build reuses a paragraph's vector from.
 *
 * Why half precision, and why not in memory. At 100k paragraphs a float32 copy costs 205 MB and binary16 102 MB;
 * the issue's memory bar (+400 MB after opening) leaves room for neither beside the int8 stores the engine scans,
 * and a search reads only its few hundred candidates (≈ 3 µs each from the page cache). Every vector a build stores
 * is rounded to binary16 first (`roundToHalfInPlace`), so the stored vector *is* the paragraph's vector: an
 * incremental build reuses it bit for bit, its int8 copy and its graph point are made from the same values, and
 * "exact search" means exact over these. Sentence vectors, which live only in their int8 store, are not rounded. Rounding moves a cosine by about 1e-4 (a 512-d unit vector's components are ≈ 0.04; binary16
 * keeps 11 significant bits), below the gaps that order results.
 *
 * File layout (little-endian): "PLH6", uint32 dim, uint32 count, count × dim uint16 (binary16 bits).
 */
import { closeSync, copyFileSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { createError } from '../errors.js';
import { openBuildFile } from './manifest.js';

const MAGIC = 'PLH6';
const HEADER = 12;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The binary16 bits of `x`, rounded to nearest, ties to even; overflow gives ±Infinity, underflow subnormals or ±0. */
export function toHalfBits(x: number): number {
  f32[0] = x;
  const bits = u32[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  let mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // NaN stays NaN, Infinity stays Infinity
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign; // below half the smallest subnormal
    mant |= 0x800000;
    const shift = 14 - e;
    const half = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    return sign | (rest > mid || (rest === mid && (half & 1)) ? half + 1 : half);
  }
  const half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (and up to Infinity).
  return sign | (rest > 0x1000 || (rest === 0x1000 && (half & 1)) ? half + 1 : half);
}

let table: Float32Array | null = null;

/** binary16 bits → number, through a 65,536-entry table (built on first use). */
export function halfToFloat(): Float32Array {
  if (table) return table;
  table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >>> 10) & 0x1f;
    const mant = h & 0x3ff;
    table[h] = exp === 0 ? sign * mant * 2 ** -24 : exp === 0x1f ? (mant ? NaN : sign * Infinity) : sign * (1 + mant / 1024) * 2 ** (exp - 15);
  }
  return table;
}

/** `v` rounded to binary16 precision (a new array). */
export function roundToHalf(v: Float32Array): Float32Array {
  return roundToHalfInPlace(Float32Array.from(v));
}

/** `v` rounded to binary16 precision in place (a build's million vectors make no second copy); returns `v`. */
export function roundToHalfInPlace(v: Float32Array): Float32Array {
  const t = halfToFloat();
  for (let i = 0; i < v.length; i++) v[i] = t[toHalfBits(v[i]!)]!;
  return v;
}

function encode(vectors: readonly Float32Array[], dim: number): Buffer {
  const buf = Buffer.alloc(vectors.length * dim * 2);
  vectors.forEach((v, i) => {
    if (v.length !== dim) throw new Error(`vector ${i} has ${v.length} dimensions, not ${dim}`);
    for (let j = 0; j < dim; j++) buf.writeUInt16LE(toHalfBits(v[j]!), (i * dim + j) * 2);
  });
  return buf;
}

function header(dim: number, count: number): Buffer {
  const head = Buffer.alloc(HEADER);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(dim, 4);
  head.writeUInt32LE(count, 8);
  return head;
}

function writeAll(fd: number, buf: Buffer, position: number | null = null): void {
  for (let done = 0; done < buf.length; ) done += writeSync(fd, buf, done, buf.length - done, position === null ? null : position + done);
}

export class HalfVectors {
  private fd: number | null;
  private readonly row: Buffer;

  private constructor(private readonly path: string, fd: number, readonly dim: number, readonly count: number) {
    this.fd = fd;
    this.row = Buffer.alloc(dim * 2);
  }

  /** Writes `vectors` (each of length `dim`) as a new file at `path`. */
  static write(path: string, vectors: readonly Float32Array[], dim: number): void {
    const fd = openSync(path, 'wx');
    try {
      writeAll(fd, header(dim, vectors.length));
      writeAll(fd, encode(vectors, dim));
    } finally {
      closeSync(fd);
    }
  }

  /** Copies the store at `from` (`count` vectors) to `to` and appends `vectors` there (an incremental build). */
  static appendFile(from: string, to: string, dim: number, count: number, vectors: readonly Float32Array[]): void {
    copyFileSync(from, to);
    const fd = openSync(to, 'r+');
    try {
      if (fstatSync(fd).size !== HEADER + count * dim * 2) throw createError('INDEX_CORRUPT', `${from} does not hold ${count} vectors. Run \`npm run index -- --rebuild\`.`);
      writeAll(fd, encode(vectors, dim), HEADER + count * dim * 2);
      writeAll(fd, header(dim, count + vectors.length), 0);
    } finally {
      closeSync(fd);
    }
  }

  /** Opens the store at `path` for reading; INDEX_CORRUPT unless it holds `expectedCount` vectors of `dim`. */
  static open(path: string, dim: number, expectedCount: number): HalfVectors {
    const fix = 'Run `npm run index -- --rebuild`.';
    const fd = openBuildFile(path);
    const head = Buffer.alloc(HEADER);
    const got = readSync(fd, head, 0, HEADER, 0);
    const size = fstatSync(fd).size;
    if (got !== HEADER || head.toString('latin1', 0, 4) !== MAGIC || head.readUInt32LE(4) !== dim || head.readUInt32LE(8) !== expectedCount || size !== HEADER + expectedCount * dim * 2) {
      closeSync(fd);
      throw createError('INDEX_CORRUPT', `${path} is not a store of ${expectedCount} vectors of ${dim} dimensions. ${fix}`);
    }
    return new HalfVectors(path, fd, dim, expectedCount);
  }

  /** Vector `i` (a new array). */
  get(i: number): Float32Array {
    const out = new Float32Array(this.dim);
    this.readRow(i);
    const t = halfToFloat();
    const row = this.row;
    for (let j = 0; j < this.dim; j++) out[j] = t[row[2 * j]! | (row[2 * j + 1]! << 8)]!;
    return out;
  }

  /** Cosine of a (normalised) query with vector `i`, without making the vector. */
  dot(query: Float32Array, i: number): number {
    this.readRow(i);
    const t = halfToFloat();
    const row = this.row;
    let s = 0;
    for (let j = 0; j < this.dim; j++) s += query[j]! * t[row[2 * j]! | (row[2 * j + 1]! << 8)]!;
    return s;
  }

  private readRow(i: number): void {
    if (!(i >= 0 && i < this.count)) throw new RangeError(`vector ${i} is outside the store's ${this.count}`);
    if (this.fd === null) throw createError('INDEX_CORRUPT', `${this.path} was closed. Reopen the index.`);
    const bytes = this.dim * 2;
    let done = 0;
    while (done < bytes) {
      const n = readSync(this.fd, this.row, done, bytes - done, HEADER + i * bytes + done);
      if (n === 0) throw createError('INDEX_CORRUPT', `${this.path} ends before vector ${i}. Run \`npm run index -- --rebuild\`.`);
      done += n;
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
