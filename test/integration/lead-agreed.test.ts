/**
 * The clause first in both the keyword and the vector ranking leads what a user sees (src/search/fusion.ts
 * `leadAgreed`), in search, in each comparison column and in a sentence's counterparts, with the real model over the
 * seed index and the queries of our own and tuning sets. The same engine without the rule breaks it somewhere, so the
 * check can fail.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import type { Engine } from '../../src/search/engine.js';
import { parseRelevanceSet } from '../../src/search/evaluate.js';
import type { Hit } from '../../src/search/types.js';
import { seedEngine } from '../helpers/seed-index.js';

const queries = ['relevance-own.json', 'relevance-tune.json'].flatMap(
  (file) => parseRelevanceSet(JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/fixtures', file), 'utf8')), file).queries.map((q) => q.query),
);

/** Lists where a clause first in both rankings stands behind one that is no exact phrase hit. */
function misordered(lists: Hit[][]): number {
  return lists.filter((hits) => {
    const at = hits.findIndex((h) => h.why.keywordRank === 1 && h.why.vectorRank === 1);
    return at > 0 && hits.slice(0, at).some((h) => !h.why.phrase);
  }).length;
}

async function lists(engine: Engine): Promise<{ search: Hit[][]; compare: Hit[][] }> {
  const search: Hit[][] = [];
  const compare: Hit[][] = [];
  for (const q of queries) {
    search.push((await engine.search(q, { mode: 'hybrid', k: 10 })).results);
    for (const c of (await engine.compare(q, { mode: 'hybrid', k: 3 })).columns) compare.push(c.results);
  }
  return { search, compare };
}

describe('the clause both rankings put first leads', () => {
  let on: Engine;
  let off: Engine;
  beforeAll(async () => {
    on = await seedEngine();
    off = await seedEngine({ leadAgreed: false });
  });

  it('in search and in every comparison column, over our own and tuning sets’ queries', async () => {
    expect(queries.length).toBeGreaterThan(60);
    const [a, b] = [await lists(on), await lists(off)];
    expect(misordered(a.search)).toBe(0);
    expect(misordered(a.compare)).toBe(0);
    // Without the rule the fused order had put another clause first somewhere.
    expect(misordered(b.search) + misordered(b.compare)).toBeGreaterThan(0);
  });
});
