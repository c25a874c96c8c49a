/**
 * The measure × city matrix (措施矩阵): which clauses of each city are about which measure of the taxonomy.
 *
 * Measures (措施). A clause is assigned a measure of src/analysis/measures.json by combining two kinds of evidence:
 * - similarity: the cosine between the clause's vector and the measure's vector (`name：description。terms`),
 *   standardised per measure over the corpus (z = (cos − mean) / sd). Raw cosines from a small model sit in a
 *   narrow band (median 0.54, 90th percentile 0.64 on the seeds) and some measures are closer to all policy text
 *   than others; a per-measure z-score is a per-measure cosine threshold, mean + z·sd.
 * - seed terms: each distinct term of the measure found in the clause adds `termBoost` (up to `maxTermHits`).
 * A clause gets the measure when z + termBoost·min(hits, maxTermHits) ≥ zThreshold: with the defaults, z ≥ 1.25 with
 * one term, z ≥ 0.25 with two, and without a term z ≥ termlessZ (3; 2.25 before the seventeenth session, see tuning.ts). Neither kind of evidence is enough alone (measured on
 * test/fixtures/measures-labeled.json, 193 hand-labeled seed paragraphs: terms alone P 0.61 R 0.90 F1 0.73,
 * similarity alone at best F1 0.69, the rule P 0.80 R 0.80 F1 0.80; test/analysis/analysis.test.ts prints the
 * table of thresholds tried).
 * Table rows are compared by their text cells only (a row embedded with its header is mostly numbers), and
 * clauses with fewer than `minClauseChars` Han characters (notes, stray headings) get no measure.
 *
 * The drafting desk assigns a draft's clauses with the same rule and the corpus's own per-measure statistics
 * (`assignText`), so that "the draft covers this measure" means what a filled matrix cell means.
 *
 * A cell's count opens as a list of its clauses (`cellClauses`, /api/matrix/cell and /matrix/cell): the matrix counts and
 * the list lists by one rule (`forEachCounted`), so a "1 条" is one clause the analyst can read (twentieth session's
 * analyst audit: a count opened nothing, and the row's comparison is another ranking). Beside it, the cell's near misses
 * (`cellNearMisses`): the place's clauses that hold a seed term of the measure and score under the bar, with their
 * score, so that "why is this clause not counted?" has its answer on the cell.
 */
import type { Embedder } from '../embed/embedder.js';
import { dot } from '../index/vectors.js';
import { clauseFingerprint } from '../text/fingerprint.js';
import { foldTerm, highlightRanges } from '../text/highlight.js';
import type { MeasureStats } from './calibration.js';
import type { AnalysisCorpus } from './corpus.js';
import { measureText } from './data.js';
import type { AnalysisTuning } from './tuning.js';
import type { AnalysisParagraph, MatrixCell, MatrixClause, MatrixNearMiss, MatrixResult, Measure } from './types.js';
import { nextTurn } from '../turn.js';

const HAN = /[\u3400-\u9fff]/g;

/** Han characters in a text. */
export function hanCount(text: string): number {
  return (text.match(HAN) ?? []).length;
}

/** What of a table row says what it is about: its cells with at least two Han characters. */
export function tableRowText(text: string): string {
  return text
    .split('|')
    .map((c) => c.trim())
    .filter((c) => hanCount(c) >= 2)
    .join('，');
}

/** Seed terms of a measure found in a text (width, case, brackets and quotes ignored). */
export function termsIn(text: string, terms: readonly string[]): string[] {
  return termsInFolded(foldTerm(text), terms, terms.map(foldTerm));
}

/** `termsIn` of a text already folded, with its terms folded (`foldedTerms[i]` is `foldTerm(terms[i])`). */
function termsInFolded(folded: string, terms: readonly string[], foldedTerms: readonly string[]): string[] {
  return [...new Set(terms.filter((_, i) => standsAlone(folded, foldedTerms[i]!, foldedTerms)))];
}

/**
 * Whether a folded text holds a seed term somewhere other than inside a longer seed term of the same measure: 先进制造业集群
 * is one term, not two with the 制造业集群 inside it (nested terms had counted twice, lifting a clause that names one
 * measure once to the two-term threshold; seventeenth session's matrix audit).
 */
