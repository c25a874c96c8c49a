/**
 * An engine over some of ../shared/external's documents, copied as written into a temporary folder and indexed with
 * the small fake embedder: for tests that need a real document's structure (the three 条例's articles, 款 and 项).
 * The files are read where they lie, never committed into the project.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config.js';
import { Engine } from '../../src/search/engine.js';
import { indexedEngine } from './indexed-engine.js';

/** ../shared/external beside the project (the worktrees of /tmp lie elsewhere: the shared folder's own path then); undefined without it. */
export const EXTERNAL = [join(PROJECT_ROOT, '..', 'shared', 'external'), '/work/shared/external'].find((d) => existsSync(join(d, '07-yantai-minying-jingji-cujin-tiaoli.md')));

/** Indexes `files` of ../shared/external; `dispose` closes the index and removes the folder. */
export async function externalEngine(files: readonly string[], prefix: string): Promise<{ engine: Engine; dispose: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, 'in'));
  for (const f of files) copyFileSync(join(EXTERNAL!, f), join(dir, 'in', f));
  return indexedEngine(join(dir, 'in'), dir);
}
