/**
 * The drafting desk (起草对照): the table every 起草说明 carries, "与周边地区政策对比", for a whole draft at once.
 *
 * A draft goes through the indexer's own text stage (src/text/parse-document.ts: cleaning, structure, clauses), and
 * each clause long enough to be one (the matrix's rule: ≥ 8 Han characters; repeats of an earlier clause of the draft
 * are left out) gets:
 * - precedents: each city's closest clauses (`SearchEngine.similarText`: pasted text ranked as a comparison ranks a
 *   query), with its weak flag where nothing truly matches;
 * - shared wording: the phrases it shares with each precedent, found as /diff finds them (src/text/diff.ts);
 * - parameters: its targets, amounts, years, departments and instruments against each city's best precedent's
 *   (the /diff parameter table), and each of its targets beside the other places' targets on the same indicator,
 *   grouped as /targets groups them (core of the indicator, unit kind, embedding cosine ≥ the grouping threshold),
 *   bases shown: draft 研发投入 3% against 昆山 4% of GDP and 平湖 2.2% of revenue;
 * - reuse: earlier clauses it largely repeats, by the share of it in wording it shares with each precedent (the share
 *   its precedent line shows; {@link REUSE_THRESHOLD}), with each one's document, section and date, the earliest
 *   marked: who wrote it first;
 * - measures: the measures of measures.json it is about, by the matrix's assignment rule and the corpus's own
 *   per-measure statistics (src/analysis/matrix.ts `assignText`).
 * Then coverage (the measures the draft has) and gaps (measures at least two cities have and the draft lacks, with
 * those cities' best clauses from the matrix, and the draft clauses that use the measure's instruments in passing or
 * hold its seed terms under the bar).
 *
 * A date range (`since` / `until`, as every view reads it) compares the draft with the documents dated within it only:
 * precedents, the targets beside the draft's, and the gaps (from the matrix of that range). A place with no document
 * in the range has no column, and a range no document falls in is refused before any embedding. `in_force` (a day)
 * does the same with the documents in force on that day by their own 施行 / 有效期 clause; one that states neither stays from its 成文日期 on.
 *
 * Cost: one embedding per clause (shared by the precedent search and the measure assignment), one per table row's
 * text cells, one per distinct target indicator; the rest is in-memory arithmetic. Measured in README "Drafting desk".
 *
 * Confidential by design: the draft lives in this call's locals only. Nothing here writes, logs or caches; what the
 * Analyst keeps between calls (measure statistics, targets) is computed from the corpus alone.
 */
import { LRUCache } from 'lru-cache';
import { createError } from '../errors.js';
import type { Embedder } from '../embed/embedder.js';
import { dot } from '../index/vectors.js';
import { columnOf } from '../search/places.js';
import type { SearchEngine } from '../search/types.js';
import { clauseParameters, coveredShare, formatQuantity, mergeRanges, parameterTable, prepareClause, sharedWording, type ClauseDiff, type ClauseInput, type ClauseParameters, type Instrument, type InstrumentMention, type PreparedClause } from '../text/diff.js';
import { canonical } from '../text/normalize.js';
import { parseDocument } from '../text/parse-document.js';
import { MAX_PARAGRAPH_LENGTH } from '../text/paragraphs.js';
import type { ParsedParagraph } from '../types.js';
import { AMOUNT_UNITS } from '../text/highlight.js';
import { contentGrams } from '../text/reuse.js';
import { toSimplified } from '../text/script.js';
import { sentenceTexts, splitSentences } from '../text/sentences.js';
import { articleOf, chineseNumeral, parseHeading } from '../text/structure.js';
import type { Target } from '../text/targets.js';
import type { AnalysisCorpus } from './corpus.js';
import { loadKeyTerms } from './data.js';
import { DRAFT_LIMITS, readDraft } from './draft-input.js';
import { joinClauseNames, numberClauses, writtenName } from './draft-numbering.js';
import { assignText, isEligible, tableRowText, textNearMisses, type MeasureAssignment, type MeasureEvidence } from './matrix.js';
import { indicatorKey, quantityKind, targetContextOf, type TargetData } from './targets.js';
import { DEFAULT_ANALYSIS_TUNING, type AnalysisTuning } from './tuning.js';
import type {
  AnalysisParagraph,
  DraftClause, DraftClauseParameters, DraftCoverage, DraftGap, DraftInput, DraftOptions, DraftReport, DraftTarget, MatrixDates, MatrixResult,
  Measure, Precedent, PrecedentColumn, ReuseMatch, TargetComparison, TargetRow,
} from './types.js';
import { nextTurn } from '../turn.js';

/**
 * A clause counts as reusing an earlier one when at least this share of it is wording the two share (the phrases /diff
 * and the precedent line highlight: four characters or more at word edges, or a three-character policy term, each
 * used once): most of the clause is word for word another's. The share is the one each precedent line shows
 * (相同文字占草案条款), read as shown, in whole percent, so a line at or over the bar is flagged and one under it is not.
 * Until the twenty-first session reuse was read as character 4-gram containment, another figure, at 0.5: a precedent
 * line showed 79% (北京 p0345, a clause that follows it in short phrases, both rates' wording and two of its figures)
 * with no flag, and flagged lines read 58% against 74% and 78% against 82% (drafter audit, finding 4); 4-grams miss
 * wording stitched from short phrases, since a phrase of four characters is one gram.
 *
 * The shared-wording share runs higher (it counts policy terms a topic brings), so its bar is higher. Each clause's
 * best match in another document (among its 40 best by containment): on the seeds (205 clauses) median 0.13, 95th
 * percentile 0.38, 99th 0.53 (containment 0.05, 0.27, 0.38); at ≥ 0.5 three clauses (two addressee lines, no hits
 * since the twentieth session and so never a precedent, and a 印发 line), at ≥ 0.6 one, the addressee line
 * containment flagged too. On the 18 documents (2,249 clauses) ≥ 0.6 holds 27, every one of the 18 containment ≥ 0.5
 * held and 9 more: two addressee lines, the regulations' 第一条 / 第二条 / 职责 formulas 烟台, 山东 and 浙江 share, and
 * four short items a long clause holds (（四）其他玩忽职守、滥用职权、徇私舞弊的行为。); ≥ 0.5 would hold 43. At 0.5 our own
 * test draft's 专精特新 clause, written for the tests, was flagged against 青岛's at 0.51 (policy terms: 专精特新“小巨人”
 * 企业, 梯度培育, 优质企业), and the drafter audit's 附则 against 四川's 施行 clause at 0.52; at 0.6 neither is, while
 * the audit's 第二条, 第三条 and 第七条 (0.82, 0.79, 0.74) and the tests' lifted sentence (0.62) are. A flag means the
 * wording is another's, not a shared topic.
 */
