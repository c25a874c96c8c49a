/**
 * The JSON API under /api. Every route validates its input (validate.ts) before the engine sees it; search,
 * compare, similar, targets, matrix (and a cell of it), diff and the documents also answer `format=csv`. JSON answers carry an ETag (json-answer.ts).
 */
import express, { type Request, type Response } from 'express';
import { createError, isPolicyLensError, PolicyLensError } from '../errors.js';
import { documentEnd, documentStatus, type DocumentStatus } from '../text/validity.js';
import type { AnalysisApi, TargetsResult } from '../analysis/types.js';
import { columnOf } from '../search/places.js';
import type { CompareColumn, CorpusInfo, DocumentSummary, Hit, QueryScope, SearchEngine } from '../search/types.js';
import {
  clauseNameParts, compareToCsv, CSV_CONTENT_TYPE, searchToCsv, scopeParts, contentDisposition, diffToCsv, documentsToCsv, documentToCsv, exportFile, matrixCellToCsv, matrixToCsv, similarToCsv, targetsToCsv,
  filtersText, type CsvHit, type ExportOrigin, type ExportScope, type NamePart,
} from './csv.js';
import { listDocuments, selectMatrixColumns } from './corpus-page.js';
import {
  contextQuerySchema, dateBounds, documentIdOf, documentQuerySchema, parseDiffRequest, parseDocumentId, parseDocumentsRequest, parseMatrixCellRequest, parseMatrixRequest, parseParagraphId, parseSearchRequest,
  parseSimilarRequest, parseTargetsRequest, parseTextSimilarRequest, parseWith, levelNarrowing, levelsAlone, queryAtLevels, scopedTargets, searchOptions, targetsAsked, todayInChina,
  type DocumentChoice, type PlaceChoice, type SearchRequest, type TargetsRequest,
} from './validate.js';
import { composedOnce, sendJson } from './json-answer.js';
import { docLabel, documentPath, encodeSegment, linkDates, originOf, paragraphPath, permalinkPath, withQuery, withTargets, type QueryValue } from './view.js';

/**
 * The origin absolute links (CSV permalinks, the clause page's 永久链接) are written with: POLICYLENS_PUBLIC_URL when
 * set, else the request's Host header — or X-Forwarded-Host and X-Forwarded-Proto when the app's `trust proxy` is set
 * (Express's `req.host` and `req.protocol` read them only then; createApp leaves it unset, since any client can send
 * them: with `Host: evil.example.com` an export's links named that host, so behind a proxy set the public URL).
 */
export function requestOrigin(req: Request): string {
  return originOf(req.protocol, req.host);
}

/**
 * Absolute permalink builder for the request's host (for CSV cells, which leave the browser); with the clause's text,
 * the link carries its fingerprint (`?h=`), so that it finds the clause after a re-index moves it.
 */
export function permalinkFor(req: Request, engine?: Pick<SearchEngine, 'paragraph'>, params: Readonly<Record<string, QueryValue>> = {}): (paragraphId: string, text?: string) => string {
  const origin = requestOrigin(req);
  // With the engine, a link made from an id alone (a target's, a matrix cell's, a diff's, a precedent's) carries the
  // clause's fingerprint too, as the search, compare, similar and document exports do.
  const link = engine ? clauseLink(engine) : (id: string, scope: Readonly<Record<string, QueryValue>>) => withQuery(paragraphPath(id), scope);
  // `params`: the scope the page's own links to a clause carry (`linkScope`), before the fingerprint as there.
  return (id, text) => origin + (text === undefined ? link(id, params) : permalinkPath(id, text, params));
}

/**
 * The scope a page's links to a clause carry, as the request gives it: `since`, `until` and `in_force` as typed (1 stays
 * "in force today", as on the page: h.linkDates). An export's permalinks carry it as the page's do: they had dropped it,
 * so a clause opened from Excel listed counterparts from every year (export audit 7, session 22).
 * @example linkScope({ q: '专精特新', since: '2023-01', in_force: '1' }) // { since: '2023-01', in_force: '1' }
 */
