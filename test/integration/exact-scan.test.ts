/**
 * Below `exactScanBelow` vector slots (1,024) a ranking's candidates come from an exact int8 scan of every clause
 * instead of the HNSW graph (src/search/engine.ts `graphCandidates`): on the seeds' 266 clauses the graph walk and
 * the query's projection cost more than the scan. With the real model and the seed index, both paths must give
 * the same first ten results to every dev query, in semantic and hybrid search.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/search/engine.js';
import { seedEngine } from '../helpers/seed-index.js';

const DEV = join(import.meta.dirname, '../../../shared/eval/dev.json');

describe('candidates from an exact scan on a small corpus', () => {
  let scan: Engine;
  let graph: Engine;
  const queries = (JSON.parse(readFileSync(DEV, 'utf8')) as { queries: { query: string }[] }).queries.map((q) => q.query);

  beforeAll(async () => {
    scan = await seedEngine();
    graph = await seedEngine({ exactScanBelow: 0 });
  });

  it('is what the seed index uses', () => {
    expect(scan.tuning.exactScanBelow).toBeGreaterThan(scan.index.paragraphVectors.count);
  });

  it("gives the graph's first ten results, in semantic and hybrid search", async () => {
    for (const query of queries) {
      for (const mode of ['semantic', 'hybrid'] as const) {
        const a = await graph.search(query, { mode, k: 10 });
        const b = await scan.search(query, { mode, k: 10 });
        expect(b.results.map((h) => h.id), `${mode}: ${query}`).toEqual(a.results.map((h) => h.id));
      }
    }
  });
});
