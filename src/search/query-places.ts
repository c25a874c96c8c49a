/**
 * A place named at the head of a query scopes it: 青岛市专精特新企业培育目标, 平湖 工业用地, 昆山和平湖的专精特新.
 *
 * Before this, such a query was searched as typed across every place: 青岛 was one more keyword (matching the few
 * Qingdao clauses that write the city's name) and a nudge to the query's vector, so 青岛市专精特新企业培育目标 put
 * Kunshan's 专精特新 clause first and Qingdao's fourth. Now the named places become the search's place filter and
 * their names leave the query; the answer says so (`scope`), and `scope=all` searches as typed. A comparison keeps
 * its columns (it is for comparing; two or more named places become its columns) and compares the rest of the query.
 *
 * What counts as naming a place, so that a measure about places is not mistaken for a scope:
 * - only the corpus's own places (its comparison columns), by their name, their own name (天河区) and either without
 *   its administrative suffix when two characters remain (青岛, 江苏, 天河), and the places they lie in, which stand
 *   for every place of the corpus under them (苏州 → 昆山市; 山东 → 青岛市; 江苏省 → 江苏省 and 昆山市); a name that
 *   two places share names neither, unless nothing else scopes the query: then it names all of them (朝阳区 →
 *   北京市朝阳区 and 长春市朝阳区, as `city=朝阳区` does, {@link sharedAliases}), and a name the gazetteer gives other
 *   places too is said (`sameName`: 朝阳区 read as 长春市朝阳区, 北京市朝阳区 not in the corpus);
 * - only at the head of the query, or as its last space-separated word (专精特新 青岛); several joined by 、 和 与 及 ,
 *   or a space; then an optional 的 / 对 / 对于 / 关于 / 有关 / 在. A place written straight after one it lies in is an
 *   address (江苏昆山, 浙江省嘉兴市平湖市): the inner place alone is meant, not the province's every place. An area
 *   word after a place (北京地区, 江苏省内, 山东境内, 浙江省域) belongs to it;
 * - a bare name (青岛) run straight on into the query only when no clause outside the places it names writes that
 *   name with the word that follows it (`writtenElsewhere`): Chinese is typed without spaces, so 青岛专精特新 is the
 *   commonest way to ask about Qingdao, but institutions are named after places (上海交大智能光电研究院 in Pinghu's
 *   plan), and a query that names one must still find it wherever it is written; a phrase written only in the named
 *   places' own documents (北京专精特新专板 in Beijing's) loses nothing to the scope. Without `writtenElsewhere`, a
 *   bare name needs a space, one of those words or the end after it; 青岛市 / 江苏省 written out say "the place"
 *   either way;
 * - only where jieba's tokens begin and end with the name: 上海证券交易所 is one token, so it names no place (but
 *   青岛市政府, one token too, names 青岛市, and the query is what follows it; so does a government jieba cuts off,
 *   昆山市 / 人民政府, as `aliasAt` says); a place's government names its column alone when the place is one
 *   (江苏省人民政府专精特新 searches 江苏省's documents, while 江苏省专精特新 searches every place of the province);
 * - not before 等 (北京、上海等地建设科创飞地 is a measure about places, not a scope) or 和 / 与 / 及 (青岛市政府和企业
 *   共同出资: the place is a party to the measure), and never the whole query
 *   (a query that is only 青岛市 is searched as typed), nor one whose rest has fewer than two characters of content.
 * A place mentioned elsewhere (在北京建设科创飞地) stays part of the query.
 */
import { gazetteer, shortNames, type Place } from '../text/places.js';
import { toSimplified } from '../text/script.js';
import { isDictionaryWord, tokenize } from '../text/segment.js';
import { readingsInContext, readingsOf } from './query-spelling.js';
import { UNLABELED_PLACE } from './places.js';
import type { CityReading, PlaceSummary, QueryScope, ScopeOverridden } from './types.js';

export type PlaceScope = QueryScope;

