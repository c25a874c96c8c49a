/**
 * Request validation for the API and the pages. Shapes are checked with zod; values that depend on the corpus
 * (cities, documents, levels) are then checked against `engine.corpus()`, so that every 400 names the valid values.
 * Query strings come from express's "simple" parser: a value is a string, or an array when the name repeats.
 */
import { z } from 'zod';
import { dateBound } from '../search/date-range.js';
import { cityHint, cityReadings, columnsNamed, type PlaceOutside } from '../search/query-places.js';
import { createError, PolicyLensError } from '../errors.js';
import type { MatrixDates, TargetFilters } from '../analysis/types.js';
import { SEARCH_MODES, type CityReading, type CorpusInfo, type DocumentSummary, type QueryScope, type QuerySpelling, type SearchEngine, type SearchFilters, type SearchMode, type SearchOptions } from '../search/types.js';
import { DOCUMENT_TYPES } from '../text/metadata.js';
import { FINGERPRINT_PATTERN } from '../text/fingerprint.js';
import { withoutInvisible } from '../text/normalize.js';
import { toSimplified } from '../text/script.js';
import { documentsIssuedBy, issuerNames } from '../search/issuers.js';
import { columnOf, groupNamed, levelNamed } from '../search/places.js';
import type { DocumentPart } from '../types.js';

/** A user may paste a whole clause; longer than this is not a query. */
export const MAX_QUERY_LENGTH = 1000;
export const MAX_K = 100;
/** Paragraphs shown before and after a paragraph on its page, at most. */
export const MAX_CONTEXT = 10;

export const EXPORT_FORMATS = ['json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const DOCUMENT_PARTS: readonly DocumentPart[] = ['main', 'attachment'];

/**
 * A document id is a file name without its extension: letters (any script), digits, `_`, `-` and single dots.
 * Slashes, backslashes, `..` and control characters never pass, so an id cannot walk out of the index.
 */
const DOCUMENT_ID_BODY = String.raw`[\p{L}\p{N}_](?:[\p{L}\p{N}_-]|\.(?!\.)){0,199}`;
export const DOCUMENT_ID_PATTERN = new RegExp(`^${DOCUMENT_ID_BODY}$`, 'u');
/** A paragraph id is `<document id>:p<ordinal>`, e.g. `000_dcbe0bbe788de573:p0042`. */
export const PARAGRAPH_ID_PATTERN = new RegExp(`^${DOCUMENT_ID_BODY}:p\\d{1,7}$`, 'u');

type RawQuery = Record<string, unknown>;

/** Parameters as the pages' refusals name them (a parameter not listed is named as written). */
const PARAMETER_NAMES: Readonly<Record<string, string>> = {
  q: '检索词', text: '文字', k: '条数', mode: '检索方式', format: '导出格式', part: '正文或附件', since: '起始日期', until: '截止日期', in_force: '现行有效',
  context: '上下文条数', sentence: '句子', sort: '排序', order: '顺序', limit: '每页条数', offset: '起始位置', scope: '地区范围', spell: '纠错',
  city: '地区', group: '地区组', measure: '措施', doc: '文件', level: '层级', a: '条款 a', b: '条款 b', id: '条款', issuer: '发文机关', type: '文件类型',
};

/** A parameter's name on a page: 参数“检索词”(q). */
function named(name: string): string {
  // Own names only: a parameter named constructor or toString must not read Object.prototype's.
  const zh = Object.hasOwn(PARAMETER_NAMES, name) ? PARAMETER_NAMES[name] : undefined;
  return zh ? `“${zh}”（${name}）` : `参数“${name}”`;
}

/** Adds a problem in English (the API's message) and in Chinese (what the pages say). */
function problem(ctx: z.RefinementCtx, message: string, zh: string): void {
  ctx.addIssue({ code: z.ZodIssueCode.custom, message, params: { zh } });
}

/** A parameter that must appear at most once; an empty value counts as absent (forms send `doc=` for "all"). */
function single(name: string) {
  return z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.string({ invalid_type_error: `Parameter "${name}" must be given once.` }).optional(),
  );
}

/** A parameter that may repeat (`city=昆山市&city=青岛市`); blanks and repeats are dropped. */
function repeated() {
  return z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.string()).transform((values) => [...new Set(values.map((s) => s.trim()).filter(Boolean))]),
  );
}

function oneOf<T extends string>(name: string, plural: string, values: readonly T[], fallback?: T) {
  return single(name).transform((v, ctx): T | undefined => {
    if (v === undefined) return fallback;
    if ((values as readonly string[]).includes(v)) return v as T;
    problem(ctx, `Invalid ${name} "${truncate(v)}". Valid ${plural}: ${values.join(', ')}.`, `${named(name)}不能取“${truncate(v)}”，可取：${values.join('、')}。`);
    return z.NEVER;
  });
}

function integer(name: string, min: number, max: number, fallback: number) {
  return single(name).transform((v, ctx) => {
    if (v === undefined) return fallback;
    const n = /^\s*\d{1,6}\s*$/.test(v) ? Number(v) : NaN;
    if (Number.isInteger(n) && n >= min && n <= max) return n;
    problem(ctx, `Parameter "${name}" must be an integer from ${min} to ${max} (got "${truncate(v)}").`, `${named(name)}应是 ${min} 到 ${max} 的整数（收到“${truncate(v)}”）。`);
    return z.NEVER;
  });
}

/**
 * A required text parameter: trimmed, 1–1,000 characters (counted in code points, as a reader counts them), holding
 * at least one letter, digit or ideograph.
 */
function textParameter(name: string, what: string) {
  return z
    .string({
      required_error: `Parameter "${name}" is required: ${what}.`,
      invalid_type_error: `Parameter "${name}" must be given once.`,
    })
    .transform((s, ctx) => {
      const q = s.trim();
      const length = [...q].length;
      if (length === 0) problem(ctx, `Parameter "${name}" must not be empty.`, `请填写${named(name)}。`);
      // Punctuation alone (？？, 《》, a lone surrogate decoded as U+FFFD) has no term to match, and the vector side would
      // answer it with whatever clauses lie nearest: noise presented as results.
      else if (!/[\p{L}\p{N}]/u.test(q))
        problem(ctx, `Parameter "${name}" holds no word, number or character to search for (got "${truncate(q)}").`, `${named(name)}“${truncate(q)}”里没有可以检索的字、词或数字。`);
      else if (length > MAX_QUERY_LENGTH)
        problem(ctx, `Parameter "${name}" is ${length} characters long; at most ${MAX_QUERY_LENGTH} are allowed.`, `${named(name)}有 ${length} 个字，最多 ${MAX_QUERY_LENGTH} 个；请删短一些，或到“起草对照”页对照整段文字。`);
      return q;
    });
}

/** `q`: required, trimmed, 1–1,000 characters. */
export const querySchema = textParameter('q', 'the words or clause to search for');

/**
 * `group` (may repeat): a province with every place under it (`province:江苏省`) or every place of a level
 * (`level:county`). The shape is checked here; whether the corpus has the group, by {@link expandGroups}.
 */
function groups() {
  return repeated().superRefine((values, ctx) => {
    for (const v of values) {
      if (!/^(?:province|level):\S.{0,40}$/u.test(v))
        problem(ctx, `Invalid group "${truncate(v)}": a group is "province:<省级地区>" (e.g. province:江苏省) or "level:<province|prefecture|county>".`, `地区组“${truncate(v)}”的写法不对：应写作 province:省名（如 province:江苏省）或 level:province、level:prefecture、level:county。`);
    }
  });
}

/**
 * `level` (may repeat): `province|prefecture|county`, or the names the pages show (省级, 地级, 县级), read as those.
 * Whether the corpus has the level, by {@link checkFilters}.
 */
function levels() {
  return repeated().transform((values) => [...new Set(values.map(levelNamed))]);
}

/**
 * `group` values as the corpus's group ids, each once: the names the pages and `city=` use read as the id
 * (province:江苏, province:江蘇省 → province:江苏省; level:县级 → level:county; src/search/places.ts `groupNamed`).
 * Whether the corpus has the group, by {@link expandGroups}.
 */
export function groupsNamed(values: readonly string[], corpus: Pick<CorpusInfo, 'groups'>): string[] {
  return [...new Set(values.map((v) => groupNamed(v, corpus.groups)))];
}

/**
 * `since` / `until`: a document's date bound, a year, month or day (src/search/date-range.ts), as the ISO day it
 * starts (`since`) or ends (`until`) with.
 */
function dateParameter(name: 'since' | 'until') {
  return single(name).transform((v, ctx) => {
    if (v === undefined) return undefined;
    const day = dateBound(v, name === 'until');
    if (day) return day;
    problem(ctx, `Parameter "${name}" must be a year, month or day from 1949 to 2100 such as 2022, 2022-05 or 2022-05-01 (got "${truncate(v)}").`, `${named(name)}应写作 1949 至 2100 年间的年、年月或年月日，如 2022、2022-05 或 2022-05-01（收到“${truncate(v)}”）。`);
    return z.NEVER;
  });
}

/**
 * `in_force`: keep only documents in force on a day by their own 施行 / 有效期 clause (src/text/validity.ts): `1` (or
 * `today`, `on`, `true`) for today on Beijing's calendar, or a day (2025-06-30, 2025年6月30日); `0` (`off`, `false`)
 * is no filter. Documents that state neither are kept from their 成文日期 on.
 */
function inForceParameter() {
  return single('in_force').transform((v, ctx) => {
    if (v === undefined) return undefined;
    if (/^(?:1|on|today|true)$/iu.test(v.trim())) return todayInChina();
    // 0, off, false: no filter, as false is in a JSON body (the page's unticked box sends nothing).
    if (/^(?:0|off|false|no)$/iu.test(v.trim())) return undefined;
    // A day written as since and until take it (2025-06-30, 2025年6月30日, full-width digits): its first and last
    // moments are one day.
    const day = dateBound(v.trim(), false);
    if (day && day === dateBound(v.trim(), true)) return day;
    // A day outside the range dates are read in (1900-01-01) is said to be one: it had been told it must be a day.
    const year = /^\s*(\d{4})\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*$/u.exec(v.normalize('NFKC'))?.[1];
    if (year && (Number(year) < 1949 || Number(year) > 2100)) {
      problem(ctx, `Parameter "in_force" must be a day from 1949 to 2100, or 1 for today (got "${truncate(v)}").`, `${named('in_force')}应为 1949 至 2100 年间的具体日期，或 1（今天）（收到“${truncate(v)}”）。`);
      return z.NEVER;
    }
    problem(ctx, `Parameter "in_force" must be 1 (today) or a day from 1949 to 2100 such as 2025-06-30 (got "${truncate(v)}").`, `${named('in_force')}应为 1（今天）或具体日期（1949 至 2100 年间），如 2025-06-30（收到“${truncate(v)}”）。`);
    return z.NEVER;
  });
}

