/**
 * The measure bridge (src/search/measure-bridge.ts, issue 9) with the real model and the seed index: a plain-language
 * query is matched to its nearest measure, and the clauses holding that measure's terms are lifted in hybrid search
 * and compare; at weight 0, or below the minimum cosine, nothing changes. The query below was written for this test
 * (it is in none of the labeled sets).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMeasures, measureText } from '../../src/analysis/index.js';
import type { Engine } from '../../src/search/engine.js';
import { DEFAULT_TUNING } from '../../src/search/engine.js';
import { MeasureBridge, bridgeText, loadBridgeMeasures } from '../../src/search/measure-bridge.js';
import { foldTerm } from '../../src/text/highlight.js';
import { seedEngine, sharedEmbedder } from '../helpers/seed-index.js';

/** Plain language for 工业互联网 / 上云: it names neither. */
const QUERY = '企业想把设备联网、把业务搬到云上,政府有什么支持';

describe('the measure bridge', () => {
  let on: Engine;
  let off: Engine;
  let bridge: MeasureBridge;
  const measures = loadBridgeMeasures();
  const internet = measures.find((m) => m.id === 'industrial-internet')!;
  const holds = (text: string) => internet.terms.some((t) => foldTerm(text).includes(foldTerm(t)));

  beforeAll(async () => {
    on = await seedEngine();
    off = await seedEngine({ bridgeWeight: 0 });
    bridge = await MeasureBridge.create(measures, await sharedEmbedder(), {
      rowids: on.index.paragraphs.map((p) => p.rowid),
      foldedText: (rowid) => foldTerm(on.index.paragraphByRowid[rowid]!.text).replace(/\s+/gu, ''),
    });
  });

  it('reads the taxonomy the matrix reads and embeds each measure as the matrix does', () => {
    const analysis = loadMeasures();
    expect(measures.map((m) => m.id)).toEqual(analysis.map((m) => m.id));
    expect(measures.map(bridgeText)).toEqual(analysis.map(measureText));
  });

  it('is on by default, with the weight and minimum cosine chosen on dev and own', () => {
    expect(DEFAULT_TUNING.bridgeWeight).toBeGreaterThan(0);
    expect(DEFAULT_TUNING.bridgeMinCosine).toBeGreaterThan(0);
    expect(DEFAULT_TUNING.similarBridgeWeight).toBe(0);
  });

  it('matches a plain-language query to its nearest measure, above the minimum cosine', async () => {
    const near = bridge.nearest(await (await sharedEmbedder()).embedQuery(QUERY));
    expect(near.measure.id).toBe('industrial-internet');
    expect(near.cosine).toBeGreaterThanOrEqual(DEFAULT_TUNING.bridgeMinCosine);
  });

  it("ranks only clauses holding the measure's terms, those holding more distinct terms first", () => {
    const ranking = bridge.ranking(measures.indexOf(internet));
    expect(ranking.length).toBeGreaterThan(3);
    for (const r of ranking) {
      const text = on.index.paragraphByRowid[r.key]!.text;
      expect(holds(text)).toBe(true);
      expect(r.score).toBe(internet.terms.filter((t) => foldTerm(text).includes(foldTerm(t))).length);
    }
    expect(ranking.map((r) => r.score)).toEqual([...ranking.map((r) => r.score)].sort((a, b) => b - a));
  });

  it("lifts the clauses holding the measure's terms in hybrid search", async () => {
    const withBridge = (await on.search(QUERY, { mode: 'hybrid', k: 10 })).results;
    const without = (await off.search(QUERY, { mode: 'hybrid', k: 10 })).results;
    const count = (hits: { text: string }[], n: number) => hits.slice(0, n).filter((h) => holds(h.text)).length;
    expect(count(withBridge, 5)).toBeGreaterThan(count(without, 5));
    expect(count(withBridge, 10)).toBeGreaterThan(count(without, 10));
    // The clause on new information infrastructure (5G, 标识解析) shares no word with the query: the bridge lifts it
    // (to 11th from 18th at RRF k = 30).
    const infrastructure = (h: { text: string }) => h.text.includes('新型基础设施') && h.text.includes('标识解析');
    const at = async (engine: Engine) => (await engine.search(QUERY, { mode: 'hybrid', k: 30 })).results.findIndex(infrastructure);
    const [lifted, unlifted] = [await at(on), await at(off)];
    expect(lifted).toBeGreaterThanOrEqual(0);
    expect(unlifted === -1 || lifted < unlifted).toBe(true);
  });

  it("lifts them in the comparison's columns too", async () => {
    const count = (r: { columns: { results: { text: string }[] }[] }) => r.columns.reduce((s, c) => s + c.results.filter((h) => holds(h.text)).length, 0);
    const withBridge = await on.compare(QUERY, { mode: 'hybrid', k: 3 });
    const without = await off.compare(QUERY, { mode: 'hybrid', k: 3 });
    expect(count(withBridge)).toBeGreaterThanOrEqual(count(without));
    expect(withBridge.columns.map((c) => c.results.map((h) => h.id))).not.toEqual(without.columns.map((c) => c.results.map((h) => h.id)));
  });

  it('changes nothing below the minimum cosine, in keyword or semantic mode, or at weight 0', async () => {
    const ids = async (e: Engine, mode: 'hybrid' | 'keyword' | 'semantic') => (await e.search(QUERY, { mode, k: 10 })).results.map((h) => h.id);
    const unreachable = await seedEngine({ bridgeMinCosine: 0.99 });
    expect(await ids(unreachable, 'hybrid')).toEqual(await ids(off, 'hybrid'));
    expect(await ids(on, 'keyword')).toEqual(await ids(off, 'keyword'));
    expect(await ids(on, 'semantic')).toEqual(await ids(off, 'semantic'));
    expect(await ids(on, 'hybrid')).not.toEqual(await ids(off, 'hybrid'));
  });
});
