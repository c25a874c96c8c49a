import { describe, expect, it } from 'vitest';
import { chineseNumber, delimitTables, isAttachmentList, isListItem, isTableRow, Outline, parseBox, parseHeading, readsAsClause, tableCells } from '../../src/text/structure.js';

describe('chineseNumber', () => {
  it.each([
    ['一', 1],
    ['十', 10],
    ['十一', 11],
    ['二十', 20],
    ['二十三', 23],
    ['一百零五', 105],
    ['12', 12],
  ])('%s = %d', (s, n) => expect(chineseNumber(s)).toBe(n));
  it('is NaN for words', () => expect(chineseNumber('总体')).toBeNaN());
});

describe('parseHeading', () => {
  it.each([
    ['一、总体要求', 1, '一、', '一、总体要求'],
    ['十二、附则', 1, '十二、', '十二、附则'],
    ['第三章 保障措施', 1, '第三章', '第三章 保障措施'],
    ['第二部分 重点任务', 1, '第二部分', '第二部分 重点任务'],
    ['(四)深化产业智改数转', 2, '(四)', '(四)深化产业智改数转'],
    ['（十一）加强人才支撑', 2, '（十一）', '（十一）加强人才支撑'],
    ['1. 推动企业智能化改造', 3, '1.', '1. 推动企业智能化改造'],
    ['12、加快园区建设', 3, '12、', '12、加快园区建设'],
    ['3．完善服务体系', 3, '3．', '3．完善服务体系'],
    ['(2)贷款贴息', 4, '(2)', '(2)贷款贴息'],
    ['（1）投资补助', 4, '（1）', '（1）投资补助'],
    ['②剧本创作扶持', 5, '②', '②剧本创作扶持'],
  ])('%s is a level-%d heading', (line, level, label, title) => {
    const h = parseHeading(line);
    expect(h).toMatchObject({ level, label, title, rest: '' });
  });

  // s22 ingest audit, finding 14: ① items were text, so their lead-in never became their section, as (1)'s does.
  it('reads ①–⑳ as items below (1), numbered 1–20, but not ①② or ①、② in running text', () => {
    expect(parseHeading('②设备投资额5000万元以上的，按10%给予补助，最高1200万元。')).toMatchObject({ kind: 'numbered', level: 5, label: '②', number: 2 });
    expect(parseHeading('⑳其他。')).toMatchObject({ level: 5, number: 20 });
    expect(parseHeading('①②项所列企业')).toBeNull();
    expect(parseHeading('①、②两类项目按季度申报')).toBeNull();
  });

  // s22 audit (README Limits): ⑴ ⑵ … and ⒈ ⒉ … were text, their lead-in never their section.
  it('reads ⑴–⒇ as (1) and ⒈–⒛ as 1., numbered 1–20, but not ⑴⑵ or ⒈、⒉ in running text', () => {
    expect(parseHeading('⑵设备投资额5000万元以上的，按10%给予补助。')).toMatchObject({ kind: 'numbered', level: 4, label: '⑵', number: 2 });
    expect(parseHeading('⒇其他。')).toMatchObject({ level: 4, number: 20 });
    expect(parseHeading('⒈推动企业智能化改造')).toMatchObject({ kind: 'numbered', level: 3, label: '⒈', number: 1, title: '⒈推动企业智能化改造', rest: '' });
    expect(parseHeading('⒛其他。')).toMatchObject({ level: 3, number: 20 });
    expect(parseHeading('⑴⑵项所列企业')).toBeNull();
    expect(parseHeading('⒈、⒉两类项目按季度申报')).toBeNull();
  });

  it('splits a heading that opens a clause at the first sentence end', () => {
    expect(parseHeading('(一)强化组织领导。加强统筹协调，落实工作责任。')).toMatchObject({
      level: 2,
      title: '(一)强化组织领导',
      rest: '加强统筹协调，落实工作责任。',
    });
    expect(parseHeading('9.推动企业“专精特新”发展。持续健全梯度培育机制。')).toMatchObject({ level: 3, title: '9.推动企业“专精特新”发展' });
  });

  it('takes a heading line ending in 。 as heading-only', () => {
    expect(parseHeading('(二)着力招大育强，夯实发展根基。')).toMatchObject({ title: '(二)着力招大育强，夯实发展根基', rest: '' });
  });

  it('splits at a colon after a short name', () => {
    expect(parseHeading('(三)发展目标：到2025年产值突破千亿元')).toMatchObject({ title: '(三)发展目标', rest: '到2025年产值突破千亿元' });
  });

  it('gives a long heading line without sentence end a short title and keeps the rest as the clause', () => {
    const line = '(五)加快推进数字化转型，支持企业上云用数赋智，推广工业互联网平台应用，建设智能工厂和数字化车间，提升全要素生产率和产业链协同水平';
    const h = parseHeading(line)!;
    expect(h.title).toBe('(五)加快推进数字化转型');
    expect(h.rest.length).toBeGreaterThan(0);
  });

  it('recognises 第N条 articles at level 3, with their caption', () => {
    expect(parseHeading('第三条 载体建设。对认定的载体给予支持。')).toMatchObject({ kind: 'article', level: 3, label: '第三条', title: '第三条 载体建设' });
    expect(parseHeading('第一条 为了规范专项资金管理，提高资金使用效益，根据有关规定，制定本办法。')).toMatchObject({ kind: 'article', title: '第一条' });
  });

  it('reads an article heading on a line of its own as its title, opening no clause (s21 drafter audit, finding 1)', () => {
    // 第二条 发放算力券, its body on the next line (a pasted draft; ## 第二条 发放算力券 in Markdown).
    expect(parseHeading('第二条 发放算力券')).toMatchObject({ kind: 'article', number: 2, label: '第二条', title: '第二条 发放算力券', rest: '' });
    expect(parseHeading('第七条　建设智能工厂和数字化车间')).toMatchObject({ title: '第七条　建设智能工厂和数字化车间', rest: '' });
    // A line that runs on is the article's text, as before.
    expect(parseHeading('第三条 市工业和信息化局负责组织实施，市财政局负责资金保障')).toMatchObject({ title: '第三条', rest: '市工业和信息化局负责组织实施，市财政局负责资金保障' });
  });

  it('reads ﹒ (a small full stop, 安徽\'s 行动计划) as 1. reads .', () => {
    expect(parseHeading('13﹒开展工业互联网新模式推广。')).toMatchObject({ kind: 'numbered', level: 3, label: '13﹒', number: 13, title: '13﹒开展工业互联网新模式推广', rest: '' });
    expect(parseHeading('1﹒推进工业互联网外网建设。支持基础电信企业加强建设。')).toMatchObject({ level: 3, title: '1﹒推进工业互联网外网建设', rest: '支持基础电信企业加强建设。' });
    expect(parseHeading('1﹒5倍容积率的项目给予奖励。')).toBeNull();
  });

  it('recognises attachments at level 0', () => {
    expect(parseHeading('附件1')).toMatchObject({ kind: 'attachment', level: 0, label: '附件1', number: 1 });
    expect(parseHeading('附件：')).toMatchObject({ kind: 'attachment', level: 0 });
    expect(parseHeading('附件2：重点任务分工表')).toMatchObject({ kind: 'attachment', number: 2, title: '附件2：重点任务分工表' });
  });

  it.each([
    '1.5倍容积率的项目给予奖励。',
    '2023年全市工业增加值增长7%。',
    '1、2号线同步建设。',
    '一、二季度完成招标工作。',
    '一、二产业融合发展。',
    '(2023—2027年)',
    '附件所列项目按程序报批。',
    '附件:1.目标体系',
    '14 | 两化改造 | 累计建成智能工厂(家) | 6 |',
    '1.',
    '推进产业发展。',
  ])('%s is not a heading', (line) => {
    expect(parseHeading(line)).toBeNull();
  });
});

