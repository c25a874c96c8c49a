/**
 * CSV export of hits for spreadsheets: RFC 4180 quoting, CRLF rows, a UTF-8 BOM so that Excel reads the Chinese
 * correctly, and cells that a spreadsheet would run as a formula defused with a leading apostrophe.
 */
import type { DiffResult, DraftReport, DraftTarget, MatrixCellClauses, MatrixClause, MatrixNearMissCounts, MatrixResult, TargetRow, TargetsResult } from '../analysis/types.js';
import { columnOf } from '../search/places.js';
import type { CompareColumn, DocRef, DocumentSummary, DocumentView, Hit } from '../search/types.js';
import { docLabel, levelLabel, PART_LABELS, paragraphNumber, partMark, sectionLabel, targetValue, targetYear } from './view.js';
import type { DocumentPart } from '../types.js';
import { leadUnits } from '../text/paragraphs.js';
import { shownClause } from '../analysis/draft.js';

/**
 * `basis` … `basis_date`: for a compendium card's clause, the policy the card cites (依据文件, 发文机构, 发文字号, 发布日期);
 * `date`: the document's date (成文日期), as the citation line on the page shows it; `doc_issuer`, `doc_number`: the
 * document's own 发文机关 and 文号 (a citation needs them; `issuer` is the card's); `weak`: `weak` on a comparison or
 * "similar" column the page marks 未见相近条款 (its rows are the closest there is, not counterparts); `role`: `result` for a
 * clause found, `target` for a target a question matched, `source` for the clause or text a "similar" export answers;
 * `matched_sentence`: in a clause of several measure sentences, the one that matched best (the page underlines it).
 * `indicator` … `plan_period`, on a `target` row only: the target as the targets export gives it (`value` a number, empty
 * for a range; `range` low-high; `base` what a share is of; `year` as written, `plan_period` the document's), so that a
 * target row is cited on its own; its `section` is its clause's section path and `text` the target as one line. They
 * come last so that a reader of the older sixteen columns reads the same columns (twenty-first session's analyst audit:
 * a target row's section had been the label 量化目标, with no indicator, value, unit or year of its own).
 * `table_header` and `table_cells`, on a table row's row only (平湖's 附件 rows): its table's header as written and its
 * cells each with the column it stands under ({@link tableCellsLine}), since a row alone (`2 | 加快开发区… | 市自然资源和规划局 |`)
 * does not say what its cells are; after the target columns, for the same reason.
 *
 * Then what a result card shows beside the text (export audit, session 22: the file had none of it), on a clause's row:
 * `part` main or attachment and `kind` text or table-row (the API's and the document export's values), `tags` the card's
 * tags in its words (附件, 表格行), `responsible` the 责任单位 as the note gives them (、-joined) and `lead` the 牵头 units
 * by name (as the document export's `lead`), `also_in` the card's 亦见于, the clause's copies in its document, as
 * permalinks one a line; on a target row, `restated_in` the 另见 restatements as the targets export gives them.
 *
 * Last, what produced the file, on every row, so that a renamed file still says it (researcher audit, session 22: it was
 * in the file name only): `rank` a row's place in its list as the page shows it (a comparison's within its place's
 * column; a target row's among the targets; empty for a "similar" source), `query` the query as typed, `mode` hybrid,
 * semantic or keyword, `filters` the places, documents, levels, part, dates and day in force chosen, as a reader reads
 * them (地区：昆山市；成文日期：2023-01-01 起), 不限 without any. Repeated on every row, the file stays one table that a
 * spreadsheet sorts and filters (a header block above it would break the header row).
 *
 * After them (twenty-third session), `placed`: why a result sits where its score would not put it, as the page's 匹配原因
 * says — `citation` (a clause of the provision the query cites, first of all), `phrase` (it holds the whole query as
 * written, before the others), `below` (a compendium card's 条件要求 / 办理流程, ranked down under the measures); empty
 * otherwise. One value a row: a card's condition that holds the whole query is both `phrase` and `below` (the page
 * says both), and is written `phrase`, the reason that places it first among the rest.
 * The cited rows had come first with nothing in the file saying why (s23 citations work).
 */
export const CSV_COLUMNS = [
  'city', 'document', 'section', 'text', 'score', 'permalink', 'basis', 'issuer', 'basis_number', 'basis_date', 'date', 'doc_issuer', 'doc_number', 'weak', 'role', 'matched_sentence',
  'indicator', 'value', 'range', 'unit', 'base', 'qualifier', 'year', 'scope', 'plan_period', 'table_header', 'table_cells',
  'part', 'kind', 'tags', 'responsible', 'lead', 'also_in', 'restated_in',
  'rank', 'query', 'mode', 'filters', 'placed',
] as const;

/**
 * A clause's section as its citation names it (`sectionLabel`): the section path, a clause under an article with its
 * 款 and 项 (第二十二条第二款); null without a clause or a section.
 */
function citedSection(clause: Pick<Hit, 'section'> & Partial<Pick<Hit, 'provision'>> | undefined): string | null {
  return clause ? sectionLabel(clause.section, clause.provision) || null : null;
}

/** The target columns a clause's row leaves empty (`indicator` … `plan_period`). */
const NO_TARGET: CsvValue[] = CSV_COLUMNS.slice(CSV_COLUMNS.indexOf('indicator'), CSV_COLUMNS.indexOf('plan_period') + 1).map(() => null);

/** A table row's header, its columns joined as the row joins its cells: `序号 | 重点任务(措施) | 具体内容 | 责任单位`. */
export function tableHeaderLine(table: Hit['table']): string | null {
  return table ? table.columns.join(' | ') : null;
}

/**
 * A table row's cells with their columns, `序号：2 | 具体内容：加快开发区… | 责任单位：市自然资源和规划局、市经信局`; a cell
 * whose column merged cells leave unsure is written alone, an empty cell not at all.
 */
export function tableCellsLine(table: Hit['table']): string | null {
  if (!table) return null;
  return table.cells.filter((c) => c.text !== '').map((c) => (c.column ? `${c.column}：${c.text}` : c.text)).join(' | ');
}

/** What an export answers, repeated on each row (`query`, `mode`, `filters`): absent, those cells are empty. */
export interface ExportOrigin {
  query?: string | null;
  mode?: string | null;
  filters?: string | null;
}

/** A result card's tags in its words: 附件, 表格行 (both: 附件、表格行); '' for a clause of the main text. */
export function cardTags(clause: Partial<Pick<Hit, 'part' | 'kind'>>): string {
  return [clause.part === 'attachment' ? '附件' : '', clause.kind === 'table-row' ? '表格行' : ''].filter(Boolean).join('、');
}

/**
 * What a result card shows of a clause beside its text, as the columns `part` … `restated_in` write it (a clause has
 * no restatements: that cell is a target row's). Empty cells for what the index did not give.
 */
