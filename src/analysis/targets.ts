/**
 * Quantitative targets (量化目标) across cities.
 *
 * Targets (量化目标). `extractTargets` reads each paragraph (table rows with their header; a lead sentence that
 * opens a section with 到2025年 dates the list under it). Indicators are grouped by meaning: each name is reduced
 * to its core (years, units, leading verbs and scopes such as 全社会 / 规上工业 stripped; the base of a share,
 * 占GDP比重, set aside and shown), the cores are embedded, and average-linkage clustering joins cores whose mean
 * cosine is ≥ `groupThreshold` and whose units are of one kind (counts, money, shares, growth rates …), so that
 * 全社会研发投入占GDP比重 4% (昆山) and 规上制造业企业研发费用占营业收入的比重 2.2% (平湖) meet, bases shown. A figure one
 * document states again (its text, 附件1's table, 附件3's 全市 column) is one target, the other clauses its
 * restatements (`foldRestatements`): on seeds + external 468 targets read are 445 targets, on the seeds 319 are 297.
 */
import type { Embedder } from '../embed/embedder.js';
import { dot } from '../index/vectors.js';
import { columnOf } from '../search/places.js';
import type { DocRef } from '../search/types.js';
import { clauseFingerprint } from '../text/fingerprint.js';
import { canonical } from '../text/normalize.js';
import { CARD_LABELS } from '../text/compendium.js';
import { extractTargets, type Target, type TargetContext } from '../text/targets.js';
import type { AnalysisCorpus } from './corpus.js';
import type { AnalysisParagraph, TargetFilters, TargetGroup, TargetRow, TargetsResult } from './types.js';
import { nextTurn } from '../turn.js';

const LEAD_YEAR =
  /^[\s—–\-]*(?:[(（][一二三四五六七八九十]+[)）]|\d+\s*[.、．])?\s*((?:到|至)?\s*(?:\d{4}\s*年(?:底|末)?|[“"]?十[一二三四五六七八九]五[”"]?(?:期末|末|期间)?))/;

/** The year a paragraph opens with (到2025年, 到“十四五”末), which dates the list that follows it. */
export function leadYear(text: string): string | null {
  const m = LEAD_YEAR.exec(text);
  return m?.[1] ? m[1].replace(/\s+/g, '') : null;
}

/** Scope words an indicator may open with (全社会研发投入, 规上工业亩均税收): not what is measured. */
const SCOPE_PREFIXES = [
  '规模以上工业企业', '规模以上制造业企业', '规上工业企业', '规上制造业企业', '规模以上工业', '规模以上制造业', '规模以上',
  '规上工业', '规上制造业', '规上', '全社会', '全市', '全省', '全区', '各类',
];
/** Verbs and qualifiers an indicator may open with (累计建成省级智能工厂, 培育专精特新企业). */
const LEADING_WORDS = /^(?:累计|新增|每年|年均|力争|培育|建成|引进|获评|拥有|完成|建设|新建|打造|创建|实施|推进|有效)/;

export interface IndicatorKey {
  /** What is measured, stripped of scope, verbs, years and units: 研发投入, 亩均税收, 专精特新企业. */
  core: string;
  /** The base of a share (占GDP比重 → GDP), `''` for a bare 占比, null when the indicator is not a share. */
  base: string | null;
}

/**
 * Reduces an indicator name to what it measures and the base of a share.
 * @example indicatorKey('全社会研发投入占GDP比重') // { core: '研发投入', base: 'GDP' }
 * @example indicatorKey('累计建成省级智能工厂(数字化车间)(家)') // { core: '省级智能工厂(数字化车间)', base: null }
 */
