/**
 * The scope a page passes along to the other views (places, groups, levels, documents, part, dates, the day in force),
 * and the ways back: the navigation bar's links, a matrix cell's way back to its matrix and a diff's way back to the
 * comparison or the clause page it was opened from.
 *
 * - **Scope.** A page's scope is what its URL gives of `SCOPE_PARAMETERS` (`scopeOf`). The navigation bar's link to
 *   each other view carries it as that view takes it (`navLinks`): the desk takes places and dates only, /docs no
 *   `doc`, only search and compare take `part`; the query (`q`) is the page's, not its scope, and is not carried (the
 *   pages' own buttons carry it: 查看检索结果列表, 各地相关量化目标). The link of the page's own view starts afresh. The bar
 *   had started afresh everywhere (twenty-first session, README Limits).
 * - **Ways back.** A link that leaves a view for a narrower one carries the parameters that reopen it as `back_<name>`
 *   (`backParams`), and `back` naming the view when the page it leads to can be reached from several: the matrix's count
 *   links carry its columns as `back_city`, `back_group`, `back_level` (the rest of its scope is the cell's own); the
 *   comparison's diff form and the clause page's 与本条对比 links carry `back=/compare` or `back=/p/<id>` and every
 *   parameter of the page (`wayBack` reads them).
 * - **Never a link to an error page.** Whatever a link carries is first read as the view it leads to reads it
 *   (`acceptedBy`: that view's own parser, validate.ts): a value the view refuses is dropped, each value kept while
 *   the view still takes what is kept, in the order given. `/matrix/cell?…&back_city=constructor` had led back to the
 *   matrix's 400 (twenty-first session's verifying audit); a hand-edited `back` that names no view gives no way back.
 */
import { isPolicyLensError } from '../errors.js';
import type { SearchEngine } from '../search/types.js';
import { clauseLink } from './api.js';
import {
  parseDocumentsRequest, parseDraftScope, parseMatrixRequest, parseParagraphId, parseParagraphPage, parseSearchRequest, parseSentenceChoice, parseTargetsRequest,
} from './validate.js';
import { withQuery, type QueryValue } from './view.js';

/** What a page's links carry as given: a value, or the values of a repeated parameter. */
export type LinkParams = Record<string, QueryValue>;

/** The parameters that make a page's scope, as every view names them. */
export const SCOPE_PARAMETERS = ['city', 'group', 'doc', 'issuer', 'type', 'level', 'part', 'since', 'until', 'in_force'] as const;

/** Parameters that may repeat; every other one is read once (its first value). */
const LISTS = new Set(['city', 'group', 'doc', 'issuer', 'type', 'level']);

/** The views a link may lead to, in the navigation bar's order; `/p` is the clause page, `/p/<id>`. */
export type View = '/' | '/compare' | '/matrix' | '/targets' | '/draft' | '/docs' | '/p';

/** The parameters each view reads, in the order its links write them. */
const VIEW_PARAMETERS: Readonly<Record<View, readonly string[]>> = {
  '/': ['q', 'mode', 'k', 'city', 'group', 'doc', 'issuer', 'type', 'level', 'part', 'since', 'until', 'in_force', 'scope', 'spell'],
  '/compare': ['q', 'mode', 'k', 'city', 'group', 'doc', 'issuer', 'type', 'level', 'part', 'since', 'until', 'in_force', 'scope', 'spell'],
  '/matrix': ['city', 'group', 'level', 'doc', 'issuer', 'type', 'since', 'until', 'in_force'],
  '/targets': ['q', 'city', 'group', 'doc', 'issuer', 'type', 'level', 'since', 'until', 'in_force'],
  // The desk compares with places and dates only, and refuses the document filters (validate.ts parseDraftScope).
  '/draft': ['city', 'group', 'since', 'until', 'in_force'],
  '/docs': ['city', 'group', 'level', 'type', 'issuer', 'since', 'until', 'in_force', 'sort', 'order'],
  '/p': ['sentence', 'k', 'city', 'group', 'level', 'doc', 'issuer', 'type', 'since', 'until', 'in_force'],
};

/** The navigation bar's views (views/partials/head.ejs). */
export const NAV_VIEWS: readonly View[] = ['/', '/compare', '/matrix', '/targets', '/draft', '/docs'];

/** Parameters a way back cannot reopen its view without: one that lost them is no way back (the bar carries no `q`). */
const REQUIRED: Partial<Record<View, readonly string[]>> = { '/': ['q'], '/compare': ['q'] };

/**
 * Search and compare check their filters with a query: a link from the bar carries none (the page opens on its form,
 * the scope ticked), so their filters are read with this one.
 */
const PROBE_QUERY = '政策';