function cardColumns(clause: Partial<Pick<Hit, 'part' | 'kind' | 'responsible' | 'leads' | 'duplicates'>> | undefined, permalink: (paragraphId: string, text?: string) => string): CsvValue[] {
  if (!clause) return [null, null, null, null, null, null, null];
  return [
    clause.part ?? null,
    clause.kind ?? null,
    cardTags(clause) || null,
    clause.responsible?.join('、') || null,
    clause.leads?.join('、') || null,
    clause.duplicates?.map((id) => permalink(id)).join('\n') || null,
    null,
  ];
}

/** The last columns: the row's rank and what the export answers. */
function originColumns(rank: number | null, origin: ExportOrigin | undefined): CsvValue[] {
  return [rank, origin?.query ?? null, origin?.mode ?? null, origin?.filters ?? null];
}

/** The document fields an export cites, by document id (the corpus's DocumentSummary). */
export type DocumentOf = (docId: string) => Pick<DocumentSummary, 'issuer' | 'docNumber'> | undefined;
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
const BOM = '\uFEFF';

export type CsvValue = string | number | null;

/**
 * One cell. Text that starts with = + - @ (or a tab / carriage return, which some spreadsheets skip before
 * looking for a formula) gets a leading `'`; a cell with a quote, comma or line break is quoted, quotes doubled.
 * Numbers are written as numbers: they are ours, not user text.
 * @example csvCell('=1+1') // "'=1+1"
 */
export function csvCell(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The whole file: BOM, then one CRLF-terminated line per row. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return BOM + rows.map((row) => row.map(csvCell).join(',') + '\r\n').join('');
}

/** A hit with the comparison column it appeared in (falls back to the hit's own city). */
export interface CsvHit {
  hit: Hit;
  city?: string | null;
  /** The hit's column has no real counterpart (`weak` in compare and "similar"). */
  weak?: boolean;
}

/** Scores keep 4 decimals: enough to order by, short enough to read. */
function roundScore(score: number): number {
  return Math.round(score * 10_000) / 10_000;
}

/**
 * Header row plus one row per hit: city, document (title or file name), section path joined with ` › ` (a clause
 * under an article with its 款 and 项, 第二十二条第二款, as the page's citation line names it), text, score, absolute
 * permalink, and the card's policy for a compendium's clause (empty otherwise).
 */
export function hitsToCsv(hits: readonly CsvHit[], permalink: (paragraphId: string, text?: string) => string, documentOf?: DocumentOf, origin?: ExportOrigin): string {
  const rows: CsvValue[][] = [[...CSV_COLUMNS]];
  const rank = ranker();
  for (const { hit, city, weak } of hits) {
    const column = city ?? columnOf(hit.doc);
    rows.push(hitRow(hit, column, permalink, documentOf, weak, rank(column), origin));
  }
  return toCsv(rows);
}

/** Counts rows per list (a comparison column, a role): 1, 2, 3 … in each. */
function ranker(): (list: string) => number {
  const seen = new Map<string, number>();
  return (list) => {
    const n = (seen.get(list) ?? 0) + 1;
    seen.set(list, n);
    return n;
  };
}

/**
 * What a "similar" export answers: an indexed clause (or one sentence of it, `text`), or pasted text with no clause.
 * Its row comes first, `role` `source`, so a spreadsheet holds both sides of the comparison (the file name had said
 * only the clause's id).
 */
export type SimilarSource = { clause: Hit; text?: string; link?: string } | { text: string };

/**
 * A "similar" answer as CSV: the source's row, then each city's counterparts (`hitsToCsv`'s columns). A clause source's
 * `link` is its permalink as the clause page gives it (a sentence's with sentence=N); else its permalink.
 */
export function similarToCsv(source: SimilarSource, hits: readonly CsvHit[], permalink: (paragraphId: string, text?: string) => string, documentOf?: DocumentOf, origin?: ExportOrigin): string {
  const rows: CsvValue[][] = [[...CSV_COLUMNS]];
  if ('clause' in source) {
    const row = hitRow(source.clause, columnOf(source.clause.doc), permalink, documentOf, false, null, origin);
    row[CSV_COLUMNS.indexOf('text')] = source.text ?? source.clause.text;
    row[CSV_COLUMNS.indexOf('score')] = null;
    row[CSV_COLUMNS.indexOf('role')] = 'source';
    row[CSV_COLUMNS.indexOf('matched_sentence')] = null;
    if (source.link) row[CSV_COLUMNS.indexOf('permalink')] = source.link;
    rows.push(row);
  } else {
    const own: Partial<Record<(typeof CSV_COLUMNS)[number], CsvValue>> = { text: source.text, role: 'source', query: origin?.query ?? null, mode: origin?.mode ?? null, filters: origin?.filters ?? null };
    rows.push(CSV_COLUMNS.map((c) => own[c] ?? null));
  }
  const rank = ranker();
  for (const { hit, city, weak } of hits) {
    const column = city ?? columnOf(hit.doc);
    rows.push(hitRow(hit, column, permalink, documentOf, weak, rank(column), origin));
  }
  return toCsv(rows);
}

/** One hit as a row of CSV_COLUMNS. */
function hitRow(hit: Hit, city: string, permalink: (paragraphId: string, text?: string) => string, documentOf?: DocumentOf, weak = false, rank: number | null = null, origin?: ExportOrigin): CsvValue[] {
  const doc = documentOf?.(hit.doc.id);
  return [
    city,
    docLabel(hit.doc),
    citedSection(hit),
    hit.text,
    roundScore(hit.score),
    permalink(hit.id, hit.text),
    hit.source?.basis ?? null,
    hit.source?.issuer ?? null,
    hit.source?.docNumber ?? null,
    hit.source?.date ?? null,
    hit.doc.date,
    doc?.issuer ?? null,
    doc?.docNumber ?? null,
    weak ? 'weak' : null,
    'result',
    hit.sentences.length > 1 && hit.why.sentence !== null ? (hit.sentences[hit.why.sentence]?.text ?? null) : null,
    ...NO_TARGET,
    tableHeaderLine(hit.table),
    tableCellsLine(hit.table),
    ...cardColumns(hit, permalink),
    ...originColumns(rank, origin),
    hit.why.citation ? 'citation' : hit.why.phrase ? 'phrase' : hit.why.below ? 'below' : null,
  ];
}

/**
 * A target as one line of text: indicator, number and unit, base, year and qualifier.
 * @example targetLine(t) // '全社会研发投入占GDP比重：4%（基数：GDP）到2025年 达到'
 */
export function targetLine(t: TargetRow): string {
  const base = t.base ? `（基数：${t.base}）` : '';
  return [`${t.indicator}：${targetValue(t)}${base}`, targetYear(t), t.qualifier ?? '', t.scope ? `范围：${t.scope}` : ''].filter(Boolean).join(' ');
}

/**
 * A matched target as a row of CSV_COLUMNS: its clause's section path (from `clauseOf`; empty without it), the target
 * as one line, no score, role `target`, and its fields in the target columns (as the targets export gives them).
 */
