/**
 * The drafting desk's coverage and gaps (src/analysis/draft.ts `coverageAndGaps`), pure: a small matrix of two
 * measures and three cities, and draft clauses with their measures and instruments.
 */
import { describe, expect, it } from 'vitest';
import { coverageAndGaps, usedInNote } from '../../src/analysis/draft.js';
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

  it('a gap needs the minimum number of cities, and clauses without instruments still count for coverage', () => {
    const { coverage, gaps } = coverageAndGaps([{ n: 1, measures: [about('fiscal-tax')] }], matrix, 3);
    expect(coverage.map((c) => c.measure.id)).toEqual(['fiscal-tax']);
    expect(gaps).toEqual([]);
    expect(usedInNote({ usedIn: [] })).toBeNull();
  });
});