export const REUSE_THRESHOLD = 0.6;
/** Clauses shorter than this many 4-grams (about 15 characters) are not checked for reuse: a short clause is the same everywhere. */
export const REUSE_MIN_GRAMS = 12;
export const REUSE_METHOD = 'shared wording (share of the draft clause’s letters, digits and Han characters in phrases it shares with the earlier clause, as each precedent line shows it)';

/** What the desk needs of the layers below and of the Analyst. */
export interface DraftDeskDeps {
  search: Pick<SearchEngine, 'similarText' | 'corpus'>;
  embedder: Embedder;
  corpus: AnalysisCorpus;
  tuning: AnalysisTuning;
  measures: Measure[];
  instruments: readonly Instrument[];
  measureEvidence: () => Promise<MeasureEvidence>;
  /** The measure × city matrix, of the documents dated within `dates` when given. */
  matrix: (dates?: MatrixDates) => Promise<MatrixResult>;
  targets: () => Promise<TargetData>;
  /** The documents not in force on a day by their own validity (as search and the analyst views read it). */
  notInForce: (day: string) => ReadonlySet<string>;
}

interface ParsedClause {
  n: number;
  /** The draft's own number of the clause (src/analysis/draft-numbering.ts), null for one outside every numbered unit. */
  number: number | null;
  /** Its name on the page and in the exports: 第二条, （三）, 序言, or 第 3 条 (a position) in a draft that numbers nothing. */
  label: string;
  part: DraftClause['part'];
  text: string;
  section: string[];
  kind: 'text' | 'table-row';
  columns: string[] | undefined;
  responsible: string[];
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw createError('BAD_REQUEST', 'The request was cancelled before the draft was analysed.');
}

/** Why a paragraph of a draft is not compared: see {@link DraftReport}'s `skippedParagraphs`. */
type SkippedParagraph = DraftReport['summary']['skippedParagraphs'][number];

/**
 * A heading with its number and nothing else (三、, （二）, 第三章): a drafter's placeholder. The text stage reads no
 * heading without a title, so it had been a paragraph, skipped as 太短, and the clauses after it kept the previous
 * heading: 第四条 read 二、培育措施 below an empty 三、 (twenty-third session's drafter audit, finding 8).
 */
const EMPTY_HEADING = /^\s*(?:[一二三四五六七八九十百]+\s*[、.．]|[（(][一二三四五六七八九十百]+[)）]|第[一二三四五六七八九十百零〇0-9]+[章节编部分]+)\s*$/u;

/** The label style of a heading (一、 / （一） / 第一章), so that an empty heading takes the place of its own level's. */
function headingStyle(heading: string): string | null {
  const t = heading.trim();
  if (/^[一二三四五六七八九十百]+\s*[、.．]/u.test(t)) return 'numeral';
  if (/^[（(][一二三四五六七八九十百]+[)）]/u.test(t)) return 'bracketed';
  const m = /^第[一二三四五六七八九十百零〇0-9]+([章节编]|部分)/u.exec(t);
  return m ? `part-${m[1]}` : null;
}

/**
 * A draft's clauses as the indexer would cut them, each with the draft's own number (src/analysis/draft-numbering.ts);
 * the rest counted as skipped. A copy of the title line (a draft pasted twice) is a repeat, not a clause: it had been
 * compared as one (twenty-first session's drafter audit, finding 1). A repeat names the clause it repeats (`of`), and
 * an empty heading ({@link EMPTY_HEADING}) is said to be one and heads the clauses after it, in place of the heading
 * of its level they would otherwise keep, until the next heading of that level.
 */
export function draftClauses(
  text: string,
  tuning: Pick<AnalysisTuning, 'minClauseChars'>,
  lineBreaks: 'may-wrap' | 'paragraphs' = 'paragraphs',
): { title: string | null; headings: number; clauses: ParsedClause[]; skipped: number; skippedParagraphs: SkippedParagraph[] } {
  const parsed = parseDocument(text, { file: 'draft', lineBreaks });
  const squeeze = (s: string) => s.replace(/\s+/gu, '');
  const title = parsed.meta.title === null ? null : squeeze(parsed.meta.title);
  const skippedParagraphs: SkippedParagraph[] = [];
  const kept: ParsedParagraph[] = [];
  const why = (p: ParsedParagraph): SkippedParagraph['reason'] | null =>
    p.duplicateOf !== null || (title !== null && squeeze(p.text) === title)
      ? 'repeat'
      : EMPTY_HEADING.test(p.text)
        ? 'empty-heading'
        : !isEligible(p.text, p.kind, tuning)
          ? 'short'
          : null;
  // An empty heading in force: the heading it stands in for (the one of its style in the paths), and itself.
  let standIn: { stale: string; heading: string } | null = null;
  // Each repeat and the ordinal of the paragraph it repeats, named once the clauses are numbered.
  const repeats = new Map<SkippedParagraph, number>();
  for (const p of parsed.paragraphs) {
    const reason = why(p);
    if (reason === 'empty-heading') {
      const style = headingStyle(p.text);
      const stale = p.sectionPath.find((h) => headingStyle(h) === style);
      standIn = stale ? { stale, heading: p.text.trim() } : null;
    } else if (standIn) {
      const at = p.sectionPath.indexOf(standIn.stale);
      if (at < 0) standIn = null;
      else p.sectionPath = [...p.sectionPath.slice(0, at), standIn.heading, ...p.sectionPath.slice(at + 1)];
    }
    if (reason) {
      const entry: SkippedParagraph = { text: p.text, reason };
      if (reason === 'repeat' && p.duplicateOf !== null) repeats.set(entry, p.duplicateOf);
      skippedParagraphs.push(entry);
    } else kept.push(p);
  }
  const numbers = numberClauses(parsed.paragraphs, parsed.sections, (p) => why(p) === null);
  const clauses: ParsedClause[] = [];
  // Positions, where the draft numbers nothing: the parts of one long clause share its number (the 二、 after a
  // 745-character 一、 had become 第 3 条).
  let position = 0;
  let previous: ParsedParagraph | null = null;
  for (const [i, p] of kept.entries()) {
    const continued = p.split && p.split.part > 1 && previous?.split && previous.ordinal === p.ordinal - 1;
    if (!continued) position++;
    const own = numbers?.[i] ?? { number: position, label: `第 ${position} 条` };
    const part = p.split ? { index: p.split.part, of: p.split.of, characters: 0 } : null;
    clauses.push({ n: clauses.length + 1, ...own, part, text: p.text, section: p.sectionPath, kind: p.kind, columns: p.columns, responsible: p.responsible });
    previous = p;
  }
  // The whole clause's length, for the page to say why it was cut: the parts next to each other under one name.
  for (const [i, c] of clauses.entries()) {
    if (!c.part) continue;
    const first = i - (c.part.index - 1);
    const parts = clauses.slice(Math.max(0, first), first + c.part.of).filter((x) => x.part && x.label === c.label);
    c.part.characters = parts.reduce((sum, x) => sum + [...x.text].length, 0);
  }
  const labelOf = new Map(kept.map((p, i) => [p.ordinal, clauses[i]!.label]));
  for (const [entry, ordinal] of repeats) {
    const label = labelOf.get(ordinal);
    if (label) entry.of = label;
  }
  return { title: parsed.meta.title, headings: parsed.sections.length, clauses, skipped: skippedParagraphs.length, skippedParagraphs };
}

