/**
 * Does a query ask for targets (量化目标)? A pure reading of the query's grammar, no model: the server asks it before
 * it looks for matching targets, so a query that is not about targets costs nothing.
 *
 * How Chinese asks for a target. Written from the grammar of such questions, then checked on examples of our own
 * (test/analysis/target-questions.test.ts); no eval set was read.
 *
 * 1. Any of these cues is enough on its own:
 *    - **a target noun**: 目标, 指标, 目标值 (设定了什么目标, 研发投入的指标). Not when the noun is something else:
 *      目标导向 / 目标市场 / 目标企业 / 目标客户 (an orientation, a market, firms to attract), and not a quota:
 *      用地指标, 能耗指标, 排放指标 … are allocations a city receives, not numbers it aims at.
 *    - **a quantity question**: 多少, 多大, 多高, 多快, 几成, 几倍, 几 + a measure word (几家, 几个, 几项 …; not 哪几个),
 *      百分之几, 什么水平 / 何种水平 / 哪个水平.
 *    - **doubling**: 翻番, 翻一番, 翻两番, 倍增.
 *    - **a share or a rate**, nouns that only name a measured quantity: 比重, 占比, 占…比例, 增速, 增幅, 增长率,
 *      强度 (研发投入强度, 投资强度), 家数, 户数, and a noun ending in 率 (普及率, 覆盖率, 增加值率) except the
 *      words where 率 is not a ratio of the thing measured (效率, 税率, 利率, 汇率, 费率, 频率, 功率, 概率) or is a
 *      verb (率先, 率领).
 * 2. Otherwise two cues of different kinds are needed, since each alone is common in clauses that set no target:
 *    - attainment: 达到, 突破, 超过, 不低于, 不少于, 力争, 提高到/至, 提升到/至, 增加到/至, 增长到/至;
 *    - a horizon: 到/至2025年, 2025年底/末/前, “十四五”(末);
 *    - an amount: a number with a unit (300家, 4%, 35万元/亩, 2个百分点) or a bare money unit (亿元, 万元);
 *    - a volume noun: 规模 (not 规模以上), 总量, 总额, 总数, 数量, 产值, 总值, 增加值, 营业收入, 营收, 税收, 产量,
 *      投资额, 市值.
 *    So 到2025年工业总产值 and 专精特新企业达到100家 ask; 工业总产值 alone, or 到2025年建成智能工厂, do not.
 * 3. A query about support is not a question about targets, unless it names a target noun: 奖励, 补贴, 补助, 资助,
 *    奖补, 贴息, 补偿, 给予, 一次性, 最高 … make 对小巨人企业奖励多少 ask for an incentive amount (a parameter of a
 *    measure), and 研发投入占比达到3%的企业给予奖励 a condition of one.
 *
 * The examples in test/analysis/target-questions.test.ts pin each rule (they were written with the rules, so they
 * are a specification, not an accuracy estimate); the 46 questions of test/fixtures/target-questions-labeled.json,
 * written to label the matching, are all read as questions about targets.
 *
 * The kind of number asked for (`kinds`: 比重 a share, 多少家 a count, 增速 a growth rate …) is read too. Filtering
 * targets by it was measured and is not used (target-matching.ts): it drops the counterparts of another kind that
 * answer the question as well (制造业投资 118亿元 beside 制造业投资增速).
 *
 * The topic is what the question asks about: its words minus the frame (各地, 对, 设定了, 什么, 目标, 达到,
 * 多少, 到2025年, numbers and units). 各地对企业研发投入强度设定了什么目标? → 企业研发投入强度. It is what the
 * matching (target-matching.ts) compares with the indicators.
 */
import { foldWidth, tokenize } from '../text/segment.js';

export type TargetCue = 'target-noun' | 'quantity-question' | 'doubling' | 'share-or-rate' | 'attainment' | 'horizon' | 'amount' | 'volume';

/** Kinds of number a question can ask for, named as `quantityKind` (targets.ts) names a target's. */
export type AskedKind = 'share' | 'growth' | 'count' | 'money' | 'people';

