/**
 * The drafting desk's coverage and gaps (src/analysis/draft.ts `coverageAndGaps`), pure: a small matrix of two
 * measures and three cities, and draft clauses with their measures and instruments.
 */
import { describe, expect, it } from 'vitest';
import { coverageAndGaps, nearMissNote, usedInNote } from '../../src/analysis/draft.js';
import type { MatrixCell, MatrixResult, Measure } from '../../src/analysis/types.js';
import type { MeasureAssignment } from '../../src/analysis/matrix.js';

const fiscal: Measure = { id: 'fiscal-tax', name: '财政奖补与税收优惠', description: 'd', terms: ['奖补'], query: '奖补', instruments: ['subsidy', 'tax'] };
const green: Measure = { id: 'green-low-carbon', name: '绿色低碳', description: 'd', terms: ['绿色工厂'], query: '绿色工厂' };
const talent: Measure = { id: 'talent', name: '人才', description: 'd', terms: ['人才'], query: '人才', instruments: ['talent'] };

function cell(city: string, count: number): MatrixCell {
  const best = count ? { paragraphId: `${city}:p0001`, doc: { id: city, title: 't', city, date: null }, snippet: '……', highlights: [] } : null;
  return { city, count, coverage: count / 10, level: count ? 2 : 0, best } as MatrixCell;
}
const matrix = {
  cities: ['甲市', '乙市', '丙市'],
  rows: [fiscal, green, talent].map((measure) => ({ measure, cells: [cell('甲市', 2), cell('乙市', 1), cell('丙市', 0)] })),
  clauses: {},
  method: { zThreshold: 0, termBoost: 0, maxTermHits: 0, termlessZ: 0 },
} as unknown as MatrixResult;
const about = (measureId: string): MeasureAssignment => ({ measureId, score: 3, z: 2, cosine: 0.6, terms: [] });

describe('coverageAndGaps', () => {
  it('names the draft clauses that use a gap’s instruments in passing, grouped in one note', () => {
    const { coverage, gaps } = coverageAndGaps(
      [
        { n: 1, measures: [about('talent')], instruments: [{ id: 'subsidy', name: '资金奖补', terms: ['奖励'] }, { id: 'talent', name: '人才政策', terms: ['安家'] }] },
        { n: 2, measures: [], instruments: [] },
        { n: 3, measures: [], instruments: [{ id: 'subsidy', name: '资金奖补', terms: ['补贴', '奖励'] }, { id: 'tax', name: '税费优惠', terms: ['减免'] }] },
      ],
      matrix,
    );
    expect(coverage.map((c) => c.measure.id)).toEqual(['talent']);
    expect(gaps.map((g) => g.measure.id)).toEqual(['fiscal-tax', 'green-low-carbon']);
    const [fiscalGap, greenGap] = gaps;
    expect(fiscalGap!.usedIn).toEqual([
      { n: 1, instrument: '资金奖补', terms: ['奖励'] },
      { n: 3, instrument: '资金奖补', terms: ['补贴', '奖励'] },
      { n: 3, instrument: '税费优惠', terms: ['减免'] },
    ]);
    expect(fiscalGap!.note).toBe('草案第 1、3 条已用到资金奖补（奖励、补贴）、税费优惠（减免），但没有专讲这项措施的条款。');
    // A measure with no instruments, or whose instruments no clause uses, says nothing beside its gap.
    expect(greenGap!.usedIn).toEqual([]);
    expect(greenGap!.note).toBeNull();
    expect(gaps.every((g) => g.cities.map((c) => c.city).join() === '甲市,乙市')).toBe(true);
  });

  // Twenty-first session's drafter audit, finding 6: 创新平台与研发 was a gap with no word of the draft's 揭榜挂帅 and
  // 研发投入 clauses, which hold its seed terms and score under the bar.
  it('names the draft clauses that hold a gap’s seed terms but score under the bar, each with its score, without counting them', () => {
    const near = (measureId: string, score: number, terms: string[]): MeasureAssignment => ({ measureId, score, z: score - terms.length, cosine: 0.5, terms });
    const { coverage, gaps } = coverageAndGaps(
      [
        { n: 1, label: '第一条', measures: [], nearMisses: [near('green-low-carbon', 1.2053, ['绿色工厂'])] },
        { n: 2, label: '第二条', measures: [about('talent')], nearMisses: [near('green-low-carbon', 1.6, ['绿色工厂', '降碳']), near('talent', 2.1, ['人才'])] },
        // The second part of a long clause 2 is the same clause: named once, by its best part.
        { n: 3, label: '第二条', measures: [], nearMisses: [near('green-low-carbon', 0.4, ['降碳'])] },
      ],
      matrix,
      2,
      2.25,
    );
    expect(coverage.map((c) => c.measure.id)).toEqual(['talent']);
    const green = gaps.find((g) => g.measure.id === 'green-low-carbon')!;
    expect(green.nearMisses).toEqual([
      { n: 2, score: 1.6, z: -0.4, terms: ['绿色工厂', '降碳'], threshold: 2.25 },
      { n: 1, score: 1.205, z: 0.205, terms: ['绿色工厂'], threshold: 2.25 },
      { n: 3, score: 0.4, z: -0.6, terms: ['降碳'], threshold: 2.25 },
    ]);
    expect(green.note).toBe('草案第二条（绿色工厂、降碳，得分 1.60）、第一条（绿色工厂，得分 1.21）含这项措施的种子词，但得分低于归入线 2.25（得分 = 语义 z 分数 + 每个种子词加分），未计为这项措施。');
    // A measure the draft covers is no gap, whatever its near misses; a gap with none says nothing of them.
    expect(gaps.some((g) => g.measure.id === 'talent')).toBe(false);
    expect(gaps.find((g) => g.measure.id === 'fiscal-tax')!.nearMisses).toEqual([]);
    expect(nearMissNote({ nearMisses: [] })).toBeNull();
  });

  it('puts a gap’s two notes one after the other: instruments used in passing, then seed terms under the bar', () => {
    const { gaps } = coverageAndGaps(
      [{ n: 4, measures: [], instruments: [{ id: 'subsidy', name: '资金奖补', terms: ['奖补'] }], nearMisses: [{ measureId: 'fiscal-tax', score: 2.243, z: 1.243, cosine: 0.6, terms: ['奖补'] }] }],
      matrix,
    );
    expect(gaps.find((g) => g.measure.id === 'fiscal-tax')!.note).toBe(
      '草案第 4 条已用到资金奖补（奖补），但没有专讲这项措施的条款。草案第 4 条（奖补，得分 2.24）含这项措施的种子词，但得分低于归入线 2.25（得分 = 语义 z 分数 + 每个种子词加分），未计为这项措施。',
    );
  });

  it('a gap needs the minimum number of cities, and clauses without instruments still count for coverage', () => {
    const { coverage, gaps } = coverageAndGaps([{ n: 1, measures: [about('fiscal-tax')] }], matrix, 3);
    expect(coverage.map((c) => c.measure.id)).toEqual(['fiscal-tax']);
    expect(gaps).toEqual([]);
    expect(usedInNote({ usedIn: [] })).toBeNull();
  });
});
