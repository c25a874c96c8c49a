/**
 * Server-rendered pages: search (/), comparison (/compare), a paragraph and its counterparts, of the whole clause or
 * of one measure sentence (/p/:id[?sentence=N]), the reader (/doc/:id), the document list (/docs), and the analyst
 * views: quantitative targets (/targets), the measure × city matrix (/matrix) and one cell's clauses (/matrix/cell), and
 * the clause diff (/diff). They work without JavaScript; a bad parameter re-renders the form with the message (on
 * /p/:id, the 400 page says it).
 */
import { createError } from '../errors.js';
import express, { type Request } from 'express';
import { isPolicyLensError } from '../errors.js';
import { narrowerScope } from '../analysis/targets.js';
import type { AnalysisApi, MatrixCell, TargetRow, TargetsResult } from '../analysis/types.js';
import { FINGERPRINT_PATTERN } from '../text/fingerprint.js';
import { columnOf } from '../search/places.js';
import type { CorpusInfo, QueryScope, ScopeOverridden, SearchEngine } from '../search/types.js';
import { clauseById, locateClause, requestOrigin, similarLeftOut } from './api.js';
import { cardsKept, listDocuments, selectMatrixColumns } from './corpus-page.js';
import {
  DOCUMENT_SORTS, MAX_K, parseDiffRequest, parseDocumentId, parseDocumentsRequest, parseMatrixCellRequest, parseMatrixRequest, parseParagraphId, parseSearchRequest, parseParagraphPage, PAGE_SIMILAR_MAX_K, parseSentenceChoice, parseTargetsRequest,
  queryAtLevels, scopedTargets, searchOptions, targetsAsked, cityScopeOf, type DocumentSort, type SearchRequest,
} from './validate.js';
import { MAX_URL_LENGTH, pageMessage } from './errors.js';
import { acceptedBy, backParams, pageScope, readParams, scopeOf, wayBack } from './scope-links.js';
import { citation, clauseTitle, docLabel, encodeSegment, leftOutNote, paragraphPath, permalinkPath, readerBlocks, targetValue, withQuery, withTargets, type QueryValue } from './view.js';

export { targetValue } from './view.js';

/**
 * What the clause page says of the chosen places "similar" left out because they hold only its own document, and
 * whether the documents chosen (doc, issuer, type) are its own alone (`chosenOwnDocumentOnly`, as the API says it).
 */
function ownDocumentNote(out: { leftOut: string[]; ownDocumentOnly: string[]; chosenOwnDocumentOnly: boolean }): { ownDocumentOnly: string[]; leftOutOtherwise: boolean; chosenOwnDocumentOnly: boolean } {
  return { ownDocumentOnly: out.ownDocumentOnly, leftOutOtherwise: out.leftOut.length > out.ownDocumentOnly.length, chosenOwnDocumentOnly: out.chosenOwnDocumentOnly };
}

/** What the user typed, kept as strings so that a rejected form comes back as it was sent. */
export interface FormState {
  q: string;
  mode: string;
  k: string;
  cities: string[];
  /** Groups of places: `province:江苏省`, `level:county`. */
  groups: string[];
  docs: string[];
  /** 发文机关 values and document types, as given. */
  issuers: string[];
  types: string[];
  levels: string[];
  part: string;
  /** Date bounds as typed (2022, 2022-05 …). */
  since: string;
  until: string;
  /** `in_force` as given ('' when absent): only documents in force on that day. */
  inForce: string;
  /** True when an option beyond q and mode was set: the options panel opens. */
  refined: boolean;
}

function first(value: unknown): string {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v : '';
}

function all(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string' && v !== '');
}

/** Reads the form fields leniently (validation happens separately) for re-rendering the form. */
export function formState(query: Record<string, unknown>, defaultK: number): FormState {
  const form = {
    q: first(query.q),
    mode: first(query.mode) || 'hybrid',
    k: first(query.k) || String(defaultK),
    cities: all(query.city),
    groups: all(query.group),
    docs: all(query.doc),
    issuers: all(query.issuer),
    types: all(query.type),
    levels: all(query.level),
    part: first(query.part),
    since: first(query.since),
    until: first(query.until),
    inForce: first(query.in_force),
  };
  const refined =
    form.docs.length > 0 || form.issuers.length > 0 || form.types.length > 0 || form.levels.length > 0 || form.part !== '' || form.k !== String(defaultK) || form.cities.length > 0 || form.groups.length > 0 ||
    form.since !== '' || form.until !== '' || form.inForce !== '';
  return { ...form, refined };
}

/** The query parameters that reproduce a validated request (for links to the other views and to CSV). */
/**
 * `in_force` as the request gave it (1 stays 1, "in force today", rather than becoming today's date in a saved link),
 * once validated; undefined without it.
 */
function inForceAsGiven(query: Record<string, unknown>): string | undefined {
  return first(query.in_force).trim() || undefined;
}

function requestParams(r: SearchRequest, inForce?: string) {
  return {
    // The documents as chosen (doc, issuer, type), not the ids they come to.
    q: r.q, mode: r.mode, city: r.places.cities, group: r.places.groups, doc: r.documents.docs, issuer: r.documents.issuers, type: r.documents.types, level: r.filters.levels, part: r.filters.part,
    since: r.filters.since, until: r.filters.until, in_force: inForce ?? r.filters.inForce,
    ...(r.scope === 'all' ? { scope: 'all' } : {}), ...(r.spell === 'off' ? { spell: 'off' } : {}),
  };
}

/**
 * The same page with the places the query named instead of the places or documents chosen, which overrode them
 * (`ScopeOverridden`): the choice left out, the query then scoped by its own places. Null when nothing was overridden.
 */
function overriddenLink(path: string, params: Record<string, QueryValue>, overridden: ScopeOverridden | null | undefined): string | null {
  return overridden ? withQuery(path, { ...params, city: [], group: [], doc: [], issuer: [], type: [] }) : null;
}