/** Past this many values a link's parameters are not sorted out one by one: kept whole if valid, else dropped. */
const MAX_CHECKED_VALUES = 64;

/** Reads a view's parameters, as it would, and throws its refusal (a PolicyLensError) when it would refuse them. */
function check(view: View, params: LinkParams, engine: SearchEngine, id?: string): void {
  const corpus = engine.corpus();
  const raw = params as Record<string, unknown>;
  switch (view) {
    case '/':
    case '/compare':
      parseSearchRequest({ q: PROBE_QUERY, ...raw }, corpus, view === '/' ? 10 : 3);
      return;
    case '/matrix':
      parseMatrixRequest(raw, corpus);
      return;
    case '/targets':
      parseTargetsRequest(raw, corpus);
      return;
    case '/draft':
      parseDraftScope(raw, corpus);
      return;
    case '/docs':
      parseDocumentsRequest(raw, corpus);
      return;
    case '/p': {
      const clause = engine.paragraph(parseParagraphId(id ?? ''), 0).paragraph;
      parseSentenceChoice(raw, clause.sentences.length);
      parseParagraphPage(raw, corpus);
      return;
    }
  }
}

function accepts(view: View, params: LinkParams, engine: SearchEngine, id?: string): boolean {
  try {
    check(view, params, engine, id);
    return true;
  } catch (err) {
    if (isPolicyLensError(err) && err.status < 500) return false;
    throw err;
  }
}

/**
 * `params` as `view` takes them: only its parameters, in its order, and of their values those it accepts (read by its
 * own parser). When it refuses them together, each value is kept, in the order given, while the view still accepts
 * what is kept, so that an unknown place, a malformed date or a crossing bound goes and the rest stays. Null when the
 * view cannot be opened at all (a clause that is not there).
 * @example acceptedBy('/matrix', { city: ['constructor', '昆山市'], since: '2023' }, engine) // { city: ['昆山市'], since: '2023' }
 */
export function acceptedBy(view: View, params: LinkParams, engine: SearchEngine, id?: string): LinkParams | null {
  let known = acceptedLinks.get(engine);
  if (!known) acceptedLinks.set(engine, (known = new Map()));
  const key = `${view}\u0000${id ?? ''}\u0000${JSON.stringify(params)}`;
  if (known.has(key)) return known.get(key)!;
  const answer = sortedOut(view, params, engine, id);
  if (known.size >= ACCEPTED_KEPT) known.delete(known.keys().next().value!);
  known.set(key, answer);
  return answer;
}

/**
 * What `acceptedBy` answered, per engine (a reload makes a new one) and link: the navigation bar reads a page's scope
 * for five views, ≈ 3–4 ms a page with two places, a date and the day in force on seeds + external (each view's parser
 * 0.15–1.1 ms), and a reader moving between views carries the same scope.
 */
const acceptedLinks = new WeakMap<SearchEngine, Map<string, LinkParams | null>>();
const ACCEPTED_KEPT = 512;

function sortedOut(view: View, params: LinkParams, engine: SearchEngine, id?: string): LinkParams | null {
  const names = VIEW_PARAMETERS[view];
  const given = pickParams(params, names);
  let kept: LinkParams;
  if (accepts(view, given, engine, id)) kept = given;
  else {
    // In the order given (`given` is in the view's): what comes first is kept first.
    const entries = Object.keys(params)
      .filter((name) => Object.hasOwn(given, name))
      .flatMap((name) => {
        const v = given[name];
        return Array.isArray(v) ? (v as string[]).map((x) => [name, x] as const) : [[name, v] as const];
      });
    if (entries.length > MAX_CHECKED_VALUES || !accepts(view, {}, engine, id)) kept = {};
    else {
      kept = {};
      for (const [name, value] of entries) {
        const trial = { ...kept, [name]: LISTS.has(name) ? [...((kept[name] as string[] | undefined) ?? []), value as string] : value };
        if (accepts(view, trial, engine, id)) kept = trial;
      }
    }
    if (!accepts(view, kept, engine, id)) return null;
  }
  return pickParams(kept, names);
}

/** The named parameters of `params`, in the order of `names`, leaving out empty ones. */
function pickParams(params: LinkParams, names: readonly string[]): LinkParams {
  const out: LinkParams = {};
  for (const name of names) {
    if (!Object.hasOwn(params, name)) continue;
    const v = params[name];
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    out[name] = v;
  }
  return out;
}

/**
 * The named parameters as a query string gives them (with `prefix`, `back_city` for `city`): a list parameter's every
 * value, another's first, trimmed; empty ones left out. Own names only (?constructor is no list of names).
 */
