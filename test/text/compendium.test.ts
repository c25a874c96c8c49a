/**
 * Compendiums of policy cards: detection, cover metadata, card titles under the book's part headings, each card's
 * header fields as the source of its clauses, its text fields as clauses, and the furniture dropped (contents,
 * page numbers, repeated card titles). The fixture is written here in the shape a card-style PDF's text takes
 * after layout (labels standing alone between value lines, glued to values, a wrapped label cell in fragments);
 * its content is invented.
 */
import { describe, expect, it } from 'vitest';
import { inApplicationField, isCompendium, parseCompendium, splitRunInItems } from '../../src/text/compendium.js';
import { parseDocument } from '../../src/text/parse-document.js';
import { COMPENDIUM_BOOK as BOOK } from '../helpers/compendium-book.js';


describe('isCompendium', () => {
  it('recognises a book of policy cards', () => {
    expect(isCompendium(BOOK)).toBe(true);
  });

  it('does not take an ordinary notice, nor one that mentions card labels in its text, for a compendium', () => {
    const notice = ['某市人民政府关于印发若干措施的通知', '各区人民政府：', '一、总体要求', '依据文件精神，结合本市实际，制定本措施。', '发文机构应当公开办理流程。', '二、支持措施', '对首次认定的专精特新企业给予奖励。'];
    expect(isCompendium(notice)).toBe(false);
    // Two cards are not a book.
    const two = BOOK.slice(0, BOOK.indexOf('二、先进制造业篇'));
    expect(isCompendium(two)).toBe(false);
  });
});