/** A query read as a question about targets. */
export interface TargetQuestion {
  /** The kinds of cue found, in the order of the rules above. */
  cues: TargetCue[];
  /** The kinds of number the wording asks for (比重 → share, 多少家 → count); empty when it does not say. */
  kinds: AskedKind[];
  /** The words that were read as cues, as written in the query. */
  evidence: string[];
  /** What the question asks about (the query without its question frame); '' when nothing is left. */
  topic: string;
}

const MEASURE_WORDS = '个家项所座条件名人只台套款批次场亿万千百';

const STRONG: { cue: TargetCue; pattern: RegExp }[] = [
  { cue: 'target-noun', pattern: /目标值?(?!导向|市场|企业|客户|群体)|(?<!用地|土地|能耗|排放|排污|碳排放|污染物|规划)指标/g },
  { cue: 'quantity-question', pattern: new RegExp(`多少|多大|多高|多快|几成|几倍|(?<!哪)几[${MEASURE_WORDS}]|百分之几|(?:什么|何种|哪个|怎样的)水平`, 'g') },
  { cue: 'doubling', pattern: /翻(?:一|两|二)?番|倍增/g },
  {
    cue: 'share-or-rate',
    pattern: /比重|占比|占[^，。,；;？?]{1,15}比例|增速|增幅|增长率|增长速度|强度|家数|户数|[\u4e00-\u9fff](?<![效税利汇费频功概坦草轻直统比])率(?![先领])/g,
  },
];

const WEAK: { cue: TargetCue; pattern: RegExp }[] = [
  { cue: 'attainment', pattern: /达到|突破|超过|不低于|不少于|力争|(?:提高|提升|增加|增长)(?:到|至)/g },
  { cue: 'horizon', pattern: /(?:到|至)\s*\d{4}\s*年|\d{4}\s*年(?:底|末|前)|[“"]?十[一二三四五六七八九]五[”"]?/g },
  {
    cue: 'amount',
    pattern: new RegExp(`\\d+(?:\\.\\d+)?\\s*(?:%|个百分点|百分点|万亿元|亿元|万元|元|万?[${MEASURE_WORDS}]|亩|倍)|亿元|万元|百分点`, 'g'),
  },
  { cue: 'volume', pattern: /规模(?!以上)|总量|总额|总数|数量|产值|总值|增加值|营业收入|营收|税收|产量|投资额|市值/g },
];

/**
 * The kind of number asked for, when the wording says it: a share (比重, 占比, 占…比例), a growth rate (增速, 增幅,
 * 增长率), a count (多少家, 几个, 数量, 家数), money (亿元, 产值, 营业收入, 规模) or people (多少人, 人数). Rates
 * in 率 are left out on purpose: 劳动生产率 is money per person, 普及率 a share.
 */
const ASKED_KINDS: { kind: AskedKind; pattern: RegExp }[] = [
  { kind: 'share', pattern: /比重|占比|占比例|百分之几|几成/ },
  { kind: 'growth', pattern: /增速|增幅|增长率|增长速度|增长(?:多少|几)/ },
  { kind: 'count', pattern: /(?:多少|几|\d)[家个项所座件条款户]|数量|家数|户数|总数/ },
  { kind: 'money', pattern: /(?:万亿|亿|万)元(?![\/每])|产值|总值|营业收入|营收|规模(?!以上)/ },
  { kind: 'people', pattern: /(?:多少|几)(?:万)?[人名](?!次)|人数/ },
];

/** Words of support: a query about them asks for an incentive, not a target (rule 3). */
const SUPPORT = /奖励|补贴|补助|资助|奖补|贴息|补偿|给予|一次性|最高|扶持资金|支持资金|专项资金|减免|优惠/;

