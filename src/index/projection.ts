/**
 * The graph's coordinates: a PCA projection of the 512-d paragraph vectors onto their top principal directions
 * (uncentred: eigenvectors of the second-moment matrix E[x xᵀ], so inner products in the reduced space approximate
 * the full ones with the least squared error). The HNSW graph is built over the projected vectors and only
 * *navigates*; its candidates are ranked again on the full vectors (src/index/half.ts, `VectorIndex.search`).
 *
 * Why: hnswlib keeps a float32 copy of every vector it holds. At 100k paragraphs the 512-d graph took 220 MB of
 * RAM and disk and 82 s of the 125 s build (distance computations are most of HNSW's cost), and at 1M 2.1 GB, which
 * alone broke the 2.5 GB memory bar. At 128 dimensions it is a quarter of that.
 *
 * Measured before choosing 128 (.prof experiment on exact search in the reduced space, top-N candidates rescored on
 * the full vectors, recall@10 against exact full search; 60 dev-query embeddings + 60 paragraph vectors):
 * | corpus | variance kept at 64 / 128 / 192 / 256 dims | recall@10 at 128 dims from 50 / 100 candidates |
 * |---|---|---|
 * | 100k synthetic (recombined seed sentences) | 0.947 / 0.981 / 0.993 / 0.998 | 0.993 / 0.996 (the int8 ceiling there) |
 * | seeds + 13 external documents (2,883 real clauses) | 0.856 / 0.932 / 0.968 / 0.987 | 1.000 / 1.000 |
 * Real clauses spread over more directions than the synthetic ones, yet 100 rescored candidates recover the top 10.
 *
 * The projection is fitted once per full build on an even sample of at most `PROJECTION_SAMPLE` paragraph vectors
 * (second moments in JS: ≈ 1.4 s; the 512 × 512 symmetric eigendecomposition with ml-matrix: ≈ 2 s), stored
 * beside the graph (`graph.projection`) and reused unchanged by incremental builds, so old and new points live in
 * the same coordinates.
 *
 * File layout (little-endian): "PLPJ", uint32 dim, uint32 reduced dims, reduced × dim float32 (row-major: row r is
 * the r-th principal direction).
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { createError } from '../errors.js';

const MAGIC = 'PLPJ';
const HEADER = 12;
/** Vectors the second moments are estimated from: enough for a 512-d covariance, and a bounded cost at any size. */
export const PROJECTION_SAMPLE = 4096;

export class Projection {
  /** `dims` rows of `dim` values: the principal directions, by decreasing variance. */
  constructor(readonly dim: number, readonly dims: number, readonly matrix: Float32Array) {
    if (matrix.length !== dim * dims) throw new Error(`a ${dims} × ${dim} projection needs ${dim * dims} values, not ${matrix.length}`);
  }

  /**
   * Fits a projection onto `dims` directions to `vectors` (an even sample of at most `PROJECTION_SAMPLE` of them).
   * Deterministic: the same vectors give the same projection (each direction's sign is fixed so that its largest
   * component is positive).
   */
  static fit(vectors: readonly Float32Array[], dim: number, dims: number): Projection {
    if (dims > dim) throw new Error(`cannot project ${dim} dimensions onto ${dims}`);
    const n = Math.min(vectors.length, PROJECTION_SAMPLE);
    const step = vectors.length / Math.max(n, 1);
    // The second-moment matrix, column by column over the sample (transposed: contiguous dot products).
    const columns: Float64Array[] = Array.from({ length: dim }, () => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const v = vectors[Math.floor(i * step)]!;
      for (let a = 0; a < dim; a++) columns[a]![i] = v[a]!;
    }
    const moments = new Matrix(dim, dim);
    const put = (a: number, b: number, s: number) => {
      moments.set(a, b, s);
      moments.set(b, a, s);
    };
    // Four columns per pass over column a (each sum in the same order as alone: the same bits, a quarter the reads).
    for (let a = 0; a < dim; a++) {
      const ca = columns[a]!;
      let b = a;
      for (; b + 4 <= dim; b += 4) {
        const c0 = columns[b]!, c1 = columns[b + 1]!, c2 = columns[b + 2]!, c3 = columns[b + 3]!;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (let i = 0; i < n; i++) {
          const x = ca[i]!;
          s0 += x * c0[i]!;
          s1 += x * c1[i]!;
          s2 += x * c2[i]!;
          s3 += x * c3[i]!;
        }
        put(a, b, s0);
        put(a, b + 1, s1);
        put(a, b + 2, s2);
        put(a, b + 3, s3);
      }
      for (; b < dim; b++) {
        const cb = columns[b]!;
        let s = 0;
        for (let i = 0; i < n; i++) s += ca[i]! * cb[i]!;
        put(a, b, s);
      }
    }
    const evd = new EigenvalueDecomposition(moments, { assumeSymmetric: true });
    const values = evd.realEigenvalues;
    const vecs = evd.eigenvectorMatrix;
    const order = values.map((v, i) => [v, i] as const).sort((x, y) => y[0] - x[0] || x[1] - y[1]).map(([, i]) => i);
    const matrix = new Float32Array(dims * dim);
    for (let r = 0; r < dims; r++) {
      const col = order[r]!;
      let at = 0;
      for (let c = 1; c < dim; c++) if (Math.abs(vecs.get(c, col)) > Math.abs(vecs.get(at, col))) at = c;
      const sign = vecs.get(at, col) < 0 ? -1 : 1;
      for (let c = 0; c < dim; c++) matrix[r * dim + c] = sign * vecs.get(c, col);
    }
    return new Projection(dim, dims, matrix);
  }

