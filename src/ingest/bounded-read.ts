/**
 * Reading document files under a time limit and a memory bound, so that one pathological file (above all a PDF
 * that sends pdfjs into a loop or a heap explosion) is skipped with a coded message instead of hanging or
 * killing `npm run index` and `npm start`.
 *
 * Each file is read by {@link readDocumentFile} in a `worker_threads` Worker (read-worker.mjs) whose V8 heap is
 * capped with `resourceLimits.maxOldGenerationSizeMb`. The parent keeps a timer per file: past the limit it
 * terminates the worker (this also stops a synchronous endless loop) and answers FILE_TIMEOUT; a worker that
 * runs out of heap is stopped by V8 and answers FILE_TOO_COMPLEX. Either way the next file gets a fresh worker.
 * One worker is reused across files while they behave, so its start-up cost is paid once per run, not per file.
 *
 * Limits: the heap cap bounds JavaScript objects; ArrayBuffers (the file's bytes, pdfjs' decoded streams) live
 * outside the V8 heap and are bounded only by the size limit on the file (50 MB by default) times what pdfjs
 * decodes from it. Native code that never returns to JavaScript cannot be interrupted, only waited for.
 *
 * Measured with `npx tsx scripts/read-bounds.ts` (cold reads, as `npm run index` does them, on the 2-core machine
 * under a load of ≈ 10 from other jobs, so times are pessimistic): the 5 seed files read in 240 ms in a fresh
 * process and in 960 ms through a fresh worker — the worker's start-up (tsx and the reader's modules) costs
 * ≈ 0.7 s once per run; the 331-page 03 PDF reads in 9.2–14.7 s either way (no difference beyond the noise).
 * 03 reads within a 128 MB heap limit (not within 96 MB): the 512 MB default leaves four times that, and the
 * 60 s default four times its slowest read under load. The worker starts when a build takes its lock (`warm`), so
 * its start-up overlaps the build's own preparation.
 */
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { createError, ERROR_CODES, PolicyLensError, type ErrorCode } from '../errors.js';
import type { ReadOptions, ReadResult } from './read-file.js';

export interface ReadBounds {
  /** Wall-clock limit for reading one file, in milliseconds. */
  timeoutMs: number;
  /** Old-generation heap limit of the reading worker, in MB. */
  memoryMb: number;
}

/** 60 s: the 331-page 03 PDF reads in ≈ 5 s on a quiet 2-core machine and ≤ 15 s on a loaded one. */
export const DEFAULT_TIMEOUT_MS = 60_000;
/** 512 MB: 03, the largest real document here, reads within 128 MB of heap. */
export const DEFAULT_MEMORY_MB = 512;

export const TIMEOUT_ENV = 'POLICYLENS_FILE_TIMEOUT_MS';
export const MEMORY_ENV = 'POLICYLENS_FILE_MEMORY_MB';

/** How long a worker may take to start (load tsx and the reader) before the run gives up on it. */
const STARTUP_TIMEOUT_MS = 60_000;

/**
 * The bounds set in the environment (`POLICYLENS_FILE_TIMEOUT_MS`, `POLICYLENS_FILE_MEMORY_MB`); unset ones are
 * left out. Throws CONFIG_INVALID naming the variable when a value is not a positive whole number.
 */
export function readBoundsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<ReadBounds> {
  const out: Partial<ReadBounds> = {};
  const parse = (name: string, min: number): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw createError('CONFIG_INVALID', `${name}="${raw}" is not valid: give a whole number ≥ ${min}.`);
    return n;
  };
  const timeoutMs = parse(TIMEOUT_ENV, 1);
  const memoryMb = parse(MEMORY_ENV, 16);
  if (timeoutMs !== undefined) out.timeoutMs = timeoutMs;
  if (memoryMb !== undefined) out.memoryMb = memoryMb;
  return out;
}