/** A draft's target as the desk shows it: its base the one the text names apart (…用地中，工业用地比例), else the indicator's. */
export function draftTarget(t: Target): DraftTarget {
  const base = t.base ?? indicatorKey(t.indicator).base;
  return { indicator: t.indicator, value: t.value, range: t.range, unit: t.unit, base: base ? base : null, qualifier: t.qualifier, year: t.year, text: t.text };
}

function parameterSummary(p: ClauseParameters): DraftClauseParameters {
  return {
    targets: p.targets.map(draftTarget),
    amounts: p.amounts,
    years: p.years,
    departments: p.departments,
    instruments: p.instruments.map((i) => i.name),
  };
}

/**
 * A shared phrase that is a figure alone (100万元, 1000家, 30%, 2027年): two clauses name the same number, which says
 * nothing of their wording. Whether it is the same amount is the 要素对照's question, under its own rule (each amount
 * with what it is for: src/text/diff.ts `compareAmounts`).
 */
const BARE_FIGURE = new RegExp(`^[\\d.,，%％\\s]*\\d[\\d.,，%％\\s]*(?:(?:万|亿)?(?:${AMOUNT_UNITS})|年)?$`, 'u');

/**
 * The wording a draft clause shares with a precedent, as the desk shows and counts it: /diff's shared phrases
 * (src/text/diff.ts `sharedWording`) less those that are a figure alone ({@link BARE_FIGURE}), unless the 要素对照's
 * amount rule pairs that figure with the precedent's (`pairedAmounts`, the draft's amounts it marks 同草案: each amount
 * with what it is for, src/text/diff.ts `compareAmounts`). Until the twenty-third session any coincident figure counted:
 * a one-line 小巨人 award of 100万元 read 62% (over the reuse bar) against 北京 p0100, whose 100万元 rewards service
 * platforms, and 49% without it; 第一条's 1000家 and 100家 were marked as shared with 江苏 p0018's different indicators
 * (drafter audit, finding 3). 杭州 p0037's 100万元 for the same 小巨人 award still counts (72%). Pure.
 */
export function deskWording(draft: string | PreparedClause, precedent: string | PreparedClause, pairedAmounts: ReadonlySet<string> = new Set()): Omit<ClauseDiff, 'parameters'> {
  const d = sharedWording(draft, precedent, loadKeyTerms());
  const shared = d.shared.filter((s) => !BARE_FIGURE.test(s.text) || pairedAmounts.has(canonical(s.text.replace(/\s+/gu, ''))));
  if (shared.length === d.shared.length) return d;
  const rangesA = mergeRanges(shared.map((s) => s.a));
  const rangesB = mergeRanges(shared.map((s) => s.b));
  const a = typeof draft === 'string' ? draft : draft.source;
  const b = typeof precedent === 'string' ? precedent : precedent.source;
  return { shared, rangesA, rangesB, overlap: { a: coveredShare(a, rangesA), b: coveredShare(b, rangesB) } };
}

/** The draft's amounts that the 要素对照's amount rule pairs with the same figure in the other clause, canonical. */
export function pairedAmounts(own: ClauseParameters, other: ClauseParameters): Set<string> {
  const row = parameterTable(own, other).find((r) => r.key === 'amounts');
  return new Set((row?.a ?? []).filter((v) => v.shared).map((v) => canonical(v.text)));
}

/**
 * The share of a draft clause that is wording it shares with an earlier one ({@link REUSE_THRESHOLD}; {@link
 * deskWording}), rounded as the desk reports it (3 decimals). Pure.
 */
export function reuseShareOf(draft: string | PreparedClause, earlier: string | PreparedClause, paired?: ReadonlySet<string>): number {
  return Math.round(deskWording(draft, earlier, paired).overlap.a * 1000) / 1000;
}

/**
 * Reuse among candidate clauses: those of which the clause shares at least `threshold` of its text ({@link
 * reuseShareOf}; a candidate's `share` when the caller has it, as the desk has each precedent's), compared in whole
 * percent as the page shows it; the earliest dated first (undated last), `first` on the earliest. Pure.
 */
export function findReuse(
  text: string,
  candidates: { paragraphId: string; text: string; doc: ReuseMatch['doc']; section: string[]; provision?: ReuseMatch['provision']; source?: { date: string | null }; share?: number }[],
  threshold = REUSE_THRESHOLD,
): ReuseMatch[] {
  if (contentGrams(text).size < REUSE_MIN_GRAMS) return [];
  const draft = prepareClause(text);
  const seen = new Set<string>();
  const found: ReuseMatch[] = [];
  for (const c of candidates) {
    if (seen.has(c.paragraphId)) continue;
    seen.add(c.paragraphId);
    const share = c.share ?? reuseShareOf(draft, c.text);
    // A compendium's card dates from its own 发布日期, not the book's year: 北京's 2021-12-23 card had read 2024.
    const date = c.source?.date ?? c.doc.date;
    if (Math.round(share * 100) >= Math.round(threshold * 100)) found.push({ paragraphId: c.paragraphId, doc: c.doc, section: c.section, ...(c.provision ? { provision: c.provision } : {}), date, share, first: false });
  }
  found.sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || b.share - a.share);
  if (found[0]) found[0].first = true;
  return found;
}

