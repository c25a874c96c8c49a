/**
 * An engine over one compendium book of our own (COMPENDIUM_BOOK, its lines changed as a test needs), indexed with
 * the small fake embedder into a temporary folder: for tests of how card dates read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIndex } from '../../src/index/build.js';
import { openIndex } from '../../src/index/reader.js';
import { Engine } from '../../src/search/engine.js';
import { COMPENDIUM_BOOK } from './compendium-book.js';
import { createRuntimeFakeEmbedder } from './fake-embedder.js';
import { writeCorpus } from './policy-corpus.js';

/** Builds the book as `lines(COMPENDIUM_BOOK)` writes it; `dispose` removes the folder. */
export async function bookEngine(lines: (book: readonly string[]) => readonly string[]): Promise<{ engine: Engine; dispose: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'pl-book-'));
  const input = writeCorpus(join(dir, 'in'), { 'book.txt': lines(COMPENDIUM_BOOK).join('\n') + '\n' });
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