export function indicatorKey(indicator: string): IndicatorKey {
  let s = indicator.replace(/\d{4}\s*年/g, '').replace(/[“”"‘’「」]/g, '').replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');
  // A unit in brackets at the end: (%), (亿元), (万元/亩), (家).
  s = s.replace(/\((?:%|‰|[^()]{0,8}(?:元|家|个|项|件|亩|人|吨|座|所|名|场|条|台|套)[^()]{0,4})\)$/, '');
  let base: string | null = null;
  const share = /^(.+?)占(.+?)的?(?:比重|比例)$/.exec(s);
  if (share?.[1] && share[2]) {
    s = share[1];
    base = share[2];
  } else if (/.占比$/.test(s)) {
    s = s.slice(0, -2);
    base = '';
  }
  for (let changed = true; changed; ) {
    changed = false;
    const lead = LEADING_WORDS.exec(s);
    if (lead && s.length > lead[0].length + 1) {
      s = s.slice(lead[0].length);
      changed = true;
    }
    const scope = SCOPE_PREFIXES.find((p) => s.startsWith(p) && s.length > p.length + 1);
    if (scope) {
      s = s.slice(scope.length);
      changed = true;
    }
  }
  s = s.replace(/(?:数量|总数|数)$/, '');
  return { core: s || indicator, base };
}

const MULTIPLIER = /^(?:万亿|千万|百万|十万|万|亿|千)/;
/**
 * An indicator that measures a quantity per mu of land (亩均税收, 工业用地亩均增加值, 亩产效益, 亩均投资强度): 亩均 or
 * 亩产 and what is measured, ending the indicator, so that 亩均论英雄改革资金 or 亩均效益评价奖励 stay money.
 */
const PER_MU = /亩(?:均|产)(?:税收|增加值|营业收入|营收|主营业务收入|销售收入|产值|工业产值|利润|效益|投资强度|投资额|投资)$/u;
const COUNT_UNITS = /^(?:家|个|项|件|座|所|场|条|台|套|款|种|户|辆|艘|架|次|批|只)$/;
const PEOPLE_UNITS = /^(?:人|名|人次|万人)$/;

/**
 * The kind of quantity a target is, so that only like is grouped with like: `count`, `people`, `money`, `share`
 * (a percentage of something), `growth` (a rate of change), `percent` (other percentages), a rate unit with its
 * multipliers dropped (`元/亩`; money per mu too when the indicator ends in a 亩均 quantity and the unit does not), another unit
 * as written, or `?` when the target has no unit (compatible with all).
 */
export function quantityKind(unit: string | null, key: IndicatorKey): string {
  if (!unit) return '?';
  const u = unit.replace(MULTIPLIER, '');
  if (/^(?:%|‰|个百分点|百分点)$/.test(u)) {
    if (/(?:增长|增速|增幅|降幅|下降|提高|降低)$/.test(key.core)) return 'growth';
    if (key.base !== null || /率$/.test(key.core)) return 'share';
    return 'percent';
  }
  if (u.includes('/')) return u.replace(/万|亿|千/g, '');
  // 亩均 (亩产) already says per mu: a drafter writes 亩均税收达到30万元, 平湖's table 规上工业亩均税收(万元/亩) 35. Read as
  // money, the draft's found no comparable target (各地没有同类指标; twentieth session's drafter audit, finding 4).
  if (/元$/.test(u) && PER_MU.test(key.core)) return '元/亩';
  if (/元$/.test(u)) return 'money';
  if (COUNT_UNITS.test(u)) return 'count';
  if (PEOPLE_UNITS.test(unit) || PEOPLE_UNITS.test(u)) return 'people';
  return u;
}

/**
 * The kind a target is grouped by: its `quantityKind`, and for counts what is counted when the indicator names
 * products or projects, so that 专精特新产品 150个 does not sit beside 专精特新企业 500家, nor 数字化改造项目 120项 beside
 * 企业数字化改造 300家 (found on the seeds' targets table; a count of firms and a count of their products are not two
 * places' versions of one target).
 * @example groupingKind('个', indicatorKey('“专精特新”产品')) // 'count:product'
 */
export function groupingKind(unit: string | null, key: IndicatorKey): string {
  const kind = quantityKind(unit, key);
  if (kind !== 'count') return kind;
  const core = key.core.replace(/\([^()]*\)$/u, '');
  // A count at a stated level (省级, 国家级, 市级以上) is not the count of all levels, nor of another level: 省级“专精特新”
  // 企业 100家 had sat beside Kunshan's 各类专精特新企业 1000家, and 国家级工业设计中心 in a 省级 row.
  const level = LEVEL_PREFIX.exec(core)?.[0] ?? '';
  const counted = /产品$/u.test(core) ? 'count:product' : /项目$/u.test(core) || unit?.replace(MULTIPLIER, '') === '项' ? 'count:project' : kind;
  // A tier of firms (小巨人) is not all firms of the kind: Kunshan's 各类专精特新企业 1000家 had sat in the 专精特新“小巨人”
  // row beside Qingdao's 300 (eighteenth session's researcher audit), reading as three times as many 小巨人.
  const tier = TIER.exec(core)?.[0] ?? '';
  return [counted, level, tier].filter(Boolean).join('@');
}

/** A tier of firms an indicator names, counted apart from the firms of every tier. */
const TIER = /小巨人|单项冠军|独角兽|瞪羚/u;

/** An administrative level an indicator opens with (its scope words already stripped by `indicatorKey`). */
const LEVEL_PREFIX = /^(?:国家级|省级|市级|县级|区级)(?:及?以上)?/u;


/**
 * Average-linkage clustering by similarity, cut at `threshold`: returns a cluster number per item. Items of
 * incompatible kinds are never joined. Runs the nearest-neighbour chain (O(n²) time and memory), so a few
 * thousand distinct indicators stay fast; the dendrogram of a reducible linkage such as the average is the same
 * as the naive algorithm's, and cutting it means applying every merge at similarity ≥ threshold.
 */
export function averageLinkage(
  vectors: readonly Float32Array[],
  kinds: readonly string[],
  threshold: number,
  /** Pairs of items never joined, whatever their similarity (`apart(i, j)` for i < j). */
  apart?: (i: number, j: number) => boolean,
): number[] {
  const n = vectors.length;
  const APART = -10;
  const sim = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const compatible = (kinds[i] === kinds[j] || kinds[i] === '?' || kinds[j] === '?') && !apart?.(i, j);
      const s = compatible ? dot(vectors[i]!, vectors[j]!) : APART;
      sim[i * n + j] = s;
      sim[j * n + i] = s;
    }
  }
  const size = new Array<number>(n).fill(1);
  const active = new Uint8Array(n).fill(1);
  let remaining = n;
  const merges: { a: number; b: number; s: number }[] = [];
  const chain: number[] = [];
  while (remaining > 1) {
    if (chain.length === 0) chain.push(active.indexOf(1));
    const a = chain[chain.length - 1]!;
    const prev = chain.length >= 2 ? chain[chain.length - 2]! : -1;
    // The nearest neighbour of a; on a tie the previous chain element wins, which guarantees termination.
    let best = prev;
    let bestSim = prev >= 0 ? sim[a * n + prev]! : -Infinity;
    for (let c = 0; c < n; c++) {
      if (!active[c] || c === a) continue;
      const s = sim[a * n + c]!;
      if (s > bestSim) {
        best = c;
        bestSim = s;
      }
    }
    if (best === prev) {
      chain.pop();
      chain.pop();
      merges.push({ a, b: prev, s: bestSim });
      // Lance–Williams update for the average: the new cluster lives at index a.
      for (let c = 0; c < n; c++) {
        if (!active[c] || c === a || c === prev) continue;
        const s = (size[a]! * sim[a * n + c]! + size[prev]! * sim[prev * n + c]!) / (size[a]! + size[prev]!);
        sim[a * n + c] = s;
        sim[c * n + a] = s;
      }
      size[a] = size[a]! + size[prev]!;
      active[prev] = 0;
      remaining--;
    } else {
      chain.push(best);
    }
  }
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (const m of merges) if (m.s >= threshold) parent[find(m.a)] = find(m.b);
  const numbers = new Map<number, number>();
  return Array.from({ length: n }, (_, i) => {
    const root = find(i);
    if (!numbers.has(root)) numbers.set(root, numbers.size);
    return numbers.get(root)!;
  });
}

