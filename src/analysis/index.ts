/**
 * The analysis stage (src/analysis), one stage above search: the analyst views over a corpus (quantitative targets
 * grouped by meaning across cities, the measure × city matrix and the clauses of one cell, the clause diff). Each room
 * has its file (targets.ts, matrix.ts, diff.ts); the `Analyst` here holds what they share and computes every costly part
 * on first use, since the index does not change under a running Analyst. The drafting desk (draft.ts) reads a draft
 * against the same corpus, with the engine's "similar" for precedents. The server reaches all of it through
 * `AnalysisApi`; the search engine never imports it: whoever opens an index composes the two (`analysisFor(engine)`).
 */
import { LRUCache } from 'lru-cache';
import type { Embedder } from '../embed/embedder.js';
import { createError } from '../errors.js';
import { documentInForce } from '../text/validity.js';
import { columnOf } from '../search/places.js';
import type { Engine } from '../search/engine.js';
import type { SearchEngine, SearchFilters } from '../search/types.js';
import type { Instrument } from '../text/diff.js';
import { toSimplified } from '../text/script.js';
import { AnalysisCorpus } from './corpus.js';
import { loadInstruments, loadMeasures } from './data.js';
import { diffParagraphs } from './diff.js';
import { calibratedStats, loadCalibration, type MeasureCalibration } from './calibration.js';
import { analyseDraft } from './draft.js';
import { assignMeasures, buildMatrix, cellClauses, cellMembers, cellNearMissClauses, cellNearMisses, computeMeasureEvidence, type CellMember, type MeasureAssignment, type MeasureEvidence, type NearMember } from './matrix.js';
import { answeringGroups, askedTopics, matchTargets } from './target-matching.js';
import { questionTopic, targetQuestion } from './target-questions.js';
import { computeTargets, filterTargets, type TargetData } from './targets.js';
import { DEFAULT_ANALYSIS_TUNING, type AnalysisTuning } from './tuning.js';
import type {
  AnalysisApi, AnalysisSource, DiffResult, DraftInput, DraftOptions, DraftReport, MatrixCellClauses, MatrixDates, MatrixNearMissCounts, MatrixResult, Measure, TargetFilters, TargetRow,
  TargetsResult,
} from './types.js';

export { loadInstruments, loadMeasures, measureText } from './data.js';
export { hanCount, holdsMeasure, measureScore, tableRowText, termsIn, type MeasureAssignment, type MeasureEvidence } from './matrix.js';
export { averageLinkage, foldRestatements, groupingKind, indicatorKey, leadYear, narrowerScope, quantityKind, targetYearKey, type IndicatorKey } from './targets.js';
export { questionTopic, targetQuestion, type AskedKind, type TargetCue, type TargetQuestion } from './target-questions.js';
export { answeringGroups, askedTopics, groupScores, kindFits, matchTargets, scoreTargets, type AskedTopic, type TargetMatchTuning, type TargetScore } from './target-matching.js';
export { DEFAULT_ANALYSIS_TUNING, type AnalysisTuning } from './tuning.js';
export { DRAFT_EXTENSIONS, DRAFT_LIMITS } from './draft-input.js';
export { REUSE_METHOD, REUSE_THRESHOLD } from './draft.js';
export type * from './types.js';

export class Analyst implements AnalysisApi {
  readonly tuning: AnalysisTuning;
  readonly corpus: AnalysisCorpus;
  private readonly measureList: Measure[];
  private readonly calibration: MeasureCalibration | null;
  private readonly instruments: Instrument[];
  private readonly search: Pick<SearchEngine, 'similarText' | 'corpus'> | null;
  private evidence: Promise<MeasureEvidence> | null = null;
  private assignments: Promise<Map<string, MeasureAssignment[]>> | null = null;
  /**
   * Matrices by date range, made once each: a matrix depends on the corpus and the range only, and at 100k paragraphs
   * one took 0.6 s (every place) to 2.5 s (a range), on every /matrix request and every draft. Corpus-derived only.
   */
  private matrices = new LRUCache<string, Promise<MatrixResult>>({ max: 16 });
  /**
   * Every cell's clauses, undated (matrix.ts `cellMembers`), made once: a cell opened then costs its own clauses. One
   * small object per clause and measure it holds (1,203 on the 18 documents).
   */
  private members: Promise<Map<string, Map<string, CellMember[]>>> | null = null;
  /** Every cell's near misses, undated (matrix.ts `cellNearMisses`), made once from the evidence and assignments. */
  private nearMembers: Promise<Map<string, Map<string, NearMember[]>>> | null = null;
  /** Near misses counted per cell, by date range (as `matrices`): what the matrix page shows in a gap cell. */
  private nearCounts = new LRUCache<string, Promise<MatrixNearMissCounts>>({ max: 16 });
  private targetData: Promise<TargetData> | null = null;
  /**
   * Targets tables by filter, made once each: at 1M synthetic paragraphs the unfiltered table (≈ 900,000 targets) took
   * 6.5 s on every /api/targets, /targets and CSV request. Corpus-derived only (a `q` is a search query, kept as the
   * answer cache keeps them); callers copy what they narrow, never change it.
   */
  private tables = new LRUCache<string, Promise<TargetsResult>>({ max: 8 });