function targetRow(t: TargetRow, city: string, permalink: (paragraphId: string, text?: string) => string, documentOf?: DocumentOf, clauseOf?: ClauseOf, rank: number | null = null, origin?: ExportOrigin): CsvValue[] {
  const doc = documentOf?.(t.doc.id);
  const section = citedSection(clauseOf?.(t.paragraphId));
  return [
    city, docLabel(t.doc), section, targetLine(t), null, permalink(t.paragraphId), null, null, null, null, t.doc.date, doc?.issuer ?? null, doc?.docNumber ?? null, null, 'target', null,
    t.indicator, t.value, t.range ? `${t.range[0]}-${t.range[1]}` : null, t.unit, t.base, t.qualifier, t.year, t.scope, t.planPeriod, null, null,
    // The page's 另见: the other clauses of its document that state it again, as the targets export's restated_in.
    null, null, null, null, null, null, t.restatements.map((r) => permalink(r.paragraphId)).join('\n') || null,
    ...originColumns(rank, origin),
    null,
  ];
}

/**
 * A search as CSV, with the columns of `hitsToCsv`: first the targets a question about targets matched (as the page
 * shows them above the hits), then the hits. Without matched targets it is `hitsToCsv`.
 */
export function searchToCsv(hits: readonly Hit[], targets: readonly TargetRow[], permalink: (paragraphId: string, text?: string) => string, documentOf?: DocumentOf, clauseOf?: ClauseOf, origin?: ExportOrigin): string {
  const rows: CsvValue[][] = [[...CSV_COLUMNS]];
  targets.forEach((t, i) => rows.push(targetRow(t, columnOf(t.doc), permalink, documentOf, clauseOf, i + 1, origin)));
  hits.forEach((hit, i) => rows.push(hitRow(hit, columnOf(hit.doc), permalink, documentOf, false, i + 1, origin)));
  return toCsv(rows);
}

/**
 * The comparison as CSV, with the columns of `hitsToCsv`: per city, the targets its question matched (role `target`,
 * their clause's section, the target as one line and in the target columns, no score), then its clauses. Without
 * matched targets it is `hitsToCsv`.
 */
export function compareToCsv(columns: readonly CompareColumn[], targets: readonly TargetRow[], permalink: (paragraphId: string, text?: string) => string, documentOf?: DocumentOf, clauseOf?: ClauseOf, origin?: ExportOrigin): string {
  const rows: CsvValue[][] = [[...CSV_COLUMNS]];
  for (const c of columns) {
    targets.filter((t) => columnOf(t.doc) === c.city).forEach((t, i) => rows.push(targetRow(t, c.city, permalink, documentOf, clauseOf, i + 1, origin)));
    c.results.forEach((hit, i) => rows.push(hitRow(hit, c.city, permalink, documentOf, c.weak, i + 1, origin)));
  }
  return toCsv(rows);
}

/** RFC 5987 attr-char: everything else in a `filename*` value is percent-encoded. */
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A download file name from a label such as the query: characters that file systems or headers reject become
 * `_`, and the label is cut to 80 characters.
 * @example exportFileName('search', '专精特新') // 'policylens-search-专精特新.csv'
 */
