/**
 * The analysis contract: what the analyst views (targets, the measure × city matrix, the clause diff) and the
 * drafting desk read and answer. The server sees the analysis only through `AnalysisApi`.
 */
import type { DocRef, Hit, SearchFilters } from '../search/types.js';
import type { DocumentPart, ParagraphSource } from '../types.js';

// ---------- what the analysis reads: the loaded index satisfies this shape; tests can build one by hand ----------

export interface AnalysisDocument extends DocRef {
  planPeriod: string | null;
}

export interface AnalysisParagraph {
  id: string;
  docId: string;
  ordinal: number;
  /** Key for `vectorOf`. */
  rowid: number;
  text: string;
  sectionPath: string[];
  part: DocumentPart;
  kind: 'text' | 'table-row';
  columns: string[] | null;
  responsible: string[];
  duplicateOf: string | null;
  /** A compendium card's policy (依据文件, 发文机构, …). */
  source?: ParagraphSource | null;
}

export interface AnalysisSource {
  documents: AnalysisDocument[];
  /** In document order, then ordinal order within a document. */
  paragraphs: AnalysisParagraph[];
  /** A paragraph's vector by rowid (undefined for an unknown rowid). */
  vectorOf(rowid: number): Float32Array | undefined;
}

// ---------- analysis: quantitative targets, the measure × city matrix, clause diff ----------

/** One quantitative target (量化目标) read from a clause or a table row, with where it was read. */
export interface TargetRow {
  /** `<paragraph id>#t<n>`, n the target's position in what the extractor read from the paragraph. */
  id: string;
  paragraphId: string;
  doc: DocRef;
  /** The document's plan period (规划期), shown beside targets whose text names no year. */
  planPeriod: string | null;
  /** What is measured, as written: 全社会研发投入占GDP比重, 规上工业亩均税收. */
  indicator: string;
  value: number | null;
  /** A range (10-20家), when one is given instead of a value. */
  range: [number, number] | null;
  /** Unit as written, with 万/亿 kept: %, 家, 亿元, 万元/亩. */
  unit: string | null;
  /** The base of a share (占GDP比重 → GDP; 占营业收入比重 → 营业收入): two shares of different bases differ. */
  base: string | null;
  /** Qualifying words in source order: 达到, 累计 超, 力争 达到 左右. */
  qualifier: string | null;
  bound: 'min' | 'approx' | 'exact' | 'max' | null;
  cumulative: boolean;
  annual: boolean;
  /** Target year or period as written (到2025年, “十四五”末, a table's 2027年 column), or null. */
  year: string | null;
  /** Where the target applies when narrower than the document: a town column (当湖街道), 各区, 每个集群. */
  scope: string | null;
  /** The span of the paragraph the target was read from (a table row: the value cell). */
  text: string;
  /** Id of the group of targets about the same thing. */
  group: string;
}

/** Targets about the same thing, across documents and cities (grouped by the meaning of the indicator names). */
export interface TargetGroup {
  id: string;
  /** The group's most central indicator, as written. */
  label: string;
  /** Cities with a target in the group, in the corpus's city order. */
  cities: string[];
  /** Distinct units and bases in the group: shown, because they may differ (4% of GDP vs 2.2% of revenue). */
  units: string[];
  bases: string[];
  /** Targets in the group (after filtering). */
  count: number;
}

export interface TargetFilters {
  /** Matches indicators, group labels and target text (substring), and indicator names close in meaning. */
  q?: string;
  cities?: string[];
  docs?: string[];
}

export interface TargetsResult {
  targets: TargetRow[];
  /** The groups of the targets returned: groups spanning more cities first. */
  groups: TargetGroup[];
}

/** A measure (政策措施) of the taxonomy in src/analysis/measures.json. */
export interface Measure {
  id: string;
  name: string;
  description: string;
  terms: string[];
  /** What the matrix row opens in the comparison view. */
  query: string;
}

/** A city's best clause on a measure. */
export interface MatrixClause {
  paragraphId: string;
  doc: DocRef;
  /** Part of the clause around the first seed term it contains (or its start), at most ~90 characters. */
  snippet: string;
  /** Seed-term ranges `[start, end)` in `snippet`. */
  highlights: [number, number][];
  /** The assignment score (standardised similarity plus the seed-term bonus). */
  score: number;
}

export interface MatrixCell {
  city: string;
  /** The city's clauses assigned to the measure (a duplicated clause counts once). */
  count: number;
  /** `count` over the city's clauses. */
  coverage: number;
  /** Shading band: 0 = no counterpart (the city is silent on the measure), 1–4 relative to the row's highest coverage. */
  level: 0 | 1 | 2 | 3 | 4;
  best: MatrixClause | null;
}

export interface MatrixRow {
  measure: Measure;
  cells: MatrixCell[];
}

export interface MatrixResult {
  cities: string[];
  rows: MatrixRow[];
  /** Clauses per city that could be assigned (not duplicates, not too short). */
  clauses: Record<string, number>;
  /** How clauses were assigned, for the page's footnote. */
  method: { zThreshold: number; termBoost: number; maxTermHits: number };
}

/** A clause as the diff shows it: `highlights` are the phrases it shares with the other clause. */
export type DiffClause = Pick<Hit, 'id' | 'doc' | 'section' | 'text' | 'highlights' | 'part' | 'kind' | 'responsible' | 'source'>;

/** One row of the parameters table: what each clause names; `shared` when the other clause names it too. */
export interface ParameterRow {
  key: 'targets' | 'amounts' | 'years' | 'departments' | 'instruments';
  label: string;
  a: { text: string; shared: boolean }[];
  b: { text: string; shared: boolean }[];
}

export interface DiffResult {
  a: DiffClause;
  b: DiffClause;
  /** Shared phrases (≥ 4 characters), as written in `a`, longest first. */
  shared: string[];
  /** Share of each clause's characters inside shared phrases, 0–1. */
  overlap: { a: number; b: number };
  /** Cosine of the two clauses' vectors. */
  similarity: number | null;
  parameters: ParameterRow[];
}

/** The analyst views: targets, the measure × city matrix and the clause diff. */
export interface AnalysisApi {
  /** Throws UNKNOWN_CITY / UNKNOWN_DOCUMENT only through the server's validation; here filters just filter. */
  targets(filters?: TargetFilters): Promise<TargetsResult>;
  matrix(): Promise<MatrixResult>;
  /** Throws UNKNOWN_PARAGRAPH. */
  diff(a: string, b: string): Promise<DiffResult>;
  /**
   * The targets a search query asks for (各地对研发投入强度设定了什么目标?): at most a few per city, cities in corpus
   * order, best first; empty when the query does not ask for targets or none matches well.
   */
  questionTargets(query: string, filters?: SearchFilters): Promise<TargetRow[]>;
}