/** Today's date in China (ISO), the day policies take effect and expire by. */
export function todayInChina(now = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(now);
}

/** `inForce` of a validated request, only when asked for (to spread into options and filters). */
export function inForceBound(p: { in_force?: string | undefined }): { inForce?: string } {
  return p.in_force ? { inForce: p.in_force } : {};
}

/**
 * The documents a request may choose, by id, 发文机关 and type (each may repeat): what search, compare, both "similar"
 * routes, the clause page, targets, the matrix and a matrix cell take alike ({@link chooseDocuments}).
 */
const documentShape = { doc: repeated(), issuer: repeated(), type: repeated() };

const filterShape = {
  city: repeated(),
  group: groups(),
  ...documentShape,
  level: levels(),
  part: oneOf('part', 'parts', DOCUMENT_PARTS),
  since: dateParameter('since'),
  until: dateParameter('until'),
  in_force: inForceParameter(),
};

/**
 * The date bounds of a validated request, only those given (to spread into filters and options). A `since` after the
 * `until` leaves nothing: refused rather than answered with an empty page.
 */
export function dateBounds(p: { since?: string | undefined; until?: string | undefined }): { since?: string; until?: string } {
  if (p.since && p.until && p.since > p.until)
    throw createError('BAD_REQUEST', `Parameter "since" (${p.since}) is after "until" (${p.until}): no document can be dated between them.`, undefined, `起始日期（${p.since}）晚于截止日期（${p.until}），没有文件的日期能落在其间；请对调两者。`);
  return { ...(p.since ? { since: p.since } : {}), ...(p.until ? { until: p.until } : {}) };
}

/** Schema of `/api/search` (default k 10) and `/api/compare` (default k 3); built once per default (profiled: building
 * it on every request took ~5% of the server's CPU under load). */
export function searchQuerySchema(defaultK: number) {
  let schema = searchSchemas.get(defaultK);
  if (!schema) searchSchemas.set(defaultK, (schema = buildSearchQuerySchema(defaultK)));
  return schema;
}

function buildSearchQuerySchema(defaultK: number) {
  return z.object({
    q: querySchema,
    mode: oneOf('mode', 'modes', SEARCH_MODES, 'hybrid'),
    k: integer('k', 1, MAX_K, defaultK),
    format: oneOf('format', 'formats', EXPORT_FORMATS, 'json'),
    scope: oneOf('scope', 'scopes', SCOPES, 'auto'),
    spell: oneOf('spell', 'spells', SPELLS, 'auto'),
    ...filterShape,
  });
}

/** `auto`: places named at the head of the query scope it; `all`: search as typed (src/search/query-places.ts). */
const SCOPES = ['auto', 'all'] as const;
/** `auto`: a word mistyped with a homophone is read as the corpus's word; `off`: search as typed (src/search/query-spelling.ts). */
const SPELLS = ['auto', 'off'] as const;

const searchSchemas = new Map<number, ReturnType<typeof buildSearchQuerySchema>>();

/**
 * Schema of `/api/paragraphs/:id/similar`: `sentence` picks one of the paragraph's measure sentences (0-based);
 * `level` keeps the places of those levels (among the chosen ones, if any), as search and the matrix do.
 */
export const similarQuerySchema = z.object({
  k: integer('k', 1, MAX_K, 3),
  format: oneOf('format', 'formats', EXPORT_FORMATS, 'json'),
  city: repeated(),
  group: groups(),
  level: levels(),
  ...documentShape,
  sentence: integer('sentence', 0, 999, -1).transform((n) => (n < 0 ? undefined : n)),
  since: dateParameter('since'),
  until: dateParameter('until'),
  in_force: inForceParameter(),
});

/** Schema of `/api/similar`: counterparts of a pasted text, leaving out the document of `exclude` (a paragraph id). */
export const textSimilarQuerySchema = z.object({
  text: textParameter('text', 'the clause or sentence whose counterparts to find'),
  exclude: single('exclude').refine((v) => v === undefined || PARAGRAPH_ID_PATTERN.test(v), {
    message: 'Parameter "exclude" must be a paragraph id such as "000_dcbe0bbe788de573:p0042".',
  }),
  k: integer('k', 1, MAX_K, 3),
  format: oneOf('format', 'formats', EXPORT_FORMATS, 'json'),
  city: repeated(),
  group: groups(),
  level: levels(),
  ...documentShape,
  since: dateParameter('since'),
  until: dateParameter('until'),
  in_force: inForceParameter(),
});

/**
 * The clause page's counterparts: `k` per place (1–25: up to 25 a longer answer starts with the shorter one, README
 * "JSON API"), the places, levels and documents, and the date bounds.
 */
export const PAGE_SIMILAR_MAX_K = 25;
const paragraphPageSchema = z.object({ k: integer('k', 1, PAGE_SIMILAR_MAX_K, 3), city: repeated(), group: groups(), level: levels(), ...documentShape, since: dateParameter('since'), until: dateParameter('until'), in_force: inForceParameter(), h: fingerprintParameter() });

/**
 * Validates the clause page's `k`, `city`, `group`, `level`, `doc`, `issuer`, `type`, `since`, `until` and `in_force`
 * (BAD_REQUEST naming the problem, UNKNOWN_CITY / UNKNOWN_GROUP / UNKNOWN_ISSUER naming the valid ones), as
 * `/api/paragraphs/:id/similar` reads them: `cities` are the columns asked for (the chosen places kept to `levels`'
 * places, every place of those levels when none is chosen; empty for every place). The page had refused `level`
 * (a 400) while its API took it (twenty-second session's verifying audit).
 */
export function parseParagraphPage(raw: RawQuery, corpus: CorpusInfo): { k: number; dates: { since?: string; until?: string; inForce?: string }; places: PlaceChoice; levels: string[]; cities: string[]; documents: DocumentChoice; docs?: string[] } {
  refuseMisnamed(raw, [...Object.keys(paragraphPageSchema.shape), 'sentence']);
  const p = parseWith(paragraphPageSchema, raw);
  p.city = columnsNamed(p.city, corpus);
  p.group = groupsNamed(p.group, corpus);
  checkFilters({ cities: p.city, docs: p.doc, levels: p.level }, corpus);
  const places = { cities: p.city, groups: p.group };
  const chosen = p.group.length ? expandGroups(places, corpus) : p.city;
  const cities = p.level.length ? placesAtLevels(corpus, p.level, chosen) : chosen;
  const documents = { docs: p.doc, issuers: p.issuer, types: p.type };
  const docs = documentsFilter(documents, corpus, { cities });
  return { k: p.k, dates: { ...dateBounds(p), ...inForceBound(p) }, places, levels: p.level, cities, documents, ...(docs ? { docs } : {}) };
}


const cityValuesSchema = z.object({ city: repeated() });

/**
 * What a request's `city` values stood for when other places than they name (query-places.ts `cityReadings`: 江苏 →
 * 昆山市、江苏省、南京市), read as the routes read them, for the pages whose parse does not answer it: the clause page and
 * the desk, which had given no line where search and compare say it (places audit). Values the corpus does not know
 * are refused by the page's own parse.
 * @example cityScopeOf({ city: '江苏' }, corpus) // [{ named: '江苏', cities: ['昆山市', '江苏省', '南京市'] }]
 */
export function cityScopeOf(raw: RawQuery, corpus: CorpusInfo): CityReading[] {
  const read = cityValuesSchema.safeParse(visibleValues({ city: raw.city }));
  return read.success ? cityReadings(read.data.city, corpus) : [];
}

/**
 * Schema of `/api/paragraphs/:id`: `context` clauses around it, and `h`, the fingerprint its permalink carries (a hit's
 * `fingerprint`), which finds the clause again after a re-index moved it, as the clause page does.
 */
export const contextQuerySchema = z.object({ context: integer('context', 0, MAX_CONTEXT, 2), h: fingerprintParameter() });

/**
 * A permalink's `h`, a clause's fingerprint, read alike by `/api/paragraphs/:id` and the clause page: a malformed one
 * is a 400 on both (the page had ignored it, silently showing the clause at the id; verifying audit, s23).
 */
function fingerprintParameter() {
  return single('h').superRefine((v, ctx) => {
    if (v === undefined || FINGERPRINT_PATTERN.test(v)) return;
    problem(
      ctx,
      'Parameter "h" must be a clause\'s fingerprint: its permalink\'s h, a hit\'s "fingerprint" (1–13 digits and lower-case letters).',
      `永久链接的条款指纹（h）“${truncate(v)}”写法不对：应是链接中 h= 后的 1 到 13 位小写字母或数字。`,
    );
  });
}

/**
 * Parses with `schema`, turning every problem into one BAD_REQUEST whose message lists them all. Every value first loses
 * its invisible characters (format characters such as U+200B and U+00AD, variation selectors: `withoutInvisible`), as the
 * indexer drops them from the clauses: text copied from a web page carries them, and `q=专精特新\u200b` had matched no
 * clause's phrase, `city=昆山\u200b` had been an unknown city that the message seemed to name.
 */
export function parseWith<T extends z.ZodTypeAny>(schema: T, raw: unknown): z.output<T> {
  const parsed = schema.safeParse(visibleValues(raw));
  if (parsed.success) return parsed.data;
  // At most QUOTED_MAX problems said, and how many more: 1,000 malformed group= values had made a 297 KB answer.
  const cap = <T>(list: T[], more: (n: number) => T): T[] => (list.length > QUOTED_MAX ? [...list.slice(0, QUOTED_MAX), more(list.length - QUOTED_MAX)] : list);
  const messages = cap([...new Set(parsed.error.issues.map((i) => i.message))], (n) => `(${n} more problems of the same kind.)`);
  // Zod's own issues (a parameter given twice, a wrong type) have no Chinese text of ours: they name the parameter.
  const zh = cap([...new Set(parsed.error.issues.map((i) => chineseOf(i)))], (n) => `（另有 ${n} 处同类问题。）`);
  throw createError(
    'BAD_REQUEST',
    messages.join(' '),
    { issues: cap(parsed.error.issues.map((i) => ({ parameter: i.path.join('.'), message: i.message })), (n) => ({ parameter: '…', message: `${n} more` })) },
    zh.join(''),
  );
}