describe('parseBox', () => {
  it('reads a box\'s title line (专栏N and a short name)', () => {
    expect(parseBox('专栏1  工业互联网网络互联互通工程')).toMatchObject({ kind: 'box', label: '专栏1', number: 1, title: '专栏1 工业互联网网络互联互通工程', rest: '' });
    expect(parseBox('专栏7  5G＋工业互联网融合应用工程')).toMatchObject({ number: 7, title: '专栏7 5G＋工业互联网融合应用工程' });
    expect(parseBox('专栏二：重点项目')).toMatchObject({ label: '专栏二', number: 2, title: '专栏二 重点项目' });
  });
  it.each(['专栏1 工业互联网网络互联互通工程优化网络基础设施。组织基础电信企业改造网络。', '鼓励各类传媒平台开设创业专题专栏', '专栏', '专栏12'])('%s is no box title', (line) => {
    expect(parseBox(line)).toBeNull();
  });
  it('is no heading for parseHeading, which other readers share', () => expect(parseHeading('专栏1  工业互联网网络互联互通工程')).toBeNull());
});

describe('readsAsClause', () => {
  const reads = (line: string) => readsAsClause(parseHeading(line)!, line);

  it.each([
    // an amount in a whole sentence: the measure itself, at any numbered level
    '(一)对首次认定的国家级专精特新“小巨人”企业给予一次性奖励50万元。',
    '一、对新认定的省级制造业单项冠军企业给予一次性奖励30万元。',
    '（二）按设备投资额的10%给予补助。',
    '2．小型剧（节）目和作品创作项目申请资助资金的额度不超过10万元。',
    '1．节能改造项目综合节能率不小于15%。',
    // longer than a heading
    '（五）主动挽回损失、消除不良影响或者有效阻止危害结果发生。',
    '1．申请高精尖资金的企业应在本市登记注册、具有独立法人资格且近3年无严重失信记录。',
    // an item (1. / (1)) with clauses, as before
    '3. 支持企业开展技术改造，按设备投资额的10%给予补助。',
    '（1）民营经济组织创新发展；',
    // a heading that opens its clause on the same line
    '(一)强化组织领导。加强统筹协调，落实工作责任。',
    // a count a target states, however short the sentence (s20 drafter audit, finding 2)
    '1.新增省级以上科技企业孵化器5家。',
    '（2）专精特新企业达到600家。',
    '3、每年筹集人才公寓500套。',
  ])('%s is a clause', (line) => expect(reads(line)).toBe(true));

  it.each([
    '(一)加快培育专精特新企业',
    '(二)强化要素保障。',
    '(三)深化“亩产效益”评价改革。',
    '(一)着力空间腾挪,优化制造业发展布局。',
    '(三)着力企业优强,培育制造业企业“雁阵”。',
    '（四）数字化转型提升行动。',
    '一、总体要求',
    '五、建设国际性综合交通枢纽城市和交通强国示范城市政策（由市交通运输局牵头实施）',
    '22.北京市对新建跨境电子商务体验店给予资金支持',
    '4．支持专业人才队伍建设。',
    // years, days and ordinals are not counts
    '（3）项目应为近2年内完成竣工验收并投入使用。',
    '4．项目实施时间应在上一年度1月1日（含）以后。',
    '（二）加快5G网络建设。',
  ])('%s is a heading only', (line) => expect(reads(line)).toBe(false));
});

