/** Messages between the embedder (worker-pool.ts) and its worker processes (embed-worker.ts). */

/** Environment variables that carry a worker's settings. */
export const WORKER_ENV = { modelsDir: 'POLICYLENS_WORKER_MODELS', intraOpThreads: 'POLICYLENS_WORKER_INTRAOP' } as const;

export type WorkerRequest = { id: number; text: string } | { close: true };
export type WorkerReply =
  | { ready: true }
  | { loadError: { code: string | null; message: string } }
  | { id: number; vector: Float32Array }
  | { id: number; error: { code: string | null; message: string } };
