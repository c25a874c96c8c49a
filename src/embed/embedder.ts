/**
 * Local sentence embeddings with bge-small-zh-v1.5 (int8 ONNX) through Transformers.js, on every core.
 *
 * The embedder runs `workers` model sessions side by side (worker processes, each with its own ONNX session; see
 * worker-pool.ts and embed-worker.ts for why not threads), and every session embeds ONE text per run, so a vector is the same whichever session made it
 * and whatever else was being embedded (the int8 model quantizes activations per run; batching changed vectors).
 *
 * How the cores are split (`npm run bench -- --parts embed`, seed paragraphs, 2-core machine): see README
 * "Speed and memory". Short runs parallelise poorly inside ONNX, so one intra-op thread per session and one
 * session per core beats one session with every core.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { MODEL_DIM, MODEL_ID, MODEL_ONNX_SHA256, embedWorkers, modelsDir } from '../config.js';
import { assertModelPresent } from './session.js';
import { EmbedDispatcher, ProcessSlot, mainThreadSlot, type EmbedSlot } from './worker-pool.js';

export interface EmbedderInfo {
  modelId: string;
  onnxSha256: string;
  dtype: 'q8';
  pooling: 'cls';
  dim: number;
  /** See embedRecipe(): part of every embedding's cache key. */
  recipe: string;
  transformersVersion: string;
  onnxruntimeVersion: string;
}

export interface Embedder {
  readonly info: EmbedderInfo;
  /** Embeds passages, one text per run spread over every session; returned in input order. */
  embed(texts: string[], onProgress?: (done: number) => void): Promise<Float32Array[]>;
  /** Embeds one query ahead of waiting passages; beyond a bounded queue it fails with BUSY, so memory stays bounded. */
  embedQuery(text: string): Promise<Float32Array>;
  dispose(): Promise<void>;
}

export interface EmbedderOptions {
  modelsDir?: string;
  /**
   * Model sessions run side by side (default `POLICYLENS_THREADS`, else the number of cores). Each is a worker
   * process with its own ONNX session; 0 runs a single session on the main thread (its ONNX runs still use their
   * own threads, but tokenizing and pooling then share the main thread's event loop).
   */
  workers?: number;
  /** ONNX intra-op threads per session (default 1 with workers; with `workers: 0`, the number of cores). */
  intraOpThreads?: number;
  /** Queries waiting beyond this many are refused with a 503 rather than queued without bound. */
  maxQueuedQueries?: number;
}

const require = createRequire(import.meta.url);

/**
 * How a stored vector was made: model, precision, pooling and batching (always one text per run). Part of the
 * embedding cache key, so that an index never mixes vectors made one way with query vectors made another.
 */
export function embedRecipe(): string {
  return `${MODEL_ID} q8 cls-normalised batch1`;
}

/** Versions recorded in every index manifest: vectors differ slightly between runtimes. */
export function runtimeVersions(): { transformersVersion: string; onnxruntimeVersion: string } {
  const ort = require('onnxruntime-node/package.json') as { version: string };
  // @huggingface/transformers does not export its package.json; read it next to the resolved entry point.
  const entry = require.resolve('@huggingface/transformers');
  const pkgPath = join(entry.slice(0, entry.lastIndexOf('node_modules') + 'node_modules'.length), '@huggingface', 'transformers', 'package.json');
  const tjs = JSON.parse(readFileSync(pkgPath, 'utf8')) as { version: string };
  return { transformersVersion: tjs.version, onnxruntimeVersion: ort.version };
}

/** Loads the model into every session. Fails with MODEL_MISSING and the command that fixes it. */
export async function createEmbedder(options: EmbedderOptions = {}): Promise<Embedder> {
  const dir = options.modelsDir ?? modelsDir();
  assertModelPresent(dir);
  const workers = Math.max(0, Math.floor(options.workers ?? embedWorkers()));
  let slots: EmbedSlot[];
  if (workers === 0) {
    slots = [await mainThreadSlot(dir, options.intraOpThreads ?? availableParallelism())];
  } else {
    const started = await Promise.allSettled(Array.from({ length: workers }, () => ProcessSlot.start({ modelsDir: dir, intraOpThreads: options.intraOpThreads ?? 1 })));
    slots = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) {
      await Promise.all(slots.map((s) => s.close()));
      throw failed.reason;
    }
  }
  const dispatcher = new EmbedDispatcher(slots, options.maxQueuedQueries ?? 256);
  const info: EmbedderInfo = { modelId: MODEL_ID, onnxSha256: MODEL_ONNX_SHA256, dtype: 'q8', pooling: 'cls', dim: MODEL_DIM, recipe: embedRecipe(), ...runtimeVersions() };

  // A window of texts in flight (a few per session) rather than one promise per text: a million texts to embed
  // do not become a million pending promises.
  const window = dispatcher.size * 4;
  const embed = async (texts: string[], onProgress?: (done: number) => void): Promise<Float32Array[]> => {
    const result: Float32Array[] = new Array(texts.length);
    let next = 0;
    let done = 0;
    let failed = false;
    const lane = async () => {
      while (next < texts.length && !failed) {
        const i = next++;
        try {
          result[i] = await dispatcher.submit(texts[i]!, 'passage');
        } catch (e) {
          failed = true; // the other lanes stop taking texts
          throw e;
        }
        onProgress?.(++done);
      }
    };
    await Promise.all(Array.from({ length: Math.min(window, texts.length) }, lane));
    return result;
  };

  return { info, embed, embedQuery: (text) => dispatcher.submit(text, 'query'), dispose: () => dispatcher.close() };
}