/**
 * Coverage and gaps from the draft clauses' measures and the corpus matrix. Pure.
 * A gap is a measure the draft has no clause on while at least `minCities` cities have one. Beside it go the draft
 * clauses that use one of the measure's instruments in passing (`usedIn`): a drafter whose talent clause gives 奖励 is
 * told that no clause is about 财政奖补, not that the draft offers no money; and the draft clauses that hold one of the
 * measure's seed terms but score under the assignment bar `threshold` (`nearMisses`, as a matrix cell lists its
 * place's): 创新平台与研发 had been a gap with no word of the draft's 揭榜挂帅 and 研发投入 clauses, nor 工业互联网 of its
 * 上云 clause (twenty-first session's drafter audit, finding 6). The bar is not lowered: they are named, not counted.
 *
 * A clause that holds no seed term is not named, however close its z: no calibrated bar makes that hint worth
 * reading. The drafter audit's talent clause (引进的…顶尖人才团队, 博士研究生) scores z 2.198 for 人才, just under the
 * assignment bar 2.25 that a termless clause's score (its z) would have to reach, let alone termlessZ 3; a bar low
 * enough to name it is a new one. Measured in the twenty-second session, termless clauses whose z reaches a bar, named
 * beside the gaps the desk reports on the five seeds as drafts (leave-one-out, as scripts/draft-eval.ts; 14 gaps): at
 * 2.25 none; 2.0 two, 1.75 four, 1.5 eleven, 1.25 (the z a one-term clause needs, zThreshold − termBoost) eighteen,
 * none of them on a clause the hand labels (test/fixtures/measures-labeled.json) give the measure; the seed-term near
 * misses named there: 9, 1 right, 4 wrong, 4 on unlabelled clauses. Over the 193 labelled seed paragraphs, termless
 * pairs not assigned: at z ≥ 2.25, 12 with 2 labelled the measure; at 1.25, 151 with 12 (seed-term near misses: 121
 * with 25). On the audit's draft a bar at 2.19 would name 第八条 for 人才 and 第十一条 (申报条件) for 营商环境 (z 2.32).
 * What the talent clause lacks is vocabulary: 人才's seed terms (高层次人才, 人才引进, 引才…) hold neither 人才团队 nor 博士;
 * seed terms are chosen on the labels (src/analysis/tuning.ts), so adding some is a matrix change, not the desk's.
 */
export function coverageAndGaps(
  measuresByClause: { n: number; label?: string; measures: MeasureAssignment[]; instruments?: readonly InstrumentMention[]; nearMisses?: readonly MeasureAssignment[] }[],
  matrix: MatrixResult,
  minCities = 2,
  threshold = DEFAULT_ANALYSIS_TUNING.zThreshold,
): { coverage: DraftCoverage[]; gaps: DraftGap[] } {
  const names = new Map(measuresByClause.map((c) => [c.n, c.label ?? `第 ${c.n} 条`]));
  const nameOf = (n: number) => names.get(n) ?? `第 ${n} 条`;
  const coverage: DraftCoverage[] = [];
  const gaps: DraftGap[] = [];
  for (const row of matrix.rows) {
    const draft = measuresByClause.filter((c) => c.measures.some((m) => m.measureId === row.measure.id)).map((c) => c.n);
    const having = row.cells.filter((c) => c.count > 0 && c.best);
    if (draft.length) coverage.push({ measure: { id: row.measure.id, name: row.measure.name }, draft, cities: having.map((c) => c.city) });
    else if (having.length >= minCities) {
      const ids = new Set(row.measure.instruments ?? []);
      const usedIn = measuresByClause.flatMap((c) =>
        (c.instruments ?? []).filter((i) => ids.has(i.id)).map((i) => ({ n: c.n, instrument: i.name, terms: i.terms })),
      );
      const nearMisses = measuresByClause
        .flatMap((c) =>
          (c.nearMisses ?? [])
            .filter((m) => m.measureId === row.measure.id)
            .map((m) => ({ n: c.n, score: Math.round(m.score * 1000) / 1000, z: Math.round(m.z * 1000) / 1000, terms: [...m.terms], threshold })),
        )
        .sort((a, b) => b.score - a.score || a.n - b.n);
      const gap = { usedIn, nearMisses };
      gaps.push({
        measure: { id: row.measure.id, name: row.measure.name, query: row.measure.query },
        cities: having.map((c) => ({ city: c.city, count: c.count, best: c.best! })),
        usedIn,
        nearMisses,
        note: [usedInNote(gap, nameOf), nearMissNote(gap, nameOf)].filter((x) => x !== null).join('') || null,
      });
    }
  }
  return { coverage, gaps };
}

/**
 * The line a gap shows when draft clauses use its measure's instruments in passing, or null. `nameOf` gives the
 * draft's name of a compared clause `n` (第三条, 序言; the parts of a long clause share one).
 * @example usedInNote({ usedIn: [{ n: 2, instrument: '资金奖补', terms: ['奖励'] }, { n: 4, instrument: '资金奖补', terms: ['补贴', '奖励'] }] })
 * // '草案第 2、4 条已用到资金奖补（奖励、补贴），但没有专讲这项措施的条款。'
 * @example usedInNote({ usedIn: [{ n: 4, instrument: '资金奖补', terms: ['补贴'] }] }, () => '第三条') // '草案第三条已用到资金奖补（补贴），…'
 */
export function usedInNote(gap: Pick<DraftGap, 'usedIn'>, nameOf: (n: number) => string = (n) => `第 ${n} 条`): string | null {
  if (!gap.usedIn.length) return null;
  const clauses = joinClauseNames(gap.usedIn.map((u) => nameOf(u.n)));
  const byInstrument = new Map<string, Set<string>>();
  for (const u of gap.usedIn) {
    const terms = byInstrument.get(u.instrument) ?? new Set<string>();
    u.terms.forEach((t) => terms.add(t));
    byInstrument.set(u.instrument, terms);
  }
  const used = [...byInstrument].map(([name, terms]) => `${name}（${[...terms].join('、')}）`).join('、');
  return `草案${clauses}已用到${used}，但没有专讲这项措施的条款。`;
}