describe('parseCompendium', () => {
  const book = parseCompendium(BOOK)!;

  it('reads the book\'s own title, issuer, year and place from its cover, as a 汇编', () => {
    expect(book.meta).toMatchObject({ title: '嘉兴市产业政策指南（市级版）', issuer: '嘉兴市发展和改革委员会', date: '2024', city: '嘉兴市', level: 'prefecture', province: '浙江省', docType: '汇编' });
  });

  it('finds every card with its title under the book\'s part headings, the wrapped title joined and its repeat dropped', () => {
    expect(book.cards.map((c) => [...c.parts, c.title])).toEqual([
      ['一、综合篇', '1.嘉兴市老旧厂房改造支持'],
      ['二、先进制造业篇', '（一）专精特新', '1.嘉兴市关于提升“专精特新”中小企业技术创新能力的若干措施'],
      ['二、先进制造业篇', '（一）专精特新', '2.嘉兴市支持专精特新企业开拓国际市场'],
    ]);
    const repeats = book.removed.filter((r) => r.rule === 'card-title-repeat').map((r) => r.line);
    expect(repeats).toEqual(['关于老旧厂房改造项目支持办法的通知', '嘉兴市关于提升“专精特新”中小企业技术创新能力的若干措施', '嘉兴市支持专精特新企业开拓国际市场']);
    expect(book.paragraphs.some((p) => /^(?:嘉兴市)?关于老旧厂房改造项目支持办法的通知$/u.test(p.text))).toBe(false);
  });

  it('reads each card\'s header fields, wherever layout put their labels', () => {
    expect(book.cards.map((c) => c.source)).toEqual([
      // A card citing two policies gives both dates, each as an ISO date, in order.
      { basis: '《关于印发嘉兴市老旧厂房改造项目支持办法的通知》', issuer: '嘉兴市发展和改革委员会', docNumber: '嘉发改规〔2023〕7号', date: '2023-09-26/2023-11-07', tool: '资金支持', audience: '全市范围' },
      // A label standing between its value's lines; 发文字号 written `/`; the 发文时间 alias; a label glued to its value.
      { basis: '《嘉兴市关于促进“专精特新”中小企业高质量发展的若干措施》', issuer: '嘉兴市经济和信息化局', docNumber: null, date: '2021-12-23', tool: '资金支持', audience: '国家和市级“专精特新”中小企业' },
      // A wrapped 工具分类 / 服务对象 row whose labels broke into fragments.
      { basis: '《嘉兴市关于促进“专精特新”中小企业高质量发展的若干措施》', issuer: '嘉兴市经济和信息化局', docNumber: '嘉经信发〔2021〕12号', date: '2021-12-23', tool: '资金支持', audience: '注册在嘉兴市的国家级和市级专精特新中小企业以及专精特新“小巨人”企业，重点支持开拓国际市场的企业，以及参加国际展会的中小企业' },
    ]);
  });

  // 北京 p1187's card: the tool cell 项目支持、资金支持 wrapped over three lines, the middle one in the row, and the
  // audience's two lines above and below it (nineteenth session's researcher audit: tool 持、资金, audience 项目支在…支持).
  it('joins a tool cell wrapped around its row: a one-character item and a closing 支持 are the tool\'s, the rest the audience\'s', () => {
    const at = BOOK.indexOf('工具分类 | 资金支持 | 服务对象 | 全市范围');
    const wrapped = ['项目支', '在嘉兴市注册的视听机构所从事的优秀广播电视和网络', '工具分类 | 持、资金 | 服务对象', '视听走出去项目', '支持'];
    const card = parseCompendium([...BOOK.slice(0, at), ...wrapped, ...BOOK.slice(at + 1)])!.cards[0]!;
    expect(card.source).toMatchObject({ tool: '项目支持、资金支持', audience: '在嘉兴市注册的视听机构所从事的优秀广播电视和网络视听走出去项目' });
  });

  // 北京 03 cards 一、22 and 三、2: the row's cells stood under 1 em apart, so 资金支持服务对象 came through as one piece
  // among the audience's lines (twenty-first librarian audit F1: tool none, audience …提升产业创新资金支持服务对象效率…).
  it('takes a tool row pasted into the audience apart: a category other cards name before the label is the tool', () => {
    const at = BOOK.indexOf('工具分类 | 资金支持 | 服务对象 | 全市范围');
    const read = (row: string[]) => parseCompendium([...BOOK.slice(0, at), ...row, ...BOOK.slice(at + 1)])!.cards[0]!.source;
    expect(read(['工具分类 | 在一定空间范围内，以集聚产业创新资源、提升产业创新资金支持服务对象效率、促进产业集群发展为核心功能的新型产业载体。特', '色园应符合所在示范区分园产业定位和规划要求'])).toMatchObject({
      tool: '资金支持',
      audience: '在一定空间范围内，以集聚产业创新资源、提升产业创新效率、促进产业集群发展为核心功能的新型产业载体。特色园应符合所在示范区分园产业定位和规划要求',
    });
    const below = ['入《嘉兴市老旧厂房改造再利用台账》的老旧工业厂房、', '仓储用房、特色工业遗址等相关存量空间及设施'];
    expect(read(['全市范围由于疏解腾退、产业转型、功能调整以及不符合', '工具分类 | 区域产业发展定位等原因，原生产无法继续实施，且被纳资金支持服务对象', ...below])).toMatchObject({
      tool: '资金支持',
      audience: '全市范围由于疏解腾退、产业转型、功能调整以及不符合区域产业发展定位等原因，原生产无法继续实施，且被纳入《嘉兴市老旧厂房改造再利用台账》的老旧工业厂房、仓储用房、特色工业遗址等相关存量空间及设施',
    });
    // A category no card of the book names is not guessed at: the card keeps what it read.
    expect(read(['全市范围由于疏解腾退、产业转型、功能调整以及不符合', '工具分类 | 区域产业发展定位等原因，原生产无法继续实施，且被纳奖项支持服务对象', ...below]).tool).toBeNull();
  });

  it('keeps the end of a wrapped 服务对象 that closes its sentence, rather than make it a clause', () => {
    const at = BOOK.indexOf('企业，以及参加国际展会的中小企业');
    const ended = parseCompendium([...BOOK.slice(0, at), '企业，以及参加国际展会的中小企业。', ...BOOK.slice(at + 1)])!;
    expect(ended.cards[2]!.source.audience).toBe('注册在嘉兴市的国家级和市级专精特新中小企业以及专精特新“小巨人”企业，重点支持开拓国际市场的企业，以及参加国际展会的中小企业。');
    expect(ended.paragraphs.some((p) => p.text.includes('参加国际展会的中小企业。'))).toBe(false);
  });

  it('splits the text fields at their labels, which stand beside the middle of their text', () => {
    const fields = book.cards.map((c) => Object.fromEntries(c.fields.map((f) => [f.label, f.lines.filter(Boolean)])));
    expect(fields[0]).toEqual({
      服务内容: ['1．改造目标', '改造后入驻率不低于百分之七十，综合节能率达到百分之十五以上。', '2．支持方式和标准', '按照固定资产投资总额百分之三十的比例给予投资补助，最高不超过两千万元。'],
      条件要求: ['改造项目需产权清晰，并满足以下条件：', '1．改造后引入的业态应为先进制造业或现代服务业。', '2．同步实施节能绿色化改造。'],
      办理流程: ['1．项目申报', '项目单位向所在区发展改革部门提出申请，经初审后报市发展改革委。', '2．审批与资金拨付', '市发展改革委评估后批复资金申请报告并下达资金。'],
      '时间/频度': ['时间/频度：从2023年9月起'],
      联络方式: ['联络方式：嘉兴市发展和改革委员会：12345678'],
    });
    expect(fields[1]).toMatchObject({
      服务内容: ['1.支持基础研究和成果转化', '对企业研发投入分档予以支持，第一年最高支持两百万元。', '2.加强新品首制首试首用保障', '鼓励保险公司为首制首购首用提供保险服务，对保费给予补贴。'],
      条件要求: ['本政策适用于国家和市级“专精特新”中小企业'],
      '时间/频度': ['时间/频度：从2021年12月起'],
      联络方式: ['联络方式：嘉兴市经济和信息化局：87654321'],
    });
    // A label that ended an unfinished line (`…及时结算补办理流程`) marks that line's field.
    expect(fields[2]).toMatchObject({
      服务内容: ['对参加境外展会的企业给予展位费补贴，单个企业每年最高五十万元。'],
      办理流程: ['企业在线提交申请→主管部门审核→及时结算补', '贴资金'],
    });
  });

  it('keeps a numbered list whole in its field, although centring alone would cut it after the label', () => {
    const card = (n: number) => [
      `${n}.嘉兴市第${n}项支持措施`,
      '',
      `依据文件 | 《嘉兴市第${n}号支持办法》`,
      '',
      '发文机构 | 嘉兴市经济和信息化局',
      '',
      '发文字号 | /',
      '',
      '1．积极鼓励发展先进制造业',
      '',
      '鼓励企业在不改变工业用地性质的前提下利用腾退空间发展先进制造业，按投资额给予补助。',
      '',
      '2．支持新型基础设施建设',
      '服务内容',
      '',
      '鼓励利用老旧厂房建设新型基础设施项目，加大项目谋划和建设力度，给予资金支持。',
      '',
      '3．支持中试线项目建设。鼓励社会资本利用老旧厂房开展以一致性测试、小批量生产为目标的中试线建设，鼓励产业创新中心和企业技术中心自建或联合科研院校开展中试线建设，对符合条件的项目按照不超过固定资产投资额的百分之三十给予奖励。',
      '',
      '4．支持专精特新企业集聚发展。鼓励各区围绕主导产业方向和企业发展需求，充分利用老旧厂房空间资源打造一批特色园区，鼓励园区建设中试打样和共享制造等产业支撑平台，对符合条件的特色园区按实际建设投入给予资金补助。',
      '',
      '条件要求 | 老旧厂房指被纳入改造再利用台账的老旧工业厂房。',
      '',
      '联络方式 | 嘉兴市经济和信息化局：12345678',
    ];
    const parsed = parseCompendium([...card(1), ...card(2), ...card(3)])!;
    expect(parsed.cards).toHaveLength(3);
    for (const c of parsed.cards) {
      const fields = Object.fromEntries(c.fields.map((f) => [f.label, f.lines.filter(Boolean)]));
      expect(fields['服务内容']!.map((l) => l.slice(0, 2))).toEqual(['1．', '鼓励', '2．', '鼓励', '3．', '4．']);
      expect(fields['条件要求']).toEqual(['老旧厂房指被纳入改造再利用台账的老旧工业厂房。']);
    }
  });

  it('joins the wrapped lines of a text cell into whole items, and keeps items out of the section path', () => {
    // A cell's text wraps at the cell's edge, far from the page margin, so it arrives line by line; a list of
    // conditions follows another list's intro, as in 03's 申报领跑型 / 申报成长型 conditions.
    const card = [
      '1.嘉兴市园区运营服务机构支持',
      '',
      '依据文件 | 《嘉兴市园区运营服务机构支持办法》',
      '',
      '发文机构 | 嘉兴市科学技术局',
      '',
      '发文字号 | /',
      '',
      '服务内容 | 对认定的园区运营服务机构给予资金支持。',
      '',
      '条件要求',
      '',
      '1．支持专业化园区运营服务机构发展',
      '',
      '（1）运营服务机构应聚焦园区主导产业提供专业服务，服务',
      '团队中有较高比例的行业专业背景人员。',
      '',
      '（2）运营服务机构应与所在区政府、园区管理机构或其他相关职能单位签',
      '订合作协议、明确绩效目标，或由区政府以股权投资方式出资',
      '入股。',
      '',
      '申报成长型企业，应符合以下条件：',
      '',
      '（1）近三年营业收入平均增长率不低于百分之二十；',
      '',
      '（2）研发设计等服务投入占企业总投入比重不低于百分之四十。',
      '',
      '联络方式 | 嘉兴市科学技术局：12345678',
    ];
    const parsed = parseCompendium([...card, ...card.map((l) => l.replace('1.嘉兴市园区', '2.嘉兴市园区')), ...card.map((l) => l.replace('1.嘉兴市园区', '3.嘉兴市园区'))])!;
    expect(parsed.cards).toHaveLength(3);
    const first = parsed.paragraphs.filter((p) => p.sectionPath[0] === '1.嘉兴市园区运营服务机构支持' && p.sectionPath[1] === '条件要求');
    expect(first.map((p) => [p.sectionPath.slice(1), p.text])).toEqual([
      [['条件要求', '1．支持专业化园区运营服务机构发展'], '（1）运营服务机构应聚焦园区主导产业提供专业服务，服务团队中有较高比例的行业专业背景人员。'],
      [['条件要求', '1．支持专业化园区运营服务机构发展'], '（2）运营服务机构应与所在区政府、园区管理机构或其他相关职能单位签订合作协议、明确绩效目标，或由区政府以股权投资方式出资入股。'],
      [['条件要求', '1．支持专业化园区运营服务机构发展'], '申报成长型企业，应符合以下条件：'],
      [['条件要求', '1．支持专业化园区运营服务机构发展'], '（1）近三年营业收入平均增长率不低于百分之二十；'],
      [['条件要求', '1．支持专业化园区运营服务机构发展'], '（2）研发设计等服务投入占企业总投入比重不低于百分之四十。'],
    ]);
    // Items are not sections: only the item heading 1． is.
    expect(parsed.sections.filter((s) => s.path[0] === '1.嘉兴市园区运营服务机构支持').map((s) => s.title)).toEqual(['1.嘉兴市园区运营服务机构支持', '服务内容', '条件要求', '1．支持专业化园区运营服务机构发展', '联络方式']);
  });

  it('never cuts a field inside a sentence wrapped over two lines: a list\'s lead-in goes whole with its list', () => {
    const card = (n: number) => [
      `${n}.嘉兴市第${n}项标准补助`,
      '',
      `依据文件 | 《嘉兴市第${n}号标准补助办法》`,
      '',
      '发文机构 | 嘉兴市市场监督管理局',
      '',
      '发文字号 | /',
      '',
      '1．制定团体标准，补助金额不高于二十万元。',
      '服务内容',
      '2．修订标准，补助金额不高于制定标准补助上限的一半。',
      '',
      '补助资金支持的标准制修订项目应符合国家产业政策和本市重点产业发',
      '展规划，并符合下列条件之一：',
      '',
      '1．有利于提升自主创新能力，促进科技成果产业化；',
      '',
      '2．有利于形成优势产业，占领产业竞争制高点。',
      '条件要求',
      '',
      '联络方式 | 嘉兴市市场监督管理局：12345678',
    ];
    const parsed = parseCompendium([...card(1), ...card(2), ...card(3)])!;
    const lead = parsed.paragraphs.filter((p) => p.text.startsWith('补助资金支持的标准制修订项目'));
    expect(lead).toHaveLength(3);
    for (const p of lead) {
      expect(p.text).toBe('补助资金支持的标准制修订项目应符合国家产业政策和本市重点产业发展规划，并符合下列条件之一：');
      expect(p.sectionPath.at(-1)).toBe('条件要求');
    }
  });

  // 北京 03 card 四(二)22 (and 四(一)6, 四(二)4, 6, 21, 23, 25, 26, 四(四)3, 7, 21): the 条件要求 cell ran over a page, so
  // its label stood centred near its top, and the sub-items ending the field went to 办理流程, whose label stands
  // beside its one paragraph (twenty-first librarian audit F2: p0911 （1）申请科技创新券的小微企业… under 办理流程).
  it('never starts a field at a list\'s first sub-item under its item, nor right after a lead-in', () => {
    const card = (n: number) => [
      `${n}.嘉兴市第${n}项创新平台支持`,
      '',
      `依据文件 | 《嘉兴市第${n}号创新平台支持办法》`,
      '',
      '发文机构 | 嘉兴市科学技术局',
      '',
      '发文字号 | /',
      '',
      '服务内容 | 对认定的创新平台和使用科技创新券的企业给予资金支持。',
      '',
      '1．申报创新平台应具备以下条件：',
      '条件要求',
      '（1）在嘉兴市注册，具有独立法人资格，管理规范。',
      '',
      '（2）拥有一定量的可开放科研设施与仪器。',
      '',
      '2．支持实施科技创新券。',
      '',
      '（1）申请科技创新券的小微企业需满足以下条件：',
      '',
      '在嘉兴市注册，具有独立法人资格，在职正式职工不多于一百人。',
      '',
      '（2）申请科技创新券的创业团队需满足以下条件：',
      '',
      '不具备法人资格，还未注册企业，创业团队主要成员应为在校学生。',
      '',
      '服务流程 | 在线填写项目申报书→评审立项：市科技局根据项目受理情况开展评审，根据评审意见研究确定支持方案→结果公示：将拟支持项目名单在官方网站进行公示，公示期为五个工作日→资金拨付：市科技局按照相关规定拨付支持资金。',
      '',
      '联络方式 | 嘉兴市科学技术局：12345678',
    ];
    const parsed = parseCompendium([...card(1), ...card(2), ...card(3)])!;
    expect(parsed.cards).toHaveLength(3);
    for (const c of parsed.cards) {
      const fields = Object.fromEntries(c.fields.map((f) => [f.label, f.lines.filter(Boolean).map((l) => l.slice(0, 8))]));
      expect(fields['条件要求']).toEqual(['1．申报创新平台', '（1）在嘉兴市注', '（2）拥有一定量', '2．支持实施科技', '（1）申请科技创', '在嘉兴市注册，具', '（2）申请科技创', '不具备法人资格，']);
      expect(fields['办理流程']).toEqual(['在线填写项目申报']);
    }
  });

  // 北京 03 card 四(二)24: its 条件要求 repeats 服务内容's item titles (`5．支持开展…工作。`) over their own conditions, its
  // label stands near the top of a cell that runs over a page, and the last item's condition (第三方评估机构应属于…) had
  // gone to 办理流程, whose label stands beside its one paragraph (README Limits, twenty-first session's audits).
  it('keeps an item\'s condition with the item title its 条件要求 repeats from 服务内容, though the title ends in 。', () => {
    const card = (n: number) => [
      `${n}.嘉兴市第${n}项科技服务支持`,
      '',
      `依据文件 | 《嘉兴市第${n}号科技服务支持办法》`,
      '',
      '发文机构 | 嘉兴市科学技术局',
      '',
      '发文字号 | /',
      '',
      '1．支持科技服务品牌机构发展。',
      '',
      '采取事前补助方式给予支持，每家每年支持金额不超过三百万元。',
      '服务内容',
      '2．支持开展特殊物品风险评估工作。',
      '',
      '采取后补助方式给予支持，按照实际发生费用择优给予累计不超过二百万元资金支持。',
      '',
      '1．支持科技服务品牌机构发展。',
      '',
      '（1）应为工程技术、检验检测、科技咨询等领域的科技服务机构。',
      '条件要求',
      '',
      '（2）创新能力强，服务能力、经营业绩、管理水平在同行业中具有较大优势。',
      '',
      '（3）具有较强社会影响力，对相关行业具有积极贡献。',
      '',
      '2．支持开展特殊物品风险评估工作。',
      '',
      '第三方评估机构应属于非从事特殊物品生产和经营的组织机构，具有较全面的风险评估工作经验，并配备专业人员。',
      '',
      '服务流程 | 在线填写项目申报书：申报单位根据当年度申报通知相关要求填写并提交项目申报书→评审立项：市科技局根据项目受理情况开展评审，根据评审意见研究确定支持方案→结果公示：将拟支持项目名单在官方网站进行公示，公示期为五个工作日→签订协议：经公示无异议的项目，市科技局与项目承担单位签订立项协议→资金拨付：市科技局按照相关规定拨付支持资金。',
      '',
      '联络方式 | 嘉兴市科学技术局：12345678',
    ];
    const parsed = parseCompendium([...card(1), ...card(2), ...card(3)])!;
    expect(parsed.cards).toHaveLength(3);
    for (const c of parsed.cards) {
      const fields = Object.fromEntries(c.fields.map((f) => [f.label, f.lines.filter(Boolean).map((l) => l.slice(0, 8))]));
      expect(fields['条件要求']).toEqual(['1．支持科技服务', '（1）应为工程技', '（2）创新能力强', '（3）具有较强社', '2．支持开展特殊', '第三方评估机构应']);
      expect(fields['办理流程']).toEqual(['在线填写项目申报']);
    }
    const condition = parsed.paragraphs.find((p) => p.text.startsWith('第三方评估机构'))!;
    expect(condition.sectionPath.slice(-2)).toEqual(['条件要求', '2．支持开展特殊物品风险评估工作']);
  });

  // 北京 03 card 四(三)2's 3．: the PDF runs its first three conditions into its lead-in's line and prints （4） on a line of
  // its own, so （1）–（3） were one clause beside （4） (README Limits, twenty-first session's audits).
  it('splits a list its lead-in runs into on one line at its numbered markers, as the book prints its other lists', () => {
    const lead = '3．本项目的申报主体为机构或单位，其应同时具备以下条件：';
    expect(splitRunInItems(`${lead}（1）在本市登记注册的机构或单位；（2）对申报项目依法享有完整的著作权；（3）主创人员以本市创作人才为主；`)).toEqual([
      lead, '（1）在本市登记注册的机构或单位；', '（2）对申报项目依法享有完整的著作权；', '（3）主创人员以本市创作人才为主；',
    ]);
    expect(splitRunInItems('申报单位须符合以下条件：1．在本市注册；2．无不良信用记录。')).toEqual(['申报单位须符合以下条件：', '1．在本市注册；', '2．无不良信用记录。']);
    // Without a lead-in's ：, out of turn, in another form, or alone, the line stays as it is.
    for (const line of [
      '按照（1）、（2）项所列标准执行；（2）项另有规定的除外。',
      '其应具备以下条件：（1）在本市登记注册；（3）主创人员以本市人才为主。',
      '其应具备以下条件：（1）在本市登记注册；2．无不良信用记录。',
      '其应具备以下条件：（1）在本市登记注册。',
      '补助标准：1.5倍于上年度；2.0倍于前年度。',
    ]) expect(splitRunInItems(line)).toEqual([line]);
    const card = (n: number) => [
      `${n}.嘉兴市第${n}项艺术创作资助`,
      '',
      `依据文件 | 《嘉兴市第${n}号艺术创作资助办法》`,
      '',
      '发文机构 | 嘉兴市文化广电旅游局',
      '',
      '发文字号 | /',
      '',
      '服务内容 | 对立项资助的舞台剧和作品给予资助。',
      '',
      '1．已经完成项目策划等创作前期工作的大型舞台剧和作品。',
      '',
      `条件要求 | ${lead}（1）在本市登记注册的机构或单位；（2）对申报项目依法享有完整的著作权；（3）主创人员以本市创作人才为主；`,
      '（4）项目申报主体应具有稳定的创作演出团队。',
      '',
      '联络方式 | 嘉兴市文化广电旅游局：12345678',
    ];
    const parsed = parseCompendium([...card(1), ...card(2), ...card(3)])!;
    const items = parsed.paragraphs.filter((p) => p.source?.basis === '《嘉兴市第1号艺术创作资助办法》' && p.sectionPath.includes('条件要求'));
    expect(items.map((p) => p.text.slice(0, 6))).toEqual(['1．已经完成', '3．本项目的', '（1）在本市', '（2）对申报', '（3）主创人', '（4）项目申']);
    expect(new Set(items.slice(2).map((p) => p.sectionPath.at(-1)))).toEqual(new Set([lead]));
  });

  it('makes clauses under [part, card, field] that carry the card\'s source', () => {
    const clause = book.paragraphs.find((p) => p.text.startsWith('鼓励保险公司'))!;
    expect(clause.sectionPath).toEqual(['二、先进制造业篇', '（一）专精特新', '1.嘉兴市关于提升“专精特新”中小企业技术创新能力的若干措施', '服务内容', '2.加强新品首制首试首用保障']);
    expect(clause.source).toEqual(book.cards[1]!.source);
    const preface = book.paragraphs[0]!;
    expect(preface).toMatchObject({ sectionPath: ['前言'], text: expect.stringContaining('编制本指南') });
    expect(preface.source).toBeUndefined();
    expect(book.paragraphs.map((p) => p.ordinal)).toEqual(book.paragraphs.map((_, i) => i));
    expect(book.sections.find((s) => s.title === '2.嘉兴市支持专精特新企业开拓国际市场')).toMatchObject({
      path: ['二、先进制造业篇', '（一）专精特新', '2.嘉兴市支持专精特新企业开拓国际市场'],
      firstParagraph: book.paragraphs.findIndex((p) => p.text.startsWith('对参加境外展会')),
    });
  });

  it('drops the contents, page numbers, card labels and cover lines from the clauses', () => {
    const texts = book.paragraphs.map((p) => p.text);
    for (const gone of ['目录', '— 1 —', '— 2 —', '服务内容', '服务流程', '依据文件', '嘉兴市产业政策指南', '二〇二四年']) expect(texts).not.toContain(gone);
    expect(texts.some((t) => /\.{5,}/u.test(t))).toBe(false);
    expect(book.removed.filter((r) => r.rule === 'table-of-contents')).toHaveLength(4);
    expect(book.removed.filter((r) => r.rule === 'page-number').map((r) => r.line)).toEqual(['— 1 —', '— 2 —']);
  });

  it('returns null for a text that is not a compendium', () => {
    expect(parseCompendium(['一、总体要求', '推进园区建设。'])).toBeNull();
  });
});

