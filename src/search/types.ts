/**
 * The search contract shared by the JSON API, the pages, the eval and the bench.
 * `SearchEngine` is implemented over a built index (src/search/engine.ts); the server only sees this interface.
 * The analyst views and the drafting desk have their own contract, one stage up (src/analysis/types.ts).
 */
import type { CardSpan } from './card-dates.js';
import type { PlaceOutside } from './query-places.js';
import type { DocumentPart, ParagraphSource } from '../types.js';
import type { Provision } from '../text/provisions.js';
import type { RowCell } from '../text/targets.js';

export type SearchMode = 'keyword' | 'semantic' | 'hybrid';
export const SEARCH_MODES: readonly SearchMode[] = ['hybrid', 'semantic', 'keyword'];

export interface SearchFilters {
  /** Keep only these places (comparison columns, 未标注地区 included); empty or absent = all. Groups are expanded into it. */
  cities?: string[];
  /** Keep only these document ids. */
  docs?: string[];
  /** Keep only these administrative levels. */
  levels?: string[];
  /** Keep only the main text or only attachments. */
  part?: DocumentPart;
  /**
   * Keep only documents dated within these bounds (ISO days, inclusive; src/search/date-range.ts): a document dated a
   * month or a year passes when any day of it does; an undated one fails.
   */
  since?: string;
  until?: string;
  /**
   * Keep only documents in force on this ISO day as they state it (src/text/validity.ts): one whose 施行 / 有效期 clause
   * puts the day before its start or after its end is left out; one that states neither is kept from its 成文日期 on (a compendium's clause goes by its card).
   */
  inForce?: string;
}

export interface SearchOptions extends SearchFilters {
  mode: SearchMode;
  /** Number of results, 1–100. */
  k: number;
  /**
   * `auto` (default): places named at the head of the query scope it when no place is chosen (query-places.ts);
   * `all`: the query is searched as typed.
   */
  scope?: 'auto' | 'all';
  /**
   * `auto` (default): a word mistyped with a character of the same sound is read as the corpus's word
   * (query-spelling.ts); `off`: the query is searched as typed.
   */
  spell?: 'auto' | 'off';
}

/** Words of a query read as the corpus writes them (src/search/query-spelling.ts): 专精特心 → 专精特新. */
export interface QuerySpelling {
  /** The query with those words replaced: what was searched (in simplified script). */
  query: string;
  /** Each replaced word, as typed (in simplified script) and as read. */
  changes: { from: string; to: string }[];
}

/** Places a query named at its head, which scoped it (src/search/query-places.ts). */
export interface QueryScope {
  /** The places (comparison columns) searched. */
  cities: string[];
  /** The names as typed (folded to simplified script, as the query is searched: 青島 → 青岛). */
  named: string[];
  /** The query without them: what was searched (in simplified script). */
  query: string;
  /**
   * A place the query named inside the scoped ones that the corpus has no document of (北京朝阳区 → 北京市朝阳区): its
   * name left the query too, and the places around it are searched. Absent when none.
   */
  narrower?: string;
  /** Places named in the list that the corpus has no document of (深圳 in 深圳和昆山专精特新): said, not searched. */
  outside?: { named: string; places: string[] };
  /**
   * Names the query used that more than one place bears: the corpus's places each was read as (`cities`: both 朝阳区
   * when the corpus has both) and the gazetteer's others, which the corpus has no document of (`others`: 北京市朝阳区
   * when only 长春市朝阳区 is in it). Absent when every name is one place's.
   */
  sameName?: { named: string; cities: string[]; others: string[] }[];
  /**
   * An organ other than the government the query named with its place (烟台市人大常委会民营经济): the organ as `issuer=`
   * takes it (`named`: the place's full name and the organ) and the documents it chooses, to which the search keeps
   * (`documents`; empty when no document of the corpus has that issuer: 昆山市发改委, and then the place's own documents
   * are searched). Absent when none.
   */
  issuer?: { named: string; documents: string[] };
}

/**
 * Places a query named at its head that did not scope it, because the request chose places (`city`, `group`) or
 * documents (`doc`, `issuer`, `type`) itself, which won: the query was searched as typed over what was chosen
 * (/?q=昆山专精特新&city=平湖 searches 昆山专精特新 in 平湖市). Said only when the places named are not the ones chosen
 * (src/search/engine.ts `scopeOverridden`).
 */
export interface ScopeOverridden {
  /** The names as the query wrote them (simplified): ['昆山']. */
  named: string[];
  /** The columns they would have scoped to: ['昆山市']. */
  cities: string[];
  /** What won: the places chosen, or the documents chosen. */
  by: 'places' | 'documents';
}