  /** `v` in the reduced coordinates, as the plain array hnswlib takes. */
  apply(v: Float32Array): number[] {
    return Array.from(this.project(v));
  }

  /** `v` in the reduced coordinates, as a Float32Array (outside the JS heap: a build projects every paragraph). */
  project(v: Float32Array): Float32Array {
    const { dim, dims, matrix } = this;
    const out = new Float32Array(dims);
    // Four rows per pass over `v`: each row's sum runs in the same order as one row at a time (the same bits), and
    // `v` is read a quarter as often. A build projects every paragraph: 100k × 128 × 512 products took ≈ 17 s on
    // the loaded 2-core machine one row at a time, about half that this way.
    let r = 0;
    for (; r + 4 <= dims; r += 4) {
      const b0 = r * dim, b1 = b0 + dim, b2 = b1 + dim, b3 = b2 + dim;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let c = 0; c < dim; c++) {
        const x = v[c]!;
        s0 += matrix[b0 + c]! * x;
        s1 += matrix[b1 + c]! * x;
        s2 += matrix[b2 + c]! * x;
        s3 += matrix[b3 + c]! * x;
      }
      out[r] = s0;
      out[r + 1] = s1;
      out[r + 2] = s2;
      out[r + 3] = s3;
    }
    for (; r < dims; r++) {
      const base = r * dim;
      let s = 0;
      for (let c = 0; c < dim; c++) s += matrix[base + c]! * v[c]!;
      out[r] = s;
    }
    return out;
  }

  write(path: string): void {
    const head = Buffer.alloc(HEADER);
    head.write(MAGIC, 0, 'latin1');
    head.writeUInt32LE(this.dim, 4);
    head.writeUInt32LE(this.dims, 8);
    const fd = openSync(path, 'wx');
    try {
      writeSync(fd, head);
      writeSync(fd, new Uint8Array(this.matrix.buffer, this.matrix.byteOffset, this.matrix.byteLength));
    } finally {
      closeSync(fd);
    }
  }

  /** Reads a projection of `dim`-d vectors; INDEX_CORRUPT when the file is not one, or projects onto other than `dims`. */
  static read(path: string, dim: number, dims: number): Projection {
    const fix = 'Run `npm run index -- --rebuild`.';
    let buf: Buffer;
    try {
      buf = readFileSync(path);
    } catch (e) {
      throw createError('INDEX_CORRUPT', `Cannot read ${path}: ${(e as Error).message}. ${fix}`);
    }
    if (buf.length !== HEADER + dim * dims * 4 || buf.toString('latin1', 0, 4) !== MAGIC || buf.readUInt32LE(4) !== dim || buf.readUInt32LE(8) !== dims) {
      throw createError('INDEX_CORRUPT', `${path} is not a projection of ${dim} onto ${dims} dimensions. ${fix}`);
    }
    const matrix = new Float32Array(dim * dims);
    new Uint8Array(matrix.buffer).set(buf.subarray(HEADER));
    return new Projection(dim, dims, matrix);
  }
}
