/**
 * Which words of a query are marked in its hits, on the seed corpus with the real model (src/text/highlight.ts
 * `joinUnits`; src/text/segment.ts `closeAmpersands`): a number with its classifier whole (2025年, never its 2025
 * alone), and R & D and R＆D read as R&D on every side. Found by the twenty-second session's audits.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/search/engine.js';
import type { Hit, SearchMode } from '../../src/search/types.js';
import { seedEngine } from '../helpers/seed-index.js';

const marked = (hit: Hit): string[] => hit.highlights.map(([a, b]) => hit.text.slice(a, b));
const MODES: SearchMode[] = ['keyword', 'semantic', 'hybrid'];

describe('the marks of a query', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await seedEngine();
  }, 600_000);

  it('marks 2025年 whole wherever a hit writes it, and never the 2025 of it alone (verifying audit, s22)', async () => {
    for (const mode of ['keyword', 'hybrid'] as const) {
      const { results } = await engine.search('2025年目标', { mode, k: 20 });
      const withYear = results.filter((h) => h.text.includes('2025年'));
      expect(withYear.length, mode).toBeGreaterThan(0);
      for (const h of withYear) expect(marked(h).some((m) => m.includes('2025年')), `${mode} ${h.id}: ${JSON.stringify(marked(h))}`).toBe(true);
      for (const h of results) for (const m of marked(h)) if (m.includes('2025')) expect(m, `${mode} ${h.id}`).toContain('2025年');
      for (const h of withYear) expect(h.why.terms, h.id).toContain('2025年');
    }
  }, 120_000);

  it('reads R & D and R＆D as R&D in every mode: the same hits, the same words (verifying audit, s22: R & D was three words)', async () => {
    for (const mode of MODES) {
      const as = async (q: string) => (await engine.search(q, { mode, k: 10 })).results.map((h) => [h.id, h.why.terms.join('|')]);
      const written = await as('R&D投入强度');
      expect(written.length, mode).toBeGreaterThan(0);
      expect(await as('R & D投入强度'), mode).toEqual(written);
      expect(await as('R＆D投入强度'), mode).toEqual(written);
    }
    expect((await engine.search('R & D投入强度', { mode: 'hybrid', k: 10 })).query).toBe('R & D投入强度');
  }, 120_000);
});
