/**
 * An engine over one compendium book of our own (COMPENDIUM_BOOK, its lines changed as a test needs), indexed with
 * the small fake embedder into a temporary folder: for tests of how card dates read.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '../../src/search/engine.js';
import { COMPENDIUM_BOOK } from './compendium-book.js';
import { indexedEngine } from './indexed-engine.js';
import { writeCorpus } from './policy-corpus.js';

/** Builds the book as `lines(COMPENDIUM_BOOK)` writes it; `dispose` removes the folder. */
export async function bookEngine(lines: (book: readonly string[]) => readonly string[]): Promise<{ engine: Engine; dispose: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'pl-book-'));
  const input = writeCorpus(join(dir, 'in'), { 'book.txt': lines(COMPENDIUM_BOOK).join('\n') + '\n' });
  return indexedEngine(input, dir);
}
