/**
 * A compendium card that cites one plan of a stated period (行动方案（2023-2025年）) and states no end of its own runs
 * out with the plan, as a document naming its period does (nineteenth session's researcher audit: 北京's cards citing
 * the 2023-2025 首都高质量发展 plan were in force in 2026, while 安徽's and 昆山's own ended plans were not).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/search/engine.js';
import { bookEngine } from '../helpers/book-engine.js';

describe('a compendium card citing a plan of a stated period', () => {
  let engine: Engine;
  let dispose = () => {};
  afterAll(() => dispose());
  beforeAll(async () => {
    // The 老旧厂房 card (发布日期 2023-09-26, 时间/频度 从2023年9月起) now cites a 2023-2025 plan.
    ({ engine, dispose } = await bookEngine((book) =>
      book.map((line) => (line === '依据文件 | 《关于印发嘉兴市老旧厂房改造项目支持办法的通知》' ? '依据文件 | 《嘉兴市老旧厂房改造提升行动方案（2023-2025年）》' : line)),
    ));
  });

  it('is in force within the plan\'s period and not after it', async () => {
    const found = async (inForce: string) =>
      (await engine.search('固定资产投资总额 投资补助', { mode: 'keyword', k: 10, inForce })).results.some((h) => h.text.includes('投资补助'));
    expect(engine.paragraph((await engine.search('投资补助', { mode: 'keyword', k: 1 })).results[0]!.id, 0).paragraph.source?.basis).toContain('2023-2025年');
    expect(await found('2025-06-01')).toBe(true);
    expect(await found('2026-06-01')).toBe(false);
  });
});
