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
 * The corpus's documents filtered by place (groups expanded), level, type and the documents an issuer chose (`docs`),
 * sorted by `sort` (`place` follows the comparison columns' order; none keeps the corpus order). Documents without a
 * value for the sort key come last. Ties keep corpus order.
 */
export function listDocuments(corpus: CorpusInfo, request: Pick<DocumentsRequest, 'sort' | 'order' | 'cities' | 'levels' | 'types'> & Partial<Pick<DocumentsRequest, 'since' | 'until' | 'inForce' | 'docs'>>): DocumentSummary[] {
  const cities = request.cities.length ? new Set(request.cities) : null;
  const levels = request.levels.length ? new Set(request.levels) : null;
  const types = request.types.length ? new Set(request.types) : null;
  const docs = request.docs ? new Set(request.docs) : null;
  const kept = corpus.documents.filter(
    (d) =>
      (!cities || cities.has(columnOf(d))) && (!levels || levels.has(d.level ?? '')) && (!types || types.has(d.docType ?? '')) && (!docs || docs.has(d.id)) &&
      dateInRange(d.date, request.since, request.until) &&
      (!request.inForce || documentInForce(d, request.inForce)),
  );
  const direction = request.order === 'desc' ? -1 : 1;
  const provinces = [...new Set(corpus.documents.map((d) => d.province ?? columnOf(d)))];
  const byNumber = (x: number, y: number) => x - y;
  const keys: Record<DocumentSort, (a: DocumentSummary, b: DocumentSummary) => number> = {
    // By province (in the order the corpus first meets them), then place: a province's places together.
    place: (a, b) =>
      compareNullable(rank(provinces, a.province ?? columnOf(a)), rank(provinces, b.province ?? columnOf(b)), byNumber, direction) ||
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
