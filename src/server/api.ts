/**
 * The JSON API under /api. Every route validates its input (validate.ts) before the engine sees it; search,
 * compare, similar, targets, matrix (and a cell of it), diff and the documents also answer `format=csv`. JSON answers carry an ETag (json-answer.ts).
 */
import express, { type Request, type Response } from 'express';
import { createError, isPolicyLensError } from '../errors.js';
import type { AnalysisApi, TargetsResult } from '../analysis/types.js';
import { columnOf } from '../search/places.js';
import type { CompareColumn, CorpusInfo, DocumentSummary, Hit, SearchEngine } from '../search/types.js';
import { compareToCsv, CSV_CONTENT_TYPE, searchToCsv, scopeLabel, contentDisposition, diffToCsv, documentsToCsv, documentToCsv, exportFileName, matrixCellToCsv, matrixToCsv, similarToCsv, targetsToCsv, type CsvHit } from './csv.js';
import { listDocuments, selectMatrixColumns } from './corpus-page.js';
import {
  contextQuerySchema, dateBounds, documentIdOf, documentQuerySchema, parseDiffRequest, parseDocumentId, parseDocumentsRequest, parseMatrixCellRequest, parseMatrixRequest, parseParagraphId, parseSearchRequest,
  parseSimilarRequest, parseTargetsRequest, parseTextSimilarRequest, parseWith, searchOptions, targetsAsked,
  type TargetsRequest,
} from './validate.js';
import { composedOnce, sendJson } from './json-answer.js';
import { documentPath, encodeSegment, originOf, paragraphPath, permalinkPath, withQuery, withTargets, type QueryValue } from './view.js';

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
export function permalinkFor(req: Request, engine?: Pick<SearchEngine, 'paragraph'>): (paragraphId: string, text?: string) => string {
  const origin = requestOrigin(req);
  // With the engine, a link made from an id alone (a target's, a matrix cell's, a diff's, a precedent's) carries the
  // clause's fingerprint too, as the search, compare, similar and document exports do.
  const link = engine ? clauseLink(engine) : (id: string) => paragraphPath(id);
  return (id, text) => origin + (text === undefined ? link(id) : permalinkPath(id, text));
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
 * /p/002…:p0014?city=平湖 had blamed the dates, given none, for 平湖's column (the API audit's W4).
 */
export function similarLeftOut(corpus: Pick<CorpusInfo, 'cities' | 'documents'>, chosen: readonly string[], shown: readonly string[], ownDocument: string | null): { leftOut: string[]; ownDocumentOnly: string[] } {
  const leftOut = leftOutOf(corpus, chosen, shown);
  const ownDocumentOnly = ownDocument === null ? [] : leftOut.filter((city) => corpus.documents.every((d) => columnOf(d) !== city || d.id === ownDocument));
  return { leftOut, ownDocumentOnly };
}

/** Absolute link to a document's reader for the request's host. */
function documentLinkFor(req: Request): (docId: string) => string {
  const origin = requestOrigin(req);
  return (id) => origin + documentPath(id);
}

/** An export's label with what it was limited to (places, issuers and types, dates, in force), for its file name. */
function withScope(label: string, scope: { cities?: readonly string[]; issuers?: readonly string[]; types?: readonly string[]; since?: string; until?: string; inForce?: string }): string {
  return [label, scopeLabel(scope)].filter(Boolean).join('-');
}

/** The corpus's documents by id, for the document fields an export cites (发文机关, 文号). */
export function documentOf(e: Pick<SearchEngine, 'corpus'>): (docId: string) => DocumentSummary | undefined {
  const byId = new Map(e.corpus().documents.map((d) => [d.id, d]));
  return (id) => byId.get(id);
}

