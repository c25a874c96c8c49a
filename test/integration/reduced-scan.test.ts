/**
 * Per-city rankings scan the clauses' 128-d projections first on big corpora (src/search/engine.ts `cityRankings`;
 * from 20,000 clauses), the full int8 vectors below that. With the real model and the seed index the reduced path is
 * forced on: each city holds fewer clauses than the path passes on to full scoring, so the two must agree exactly,
 * in comparisons and in "similar" (several source vectors: the clause and its sentences).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/search/engine.js';
import { seedEngine } from '../helpers/seed-index.js';

const DEV = join(import.meta.dirname, '../../../shared/eval/dev.json');

describe('per-city rankings over the 128-d projections', () => {
  let full: Engine;
  let reduced: Engine;
  const queries = (JSON.parse(readFileSync(DEV, 'utf8')) as { queries: { query: string }[] }).queries.slice(0, 8).map((q) => q.query);

  beforeAll(async () => {
    full = await seedEngine();
    reduced = await seedEngine({ reducedScanFrom: 0 });
  });

  it('give the same comparison columns as the full scan', async () => {
    for (const query of queries) {
      const a = await full.compare(query, { mode: 'hybrid', k: 3 });
      const b = await reduced.compare(query, { mode: 'hybrid', k: 3 });
      expect(b.columns.map((c) => c.results.map((h) => h.id)), query).toEqual(a.columns.map((c) => c.results.map((h) => h.id)));
    }
  });

  it('give the same counterparts from a clause and its sentences', async () => {
    const first = await full.search(queries[0]!, { mode: 'hybrid', k: 5 });
    for (const hit of first.results) {
      const a = await full.similar(hit.id, { k: 3 });
      const b = await reduced.similar(hit.id, { k: 3 });
      expect(b.columns.map((c) => c.results.map((h) => [h.id, h.score.toFixed(6)])), hit.id).toEqual(a.columns.map((c) => c.results.map((h) => [h.id, h.score.toFixed(6)])));
    }
  });
});
