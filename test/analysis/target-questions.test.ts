/**
 * The detector of questions about targets (src/analysis/target-questions.ts) on examples of our own, one group per
 * rule of its header, and the matching (src/analysis/target-matching.ts) on a hand-built set of targets with the
 * fake embedder. The real model and the seed corpus are in test/integration/target-questions.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { AnalysisCorpus } from '../../src/analysis/corpus.js';
import { answeringGroups, askedTopics, kindFits, matchTargets, questionTopic, scoreTargets, targetQuestion, targetYearKey, type TargetRow } from '../../src/analysis/index.js';
import type { TargetData } from '../../src/analysis/targets.js';
import type { AnalysisSource } from '../../src/analysis/types.js';
import { fakeVector } from '../helpers/fake-embedder.js';

const asks = (q: string) => targetQuestion(q) !== null;

describe('targetQuestion: what asks for targets', () => {
  it('a target noun is enough (目标, 指标, 目标值)', () => {
    for (const q of [
      '各地对企业研发投入强度设定了什么目标?',
      '各地绿色工厂的培育目标',
      '单项冠军企业的培育指标',
      '工业互联网平台建设指标',
      '亩均税收的目标值',
      '到“十四五”末的主要目标有哪些',
      'what 目标',
    ]) {
      expect(targetQuestion(q)?.cues, q).toContain('target-noun');
    }
  });

  it('not 目标 as an orientation, a market or firms to attract, nor 指标 as a quota', () => {
    for (const q of ['坚持目标导向和问题导向', '开拓海外目标市场', '梳理招商目标企业清单', '新增建设用地指标如何保障', '能耗指标向重点项目倾斜', '排污指标交易']) {
      expect(asks(q), q).toBe(false);
    }
  });

  it('a quantity question is enough (多少, 几家, 几成, 什么水平)', () => {
    for (const q of [
      '专精特新企业要培育多少家',
      '小巨人企业要培育几家',
      '工业设计中心建几个',
      '企业上云率达到几成',
      '研发投入占比要提高到百分之几',
      '数字经济发展到什么水平',
      '工业总产值增长多少',
    ]) {
      expect(targetQuestion(q)?.cues, q).toContain('quantity-question');
    }
  });

  it('哪几个 asks which, not how many', () => {
    expect(asks('从哪几个方面推进智能化改造')).toBe(false);
  });

  it('doubling is enough (翻番, 翻一番, 倍增)', () => {
    for (const q of ['工业总产值翻番', '规上企业数量翻一番', '高新技术企业倍增']) expect(targetQuestion(q)?.cues, q).toContain('doubling');
  });

  it('a share or a rate is enough (比重, 占比, 占…比例, 增速, 强度, 普及率)', () => {
    for (const q of [
      '研发投入强度',
      '制造业增加值占GDP比重',
      '战略性新兴产业占比',
      '高新技术产业产值占规上工业的比例',
      '数字经济核心产业增加值增速',
      '工业互联网平台普及率',
      '规上工业增加值率',
      '高新技术企业家数',
    ]) {
      expect(targetQuestion(q)?.cues, q).toContain('share-or-rate');
    }
  });

  it('率 that is not a ratio, or a verb, is not a rate (效率, 税率, 利率, 率先)', () => {
    for (const q of ['提高审批效率', '降低企业税率', '贷款利率优惠', '率先建成智能工厂', '率先实现数字化转型']) expect(asks(q), q).toBe(false);
  });

  it('two weak cues of different kinds ask; one does not', () => {
    expect(asks('到2025年工业总产值')).toBe(true); // horizon + volume
    expect(asks('专精特新企业达到100家')).toBe(true); // attainment + amount
    expect(asks('到2025年，培育专精特新企业100家')).toBe(true); // horizon + amount
    expect(asks('软件业务收入突破800亿元')).toBe(true); // attainment + amount + volume
    expect(asks('工业总产值')).toBe(false); // volume only
    expect(asks('到2025年建成一批智能工厂')).toBe(false); // horizon only
    expect(asks('力争建成国家级创新中心')).toBe(false); // attainment only
    expect(asks('产业规模')).toBe(false);
    expect(asks('规模以上工业企业智能化改造')).toBe(false); // 规模以上 is a scope, not a volume
  });

  it('support words make it a question about an incentive, unless a target noun is named', () => {
    for (const q of [
      '对新认定的专精特新小巨人企业奖励多少',
      '首台套产品保险补偿比例是多少',
      '技改项目贴息多少',
      '研发投入占比达到3%的企业给予奖励',
      '人才引进补贴最高多少万元',
    ]) {
      expect(asks(q), q).toBe(false);
    }
    expect(asks('研发投入的目标和奖励政策')).toBe(true);
  });

  it('keyword queries and questions about measures do not ask', () => {
    for (const q of [
      '专精特新',
      '亩均效益',
      '首台(套)',
      '揭榜挂帅',
      '人才引进',
      '智能化改造',
      '产业集群',
      '研发投入',
      '如何支持企业开展数字化改造',
      '各地怎样盘活低效工业用地',
      '有哪些支持中小企业融资的政策',
      '企业上市有什么扶持',
      '工业互联网标识解析二级节点建设',
      '',
      '   ',
    ]) {
      expect(asks(q), q).toBe(false);
    }
  });

  it('full-width text reads like half-width (？, ％, full-width digits)', () => {
    expect(targetQuestion('专精特新企业达到１００家')?.cues).toEqual(expect.arrayContaining(['attainment', 'amount']));
    expect(asks('各地研发投入强度目标是多少？')).toBe(true);
  });

  it('names the words it read as cues', () => {
    expect(targetQuestion('到2025年专精特新企业要达到多少家')).toMatchObject({
      cues: ['quantity-question', 'attainment', 'horizon'],
      evidence: expect.arrayContaining(['多少', '达到', '到2025年']),
    });
  });
});

describe('questionTopic: what the question is about', () => {
  it('drops the frame: who, how it is asked, the target noun, attainment, horizon, numbers and units', () => {
    expect(questionTopic('各地对企业研发投入强度设定了什么目标?')).toBe('企业研发投入强度');
    expect(questionTopic('到2025年专精特新企业要达到多少家')).toBe('专精特新企业');
    expect(questionTopic('到“十四五”末工业总产值达到多少亿元')).toBe('工业总产值');
    expect(questionTopic('各城市制造业增加值占GDP比重的目标是多少')).toBe('制造业增加值占GDP比重');
  });

  it('keeps 要 out of the words it is glued to (比重要达到 → 比重)', () => {
    expect(questionTopic('研发经费占营业收入的比重要达到多少')).toBe('研发经费占营业收入比重');
    expect(questionTopic('战略性新兴产业占比要达到多少')).toBe('战略性新兴产业占比');
    expect(questionTopic('重要产业链的目标')).toBe('重要产业链');
  });

  it('keeps a number that names something (世界500强, 5G) and drops the verbs indicators drop (培育, 引进, 建设)', () => {
    expect(questionTopic('世界500强企业引进目标')).toBe('世界500强企业');
    expect(questionTopic('5G基站建设目标')).toBe('5G基站');
    expect(questionTopic('单项冠军企业的培育指标')).toBe('单项冠军企业');
  });

  it('is empty when only the frame is left', () => {
    expect(questionTopic('各地设定了哪些目标?')).toBe('');
    expect(targetQuestion('各地设定了哪些目标?')?.topic).toBe('');
  });
});

describe('targetQuestion: the kind of number asked for', () => {
  it('reads share, growth, count, money and people from the wording', () => {
    expect(targetQuestion('制造业增加值占GDP比重的目标')?.kinds).toEqual(['share']);
    expect(targetQuestion('制造业投资增速要达到多少')?.kinds).toEqual(['growth']);
    expect(targetQuestion('专精特新企业要培育多少家')?.kinds).toEqual(['count']);
    expect(targetQuestion('工业总产值到2025年达到多少亿元')?.kinds).toEqual(['money']);
    expect(targetQuestion('人才引进的目标是多少人')?.kinds).toEqual(['people']);
  });

  it('does not read the base of a share as the kind asked (占营业收入的比重 asks a share)', () => {
    expect(targetQuestion('研发经费占营业收入的比重要达到多少')?.kinds).toEqual(['share']);
  });

  it('says nothing when the wording does not (研发投入强度, 劳动生产率)', () => {
    expect(targetQuestion('各地对企业研发投入强度设定了什么目标?')?.kinds).toEqual([]);
    expect(targetQuestion('全员劳动生产率要达到多少')?.kinds).toEqual([]);
  });

  it('kindFits: a share takes shares, a count counts, money takes money rates, no unit fits all', () => {
    const t = (unit: string | null, indicator: string) => ({ unit, indicator });
    expect(kindFits(['share'], t('%', '全社会研发投入占GDP比重'))).toBe(true);
    expect(kindFits(['share'], t('家', '高新技术企业'))).toBe(false);
    expect(kindFits(['count'], t('家', '高新技术企业'))).toBe(true);
    expect(kindFits(['money'], t('万元/亩', '规上工业亩均税收'))).toBe(true);
    expect(kindFits(['growth'], t('%', '规上工业增加值增长'))).toBe(true);
    expect(kindFits(['growth'], t('亿元', '制造业投资'))).toBe(false);
    expect(kindFits(['count'], t(null, '容积率'))).toBe(true);
    expect(kindFits([], t('亿元', '制造业投资'))).toBe(true);
  });
});

describe('targetYearKey', () => {
  it('makes 到2025年, 2025年 and 到“十四五”末 the same year', () => {
    expect(targetYearKey('到2025年')).toBe('2025');
    expect(targetYearKey('2025年')).toBe('2025');
    expect(targetYearKey('到“十四五”末')).toBe('2025');
    expect(targetYearKey('“十三五”期末')).toBe('2020');
    expect(targetYearKey(null)).toBe('');
  });
});

// ---------- matching, on hand-built targets with the hashed-bigram embedder ----------

/** Three cities' targets; the vectors stand in for the model (character bigrams of the indicator core). */
function fixture() {
  const docs = [
    { id: 'a', file: 'a.txt', title: '甲市方案', city: '甲市', level: 'county-level city', date: null, planPeriod: '2023—2025年' },
    { id: 'b', file: 'b.txt', title: '乙市方案', city: '乙市', level: 'county-level city', date: null, planPeriod: null },
    { id: 'c', file: 'c.txt', title: '丙省意见', city: '丙省', level: 'province', date: null, planPeriod: null },
  ];
  const source: AnalysisSource = {
    documents: docs,
    paragraphs: docs.flatMap((d, i) =>
      [0, 1, 2].map((n) => ({
        id: `${d.id}:p000${n}`,
        docId: d.id,
        ordinal: n,
        rowid: i * 3 + n,
        text: '',
        sectionPath: [],
        part: n === 2 ? ('attachment' as const) : ('main' as const),
        kind: 'text' as const,
        columns: null,
        responsible: [],
        duplicateOf: null,
      })),
    ),
    vectorOf: () => undefined,
  };
  const corpus = new AnalysisCorpus(source);
  let n = 0;
  const row = (doc: string, p: number, group: string, indicator: string, core: string, value: number, unit: string, year: string | null, extra: Partial<TargetRow> = {}) => ({
    row: {
      id: `${doc}:p000${p}#t${n++}`,
      paragraphId: `${doc}:p000${p}`,
      fingerprint: 'f',
      doc: corpus.docRef(doc),
      planPeriod: null,
      indicator,
      value,
      range: null,
      unit,
      base: null,
      qualifier: null,
      bound: null,
      cumulative: false,
      annual: false,
      year,
      scope: null,
      text: indicator,
      group,
      restatements: [],
      ...extra,
    } satisfies TargetRow,
    core,
  });
  const made = [
    row('a', 0, 'g1', '全社会研发投入占GDP比重', '研发投入', 4, '%', '到2025年', { base: 'GDP' }),
    row('a', 1, 'g1', '全社会研发投入占GDP比重', '研发投入', 4, '%', '到“十四五”末', { base: 'GDP' }),
    row('b', 0, 'g1', '规上企业研发费用占营业收入比重', '企业研发费用', 2.2, '%', '2023年', { base: '营业收入' }),
    row('b', 2, 'g1', '规上企业研发费用占营业收入比重', '企业研发费用', 2.3, '%', '2025年', { base: '营业收入' }),
    row('b', 2, 'g1', '规上企业研发费用占营业收入比重', '企业研发费用', 2.4, '%', '2027年', { base: '营业收入' }),
    row('b', 2, 'g1', '规上企业研发费用占营业收入比重', '企业研发费用', 2.5, '%', '2027年', { base: '营业收入', scope: '经开区' }),
    row('b', 1, 'g2', '专精特新企业', '专精特新企业', 100, '家', '到2027年'),
    row('c', 0, 'g2', '专精特新企业', '专精特新企业', 150, '家', '到2020年'),
    row('c', 1, 'g3', '绿色工厂', '绿色工厂', 50, '家', '到2020年'),
  ];
  const data: TargetData = {
    rows: made.map((m) => m.row),
    groups: new Map([
      ['g1', { label: '全社会研发投入占GDP比重', order: 0 }],
      ['g2', { label: '专精特新企业', order: 1 }],
      ['g3', { label: '绿色工厂', order: 2 }],
    ]),
    coreVector: new Map(made.map((m) => [m.row.id, fakeVector(m.core)])),
  };
  return { corpus, data };
}