export function linkScope(query: Readonly<Record<string, unknown>>): Record<string, string> {
  const first = (v: unknown) => (Array.isArray(v) ? v[0] : v);
  return linkDates({ since: first(query.since), until: first(query.until), inForce: first(query.in_force) });
}

/** A clause by its id, or undefined for an id the index lacks (a link or an export then goes without it). */
export function clauseById(engine: Pick<SearchEngine, 'paragraph'>): (id: string) => Hit | undefined {
  return (id) => {
    try {
      return engine.paragraph(id, 0).paragraph;
    } catch {
      return undefined;
    }
  };
}

/**
 * A clause's permalink path from its id alone: with its fingerprint when the index has the clause, and `params` (a
 * page's dates, `linkDates`) before it, as a hit's link carries them: a target's clause link from a comparison limited
 * to since=2023&in_force=1 had dropped them while the hits' kept them (twenty-first session's analyst audit).
 */
export function clauseLink(engine: Pick<SearchEngine, 'paragraph'>): (id: string, params?: Readonly<Record<string, QueryValue>>) => string {
  const clause = clauseById(engine);
  return (id, params = {}) => {
    const c = clause(id);
    return c ? permalinkPath(id, c.text, params) : withQuery(paragraphPath(id), params);
  };
}

/** Where a permalink's clause is now: see {@link locateClause}. */
export type ClauseWhereabouts = { at: 'here' } | { at: 'moved'; id: string } | { at: 'changed' };

/**
 * Where the clause a permalink names (`/p/<id>?h=<fingerprint>`, `/api/paragraphs/<id>?h=`) is now: `here` when the clause
 * at the id still has the fingerprint; `moved` to the clause of the same document that has it (a re-index moved it:
 * clauses before it were added or removed); `changed` when no clause of the document has it (rewritten or removed) and
 * the id still names a clause. Throws UNKNOWN_PARAGRAPH when the id names none and the fingerprint is nowhere in its
 * document. The clause page and the API read a permalink by this one rule.
 */
export function locateClause(engine: Pick<SearchEngine, 'paragraph' | 'document' | 'corpus'>, id: string, fingerprint: string): ClauseWhereabouts {
  const docId = documentIdOf(id);
  const inDocument = (): ClauseWhereabouts | null => {
    const found = engine.document(docId).paragraphs.find((x) => x.fingerprint === fingerprint);
    return found ? { at: 'moved', id: found.id } : null;
  };
  let atId: Hit;
  try {
    atId = engine.paragraph(id, 0).paragraph;
  } catch (err) {
    // The position is past the end of its document now (clauses before it were removed): the fingerprint may still be
    // in the document.
    const moved = isPolicyLensError(err) && err.code === 'UNKNOWN_PARAGRAPH' && engine.corpus().documents.some((d) => d.id === docId) ? inDocument() : null;
    if (moved) return moved;
    throw err;
  }
  if (atId.fingerprint === fingerprint) return { at: 'here' };
  return inDocument() ?? { at: 'changed' };
}

/**
 * The chosen places an answer has no column for, in corpus order: the filters (dates, in force, level, documents, part)
 * leave them no document. The same meaning as the desk's `summary.leftOut`, in compare, both "similar" endpoints and
 * the matrix (the pages said it; the API had answered fewer columns, or none, without a word: the API audit's M3).
 * Empty when no place was chosen.
 * @example leftOutOf(corpus, ['青岛市', '昆山市'], ['昆山市']) // ['青岛市']
 */
export function leftOutOf(corpus: Pick<CorpusInfo, 'cities'>, chosen: readonly string[], shown: readonly string[]): string[] {
  const has = new Set(shown);
  return corpus.cities.filter((c) => chosen.includes(c) && !has.has(c));
}