/** The question frame: words that say how the question is asked, not what it is about. */
const FRAME_WORDS = new Set([
  // who
  '各地', '各', '各个', '各市', '各省', '各区', '各县', '各城市', '城市', '地方', '地区', '各级', '不同', '我市', '本市', '我省', '本省', '全国',
  // particles and copulas
  '对', '对于', '关于', '在', '的', '了', '是', '为', '有', '要', '将', '都', '分别', '需要', '应', '应该', '能', '可以', '请问', '一下',
  '吗', '呢', '吧', '和', '与', '及', '或',
  // question words
  '什么', '哪些', '哪个', '怎样', '怎么', '如何', '多少', '几', '多大', '多高', '多快', '几成', '几倍', '水平', '何种',
  // verbs an indicator may open with (indicatorKey strips them from indicators too)
  '培育', '建成', '建设', '新建', '建', '引进', '打造', '创建', '实施', '推进', '完成', '新增', '累计', '拥有', '获评',
  // setting a target
  '设定', '设置', '设立', '提出', '确定', '制定', '规定', '明确', '定下', '给出', '定', '设', '目标', '指标', '目标值', '量化', '具体', '主要',
  // attainment and horizon
  '达到', '力争', '突破', '超过', '不低于', '不少于', '提高', '提升', '到', '至', '年', '年底', '年末', '前', '末', '期末', '十四五', '“', '”',
]);

/** Tokens that are numbers or units (300, 家, 万元, %, 每亩) say how much, not what. */
const NUMBER_OR_UNIT = new RegExp(`^(?:[\\d.,%]+|个百分点|百分点|万亿元|亿元|万元|元|万?[${MEASURE_WORDS}]|亩|每亩|每人|倍)$`);

function findAll(text: string, pattern: RegExp): string[] {
  return [...text.matchAll(pattern)].map((m) => m[0]);
}

/**
 * Reads a query as a question about targets, or returns null when it is not one.
 * @example targetQuestion('各地对企业研发投入强度设定了什么目标?') // { cues: ['target-noun'], evidence: ['目标'], topic: '企业研发投入强度' }
 * @example targetQuestion('专精特新') // null
 */
export function targetQuestion(query: string): TargetQuestion | null {
  const text = foldWidth(query).trim();
  if (!text) return null;
  const cues: TargetCue[] = [];
  const evidence: string[] = [];
  for (const { cue, pattern } of STRONG) {
    const found = findAll(text, pattern);
    if (found.length) {
      cues.push(cue);
      evidence.push(...found);
    }
  }
  const strong = cues.length > 0;
  const weak: TargetCue[] = [];
  for (const { cue, pattern } of WEAK) {
    const found = findAll(text, pattern);
    if (found.length) {
      weak.push(cue);
      evidence.push(...found);
    }
  }
  if (!strong && weak.length < 2) return null;
  // Rule 3: support words make it a question about an incentive, unless a target noun is named.
  if (!cues.includes('target-noun') && SUPPORT.test(text)) return null;
  // The base of a share (占营业收入的比重) names what the share is of, not the kind of number asked.
  const asked = text.replace(/占[^，。,；;？?]{1,15}?的?(?=比重|比例)/g, '占');
  const kinds = ASKED_KINDS.filter((k) => k.pattern.test(asked)).map((k) => k.kind);
  return { cues: [...cues, ...weak], kinds, evidence: [...new Set(evidence)], topic: questionTopic(text) };
}

/** 要 before a verb is the question's modal (占比要达到, 要培育), not part of what is measured; jieba would glue it on (比重要). */
const MODAL = /要(?=[达提建培实完突超覆引设增是有在把将做怎多几])/g;

/**
 * What a target question asks about: the query's words without the question frame, and without numbers that say
 * how much (300家, 到2025年) while keeping those that name something (世界500强).
 * @example questionTopic('到2025年专精特新企业要达到多少家') // '专精特新企业'
 */
export function questionTopic(query: string): string {
  const tokens = tokenize(foldWidth(query).replace(MODAL, ''));
  const kept: string[] = [];
  tokens.forEach((t, i) => {
    if (!/[\p{L}\p{N}]/u.test(t) || FRAME_WORDS.has(t)) return;
    if (/^[\d.,]+$/.test(t)) {
      const next = tokens[i + 1];
      if (next === undefined || NUMBER_OR_UNIT.test(next) || /^(?:年|%|％)/.test(next)) return;
    } else if (NUMBER_OR_UNIT.test(t)) return;
    kept.push(t);
  });
  return kept.join('').trim();
}