/**
 * The /targets view of a search's or comparison's question: the query as the target answer reads it (spelling read,
 * a place named in it taken out, `targetsAsked`), the places it answered for (those the query named, when it was
 * limited to them; else the chosen ones, groups as chosen), and the same documents, levels, dates and day in force.
 * Compare and search had no way to the targets of the same question and places (twenty-first session's analyst
 * audit); a comparison column shows at most three.
 */
function targetsParams(r: SearchRequest, read: string, scope: QueryScope | null, op: 'search' | 'compare', inForce?: string): Record<string, QueryValue> {
  const [q] = targetsAsked(r, read, scope, op);
  const named = scope && (op === 'search' || scope.cities.length >= 2);
  return {
    q, city: named ? scope.cities : r.places.cities, group: named ? [] : r.places.groups, doc: r.documents.docs, issuer: r.documents.issuers, type: r.documents.types, level: r.filters.levels,
    since: r.filters.since, until: r.filters.until, in_force: inForce ?? r.filters.inForce,
  };
}

/** `k` for a link back to the same page, left out when it is the page's default (shorter, shareable URLs). */
/** What a citation names of its document: 文号 and 发文机关. */
function citedDocument(d: { docNumber: string | null; issuer: string | null } | undefined): { docNumber: string | null; issuer: string | null } {
  return { docNumber: d?.docNumber ?? null, issuer: d?.issuer ?? null };
}

/** A clause page's filters as URL parameters (`inForce` is `in_force` there). */
function linkParams({ inForce, ...rest }: { since?: string; until?: string; inForce?: string; city?: string[]; group?: string[]; level?: string[]; doc?: string[]; issuer?: string[]; type?: string[] }): Record<string, QueryValue> {
  return { ...rest, in_force: inForce };
}

function kept(k: number, fallback: number): { k?: number } {
  return k === fallback ? {} : { k };
}

/**
 * The same request asking for twice as many results (at most MAX_K), or null when the answer was not full (there are
 * no more) or is at the limit. A larger `k` keeps the first results in their order, so the page only grows.
 */
function moreLink(path: string, params: Readonly<Record<string, QueryValue>>, k: number, full: boolean, max = MAX_K, fragment = ''): { href: string; k: number } | null {
  if (!full || k >= max) return null;
  const more = Math.min(max, k * 2);
  return { href: `${withQuery(path, { ...params, k: more })}${fragment}`, k: more };
}

/**
 * Validates a page's search parameters, and the query's places against the levels asked (`queryAtLevels`). A client
 * error becomes a rendered message (and its status) instead of the error page, so the user keeps the form; null means
 * "already answered".
 */
function validateForPage(
  req: Request,
  engine: SearchEngine,
  op: 'search' | 'compare',
  render: (status: number, error: string) => void,
): SearchRequest | null {
  try {
    const r = parseSearchRequest(req.query, engine.corpus(), op === 'search' ? 10 : 3);
    queryAtLevels(r, engine.corpus(), engine, op);
    return r;
  } catch (err) {
    if (isPolicyLensError(err) && err.status < 500) {
      render(err.status, pageMessage(err));
      return null;
    }
    throw err;
  }
}

/**
 * The places with at least one document dated within `dates` and in force on its day, as /docs lists them: a chosen
 * place outside it has no column under those dates, and the page names it (`leftOutNote`).
 */
function placesWithDocuments(corpus: CorpusInfo, dates: { since?: string; until?: string; inForce?: string }): Set<string> {
  return new Set(listDocuments(corpus, { sort: null, order: 'asc', cities: [], levels: [], types: [], since: dates.since, until: dates.until, inForce: dates.inForce }).map(columnOf));
}

/** Runs a validation and turns a client error into a rendered message (null = already answered). */
function validated<T>(parse: () => T, render: (status: number, error: string) => void): T | null {
  try {
    return parse();
  } catch (err) {
    if (isPolicyLensError(err) && err.status < 500) {
      render(err.status, pageMessage(err));
      return null;
    }
    throw err;
  }
}