export interface BoundedReaderOptions {
  /** Limits; unset ones come from the environment, then the defaults. */
  bounds?: Partial<ReadBounds>;
  /**
   * Module the worker loads, as a file URL or absolute path; it must export `readDocumentFile(path, options)`.
   * Default: read-file.ts. Tests inject readers that never finish or exhaust the heap.
   */
  module?: string;
}

interface Job {
  id: number;
  file: string;
  resolve: (r: ReadResult) => void;
  reject: (e: PolicyLensError) => void;
  timer: NodeJS.Timeout;
}

interface Reply {
  id: number;
  ok: boolean;
  result?: ReadResult;
  error?: { code: string | null; message: string };
}

/**
 * Reads files one at a time in a bounded worker. Call {@link close} when done (an idle worker does not keep the
 * process alive, but close frees it at once).
 *
 * @example
 * const reader = new BoundedReader({ bounds: { timeoutMs: 30_000 } });
 * try { const doc = await reader.read('corpus/03.pdf'); } finally { await reader.close(); }
 */
export class BoundedReader {
  readonly bounds: ReadBounds;
  private readonly module: string;
  private worker: Worker | null = null;
  private ready: Promise<Worker> | null = null;
  private job: Job | null = null;
  private nextId = 1;

  constructor(options: BoundedReaderOptions = {}) {
    const env = readBoundsFromEnv();
    this.bounds = {
      timeoutMs: options.bounds?.timeoutMs ?? env.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      memoryMb: options.bounds?.memoryMb ?? env.memoryMb ?? DEFAULT_MEMORY_MB,
    };
    this.module = options.module ?? new URL('./read-file.ts', import.meta.url).href;
    if (!this.module.startsWith('file:')) this.module = new URL(`file://${path.resolve(this.module)}`).href;
  }

  /** Read one file: the same result and errors as readDocumentFile, plus FILE_TIMEOUT and FILE_TOO_COMPLEX. */
  read(filePath: string, options: ReadOptions = {}): Promise<ReadResult> {
    return this.run(path.basename(filePath), { path: filePath, options });
  }

  /**
   * Read a document held in memory (an upload) as readDocumentBuffer does, under the same bounds; the format
   * comes from `file`'s extension. The bytes are copied to the worker.
   */
  async readBuffer(bytes: Uint8Array, file: string, options: ReadOptions = {}, signal?: AbortSignal): Promise<Omit<ReadResult, 'path'>> {
    const { path: _path, ...result } = await this.run(file, { bytes, file, options }, signal);
    return result;
  }

