/**
 * Clauses that hold the whole query as written come first (src/search/fusion.ts `exact`), whatever their fused score;
 * each such hit says so (`why.phrase`), so that a page can explain why a lower score ranks above a higher one
 * (eighteenth session's researcher audit: the search page's scores had not followed the rank, unexplained).
 */
import { describe, expect, it } from 'vitest';
import { foldTerm } from '../../src/text/highlight.js';
import { seedEngine } from '../helpers/seed-index.js';

describe('exact phrase hits', () => {
  it('come first and are marked, in hybrid and keyword mode; semantic mode pins nothing', async () => {
    const engine = await seedEngine();
    for (const mode of ['hybrid', 'keyword'] as const) {
      const { results } = await engine.search('专精特新企业', { mode, k: 30 });
      const marked = results.map((h) => h.why.phrase === true);
      expect(marked.some(Boolean), mode).toBe(true);
      expect(marked.some((m) => !m), mode).toBe(true);
      // Every marked hit holds the phrase, and none comes after an unmarked one.
      for (const h of results.filter((x) => x.why.phrase)) expect(foldTerm(h.text).replace(/\s+/g, ''), mode).toContain('专精特新企业');
      expect(marked.indexOf(false), mode).toBeGreaterThan(marked.lastIndexOf(true));
    }
    const semantic = await engine.search('专精特新企业', { mode: 'semantic', k: 10 });
    expect(semantic.results.every((h) => h.why.phrase === undefined)).toBe(true);
  }, 120_000);
});
