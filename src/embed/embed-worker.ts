/**
 * An embedding worker process: one ONNX session of its own, one text per message. Forked by ProcessSlot
 * (worker-pool.ts) with its settings in the environment; answers `{ ready }` once the model is loaded, then
 * `{ id, vector }` or `{ id, error }` for each `{ id, text }`. Exits when its parent goes away.
 *
 * A process, not a worker thread: onnxruntime-node 1.21 (pinned with Transformers.js 3.8.1) keeps a process-global
 * reference to its Tensor constructor, so a second thread running a session aborts the whole process
 * ("Entering the V8 API without proper locking", microsoft/onnxruntime#24486).
 */
import { isPolicyLensError } from '../errors.js';
import { loadModelSession } from './session.js';
import { WORKER_ENV, type WorkerReply, type WorkerRequest } from './worker-protocol.js';

const describe = (e: unknown) => ({ code: isPolicyLensError(e) ? e.code : null, message: (e as Error)?.message ?? String(e) });

async function serve(): Promise<void> {
  const send = (reply: WorkerReply) => process.send!(reply);
  process.on('disconnect', () => process.exit(0));
  try {
    const session = await loadModelSession(process.env[WORKER_ENV.modelsDir]!, Number(process.env[WORKER_ENV.intraOpThreads] ?? 1));
    process.on('message', (msg: WorkerRequest) => {
      if ('close' in msg) {
        void session.dispose().finally(() => process.exit(0));
        return;
      }
      session.embedOne(msg.text).then(
        (vector) => send({ id: msg.id, vector }),
        (e: unknown) => send({ id: msg.id, error: describe(e) }),
      );
    });
    send({ ready: true });
  } catch (e) {
    send({ loadError: describe(e) });
    process.disconnect();
  }
}

if (process.send && process.env[WORKER_ENV.modelsDir]) void serve();