  /**
   * Sends one file to the worker. `signal` cancels the read (an upload whose client left): the job ends with
   * BAD_REQUEST at once and its worker is thrown away, instead of reading on until the time limit.
   */
  private async run(file: string, message: Record<string, unknown>, signal?: AbortSignal): Promise<ReadResult> {
    if (this.job) throw new Error('BoundedReader reads one file at a time');
    if (signal?.aborted) throw cancelledError(file);
    const worker = await this.start();
    if (signal?.aborted) throw cancelledError(file);
    return new Promise<ReadResult>((resolve, reject) => {
      const id = this.nextId++;
      const onAbort = () => {
        if (this.job?.id === id) this.fail(cancelledError(file));
      };
      const done = () => signal?.removeEventListener('abort', onAbort);
      const timer = setTimeout(() => this.fail(this.timeoutError(file)), this.bounds.timeoutMs);
      this.job = {
        id,
        file,
        resolve: (r) => {
          done();
          resolve(r);
        },
        reject: (e) => {
          done();
          reject(e);
        },
        timer,
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.ref();
      worker.postMessage({ id, ...message });
    });
  }

  /** Start the worker now, so that its start-up overlaps the caller's other work; reading starts it anyway. */
  warm(): void {
    this.start().catch(() => undefined);
  }

  /** Stop the worker. */
  async close(): Promise<void> {
    const w = this.worker;
    const ready = this.ready;
    this.worker = null;
    this.ready = null;
    if (!w) return;
    // A worker still starting (registering tsx's module hooks) can ignore terminate() for ever on Node 20: a
    // delete-only incremental build, which reads no file, closed the warmed worker seconds after starting it and
    // hung (the 100k bench died of it with exit code 13, the idle worker being unref'd). So it is let finish
    // starting first (bounded by the startup timeout), and held referenced until it is gone.
    await ready?.catch(() => undefined);
    w.ref();
    await w.terminate();
  }

  private start(): Promise<Worker> {
    if (this.ready) return this.ready;
    const worker = new Worker(new URL('./read-worker.mjs', import.meta.url), {
      // A bare isolate: read-worker.mjs registers tsx itself, whatever loaders the parent runs under.
      execArgv: [],
      workerData: { module: this.module },
      resourceLimits: { maxOldGenerationSizeMb: this.bounds.memoryMb },
    });
    this.worker = worker;
    this.ready = new Promise<Worker>((resolve, reject) => {
      const startup = setTimeout(() => {
        reject(new Error(`the file-reading worker did not start within ${STARTUP_TIMEOUT_MS / 1000} s`));
        this.discard(worker);
      }, STARTUP_TIMEOUT_MS);
      worker.on('message', (m: Reply | { type: 'ready' }) => {
        if ('type' in m) {
          clearTimeout(startup);
          worker.unref();
          resolve(worker);
          return;
        }
        this.settle(m);
      });
      worker.on('error', (e: Error & { code?: string }) => {
        clearTimeout(startup);
        if (this.worker !== worker) return;
        if (!this.job) {
          reject(new Error(`the file-reading worker failed to start: ${e.message}`));
          this.discard(worker);
          return;
        }
        const file = this.job.file;
        this.fail(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? this.memoryError(file) : createError('FILE_UNREADABLE', `${file} could not be read: the reader failed (${e.message}).`));
      });
      worker.on('exit', (code) => {
        clearTimeout(startup);
        if (this.worker !== worker) return;
        if (this.job) this.fail(createError('FILE_UNREADABLE', `${this.job.file} could not be read: the reader stopped (exit code ${code}).`));
        else {
          reject(new Error(`the file-reading worker exited while starting (exit code ${code})`));
          this.discard(worker);
        }
      });
    });
    // Not awaited by anyone when the worker is discarded while idle.
    this.ready.catch(() => undefined);
    return this.ready;
  }

  private settle(m: Reply): void {
    const job = this.job;
    if (!job || job.id !== m.id) return;
    clearTimeout(job.timer);
    this.job = null;
    this.worker?.unref();
    if (m.ok && m.result) job.resolve(m.result);
    else job.reject(createError(isErrorCode(m.error?.code) ? m.error.code : 'FILE_UNREADABLE', m.error?.message ?? `${job.file} could not be read.`));
  }

  /** End the current job with `error` and throw the worker away: the next file starts a fresh one. */
  private fail(error: PolicyLensError): void {
    const job = this.job;
    this.job = null;
    if (this.worker) this.discard(this.worker);
    if (!job) return;
    clearTimeout(job.timer);
    job.reject(error);
  }

  private discard(worker: Worker): void {
    if (this.worker === worker) {
      this.worker = null;
      this.ready = null;
    }
    void worker.terminate().catch(() => undefined);
  }

  private timeoutError(file: string): PolicyLensError {
    const s = formatSeconds(this.bounds.timeoutMs);
    return createError(
      'FILE_TIMEOUT',
      `${file} took longer than ${s} to read and was stopped: it may be damaged or unusually complex. Check it, or raise the limit with --file-timeout or ${TIMEOUT_ENV}.`,
    );
  }

  private memoryError(file: string): PolicyLensError {
    return createError(
      'FILE_TOO_COMPLEX',
      `${file} needed more than ${this.bounds.memoryMb} MB of memory to read and was stopped: it may be damaged or unusually complex. Check it, or raise the limit with --file-memory or ${MEMORY_ENV}.`,
    );
  }
}

function cancelledError(file: string): PolicyLensError {
  return createError('BAD_REQUEST', `Reading ${file} was cancelled: the request that sent it was closed.`);
}

function isErrorCode(code: string | null | undefined): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