/**
 * A `city` value read as other columns than the place it names, which the answer and the pages say, as they say what
 * a query's places were read as (`QueryScope`): 江苏 → 昆山市, 江苏省, 南京市; 苏州 → 昆山市 (src/search/query-places.ts
 * `cityReadings`).
 */
export interface CityReading {
  /** The value as given. */
  named: string;
  /** The columns it stands for. */
  cities: string[];
  /** The place it names, when written with an area word (江苏省内, 浙江省域 → 江苏省, 浙江省). */
  place?: string;
}

/** The document a hit comes from, as every result shows it. */
export interface DocRef {
  id: string;
  /** Source file name. */
  file: string;
  title: string | null;
  city: string | null;
  level: string | null;
  date: string | null;
  /** 发文机关 and 文号, so that a result names who issued it (absent in older fixtures). */
  issuer?: string | null;
  docNumber?: string | null;
}

/**
 * The document reference a result carries, made from any fuller record of the document: the one builder, so that a
 * hit's, a target's, a matrix cell's and a diff's `doc` hold the same fields (the targets, the matrix and the diff had
 * lacked `issuer` and `docNumber`, which their CSVs give: the API audit's M2).
 * @example docRefOf(summary) // { id, file, title, city, level, date, issuer, docNumber }
 */
export function docRefOf(d: DocRef): DocRef {
  return { id: d.id, file: d.file, title: d.title, city: d.city, level: d.level, date: d.date, issuer: d.issuer ?? null, docNumber: d.docNumber ?? null };
}

/** Why a hit matched: its keyword (BM25) and vector scores and the query terms found in it. */
export interface MatchExplanation {
  /** BM25 score (higher is better), null when the keyword ranking did not retrieve it. */
  keyword: number | null;
  /** Cosine similarity to the query, null when not computed. */
  vector: number | null;
  /** Query terms (including thesaurus expansions) found in the text. */
  terms: string[];
  /** Which of the hit's `sentences` matched best (the one the page emphasises), null when not computed. */
  sentence: number | null;
  /** Rank in each ranking (1-based), null when absent. */
  keywordRank: number | null;
  vectorRank: number | null;
  /** Present (true) when the clause holds the whole query as written: such clauses come first, whatever their score. */
  phrase?: true;
  /**
   * Present when a compendium card's 条件要求 / 办理流程 clause was ranked down under the measure clauses (the query does
   * not ask how to apply): its score alone would not explain why it sits under lower-scoring clauses. Set with `phrase`
   * too when the clause holds the whole query: it is then ranked down among the clauses that hold it.
   */
  below?: 'application';
  /** Present (true) on a clause of the provision the query cites (`SearchResult.citation`): such clauses come first of all. */
  citation?: true;
}

export interface Hit {
  /** Stable paragraph id, e.g. `000_dcbe0bbe788de573:p0042`. */
  id: string;
  doc: DocRef;
  /** Section path from the top, e.g. `["二、重点任务", "(四)深化产业智改数转"]`. */
  section: string[];
  text: string;
  /**
   * The clause's fingerprint (src/text/fingerprint.ts), the `h` of its permalink `/p/<id>?h=<fingerprint>`: the id is a
   * position that a re-index can move, and `/api/paragraphs/<id>?h=<fingerprint>` finds the clause again or says it
   * changed.
   */
  fingerprint: string;
  score: number;
  /** Character ranges `[start, end)` in `text` to highlight (UTF-16 offsets, as JavaScript strings index). */
  highlights: [number, number][];
  /** Ids of other paragraphs with the same content, collapsed into this one (under a date filter, those it keeps). */
  duplicates: string[];
  part: DocumentPart;
  kind: 'text' | 'table-row';
  /** Responsible departments (责任单位), a lead unit written 区经信局（牵头） where the note says which lead. */
  responsible: string[];
  /** The lead units (牵头单位) by name, without the mark: those of `responsible` its note says lead; empty if it says none. */
  leads: string[];
  /** For a clause of a compendium card: the policy the card cites (依据文件, 发文机构, …), to cite with it. */
  source?: ParagraphSource;
  /**
   * For a clause under an article (第N条) of two or more paragraphs, or an item of one: its 款 and 项, which a citation
   * names after the article (第二十二条第二款; src/text/provisions.ts). Absent elsewhere.
   */
  provision?: Provision;
  /**
   * For a table row (`kind` `table-row`) of a table with a header: the header as written (`columns`), and the row's
   * cells, each with the column it stands under (`column` null where merged cells leave that unsure; src/text/targets.ts
   * `rowCells`). Absent on a clause of text.
   */
  table?: { columns: string[]; cells: RowCell[] };
  /** The clause's measure sentences (src/text/sentences.ts), `[start, end)` in `text`; `similar?sentence=N` indexes them. */
  sentences: { start: number; end: number; text: string }[];
  why: MatchExplanation;
  /**
   * In a document's paragraphs (`/api/documents/:id`, the reader), on a clause read alone (`/api/paragraphs/:id`, the
   * clause page) and on a "similar" answer's source: for a part of a source paragraph over 500 characters, which the
   * index cuts at sentence ends into consecutive clauses, which part (1-based) of how many. Absent elsewhere (a hit).
   */
  split?: { part: number; of: number };
}