/** The year a target is for, comparable across spellings: 到2025年, 2025年 and 到“十四五”末 are all 2025. */
export function targetYearKey(year: string | null): string {
  if (!year) return '';
  const digits = /\d{4}/.exec(year);
  if (digits) return digits[0];
  const plan = /十([一二三四五六七八九])五/.exec(year);
  if (plan) return String(2005 + 5 * ('一二三四五六七八九'.indexOf(plan[1]!) + 1));
  return canonical(year);
}

/** A scope that is the whole place (全市, 全省 …), not a part of it. */
const WHOLE_PLACE = /^(?:全|本)(?:市|省|区|县|州)(?:合计|总计)?$/u;

/** Whether a target's scope is narrower than its document's place: a town's column (当湖街道), not 全市. */
export function narrowerScope(scope: string | null): boolean {
  return !!scope && !WHOLE_PLACE.test(scope);
}

/**
 * One document's restatements of a target folded into its first statement: the same indicator group, number or range,
 * unit, year (到“十四五”末 is 到2025年), 每年 or not, and scope (全市 is the place itself). Not the base as written: 平湖
 * writes one 69% as 占规模以上工业比重 in its text and 占规上工业增加值比重 in 附件1. A plan states a figure
 * in its text, again in 附件1's table of indicators and again in 附件3's 全市 column; the analyst audit of the
 * twentieth session found 19 such sets on seeds + external (平湖's 2.2% R&D of revenue for 2023 three times: p0004,
 * p0043, p0121 全市), counted as 16 targets where there were 9 figures. The statement kept is the first in reading
 * order that names no scope (the text before its tables); the others are its `restatements`, each clause still
 * linked. A compendium's cards are left apart: each is dated by its own card. Rows keep their order.
 * @example foldRestatements([p0004 2.2% 到2023年, p0043 2.2% 2023年, p0121 2.2% 2023年 全市]) // [p0004, restated in p0043 and p0121]
 */