function standsAlone(folded: string, term: string, all: readonly string[]): boolean {
  const longer = all.filter((t) => t.length > term.length && t.includes(term));
  for (let at = folded.indexOf(term); at !== -1; at = folded.indexOf(term, at + 1)) {
    const inside = longer.some((t) => {
      const offset = t.indexOf(term);
      return offset <= at && folded.startsWith(t, at - offset);
    });
    if (!inside) return true;
  }
  return false;
}

/** The assignment score of a clause for a measure; it gets the measure when this reaches `zThreshold`. */
export function measureScore(z: number, termHits: number, tuning: Pick<AnalysisTuning, 'termBoost' | 'maxTermHits'>): number {
  return z + tuning.termBoost * Math.min(termHits, tuning.maxTermHits);
}

/** Whether a clause gets a measure: its score reaches the threshold, and without a seed term its z reaches `termlessZ`. */
export function holdsMeasure(z: number, termHits: number, tuning: Pick<AnalysisTuning, 'termBoost' | 'maxTermHits' | 'zThreshold' | 'termlessZ'>): boolean {
  return measureScore(z, termHits, tuning) >= tuning.zThreshold && (termHits > 0 || z >= tuning.termlessZ);
}

/** Why a clause got a measure. */
export interface MeasureAssignment {
  measureId: string;
  score: number;
  z: number;
  cosine: number;
  terms: string[];
}

/** The evidence for every eligible clause and measure, before any threshold: what the tests sweep. */
export interface MeasureEvidence {
  measures: Measure[];
  /** Eligible clauses (not duplicates, long enough), in corpus order. */
  paragraphIds: string[];
  /** `z[p][m]`, `cosine[p][m]` and `terms[p][m]` for clause p and measure m. */
  z: number[][];
  cosine: number[][];
  terms: string[][][];
  /**
   * Each measure's vector, and the mean and standard deviation its z-scores use: the calibration's (the seed corpus's,
   * src/analysis/calibration.ts) when it fits the measure and model, else its cosines' over the eligible clauses.
   */
  measureVectors: Float32Array[];
  stats: MeasureStats[];
  /** Whether each measure's statistics are the calibration's (false: the corpus's own). */
  calibrated: boolean[];
}

/** Clauses with too few Han characters (notes, stray headings) and duplicates get no measure. */
export function isEligible(text: string, kind: 'text' | 'table-row', tuning: Pick<AnalysisTuning, 'minClauseChars'>): boolean {
  return hanCount(kind === 'table-row' ? tableRowText(text) : text) >= tuning.minClauseChars;
}

/** Han characters a clause needs for a matrix cell to show it before a shorter one (a lead-in, a fragment). */
const WHOLE_CLAUSE_HAN = 30;

/** Similarities and seed terms of every eligible clause of the corpus for every measure. */
/** Clauses scored between two turns of the event loop while the measure evidence is made. */
const EVIDENCE_SLICE = 2_000;