describe('matchTargets', () => {
  const tuning = { threshold: 0.6, lexicalWeight: 0.2, perCity: 3 };
  const match = (topic: string, options: Partial<typeof tuning> = {}, filters = {}) => {
    const { corpus, data } = fixture();
    return matchTargets(corpus, data, topic ? [{ text: topic, vector: fakeVector(topic) }] : [], { ...tuning, ...options }, filters);
  };

  it('a group that matches brings its members in every city, whatever their wording and base', () => {
    const rows = match('研发投入');
    expect(rows.map((r) => [r.doc.city, r.value, r.base])).toEqual([
      ['甲市', 4, 'GDP'],
      ['乙市', 2.2, '营业收入'],
      ['乙市', 2.3, '营业收入'],
      ['乙市', 2.4, '营业收入'],
    ]);
  });

  it('says a target once when it is stated twice for one year (到2025年 = 到“十四五”末)', () => {
    expect(match('研发投入').filter((r) => r.doc.city === '甲市')).toHaveLength(1);
  });

  it('takes at most perCity targets per city, whole-document targets before a town’s', () => {
    const rows = match('研发投入', { perCity: 4 }).filter((r) => r.doc.city === '乙市');
    expect(rows.map((r) => r.scope)).toEqual([null, null, null, '经开区']);
    expect(match('研发投入', { perCity: 1 }).map((r) => r.doc.city)).toEqual(['甲市', '乙市']);
    expect(match('研发投入', { perCity: 0 })).toEqual([]);
  });

  it('returns nothing when no group reaches the threshold, and nothing for an empty topic', () => {
    expect(match('森林覆盖率')).toEqual([]);
    expect(match('研发投入', { threshold: 2 })).toEqual([]);
    expect(match('')).toEqual([]);
  });

  it('keeps the search filters: city, document, level and part', () => {
    expect(new Set(match('专精特新企业', {}, { cities: ['丙省'] }).map((r) => r.doc.city))).toEqual(new Set(['丙省']));
    expect(match('专精特新企业', {}, { docs: ['b'] }).map((r) => r.doc.id)).toEqual(['b']);
    expect(match('专精特新企业', {}, { levels: ['province'] }).map((r) => r.doc.city)).toEqual(['丙省']);
    expect(match('研发投入', {}, { part: 'attachment' }).map((r) => r.value)).toEqual([2.3, 2.4, 2.5]);
  });

  it('a target stated again in an attachment is in the attachment too (part=attachment keeps it)', () => {
    const { corpus, data } = fixture();
    const text = data.rows[2]!;
    expect(text.value).toBe(2.2);
    text.restatements = [{ id: 'b:p0002#t9', paragraphId: 'b:p0002', fingerprint: 'f', indicator: text.indicator, year: '2023年', scope: '全市', text: '2.2' }];
    const rows = matchTargets(corpus, data, [{ text: '研发投入', vector: fakeVector('研发投入') }], { ...tuning, perCity: 4 }, { part: 'attachment' });
    expect(rows.map((r) => r.value)).toEqual([2.2, 2.3, 2.4, 2.5]);
  });

  it('a target scores its best against any of the topics: 智能化改造 finds nothing, its expansion 绿色工厂 (a stand-in) does', () => {
    const { corpus, data } = fixture();
    const topics = ['智能化改造', '绿色工厂'].map((text) => ({ text, vector: fakeVector(text) }));
    expect(match('智能化改造')).toEqual([]);
    expect(matchTargets(corpus, data, topics, tuning).map((r) => r.indicator)).toEqual(match('绿色工厂').map((r) => r.indicator));
    expect(match('绿色工厂').length).toBeGreaterThan(0);
  });

  it('scores the words of the topic an indicator has, weighted by how rare they are among indicators', () => {
    const { data } = fixture();
    const scores = scoreTargets(data, '研发投入', fakeVector('研发投入'), 0.2);
    const kunshan = scores.get(data.rows[0]!.id)!;
    const green = scores.get(data.rows[8]!.id)!;
    expect(kunshan.lexical).toBe(1);
    expect(green.lexical).toBe(0);
    expect(kunshan.score).toBeCloseTo(kunshan.cosine + 0.2, 6);
  });
});

