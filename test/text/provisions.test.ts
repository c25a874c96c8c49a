import { describe, expect, it } from 'vitest';
import { articleProvisions, provisionLabel, type ProvisionClause } from '../../src/text/provisions.js';
import { articleOf, chineseNumeral, chineseNumber } from '../../src/text/structure.js';

const clause = (section: string[], text: string, kind: ProvisionClause['kind'] = 'text'): ProvisionClause => ({ sectionPath: section, text, kind });
const labels = (clauses: ProvisionClause[]) => articleProvisions(clauses).map(provisionLabel);

describe('articleProvisions', () => {
  it('numbers the 款 of an article of several paragraphs, the first opening with 第N条 (烟台 第二十二条)', () => {
    const a = ['第二十二条'];
    expect(
      labels([
        clause(['第二十一条'], '第二十一条 高等学校毕业生…创办民营经济组织的，市、县（市、区）人民政府应当…。'),
        clause(a, '第二十二条 市、县（市、区）人民政府应当依据国土空间规划做好民营经济组织发展用地选址工作。'),
        clause(a, '对民营经济组织申请使用工业用地可以实行弹性出让或者以租赁方式供地；…预留发展用地。'),
        clause(a, '民营经济组织需要扩大生产性用房的，经自然资源和规划部门批准，可以使用其工业、工矿仓储用地进行建设。'),
        clause(['第二十三条'], '第二十三条 市、县（市、区）人民政府及其有关部门应当开展对民营经济发展的宣传。'),
      ]),
    ).toEqual(['', '第一款', '第二款', '第三款', '']);
  });

  it('gives an item its 款 and 项, and an item of an article of one 款 its 项 alone', () => {
    // 烟台 第六条: 第二款 introduces the list; 浙江 第五十八条: one 款, then its items.
    const six = ['第六条'];
    const fiftyEight = ['第七章 激励和保障措施', '第五十八条'];
    expect(
      labels([
        clause(six, '第六条 市、县（市、区）人民政府应当…安排专项资金，用于支持民营经济发展。'),
        clause(six, '专项资金对下列事项予以扶持：'),
        clause(six, '（一）民营经济组织创新发展；'),
        clause(six, '(二)民营经济组织规模升级；'),
        clause(fiftyEight, '第五十八条 促进数字经济发展工作中出现失误，但同时符合下列条件的，对有关单位和个人不作负面评价：'),
        clause(fiftyEight, '（一）符合国家和省确定的改革方向；'),
        clause(fiftyEight, '（二）未违反法律、法规禁止性、义务性规定；'),
      ]),
    ).toEqual(['第一款', '第二款', '第二款第（一）项', '第二款第（二）项', '', '第（一）项', '第（二）项']);
  });

  it('counts a 款 after the items as the next one (前款)', () => {
    const a = ['第九条'];
    expect(labels([clause(a, '第九条 下列事项应当公开：'), clause(a, '（一）补贴标准；'), clause(a, '（二）申报程序。'), clause(a, '前款规定的事项，应当在政府网站公开。')])).toEqual([
      '第一款', '第一款第（一）项', '第一款第（二）项', '第二款',
    ]);
  });

  it('counts the first clause after an article heading on its own line as its first 款', () => {
    const a = ['第二条 发放算力券'];
    expect(labels([clause(a, '对租用算力的企业，按合同金额的30%发放算力券。'), clause(a, '算力券的申领办法另行制定。')])).toEqual(['第一款', '第二款']);
  });

  it('gives nothing outside articles, in an article of one 款, to table rows, sub-items or clauses under an item section', () => {
    expect(
      labels([
        clause(['一、总体要求'], '一、总体要求。坚持…'),
        clause(['一、总体要求'], '到2025年，培育…'),
        clause(['第一条'], '第一条 为了促进…，制定本条例。'),
        clause(['第五条 企业培育'], '第五条 企业培育。对…给予支持和发展奖励，具体如下：'),
        clause(['第五条 企业培育', '（一）落户补贴'], '（一）落户补贴。…给予最高10万元落户补贴。'),
        clause(['第五条 企业培育', '（一）落户补贴'], '1．获奖企业…'),
        clause(['第八条'], '第八条 …按下表给予奖励：'),
        clause(['第八条'], '一等奖 | 50万元 |', 'table-row'),
        clause(['第八条'], '1．获奖企业须在…登记注册。'),
        clause(['第八条'], '奖励资金由区财政安排。'),
      ]),
    ).toEqual(['', '', '', '', '', '', '第一款', '', '', '第二款']);
  });

  it('keeps two articles with the same number apart when their paths differ (an attachment restarting its numbering)', () => {
    expect(labels([clause(['第一条'], '第一条 甲。'), clause(['附件1', '第一条'], '第一条 乙。'), clause(['附件1', '第一条'], '丙。')])).toEqual(['', '第一款', '第二款']);
  });
});

describe('provisionLabel', () => {
  it('writes the 款 in Chinese numerals and the 项 as written', () => {
    expect(provisionLabel({ paragraph: 12, item: null })).toBe('第十二款');
    expect(provisionLabel({ paragraph: null, item: '（三）' })).toBe('第（三）项');
    expect(provisionLabel({ paragraph: 2, item: '（十一）' })).toBe('第二款第（十一）项');
    expect(provisionLabel(undefined)).toBe('');
  });
});

describe('articleOf and chineseNumeral', () => {
  it('reads an article number from a section title, and no other heading', () => {
    expect(articleOf('第二十二条')).toBe('第二十二条');
    expect(articleOf('第三条 载体建设')).toBe('第三条');
    expect(articleOf('第一章 总则')).toBeNull();
    expect(articleOf('第三条规定的事项')).toBeNull();
    expect(articleOf('（一）落户补贴')).toBeNull();
  });

  it('writes the numerals chineseNumber reads, up to 99', () => {
    for (let n = 1; n < 100; n++) expect(chineseNumber(chineseNumeral(n))).toBe(n);
    expect(chineseNumeral(10)).toBe('十');
    expect(chineseNumeral(20)).toBe('二十');
    expect(chineseNumeral(100)).toBe('100');
  });
});