export async function computeMeasureEvidence(
  corpus: AnalysisCorpus,
  embedder: Embedder,
  measures: Measure[],
  tuning: Pick<AnalysisTuning, 'minClauseChars'>,
  /** Fixed statistics per measure (src/analysis/calibration.ts); a null one is measured over the corpus. */
  reference: readonly (MeasureStats | null)[] = [],
): Promise<MeasureEvidence> {
  const source = corpus.source;
  const eligible: AnalysisParagraph[] = [];
  for (let i = 0; i < source.paragraphs.length; i++) {
    if (i > 0 && i % (EVIDENCE_SLICE * 5) === 0) await nextTurn();
    const p = source.paragraphs[i]!;
    if (p.duplicateOf === null && isEligible(p.text, p.kind, tuning)) eligible.push(p);
  }
  const measureVectors = await embedder.embed(measures.map(measureText));
  const rows = eligible.filter((p) => p.kind === 'table-row');
  const rowVectors = rows.length ? await embedder.embed(rows.map((p) => tableRowText(p.text))) : [];
  const rowVector = new Map(rows.map((p, i) => [p.id, rowVectors[i]!]));
  // Every clause against every measure, and the measures' seed terms in it, in slices between which the event loop
  // runs: at 100k clauses this was one 15 s block (each clause folded once per measure; now once), which froze a
  // server that makes the matrix in the background (`npm start`).
  const foldedTerms = measures.map((m) => m.terms.map(foldTerm));
  const cosine: number[][] = [];
  const terms: string[][][] = [];
  for (let i = 0; i < eligible.length; i++) {
    if (i > 0 && i % EVIDENCE_SLICE === 0) await nextTurn();
    const p = eligible[i]!;
    const v = rowVector.get(p.id) ?? source.vectorOf(p.rowid);
    cosine.push(measureVectors.map((m) => (v ? dot(v, m) : 0)));
    const folded = foldTerm(p.text);
    terms.push(measures.map((m, k) => termsInFolded(folded, m.terms, foldedTerms[k]!)));
  }
  // Each measure's mean and spread over the clauses: the same sums in the same order as a reduce per measure, in two
  // passes over the rows that yield like the others (19 copies of a million cosines were a block at 1M paragraphs).
  const n = Math.max(1, cosine.length);
  const sums = measures.map(() => 0);
  for (let i = 0; i < cosine.length; i++) {
    if (i > 0 && i % (EVIDENCE_SLICE * 5) === 0) await nextTurn();
    const row = cosine[i]!;
    for (let m = 0; m < sums.length; m++) sums[m]! += row[m]!;
  }
  const means = sums.map((sum) => sum / n);
  const squares = measures.map(() => 0);
  for (let i = 0; i < cosine.length; i++) {
    if (i > 0 && i % (EVIDENCE_SLICE * 5) === 0) await nextTurn();
    const row = cosine[i]!;
    for (let m = 0; m < squares.length; m++) squares[m]! += (row[m]! - means[m]!) ** 2;
  }
  const stats = means.map((mean, m) => reference[m] ?? { mean, sd: Math.max(Math.sqrt(squares[m]! / n), 1e-3) });
  const z: number[][] = [];
  for (let i = 0; i < cosine.length; i++) {
    if (i > 0 && i % (EVIDENCE_SLICE * 5) === 0) await nextTurn();
    z.push(cosine[i]!.map((c, m) => (c - stats[m]!.mean) / stats[m]!.sd));
  }
  return {
    measures,
    paragraphIds: eligible.map((p) => p.id),
    cosine,
    z,
    terms,
    measureVectors,
    stats,
    calibrated: measures.map((_, m) => reference[m] != null),
  };
}

/** The measures of every clause that has any, by paragraph id, best first. */
export async function assignMeasures(ev: MeasureEvidence, tuning: AnalysisTuning): Promise<Map<string, MeasureAssignment[]>> {
  const out = new Map<string, MeasureAssignment[]>();
  for (const [p, id] of ev.paragraphIds.entries()) {
    // Slices as the evidence is made in: every clause × measure at 1M synthetic paragraphs is a block of seconds.
    if (p > 0 && p % (EVIDENCE_SLICE * 5) === 0) await nextTurn();
    const list: MeasureAssignment[] = [];
    ev.measures.forEach((m, k) => {
      const terms = ev.terms[p]![k]!;
      const score = measureScore(ev.z[p]![k]!, terms.length, tuning);
      if (holdsMeasure(ev.z[p]![k]!, terms.length, tuning)) list.push({ measureId: m.id, score, z: ev.z[p]![k]!, cosine: ev.cosine[p]![k]!, terms });
    });
    if (list.length) out.set(id, list.sort((a, b) => b.score - a.score));
  }
  return out;
}

/**
 * The measures of a text that is not in the corpus (a draft clause), by the same rule and the corpus's statistics:
 * `vector` is the text's embedding (for a table row, of its text cells). Best first; empty when none reaches the
 * threshold.
 */
export function assignText(text: string, vector: Float32Array, ev: MeasureEvidence, tuning: AnalysisTuning): MeasureAssignment[] {
  return textEvidence(text, vector, ev, tuning).filter((e) => e.holds).map((e) => e.assignment).sort((a, b) => b.score - a.score);
}

/**
 * The near misses of a text that is not in the corpus (a draft clause), as a matrix cell lists its place's
 * (`cellNearMisses`): the measures it holds a seed term of and does not get, its score under the bar. Best first.
 */