/** A query string's (or a body's) values without invisible characters: strings, and the strings of a repeated name. */
function visibleValues(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const visible = (v: unknown): unknown => (typeof v === 'string' ? withoutInvisible(v) : Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? withoutInvisible(x) : x)) : v);
  return Object.fromEntries(Object.entries(raw).map(([name, v]) => [name, visible(v)]));
}

function chineseOf(issue: z.ZodIssue): string {
  const zh = issue.code === z.ZodIssueCode.custom ? (issue.params as { zh?: unknown } | undefined)?.zh : undefined;
  if (typeof zh === 'string') return zh;
  const name = String(issue.path[0] ?? '');
  return issue.code === z.ZodIssueCode.invalid_type && issue.received === 'undefined' ? `请填写${named(name)}。` : `${named(name)}的写法不对（只能给一次，且须是文字）。`;
}

export interface SearchRequest {
  q: string;
  mode: SearchMode;
  k: number;
  format: ExportFormat;
  /** Whether places named in the query may scope it (`auto`) or not (`all`). */
  scope: 'auto' | 'all';
  /** Whether homophone slips are read as the corpus's words (`auto`) or not (`off`). */
  spell: 'auto' | 'off';
  /** Places chosen one by one, and groups chosen (kept for links); `filters.cities` holds both, expanded. */
  places: PlaceChoice;
  /** The `city` values read as other places than they name (江苏 → 昆山市, 江苏省, 南京市), which the answer says. */
  cityScope: CityReading[];
  /** Documents chosen by id, 发文机关 and type (kept for links); `filters.docs` holds the ids they come to. */
  documents: DocumentChoice;
  filters: SearchFilters;
}

/** The places a request chose: single places (`city`) and groups (`group`), as given. */
export interface PlaceChoice {
  cities: string[];
  groups: string[];
}

export interface SimilarRequest {
  k: number;
  format: ExportFormat;
  /** The columns asked for (empty: every place): the chosen places kept to `level`'s. */
  cities: string[];
  /** The places chosen (`city`, `group` expanded), before `level`: the answer's `leftOut` names those it has no column for. */
  chosen: string[];
  /** Keep only counterparts in these documents (`doc`, `issuer`, `type` resolved); absent: every document. */
  docs?: string[];
  documents: DocumentChoice;
  /** The places and groups as chosen, and the levels the columns are kept to (an export's name and `filters` say them). */
  places: PlaceChoice;
  levels: string[];
  sentence?: number;
  /** Date bounds of the counterparts' documents (ISO days, inclusive). */
  since?: string;
  until?: string;
  inForce?: string;
}

export interface TextSimilarRequest {
  text: string;
  exclude?: string;
  k: number;
  format: ExportFormat;
  /** As SimilarRequest's. */
  cities: string[];
  chosen: string[];
  docs?: string[];
  documents: DocumentChoice;
  places: PlaceChoice;
  levels: string[];
  since?: string;
  until?: string;
  inForce?: string;
}

/** Lists at most `max` values, then says how many more there are and where to find them. */
function listValues(values: readonly string[], max = 20, where?: string): string {
  if (values.length <= max) return values.join(', ');
  return `${values.slice(0, max).join(', ')} … and ${values.length - max} more${where ? ` (see ${where})` : ''}`;
}

/** The unknown values a message quotes, at most: 20,000 bad cities had made a 229 KB message. */
const QUOTED_MAX = 10;

function quoted(values: string[]): string {
  const more = values.length > QUOTED_MAX ? ` and ${values.length - QUOTED_MAX} more` : '';
  return values.slice(0, QUOTED_MAX).map((v) => `"${truncate(v)}"`).join(', ') + more;
}

function chineseQuoted(values: string[]): string {
  const more = values.length > QUOTED_MAX ? `等 ${values.length} 个` : '';
  return values.slice(0, QUOTED_MAX).map((v) => `“${truncate(v)}”`).join('、') + more;
}

/**
 * The places of the chosen groups and single places, in corpus order (UNKNOWN_GROUP naming the valid groups).
 *
 * A province's group adds its places to the single places (city=昆山&group=province:山东省: Kunshan and Shandong's). A
 * level's group (`level:county`, 全部县级地区) is every place of that level when no other place is chosen, and otherwise
 * keeps the chosen places of that level, as `level=` does: city=江苏&group=level:province had been a union (every
 * province's documents and Jiangsu's cities) where city=江苏&level=province is 江苏省 alone (verifying audit). The
 * intersection is what a level means beside places (江苏省及下辖地区 with 全部县级地区 ticked is Jiangsu's county-level
 * places, not every county), and the groups then agree with `level`; chosen places none of which is of the level are
 * refused as `level=` refuses them (400 naming the levels they have and the places of that level).
 * @example expandGroups({ cities: ['青岛市'], groups: ['province:江苏省'] }, corpus) // ['昆山市', '江苏省', '青岛市']
 * @example expandGroups({ cities: ['江苏'], groups: ['level:province'] }, corpus) // ['江苏省']
 */
export function expandGroups(choice: PlaceChoice, corpus: CorpusInfo): string[] {
  const ids = corpus.groups.map((g) => g.id);
  const unknown = choice.groups.filter((g) => !ids.includes(g));
  if (unknown.length)
    throw createError(
      'UNKNOWN_GROUP',
      `Unknown ${unknown.length > 1 ? 'groups' : 'group'} ${quoted(unknown)}. Valid groups: ${listValues(ids, 40)}.`,
      { valid: ids },
      `本库没有地区组${chineseQuoted(unknown)}。可选：${listValues(ids, 40).replaceAll(', ', '、')}。`,
    );
  const groups = corpus.groups.filter((g) => choice.groups.includes(g.id));
  const levels = groups.filter((g) => g.id.startsWith('level:'));
  const chosen = new Set([...choice.cities, ...groups.filter((g) => !levels.includes(g)).flatMap((g) => g.cities)]);
  if (!levels.length) return corpus.cities.filter((c) => chosen.has(c));
  const atLevels = new Set(levels.flatMap((g) => g.cities));
  if (!chosen.size) return corpus.cities.filter((c) => atLevels.has(c));
  return placesAtLevels(corpus, levels.map((g) => g.id.slice('level:'.length)), corpus.cities.filter((c) => chosen.has(c)));
}

/**
 * What level groups did to the places chosen beside them, which `expandGroups` keeps to those levels: the groups' labels,
 * the places chosen (groups expanded) and the places left (city=江苏&group=level:province → 全部省级地区, 江苏省). Null
 * when no level group is chosen with places (a level group alone is every place of its level) or when it left them all.
 * The pages and exports had named the places chosen only, as though the compared places were their union (s23 verifying
 * audit 3: …昆山市、江苏省、南京市等4地.csv for a comparison of 江苏省 alone).
 * @example levelNarrowing({ cities: ['昆山市', '江苏省', '南京市'], groups: ['level:province'] }, corpus) // { levels: ['全部省级地区'], chosen: ['昆山市', '江苏省', '南京市'], cities: ['江苏省'] }
 */
export function levelNarrowing(choice: PlaceChoice, corpus: Pick<CorpusInfo, 'cities' | 'groups'>): { levels: string[]; chosen: string[]; cities: string[] } | null {
  const groups = corpus.groups.filter((g) => choice.groups.includes(g.id));
  const levels = groups.filter((g) => g.id.startsWith('level:'));
  const named = new Set([...choice.cities, ...groups.filter((g) => !levels.includes(g)).flatMap((g) => g.cities)]);
  if (!levels.length || !named.size) return null;
  const atLevels = new Set(levels.flatMap((g) => g.cities));
  const chosen = corpus.cities.filter((c) => named.has(c));
  const cities = chosen.filter((c) => atLevels.has(c));
  return cities.length < chosen.length ? { levels: levels.map((g) => g.label), chosen, cities } : null;
}

/**
 * The levels of a place choice made of level groups alone (group=level:province, no city and no province group), which
 * a request reads as `level=` (every place of those levels, or the query's places kept to them); null otherwise. The
 * query's 昆山 had been overridden by 已选了地区 under group=level:province, where level=province keeps to it (s23
 * verifying audit 5).
 * @example levelsAlone({ cities: [], groups: ['level:province'] }) // ['province']
 */
export function levelsAlone(choice: PlaceChoice): string[] | null {
  if (choice.cities.length || !choice.groups.length || !choice.groups.every((g) => g.startsWith('level:'))) return null;
  return choice.groups.map((g) => g.slice('level:'.length));
}

/**
 * The documents a request chose by id (`doc`), 发文机关 (`issuer`) and type (`type`), as given: kept for the links and
 * forms that repeat the request, while the filters hold the ids they come to ({@link chooseDocuments}).
 */
export interface DocumentChoice {
  docs: string[];
  issuers: string[];
  types: string[];
}

/** The places and levels the other filters of a request keep, which the chosen documents must lie in. */
interface ChoiceWithin {
  cities?: readonly string[];
  levels?: readonly string[];
}

/**
 * The ids of the documents a request's `issuer` and `type` choose, among its `doc` (if any), in corpus order: what the
 * engine's and the analysis's `docs` filter take, so that search, compare, similar, targets and the matrix filter by
 * 发文机关 and type without a path of their own. Undefined when neither is given (`doc` then filters alone, as before).
 * - `type` is one of the types the corpus's documents have (/docs's types, read in simplified script); another is a
 *   400 naming them (BAD_REQUEST, `details.valid`).
 * - `issuer` chooses the documents whose 发文机关 contains it (src/search/issuers.ts: 平湖市政府 is 平湖市人民政府); one
 *   that chooses no document of the corpus is 400 UNKNOWN_ISSUER naming the corpus's issuers (`details.valid`).
 * - Several values of one choose what any of them does; issuer, type, doc and the places and levels `within` must
 *   all hold. When each chooses documents but none is left with the others (issuer=江苏省人民政府&city=昆山), the
 *   answer is a 400 naming the issuers and types the rest would offer, not an empty page or no column at all.
 * - So is every other choice of documents that cannot hold together, checked first (whether or not `issuer` or `type`
 *   is given): places and levels that share no document (city=昆山&level=province: `details.levels`, `details.cities`),
 *   and documents chosen by id outside the chosen places and levels (city=昆山&doc=<上海's document>: `details.docs`,
 *   the documents of the chosen places). They had answered an empty 200 (twenty-first session's verifying audit).
 * @example chooseDocuments({ docs: [], issuers: ['平湖市政府'], types: [] }, corpus) // ['002_86af085e02e72586']
 */