export interface SearchResult {
  query: string;
  mode: SearchMode;
  results: Hit[];
  /** Thesaurus terms that were searched too ("also searched: …"). */
  expanded: string[];
  /** The places the query named, which it was limited to; null when it named none (or `scope: 'all'`). */
  scope: QueryScope | null;
  /** A place named at the head of the query that the corpus has no document of (query-places.ts); else null. */
  outside: PlaceOutside | null;
  /** Mistyped words read as the corpus's words; null when none were (or `spell: 'off'`). */
  spelling: QuerySpelling | null;
  /**
   * The documents the query names by number or title (src/search/query-documents.ts), in corpus order; often none.
   * `rest`: what the query asks besides naming the document (苏政发〔2018〕86号 人才 → 人才), '' when nothing.
   */
  documents: { document: DocumentSummary; rest: string; card?: NamedCard }[];
  /**
   * How many clauses hold the whole query as words (the ones placed first), over what the ranking read, copies once;
   * `atLeast` when the keyword ranking stopped at its depth, so more may. Null in semantic mode. Absent in older answers.
   */
  holding?: { count: number; atLeast: boolean } | null;
  /**
   * A citation the query holds (src/search/query-citation.ts), whose clauses come first; null when it holds none.
   * Absent in older answers.
   */
  citation?: QueryCitation | null;
  /** Places the query named that the request's own choice of places or documents overrode; null when none. Absent in older answers. */
  scopeOverridden?: ScopeOverridden | null;
}

/**
 * A citation read from a query (`《烟台市民营经济促进条例》第二十二条第二款`, or 第二十二条第二款 alone for every statute
 * searched) and what it found: the clauses of that provision come first in the hits, in reading order.
 */
export interface QueryCitation {
  /** The citation as the query writes it (simplified script), its title included when the title names a document or is in 《》. */
  text: string;
  /** The title as written, without 《》; null when the citation has none (or bare words before it name no document). */
  title: string | null;
  /** The corpus document the title names (the first, in corpus order, if it names several); null without one. */
  document: DocRef | null;
  article: number;
  /** The 款 and the 项's number, as cited; null when not. */
  paragraph: number | null;
  item: number | null;
  /** The provision as a citation writes it: 第二十二条第二款, 第六条第二款第（三）项. */
  label: string;
  /** How many clauses of the provision the search kept (its filters and places): those the hits begin with (up to `k`). */
  matched: number;
  /** How many documents they come from. */
  documents: number;
  /** Clauses of the named document's provision that the filters leave out (0 without a title). */
  leftOut: number;
  /**
   * What alone leaves them out, when one thing does and the request did not choose it as a place: the places the
   * query named at its head (`query`, as searched: 昆山《烟台市民营经济促进条例》第二十二条 → ['昆山市']), or the part of
   * the documents chosen (`part`, part=attachment); null otherwise (the places, documents or dates chosen). Absent in
   * older answers and on the desk.
   */
  leftOutBy?: { query: string[] } | { part: DocumentPart } | null;
  /**
   * Why nothing matched: `document`, a title in 《》 that names no corpus document; `article`, `paragraph`, `item`, the
   * first part of the citation the named document (without a title: any document searched) lacks; else null.
   */
  missing: 'document' | 'article' | 'paragraph' | 'item' | null;
  /** The named document's last article number and the cited article's number of 款 (0 when it has no such article); null without a document. */
  articles: number | null;
  paragraphs: number | null;
  /** What the query asks besides the citation ('' when nothing); the rest of the hits are the query's, ranked as ever. */
  rest: string;
}

/** A compendium's card a query names by the number or title of the policy it cites: its first clause and source. */
export interface NamedCard {
  paragraphId: string;
  /** The card's section path down to its title (part headings, then the card's title). */
  section: string[];
  source: ParagraphSource;
}