export function textNearMisses(text: string, vector: Float32Array, ev: MeasureEvidence, tuning: AnalysisTuning): MeasureAssignment[] {
  return textEvidence(text, vector, ev, tuning).filter((e) => !e.holds && e.assignment.terms.length > 0).map((e) => e.assignment).sort((a, b) => b.score - a.score);
}

/** Every measure's evidence for a text, by the matrix's rule and the corpus's statistics, and whether it gets the measure. */
function textEvidence(text: string, vector: Float32Array, ev: MeasureEvidence, tuning: AnalysisTuning): { assignment: MeasureAssignment; holds: boolean }[] {
  return ev.measures.map((m, k) => {
    const cosine = dot(vector, ev.measureVectors[k]!);
    const z = (cosine - ev.stats[k]!.mean) / ev.stats[k]!.sd;
    const terms = termsIn(text, m.terms);
    return { assignment: { measureId: m.id, score: measureScore(z, terms.length, tuning), z, cosine, terms }, holds: holdsMeasure(z, terms.length, tuning) };
  });
}

const SNIPPET_LENGTH = 90;

/**
 * The matrix: per measure and city, how many clauses, coverage, shading level and the best clause. `keep` limits it to
 * some clauses (a date filter); a place none of whose clauses is kept then has no column, rather than a row of gaps.
 */
export function buildMatrix(
  corpus: AnalysisCorpus,
  ev: MeasureEvidence,
  assigned: Map<string, MeasureAssignment[]>,
  tuning: AnalysisTuning,
  keep?: (paragraphId: string) => boolean,
): MatrixResult {
  const all: Record<string, number> = Object.fromEntries(corpus.cities.map((c) => [c, 0]));
  for (const id of ev.paragraphIds) {
    const city = corpus.cityOf(id);
    if (city && (!keep || keep(id))) all[city] = (all[city] ?? 0) + 1;
  }
  const cities = keep ? corpus.cities.filter((c) => (all[c] ?? 0) > 0) : corpus.cities;
  const clauses: Record<string, number> = Object.fromEntries(cities.map((c) => [c, all[c] ?? 0]));
  // One pass over the assignments for every measure at once (each clause's place and date read once): one pass per
  // measure read them 19 times, which at 1M synthetic paragraphs held the server 15.5 s for a dated matrix.
  type Cell = { count: number; best: { id: string; score: number; terms: string[]; whole: boolean } | null };
  // The clause a cell shows is one that states a measure on its own when the cell has one: a lead-in (专项资金对下列事项予
  // 以扶持：) or a fragment had been shown over the operative clause it introduces (seventeenth session's matrix audit).
  const whole = (id: string) => {
    const text = corpus.paragraphById.get(id)?.text ?? '';
    return hanCount(text) >= WHOLE_CLAUSE_HAN && !/[：:]\s*$/u.test(text);
  };
  const cellsByMeasure = new Map<string, Map<string, Cell>>(ev.measures.map((m) => [m.id, new Map()]));
  forEachCounted(corpus, assigned, keep, (id, city, a) => {
    const perCity = cellsByMeasure.get(a.measureId);
    if (!perCity) return;
    let cell = perCity.get(city);
    if (!cell) perCity.set(city, (cell = { count: 0, best: null }));
    cell.count++;
    if (!cell.best || (cell.best.whole ? a.score > cell.best.score : true)) {
      const w = whole(id);
      if (!cell.best || (w && !cell.best.whole) || (w === cell.best.whole && a.score > cell.best.score)) cell.best = { id, score: a.score, terms: a.terms, whole: w };
    }
  });
  const rows = ev.measures.map((measure) => {
    const perCity = cellsByMeasure.get(measure.id)!;
    const coverage = (city: string) => (perCity.get(city)?.count ?? 0) / Math.max(1, clauses[city] ?? 0);
    const maxCoverage = Math.max(0, ...cities.map(coverage));
    const cells: MatrixCell[] = cities.map((city) => {
      const c = perCity.get(city);
      const cov = coverage(city);
      const level = (!c || c.count === 0 ? 0 : Math.max(1, Math.min(4, Math.ceil((4 * cov) / maxCoverage)))) as MatrixCell['level'];
      return {
        city,
        count: c?.count ?? 0,
        coverage: Math.round(cov * 1e4) / 1e4,
        level,
        best: c?.best ? matrixClause(corpus, c.best.id, c.best.score, measure.terms) : null,
      };
    });
    return { measure, cells };
  });
  return {
    cities: [...cities],
    rows,
    clauses,
    method: { zThreshold: tuning.zThreshold, termBoost: tuning.termBoost, maxTermHits: tuning.maxTermHits, termlessZ: tuning.termlessZ },
  };
}

