/**
 * The analysis contract: what the analyst views (targets, the measure × city matrix, the clause diff) and the
 * drafting desk read and answer. The server sees the analysis only through `AnalysisApi`.
 */
import type { DocRef, Hit, PlaceSummary, QueryCitation, SearchFilters } from '../search/types.js';
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
  /** The clause's fingerprint, the `h` of its permalink (as a hit's `fingerprint`). */
  fingerprint: string;
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
  /**
   * The other clauses of the same document that state this target again (附件1's table, 附件3's 全市 column, a later
   * chapter): the same group, number, unit, year and scope. Each is listed once, here, not as a target of its own.
   */
  restatements: TargetRestatement[];
}

/** A clause that states a target again, in the target's own document (TargetRow.restatements). */
export interface TargetRestatement {
  /** The target's id as read from this clause (`<paragraph id>#t<n>`). */
  id: string;
  paragraphId: string;
  /** The clause's fingerprint, the `h` of its permalink. */
  fingerprint: string;
  /** The indicator, year and scope as this clause writes them (附件1 writes 2023年 where the text wrote 到2023年). */
  indicator: string;
  year: string | null;
  scope: string | null;
  text: string;
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
  /** An indicator, or a question about one: keeps the groups of targets that answer it as search's target answer does. */
  q?: string;
  cities?: string[];
  docs?: string[];
  /** The document's date bounds (ISO days, inclusive; src/search/date-range.ts). */
  since?: string;
  until?: string;
  /** Only documents in force on this ISO day by their own 施行 / 有效期 clause (those that state none are kept). */
  inForce?: string;
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
  /**
   * Ids of instruments.json a clause may use for this measure without being about it (资金奖补 for 财政奖补与税收优惠):
   * the drafting desk names the draft clauses that do, beside a gap.
   */
  instruments?: string[];
}

/** A city's best clause on a measure. */
export interface MatrixClause {
  paragraphId: string;
  /** The clause's fingerprint, the `h` of its permalink (as a hit's `fingerprint`). */
  fingerprint: string;
  doc: DocRef;
  /** The clause's section path, as a hit's (the cell's CSV gives it). */
  section: string[];
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
  method: { zThreshold: number; termBoost: number; maxTermHits: number; termlessZ: number };
}

/**
 * The clauses one matrix cell counts (/api/matrix/cell): `count` is the cell's, and `clauses` are that many, each as the
 * cell gives its best clause, the cell's best clause first, then by score.
 */
export interface MatrixCellClauses {
  measure: { id: string; name: string };
  city: string;
  count: number;
  clauses: MatrixClause[];
  /**
   * The place's clauses under the same dates that hold at least one of the measure's seed terms and are not counted,
   * best first: each scores under `threshold` (z + termBoost per seed term, up to maxTermHits).
   */
  nearMisses: MatrixNearMiss[];
}

/** A clause a matrix cell does not count although it holds a seed term of the measure: why, in numbers. */
export interface MatrixNearMiss extends MatrixClause {
  /** The standardised similarity to the measure (z-score of the cosine). */
  z: number;
  /** The measure's seed terms found in the clause (each adds termBoost to `score`, up to maxTermHits). */
  terms: string[];
  /** The score a clause needs to be counted (the matrix's zThreshold); `score` is under it. */
  threshold: number;
}

/**
 * How many near misses (`MatrixCellClauses.nearMisses`) each cell of a matrix has under its dates: measure id → place →
 * count, a cell with none absent. The matrix page links a gap cell that has some to its cell's page.
 */
export type MatrixNearMissCounts = Record<string, Record<string, number>>;

/** A clause as the diff shows it: `highlights` are the phrases it shares with the other clause. */
export type DiffClause = Pick<Hit, 'id' | 'doc' | 'section' | 'text' | 'fingerprint' | 'highlights' | 'part' | 'kind' | 'responsible' | 'source' | 'provision'>;

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

/** The date bounds of a matrix (ISO days, inclusive; src/search/date-range.ts). */
export interface MatrixDates {
  since?: string;
  until?: string;
  /** Only the clauses of documents in force on this ISO day (as the targets' `inForce`). */
  inForce?: string;
  /**
   * Only the clauses of these documents (the ids a request's `doc`, `issuer` and `type` choose): the matrix of one
   * issuer's or one type's documents, its coverage counted over their clauses, a place without one having no column.
   */
  docs?: string[];
}