export function readParams(query: Readonly<Record<string, unknown>>, names: readonly string[], prefix = ''): LinkParams {
  const out: LinkParams = {};
  const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
  for (const name of names) {
    if (!Object.hasOwn(query, prefix + name)) continue;
    const raw = query[prefix + name];
    const values = (Array.isArray(raw) ? raw : [raw]).map(text).filter((v): v is string => v !== null);
    if (!values.length) continue;
    out[name] = LISTS.has(name) ? values : values[0]!;
  }
  return out;
}

/**
 * A page's scope as its URL gives it (`SCOPE_PARAMETERS`: places, groups, documents, levels, part, dates, the day in
 * force), unchecked: each link checks it against the view it leads to.
 * @example scopeOf({ q: '专精特新', city: ['昆山市', '平湖市'], since: '2023', k: '6' }) // { city: ['昆山市', '平湖市'], since: '2023' }
 */
export function scopeOf(query: Readonly<Record<string, unknown>>): LinkParams {
  return readParams(query, SCOPE_PARAMETERS);
}

/**
 * The scope a page passes on to the clauses it links to, as its URL gives it: `since`, `until`, `in_force` (each its
 * first value, trimmed) and every `issuer` and `type`. Nothing else: places pick columns, not a clause.
 * @example pageScope({ q: '专精特新', since: '2023', issuer: ['人民政府'] }) // { since: '2023', issuer: ['人民政府'] }
 */
export function pageScope(query: Readonly<Record<string, unknown>>): LinkParams {
  return readParams(query, ['since', 'until', 'in_force', 'issuer', 'type']);
}

/**
 * The navigation bar's links: each view with the page's scope as that view takes it (`acceptedBy`), the page's own
 * view (`current`, its path) afresh. Plain paths when the scope is empty, or when reading it fails (an error page
 * must still render).
 */
export function navLinks(scope: LinkParams, current: string, engine: () => SearchEngine): Record<string, string> {
  const plain = Object.fromEntries(NAV_VIEWS.map((v) => [v, v]));
  if (!Object.keys(pickParams(scope, SCOPE_PARAMETERS)).length) return plain;
  try {
    const e = engine();
    return Object.fromEntries(NAV_VIEWS.map((view) => [view, view === current ? view : withQuery(view, acceptedBy(view, pickParams(scope, SCOPE_PARAMETERS), e) ?? {})]));
  } catch {
    return plain;
  }
}

/**
 * A page's parameters as the way back to it: `back_<name>` each, and `back` naming the page when given
 * (`/compare`, `/p/<id>`).
 * @example backParams({ q: '专精特新', city: ['昆山市'] }, '/compare') // { back: '/compare', back_q: '专精特新', back_city: ['昆山市'] }
 */
export function backParams(params: LinkParams, view?: string): LinkParams {
  const out: LinkParams = view ? { back: view } : {};
  for (const [name, v] of Object.entries(params)) out[`back_${name}`] = v;
  return out;
}

/** A way back: the link, what it leads to, and the parameters it carries (checked), whose scope the page's links keep. */
export interface WayBack {
  view: View;
  /** The page's path as `back` names it: `/compare`, `/p/<id>`. */
  path: string;
  href: string;
  params: LinkParams;
}

/**
 * The way back a request carries (`back` and `back_*`, `backParams`), to one of `views`: the page reopened with its
 * parameters as it reads them (`acceptedBy`), the clause page with its clause's fingerprint and scrolled to its
 * counterparts (where 与本条对比 was clicked). Null without `back`, for a `back` that names no view of `views`, or for
 * a page that cannot be reopened (a clause that is not there, a comparison without a query it takes).
 * @example wayBack({ back: '/compare', back_q: '专精特新', back_city: '昆山' }, ['/compare', '/p'], engine) // { view: '/compare', href: '/compare?q=专精特新&city=昆山', … }
 */
export function wayBack(query: Readonly<Record<string, unknown>>, views: readonly View[], engine: SearchEngine): WayBack | null {
  const back = readParams(query, ['back']).back;
  if (typeof back !== 'string') return null;
  const clause = /^\/p\/(.+)$/u.exec(back);
  const view = (clause ? '/p' : back) as View;
  if (!views.includes(view) || !Object.hasOwn(VIEW_PARAMETERS, view)) return null;
  const id = clause?.[1];
  const params = acceptedBy(view, readParams(query, VIEW_PARAMETERS[view], 'back_'), engine, id);
  if (!params || (REQUIRED[view] ?? []).some((name) => params[name] === undefined)) return null;
  const href = view === '/p' ? `${clauseLink(engine)(id!, params)}#similar` : withQuery(view, params);
  return { view, path: back, href, params };
}