/** A coverage share as a percentage with one decimal: `4.1%`. */
export function percent(share: number): string {
  return `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
}

/**
 * What a matrix cell says to a screen reader and in its tooltip. A gap says what it is: no clause of the place scores
 * up to the bar, and how many clauses name the measure's seed terms under it (`nearMisses`); "没有关于…的条款" had read
 * as "the place is silent on it" where a clause on the measure scored 0.05 under the bar (平湖 × 财政奖补).
 * @example cellTitle({ city: '平湖市', count: 0, coverage: 0, level: 0, best: null }, '财政奖补与税收优惠', 1, 2.25) // '平湖市：没有条款的得分达到“财政奖补与税收优惠”的归入线 2.25；1 条含本措施种子词的条款得分低于归入线'
 */
export function cellTitle(cell: MatrixCell, measure: string, nearMisses = 0, bar?: number): string {
  if (cell.count > 0) return `${cell.city}：${cell.count} 条关于“${measure}”的条款（占该地区条款的 ${percent(cell.coverage)}）`;
  const head = `${cell.city}：没有条款的得分达到“${measure}”的归入线${bar === undefined ? '' : ` ${bar}`}`;
  return nearMisses ? `${head}；${nearMisses} 条含本措施种子词的条款得分低于归入线` : `${head}，也没有条款含本措施的种子词`;
}

export interface GroupColumn {
  city: string;
  /** The city's targets in the group that apply to the whole document (at most `TARGETS_PER_CELL`). */
  targets: TargetRow[];
  /** Further whole-document targets beyond those shown: counted, listed in the full table and the CSV. */
  more: number;
  /** Targets narrower than the document (a town column, 各区): counted, listed in the full table. */
  scoped: number;
}

/**
 * How much of a large corpus's targets the /targets page shows: at 100k synthetic paragraphs (≈ 90,000 targets) the
 * page listed every one, 41 MB of HTML in 18–28 s. The side-by-side table shows its first `COMPARISON_GROUPS_SHOWN`
 * groups with the first `TARGETS_PER_CELL` targets a cell, the full table its first `TARGET_ROWS_SHOWN` rows; filters
 * narrow them, and the CSV has all.
 */
export const TARGETS_PER_CELL = 4;
export const TARGET_ROWS_SHOWN = 500;
/** Rows of the side-by-side table shown (the groups spanning most places first). */
export const COMPARISON_GROUPS_SHOWN = 20;

/** The full table's rows as shown: the first `limit` targets, under their groups (in the result's group order). */
export function shownTargetGroups(result: TargetsResult, limit = TARGET_ROWS_SHOWN, offset = 0): { group: TargetsResult['groups'][number]; targets: TargetRow[] }[] {
  const byGroup = new Map<string, TargetRow[]>();
  for (const t of result.targets.slice(offset, offset + limit)) {
    const list = byGroup.get(t.group);
    if (list) list.push(t);
    else byGroup.set(t.group, [t]);
  }
  return result.groups.filter((g) => byGroup.has(g.id)).map((g) => ({ group: g, targets: byGroup.get(g.id)! }));
}

export interface GroupComparison {
  id: string;
  label: string;
  units: string[];
  bases: string[];
  columns: GroupColumn[];
}

/**
 * Groups laid out one column per city for the side-by-side table: those that span two or more cities, and with
 * `singlePlace` those of one place too, after them. A `q` asks for one topic, and every group of its answer is a place's
 * answer on it: with the cross-city groups alone, /targets?q=专精特新 over 昆山, 江苏, 平湖 and 青岛 had one row (专精特新
 * “小巨人”: 平湖, 青岛) and 无 under 昆山 and 江苏, whose 各类专精特新企业1000家 and 新增“专精特新”产品150个 were in groups of
 * their own, so the table read as if they set no target on it (twenty-first session's analyst audit, finding 8).
 */
export function crossCityGroups(result: TargetsResult, cities: readonly string[], perCell = TARGETS_PER_CELL, singlePlace = false): GroupComparison[] {
  // A targets table is made once per filter (the Analyst keeps it), and so is its layout here, per table and places:
  // at 1M synthetic paragraphs the pass over ≈ 900,000 targets was most of the /targets page's 2.5 s.
  const key = `${perCell}\u0000${singlePlace}\u0000${cities.join('\u0000')}`;
  let byPlaces = comparisons.get(result);
  if (!byPlaces) comparisons.set(result, (byPlaces = new Map()));
  let laid = byPlaces.get(key);
  if (!laid) byPlaces.set(key, (laid = layOutGroups(result, cities, perCell, singlePlace)));
  return laid;
}

/** The chosen places with no target in a targets table: each of their cells is empty, whatever the row. */
export function placesWithoutTargets(result: TargetsResult, cities: readonly string[]): string[] {
  const have = new Set(result.groups.flatMap((g) => g.cities));
  return cities.filter((c) => !have.has(c));
}

const comparisons = new WeakMap<TargetsResult, Map<string, GroupComparison[]>>();

function layOutGroups(result: TargetsResult, cities: readonly string[], perCell: number, singlePlace: boolean): GroupComparison[] {
  // One pass over the targets, bucketed by group and city, keeping the first `perCell` of each cell and counting the rest.
  const cells = new Map<string, Map<string, { whole: TargetRow[]; more: number; scoped: number }>>();
  for (const t of result.targets) {
    let byCity = cells.get(t.group);
    if (!byCity) cells.set(t.group, (byCity = new Map()));
    const city = columnOf(t.doc);
    let cell = byCity.get(city);
    if (!cell) byCity.set(city, (cell = { whole: [], more: 0, scoped: 0 }));
    // 全市 is the place itself (a table's total column), not one of its parts.
    if (narrowerScope(t.scope)) cell.scoped++;
    else if (cell.whole.length < perCell) cell.whole.push(t);
    else cell.more++;
  }
  // The result's groups span most places first, so those of one place come after the comparisons.
  return result.groups
    .filter((g) => g.cities.length > 1 || (singlePlace && g.cities.length === 1))
    .map((g) => ({
      id: g.id,
      label: g.label,
      units: g.units,
      bases: g.bases,
      columns: cities.map((city) => {
        const cell = cells.get(g.id)?.get(city);
        return { city, targets: cell?.whole ?? [], more: cell?.more ?? 0, scoped: cell?.scoped ?? 0 };
      }),
    }));
}

/**
 * Clauses a matrix cell's page lists at most (the first by score; the CSV and the API have all). The seed and the 18
 * documents' largest cell has 30; a synthetic corpus's can have thousands, as the targets page found (TARGET_ROWS_SHOWN).
 */
export const CELL_CLAUSES_SHOWN = 500;

/** A score or z as a near miss's line writes it: as the answer rounds it (3 decimals), a minus sign for a negative one (z −0.177). */
export function signed(value: number): string {
  return value < 0 ? `−${-value}` : String(value);
}

/** How far a near miss's score is under the bar, 3 decimals as the score. */
function scoreGap(threshold: number, score: number): string {
  return String(Math.round((threshold - score) * 1000) / 1000);
}

/**
 * Near misses a matrix cell's page lists at most (best first; the API and the CSV have all): the page answers "why is
 * this clause not counted?" for the clauses closest to the bar, not for every clause that names a seed term.
 */
export const CELL_NEAR_MISSES_SHOWN = 20;

/** The page router. `engine` and `analysis` are called once per request. */
export function createPageRouter(engine: () => SearchEngine, analysis: () => AnalysisApi): express.Router {
  const pages = express.Router();

  // Search and compare also show the targets a question about targets asks for (各地对…设定了什么目标?).
  // The search page is /; /search, which people and scripts guess, leads there with its query.
  pages.get('/search', (req, res) => {
    const at = req.originalUrl.indexOf('?');
    res.redirect(301, at === -1 ? '/' : `/${req.originalUrl.slice(at)}`);
  });

  pages.get('/', async (req, res) => {
    const e = engine();
    const corpus = e.corpus();
    const form = formState(req.query, 10);
    const base = { title: 'PolicyLens · 政策条款检索', active: 'search', corpus, form, result: null, targets: [], links: null, error: null };
    if (!form.q.trim()) {
      res.render('search', base);
      return;
    }
    const r = validateForPage(req, e, 'search', (status, error) => res.status(status).render('search', { ...base, error }));
    if (!r) return;
    // The form ticks the places, groups and levels as read (city=昆山 → 昆山市, group=province:江苏 → province:江苏省,
    // level=县级 → county), so that sending it again keeps them.
    form.cities = r.places.cities;
    form.groups = r.places.groups;
    form.levels = r.filters.levels ?? [];
    const read = e.spellingOf(r.q, { spell: r.spell })?.query ?? r.q;
    const scope = e.scopeOf(read, { ...r.filters, scope: r.scope });
    const [result, targets] = await Promise.all([e.search(r.q, searchOptions(r)), analysis().questionTargets(...targetsAsked(r, read, scope, 'search'))]);
    const params = requestParams(r, inForceAsGiven(req.query));
    res.render('search', {
      ...base,
      title: `${r.q} · 搜索 · PolicyLens`,
      result,
      cityScope: r.cityScope,
      targets,
      // The undated note counts the places searched: those a place named in the query scoped it to, if any; the
      // documents chosen by issuer and type are named beside the dates.
      dates: { ...(result.scope ? { ...r.filters, cities: result.scope.cities } : r.filters), issuers: r.documents.issuers, types: r.documents.types },
      links: {
        // Every filter goes along (doc, level, part, scope=all, spell=off too): compare → results already kept them.
        compare: withQuery('/compare', params),
        targets: withQuery('/targets', targetsParams(r, read, scope, 'search', inForceAsGiven(req.query))),
        csv: withQuery('/api/search', { ...params, k: r.k, format: 'csv' }),
        unscoped: withQuery('/', { ...params, ...kept(r.k, 10), scope: 'all' }),
        asTyped: withQuery('/', { ...params, ...kept(r.k, 10), spell: 'off' }),
        queryPlaces: overriddenLink('/', { ...params, ...kept(r.k, 10) }, result.scopeOverridden),
        more: moreLink('/', params, r.k, result.results.length >= r.k),
        // Each expansion term searched on its own, with the same filters, and the places the query named (the term alone
        // names none: 昆山专精特新's 专精特新企业 had searched every place).
        expansions: result.expanded.map((term) => ({ term, href: withQuery('/', { ...params, ...kept(r.k, 10), q: term, mode: result.mode, ...(result.scope ? { city: result.scope.cities, group: [] } : {}) }) })),
      },
    });
  });

  pages.get('/compare', async (req, res) => {
    const e = engine();
    const corpus = e.corpus();
    const form = formState(req.query, 3);
    const base = { title: '跨城市对比 · PolicyLens', active: 'compare', corpus, form, result: null, links: null, error: null };
    if (!form.q.trim()) {
      res.render('compare', base);
      return;
    }
    const r = validateForPage(req, e, 'compare', (status, error) => res.status(status).render('compare', { ...base, error }));
    if (!r) return;
    form.cities = r.places.cities;
    form.groups = r.places.groups;
    form.levels = r.filters.levels ?? [];
    const read = e.spellingOf(r.q, { spell: r.spell })?.query ?? r.q;
    const scope = e.scopeOf(read, { ...r.filters, scope: r.scope });
    const [compared, targets] = await Promise.all([e.compare(r.q, searchOptions(r)), analysis().questionTargets(...targetsAsked(r, read, scope, 'compare'))]);
    const result = { ...compared, columns: withTargets(compared.columns, targets) };
    const params = requestParams(r, inForceAsGiven(req.query));
    // Places the dates or the day in force leave without a column are named, not dropped without a word (杭州's
    // 2024-only policies under in_force=1; eighteenth session's researcher audit).
    const asked = result.scope && result.scope.cities.length >= 2 ? result.scope.cities : r.filters.cities?.length ? r.filters.cities : corpus.cities;
    const dated = Boolean(r.filters.since || r.filters.until || r.filters.inForce);
    // So are the places chosen one by one or as a group that have no document of the issuer or type chosen (every
    // other place of the corpus goes unnamed: issuer=平湖市人民政府 is about one place).
    const chosenDocuments = r.documents.issuers.length > 0 || r.documents.types.length > 0;
    const leftOut = dated || (chosenDocuments && r.filters.cities?.length) ? corpus.cities.filter((c) => asked.includes(c) && !result.columns.some((col) => col.city === c)) : [];
    const placesChosen = (result.scope && result.scope.cities.length >= 2) || Boolean(r.filters.cities?.length);
    const targetsView = targetsParams(r, read, scope, 'compare', inForceAsGiven(req.query));
    res.render('compare', {
      ...base,
      title: `${r.q} · 跨城市对比 · PolicyLens`,
      result,
      cityScope: r.cityScope,
      leftOut: leftOutNote(leftOut, { ...form, issuers: r.documents.issuers, types: r.documents.types }, corpus, placesChosen),
      dates: { ...(result.scope && result.scope.cities.length >= 2 ? { ...r.filters, cities: result.scope.cities } : r.filters), issuers: r.documents.issuers, types: r.documents.types },
      links: {
        search: withQuery('/', params),
        targets: withQuery('/targets', targetsView),
        // A column's target box (at most three) links to all of that place's targets on the question.
        columnTargets: (city: string) => withQuery('/targets', { ...targetsView, city, group: [] }),
        csv: withQuery('/api/compare', { ...params, k: r.k, format: 'csv' }),
        unscoped: withQuery('/compare', { ...params, ...kept(r.k, 3), scope: 'all' }),
        asTyped: withQuery('/compare', { ...params, ...kept(r.k, 3), spell: 'off' }),
        queryPlaces: overriddenLink('/compare', { ...params, ...kept(r.k, 3) }, result.scopeOverridden),
        more: moreLink('/compare', params, r.k, result.columns.some((c) => c.results.length >= r.k)),
        // The diff form's hidden fields: the way back to this comparison, as given (src/server/scope-links.ts); left out
        // when this page's URL is within reach of the length limit, which the diff's URL would pass (a refusal).
        diffBack: req.originalUrl.length <= MAX_URL_LENGTH - 512 ? backParams({ ...params, ...kept(r.k, 3) }, '/compare') : {},
      },
    });
  });

  // A clause, and the counterparts per city of the whole clause or (`?sentence=N`) of one of its measure sentences.
  pages.get('/p/:id', async (req, res) => {
    const id = parseParagraphId(req.params.id);
    const e = engine();
    // A permalink's fingerprint (`h`) that this clause's text no longer has: the document changed since the link was
    // made. The clause that has it, in the same document, is where the link meant; none: the page says so. The API
    // reads `h` by the same rule (api.ts `locateClause`).
    const h = first(req.query.h).trim();
    const found = FINGERPRINT_PATTERN.test(h) ? locateClause(e, id, h) : null;
    if (found?.at === 'moved') {
      const query = new URLSearchParams(req.url.slice(req.url.indexOf('?') + 1));
      res.redirect(302, `${paragraphPath(found.id)}?${query.toString()}`);
      return;
    }
    const moved = found?.at === 'changed';
    const context = e.paragraph(id, 2);
    const p = context.paragraph;
    const sentence = parseSentenceChoice(req.query, p.sentences.length);
    const { k, dates: bounds, places, levels, cities, documents, docs } = parseParagraphPage(req.query, e.corpus());
    const similar = await e.similar(id, { k, ...(sentence !== undefined ? { sentence } : {}), ...(cities.length ? { cities } : {}), ...(docs ? { docs } : {}), ...bounds });
    // The page's filters as its links carry them: the chosen places (as chosen, groups unexpanded) and levels, the
    // documents as chosen (doc, issuer, type), the dates and `in_force` as given (1 stays "today" in a saved link).
    const asGiven = inForceAsGiven(req.query);
    const dates = {
      ...(bounds.since ? { since: bounds.since } : {}), ...(bounds.until ? { until: bounds.until } : {}), ...(asGiven ? { inForce: asGiven } : {}),
      ...(places.cities.length ? { city: places.cities } : {}), ...(places.groups.length ? { group: places.groups } : {}), ...(levels.length ? { level: levels } : {}),
      ...(documents.docs.length ? { doc: documents.docs } : {}), ...(documents.issuers.length ? { issuer: documents.issuers } : {}), ...(documents.types.length ? { type: documents.types } : {}),
    };
    // The chosen places (every place, none chosen) that the dates leave without a document are named, as compare names
    // them: 青岛's undated plan under since=2018 had gone without a word. A place whose only document is this clause's
    // has no column either, but not because of the dates: it is not named.
    const withDocuments = bounds.since || bounds.until || bounds.inForce ? placesWithDocuments(e.corpus(), bounds) : null;
    const leftOut = withDocuments ? e.corpus().cities.filter((c) => (cities.length ? cities.includes(c) : true) && !withDocuments.has(c) && !similar.columns.some((col) => col.city === c)) : [];
    const form = { since: first(req.query.since), until: first(req.query.until), inForce: first(req.query.in_force), k: k === 3 ? null : k, cities: places.cities, groups: places.groups, levels, docs: documents.docs, issuers: documents.issuers, types: documents.types };

    // The clause's own heading and number first: every clause of a document had had its document's title alone.
    const place = [clauseTitle(p), docLabel(p.doc), p.doc.city, 'PolicyLens'].filter(Boolean).join(' · ');
    res.render('paragraph', {
      title: sentence === undefined ? place : `第 ${sentence + 1} 句 · ${place}`,
      active: '',
      corpus: e.corpus(),
      context,
      similar,
      // The chosen places that hold only this clause's own document, which "similar" never compares with: said as such,
      // not blamed on dates or on the documents chosen (the API audit's W4), as the API's `ownDocumentOnly` says; and
      // whether other chosen places are left out too (for the dates' or the documents' reasons, said as before).
      ...ownDocumentNote(similarLeftOut(e.corpus(), cities, similar.columns.map((c) => c.city), p.doc.id, docs)),
      sentence: sentence ?? null,
      dates,
      leftOut: leftOutNote(leftOut, form, e.corpus(), cities.length > 0),
      // What a city= value stood for (江苏 → its three places), as search and compare say it.
      cityScope: cityScopeOf(req.query, e.corpus()),
      form,
      inForceDay: bounds.inForce ?? null,
      // The document number cites the policy as a memo does; a picked sentence is cited, and linked, as that sentence.
      citation: citation(p, { ...citedDocument(e.corpus().documents.find((d) => d.id === p.doc.id)), sentence: sentence ?? null }),
      permalink: requestOrigin(req) + permalinkPath(id, p.text, { sentence }),
      moved,
      links: {
        csv: withQuery(`/api/paragraphs/${encodeURIComponent(id)}/similar`, { sentence, ...linkParams(dates), ...kept(k, 3), format: 'csv' }),
        more: moreLink(paragraphPath(id), { sentence, ...linkParams(dates) }, k, similar.columns.some((c) => c.results.length >= k), PAGE_SIMILAR_MAX_K, '#similar'),
        // 与本条对比 carries the way back to this page: its sentence, k, places, documents and dates.
        diffBack: backParams({ sentence, ...kept(k, 3), ...linkParams(dates) }, `/p/${id}`),
      },
    });
  });

  pages.get('/doc/:id', (req, res) => {
    const e = engine();
    const view = e.document(parseDocumentId(req.params.id));
    res.render('document', {
      title: `${docLabel(view.document)} · PolicyLens`,
      active: 'docs',
      corpus: e.corpus(),
      view,
      blocks: readerBlocks(view),
      links: { csv: withQuery(`/api/documents/${encodeSegment(view.document.id)}`, { format: 'csv' }) },
    });
  });

  pages.get('/targets', async (req, res) => {
    const e = engine();
    const corpus = e.corpus();
    const form = { q: first(req.query.q), cities: all(req.query.city), groups: all(req.query.group), docs: all(req.query.doc), issuers: all(req.query.issuer), types: all(req.query.type), since: first(req.query.since), until: first(req.query.until), inForce: first(req.query.in_force) };
    const base = { title: '量化目标 · PolicyLens', active: 'targets', corpus, form, result: null, comparison: [], comparisonCount: 0, sideBySideCount: 0, singlePlace: false, withoutTargets: [], table: [], shownRows: TARGET_ROWS_SHOWN, offset: 0, links: null, error: null, fmt: { targetValue }, leftOut: '', asked: '', queryScope: null };
    const r = validated(() => parseTargetsRequest(req.query, corpus), (status, error) => res.status(status).render('targets', { ...base, error }));
    if (!r) return;
    form.cities = r.places.cities;
    form.groups = r.places.groups;
    // A place named at the head of `q` scopes it as in search (the page says so and links to `q` matched as typed).
    // A homophone slip in `q` is read first, as search reads it (青到专精特新 → 青岛's 专精特新).
    const { filters: asked, scope, outside, spelling } = scopedTargets(r, corpus, (q, o) => e.scopeOf(q, o), (q) => e.placeOutsideOf(q), (q, o) => e.spellingOf(q, o));
    const result = await analysis().targets(asked);
    const chosen = asked.cities?.length ? corpus.cities.filter((c) => asked.cities!.includes(c)) : corpus.cities;
    // Under dates, a day in force or a choice of documents (doc, issuer, type), a place with no document kept has no
    // column (as in the matrix and compare): its empty cells would read as "sets no such target".
    const dated = r.filters.since || r.filters.until || r.filters.inForce || r.filters.docs?.length;
    const keptPlaces = dated
      ? new Set([
          ...listDocuments(corpus, { sort: null, order: 'asc', cities: [], levels: [], types: [], since: r.filters.since, until: r.filters.until, inForce: r.filters.inForce, ...(r.filters.docs?.length ? { docs: r.filters.docs } : {}) }).map(columnOf),
          ...result.targets.map((t) => columnOf(t.doc)),
        ])
      : null;
    const cities = keptPlaces ? chosen.filter((c) => keptPlaces.has(c)) : chosen;
    // With a `q`, every group that answers it is a row, one place's too (crossCityGroups).
    const singlePlace = !!r.filters.q?.trim();
    const sideBySide = crossCityGroups(result, cities, TARGETS_PER_CELL, singlePlace);
    const shown = Math.min(r.page.limit ?? TARGET_ROWS_SHOWN, TARGET_ROWS_SHOWN);
    const offset = r.page.offset;
    const filters = {
      q: r.filters.q, city: r.places.cities, group: r.places.groups, doc: r.documents.docs, issuer: r.documents.issuers, type: r.documents.types, level: r.levels,
      since: r.filters.since, until: r.filters.until, in_force: inForceAsGiven(req.query), scope: r.scope === 'all' ? 'all' : null, spell: r.spell === 'off' ? 'off' : null,
    };
    res.render('targets', {
      ...base,
      title: r.filters.q ? `${r.filters.q} · 量化目标 · PolicyLens` : base.title,
      result,
      cities,
      // The chosen places the dates or the documents chosen leave out are named (杭州 under in_force=1 had read only
      // 没有符合条件的量化目标).
      leftOut: leftOutNote(chosen.filter((c) => !cities.includes(c)), { ...form, issuers: r.documents.issuers, types: r.documents.types }, corpus, Boolean(asked.cities?.length)),
      dates: { ...asked, issuers: r.documents.issuers, types: r.documents.types },
      // What `q` asked once a place named in it was read (专精特新 of 昆山专精特新), and that place.
      asked: asked.q ?? '',
      queryScope: scope,
      outside,
      spelling,
      cityScope: r.cityScope,
      comparison: sideBySide.slice(0, COMPARISON_GROUPS_SHOWN),
      comparisonCount: result.groups.filter((g) => g.cities.length > 1).length,
      sideBySideCount: sideBySide.length,
      singlePlace,
      withoutTargets: placesWithoutTargets(result, cities),
      table: shownTargetGroups(result, shown, offset),
      shownRows: shown,
      offset,
      links: {
        csv: withQuery('/api/targets', { ...filters, format: 'csv' }),
        // The clauses behind the targets, side by side for the same words, places and dates.
        // With a place read from `q`, the same rest of the query over that place (a comparison would keep every column
        // for one named place).
        compare: r.filters.q ? withQuery('/compare', { q: asked.q, city: scope ? scope.cities : filters.city, group: scope ? [] : filters.group, doc: filters.doc, issuer: filters.issuer, type: filters.type, level: filters.level, since: filters.since, until: filters.until, in_force: filters.in_force, scope: filters.scope }) : null,
        unscoped: withQuery('/targets', { ...filters, scope: 'all' }),
        asTyped: withQuery('/targets', { ...filters, spell: 'off' }),
        // The table's pages, `limit` (at most TARGET_ROWS_SHOWN) rows from `offset`, with the filters kept.
        // Past the end, 上一页 goes to the last page there is.
        previous: offset > 0 ? withQuery('/targets', { ...filters, offset: (offset >= result.targets.length ? Math.max(0, Math.floor((result.targets.length - 1) / shown) * shown) : Math.max(0, offset - shown)) || null, limit: r.page.limit ? shown : null }) + '#all-targets' : null,
        next: offset + shown < result.targets.length ? withQuery('/targets', { ...filters, offset: offset + shown, limit: r.page.limit ? shown : null }) + '#all-targets' : null,
      },
    });
  });

  pages.get('/matrix', async (req, res) => {
    const e = engine();
    const corpus = e.corpus();
    const form = {
      cities: all(req.query.city), groups: all(req.query.group), levels: all(req.query.level), docs: all(req.query.doc), issuers: all(req.query.issuer), types: all(req.query.type),
      since: first(req.query.since), until: first(req.query.until), inForce: first(req.query.in_force),
    };
    const base = { title: '措施 × 地区矩阵 · PolicyLens', active: 'matrix', corpus, form, matrix: null, error: null, fmt: { percent, cellTitle }, links: null, compareScope: {}, cellScope: {}, nearMisses: {}, leftOut: '' };
    const r = validated(() => parseMatrixRequest(req.query, corpus), (status, error) => res.status(status).render('matrix', { ...base, error }));
    if (!r) return;
    form.cities = r.places.cities;
    form.groups = r.places.groups;
    form.levels = r.levels;
    const [full, nearMisses] = await Promise.all([analysis().matrix(r.dates), analysis().matrixNearMissCounts(r.dates)]);
    const matrix = selectMatrixColumns(full, r.cities);
    // The chosen places (every place, none chosen) that the dates or the documents chosen leave without a column are
    // named, as compare names them: 杭州 under since=2023&in_force=1 had gone from the columns without a word.
    const dated = r.dates.since || r.dates.until || r.dates.inForce || r.documents.issuers.length || r.documents.types.length;
    const leftOut = dated ? corpus.cities.filter((c) => (r.cities.length ? r.cities.includes(c) : true) && !matrix.cities.includes(c)) : [];
    // The documents as chosen (doc, issuer, type) ride along everywhere: they change what a cell counts.
    const documents = { doc: r.documents.docs, issuer: r.documents.issuers, type: r.documents.types };
    const chosen = { city: r.places.cities, group: r.places.groups, level: r.levels, ...documents, since: r.dates.since, until: r.dates.until, in_force: inForceAsGiven(req.query) };
    // A count opens its cell's clauses under the same dates and documents (the columns chosen do not change a cell); the
    // places and levels chosen ride along as back_* so that the cell's way back reopens this matrix, not every column.
    const cellScope = { ...documents, since: r.dates.since, until: r.dates.until, in_force: inForceAsGiven(req.query), ...backParams({ city: r.places.cities, group: r.places.groups, level: r.levels }) };
    res.render('matrix', {
      ...base,
      matrix,
      cityScope: r.cityScope,
      leftOut: leftOutNote(leftOut, form, corpus, r.cities.length > 0),
      // A gap cell whose place has near misses links to its cell's page, which lists them (含种子词但未计入的条款).
      nearMisses,
      cellScope,
      // With the places and levels chosen, so that the undated documents the dates leave out are counted among them.
      dates: { ...r.dates, cities: r.cities, levels: r.levels, issuers: r.documents.issuers, types: r.documents.types },
      // The same places, documents and dates on /targets: the figures the measures' clauses set.
      links: { csv: withQuery('/api/matrix', { ...chosen, format: 'csv' }), json: withQuery('/api/matrix', chosen), targets: withQuery('/targets', chosen) },
      // A measure's 各地对比 keeps the chosen places, documents, dates and in-force day (the level picks columns here only).
      compareScope: { city: r.places.cities, group: r.places.groups, ...documents, since: r.dates.since, until: r.dates.until, in_force: inForceAsGiven(req.query) },
    });
  });

  // A matrix count opened: the clauses the cell counts (as /api/matrix/cell), each with its place, document, section
  // and a link to it, what is counted and how, and the way back to the matrix with its dates.
  pages.get('/matrix/cell', async (req, res) => {
    const e = engine();
    const corpus = e.corpus();
    // Back to the matrix as it was opened: the columns it showed (back_city / back_group / back_level, set by /matrix's
    // count links) and the cell's documents, dates and day in force, as the matrix reads them: a value it would refuse
    // is dropped (back_city=constructor had led to the matrix's 400), and a refused cell keeps the way back too (its
    // scope as given, the dates as read once the cell's are valid). The navigation bar keeps the same scope.
    const matrixScope = (scope: Readonly<Record<string, QueryValue>>) => acceptedBy('/matrix', { ...scope, ...readParams(req.query, ['city', 'group', 'level'], 'back_') }, e) ?? {};
    const base = { title: '措施矩阵的一格 · PolicyLens', active: 'matrix', corpus, cell: null, error: null, fmt: { percent, signed, gap: scoreGap } };
    const refuse = (status: number, error: string, scope: Readonly<Record<string, QueryValue>>) =>
      res.status(status).render('matrix-cell', { ...base, links: { matrix: withQuery('/matrix', scope) }, navScope: scope, error });
    const r = validated(() => parseMatrixCellRequest(req.query, corpus), (status, error) => refuse(status, error, matrixScope(readParams(req.query, ['doc', 'issuer', 'type', 'since', 'until', 'in_force']))));
    if (!r) return;
    const scope = { doc: r.documents.docs, issuer: r.documents.issuers, type: r.documents.types, since: r.dates.since, until: r.dates.until, in_force: inForceAsGiven(req.query) };
    const backScope = matrixScope(scope);
    const back = withQuery('/matrix', backScope);
    // An unknown measure, or a place these dates leave without a column, is the analysis's refusal.
    const answer = await analysis()
      .matrixCell(r.measure, r.city, r.dates)
      .catch((err: unknown) => {
        if (isPolicyLensError(err) && err.status < 500) return err;
        throw err;
      });
    if (isPolicyLensError(answer)) {
      refuse(answer.status, pageMessage(answer), backScope);
      return;
    }
    const matrix = await analysis().matrix(r.dates);
    const measure = matrix.rows.find((row) => row.measure.id === answer.measure.id)!.measure;
    const clause = clauseById(e);
    const cell = { measure: answer.measure.id, city: answer.city };
    res.render('matrix-cell', {
      ...base,
      title: `${measure.name} × ${answer.city} · 措施矩阵 · PolicyLens`,
      navScope: backScope,
      cell: answer,
      measure,
      method: matrix.method,
      clauses: matrix.clauses[answer.city] ?? 0,
      items: answer.clauses.slice(0, CELL_CLAUSES_SHOWN).map((c) => ({ clause: c, hit: clause(c.paragraphId) })),
      nearMisses: answer.nearMisses.slice(0, CELL_NEAR_MISSES_SHOWN).map((c) => ({ clause: c, hit: clause(c.paragraphId) })),
      dates: { ...r.dates, cities: [answer.city], issuers: r.documents.issuers, types: r.documents.types },
      // A clause opened from the cell keeps the matrix's dates, as a hit's link keeps its search's.
      clauseDates: scope,
      links: {
        matrix: `${back}#measure-${encodeURIComponent(measure.id)}`,
        csv: withQuery('/api/matrix/cell', { ...cell, ...scope, format: 'csv' }),
        json: withQuery('/api/matrix/cell', { ...cell, ...scope }),
      },
    });
  });

  pages.get('/diff', async (req, res) => {
    const e = engine();
    const form = { a: first(req.query.a), b: first(req.query.b) };
    // The comparison or the clause page the diff was opened from (back=/compare or /p/<id>, and its parameters as
    // back_*): a link back to exactly that page, on the diff and on its refusal (one box ticked), whose scope the
    // navigation bar and the clause links keep. The views had kept no way back from /diff.
    const back = wayBack(req.query, ['/compare', '/p'], e);
    const base = { title: '条款对比 · PolicyLens', active: '', corpus: e.corpus(), form, diff: null, error: null, back, navScope: back ? scopeOf(back.params) : undefined };
    const asked = ['a', 'b', 'id'].some((name) => req.query[name] !== undefined);
    if (!asked) {
      res.render('diff', base);
      return;
    }
    const r = validated(() => parseDiffRequest(req.query), (status, error) => res.status(status).render('diff', { ...base, error }));
    if (!r) return;
    const diff = await analysis().diff(r.a, r.b);
    res.render('diff', {
      ...base,
      form: r,
      title: `${diff.a.doc.city ?? ''} × ${diff.b.doc.city ?? ''} · 条款对比 · PolicyLens`,
      diff,
      // A clause opened from the diff keeps the scope of the page the diff came from, as that page's clause links do.
      clauseScope: back ? pageScope(back.params) : {},
      links: { json: withQuery('/api/diff', { a: r.a, b: r.b }), csv: withQuery('/api/diff', { a: r.a, b: r.b, format: 'csv' }), swap: withQuery('/diff', { a: r.b, b: r.a, ...(back ? backParams(back.params, back.path) : {}) }) },
    });
  });

  pages.get('/docs', (req, res) => {
    const corpus = engine().corpus();
    const form = {
      cities: all(req.query.city), groups: all(req.query.group), levels: all(req.query.level), types: all(req.query.type), issuers: all(req.query.issuer), sort: first(req.query.sort), order: first(req.query.order),
      since: first(req.query.since), until: first(req.query.until), inForce: first(req.query.in_force),
    };
    const base = { title: '收录文件 · PolicyLens', active: 'docs', corpus, form, documents: corpus.documents, request: null, sortLink: null, links: null, error: null, cards: () => null };
    const r = validated(() => parseDocumentsRequest(req.query, corpus), (status, error) => res.status(status).render('documents', { ...base, error }));
    if (!r) return;
    form.cities = r.places.cities;
    form.groups = r.places.groups;
    form.levels = r.levels;
    const filters = { city: r.places.cities, group: r.places.groups, level: r.levels, type: r.types, issuer: r.issuers, since: r.since, until: r.until, in_force: inForceAsGiven(req.query) };
    // A column header links to sorting by it; clicking the current sort again reverses it.
    const sortLink = (key: DocumentSort) => withQuery('/docs', { ...filters, sort: key, order: r.sort === key && r.order === 'asc' ? 'desc' : 'asc' });
    const csv = withQuery('/api/documents', { ...filters, sort: r.sort, order: r.sort ? r.order : null, format: 'csv' });
    // A compendium under dates or a day in force is listed by its cards, and its row says how many of them are kept.
    res.render('documents', { ...base, documents: listDocuments(corpus, r), request: r, cityScope: r.cityScope, sorts: DOCUMENT_SORTS, sortLink, links: { csv }, cards: (id: string) => cardsKept(corpus, id, r) });
  });

  // The pages are read with GET (and HEAD): another method on one of them is 405 with Allow, as on the API.
  const paths = pages.stack.flatMap((layer) => (layer.route ? [layer.route.path] : []));
  pages.all(paths, (req, res, next) => {
    res.set('Allow', 'GET, HEAD');
    if (req.method === 'OPTIONS') res.status(204).end();
    else next(createError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${req.path}: the pages are read with GET.`, undefined, `不支持 ${req.method} 请求：请直接打开这个网址。`));
  });

  return pages;
}