export function foldRestatements(rows: readonly TargetRow[], apart: (docId: string) => boolean = () => false): TargetRow[] {
  const sets = new Map<string, TargetRow[]>();
  const keys: (string | null)[] = rows.map((r) => {
    if (apart(r.doc.id)) return null;
    const key = [r.doc.id, r.group, r.value ?? '', r.range?.join('-') ?? '', r.unit ?? '', targetYearKey(r.year), r.annual, narrowerScope(r.scope) ? r.scope : ''].join('\u0000');
    const set = sets.get(key);
    if (set) set.push(r);
    else sets.set(key, [r]);
    return key;
  });
  const kept = new Set<TargetRow>();
  for (const set of sets.values()) {
    const first = set.find((r) => r.scope === null) ?? set[0]!;
    first.restatements = set.filter((r) => r !== first).map((r) => ({ id: r.id, paragraphId: r.paragraphId, fingerprint: r.fingerprint, indicator: r.indicator, year: r.year, scope: r.scope, text: r.text }));
    kept.add(first);
  }
  return rows.filter((r, i) => keys[i] === null || kept.has(r));
}

/** Every target of the corpus, grouped; computed once per index. */
export interface TargetData {
  rows: TargetRow[];
  groups: Map<string, { label: string; order: number }>;
  /** Core vector of each target row, by row id. */
  coreVector: Map<string, Float32Array>;
}

/** A compendium card's fields that state who qualifies, how to apply, when and whom to call: never a target. */
const NON_TARGET_FIELDS = new Set([...CARD_LABELS.conditions, ...CARD_LABELS.procedure, ...CARD_LABELS.period, ...CARD_LABELS.contact]);