/**
 * The line a gap shows when draft clauses hold its measure's seed terms but score under the bar, or null: each clause
 * once (a long clause's best part), best first, with its seed terms and score, as /matrix/cell's near misses give them.
 * @example nearMissNote({ nearMisses: [{ n: 5, score: 1.336, z: 0.336, terms: ['揭榜挂帅'], threshold: 2.25 }, { n: 6, score: 1.207, z: 0.207, terms: ['研发投入'], threshold: 2.25 }] })
 * // '草案第 5 条（揭榜挂帅，得分 1.34）、第 6 条（研发投入，得分 1.21）含这项措施的种子词，但得分低于归入线 2.25（得分 = 语义 z 分数 + 每个种子词加分），未计为这项措施。'
 */
export function nearMissNote(gap: Pick<DraftGap, 'nearMisses'>, nameOf: (n: number) => string = (n) => `第 ${n} 条`): string | null {
  if (!gap.nearMisses.length) return null;
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const m of gap.nearMisses) {
    const name = nameOf(m.n);
    if (seen.has(name)) continue;
    seen.add(name);
    parts.push(`${name}（${m.terms.join('、')}，得分 ${m.score.toFixed(2)}）`);
  }
  return `草案${parts.join('、')}含这项措施的种子词，但得分低于归入线 ${gap.nearMisses[0]!.threshold}（得分 = 语义 z 分数 + 每个种子词加分），未计为这项措施。`;
}

/**
 * A compared clause's name as the page, the CSV and the Word table give it: the draft's own (第二条, （三）, 「一、」, 序言;
 * src/analysis/draft-numbering.ts), or 第 3 条 where the draft numbers nothing, and 第二条（之二） for the second part of
 * a long clause (s20 drafter audit, finding 6: the parts had been numbered as clauses, and every later clause renumbered).
 * One name everywhere: the Word table had written 第3条 where the page and the CSV wrote 第 3 条 (export audit, s22 finding 9).
 * @example draftClauseName({ label: '第 1 条', part: { index: 2, of: 2, characters: 745 } }) // '第 1 条（之二）'
 */
export function draftClauseName(c: Pick<DraftClause, 'label' | 'part'>): string {
  return `${c.label}${partLabel(c)}`;
}

/** Brackets and spaces aside, as a numbering is compared: (一) is （一）. */
const sameNumbering = (s: string) => s.replace(/[（(]/gu, '(').replace(/[）)]/gu, ')').replace(/\s+/gu, '');

/** What is left at the start of a clause once its number is lifted out (第一条 支持…, (一)。…). */
const AFTER_NUMBER = /^[\s\u3000。．.，,、：:；;]+/u;

/**
 * What the page shows under a clause's name (and the Word table and the CSV beside it), so that its number reads once:
 * the page had headed 第一条 <span>第一条</span> over 第一条 支持…, and Word 第一条 over 第一条 支持… (export audit,
 * s22 finding 9). `section`: its section path without the heading of its own unit, which the name says (第一条, (一)鼓励…
 * under （一）) or its text holds, an article's caption kept (第二条 发放算力券 → 发放算力券). `start`: where its text
 * starts once the number it opens with is lifted out, when that number is the one its name says (第一条 支持… → 支持…,
 * (一)鼓励首台(套)装备。… under 二、（一） → 鼓励首台(套)装备。…); 0 when it opens with none (a preamble, a second
 * paragraph, a draft numbered by position). The Word table keeps the text whole and leaves the name out instead.
 * @example shownClause({ label: '第一条', section: ['第一条'], text: '第一条 支持企业上云。' }) // { section: [], start: 4 }
 */
export function shownClause(c: Pick<DraftClause, 'label' | 'section' | 'text'>): { section: string[]; start: number } {
  const name = sameNumbering(writtenName(c.label));
  const numbers = (label: string | null | undefined) => Boolean(label) && name.endsWith(sameNumbering(label!));
  const section = [...c.section];
  const last = section.at(-1);
  if (last !== undefined) {
    const heading = parseHeading(last);
    const label = heading?.label ?? articleOf(last);
    if (c.text.trimStart().startsWith(last.trim())) section.pop();
    else if (numbers(label)) {
      const caption = last.trim().slice(label!.length).trim();
      if (caption) section[section.length - 1] = caption;
      else section.pop();
    }
  }
  const own = parseHeading(c.text);
  if (!own || own.kind === 'attachment' || !numbers(own.label)) return { section, start: 0 };
  const at = c.text.indexOf(own.label) + own.label.length;
  const start = at + (AFTER_NUMBER.exec(c.text.slice(at))?.[0].length ?? 0);
  return { section, start: start < c.text.length ? start : 0 };
}

/** （之二） for the second part of a long clause; '' for a clause compared whole. */
export function partLabel(c: Pick<DraftClause, 'part'>): string {
  return c.part ? `（之${chineseNumeral(c.part.index)}）` : '';
}

/**
 * Why a clause was compared in parts, said on its first part; null for a clause compared whole or a later part.
 * @example splitNote({ label: '第 1 条', part: { index: 1, of: 2, characters: 745 } }) // '草案第 1 条有 745 字：超过 500 字的条款按句分成 2 段逐段对照（库中的长条款也这样切分），后面条款的编号不变。'
 */
export function splitNote(c: Pick<DraftClause, 'label' | 'part'>): string | null {
  if (!c.part || c.part.index !== 1) return null;
  return `草案${joinClauseNames([c.label])}有 ${c.part.characters} 字：超过 ${MAX_PARAGRAPH_LENGTH} 字的条款按句分成 ${c.part.of} 段逐段对照（库中的长条款也这样切分），后面条款的编号不变。`;
}

/**
 * The draft's names of compared clauses `ns` (coverage, gap notes), each once, with the first compared part to link
 * to: the two parts of 第二条 are 第二条 once, and so are two paragraphs under it.
 */
