/**
 * Quantitative targets (量化目标) read from policy clauses and from flattened target tables.
 *
 * A target is a commitment with a number: 全社会研发投入占GDP比重达到4.0%, 专精特新企业达1000家,
 * 每年新增省级以上企业创新平台10家以上. The extractor is rule-based and pure; it recognises a target by its
 * shape, not by the words of any one document:
 *
 * - A quantity is a number (Arabic, or Chinese numerals such as 两千 / 一万) followed by a unit (家, 个, %, 亿元,
 *   万元/亩 …). 万 and 亿 stay in the unit (35万元/亩 → 35 万元/亩; 1.5万亿元 → 1.5 万亿元) so values are compared in
 *   the unit the document uses. Years (2025年), dates, ordinals (第25次), 十四五, 2+6+X, 5G, 500强 and 百亿级 are
 *   not quantities.
 * - Postfix targets (the common shape): indicator, then a verb or bound word, then the quantity, then a clause
 *   boundary: 有效高新技术企业累计超3500家，…
 * - Prefix targets: an action verb, the quantity, then the counted noun: 每年建设10家左右…“标杆企业”,
 *   新建3个行业二级节点和1000个左右企业节点.
 * - A quantity followed by more text and not introduced by an action verb describes the indicator instead
 *   (营业收入超千亿元工业企业数量达到3家, 总规模50亿元的…基金), and so does anything before an enumeration closed
 *   by 等 (…总投资超亿美元以及备案投资额10亿元以上等招大引强项目10个以上).
 * - `A、B分别达到x和y` pairs subjects with values; a trailing bound word (左右, 以上) applies to every value.
 * - Year scope: a year marker (到2025年, 2023年, “十四五”末) applies to the targets after it until the next marker or
 *   the end of the sentence; a marker opening the paragraph applies to all of it; then a single year named in the
 *   section path (a table titled 2023年…目标任务分解); then `context.defaultYear`.
 * - Sentences that report the past (已, 同比, 比上年, 拨付 …) are skipped: money already spent is not a target. A
 *   past marker reaches to the semicolons around it, and not into a clause that commits in its own words (确保, 力争).
 *
 * Tables: with `context.columns`, a flattened row `6 | 规上工业亩均税收(万元/亩) | 35 | 36 | 37 | 市经信局 |` gives
 * one target per numeric cell under a value column. Value columns are the headers between the indicator column
 * (…指标 / 指标名称) and the trailing columns (责任单位, 备注 …); a year header (2025年) sets the year, any other header
 * (a town: 当湖街道, 全市) sets `scope`. Merged cells are handled by finding the indicator cell in the row (the text
 * cell right before the first numeric cell) and aligning the value cells by position from it. Cells that are not
 * numeric (完成嘉兴下达任务, 待…下达) give no target: a target here is a quantified commitment; the row stays
 * searchable as text. Without value columns (a task table) each cell is read as text.
 *
 * Decisions: 1-2个特色产业 is read as a range target [1, 2] 个. A value without a stated bound (达到35万元/亩, or a
 * bare table cell) has bound `exact`. `qualifier` lists the qualifying words in source order, separated by one
 * space (累计 超, 力争 达到 左右).
 */
import { isDepartmentCell } from './paragraphs.js';
import { toSimplified } from './script.js';

/** One quantitative target (量化目标). */
export interface Target {
  /** What is measured, e.g. 规上工业亩均税收, 全社会研发投入占GDP比重, 专精特新企业. */
  indicator: string;
  /** The value when a single number is given. */
  value: number | null;
  /** The range when one is given (10-20家, 8%—10%). */
  range: [number, number] | null;
  /** Unit as written, with 万/亿 kept in it: %, 家, 亿元, 万元/亩, 件/万人 … null when the text gives none. */
  unit: string | null;
  /** Qualifying words in source order, space-separated: 达到, 累计 超, 力争 达到 左右, 新增 以上 … */
  qualifier: string | null;
  /** 以上/超/突破/不低于 → min; 左右/约 → approx; 以下/不超过/控制在 → max; otherwise exact. */
  bound: 'min' | 'approx' | 'exact' | 'max' | null;
  /** 累计 (a running total rather than a yearly or final level). */
  cumulative: boolean;
  /** 每年 / 年均 (the value applies to each year). */
  annual: boolean;
  /** The year the target applies to, as written: 2023年, 到2025年, “十四五”末, or a table column header. */
  year: string | null;
  /** Where the target applies when narrower than the document: a town column (当湖街道), 各区, 每个集群. */
  scope?: string;
  /**
   * What a share is of, when the text names it apart from the indicator: 全市每年出让的国有建设用地中，工业用地比例不低于40%
   * → 出让的国有建设用地; …等占比达到全省10%以上 → 全省. A base inside the indicator (占GDP比重) is left to the reader of
   * the indicator (analysis/targets.ts `indicatorKey`).
   */
  base?: string;
  /** The span of the paragraph the target was read from (for a table row: the value cell). */
  text: string;
  /** UTF-16 offsets of `text` in the paragraph. */
  start: number;
  end: number;
}

/** What the caller knows about the paragraph beyond its text. */
export interface TargetContext {
  /** Column headers of the table the row belongs to (table rows only). */
  columns?: string[];
  /** Section path of the paragraph; a heading naming a single year (2023年…目标任务分解) sets the year. */
  sectionPath?: string[];
  /** Year to use when the paragraph and its section say nothing, e.g. the document's plan end. */
  defaultYear?: string;
}

type Bound = NonNullable<Target['bound']>;

// ---------------------------------------------------------------------------------------------------------------
// Vocabulary

const CN_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const CN_SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const CN_NUMERAL_CHAR = /[零〇一二两三四五六七八九十百千万亿]/;

/** Multipliers that stay in the unit (35万元/亩 keeps 万元/亩). */
const MULTIPLIERS = ['万亿', '千万', '百万', '十万', '万', '亿'];
/** Base units, longest first so that 个百分点 wins over 个 and 人次 over 人. */
const BASE_UNITS = [
  '吨标准煤', '吨标煤', '平方公里', '平方米', '个百分点', '百分点', '千瓦时', '千伏安', '人次', '家次', '美元', '千瓦', '兆瓦',
  '公里', '千米', '小时', '标箱', '元', '吨', '亩', '人', '家', '个', '项', '件', '座', '所', '名', '倍', '场', '条', '台', '套',
  '辆', '户', '次', '款', '种', '艘', '架', '天', '成', '张', '栋', '%', '‰',
].sort((a, b) => b.length - a.length);
/** Denominators of rate units: 万元/亩, 件/万人, 万元/人. */
const PER_UNITS = ['平方米', '人', '亩', '户', '吨', '年', '家'];
/** A unit in a bracket after the first one, as in 3家(个): skipped. */
const ALT_UNIT = /\((?:个|家|项|件|台|套|座|所|名|人|条|款)\)/y;
const SUFFIX_WORDS = ['及以上', '及以下', '以上', '以下', '左右', '以内', '之内', '上下'];
/** Characters after a bare number that make it a date, an ordinal or a duration, never a target value. */
const NOT_A_VALUE_AFTER = /[年月日号届期周岁时点:：.]/;

const MIN_WORDS = new Set(['最少', '最低', '不低于', '不少于', '不小于', '超过', '突破', '至少', '高于', '大于', '逾', '超', '过', '以上', '及以上', '多', '余']);
const APPROX_WORDS = new Set(['左右', '上下', '约', '近', '接近']);
const MAX_WORDS = new Set(['最多', '最高', '不超过', '不高于', '不多于', '不大于', '控制在', '低于', '少于', '小于', '至多', '以下', '及以下', '以内', '之内', '控制']);

/**
 * Words between an indicator and its number (达到, 累计超, 保持在 …). Each may carry characters before it that make
 * it part of another word instead (作为 is not 为, 节约 is not 约, 下达 is not 达), listed in `notAfter`.
 */
const QUALIFIER_WORDS: { word: string; notAfter?: string }[] = [
  { word: '保持在' }, { word: '稳定在' }, { word: '控制在' }, { word: '提高到' }, { word: '提高至' }, { word: '提升到' },
  { word: '提升至' }, { word: '增加到' }, { word: '增加至' }, { word: '增长到' }, { word: '增长至' }, { word: '降低到' },
  { word: '降低至' }, { word: '下降到' }, { word: '下降至' }, { word: '不低于' }, { word: '不少于' }, { word: '不高于' },
  { word: '不超过' }, { word: '不多于' }, { word: '达到' }, { word: '突破' }, { word: '超过' }, { word: '至少' },
  { word: '接近' }, { word: '累计' }, { word: '新增' }, { word: '力争' }, { word: '分别' }, { word: '合计' },
  { word: '总计' }, { word: '降至' }, { word: '增至' }, { word: '实现' }, { word: '年均', notAfter: '每' }, { word: '每年' },
  { word: '达', notAfter: '下传送表转抵到' }, { word: '超', notAfter: '赶高' }, { word: '过', notAfter: '通经不越超' },
  { word: '逾' }, { word: '约', notAfter: '节制签合公预契' }, { word: '近', notAfter: '附最接将临' },
  { word: '统一按' }, { word: '按' }, { word: '不小于' }, { word: '不大于' }, { word: '大于' }, { word: '小于' },
  { word: '争取' }, { word: '确保' }, { word: '最多' }, { word: '最少' }, { word: '最高' }, { word: '最低' },
  { word: '为', notAfter: '作成认因行更' }, { word: '在', notAfter: '存所正现实内' }, { word: '各' }, { word: '共' },
].sort((a, b) => b.word.length - a.word.length);

/** Qualifiers that make a bare number (no unit) a target: 容积率…不低于1.5. */
const COMPARISON_WORDS = new Set([
  '保持在', '稳定在', '控制在', '提高到', '提高至', '提升到', '提升至', '增加到', '增加至', '增长到', '增长至', '降低到',
  '降低至', '下降到', '下降至', '不低于', '不少于', '不高于', '不超过', '不多于', '不小于', '不大于', '大于', '小于', '达到',
  '突破', '超过', '至少', '降至', '增至', '达', '超', '逾',
]);
/** Qualifiers that let a bare multiplier stand for 1 or 1000 (超万亿元, 突破千亿元). */
const BARE_OK_WORDS = new Set(['超', '超过', '突破', '过', '达', '达到', '逾', '近', '接近']);

/** Action verbs that introduce a quantity of the noun after it: 建设10个以上现代产业学院. */
const ACTION_VERBS = [
  '建成并开通', '开工实施', '滚动推进', '吸引集聚', '制定发布', '新培育', '新引进', '新落户', '培育', '建设', '建成', '新建',
  '引进', '引育', '招引', '实施', '推进', '开展', '创建', '打造', '组建', '遴选', '认定', '评定', '制定', '发布', '开工',
  '建立', '形成', '落地', '盘活', '整治', '提供', '覆盖', '实现', '吸引', '集聚', '培养', '培训', '举办', '新增', '拥有',
  '带动', '扶持', '获评', '创成', '争创', '孵化', '完成', '认证', '选树', '树立', '储备', '推广', '投用', '导入', '设立',
  '组织', '开通', '攻克', '招募', '兴办', '新开', '推动', '引导', '参加',
].sort((a, b) => b.length - a.length);
/** Words allowed between an action verb and its number: 每年建设…, 共创建…, 至少新建…, 建设超过…. */
const VERB_ADVERBS = ['不少于', '不低于', '超过', '每年', '累计', '年均', '全年', '至少', '分别', '共', '再', '约', '近', '超'];

