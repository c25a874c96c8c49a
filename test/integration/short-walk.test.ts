/**
 * When the HNSW walk comes back with fewer clauses than asked (at 1M synthetic paragraphs it returned 187 of 800 for a
 * clause copied into many documents), `vectorRanking` takes its candidates from the 128-d scan the per-city rankings
 * use (`scanCandidates`) instead of an exact pass over every clause the filter passes (169 ms at 1M). With the real
 * model and the seed index, the walk is cut short on purpose: semantic search and pasted text (whose feedback pass
 * refuses the source's document) must answer as they do with the whole walk, without the exact pass.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/search/engine.js';
import { seedEngine } from '../helpers/seed-index.js';

const DEV = join(import.meta.dirname, '../../../shared/eval/dev.json');

type Ranked = { key: number; score: number };
interface Internals {
  graphCandidates(vector: Float32Array, n: number): Ranked[];
  exactRanking(vector: Float32Array, rows: readonly number[], base: unknown, depth: number): Ranked[];
  scanCandidates(vector: Float32Array, n: number): Ranked[];
}

describe('a graph walk that comes back short', () => {
  let whole: Engine;
  let short: Engine;
  const exactRows: number[] = [];
  let shortWalks = 0;
  let scans = 0;
  const queries = (JSON.parse(readFileSync(DEV, 'utf8')) as { queries: { query: string }[] }).queries.map((q) => q.query);

  beforeAll(async () => {
    // The graph walk (not the small-corpus exact scan) and the reduced scan, on the seeds' few hundred clauses.
    whole = await seedEngine({ exactScanBelow: 0, reducedScanFrom: 0 });
    short = await seedEngine({ exactScanBelow: 0, reducedScanFrom: 0 });
    const internals = short as unknown as Internals;
    const walk = internals.graphCandidates.bind(short);
    internals.graphCandidates = (vector, n) => {
      shortWalks++;
      return walk(vector, n).slice(0, 10);
    };
    const exact = internals.exactRanking.bind(short);
    internals.exactRanking = (vector, rows, base, depth) => {
      exactRows.push(rows.length);
      return exact(vector, rows, base, depth);
    };
    const scan = internals.scanCandidates.bind(short);
    internals.scanCandidates = (vector, n) => {
      scans++;
      return scan(vector, n);
    };
  });

  it('ranks a semantic search as the whole walk does', async () => {
    for (const query of queries) {
      const a = await whole.search(query, { mode: 'semantic', k: 10 });
      const b = await short.search(query, { mode: 'semantic', k: 10 });
      expect(b.results.map((h) => h.id), query).toEqual(a.results.map((h) => h.id));
    }
    expect(shortWalks).toBeGreaterThanOrEqual(queries.length);
    expect(scans).toBe(shortWalks);
  });

  it("ranks pasted text (feedback without the source's document) as the whole walk does, without an exact pass", async () => {
    exactRows.length = 0;
    const scansBefore = scans;
    const sources = whole.index.paragraphs.filter((p) => !p.duplicateOf && p.text.length > 40).filter((_, i) => i % 25 === 0);
    expect(sources.length).toBeGreaterThan(5);
    for (const p of sources) {
      const text = p.text.slice(0, 60);
      const a = await whole.similarText(text, { k: 3, exclude: p.id });
      const b = await short.similarText(text, { k: 3, exclude: p.id });
      expect(b.columns.map((c) => [c.city, c.results.map((h) => h.id)]), p.id).toEqual(a.columns.map((c) => [c.city, c.results.map((h) => h.id)]));
    }
    expect(scans - scansBefore).toBeGreaterThanOrEqual(sources.length);
    expect(exactRows).toEqual([]);
  });
});