/**
 * What "similar" left out of the chosen places: `leftOut` as {@link leftOutOf}, and `ownDocumentOnly`, those of them whose
 * only document is the one "similar" never compares with (the source clause's own, or `/api/similar`'s `exclude`'s):
 * /p/002…:p0014?city=平湖 had blamed the dates, given none, for 平湖's column (the API audit's W4). And
 * `chosenOwnDocumentOnly`: the documents chosen (`docs`: doc, issuer, type resolved) are that document alone, so no
 * column can answer; the clause page said so (其他文件中没有所选发文机关、类型的文件) while the API had answered an empty 200
 * without a reason (`issuer=平湖市人民政府` on a 平湖 clause; twenty-first session's verifying audit). Not a 400, as a
 * choice no document meets is: the choice holds, and the answer still gives the source clause, as the page shows it.
 */
export function similarLeftOut(
  corpus: Pick<CorpusInfo, 'cities' | 'documents'>,
  chosen: readonly string[],
  shown: readonly string[],
  ownDocument: string | null,
  docs?: readonly string[],
): { leftOut: string[]; ownDocumentOnly: string[]; chosenOwnDocumentOnly: boolean } {
  const leftOut = leftOutOf(corpus, chosen, shown);
  const ownDocumentOnly = ownDocument === null ? [] : leftOut.filter((city) => corpus.documents.every((d) => columnOf(d) !== city || d.id === ownDocument));
  const chosenOwnDocumentOnly = ownDocument !== null && docs !== undefined && docs.length > 0 && docs.every((id) => id === ownDocument);
  return { leftOut, ownDocumentOnly, chosenOwnDocumentOnly };
}

/** A document as /api/documents lists it: its summary with the end and standing on `today` that /docs shows. */
export type ListedDocument = DocumentSummary & { endDate: string | null; status: DocumentStatus | null };

/**
 * A document with `endDate`, the last day it runs (its 有效期, else the end of a plan period that covers it whole), and
 * `status` on `today` (`in-force`, `expired`, `not-yet-in-force`, `plan-ended`, or null when it states neither): what
 * /docs shows as 至 … / 规划期至 … and （已失效）, （尚未施行）, （已结束） (src/text/validity.ts, one rule with `in_force`).
 * The API had given `planPeriod` as written only (twenty-first session's verifying audit).
 * @example withStanding(plan, '2026-01-05') // { ...plan, endDate: '2025-12-31', status: 'plan-ended' }
 */
export function withStanding(d: DocumentSummary, today: string): ListedDocument {
  return { ...d, endDate: documentEnd(d), status: documentStatus(d, today) };
}

/** Absolute link to a document's reader for the request's host. */
function documentLinkFor(req: Request): (docId: string) => string {
  const origin = requestOrigin(req);
  return (id) => origin + documentPath(id);
}

/**
 * What a request chose, as an export's file name and its `filters` column say it (csv.ts `ExportScope`): the places
 * chosen one by one in the corpus's order, which is the order of the rows (compare's name had listed them in the
 * request's order, its rows in the corpus's: researcher audit, session 22), each group by its label, each document by
 * its name. A level group beside chosen places is named by the places it left (city=江苏&group=level:province → 江苏省),
 * which are what was compared: the union had named the file and the filters (s23 verifying audit 3).
 */
