import { describe, expect, it } from 'vitest';
import { analyzeFrame, findPlanPeriod, isOrganizationLine, parseDateLine, parseDocNumberLine, placeOf } from '../../src/text/metadata.js';

describe('parseDateLine', () => {
  it.each([
    ['2022年11月3日', '2022-11-03'],
    ['2021年6月', '2021-06'],
    ['二〇二二年十一月三日', '2022-11-03'],
    ['二〇二一年十二月二十九日', '2021-12-29'],
    ['（2020年1月15日）', '2020-01-15'],
  ])('%s → %s', (line, iso) => expect(parseDateLine(line)).toBe(iso));

  it.each(['2022年13月1日', '到2025年6月底前完成', '2022年', '发布日期：2022年11月3日'])('%s is not a date line', (line) => {
    expect(parseDateLine(line)).toBeNull();
  });
});

describe('parseDocNumberLine', () => {
  it.each(['某政发〔2021〕12号', '某政办发[2020]3号', '某经信发(2019)第7号', '某府令第45号', '第45号'])('%s', (line) => {
    expect(parseDocNumberLine(line)).toBe(line);
  });
  it('does not take a number cited in a sentence', () => {
    expect(parseDocNumberLine('根据《某方案》(某政发〔2021〕12号)要求')).toBeNull();
  });
});

describe('placeOf', () => {
  it.each([
    ['中共某山市委办公室', '某山市'],
    ['某湖市人民政府', '某湖市'],
    ['某某省人民政府办公厅', '某某省'],
    ['某某自治区发展改革委', '某某自治区'],
    ['某某县经济和信息化局', '某某县'],
    ['某州市某某区人民政府', '某州市'],
  ])('%s → %s', (name, place) => expect(placeOf(name)).toBe(place));

  it.each(['加快建设制造强市实施方案', '省政府关于加快发展的意见', '人民政府'])('%s has no place', (name) => {
    expect(placeOf(name)).toBeNull();
  });
});

describe('findPlanPeriod', () => {
  it('reads a plan period in any dash', () => {
    expect(findPlanPeriod('某市行动计划(2024—2026年)')).toBe('2024–2026');
    expect(findPlanPeriod('某市行动计划（2024-2028年）')).toBe('2024–2028');
    expect(findPlanPeriod('某市行动计划')).toBeNull();
  });
});

describe('isOrganizationLine', () => {
  it('recognises issuer lines of a signature block', () => {
    expect(isOrganizationLine('某市人民政府办公室')).toBe(true);
    expect(isOrganizationLine('中共某县委办公室')).toBe(true);
    expect(isOrganizationLine('某市经济和信息化局')).toBe(true);
  });
  it('does not take clauses or headings for issuers', () => {
    expect(isOrganizationLine('请各区镇结合实际抓好落实，及时报告市政府办公室。')).toBe(false);
    expect(isOrganizationLine('(一)成立工作领导小组')).toBe(false);
  });
});

const notice = [
  '东川市人民政府关于印发东川市数字经济发展行动计划(2024—2026年)的通知',
  '某政发〔2024〕5号',
  '各区人民政府，市政府各部门：',
  '现将《东川市数字经济发展行动计划(2024—2026年)》印发给你们，请认真贯彻执行。',
  '东川市人民政府',
  '2024年3月8日',
  '东川市数字经济发展行动计划',
  '(2024—2026年)',
  '为加快数字经济发展，制定本行动计划。',
  '一、总体要求',
  '推进数字产业化和产业数字化。',
  '东川市数字经济发展行动计划',
];

describe('analyzeFrame', () => {
  it('reads a notice: plan title, issuer, signature date, number, city, period', () => {
    const { meta } = analyzeFrame(notice, ['发布时间：2024-03-12 来源：某市经信局']);
    expect(meta).toEqual({
      title: '东川市数字经济发展行动计划(2024—2026年)',
      issuer: '东川市人民政府',
      date: '2024-03-08',
      postedDate: '2024-03-12',
      docNumber: '某政发〔2024〕5号',
      city: '东川市',
      level: null,
      province: null,
      planPeriod: '2024–2026',
      docType: null,
    });
  });

  it('marks title lines (and their repeats), the number and the signature as non-clauses', () => {
    const { roles } = analyzeFrame(notice, []);
    expect([...roles].sort((a, b) => a[0] - b[0])).toEqual([
      [0, 'title'],
      [1, 'doc-number'],
      [4, 'signature'],
      [5, 'signature'],
      [6, 'title'],
      [7, 'title'],
      [11, 'title'],
    ]);
  });

  it('joins several issuers of a joint signature', () => {
    const lines = ['关于印发某方案的通知', '各单位：', '现将《某方案》印发给你们。', '', '中共西岭县委办公室', '', '西岭县人民政府办公室', '', '2023年5月6日'];
    const { meta } = analyzeFrame(lines, []);
    expect(meta.issuer).toBe('中共西岭县委办公室、西岭县人民政府办公室');
    expect(meta.city).toBe('西岭县');
    expect(meta.title).toBe('某方案');
  });

  it('takes a title-shaped first line as the title when there is no notice', () => {
    const { meta, roles } = analyzeFrame(['南江省关于促进民营经济发展的若干措施', '一、优化环境', '推进改革。'], []);
    expect(meta.title).toBe('南江省关于促进民营经济发展的若干措施');
    expect(meta.city).toBe('南江省');
    expect(meta.level).toBe('province');
    expect(meta.province).toBe('南江省');
    expect(roles.get(0)).toBe('title');
  });

  it('invents nothing for a body without title, issuer or date', () => {
    const { meta, roles } = analyzeFrame(['为推动制造业高质量发展，制定本计划。', '一、总体目标', '到2025年，产业规模突破万亿元。'], []);
    expect(meta).toEqual({ title: null, issuer: null, date: null, postedDate: null, docNumber: null, city: null, level: null, province: null, planPeriod: null, docType: null });
    expect(roles.size).toBe(0);
  });

  it('leaves the issuer null when only a generic name without a place is left', () => {
    const { meta } = analyzeFrame(['省政府关于加快发展的意见', '一、总体要求', '推进发展。', '人民政府', '2019年2月3日'], []);
    expect(meta.issuer).toBeNull();
    expect(meta.date).toBe('2019-02-03');
  });

  it('reads 发文机关, 成文日期 and 发文字号 fields when the body has no signature', () => {
    const { meta } = analyzeFrame(['推进发展。'], ['发文机关：某市人民政府 成文日期：2022年04月01日', '发文字号：某政发〔2022〕9号']);
    expect(meta.issuer).toBe('某市人民政府');
    expect(meta.date).toBe('2022-04-01');
    expect(meta.docNumber).toBe('某政发〔2022〕9号');
  });

  it('does not take a cited document number for the document’s own', () => {
    const { meta } = analyzeFrame(['为贯彻《某方案》(某政发〔2021〕3号)要求，制定本方案。', '一、总体要求'], []);
    expect(meta.docNumber).toBeNull();
  });
});
