/**
 * The places of a corpus as the views compare them: one column per place (a document's `city`), with its kind,
 * level and parent for the header (`昆山市 · 县级市 · 苏州市`), and the groups a user may choose instead of single
 * places: a province with every place under it (`province:江苏省`), or every place of one level (`level:county`).
 *
 * A document whose place could not be resolved still takes part: it sits under the column 未标注地区, with a hint
 * on how to name its place. The engine, the analyst and the fake engine all take columns from here, so that no
 * document silently drops out of compare, the matrix or targets.
 */
import { toSimplified } from '../text/script.js';
import type { PlaceGroup, PlaceSummary } from './types.js';

/** The column of documents without a resolved place. */
export const UNLABELED_PLACE = '未标注地区';

/** What to do about a document under 未标注地区. */
export const UNLABELED_HINT =
  '这些文件未能识别发文地区。在文件所在文件夹的 manifest.json 中为它写明 "city"（如 {"documents": [{"file": "文件名.pdf", "city": "昆山市"}]}，每个文件一条），重新建立索引即可归入该地区。';

/** The fields of a document that place it. */
export interface PlacedDocument {
  city: string | null;
  placeCode?: string | null;
  placeKind?: string | null;
  level: string | null;
  parent?: string | null;
  province?: string | null;
}

/** The comparison column a document belongs to: its place, or 未标注地区. */
export function columnOf(doc: Pick<PlacedDocument, 'city'>): string {
  return doc.city ?? UNLABELED_PLACE;
}

/** Levels in the order groups and filters list them. */
export const LEVEL_ORDER = ['province', 'prefecture', 'county'];

/** Each level's name as the pages show it (the groups' labels, the level filter's options). */
export const LEVEL_NAMES: Readonly<Record<string, string>> = { province: '省级', prefecture: '地级', county: '县级' };

/** A province's name without its suffix, as `city=` takes it (江苏省 → 江苏, 上海市 → 上海). */
const PROVINCE_SUFFIX = /(?:省|市|自治区|特别行政区)$/u;

/**
 * A level as `level` and a `level:` group take it, from its id or the name the pages show (省级 → province, 縣級 →
 * county: read in simplified script); any other value as given, for the caller to refuse naming the valid ones. The
 * pages label levels 省级 / 地级 / 县级, and `level=省级` had been a 400 (twenty-second session's places audit).
 * @example levelNamed('县级') // 'county'
 */
export function levelNamed(value: string): string {
  const name = toSimplified(value.trim());
  return Object.keys(LEVEL_NAMES).find((id) => LEVEL_NAMES[id] === name) ?? value;
}

/**
 * A group's id as the corpus has it, from the id or the names the pages and `city=` use: `province:江苏`,
 * `province:江蘇省` → `province:江苏省`; `province:上海` → `province:上海市`; `level:县级` → `level:county`. Any other
 * value as given, for the caller to refuse naming the valid groups (`province:江苏` had been a 400 while `city=江苏`
 * was every place of the province: twenty-second session's places audit).
 * @example groupNamed('province:江苏', corpus.groups) // 'province:江苏省'
 */
export function groupNamed(value: string, groups: readonly Pick<PlaceGroup, 'id'>[]): string {
  const at = value.indexOf(':');
  const kind = value.slice(0, at);
  const name = toSimplified(value.slice(at + 1).trim());
  if (at < 0 || !name) return value;
  if (kind === 'level') return `level:${levelNamed(name)}`;
  if (kind !== 'province') return value;
  const bare = name.replace(PROVINCE_SUFFIX, '') || name;
  const found = groups.find((g) => g.id === `province:${name}`) ?? groups.find((g) => g.id.startsWith('province:') && g.id.slice('province:'.length).replace(PROVINCE_SUFFIX, '') === bare);
  return found?.id ?? value;
}

/**
 * One entry per column, in corpus order (the order documents first name each place); 未标注地区 last, when any
 * document has no place. A district's `name` is its own (天河区), its column's `city` carries the city (广州市天河区).
 */
export function placeSummaries(documents: readonly PlacedDocument[]): PlaceSummary[] {
  const byCity = new Map<string, PlaceSummary>();
  let unlabeled = 0;
  for (const d of documents) {
    if (d.city === null) {
      unlabeled++;
      continue;
    }
    const known = byCity.get(d.city);
    if (known) {
      known.documents++;
      continue;
    }
    const parent = d.parent ?? null;
    const name = d.placeKind === '市辖区' && parent && d.city.startsWith(parent) && d.city !== parent ? d.city.slice(parent.length) : d.city;
    byCity.set(d.city, {
      city: d.city, name, code: d.placeCode ?? null, kind: d.placeKind ?? null, level: d.level, parent, province: d.province ?? null, documents: 1, hint: null,
    });
  }
  const places = [...byCity.values()];
  if (unlabeled) {
    places.push({ city: UNLABELED_PLACE, name: UNLABELED_PLACE, code: null, kind: null, level: null, parent: null, province: null, documents: unlabeled, hint: UNLABELED_HINT });
  }
  return places;
}

/**
 * The groups of the corpus's places: each province named by a place (the province itself and every place whose
 * province it is), then each level present. Ids are what the `group` parameter takes.
 */
export function placeGroups(places: readonly PlaceSummary[]): PlaceGroup[] {
  const groups: PlaceGroup[] = [];
  const provinces: string[] = [];
  for (const p of places) if (p.province && !provinces.includes(p.province)) provinces.push(p.province);
  for (const province of provinces) {
    const cities = places.filter((p) => p.province === province).map((p) => p.city);
    groups.push({ id: `province:${province}`, label: `${province}及下辖地区`, cities });
  }
  for (const level of LEVEL_ORDER) {
    const cities = places.filter((p) => p.level === level).map((p) => p.city);
    if (cities.length) groups.push({ id: `level:${level}`, label: `全部${LEVEL_NAMES[level]}地区`, cities });
  }
  return groups;
}

/**
 * A column header: the place, its kind and its parent, `昆山市 · 县级市 · 苏州市`, `天河区 · 市辖区 · 广州市`,
 * `江苏省 · 省`. A place the gazetteer does not know shows what the manifest said.
 */
export function placeHeading(place: Pick<PlaceSummary, 'name' | 'kind' | 'parent'>): string {
  return [place.name, place.kind, place.parent].filter((x): x is string => !!x).join(' · ');
}