export function draftNumbers(clauses: readonly Pick<DraftClause, 'n' | 'number' | 'label'>[], ns: readonly number[]): { n: number; number: number | null; label: string }[] {
  const byN = new Map(clauses.map((c) => [c.n, c]));
  const seen = new Set<string>();
  const out: { n: number; number: number | null; label: string }[] = [];
  for (const n of ns) {
    const c = byN.get(n);
    const label = c?.label ?? `第 ${n} 条`;
    if (seen.has(label)) continue;
    seen.add(label);
    out.push({ n, number: c ? c.number : n, label });
  }
  return out;
}

/** Unit kinds that may sit in one group (as the targets view groups: `?` goes with anything). */
function kindsMatch(a: string, b: string): boolean {
  return a === b || a === '?' || b === '?';
}

/**
 * Places each draft target beside the corpus's targets on the same indicator: the group of the indexed target whose
 * indicator core is the same (canonical) or closest in meaning (cosine ≥ `threshold`), among those of a compatible
 * unit kind.
 */
async function compareTargets(
  targets: DraftTarget[][],
  data: TargetData,
  cities: readonly string[],
  embedder: Embedder,
  threshold: number,
): Promise<TargetComparison[][]> {
  const rowKind = new Map(data.rows.map((r) => [r.id, quantityKind(r.unit, indicatorKey(r.indicator))]));
  const rowCore = new Map(data.rows.map((r) => [r.id, canonical(indicatorKey(r.indicator).core)]));
  // A core the corpus has as written needs no embedding: the corpus's vector of it serves. It is still compared by
  // cosine, since the exact match may be of another unit kind: the draft's share 数字经济核心产业增加值占地区生产总值比重
  // 15% has the core of 平湖's 亿元 and 杭州's 7.5% only (no share), and had no vector to meet 昆山's 数字经济核心产业占比
  // 25% (cosine 0.905), so it found no group (各地没有同类指标) while the shorter 数字经济核心产业占比 found 昆山's
  // (twenty-first session's drafter audit, finding 2).
  const knownVector = new Map<string, Float32Array>();
  for (const r of data.rows) {
    const v = data.coreVector.get(r.id);
    const c = rowCore.get(r.id)!;
    if (v && !knownVector.has(c)) knownVector.set(c, v);
  }
  const cores = [...new Set(targets.flat().map((t) => indicatorKey(t.indicator).core))].filter((c) => !knownVector.has(canonical(c)));
  const vectors = cores.length ? await embedder.embed(cores) : [];
  const coreVector = new Map(cores.map((c, i) => [c, vectors[i]!]));
  // Per row, in arrays: a draft target walks every row of the corpus (≈ 10⁵ at 100k paragraphs).
  const rowKinds = data.rows.map((r) => rowKind.get(r.id)!);
  const rowCores = data.rows.map((r) => rowCore.get(r.id)!);
  const rowVectors = data.rows.map((r) => data.coreVector.get(r.id));
  const groupRows = new Map<string, TargetRow[]>();
  for (const r of data.rows) {
    const list = groupRows.get(r.group);
    if (list) list.push(r);
    else groupRows.set(r.group, [r]);
  }
  return targets.map((list) =>
    list.map((t) => {
      const key = indicatorKey(t.indicator);
      const kind = quantityKind(t.unit, key);
      const core = canonical(key.core);
      const v = coreVector.get(key.core) ?? knownVector.get(core);
      // Rows of one indicator share one vector object: each distinct vector meets the draft's once.
      const cosines = new Map<Float32Array, number>();
      let best: { row: TargetRow; score: number } | null = null;
      for (let i = 0; i < data.rows.length; i++) {
        if (!kindsMatch(kind, rowKinds[i]!)) continue;
        const r = data.rows[i]!;
        const rv = rowVectors[i];
        let cosine = -1;
        if (v && rv) {
          const known = cosines.get(rv);
          cosine = known ?? dot(v, rv);
          if (known === undefined) cosines.set(rv, cosine);
        }
        // The same core as written ranks above any cosine (≤ 1).
        const score = rowCores[i] === core ? 2 : cosine;
        if (score >= threshold && (!best || score > best.score)) best = { row: r, score };
      }
      if (!best) return { draft: t, group: null, cities: [] };
      const members = groupRows.get(best.row.group) ?? [];
      const label = data.groups.get(best.row.group)?.label ?? best.row.indicator;
      return {
        draft: t,
        group: { id: best.row.group, label },
        cities: cities
          .map((city) => ({ city, targets: members.filter((m) => m.doc.city === city) }))
          .filter((c) => c.targets.length > 0),
      };
    }),
  );
}

/**
 * An indexed clause's parameters, kept per corpus (bounded): the same precedents recur from clause to clause and
 * draft to draft, and extracting their numbers was a fifth of a draft's time at 100k paragraphs. Only corpus
 * clauses are kept, never a draft's.
 */
const parameterCache = new WeakMap<AnalysisCorpus, LRUCache<string, ClauseParameters>>();
function corpusParameters(deps: DraftDeskDeps, p: AnalysisParagraph): ClauseParameters {
  let cache = parameterCache.get(deps.corpus);
  if (!cache) parameterCache.set(deps.corpus, (cache = new LRUCache<string, ClauseParameters>({ max: 20_000 })));
  let found = cache.get(p.id);
  if (!found) {
    found = clauseParameters(
      { text: p.text, responsible: p.responsible, context: targetContextOf(deps.corpus, p) },
      deps.instruments,
    );
    cache.set(p.id, found);
  }
  return found;
}

/**
 * Indexed clauses prepared for the wording comparison (folded and segmented), kept per corpus by paragraph id
 * (bounded), as their parameters are: the same precedents recur from clause to clause. A draft's clause is prepared
 * once per clause and kept by nothing.
 */
const preparedCache = new WeakMap<AnalysisCorpus, LRUCache<string, PreparedClause>>();
function preparedPrecedent(deps: DraftDeskDeps, id: string, text: string): PreparedClause {
  let cache = preparedCache.get(deps.corpus);
  if (!cache) preparedCache.set(deps.corpus, (cache = new LRUCache<string, PreparedClause>({ max: 4096 })));
  let found = cache.get(id);
  if (!found || found.source !== text) cache.set(id, (found = prepareClause(text)));
  return found;
}

