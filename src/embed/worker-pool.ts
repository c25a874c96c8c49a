/**
 * Runs texts through several model sessions at once: each "slot" is one session (a worker process with its own ONNX
 * session, or the main thread's), and each slot embeds one text at a time, so a vector never depends on what else
 * is being embedded. When queries and passages both wait they take turns, so neither starves: a query does not wait
 * behind a whole batch of passages, and passages (the analysis' own texts, embedded while the server answers) still
 * progress under a steady stream of queries. Only a bounded number of queries may wait (BUSY beyond it).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createError, ERROR_CODES, type ErrorCode } from '../errors.js';
import { WORKER_ENV, type WorkerReply, type WorkerRequest } from './worker-protocol.js';
import { loadModelSession, type ModelSession } from './session.js';

export type EmbedKind = 'query' | 'passage';

/** One model session that embeds one text at a time. */
export interface EmbedSlot {
  embedOne(text: string): Promise<Float32Array>;
  close(): Promise<void>;
}

interface Job {
  text: string;
  resolve: (v: Float32Array) => void;
  reject: (e: unknown) => void;
}

/** Hands queued texts to idle slots: queries and passages in turn when both wait, each in arrival order. */
export class EmbedDispatcher {
  private readonly idle: EmbedSlot[];
  private readonly queries: Job[] = [];
  private readonly passages: Job[] = [];
  private closed = false;
  private passageTurn = false;

  constructor(
    private readonly slots: EmbedSlot[],
    private readonly maxQueuedQueries: number,
  ) {
    this.idle = [...slots];
  }

  get size(): number {
    return this.slots.length;
  }

  /** Texts waiting for a free slot (not counting those being embedded). */
  get waiting(): { queries: number; passages: number } {
    return { queries: this.queries.length, passages: this.passages.length };
  }

  submit(text: string, kind: EmbedKind): Promise<Float32Array> {
    if (this.closed) return Promise.reject(new Error('The embedder has been disposed.'));
    if (kind === 'query' && this.idle.length === 0 && this.queries.length >= this.maxQueuedQueries) {
      return Promise.reject(createError('BUSY', 'The server is busy embedding other queries; try again in a moment.', undefined, '请几秒钟后再试。'));
    }
    return new Promise((resolve, reject) => {
      (kind === 'query' ? this.queries : this.passages).push({ text, resolve, reject });
      this.pump();
    });
  }

  private take(): Job | undefined {
    if (this.queries.length && this.passages.length) {
      this.passageTurn = !this.passageTurn;
      return this.passageTurn ? this.queries.shift() : this.passages.shift();
    }
    return this.queries.shift() ?? this.passages.shift();
  }