/** The analyst views (targets, the measure × city matrix, the clause diff) and the drafting desk. */
export interface AnalysisApi {
  /** Throws UNKNOWN_CITY / UNKNOWN_DOCUMENT only through the server's validation; here filters just filter. */
  targets(filters?: TargetFilters): Promise<TargetsResult>;
  matrix(dates?: MatrixDates): Promise<MatrixResult>;
  /**
   * The clauses a matrix cell counts, under the same dates. Throws UNKNOWN_MEASURE (naming the measures), UNKNOWN_CITY
   * for a place the corpus lacks, BAD_REQUEST for one the dates leave without a column.
   */
  matrixCell(measureId: string, city: string, dates?: MatrixDates): Promise<MatrixCellClauses>;
  /** How many near misses each cell of the matrix over `dates` has (the lists `matrixCell` gives, counted). */
  matrixNearMissCounts(dates?: MatrixDates): Promise<MatrixNearMissCounts>;
  /** Throws UNKNOWN_PARAGRAPH. */
  diff(a: string, b: string): Promise<DiffResult>;
  /**
   * The targets a search query asks for (各地对研发投入强度设定了什么目标?): at most a few per city, cities in corpus
   * order, best first; empty when the query does not ask for targets or none matches well.
   */
  questionTargets(query: string, filters?: SearchFilters): Promise<TargetRow[]>;
  /**
   * The drafting desk: a draft's clauses against the corpus. Throws DRAFT_EMPTY, PAYLOAD_TOO_LARGE,
   * UNSUPPORTED_MEDIA_TYPE, DRAFT_UNREADABLE; nothing of the draft is kept once the promise settles.
   */
  draft(input: DraftInput, options?: DraftOptions): Promise<DraftReport>;
}

// ---------- the drafting desk (起草对照): a draft in; precedents, numbers and gaps out ----------

/** A draft as pasted text, or as an uploaded file held in memory (never written anywhere). */
export type DraftInput = { text: string; source?: DraftSource } | { file: { name: string; bytes: Buffer } };

/** Where a draft's text came from: pasted, or a file of this format. */
export type DraftSource = 'text' | 'docx' | 'doc' | 'pdf' | 'txt' | 'md';

export interface DraftProgress {
  phase: 'reading' | 'embedding' | 'precedents' | 'coverage';
  done: number;
  total: number;
}

export interface DraftOptions {
  /** Precedents per city, 1–10 (default 3). */
  k?: number;
  /** Called as the work advances (for the page's progress bar). */
  onProgress?: (progress: DraftProgress) => void;
  /** Stops the work between clauses (the client went away). */
  signal?: AbortSignal;
  /** Compare with these places only (none or empty: every place), as a comparison's columns. */
  cities?: string[];
  /**
   * Compare with the documents dated within these bounds only (ISO days, src/search/date-range.ts): precedents,
   * the targets beside the draft's and the gaps. An undated document is outside every range.
   */
  since?: string;
  until?: string;
  /**
   * Compare with the documents in force on this ISO day only, by their own 施行 / 有效期 clause (src/text/validity.ts);
   * a document that states neither is kept from its 成文日期 on.
   */
  inForce?: string;
}

/** What a draft clause and one precedent share, found as /diff finds it. */
export interface SharedWording {
  /** Shared phrases (≥ 4 characters), as written in the draft clause, longest first. */
  phrases: string[];
  /** `[start, end)` ranges of those phrases in the draft clause. */
  draft: [number, number][];
  /** Share of each side's characters inside shared phrases, 0–1. */
  overlap: { draft: number; precedent: number };
}

/** A precedent: an indexed clause close to a draft clause. Its `highlights` are the phrases it shares with the draft. */
export interface Precedent extends Hit {
  shared: SharedWording;
}

export interface PrecedentColumn {
  city: string;
  /** What a comparison column's header shows (kind, level, parent), as in `CompareColumn`. */
  place: PlaceSummary;
  /** Best first, ranked by `SearchEngine.similarText` (the clause as a query: its terms, vector, feedback and bridge). */
  results: Precedent[];
  /** True when nothing in this city truly matches (cosine of the best below the "similar" threshold). */
  weak: boolean;
}

/** An earlier clause whose wording the draft clause largely repeats. */
export interface ReuseMatch {
  paragraphId: string;
  doc: DocRef;
  section: string[];
  /** Its 款 and 项 in its article, as a hit's. */
  provision?: Hit['provision'];
  /** The document's date (signature date), or a compendium card's own 发布日期 (its `source`): the lineage's clock. */
  date: string | null;
  /**
   * Share of the draft clause's letters, digits and Han characters in wording it shares with that clause (the figure
   * its precedent line shows, 相同文字占草案条款), 0–1, 3 decimals.
   */
  share: number;
  /** The earliest dated document among the matches: who wrote it first. */
  first: boolean;
}

/** A quantitative target of the draft, as the targets view shows one. */
export type DraftTarget = Pick<TargetRow, 'indicator' | 'value' | 'range' | 'unit' | 'base' | 'qualifier' | 'year' | 'text'>;

/** A draft target beside the targets other places set on the same indicator (grouped as /targets groups them). */
export interface TargetComparison {
  draft: DraftTarget;
  /** The group of indexed targets about the same thing, or null when none is close enough. */
  group: { id: string; label: string } | null;
  /** Per city with a target in that group, in corpus order: its targets (value, unit, base, year). */
  cities: { city: string; targets: TargetRow[] }[];
}

export interface DraftClauseParameters {
  targets: DraftTarget[];
  amounts: string[];
  years: string[];
  departments: string[];
  instruments: string[];
}