export function exportFileName(kind: string, label: string, extension: 'csv' | 'docx' = 'csv'): string {
  // 80 characters: a clause id (01-hangzhou-jingji-gaozhiliang-fazhan-ruogan-zhengce:p0037) and its scope fit whole.
  const clean = [...label.normalize('NFC').replace(/[\\/:*?"<>|;,%\s\p{Cc}\p{Cf}]+/gu, '_').replace(/^[_.]+|[_.]+$/g, '')]
    .slice(0, 80)
    .join('');
  return clean ? `policylens-${kind}-${clean}.${extension}` : `policylens-${kind}.${extension}`;
}

/**
 * One part of an export's file name (the query, the places, the dates …): its text, and how the ASCII fallback name
 * writes it. `ascii` absent: the text itself when it is all ASCII (5G, 2023-01-01), else the part is left out of the
 * fallback; null: always left out.
 */
export interface NamePart {
  text: string;
  ascii?: string | null;
}

/** An export's file name, and the ASCII name a client that cannot read `filename*` gets instead. */
export interface ExportFile {
  name: string;
  fallback: string;
}

const ASCII_ONLY = /^[\x20-\x7e]*$/;

/**
 * An export's file name from its parts (`-` between them), and its ASCII fallback from the parts' ASCII forms. The
 * fallback had been the name with every non-ASCII run dropped, which left what no reader could place: a count out of
 * 等5地 (policylens-compare-4.csv, policylens-draft-5.docx), a sentence number out of 第2句 (export audit, session 22).
 * Now each part says what it is in ASCII, or is left out: policylens-compare-4-places.csv, policylens-matrix-county.csv,
 * policylens-similar-002_86af085e02e72586-para-15-sentence-2.csv.
 * @example exportFile('search', ['专精特新', { text: '附件', ascii: 'attachment' }]) // { name: 'policylens-search-专精特新-附件.csv', fallback: 'policylens-search-attachment.csv' }
 */
export function exportFile(kind: string, parts: readonly (NamePart | string | null | undefined)[], extension: 'csv' | 'docx' = 'csv'): ExportFile {
  // A part with no text may still have an ASCII form (an untitled document's id).
  const given = parts.flatMap((p) => (p === null || p === undefined ? [] : typeof p === 'string' ? [{ text: p }] : [p]));
  const name = exportFileName(kind, given.map((p) => p.text.trim()).filter(Boolean).join('-'), extension);
  const ascii = given
    .map((p) => (p.ascii !== undefined ? p.ascii : ASCII_ONLY.test(p.text) ? p.text : null))
    .flatMap((a) => (a ? [a.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[_.-]+|[_.-]+$/g, '')] : []))
    .filter(Boolean);
  const label = ascii.join('-').slice(0, 120).replace(/[_.-]+$/, '');
  return { name, fallback: label ? `policylens-${kind}-${label}.${extension}` : `policylens-${kind}.${extension}` };
}

/** A count of things in the fallback name: `1-place`, `4-places`. */
function counted(n: number, noun: string): string {
  return `${n}-${noun}${n === 1 ? '' : 's'}`;
}

/**
 * What an export was limited to, as its file name and its `filters` column say it. `cities` are the places chosen one
 * by one and `groups` the groups chosen, written by the group's label as the pages' place choice shows it (江苏省及下辖地区,
 * 全部县级地区): every export names groups that one way (search and /docs had listed a group's places, targets and the
 * matrix its id province_浙江省, the corpus list its level alone: export audit, session 22).
 */
export interface ExportScope {
  /** Places chosen one by one (column names), in the corpus's order: the order of an export's rows. */
  cities?: readonly string[];
  /** Groups chosen: the label the pages give them, and their ASCII name for the fallback (level:county → county). */
  groups?: readonly { label: string; ascii?: string | null }[];
  /** Documents chosen (`doc`): their id and their name as a reader names them (docLabel). */
  docs?: readonly { id: string; label: string }[];
  /** 发文机关 values and document types chosen, as given. */
  issuers?: readonly string[];
  types?: readonly string[];
  /** Document levels chosen (province, prefecture, county). */
  levels?: readonly string[];
  /** Main text or attachments only. */
  part?: string | null;
  since?: string | null;
  until?: string | null;
  inForce?: string | null;
}

/** A document's title in a file name: at most this many characters (a title runs to 40, and the ¶ number follows it). */
const TITLE_IN_NAME = 24;

/**
 * A title cut for a file name: its first 24 characters, less a bracket the cut left open (平湖市…实施方案(2023—, cut
 * from (2023—2027年), ends at 实施方案).
 * @example shortTitle('平湖市先进制造业集群培育工程实施方案(2023—2027年)') // '平湖市先进制造业集群培育工程实施方案'
 */
function shortTitle(title: string): string {
  const chars = [...title];
  if (chars.length <= TITLE_IN_NAME) return title;
  const cut = chars.slice(0, TITLE_IN_NAME).join('');
  return cut.replace(/[(（〔【《][^)）〕】》]*$/u, '') || cut;
}

/**
 * The parts of a file name that say what an export was limited to: the places (the first three, then 等N地), the
 * documents (the first, then 等N份文件), the issuers (the first two, then 等N个机关), the types, the levels (县级), the
 * part (附件), the dates and the day documents had to be in force on.
 */
export function scopeParts(scope: ExportScope): NamePart[] {
  const parts: NamePart[] = [];
  const places = [...(scope.cities ?? []), ...(scope.groups ?? []).map((g) => g.label)];
  if (places.length) {
    // 青岛市等5地, not 青岛市、等5地.
    const text = places.length > 3 ? `${places.slice(0, 3).join('、')}等${places.length}地` : places.join('、');
    const group = !scope.cities?.length && scope.groups?.length === 1 ? scope.groups[0]!.ascii : undefined;
    parts.push({ text, ascii: group ?? counted(places.length, 'place') });
  }
  const docs = scope.docs ?? [];
  if (docs.length) {
    const first = shortTitle(docs[0]!.label);
    parts.push({ text: docs.length > 1 ? `${first}等${docs.length}份文件` : first, ascii: docs.length === 1 ? docs[0]!.id : counted(docs.length, 'document') });
  }
  const issuers = scope.issuers ?? [];
  if (issuers.length) parts.push({ text: issuers.length > 2 ? `${issuers.slice(0, 2).join('、')}等${issuers.length}个机关` : issuers.join('、'), ascii: counted(issuers.length, 'issuer') });
  const types = scope.types ?? [];
  if (types.length) parts.push({ text: types.join('、'), ascii: counted(types.length, 'type') });
  const levels = scope.levels ?? [];
  if (levels.length) parts.push({ text: levels.map((l) => levelLabel(l)).join('、'), ascii: levels.join('-') });
  if (scope.part) parts.push({ text: PART_LABELS[scope.part as DocumentPart] ?? scope.part, ascii: scope.part });
  const { since, until } = scope;
  if (since || until) {
    parts.push({
      text: since && until ? `${since}至${until}` : since ? `${since}起` : `${until}止`,
      ascii: since && until ? `${since}-to-${until}` : since ? `from-${since}` : `until-${until}`,
    });
  }
  if (scope.inForce) parts.push({ text: `${scope.inForce}现行有效`, ascii: `in-force-${scope.inForce}` });
  return parts;
}

/**
 * A clause in a file name as a reader finds it: its place, its document's title (cut to 24 characters) and its paragraph
 * number as the reader counts it (第15段, the ¶15 of /doc), the document's id and para-15 in the ASCII fallback. The
 * "similar" export had been named by the clause's id (policylens-similar-002_86af085e02e72586_p0014.csv, ids counting
 * from 0: export audit, session 22). An untitled document is named by its place alone.
 * @example clauseNameParts({ id: '002_x:p0014', doc: { id: '002_x', title: '平湖市先进制造业集群培育工程实施方案', city: '平湖市', file: 'x.txt' } }).map((p) => p.text) // ['平湖市', '平湖市先进制造业集群培育工程实施方案', '第15段']
 */
export function clauseNameParts(clause: { id: string; doc: Pick<DocRef, 'id' | 'title' | 'city' | 'file'>; split?: Hit['split'] }): NamePart[] {
  const n = paragraphNumber(clause.id);
  const title = clause.doc.title ? shortTitle(clause.doc.title) : null;
  // A part of a long source paragraph is named as the reader marks it (第35段之二), as the clause page's title is.
  const part = clause.split ? { text: partMark(clause.split).replace(/[（）]/g, ''), ascii: `-part-${clause.split.part}` } : { text: '', ascii: '' };
  return [
    ...(clause.doc.city ? [{ text: clause.doc.city, ascii: null }] : []),
    ...(title || !clause.doc.city ? [{ text: title ?? docLabel(clause.doc), ascii: clause.doc.id }] : [{ text: '', ascii: clause.doc.id }]),
    n === null ? { text: clause.id, ascii: clause.id } : { text: `第${n}段${part.text}`, ascii: `para-${n}${part.ascii}` },
  ];
}

/**
 * What an export was limited to, for its file name (`scopeParts` as one label). Two exports of one query with
 * different filters no longer share a name.
 * @example scopeLabel({ cities: ['昆山市'], since: '2023-01-01', inForce: '2026-12-07' }) // '昆山市-2023-01-01起-2026-12-07现行有效'
 * @example scopeLabel({ issuers: ['平湖市人民政府'], types: ['实施方案'] }) // '平湖市人民政府-实施方案'
 */
export function scopeLabel(scope: ExportScope): string {
  return scopeParts(scope)
    .map((p) => p.text)
    .join('-');
}

/**
 * The filters of a request as a reader reads them, for an export's `filters` column: every place, document, issuer,
 * type, level, part, the dates and the day in force, each named (地区：昆山市、江苏省及下辖地区；成文日期：2023-01-01 至
 * 2026-12-31；现行有效：2026-12-08); `named` the places a query's own words limited it to (青岛专精特新), `unscoped` and
 * `asTyped` a search's scope=all and spell=off. 不限 without any.
 * @example filtersText({ cities: ['昆山市'], since: '2023-01-01', inForce: '2026-12-08' }) // '地区：昆山市；成文日期：2023-01-01 起；现行有效：2026-12-08'
 */
export function filtersText(scope: ExportScope & { named?: readonly string[]; unscoped?: boolean; asTyped?: boolean }): string {
  const places = [...(scope.cities ?? []), ...(scope.groups ?? []).map((g) => g.label)];
  const { since, until } = scope;
  const items = [
    places.length ? `地区：${places.join('、')}` : '',
    scope.named?.length ? `查询所指地区：${scope.named.join('、')}` : '',
    scope.docs?.length ? `文件：${scope.docs.map((d) => d.label).join('、')}` : '',
    scope.issuers?.length ? `发文机关含：${scope.issuers.join('或')}` : '',
    scope.types?.length ? `文件类型：${scope.types.join('或')}` : '',
    scope.levels?.length ? `文件级别：${scope.levels.map((l) => levelLabel(l)).join('或')}` : '',
    scope.part ? `只含：${PART_LABELS[scope.part as DocumentPart] ?? scope.part}` : '',
    since || until ? `成文日期：${since && until ? `${since} 至 ${until}` : since ? `${since} 起` : `${until} 止`}` : '',
    scope.inForce ? `现行有效：${scope.inForce}` : '',
    scope.unscoped ? '不按查询中的地名限定' : '',
    scope.asTyped ? '按输入原样检索（不纠正同音字）' : '',
  ].filter(Boolean);
  return items.join('；') || '不限';
}

/**
 * `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded name>`: old clients read the
 * fallback, current ones the UTF-8 name. Given a bare name, the fallback is the name with its non-ASCII runs dropped.
 */
export function contentDisposition(file: string | ExportFile): string {
  const fileName = typeof file === 'string' ? file : file.name;
  const fallback =
    typeof file !== 'string'
      ? file.fallback.replace(/["\\]/g, '_')
      : file
          // A run of other characters between two letters or digits becomes one -: 2021-01-01起2023-12-31止 had run together.
          .replace(/(?<=[0-9A-Za-z])[^\x20-\x7e]+(?=[0-9A-Za-z])/g, '-')
          .replace(/[^\x20-\x7e]+/g, '')
          .replace(/["\\]/g, '_')
          .replace(/-+(?=\.(?:csv|docx)$)/, '')
          .replace(/-{2,}/g, '-') || 'policylens.csv';
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(fileName)}`;
}

/** Columns of the targets export, one row per target. */
export const TARGET_CSV_COLUMNS = [
  'group', 'city', 'document', 'indicator', 'value', 'range', 'unit', 'base', 'qualifier', 'bound', 'year', 'scope',
  'plan_period', 'source_text', 'permalink', 'date', 'doc_issuer', 'doc_number', 'section', 'restated_in',
] as const;

/**
 * The targets table as CSV: the group label, then the target as written. `value` is a number (empty for a
 * range), `range` is `low-high`; `source_text` is the span the target was read from, or a table target's whole row;
 * `restated_in` the permalinks of the other clauses of its document that state it again (its 附件's table), one a line.
 */
export function targetsToCsv(
  result: TargetsResult,
  permalink: (paragraphId: string, text?: string) => string,
  documentOf?: DocumentOf,
  /** The clause a target comes from: its section path for the citation, and a table row's text. */
  clauseOf?: (paragraphId: string) => Pick<Hit, 'section' | 'kind' | 'text' | 'provision'> | undefined,
): string {
  const labels = new Map(result.groups.map((g) => [g.id, g.label]));
  const rows: CsvValue[][] = [[...TARGET_CSV_COLUMNS]];
  for (const t of result.targets) {
    const clause = clauseOf?.(t.paragraphId);
    rows.push([
      labels.get(t.group) ?? '',
      columnOf(t.doc),
      docLabel(t.doc),
      t.indicator,
      t.value,
      t.range ? `${t.range[0]}-${t.range[1]}` : null,
      t.unit,
      t.base,
      t.qualifier,
      t.bound,
      t.year,
      t.scope,
      t.planPeriod,
      // A table cell's text is its bare value (35); the row (6 | 规上工业亩均税收(万元/亩) | 35 | 36 | …) says what it is.
      clause?.kind === 'table-row' ? clause.text : t.text,
      permalink(t.paragraphId),
      t.doc.date,
      documentOf?.(t.doc.id)?.issuer ?? null,
      documentOf?.(t.doc.id)?.docNumber ?? null,
      citedSection(clause),
      t.restatements.map((r) => permalink(r.paragraphId)).join('\n') || null,
    ]);
  }
  return toCsv(rows);
}

/** Columns of the matrix export, one row per measure and city; the best clause's citation as the search export's. */
export const MATRIX_CSV_COLUMNS = [
  'measure_id', 'measure', 'city', 'clauses', 'coverage', 'best_clause', 'document', 'permalink', 'section', 'date', 'doc_issuer', 'doc_number',
  'basis', 'basis_number', 'basis_date', 'near_misses',
] as const;

/** An indexed clause by id, for the text and section an export gives beside an id (undefined when the index lacks it). */
export type ClauseOf = (paragraphId: string) => (Pick<Hit, 'text' | 'section' | 'source'> & Partial<Pick<Hit, 'kind' | 'part' | 'responsible' | 'leads' | 'duplicates' | 'provision'>>) | undefined;

/**
 * The measure × city matrix as CSV, long form; a silent city has 0 clauses and empty clause cells. `best_clause` is
 * the clause's whole text when `clauseOf` gives it (the page shows a snippet cut with …), with its section, the
 * document's date, 发文机关 and 文号, and a compendium card's 依据文件, its 文号 and 发布日期 (a date filter keeps a card's
 * clause by that date, not by the book's).
 */
export function matrixToCsv(
  result: MatrixResult, permalink: (paragraphId: string, text?: string) => string, clauseOf?: ClauseOf, documentOf?: DocumentOf,
  /** Each cell's near misses (`near_misses`: its place's clauses holding a seed term under the bar; a gap's 0 is not "none named"). */
  nearMisses: MatrixNearMissCounts = {},
): string {
  const rows: CsvValue[][] = [[...MATRIX_CSV_COLUMNS]];
  for (const row of result.rows) {
    for (const cell of row.cells) {
      const best = cell.best;
      const clause = best ? clauseOf?.(best.paragraphId) : undefined;
      const doc = best ? documentOf?.(best.doc.id) : undefined;
      rows.push([
        row.measure.id,
        row.measure.name,
        cell.city,
        cell.count,
        cell.coverage,
        best ? (clause?.text ?? best.snippet) : null,
        best ? docLabel(best.doc) : null,
        best ? permalink(best.paragraphId) : null,
        ...matrixCitation(clause, doc, best?.doc.date),
        nearMisses[row.measure.id]?.[cell.city] ?? 0,
      ]);
    }
  }
  return toCsv(rows);
}

/**
 * A matrix clause's citation cells, as the matrix and a matrix cell export them: its section, the document's date,
 * 发文机关 and 文号, and a compendium card's 依据文件, its 文号 and 发布日期.
 */
function matrixCitation(clause: ReturnType<ClauseOf> | undefined, doc: ReturnType<DocumentOf> | undefined, date: string | null | undefined): CsvValue[] {
  return [
    citedSection(clause),
    date ?? null,
    doc?.issuer ?? null,
    doc?.docNumber ?? null,
    clause?.source?.basis ?? null,
    clause?.source?.docNumber ?? null,
    clause?.source?.date ?? null,
  ];
}

/**
 * Columns of a matrix cell's export, one row per clause the cell counts (`counted` true) and then one per near miss
 * (`counted` false: `seed_terms`, `z` and `threshold` say why not); cited as the matrix export cites a best clause.
 */
export const MATRIX_CELL_CSV_COLUMNS = [
  'measure_id', 'measure', 'city', 'rank', 'clause', 'score', 'document', 'permalink', 'section', 'date', 'doc_issuer', 'doc_number',
  'basis', 'basis_number', 'basis_date', 'counted', 'seed_terms', 'z', 'threshold',
  'part', 'kind', 'tags', 'responsible', 'lead', 'also_in',
] as const;

/**
 * The clauses one matrix cell counts as CSV (/api/matrix/cell?format=csv): a row each, `rank` 1 the clause the matrix
 * shows in the cell, each clause whole when `clauseOf` gives it (else the page's snippet), with its section, the
 * document's date, 发文机关 and 文号, and a compendium card's 依据文件, its 文号 and 发布日期, as `matrixToCsv` gives them.
 * Then the cell's near misses in the same columns, `counted` false, ranked from 1 again, best first, with the seed
 * terms found (、-joined), z and the score they missed (`threshold`). One table rather than a second section: a second
 * header line inside the file breaks a spreadsheet's filter and a CSV reader, and `counted` sorts and filters the two
 * apart. The near-miss columns are empty on counted rows (the answer's `clauses` give no z or terms). Last, the clause
 * as the search export's card columns give it (`part`, `kind`, `tags`, `responsible`, `lead`, `also_in`: export audit,
 * session 22), when `clauseOf` gives the clause.
 */
export function matrixCellToCsv(cell: MatrixCellClauses, permalink: (paragraphId: string, text?: string) => string, clauseOf?: ClauseOf, documentOf?: DocumentOf): string {
  const rows: CsvValue[][] = [[...MATRIX_CELL_CSV_COLUMNS]];
  const row = (c: MatrixClause, rank: number, why: CsvValue[]): CsvValue[] => {
    const clause = clauseOf?.(c.paragraphId);
    const doc = documentOf?.(c.doc.id);
    return [
      cell.measure.id,
      cell.measure.name,
      cell.city,
      rank,
      clause?.text ?? c.snippet,
      c.score,
      docLabel(c.doc),
      permalink(c.paragraphId),
      ...matrixCitation(clause, doc, c.doc.date),
      ...why,
      ...cardColumns(clause, permalink).slice(0, 6),
    ];
  };
  for (const [i, c] of cell.clauses.entries()) rows.push(row(c, i + 1, ['true', null, null, null]));
  for (const [i, c] of cell.nearMisses.entries()) rows.push(row(c, i + 1, ['false', c.terms.join('、'), c.z, c.threshold]));
  return toCsv(rows);
}

/**
 * Columns of the drafting desk's export: one row per draft clause, city and precedent (best first; `kind` `precedent`),
 * then per draft target, city and that city's target of the same group (`kind` `target`), then the gaps (`kind` `gap`).
 * The `target_*` and `draft_target*` columns are a target row's (empty on the others): `target_group` the group both
 * fall in (as /targets groups them), `draft_target` the draft's target as the page writes it and its value, unit, base
 * and year, then the city's target: indicator, value (a range as 10-20), unit, base (占GDP → GDP), qualifier
 * (每年, 累计, 达到…), year and scope (a town of a table broken down by town). A target row's `precedent_text` is the
 * text the city's target was read from (a table row's whole row), `rank` its place in the city's list, `permalink` its
 * clause.
 */
export const DRAFT_CSV_COLUMNS = [
  'clause', 'section', 'draft_text', 'city', 'rank', 'weak', 'precedent_text', 'document', 'date', 'precedent_section', 'similarity',
  'shared_share', 'reuse', 'draft_targets', 'permalink', 'doc_issuer', 'doc_number', 'measures', 'kind', 'basis', 'basis_number', 'basis_date',
  'clause_part', 'clause_label', 'target_group', 'draft_target', 'draft_target_value', 'draft_target_unit', 'draft_target_base', 'draft_target_year',
  'target_indicator', 'target_value', 'target_unit', 'target_base', 'target_qualifier', 'target_year', 'target_scope',
  'draft_amounts', 'draft_years', 'draft_departments', 'draft_instruments',
  'precedent_targets', 'precedent_amounts', 'precedent_years', 'precedent_departments', 'precedent_instruments',
] as const;

/** The 要素对照 rows the desk's CSV gives a column each, as the page's table orders them. */
const ELEMENT_KEYS = ['amounts', 'years', 'departments', 'instruments'] as const;

/** Values of a 要素对照 cell, `；`-joined, one the draft names too marked （同草案） as the page tags it; null when none. */
function elementValues(list: readonly { text: string; shared: boolean }[] | undefined): CsvValue {
  return (list ?? []).map((v) => (v.shared ? `${v.text}（同草案）` : v.text)).join('；') || null;
}

/** A target's value for a cell: the number, or a range as 10-20. */
function targetCell(t: { value: number | null; range: [number, number] | null }): CsvValue {
  return t.range ? `${t.range[0]}-${t.range[1]}` : t.value;
}

/** A draft target as the desk's CSV writes it: indicator, value and unit, how it counts, year (工业互联网平台 20个 达到 到2027年). */
function draftTargetLine(t: DraftTarget): string {
  return [`${t.indicator} ${t.range ? `${t.range[0]}-${t.range[1]}` : (t.value ?? '')}${t.unit ?? ''}`, t.qualifier ?? '', t.year ?? ''].filter(Boolean).join(' ');
}

/**
 * The drafting desk's report as CSV, long form: a row per clause, city and precedent (`rank` 1 is the one the page
 * shows; `kind` `precedent`); a city with no precedent at all has one row with empty precedent cells. `shared_share`
 * is the share of the draft clause's characters in phrases it shares with the precedent; `reuse` names the earlier
 * clauses it largely repeats (document, date, share of 4-grams); `measures` the measures the page's coverage puts the
 * draft clause under; `clause` is the draft's own clause number (src/analysis/draft-numbering.ts: 2 for 第二条, empty for
 * a preamble), `clause_part` which part of a long clause compared in parts the row is (1/2), empty for a clause compared
 * whole, and `clause_label` the clause's name as the page gives it (第二条, 二、（一）, 「一、」, 序言, 第 3 条 where the draft numbers
 * nothing). After a clause's precedents, a row per draft target, city and that city's target of the same group (`kind`
 * `target`, the `target_*` columns; one row with an empty `target_group` when no place has one), as the page's
 * 草案目标与各地同类指标 lists them, all of each city's rather than the page's first three. Then a row per gap and city (`kind` `gap`, `measures` the measure the draft lacks, the city's
 * best clause as the precedent): the page's 缺口 list, which the file had left out. A gap row's `draft_text` is the
 * page's note on the draft clauses that use the measure's instruments in passing (草案第 2 条已用到资金奖补…), else empty.
 *
 * Last, the page's 要素对照 (export audit 5, session 22: the page and the Word 说明 had them, the file none): on each row
 * of a clause, the draft's 其他数字, 年份, 责任部门 and 政策工具 (`draft_amounts` … `draft_instruments`; its targets are
 * `draft_targets`), as the page's 草案 column lists them; on the precedent the page's table compares (each place's first,
 * `rank` 1), that precedent's 量化目标, 其他数字, 年份, 责任部门 and 政策工具 (`precedent_targets` …
 * `precedent_instruments`), each value the draft names too marked （同草案） as the page tags it. A later-ranked precedent
 * leaves them empty: the page compares only the first.
 */
export function draftToCsv(report: DraftReport, permalink: (paragraphId: string, text?: string) => string, documentOf?: DocumentOf, clauseOf?: ClauseOf): string {
  const rows: CsvValue[][] = [[...DRAFT_CSV_COLUMNS]];
  const cite = (docId: string): CsvValue[] => [documentOf?.(docId)?.issuer ?? null, documentOf?.(docId)?.docNumber ?? null];
  // A compendium card's clause cites the card's policy, as the Word table and the search export do.
  const basis = (source: Hit['source'] | null | undefined): CsvValue[] => [source?.basis ?? null, source?.docNumber ?? null, source?.date ?? null];
  for (const c of report.clauses) {
    const reuse = c.reuse.map((r) => `${docLabel(r.doc)}（${[r.doc.city, r.date].filter(Boolean).join('，')}）${Math.round(r.share * 100)}%`).join('；');
    // Each draft target with how it counts and its year (累计1000家 到2026年 is not 每年1000家).
    const targets = c.parameters.draft.targets.map(draftTargetLine).join('；');
    const measures = report.coverage.filter((m) => m.draft.includes(c.n)).map((m) => m.measure.name).join('；') || null;
    // Its section as the page heads it: without its own heading, which `clause_label` says (第一条 beside 第一条: s22 finding 9).
    const lead = [c.number, shownClause(c).section.join(' › '), c.text];
    // `clause` is the draft's own number (empty for a preamble); a long clause compared in parts says which part (1/2),
    // as the page's 之一 / 之二; `clause_label` names the clause as the page does (第二条, 二、（一）, 序言).
    const part = c.part ? `${c.part.index}/${c.part.of}` : null;
    const noTarget = Array<CsvValue>(13).fill(null);
    // The 要素对照: the draft's values as the page's 草案 column lists them (every place's table has the same draft side),
    // and each place's first precedent's, marked where the draft names them too.
    const compared = c.parameters.precedents;
    const draftElements = ELEMENT_KEYS.map((key) => (compared[0] ? (compared[0].rows.find((r) => r.key === key)?.a.map((v) => v.text) ?? []) : c.parameters.draft[key]).join('；') || null);
    const noPrecedentElements = Array<CsvValue>(5).fill(null);
    const precedentElements = (city: string, id: string): CsvValue[] => {
      const table = compared.find((x) => x.city === city && x.paragraphId === id);
      return table ? (['targets', ...ELEMENT_KEYS] as const).map((key) => elementValues(table.rows.find((r) => r.key === key)?.b)) : noPrecedentElements;
    };
    for (const col of c.precedents) {
      if (col.results.length === 0) rows.push([...lead, col.city, null, 'true', null, null, null, null, null, null, reuse, targets, null, null, null, measures, 'precedent', null, null, null, part, c.label, ...noTarget, ...draftElements, ...noPrecedentElements]);
      col.results.forEach((p, i) => {
        rows.push([
          ...lead, col.city, i + 1, col.weak ? 'true' : 'false', p.text, docLabel(p.doc), p.doc.date, citedSection(p),
          p.why.vector === null ? null : roundScore(p.why.vector), p.shared.overlap.draft, reuse, targets, permalink(p.id), ...cite(p.doc.id), measures, 'precedent',
          ...basis(p.source), part, c.label, ...noTarget, ...draftElements, ...(i === 0 ? precedentElements(col.city, p.id) : noPrecedentElements),
        ]);
      });
    }
    // The page's 草案目标与各地同类指标: each draft target beside every target of its group in each place, or one row
    // saying there is none (an empty `target_group`, as the page's 各地没有同类指标). Only the Word table's 说明 had it.
    for (const t of c.parameters.targets) {
      const own = [t.group?.label ?? null, draftTargetLine(t.draft), targetCell(t.draft), t.draft.unit, t.draft.base, t.draft.year];
      if (!t.group || t.cities.length === 0) rows.push([...lead, null, null, null, null, null, null, null, null, null, reuse, targets, null, null, null, measures, 'target', null, null, null, part, c.label, ...own, ...noTarget.slice(6), ...draftElements, ...noPrecedentElements]);
      for (const cc of t.group ? t.cities : []) {
        cc.targets.forEach((x, i) => {
          const clause = clauseOf?.(x.paragraphId);
          rows.push([
            ...lead, cc.city, i + 1, null, clause?.kind === 'table-row' ? clause.text : x.text, docLabel(x.doc), x.doc.date, citedSection(clause),
            null, null, reuse, targets, permalink(x.paragraphId), ...cite(x.doc.id), measures, 'target', ...basis(clause?.source), part, c.label,
            ...own, x.indicator, targetCell(x), x.unit, x.base, x.qualifier, x.year, x.scope, ...draftElements, ...noPrecedentElements,
          ]);
        });
      }
    }
  }
  for (const gap of report.gaps) {
    for (const x of gap.cities) {
      const clause = clauseOf?.(x.best.paragraphId);
      rows.push([
        null, null, gap.note, x.city, null, null, clause?.text ?? x.best.snippet, docLabel(x.best.doc), x.best.doc.date, citedSection(clause),
        null, null, null, null, permalink(x.best.paragraphId), ...cite(x.best.doc.id), gap.measure.name, 'gap', ...basis(clause?.source), null, null,
        ...Array<CsvValue>(13).fill(null), ...Array<CsvValue>(9).fill(null),
      ]);
    }
  }
  return toCsv(rows);
}

/**
 * Columns of the corpus list's export (/docs, /api/documents?format=csv): one row per document, as the page lists them.
 * `end_date` and `status` (since the twenty-second session, last so that the others keep their place) are the API's
 * `endDate` and `status`: the end and standing /docs shows.
 */
export const DOCUMENTS_CSV_COLUMNS = [
  'title', 'city', 'place_code', 'place_kind', 'level', 'parent', 'province', 'type', 'issuer', 'doc_number', 'date', 'adopted',
  'approved', 'posted', 'effective', 'expires', 'plan_period', 'paragraphs', 'file', 'link', 'end_date', 'status', 'level_label',
] as const;

/**
 * The corpus list as CSV, in the order given (the page's sort and filters); `link` is the reader's absolute URL; `file`
 * is the source file's path in its input folder (`2024年报送/通知.txt`), as the page shows it: two files of one name
 * in two subfolders had read the same. `level` keeps its code (province, prefecture, county), which API users read;
 * `level_label`, last so that existing columns keep their places, says it as the page does (省级, 地级, 县级: export
 * audit 10, session 22).
 */
export function documentsToCsv(documents: readonly (DocumentSummary & { endDate: string | null; status: string | null })[], link: (docId: string) => string): string {
  const rows: CsvValue[][] = [[...DOCUMENTS_CSV_COLUMNS]];
  for (const d of documents) {
    rows.push([
      d.title, d.city, d.placeCode, d.placeKind, d.level, d.parent, d.province, d.docType, d.issuer, d.docNumber, d.date,
      d.adoptedDate, d.approvedDate, d.postedDate, d.effectiveDate, d.expiryDate, d.planPeriod, d.paragraphCount, d.path, link(d.id), d.endDate, d.status, levelLabel(d.level) || null,
    ]);
  }
  return toCsv(rows);
}

/** Columns of one document's export (/doc/:id, /api/documents/:id?format=csv): one row per clause, in reading order. */
export const DOCUMENT_CSV_COLUMNS = ['n', 'section', 'text', 'part', 'kind', 'responsible', 'duplicates', 'permalink', 'basis', 'issuer', 'basis_number', 'basis_date', 'tool', 'audience', 'lead', 'table_header', 'table_cells', 'also_in', 'tags', 'clause_part'] as const;

/**
 * A document's clauses as CSV, in reading order: its number in the document (1-based), section path joined with
 * ` › ` (with its 款 and 项 under an article, as in the search export), text as written, main text or attachment, text or table row, the responsible units, how many other clauses
 * repeat it, and its absolute permalink; for a compendium card's clause, the card's header fields (`basis` …
 * `basis_date`, then `tool` 工具分类 and `audience` 服务对象, added last so that existing columns keep their place),
 * `lead`, the lead units (牵头) by name, added after them for the same reason, and, for a table row, its table's header
 * and its cells with their columns (`table_header`, `table_cells`, as in `CSV_COLUMNS`). Then `also_in`: which clauses repeat it,
 * by their `n` (56、57, the ¶56 the reader shows), where `duplicates` counts them (2) and no row could be found from it
 * (export audit, session 22); `tags` `part` and `kind` in a result card's words (附件, 表格行; empty for the main text).
 * Last, `clause_part`: for a part of a source paragraph over 500 characters cut into parts, which part of how many (2/2,
 * as the desk's CSV writes a long draft clause's), the reader's ¶35（之二）; empty for a whole paragraph. The reader marked
 * the parts and the file did not (twenty-second session's audits).
 */
export function documentToCsv(view: DocumentView, permalink: (paragraphId: string, text?: string) => string): string {
  const rows: CsvValue[][] = [[...DOCUMENT_CSV_COLUMNS]];
  view.paragraphs.forEach((hit, i) => {
    // A compendium card's clause cites the policy the card is based on, as the search export does.
    rows.push([
      i + 1, citedSection(hit), hit.text, hit.part, hit.kind, hit.responsible.join('、') || null, hit.duplicates.length, permalink(hit.id, hit.text),
      hit.source?.basis ?? null, hit.source?.issuer ?? null, hit.source?.docNumber ?? null, hit.source?.date ?? null,
      hit.source?.tool ?? null, hit.source?.audience ?? null, hit.leads.join('、') || null, tableHeaderLine(hit.table), tableCellsLine(hit.table),
      // A copy is always in the same document (src/text/duplicates.ts): its ¶ number is its row's n.
      hit.duplicates.map((id) => paragraphNumber(id) ?? id).join('、') || null,
      cardTags(hit) || null,
      hit.split ? `${hit.split.part}/${hit.split.of}` : null,
    ]);
  });
  return toCsv(rows);
}

/** Columns of the clause diff's export (/diff, /api/diff?format=csv): one row per field, the two clauses side by side. */
export const DIFF_CSV_COLUMNS = ['field', 'label', 'a', 'b'] as const;

/**
 * Two clauses side by side as CSV, as the page shows them: where each comes from (place, document, 发文机关, 文号, date,
 * a compendium card's 依据文件, section, permalink), its text, then each parameter row (values joined with `；`, a value both name marked `（两者皆有）`), then
 * the phrases they share, the share of each one's characters inside them and their semantic similarity.
 */
export function diffToCsv(diff: DiffResult, permalink: (paragraphId: string, text?: string) => string, documentOf?: DocumentOf): string {
  const rows: CsvValue[][] = [[...DIFF_CSV_COLUMNS]];
  const both = (field: string, label: string, f: (c: DiffResult['a']) => CsvValue) => rows.push([field, label, f(diff.a), f(diff.b)]);
  both('city', '地区', (c) => c.doc.city);
  both('document', '文件', (c) => docLabel(c.doc));
  both('doc_issuer', '发文机关', (c) => documentOf?.(c.doc.id)?.issuer ?? null);
  both('doc_number', '文号', (c) => documentOf?.(c.doc.id)?.docNumber ?? null);
  both('date', '成文日期', (c) => c.doc.date);
  // A compendium card's clause cites the policy the card is based on, as the other exports do.
  if (diff.a.source || diff.b.source) {
    both('basis', '依据文件', (c) => c.source?.basis ?? null);
    both('basis_issuer', '发文机构', (c) => c.source?.issuer ?? null);
    both('basis_number', '依据文号', (c) => c.source?.docNumber ?? null);
    both('basis_date', '发布日期', (c) => c.source?.date ?? null);
  }
  both('section', '章节', (c) => citedSection(c));
  both('text', '条款', (c) => c.text);
  both('responsible', '责任单位', (c) => c.responsible.join('、') || null);
  both('lead', '牵头单位', (c) => leadUnits(c.responsible).join('、') || null);
  both('permalink', '链接', (c) => permalink(c.id));
  const values = (list: { text: string; shared: boolean }[]) => list.map((v) => (v.shared ? `${v.text}（两者皆有）` : v.text)).join('；') || null;
  for (const row of diff.parameters) rows.push([row.key, row.label, values(row.a), values(row.b)]);
  rows.push(['shared_phrases', '共同片段', diff.shared.join('；') || null, null]);
  rows.push(['shared_share', '相同文字占比', diff.overlap.a, diff.overlap.b]);
  rows.push(['similarity', '语义相似度', diff.similarity === null ? null : roundScore(diff.similarity), null]);
  return toCsv(rows);
}