describe('isListItem', () => {
  const item = (line: string) => isListItem(parseHeading(line)!, line);
  it('is a numbered line that is one whole sentence, or opens with a sentence longer than any title', () => {
    expect(item('（2）近三年营业收入平均增长率不低于20%；')).toBe(true);
    expect(item('(一)对首次认定的“小巨人”企业给予一次性奖励50万元。')).toBe(true);
    expect(item('1．大型舞台剧和作品创作项目申请资助资金的额度不超过以下标准：戏曲、话剧项目250万元；歌剧项目400万元。')).toBe(true);
  });
  it('is an item whose line ends no sentence before its end: its first phrase is no title (北京 03 p0259, p1374)', () => {
    expect(item('（1）园区土地或空间依法取得、四至范围明确、空间集中连片的产业集聚区，管理机构应是北京市内合法注册的法人单位或政府部门派出机构，已建立运营管理机制；')).toBe(true);
    expect(item('1．在北京地区注册且具有独立法人资格，从事商贸流通业经营、服务、管理的企业、机构、经济组织等单位；')).toBe(true);
    expect(item('（1）实体企业的注册资本一般不低于500万元；专门从事知识产权运营相关业务的企业注册资本一般不低于50万元，律师事务所除外；')).toBe(true);
    // A title closed by a sentence end or a name's colon is still a heading over its clause.
    expect(item('1．总体目标：到2025年，培育专精特新企业，建成一批特色园区；')).toBe(false);
    expect(item('（2）加强人才引进。对引进的高层次人才，给予安家补贴；')).toBe(false);
    // A 一、 / （一） line is not an item: its first phrase may title it.
    expect(item('（一）强化组织领导，各地要建立健全工作机制，明确责任分工，加强统筹协调，形成工作合力，确保各项任务落到实处；')).toBe(false);
  });
  it('is not a heading, a heading that opens its clause, or an article', () => {
    expect(item('（一）加强组织领导')).toBe(false);
    expect(item('(二)强化要素保障。')).toBe(false);
    expect(item('（一）加强组织领导。各地要建立工作机制，明确责任分工。')).toBe(false);
    expect(item('第五条 本办法自印发之日起施行。')).toBe(false);
  });
  it('keeps its place in the numbering but not in the path: what follows it stays under its parent', () => {
    const o = new Outline();
    expect(o.accept(parseHeading('第一条 市人民政府应当加强下列工作：')!)).not.toBeNull();
    const accept = (line: string) => {
      const h = parseHeading(line)!;
      // Inside an article an item sits one level below it, where a semicolon makes it a clause.
      expect(isListItem(o.place(h), line)).toBe(true);
      return o.accept(h, true)!;
    };
    expect(accept('（一）民营经济组织创新发展；').path).toEqual(['第一条']);
    expect(accept('（二）民营经济组织规模升级；').path).toEqual(['第一条']);
    expect(o.path()).toEqual(['第一条']);
    // The numbering still runs: a (一) right after (二) under the same parent is running text.
    expect(o.plausible(parseHeading('（一）另一项')!)).toBe(false);
  });
});

