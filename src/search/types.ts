/**
 * The search contract shared by the JSON API, the pages, the eval and the bench.
 * `SearchEngine` is implemented over a built index (src/search/engine.ts); the server only sees this interface.
 * The analyst views and the drafting desk have their own contract, one stage up (src/analysis/types.ts).
 */
import type { DocumentPart, ParagraphSource } from '../types.js';

export type SearchMode = 'keyword' | 'semantic' | 'hybrid';
export const SEARCH_MODES: readonly SearchMode[] = ['hybrid', 'semantic', 'keyword'];

export interface SearchFilters {
  /** Keep only these cities (regions); empty or absent = all. */
  cities?: string[];
  /** Keep only these document ids. */
  docs?: string[];
  /** Keep only these administrative levels. */
  levels?: string[];
  /** Keep only the main text or only attachments. */
  part?: DocumentPart;
}

export interface SearchOptions extends SearchFilters {
  mode: SearchMode;
  /** Number of results, 1–100. */
  k: number;
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
}

export interface Hit {
  /** Stable paragraph id, e.g. `000_dcbe0bbe788de573:p0042`. */
  id: string;
  doc: DocRef;
  /** Section path from the top, e.g. `["二、重点任务", "(四)深化产业智改数转"]`. */
  section: string[];
  text: string;
  score: number;
  /** Character ranges `[start, end)` in `text` to highlight (UTF-16 offsets, as JavaScript strings index). */
  highlights: [number, number][];
  /** Ids of other paragraphs with the same content, collapsed into this one. */
  duplicates: string[];
  part: DocumentPart;
  kind: 'text' | 'table-row';
  /** Responsible departments (责任单位). */
  responsible: string[];
  /** For a clause of a compendium card: the policy the card cites (依据文件, 发文机构, …), to cite with it. */
  source?: ParagraphSource;
  /** The clause's measure sentences (src/text/sentences.ts), `[start, end)` in `text`; `similar?sentence=N` indexes them. */
  sentences: { start: number; end: number; text: string }[];
  why: MatchExplanation;
}

export interface SearchResult {
  query: string;
  mode: SearchMode;
  results: Hit[];
  /** Thesaurus terms that were searched too ("also searched: …"). */
  expanded: string[];
}

export interface CompareColumn {
  city: string;
  results: Hit[];
  /** True when the column's best match is not a real counterpart: show "no close counterpart". */
  weak: boolean;
}

export interface CompareResult {
  query: string;
  mode: SearchMode;
  columns: CompareColumn[];
  expanded: string[];
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
}

/** Counterparts of a pasted text, per city: answers like `similar`. */
export interface SimilarTextResult {
  text: string;
  columns: CompareColumn[];
}

export interface ParagraphContext {
  paragraph: Hit;
  before: Hit[];
  after: Hit[];
}

export interface DocumentSummary extends DocRef {
  issuer: string | null;
  docNumber: string | null;
  province: string | null;
  planPeriod: string | null;
  postedDate: string | null;
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

export interface CorpusInfo {
  /** Cities in a stable display order (the comparison columns' order). */
  cities: string[];
  levels: string[];
  documents: DocumentSummary[];
}

export interface SearchEngine {
  corpus(): CorpusInfo;
  search(query: string, options: SearchOptions): Promise<SearchResult>;
  /** One column per city (all cities, or `options.cities`), each with its top `k`. */
  compare(query: string, options: SearchOptions): Promise<CompareResult>;
  /** Throws UNKNOWN_PARAGRAPH. */
  paragraph(id: string, context?: number): ParagraphContext;
  /** Ranks by the paragraph's own vector, excluding its own document. Throws UNKNOWN_PARAGRAPH. */
  similar(id: string, options: { k: number; cities?: string[]; sentence?: number }): Promise<SimilarResult>;
  /** Each city's closest clauses to a pasted text (a sentence, a draft clause). Throws UNKNOWN_PARAGRAPH for a bad `exclude`. */
  similarText(text: string, options: SimilarTextOptions): Promise<SimilarTextResult>;
  /** Throws UNKNOWN_DOCUMENT. */
  document(id: string): DocumentView;
}