  /** `search` (the engine over the same index) is what the drafting desk finds precedents with. */
  constructor(
    source: AnalysisSource,
    private readonly embedder: Embedder,
    options: {
      tuning?: Partial<AnalysisTuning>;
      measures?: Measure[];
      instruments?: Instrument[];
      search?: Pick<SearchEngine, 'similarText' | 'corpus'>;
      /** The matrix's fixed statistics (default: the shipped calibration); null standardises every measure over the corpus. */
      calibration?: MeasureCalibration | null;
    } = {},
  ) {
    this.tuning = { ...DEFAULT_ANALYSIS_TUNING, ...options.tuning };
    this.calibration = options.calibration === undefined ? loadCalibration() : options.calibration;
    this.measureList = options.measures ?? loadMeasures();
    this.instruments = options.instruments ?? loadInstruments();
    this.corpus = new AnalysisCorpus(source);
    this.search = options.search ?? null;
  }

  measures(): Measure[] {
    return this.measureList;
  }

  instrumentList(): Instrument[] {
    return this.instruments;
  }

  // ---------- measures ----------

  /** Similarities and seed terms of every eligible clause for every measure (computed once). */
  measureEvidence(): Promise<MeasureEvidence> {
    this.evidence ??= computeMeasureEvidence(this.corpus, this.embedder, this.measureList, this.tuning, calibratedStats(this.measureList, this.embedder.info, this.calibration)).catch((e: unknown) => {
      this.evidence = null;
      throw e;
    });
    return this.evidence;
  }

  /** The measures of every clause that has any, by paragraph id, best first (with the Analyst's tuning: made once). */
  async measureAssignments(tuning: Partial<AnalysisTuning> = {}): Promise<Map<string, MeasureAssignment[]>> {
    if (Object.keys(tuning).length) return assignMeasures(await this.measureEvidence(), { ...this.tuning, ...tuning });
    this.assignments ??= this.measureEvidence()
      .then((ev) => assignMeasures(ev, this.tuning))
      .catch((e: unknown) => {
        this.assignments = null;
        throw e;
      });
    return this.assignments;
  }

  /**
   * The measure × city matrix; `dates` limits it to the clauses of documents dated within them (and, with `docs`, of
   * those documents). Made once per range and documents (the answer is shared: callers copy what they narrow, never
   * change it).
   */
  matrix(dates: MatrixDates = {}): Promise<MatrixResult> {
    const key = `${dates.since ?? ''}|${dates.until ?? ''}|${dates.inForce ?? ''}|${[...(dates.docs ?? [])].sort().join('\u0000')}`;
    let made = this.matrices.get(key);
    if (!made) {
      made = this.makeMatrix(dates);
      this.matrices.set(key, made);
      made.catch(() => this.matrices.delete(key));
    }
    return made;
  }

  private async makeMatrix(dates: MatrixDates): Promise<MatrixResult> {
    const ev = await this.measureEvidence();
    return buildMatrix(this.corpus, ev, await this.measureAssignments(), this.tuning, this.matrixKeep(dates));
  }