/** Leading words that are not part of an indicator; those in QUALIFIER_TOKENS are kept as qualifiers. */
const LEADING_WORDS = [
  '力争', '争取', '努力', '确保', '全力', '其中', '同时', '此外', '并且', '以及', '另外', '全市', '全省', '全区', '全县',
  '本市', '我市', '累计', '新增', '每年', '年均', '全年', '总计', '合计', '一般', '分别', '推动', '促进', '支撑', '至少', '共', '和',
  '及', '与', '并', '到', '至', '在', '使', '或',
].sort((a, b) => b.length - a.length);
/** A one-character leading word followed by these is the start of a word instead (共享, 到位, 并购, 在线). */
const LEADING_NOT_BEFORE: Record<string, string> = { 共: '享同建性有', 到: '位期', 至: '今', 并: '购列行联', 在: '线库岗', 及: '时', 和: '谐' };
const QUALIFIER_TOKENS = new Set(['力争', '争取', '累计', '新增', '每年', '年均', '全年', '至少']);
/** Adverbs between an indicator and its qualifier (容积率一般不低于, 入驻率均达到): dropped from the indicator. */
const TRAILING_ADVERBS = ['原则上', '总体上', '总体', '平均', '一般', '统一', '每年', '均', '可', '应', '要', '将'];

/** An indicator that names only an attribute borrows the subject of the target before it: 产值 → 特色专业创新园区产值. */
const ATTRIBUTE_ONLY = /^(?:增速|增幅|占比|比重|规模|总规模|产值|总产值|营收|营业收入|总市值|市值|数量|总量|总数|增加值|税收|面积)$/;
const ATTRIBUTE_TAIL = /(?:增速|增幅|占比|比重|总规模|规模|总产值|产值|营收|营业收入|总市值|市值|数量|总量|总数|增加值|税收|面积)$/;
/** Where the shared part of the last subject of `A、B…分别` starts: 高新技术产业[占规上工业比重]. */
const SHARED_TAIL = /占|的|(?:产业)?(?:总规模|规模|总产值|产值|营收|营业收入|比重|数量|总量|增加值|总数)/;
/** Heads of counted nouns, used to pick the counted part of `N个 X的Y`. */
const COUNTED_HEAD = /(?:企业|园区|平台|中心|工厂|项目|基地|机构|节点|学院|产品|标准|品牌|车间|集群|人才|专家|团队|载体|实验室|院所|高校|学校|场景|基站|设施|公司|商标|专利|园)$/;
/** A scope at the start of a clause: 各区至少新建5个…, 每个集群建成1家以上…. */
const SCOPE_PREFIX = /^(?:各(?:区镇|街道|园区|集群|区|镇|县|市)|每个(?:区镇|街道|园区|集群|区|镇|县|市|企业))/;
/** Reports of the past or of statistics, not commitments. */
const PAST_MARKER = /已|去年|截至目前|截止目前|拨付|兑现|兑付|发放/;
/** A clause that commits in its own words (确保…达到75%以上, 力争…): no report, whatever a clause before it says. */
const OWN_COMMITMENT = /力争|争取|确保|目标/;
/** Year-on-year figures are statistics unless the sentence commits to them (力争…同比增长5.5%). */
const STATISTIC_MARKER = /同比|比上年|较上年|上年/;
const COMMITMENT_MARKER = /力争|争取|确保|目标|预期|计划|以上|左右|不低于|不少于/;
/** Definitions and eligibility criteria (…是指…比例达25%以上的企业) describe who qualifies, not what to reach. */
const DEFINITION_MARKER = /是指|所称|系指|指的是/;
/**
 * Incentive rules (给予不超过总投入30%、最高3000万元的经费支持) state amounts a government pays, not targets it sets.
 * A sentence that grants (给予) is an incentive; otherwise only money and percentages next to an incentive word are
 * (补贴性职业技能培训5万人次 is still a target). 资金支持 marks a grant only when given (给予…资金支持) or followed by an
 * amount: a sentence that mentions it (积极争取国家专项资金支持…，全年腾出存量用能空间50万吨标准煤以上) had lost its targets
 * (seventeenth session's verifying audit; two of Hangzhou's targets come back, the seeds' are unchanged).
 */
const GRANT_MARKER = /给予|最高(?:不超过)?\s*\d|支持(?:比例|金额|额度|限额)|(?:给予|提供|予以)[^。；;]{0,12}资金支持|资金支持[^。；;，,]{0,6}\d|最高支持|预算安排/;
const INCENTIVE_WORD = /奖励|补贴|补助|资助|贴息|奖补|出资|奖金|资金|预算/;

/**
 * In a sentence that grants, whether a clause belongs to the grant: the grant itself (给予…, an incentive word), whom
 * it is for (对…, 凡…, 经…, …的), or its condition (a clause the grant follows directly: 入驻企业达到50家以上，给予…). The
 * sentence's other clauses can still set targets: …给予保险补偿，每年新增首台(套)技术装备20项 · 到2025年，小巨人企业达到100家，
 * 对首次认定的…给予奖励 (the whole sentence had been read as a grant; nineteenth session's verifying audit).
 */
function grantPart(norm: string, clause: Span, next: Span | null, sentenceStart: number): boolean {
  const text = norm.slice(clause.start, clause.end);
  if (GRANT_MARKER.test(text) || INCENTIVE_WORD.test(text) || GRANT_LIMIT.test(text)) return true;
  if (/^\s*(?:对|凡|经|按|由|可)/u.test(text) || /(?:的|者|后|时)\s*$/u.test(text)) return true;
  // Inside an object the sentence opened with 对 / 凡 and has not closed (…的园区，给予): 对场地面积3万平方米以上，入驻科技
  //企业使用面积达到70%以上，…不少于10家的园区，给予… names whom the grant is for in every clause.
  const head = norm.slice(sentenceStart, clause.start);
  if (/^\s*(?:[（(]\d{1,2}[）)]|\d{1,2}[.、．])?\s*(?:对|凡)/u.test(head) && !/的\s*[，,]/u.test(head) && !GRANT_MARKER.test(head)) return true;
  // What a grant sentence also sets must say so: a yearly or new count, a horizon (到2025年, at the sentence's head too).
  if (!GRANT_SENTENCE_GOAL.test(text) && !HORIZON.test(norm.slice(sentenceStart, clause.start))) return true;
  if (!next) return false;
  const after = norm.slice(next.start, next.end);
  // A grant that names its own object (对…) or pays per unit of the count (每个给予100万元) does not make the clause
  // before it a condition.
  return GRANT_MARKER.test(after) && (!/^\s*(?:对|针对|面向|每个|每家|每项|每座|每条)/u.test(after) || /^\s*对(?:其|该|上述|以上|符合|达到)/u.test(after));
}

/** Caps and floors in a grant sentence are its terms (单个企业支持总金额不超过2000万元, 工人月收入不低于3200元). */
const GRANT_LIMIT = /不超过|不高于|最多|最高|以内|不低于/;
/** What marks a target in a grant sentence: a count set per year or anew, or a horizon. */
const GRANT_SENTENCE_GOAL = /每年|年均|新增|新建|新打造|打造|培育|建成|举办|引进|力争|达到|(?:提高|提升|增长|增加)(?:到|至)|到\s*\d{4}\s*年|\d{4}\s*年(?:底|末)前?/u;
const HORIZON = /到\s*\d{4}\s*年|\d{4}\s*年(?:底|末)前?/u;
/**
 * Money a place seeks or obtains from above (争取…专项债资金需求300亿元以上, 获取省激励资金的40%以上) is what it sets out to
 * raise, not what it pays: in a sentence that grants nothing and names no reward or subsidy, its 资金 and 预算 make no
 * figure an incentive's. 杭州 p0006 and p0064 had lost their targets so (twenty-first session's analyst audit, finding 3).
 * Not 获得, which names whom a grant is for (获得中央财政资金支持的…企业不纳入支持范围, beside 追加奖励20万元).
 */
const SOUGHT_FUNDS = /(?:争取|获取|募集)[^。；;，,]{0,16}?(?:资金|专项债|国债|预算内)/;
/** Incentive words other than the money itself (资金, 预算): a sentence naming one pays. */
const PAYS_WORD = /奖励|补贴|补助|资助|贴息|奖补|出资|奖金/;
/**
 * Units of what an incentive pays: money (万元, 元/吨 a rate per unit), a share, or a bare 万 / 亿 that leaves 元
 * unsaid (二孩家庭补贴不超过2万). 补贴性职业技能培训5万人次 counts people, and stays a target.
 */
const INCENTIVE_UNIT = /元$|元\/|%$|^[千万亿]$/;
/**
 * A clause that leaves the step to a later judgement (适时, 视情) commits to no figure: 适时扩围实施12个县大学生就业补贴政策
 * says a subsidy may reach 12 counties when the time is right, with no date and no promise, and its 12 counts where a
 * grant applies (whom it is for), not what is to be reached. It had been read as 县大学生就业补贴政策 = 12个 (重庆 p0003;
 * twenty-first session's analyst audit, finding 3). The one such clause with a figure on seeds + external.
 */
const WHEN_FIT = /适时|视情/;
/** A clause that opens by naming what a measure is aimed at (针对…, 面向…): its figures say which, not how many. */
const SCOPE_OPENER = /^\s*(?:针对|面向)/;
/** Conditions an applicant must meet (入驻率应不低于70%, 不得超过…的50%): rules, not targets. */
const CONDITION_MARKER = /不得|必须|须|原则上|申报条件|申请条件|申报要求|申请要求|具备以下|符合以下|资格|门槛|最多(?:可)?申报|限报|限申报|(?:不超过|不高于|不低于)原|应(?:不低于|不少于|不超过|不高于|达到|在)|可按[^。；;，,]{0,12}(?:不小于|不少于|不低于|不超过)/;

/**
 * A trigger: a sentence that says what happens when a figure is reached (生猪养殖连续严重亏损3个月(含)以上时(每头出栏生猪
 * 亏损大于100元以上)…启动补贴) states a rule, not a target. A number shortly before 时 and a mark after it; 小时 is a
 * unit, not "when".
 */
