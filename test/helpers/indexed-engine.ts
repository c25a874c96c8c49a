/**
 * An engine over a folder of documents, indexed with the small fake embedder into `dir/out`: what the test engines over
 * our own book (book-engine.ts) and over ../shared/external's files (external-engine.ts) share. `dispose` closes the
 * index and removes `dir`.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildIndex } from '../../src/index/build.js';
import { openIndex } from '../../src/index/reader.js';
import { Engine } from '../../src/search/engine.js';
import { createRuntimeFakeEmbedder } from './fake-embedder.js';

export async function indexedEngine(input: string, dir: string): Promise<{ engine: Engine; dispose: () => void }> {
  await buildIndex({ inputs: [input], out: join(dir, 'out'), embedder: createRuntimeFakeEmbedder() });
  const index = openIndex(join(dir, 'out'));
  return {
    engine: new Engine(index, createRuntimeFakeEmbedder()),
    dispose: () => {
      index.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