/**
 * Analyses one draft. Throws what `readDraft` throws, DRAFT_UNREADABLE when no clause is found, PAYLOAD_TOO_LARGE
 * beyond `DRAFT_LIMITS.maxClauses` clauses, BUSY when the model's queue is full.
 */
export async function analyseDraft(deps: DraftDeskDeps, input: DraftInput, options: DraftOptions = {}): Promise<DraftReport> {
  const started = performance.now();
  const k = Math.min(10, Math.max(1, options.k ?? 3));
  const progress = options.onProgress ?? (() => undefined);
  progress({ phase: 'reading', done: 0, total: 1 });
  const { text, source } = await readDraft(input);
  // Typed or pasted text and a Word file hold a paragraph per line; a PDF's or a text file's lines may be wrapped.
  const lineBreaks = source === 'text' || source === 'docx' || source === 'doc' ? 'paragraphs' : 'may-wrap';
  const { title, headings, clauses, skipped, skippedParagraphs } = draftClauses(text, deps.tuning, lineBreaks);
  if (clauses.length === 0) throw noClause(title, headings, skipped, deps.tuning.minClauseChars);
  if (clauses.length > DRAFT_LIMITS.maxClauses) {
    throw createError(
      'PAYLOAD_TOO_LARGE',
      `The draft has ${clauses.length} clauses; the desk takes up to ${DRAFT_LIMITS.maxClauses} at a time. Split it and submit the parts one at a time.`,
      undefined,
      `草案有 ${clauses.length} 条，对照台一次最多对照 ${DRAFT_LIMITS.maxClauses} 条。请分成几部分，逐一提交。`,
    );
  }
  // A date range compares the draft with the documents dated within it only: precedents, targets and gaps alike. A
  // place with no document in the range has no column, as in a comparison (its documents do not lack the measure).
  // Chosen places are compared as a comparison's columns are; with none chosen, every place.
  const dates: MatrixDates = { ...(options.since ? { since: options.since } : {}), ...(options.until ? { until: options.until } : {}), ...(options.inForce ? { inForce: options.inForce } : {}) };
  const dated = Boolean(dates.since || dates.until || dates.inForce);
  const chosen = options.cities?.length ? new Set(options.cities) : null;
  const corpusInfo = deps.search.corpus();
  const notInForce = dates.inForce ? deps.notInForce(dates.inForce) : undefined;
  const documents = corpusInfo.documents.filter((d) => (!chosen || chosen.has(columnOf(d))) && deps.corpus.documentKept(d.id, dates, notInForce));
  const cities = corpusInfo.cities.filter((c) => documents.some((d) => columnOf(d) === c));
  if (documents.length === 0) throw noDocumentInScope(dates, chosen !== null);
  const scope = { ...dates, ...(chosen ? { cities } : {}) };
  checkAborted(options.signal);

  // One embedding per clause: the precedent search and the measure assignment share it. Table rows are assigned
  // measures by their text cells, as the matrix does.
  const total = clauses.length;
  progress({ phase: 'embedding', done: 0, total });
  const vectors = await deps.embedder.embed(
    // In simplified script, as the index embeds its clauses (src/text/script.ts).
    clauses.map((c) => toSimplified(c.text)),
    (done) => progress({ phase: 'embedding', done, total }),
  );
  checkAborted(options.signal);
  const rows = clauses.filter((c) => c.kind === 'table-row');
  const rowVectors = rows.length ? await deps.embedder.embed(rows.map((c) => toSimplified(tableRowText(c.text)))) : [];
  const rowVector = new Map(rows.map((c, i) => [c.n, rowVectors[i]!]));

  const evidence = await deps.measureEvidence();
  const measureName = new Map(deps.measures.map((m) => [m.id, m.name]));
  const out: DraftClause[] = [];
  const assigned: { n: number; label: string; measures: MeasureAssignment[]; instruments: InstrumentMention[]; nearMisses: MeasureAssignment[] }[] = [];
  const targetLists: DraftTarget[][] = [];
  for (const [i, c] of clauses.entries()) {
    // A turn of the event loop between clauses: with the draft's vectors made and the engine's answers synchronous,
    // nothing else yielded, so a warm 53-clause draft at 1M synthetic paragraphs held the server for 9.6 s.
    if (i > 0) await nextTurn();
    checkAborted(options.signal);
    const similar = await deps.search.similarText(c.text, { k, vector: vectors[i]!, ...scope });
    const input: ClauseInput = { text: c.text, responsible: c.responsible, context: { ...(c.columns?.length ? { columns: c.columns } : {}), sectionPath: c.section } };
    const own = clauseParameters(input, deps.instruments);
    const draftClause = prepareClause(c.text);
    const precedents: PrecedentColumn[] = similar.columns.map((col) => ({
      city: col.city,
      place: col.place,
      weak: col.weak,
      results: col.results.map((hit): Precedent => {
        // The wording only: each side's parameters are compared once per column below, not per precedent.
        const p = deps.corpus.paragraphById.get(hit.id);
        const d = deskWording(draftClause, preparedPrecedent(deps, hit.id, hit.text), p ? pairedAmounts(own, corpusParameters(deps, p)) : undefined);
        return {
          ...hit,
          highlights: d.rangesB,
          shared: {
            phrases: [...new Set(d.shared.map((s) => s.text))],
            draft: d.rangesA,
            overlap: { draft: Math.round(d.overlap.a * 1000) / 1000, precedent: Math.round(d.overlap.b * 1000) / 1000 },
          },
        };
      }),
    }));
    const parameters = precedents.flatMap((col) => {
      const best = col.results[0];
      const p = best ? deps.corpus.paragraphById.get(best.id) : undefined;
      if (!best || !p) return [];
      return [{ city: col.city, paragraphId: best.id, rows: parameterTable(own, corpusParameters(deps, p)) }];
    });
    // Each precedent's share is the one its line shows: one figure for the line and the flag.
    const reuse = findReuse(
      c.text,
      precedents.flatMap((col) => col.results.map((h) => ({ paragraphId: h.id, text: h.text, doc: h.doc, section: h.section, provision: h.provision, ...(h.source ? { source: h.source } : {}), share: h.shared.overlap.draft }))),
    );
    const measureVector = rowVector.get(c.n) ?? vectors[i]!;
    const measures = assignText(c.text, measureVector, evidence, deps.tuning);
    assigned.push({ n: c.n, label: c.label, measures, instruments: own.instruments, nearMisses: textNearMisses(c.text, measureVector, evidence, deps.tuning) });
    const summary = parameterSummary(own);
    targetLists.push(summary.targets);
    out.push({
      n: c.n,
      number: c.number,
      label: c.label,
      part: c.part,
      text: c.text,
      section: c.section,
      sentences: sentenceTexts(c.text, splitSentences(c.text, c.kind)),
      kind: c.kind,
      measures: measures.map((m) => ({ id: m.measureId, name: measureName.get(m.measureId) ?? m.measureId, score: Math.round(m.score * 1000) / 1000 })),
      precedents,
      reuse,
      parameters: { draft: summary, precedents: parameters, targets: [] },
      citations: similar.citations ?? [],
    });
    progress({ phase: 'precedents', done: i + 1, total });
  }

  progress({ phase: 'coverage', done: 0, total: 1 });
  const allTargets = await deps.targets();
  const compared = new Set(cities);
  const inside = new Set(documents.map((d) => d.id));
  const targetData = dated || chosen ? { ...allTargets, rows: allTargets.rows.filter((r) => inside.has(r.doc.id)) } : allTargets;
  const comparisons = await compareTargets(targetLists, targetData, cities, deps.embedder, deps.tuning.groupThreshold);
  out.forEach((c, i) => (c.parameters.targets = comparisons[i]!));
  // Gaps among the chosen places: what two of them have (or the one, when one is chosen) and the draft lacks.
  const matrix = await deps.matrix(dated ? dates : undefined);
  const { coverage, gaps } = chosen
    ? coverageAndGaps(assigned, { ...matrix, rows: matrix.rows.map((r) => ({ ...r, cells: r.cells.filter((c) => compared.has(c.city)) })) }, Math.min(2, cities.length), deps.tuning.zThreshold)
    : coverageAndGaps(assigned, matrix, 2, deps.tuning.zThreshold);
  progress({ phase: 'coverage', done: 1, total: 1 });
  return {
    clauses: out,
    coverage,
    gaps,
    summary: {
      title,
      source,
      characters: [...text].length,
      clauses: clauses.length,
      skipped,
      skippedParagraphs,
      cities: [...cities],
      chosen: chosen !== null,
      leftOut: chosen ? [...chosen].filter((c) => !cities.includes(c)) : [],
      documents: documents.length,
      dates: { since: dates.since ?? null, until: dates.until ?? null, inForce: dates.inForce ?? null },
      reuse: { method: REUSE_METHOD, threshold: REUSE_THRESHOLD },
      ms: Math.round(performance.now() - started),
    },
  };
}