export function chooseDocuments(choice: DocumentChoice, corpus: CorpusInfo, within: ChoiceWithin = {}): string[] | undefined {
  checkChoiceHolds(choice.docs, corpus, within);
  if (!choice.issuers.length && !choice.types.length) return undefined;
  const types = [...new Set(choice.types.map((t) => toSimplified(t.trim())))];
  const unknownTypes = types.filter((t) => !corpus.docTypes.includes(t));
  if (unknownTypes.length) {
    const known = unknownTypes.every((t) => (DOCUMENT_TYPES as readonly string[]).includes(t));
    const valid = corpus.docTypes.length ? corpus.docTypes : ['(none)'];
    throw createError(
      'BAD_REQUEST',
      known
        ? `No document of the corpus is of type ${quoted(unknownTypes)}. Types of the corpus's documents: ${valid.join(', ')}.`
        : `Unknown document ${unknownTypes.length > 1 ? 'types' : 'type'} ${quoted(unknownTypes)}. Types of the corpus's documents: ${valid.join(', ')}.`,
      { valid: corpus.docTypes },
      known
        ? `本库没有类型为${chineseQuoted(unknownTypes)}的文件。本库文件的类型：${corpus.docTypes.join('、') || '（无）'}。`
        : `没有${chineseQuoted(unknownTypes)}这种文件类型。本库文件的类型：${corpus.docTypes.join('、') || '（无）'}。`,
    );
  }
  const issued = choice.issuers.length ? issuedBy(choice.issuers, corpus) : null;
  const byIssuer = issued ? new Set(issued.ids) : null;
  const byType = types.length ? new Set(types) : null;
  const docs = choice.docs.length ? new Set(choice.docs) : null;
  const cities = within.cities?.length ? new Set(within.cities) : null;
  const levels = within.levels?.length ? new Set(within.levels) : null;
  const kept = (d: DocumentSummary, skip?: 'issuer' | 'type') =>
    (skip === 'issuer' || !byIssuer || byIssuer.has(d.id)) &&
    (skip === 'type' || !byType || byType.has(d.docType ?? '')) &&
    (!docs || docs.has(d.id)) &&
    (!cities || cities.has(columnOf(d))) &&
    (!levels || levels.has(d.level ?? ''));
  const chosen = corpus.documents.filter((d) => kept(d));
  if (chosen.length) return chosen.map((d) => d.id);
  // Each chose documents of the corpus, but none with the rest: say what the rest would offer.
  const issuers = byIssuer ? issuerNames(corpus.documents.filter((d) => kept(d, 'issuer'))) : [];
  const offeredTypes = byType ? corpus.docTypes.filter((t) => corpus.documents.some((d) => d.docType === t && kept(d, 'type'))) : [];
  const criteria = [byIssuer ? `issued by ${quoted(choice.issuers)}` : '', byType ? `of type ${quoted(types)}` : ''].filter(Boolean).join(' and ');
  const criteriaZh = [byIssuer ? `发文机关含${chineseQuoted(choice.issuers)}` : '', byType ? `类型为${chineseQuoted(types)}` : ''].filter(Boolean).join('且');
  const others = [cities ? 'places' : '', levels ? 'levels' : '', docs ? 'documents' : ''].filter(Boolean);
  const othersZh = [cities ? '地区' : '', levels ? '层级' : '', docs ? '文件' : ''].filter(Boolean);
  const among = others.length ? ` of the chosen ${others.join(', ')}` : '';
  const amongZh = othersZh.length ? `所选${othersZh.join('、')}中` : '本库';
  const offer = [
    byIssuer ? `Issuers${byType ? ` of those of type ${quoted(types)}` : ''}${among}: ${issuers.length ? listValues(issuers, 20) : 'none'}.` : '',
    byType ? `Types${byIssuer ? ` of those issued by ${quoted(choice.issuers)}` : ''}${among}: ${offeredTypes.length ? offeredTypes.join(', ') : 'none'}.` : '',
  ].filter(Boolean).join(' ');
  const offerZh = [
    byIssuer ? `${amongZh}${byType ? `类型为${chineseQuoted(types)}的文件` : '文件'}的发文机关：${issuers.length ? listValues(issuers, 20).replaceAll(', ', '、') : '（无）'}。` : '',
    byType ? `${amongZh}${byIssuer ? `发文机关含${chineseQuoted(choice.issuers)}的文件` : '文件'}的类型：${offeredTypes.length ? offeredTypes.join('、') : '（无）'}。` : '',
  ].join('');
  throw createError(
    'BAD_REQUEST',
    `No document${among} is ${criteria}. ${offer}`,
    { ...(byIssuer ? { issuers } : {}), ...(byType ? { types: offeredTypes } : {}) },
    `${amongZh}没有${criteriaZh}的文件。${offerZh}`,
  );
}

/**
 * The documents a route filters by: those `chooseDocuments` chooses, else the `doc` values as given (checked by
 * `checkFilters`), else undefined (every document).
 */
function documentsFilter(choice: DocumentChoice, corpus: CorpusInfo, within: ChoiceWithin): string[] | undefined {
  return chooseDocuments(choice, corpus, within) ?? (choice.docs.length ? choice.docs : undefined);
}

/** A level as the refusals name it: `province（省级）`. */
function levelInRefusal(level: string): string {
  const zh = Object.hasOwn(LEVEL_NAMES, level) ? LEVEL_NAMES[level] : undefined;
  return zh ? `${level}（${zh}）` : level;
}

const LEVEL_NAMES: Readonly<Record<string, string>> = { province: '省级', prefecture: '地级', county: '县级' };

/** A document as a refusal lists it: its id, and its title in brackets. */
function documentNamed(d: DocumentSummary, zh = false): string {
  return d.title ? (zh ? `${d.id}（${d.title}）` : `${d.id} (${d.title})`) : d.id;
}

/**
 * Refuses (BAD_REQUEST) the places, levels and documents chosen by id that no document meets together, naming what
 * would: places and levels first (the levels the chosen places have, the places of the chosen levels), then documents
 * outside the chosen places and levels (the documents those have, and the places the chosen documents are of). A
 * choice that holds is left to the issuer and type check. Places and levels each name documents of the corpus
 * (checkFilters, expandGroups), so only a combination can leave none.
 * @example checkChoiceHolds(['02-shanghai-g60-kechuang-zoulang-ruogan-cuoshi'], corpus, { cities: ['昆山市'] }) // throws: documents of 昆山市: …
 */
function checkChoiceHolds(docIds: readonly string[], corpus: CorpusInfo, within: ChoiceWithin): void {
  const cities = within.cities?.length ? new Set(within.cities) : null;
  const levels = within.levels?.length ? new Set(within.levels) : null;
  if (cities && levels && !corpus.documents.some((d) => cities.has(columnOf(d)) && levels.has(d.level ?? ''))) {
    const chosenPlaces = corpus.documents.filter((d) => cities.has(columnOf(d)));
    throw noPlaceAtLevels([...levels], chosenPlaces, corpus);
  }
  if (!docIds.length || (!cities && !levels)) return;
  const docs = new Set(docIds);
  const inPlaces = (d: DocumentSummary) => (!cities || cities.has(columnOf(d))) && (!levels || levels.has(d.level ?? ''));
  if (corpus.documents.some((d) => docs.has(d.id) && inPlaces(d))) return;
  const chosen = corpus.documents.filter((d) => docs.has(d.id));
  const theirPlaces = [...new Set(chosen.map(columnOf))];
  const offered = corpus.documents.filter(inPlaces);
  const where = [cities ? 'places' : '', levels ? 'levels' : ''].filter(Boolean).join(' and ');
  const whereZh = [cities ? '地区' : '', levels ? '层级' : ''].filter(Boolean).join('、');
  const many = chosen.length > 1;
  throw createError(
    'BAD_REQUEST',
    `The ${many ? 'documents' : 'document'} chosen (${quoted(chosen.map((d) => d.id))}, of ${theirPlaces.join(', ')}) ${many ? 'are' : 'is'} not of the chosen ${where}. Documents of the chosen ${where}: ${listValues(offered.map((d) => documentNamed(d)), 20, '/api/documents')}.`,
    { docs: offered.map((d) => d.id), cities: theirPlaces },
    `所选文件（${chineseQuoted(chosen.map((d) => d.id))}，${theirPlaces.join('、')}）不在所选${whereZh}中。所选${whereZh}的文件：${listValues(offered.map((d) => documentNamed(d, true)), 20).replaceAll(', ', '、')}。`,
  );
}

/**
 * The refusal of levels that none of the chosen places has (city=昆山&level=province), naming the levels those places
 * have (`details.levels`) and the places of the chosen levels (`details.cities`). `chosen` are the chosen places'
 * documents (search and the document list filter documents by level) or places (`placesAtLevels`).
 */
function noPlaceAtLevels(levels: readonly string[], chosen: readonly { level: string | null }[], corpus: CorpusInfo, named?: readonly string[]): Error {
  const theirLevels = corpus.levels.filter((l) => chosen.some((c) => c.level === l));
  const atLevels = corpus.places.filter((pl) => pl.level !== null && levels.includes(pl.level)).map((pl) => pl.city);
  const levelsEn = levels.map((l) => `"${truncate(l)}"`).join(' or ');
  const levelsZh = levels.map(levelInRefusal).join('或');
  // The places a query named (昆山专精特新) are said as the query's, not as a choice the user did not make.
  const whoseEn = named?.length ? `the places the query names (${named.join(', ')})` : 'the chosen places';
  const whoseZh = named?.length ? `查询所指地区（${named.join('、')}）` : '所选地区';
  return createError(
    'BAD_REQUEST',
    `No place of ${whoseEn} is of level ${levelsEn}. Levels of ${named?.length ? 'those places' : 'the chosen places'}: ${theirLevels.join(', ') || 'none'}. Places of level ${levelsEn}: ${listValues(atLevels) || 'none'}.`,
    { levels: theirLevels, cities: atLevels },
    `${whoseZh}中没有${levelsZh}层级的地区。${named?.length ? '其' : '所选地区的'}层级：${theirLevels.map(levelInRefusal).join('、') || '（无）'}。${levelsZh}层级的地区：${listValues(atLevels).replaceAll(', ', '、') || '（无）'}。`,
  );
}

/**
 * The ids of the documents the `issuer` values choose (src/search/issuers.ts), or 400 UNKNOWN_ISSUER naming the
 * corpus's issuers when one chooses none.
 */
