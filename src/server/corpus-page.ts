/**
 * The corpus page's data (/docs and /api/documents): the documents filtered and sorted as asked, and the matrix
 * cut to the chosen places. Pure functions of the corpus, shared by the page and the API.
 */
import { documentInForce } from '../text/validity.js';
import { LEVEL_ORDER, columnOf } from '../search/places.js';
import type { MatrixResult } from '../analysis/types.js';
import type { CorpusInfo, DocumentSummary } from '../search/types.js';
import { DOCUMENT_TYPES } from '../text/metadata.js';
import type { DocumentSort, DocumentsRequest } from './validate.js';
import { dateInRange } from '../search/date-range.js';
import { cardInForce, cardInRange } from '../search/card-dates.js';

const collator = new Intl.Collator('zh-CN');

/** Compares two possibly absent values; absent ones sort last in either order. */
function compareNullable<T>(a: T | null, b: T | null, cmp: (x: T, y: T) => number, direction: number): number {
  if (a === null && b === null) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return cmp(a, b) * direction;
}

function rank(list: readonly string[], value: string | null): number | null {
  if (value === null) return null;
  const i = list.indexOf(value);
  return i === -1 ? list.length : i;
}

/**
 * A compendium's policy cards (`CorpusInfo.compendiumCards`) that a date range and a day in force keep, and how many it
 * has; null for any other document, or without dates. The book is listed while one is kept, as every view keeps its
 * clauses by their cards (src/search/card-dates.ts): `/docs?since=2024` had listed the 北京 book by its own year though
 * none of its 145 cards is of 2024, so the desk, the matrix and compare had no 北京 column where the list had 北京, and
 * `until=2022` had left it out though its 2021 cards are in every view's range (twenty-first session, README Limits).
 * @example cardsKept(corpus, '03-beijing-chanye-zhengce-daoyin-2024', { until: '2022-12-31' }) // { kept: 96, count: 145 } (seeds + external)
 */
export function cardsKept(corpus: Pick<CorpusInfo, 'compendiumCards'>, docId: string, dates: { since?: string | undefined; until?: string | undefined; inForce?: string | undefined }): { kept: number; count: number } | null {
  const cards = corpus.compendiumCards?.get(docId);
  if (!cards?.length || !(dates.since || dates.until || dates.inForce)) return null;
  const kept = cards.filter((c) => cardInRange(c, dates.since, dates.until) && (!dates.inForce || cardInForce(c, dates.inForce))).length;
  return { kept, count: cards.length };
}

/**
 * The corpus's documents filtered by place (groups expanded), level, type and the documents an issuer chose (`docs`),
 * sorted by `sort` (`place`: province, then level, then the comparison columns' order; none keeps the corpus order).
 * Documents without a value for the sort key come last. Ties keep corpus order. A date range and a day in force keep a
 * compendium by its cards (`cardsKept`), any other document by its own date and validity.
 */
export function listDocuments(corpus: CorpusInfo, request: Pick<DocumentsRequest, 'sort' | 'order' | 'cities' | 'levels' | 'types'> & Partial<Pick<DocumentsRequest, 'since' | 'until' | 'inForce' | 'docs'>>): DocumentSummary[] {
  const cities = request.cities.length ? new Set(request.cities) : null;
  const levels = request.levels.length ? new Set(request.levels) : null;
  const types = request.types.length ? new Set(request.types) : null;
  const docs = request.docs ? new Set(request.docs) : null;
  const dated = (d: DocumentSummary) => {
    const cards = cardsKept(corpus, d.id, request);
    return cards ? cards.kept > 0 : dateInRange(d.date, request.since, request.until) && (!request.inForce || documentInForce(d, request.inForce));
  };
  const kept = corpus.documents.filter(
    (d) =>
      (!cities || cities.has(columnOf(d))) && (!levels || levels.has(d.level ?? '')) && (!types || types.has(d.docType ?? '')) && (!docs || docs.has(d.id)) &&
      dated(d),
  );
  const direction = request.order === 'desc' ? -1 : 1;
  const provinces = [...new Set(corpus.documents.map((d) => d.province ?? columnOf(d)))];
  const byNumber = (x: number, y: number) => x - y;
  const keys: Record<DocumentSort, (a: DocumentSummary, b: DocumentSummary) => number> = {
    // By province (in the order the corpus first meets them), then level (the province, its prefectures, its counties;
    // a place of no level, a 功能区, after them), then place: a province's places together, from the top. Within a
    // province the corpus's order had been kept, so 昆山市 (县级) came before 江苏省 (places audit, finding 13).
    place: (a, b) =>
      compareNullable(rank(provinces, a.province ?? columnOf(a)), rank(provinces, b.province ?? columnOf(b)), byNumber, direction) ||
      compareNullable(rank(LEVEL_ORDER, a.level), rank(LEVEL_ORDER, b.level), byNumber, direction) ||
      compareNullable(rank(corpus.cities, columnOf(a)), rank(corpus.cities, columnOf(b)), byNumber, direction),
    title: (a, b) => compareNullable(a.title, b.title, collator.compare, direction),
    level: (a, b) => compareNullable(rank(LEVEL_ORDER, a.level), rank(LEVEL_ORDER, b.level), byNumber, direction),
    type: (a, b) => compareNullable(rank(DOCUMENT_TYPES, a.docType), rank(DOCUMENT_TYPES, b.docType), byNumber, direction),
    date: (a, b) => compareNullable(a.date, b.date, (x, y) => (x < y ? -1 : x > y ? 1 : 0), direction),
    paragraphs: (a, b) => compareNullable(a.paragraphCount, b.paragraphCount, byNumber, direction),
    file: (a, b) => compareNullable(a.path, b.path, collator.compare, direction),
  };
  // No sort: the corpus's own order, reversed by order=desc (it had been ignored).
  if (request.sort === null) return request.order === 'desc' ? [...kept].reverse() : kept;
  const key = keys[request.sort];
  const order = new Map(corpus.documents.map((d, i) => [d.id, i]));
  return [...kept].sort((a, b) => key(a, b) || order.get(a.id)! - order.get(b.id)!);
}

/** The matrix with only the chosen places' columns (all when none is chosen); shading stays relative to the full row. */
export function selectMatrixColumns(matrix: MatrixResult, cities: readonly string[]): MatrixResult {
  if (cities.length === 0) return matrix;
  const keep = new Set(cities);
  return {
    ...matrix,
    cities: matrix.cities.filter((c) => keep.has(c)),
    rows: matrix.rows.map((r) => ({ ...r, cells: r.cells.filter((cell) => keep.has(cell.city)) })),
    clauses: Object.fromEntries(Object.entries(matrix.clauses).filter(([c]) => keep.has(c))),
  };
}