  /**
   * Which clauses a matrix over `dates` counts, or undefined for every clause (no bound): the clauses of documents dated
   * within them and in force on the day, a compendium's clauses by their cards, and only those of `dates.docs` when
   * given. Each document is judged once, not once per clause and measure. The matrix and a cell's list (`matrixCell`)
   * keep by this one rule.
   */
  private matrixKeep(dates: MatrixDates): ((id: string) => boolean) | undefined {
    const dated = Boolean(dates.since || dates.until || dates.inForce);
    const docs = dates.docs ? new Set(dates.docs) : null;
    if (!dated && !docs) return undefined;
    const out = dates.inForce ? this.notInForce(dates.inForce) : undefined;
    const inside = new Map<string, boolean>();
    return (id) => {
      const p = this.corpus.paragraphById.get(id);
      if (!p) return false;
      let kept = inside.get(p.docId);
      if (kept === undefined) inside.set(p.docId, (kept = (!docs || docs.has(p.docId)) && (!dated || this.corpus.documentKept(p.docId, dates, out))));
      return kept && (!dated || !this.corpus.datedByCards(p.docId) || this.corpus.clauseKept(p, dates, out));
    };
  }

  /**
   * The clauses one matrix cell counts (`measureId` × `city`) under `dates`: as many as the cell's count, its best
   * clause first (src/analysis/matrix.ts `cellClauses`). The matrix of the range is the cached one; the list is the
   * cell's undated clauses (made once: 1 ms on the 18 documents) that the range's keep-rule keeps, the rule the matrix
   * counted by. Measured on the 18 documents, after the range's matrix: 0.1–0.4 ms a cell (all 304 cells undated, 171
   * from 2023, 228 in force on 2025-06-30), each list as long as its cell's count. Beside them the cell's near misses:
   * the place's clauses the range keeps that hold a seed term of the measure and score under the bar (matrix.ts
   * `cellNearMisses`, made once from the same evidence and assignments: no model run).
   */
  async matrixCell(measureId: string, city: string, dates: MatrixDates = {}): Promise<MatrixCellClauses> {
    const measure = this.measureList.find((m) => m.id === measureId);
    if (!measure) throw unknownMeasure(measureId, this.measureList);
    if (!this.corpus.cities.includes(city))
      throw createError('UNKNOWN_CITY', `Unknown city "${echo(city)}". Valid cities: ${this.corpus.cities.join(', ')}.`, { valid: this.corpus.cities }, `“${echo(city)}”不在本库中。本库的地区：${this.corpus.cities.join('、')}。`);
    const matrix = await this.matrix(dates);
    const cell = matrix.rows.find((r) => r.measure.id === measureId)?.cells.find((c) => c.city === city);
    if (!cell) throw noColumn(city, dates, !dates.docs || dates.docs.some((id) => columnOf(this.corpus.docById.get(id) ?? { city: null }) === city));
    this.members ??= this.measureAssignments()
      .then((assigned) => cellMembers(this.corpus, assigned))
      .catch((e: unknown) => {
        this.members = null;
        throw e;
      });
    const members = cell.count === 0 ? [] : ((await this.members).get(measure.id)?.get(city) ?? []);
    const keep = this.matrixKeep(dates);
    const clauses = cellClauses(this.corpus, members, measure, keep, cell.best?.paragraphId);
    const near = (await this.nearMissMembers()).get(measure.id)?.get(city) ?? [];
    const nearMisses = cellNearMissClauses(this.corpus, near, measure, this.tuning.zThreshold, keep);
    return { measure: { id: measure.id, name: measure.name }, city, count: cell.count, clauses, nearMisses };
  }

  /** Every cell's near misses with no date bound (matrix.ts `cellNearMisses`), made once. */
  private nearMissMembers(): Promise<Map<string, Map<string, NearMember[]>>> {
    this.nearMembers ??= Promise.all([this.measureEvidence(), this.measureAssignments()])
      .then(([ev, assigned]) => cellNearMisses(this.corpus, ev, assigned, this.tuning))
      .catch((e: unknown) => {
        this.nearMembers = null;
        throw e;
      });
    return this.nearMembers;
  }

  /**
   * How many near misses each cell of the matrix over `dates` has: the lengths of the lists `matrixCell` gives, counted
   * by the same keep-rule without making a snippet of each, and kept per range as the matrices are. A gap cell with
   * some is not a place silent on the measure: its clauses name the measure's seed terms and score under the bar
   * (twenty-first session's analyst audit: 平湖 × 财政奖补, p0029 at 2.196 against 2.25, read as "没有涉及").
   */
  matrixNearMissCounts(dates: MatrixDates = {}): Promise<MatrixNearMissCounts> {
    const key = `${dates.since ?? ''}|${dates.until ?? ''}|${dates.inForce ?? ''}`;
    let made = this.nearCounts.get(key);
    if (!made) {
      made = this.nearMissMembers().then((members) => {
        const keep = this.matrixKeep(dates);
        const out: MatrixNearMissCounts = {};
        for (const [measureId, perCity] of members) {
          for (const [city, list] of perCity) {
            const n = keep ? list.reduce((sum, m) => sum + (keep(m.id) ? 1 : 0), 0) : list.length;
            if (n) (out[measureId] ??= {})[city] = n;
          }
        }
        return out;
      });
      this.nearCounts.set(key, made);
      made.catch(() => this.nearCounts.delete(key));
    }
    return made;
  }