export function exportScope(
  corpus: Pick<CorpusInfo, 'cities' | 'groups' | 'places' | 'documents'>,
  chosen: { places?: PlaceChoice; documents?: Partial<DocumentChoice>; levels?: readonly string[]; part?: string | null; since?: string | null; until?: string | null; inForce?: string | null },
): ExportScope {
  const narrowed = chosen.places && levelNarrowing(chosen.places, corpus);
  const cities = narrowed ? narrowed.cities : (chosen.places?.cities ?? []);
  const groups = (narrowed ? [] : (chosen.places?.groups ?? [])).map((id) => {
    const group = corpus.groups.find((g) => g.id === id);
    return { label: group?.label ?? id, ascii: groupAscii(id, corpus) };
  });
  const docs = (chosen.documents?.docs ?? []).map((id) => {
    const d = corpus.documents.find((x) => x.id === id);
    return { id, label: d ? docLabel(d) : id };
  });
  return {
    cities: [...corpus.cities.filter((c) => cities.includes(c)), ...cities.filter((c) => !corpus.cities.includes(c))],
    groups,
    docs,
    issuers: chosen.documents?.issuers ?? [],
    types: chosen.documents?.types ?? [],
    levels: chosen.levels ?? [],
    part: chosen.part ?? null,
    since: chosen.since ?? null,
    until: chosen.until ?? null,
    inForce: chosen.inForce ?? null,
  };
}

/** A search's or comparison's choices as an export says them (`exportScope`). */
function searchScope(corpus: CorpusInfo, r: SearchRequest): ExportScope {
  // Level groups alone, read as levels (`levelsAlone`), are named once, by their label.
  return exportScope(corpus, { places: r.places, documents: r.documents, levels: levelsAlone(r.places) ? [] : (r.filters.levels ?? []), part: r.filters.part ?? null, since: r.filters.since, until: r.filters.until, inForce: r.filters.inForce });
}

/**
 * What a search's or comparison's export answers, on each of its rows: the query as typed, the mode, and the filters as
 * a reader reads them, with what the request changed about reading the query: the places its own words limited it to
 * (青岛专精特新: on a comparison only when they are its columns), scope=all and spell=off.
 */
function searchOrigin(r: SearchRequest, scope: ExportScope, result: { scope: QueryScope | null }, op: 'search' | 'compare'): ExportOrigin {
  const named = result.scope && (op === 'search' || result.scope.cities.length >= 2) ? result.scope.cities : [];
  // An organ the query named with its place chose a search's documents (烟台市人大常委会民营经济), as issuer= does.
  const issuer = op === 'search' && result.scope?.issuer?.documents.length ? { issuers: [...(scope.issuers ?? []), result.scope.issuer.named] } : {};
  return { query: r.q, mode: r.mode, filters: filtersText({ ...scope, ...issuer, named, unscoped: r.scope === 'all', asTyped: r.spell === 'off' }) };
}

/**
 * A group in an ASCII file name: `county` for level:county, `province-320000` for province:江苏省 (its GB/T 2260 code,
 * from a place of the corpus in it); null when there is none to give.
 */
function groupAscii(id: string, corpus: Pick<CorpusInfo, 'places'>): string | null {
  const [kind, name] = id.split(':', 2) as [string, string | undefined];
  if (kind === 'level') return name && /^[a-z-]+$/.test(name) ? name : null;
  const code = corpus.places.find((p) => p.province === name && p.code)?.code;
  return code ? `province-${code.slice(0, 2)}0000` : kind === 'province' ? 'province' : null;
}

/** The corpus's documents by id, for the document fields an export cites (发文机关, 文号). */
export function documentOf(e: Pick<SearchEngine, 'corpus'>): (docId: string) => DocumentSummary | undefined {
  const byId = new Map(e.corpus().documents.map((d) => [d.id, d]));
  return (id) => byId.get(id);
}

function sendCsvText(res: Response, kind: string, name: readonly (NamePart | string | null | undefined)[], csv: string): void {
  res
    .status(200)
    .set('Content-Type', CSV_CONTENT_TYPE)
    .set('Content-Disposition', contentDisposition(exportFile(kind, name)))
    .send(csv);
}

function columnHits(columns: CompareColumn[]): CsvHit[] {
  return columns.flatMap((c) => c.results.map((hit: Hit) => ({ hit, city: c.city, weak: c.weak })));
}


/**
 * The API router. `engine` and `analysis` are called once per request, so the index behind them can be swapped
 * without a restart.
 */