export interface CompareColumn {
  /** The column's place (a document's `city`), or 未标注地区. */
  city: string;
  /** What the header shows: kind, level, parent; the hint for 未标注地区. */
  place: PlaceSummary;
  results: Hit[];
  /** True when the column's best match is not a real counterpart: show "no close counterpart". */
  weak: boolean;
}

export interface CompareResult {
  query: string;
  mode: SearchMode;
  columns: CompareColumn[];
  expanded: string[];
  /** The places the query named: compared without them (and, when two or more, as the columns); null when none. */
  scope: QueryScope | null;
  /** As in SearchResult. */
  outside: PlaceOutside | null;
  /** Mistyped words read as the corpus's words; null when none were (or `spell: 'off'`). */
  spelling: QuerySpelling | null;
  /** As in SearchResult: the columns chosen won over places the query named. */
  scopeOverridden?: ScopeOverridden | null;
}

export interface SimilarResult {
  source: Hit;
  columns: CompareColumn[];
}

export interface SimilarTextOptions {
  k: number;
  cities?: string[];
  /** Leave out this paragraph's document (a pasted sentence of that clause must not find its own clause). */
  exclude?: string;
  /** Leave out these documents. */
  excludeDocs?: string[];
  /** The text's embedding, when the caller already has it (the drafting desk embeds each clause once). */
  vector?: Float32Array;
  /** Keep only counterparts in documents dated within these bounds (as `SearchFilters`). */
  since?: string;
  until?: string;
  /** As search's `inForce`: leave out documents not in force on this ISO day by their own clause. */
  inForce?: string;
  /**
   * Keep only counterparts in these documents (a request's `doc`, `issuer` and `type`, resolved to ids; empty: all).
   * Like the dates it only removes: the others are ranked as without it, and the feedback still learns from every
   * document.
   */
  docs?: string[];
}

/** Options of "similar in other cities" from an indexed clause. */
export interface SimilarOptions {
  k: number;
  cities?: string[];
  /** One of the clause's measure sentences (0-based), instead of the whole clause. */
  sentence?: number;
  /** Keep only counterparts in documents dated within these bounds (as `SearchFilters`). */
  since?: string;
  until?: string;
  /** As search's `inForce`: leave out documents not in force on this ISO day by their own clause. */
  inForce?: string;
  /** Keep only counterparts in these documents, as `SimilarTextOptions.docs`. */
  docs?: string[];
}

/** Counterparts of a pasted text, per city: answers like `similar`. */
export interface SimilarTextResult {
  text: string;
  columns: CompareColumn[];
  /**
   * The provisions the text cites by a corpus document's title in 《》 (依照《烟台市民营经济促进条例》第二十二条第二款规定…),
   * whose clauses come first in their place's column (`why.citation`), or what the document lacks; titles that name no
   * corpus document (a national law) are not listed. Absent in older answers.
   */
  citations?: QueryCitation[];
}

export interface ParagraphContext {
  paragraph: Hit;
  before: Hit[];
  after: Hit[];
}

export interface DocumentSummary extends DocRef {
  /**
   * The source file's path relative to its input folder (`2024年报送/丽水市数字经济政策.txt`; the base name `file`
   * for a file at the top of its folder): two files of one name in two subfolders are two paths.
   */
  path: string;
  issuer: string | null;
  docNumber: string | null;
  /** GB/T 2260 code and kind of the place (市辖区, 县级市 …), its parent's name and code. */
  placeCode: string | null;
  placeKind: string | null;
  parent: string | null;
  parentCode: string | null;
  province: string | null;
  /** 地方性法规, 规范性文件, 实施方案, 汇编 … (src/text/metadata.ts DOCUMENT_TYPES). */
  docType: string | null;
  /** A regulation's adoption (通过) and approval (批准) dates. */
  adoptedDate: string | null;
  approvedDate: string | null;
  planPeriod: string | null;
  postedDate: string | null;
  /** When it takes effect (施行 / 实施) and its last day in force (有效期), as its own closing clause says; else null. */
  effectiveDate: string | null;
  expiryDate: string | null;
  paragraphCount: number;
}

export interface OutlineEntry {
  level: number;
  title: string;
  path: string[];
  /** The paragraph the heading opens (anchor target in the reader). */
  paragraphId: string;
}

export interface DocumentView {
  document: DocumentSummary;
  outline: OutlineEntry[];
  paragraphs: Hit[];
}