/**
 * Whether a target read from a compendium card's clause is one. A card summarises a policy for applicants: its
 * 条件要求 are thresholds an applicant must meet (研发投入占营业收入比重不低于3%, read as Beijing's R&D target beside
 * Pinghu's 2.2%), its 办理流程 and 时间/频度 periods and counts (公示期为7天), so those fields give none; its
 * 服务内容 gives only a target with a year (到2025年…), since its undated figures are grants and caps. An audit
 * found 108 of the Beijing compendium's 203 targets under 条件要求 and most of the 86 under 服务内容 to be grants.
 */
function cardFieldSetsTargets(sectionPath: readonly string[], target: Target): boolean {
  if (sectionPath.some((s) => NON_TARGET_FIELDS.has(s))) return false;
  return target.year !== null;
}

/** Each section's lead year (到“十四五”末 … dates the list under it), per document and section path, made once per corpus. */
const sectionLeads = new WeakMap<AnalysisCorpus, Map<string, { ordinal: number; year: string }>>();

function leadsOf(corpus: AnalysisCorpus): Map<string, { ordinal: number; year: string }> {
  let leads = sectionLeads.get(corpus);
  if (!leads) {
    leads = new Map();
    for (const p of corpus.source.paragraphs) addLead(leads, p);
    sectionLeads.set(corpus, leads);
  }
  return leads;
}

function addLead(leads: Map<string, { ordinal: number; year: string }>, p: AnalysisParagraph): void {
  const key = `${p.docId}\u0000${p.sectionPath.join('\u0000')}`;
  if (leads.has(key)) return;
  const year = leadYear(p.text);
  leads.set(key, year ? { ordinal: p.ordinal, year } : { ordinal: Infinity, year: '' });
}

/**
 * What a clause's targets are read with, in /targets and wherever else its targets are shown (the diff, the desk's
 * precedents): its table's columns, its section path, and the year its section's lead sentence gives. The diff had read
 * 昆山 p0007's 4% with no year while /targets said 到“十四五”末 (twentieth session's verifying audit).
 */
export function targetContextOf(corpus: AnalysisCorpus, p: AnalysisParagraph): TargetContext {
  const lead = leadsOf(corpus).get(`${p.docId}\u0000${p.sectionPath.join('\u0000')}`);
  return {
    ...(p.columns?.length ? { columns: p.columns } : {}),
    sectionPath: p.sectionPath,
    // A compendium card's figure counts as a target only with a year of its own (`cardFieldSetsTargets`): one lent
    // by the clause before (2021年…期间完成新建… then 放映厅数不少于2个) made an applicant's threshold a 2021 target.
    ...(lead && lead.ordinal < p.ordinal && !p.source ? { defaultYear: lead.year } : {}),
  };
}

