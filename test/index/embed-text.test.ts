import { describe, expect, it } from 'vitest';
import { composeEmbedText } from '../../src/index/embed-text.js';

describe('composeEmbedText', () => {
  const clause = { text: '支持企业建设智能工厂和数字化车间。', sectionPath: ['二、重点任务', '(四)深化产业智改数转'], kind: 'text' as const };

  it('is the clause alone without context', () => {
    expect(composeEmbedText(clause, 'none')).toBe(clause.text);
  });

  it('prefixes the nearest headings without their numbering', () => {
    expect(composeEmbedText(clause, 'section')).toBe('重点任务 深化产业智改数转：支持企业建设智能工厂和数字化车间。');
  });

  it('does not repeat a heading the clause already opens with', () => {
    const opening = { text: '(二)强化基金引导。强化产业基金支撑。', sectionPath: ['四、保障措施', '(二)强化基金引导'], kind: 'text' as const };
    expect(composeEmbedText(opening, 'section')).toBe('保障措施：(二)强化基金引导。强化产业基金支撑。');
  });

  it('gives a table row its header', () => {
    const row = { text: '6 | 规上工业亩均税收(万元/亩) | 35 | 36 | 37 |', sectionPath: ['附件1'], kind: 'table-row' as const, columns: ['序号', '二级指标', '2023年', '2025年', '2027年'] };
    expect(composeEmbedText(row, 'none')).toBe('序号 | 二级指标 | 2023年 | 2025年 | 2027年\n6 | 规上工业亩均税收(万元/亩) | 35 | 36 | 37 |');
  });
});