function issuedBy(values: readonly string[], corpus: CorpusInfo): { ids: string[] } {
  const issued = documentsIssuedBy(corpus.documents, values);
  if (!issued.unknown.length) return issued;
  const valid = issuerNames(corpus.documents);
  throw createError(
    'UNKNOWN_ISSUER',
    `No document of the corpus is issued by ${quoted(issued.unknown)}: a document is chosen when its issuer (发文机关) contains the value, 人民政府 read as 政府. Issuers of the corpus: ${listValues(valid, 20, '/api/documents')}.`,
    { valid },
    `本库没有发文机关含${chineseQuoted(issued.unknown)}的文件（发文机关包含所填文字即算，“人民政府”与“政府”视同）。本库的发文机关：${listValues(valid, 20).replaceAll(', ', '、')}。`,
  );
}

/**
 * Names a client is likely to try for the filters the routes take, normalised (lower case, without `-`, `_` and
 * spaces), and the parameters each means. Parameters a route does not know are otherwise ignored (links carry the
 * other views' parameters along); these are refused instead, since a filter that silently filters nothing answers
 * a question that was not asked (`issuer=平湖市人民政府` had been ignored by every view: 20 hits from 7 issuers).
 */
const LIKELY_NAMES: Readonly<Record<string, readonly string[]>> = {
  doctype: ['type'], documenttype: ['type'], types: ['type'], kind: ['type'], category: ['type'], 类型: ['type'], 文件类型: ['type'], 文种: ['type'],
  issuers: ['issuer'], issuedby: ['issuer'], agency: ['issuer'], organ: ['issuer'], authority: ['issuer'], publisher: ['issuer'], department: ['issuer'], dept: ['issuer'],
  发文机关: ['issuer'], 发文单位: ['issuer'], 发文机构: ['issuer'], 发布机关: ['issuer'], 机关: ['issuer'],
  cities: ['city'], place: ['city'], places: ['city'], region: ['city'], area: ['city'], 地区: ['city'], 城市: ['city'],
  province: ['group', 'city'], groups: ['group'],
  docs: ['doc'], document: ['doc'], documents: ['doc'], docid: ['doc'], documentid: ['doc'], file: ['doc'], 文件: ['doc'],
  levels: ['level'], 层级: ['level'], 级别: ['level'],
  from: ['since'], start: ['since'], startdate: ['since'], datefrom: ['since'], after: ['since'], 起始日期: ['since'],
  to: ['until'], end: ['until'], enddate: ['until'], dateto: ['until'], before: ['until'], 截止日期: ['until'],
  year: ['since', 'until'], date: ['since', 'until'], 日期: ['since', 'until'],
  valid: ['in_force'], current: ['in_force'], effective: ['in_force'], 现行有效: ['in_force'],
};

/** The filters of the routes: a route that lacks one refuses it rather than filter nothing (see `LIKELY_NAMES`). */
const FILTER_NAMES = ['city', 'group', 'doc', 'issuer', 'type', 'level', 'part', 'since', 'until', 'in_force'];

function normalisedName(name: string): string {
  return name.toLowerCase().replace(/[-_\s]/gu, '');
}

/**
 * Refuses (BAD_REQUEST) the parameters a client likely meant as a filter that this route reads under another name
 * (`docType` for `type`, `from` for `since`, `City` for `city`) or does not take (`part` on the matrix), naming the
 * right one and the route's parameters. Every other unknown parameter is still ignored.
 * @example refuseMisnamed({ docType: '规划' }, ['q', 'type']) // throws: did you mean "type"?
 */
export function refuseMisnamed(raw: RawQuery, accepted: readonly string[]): void {
  const byNormalised = new Map(accepted.map((a) => [normalisedName(a), a]));
  const issues: { parameter: string; message: string; zh: string }[] = [];
  for (const name of Object.keys(raw)) {
    if (accepted.includes(name)) continue;
    const key = normalisedName(name);
    // Own names only: ?constructor had read Object.prototype.constructor as a list of names, a 500 (found by the fuzz test).
    const likely = Object.hasOwn(LIKELY_NAMES, key) ? LIKELY_NAMES[key] : undefined;
    const meant = byNormalised.has(key) ? [byNormalised.get(key)!] : likely ?? (FILTER_NAMES.includes(name) ? [] : null);
    if (meant === null) continue;
    const here = meant.filter((m) => accepted.includes(m));
    const shown = truncate(name, 40);
    if (here.length)
      issues.push({
        parameter: name,
        message: `Parameter "${shown}" is not one this route reads: did you mean ${here.map((m) => `"${m}"`).join(' and ')}?`,
        zh: `不认识参数“${shown}”，是否想用${here.map((m) => named(m)).join('和')}？`,
      });
    else
      issues.push({
        parameter: name,
        message: `Parameter "${shown}" ${meant.length ? `(${meant.map((m) => `"${m}"`).join(' or ')}) ` : ''}is not a filter of this route.`,
        zh: `本页不能按${meant.length ? meant.map((m) => named(m)).join('或') : named(name)}筛选（参数“${shown}”）。`,
      });
  }
  if (!issues.length) return;
  const listed = accepted.filter((a) => !['format'].includes(a));
  throw createError(
    'BAD_REQUEST',
    `${issues.map((i) => i.message).join(' ')} This route's parameters: ${listed.join(', ')}.`,
    { issues: issues.map(({ parameter, message }) => ({ parameter, message })), parameters: [...accepted] },
    `${issues.map((i) => i.zh).join('')}可用的参数：${listed.map((a) => `${a}${Object.hasOwn(PARAMETER_NAMES, a) ? `（${PARAMETER_NAMES[a]}）` : ''}`).join('、')}。`,
  );
}

/**
 * Checks city/doc/level values against the corpus: UNKNOWN_CITY (400), UNKNOWN_DOCUMENT (404), BAD_REQUEST. An unknown
 * city is refused with what it may have meant, as {@link unknownCities} says it.
 */
export function checkFilters(filters: SearchFilters, corpus: CorpusInfo): void {
  const cities = (filters.cities ?? []).filter((c) => !corpus.cities.includes(c));
  if (cities.length) throw unknownCities(cities, corpus);
  const ids = corpus.documents.map((d) => d.id);
  const docs = (filters.docs ?? []).filter((d) => !ids.includes(d));
  if (docs.length)
    throw createError(
      'UNKNOWN_DOCUMENT',
      `Unknown ${docs.length > 1 ? 'documents' : 'document'} ${quoted(docs)}. Valid documents: ${listValues(ids, 20, '/api/documents')}.`,
      // Every id, as an unknown city's refusal gives every place: the message lists only the first 20.
      { valid: ids },
      `本库没有编号为${chineseQuoted(docs)}的文件；文件列表见“文件”页（/docs）。`,
    );
  const levels = (filters.levels ?? []).filter((l) => !corpus.levels.includes(l));
  if (levels.length)
    throw createError(
      'BAD_REQUEST',
      `Unknown ${levels.length > 1 ? 'levels' : 'level'} ${quoted(levels)}. Valid levels: ${listValues(corpus.levels)}.`,
      { valid: corpus.levels },
      `本库没有${chineseQuoted(levels)}这一层级。可选：${corpus.levels.join('、')}（province 省级、prefecture 地级、county 县级）。`,
    );
}

/** The most unknown `city` values a refusal says more of (each costs a reading of its sounds). */
const HINTED_MAX = 5;

/**
 * UNKNOWN_CITY for `values`, naming the valid places and, for each value, what it may have meant (query-places.ts
 * `cityHint`), never read as that: a list (昆山,平湖) is told to repeat `city=`; an organ (江苏省人民政府) to use `issuer=`,
 * with how many documents it chooses; a slip or pinyin (青到, 昆三, Kunshan) is offered the place it sounds like (您是否要找：
 * 青岛市). Every such value had been told only that the corpus lacks it (twenty-second session's places audit).
 * `details.suggestions`: `[{ value, reason: list|issuer|spelling, city, issuer?, documents? }]`, `city` the names to
 * give `city=` (the columns, or for an organ the place it starts with), present when some value has one; `issuer`
 * only when some document has it (city=山东省人民政府 had been offered issuer=山东省人民政府, which no document has and
 * issuer= refuses: now the place alone, city=山东省; verifying audit).
 */
function unknownCities(values: string[], corpus: CorpusInfo): Error {
  const hints = values.slice(0, HINTED_MAX).flatMap((v) => cityHint(v, corpus) ?? []);
  const hinted = new Set(hints.map((h) => h.value));
  const plain = values.filter((v) => !hinted.has(v));
  const en: string[] = [];
  const zh: string[] = [];
  const suggestions: Record<string, unknown>[] = [];
  for (const h of hints) {
    const v = truncate(h.value);
    if (h.reason === 'list') {
      const repeat = h.city.map((c) => `city=${c}`).join('&');
      en.push(`"${v}" names several places: give city= once for each (${repeat}).`);
      zh.push(`“${v}”写了几个地区：请每个地区各选一次（网址中各写一个 city：${repeat}）。`);
      suggestions.push({ value: h.value, reason: h.reason, city: h.city });
    } else if (h.reason === 'issuer') {
      const documents = documentsIssuedBy(corpus.documents, [h.value]).ids.length;
      // An issuer no document has is not offered (issuer= would be refused in turn): the place alone is.
      if (!documents) {
        en.push(`"${v}" names an issuer (发文机关), not a place, and no document of the corpus is issued by it${h.place ? `: choose the place with city=${h.place}` : ''}.`);
        zh.push(`“${v}”是发文机关，不是地区；本库没有它发的文件${h.place ? `。按地区请用 city=${h.place}` : ''}。`);
        suggestions.push({ value: h.value, reason: h.reason, city: h.place ? [h.place] : [], documents });
        continue;
      }
      const place = h.place ? ` or the place with city=${h.place}` : '';
      en.push(`"${v}" names an issuer (发文机关), not a place: choose its documents with issuer=${v} (${documents} document${documents > 1 ? 's' : ''} of the corpus)${place}.`);
      zh.push(`“${v}”是发文机关，不是地区：按发文机关选文件请用 issuer=${v}（本库有 ${documents} 份）${h.place ? `；按地区请用 city=${h.place}` : ''}。`);
      suggestions.push({ value: h.value, reason: h.reason, city: h.place ? [h.place] : [], issuer: h.value, documents });
    } else {
      // A name standing for several places is shown with them: 山东（青岛市、烟台市、山东省）.
      const shown = (open: string, sep: string, close: string) => h.city.map((c) => (corpus.cities.includes(c) ? c : `${c}${open}${columnsNamed([c], corpus).join(sep)}${close}`));
      en.push(`"${v}": did you mean ${shown(' (', ', ', ')').join(' or ')}? (${h.city.map((c) => `city=${c}`).join(' or ')})`);
      zh.push(`“${v}”不在本库中。您是否要找：${shown('（', '、', '）').join('、')}？`);
      suggestions.push({ value: h.value, reason: h.reason, city: h.city });
    }
  }
  const reasons = new Set(hints.map((h) => h.reason));
  // The page's lead says what the refusal is when every value is a list, or every one an organ: no place the corpus lacks.
  const lead = plain.length || reasons.size !== 1 ? undefined : reasons.has('list') ? '地区要逐个选' : reasons.has('issuer') ? '这是发文机关，不是地区' : undefined;
  const valid = listValues(corpus.cities);
  return new PolicyLensError(
    'UNKNOWN_CITY',
    [`Unknown ${values.length > 1 ? 'cities' : 'city'} ${quoted(values)}.`, ...en, `Valid cities: ${valid}.`].join(' '),
    {
      details: { valid: corpus.cities, ...(suggestions.length ? { suggestions } : {}) },
      zh: `${plain.length ? `${chineseQuoted(plain)}不在本库中。` : ''}${zh.join('')}本库的地区：${listValues(corpus.cities, 20).replaceAll(', ', '、')}。`,
      ...(lead ? { lead } : {}),
    },
  );
}