describe('parseDocument on a compendium', () => {
  it('parses card by card and records the type 汇编', () => {
    const doc = parseDocument(BOOK.join('\n'), { file: 'guide.txt' });
    expect(doc.meta).toMatchObject({ title: '嘉兴市产业政策指南（市级版）', docType: '汇编', date: '2024' });
    const cited = doc.paragraphs.filter((p) => p.source?.basis === '《嘉兴市关于促进“专精特新”中小企业高质量发展的若干措施》');
    expect(cited.length).toBeGreaterThanOrEqual(6);
    expect(new Set(cited.map((p) => p.sectionPath[2]))).toEqual(new Set(['1.嘉兴市关于提升“专精特新”中小企业技术创新能力的若干措施', '2.嘉兴市支持专精特新企业开拓国际市场']));
  });

  it('leaves an ordinary document as it was: no 汇编, no sources', () => {
    const doc = parseDocument('某市人民政府关于印发若干措施的通知\n一、总体要求\n推进园区建设，支持专精特新企业发展。\n', { file: 'notice.txt' });
    expect(doc.meta.docType).not.toBe('汇编');
    expect(doc.paragraphs.every((p) => p.source === undefined)).toBe(true);
  });
});

describe('inApplicationField', () => {
  it('reads a card clause under 条件要求 or 办理流程 (any of their labels) as who qualifies and how to apply', () => {
    const book = parseCompendium(BOOK)!;
    const fields = (label: string) => book.paragraphs.filter((p) => p.sectionPath.includes(label));
    expect(fields('条件要求').length).toBeGreaterThan(0);
    expect(fields('条件要求').every((p) => inApplicationField(p.sectionPath))).toBe(true);
    expect(fields('办理流程').every((p) => inApplicationField(p.sectionPath))).toBe(true);
    expect(fields('服务内容').some((p) => inApplicationField(p.sectionPath))).toBe(false);
    expect(inApplicationField(['一、综合篇', '1.某卡片', '申报条件'])).toBe(true);
    expect(inApplicationField(['一、综合篇', '1.某卡片', '服务流程', '1．项目申报'])).toBe(true);
    expect(inApplicationField(['一、综合篇', '1.某卡片', '时间/频度'])).toBe(false);
    expect(inApplicationField(['三、保障措施', '（一）加强组织领导'])).toBe(false);
  });
});
