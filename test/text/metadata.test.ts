import { describe, expect, it } from 'vitest';
import { analyzeFrame, documentType, findPlanPeriod, isAddresseeLine, isOrganizationLine, issuerOfTitle, parseDateLine, parseDocNumberLine, readEnactment, type TypeEvidence } from '../../src/text/metadata.js';
import { parseDocument } from '../../src/text/parse-document.js';
import { readValidity } from '../../src/text/validity.js';

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
  it('takes a number alone in brackets on its line, without the brackets', () => {
    expect(parseDocNumberLine('（皖政办秘〔2021〕82号）')).toBe('皖政办秘〔2021〕82号');
    expect(parseDocNumberLine('(某政发〔2021〕12号)')).toBe('某政发〔2021〕12号');
    expect(parseDocNumberLine('（某政发〔2021〕12号）要求')).toBeNull();
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

// A made-up notice of a real city (the gazetteer only knows real places).
const notice = [
  '常州市人民政府关于印发常州市数字经济发展行动计划(2024—2026年)的通知',
  '常政发〔2024〕5号',
  '各辖市、区人民政府，市政府各部门：',
  '现将《常州市数字经济发展行动计划(2024—2026年)》印发给你们，请认真贯彻执行。',
  '常州市人民政府',
  '2024年3月8日',
  '常州市数字经济发展行动计划',
  '(2024—2026年)',
  '为加快数字经济发展，制定本行动计划。',
  '一、总体要求',
  '推进数字产业化和产业数字化。',
  '常州市数字经济发展行动计划',
];

describe('analyzeFrame', () => {
  it('does not take a document the first paragraph cites (根据《…印发…的通知》) for the title, place and type', () => {
    const lines = [
      '关于进一步推动经济高质量发展的若干政策',
      '为深入贯彻习近平总书记考察浙江重要讲话精神，根据《浙江省人民政府印发进一步推动经济高质量发展若干政策的通知》（浙政发〔2024〕4号）等文件精神，结合我市实际，制定以下政策。',
      '一、扩大有效投资政策',
    ];
    const { meta } = analyzeFrame(lines, []);
    expect(meta.title).toBe('关于进一步推动经济高质量发展的若干政策');
    expect(meta.city).not.toBe('浙江省');
    expect(meta.docType).not.toBe('通知');
    // A notice that prints its plan still gives the plan's title: 现将《X》印发给你们.
    const printed = analyzeFrame(['某市人民政府关于印发某市制造业发展行动计划的通知', '各区人民政府：', '现将《某市制造业发展行动计划》印发给你们，请认真贯彻执行。'], []).meta;
    expect(printed.title).toBe('某市制造业发展行动计划');
  });
  it('reads a notice: plan title, issuer, signature date, number, place, type, period', () => {
    const { meta } = analyzeFrame(notice, ['发布时间：2024-03-12 来源：某市经信局']);
    expect(meta).toEqual({
      title: '常州市数字经济发展行动计划(2024—2026年)',
      issuer: '常州市人民政府',
      date: '2024-03-08',
      adoptedDate: null,
      approvedDate: null,
      postedDate: '2024-03-12',
      docNumber: '常政发〔2024〕5号',
      city: '常州市',
      placeCode: '320400',
      placeKind: '地级市',
      level: 'prefecture',
      parent: '江苏省',
      parentCode: '320000',
      province: '江苏省',
      docType: '行动计划',
      planPeriod: '2024–2026',
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
    const lines = ['关于印发某方案的通知', '各单位：', '现将《某方案》印发给你们。', '', '中共大邑县委办公室', '', '大邑县人民政府办公室', '', '2023年5月6日'];
    const { meta } = analyzeFrame(lines, []);
    expect(meta.issuer).toBe('中共大邑县委办公室、大邑县人民政府办公室');
    expect(meta).toMatchObject({ city: '大邑县', placeCode: '510129', placeKind: '县', level: 'county', parent: '成都市', province: '四川省' });
    expect(meta.title).toBe('某方案');
    expect(meta.docType).toBe('实施方案');
  });

  it('reads a draft’s or a trial text’s status marks as part of its title', () => {
    for (const title of ['某市关于促进专精特新中小企业高质量发展的若干措施（草案）', '某市工业用地管理办法（试行）', '某市促进消费若干措施（送审稿）', '某市数据条例（试行）（征求意见稿）', '某市集群培育工程实施方案(2023-2027年)（征求意见稿）']) {
      const { meta, roles } = analyzeFrame([title, '一、总体要求', '到2026年，培育省级专精特新中小企业50家。'], []);
      expect(meta.title, title).toBe(title);
      expect(roles.get(0)).toBe('title');
    }
  });

  it('joins a draft’s status on the line under its title to the title', () => {
    const { meta, roles } = analyzeFrame(['某市关于促进专精特新中小企业高质量发展的若干措施', '（征求意见稿）', '一、总体要求', '到2026年，培育省级专精特新中小企业50家。'], []);
    expect(meta.title).toBe('某市关于促进专精特新中小企业高质量发展的若干措施（征求意见稿）');
    expect([roles.get(0), roles.get(1)]).toEqual(['title', 'title']);
  });

  it('takes a title-shaped first line as the title when there is no notice', () => {
    const { meta, roles } = analyzeFrame(['江西省关于促进民营经济发展的若干措施', '一、优化环境', '推进改革。'], []);
    expect(meta.title).toBe('江西省关于促进民营经济发展的若干措施');
    expect(meta).toMatchObject({ city: '江西省', placeCode: '360000', placeKind: '省', level: 'province', parent: null, province: '江西省', docType: '若干措施' });
    expect(roles.get(0)).toBe('title');
  });

  it('invents nothing for a body without title, issuer or date', () => {
    const { meta, roles } = analyzeFrame(['为推动制造业高质量发展，制定本计划。', '一、总体目标', '到2025年，产业规模突破万亿元。'], []);
    expect(meta).toEqual({
      title: null, issuer: null, date: null, adoptedDate: null, approvedDate: null, postedDate: null, docNumber: null,
      city: null, placeCode: null, placeKind: null, level: null, parent: null, parentCode: null, province: null,
      // The text calls itself a plan (制定本计划): that is what it says, not an invention.
      docType: '行动计划',
      planPeriod: null,
    });
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

describe('places in analyzeFrame', () => {
  it('takes the district, not the city, when the issuer is a district body', () => {
    const lines = ['关于印发某区促进就业办法的通知', '各街道：', '现将《某区促进就业办法》印发给你们。', '广州市天河区人力资源和社会保障局', '2023年8月9日', '一、总则'];
    const { meta } = analyzeFrame(lines, []);
    expect(meta).toMatchObject({ city: '广州市天河区', placeCode: '440106', placeKind: '市辖区', level: 'county', parent: '广州市', parentCode: '440100', province: '广东省' });
  });

  it('falls back to the document number’s prefix when neither issuer nor title names a place', () => {
    const lines = ['关于进一步优化土地市场服务管理的通知', '宁规划资源规〔2023〕1号', '各区人民政府：', '一、优化供地'];
    expect(analyzeFrame(lines, []).meta).toMatchObject({ city: '南京市', placeCode: '320100', docType: '规范性文件' });
  });

  it('reads the place of a cover and card titles when nothing else names one', () => {
    const lines = ['北京市产业政策导引', '（市级版）', '北京市发展和改革委员会', '二〇二四年', '前言', '1.北京市老旧厂房改造项目促进产业高质量发展'];
    const { meta } = analyzeFrame(lines, []);
    expect(meta).toMatchObject({ city: '北京市', placeKind: '直辖市', level: 'province', province: '北京市' });
  });

  it('leaves the place null rather than guess between places of one name', () => {
    const lines = ['朝阳区关于促进就业的若干措施', '一、总则', '推进发展。'];
    expect(analyzeFrame(lines, []).meta.city).toBeNull();
  });
});

describe('readEnactment and regulations', () => {
  const regulation = [
    '烟台市民营经济促进条例',
    '2019年10月29日 烟台市第十七届人民代表大会常务委员会第二十二次会议通过',
    '2020年1月15日 山东省第十三届人民代表大会常务委员会第十六次会议批准',
    '第一条 为了优化民营经济发展环境，制定本条例。',
    '第二条 本市行政区域内促进民营经济发展工作，适用本条例。',
  ];

  it('reads adoption and approval dates and the adopting body', () => {
    expect(readEnactment(regulation, 3)).toEqual({ adopted: '2019-10-29', approved: '2020-01-15', adopter: '烟台市人民代表大会常务委员会', lines: [1, 2] });
  });

  it('reads both acts from one bracketed line, and Chinese numerals', () => {
    const line = '（二〇一九年十月二十九日烟台市第十七届人民代表大会常务委员会第二十二次会议通过　二〇二〇年一月十五日山东省第十三届人民代表大会常务委员会第十六次会议批准）';
    expect(readEnactment(['某条例', line], 2)).toMatchObject({ adopted: '2019-10-29', approved: '2020-01-15', lines: [1] });
  });

  it('keeps the latest revision and ignores amendments by decision', () => {
    const line = '（2010年5月28日某省第十一届人民代表大会常务委员会第十七次会议通过　2021年3月31日某省第十三届人民代表大会常务委员会第二十八次会议修订通过　根据2023年9月1日某省第十四届人民代表大会常务委员会第五次会议《关于修改部分地方性法规的决定》修正）';
    expect(readEnactment(['某条例', line], 2)).toMatchObject({ adopted: '2021-03-31', approved: null });
  });

  it('dates a regulation by the later act, marks those lines, and types it 地方性法规', () => {
    const { meta, roles } = analyzeFrame(regulation, []);
    expect(meta).toMatchObject({
      title: '烟台市民营经济促进条例', issuer: '烟台市人民代表大会常务委员会', date: '2020-01-15', adoptedDate: '2019-10-29', approvedDate: '2020-01-15',
      city: '烟台市', level: 'prefecture', parent: '山东省', docType: '地方性法规',
    });
    expect(roles.get(1)).toBe('adoption');
    expect(roles.get(2)).toBe('adoption');
  });

  it('does not read a sentence that mentions a congress in the body', () => {
    const lines = ['某市实施方案', '一、总体要求', '2021年3月1日市人民代表大会常务委员会听取了报告，会议通过的决议要求推进发展。'];
    expect(readEnactment(lines, 1).adopted).toBeNull();
  });
});

describe('documentType', () => {
  const base: TypeEvidence = { title: null, notice: null, docNumber: null, issuer: null, enacted: false, lines: [] };
  it.each<[Partial<TypeEvidence>, string | null]>([
    [{ title: '浙江省数字经济促进条例' }, '地方性法规'],
    [{ title: '某市数字经济促进条例', enacted: true }, '地方性法规'],
    [{ title: '某市政府投资项目管理办法', docNumber: '某市人民政府令第45号' }, '政府规章'],
    [{ title: '关于支持某科创走廊建设的若干措施', docNumber: '沪府办规〔2025〕15号' }, '规范性文件'],
    [{ title: '某区实施办法', docNumber: '穗天科工信规字〔2023〕1号' }, '规范性文件'],
    [{ title: '某市提振消费若干措施', docNumber: '渝府办发〔2025〕42号', lines: ['重庆市人民政府办公厅行政规范性文件'] }, '规范性文件'],
    [{ title: '关于进一步推动经济高质量发展若干政策', lines: ['ZJAC00-2024-0001'] }, '规范性文件'],
    [{ title: '北京市产业政策导引' }, '汇编'],
    [{ title: '某市制造业发展“十四五”规划' }, '规划'],
    [{ title: '某市特色专业创新园区发展行动计划(2023—2025年)' }, '行动计划'],
    [{ title: '加快建设制造强市实施方案' }, '实施方案'],
    [{ title: '某区进一步扎实稳住经济增长若干政策措施' }, '若干措施'],
    [{ title: '省政府关于加快培育先进制造业集群的指导意见', docNumber: '苏政发〔2018〕86号' }, '意见'],
    [{ title: '某市中小企业特色产业集群发展管理办法' }, '办法'],
    [{ title: '关于进一步优化无房家庭购房工作的通知', notice: '关于进一步优化无房家庭购房工作的通知' }, '通知'],
    [{ lines: ['为推动制造业发展，结合实际，制定本实施方案。'] }, '实施方案'],
    [{}, null],
  ])('%o → %s', (partial, type) => {
    expect(documentType({ ...base, ...partial })).toBe(type);
  });

  it('reads labels from lines the cleaner set aside, and an untitled compendium’s cover', () => {
    expect(documentType({ ...base, title: '关于进一步推动经济高质量发展若干政策', removed: ['ZJAC00-2024-0001'] })).toBe('规范性文件');
    expect(documentType({ ...base, lines: ['北京市产业政策导引', '（市级版）', '北京市发展和改革委员会'] })).toBe('汇编');
  });

  it('does not take 规划 in a department’s name for a normative-document mark', () => {
    expect(documentType({ ...base, title: '关于优化土地市场服务管理的通知', docNumber: '宁规划资源发〔2023〕5号' })).toBe('通知');
  });
});

describe('labels the reader set aside', () => {
  const text = ['重庆市人民政府办公厅关于印发《重庆市某某若干措施》的通知', '渝府办发〔2025〕42号', '各区县人民政府：', '现将《重庆市某某若干措施》印发给你们，请认真贯彻执行。', '一、支持企业扩大投资，对新建项目给予奖励。'].join('\n');

  it('reads 行政规范性文件 from a PDF running header that never reaches the text', () => {
    expect(parseDocument(text, { file: 'a.pdf' }).meta.docType).not.toBe('规范性文件');
    expect(parseDocument(text, { file: 'a.pdf', setAside: ['重庆市人民政府办公厅行政规范性文件', '重庆市人民政府办公厅发布'] }).meta.docType).toBe('规范性文件');
  });

  it('never indexes a set-aside line', () => {
    const parsed = parseDocument(text, { file: 'a.pdf', setAside: ['重庆市人民政府办公厅行政规范性文件'] });
    expect(parsed.paragraphs.some((p) => p.text.includes('行政规范性文件'))).toBe(false);
  });
});

/** What a parsed document's clauses are, as `section › … ¦ text`, and the part of each (s22 ingest audit's layouts). */
const clausesOf = (text: string) => parseDocument(text, { file: 't.txt' }).paragraphs.map((p) => `${p.part} ${p.sectionPath.join(' › ')} ¦ ${p.text}`);

describe('a government rule issued by decree (政府令)', () => {
  it('reads the decree’s header: title, issuer, 文号 and date, and none of its lines is a clause', () => {
    const text = [
      '扬州市人民政府令',
      '第7号',
      '',
      '《扬州市工业用地管理办法》已经2023年3月6日市人民政府第30次常务会议审议通过，现予公布，自2023年5月1日起施行。',
      '',
      '市长　李四',
      '2023年3月20日',
      '',
      '扬州市工业用地管理办法',
      '',
      '第一条　为了提高工业用地利用效率，制定本办法。',
      '第二条　新供工业用地亩均税收不低于30万元。',
      '第三条　本办法自2023年5月1日起施行。',
    ].join('\n');
    const parsed = parseDocument(text, { file: 't.txt' });
    expect(parsed.meta).toMatchObject({ title: '扬州市工业用地管理办法', issuer: '扬州市人民政府', docNumber: '扬州市人民政府令第7号', date: '2023-03-20', city: '扬州市', docType: '政府规章' });
    expect(clausesOf(text)).toEqual(['main 第一条 ¦ 第一条 为了提高工业用地利用效率，制定本办法。', 'main 第二条 ¦ 第二条 新供工业用地亩均税收不低于30万元。', 'main 第三条 ¦ 第三条 本办法自2023年5月1日起施行。']);
  });

  it('reads the note under a rule’s title (…人民政府令第188号公布), which is no clause', () => {
    const text = ['徐州市促进工业互联网发展办法', '', '（2022年9月15日徐州市人民政府令第188号公布　自2022年11月1日起施行）', '', '第一章　总　则', '', '第一条　为了促进工业互联网发展，制定本办法。', '第二条　本办法自2022年11月1日起施行。'].join('\n');
    const parsed = parseDocument(text, { file: 't.txt' });
    expect(parsed.meta).toMatchObject({ title: '徐州市促进工业互联网发展办法', issuer: '徐州市人民政府', docNumber: '徐州市人民政府令第188号', date: '2022-09-15', docType: '政府规章' });
    expect(parsed.paragraphs.map((p) => p.text)).toEqual(['第一条 为了促进工业互联网发展，制定本办法。', '第二条 本办法自2022年11月1日起施行。']);
  });

  it('names no issuer for a decree of a government without its place (市人民政府令)', () => {
    const { meta } = analyzeFrame(['某市促进办法', '（2022年9月15日市人民政府令第18号公布）', '第一条　为了促进发展，制定本办法。'], []);
    expect(meta).toMatchObject({ issuer: null, docNumber: '市人民政府令第18号', date: '2022-09-15', docType: '政府规章' });
  });
});

describe('header and signature lines that are not clauses', () => {
  it('reads a notice title wrapped onto two lines as the notice’s title', () => {
    const text = [
      '泰州市人民政府关于印发泰州市加快推进医药产业高质量发展行动方案的',
      '通知',
      '泰政发〔2023〕27号',
      '各市（区）人民政府，市各委、办、局：',
      '现将《泰州市加快推进医药产业高质量发展行动方案》印发给你们，请认真贯彻执行。',
      '泰州市人民政府',
      '2023年8月16日',
      '泰州市加快推进医药产业高质量发展行动方案',
      '一、发展目标',
      '到2025年，全市医药产业产值突破2000亿元。',
    ].join('\n');
    const clauses = clausesOf(text);
    expect(clauses.some((c) => c.includes('关于印发'))).toBe(false);
    expect(clauses).toHaveLength(3);
    expect(parseDocument(text, { file: 't.txt' }).meta).toMatchObject({ title: '泰州市加快推进医药产业高质量发展行动方案', issuer: '泰州市人民政府', docNumber: '泰政发〔2023〕27号' });
  });

  it('takes an undated signature at the end for the issuer, not for a clause of the last heading', () => {
    const text = ['湖州市人民政府关于促进民营经济高质量发展的若干意见', '湖政发〔2023〕7号', '各区县人民政府：', '一、优化民营企业发展环境。全面落实市场准入负面清单制度。', '二、支持民营企业创新发展。对新认定的国家级研发机构，给予100万元奖励。', '湖州市人民政府'].join('\n');
    const parsed = parseDocument(text, { file: 't.txt' });
    expect(parsed.meta.issuer).toBe('湖州市人民政府');
    expect(parsed.paragraphs.map((p) => p.text)).not.toContain('湖州市人民政府');
    expect(parsed.paragraphs).toHaveLength(3);
  });

  it('reads the issuer a notice’s title opens with when nothing else names one, but not a body without its place', () => {
    const { meta } = analyzeFrame(['湖州市人民政府关于促进民营经济高质量发展的若干意见', '一、优化民营企业发展环境。全面落实市场准入负面清单制度。'], []);
    expect(meta.issuer).toBe('湖州市人民政府');
    expect(issuerOfTitle('湖州市财政局 湖州市经济和信息化局关于下达专项资金的通知')).toBe('湖州市财政局、湖州市经济和信息化局');
    expect(issuerOfTitle('省政府关于加快培育先进制造业集群的指导意见')).toBeNull();
    expect(issuerOfTitle('关于加快培育先进制造业集群的指导意见')).toBeNull();
  });
});

describe('a notice that forwards (转发) another body’s document', () => {
  const text = [
    '宿迁市人民政府办公室转发市工业和信息化局关于加快推进工业企业技术改造的意见的通知',
    '宿政办发〔2022〕35号',
    '',
    '各县、区人民政府，市各委办局：',
    '市工业和信息化局《关于加快推进工业企业技术改造的意见》已经市政府同意，现转发给你们，请认真贯彻执行。',
    '',
    '宿迁市人民政府办公室',
    '2022年6月18日',
    '',
    '关于加快推进工业企业技术改造的意见',
    '市工业和信息化局',
    '（2022年5月20日）',
    '',
    '为加快推进工业企业技术改造，现提出如下意见。',
    '一、总体目标',
    '到2025年，全市累计实施技术改造项目1500个以上。',
  ].join('\n');

  it('is cited by its own title, with its own number and date; its type is the forwarded document’s', () => {
    expect(parseDocument(text, { file: 't.txt' }).meta).toMatchObject({
      title: '宿迁市人民政府办公室转发市工业和信息化局关于加快推进工业企业技术改造的意见的通知',
      issuer: '宿迁市人民政府办公室',
      docNumber: '宿政办发〔2022〕35号',
      date: '2022-06-18',
      docType: '意见',
    });
  });

  it('heads the forwarded text’s clauses with its title, issuer and date, and its title is no clause', () => {
    const head = '关于加快推进工业企业技术改造的意见（市工业和信息化局，2022年5月20日）';
    expect(clausesOf(text)).toEqual([
      'main  ¦ 各县、区人民政府，市各委办局：',
      'main  ¦ 市工业和信息化局《关于加快推进工业企业技术改造的意见》已经市政府同意，现转发给你们，请认真贯彻执行。',
      `main ${head} ¦ 为加快推进工业企业技术改造，现提出如下意见。`,
      `main ${head} › 一、总体目标 ¦ 到2025年，全市累计实施技术改造项目1500个以上。`,
    ]);
  });
});

describe('two documents in one file', () => {
  const first = ['绍兴市人民政府关于加快集成电路产业发展的若干意见', '绍政发〔2021〕5号', '各区、县（市）人民政府：', '一、对新引进的集成电路制造项目，按设备投资额的10%给予补助。', '二、本意见自2021年4月1日起施行。', '绍兴市人民政府', '2021年3月1日'];
  const second = ['嘉兴市人民政府办公室关于推进绿色智造的实施意见', '嘉政办发〔2022〕41号', '各县（市、区）人民政府：', '一、到2025年，全市累计创建省级以上绿色工厂150家。', '二、本意见自2022年10月1日起施行。', '嘉兴市人民政府办公室', '2022年9月9日'];
  const parsed = parseDocument([...first, '', '', ...second].join('\n'), { file: 't.txt' });

  it('reads the first document’s metadata from its own lines only', () => {
    expect(parsed.meta).toMatchObject({ title: '绍兴市人民政府关于加快集成电路产业发展的若干意见', issuer: '绍兴市人民政府', date: '2021-03-01', docNumber: '绍政发〔2021〕5号', city: '绍兴市' });
    // The engine reads 施行 from the main text's clauses: the second document's are not.
    const main = parsed.paragraphs.filter((p) => p.part === 'main').map((p) => p.text);
    expect(readValidity(main, parsed.meta.date).effective).toBe('2021-04-01');
  });

  it('keeps the second’s clauses under its title, number and date, as an attachment, its number and signature no clause', () => {
    const head = '嘉兴市人民政府办公室关于推进绿色智造的实施意见（嘉政办发〔2022〕41号，2022年9月9日）';
    expect(parsed.paragraphs.filter((p) => p.part === 'attachment').map((p) => `${p.sectionPath.join(' › ')} ¦ ${p.text}`)).toEqual([
      `${head} ¦ 各县（市、区）人民政府：`,
      `${head} ¦ 一、到2025年，全市累计创建省级以上绿色工厂150家。`,
      `${head} ¦ 二、本意见自2022年10月1日起施行。`,
    ]);
    expect(parsed.paragraphs.map((p) => p.text)).not.toContain('嘉政办发〔2022〕41号');
  });

  it('says so, naming the second’s title, number and first clause', () => {
    expect(parsed.warnings).toEqual([expect.stringMatching(/^a second document begins at its title 嘉兴市人民政府办公室关于推进绿色智造的实施意见 \(嘉政办发〔2022〕41号\), clause p0003 on: /u)]);
    expect(parseDocument(first.join('\n'), { file: 't.txt' }).warnings).toBeUndefined();
  });

  it('finds one after a signature closing a text with headings, even without its own number', () => {
    const unnumbered = parseDocument([...first, ...second.filter((l) => !l.startsWith('嘉政办发'))].join('\n'), { file: 't.txt' });
    expect(unnumbered.warnings).toHaveLength(1);
    expect(unnumbered.meta.date).toBe('2021-03-01');
  });

  it('finds one whose number is printed above its title (杭州’s layout), and that number is no clause', () => {
    const above = parseDocument([...first.slice(0, 5), '', second[1]!, second[0]!, ...second.slice(2)].join('\n'), { file: 't.txt' });
    expect(above.warnings).toEqual([expect.stringContaining('嘉兴市人民政府办公室关于推进绿色智造的实施意见 (嘉政办发〔2022〕41号)')]);
    expect(above.paragraphs.map((p) => p.text)).not.toContain('嘉政办发〔2022〕41号');
    expect(above.paragraphs.at(-1)!.sectionPath[0]).toBe('嘉兴市人民政府办公室关于推进绿色智造的实施意见（嘉政办发〔2022〕41号，2022年9月9日）');
  });

  it('does not take the plan a notice issues, printed after its signature, for another document', () => {
    expect(parseDocument(notice.join('\n'), { file: 't.txt' }).warnings).toBeUndefined();
  });

  // s22 audit (README Limits): a second document that opens with its addressees was not caught, after a text with no
  // signature to close it.
  const unsigned = first.slice(0, 5);
  it('finds one whose title has its addressees under it, no number, after a text without a signature', () => {
    const parsed = parseDocument([...unsigned, '', '湖州市人民政府办公室关于推进绿色智造的实施意见', '各区县人民政府，市各委办局：', ...second.slice(3)].join('\n'), { file: 't.txt' });
    expect(parsed.warnings).toEqual([expect.stringMatching(/^a second document begins at its title 湖州市人民政府办公室关于推进绿色智造的实施意见, clause p0003 on: /u)]);
    expect(parsed.paragraphs.at(-1)!.sectionPath).toEqual(['湖州市人民政府办公室关于推进绿色智造的实施意见（2022年9月9日）']);
    const main = parsed.paragraphs.filter((p) => p.part === 'main').map((p) => p.text);
    expect(readValidity(main, parsed.meta.date).effective).toBe('2021-04-01');
  });

  it('finds one that opens with its addressees, headed by the plan its 印发 sentence names, whose title line is no clause', () => {
    const addressed = ['各区县人民政府，市各委办局：', '现将《湖州市绿色智造实施方案》印发给你们，请认真贯彻执行。', '湖州市人民政府办公室', '2022年9月9日', '湖州市绿色智造实施方案', '一、到2025年，全市累计创建省级以上绿色工厂150家。', '二、本方案自2022年10月1日起施行。'];
    const parsed = parseDocument([...unsigned, '', ...addressed].join('\n'), { file: 't.txt' });
    expect(parsed.warnings).toEqual([expect.stringMatching(/^a second document begins at its addressees 各区县人民政府，市各委办局： \(headed 湖州市绿色智造实施方案\), clause p0003 on: /u)]);
    const head = '湖州市绿色智造实施方案（2022年9月9日）';
    expect(parsed.paragraphs.filter((p) => p.part === 'attachment').map((p) => `${p.sectionPath.join(' › ')} ¦ ${p.text}`)).toEqual([
      `${head} ¦ 现将《湖州市绿色智造实施方案》印发给你们，请认真贯彻执行。`,
      `${head} ¦ 一、到2025年，全市累计创建省级以上绿色工厂150家。`,
      `${head} ¦ 二、本方案自2022年10月1日起施行。`,
    ]);
    expect(parsed.meta).toMatchObject({ title: '绍兴市人民政府关于加快集成电路产业发展的若干意见', city: '绍兴市', docNumber: '绍政发〔2021〕5号' });
    // With no plan named, it is headed 另一文件, by its date.
    const bare = parseDocument([...unsigned, '', '各有关单位：', '为促进我市土地市场平稳健康发展，现通知如下：', ...addressed.slice(5), '湖州市自然资源和规划局', '2023年9月4日'].join('\n'), { file: 't.txt' });
    expect(bare.warnings).toEqual([expect.stringContaining('its addressees 各有关单位： (headed 另一文件)')]);
    expect(bare.paragraphs.at(-1)!.sectionPath).toEqual(['另一文件（2023年9月4日）']);
  });

  it('does not take the addressees under a title the document names for another document', () => {
    const two = ['某市人民政府关于印发加快制造业发展方案和数字经济发展方案的通知', '各区县人民政府：', '现将《加快制造业发展方案》《数字经济发展方案》印发给你们。', '某市人民政府', '2024年1月2日',
      '加快制造业发展方案', '一、推动制造业高端化发展。', '二、推动制造业智能化发展。', '数字经济发展方案', '各区县人民政府，市各委办局：', '一、推动数字产业化。', '二、推动产业数字化。'];
    expect(parseDocument(two.join('\n'), { file: 't.txt' }).warnings).toBeUndefined();
  });
});

describe('isAddresseeLine', () => {
  // The 15 addressee lines of the seeds and ../shared/external, and the audit's.
  it.each([
    '昆山开发区、昆山高新区、花桥经济开发区、旅游度假区党工委和管委会,各镇党委和政府,市委各部委办局、市各委办局、各人民团体、各直属单位:',
    '各市、县(市、区)人民政府,省各委办厅局,省各直属单位:',
    '各镇人民政府、街道办事处,平湖经济技术开发区管委会、独山港经济开发区管委会,市政府各部门,市属各单位:',
    '各区、县（市）人民政府，市政府各部门、各直属单位：',
    '相关区人民政府，市政府有关委、办、局，各有关单位：',
    '区属各单位：',
    '各市(州)、县(市、区)人民政府，省政府各部门、各直属机构，有关单位:',
    '各镇（街道）、区级各部门、各直属机构，有关单位：',
    '各有关单位：',
    '江北新区管委会，各区人民政府，市各相关单位：',
    '各区县（自治县）人民政府，市政府各部门，有关单位：',
    '各区县人民政府，市各委办局：',
  ])('%s is addressees', (line) => expect(isAddresseeLine(line)).toBe(true));

  it.each(['由各区、北京经济技术开发区遴选推荐纳入培育清单的国家高新技术企业，应符合以下条件：', '各区县要做好以下工作：', '市发展改革委、市财政局：', '各区县人民政府，市各委办局。', '申报条件如下：'])(
    '%s is not',
    (line) => expect(isAddresseeLine(line)).toBe(false),
  );
});

describe('a 信息公开 table’s label and value cells', () => {
  it('gives the values, never the cell separator', () => {
    const { meta } = analyzeFrame(['现将《靖江市制造业智能化改造实施细则》印发给你们，请遵照执行。', '一、对智能化改造项目按设备投资额的10%给予补助。'], [
      '索引号： | 123/2024-1 | 发布机构： | 靖江市工业和信息化局',
      '成文日期： | 2024-05-20 | 文号： | 靖工信发〔2024〕6号',
    ]);
    expect(meta).toMatchObject({ docNumber: '靖工信发〔2024〕6号', date: '2024-05-20', issuer: '靖江市工业和信息化局' });
  });

  it('leaves a field null when its cell is empty', () => {
    const { meta } = analyzeFrame(['一、对智能化改造项目按设备投资额的10%给予补助。'], ['文号： |', '文号： | | 成文日期： | 2024-05-20']);
    expect(meta.docNumber).toBeNull();
    expect(meta.date).toBe('2024-05-20');
  });
});