/** The engine options of a validated search or comparison (`scope` and `spell` only when not the default). */
export function searchOptions(r: SearchRequest): SearchOptions {
  return { ...r.filters, mode: r.mode, k: r.k, ...(r.scope === 'all' ? { scope: 'all' as const } : {}), ...(r.spell === 'off' ? { spell: 'off' as const } : {}) };
}

/**
 * What a search or comparison asks `questionTargets` for: the query as read (`read`: its homophone slips read as the
 * corpus's words) without the places it named, and those places as the filter of a search, or of a comparison that
 * named two or more (a comparison of one named place keeps its columns).
 */
export function targetsAsked(r: SearchRequest, read: string, scope: QueryScope | null, op: 'search' | 'compare'): [string, SearchFilters] {
  if (!scope) return [read, r.filters];
  const cities = op === 'search' || scope.cities.length >= 2 ? scope.cities : r.filters.cities;
  // An organ named with the place keeps a search's targets to its documents, as it keeps the hits.
  const docs = op === 'search' && scope.issuer?.documents.length ? { docs: scope.issuer.documents } : {};
  return [scope.query, { ...r.filters, ...(cities?.length ? { cities } : {}), ...docs }];
}

/**
 * Validates the query string of a search or comparison against the corpus.
 * @example parseSearchRequest({ q: '专精特新', city: ['昆山市', '青岛市'] }, engine.corpus(), 10)
 */
export function parseSearchRequest(raw: RawQuery, corpus: CorpusInfo, defaultK: number): SearchRequest {
  const schema = searchQuerySchema(defaultK);
  refuseMisnamed(raw, Object.keys(schema.shape));
  const p = parseWith(schema, raw);
  const cityScope = cityReadings(p.city, corpus);
  p.city = columnsNamed(p.city, corpus);
  p.group = groupsNamed(p.group, corpus);
  const filters: SearchFilters = {};
  if (p.city.length) filters.cities = p.city;
  if (p.doc.length) filters.docs = p.doc;
  if (p.level.length) filters.levels = p.level;
  if (p.part) filters.part = p.part;
  Object.assign(filters, dateBounds(p), inForceBound(p));
  checkFilters(filters, corpus);
  const places = { cities: p.city, groups: p.group };
  if (p.group.length) filters.cities = expandGroups(places, corpus);
  // Level groups alone are `level=`'s levels, which a place the query names is kept to (or refused: queryAtLevels).
  const alone = p.level.length ? null : levelsAlone(places);
  if (alone) {
    delete filters.cities;
    filters.levels = alone;
  }
  const documents = { docs: p.doc, issuers: p.issuer, types: p.type };
  const docs = chooseDocuments(documents, corpus, { cities: filters.cities, levels: filters.levels });
  if (docs) filters.docs = docs;
  return { q: p.q, mode: p.mode ?? 'hybrid', k: p.k, format: p.format ?? 'json', scope: p.scope ?? 'auto', spell: p.spell ?? 'auto', places, cityScope, documents, filters };
}

/**
 * A search or comparison whose levels (`level=`, or level groups alone) leave none of the places its query names (昆山
 * under level=province) is refused as city=昆山&level=province is: a 400 naming the levels those places have and the
 * places of the levels asked. It had answered 0 hits with the generic advice, and a comparison no column (s23 verifying
 * audit 5). Places chosen (`city`, a province group) win over the query's, and a comparison names its columns only
 * with two places or more, so neither is checked then.
 */
export function queryAtLevels(r: SearchRequest, corpus: CorpusInfo, engine: Pick<SearchEngine, 'scopeOf' | 'spellingOf'>, op: 'search' | 'compare'): void {
  const levels = r.filters.levels ?? [];
  if (!levels.length || r.filters.cities?.length || r.scope === 'all') return;
  const read = engine.spellingOf(r.q, { spell: r.spell })?.query ?? r.q;
  const scope = engine.scopeOf(read, { ...r.filters, scope: r.scope });
  if (!scope || (op === 'compare' && scope.cities.length < 2)) return;
  placesAtLevels(corpus, levels, scope.cities, scope.named);
}

/** Validates the query string of "similar in other cities". */
export function parseSimilarRequest(raw: RawQuery, corpus: CorpusInfo): SimilarRequest {
  refuseMisnamed(raw, Object.keys(similarQuerySchema.shape));
  const p = parseWith(similarQuerySchema, raw);
  p.city = columnsNamed(p.city, corpus);
  p.group = groupsNamed(p.group, corpus);
  checkFilters({ cities: p.city, docs: p.doc, levels: p.level }, corpus);
  const { cities, chosen } = similarPlaces(p, corpus);
  const documents = { docs: p.doc, issuers: p.issuer, types: p.type };
  const docs = documentsFilter(documents, corpus, { cities });
  return { k: p.k, format: p.format ?? 'json', cities, chosen, documents, places: { cities: p.city, groups: p.group }, levels: p.level, ...(docs ? { docs } : {}), ...(p.sentence !== undefined ? { sentence: p.sentence } : {}), ...dateBounds(p), ...inForceBound(p) };
}

/**
 * The measure sentence picked on the paragraph page (`/p/:id?sentence=N`, 0-based like `similar?sentence=`), or
 * undefined for the whole clause. A malformed value is BAD_REQUEST; a number past the clause's `count` sentences
 * is UNKNOWN_SENTENCE (400), as the API answers it. Both messages say which values the clause has.
 * @example parseSentenceChoice({ sentence: '2' }, 4) // 2
 */
export function parseSentenceChoice(raw: RawQuery, count: number): number | undefined {
  const { sentence } = parseWith(similarQuerySchema.pick({ sentence: true }), raw);
  if (sentence === undefined || sentence < count) return sentence;
  const valid = count === 0 ? 'It has none' : count === 1 ? 'It has one, sentence=0' : `It has ${count}, sentence=0 to sentence=${count - 1}`;
  const zh = count === 0 ? '它没有可选的句子' : count === 1 ? '它只有一句，sentence=0' : `它有 ${count} 句，sentence=0 到 sentence=${count - 1}`;
  throw createError('UNKNOWN_SENTENCE', `This clause has no sentence ${sentence}. ${valid}; or leave "sentence" out to match the whole clause.`, undefined, `这条条款没有第 ${sentence} 句（从 0 数起）：${zh}；不选句子则对照整条。`);
}

/** Validates the query string of `/api/similar` (pasted text). */
export function parseTextSimilarRequest(raw: RawQuery, corpus: CorpusInfo): TextSimilarRequest {
  refuseMisnamed(raw, Object.keys(textSimilarQuerySchema.shape));
  const p = parseWith(textSimilarQuerySchema, raw);
  p.city = columnsNamed(p.city, corpus);
  p.group = groupsNamed(p.group, corpus);
  checkFilters({ cities: p.city, docs: p.doc, levels: p.level }, corpus);
  const { cities, chosen } = similarPlaces(p, corpus);
  const documents = { docs: p.doc, issuers: p.issuer, types: p.type };
  const docs = documentsFilter(documents, corpus, { cities });
  return { text: p.text, k: p.k, format: p.format ?? 'json', cities, chosen, documents, places: { cities: p.city, groups: p.group }, levels: p.level, ...(docs ? { docs } : {}), ...(p.exclude ? { exclude: p.exclude } : {}), ...dateBounds(p), ...inForceBound(p) };
}

/**
 * The columns a "similar" request asks for: its places and groups, kept to `level`'s places when given (every place of
 * those levels when none is chosen); empty for every place.
 */
function similarPlaces(p: { city: string[]; group: string[]; level: string[] }, corpus: CorpusInfo): { cities: string[]; chosen: string[] } {
  const chosen = p.group.length ? expandGroups({ cities: p.city, groups: p.group }, corpus) : corpus.cities.filter((c) => p.city.includes(c));
  return { cities: p.level.length ? placesAtLevels(corpus, p.level, chosen) : chosen, chosen };
}

/** Checks a document id's shape before it reaches the engine (BAD_REQUEST otherwise). */
export function parseDocumentId(raw: string): string {
  if (DOCUMENT_ID_PATTERN.test(raw)) return raw;
  throw createError('BAD_REQUEST', `Invalid document id "${truncate(raw)}": expected a file name without extension (letters, digits, _ - .).`, undefined, `文件编号“${truncate(raw)}”的写法不对：应是不带扩展名的文件名（字母、数字、_ - .）。`);
}

/** Checks a paragraph id's shape (`<document id>:p<ordinal>`) before it reaches the engine. */
export function parseParagraphId(raw: string): string {
  if (PARAGRAPH_ID_PATTERN.test(raw)) return raw;
  throw createError('BAD_REQUEST', `Invalid paragraph id "${truncate(raw)}": expected "<document id>:p<number>", e.g. "000_dcbe0bbe788de573:p0042".`, undefined, `条款编号“${truncate(raw)}”的写法不对：应是“文件编号:p序号”，如 000_dcbe0bbe788de573:p0042。`);
}

/** Keeps an echoed value short and printable in a message. */
function truncate(value: string, max = 80): string {
  // eslint-disable-next-line no-control-regex
  const printable = value.replace(/[\u0000-\u001f\u007f]/g, '?');
  const chars = [...printable];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : printable;
}

/** The paragraph id's document part: everything before the last `:p`. */
export function documentIdOf(paragraphId: string): string {
  const at = paragraphId.lastIndexOf(':p');
  return at === -1 ? paragraphId : paragraphId.slice(0, at);
}

// ---------- analysis: /api/targets, /api/matrix, /api/diff ----------