describe('isAttachmentList', () => {
  it('tells a list of attachments from the start of one', () => {
    expect(isAttachmentList('附件:1.某市目标体系')).toBe(true);
    expect(isAttachmentList('附件：1、任务分工')).toBe(true);
    expect(isAttachmentList('附件1')).toBe(false);
  });
});

describe('table rows', () => {
  it('recognises flattened rows and splits their cells', () => {
    expect(isTableRow('序号 | 指标 | 2025年 |')).toBe(true);
    expect(isTableRow('甲|乙')).toBe(false);
    expect(tableCells('1 | 整治低效 工业用地 | 内容 | 市局 |')).toEqual(['1', '整治低效 工业用地', '内容', '市局']);
    expect(tableCells('| 甲 | 乙 |')).toEqual(['甲', '乙']);
  });
});

// s22 ingest audit, finding 2: a table saved as .txt from Word or Excel (tabs) or copied from a PDF (aligned spaces)
// had its lines run together once normalisation made one space of each tab or run.
describe('delimitTables', () => {
  it('writes a block of tab-separated lines as flattened rows, keeping empty cells', () => {
    expect(delimitTables('附件1\n地区\t增速（%）\t投资（亿元）\n沭阳县\t8.5\t260\n泗阳县\t\t180\n')).toBe('附件1\n地区 | 增速（%） | 投资（亿元）\n沭阳县 | 8.5 | 260\n泗阳县 |  | 180\n');
  });

  it('keeps a row whose trailing empty cells were trimmed a row, ending in |', () => {
    expect(delimitTables('序号\t政策条款\t牵头单位\n1\t满负荷生产奖励\t市工信局\n2\t有效投资补助')).toBe('序号 | 政策条款 | 牵头单位\n1 | 满负荷生产奖励 | 市工信局\n2 | 有效投资补助 |');
  });

  it('writes a block of lines aligned with runs of spaces, of the same cell count, as rows', () => {
    expect(delimitTables('地区    增速（%）    投资（亿元）\n沭阳县    8.5    260\n泗阳县    8.0    180')).toBe('地区 | 增速（%） | 投资（亿元）\n沭阳县 | 8.5 | 260\n泗阳县 | 8.0 | 180');
  });

  // s22 audit (README Limits): a two-column tab table stayed lines of text, its header a clause and each row another.
  it('writes a block of two-column tab-separated lines as rows when it is plainly a table: a header of column names, then rows', () => {
    expect(delimitTables('主要指标\n指标\t2025年目标值\n规上工业增加值年均增速（%）\t8\n新增专精特新中小企业（家）\t100\n')).toBe(
      '主要指标\n指标 | 2025年目标值 |\n规上工业增加值年均增速（%） | 8 |\n新增专精特新中小企业（家） | 100 |\n',
    );
    // A numbered paragraph saved with a tab after its number, right above the table, stays a line.
    expect(delimitTables('一、\t责任分工\n政策条款\t牵头单位\n满负荷生产奖励\t市工业和信息化局\n有效投资补助\t市发展改革委')).toBe(
      '一、\t责任分工\n政策条款 | 牵头单位 |\n满负荷生产奖励 | 市工业和信息化局 |\n有效投资补助 | 市发展改革委 |',
    );
  });

  it('leaves alone two-cell tab lines that are no plain table: a list numbered with tabs, sentences, fields, a header and one row', () => {
    const untouched = [
      '一、\t总体要求\n（一）\t指导思想\n（二）\t基本原则',
      '1.\t推动企业智能化改造\n2.\t支持企业数字化转型\n3.\t培育专精特新企业',
      '总体要求\t坚持稳中求进。\n加快推进新型工业化，推动制造业高端化、智能化、绿色化发展。\t强化要素保障。\n落实各项政策。\t加强督促检查。',
      '联系人：张三\t电话：0527-84361234\n联系人：李四\t电话：0527-84361235\n联系人：王五\t电话：0527-84361236',
      '指标\t2025年目标值\n规上工业增加值年均增速（%）\t8',
      '2023\t2024\n8.5\t9.0\n7.5\t8.0',
    ];
    for (const text of untouched) expect(delimitTables(text)).toBe(text);
  });

  it('leaves alone what only looks laid out: a numbered line with one tab, two cells, a lone line, unequal counts, long cells', () => {
    const untouched = [
      '一、\t总体要求\n（一）\t指导思想',
      '发布时间:2024-01-26    来源:昆山市工业和信息化局',
      '• 传  真:+86-0512-53660867\n• 邮  箱:info@investchn.com',
      '地区  增速  投资\n一段正文。',
      '地区  增速  投资\n沭阳县  8.5\n泗阳县  8.0  180  90',
      '甲  乙  推动制造业高端化、智能化、绿色化发展，加快建设具有国际竞争力的先进制造业集群和产业创新高地\n丙  丁  推动制造业高端化、智能化、绿色化发展，加快建设具有国际竞争力的先进制造业集群和产业创新高地',
      '1 | 已是表格 | 市局 |',
    ];
    for (const text of untouched) expect(delimitTables(text)).toBe(text);
  });
});

