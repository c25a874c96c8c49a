/**
 * The worker thread that builds a full build's HNSW graph ({@link buildGraphFile}, vectors.ts) while the main
 * thread writes the store and the keyword index: the two need nothing from each other, and hnswlib inserts on one
 * core. Plain JavaScript for the reason read-worker.mjs gives (a worker starts as a bare isolate): it registers tsx,
 * then calls the same `buildVectorIndex` / `writeVectorIndex` as an in-process build, so the graph is the same
 * (same points, order and seed: byte-identical files).
 *
 * workerData: { module, dims, params, labels: Int32Array, points: Float32Array (shared, labels.length × dims), path }.
 * Posts `{ ok: true }` when the file is written, or `{ ok: false, message }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { module, dims, params, labels, points, path } = workerData;
try {
  const vectors = await import(module);
  const items = Array.from(labels, (label, i) => ({ label, point: points.subarray(i * dims, (i + 1) * dims) }));
  vectors.writeVectorIndex(vectors.buildVectorIndex(items, dims, params), path);
  parentPort.postMessage({ ok: true });
} catch (e) {
  parentPort.postMessage({ ok: false, message: e?.message ?? String(e) });
}