describe('askedTopics: the thesaurus\'s expansions answer a question only when its own words answer nothing', () => {
  const tuning = { threshold: 0.6, lexicalWeight: 0.2 };
  const embed = async (text: string) => fakeVector(text);
  // A stand-in thesaurus: 智能化改造 → 绿色工厂 (the fixture has no factory targets), 研发投入 → 专精特新企业.
  const expand = (topic: string) => ({ 智能化改造: ['绿色工厂', '森林覆盖率'], 研发投入: ['专精特新企业'] })[topic] ?? [];

  it('a topic that answers is matched alone: 研发投入 does not bring its expansion\'s group', async () => {
    const { data } = fixture();
    const topics = await askedTopics(data, '研发投入', embed, tuning, expand);
    expect(topics.map((t) => t.text)).toEqual(['研发投入']);
    expect([...answeringGroups(data, topics, tuning).keys()]).toEqual(['g1']);
  });

  it('a topic that answers nothing is matched with its expansions, each scored as a topic', async () => {
    const { data } = fixture();
    const topics = await askedTopics(data, '智能化改造', embed, tuning, expand);
    expect(topics.map((t) => t.text)).toEqual(['智能化改造', '绿色工厂', '森林覆盖率']);
    expect([...answeringGroups(data, topics, tuning).keys()]).toEqual(['g3']);
  });

  it('by default, the expansions search adds: 智能化改造 is expanded with 智能工厂 and the rest', async () => {
    const { data } = fixture();
    const topics = await askedTopics(data, '智能化改造', embed, tuning);
    expect(topics.map((t) => t.text)).toEqual(expect.arrayContaining(['智能化改造', '智能工厂', '智能车间', '数字化车间', '数字化改造']));
    expect(await askedTopics(data, '', embed, tuning)).toEqual([]);
  });
});