const TRIGGER_MARKER = /\d[^。；;，,]{0,12}(?<!小)时[（(，,：:]/;

/**
 * The rates and amounts of a relief measure (费率从1.2%降低到0.6%, 进项税额按10%抵扣, 担保费率不超过1.5%, 单户担保金额500万元
 * 及以下, 设立6个月的费用缓缴期): what applies now, not a level to reach, unless the sentence sets a year or a goal
 * (到2025年综合担保费率降至1%以下, or 2024年，…担保费率保持在1%以下, stays a target). 巴中's relief measures had given
 * eleven such rows. A loan's down payment (首付款比例下调至20%) is such a rate too: 巴中 p0047's two had been kept out
 * only by an 已 in another part of their sentence (twenty-first session).
 */
const RATE_RULE = /费率|税率|扣除比例|抵扣|减按|缓缴|缓征|担保金额|担保费|利率|首付/;
const GOAL_MARKER = /(?:到|至)\s*\d{4}\s*年|^\s*\d{4}\s*年\s*[，,]|力争|目标|十[一二三四五六七八九]五/;

/**
 * A rule changed from one figure to another (创业担保贷款个人申请额度由30万元提高至50万元, 能耗等量减量替代比例由30%调整为10%,
 * 上限可阶段性提高至50万元) states what applies, not a level to reach: as RATE_RULE, unless the sentence sets a year or a
 * goal (到2025年，研发投入强度由2.5%提高到3% stays). The seventeenth session's target audit found five such rows in
 * seeds + external.
 */
const CHANGE_RULE = /由\s*\d[^。；;，,]{0,12}?(?:提高|提升|调整|降低|下调|上调|放宽|扩大)(?:至|到|为)|(?:上限|额度|限额)[^。；;，,]{0,10}(?:提高|调整|放宽)(?:至|到|为)/;

const SENTENCE_END = /[。！？!?\n\r]/;
const CLAUSE_BOUNDARY = /[，,；;：:]/;
const CONJUNCTIONS = ['以及', '和', '及', '与', '并', '或'];
const CJK_GLOBAL_SPACES = /\s+(?=[\u3400-\u9fff“”（）()])|(?<=[\u3400-\u9fff“”（）()])\s+/g;

// ---------------------------------------------------------------------------------------------------------------
// Public API

/**
 * Extract the quantitative targets of one paragraph (a clause, or a flattened table row with `context.columns`).
 * Never throws; returns targets in source order. Each target's `text` is `paragraph.slice(start, end)`.
 * @example
 * extractTargets('到2025年，有效高新技术企业累计超3500家。')
 * // [{ indicator: '有效高新技术企业', value: 3500, unit: '家', bound: 'min', cumulative: true, year: '到2025年', … }]
 */
export function extractTargets(paragraph: string, context: TargetContext = {}): Target[] {
  if (typeof paragraph !== 'string' || paragraph.length === 0) return [];
  const norm = normalizeChars(paragraph);
  const sectionYear = yearFromSectionPath(context.sectionPath);
  const fallbackYear = sectionYear ?? nonEmpty(context.defaultYear);
  if (norm.includes('|')) {
    const cells = splitCells(norm);
    const layout = context.columns ? tableLayout(context.columns) : null;
    if (layout) return extractTableRow(paragraph, norm, cells, layout, fallbackYear);
    return cells.flatMap((cell) => extractFromText(paragraph, norm, cell.start, cell.end, fallbackYear));
  }
  return extractFromText(paragraph, norm, 0, norm.length, fallbackYear);
}

/**
 * Reduce a year as written to a comparable key: `到2025年` → `2025`, `“十四五”末` → `2025` (end of the 14th
 * five-year plan), `2024年至2027年` → `2024-2027`. Returns null for null or for text that names no year.
 * @example normalizeYear('到“十四五”末') // '2025'
 */
export function normalizeYear(year: string | null | undefined): string | null {
  if (!year) return null;
  const norm = normalizeChars(year);
  const years = [...norm.matchAll(/\d{4}/g)].map((m) => m[0]);
  if (years.length === 1) return years[0] ?? null;
  if (years.length > 1) return `${years[0]}-${years[years.length - 1]}`;
  const plan = /十([一二三四五六七八九])五/.exec(norm);
  if (plan && plan[1]) {
    const n = 10 + (CN_DIGITS[plan[1]] ?? 0);
    // Plans run on five-year cycles since the third (1966–1970), so the n-th plan ends in 1970 + 5(n − 3).
    const end = 1970 + 5 * (n - 3);
    return /期间|时期/.test(norm) ? `${end - 4}-${end}` : String(end);
  }
  return null;
}

/**
 * Parse Chinese numerals (一万五千, 两千, 三十六, 十). Returns null when the characters are not a well-formed
 * number (十四五, 二〇二五 are names, not numbers).
 * @example parseChineseNumber('两千') // 2000
 */
export function parseChineseNumber(text: string): number | null {
  if (text.length === 0) return null;
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  let lastSmallUnit = Infinity;
  for (const ch of text) {
    if (ch in CN_DIGITS) {
      const d = CN_DIGITS[ch] ?? 0;
      if (digit !== null && digit !== 0) return null;
      digit = d;
    } else if (ch in CN_SMALL_UNITS) {
      const unit = CN_SMALL_UNITS[ch] ?? 1;
      if (unit >= lastSmallUnit) return null;
      section += (digit ?? 1) * unit;
      lastSmallUnit = unit;
      digit = null;
    } else if (ch === '万' || ch === '亿') {
      const mult = ch === '万' ? 1e4 : 1e8;
      section += digit ?? 0;
      if (section === 0 && total === 0) section = 1;
      if (mult === 1e8) total = (total + section) * mult;
      else total += section * mult;
      section = 0;
      digit = null;
      lastSmallUnit = Infinity;
    } else {
      return null;
    }
  }
  return total + section + (digit ?? 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Characters and years

/** Same-length copy with full-width digits and punctuation made ASCII, so offsets stay those of the paragraph. */
function normalizeChars(text: string): string {
  // Traditional script is read as simplified (達到 as 达到); the fold keeps every offset, so spans still index the text.
  const s = toSimplified(text);
  // One regular-expression pass, and none when nothing is full-width: a string built a character at a time was the
  // largest single cost of extracting the targets at 1M synthetic paragraphs (11.6 of 65 s, plus its garbage).
  FULL_WIDTH.lastIndex = 0;
  return FULL_WIDTH.test(s) ? s.replace(FULL_WIDTH, asAscii) : s;
}
const FULL_WIDTH_PUNCT: Record<string, string> = {
  '％': '%', '（': '(', '）': ')', '．': '.', '～': '~', '－': '-', '：': ':', '；': ';', '｜': '|', '\u3000': ' ',
  '\u00a0': ' ', '＋': '+', '／': '/',
};
const FULL_WIDTH = new RegExp(`[\uff10-\uff19${Object.keys(FULL_WIDTH_PUNCT).join('')}]`, 'g');
const asAscii = (ch: string): string => {
  const c = ch.charCodeAt(0);
  return c >= 0xff10 && c <= 0xff19 ? String.fromCharCode(c - 0xff10 + 48) : FULL_WIDTH_PUNCT[ch]!;
};

function nonEmpty(s: string | undefined): string | null {
  return s && s.trim() ? s.trim() : null;
}

interface YearMarker { start: number; end: number; text: string }

const YEAR_MARKER = new RegExp(
  [
    // 到2025年 / 2023年底 / 2024年至2027年 / 2023—2027年
    '(?:到|至|截至|截止到?|于)?\\s*\\d{4}\\s*年?\\s*[-—–~至到]\\s*\\d{4}\\s*年(?:底|末)?',
    '(?:到|至|截至|截止到?|于)?\\s*\\d{4}\\s*年(?:底|末|前)?',
    // 到“十四五”末, “十四五”期间
    '(?:到|至)?[“"]?十[一二三四五六七八九]五[”"]?(?:期末|末期|末|期间|时期)',
    // A horizon: 三年内 / 年内 / 5年内 (not 2024年内, whose year the first forms read). It is the target's time, not
    // part of what is counted: 三年内培育旅游美食体验店360家 had kept it in the indicator, and a sentence's 2025年 before
    // it had dated 三年内…覆盖率达到60% (seventeenth session's target audit).
    '(?<![\\d〇零])(?:[一二两三四五六七八九十]|\\d{1,2})?\\s*年内',
  ].join('|'),
  'g',
);

function findYearMarkers(norm: string, from: number, to: number): YearMarker[] {
  const markers: YearMarker[] = [];
  const window = norm.slice(from, to);
  for (const m of window.matchAll(YEAR_MARKER)) {
    const start = from + (m.index ?? 0);
    const end = start + m[0].length;
    // 2023年4月20日 is a date, not the scope of a target.
    if (/^\d{1,2}月/.test(norm.slice(end, end + 3))) continue;
    let s = start;
    while (s < end && /\s/.test(norm[s] ?? '')) s++;
    markers.push({ start: s, end, text: norm.slice(s, end).replace(/\s+/g, '') });
  }
  return markers;
}

/** A heading that names one year (not a period) dates every target under it. */
function yearFromSectionPath(path: string[] | undefined): string | null {
  if (!path) return null;
  for (let i = path.length - 1; i >= 0; i--) {
    const heading = normalizeChars(path[i] ?? '');
    if (/\d{4}\s*年?\s*[-—–~至到]\s*\d{4}/.test(heading)) continue;
    const years = [...heading.matchAll(/\d{4}\s*年/g)];
    if (years.length === 1 && years[0]) return years[0][0].replace(/\s+/g, '');
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Quantities

interface Quantity {
  /** Start of the number. */
  start: number;
  /** End of the number, unit and suffix (以上, 左右). */
  end: number;
  value: number | null;
  range: [number, number] | null;
  unit: string | null;
  /** 以上 / 左右 / 多 … as written, or null. */
  suffix: string | null;
  /** A single Chinese digit (三成): only trusted in the postfix shape. */
  weak: boolean;
  /** A multiplier alone (超万亿元, 过千亿元): only trusted after 超/突破/达. */
  bare: boolean;
}

interface NumberToken { start: number; end: number; value: number; weak: boolean; bare: boolean }

const ARABIC = /\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/y;

function readNumber(norm: string, i: number): NumberToken | null {
  const ch = norm[i] ?? '';
  if (/\d/.test(ch)) {
    ARABIC.lastIndex = i;
    const m = ARABIC.exec(norm);
    if (!m) return null;
    const raw = m[0];
    if (/^0\d/.test(raw)) return null; // 0512: a phone area code, not a quantity
    return { start: i, end: i + raw.length, value: Number(raw.replace(/,/g, '')), weak: false, bare: false };
  }
  if (!CN_NUMERAL_CHAR.test(ch)) return null;
  let j = i;
  while (j < norm.length && CN_NUMERAL_CHAR.test(norm[j] ?? '')) j++;
  const run = norm.slice(i, j);
  // Trailing 万/亿 belong to the unit; what is left is the numeral (empty for 万亿元 = 1 万亿元).
  let numeral = run;
  while (numeral.length > 0 && /[万亿]$/.test(numeral)) numeral = numeral.slice(0, -1);
  // A lone 一 is nearly always part of a word (一批, 一次, 一流), not a quantity; 一万 is.
  if (run === '一') return null;
  const value = numeral.length === 0 ? 1 : parseChineseNumber(numeral);
  if (value === null) return null;
  const bare = !/[一二两三四五六七八九零〇]/.test(numeral);
  const weak = !bare && run.length === 1;
  return { start: i, end: i + numeral.length, value, weak, bare };
}

function matchWordAt(norm: string, i: number, words: readonly string[]): string | null {
  for (const w of words) if (norm.startsWith(w, i)) return w;
  return null;
}

/** Reads the unit at `i`: multiplier, base unit, rate denominator. Returns the unit and where it ends. */
function readUnit(norm: string, i: number): { unit: string; end: number } | null {
  let j = i;
  const mult = matchWordAt(norm, j, MULTIPLIERS);
  if (mult) j += mult.length;
  const base = matchWordAt(norm, j, BASE_UNITS);
  if (base) {
    j += base.length;
    if (norm[j] === '/') {
      const perMult = matchWordAt(norm, j + 1, ['万', '亿']) ?? '';
      const per = matchWordAt(norm, j + 1 + perMult.length, PER_UNITS);
      if (per) j += 1 + perMult.length + per.length;
    }
  }
  if (j === i) return null;
  return { unit: norm.slice(i, j), end: j };
}

/** Reads a quantity starting at `i`, or null when what is there is not one (a year, an ordinal, 5G, 500强 …). */
function readQuantity(norm: string, i: number): Quantity | null {
  // Text extracted from PDF puts spaces around numbers (新增高新技术企业 2000 家, 2024 年): allow up to two.
  const skipSpaces = (k: number): number => {
    let p = k;
    while (p < norm.length && norm[p] === ' ' && p - k < 2) p++;
    return p;
  };
  let before = i - 1;
  while (before >= 0 && norm[before] === ' ' && i - before < 3) before--;
  if (/[第每〔\[A-Za-z\-+/.:#]/.test(norm[i - 1] ?? '') || /[第每]/.test(norm[before] ?? '')) return null;
  const num = readNumber(norm, i);
  if (!num) return null;
  let j = num.end;
  // 10多家, 100余人: 多/余 before the unit is a lower bound.
  let suffix: string | null = null;
  if (/[多余]/.test(norm[j] ?? '') && readUnit(norm, j + 1)) {
    suffix = norm[j] ?? null;
    j++;
  }
  let unitRead = readUnit(norm, suffix ? j : skipSpaces(j));
  let value: number | null = num.value;
  let range: [number, number] | null = null;
  // Ranges: 3-5家, 3至5家, 8%—10%, 1000-1500亿元.
  const sep = /\s*[-—–~至到]\s*/y;
  sep.lastIndex = unitRead ? unitRead.end : j;
  const sepMatch = suffix === null ? sep.exec(norm) : null;
  if (sepMatch) {
    const k = sep.lastIndex;
    const second = readNumber(norm, k);
    if (second && !second.bare) {
      const unit2 = readUnit(norm, skipSpaces(second.end));
      // 20万至30万平方米: the first unit may be only the multiplier of the second.
      const compatible = unit2 && (!unitRead || unitRead.unit === unit2.unit || (MULTIPLIERS.includes(unitRead.unit) && unit2.unit.startsWith(unitRead.unit)));
      if (compatible && unit2 && second.value > num.value) {
        range = [num.value, second.value];
        value = null;
        unitRead = unit2;
      }
    }
  }
  if (!unitRead && !range) {
    const next = norm[skipSpaces(j)] ?? '';
    if (NOT_A_VALUE_AFTER.test(next) || /[A-Za-z+\-—~]/.test(next)) return null;
    if (/^(?:19|20)\d\d$/.test(norm.slice(num.start, num.end))) return null; // a year written without 年
    if (num.weak || num.bare) return null;
  }
  if (unitRead) j = unitRead.end;
  // 百亿级, 5A级: a grade, not an amount.
  if (norm[j] === '级' || /[A-Za-z+]/.test(norm[j] ?? '')) return null;
  ALT_UNIT.lastIndex = j;
  if (ALT_UNIT.test(norm)) j = ALT_UNIT.lastIndex;
  if (suffix === null) {
    let k = j;
    while (norm[k] === ' ') k++;
    const word = matchWordAt(norm, k, SUFFIX_WORDS);
    if (word) {
      suffix = word;
      j = k + word.length;
    }
  }
  return {
    start: num.start,
    end: j,
    value,
    range,
    unit: unitRead ? unitRead.unit : null,
    suffix,
    weak: num.weak,
    bare: num.bare,
  };
}

/**
 * A number without a unit is a value only after a comparison (容积率…不低于1.5), and a multiplier alone only after
 * 超/突破/达 (超万亿元); otherwise it is part of a name (2.5产业, “万亩千亿”, 十个一).
 */
/** After a quantity: a bracket aside, then 的 and not 的目标 / 的水平 (…增长8%的目标 is still the target). */
const MODIFIER_AFTER = /^(?:\([^()]{0,8}\))?(?:以上|以下|及以上|及以下)?的(?!目标|水平|增长|增速)/;

function isTrusted(norm: string, q: Quantity, from: number): boolean {
  // A number inside a quoted name (“民营经济32条”, “5个1”, “三名”) is part of the name.
  let after = q.end;
  while (norm[after] === ' ') after++;
  const open = norm.lastIndexOf('“', q.start);
  if (open !== -1 && q.start - open <= 20 && norm.lastIndexOf('”', q.start) < open && /[”"]/.test(norm[after] ?? '')) return false;
  // A figure that describes a noun (对年综合能耗5万吨标准煤(等价值)以下的…项目, 培育营收超亿元的企业100家) says which, not how many.
  if (MODIFIER_AFTER.test(norm.slice(after, after + 12))) return false;
  if (q.unit || q.range) {
    if (!q.bare) return true;
    return qualifierRunBefore(norm, q.start, from).words.some((w) => BARE_OK_WORDS.has(w));
  }
  return qualifierRunBefore(norm, q.start, from).words.some((w) => COMPARISON_WORDS.has(w));
}

function findQuantities(norm: string, from: number, to: number): Quantity[] {
  const out: Quantity[] = [];
  let i = from;
  while (i < to) {
    const ch = norm[i] ?? '';
    const prev = norm[i - 1] ?? '';
    const startsNumber =
      (/\d/.test(ch) && !/[\d.,]/.test(prev)) || (CN_NUMERAL_CHAR.test(ch) && !CN_NUMERAL_CHAR.test(prev));
    if (startsNumber) {
      const q = readQuantity(norm, i);
      if (q && q.end <= to && isTrusted(norm, q, from)) {
        out.push(q);
        i = q.end;
        continue;
      }
      // Skip the rest of this number so that 十四五 is not re-read as 四五.
      let j = i + 1;
      while (j < to && (/\d/.test(ch) ? /[\d.,]/ : CN_NUMERAL_CHAR).test(norm[j] ?? '')) j++;
      i = j;
      continue;
    }
    i++;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Text: sentences, clauses, shapes

interface Span { start: number; end: number }

function splitSentences(norm: string, from: number, to: number): Span[] {
  const out: Span[] = [];
  let s = from;
  for (let i = from; i < to; i++) {
    const ch = norm[i] ?? '';
    // An ASCII full stop ends a sentence unless it is a decimal point (4.0%).
    const isEnd = SENTENCE_END.test(ch) || (ch === '.' && !(/\d/.test(norm[i - 1] ?? '') && /\d/.test(norm[i + 1] ?? '')));
    if (isEnd) {
      if (i > s) out.push({ start: s, end: i });
      s = i + 1;
    }
  }
  if (to > s) out.push({ start: s, end: to });
  return out;
}

/** Positions inside a closed bracket pair (汽车及零部件(含新能源汽车)), where commas do not end a clause. */
function bracketMask(norm: string, from: number, to: number): boolean[] {
  const mask = new Array<boolean>(to - from).fill(false);
  const open: number[] = [];
  for (let i = from; i < to; i++) {
    const ch = norm[i];
    if (ch === '(') open.push(i);
    else if (ch === ')' && open.length > 0) {
      const o = open.pop() ?? i;
      if (i - o <= 40) for (let k = o + 1; k < i; k++) mask[k - from] = true;
    }
  }
  return mask;
}

function splitClauses(norm: string, sentence: Span, quantities: Quantity[]): Span[] {
  const mask = bracketMask(norm, sentence.start, sentence.end);
  const out: Span[] = [];
  let s = sentence.start;
  for (let i = sentence.start; i < sentence.end; i++) {
    // 总收入80万元且经营性收入50万元以上: 且 right after a figure joins two targets, as a comma does (the nineteenth
    // session's researcher audit found 80万元 inside the second one's indicator).
    const joins = norm[i] === '且' && quantities.some((q) => q.end === i);
    if ((!CLAUSE_BOUNDARY.test(norm[i] ?? '') && !joins) || mask[i - sentence.start]) continue;
    if (quantities.some((q) => i >= q.start && i < q.end)) continue; // 1,000
    if (i > s) out.push({ start: s, end: i });
    s = i + 1;
  }
  if (sentence.end > s) out.push({ start: s, end: sentence.end });
  return out;
}

interface Cleaned { text: string; start: number; end: number; tokens: string[]; scope: string | null }

/**
 * A list's own numbering opening a clause (the text is normalised: （二） is (二), and its `(` is already stripped as
 * punctuation): 二), 2), 一、, 1、, 1., ①, ⑵, ⒉, 一是, 第二条. It is where the clause sits in its list, not what is measured:
 * `（二）每年筹集人才公寓不少于500套` had indicator `二)每年筹集人才公寓` and lost its 每年 (s20 drafter audit, finding 3).
 * A numeral followed by another is an enumeration (一、二产业, 1、2号线), and 1.5 is a number: neither is a label.
 */
const LIST_LABEL = /(?:[一二三四五六七八九十\d]{1,3}\)|[一二三四五六七八九十]{1,3}[、.](?![一二三四五六七八九十两])|\d{1,3}[、.](?!\d)|[\u2460-\u249b]|[一二三四五六七八九十]{1,2}是|第[一二三四五六七八九十百\d]{1,4}条)\s*/uy;

/** Trim a candidate indicator: leading connectives and year markers off (qualifier words kept aside), trailing 的 off. */
function cleanIndicator(norm: string, start: number, end: number, markers: YearMarker[]): Cleaned {
  let s = start;
  let e = end;
  const tokens: string[] = [];
  let scope: string | null = null;
  let changed = true;
  while (changed && s < e) {
    changed = false;
    while (s < e && /[\s、，,；;：:。—\-·•(]/.test(norm[s] ?? '')) {
      s++;
      changed = true;
    }
    LIST_LABEL.lastIndex = s;
    const label = LIST_LABEL.exec(norm);
    if (label && s + label[0].length < e) {
      s += label[0].length;
      changed = true;
      continue;
    }
    const marker = markers.find((m) => m.start === s && m.end <= e);
    if (marker) {
      s = marker.end;
      changed = true;
      continue;
    }
    const word = matchWordAt(norm, s, LEADING_WORDS);
    const notBefore = word ? LEADING_NOT_BEFORE[word] : undefined;
    if (word && s + word.length <= e && !(notBefore && notBefore.includes(norm[s + word.length] ?? ''))) {
      if (QUALIFIER_TOKENS.has(word)) tokens.push(word);
      s += word.length;
      changed = true;
      continue;
    }
    const scopeMatch: RegExpExecArray | null = scope === null ? SCOPE_PREFIX.exec(norm.slice(s, e)) : null;
    if (scopeMatch && s + scopeMatch[0].length < e) {
      scope = scopeMatch[0];
      s += scopeMatch[0].length;
      changed = true;
    }
  }
  while (e > s && /[\s、，,；;：:的等]/.test(norm[e - 1] ?? '')) e--;
  // A horizon written after the subject (充电桩到2027年累计建成5000个) is the target's year, read already, not part of
  // what is counted: the indicator had been 充电桩到2027年累计建成 (twentieth session's verifying audit).
  let text = '';
  let at = s;
  for (const m of markers) {
    // Only a horizon (到2027年, 2025年底前, 到“十四五”末): a bare year may name what is counted (2024年世界羽联…总决赛).
    if (m.start <= s || m.end > e || m.start < at || !/^(?:到|至|截至|截止)|(?:底|末|前|期间)$/u.test(m.text)) continue;
    text += norm.slice(at, m.start);
    at = m.end;
  }
  text += norm.slice(at, e);
  return { text: tidy(text), start: s, end: e, tokens, scope };
}

/** Whitespace next to Chinese text is layout (a merged table cell, 占GDP 比重), not content. */
function tidy(text: string): string {
  return text.replace(CJK_GLOBAL_SPACES, '').trim();
}

/** Qualifier words right before a number, read backwards: 累计超, 力争达到, 分别在. */
function qualifierRunBefore(norm: string, start: number, limit: number): { words: string[]; start: number } {
  const words: string[] = [];
  let p = start;
  for (;;) {
    let q = p;
    while (q > limit && norm[q - 1] === ' ') q--;
    const found = QUALIFIER_WORDS.find(({ word, notAfter }) => {
      const s = q - word.length;
      if (s < limit || norm.slice(s, q) !== word) return false;
      return !(notAfter && notAfter.includes(norm[s - 1] ?? '\u0000'));
    });
    if (!found) break;
    words.unshift(found.word);
    p = q - found.word.length;
  }
  return { words, start: p };
}

/** The action verb that ends right before `start` (allowing 每年/共/至少 … in between), or null. */
function actionVerbBefore(norm: string, start: number, limit: number): { verb: string; start: number; adverbs: string[] } | null {
  let p = start;
  const adverbs: string[] = [];
  for (let guard = 0; guard < 4; guard++) {
    while (p > limit && norm[p - 1] === ' ') p--;
    const verb = ACTION_VERBS.find((v) => p - v.length >= limit && norm.slice(p - v.length, p) === v);
    if (verb) return { verb, start: p - verb.length, adverbs };
    const adverb = VERB_ADVERBS.find((a) => p - a.length >= limit && norm.slice(p - a.length, p) === a);
    if (!adverb) return null;
    adverbs.unshift(adverb);
    p -= adverb.length;
  }
  return null;
}

function boundOf(suffix: string | null, words: string[], controlAfter: boolean): Bound {
  if (suffix) {
    if (MIN_WORDS.has(suffix)) return 'min';
    if (APPROX_WORDS.has(suffix)) return 'approx';
    if (MAX_WORDS.has(suffix)) return 'max';
  }
  if (controlAfter) return 'max';
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i] ?? '';
    if (MIN_WORDS.has(w)) return 'min';
    if (APPROX_WORDS.has(w)) return 'approx';
    if (MAX_WORDS.has(w)) return 'max';
  }
  return 'exact';
}

/** Bound words that may stand a few characters before their number, with the thing measured between. */
const LOOSE_MIN = ['不低于', '不少于', '不小于', '至少'];
const LOOSE_MAX = ['不超过', '不高于', '不多于', '不大于', '最高', '最多', '至多', '控制在'];

/**
 * The bound a target's indicator ends with when its words do not touch the number: 不超过原比例的50%, 注册资本不低于
 * 人民币1亿元, 最高不超过等值1000万美元 (an analyst's audit found these read as exact). The last such word within the
 * indicator's last 12 characters wins; null when there is none.
 */
function boundOrIndicator(bound: Bound, indicator: string): Bound {
  return bound === 'exact' ? (boundInIndicator(indicator) ?? bound) : bound;
}

function boundInIndicator(indicator: string): Bound | null {
  const tail = indicator.slice(-12);
  let at = -1;
  let bound: Bound | null = null;
  for (const [words, b] of [[LOOSE_MIN, 'min'], [LOOSE_MAX, 'max']] as const) {
    for (const w of words) {
      const i = tail.lastIndexOf(w);
      if (i > at) {
        at = i;
        bound = b;
      }
    }
  }
  return bound;
}

function joinQualifier(words: string[]): string | null {
  const seen: string[] = [];
  for (const w of words) if (w && !seen.includes(w)) seen.push(w);
  return seen.length > 0 ? seen.join(' ') : null;
}

/** What follows a quantity: a clause end, 、 or a conjunction make it the end of a postfix target. */
function isTerminal(norm: string, q: Quantity, clauseEnd: number): { terminal: boolean; control: boolean } {
  let k = q.end;
  while (k < clauseEnd && norm[k] === ' ') k++;
  if (k >= clauseEnd) return { terminal: true, control: false };
  const ch = norm[k] ?? '';
  if (/[、)”」』(]/.test(ch)) return { terminal: true, control: false };
  if (norm.startsWith('控制', k)) return { terminal: true, control: true }; // 按60%控制
  if (norm.startsWith('(含)', k)) return { terminal: true, control: false };
  if (CONJUNCTIONS.some((c) => norm.startsWith(c, k))) return { terminal: true, control: false };
  return { terminal: false, control: false };
}

interface Draft {
  indicator: string;
  q: Quantity;
  words: string[];
  spanStart: number;
  spanEnd: number;
  year: string | null;
  control: boolean;
  cumulative: boolean;
  annual: boolean;
  scope: string | null;
  /** What a share is of, when the text names it apart from the indicator (Target.base). */
  base?: string | null;
}

function extractFromText(paragraph: string, norm: string, from: number, to: number, fallbackYear: string | null): Target[] {
  const markers = findYearMarkers(norm, from, to);
  // A year opening the paragraph (到2027年, / 到2020年:) scopes all of it.
  const opening = /^\s*(?:(?:\([一二三四五六七八九十\d]+\)|[一二三四五六七八九十\d]+[、.]|——)\s*)?(?:力争|争取)?\s*/.exec(
    norm.slice(from, to),
  );
  const openAt = from + (opening ? opening[0].length : 0);
  const paragraphMarker = markers.find((m) => m.start === openAt && /^[\s,，:：]/.test(norm.slice(m.end, m.end + 1)));
  const baseYear = paragraphMarker ? paragraphMarker.text : fallbackYear;

  const targets: Target[] = [];
  // A year opening a sentence (（五十六）加强耕地保护。2024年，落实…，全年实现…2万亩。完成…项目10个。) scopes the sentences
  // after it too, until another one opens: the paragraph's title sentence had kept it from being the paragraph's year.
  let sentenceYear: string | null = null;
  for (const sentence of splitSentences(norm, from, to)) {
    const sentenceText = norm.slice(sentence.start, sentence.end);
    const lead = sentence.start + (/^\s*/.exec(sentenceText)?.[0].length ?? 0);
    const opener = markers.find((m) => m.start === lead && /^[\s,，:：]/.test(norm.slice(m.end, m.end + 1)));
    if (opener) sentenceYear = opener.text;
    if ([DEFINITION_MARKER, CONDITION_MARKER, TRIGGER_MARKER].some((re) => re.test(sentenceText))) continue;
    const past = PAST_MARKER.test(sentenceText);
    const grants = GRANT_MARKER.test(sentenceText);
    const seeks = !grants && SOUGHT_FUNDS.test(sentenceText) && !PAYS_WORD.test(sentenceText);
    if ([RATE_RULE, CHANGE_RULE].some((re) => re.test(sentenceText)) && !GOAL_MARKER.test(sentenceText) && !baseYear) continue;
    if (STATISTIC_MARKER.test(sentenceText) && !COMMITMENT_MARKER.test(sentenceText)) continue;
    const quantities = findQuantities(norm, sentence.start, sentence.end);
    if (quantities.length === 0) continue;
    const yearAt = (pos: number): string | null => {
      let year: string | null = null;
      for (const m of markers) if (m.start >= sentence.start && m.end <= pos) year = m.text;
      return year ?? sentenceYear ?? baseYear;
    };
    // The striving word nearest before the target (积极争取…资金，力争…占比达到10% is 力争, not 争取 力争).
    const striving = (pos: number): string[] => {
      const found = norm.slice(sentence.start, pos).match(/力争|争取/g);
      return found ? [found[found.length - 1]!] : [];
    };
    const drafts: Draft[] = [];
    const clauses = splitClauses(norm, sentence, quantities);
    clauses.forEach((clause, clauseIndex) => {
      // 针对市本级10亿元以上、区县（市）1亿元以上重大产业…项目: a scope of what the sentence is about, not a target.
      if (SCOPE_OPENER.test(norm.slice(clause.start, clause.end))) return;
      if (WHEN_FIT.test(norm.slice(clause.start, clause.end))) return;
      if (past && reportsPast(norm, sentence, clause)) return;
      if (grants && grantPart(norm, clause, clauses[clauseIndex + 1] ?? null, sentence.start)) return;
      const incentive = !seeks && INCENTIVE_WORD.test(norm.slice(clause.start, clause.end));
      const inClause = quantities.filter(
        (q) => q.start >= clause.start && q.end <= clause.end && !(incentive && q.unit !== null && INCENTIVE_UNIT.test(q.unit)),
      );
      if (inClause.length === 0) return;
      const previousClause = clauseIndex > 0 ? clauses[clauseIndex - 1] ?? null : null;
      const ctx: ClauseContext = { norm, clause, markers, yearAt, striving, previousClause, drafts };
      readClause(ctx, inClause);
    });
    carryQualifiers(norm, drafts);
    shareListHeads(norm, drafts);
    for (const d of drafts) targets.push(toTarget(paragraph, d));
  }
  // The same target twice in a clause (an item's heading repeats its first sentence) is one target.
  const seen = new Set<string>();
  return targets.filter((t) => {
    const key = JSON.stringify([t.indicator, t.value, t.range, t.unit, t.year, t.scope ?? null]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * In a sentence that reports the past (已, 去年, 拨付, 发放 …), whether a clause is part of the report. The report is
 * the part of the sentence between semicolons that holds the marker: 落实…补贴发放工作；…新增残疾人就业1000人；康复救助孤独症
 * 儿童680人次 sets two targets after the part that mentions 发放. A clause that commits in its own words (确保, 力争,
 * 争取, 目标) and holds no marker is no report either: 推动已组建基金加快项目投资，确保投向民间投资项目比重达到75%以上 sets
 * 75% (the fund is what was formed before). The whole sentence had been skipped (twenty-first session's analyst audit,
 * finding 3: 杭州 p0031 and p0089).
 */
function reportsPast(norm: string, sentence: Span, clause: Span): boolean {
  const text = norm.slice(clause.start, clause.end);
  if (PAST_MARKER.test(text)) return true;
  if (OWN_COMMITMENT.test(text)) return false;
  const before = norm.slice(sentence.start, clause.start);
  const after = norm.slice(clause.end, sentence.end);
  // The text is normalised: ； is ;.
  const partStart = before.lastIndexOf(';') + 1;
  const semicolon = after.indexOf(';');
  return PAST_MARKER.test(before.slice(partStart)) || PAST_MARKER.test(semicolon === -1 ? after : after.slice(0, semicolon));
}

/** Units of counted things: a list of counts can share one 每年 / 新增 / 累计. */
const COUNT_UNIT = /^(?:个|家|项|件|台|套|座|所|名|人|条|款|种|场|辆|艘|架|户|张|栋|家次|人次)$/;
const CARRIED_WORDS = ['新增', '累计', '每年', '年均'];

/**
 * A count that continues a list of counts without a verb or comparison of its own takes the list's 每年 / 新增 / 累计:
 * 每年新增首台(套)技术装备、首版次高端软件25项以上，市级以上创新产品100个左右 is 100 new ones a year, and 累计培育…企业20家，
 * 省级…中小企业100家 is 100 in all. With a verb of its own (每年遴选20个…，培育100个…) it is its own statement. Counts
 * only: …年均增长7%，工业投资增长10% does not say the second is a yearly rate. Found by the seventeenth session's target
 * audit (four such rows in seeds + external).
 */
function carryQualifiers(norm: string, drafts: Draft[]): void {
  for (let i = 1; i < drafts.length; i++) {
    const d = drafts[i]!;
    const prev = drafts[i - 1]!;
    if (!d.q.unit || !prev.q.unit || !COUNT_UNIT.test(d.q.unit) || !COUNT_UNIT.test(prev.q.unit)) continue;
    const own = norm.slice(prev.spanEnd, d.q.start);
    // Nor across a semicolon, which ends the statement: …新增残疾人就业1000人；康复救助孤独症儿童680人次 are not 680 new ones.
    if (ACTION_VERBS.some((v) => own.includes(v)) || d.words.some((w) => COMPARISON_WORDS.has(w) || QUALIFIER_TOKENS.has(w)) || /[增提降减;]/.test(own)) continue;
    d.annual ||= prev.annual;
    d.cumulative ||= prev.cumulative;
    const carried = prev.words.filter((w) => CARRIED_WORDS.includes(w) && !d.words.includes(w));
    if (carried.length) d.words = [...carried, ...d.words];
  }
}

/**
 * A count listed after another with only 、 between them, whose indicator is a short word ending as the first one's
 * does, shares the first one's head: 培育旅游美食体验店360家、示范店40家、旗舰店15家 counts 旅游美食示范店 and 旅游美食旗舰店,
 * not bare 示范店 and 旗舰店 (seventeenth session's target audit). The short word takes the place of as many of the
 * first indicator's last characters as it has: 省级企业技术中心10家、研发中心20家 → 省级企业研发中心. A word that ends
 * otherwise (街区10个) is its own.
 */
function shareListHeads(norm: string, drafts: Draft[]): void {
  // The run's first count, while every count after it has taken its head (a sibling of its own ends the run:
  // 美丽乡村特色村30个、数字乡村样板镇村20个、未来乡村30个 names each in full).
  let head: Draft | null = null;
  for (let i = 1; i < drafts.length; i++) {
    const d = drafts[i]!;
    const prev = drafts[i - 1]!;
    if (!/^\s*、\s*$/.test(norm.slice(prev.spanEnd, d.spanStart))) {
      head = null;
      continue;
    }
    if (head === null && i > 1 && /^\s*、\s*$/.test(norm.slice(drafts[i - 2]!.spanEnd, prev.spanStart))) continue; // a closed run
    head ??= prev;
    const own = d.indicator;
    const first = head.indicator;
    if ([...own].length > 4 || first.length <= own.length + 1 || own.at(-1) !== first.at(-1) || first.endsWith(own)) {
      head = null;
      continue;
    }
    d.indicator = first.slice(0, first.length - own.length) + own;
  }
}

interface ClauseContext {
  norm: string;
  clause: Span;
  markers: YearMarker[];
  yearAt: (pos: number) => string | null;
  striving: (pos: number) => string[];
  previousClause: Span | null;
  /** Targets of the sentence so far (an attribute-only indicator borrows the last one's subject). */
  drafts: Draft[];
}

/** A target's timing as its clause words it before the quantity at `at`: its year, and whether it is 累计 or 每年. */
function timingOf(ctx: ClauseContext, at: number): { year: string | null; cumulative: boolean; annual: boolean } {
  const before = ctx.norm.slice(ctx.clause.start, at);
  return { year: ctx.yearAt(at), cumulative: /累计/.test(before), annual: /每年|年均|每一年|逐年/.test(before) };
}

function readClause(ctx: ClauseContext, quantities: Quantity[]): void {
  const { norm, clause } = ctx;
  const respectively = findOutsideBrackets(norm, clause, '分别');
  let seg = clause.start;
  let rest = quantities;
  if (respectively !== null) {
    const after = quantities.filter((q) => q.start > respectively);
    if (after.length > 0) {
      seg = readRespectively(ctx, respectively, after);
      rest = quantities.filter((q) => q.start >= seg);
    }
  }
  let lastPrefix: { nounEnd: number } | null = null;
  for (let idx = 0; idx < rest.length; idx++) {
    const q = rest[idx];
    if (!q || q.start < seg) continue;
    const { terminal, control } = isTerminal(norm, q, clause.end);
    const later = rest.slice(idx + 1);
    // Everything before an enumeration closed by 等 describes the indicator (…10亿元以上等招大引强项目10个以上).
    const etc = norm.indexOf('等', q.end);
    const describes =
      etc !== -1 && etc < clause.end && later.some((l) => l.start > etc && isTerminal(norm, l, clause.end).terminal);
    if (terminal && !describes) {
      const draft = postfixTarget(ctx, q, seg, control);
      if (draft) {
        ctx.drafts.push(draft);
        seg = q.end;
        lastPrefix = null;
      }
      continue;
    }
    if (describes) continue;
    const draft = prefixTarget(ctx, q, seg, lastPrefix, later);
    if (draft) {
      ctx.drafts.push(draft);
      seg = draft.spanEnd;
      lastPrefix = { nounEnd: draft.spanEnd };
    }
  }
}

function findOutsideBrackets(norm: string, span: Span, word: string): number | null {
  const mask = bracketMask(norm, span.start, span.end);
  let i = norm.indexOf(word, span.start);
  while (i !== -1 && i < span.end) {
    if (!mask[i - span.start]) return i;
    i = norm.indexOf(word, i + 1);
  }
  return null;
}

/** Postfix shape: [indicator][qualifiers][quantity] at a clause end. */
function postfixTarget(ctx: ClauseContext, q: Quantity, seg: number, control: boolean): Draft | null {
  const { norm, clause } = ctx;
  let run = qualifierRunBefore(norm, q.start, seg);
  let base: string | null = null;
  // …等占比达到全省10%以上: the whole place after the comparison is what the share is of, not part of the indicator.
  const whole = run.words.length === 0 && q.unit === '%' ? WHOLE_PLACE_BASE.exec(norm.slice(seg, q.start)) : null;
  if (whole) {
    const before = qualifierRunBefore(norm, q.start - whole[0].length, seg);
    if (before.words.length > 0 && SHARE_WORD.test(norm.slice(seg, before.start).trimEnd())) {
      run = before;
      base = whole[1]!;
    }
  }
  const hasComparison = run.words.some((w) => COMPARISON_WORDS.has(w));
  if (!q.unit && !q.range && !hasComparison && !control) return null;
  if (q.bare && !run.words.some((w) => BARE_OK_WORDS.has(w))) return null;
  let indicatorEnd = run.start;
  for (let changed = true; changed; ) {
    changed = false;
    while (indicatorEnd > seg && norm[indicatorEnd - 1] === ' ') indicatorEnd--;
    const adverb = TRAILING_ADVERBS.find((a) => indicatorEnd - a.length > seg && norm.slice(indicatorEnd - a.length, indicatorEnd) === a);
    if (adverb) {
      indicatorEnd -= adverb.length;
      changed = true;
    }
  }
  let cleaned = cleanIndicator(norm, seg, indicatorEnd, ctx.markers);
  let indicator = cleaned.text;
  if (indicator.length === 0 && ctx.previousClause) {
    // 容积率宜高则高，一般不低于1.5: the indicator is in the clause before.
    const prev = ctx.previousClause;
    const prevQuantities = findQuantities(norm, prev.start, prev.end);
    if (prevQuantities.length === 0) {
      cleaned = { ...cleanIndicator(norm, prev.start, prev.end, ctx.markers), tokens: cleaned.tokens };
      indicator = cleaned.text;
    }
  }
  if (!/[\u3400-\u9fffA-Za-z]/.test(indicator)) return null;
  const previous = ctx.drafts[ctx.drafts.length - 1];
  if (ATTRIBUTE_ONLY.test(indicator) && previous) {
    indicator = previous.indicator.replace(ATTRIBUTE_TAIL, '') + indicator;
  }
  const frame = indicator === cleaned.text ? frameOf(ctx) : null;
  if (frame && base === null && SHARE_WORD.test(indicator) && !indicator.includes('占')) base = frame.text || null;
  const timing = timingOf(ctx, q.start);
  const words = [...ctx.striving(q.start), ...(frame?.tokens ?? []), ...cleaned.tokens, ...run.words, ...(q.suffix ? [q.suffix] : [])];
  return {
    indicator,
    q,
    words,
    spanStart: Math.min(cleaned.start, run.start),
    spanEnd: q.end,
    ...timing,
    control,
    annual: timing.annual || !!frame?.tokens.length,
    scope: cleaned.scope,
    base,
  };
}

/** A whole place right before a percentage (占比达到全省10%): the base of the share. */
const WHOLE_PLACE_BASE = /(全国|全省|全市|全区)\s*$/;
/** An indicator that names a share of something. */
const SHARE_WORD = /(?:占比|比重|比例)$/;

/**
 * The clause before a target's that frames it (全市每年出让的国有建设用地中，工业用地比例不低于40%): a clause of no figure
 * ending in 中 names the whole the target is counted in. Its 每年 / 年均 are the target's (each year's land sold), and
 * it is the base of a share the indicator names without one. 平湖 p0032 had been read as an overall 工业用地比例 with no
 * yearly mark (twenty-first session's analyst audit, finding 3). Null when there is no such clause, or it names
 * nothing but 其中.
 */
function frameOf(ctx: ClauseContext): { text: string; tokens: string[] } | null {
  const prev = ctx.previousClause;
  if (!prev) return null;
  const { norm } = ctx;
  let end = prev.end;
  while (end > prev.start && /\s/.test(norm[end - 1] ?? '')) end--;
  if (norm[end - 1] !== '中' || findQuantities(norm, prev.start, end).length > 0) return null;
  const cleaned = cleanIndicator(norm, prev.start, end, ctx.markers);
  const text = cleaned.text.endsWith('中') ? cleaned.text.slice(0, -1) : '';
  if (!/[\u3400-\u9fff]/.test(text)) return null;
  // Only a year's mark is the target's: 新增建设用地中 names new land, it does not make the share a new one.
  return { text, tokens: cleaned.tokens.filter((w) => w === '每年' || w === '年均') };
}

/** Prefix shape: [action verb][quantity][counted noun], e.g. 建设10个以上现代产业学院. */
function prefixTarget(
  ctx: ClauseContext,
  q: Quantity,
  seg: number,
  lastPrefix: { nounEnd: number } | null,
  later: Quantity[],
): Draft | null {
  const { norm, clause } = ctx;
  if (q.weak || q.bare || (!q.unit && !q.range)) return null;
  let verbStart: number | null = null;
  let adverbs: string[] = [];
  const verb = actionVerbBefore(norm, q.start, seg);
  if (verb) {
    verbStart = verb.start;
    adverbs = verb.adverbs;
  } else {
    const served = servedTarget(ctx, q, seg);
    if (served) return served;
    const gap = norm.slice(lastPrefix ? lastPrefix.nounEnd : seg, q.start).trim();
    const continues = lastPrefix !== null && (gap === '' || CONJUNCTIONS.includes(gap) || gap === '、');
    // 建设运营A、B等50个以上特色园区: the verb opens the clause and 等 closes the list.
    const afterEtc = /等\s*$/.test(norm.slice(seg, q.start)) && ACTION_VERBS.some((v) => norm.slice(clause.start, q.start).includes(v));
    if (!continues && !afterEtc && !continuesClauseList(ctx, q)) return null;
  }
  let nounEnd = clause.end;
  // A quantity after a qualifier inside the noun describes it (新建10条年产值超10亿元的…产业链): read through it.
  let next: Quantity | undefined;
  for (const candidate of later) {
    if (candidate.start >= clause.end) break;
    const run = qualifierRunBefore(norm, candidate.start, q.end);
    const describes = run.words.some((w) => BARE_OK_WORDS.has(w) || COMPARISON_WORDS.has(w)) && norm.slice(q.end, run.start).trim() !== '';
    if (describes) continue;
    next = candidate;
    nounEnd = candidate.start;
    break;
  }
  // 新建3个行业二级节点和1000个左右企业节点: the noun stops at a conjunction that leads to the next quantity.
  let conjunctionCut = false;
  for (let k = q.end; k < nounEnd; k++) {
    const conj = CONJUNCTIONS.find((c) => norm.startsWith(c, k)) ?? (norm[k] === '、' ? '、' : null);
    if (conj && next && norm.slice(k + conj.length, next.start).trim() === '') {
      nounEnd = k;
      conjunctionCut = true;
      break;
    }
  }
  // 落地1亿美元以上外资大项目8个: the quantity that ends the clause counts the noun; this one only describes it.
  if (next && !conjunctionCut && isTerminal(norm, next, clause.end).terminal) return null;
  const noun = countedNoun(norm, q.end, nounEnd);
  if (!noun) return null;
  const cleanedScope = cleanIndicator(norm, clause.start, verbStart ?? q.start, ctx.markers);
  const words = [...ctx.striving(q.start), ...cleanedScope.tokens, ...adverbs, ...(q.suffix ? [q.suffix] : [])];
  return {
    indicator: noun.text,
    q,
    words,
    spanStart: verbStart ?? q.start,
    spanEnd: nounEnd,
    ...timingOf(ctx, q.start),
    control: false,
    scope: cleanedScope.scope ?? (SCOPE_PREFIX.exec(cleanedScope.text)?.[0] ?? null),
  };
}

/**
 * A clause that opens with a count, right after a clause whose verb counted something (全年组织不少于150个外贸团组，参加100个
 * 以上境外展会，3000家次企业赴境外拓市场), goes on with that list: the count is of what follows it. 杭州 p0058 had given only
 * its first count (twenty-first session's analyst audit, finding 3).
 */
function continuesClauseList(ctx: ClauseContext, q: Quantity): boolean {
  const prevClause = ctx.previousClause;
  const prev = ctx.drafts[ctx.drafts.length - 1];
  if (!prevClause || !prev || ctx.norm.slice(ctx.clause.start, q.start).trim() !== '') return false;
  // The last target of the clause before, counted by a verb (its noun after its number) and running to its end.
  return prev.spanStart >= prevClause.start && prev.spanEnd === prevClause.end && prev.q.end < prev.spanEnd;
}

/** 为 meaning "for", not 作为, 成为, 认为, 因为, 行为, 更为, 最为. */
const FOR_BEFORE = /(?<![作成认因行更最较极])为\s*$/u;
/** What is done for the counted ones: 为20家以上工业企业提供节能诊断服务. */
const SERVICE_VERB = /提供|开展/u;

/**
 * A count of those a service is for: 每年为20家以上工业企业提供节能诊断服务 sets 20 firms a year, its indicator 提供节能诊断
 * 服务的工业企业 (what is done, then who). No verb comes before the number, so the prefix shape had read nothing: 青岛
 * p0010 lost the target (twenty-first session's analyst audit, finding 3; labeled 获节能诊断服务的工业企业 in
 * test/fixtures/targets-labeled.json).
 */
function servedTarget(ctx: ClauseContext, q: Quantity, seg: number): Draft | null {
  const { norm, clause } = ctx;
  const head = norm.slice(seg, q.start);
  if (!FOR_BEFORE.test(head)) return null;
  const service = SERVICE_VERB.exec(norm.slice(q.end, clause.end));
  if (!service) return null;
  const verbAt = q.end + service.index;
  const noun = countedNoun(norm, q.end, verbAt);
  const done = tidy(norm.slice(verbAt, clause.end));
  if (!noun || noun.text.length > 12 || [...done].length < 4) return null;
  const forAt = seg + head.lastIndexOf('为');
  const cleaned = cleanIndicator(norm, clause.start, forAt, ctx.markers);
  return {
    indicator: `${done}的${noun.text}`,
    q,
    words: [...ctx.striving(q.start), ...cleaned.tokens, ...(q.suffix ? [q.suffix] : [])],
    spanStart: forAt,
    spanEnd: clause.end,
    ...timingOf(ctx, q.start),
    control: false,
    scope: cleaned.scope,
  };
}

/** The counted noun after a quantity; for `X的Y` the part whose head is a countable thing. */
function countedNoun(norm: string, start: number, end: number): { text: string } | null {
  let e = end;
  while (e > start && /[\s、，,的]/.test(norm[e - 1] ?? '')) e--;
  const text = tidy(norm.slice(start, e));
  if ((text.match(/[\u3400-\u9fff]/g) ?? []).length < 2) return null;
  const de = text.lastIndexOf('的');
  if (de > 0) {
    const head = text.slice(0, de);
    const tail = text.slice(de + 1);
    const bare = (s: string): string => s.replace(/[“”"'‘’「」]/g, '');
    if (COUNTED_HEAD.test(bare(head))) return { text: head };
    // A bare head word (企业, 项目) says nothing alone: 网络改造应用良好的企业 keeps what it qualifies (the nineteenth
    // session's verifying audit found the indicator 企业); a longer one (智能工厂) stands for the clause's count.
    if (COUNTED_HEAD.test(bare(tail)) && tail.length >= 2) return { text: [...bare(tail)].length <= 2 ? text : tail };
  }
  return { text };
}

/**
 * `A、B分别达到x和y`: subjects before 分别, values after it. Returns where reading may continue in the clause.
 */
function readRespectively(ctx: ClauseContext, at: number, after: Quantity[]): number {
  const { norm, clause } = ctx;
  // Values: the run of quantities after 分别 separated only by qualifiers and list punctuation.
  const values: Quantity[] = [];
  let cursor = at + 2;
  const leadRun: string[] = [];
  for (const q of after) {
    const gap = norm.slice(cursor, q.start);
    if (values.length === 0) {
      const run = qualifierRunBefore(norm, q.start, cursor);
      if (norm.slice(cursor, run.start).trim() !== '') break;
      leadRun.push(...run.words);
    } else if (!/^\s*(?:和|及|与|、|,|，|以及)?\s*$/.test(gap)) {
      break;
    }
    values.push(q);
    cursor = q.end;
  }
  if (values.length === 0) return clause.start;
  const shared = [...values].reverse().find((v) => v.suffix)?.suffix ?? null;
  const subjectRegion = cleanIndicator(norm, clause.start, at, ctx.markers);
  const items = splitSubjects(norm, subjectRegion, values.length);
  const lastValue = values[values.length - 1];
  const make = (q: Quantity, indicator: string, spanStart: number): Draft => {
    const suffix = q.suffix ?? shared;
    return {
      indicator,
      q: { ...q, suffix },
      words: [...ctx.striving(q.start), ...subjectRegion.tokens, '分别', ...leadRun, ...(suffix ? [suffix] : [])],
      spanStart,
      spanEnd: q.end,
      ...timingOf(ctx, q.start),
      control: false,
      scope: subjectRegion.scope,
    };
  };
  if (items.length === values.length && values.length > 1) {
    const last = items[items.length - 1];
    const tailMatch = last ? SHARED_TAIL.exec(last.text) : null;
    const tail = last && tailMatch && tailMatch.index > 0 ? last.text.slice(tailMatch.index) : '';
    values.forEach((q, i) => {
      const item = items[i];
      if (!item) return;
      const indicator = tail && !item.text.includes(tail) ? item.text + tail : item.text;
      ctx.drafts.push(make(q, indicator, item.start));
    });
  } else {
    for (const q of values) ctx.drafts.push(make(q, subjectRegion.text, subjectRegion.start));
  }
  return lastValue ? lastValue.end : clause.start;
}

/** Split `A、B、C` (or `A和B` when there is no 、) into subjects, outside brackets. */
function splitSubjects(norm: string, region: Cleaned, wanted: number): { text: string; start: number }[] {
  const mask = bracketMask(norm, region.start, region.end);
  const cut = (isSep: (i: number) => number): { text: string; start: number }[] => {
    const items: { text: string; start: number }[] = [];
    let s = region.start;
    for (let i = region.start; i < region.end; i++) {
      if (mask[i - region.start]) continue;
      const len = isSep(i);
      if (len > 0) {
        items.push({ text: tidy(norm.slice(s, i)), start: s });
        s = i + len;
        i += len - 1;
      }
    }
    items.push({ text: tidy(norm.slice(s, region.end)), start: s });
    return items.filter((it) => it.text.length > 0);
  };
  const byComma = cut((i) => (norm[i] === '、' ? 1 : 0));
  if (byComma.length > 1 || wanted <= 1) return byComma;
  return cut((i) => (/[和与及]/.test(norm[i] ?? '') ? 1 : 0));
}

/**
 * 每年 inside an indicator, after its subject (引导企业每年实施技术改造项目): how the figure counts, not what is counted;
 * it goes to the qualifier words as 每年实施技术改造项目 does (eighteenth session's verifying audit). Not 每年度 (a
 * word of its own), and not 年均, which stays with a growth rate (年均增长8% is not 增长8%).
 */
const INNER_ANNUAL = /(?<=\p{Script=Han})每年(?!度)(?=\p{Script=Han})/u;

function toTarget(paragraph: string, d: Draft): Target {
  const { q } = d;
  let indicator = d.indicator;
  let words = d.words;
  const inner = d.annual ? INNER_ANNUAL.exec(indicator) : null;
  if (inner) {
    indicator = indicator.slice(0, inner.index) + indicator.slice(inner.index + inner[0].length);
    if (!words.includes(inner[0])) words = [inner[0], ...words];
  }
  const target: Target = {
    indicator,
    value: q.range ? null : q.value,
    range: q.range,
    unit: q.unit,
    qualifier: joinQualifier(words),
    bound: boundOrIndicator(boundOf(q.suffix, d.words, d.control), indicator),
    cumulative: d.cumulative,
    annual: d.annual,
    year: d.year,
    text: paragraph.slice(d.spanStart, d.spanEnd),
    start: d.spanStart,
    end: d.spanEnd,
  };
  if (d.scope) target.scope = d.scope;
  if (d.base) target.base = d.base;
  return target;
}

// ---------------------------------------------------------------------------------------------------------------
// Tables

interface Cell { text: string; start: number; end: number }

function splitCells(norm: string): Cell[] {
  const cells: Cell[] = [];
  let s = 0;
  for (let i = 0; i <= norm.length; i++) {
    if (i === norm.length || norm[i] === '|') {
      let a = s;
      let b = i;
      while (a < b && /\s/.test(norm[a] ?? '')) a++;
      while (b > a && /\s/.test(norm[b - 1] ?? '')) b--;
      cells.push({ text: norm.slice(a, b), start: a, end: b });
      s = i + 1;
    }
  }
  while (cells.length > 0 && (cells[cells.length - 1]?.text ?? '') === '') cells.pop();
  return cells;
}

interface TableLayout {
  /** Index of the indicator column in the header. */
  indicator: number;
  /** Headers of the value columns, in order (they follow the indicator column, and its 单位 column when there is one). */
  values: { header: string; year: string | null }[];
  /** A 单位 column between the indicator and the values. */
  hasUnitColumn: boolean;
}

const INDICATOR_HEADER = /指标|名称|项目|内容|事项/;
const TRAILING_HEADER = /责任|牵头|配合|部门|备注|说明|来源|属性|类型|口径|单位/;
const UNIT_HEADER = /^(?:计量)?单位$/;
const SERIAL_HEADER = /^序\s*号$|^编号$/;

function tableLayout(columns: string[]): TableLayout | null {
  const cols = columns.map((c) => normalizeChars(c).trim());
  // The indicator column is the last 指标/名称 header before the first year or trailing column.
  const isYear = (c: string): boolean => /^\d{4}\s*年?/.test(c);
  let firstValue = cols.findIndex((c) => isYear(c) || (TRAILING_HEADER.test(c) && !UNIT_HEADER.test(c)));
  if (firstValue === -1) firstValue = cols.length;
  let indicator = -1;
  cols.forEach((c, i) => {
    if (i < firstValue && INDICATOR_HEADER.test(c) && !SERIAL_HEADER.test(c)) indicator = i;
  });
  if (indicator === -1) indicator = cols.findIndex((c) => c !== '' && !SERIAL_HEADER.test(c));
  if (indicator === -1) return null;
  let i = indicator + 1;
  let hasUnitColumn = false;
  if (UNIT_HEADER.test(cols[i] ?? '')) {
    hasUnitColumn = true;
    i++;
  }
  const values: TableLayout['values'] = [];
  for (; i < cols.length; i++) {
    const c = cols[i] ?? '';
    if (c === '' || (TRAILING_HEADER.test(c) && !UNIT_HEADER.test(c))) break;
    const year = isYear(c) ? (columns[i] ?? c).trim() : null;
    values.push({ header: (columns[i] ?? c).trim(), year });
  }
  return values.length > 0 ? { indicator, values, hasUnitColumn } : null;
}

/** A cell's number: `35`, `50%以上`, `≥5`, `10-20`; 'placeholder' for `-`; null for text. */
function cellQuantity(norm: string, cell: Cell): Quantity | 'placeholder' | null {
  if (/^[-—–/\\]*$/.test(cell.text) || /^(?:无|暂无|—+)$/.test(cell.text)) return 'placeholder';
  let start = cell.start;
  let prefix: string | null = null;
  const lead = /^(≥|≤|>|<|＞|＜|不低于|不少于|不超过|不高于|超过|达到|约)\s*/.exec(cell.text);
  if (lead) {
    prefix = lead[1] ?? null;
    start += lead[0].length;
  }
  const num = readNumber(norm, start);
  if (!num || num.weak || num.bare) return null;
  // Read the quantity on the cell alone, so a unit-less number is accepted here (the header gives the unit).
  const cellNorm = norm.slice(0, cell.end);
  const q = readQuantity(cellNorm, start) ?? bareQuantity(num);
  if (q.end !== cell.end) return null;
  if (prefix) {
    const map: Record<string, string> = { '≥': '不低于', '>': '超过', '＞': '超过', '≤': '不超过', '<': '低于', '＜': '低于' };
    q.suffix = q.suffix ?? map[prefix] ?? prefix;
  }
  return q;
}

function bareQuantity(num: NumberToken): Quantity {
  return { start: num.start, end: num.end, value: num.value, range: null, unit: null, suffix: null, weak: false, bare: false };
}

function isTextCell(cell: Cell): boolean {
  return /[\u3400-\u9fffA-Za-z]/.test(cell.text);
}

/**
 * The row's indicator cell, or -1: the text cell right before the first value cell (merged cells shift it left or
 * right), followed by at least one number within the value columns' reach.
 */
function findIndicatorCell(norm: string, cells: readonly Cell[], layout: TableLayout): number {
  const valueOffset = layout.hasUnitColumn ? 2 : 1;
  const kinds = cells.map((c) => cellQuantity(norm, c));
  const isNumber = (i: number): boolean => {
    const kind = kinds[i];
    return kind !== null && kind !== undefined && kind !== 'placeholder';
  };
  for (let i = 0; i + valueOffset < cells.length; i++) {
    const cell = cells[i];
    if (!cell || !isTextCell(cell) || kinds[i] !== null) continue;
    const firstValue = i + valueOffset;
    if (kinds[firstValue] === null) continue;
    const valueEnd = Math.min(cells.length, firstValue + layout.values.length);
    for (let v = firstValue; v < valueEnd; v++) if (isNumber(v)) return i;
  }
  return -1;
}

function extractTableRow(paragraph: string, norm: string, cells: Cell[], layout: TableLayout, fallbackYear: string | null): Target[] {
  const k = findIndicatorCell(norm, cells, layout);
  const valueOffset = layout.hasUnitColumn ? 2 : 1;
  if (k === -1) return [];
  const indicatorCell = cells[k];
  if (!indicatorCell) return [];
  const parsed = parseIndicatorCell(indicatorCell.text);
  const unitCell = layout.hasUnitColumn ? cells[k + 1]?.text ?? '' : '';
  const headerUnit = unitCell !== '' ? unitCell : parsed.unit;
  const targets: Target[] = [];
  layout.values.forEach((column, j) => {
    const cell = cells[k + valueOffset + j];
    if (!cell) return;
    const q = cellQuantity(norm, cell);
    if (q === null || q === 'placeholder') return;
    const words = [...parsed.tokens, ...(q.suffix ? [q.suffix] : [])];
    const target: Target = {
      indicator: parsed.indicator,
      value: q.range ? null : q.value,
      range: q.range,
      unit: q.unit ?? headerUnit,
      qualifier: joinQualifier(words),
      bound: boundOf(q.suffix, words, false),
      cumulative: parsed.tokens.includes('累计'),
      annual: /每年|年均/.test(indicatorCell.text),
      year: column.year ?? fallbackYear,
      text: paragraph.slice(cell.start, cell.end),
      start: cell.start,
      end: cell.end,
    };
    if (!column.year) target.scope = column.header;
    targets.push(target);
  });
  return targets;
}

/** A cell of a flattened table row, as written, and the header column it stands under (null where that is unsure). */
export interface RowCell {
  column: string | null;
  text: string;
}

/** A 责任单位 column's header (责任单位, 责任部门, 牵头单位 …), as the paragraph stage finds it. */
const RESPONSIBLE_HEADER = /^(?:责任|牵头|主责)(?:单位|部门)/u;

/**
 * Each cell of a table row with the header column it stands under, so that a row read alone (on its clause page, in an
 * export) says what its cells are: `2 | 加快开发区…供地。 | 市自然资源和规划局、市经信局 | |` under
 * 序号 | 重点任务(措施) | 具体内容 | 责任单位 is 序号 2, 具体内容 加快开发区…, 责任单位 市自然资源和规划局、市经信局.
 *
 * A row with a cell per column is read across. A row with fewer lost cells to cells merged with the rows above it (a
 * 重点任务 spanning three rows) or beside it (完成嘉兴下达任务 across three year columns), and flattened text keeps no
 * trace of which; so the row is aligned at what its own cells show: a row number under 序号, the indicator and value
 * cells where the targets read them (the indicator is the text cell before the first number, {@link extractTargets}),
 * and a last cell naming departments under a last 责任单位 column. Between those, cells are read across when there
 * are as many as columns, and right-aligned when fewer and no value column lies between (what the rows above hold
 * merged are the leading group columns: 一级指标, 重点任务); otherwise a cell is left without a column, not guessed.
 * 平湖's three attachment tables (94 rows, each checked by eye): 49 rows are read across, 42 aligned this way (every
 * cell right), and 3 keep two cells without a column (附件1's two 完成嘉兴下达任务 rows and 附件3's 待…另行下达 row, whose
 * text spans the value columns); their row number and 责任单位 are labelled.
 */
export function rowCells(row: string, columns: readonly string[]): RowCell[] {
  const norm = normalizeChars(row);
  const cells = splitCells(norm);
  const column: (string | null)[] = cells.map(() => null);
  const result = (): RowCell[] => cells.map((c, i) => ({ column: column[i] ?? null, text: row.slice(c.start, c.end) }));
  if (columns.length === 0 || cells.length > columns.length) return result();
  if (cells.length === columns.length) {
    columns.forEach((c, i) => (column[i] = c));
    return result();
  }
  // Anchors: [cell, column] pairs the row's own cells fix, in order.
  const header = columns.map((c) => normalizeChars(c).trim());
  const anchors: [number, number][] = [];
  if (SERIAL_HEADER.test(header[0] ?? '') && /^\d{1,3}$/.test(cells[0]?.text ?? '')) anchors.push([0, 0]);
  const layout = tableLayout([...columns]);
  const valueColumns = new Set<number>();
  if (layout) {
    const offset = layout.hasUnitColumn ? 2 : 1;
    layout.values.forEach((_, j) => valueColumns.add(layout.indicator + offset + j));
    const k = findIndicatorCell(norm, cells, layout);
    if (k >= 0) {
      anchors.push([k, layout.indicator]);
      if (layout.hasUnitColumn) anchors.push([k + 1, layout.indicator + 1]);
      for (let j = 0; j < layout.values.length; j++) {
        const cell = cells[k + offset + j];
        if (!cell || cellQuantity(norm, cell) === null) break;
        anchors.push([k + offset + j, layout.indicator + offset + j]);
      }
    }
  }
  const last = cells.length - 1;
  const lastColumn = columns.length - 1;
  if (RESPONSIBLE_HEADER.test(header[lastColumn] ?? '') && isDepartmentCell(cells[last]?.text ?? '')) anchors.push([last, lastColumn]);
  // Anchors must keep their order, and a cell never stands left of where a fuller row would have it.
  const bounds: [number, number][] = [[-1, -1], ...anchors, [cells.length, columns.length]];
  for (let a = 1; a < bounds.length; a++) {
    const [c0, k0] = bounds[a - 1]!;
    const [c1, k1] = bounds[a]!;
    if (c1 <= c0 || k1 <= k0 || k1 - c1 < k0 - c0) return result();
  }
  for (const [c, k] of anchors) column[c] = columns[k] ?? null;
  for (let a = 1; a < bounds.length; a++) {
    const [c0, k0] = bounds[a - 1]!;
    const [c1, k1] = bounds[a]!;
    const n = c1 - c0 - 1;
    if (n === 0) continue;
    let spansValues = false;
    for (let k = k0 + 1; k < k1; k++) if (valueColumns.has(k)) spansValues = true;
    if (n === k1 - k0 - 1 || !spansValues) for (let i = 1; i <= n; i++) column[c1 - i] = columns[k1 - i] ?? null;
  }
  return result();
}

/** `累计建成省级智能工厂(数字化车间)(家)` → indicator 建成省级智能工厂(数字化车间), unit 家, tokens [累计]. */
function parseIndicatorCell(text: string): { indicator: string; unit: string | null; tokens: string[] } {
  let rest = tidy(normalizeChars(text));
  let unit: string | null = null;
  const paren = /\(([^()]{1,12})\)\s*$/.exec(rest);
  if (paren && paren[1]) {
    const inner = paren[1].trim();
    const read = readUnit(inner, 0);
    if (read && read.end === inner.length) {
      unit = inner;
      rest = rest.slice(0, paren.index).trim();
    }
  }
  const tokens: string[] = [];
  for (;;) {
    const word = ['累计', '新增', '每年', '年均'].find((w) => rest.startsWith(w) && rest.length > w.length + 1);
    if (!word) break;
    tokens.push(word);
    rest = rest.slice(word.length);
  }
  return { indicator: rest, unit, tokens };
}
