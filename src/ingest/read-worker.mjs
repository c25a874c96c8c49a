/**
 * The worker thread that reads document files for {@link BoundedReader} (bounded-read.ts). Plain JavaScript on
 * purpose: a worker starts as a bare Node isolate (the parent passes `execArgv: []`), so this file registers tsx
 * itself and then loads the TypeScript reader — the same code whether the parent runs under `tsx`, vitest or node.
 *
 * Protocol: after loading it posts `{ type: 'ready' }`; then for each `{ id, path, options }` (or `{ id, bytes, file,
 * options }` for a document in memory) it answers
 * `{ id, ok: true, result }` or `{ id, ok: false, error: { code, message } }` (code null for an uncoded error).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const reader = await import(workerData.module);
if (typeof reader.readDocumentFile !== 'function') {
  throw new Error(`${workerData.module} does not export readDocumentFile(path, options)`);
}

parentPort.on('message', async ({ id, path, bytes, file, options }) => {
  try {
    // A file by its path, or a document held in memory (an upload) by its bytes and name.
    const result = bytes ? await reader.readDocumentBuffer(Buffer.from(bytes), file, options) : await reader.readDocumentFile(path, options);
    parentPort.postMessage({ id, ok: true, result });
  } catch (e) {
    const code = typeof e?.code === 'string' && e?.name === 'PolicyLensError' ? e.code : null;
    parentPort.postMessage({ id, ok: false, error: { code, message: e?.message ?? String(e) } });
  }
});
parentPort.postMessage({ type: 'ready' });