  // ---------- targets ----------

  targets(filters: TargetFilters = {}): Promise<TargetsResult> {
    const key = JSON.stringify([filters.q ?? '', [...(filters.cities ?? [])].sort(), [...(filters.docs ?? [])].sort(), filters.since ?? '', filters.until ?? '', filters.inForce ?? '']);
    let made = this.tables.get(key);
    if (!made) {
      const out = filters.inForce ? this.notInForce(filters.inForce) : undefined;
      made = this.loadTargets().then(async (data) => filterTargets(this.corpus, data, filters, await this.groupsAsked(data, filters.q), out));
      this.tables.set(key, made);
      made.catch(() => this.tables.delete(key));
    }
    return made;
  }

  /**
   * The groups of targets a targets view's `q` keeps: those that answer it as the same words asked as a question
   * about targets are answered (`questionTargets`), so that /targets?q=全社会研发投入强度 lists every target search's
   * answer to 全社会研发投入强度是多少 shows, and the rest of their groups. Null without a `q`.
   */
  private async groupsAsked(data: TargetData, q: string | undefined): Promise<ReadonlySet<string> | null> {
    const typed = q?.trim() ? toSimplified(q.trim()) : '';
    if (!typed) return null;
    // The words without a question's frame (研发投入强度目标 asks about 研发投入强度); a q that is all frame, as it is.
    const topic = questionTopic(typed) || typed;
    const topics = await askedTopics(data, topic, (t) => this.embedder.embedQuery(t), this.targetMatchTuning());
    return new Set(answeringGroups(data, topics, this.targetMatchTuning()).keys());
  }

  /**
   * The documents not in force on `day` by their own 施行 / 有效期 clause, as the search engine read them when it
   * opened the index (src/text/validity.ts), or written after it when they state none; none without an engine to ask.
   * A compendium's clauses go by their cards besides (AnalysisCorpus.clauseKept).
   */
  private notInForce(day: string): ReadonlySet<string> {
    const documents = this.search?.corpus().documents ?? [];
    return new Set(documents.filter((d) => !documentInForce(d, day)).map((d) => d.id));
  }

  /**
   * The targets a query asks for, when it asks for targets (target-questions.ts), matched by meaning and words
   * (target-matching.ts). A query that does not ask costs no model run and no target extraction.
   */
  async questionTargets(query: string, filters: SearchFilters = {}): Promise<TargetRow[]> {
    // A question in traditional script (目標是多少) asks as its simplified form does.
    const question = targetQuestion(toSimplified(query));
    if (!question?.topic) return [];
    const data = await this.loadTargets();
    const topics = await askedTopics(data, question.topic, (t) => this.embedder.embedQuery(t), this.targetMatchTuning());
    // `in_force` as search reads it: the targets of documents not in force on the day are left out too.
    return matchTargets(this.corpus, data, topics, this.targetMatchTuning(), filters, filters.inForce ? this.notInForce(filters.inForce) : undefined);
  }

  /** The matching's part of the tuning. */
  targetMatchTuning(): { threshold: number; lexicalWeight: number; perCity: number } {
    return { threshold: this.tuning.targetMatch, lexicalWeight: this.tuning.targetLexicalWeight, perCity: this.tuning.targetsPerCity };
  }

  /** Every target of the corpus, grouped (computed once). */
  loadTargets(): Promise<TargetData> {
    this.targetData ??= computeTargets(this.corpus, this.embedder, this.tuning.groupThreshold).catch((e: unknown) => {
      this.targetData = null;
      throw e;
    });
    return this.targetData;
  }

  // ---------- diff ----------

  async diff(aId: string, bId: string): Promise<DiffResult> {
    return diffParagraphs(this.corpus, this.instruments, aId, bId);
  }

  // ---------- the drafting desk ----------