/**
 * `q` of the targets table: optional (empty = every target), else read as search reads its `q` (at most 1,000
 * characters, holding a word, number or character: ？？ had answered 200 with no target where search refuses it).
 */
const optionalQuery = single('q').transform((v, ctx) => {
  const q = (v ?? '').trim();
  if (q === '') return q;
  const read = querySchema.safeParse(q);
  if (read.success) return read.data;
  for (const issue of read.error.issues) ctx.addIssue(issue);
  return z.NEVER;
});

/** The most targets one page of `/api/targets` holds (`limit`); without `limit` the answer holds every target. */
export const MAX_TARGETS_LIMIT = 10_000;

/** Schema of `/api/targets`. */
export const targetsQuerySchema = z.object({
  q: optionalQuery,
  scope: oneOf('scope', 'scopes', SCOPES, 'auto'),
  spell: oneOf('spell', 'spells', SPELLS, 'auto'),
  city: repeated(),
  group: groups(),
  ...documentShape,
  level: levels(),
  since: dateParameter('since'),
  until: dateParameter('until'),
  in_force: inForceParameter(),
  format: oneOf('format', 'formats', EXPORT_FORMATS, 'json'),
  limit: integer('limit', 1, MAX_TARGETS_LIMIT, 0),
  offset: integer('offset', 0, 999_999, 0),
});

/** Schema of `/api/matrix`: which places' columns to show. */
export const matrixQuerySchema = z.object({
  city: repeated(), group: groups(), ...documentShape, level: levels(), since: dateParameter('since'), until: dateParameter('until'), in_force: inForceParameter(), format: oneOf('format', 'formats', EXPORT_FORMATS, 'json'),
});

export interface TargetsRequest {
  filters: TargetFilters;
  places: PlaceChoice;
  /** The levels chosen (`level`), which `filters.cities` already keeps to; kept for a scope read from `q` and for an export's name. */
  levels: string[];
  /** Whether places named in `q` may scope it (`auto`) or not (`all`), as in search. */
  scope: 'auto' | 'all';
  /** Whether `q`'s homophone slips are read as the corpus's words (`auto`) or not (`off`), as in search. */
  spell: 'auto' | 'off';
  /** As SearchRequest's. */
  cityScope: CityReading[];
  /** Documents chosen by id, 发文机关 and type (kept for links); `filters.docs` holds the ids they come to. */
  documents: DocumentChoice;
  format: ExportFormat;
  /** The slice of the matching targets to answer: from `offset`, at most `limit` (null: all the rest). */
  page: { offset: number; limit: number | null };
}

/**
 * Validates the targets table's filters against the corpus (UNKNOWN_CITY 400, UNKNOWN_DOCUMENT 404).
 * @example parseTargetsRequest({ q: '研发', city: '昆山市' }, engine.corpus())
 */
export function parseTargetsRequest(raw: RawQuery, corpus: CorpusInfo): TargetsRequest {
  refuseMisnamed(raw, Object.keys(targetsQuerySchema.shape));
  const p = parseWith(targetsQuerySchema, raw);
  const cityScope = cityReadings(p.city, corpus);
  p.city = columnsNamed(p.city, corpus);
  p.group = groupsNamed(p.group, corpus);
  const filters: TargetFilters = {};
  if (p.q) filters.q = p.q;
  if (p.city.length) filters.cities = p.city;
  if (p.doc.length) filters.docs = p.doc;
  Object.assign(filters, dateBounds(p), inForceBound(p));
  checkFilters({ cities: p.city, docs: p.doc, levels: p.level }, corpus);
  const places = { cities: p.city, groups: p.group };
  if (p.group.length) filters.cities = expandGroups(places, corpus);
  if (p.level.length) filters.cities = placesAtLevels(corpus, p.level, filters.cities ?? []);
  const documents = { docs: p.doc, issuers: p.issuer, types: p.type };
  const docs = chooseDocuments(documents, corpus, { cities: filters.cities });
  if (docs) filters.docs = docs;
  return { filters, places, levels: p.level, scope: p.scope ?? 'auto', spell: p.spell ?? 'auto', cityScope, documents, format: p.format ?? 'json', page: { offset: p.offset, limit: p.limit || null } };
}

/**
 * The targets a request asks for, with the places named at the head of its `q` read as search and compare read them
 * (the engine's `scopeOf`, `scopeOf` here): the query without them (`filters.q`) and their places (`filters.cities`,
 * kept to `level`'s), and the scope the answer and the page report. As in search, only when no place is chosen
 * (`city`, `group`), no document (`doc`, `issuer`, `type`), and `scope` is not `all`: a chosen place wins, and the
 * query is matched as typed. /targets?q=昆山专精特新 had matched the whole string across every place and listed only
 * 江苏's 150个, saying 昆山 set no target (it sets 1000家 and 500家); 平湖亩均 matched none (twenty-second session's places
 * audit). A word mistyped with a homophone is read first, as search reads it before the places (`spellingOf`, the
 * engine's; `spell=off` matches as typed): /targets?q=青到专精特新 had matched 青到 against the indicators and listed
 * 江苏's one target, where search reads 青岛 and scopes to it (verifying audit); `spelling` says what was read.
 * @example scopedTargets(parseTargetsRequest({ q: '昆山专精特新' }, corpus), corpus, engine.scopeOf) // { filters: { q: '专精特新', cities: ['昆山市'] }, scope: { cities: ['昆山市'], named: ['昆山'], query: '专精特新' } }
 */
export function scopedTargets(
  r: TargetsRequest,
  corpus: CorpusInfo,
  scopeOf: SearchEngine['scopeOf'],
  outsideOf?: SearchEngine['placeOutsideOf'],
  spellingOf?: SearchEngine['spellingOf'],
): { filters: TargetFilters; scope: QueryScope | null; outside: PlaceOutside | null; spelling: QuerySpelling | null } {
  const spelling = r.filters.q && spellingOf ? spellingOf(r.filters.q, { spell: r.spell }) : null;
  const read = spelling ? { ...r, filters: { ...r.filters, q: spelling.query } } : r;
  return { ...placesOfTargets(read, corpus, scopeOf, outsideOf), spelling };
}

/** {@link scopedTargets} of a query already read for its spelling. */
function placesOfTargets(
  r: TargetsRequest,
  corpus: CorpusInfo,
  scopeOf: SearchEngine['scopeOf'],
  outsideOf?: SearchEngine['placeOutsideOf'],
): { filters: TargetFilters; scope: QueryScope | null; outside: PlaceOutside | null } {
  // Level groups alone are levels, as in search: the query's places are kept to them, not overridden.
  const alone = r.levels.length ? null : levelsAlone(r.places);
  const chosen = (r.places.cities.length || r.places.groups.length) && !alone ? (r.filters.cities ?? r.places.cities) : undefined;
  const scope = r.filters.q ? scopeOf(r.filters.q, { cities: chosen, docs: r.filters.docs, scope: r.scope }) : null;
  if (!scope) {
    // A place the corpus has no document of, at the head of `q` (深圳专精特新), is read around as search reads it: its
    // name matched against the indicators had changed the answer (5 targets where 专精特新 gives 8, 青岛's 300家 and
    // 杭州's 30家 among those left out; twenty-second session's verifying audit). The answer says what it left out.
    const q = r.filters.q;
    const asked = q && !chosen && !r.filters.docs?.length && r.scope !== 'all' ? (outsideOf?.(q) ?? null) : null;
    const rest = asked && q!.startsWith(asked.named) ? q!.slice(asked.named.length).replace(/^[\s的]+/u, '') : '';
    if (asked && [...rest].length >= 2) return { filters: { ...r.filters, q: rest }, scope: null, outside: asked };
    return { filters: r.filters, scope: null, outside: asked };
  }
  // A place the query names that is not of the levels asked is refused as a city= of another level is (a 400 naming
  // the levels it has and the places at the level asked), not answered with every place's targets.
  const levels = alone ?? r.levels;
  const cities = levels.length ? placesAtLevels(corpus, levels, scope.cities, scope.named) : scope.cities;
  // An organ named with the place (烟台市人大常委会…) keeps the targets to its documents, as in search.
  const docs = scope.issuer?.documents.length ? { docs: scope.issuer.documents } : {};
  return { filters: { ...r.filters, q: scope.query, cities, ...docs }, scope, outside: scope.outside ?? null };
}

/**
 * Levels keep the places of those levels (as search's `level` does), among the chosen ones if any (none chosen: every
 * place). When no chosen place is of those levels the request is a 400 naming the levels the chosen places have and
 * the places of those levels (city=昆山&level=province had answered an empty 200: a place no document has stood in for
 * the filter, so that nothing matched).
 * @example placesAtLevels(corpus, ['county'], []) // ['昆山市', '平湖市']
 */
export function placesAtLevels(corpus: CorpusInfo, levels: readonly string[], chosen: readonly string[], named?: readonly string[]): string[] {
  const atLevel = new Set(corpus.places.filter((pl) => pl.level !== null && levels.includes(pl.level)).map((pl) => pl.city));
  const kept = (chosen.length ? chosen : corpus.cities).filter((c) => atLevel.has(c));
  if (kept.length) return kept;
  throw noPlaceAtLevels(levels, corpus.places.filter((pl) => chosen.includes(pl.city)), corpus, named);
}

/**
 * Validates `/api/matrix`'s query string: `cities` empty means every column; `chosen` are the places chosen (groups
 * expanded) before `level`, whose missing columns the answer's `leftOut` names; `dates` holds the date bounds, the day in
 * force and the documents chosen (`doc`, `issuer`, `type`), which the matrix is counted over.
 */
export function parseMatrixRequest(raw: RawQuery, corpus: CorpusInfo): { format: ExportFormat; places: PlaceChoice; cityScope: CityReading[]; documents: DocumentChoice; levels: string[]; cities: string[]; chosen: string[]; dates: MatrixDates } {
  refuseMisnamed(raw, Object.keys(matrixQuerySchema.shape));
  const p = parseWith(matrixQuerySchema, raw);
  const cityScope = cityReadings(p.city, corpus);
  p.city = columnsNamed(p.city, corpus);
  p.group = groupsNamed(p.group, corpus);
  checkFilters({ cities: p.city, docs: p.doc, levels: p.level }, corpus);
  const places = { cities: p.city, groups: p.group };
  const chosen = p.group.length ? expandGroups(places, corpus) : corpus.cities.filter((c) => p.city.includes(c));
  const cities = p.level.length ? placesAtLevels(corpus, p.level, chosen) : chosen;
  const documents = { docs: p.doc, issuers: p.issuer, types: p.type };
  const docs = documentsFilter(documents, corpus, { cities });
  return { format: p.format ?? 'json', places, cityScope, documents, levels: p.level, cities, chosen, dates: { ...dateBounds(p), ...inForceBound(p), ...(docs ? { docs } : {}) } };
}

