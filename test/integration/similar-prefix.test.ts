/**
 * Asking "similar" for more counterparts never reorders the first ones: the first 3 of a k = 10 or k = 25 answer are
 * the k = 3 answer (the paragraph page's and the API's default), and the first 10 of k = 25 the k = 10 answer (up to
 * k = 25 the continuing vector ranking has one depth). With
 * the real model and the seed index, over every 5th clause. It failed before the fusion's depth stopped following k:
 * 18 of 236 columns' first 3 changed between k = 3 and k = 10 over the labeled pairs' sources.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/search/engine.js';
import { seedEngine } from '../helpers/seed-index.js';

describe('"similar": a longer answer starts with the shorter one', () => {
  let engine: Engine;
  let sources: string[];

  beforeAll(async () => {
    engine = await seedEngine();
    const documents = engine.corpus().documents;
    sources = documents.flatMap((d) => engine.document(d.id).paragraphs.map((p) => p.id)).filter((_, i) => i % 5 === 0);
    expect(sources.length).toBeGreaterThan(40);
  });

  it('keeps every column’s first 3 (k 3 against 10 and 25) and first 10 (k 10 against 25)', async () => {
    const firsts = async (id: string, k: number, n: number) => (await engine.similar(id, { k })).columns.map((c) => `${c.city}: ${c.results.slice(0, n).map((h) => h.id).join(' ')}`);
    const changed: string[] = [];
    for (const id of sources) {
      const [k3, k10, k25] = [await firsts(id, 3, 3), await firsts(id, 10, 3), await firsts(id, 25, 3)];
      const [t10, t25] = [await firsts(id, 10, 10), await firsts(id, 25, 10)];
      if (k10.join() !== k3.join() || k25.join() !== k3.join() || t25.join() !== t10.join()) changed.push(id);
    }
    expect(changed).toEqual([]);
  });

  it('still fills a long answer past the fused lists from the deeper vector ranking', async () => {
    const answer = await engine.similar(sources[0]!, { k: 50 });
    expect(Math.max(...answer.columns.map((c) => c.results.length))).toBeGreaterThan(40);
  });
});
