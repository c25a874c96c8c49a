import { describe, expect, it } from 'vitest';
import type { ParsedParagraph } from '../../src/types.js';
import {
  bigramKeyer,
  bigrams,
  containment,
  dice,
  figures,
  markDuplicates,
  ROW_CONTAINMENT_THRESHOLD,
  scoreDuplicates,
  TEXT_SIMILARITY_THRESHOLD,
} from '../../src/text/duplicates.js';

const text = (t: string): Omit<ParsedParagraph, 'ordinal'> => ({ sectionPath: [], text: t, part: 'main', kind: 'text', responsible: [], duplicateOf: null });
const row = (t: string, responsible: string[] = []): Omit<ParsedParagraph, 'ordinal'> => ({
  sectionPath: [],
  text: t,
  part: 'attachment',
  kind: 'table-row',
  columns: ['序号', '任务', '内容', '责任单位'],
  responsible,
  duplicateOf: null,
});
const numbered = (items: Omit<ParsedParagraph, 'ordinal'>[]): ParsedParagraph[] => items.map((p, ordinal) => ({ ...p, ordinal }));
const links = (items: Omit<ParsedParagraph, 'ordinal'>[]) => markDuplicates(numbered(items)).map((p) => p.duplicateOf);

const clause = '1.盘活低效工业用地。聚焦批而未供、供而未用等问题，推进低效用地连片整治，完成改造开发3000亩以上。鼓励企业通过改造厂房提高容积率。';

describe('bigram measures', () => {
  it('counts the same bigrams as numbers as it does as strings, astral characters included', () => {
    const bigramKeys = bigramKeyer();
    const texts = ['甲乙丙', '甲乙丙丁甲乙', '', '一', '𠀀𠀁甲𠀀𠀁', 'ab中文ab', '2025年达到30%以上，2025年'];
    for (const a of texts) {
      expect(bigramKeys(a).size, a).toBe(bigrams(a).size);
      for (const b of texts) {
        expect(dice(bigramKeys(a), bigramKeys(b)), `${a} / ${b}`).toBe(dice(bigrams(a), bigrams(b)));
        expect(containment(bigramKeys(a), bigramKeys(b)), `${a} / ${b}`).toBe(containment(bigrams(a), bigrams(b)));
      }
    }
  });

  it('computes containment and dice on bigram sets', () => {
    const a = bigrams('甲乙丙');
    const b = bigrams('甲乙丙丁');
    expect([...a]).toEqual(['甲乙', '乙丙']);
    expect(containment(a, b)).toBe(1);
    expect(containment(b, a)).toBeCloseTo(2 / 3);
    expect(dice(a, b)).toBeCloseTo(0.8);
  });
});

describe('markDuplicates', () => {
  it('links a table row that repeats part of a main-text clause with its figures, across wrapped cells', () => {
    const result = links([
      text(clause),
      text('2.建设产业平台。打造小微企业园，提升园区配套水平。'),
      row('1 | 盘活低效 工业用地 | 聚焦批而未供、供而未用等问题，推进低效用地连片整治，完成改造开发3000亩以上。 | 市自然资源局 |', ['市自然资源局']),
      row('2 | 鼓励企业通过改造厂房提高容积率。 | 市经信局 | |', ['市经信局']),
    ]);
    expect(result).toEqual([null, null, 0, 0]);
  });

  it('does not link a row that names a figure the clause lacks: it states another fact (Pinghu\'s 2000亩 against 5000亩)', () => {
    const result = links([
      text(clause),
      row('1 | 盘活低效 工业用地 | 聚焦批而未供、供而未用等问题，推进低效用地连片整治，完成改造开发1000亩以上。 | 市自然资源局 |', ['市自然资源局']),
    ]);
    expect(result).toEqual([null, null]);
  });

  it('links exact repeats, always to the earliest original', () => {
    const repeated = '加强统筹协调，建立工作推进机制，及时研究解决重大问题。';
    expect(links([text(repeated), text('推进园区建设，完善配套设施。'), text(repeated), text(repeated)])).toEqual([null, null, 0, 0]);
  });

  it('does not link a clause that restates part of an earlier one', () => {
    const target = '到2025年，资源能源利用效率进一步提升，主要污染物排放总量持续减少。';
    const goal = '——绿色发展强。绿色制造体系逐步完善。资源能源利用效率进一步提升，主要污染物排放总量持续减少。';
    expect(links([text(goal), text(target)])).toEqual([null, null]);
  });

  it('does not link two text paragraphs whose figures differ, however alike their words', () => {
    const y2022 = '采取事前补助方式给予支持，支持周期一般不超过3年，按照不超过项目总投资额50%的比例，给予最高不超过5000万元的资金支持。项目总投资额包括设施购置或租赁费、材料购置费、空间改造费等。';
    const y2023 = '采取事前补助方式给予支持，支持周期一般不超过3年，按照不超过项目总投资额30%的比例，给予最高不超过3000万元的资金支持。项目总投资额包括设施购置或租赁费、材料购置费、空间改造费等。';
    expect(dice(bigrams(y2022), bigrams(y2023))).toBeGreaterThan(TEXT_SIMILARITY_THRESHOLD);
    expect(links([text(y2022), text(y2023)])).toEqual([null, null]);
    // The same figures with other punctuation or spacing are the same clause.
    expect(links([text(y2022), text(`${y2022.replace('，', ',')} `)])).toEqual([null, 0]);
  });

  it('reads figures in order, decimals whole, a leading item number aside', () => {
    expect(figures('到2025年达到4.0%，新增10家')).toBe('2025 4.0 10');
    expect(figures('无数字')).toBe('');
    for (const label of ['(3)', '（12）', '1.', '2．', '3、', '④']) expect(figures(`${label}研发投入占比不低于20%`), label).toBe('20');
    expect(figures('2.5%的贴息率')).toBe('2.5');
  });

  it('does not link the same indicator in two different tables', () => {
    expect(links([row('3 | 规上工业亩均税收(万元/亩) | 35 | 36 | 37 | 市经信局 |'), row('3 | 规上工业亩均税收(万元/亩) | 15 | 49 | 27 | 14 | 35 | 市经信局 |')])).toEqual([null, null]);
  });

  it('never links short texts, a paragraph to itself, or an earlier paragraph to a later one', () => {
    expect(links([text('(一)指导思想'), text('(一)指导思想')])).toEqual([null, null]);
    const result = links([row('1 | 推进低效用地连片整治，完成改造开发1000亩以上。 | 市局 |'), text(clause)]);
    expect(result).toEqual([null, null]);
  });

  it('keeps everything else of the paragraphs as it was', () => {
    const input = numbered([text(clause), text(clause)]);
    const out = markDuplicates(input);
    expect(out[1]).toEqual({ ...input[1], duplicateOf: 0 });
    expect(input[1]!.duplicateOf).toBeNull();
  });
});

describe('scoreDuplicates', () => {
  it('reports the best earlier match and its score', () => {
    const scores = scoreDuplicates(numbered([text(clause), row('1 | 盘活低效 工业用地 | 聚焦批而未供、供而未用等问题，推进低效用地连片整治。 | 市局 |', ['市局'])]));
    expect(scores[1]).toMatchObject({ of: 0, comparable: true });
    expect(scores[1]!.score).toBeGreaterThanOrEqual(ROW_CONTAINMENT_THRESHOLD);
  });
});