/** Administrative suffixes a place is also called without (青岛市 → 青岛). */
const SUFFIX = /(?:市|省|自治区|特别行政区|地区|自治州|州|盟|区|县|旗)$/u;
const JOINER = /^[\s、，,和与及跟/]+/u;
const CONNECTOR = /^(?:的|对于|对|关于|有关|在)/u;
const SPACES = /^[\s，,:：]+/u;
/** What ends a bare name as a space does: a space, or an opening quote or bracket (青岛“一带一路”). */
const OPENER = /^[\s“‘「『《〈【（(]/u;
const CONTENT = /[\p{Script=Han}\p{L}\p{N}]/gu;

/**
 * What scoping reads of a corpus: its places (comparison columns) and where each lies, and, when it can tell, whether
 * some clause writes a phrase (the engine asks its keyword index).
 */
export type ScopeCorpus = {
  places: readonly Pick<PlaceSummary, 'city' | 'name' | 'parent' | 'province'>[];
  /**
   * Whether a clause outside `places` (columns) writes the word `name` with `next` straight after it (simplified
   * script): 北京 证券交易所 in Kunshan's plan.
   */
  writtenElsewhere?: (name: string, next: string, places: readonly string[]) => boolean;
  /**
   * The ids of the documents whose 发文机关 an issuer value chooses (src/search/issuers.ts, as `issuer=` reads it): what
   * an organ named at the head of a query (烟台市人大常委会…) keeps the search to. Without it no document is known.
   */
  issuedBy?: (issuer: string) => string[];
};

/**
 * Alias → the columns it stands for. A place stands for itself and every place of the corpus under it: 昆山市 for
 * 昆山市; 苏州 (昆山's parent, not itself a column) for 昆山市; 江苏省 for the province's own documents and 昆山市;
 * 山东 for 青岛市. An alias that two different sets of places claim is dropped (朝阳区 in Beijing and in Changchun).
 */
export function placeAliases(corpus: ScopeCorpus): Map<string, string[]> {
  const columns = corpus.places.filter((p) => p.city !== UNLABELED_PLACE);
  const { own, container } = namesOfColumns(columns);
  const under = new Map<string, Set<string>>();
  for (const name of new Set([...own.keys(), ...container.keys()])) {
    // Two columns of one name (朝阳区 in Beijing and in Changchun): the name says neither.
    if ((own.get(name)?.size ?? 0) > 1) continue;
    under.set(name, new Set([...(own.get(name) ?? []), ...(container.get(name) ?? [])]));
  }
  const owners = new Map<string, Set<string>>();
  for (const [name, cities] of under) {
    const key = [...cities].join('|');
    for (const alias of new Set([name, name.replace(SUFFIX, '')])) {
      if ([...alias].length < 2) continue;
      (owners.get(alias) ?? owners.set(alias, new Set()).get(alias)!).add(key);
    }
  }
  const order = new Map(columns.map((p, i) => [p.city, i]));
  const aliases = new Map<string, string[]>();
  for (const [alias, keys] of owners) {
    if (keys.size !== 1) continue;
    aliases.set(alias, [...keys][0]!.split('|').sort((a, b) => order.get(a)! - order.get(b)!));
  }
  return aliases;
}

/**
 * Every name a place is known by, with the columns it names: as a column's own name (昆山市, 昆山), and as the place
 * columns lie in (苏州 and 江苏省 for 昆山市).
 */
function namesOfColumns(columns: readonly Pick<PlaceSummary, 'city' | 'name' | 'parent' | 'province'>[]): { own: Map<string, Set<string>>; container: Map<string, Set<string>> } {
  const own = new Map<string, Set<string>>();
  const container = new Map<string, Set<string>>();
  const claim = (names: Map<string, Set<string>>, name: string | null, city: string) => {
    if (name) (names.get(name) ?? names.set(name, new Set()).get(name)!).add(city);
  };
  for (const p of columns) {
    claim(own, p.city, p.city);
    claim(own, p.name, p.city);
    if (p.parent && p.parent !== p.city) claim(container, p.parent, p.city);
    if (p.province && p.province !== p.city) claim(container, p.province, p.city);
  }
  return { own, container };
}

/** Alias maps already made, per corpus place list (an engine's stays the same object while it serves). */
const made = new WeakMap<object, Map<string, string[]>>();

/** `placeAliases` of a corpus, made once per place list: every search and comparison asks for it. */
function aliasesOf(corpus: ScopeCorpus): Map<string, string[]> {
  let aliases = made.get(corpus.places);
  if (!aliases) made.set(corpus.places, (aliases = placeAliases(corpus)));
  return aliases;
}

/**
 * Names that several places of the corpus answer to, and every column they stand for: 朝阳区 and 朝阳 for 北京市朝阳区 and
 * 长春市朝阳区; 吉林 for a manifest's 吉林 (kept as written) and the places under 吉林省. {@link placeAliases} drops
 * them, so a query is never scoped by a guess; but named whole (a `city=` value, or a query's place nothing else
 * scopes), such a name stands for all the places that bear it, as 江苏 stands for all the places in it, and the
 * answer says which (`sameName`). `city=朝阳区` had been refused as “朝阳区”不在本库中 beside a list of the corpus's
 * places holding both (places audit, finding 2); /api/matrix/cell, which takes one place, refuses it naming the two.
 */
export function sharedAliases(corpus: ScopeCorpus): Map<string, string[]> {
  const columns = corpus.places.filter((p) => p.city !== UNLABELED_PLACE);
  const strict = aliasesOf(corpus);
  const { own, container } = namesOfColumns(columns);
  // Each reading of a name: one per column of that own name (朝阳区 twice), else the name's places.
  const readings = new Map<string, Set<string>[]>();
  for (const name of new Set([...own.keys(), ...container.keys()])) {
    const owners = own.get(name);
    const sets = owners && owners.size > 1 ? [...owners].map((c) => new Set([c])) : [new Set([...(owners ?? []), ...(container.get(name) ?? [])])];
    for (const alias of new Set([name, name.replace(SUFFIX, '')])) {
      if ([...alias].length < 2 || strict.has(alias)) continue;
      (readings.get(alias) ?? readings.set(alias, []).get(alias)!).push(...sets);
    }
  }
  const order = new Map(columns.map((p, i) => [p.city, i]));
  const shared = new Map<string, string[]>();
  for (const [alias, sets] of readings) {
    if (new Set(sets.map((c) => [...c].sort().join('|'))).size < 2) continue;
    shared.set(alias, [...new Set(sets.flatMap((c) => [...c]))].sort((a, b) => order.get(a)! - order.get(b)!));
  }
  return shared;
}

const sharedMade = new WeakMap<object, { shared: Map<string, string[]>; all: Map<string, string[]> }>();

/** `sharedAliases` of a corpus, and every name it reads (the strict aliases and the shared ones), made once per place list. */
function nameReadingsOf(corpus: ScopeCorpus): { shared: Map<string, string[]>; all: Map<string, string[]> } {
  let made = sharedMade.get(corpus.places);
  if (!made) {
    const shared = sharedAliases(corpus);
    sharedMade.set(corpus.places, (made = { shared, all: new Map([...aliasesOf(corpus), ...shared]) }));
  }
  return made;
}

/**
 * The columns a `city` filter value stands for: the column itself (昆山市), or, read in simplified script, what the
 * name stands for when a query names it (昆山, 崑山市 → 昆山市; 天河区 → 广州市天河区; 苏州市 → 昆山市; 江苏 → 昆山市, 江苏省 …;
 * a name several places bear, every one of them: 朝阳区 → 北京市朝阳区, 长春市朝阳区, {@link sharedAliases}).
 * A name the corpus does not know is kept as given, for the caller to refuse naming the valid ones.
 * @example columnsNamed(['昆山', '青岛市'], corpus) // ['昆山市', '青岛市']
 */
export function columnsNamed(values: readonly string[], corpus: ScopeCorpus & { cities: readonly string[] }): string[] {
  const out: string[] = [];
  for (const value of values) {
    if (corpus.cities.includes(value)) out.push(value);
    else {
      const simplified = toSimplified(value.trim());
      out.push(...(corpus.cities.includes(simplified) ? [simplified] : (aliasesOf(corpus).get(simplified) ?? addressOf(simplified, corpus) ?? nameReadingsOf(corpus).shared.get(simplified) ?? [value])));
    }
  }
  return [...new Set(out)];
}

/**
 * The `city` values that stand for other columns than the place they name, and those columns, in the order given: a
 * name standing for several (江苏 → 昆山市, 江苏省, 南京市; 青岛 → 青岛市 and a district's column, where the corpus has
 * one), or for a column that is not its place (苏州 → 昆山市: the corpus has no document of 苏州市 itself; 广州 → 广州市天河区).
 * A column (江苏省), a short or traditional name of one (昆山, 崑山市 → 昆山市) or its address (江苏昆山) is read as itself
 * and left out, as is a value the corpus does not know (refused elsewhere). The pages said what such a name in `q` was
 * read as, and nothing of the same name in `city=` (twenty-second session's places audit).
 * @example cityReadings(['江苏', '昆山'], corpus) // [{ named: '江苏', cities: ['昆山市', '江苏省', '南京市'] }]
 */
export function cityReadings(values: readonly string[], corpus: ScopeCorpus & { cities: readonly string[] }): CityReading[] {
  const readings: CityReading[] = [];
  for (const named of new Set(values.map((v) => v.trim()).filter(Boolean))) {
    if (corpus.cities.includes(named)) continue;
    const cities = columnsNamed([named], corpus);
    if (!cities.every((c) => corpus.cities.includes(c))) continue;
    // The name with and without its suffix: 州 is one (自治州), so 杭州 without it is 杭, which no 杭州市 ends with
    // (city=杭州 had said 所选地区“杭州”指本库的 杭州市 where 青岛 said nothing: s23 README audit).
    const given = toSimplified(named);
    const bare = given.replace(SUFFIX, '');
    const itself = cities.length === 1 && corpus.places.some((p) => p.city === cities[0] && [p.city, p.name].some((n) => [given, bare].some((b) => b.endsWith(n.replace(SUFFIX, '')))));
    // The place an area word was written after (江苏省内, 浙江省域 → 江苏省, 浙江省), which the pages name as they name
    // 江苏's: they had said 本库没有江苏省内本级的文件 of a province with its own document (s23 verifying audit 4).
    const place = addressReading(given, corpus)?.named;
    if (!itself) readings.push({ named, cities, ...(place && place !== given ? { place } : {}) });
  }
  return readings;
}

/**
 * The columns a name written as an address stands for, as a query's head reads it (江苏昆山, 浙江省嘉兴市平湖市,
 * 江苏省苏州市昆山市 → 昆山市 / 平湖市): the whole value must be one place written after the places it lies in; a list
 * (江苏、昆山) or anything after the place is no address. `city=` had refused what `q` took (twenty-first session's
 * API audit, C3). Null when it is none.
 * @example addressOf('江苏昆山', corpus) // ['昆山市']
 */
function addressOf(value: string, corpus: ScopeCorpus): string[] | null {
  return addressReading(value, corpus)?.cities ?? null;
}

/** `addressOf`'s columns and the name of the place read (江苏省内 → 江苏省), null when the value is no address. */
function addressReading(value: string, corpus: ScopeCorpus): { named: string; cities: string[] } | null {
  const aliases = aliasesOf(corpus);
  if (!aliases.size || !value) return null;
  // A place's government (江苏省人民政府) is an issuer, not the place: `cityHint` says to use `issuer=`.
  if (/政府/u.test(value)) return null;
  const head = leadingPlaces(value, aliases, fullNames(corpus), corpus.writtenElsewhere, corpus);
  // Nor is another organ (宁波市发展和改革委员会), which a query's head reads with its place.
  if (!head || head.end !== value.length || head.named.length !== 1 || head.outside.length || head.organs.some(Boolean)) return null;
  const cities = aliases.get(head.named[0]!);
  return cities ? { named: head.named[0]!, cities } : null;
}

/** Offsets in `text` where a jieba token starts or ends. */
function tokenBoundaries(text: string): Set<number> {
  const at = new Set<number>([0]);
  let offset = 0;
  for (const t of tokenize(text)) {
    offset += t.length;
    at.add(offset);
  }
  return at;
}

/** A place's government named with it (青岛市政府, 江苏省人民政府). */
const GOVERNMENT = /^(?:人民政府|政府)/u;

/**
 * The longest alias that starts at `from` and ends on a token boundary, or runs on into 政府 / 人民政府 that does
 * (then `end` is after it, and it counts as written out); null when none.
 *
 * The government is read with its place however jieba cuts it: it keeps 江苏省人民政府 and 青岛市政府 as one token but
 * cuts 安徽省 / 人民政府 and 昆山市 / 政府, so 江苏省人民政府专精特新 searched 专精特新 and 安徽省人民政府专精特新 searched
 * 人民政府专精特新 (twenty-second session's places audit). 人民政府 cut off is always the organ; 政府 cut off is too,
 * unless the corpus writes it with the word after it (`governmentTerm`: 政府采购, 政府性基金, 政府投资 are words of
 * the measures, not the organ), or, when the corpus cannot be asked, unless a word follows at all.
 */
function aliasAt(
  text: string,
  from: number,
  aliases: ReadonlyMap<string, string[]>,
  boundaries: ReadonlySet<number>,
  governmentTerm?: (next: string) => boolean,
): { alias: string; end: number; government: boolean; written: boolean; body?: string } | null {
  let best: { alias: string; end: number; government: boolean; written: boolean; body?: string } | null = null;
  for (const alias of aliases.keys()) {
    if (!text.startsWith(alias, from) || (best && alias.length <= best.alias.length)) continue;
    const end = from + alias.length;
    // An area word after the place (北京地区, 江苏省内) keeps to it; a government after it (江苏省人民政府) is an organ,
    // unless it begins the name of a document kind (杭州市政府工作报告: the place's 政府工作报告).
    const area = areaWordAt(text, alias, end, boundaries);
    const kind = !area && documentKindAt(text, end);
    // Another organ after it (烟台市人大常委会, 昆山市发改委, 江苏省政府办公厅) is read as the place's too, and named.
    const body = area || kind ? 0 : bodyAt(text, end, boundaries);
    const government = area || kind || body ? undefined : text.slice(end).match(GOVERNMENT)?.[0];
    const after = end + (government?.length ?? 0);
    const organ = !!government && boundaries.has(after) && (!boundaries.has(end) || government === '人民政府' || !termAfterGovernment(text.slice(after), governmentTerm));
    if (area) best = { alias, end: end + area, government: false, written: true };
    else if (kind) best = { alias, end, government: false, written: true };
    else if (body) best = { alias, end: end + body, government: true, written: true, body: text.slice(end, end + body) };
    else if (organ) best = { alias, end: after, government: true, written: true };
    else if (boundaries.has(end) || runsIntoPlaceInside(text, end, alias, boundaries) || madeUpRunOn(text, from, end, boundaries, aliases)) best = { alias, end, government: false, written: false };
  }
  return best;
}

/**
 * What ends the name of an organ other than the government: 人大常委会, 政协, 发展和改革委员会, 政府办公厅, 领导小组, 工信厅,
 * 市场监管局, 发改委, 市委 (委, 厅, 局 after anything), and the party's 统战部, 宣传部, 组织部 (部 alone ends 东部, 全部).
 */
const BODY_END = /(?:常委会|人大|政协|委员会|办公厅|办公室|领导小组|[厅局委]|(?:统战|宣传|组织)部)$/u;
/** Words that end so and name no organ: 产业布局, 新格局, 服务大厅. */
const NOT_BODY = /(?:布局|格局|结局|全局|大局|当局|开局|变局|破局|时局|政局|局部|大厅|展厅|餐厅|客厅|门厅|原委)$/u;
/** How far after a place an organ's name may run: 广州市天河区|科技|工业|和|信息化|局 is five tokens. */
const BODY_TOKENS = 6;
const BODY_CHARS = 16;

/**
 * The length of the name of an organ other than the government written straight after a place's name, ending where a
 * token ends (人大常委会 in 烟台市人大常委会民营经济; 发展和改革委员会, four tokens; 科委 in jieba's one token 北京市科委),
 * the shortest one with the office that follows it (昆山市委办公室); 0 when none. The place's government alone is
 * `GOVERNMENT`'s (its place's own documents); another organ chooses its own, as `issuer=` does: 烟台市人大常委会民营经济
 * had searched 人大常委会民营经济 across 烟台 while `city=烟台市人大常委会` pointed to `issuer=` (verifying audit).
 */
function bodyAt(text: string, end: number, boundaries: ReadonlySet<number>): number {
  if (CONNECTOR.test(text.slice(end)) || /^[和与及跟同等]/u.test(text.slice(end))) return 0;
  let tokens = 0;
  for (let b = end + 1; b <= text.length && b - end <= BODY_CHARS; b++) {
    if (!boundaries.has(b)) continue;
    const name = text.slice(end, b);
    if (++tokens > BODY_TOKENS || !/^\p{Script=Han}+$/u.test(name)) return 0;
    if (BODY_END.test(name) && !NOT_BODY.test(name)) {
      // An office of it is the organ named (昆山市委|办公室, 市政府|办公厅), not the query's first word.
      let length = name.length;
      for (let office; (office = text.slice(end + length).match(/^(?:办公室|办公厅|常委会)/u)?.[0]) && boundaries.has(end + length + office.length); ) length += office.length;
      return length;
    }
  }
  return 0;
}

/** Document kinds whose name begins with the government: 政府工作报告 (and 人民政府工作报告). */
const GOVERNMENT_DOCUMENT = /^(?:人民)?政府工作报告/u;

/**
 * Whether a document kind named with the government starts at `end`, after a place's name (杭州市政府工作报告): the
 * place is written out and the query is the kind, not the organ's documents. jieba keeps 杭州市政府 one token, so
 * 杭州市政府工作报告 had been read as 杭州市人民政府 and searched 工作报告 (twenty-second session's places audit).
 */
function documentKindAt(text: string, end: number): boolean {
  return GOVERNMENT_DOCUMENT.test(text.slice(end));
}

/**
 * Words after a place that keep to it: 北京地区, 山东境内, 江苏省内 (内 after a name ending 省, 市, 区 or 县), and 域 or 域内
 * after one ending 省, 市 or 县 (浙江省域, 杭州市域: the place's whole territory, as 全省域 and 全市域 write it); 全省,
 * 全市, 全区, 全县 (江苏全省: the whole place) and 市区 (昆山市区, jieba's 昆山|市区). 浙江省域内数字经济 had searched
 * 内数字经济, 江苏全省专精特新 全省专精特新 and 昆山市区专精特新 市区专精特新 (s23 verifying audit 10).
 */
const AREA = /^(?:地区|境内|区域内|范围内|全[省市区县]|市区)/u;

/**
 * The length of an area word after a place's name that ends where a token ends (北京地区 is one jieba token, 江苏省|内
 * two), 0 when none: the place is written out and the query follows it. 北京地区专精特新 had scoped nothing and 江苏省内
 * 专精特新 had searched 内专精特新 (places audit, finding 10); 上海市内环 (内环 one token) is no area word. At the end it
 * belongs to the place too: 江苏地区 alone is the place alone, searched as typed as 江苏 is (it had been scoped to
 * Jiangsu to search the bare 地区), and `city=北京地区` or `city=江苏省内` is the place (it had been refused).
 *
 * 域 (twenty-second session's verifying audit): jieba cuts 浙江省|域|数字经济, and 浙江省域数字经济 had searched 域数字经济.
 * 省域 after 浙江省 says where, as 省内 does, so it leaves the query with the place rather than staying in it: the
 * corpus writes 省域 in 全省域 (the territory), 跨省域 and 省域治理现代化 (5 clauses of the 18 documents, 4 of them
 * Zhejiang's statute), so a query that kept it would be pulled to the governance clauses, not to 数字经济. 区域 is a
 * word of its own (江苏区域协调发展, 122 clauses), never an area word here, nor is 县域 after a name without 县 (昆山县域经济
 * keeps 县域经济).
 */
function areaWordAt(text: string, alias: string, end: number, boundaries: ReadonlySet<number>): number {
  const after = text.slice(end);
  const words = [
    after.match(AREA)?.[0],
    /[省市县]$/u.test(alias) && after.startsWith('域内') ? '域内' : '',
    /[省市区县]$/u.test(alias) && after[0] === '内' ? '内' : '',
    /[省市县]$/u.test(alias) && after[0] === '域' ? '域' : '',
  ];
  return words.find((w) => w && boundaries.has(end + w.length))?.length ?? 0;
}

/**
 * Whether 政府, cut off by jieba after a place, begins a word with what follows (昆山市 / 政府 / 采购): as the corpus
 * writes it (`governmentTerm`), or, without a corpus to ask, whenever a word follows rather than the end, a space or a
 * connector (的, 关于 …).
 */
function termAfterGovernment(rest: string, governmentTerm?: (next: string) => boolean): boolean {
  if (rest === '' || OPENER.test(rest) || CONNECTOR.test(rest) || /^[和与及跟同]/u.test(rest)) return false;
  const next = tokenize(rest)[0] ?? '';
  return governmentTerm ? governmentTerm(next) : true;
}

/**
 * Whether the text after an alias is a place that lies inside it, ending on a token boundary: jieba writes
 * 上海浦东新区 and 上海市浦东新区 as one token, so the alias 上海 ends on no boundary of its own.
 */
function runsIntoPlaceInside(text: string, end: number, alias: string, boundaries: ReadonlySet<number>): boolean {
  const m = gazetteer().leadingMatch(text.slice(end));
  if (!m.length || !boundaries.has(end + m.length)) return false;
  return m.places.some((p) => [p.parent?.name, p.province?.name].some((x) => !!x && (x === alias || x.startsWith(alias))));
}

/**
 * Whether jieba, guessing a word it does not know, ran a name into the one or two characters after it: 恩阳稳经济 is cut
 * 恩阳稳/经济, so the name 恩阳 ended on no boundary and the query scoped nothing. A word of the dictionary that starts
 * with a name (平湖秋月, 青岛啤酒) is a word, not a name; nor is a name jieba cut after a shorter name (浙江|省级|财政:
 * the word is 省级, whose 省 the alias 浙江省 would have taken, leaving 级财政 to search; the name is 浙江). A cut inside
 * a name jieba does not know (恩|阳刚|毕业) is still its guess.
 */
function madeUpRunOn(text: string, from: number, end: number, boundaries: ReadonlySet<number>, aliases: ReadonlyMap<string, string[]>): boolean {
  if (!boundaries.has(from)) return false;
  for (let at = from + 1; at < end; at++) if (boundaries.has(at) && aliases.has(text.slice(from, at))) return false;
  let next = end + 1;
  while (next <= text.length && !boundaries.has(next)) next++;
  return next <= text.length && next - end <= 2 && /^\p{Script=Han}+$/u.test(text.slice(end, next)) && !isDictionaryWord(text.slice(from, next));
}

function contentLength(text: string): number {
  return text.match(CONTENT)?.length ?? 0;
}

/**
 * Places named at the head of `text`, and where they end; null when none, or when the last is a bare name (青岛, not
 * 青岛市) that runs straight on into a word a clause outside those places writes it with (上海交大), or into anything
 * when the corpus cannot be asked (`writtenElsewhere` absent). `bodies[i]` is the organ other than the government
 * `named[i]` was written with (人大常委会), null when none. `organs[i]` is true when `named[i]` was written with
 * its government (江苏省人民政府).
 */
function leadingPlaces(
  text: string,
  aliases: ReadonlyMap<string, string[]>,
  places: ReadonlySet<string>,
  writtenElsewhere?: ScopeCorpus['writtenElsewhere'],
  corpus?: ScopeCorpus,
): { named: string[]; organs: boolean[]; bodies: (string | null)[]; end: number; outside: PlaceOutside[] } | null {
  const boundaries = tokenBoundaries(text);
  const governmentTerm = writtenElsewhere && ((next: string) => writtenElsewhere('政府', next, []));
  const named: string[] = [];
  const organs: boolean[] = [];
  const bodies: (string | null)[] = [];
  const outside: PlaceOutside[] = [];
  let at = 0;
  let government = false;
  let lastOutside = false;
  for (;;) {
    const joiner = named.length || outside.length ? (text.slice(at).match(JOINER)?.[0].length ?? 0) : 0;
    const found = aliasAt(text, at + joiner, aliases, boundaries, governmentTerm);
    if (found) {
      const inside = named.length > 0 && joiner === 0 && !lastOutside && lies(aliases.get(found.alias)!, aliases.get(named.at(-1)!)!);
      const end = !inside && named.length > 0 && joiner === 0 && !lastOutside && corpus && nameReadingsOf(corpus).shared.has(found.alias) ? addressEnd(aliases.get(found.alias)!, aliases.get(named.at(-1)!)!, aliases) : null;
      // Written straight after a place it lies in (江苏昆山, 浙江省嘉兴市平湖市), a name is an address, not a list: the
      // inner place is meant. Joined by 、 or 和 (江苏、昆山), both are.
      if (inside) {
        named[named.length - 1] = found.alias;
        organs[organs.length - 1] = found.government;
        bodies[bodies.length - 1] = found.body ?? null;
      } else if (end) {
        named[named.length - 1] = end;
        organs[organs.length - 1] = found.government;
        bodies[bodies.length - 1] = found.body ?? null;
      } else {
        named.push(found.alias);
        organs.push(found.government);
        bodies.push(found.body ?? null);
      }
      government = found.written;
      lastOutside = false;
      at = found.end;
      continue;
    }
    // A place the corpus has no document of, in the list (深圳和昆山, 昆山和深圳): said, and the others still scope.
    const o = corpus && (named.length ? joiner > 0 : outside.length ? joiner > 0 : at === 0) ? placeOutside(text.slice(at + joiner), corpus) : null;
    if (!o) break;
    const after = at + joiner + o.named.length;
    // At the head, only when a place the corpus has follows in the list (深圳专精特新 alone is placeOutside's).
    if (!named.length && !aliasAt(text, after + (text.slice(after).match(JOINER)?.[0].length ?? 0), aliases, boundaries)) break;
    if (!named.length && !JOINER.test(text.slice(after))) break;
    outside.push(o);
    lastOutside = true;
    government = true; // a gazetteer name read whole: no bare-name check
    at = after;
  }
  if (!named.length) return null;
  const last = named.at(-1)!;
  const rest = text.slice(at);
  // 青岛市政府和企业共同出资: the place is one of the parties, not where to look.
  if (/^[和与及跟同]/u.test(rest)) return null;
  if (!government && !places.has(last) && rest !== '' && !OPENER.test(rest) && !CONNECTOR.test(rest)) {
    const next = tokenize(rest)[0] ?? '';
    if (!writtenElsewhere || !/^[\p{Script=Han}\p{L}\p{N}]/u.test(next) || writtenElsewhere(last, next, aliases.get(last)!)) return null;
  }
  return { named, organs, bodies, end: at, outside };
}

/**
 * The one column a shared name written straight after a place means (北京朝阳区: of 朝阳区's two, the one 北京 stands
 * for), named by its column's name; null when it is not exactly one.
 */
function addressEnd(inner: readonly string[], outer: readonly string[], aliases: ReadonlyMap<string, string[]>): string | null {
  const common = inner.filter((c) => outer.includes(c));
  return common.length === 1 && aliases.has(common[0]!) ? common[0]! : null;
}

/** Whether the columns `inner` stands for are among those `outer` stands for (苏州 and 昆山 both stand for 昆山市). */
function lies(inner: readonly string[], outer: readonly string[]): boolean {
  return inner.every((c) => outer.includes(c));
}

/**
 * A gazetteer place written at the head of `rest`, lying inside one of the places `named` stands for, that is no
 * column of the corpus: 朝阳区 after 北京, 松江 after 上海. Its length in `rest` and its full name; null when none.
 */
function narrowerPlace(rest: string, named: readonly string[], corpus: ScopeCorpus): { length: number; name: string } | null {
  const g = gazetteer();
  const columns = new Set(named.flatMap((n) => nameReadingsOf(corpus).all.get(n) ?? []));
  const known = new Set(corpus.places.flatMap((p) => [p.city, p.name]));
  // Inside a scoped column (北京市 → 朝阳区), or beside one under a place named (广州市 → 海珠区, beside 天河区).
  const around = (x: string | undefined) => !!x && (columns.has(x) || named.some((n) => x === n || x.startsWith(n)));
  const pick = (places: readonly Place[], length: number) => {
    const inside = places.filter((p) => !known.has(p.qualifiedName) && !known.has(p.name) && [p.parent?.name, p.province?.name].some(around));
    return inside.length === 1 ? { length, name: inside[0]!.qualifiedName } : null;
  };
  const bounds = tokenBoundaries(rest);
  const m = g.leadingMatch(rest);
  if (m.length && bounds.has(m.length)) return pick(m.places, m.length);
  // A district by its short name (北京海淀, 北京朝阳): the first word and a county-level suffix.
  const first = tokenize(rest)[0] ?? '';
  if (![...first].length || [...first].length > 3 || !/^\p{Script=Han}{2,3}$/u.test(first)) return null;
  for (const suffix of ['区', '新区', '县', '市']) {
    const found = pick(g.named(first + suffix).filter((p) => p.level === 'county'), first.length);
    if (found) return found;
  }
  return null;
}

/**
 * The organ a query's head names besides its place's government, as `issuer=` would take it: the place's full name and
 * the organ (烟台 + 人大常委会 → 烟台市人大常委会), and the documents it chooses (`issuedBy`; none when the corpus has none
 * of it: 昆山市发改委). Read for one place only: in a list (昆山市发改委和平湖市发改委…) each place keeps to its own column.
 */
function issuerScope(named: string, body: string, corpus: ScopeCorpus): { named: string; documents: string[] } {
  const full = fullNames(corpus);
  const own = corpus.places.find((p) => p.city !== UNLABELED_PLACE && [p.city, p.name].some((n) => n === named || n.replace(SUFFIX, '') === named));
  const around = [...full].find((n) => n.replace(SUFFIX, '') === named);
  const place = full.has(named) ? named : (own?.name ?? around ?? named);
  const value = place + body;
  return { named: value, documents: corpus.issuedBy?.(value) ?? [] };
}

/** The column a name is the place of (江苏省 and 江苏 → 江苏省; 苏州 → none: no column), as a one-element list; null when none. */
function ownColumn(name: string, corpus: ScopeCorpus): string[] | null {
  const bare = name.replace(SUFFIX, '');
  const own = corpus.places.filter((p) => p.city !== UNLABELED_PLACE && [p.city, p.name].some((n) => n === name || n.replace(SUFFIX, '') === bare));
  return own.length === 1 ? [own[0]!.city] : null;
}

/**
 * The length of the scoped place itself written at the head of `rest` by a name it shares (北京市朝阳区专精特新 with both
 * 朝阳区 in the corpus: 北京市 scopes to 北京市朝阳区, and 朝阳区, no alias of its own, is its address's end); 0 when none.
 */
function ownPlaceAt(rest: string, named: readonly string[], corpus: ScopeCorpus): number {
  const columns = new Set(named.flatMap((n) => nameReadingsOf(corpus).all.get(n) ?? []));
  const m = gazetteer().leadingMatch(rest);
  if (!m.length || !tokenBoundaries(rest).has(m.length)) return 0;
  return m.places.filter((p) => columns.has(p.qualifiedName)).length === 1 ? m.length : 0;
}

/** The names a place is written out by: its column's, its own, its parent's and its province's (青岛市, 天河区, 苏州市). */
function fullNames(corpus: ScopeCorpus): Set<string> {
  return new Set(corpus.places.flatMap((p) => [p.city, p.name, p.parent, p.province]).filter((n): n is string => !!n));
}

/**
 * The places a query names at its head (or as its last space-separated word), and the query without them; null
 * when it names none, or when what is left would not be a query.
 * @example placeScope('青岛市专精特新企业培育目标', corpus) // { cities: ['青岛市'], named: ['青岛市'], query: '专精特新企业培育目标' }
 * @example placeScope('北京、上海等地建设科创飞地', corpus) // null
 */
export function placeScope(query: string, corpus: ScopeCorpus): PlaceScope | null {
  const scope = scopeBy(query, corpus, aliasesOf(corpus)) ?? sharedScope(query, corpus);
  return scope ? withSameNames(scope, corpus) : null;
}

/**
 * The places a query names at its head when a choice of places or documents (`chosen`: the columns chosen, or those
 * of the documents chosen) kept them from scoping it, which the answer says: null when it names none, or exactly the
 * places chosen (city=昆山 with 昆山专精特新: nothing was set aside). `least`: how many places the query must name to
 * have scoped it (a comparison takes its columns from two or more, and keeps every column for one).
 * @example overriddenScope('昆山专精特新', corpus, ['平湖市'], 'places') // { named: ['昆山'], cities: ['昆山市'], by: 'places' }
 */
export function overriddenScope(query: string, corpus: ScopeCorpus, chosen: readonly string[], by: ScopeOverridden['by'], least = 1): ScopeOverridden | null {
  const would = placeScope(query, corpus);
  const kept = new Set(chosen);
  if (!would || would.cities.length < least || (would.cities.length === kept.size && would.cities.every((c) => kept.has(c)))) return null;
  return { named: would.named, cities: would.cities, by };
}

/** {@link placeScope} with the names `aliases` reads. */
function scopeBy(query: string, corpus: ScopeCorpus, aliases: ReadonlyMap<string, string[]>): PlaceScope | null {
  const text = query.trim();
  if (!aliases.size || !text) return null;
  // A place written with its government (江苏省人民政府) that is itself a column means that column, the documents that
  // government's place issued, as `city=江苏省` does; not the province's every place (昆山's and 南京's too).
  const scoped = (named: string[], rest: string, organs: readonly boolean[] = []): PlaceScope | null => {
    const query = rest.trim();
    if (contentLength(query) < 2 || query.startsWith('等')) return null;
    return { cities: [...new Set(named.flatMap((n, i) => (organs[i] ? ownColumn(n, corpus) : null) ?? aliases.get(n)!))], named, query };
  };
  const full = fullNames(corpus);
  const head = leadingPlaces(text, aliases, full, corpus.writtenElsewhere, corpus);
  if (head) {
    let rest = text.slice(head.end);
    if (rest.startsWith('等')) return null;
    // 北京朝阳区专精特新: a district the corpus has no document of, inside the place named, is part of the address too.
    const lead = rest.length - rest.replace(/^\s+/u, '').length;
    const inner = narrowerPlace(rest.slice(lead), head.named, corpus);
    if (inner) rest = rest.slice(lead + inner.length);
    else rest = rest.slice(lead + ownPlaceAt(rest.slice(lead), head.named, corpus));
    rest = rest.replace(SPACES, '').replace(CONNECTOR, '').replace(SPACES, '');
    const scope = scoped(head.named, rest, head.organs);
    if (!scope) return null;
    const issuer = head.named.length === 1 && head.bodies[0] ? issuerScope(head.named[0]!, head.bodies[0], corpus) : null;
    if (issuer) scope.issuer = issuer;
    const outside = head.outside.length ? { outside: { named: head.outside.map((o) => o.named).join('、'), places: head.outside.flatMap((o) => o.places) } } : {};
    return { ...scope, ...(inner ? { narrower: inner.name } : {}), ...outside };
  }
  // 专精特新 青岛 / 专精特新 昆山、平湖: a last word made only of place names.
  const gap = text.search(/\s+\S+$/u);
  if (gap > 0) {
    const last = text.slice(gap).trim();
    const tail = leadingPlaces(last, aliases, full);
    if (tail && tail.end === last.length) return scoped(tail.named, text.slice(0, gap));
  }
  return null;
}

/**
 * A query whose place is a name several corpus places bear (朝阳区专精特新, with both 朝阳区 in the corpus: scoped to
 * all of them, as `city=朝阳区` is; 北京朝阳区…: the one in 北京), read when the corpus's other names scope nothing.
 */
function sharedScope(query: string, corpus: ScopeCorpus): PlaceScope | null {
  const { shared, all } = nameReadingsOf(corpus);
  return shared.size ? scopeBy(query, corpus, all) : null;
}

/**
 * The scope with `sameName`: for each name it read that more than one place bears, the corpus's places it was read as
 * and the gazetteer's others, which the corpus has no document of. 朝阳区专精特新 with only 长春市朝阳区 in the corpus
 * had been scoped to it without a word, though 北京市朝阳区 is 朝阳区 too (places audit, finding 3).
 */
function withSameNames(scope: PlaceScope, corpus: ScopeCorpus): PlaceScope {
  const { shared, all } = nameReadingsOf(corpus);
  const sameName = scope.named.flatMap((named) => {
    const cities = all.get(named) ?? [];
    const others = otherPlacesNamed(named, cities, corpus);
    return shared.has(named) || others.length ? [{ named, cities, others }] : [];
  });
  return sameName.length ? { ...scope, sameName } : scope;
}

/**
 * The gazetteer's places a name may also mean, other than the corpus's places it was read as (`cities`) and those
 * around them: its namesakes (朝阳区: 北京市朝阳区 beside 长春市朝阳区), for a bare name the province or prefecture it
 * is the short name of (朝阳: 朝阳市) and the namesakes of the column name it was cut from. None when one of `cities`
 * is a name kept as written (a manifest's 吉林), which may be any of them.
 */
function otherPlacesNamed(named: string, cities: readonly string[], corpus: ScopeCorpus): string[] {
  const g = gazetteer();
  const columns = corpus.places.filter((p) => p.city !== UNLABELED_PLACE);
  const read = columns.filter((p) => cities.includes(p.city));
  if (read.some((p) => p.name === named && g.leadingMatch(p.city).places.every((x) => x.qualifiedName !== p.city))) return [];
  const candidates = new Set<Place>(g.named(named));
  for (const suffix of ['市', '省']) for (const p of g.named(named + suffix)) if (p.level !== 'county') candidates.add(p);
  for (const p of shortNames().get(named) ?? []) candidates.add(p);
  for (const c of read) if (c.name !== named && c.name.replace(SUFFIX, '') === named) for (const p of g.named(c.name)) candidates.add(p);
  const own = (p: Place) => columns.some((c) => c.city === p.qualifiedName || c.parent === p.name || c.province === p.name);
  return [...new Set([...candidates].filter((p) => !own(p)).map((p) => p.qualifiedName))];
}

/** The one place of the gazetteer written at the head of `rest` that lies in one of `around`, and its length; null when not one. */
function innerPlace(rest: string, around: readonly Place[]): { place: Place; length: number } | null {
  const g = gazetteer();
  const m = g.leadingMatch(rest);
  const inside = m.places.filter((p) => around.some((a) => a.code !== p.code && g.within(p, a)));
  return m.length && inside.length === 1 ? { place: inside[0]!, length: m.length } : null;
}

/**
 * Regions the gazetteer (the mainland's divisions) does not hold, named so that a query about them is told the corpus
 * has no document of them rather than nothing at all (香港专精特新).
 */
const BEYOND_GAZETTEER: readonly { qualifiedName: string; names: string[] }[] = [
  { qualifiedName: '香港特别行政区', names: ['香港特别行政区', '香港特区', '香港'] },
  { qualifiedName: '澳门特别行政区', names: ['澳门特别行政区', '澳门特区', '澳门'] },
  { qualifiedName: '台湾省', names: ['台湾省', '台湾'] },
];

/** A place the query names at its head that the corpus has no document of (src/text/places.ts's gazetteer). */
export interface PlaceOutside {
  /** As typed: 深圳, 深圳市. */
  named: string;
  /** The gazetteer's places that name stands for: ['深圳市']. */
  places: string[];
}

/**
 * A place named at the head of a query that is none of the corpus's places, nor one they lie in or that lies in
 * them: 深圳专精特新, 深圳市的人才引进政策. Such a query was searched everywhere without a word, and its first hits were
 * other cities' clauses; now the answer says the place is not in the corpus (the hits are unchanged). A full name
 * (深圳市, 朝阳区) is read from the gazetteer where a jieba token ends with it; a short one (深圳, 吉林) only for a
 * province or a prefecture (东方 is a county-level city, 长安 and 白云 districts: words before they are places).
 * Null when the query names a corpus place (then `placeScope` scopes it) or no place.
 * @example placeOutside('深圳专精特新', corpus) // { named: '深圳', places: ['深圳市'] }
 */
export function placeOutside(query: string, corpus: ScopeCorpus): PlaceOutside | null {
  const text = query.trim();
  if (!text) return null;
  const g = gazetteer();
  const bounds = tokenBoundaries(text);
  const known = new Set(corpus.places.flatMap((p) => [p.city, p.name, p.parent, p.province]).filter((n): n is string => !!n));
  let named = '';
  let places: Place[] = [];
  let short = false;
  const full = g.leadingMatch(text);
  if (full.length > 0 && full.length < text.length && bounds.has(full.length)) {
    named = text.slice(0, full.length);
    places = full.places;
  } else {
    const first = tokenize(text)[0] ?? '';
    if ([...first].length >= 2 && [...first].length <= 4 && first.length < text.length && /^\p{Script=Han}+$/u.test(first)) {
      if ([...first].length <= 3) {
        for (const suffix of ['市', '省']) {
          const m = g.leadingMatch(first + suffix);
          if (m.length === first.length + 1) places.push(...m.places.filter((p) => p.level !== 'county'));
        }
      }
      // 内蒙古, 广西, 延边, 伊犁, 大兴安岭, 阿拉善: the short names that are not the full name less 市 or 省.
      places.push(...(shortNames().get(first) ?? []));
      named = first;
      short = true;
    }
  }
  // 北京朝阳区专精特新: a district of the place written after its short name is what is meant, as 北京市朝阳区 says.
  if (short && places.length) {
    const inner = innerPlace(text.slice(named.length), places);
    if (inner && bounds.has(named.length + inner.length) && named.length + inner.length < text.length) {
      named = text.slice(0, named.length + inner.length);
      places = [inner.place];
    }
  }
  const beyond = BEYOND_GAZETTEER.find((r) => r.names.some((n) => text.startsWith(n) && text.length > n.length));
  if (beyond && !places.length) {
    const n = beyond.names.find((x) => text.startsWith(x))!;
    if (contentLength(text.slice(n.length)) >= 2) return { named: n, places: [beyond.qualifiedName] };
  }
  // A district is the corpus's only by its column's name: 北京市朝阳区 is not 长春市朝阳区, though both are 朝阳区 (the
  // full address had been read as the corpus's place and said nothing; places audit, finding 10).
  places = places.filter((p) => !known.has(p.qualifiedName) && !(p.kind !== '市辖区' && known.has(p.name)) && !corpus.places.some((c) => c.province === p.name || c.parent === p.name));
  // A column named as typed (a manifest's 吉林, kept as written) may be any of them: 本库没有 吉林市 的文件 had stood
  // above hits of the column 吉林 (places audit, finding 13).
  if (corpus.places.some((c) => c.city !== UNLABELED_PLACE && (c.city === named || c.name === named))) return null;
  if (!places.length || contentLength(text.slice(named.length)) < 2) return null;
  return { named, places: [...new Set(places.map((p) => p.qualifiedName))] };
}

/**
 * Why a `city` value names no column, and what it may have meant, for the refusal to say (it is never read as that):
 * - `list`: several places in one value (昆山,平湖 / 昆山、平湖 / 昆山 平湖), each part the columns it names (`city`);
 *   `city=` takes one place, and repeats (city=昆山&city=平湖), which the refusal had not said: it had called the list
 *   a place the corpus lacks;
 * - `issuer`: an organ, not a place (江苏省人民政府, 昆山市政府, 中共昆山市委办公室: it ends with an organ's name),
 *   `place` the place it starts with when that is the corpus's (江苏省). 江苏省人民政府 had been read as the whole
 *   province (昆山's and 南京's documents too, which that government did not issue) while 安徽省人民政府 was refused:
 *   jieba cut one as a word and the other not;
 * - `spelling`: a corpus place the value reads as, character by character, as a query's spelling reads a homophone slip
 *   (青到 → 青岛市, 杭洲 → 杭州市: src/search/query-spelling.ts), or typed in pinyin (Kunshan → 昆山市), or one character
 *   off by a sound input methods confuse (z/zh, c/ch, s/sh, n/l, -n/-ng: 昆三 → 昆山市). Only a suggestion, so a near
 *   sound counts here, which a query never reads.
 * Null when none fits (深圳: a place the corpus has no document of).
 * @example cityHint('昆山,平湖', corpus) // { value: '昆山,平湖', reason: 'list', city: ['昆山市', '平湖市'] }
 * @example cityHint('青到', corpus) // { value: '青到', reason: 'spelling', city: ['青岛市'] }
 */
export function cityHint(value: string, corpus: ScopeCorpus & { cities: readonly string[] }): CityHint | null {
  const text = toSimplified(value.trim());
  if (!text) return null;
  const issuer = issuerNamed(text, corpus);
  if (issuer) return { value, reason: 'issuer', ...issuer };
  const parts = text.split(/[\s,，、;；/|]+/u).filter(Boolean);
  if (parts.length >= 2) {
    const named = parts.flatMap((p) => columnsNamed([p], corpus)).filter((c) => corpus.cities.includes(c));
    if (named.length) return { value, reason: 'list', city: [...new Set(named)] };
  }
  const city = soundsLike(text, corpus);
  return city.length ? { value, reason: 'spelling', city } : null;
}

/** See {@link cityHint}. */
export type CityHint =
  | { value: string; reason: 'list'; city: string[] }
  | { value: string; reason: 'issuer'; place: string | null }
  | { value: string; reason: 'spelling'; city: string[] };
/* `city` of a list and of a spelling: names `city=` takes, each a column or a name standing for several (山东). */

/** What ends an organ's name: 人民政府, 人大常委会, 办公厅, 经济和信息化局, 发展和改革委员会, 领导小组办公室. */
const ORGAN = /(?:政府|人大|常委会|委员会|委|办公厅|办公室|办|局|厅|部|领导小组)$/u;

/** An organ named by a `city` value, and the corpus place it starts with (江苏省人民政府 → 江苏省); null when none. */
function issuerNamed(text: string, corpus: ScopeCorpus & { cities: readonly string[] }): { place: string | null } | null {
  if (!ORGAN.test(text) || !/^\p{Script=Han}{3,40}$/u.test(text)) return null;
  const rest = text.replace(/^中共/u, '');
  // The longest name of the corpus's places it starts with (a column, or a place columns lie in), if any.
  let place: string | null = null;
  for (const alias of aliasesOf(corpus).keys()) if (rest.startsWith(alias) && rest.length > alias.length && (!place || alias.length > place.length)) place = alias;
  return { place };
}

/** A near sound an input method's wrong pick gives: the same reading with z/zh, c/ch, s/sh, n/l or -n/-ng swapped. */
function nearSound(reading: string): string {
  return reading.replace(/^([zcs])h/u, '$1').replace(/^l/u, 'n').replace(/ng$/u, 'n');
}

/**
 * The names of corpus places `text` reads as: the same characters' toneless readings, each character of the text read
 * any way it can be, or typed in pinyin (kunshan, Kun Shan, kunshanshi); failing those, one character off by a near
 * sound. A name is offered as `city=` takes it: its column (青到 → 青岛市), or as written when it stands for several
 * (山冬 → 山东). Empty when none.
 */
function soundsLike(text: string, corpus: ScopeCorpus & { cities: readonly string[] }): string[] {
  const aliases = aliasesOf(corpus);
  const found = new Set<string>();
  // A name standing for one column is offered as that column (青岛 → 青岛市); one standing for several, as written (山东).
  const offer = (alias: string, cities: readonly string[]) => found.add(cities.length === 1 ? cities[0]! : alias);
  const latin = /^[a-z][a-z\s'-]*$/iu.test(text) ? text.toLowerCase().replace(/[\s'-]+/gu, '') : null;
  if (latin) {
    for (const [alias, cities] of aliases) if (readingsInContext(alias).join('') === latin) offer(alias, cities);
    return [...found];
  }
  const chars = [...text];
  if (chars.length < 2 || !/^\p{Script=Han}+$/u.test(text)) return [];
  const typed = chars.map((ch) => readingsOf(ch));
  const match = (near: boolean) => {
    for (const [alias, cities] of aliases) {
      const letters = [...alias];
      if (letters.length !== chars.length) continue;
      const readings = readingsInContext(alias);
      let off = 0;
      const reads = letters.every((ch, i) => {
        if (ch === chars[i] || typed[i]!.includes(readings[i]!)) return true;
        off++;
        return near && typed[i]!.some((r) => nearSound(r) === nearSound(readings[i]!));
      });
      if (reads && (near ? off === 1 : true)) offer(alias, cities);
    }
  };
  match(false);
  if (!found.size) match(true);
  return [...found];
}