export async function computeTargets(corpus: AnalysisCorpus, embedder: Embedder, groupThreshold: number): Promise<TargetData> {
  // Each row is made once, its group filled in when the groups are known (a copy per row with its group added took
  // 5.4 s in one block at 1M synthetic paragraphs).
  const extracted: { row: TargetRow; kind: string; core: string }[] = [];
  const byParagraph = new Map<string, Target[]>();
  let read = 0;
  if (!sectionLeads.has(corpus)) {
    // Made in slices, as the targets below are read: at 1M synthetic paragraphs one pass is a block of its own.
    const leads = new Map<string, { ordinal: number; year: string }>();
    for (const p of corpus.source.paragraphs) {
      if (++read % 20_000 === 0) await nextTurn();
      addLead(leads, p);
    }
    sectionLeads.set(corpus, leads);
  }
  // Reading every clause's targets is most of the work (≈ 5 s at 100k synthetic paragraphs): in slices, between
  // which a serving process answers (a reloaded index's targets are prepared while the old one serves).
  read = 0;
  for (const p of corpus.source.paragraphs) {
    if (++read % 2_000 === 0) await nextTurn();
    const found = extractTargets(p.text, targetContextOf(corpus, p));
    byParagraph.set(p.id, p.source ? found.filter((t) => cardFieldSetsTargets(p.sectionPath, t)) : found);
  }
  // Making the rows (each target's indicator read for its key) in slices too: at 1M synthetic paragraphs this pass was
  // the longest block of the extraction.
  read = 0;
  for (const p of corpus.source.paragraphs) {
    if (++read % 2_000 === 0) await nextTurn();
    const doc = corpus.docById.get(p.docId);
    if (!doc) continue;
    const found = byParagraph.get(p.id) ?? [];
    // A duplicated paragraph repeats its original's targets; only what it says differently is kept.
    const original = p.duplicateOf ? (byParagraph.get(p.duplicateOf) ?? []) : [];
    const originalKeys = new Set(original.map(targetIdentity));
    const fingerprint = found.length ? clauseFingerprint(p.text) : '';
    found.forEach((t, i) => {
      if (originalKeys.has(targetIdentity(t))) return;
      const key = indicatorKey(t.indicator);
      extracted.push({
        kind: groupingKind(t.unit, key),
        core: key.core,
        row: {
          id: `${p.id}#t${i}`,
          paragraphId: p.id,
          fingerprint,
          doc: corpus.docRef(doc.id),
          planPeriod: doc.planPeriod,
          indicator: t.indicator,
          value: t.value,
          range: t.range,
          unit: t.unit,
          // A base the text names apart from the indicator (…国有建设用地中，工业用地比例) before one inside it (占GDP比重).
          base: t.base ?? (key.base ? key.base : null),
          qualifier: t.qualifier,
          bound: t.bound,
          cumulative: t.cumulative,
          annual: t.annual,
          year: t.year,
          scope: t.scope ?? null,
          text: t.text,
          group: '',
          restatements: [],
        },
      });
    });
  }
  // Group distinct (core, kind) pairs; every target of a pair shares its group.
  const pairKey = (e: { core: string; kind: string }) => `${e.core}\u0000${e.kind}`;
  const pairs = [...new Map(extracted.map((e) => [pairKey(e), e])).values()];
  const vectors = pairs.length ? await embedder.embed(pairs.map((e) => e.core)) : [];
  const pairIndex = new Map(pairs.map((e, i) => [pairKey(e), i]));
  // Two indicators one clause lists side by side are two things (体验店360家、示范店40家、旗舰店15家 are three tiers of
  // store; eighteenth session's verifying audit found them under one label): never one group.
  const together = new Set<number>();
  const byClause = new Map<string, Set<number>>();
  for (const e of extracted) {
    let set = byClause.get(e.row.paragraphId);
    if (!set) byClause.set(e.row.paragraphId, (set = new Set()));
    set.add(pairIndex.get(pairKey(e))!);
  }
  for (const set of byClause.values()) {
    if (set.size < 2) continue;
    const list = [...set].sort((a, b) => a - b);
    for (let x = 0; x < list.length; x++) for (let y = x + 1; y < list.length; y++) together.add(list[x]! * pairs.length + list[y]!);
  }
  const cluster = averageLinkage(vectors, pairs.map((e) => e.kind), groupThreshold, (i, j) => together.has(i * pairs.length + j));
  // Each target's pair, read once: the passes below walked every target once per cluster, building its key each time
  // (a 5.7 s block at 100k synthetic paragraphs, which froze a serving process preparing a reloaded index).
  const pairOf = extracted.map((e) => pairIndex.get(pairKey(e))!);
  // Label: the most central core of each cluster, written as its most frequent indicator.
  const members = new Map<number, number[]>();
  cluster.forEach((c, i) => {
    const list = members.get(c);
    if (list) list.push(i);
    else members.set(c, [i]);
  });
  // Each pair's indicators, counted in target order (the order the label's tie-break counts them in).
  const indicatorsOf = new Map<number, Map<string, number>>();
  extracted.forEach((e, k) => {
    let counts = indicatorsOf.get(pairOf[k]!);
    if (!counts) indicatorsOf.set(pairOf[k]!, (counts = new Map()));
    counts.set(e.row.indicator, (counts.get(e.row.indicator) ?? 0) + 1);
  });
  const labelOf = new Map<number, string>();
  for (const [c, list] of members) {
    let central = list[0]!;
    let bestMean = -Infinity;
    for (const i of list) {
      const mean = list.reduce((s, j) => s + (i === j ? 0 : dot(vectors[i]!, vectors[j]!)), 0) / Math.max(1, list.length - 1);
      if (mean > bestMean) {
        bestMean = mean;
        central = i;
      }
    }
    const counts = indicatorsOf.get(central) ?? new Map<string, number>();
    labelOf.set(c, [...counts].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length)[0]?.[0] ?? pairs[central]!.core);
  }
  // Stable group ids: most cities first, then most targets, then label.
  const clusterCities = new Map<number, Set<string | null>>();
  const clusterCount = new Map<number, number>();
  extracted.forEach((e, k) => {
    const c = cluster[pairOf[k]!]!;
    let cities = clusterCities.get(c);
    if (!cities) clusterCities.set(c, (cities = new Set()));
    cities.add(e.row.doc.city);
    clusterCount.set(c, (clusterCount.get(c) ?? 0) + 1);
  });
  const summary = [...members.keys()].map((c) => ({ c, cities: clusterCities.get(c)?.size ?? 0, count: clusterCount.get(c) ?? 0, label: labelOf.get(c)! }));
  summary.sort((a, b) => b.cities - a.cities || b.count - a.count || a.label.localeCompare(b.label, 'zh'));
  const groupId = new Map(summary.map((s, i) => [s.c, `g${i + 1}`]));
  const groups = new Map(summary.map((s, i) => [`g${i + 1}`, { label: s.label, order: i }]));
  const coreVector = new Map<string, Float32Array>();
  const rows: TargetRow[] = [];
  for (const [k, e] of extracted.entries()) {
    if (k > 0 && k % 20_000 === 0) await nextTurn();
    const i = pairOf[k]!;
    coreVector.set(e.row.id, vectors[i]!);
    e.row.group = groupId.get(cluster[i]!)!;
    rows.push(e.row);
  }
  // Restatements are folded once the groups are known (they join one group's targets) and after the group ids are
  // given, so that the ids and labels are what they were.
  return { rows: foldRestatements(rows, (docId) => corpus.datedByCards(docId)), groups, coreVector };
}