function sendCsvText(res: Response, kind: string, label: string, csv: string): void {
  res
    .status(200)
    .set('Content-Type', CSV_CONTENT_TYPE)
    .set('Content-Disposition', contentDisposition(exportFileName(kind, label)))
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
    if (r.format === 'csv') {
      const result = await e.search(r.q, searchOptions(r));
      // The targets the page shows above the hits come first, as in compare's CSV.
      const targets = await analysis().questionTargets(...targetsAsked(r, result.spelling?.query ?? r.q, result.scope, 'search'));
      sendCsvText(res, 'search', withScope(r.q, { ...r.filters, ...r.documents }), searchToCsv(result.results, targets, permalinkFor(req, e), documentOf(e), clauseById(e)));
      return;
    }
    const result = await e.search(r.q, searchOptions(r));
    // A remembered answer is composed with its targets once (the same answer object means the same build and request).
    sendJson(res, await composedOnce(result, async () => ({ ...result, targets: await analysis().questionTargets(...targetsAsked(r, result.spelling?.query ?? r.q, result.scope, 'search')) })));
  });

  api.get('/compare', async (req, res) => {
    const e = engine();
    const r = parseSearchRequest(req.query, e.corpus(), 3);
    const result = await e.compare(r.q, searchOptions(r));
    const { targets, answer } = await composedOnce(result, async () => {
      const found = await analysis().questionTargets(...targetsAsked(r, result.spelling?.query ?? r.q, result.scope, 'compare'));
      // The places chosen: those the query named when they are the columns, else the request's (the engine's key holds both).
      const chosen = result.scope && result.scope.cities.length >= 2 ? result.scope.cities : (r.filters.cities ?? []);
      const leftOut = leftOutOf(e.corpus(), chosen, result.columns.map((c) => c.city));
      return { targets: found, answer: { ...result, columns: withTargets(result.columns, found), leftOut } };
    });
    if (r.format === 'csv') sendCsvText(res, 'compare', withScope(r.q, { ...r.filters, ...r.documents }), compareToCsv(result.columns, targets, permalinkFor(req, e), documentOf(e), clauseById(e)));
    else sendJson(res, answer);
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
      const source = { clause, ...(sentence ? { text: sentence.text } : {}) };
      sendCsvText(res, 'similar', withScope(`${id}${r.sentence !== undefined ? `-第${r.sentence + 1}句` : ''}`, { ...r, ...r.documents }), similarToCsv(source, columnHits(result.columns), permalinkFor(req), documentOf(e)));
    } else sendJson(res, await composedOnce(result, async () => ({ ...result, ...similarLeftOut(e.corpus(), r.chosen, result.columns.map((c) => c.city), documentIdOf(id)) }), r.chosen.join('\n')));
  });

  // Counterparts of a pasted text (a sentence, a clause of one's own draft), leaving out `exclude`'s document.
  api.get('/similar', async (req, res) => {
    const e = engine();
    const r = parseTextSimilarRequest(req.query, e.corpus());
    const result = await e.similarText(r.text, {
      k: r.k, ...(r.cities.length ? { cities: r.cities } : {}), ...(r.docs ? { docs: r.docs } : {}), ...(r.exclude ? { exclude: r.exclude } : {}), ...dateBounds(r), ...(r.inForce ? { inForce: r.inForce } : {}),
    });
    if (r.format === 'csv') sendCsvText(res, 'similar', withScope(r.text.slice(0, 30), { ...r, ...r.documents }), similarToCsv({ text: r.text }, columnHits(result.columns), permalinkFor(req), documentOf(e)));
    else sendJson(res, await composedOnce(result, async () => ({ ...result, ...similarLeftOut(e.corpus(), r.chosen, result.columns.map((c) => c.city), r.exclude ? documentIdOf(r.exclude) : null) }), r.chosen.join('\n')));
  });

  // The corpus: documents (sortable and filterable like /docs), the files the build skipped or passed over, and its warnings.
  api.get('/documents', (req, res) => {
    const corpus = engine().corpus();
    const r = parseDocumentsRequest(req.query, corpus);
    if (r.format === 'csv') sendCsvText(res, 'documents', [...r.places.groups, ...r.levels, ...r.types, scopeLabel({ ...r, types: [], cities: r.places.cities })].filter(Boolean).join('-'), documentsToCsv(listDocuments(corpus, r), documentLinkFor(req)));
    else res.json({ documents: listDocuments(corpus, r), skipped: corpus.skipped, notRead: corpus.notRead, ignored: corpus.ignored, warnings: corpus.warnings });
  });

  // The places (comparison columns, with kind, level and parent) and the groups the `group` parameter takes.
  api.get('/places', (_req, res) => {
    const corpus = engine().corpus();
    res.json({ places: corpus.places, groups: corpus.groups });
  });

  api.get('/documents/:id', (req, res) => {
    const id = parseDocumentId(req.params.id);
    const { format } = parseWith(documentQuerySchema, req.query);
    const view = engine().document(id);
    if (format === 'csv') sendCsvText(res, 'document', view.document.title ?? view.document.id, documentToCsv(view, permalinkFor(req)));
    else sendJson(res, view);
  });

  // Analyst views: quantitative targets grouped across cities, the measure × city matrix, the clause diff.

  // Every target by default (the page's "全部目标请下载 CSV" links here); `limit`/`offset` page a large corpus's answer
  // (89,829 targets, 37.6 MB at 100k synthetic paragraphs). `total` counts the matching targets either way.
  api.get('/targets', async (req, res) => {
    const e = engine();
    const r = parseTargetsRequest(req.query, e.corpus());
    const result = pageOfTargets(await analysis().targets(r.filters), r.page);
    if (r.format === 'csv') sendCsvText(res, 'targets', [r.filters.q, ...r.places.groups, scopeLabel({ ...r.filters, ...r.documents, cities: r.places.cities })].filter(Boolean).join('-'), targetsToCsv(result, permalinkFor(req, e), documentOf(e), clauseById(e)));
    else sendJson(res, result);
  });

  api.get('/matrix', async (req, res) => {
    const e = engine();
    const r = parseMatrixRequest(req.query, e.corpus());
    const [full, nearMisses] = await Promise.all([analysis().matrix(r.dates), analysis().matrixNearMissCounts(r.dates)]);
    const result = selectMatrixColumns(full, r.cities);
    if (r.format === 'csv') sendCsvText(res, 'matrix', [...r.places.groups, ...r.levels, scopeLabel({ ...r.dates, ...r.documents, cities: r.places.cities })].filter(Boolean).join('-'), matrixToCsv(result, permalinkFor(req, e), clauseById(e), documentOf(e), nearMisses));
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
    if (r.format === 'csv') sendCsvText(res, 'matrix-cell', [cell.measure.name, scopeLabel({ ...r.dates, ...r.documents, cities: [cell.city] })].join('-'), matrixCellToCsv(cell, permalinkFor(req, e), clauseById(e), documentOf(e)));
    else sendJson(res, cell);
  });

  api.get('/diff', async (req, res) => {
    const { a, b, format } = parseDiffRequest(req.query);
    const diff = await analysis().diff(a, b);
    if (format === 'csv') sendCsvText(res, 'diff', `${diff.a.doc.city ?? ''}-${diff.b.doc.city ?? ''}`, diffToCsv(diff, permalinkFor(req, engine()), documentOf(engine())));
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