/**
 * What the matrix counts: `visit(id, city, assignment)` once for every clause `keep` keeps (all without it) that has a
 * place, and each measure of it once (a measure listed twice for a clause counts by its first entry, as a find per
 * measure took it). A cell's count is the visits of its measure and place, and a cell's list (`cellClauses`) is those
 * visits: one rule, so that the list a count opens has exactly that many clauses.
 */
export function forEachCounted(
  corpus: Pick<AnalysisCorpus, 'cityOf'>,
  assigned: ReadonlyMap<string, readonly MeasureAssignment[]>,
  keep: ((paragraphId: string) => boolean) | undefined,
  visit: (paragraphId: string, city: string, assignment: MeasureAssignment) => void,
): void {
  for (const [id, list] of assigned) {
    if (keep && !keep(id)) continue;
    const city = corpus.cityOf(id);
    if (!city) continue;
    const seen = list.length > 1 ? new Set<string>() : null;
    for (const a of list) {
      if (seen) {
        if (seen.has(a.measureId)) continue;
        seen.add(a.measureId);
      }
      visit(id, city, a);
    }
  }
}

/** A clause a matrix cell counts, with its score for the cell's measure. */
export interface CellMember {
  id: string;
  score: number;
}

/**
 * Every cell's clauses with no date bound (`forEachCounted` without `keep`), by measure and place, best score first (ties
 * in corpus order): made once per index, so that opening a cell costs its own clauses, not a pass over every
 * assignment. A date range's cell is these filtered by its keep-rule: which clauses a range keeps does not change which
 * measures a clause holds, so the two are the same clauses.
 */
export function cellMembers(corpus: Pick<AnalysisCorpus, 'cityOf'>, assigned: ReadonlyMap<string, readonly MeasureAssignment[]>): Map<string, Map<string, CellMember[]>> {
  const out = new Map<string, Map<string, CellMember[]>>();
  forEachCounted(corpus, assigned, undefined, (id, city, a) => addToCell(out, a.measureId, city, { id, score: a.score }));
  return sortCells(out);
}

/** Appends `item` to the list of the cell `measureId` × `city`. */
function addToCell<T>(out: Map<string, Map<string, T[]>>, measureId: string, city: string, item: T): void {
  let perCity = out.get(measureId);
  if (!perCity) out.set(measureId, (perCity = new Map()));
  const list = perCity.get(city);
  if (list) list.push(item);
  else perCity.set(city, [item]);
}

/** Every cell's list best score first (a stable sort: ties stay in corpus order). */
function sortCells<T extends { score: number }>(out: Map<string, Map<string, T[]>>): Map<string, Map<string, T[]>> {
  for (const perCity of out.values()) for (const list of perCity.values()) list.sort((x, y) => y.score - x.score);
  return out;
}

/**
 * The clauses one matrix cell counts, as the cell shows its best clause: `members` (the cell's, from `cellMembers`) that
 * `keep` keeps, the cell's own best clause (`best`, the one the matrix shows) first, then by score.
 */
export function cellClauses(
  corpus: AnalysisCorpus,
  members: readonly CellMember[],
  measure: Pick<Measure, 'terms'>,
  keep?: (paragraphId: string) => boolean,
  best?: string | null,
): MatrixClause[] {
  const kept = keep ? members.filter((m) => keep(m.id)) : [...members];
  const at = best ? kept.findIndex((m) => m.id === best) : -1;
  if (at > 0) kept.unshift(...kept.splice(at, 1));
  return kept.map((m) => matrixClause(corpus, m.id, m.score, measure.terms));
}