export interface DraftParameters {
  /** The draft clause's own numbers, years, departments and instruments. */
  draft: DraftClauseParameters;
  /** Per city, the draft clause (`a`) against its best precedent (`b`), row by row as /diff lays them out. */
  precedents: { city: string; paragraphId: string; rows: ParameterRow[] }[];
  /** Each target of the draft beside the other places' targets on the same indicator, bases shown. */
  targets: TargetComparison[];
}

export interface DraftClause {
  /** 1-based position of what is compared: a clause, or one part of a long one (anchors, coverage and gaps name it). */
  n: number;
  /**
   * The clause's own number in the draft (src/analysis/draft-numbering.ts): X of the 第X条 it opens or stands under, or
   * of its innermost numbered unit in a draft without articles (（三） → 3); null for a clause outside every numbered
   * unit (a preamble); its position where the draft numbers nothing. The parts of a long clause share it.
   */
  number: number | null;
  /**
   * How the page, the Word table, the CSV and the notes name the clause: as the draft numbers it (第二条, （三）, 二、（一）
   * where (一) starts again under each part; a unit written with a trailing list mark quoted, 「一、」, so that it reads
   * in a sentence), 序言 before the first numbered clause and 第十二条后 after one, or 第 3 条 (its position) where the
   * draft numbers nothing.
   */
  label: string;
  /**
   * A clause over 500 characters is compared in parts, cut at sentence ends as the index cuts its own long clauses
   * (src/text/paragraphs.ts): this part (1-based), how many, and the whole clause's length in characters. Null for a
   * clause compared whole.
   */
  part: { index: number; of: number; characters: number } | null;
  text: string;
  section: string[];
  /** Measure sentences, cut as the index cuts them (src/text/sentences.ts). */
  sentences: string[];
  kind: 'text' | 'table-row';
  /** The measures of measures.json the clause is about (the matrix's assignment rule), best first. */
  measures: { id: string; name: string; score: number }[];
  precedents: PrecedentColumn[];
  /** Earlier clauses it largely repeats, the earliest first; empty when its wording is its own. */
  reuse: ReuseMatch[];
  parameters: DraftParameters;
  /**
   * The corpus's provisions the clause cites by title in 《》 (依照《烟台市民营经济促进条例》第二十二条第二款规定…), as
   * `SimilarTextResult.citations`: each cited clause leads its place's precedents (`why.citation`), or the citation says
   * what the document lacks (没有第四十条). Empty when it cites none of the corpus's documents.
   */
  citations: QueryCitation[];
}

export interface DraftCoverage {
  measure: { id: string; name: string };
  /** Numbers (`n`) of the draft clauses about the measure. */
  draft: number[];
  /** Cities whose documents have the measure, in corpus order. */
  cities: string[];
}

export interface DraftGap {
  measure: { id: string; name: string; query: string };
  /** The cities that have the measure (two or more), each with its best clause. */
  cities: { city: string; count: number; best: MatrixClause }[];
  /**
   * Draft clauses that use one of the measure's instruments (measures.json `instruments`) in passing, with the terms
   * found: a 人才 clause's 给予奖励 is 资金奖补, yet no clause is about 财政奖补. Empty when none does.
   */
  usedIn: { n: number; instrument: string; terms: string[] }[];
  /**
   * Draft clauses that hold one of the measure's seed terms but score under the assignment bar (`threshold`, the
   * matrix's zThreshold), as /matrix/cell's near misses: `score` = `z` + the seed terms' boost, the `terms` found; best
   * first. Named, not counted: the gap stands. Empty when none does.
   */
  nearMisses: { n: number; score: number; z: number; terms: string[]; threshold: number }[];
  /** `usedIn` and `nearMisses` as the lines the page, the Word table and the CSV show, or null. */
  note: string | null;
}

export interface DraftReport {
  clauses: DraftClause[];
  /** The measures the draft covers. */
  coverage: DraftCoverage[];
  /** Measures at least two cities have and the draft lacks. */
  gaps: DraftGap[];
  summary: {
    /** Title line the parser found at the top of the draft, if any. */
    title: string | null;
    /** `text` for pasted drafts, else the file's format. */
    source: DraftSource;
    characters: number;
    clauses: number;
    /** Paragraphs left out: headings and notes too short to be a clause, and repeats of an earlier clause. */
    skipped: number;
    /**
     * What was not compared, and why: `short` (too little to compare), `repeat` (the same text as an earlier one, the
     * clause named in `of` when it was compared: 第二条), `empty-heading` (a heading's number with no title: 三、).
     */
    skippedParagraphs: { text: string; reason: 'short' | 'repeat' | 'empty-heading'; of?: string }[];
    /** The places compared: those chosen (every place when none was), less those with no document in the date range. */
    cities: string[];
    /** Whether the request chose its places (`cities` above is then that choice); false when every place was compared. */
    chosen: boolean;
    /** Places chosen that have no document within the dates or in force on the day: not compared, and said so. */
    leftOut: string[];
    /** How many documents the draft was compared with. */
    documents: number;
    /** The date range compared with, and the day the documents had to be in force on; null where not given. */
    dates: { since: string | null; until: string | null; inForce: string | null };
    /** How reuse is found and when it is flagged. */
    reuse: { method: string; threshold: number };
    ms: number;
  };
}