  private pump(): void {
    while (this.idle.length) {
      const job = this.take();
      if (!job) return;
      const slot = this.idle.pop()!;
      slot.embedOne(job.text).then(job.resolve, job.reject).finally(() => {
        this.idle.push(slot);
        if (!this.closed) this.pump();
      });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const gone = new Error('The embedder has been disposed.');
    for (const job of [...this.queries.splice(0), ...this.passages.splice(0)]) job.reject(gone);
    await Promise.all(this.slots.map((s) => s.close()));
  }
}

/** The main thread's own session as a slot. */
export async function mainThreadSlot(modelsDir: string, intraOpThreads: number): Promise<EmbedSlot> {
  const session: ModelSession = await loadModelSession(modelsDir, intraOpThreads);
  return { embedOne: (text) => session.embedOne(text), close: () => session.dispose() };
}

const require = createRequire(import.meta.url);

/** Forks embed-worker: under tsx (how this project runs; vitest too) with tsx's loader, compiled as plain JS. */
function forkWorker(init: WorkerInit): ChildProcess {
  const ts = import.meta.url.endsWith('.ts');
  const entry = fileURLToPath(new URL(ts ? './embed-worker.ts' : './embed-worker.js', import.meta.url));
  return fork(entry, [], {
    execArgv: ts ? ['--import', pathToFileURL(require.resolve('tsx')).href] : [],
    env: { ...process.env, [WORKER_ENV.modelsDir]: init.modelsDir, [WORKER_ENV.intraOpThreads]: String(init.intraOpThreads) },
    // Structured clone: vectors arrive as Float32Arrays, bit for bit.
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function toError(e: { code: string | null; message: string }): Error {
  return e.code && e.code in ERROR_CODES ? createError(e.code as ErrorCode, e.message) : new Error(e.message);
}

export interface WorkerInit {
  modelsDir: string;
  intraOpThreads: number;
}

/**
 * A worker process with its own session. If it dies, what it was embedding fails and the next text starts a new
 * one, so one crash does not take the embedder down. Idle, it holds no reference on the event loop.
 */
export class ProcessSlot implements EmbedSlot {
  private child: ChildProcess | null = null;
  private ready: Promise<ChildProcess> | null = null;
  /** The child once its model is loaded, until it fails: asked without waiting on `ready`. */
  private live: ChildProcess | null = null;
  private nextId = 0;
  private readonly pending = new Map<number, Job>();
  private closing = false;

  private constructor(private readonly init: WorkerInit) {}

  /** The worker's process id while one runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process and waits until its model is loaded (MODEL_MISSING and the like surface here). */
  static async start(init: WorkerInit): Promise<ProcessSlot> {
    const slot = new ProcessSlot(init);
    await slot.spawn();
    return slot;
  }

  private hold(child: ChildProcess, held: boolean): void {
    if (held) {
      child.ref();
      child.channel?.ref();
    } else {
      child.unref();
      child.channel?.unref();
    }
  }

  private spawn(): Promise<ChildProcess> {
    const child = forkWorker(this.init);
    this.child = child;
    this.ready = new Promise<ChildProcess>((resolve, reject) => {
      child.on('message', (msg: WorkerReply) => {
        if ('ready' in msg) {
          this.hold(child, false);
          this.live = child;
          resolve(child);
        } else if ('loadError' in msg) {
          reject(toError(msg.loadError));
        } else {
          const job = this.pending.get(msg.id);
          this.pending.delete(msg.id);
          if (this.pending.size === 0) this.hold(child, false);
          if (!job) return;
          if ('vector' in msg) job.resolve(msg.vector);
          else job.reject(toError(msg.error));
        }
      });
      child.once('error', (e) => {
        reject(e);
        this.fail(child, e);
      });
      child.once('exit', (code, signal) => {
        const e = new Error(`The embedding worker exited (${signal ?? `code ${code}`}).`);
        reject(e);
        this.fail(child, e);
      });
    });
    return this.ready;
  }

  private fail(child: ChildProcess, e: unknown): void {
    if (this.child !== child) return;
    this.child = null;
    this.ready = null;
    this.live = null;
    for (const job of this.pending.values()) job.reject(this.closing ? new Error('The embedder has been disposed.') : e);
    this.pending.clear();
  }

  embedOne(text: string): Promise<Float32Array> {
    if (this.closing) return Promise.reject(new Error('The embedder has been disposed.'));
    // A loaded worker gets the text now, not a microtask later (after an `await` of its settled `ready`): the
    // caller's synchronous work that follows (a query's keyword side, 3–5 ms at 100k) then overlaps the model run
    // instead of preceding it.
    if (this.live) return this.ask(this.live, text);
    return (this.ready ?? this.spawn()).then((child) => this.ask(child, text));
  }

  private ask(child: ChildProcess, text: string): Promise<Float32Array> {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { text, resolve, reject });
      // Held while it works, so that a process awaiting a vector is not left to exit.
      this.hold(child, true);
      child.send({ id, text } satisfies WorkerRequest);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    if (child.connected) child.send({ close: true } satisfies WorkerRequest);
    // A worker stuck in a run is not waited for long.
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
