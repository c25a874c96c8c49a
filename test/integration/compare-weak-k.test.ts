/**
 * A comparison column's weak flag (未见相近条款) reads its first three clauses, as it was judged and calibrated, so
 * asking for more (显示更多, k = 8) never changes it: an unrelated fourth clause had cleared 昆山's flag (twentieth
 * session's researcher audit). Real model, seed index, the queries of our own and tuning sets.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import type { Engine } from '../../src/search/engine.js';
import { parseRelevanceSet } from '../../src/search/evaluate.js';
import { seedEngine } from '../helpers/seed-index.js';

const queries = ['relevance-own.json', 'relevance-tune.json'].flatMap(
  (file) => parseRelevanceSet(JSON.parse(readFileSync(join(PROJECT_ROOT, 'test/fixtures', file), 'utf8')), file).queries.map((q) => q.query),
);

describe('a comparison column’s weak flag', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await seedEngine();
  });

  it('is the same whether three or eight clauses are asked for', async () => {
    const changed: string[] = [];
    let columns = 0;
    for (const q of queries) {
      const [three, eight] = [await engine.compare(q, { mode: 'hybrid', k: 3 }), await engine.compare(q, { mode: 'hybrid', k: 8 })];
      for (const c of three.columns) {
        columns++;
        const more = eight.columns.find((x) => x.city === c.city)!;
        expect(more.results.slice(0, 3).map((h) => h.id), `${q} ${c.city}`).toEqual(c.results.map((h) => h.id));
        if (more.weak !== c.weak) changed.push(`${q} ${c.city}`);
      }
    }
    expect(columns).toBeGreaterThan(250);
    expect(changed).toEqual([]);
  });
});