/** A clause of a cell's place that holds a seed term of the cell's measure and is not counted: its score is under the bar. */
export interface NearMember {
  id: string;
  score: number;
  z: number;
  terms: string[];
}

/**
 * Every cell's near misses with no date bound, by measure and place, best score first (ties in corpus order): the
 * eligible clauses of a place that hold at least one of a measure's seed terms and that the assignments do not give the
 * measure (with a seed term the rule asks only score ≥ zThreshold, so each scores under it). Read from the evidence the
 * matrix was assigned from, no model run; made once per index, as `cellMembers` is, so that a cell opened costs its own
 * clauses. Twentieth session's analyst audit: "why is 巴中 p0020 (力争培育1家省级“专精特新”企业) not counted?" had no
 * answer on the cell's page (its score 0.82 = z −0.18 + 1 seed term, under 2.25).
 */
export async function cellNearMisses(
  corpus: Pick<AnalysisCorpus, 'cityOf'>,
  ev: Pick<MeasureEvidence, 'measures' | 'paragraphIds' | 'z' | 'terms'>,
  assigned: ReadonlyMap<string, readonly MeasureAssignment[]>,
  tuning: Pick<AnalysisTuning, 'termBoost' | 'maxTermHits'>,
): Promise<Map<string, Map<string, NearMember[]>>> {
  const out = new Map<string, Map<string, NearMember[]>>();
  for (const [p, id] of ev.paragraphIds.entries()) {
    if (p > 0 && p % (EVIDENCE_SLICE * 5) === 0) await nextTurn();
    const city = corpus.cityOf(id);
    if (!city) continue;
    const held = assigned.get(id);
    ev.measures.forEach((m, k) => {
      const terms = ev.terms[p]![k]!;
      if (!terms.length || held?.some((a) => a.measureId === m.id)) return;
      const z = ev.z[p]![k]!;
      addToCell(out, m.id, city, { id, score: measureScore(z, terms.length, tuning), z, terms });
    });
  }
  return sortCells(out);
}

/**
 * A cell's near misses (`members`, the cell's from `cellNearMisses`) that `keep` keeps, best first, each as the cell shows
 * a clause with its z, its seed terms found and the score it needed (`threshold`).
 */
export function cellNearMissClauses(
  corpus: AnalysisCorpus,
  members: readonly NearMember[],
  measure: Pick<Measure, 'terms'>,
  threshold: number,
  keep?: (paragraphId: string) => boolean,
): MatrixNearMiss[] {
  const kept = keep ? members.filter((m) => keep(m.id)) : members;
  return kept.map((m) => ({ ...matrixClause(corpus, m.id, m.score, measure.terms), z: Math.round(m.z * 1000) / 1000, terms: [...m.terms], threshold }));
}

/** A clause as a matrix cell shows it: a snippet around its first seed term, the terms highlighted. */
export function matrixClause(corpus: AnalysisCorpus, id: string, score: number, terms: string[]): MatrixClause {
  const p = corpus.paragraphById.get(id)!;
  const text = p.text;
  const hits = highlightRanges(text, terms);
  let start = 0;
  const first = hits[0];
  if (first && first[1] > SNIPPET_LENGTH - 10) {
    // Start at the sentence holding the first seed term, so the snippet shows why the clause is here.
    const before = text.slice(0, first[0]);
    const boundary = Math.max(before.lastIndexOf('。'), before.lastIndexOf('；'), before.lastIndexOf(';'), before.lastIndexOf('，'));
    start = boundary >= 0 && first[0] - boundary < 40 ? boundary + 1 : Math.max(0, first[0] - 20);
  }
  const end = Math.min(text.length, start + SNIPPET_LENGTH);
  const body = text.slice(start, end);
  const prefix = start > 0 ? '…' : '';
  const snippet = `${prefix}${body}${end < text.length ? '…' : ''}`;
  const highlights = hits
    .filter(([s, e]) => s >= start && e <= end)
    .map(([s, e]) => [s - start + prefix.length, e - start + prefix.length] as [number, number]);
  return { paragraphId: id, fingerprint: clauseFingerprint(text), doc: corpus.docRef(p.docId), section: p.sectionPath, snippet, highlights, score: Math.round(score * 1000) / 1000 };
}
