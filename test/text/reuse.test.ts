import { describe, expect, it } from 'vitest';
import { contentChars, contentGrams, gramContainment, reuseShare } from '../../src/text/reuse.js';

describe('reuse by character 4-gram containment', () => {
  it('reads content characters only, folded', () => {
    expect(contentChars('首台（套）ＡＢ, 1')).toEqual(['首', '台', '套', 'a', 'b', '1']);
    expect([...contentGrams('支持企业上市')]).toEqual(['支持企业', '持企业上', '企业上市']);
    expect(contentGrams('企业')).toEqual(new Set());
  });

  it('is 1 for a copy (whatever the punctuation and width), and the share of the clause found in a longer one', () => {
    expect(reuseShare('对首台(套)重大技术装备给予保费补贴。', '对首台（套）重大技术装备给予保费补贴')).toBe(1);
    const lifted = '优先采购首台(套)重大装备及关键零部件等自主新产品';
    expect(reuseShare(lifted, `定期发布推荐目录，在重点项目建设中，${lifted}。实施示范应用项目。`)).toBe(1);
    // Containment, not similarity: the long clause holds little of itself in the short one.
    expect(reuseShare(`定期发布推荐目录，在重点项目建设中，${lifted}。实施示范应用项目。`, lifted)).toBeLessThan(0.6);
  });

  it('reads a copy in traditional script as a copy', () => {
    expect(reuseShare('對首台（套）重大技術裝備給予保費補貼。', '对首台(套)重大技术装备给予保费补贴')).toBe(1);
    expect(contentChars('專精特新')).toEqual(['专', '精', '特', '新']);
  });

  it('is low for two clauses on one topic written apart', () => {
    expect(reuseShare('支持企业建设智能工厂，按设备投资额的10%给予补助。', '鼓励企业实施智能化改造，对符合条件的项目给予奖励。')).toBeLessThan(0.2);
    expect(gramContainment(new Set(), new Set(['abcd']))).toBe(0);
  });
});