describe('Outline', () => {
  const h = (line: string) => parseHeading(line)!;

  it('builds paths from the top down', () => {
    const o = new Outline();
    o.accept(h('一、总体要求'));
    o.accept(h('(一)指导思想'));
    expect(o.accept(h('1. 坚持创新'))?.path).toEqual(['一、总体要求', '(一)指导思想', '1. 坚持创新']);
    expect(o.accept(h('二、重点任务'))?.path).toEqual(['二、重点任务']);
  });

  it('accepts numbering that continues across parents and restarts under a new parent', () => {
    const o = new Outline();
    o.accept(h('一、任务'));
    o.accept(h('(一)甲'));
    o.accept(h('1.子甲'));
    o.accept(h('2.子乙'));
    o.accept(h('(二)乙'));
    expect(o.accept(h('3.子丙'))).not.toBeNull();
    o.accept(h('(三)丙'));
    expect(o.accept(h('1.重新编号'))).not.toBeNull();
  });

  it('rejects an implausible number under the same parent', () => {
    const o = new Outline();
    o.accept(h('一、任务'));
    o.accept(h('1.甲'));
    o.accept(h('2.乙'));
    o.accept(h('3.丙'));
    expect(o.accept(h('1.丁'))).toBeNull();
    expect(o.accept(h('9.戊'))).toBeNull();
    expect(o.accept(h('4.己'))).not.toBeNull();
  });

  it('does not accept a first heading with a large number', () => {
    expect(new Outline().accept(h('八、保障措施'))).toBeNull();
  });

  it('nests an article’s items under the article', () => {
    const o = new Outline();
    o.accept(h('第一章 总则'));
    o.accept(h('第五条 企业培育。给予奖励。'));
    const item = o.accept(h('(一)落户补贴。给予补贴。'));
    expect(item?.heading.level).toBe(4);
    expect(item?.path).toEqual(['第一章 总则', '第五条 企业培育', '(一)落户补贴']);
    expect(o.accept(h('第六条 离岸孵化。给予支持。'))?.path).toEqual(['第一章 总则', '第六条 离岸孵化']);
  });

  it('sets a box under the innermost heading, or beside an item, and keeps the items\' numbering', () => {
    const o = new Outline();
    o.accept(h('二、行动步骤'));
    o.accept(h('（一）网络体系强基行动'));
    expect(o.accept(parseBox('专栏0 总体工程')!)?.path).toEqual(['二、行动步骤', '（一）网络体系强基行动', '专栏0 总体工程']);
    o.accept(h('1﹒推进外网建设。支持建设。'));
    o.accept(h('2﹒推进内网改造。支持改造。'));
    const box = o.accept(parseBox('专栏1 网络互联互通工程')!);
    expect(box?.heading.level).toBe(3);
    expect(box?.path).toEqual(['二、行动步骤', '（一）网络体系强基行动', '专栏1 网络互联互通工程']);
    o.accept(h('（二）基础支撑增强行动'));
    expect(o.accept(h('3﹒加快标识解析体系建设。引导建设。'))?.path).toEqual(['二、行动步骤', '（二）基础支撑增强行动', '3﹒加快标识解析体系建设']);
  });

  it('starts afresh at an attachment', () => {
    const o = new Outline();
    o.accept(h('一、总体要求'));
    o.accept(h('二、重点任务'));
    o.accept(h('附件1'));
    expect(o.accept(h('一、目标'))?.path).toEqual(['附件1', '一、目标']);
  });
});
