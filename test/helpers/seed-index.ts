/**
 * The seed corpus indexed with the real model, shared by the integration tests. Built once into .tmp/seed-index
 * (incrementally: a re-run with nothing changed embeds nothing) and opened per test file.
 */
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config.js';
import { createEmbedder, type Embedder } from '../../src/embed/embedder.js';
import { buildIndex, staleReason, type BuildSummary } from '../../src/index/build.js';
import { Engine, type SearchTuning } from '../../src/search/engine.js';
import { openIndex } from '../../src/index/reader.js';

export const SEED_DIR = join(PROJECT_ROOT, 'seeds');
export const SEED_INDEX_DIR = join(PROJECT_ROOT, '.tmp', 'seed-index');

let embedder: Promise<Embedder> | null = null;
export function sharedEmbedder(): Promise<Embedder> {
  embedder ??= createEmbedder();
  return embedder;
}

/** Ensures the shared seed index is current; returns the build summary when it had to build. */
export async function ensureSeedIndex(): Promise<BuildSummary | null> {
  if (!staleReason(SEED_INDEX_DIR, [SEED_DIR])) return null;
  return buildIndex({ inputs: [SEED_DIR], out: SEED_INDEX_DIR, embedder: await sharedEmbedder() });
}

export async function seedEngine(tuning: Partial<SearchTuning> = {}): Promise<Engine> {
  await ensureSeedIndex();
  return new Engine(openIndex(SEED_INDEX_DIR), await sharedEmbedder(), tuning);
}
