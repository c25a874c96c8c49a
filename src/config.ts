/** Paths and settings read from the environment, in one place. */
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createError } from './errors.js';

/** The project root (the folder holding package.json). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export const MODEL_ID = 'BAAI/bge-small-zh-v1.5';
/** sha256 of onnx/model_quantized.onnx, pinned in scripts/fetch-model.mjs as well. */
export const MODEL_ONNX_SHA256 = '15b717c382bcb518ba457b93ea6850ede7f4f1cd8937454aa06972366cd19bcc';
export const MODEL_DIM = 512;

/** Folder that contains `BAAI/bge-small-zh-v1.5` (Transformers.js' `localModelPath`). */
export function modelsDir(): string {
  return resolve(process.env.POLICYLENS_MODELS ?? join(PROJECT_ROOT, 'models'));
}

/** The index folder served and written by default (`POLICYLENS_INDEX`, else `index/`). */
export function defaultIndexDir(): string {
  return resolve(process.env.POLICYLENS_INDEX ?? join(PROJECT_ROOT, 'index'));
}

export const DEFAULT_INPUT_DIRS = [join(PROJECT_ROOT, 'seeds')];

/**
 * Embedding sessions run side by side (`POLICYLENS_THREADS`), default one per core: each is a worker process with its
 * own ONNX session and one intra-op thread (measured faster than one session over every core; see README).
 */
export function embedWorkers(): number {
  const fallback = availableParallelism();
  const raw = process.env.POLICYLENS_THREADS;
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : fallback;
}

/**
 * The origin permalinks and exports are written with (`POLICYLENS_PUBLIC_URL`, e.g. https://policy.example.org): set it
 * behind a proxy, so that a link never takes the request's Host header, which a client chooses. Null when unset or
 * not an http(s) URL (`npm start` refuses such a value first: {@link checkPublicUrl}). Unset, a link takes the request's
 * Host header, and X-Forwarded-Host / X-Forwarded-Proto only when the app's `trust proxy` is set (createApp leaves it
 * unset), since any client can send them (src/server/api.ts `requestOrigin`).
 */
/**
 * POLICYLENS_PUBLIC_URL as `npm start` reads it before it serves: its origin, null when unset, and CONFIG_INVALID
 * naming the variable for a value that is no http(s) URL or that carries a path, query, fragment or credentials (the
 * pages' own links are rooted at /, so the app is served at its host's root; a path would be dropped without a word, and
 * a typo had let every link follow the Host header).
 * @example checkPublicUrl({ POLICYLENS_PUBLIC_URL: 'https://policy.example.org/' }) // 'https://policy.example.org'
 */
export function checkPublicUrl(env: NodeJS.ProcessEnv = process.env): string | null {
  const raw = env.POLICYLENS_PUBLIC_URL?.trim();
  if (!raw) return null;
  const refuse = (why: string) => createError('CONFIG_INVALID', `POLICYLENS_PUBLIC_URL="${raw.slice(0, 200)}" is not valid: ${why}. Give the origin links are written with, such as https://policy.example.org, or leave it unset to follow each request's Host header.`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('it is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse(`it is not http(s) but ${url.protocol.replace(/:$/, '')}`);
  if (url.username || url.password) throw refuse('it carries a user name or password');
  if (url.pathname !== '/' || url.search || url.hash) throw refuse('it has a path, query or fragment, and the app is served at the root of its host');
  return url.origin;
}

export function publicOrigin(env: NodeJS.ProcessEnv = process.env): string | null {
  const raw = env.POLICYLENS_PUBLIC_URL?.trim();
  if (!raw) return null;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}