/** One comparison column's place (src/search/places.ts). */
export interface PlaceSummary {
  /** The column's name: a document's `city` (`广州市天河区`), or 未标注地区. */
  city: string;
  /** The place's own name (`天河区`). */
  name: string;
  /** GB/T 2260 code; null for 未标注地区 and for a place the gazetteer does not know. */
  code: string | null;
  kind: string | null;
  level: string | null;
  parent: string | null;
  province: string | null;
  /** Documents in the column. */
  documents: number;
  /** For 未标注地区: how to give its documents a place. */
  hint: string | null;
}

/** A group of places a user can choose at once: `province:江苏省`, `level:county`. */
export interface PlaceGroup {
  id: string;
  /** `江苏省及下辖地区`, `全部县级地区`. */
  label: string;
  /** The columns in the group, in corpus order. */
  cities: string[];
}

/** A file the index build skipped, and why (from the index manifest). */
export interface SkippedDocument {
  /** The file's path relative to its input folder. */
  file: string;
  code: string;
  message: string;
  /** True when an earlier build's version of the file is still indexed. */
  kept: boolean;
}

/** What the build says a librarian should know about indexed files (src/index/manifest.ts FileWarning), paths relative to their input folder. */
export interface CorpusWarning {
  file: string;
  /** ENCODING_REPAIRED, FORMAT_MISNAMED, SAME_DOCUMENT, MANIFEST_AMBIGUOUS, SECOND_DOCUMENT. */
  code: string;
  message: string;
  /** The other files it is about. */
  others: string[];
}

/** A file passed over unread for another reason than its type, relative to its input folder. */
export interface IgnoredFile {
  file: string;
  /** `folder-note`, `not-a-file`, `dangling-link`. */
  reason: string;
}

export interface CorpusInfo {
  /** Places in a stable display order (the comparison columns' order); 未标注地区 last when a document has no place. */
  cities: string[];
  /** One entry per city, in the same order. */
  places: PlaceSummary[];
  /** Groups of places (`province:江苏省`, `level:county`) the `group` parameter takes. */
  groups: PlaceGroup[];
  levels: string[];
  /** Document types present, in DOCUMENT_TYPES order. */
  docTypes: string[];
  documents: DocumentSummary[];
  /** Files the build skipped. */
  skipped: SkippedDocument[];
  /** Files in the input folders the build left unread because of their type, relative to their input folder. */
  notRead: string[];
  /**
   * Each compendium's policy cards (their 发布日期 and the span their 时间/频度 states), by document id: a date range or
   * a day in force keeps a compendium while one of its cards is kept, as every view keeps the book's clauses
   * (src/search/card-dates.ts). Absent or without an entry: the document goes by its own date and validity.
   */
  compendiumCards?: ReadonlyMap<string, readonly CardSpan[]>;
  /** Files passed over for another reason (a folder's note, a FIFO, a link to nothing). */
  ignored: IgnoredFile[];
  /** What the librarian should know about files indexed: two that look like one document, a repaired encoding … */
  warnings: CorpusWarning[];
}

export interface SearchEngine {
  corpus(): CorpusInfo;
  /** The places a query names at its head, which `search` and `compare` scope it to (null: none, or not applicable). */
  scopeOf(query: string, options: Pick<SearchOptions, 'cities' | 'docs' | 'scope'>): QueryScope | null;
  /** A place the query names at its head that the corpus has no document of (深圳专精特新 → 深圳), as search's `outside`. */
  placeOutsideOf(query: string): PlaceOutside | null;
  /** The query's mistyped words read as the corpus's words, which `search` and `compare` search (null: none, or off). */
  spellingOf(query: string, options: Pick<SearchOptions, 'spell'>): QuerySpelling | null;
  search(query: string, options: SearchOptions): Promise<SearchResult>;
  /** One column per city (all cities, or `options.cities`), each with its top `k`. */
  compare(query: string, options: SearchOptions): Promise<CompareResult>;
  /** Throws UNKNOWN_PARAGRAPH. */
  paragraph(id: string, context?: number): ParagraphContext;
  /** Ranks by the paragraph's own vector, excluding its own document. Throws UNKNOWN_PARAGRAPH. */
  similar(id: string, options: SimilarOptions): Promise<SimilarResult>;
  /** Each city's closest clauses to a pasted text (a sentence, a draft clause). Throws UNKNOWN_PARAGRAPH for a bad `exclude`. */
  similarText(text: string, options: SimilarTextOptions): Promise<SimilarTextResult>;
  /** Throws UNKNOWN_DOCUMENT. */
  document(id: string): DocumentView;
}