  /** A draft against the corpus (src/analysis/draft.ts). Nothing of the draft is kept. */
  async draft(input: DraftInput, options: DraftOptions = {}): Promise<DraftReport> {
    if (!this.search) throw createError('INTERNAL', 'The drafting desk needs the search engine: build the Analyst with { search }.');
    return analyseDraft(
      {
        search: this.search,
        embedder: this.embedder,
        corpus: this.corpus,
        tuning: this.tuning,
        measures: this.measureList,
        instruments: this.instruments,
        measureEvidence: () => this.measureEvidence(),
        matrix: (dates) => this.matrix(dates),
        notInForce: (day) => this.notInForce(day),
        targets: () => this.loadTargets(),
      },
      input,
      options,
    );
  }
}

/** A value as a message echoes it: printable, at most 80 characters. */
function echo(value: string): string {
  // eslint-disable-next-line no-control-regex
  const chars = [...value.replace(/[\u0000-\u001f\u007f]/g, '?')];
  return chars.length > 80 ? `${chars.slice(0, 80).join('')}…` : chars.join('');
}

/** UNKNOWN_MEASURE, naming the matrix's measures (id and name) as UNKNOWN_CITY names the places. */
function unknownMeasure(id: string, measures: readonly Measure[]): Error {
  const valid = measures.map((m) => m.id);
  return createError(
    'UNKNOWN_MEASURE',
    `Unknown measure "${echo(id)}". Valid measures (the rows of /api/matrix): ${measures.map((m) => `${m.id} (${m.name})`).join(', ')}.`,
    { valid },
    `没有编号为“${echo(id)}”的措施。可选：${measures.map((m) => `${m.id}（${m.name}）`).join('、')}。`,
  );
}

/**
 * The refusal for a place the matrix of these dates has no column for: none of its documents is kept by them, or
 * (`chosen` false) none of them is among the documents chosen (`doc`, `issuer`, `type`).
 */
function noColumn(city: string, dates: MatrixDates, chosen = true): Error {
  if (!chosen)
    return createError(
      'BAD_REQUEST',
      `${echo(city)} has none of the documents chosen (doc, issuer, type), so the matrix of those documents has no column for it: choose others, or leave them out.`,
      undefined,
      `${echo(city)}没有所选的文件（文件、发文机关或文件类型），这些文件的矩阵没有它这一列：请另选，或不限文件。`,
    );
  const dated = Boolean(dates.since || dates.until);
  const range = dates.since && dates.until ? `between ${dates.since} and ${dates.until}` : dates.since ? `on or after ${dates.since}` : `on or before ${dates.until}`;
  const rangeZh = dates.since && dates.until ? `在 ${dates.since} 至 ${dates.until} 之间` : dates.since ? `在 ${dates.since} 或之后` : `在 ${dates.until} 或之前`;
  const what = [dated ? `dated ${range} (undated documents are outside every range)` : '', dates.inForce ? `in force on ${dates.inForce}` : ''].filter(Boolean).join(' and ');
  const whatZh = [dated ? `成文日期${rangeZh}` : '', dates.inForce ? `在 ${dates.inForce} 仍然有效` : ''].filter(Boolean).join('且') + (dated ? '（未标日期的文件不在任何范围内）' : '');
  const widen = [dated ? 'widen the dates' : '', dates.inForce ? 'leave out in_force' : ''].filter(Boolean);
  const widenZh = [dated ? '放宽日期' : '', dates.inForce ? '取消“只看现行有效”' : ''].filter(Boolean);
  return createError(
    'BAD_REQUEST',
    `${echo(city)} has no document ${what}, so the matrix of these dates has no column for it: ${widen.join(' or ')}.`,
    undefined,
    `${echo(city)}没有${whatZh}的文件，这一范围的矩阵没有它这一列：请${widenZh.join('或')}。`,
  );
}

const byEngine = new WeakMap<Engine, Analyst>();

/**
 * The analysis over an engine's index, built once per engine (a reloaded index gets a new engine, and so a new
 * Analyst; the old one goes with the old engine).
 * @example const app = createApp({ engine: () => service.engine(), analysis: () => analysisFor(service.engine()) });
 */
export function analysisFor(engine: Engine): Analyst {
  let analyst = byEngine.get(engine);
  if (!analyst) {
    analyst = new Analyst(engine.index, engine.embedder, { search: engine });
    byEngine.set(engine, analyst);
  }
  return analyst;
}
