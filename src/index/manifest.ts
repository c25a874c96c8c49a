/**
 * index/manifest.json: the commit point of an index. A build is written into index/builds/<id>/ and becomes the
 * served index only when the manifest that names it is renamed into place, so a failed or killed run never
 * leaves a half-built index behind the manifest.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createError } from '../errors.js';
import { SCHEMA_VERSION } from './store.js';
import type { HnswParams } from './vectors.js';
import type { EmbedderInfo } from '../embed/embedder.js';

export interface IndexManifest {
  schemaVersion: number;
  /** Folder of the build, relative to the index folder: `builds/<id>`. */
  build: string;
  builtAt: string;
  buildSeconds: number;
  model: Pick<EmbedderInfo, 'modelId' | 'onnxSha256' | 'dtype' | 'pooling' | 'dim'>;
  runtime: { transformers: string; onnxruntime: string; node: string };
  /** Hash of the text-processing code and data (src/text, dictionary): a change makes the index stale. */
  pipelineHash: string;
  /** How the embedded text was composed (see src/index/embed-text.ts). */
  embedContext: string;
  hnsw: HnswParams;
  counts: { documents: number; sections: number; paragraphs: number; duplicates: number; vectors: number; embedded: number; reused: number };
  documents: { id: string; file: string; path: string; sha256: string; paragraphs: number }[];
  /** Input folders the build read (absolute), for the staleness check. */
  inputs: string[];
  /** Corpus manifests of the input folders, whose changes also make the index stale. */
  inputManifests: { path: string; sha256: string }[];
  /** Files that were skipped, with why. */
  skipped: { file: string; code: string; message: string }[];
}

export const MANIFEST_FILE = 'manifest.json';

export function readManifest(indexDir: string): IndexManifest | null {
  const path = join(indexDir, MANIFEST_FILE);
  if (!existsSync(path)) return null;
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as IndexManifest;
    if (typeof m.build !== 'string' || typeof m.schemaVersion !== 'number') throw new Error('missing fields');
    return m;
  } catch (e) {
    throw createError('INDEX_CORRUPT', `${path} is not a valid index manifest (${(e as Error).message}). Run \`npm run index -- --rebuild\`.`);
  }
}

/** Atomic: write beside, then rename over. */
export function writeManifest(indexDir: string, manifest: IndexManifest): void {
  const path = join(indexDir, MANIFEST_FILE);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(manifest, null, 2) + '\n');
  renameSync(tmp, path);
}

/**
 * Refuses an index that this code cannot read correctly: another schema, another model, or another runtime
 * (vectors differ slightly between onnxruntime versions, so query vectors would not match the stored ones).
 */
export function checkCompatible(m: IndexManifest, expected: { modelId: string; onnxSha256: string; transformers: string; onnxruntime: string }): void {
  const fix = 'Run `npm run index -- --rebuild` to rebuild it with this version.';
  if (m.schemaVersion !== SCHEMA_VERSION) {
    throw createError('INDEX_MISMATCH', `The index has schema version ${m.schemaVersion}; this PolicyLens reads version ${SCHEMA_VERSION}. ${fix}`);
  }
  if (m.model.modelId !== expected.modelId || m.model.onnxSha256 !== expected.onnxSha256) {
    throw createError('INDEX_MISMATCH', `The index was built with model ${m.model.modelId} (${m.model.onnxSha256.slice(0, 12)}…), not ${expected.modelId} (${expected.onnxSha256.slice(0, 12)}…). ${fix}`);
  }
  if (m.runtime.transformers !== expected.transformers || m.runtime.onnxruntime !== expected.onnxruntime) {
    throw createError(
      'INDEX_MISMATCH',
      `The index was built with Transformers.js ${m.runtime.transformers} / onnxruntime ${m.runtime.onnxruntime}; this install has ${expected.transformers} / ${expected.onnxruntime}. ${fix}`,
    );
  }
}
