/**
 * How much of a large corpus's targets the /targets page lays out (src/server/pages.ts): each side-by-side cell its
 * first few targets and a count of the rest, the full table its first rows under their groups. Pure, on hand-made rows.
 */
import { describe, expect, it } from 'vitest';
import type { TargetRow, TargetsResult } from '../../src/analysis/types.js';
import { crossCityGroups, placesWithoutTargets, shownTargetGroups } from '../../src/server/pages.js';

function row(id: string, city: string, group: string, scope: string | null = null): TargetRow {
  return {
    id, paragraphId: `${id}:p`, doc: { id: `doc-${city}`, file: `${city}.txt`, title: null, city, level: null, date: null }, planPeriod: null,
    indicator: '研发投入强度', value: 3, range: null, unit: '%', base: null, qualifier: null, bound: null, cumulative: false, annual: false,
    year: null, scope, span: [0, 1], text: '研发投入强度达到3%', group, restatements: [],
  } as unknown as TargetRow;
}

const targets = [
  ...Array.from({ length: 8 }, (_, i) => row(`a${i}`, '甲市', 'g1')),
  row('a8', '甲市', 'g1', '某街道'),
  row('a9', '甲市', 'g1', '某园区'),
  row('b0', '乙市', 'g1'),
  row('c0', '甲市', 'g2'),
];
const result: TargetsResult = {
  targets,
  groups: [
    { id: 'g1', label: '研发投入强度', cities: ['甲市', '乙市'], units: ['%'], bases: [], count: 11 },
    { id: 'g2', label: '其他', cities: ['甲市'], units: ['%'], bases: [], count: 1 },
  ],
};

describe('the /targets page on many targets', () => {
  it('lists a cell’s first targets and counts the rest, whole-document and scoped apart', () => {
    const [g] = crossCityGroups(result, ['甲市', '乙市', '丙市'], 4);
    expect(g!.id).toBe('g1');
    const [a, b, c] = g!.columns;
    expect(a).toMatchObject({ city: '甲市', more: 4, scoped: 2 });
    expect(a!.targets.map((t) => t.id)).toEqual(['a0', 'a1', 'a2', 'a3']);
    expect(b).toMatchObject({ city: '乙市', more: 0, scoped: 0 });
    expect(b!.targets.map((t) => t.id)).toEqual(['b0']);
    expect(c).toMatchObject({ city: '丙市', targets: [], more: 0, scoped: 0 });
    // A group in one place only is no comparison.
    expect(crossCityGroups(result, ['甲市', '乙市']).map((x) => x.id)).toEqual(['g1']);
    // Laid out once per table and places: a repeat is the same answer, other places another.
    expect(crossCityGroups(result, ['甲市', '乙市', '丙市'], 4)).toBe(crossCityGroups(result, ['甲市', '乙市', '丙市'], 4));
    expect(crossCityGroups(result, ['乙市', '甲市'])[0]!.columns.map((c) => c.city)).toEqual(['乙市', '甲市']);
  });

  it('lays out a group of one place too when asked (a `q`), after the cross-city groups (twenty-first analyst audit, finding 8)', () => {
    expect(crossCityGroups(result, ['甲市', '乙市'], 4, true).map((x) => x.id)).toEqual(['g1', 'g2']);
    const [, one] = crossCityGroups(result, ['甲市', '乙市'], 4, true);
    expect(one!.columns.map((c) => [c.city, c.targets.map((t) => t.id)])).toEqual([['甲市', ['c0']], ['乙市', []]]);
    // Laid out apart from the cross-city table of the same places.
    expect(crossCityGroups(result, ['甲市', '乙市'], 4).map((x) => x.id)).toEqual(['g1']);
    expect(placesWithoutTargets(result, ['甲市', '乙市', '丙市'])).toEqual(['丙市']);
  });

  it('counts a 全市 column\'s target as the place\'s own, not as one of its parts\'', () => {
    const rows = [row('x0', '甲市', 'g1', '当湖街道'), row('x1', '甲市', 'g1', '全市'), row('y0', '乙市', 'g1')];
    const [g] = crossCityGroups({ targets: rows, groups: [{ id: 'g1', label: '研发投入强度', cities: ['甲市', '乙市'], units: ['%'], bases: [], count: 3 }] }, ['甲市', '乙市']);
    expect(g!.columns[0]).toMatchObject({ city: '甲市', scoped: 1, more: 0 });
    expect(g!.columns[0]!.targets.map((t) => t.id)).toEqual(['x1']);
  });

  it('shows the full table’s first rows under their groups, a group with none shown left out', () => {
    expect(shownTargetGroups(result, 3).map((s) => [s.group.id, s.targets.map((t) => t.id)])).toEqual([['g1', ['a0', 'a1', 'a2']]]);
    expect(shownTargetGroups(result, 100).map((s) => [s.group.id, s.targets.length])).toEqual([['g1', 11], ['g2', 1]]);
  });
});