/** A parameter that must be given once and not be empty: `why` says what it is (the API's message, and the page's). */
function required(name: string, why: string, whyZh: string) {
  return single(name).transform((v, ctx) => {
    const value = v?.trim();
    if (value) return value;
    problem(ctx, `Parameter "${name}" is required: ${why}.`, `请填写${named(name)}：${whyZh}。`);
    return z.NEVER;
  });
}

/** Schema of `/api/matrix/cell`: one cell (a measure and a place), and the matrix's own date filters. */
export const matrixCellQuerySchema = z.object({
  measure: required('measure', 'the id of a row of /api/matrix, e.g. enterprise-tiers', '矩阵一行的措施编号，如 enterprise-tiers'),
  city: required('city', 'the place of one column of /api/matrix, e.g. 昆山市', '矩阵一列的地区，如 昆山市'),
  ...documentShape,
  since: dateParameter('since'),
  until: dateParameter('until'),
  in_force: inForceParameter(),
  format: oneOf('format', 'formats', EXPORT_FORMATS, 'json'),
});

/**
 * Validates `/api/matrix/cell`'s query string: `since`, `until`, `in_force` and the documents chosen (`doc`, `issuer`,
 * `type`) as `/api/matrix` reads them, and the cell's
 * place as any route reads a `city` (昆山, 崑山市 → 昆山市; UNKNOWN_CITY naming the valid ones), but one column only: a name
 * that stands for several (江苏: 昆山市, 江苏省, 南京市) is a 400 naming them. The measure is checked by the analysis,
 * which has the list (UNKNOWN_MEASURE).
 * @example parseMatrixCellRequest({ measure: 'enterprise-tiers', city: '昆山', since: '2023' }, corpus) // { measure, city: '昆山市', dates: { since: '2023-01-01' }, format: 'json' }
 */
export function parseMatrixCellRequest(raw: RawQuery, corpus: CorpusInfo): { format: ExportFormat; measure: string; city: string; documents: DocumentChoice; dates: MatrixDates } {
  refuseMisnamed(raw, [...Object.keys(matrixCellQuerySchema.shape), 'back_city', 'back_group', 'back_level']);
  const p = parseWith(matrixCellQuerySchema, raw);
  const dates: MatrixDates = { ...dateBounds(p), ...inForceBound(p) };
  const named = columnsNamed([p.city], corpus);
  const cities = named.length ? named : [p.city];
  checkFilters({ cities, docs: p.doc }, corpus);
  if (cities.length > 1)
    throw createError(
      'BAD_REQUEST',
      `"${truncate(p.city)}" stands for ${cities.length} places of the corpus (${listValues(cities)}): a cell is one place, name one of them.`,
      { valid: cities },
      `“${truncate(p.city)}”指本库的 ${cities.length} 个地区（${listValues(cities).replaceAll(', ', '、')}）；矩阵的一格只是一个地区，请选其中之一。`,
    );
  const documents = { docs: p.doc, issuers: p.issuer, types: p.type };
  const docs = documentsFilter(documents, corpus, { cities });
  if (docs) dates.docs = docs;
  return { format: p.format ?? 'json', measure: p.measure, city: cities[0]!, documents, dates };
}

const draftScopeSchema = z.object({ city: repeated(), group: groups(), since: dateParameter('since'), until: dateParameter('until'), in_force: inForceParameter() });

/**
 * The drafting desk's scope: the places to compare a draft with (`city`, `group`; none means every place, as in
 * compare) and the date bounds of their documents. UNKNOWN_CITY / UNKNOWN_GROUP name the valid ones.
 * @example parseDraftScope({ city: '昆山市', since: '2023' }, corpus) // { places, cities: ['昆山市'], since: '2023-01-01' }
 */
export function parseDraftScope(raw: RawQuery, corpus: CorpusInfo): { places: PlaceChoice; cities: string[]; since?: string; until?: string; inForce?: string } {
  const p = parseWith(draftScopeSchema, raw);
  p.city = columnsNamed(p.city, corpus);
  p.group = groupsNamed(p.group, corpus);
  checkFilters({ cities: p.city }, corpus);
  const places = { cities: p.city, groups: p.group };
  const cities = p.group.length ? expandGroups(places, corpus) : corpus.cities.filter((c) => p.city.includes(c));
  return { places, cities, ...dateBounds(p), ...inForceBound(p) };
}

// ---------- the corpus page: /docs and /api/documents ----------

export const DOCUMENT_SORTS = ['place', 'title', 'level', 'type', 'date', 'paragraphs', 'file'] as const;
export type DocumentSort = (typeof DOCUMENT_SORTS)[number];
export const SORT_ORDERS = ['asc', 'desc'] as const;

/** Schema of `/docs` and `/api/documents`: sort and filter the document list. */
export const documentsQuerySchema = z.object({
  sort: oneOf('sort', 'sorts', DOCUMENT_SORTS),
  order: oneOf('order', 'orders', SORT_ORDERS, 'asc'),
  city: repeated(),
  group: groups(),
  level: levels(),
  type: repeated(),
  issuer: repeated(),
  since: dateParameter('since'),
  until: dateParameter('until'),
  in_force: inForceParameter(),
  format: oneOf('format', 'formats', EXPORT_FORMATS, 'json'),
});

/** `/api/documents/:id`: the document as JSON or its clauses as CSV. */
export const documentQuerySchema = z.object({ format: oneOf('format', 'formats', EXPORT_FORMATS, 'json') });

export interface DocumentsRequest {
  /** Null: the corpus's own order (the order the build read the files in). */
  sort: DocumentSort | null;
  order: 'asc' | 'desc';
  places: PlaceChoice;
  /** As SearchRequest's. */
  cityScope: CityReading[];
  /** Places to keep (groups expanded); empty = all. */
  cities: string[];
  levels: string[];
  types: string[];
  /** 发文机关 values as given (a document whose 发文机关 contains one is kept: src/search/issuers.ts). */
  issuers: string[];
  /** The documents the issuers and types choose (among the places and levels); absent without `issuer` or `type`. */
  docs?: string[];
  /** Date bounds (ISO days, inclusive), as in a search's filters. */
  since?: string;
  until?: string;
  /** Keep only documents in force on this ISO day by their own clause. */
  inForce?: string;
  format: ExportFormat;
}

/**
 * Validates the corpus page's sort and filters (unknown place, group, level, type or issuer: 400 naming the valid
 * ones). Places, levels, an issuer and a type that share no document are a 400 naming what the others would offer, as
 * on every other route (`chooseDocuments`): `issuer=平湖市人民政府&type=汇编` had listed nothing without a word. Dates
 * and the day in force only narrow the list, as they narrow the other views' answers.
 * @example parseDocumentsRequest({ sort: 'date', order: 'desc', group: 'province:江苏省' }, engine.corpus())
 */
export function parseDocumentsRequest(raw: RawQuery, corpus: CorpusInfo): DocumentsRequest {
  refuseMisnamed(raw, Object.keys(documentsQuerySchema.shape));
  const p = parseWith(documentsQuerySchema, raw);
  const cityScope = cityReadings(p.city, corpus);
  p.city = columnsNamed(p.city, corpus);
  p.group = groupsNamed(p.group, corpus);
  checkFilters({ cities: p.city, levels: p.level }, corpus);
  const types = p.type.filter((t) => !(DOCUMENT_TYPES as readonly string[]).includes(t));
  if (types.length)
    throw createError('BAD_REQUEST', `Unknown document ${types.length > 1 ? 'types' : 'type'} ${quoted(types)}. Valid types: ${DOCUMENT_TYPES.join(', ')}.`, { valid: [...DOCUMENT_TYPES] }, `没有${chineseQuoted(types)}这种文件类型。可选：${DOCUMENT_TYPES.join('、')}。`);
  const dates = dateBounds(p);
  const places = { cities: p.city, groups: p.group };
  const cities = p.group.length ? expandGroups(places, corpus) : p.city;
  const docs = chooseDocuments({ docs: [], issuers: p.issuer, types: p.type }, corpus, { cities, levels: p.level });
  return { sort: p.sort ?? null, order: p.order ?? 'asc', places, cityScope, cities, levels: p.level, types: p.type, issuers: p.issuer, ...(docs ? { docs } : {}), format: p.format ?? 'json', ...dates, ...inForceBound(p) };
}

/**
 * The two clauses of a diff: `a` and `b`, or exactly two `id`s (what the comparison page's checkboxes send).
 * The same clause twice is refused (BAD_REQUEST): a clause against itself shows nothing, and it is nearly always a
 * slip of the hand on the checkboxes.
 * @example parseDiffRequest({ a: '000_x:p0001', b: '002_y:p0014' }) // { a: '000_x:p0001', b: '002_y:p0014', format: 'json' }
 */
export function parseDiffRequest(raw: RawQuery): { a: string; b: string; format: ExportFormat } {
  const p = parseWith(z.object({ a: single('a'), b: single('b'), id: repeated(), format: oneOf('format', 'formats', EXPORT_FORMATS, 'json') }), raw);
  let pair: [string, string];
  if (p.a !== undefined || p.b !== undefined) {
    if (p.a === undefined || p.b === undefined) throw createError('BAD_REQUEST', 'Parameters "a" and "b" are both required: the ids of the two clauses to put side by side.', undefined, '请给出两条条款（a 和 b）的编号。');
    if (p.id.length) throw createError('BAD_REQUEST', 'Give either "a" and "b" or two "id" parameters, not both.', undefined, '请只用一种写法给出两条条款：a 和 b，或两个 id。');
    pair = [p.a.trim(), p.b.trim()];
  } else if (p.id.length === 2) {
    pair = [p.id[0]!, p.id[1]!];
  } else {
    throw createError(
      'BAD_REQUEST',
      p.id.length === 0
        ? 'Choose two clauses to compare: parameters "a" and "b" (or two "id"s) are required.'
        : `Choose exactly two clauses to compare (got ${p.id.length}).`,
      undefined,
      p.id.length === 0 ? '请勾选两条要对比的条款。' : `请恰好勾选两条条款（现在是 ${p.id.length} 条）。`,
    );
  }
  const [a, b] = [parseParagraphId(pair[0]), parseParagraphId(pair[1])];
  if (a === b) throw createError('BAD_REQUEST', 'The two clauses are the same; choose two different clauses to compare.', undefined, '两边是同一条条款；请选两条不同的条款。');
  return { a, b, format: p.format ?? 'json' };
}