/** Rows of the targets table walked between two turns of the event loop. */
const TABLE_SLICE = 20_000;

/**
 * The targets table for a filter. A `q` keeps the groups `asked` names: those that answer it as a question about
 * targets is answered (target-matching.ts `answeringGroups`), each with all its targets.
 */
export async function filterTargets(
  corpus: AnalysisCorpus,
  data: TargetData,
  filters: TargetFilters,
  /** The groups that answer `filters.q` (ignored without one). */
  asked: ReadonlySet<string> | null,
  /** Documents left out (not in force on the day `filters.inForce` asks for). */
  excluded?: ReadonlySet<string>,
): Promise<TargetsResult> {
  const cities = filters.cities?.length ? new Set(filters.cities) : null;
  const docs = filters.docs?.length ? new Set(filters.docs) : null;
  // Each document's date is read once, not once per target (reading it was most of a dated table's time at 100k).
  const inRange = new Map<string, boolean>();
  const dates = { since: filters.since, until: filters.until, inForce: filters.inForce };
  const dated = (r: TargetRow) => {
    let inside = inRange.get(r.doc.id);
    if (inside === undefined) inRange.set(r.doc.id, (inside = corpus.documentKept(r.doc.id, dates, excluded)));
    // A compendium card's target goes by its card (发布日期, 时间/频度), as search reads it.
    return inside && (!corpus.datedByCards(r.doc.id) || corpus.clauseKept({ id: r.paragraphId, docId: r.doc.id }, dates, excluded));
  };
  // The table of every target is ≈ 900,000 rows at 1M synthetic paragraphs (5 s, made when a reloaded index is
  // prepared while the old one serves): its passes give the event loop a turn every TABLE_SLICE rows.
  let walked = 0;
  const turn = () => ++walked % TABLE_SLICE === 0;
  let rows: TargetRow[] = [];
  for (const r of data.rows) {
    if (turn()) await nextTurn();
    if ((!cities || cities.has(columnOf(r.doc))) && (!docs || docs.has(r.doc.id)) && dated(r)) rows.push(r);
  }
  // A `q` matches as a question about targets does: by the groups that answer it. It had been matched apart, by
  // substring in a target's indicator, text, group label or scope, or a core's cosine ≥ 0.8 to the words as typed, so
  // that 全社会研发投入强度 found only 杭州's 研发投入强度 while search's answer to the same words gave 昆山's
  // 全社会研发投入占GDP比重 and 平湖's 研发费用占营业收入的比重 too (twentieth session's analyst audit, finding 1).
  if (filters.q?.trim() && asked) {
    const kept: TargetRow[] = [];
    for (const r of rows) {
      if (turn()) await nextTurn();
      if (asked.has(r.group)) kept.push(r);
    }
    rows = kept;
  }
  // Rows by group in one pass, each group's rows in corpus order (the order the sorts below keep).
  const byGroup = new Map<string, TargetRow[]>();
  for (const r of rows) {
    if (turn()) await nextTurn();
    const members = byGroup.get(r.group);
    if (members) members.push(r);
    else byGroup.set(r.group, [r]);
  }
  // Each group's rows by place (a counting sort: the rows sorted by (group rank, place rank), ties in corpus order, are
  // the groups' buckets read in turn), with its places, units and bases from the same pass. At 1M synthetic
  // paragraphs the two comparison sorts this replaces (by group, then by rank) held the server for most of a 6.5 s
  // request; the table is the same (hashed over seven filters on the seeds and at 100k).
  const places = corpus.cities.length + 1;
  const byPlaceOf = new Map<string, TargetRow[][]>();
  const groups: TargetGroup[] = [];
  for (const [id, members] of byGroup) {
    const byPlace: TargetRow[][] = Array.from({ length: places }, () => []);
    const units = new Set<string>();
    const bases = new Set<string>();
    for (const m of members) {
      if (turn()) await nextTurn();
      byPlace[corpus.cityRank(m.doc)]!.push(m);
      if (m.unit) units.add(m.unit);
      if (m.base) bases.add(m.base);
    }
    byPlaceOf.set(id, byPlace);
    groups.push({
      id,
      label: data.groups.get(id)?.label ?? members[0]!.indicator,
      cities: corpus.cities.filter((_, i) => byPlace[i]!.length > 0),
      units: [...units],
      bases: [...bases],
      count: members.length,
    });
  }
  // Groups spanning more cities first: those are the comparisons; the row order follows.
  groups.sort((a, b) => b.cities.length - a.cities.length || b.count - a.count || (data.groups.get(a.id)?.order ?? 0) - (data.groups.get(b.id)?.order ?? 0));
  rows = [];
  for (const g of groups) for (const list of byPlaceOf.get(g.id)!) for (const m of list) rows.push(m);
  return { targets: rows, groups };
}

/** Two targets are the same statement when indicator, number, unit, year and scope agree. */
function targetIdentity(t: Target): string {
  return [canonical(t.indicator), t.value ?? '', t.range?.join('-') ?? '', t.unit ?? '', t.year ?? '', t.scope ?? ''].join('\u0000');
}