/**
 * The refusal when a draft has no clause, saying what was found: a title alone (the title of 30 characters had been
 * told that a clause needs 8; s20 drafter audit, finding 8), a title and headings, or paragraphs all too short. It
 * quotes nothing of the draft.
 */
export function noClause(title: string | null, headings: number, skipped: number, minClauseChars: number): Error {
  if (skipped === 0 && (title !== null || headings > 0)) {
    const found = title !== null && headings > 0 ? `only a title and ${headings} heading${headings > 1 ? 's' : ''}` : title !== null ? 'only a title' : `only ${headings} heading${headings > 1 ? 's' : ''}`;
    const foundZh = title !== null && headings > 0 ? `只找到标题和 ${headings} 个章节标题` : title !== null ? '只找到标题' : `只找到 ${headings} 个章节标题`;
    return createError(
      'DRAFT_UNREADABLE',
      `The draft has ${found}, and no clause text: paste or upload the whole draft, its clauses included.`,
      undefined,
      `草案${foundZh}，没有条款正文：请粘贴或上传完整的草案，连同各条条款。`,
    );
  }
  return createError(
    'DRAFT_UNREADABLE',
    `No clause was found in the draft: a clause is a paragraph with at least ${minClauseChars} Chinese characters. Check that this is the draft's text.`,
    undefined,
    `草案里没有找到条款：条款是至少有 ${minClauseChars} 个汉字的段落。请确认粘贴或上传的是草案正文。`,
  );
}

/** The refusal when no document of the chosen places falls in the date range or is in force on the day asked. */
function noDocumentInScope(dates: MatrixDates, chosen: boolean): Error {
  const dated = Boolean(dates.since || dates.until);
  const range = dates.since && dates.until ? `between ${dates.since} and ${dates.until}` : dates.since ? `on or after ${dates.since}` : `on or before ${dates.until}`;
  const rangeZh = dates.since && dates.until ? `在 ${dates.since} 至 ${dates.until} 之间` : dates.since ? `在 ${dates.since} 或之后` : `在 ${dates.until} 或之前`;
  const what = [dated ? `dated ${range} (undated documents are outside every range)` : '', dates.inForce ? `in force on ${dates.inForce} (by its own 施行 / 有效期 clause, else from its date; a compendium's cards by theirs)` : ''].filter(Boolean).join(' and ');
  const whatZh = [dated ? `成文日期${rangeZh}` : '', dates.inForce ? `在 ${dates.inForce} 仍然有效` : ''].filter(Boolean).join('且');
  const notesZh = [dated ? '未标日期的文件不在任何范围内' : '', dates.inForce ? '是否有效按文件自身的施行日期、有效期判断，未写明的自成文日期起计' : ''].filter(Boolean).join('；');
  const widen = [dated ? 'widen the dates' : '', dates.inForce ? 'leave out in_force' : '', chosen ? 'choose other places' : ''].filter(Boolean);
  const widenZh = [dated ? '放宽日期' : '', dates.inForce ? '取消“只看现行有效”' : '', chosen ? '改选地区' : ''].filter(Boolean);
  return createError(
    'BAD_REQUEST',
    `No document of ${chosen ? 'the chosen places' : 'the corpus'} is ${what}: ${widen.join(', ')}.`,
    undefined,
    `${chosen ? '所选地区' : '本库'}没有${whatZh}的文件（${notesZh}）：请${widenZh.join('、')}。`,
  );
}

/** `35万元/亩`, `10-20家`: a draft target's number and unit, for exports. */
export function draftTargetValue(t: Pick<DraftTarget, 'value' | 'range' | 'unit'>): string {
  return formatQuantity(t);
}