export function createApiRouter(engine: () => SearchEngine, analysis: () => AnalysisApi): express.Router {
  const api = express.Router();

  api.get('/health', (_req, res) => {
    const corpus = engine().corpus();
    res.json({
      status: 'ok',
      documents: corpus.documents.length,
      paragraphs: corpus.documents.reduce((sum, d) => sum + d.paragraphCount, 0),
      cities: corpus.cities,
    });
  });

  // A query that asks for targets (各地对研发投入强度设定了什么目标?) also gets the matching extracted targets:
  // `targets` in search, each column's `targets` in compare; empty arrays otherwise.
  api.get('/search', async (req, res) => {
    const e = engine();
    const r = parseSearchRequest(req.query, e.corpus(), 10);
    queryAtLevels(r, e.corpus(), e, 'search');
    if (r.format === 'csv') {
      const result = await e.search(r.q, searchOptions(r));
      // The targets the page shows above the hits come first, as in compare's CSV.
      const targets = await analysis().questionTargets(...targetsAsked(r, result.spelling?.query ?? r.q, result.scope, 'search'));
      const scope = searchScope(e.corpus(), r);
      sendCsvText(res, 'search', [r.q, ...scopeParts(scope)], searchToCsv(result.results, targets, permalinkFor(req, e, linkScope(req.query)), documentOf(e), clauseById(e), searchOrigin(r, scope, result, 'search')));
      return;
    }
    const result = await e.search(r.q, searchOptions(r));
    // A remembered answer is composed with its targets once (the same answer object means the same build and request),
    // and with what the `city` values were read as (city=江苏 and its three columns named one by one are one answer).
    sendJson(res, await composedOnce(result, async () => ({ ...result, cityScope: r.cityScope, targets: await analysis().questionTargets(...targetsAsked(r, result.spelling?.query ?? r.q, result.scope, 'search')) }), JSON.stringify(r.cityScope)));
  });

  api.get('/compare', async (req, res) => {
    const e = engine();
    const r = parseSearchRequest(req.query, e.corpus(), 3);
    queryAtLevels(r, e.corpus(), e, 'compare');
    const result = await e.compare(r.q, searchOptions(r));
    const { targets, answer } = await composedOnce(result, async () => {
      const found = await analysis().questionTargets(...targetsAsked(r, result.spelling?.query ?? r.q, result.scope, 'compare'));
      // The places chosen: those the query named when they are the columns, else the request's (the engine's key holds both).
      const chosen = result.scope && result.scope.cities.length >= 2 ? result.scope.cities : (r.filters.cities ?? []);
      const leftOut = leftOutOf(e.corpus(), chosen, result.columns.map((c) => c.city));
      return { targets: found, answer: { ...result, columns: withTargets(result.columns, found), leftOut, cityScope: r.cityScope } };
    }, JSON.stringify(r.cityScope));
    if (r.format === 'csv') {
      const scope = searchScope(e.corpus(), r);
      sendCsvText(res, 'compare', [r.q, ...scopeParts(scope)], compareToCsv(result.columns, targets, permalinkFor(req, e, linkScope(req.query)), documentOf(e), clauseById(e), searchOrigin(r, scope, result, 'compare')));
    } else sendJson(res, answer);
  });

  // With `h` (a permalink's fingerprint), as the clause page reads it: a clause a re-index moved is a 302 to its new id
  // (the query kept), and one rewritten or removed is answered as the clause now at the id with `changed: true`.
  api.get('/paragraphs/:id', (req, res) => {
    const id = parseParagraphId(req.params.id);
    const { context, h } = parseWith(contextQuerySchema, req.query);
    const e = engine();
    if (h === undefined) {
      sendJson(res, e.paragraph(id, context));
      return;
    }
    const found = locateClause(e, id, h);
    if (found.at === 'moved') {
      const at = req.originalUrl.indexOf('?');
      res.redirect(302, `${req.baseUrl}/paragraphs/${encodeSegment(found.id)}${at === -1 ? '' : req.originalUrl.slice(at)}`);
      return;
    }
    sendJson(res, { ...e.paragraph(id, context), changed: found.at === 'changed' });
  });

  api.get('/paragraphs/:id/similar', async (req, res) => {
    const id = parseParagraphId(req.params.id);
    const e = engine();
    const r = parseSimilarRequest(req.query, e.corpus());
    const result = await e.similar(id, {
      k: r.k, ...(r.cities.length ? { cities: r.cities } : {}), ...(r.docs ? { docs: r.docs } : {}), ...(r.sentence !== undefined ? { sentence: r.sentence } : {}), ...dateBounds(r), ...(r.inForce ? { inForce: r.inForce } : {}),
    });
    if (r.format === 'csv') {
      const clause = e.paragraph(id, 0).paragraph;
      const sentence = r.sentence !== undefined ? clause.sentences[r.sentence] : undefined;
      // The source's own permalink as the clause page gives it, a sentence's with sentence=N (it had been the whole
      // clause's), and the dates as every link of the file.
      const source = { clause, ...(sentence ? { text: sentence.text } : {}), link: requestOrigin(req) + permalinkPath(id, clause.text, { sentence: r.sentence, ...linkScope(req.query) }) };
      const scope = exportScope(e.corpus(), { places: r.places, documents: r.documents, levels: r.levels, since: r.since, until: r.until, inForce: r.inForce });
      const picked = r.sentence !== undefined ? { text: `第${r.sentence + 1}句`, ascii: `sentence-${r.sentence + 1}` } : null;
      sendCsvText(res, 'similar', [...clauseNameParts(clause), picked, ...scopeParts(scope)], similarToCsv(source, columnHits(result.columns), permalinkFor(req, e, linkScope(req.query)), documentOf(e), { filters: filtersText(scope) }));
    } else sendJson(res, await composedOnce(result, async () => ({ ...result, ...similarLeftOut(e.corpus(), r.chosen, result.columns.map((c) => c.city), documentIdOf(id), r.docs) }), `${r.chosen.join('\n')}\u0000${r.docs?.join('\n') ?? ''}`));
  });

  // Counterparts of a pasted text (a sentence, a clause of one's own draft), leaving out `exclude`'s document.
  api.get('/similar', async (req, res) => {
    const e = engine();
    const r = parseTextSimilarRequest(req.query, e.corpus());
    const result = await e.similarText(r.text, {
      k: r.k, ...(r.cities.length ? { cities: r.cities } : {}), ...(r.docs ? { docs: r.docs } : {}), ...(r.exclude ? { exclude: r.exclude } : {}), ...dateBounds(r), ...(r.inForce ? { inForce: r.inForce } : {}),
    });
    if (r.format === 'csv') {
      const scope = exportScope(e.corpus(), { places: r.places, documents: r.documents, levels: r.levels, since: r.since, until: r.until, inForce: r.inForce });
      sendCsvText(res, 'similar', [r.text.slice(0, 30), ...scopeParts(scope)], similarToCsv({ text: r.text }, columnHits(result.columns), permalinkFor(req, e, linkScope(req.query)), documentOf(e), { filters: filtersText(scope) }));
    } else sendJson(res, await composedOnce(result, async () => ({ ...result, ...similarLeftOut(e.corpus(), r.chosen, result.columns.map((c) => c.city), r.exclude ? documentIdOf(r.exclude) : null, r.docs) }), `${r.chosen.join('\n')}\u0000${r.docs?.join('\n') ?? ''}`));
  });

  // The corpus: documents (sortable and filterable like /docs), the files the build skipped or passed over, and its
  // warnings. Each document carries the end and standing /docs shows (withStanding), today on Beijing's calendar.
  api.get('/documents', (req, res) => {
    const corpus = engine().corpus();
    const r = parseDocumentsRequest(req.query, corpus);
    const documents = listDocuments(corpus, r).map((d) => withStanding(d, todayInChina()));
    if (r.format === 'csv') sendCsvText(res, 'documents', scopeParts(exportScope(corpus, { places: r.places, levels: r.levels, documents: { issuers: r.issuers, types: r.types }, since: r.since, until: r.until, inForce: r.inForce })), documentsToCsv(documents, documentLinkFor(req)));
    else res.json({ documents, skipped: corpus.skipped, notRead: corpus.notRead, ignored: corpus.ignored, warnings: corpus.warnings });
  });

  // The places (comparison columns, with kind, level and parent) and the groups the `group` parameter takes.
  api.get('/places', (_req, res) => {
    const corpus = engine().corpus();
    res.json({ places: corpus.places, groups: corpus.groups });
  });

  // An unknown id is refused with every id in `details.valid`, as `doc=` refuses one (validate.ts `checkFilters`; it had
  // had none: verifying audit, s23). The engine is asked first, so the refusal keeps its own message.
  const withValidDocuments = <T>(read: () => T): T => {
    try {
      return read();
    } catch (err) {
      if (!isPolicyLensError(err) || err.code !== 'UNKNOWN_DOCUMENT' || err.details) throw err;
      const valid = engine().corpus().documents.map((d) => d.id);
      throw new PolicyLensError(err.code, err.message, { details: { valid }, ...(err.zh ? { zh: err.zh } : {}), ...(err.lead ? { lead: err.lead } : {}) });
    }
  };

  api.get('/documents/:id', (req, res) => {
    const id = parseDocumentId(req.params.id);
    const { format } = parseWith(documentQuerySchema, req.query);
    const view = withValidDocuments(() => engine().document(id));
    // An untitled document is named by its place (青岛市（无标题文件）), as the reader names it, not by its id.
    if (format === 'csv') sendCsvText(res, 'document', [{ text: docLabel(view.document), ascii: view.document.id }], documentToCsv(view, permalinkFor(req)));
    else sendJson(res, { ...view, document: withStanding(view.document, todayInChina()) });
  });

  // Analyst views: quantitative targets grouped across cities, the measure × city matrix, the clause diff.

  // Every target by default (the page's "全部目标请下载 CSV" links here); `limit`/`offset` page a large corpus's answer
  // (89,829 targets, 37.6 MB at 100k synthetic paragraphs). `total` counts the matching targets either way.
  // A place named at the head of `q` scopes it as in search (`scope`: what was read; scope=all matches `q` as typed).
  api.get('/targets', async (req, res) => {
    const e = engine();
    const r = parseTargetsRequest(req.query, e.corpus());
    const { filters, scope, outside, spelling } = scopedTargets(r, e.corpus(), (q, o) => e.scopeOf(q, o), (q) => e.placeOutsideOf(q), (q, o) => e.spellingOf(q, o));
    const result = pageOfTargets(await analysis().targets(filters), r.page);
    // A place the query named is the file's place, as the answer's scope says.
    const places = scope ? { cities: scope.cities, groups: [] } : r.places;
    if (r.format === 'csv') sendCsvText(res, 'targets', [filters.q, ...scopeParts(exportScope(e.corpus(), { places, documents: r.documents, levels: r.levels, since: filters.since, until: filters.until, inForce: filters.inForce }))], targetsToCsv(result, permalinkFor(req, e, linkScope(req.query)), documentOf(e), clauseById(e)));
    else sendJson(res, { ...result, scope, outside, spelling, cityScope: r.cityScope });
  });

  api.get('/matrix', async (req, res) => {
    const e = engine();
    const r = parseMatrixRequest(req.query, e.corpus());
    const [full, nearMisses] = await Promise.all([analysis().matrix(r.dates), analysis().matrixNearMissCounts(r.dates)]);
    const result = selectMatrixColumns(full, r.cities);
    if (r.format === 'csv') sendCsvText(res, 'matrix', scopeParts(exportScope(e.corpus(), { places: r.places, documents: r.documents, levels: r.levels, since: r.dates.since, until: r.dates.until, inForce: r.dates.inForce })), matrixToCsv(result, permalinkFor(req, e, linkScope(req.query)), clauseById(e), documentOf(e), nearMisses));
    // The whole matrix (nothing chosen) is one remembered object per dates: composed once, as a search answer is.
    // `nearMisses` (measure → place → count) says which gaps have clauses naming the measure under the bar, as the page's
    // gap links do: a gap's 0 alone had read as "not addressed" (twenty-first session's views fix left the API without it).
    else {
      const shown = Object.fromEntries(Object.entries(nearMisses).map(([measure, byPlace]) => [measure, Object.fromEntries(Object.entries(byPlace).filter(([city]) => result.cities.includes(city)))]));
      sendJson(res, await composedOnce(result, async () => ({ ...result, nearMisses: shown, leftOut: leftOutOf(e.corpus(), r.chosen, result.cities) }), r.chosen.join('\n')));
    }
  });

  // The clauses one cell counts (the count a matrix cell shows, opened), under the matrix's own date filters.
  api.get('/matrix/cell', async (req, res) => {
    const e = engine();
    const r = parseMatrixCellRequest(req.query, e.corpus());
    const cell = await analysis().matrixCell(r.measure, r.city, r.dates);
    if (r.format === 'csv') {
      // The measure (its id in ASCII) and the place, then the documents and dates the cell was counted under.
      const scope = exportScope(e.corpus(), { documents: r.documents, since: r.dates.since, until: r.dates.until, inForce: r.dates.inForce });
      sendCsvText(res, 'matrix-cell', [{ text: cell.measure.name, ascii: cell.measure.id }, { text: cell.city, ascii: null }, ...scopeParts(scope)], matrixCellToCsv(cell, permalinkFor(req, e, { doc: r.documents.docs, issuer: r.documents.issuers, type: r.documents.types, ...linkScope(req.query) }), clauseById(e), documentOf(e)));
    } else sendJson(res, cell);
  });

  api.get('/diff', async (req, res) => {
    const { a, b, format } = parseDiffRequest(req.query);
    const diff = await analysis().diff(a, b);
    if (format === 'csv') sendCsvText(res, 'diff', [{ text: `${diff.a.doc.city ?? ''}-${diff.b.doc.city ?? ''}`, ascii: `${diff.a.id}-vs-${diff.b.id}` }], diffToCsv(diff, permalinkFor(req, engine()), documentOf(engine())));
    else sendJson(res, diff);
  });

  // Every route above answers GET (and HEAD): another method on one of them is 405 with Allow, not a 404 naming the
  // route as missing (the API audit's POST /api/search); OPTIONS says the same without refusing.
  const paths = api.stack.flatMap((layer) => (layer.route ? [layer.route.path] : []));
  api.all(paths, (req, res, next) => {
    res.set('Allow', 'GET, HEAD');
    if (req.method === 'OPTIONS') res.status(204).end();
    else next(createError('METHOD_NOT_ALLOWED', `${req.method} is not allowed on /api${req.path}: send a GET (parameters in the query string).`, undefined, `不支持 ${req.method} 请求，请用 GET。`));
  });

  return api;
}

/** The targets answer with `total`, and only the asked slice of `targets` when paged (`groups` describe them all). */
export function pageOfTargets(result: TargetsResult, page: TargetsRequest['page']): TargetsResult & { total: number; offset?: number; limit?: number } {
  const total = result.targets.length;
  if (page.limit === null && page.offset === 0) return { ...result, total };
  const end = page.limit === null ? total : page.offset + page.limit;
  return { targets: result.targets.slice(page.offset, end), groups: result.groups, total, offset: page.offset, ...(page.limit !== null ? { limit: page.limit } : {}) };
}
