/**
 * The search engine over a loaded index: keyword (BM25 over jieba tokens, src/index/postings.ts), semantic (HNSW over bge vectors)
 * and hybrid (fused) search, the per-city comparison, "similar in other cities", and the document reader's data.
 * The JSON API, the pages, `npm run eval` and `npm run bench` all go through this one class. The analyst views
 * (src/analysis) sit one stage up and read the loaded index themselves; the engine knows nothing of them.
 */
import { basename } from 'node:path';
import { createError } from '../errors.js';
import type { Embedder } from '../embed/embedder.js';
import type { LoadedIndex } from '../index/reader.js';
import type { StoredParagraph, StoredSentence } from '../index/store.js';
import { RESCORE_POOL, dot } from '../index/vectors.js';
import { countTerm, FoldedPhrase, foldTerm, highlightRanges, holdsTerm, isUnitWord, joinUnits, withoutQuestionFrame } from '../text/highlight.js';
import { documentInForce, readValidity } from '../text/validity.js';
import { DOCUMENT_TYPES } from '../text/metadata.js';
import { isFurnitureClause } from '../text/clean.js';
import { closeAmpersands, foldWidth, isLongPolicyTerm, isPolicyTerm, joinDigitGroups, queryTerms, roundAsides, tokenize } from '../text/segment.js';
import { hasTraditional, toSimplified } from '../text/script.js';
import { LEVEL_ORDER, columnOf, placeGroups, placeSummaries } from './places.js';
import { expandQuery } from './thesaurus.js';
import { cardPath, inApplicationField } from '../text/compendium.js';
import { asksHowToApply } from './card-fields.js';
import { documentsIssuedBy } from './issuers.js';
import { overriddenScope, placeOutside, placeScope, type PlaceOutside, type ScopeCorpus } from './query-places.js';
import { CARD_PREFIX, cardNames, documentNames, documentsNamed, type DocumentName } from './query-documents.js';
import { citationLabel, citationsIn, citedClauses, clausePlaces, documentsTitled, isProse, readCitation, withoutOwnWords, type CitationRead, type CitedClauses, type ClausePlace } from './query-citation.js';
import { correctSpelling, homophoneTable, type HomophoneTable, type SpellingLexicon } from './query-spelling.js';
import { CompendiumDates } from './card-dates.js';
import { dateInRange } from './date-range.js';
import { DEFAULT_FUSION, addRanking, addRankings, byFusedOrder, fuse, leadAgreed, rankBelow, type Fused, type FusionOptions, type Ranked } from './fusion.js';
import { MeasureBridge, loadBridgeMeasures } from './measure-bridge.js';
import { topRowKeys, topRows } from './select.js';
import type {
  CompareColumn, CompareResult, CorpusInfo, DocRef, DocumentSummary, DocumentView, Hit, OutlineEntry, ParagraphContext, PlaceSummary, QueryCitation, QueryScope, QuerySpelling, ScopeOverridden,
  SearchEngine, SearchFilters, SearchMode, SearchOptions, SearchResult, SimilarOptions, SimilarResult, SimilarTextOptions, SimilarTextResult, SkippedDocument,
} from './types.js';
import { docRefOf } from './types.js';
import { clauseFingerprint } from '../text/fingerprint.js';
import { leadUnits } from '../text/paragraphs.js';
import { articleProvisions, type Provision } from '../text/provisions.js';
import { rowCells } from '../text/targets.js';

export interface SearchTuning {
  fusion: FusionOptions;
  /** How deep each ranking goes before fusion and filtering. */
  candidates: number;
  /**
   * How deep each city's vector ranking goes in a comparison (each column fuses it with its keyword hits). 100, 50,
   * 30 and 20 give the same dev and own figures (scripts/tune.ts compare-depth-*); 30 keeps a margin. The cost is
   * selecting and rescoring 2·depth clauses in each of 50 cities.
   */
  compareDepth: number;
  /**
   * From how many clauses per-city rankings scan the 128-d projections first (see `cityRankings`). Below it they
   * scan the full int8 vectors: at the seeds' 266 clauses projecting the sources costs more than it saves.
   */
  reducedScanFrom: number;
  /**
   * Below how many vector slots a ranking's candidates come from an exact int8 scan of every clause instead of the
   * graph (whose walk, with the query's projection, cost more than the scan on the seeds).
   */
  exactScanBelow: number;
  /** Expand queries with the domain thesaurus (src/search/thesaurus.json). */
  expand: boolean;
  /** Weight of the thesaurus-expansion ranking in hybrid/keyword fusion, relative to the query's own terms. */
  expansionWeight: number;
  /**
   * How thesaurus hits enter hybrid ranking: `lexical` fuses them into the keyword ranking (so they share its
   * coverage weight); `separate` adds them as their own ranking at `expansionWeight`.
   */
  expansionMode: 'lexical' | 'separate';
  /** BGE's retrieval instruction, prepended to queries (not passages); '' = off. */
  queryPrefix: string;
  /** A comparison column is weak when its best hit's cosine to the query is below this. */
  weakCompare: number;
  /**
   * When a "similar" column is weak (无相近条款: none of its first three clauses is a counterpart). From a whole clause: its
   * first three clauses' best evidence is below `weakSimilar` and they hold less than `weakSimilarTerms` of the IDF mass
   * of the source's salient terms (the terms "similar" ranks by). From a sentence, pasted text or a one-sentence clause
   * (ranked as a query): their best cosine is below `weakText`. Set by the nineteenth session on 672 columns judged
   * blind (44 sources drawn at random, 22 from the seeds and 22 from ../shared/external, every place's first three
   * graded counterpart / related / unrelated by helpers who read no code): each fold (seed sources, external sources)
   * picks 0.75 and 0.2 for clauses, 0.6875 and 0.6625 for the rest; the values are the joint pick. Held out, balanced
   * accuracy went 0.770 / 0.770 → 0.904 / 0.810 (clauses) and 0.662 / 0.534 → 0.755 / 0.763 (the rest) from one
   * threshold of 0.775, which had flagged 55 of 71 real sentence counterparts (scripts/calibrate-weak.ts --judged).
   */
  weakSimilar: number;
  weakSimilarTerms: number;
  weakText: number;
  collapseDuplicates: boolean;
  /** Weight of the salient-term keyword ranking in "similar" (0 = by the paragraph's vector alone). */
  similarKeywordWeight: number;
  /** How many salient terms of the source clause form that keyword query. */
  similarTerms: number;
  /** The clause first in both the keyword and the vector ranking leads (fusion.ts `leadAgreed`). */
  leadAgreed: boolean;
  /** Addressee, letterhead, link, closing-formula and roster lines are no hits (src/text/clean.ts `isFurnitureClause`). */
  hideFurniture: boolean;
  /** A clause holds the query (and is pinned first) only as words: the phrase, in a clause the keyword ranking found. */
  phraseWordEdges: boolean;
  /** Rank a clause by its best evidence: its own vector or its best measure sentence's (src/text/sentences.ts). */
  sentenceEvidence: boolean;
  /**
   * How a whole clause meets a candidate in "similar": `clause` by the source clause's vector; `sentences` by the
   * best of the clause's and each of its sentences' vectors against the candidate's best evidence (sentence to
   * sentence), so a bundled clause finds the counterpart of each measure it holds.
   */
  similarMatch: 'clause' | 'sentences';
  /** Weight of the section-heading keyword ranking in hybrid fusion (0 = off). */
  headingWeight: number;
  /** Query terms found in more than this share of the paragraphs are left out of the keyword lookup (1 = none). */
  keywordMaxShare: number;
  /** Pseudo-relevance feedback: how many first results feed back (0 = off). */
  feedbackDocs: number;
  /** Rocchio β: how far the query vector moves toward the feedback clauses' mean vector. */
  feedbackVectorWeight: number;
  /** How many feedback terms form a keyword ranking, and its weight in hybrid fusion. */
  feedbackTerms: number;
  feedbackTermWeight: number;
  /**
   * The measure taxonomy as a bridge (src/search/measure-bridge.ts): the query's nearest measure in
   * src/analysis/measures.json lends its terms, and the clauses holding them form one more ranking in hybrid search
   * and compare at this weight (0 = off).
   */
  bridgeWeight: number;
  /** The bridge applies only when the query's cosine to its nearest measure reaches this. */
  bridgeMinCosine: number;
  /** The same bridge in "similar" (the source's nearest measure), at this weight (0 = off); `bridgeMinCosine` applies. */
  similarBridgeWeight: number;
  /**
   * "Similar" checks its candidates in reverse (mutual nearest neighbours): where would the candidate's matching
   * sentence go in the source's own document? A counterpart points back at the source; a clause that merely resembles
   * everything (a target list, a general paragraph) points at some other clause there. Each column's first
   * `similarReciprocalDepth` fused candidates gain `weight / (rrfK + r)`, r being the source's rank among the source
   * document's clauses for that candidate (0 = off). Applies to `similar` and to `similarText` with `exclude`. 1.5 and
   * 10 by 2-fold choice over dev and own (scripts/tune.ts reciprocal-<w>-<d>; README "Retrieval quality"): the weight
   * both folds pick, the depth whose cost stays near the rest of "similar" (20 gained one more own counterpart).
   */
  similarReciprocalWeight: number;
  similarReciprocalDepth: number;
  /**
   * The RRF constant of "similar"'s fusion (its vector, salient-term and bridge rankings, and the reverse check's
   * bonus), apart from search's and compare's `fusion.rrfK`: pairs and queries were measured to want different ones.
   */
  similarRrfK: number;
  /**
   * How pasted text (`similarText`: /api/similar?text=, the drafting desk's precedents) and a clause's picked sentence
   * (`similar` with `sentence`) meet the corpus: `query` ranks each city as a comparison ranks a query (its terms, the
   * thesaurus, headings, feedback, the bridge; RRF k of `fusion`), then applies the reverse check when the text's
   * source clause is named; `clause` as "similar" ranks a clause (vector and salient terms). `query` by measurement
   * (seventh session, README "Retrieval quality"): pair hit@3 from the sentence own 0.846 → 0.846, tune 0.831 →
   * 0.854, tune-external 0.711 → 0.789; the drafting desk's precedents 0.704 → 0.759. Whole clauses in "similar" lose
   * that way (dev 0.852 → 0.796) and stay as they are.
   */
  textMatch: 'query' | 'clause';
  /**
   * Whether "similar" from a clause of one measure sentence ranks it as that sentence is ranked when picked (`textMatch`):
   * such a clause is its sentence, and the page then shows the same counterparts with or without the pick. Measured
   * (eighth session, on pair sets written blind with one-sentence sources): pair hit@3 0.640 → 0.750 (seeds, 100
   * counterparts), 0.660 → 0.802 (seeds + external, 106), own 0.747 → 0.793; clauses of 2–3 sentences lose that way
   * (dev 0.852 → 0.833). Cost at 100k: p50 30.6 → 65.9 ms for such a clause, what pasted text costs.
   */
  oneSentenceAsText: boolean;
  /**
   * A number term on the keyword side (5%, 2025, 3.5) counts only where the clause holds it as a whole number, as the
   * highlighting marks it (src/index/postings.ts `countNumbersWith`). Off, it matches its index tokens: 5% matched 2.5%
   * and 5年.
   */
  wholeNumbers: boolean;
  /**
   * How a compendium card's 条件要求 and 办理流程 clauses (who qualifies, how to apply: src/search/card-fields.ts) rank in
   * hybrid search, compare and what is ranked as a query (pasted text, a picked sentence, a one-sentence clause), when
   * the query does not ask about conditions or procedures: their fused score times this; 0 puts them after every other
   * clause, in their order (behind exact phrase hits, which stay first); 1 ranks them as any clause. Keyword and
   * semantic modes rank as before. 0 since the twenty-third session (README "Retrieval quality"): on seeds + external
   * (the seeds hold no card, so dev, own, tune and one-sentence are unchanged there) tune-external nDCG@10 0.687 →
   * 0.722 (city top-3 0.938, pairs 0.711 / 0.789 unchanged), one-sentence-external 0.764 → 0.774; the seed sets read on
   * that index gain too (dev 0.556 → 0.570, own 0.571 → 0.602, tune 0.613 → 0.621, tune's city top-3 one column down
   * through the feedback); no query's nDCG fell. 0.25 and 0.5 give the same figures and 0.75 a little less. The
   * researcher's 30 questions: 21 → 1 of 300 top-10 slots.
   * 0.5 since the verify audit of that session: "after every other clause" put a condition the query matches strongly
   * out of reach (首台套保险补贴要满足什么要求 with 北京: p0851, keyword mode's 2nd, not in the hybrid top 100). At 0.5 it
   * is 10th (11th for …的标准, 15th for …哪些企业可以享受; at 0.25, 37th–51st), 专精特新认定标准's p0280 and p0096 21st
   * and 18th (at 0: absent). On /tmp/idx-ext2 dev, own, tune, tune-external, one-sentence-external and on the seed index
   * dev, own, tune, one-sentence give the same figures at 0, 0.25 and 0.5, to the third decimal and per query (the paired
   * intervals say no change), and the 135 queries of dev, own, tune and tune-external have the same 13 of 1,350 top-10
   * slots held by a card's conditions at all three (99 at 1).
   */
  cardFieldWeight: number;
}

export const DEFAULT_TUNING: SearchTuning = {
  fusion: DEFAULT_FUSION,
  candidates: 100,
  compareDepth: 30,
  reducedScanFrom: 20_000,
  exactScanBelow: 1_024,
  expand: true,
  expansionWeight: 0.5,
  expansionMode: 'separate',
  queryPrefix: '',
  weakCompare: 0.625,
  weakSimilar: 0.75,
  weakSimilarTerms: 0.2,
  weakText: 0.6875,
  collapseDuplicates: true,
  similarKeywordWeight: 0.5,
  similarTerms: 5,
  leadAgreed: true,
  hideFurniture: true,
  phraseWordEdges: true,
  sentenceEvidence: true,
  similarMatch: 'sentences',
  headingWeight: 0.25,
  keywordMaxShare: 1,
  feedbackDocs: 3,
  feedbackVectorWeight: 0.5,
  feedbackTerms: 5,
  feedbackTermWeight: 0.25,
  bridgeWeight: 0.15,
  bridgeMinCosine: 0.55,
  similarBridgeWeight: 0,
  similarReciprocalWeight: 1.5,
  similarReciprocalDepth: 10,
  similarRrfK: 60,
  textMatch: 'query',
  oneSentenceAsText: true,
  wholeNumbers: true,
  cardFieldWeight: 0.5,
};

/** How many clauses holding a run's rarest token spelling reads for the run before it calls it unwritten. */
const WRITES_READ = 1_000;

/** Pasted text at least this long (characters, folded) pins the clauses that hold it word for word. */
const MIN_PINNED_TEXT = 12;

/**
 * How deep each city's vector, salient-term and bridge rankings go before "similar" fuses them, whatever `k` is: 20 is
 * what every measured figure used (the lists were 4·k deep with k ≤ 5, and 3 is the pages' and the API's default).
 */
/** Printable ASCII only: a number term that script conversion cannot change (see `countNumber`). */
const ASCII = /^[\x20-\x7e]*$/u;

const SIMILAR_DEPTH = 20;


/** How many of a "similar" column's first clauses its weak flag reads: the pages' three, whatever `k` is. */
const WEAK_READS = 3;

/** A text's salient terms, folded, with their IDF, and the sum of those. */
interface WeighedTerms {
  terms: { canon: string; idf: number }[];
  total: number;
}

/**
 * How deep the vector ranking that continues a long "similar" answer goes (at least 4·k): one depth for every k up to
 * 25, since a deeper ranking can order its clauses differently (more candidates are rescored by their sentences).
 */
const SIMILAR_TAIL_DEPTH = 100;

/** A fused ranking continued by a deeper ranking's further entries, after every fused one and in that ranking's order. */
function withTail(fused: Fused[], deeper: readonly Ranked[]): Fused[] {
  const have = new Set(fused.map((f) => f.key));
  const tail: Fused[] = [];
  deeper.forEach((r, i) => {
    if (!have.has(r.key)) tail.push({ key: r.key, score: 0, keywordRank: null, vectorRank: i + 1, vectorScore: r.score, keywordScore: null });
  });
  return [...fused, ...tail];
}

export const BGE_QUERY_PREFIX = '为这个句子生成表示以用于检索相关文章：';

interface PreparedQuery {
  query: string;
  terms: string[];
  expanded: string[];
  /**
   * Whole words of the query (not search-mode sub-words such as 上工 from 规上工业, nor the words its question is asked
   * with: 各地, 方面, 能不能) plus expansions: what is highlighted.
   */
  highlight: string[];
  /** Canonical form of the whole query, for exact phrase hits. */
  phrase: FoldedPhrase;
  /** The keyword ranking's clauses as a set, made when first asked (`holdsQuery`). */
  keywordRows?: Set<number>;
  /** The query's embedding; null in keyword mode, which neither ranks nor scores by meaning. */
  vector: Float32Array | null;
  /** Keyword rankings (unfiltered, deep), computed once per query. */
  keyword: Ranked[];
  expansion: Ranked[];
  /** Clauses whose section headings match the query's terms (BM25 over the heading field). */
  headings: Ranked[];
  /** Keyword ranking of the feedback terms drawn from the first results (pseudo-relevance feedback). */
  feedback: Ranked[];
  /** The vector the vector ranking searches with: the query's, moved toward its first results by feedback. */
  searchVector: Float32Array;
  /** IDF-weighted share of the query's terms that the best keyword hits contain (0–1); see FusionOptions.adaptive. */
  coverage: number;
  /** The clauses holding the terms of the query's nearest measure (the measure bridge); empty when it does not apply. */
  bridge: Ranked[];
  /**
   * What `keyword`, `expansion` and `headings` looked up and how deep, so that a filter or a comparison's columns can
   * complete a list the whole corpus filled before they were reached (`completeWithin`, `completeByCity`).
   */
  lookups?: { keyword: string[]; expansion: string[]; headings: string[]; depth: number };
}

/**
 * Which clauses a ranking may use. `rows`, when given, lists every clause it can pass (a superset, in rowid order):
 * a city or document filter names its own rows, so an exact ranking under it starts from them instead of every row
 * (at 1M paragraphs the walk over all rows took 0.5 s for a search filtered to one city).
 */
type Predicate = ((p: StoredParagraph) => boolean) & {
  rows?: () => ArrayLike<number>;
  /** When given, every clause outside these cities passes: a city's selection there need not ask. */
  refusesOnlyIn?: ReadonlySet<string>;
};

/** The source document's other clauses, as int8 slots (rowid − 1): what "similar" checks its candidates against in reverse. */
interface ReverseContext {
  rows: number[];
}

const NO_DOCUMENTS: ReadonlySet<string> = new Set();
const NO_ROW_SET: ReadonlySet<number> = new Set();
const NO_ROWS = new Int32Array(0);
/** Folded clause texts kept for phrase checks and column evidence: a comparison checks up to 10,000 (≈ 45 MB when full). */
const FOLDED_CACHE = 131_072;
/**
 * How many more clauses per city the reduced (128-d) scan passes on than a column keeps before sentence evidence:
 * they are scored again on their full int8 vectors. See `cityRankings`; the bench's compare-column recall measures it.
 */
const CITY_WIDEN = 2;

/** A document's last main-text clauses read for its validity (施行, 有效期): a closing clause comes at the end. */
const VALIDITY_CLAUSES = 30;

export class Engine implements SearchEngine {
  readonly tuning: SearchTuning;
  private readonly corpusInfo: CorpusInfo;
  private readonly cityOf: (p: StoredParagraph) => string | null;
  private readonly placeByCity: Map<string, PlaceSummary>;
  /** What place scoping reads: the places, and where a phrase is written (a bare name run on into a word). */
  private readonly scopeCorpus: ScopeCorpus;
  /** The documents' numbers and titles folded once, and their summaries by id: what a query naming one reads. */
  private readonly documentNames: DocumentName[];
  private readonly documentSummaryById: Map<string, DocumentSummary>;

  constructor(readonly index: LoadedIndex, readonly embedder: Embedder, tuning: Partial<SearchTuning> = {}) {
    this.tuning = { ...DEFAULT_TUNING, ...tuning, fusion: { ...DEFAULT_TUNING.fusion, ...tuning.fusion } };
    // Every document has a column: its place, or 未标注地区 (src/search/places.ts).
    const places = placeSummaries(index.documents);
    const present = new Set(index.documents.map((d) => d.level).filter((l): l is string => !!l));
    const levels = [...LEVEL_ORDER.filter((l) => present.has(l)), ...[...present].filter((l) => !LEVEL_ORDER.includes(l))];
    const types = new Set(index.documents.map((d) => d.docType));
    this.corpusInfo = {
      cities: places.map((p) => p.city),
      places,
      groups: placeGroups(places),
      levels,
      docTypes: DOCUMENT_TYPES.filter((t) => types.has(t)),
      documents: index.documents.map((d) => this.summary(d.id)),
      skipped: skippedDocuments(index.manifest.skipped, index.manifest.inputs),
      notRead: (index.manifest.notRead ?? []).map((file) => relativeToInput(file, index.manifest.inputs)),
      compendiumCards: this.compendiumDates().byDocument(),
      ignored: (index.manifest.ignored ?? []).map((f) => ({ file: relativeToInput(f.file, index.manifest.inputs), reason: f.reason })),
      warnings: (index.manifest.warnings ?? []).map((w) => ({ file: relativeToInput(w.file, index.manifest.inputs), code: w.code, message: w.message, others: (w.others ?? []).map((o) => relativeToInput(o, index.manifest.inputs)) })),
    };
    this.placeByCity = new Map(places.map((p) => [p.city, p]));
    this.scopeCorpus = {
      places,
      writtenElsewhere: (name, next, cities) => this.writtenElsewhere(name, next, cities),
      issuedBy: (issuer) => documentsIssuedBy(this.corpusInfo.documents, [issuer]).ids,
    };
    // Documents, and a compendium's cards by the policy each cites (one entry per card: its first clause).
    this.documentNames = documentNames([
      ...this.corpusInfo.documents,
      ...cardNames(this.index.paragraphs.filter((p) => p.source).map((p) => ({ id: p.id, docId: p.docId, card: cardPath(p.sectionPath).join('\u0000'), source: p.source }))),
    ]);
    this.documentSummaryById = new Map(this.corpusInfo.documents.map((d) => [d.id, d]));
    this.cityOf = (p) => {
      const d = index.documentById.get(p.docId);
      return d ? columnOf(d) : null;
    };
    const rowsByCity = new Map<string, number[]>();
    for (const p of index.paragraphs) {
      const city = this.cityOf(p) ?? '';
      this.cityOfRow[p.rowid] = city;
      if (this.tuning.hideFurniture && isFurnitureClause(p.text, p.ordinal, p.sectionPath)) this.furniture.add(p.rowid);
      if (p.source && inApplicationField(p.sectionPath)) this.applicationRows.add(p.rowid);
      const rows = rowsByCity.get(city);
      if (rows) rows.push(p.rowid);
      else rowsByCity.set(city, [p.rowid]);
    }
    for (const [city, rows] of rowsByCity) this.rowsByCity.set(city, Int32Array.from(rows));
    this.allRows = Int32Array.from(index.paragraphs, (p) => p.rowid);
    this.ownScores = new Float32Array(index.paragraphVectors.count);
    this.bestScores = new Float32Array(index.paragraphVectors.count);
    // The keyword index counts number terms through the engine's folded clause texts (the last engine opened over an
    // index sets it: one engine per index outside the tuning script, which runs its variants one after another).
    index.keywords.countNumbersWith(this.tuning.wholeNumbers ? (rowid, folded) => this.countNumber(index.paragraphByRowid[rowid]!, folded) : null);
  }

  /** Every paragraph's rowid, ascending. */
  private readonly allRows: Int32Array;
  /** Each city's paragraph rowids, for per-city selection. */
  private readonly rowsByCity = new Map<string, Int32Array>();
  /** Full int8 cosines of the clauses a per-city ranking picked, by slot (rowid − 1); written afresh by each ranking. */
  private readonly ownScores: Float32Array;
  /** Best evidence (own or a sentence's) of the clauses a ranking rescored, by slot; written afresh by each. */
  private readonly bestScores: Float32Array;
  /** Each paragraph's column (city), by rowid: what a city filter reads. */
  private readonly cityOfRow: string[] = [];
  /** Addressee, letterhead, link, closing-formula and roster lines (src/text/clean.ts `isFurnitureClause`): kept for the reader, never shown as a hit. */
  private readonly furniture = new Set<number>();
  /** A compendium card's 条件要求 and 办理流程 clauses, by rowid (`cardFieldWeight`). */
  private readonly applicationRows = new Set<number>();

  corpus(): CorpusInfo {
    return this.corpusInfo;
  }

  // ---------- search ----------

  async search(query: string, options: SearchOptions): Promise<SearchResult> {
    // Traditional script is searched as simplified (src/text/script.ts); the answer echoes the query as typed.
    // A word mistyped with a homophone is read as the corpus's word (query-spelling.ts); places named at its head
    // then become its place filter (query-places.ts).
    const spelling = this.spellingOf(query, options);
    const read = spelling?.query ?? toSimplified(query);
    const scope = this.scopeOf(read, options);
    // An organ named with the place (烟台市人大常委会…) keeps the search to its documents, as issuer= does.
    const filters = scope ? { ...options, cities: scope.cities, ...(scope.issuer?.documents.length ? { docs: scope.issuer.documents } : {}) } : options;
    const prepared = this.completeWithin(await this.prepare(scope?.query ?? read, options.mode, this.predicate(filters) !== null), this.predicate(filters));
    const ranked = this.rank(prepared, options.mode, this.predicate(filters));
    // A citation (《…》第二十二条第二款, query-citation.ts) puts its provision's clauses first; the query ranks the rest as
    // ever. It is read in the whole query (the tool's citation line opens with the issuer, whose head a place scope
    // takes: 广州市天河区科技工业和信息化局…), the places named at its head still keeping the clauses to theirs.
    const cited = this.citationOf(read, this.predicate(filters));
    if (cited?.answer.leftOut) cited.answer.leftOutBy = this.citationLeftOutBy(read, options, filters, scope);
    const results = this.toHits(ranked, prepared, options.mode, options.k, this.predicate(filters), cited?.rows);
    // A named document the dates or the day in force leave out is not offered to search within (its clauses are out).
    const dated = options.since || options.until || options.inForce;
    const outsideDocs = dated ? this.documentsOutside(options) : NO_DOCUMENTS;
    const outsideCards = dated ? this.clausesOutside(options) : NO_ROW_SET;
    const documents = documentsNamed(read, this.documentNames).flatMap((n) => {
      if (!n.id.startsWith(CARD_PREFIX)) return outsideDocs.has(n.id) ? [] : [{ document: this.documentSummaryById.get(n.id)!, rest: n.rest }];
      const p = this.index.paragraphById.get(n.id.slice(CARD_PREFIX.length))!;
      if (outsideDocs.has(p.docId) || outsideCards.has(p.rowid)) return [];
      const card = { paragraphId: p.id, section: cardPath(p.sectionPath), source: { ...p.source! } };
      return [{ document: this.documentSummaryById.get(p.docId)!, rest: n.rest, card }];
    });
    const holding = this.holding(ranked, prepared, options.mode, this.predicate(filters));
    return { query, mode: options.mode, results: this.datedDuplicates(results, options), expanded: prepared.expanded, scope, outside: this.outsideOf(read, scope, options), spelling, documents, holding, citation: cited?.answer ?? null, scopeOverridden: this.scopeOverridden(read, options) };
  }

  /**
   * The citation `read` holds (query-citation.ts) and the clauses of its provision that `filter` keeps, by rowid in
   * reading order (documents in corpus order): the clauses the hits begin with. Null when `read` cites nothing.
   */
  private citationOf(read: string, filter: Predicate | null): { answer: QueryCitation; rows: number[] } | null {
    const c = readCitation(read);
    if (!c) return null;
    let title = c.title;
    let text = c.text;
    let rest = c.rest;
    let named: string[] = [];
    if (title) {
      named = documentsTitled(title, this.corpusInfo.documents, this.documentNames);
      // Bare words before the article that name no document are the query's own words (用地 第二十二条).
      if (!named.length && !c.bracketed) [title, text, rest] = [null, c.provision, c.restWithTitle];
    }
    // The tool's citation line writes the document's issuer, place and date around the title: no words of the query's.
    if (named.length) rest = withoutOwnWords(rest, this.documentSummaryById.get(named[0]!)!);
    // A clause pasted whole that opens with 第二十二条, or a sentence that cites one, asks about its content.
    if (isProse(rest)) return null;
    return this.resolveCitation({ ...c, title, text, rest }, named, filter);
  }

  /**
   * What alone leaves out a cited provision's `leftOut` clauses (`QueryCitation.leftOutBy`): the query's own places
   * when the request's filters without them keep them all, or `part` when the filters without it do. The message had
   * said 不在所选的地区、文件或日期范围内 of a selection the user never made (s23 verifying audit, item 12).
   */
  private citationLeftOutBy(read: string, options: SearchOptions, filters: SearchOptions, scope: QueryScope | null): QueryCitation['leftOutBy'] {
    const keptWithout = (f: SearchOptions) => this.citationOf(read, this.predicate(f))?.answer.leftOut === 0;
    if (scope && keptWithout(options)) return { query: scope.cities };
    if (filters.part && keptWithout({ ...filters, part: undefined })) return { part: filters.part };
    return null;
  }

  /**
   * What a citation (read from a query or a text, its title named `named`; without a title, every document) finds:
   * the clauses of its provision that `filter` keeps, by rowid, in reading order and documents in corpus order, and the
   * answer that says so or says what is missing.
   */
  private resolveCitation(c: CitationRead, named: readonly string[], filter: Predicate | null): { answer: QueryCitation; rows: number[] } {
    const { title, text, rest } = c;
    const label = citationLabel(c);
    const base = { text, title, article: c.article, paragraph: c.paragraph, item: c.item, label, rest };
    if (title && !named.length) {
      return { answer: { ...base, document: null, matched: 0, documents: 0, leftOut: 0, missing: 'document', articles: null, paragraphs: null }, rows: [] };
    }
    const rows: number[] = [];
    const from = new Set<string>();
    let leftOut = 0;
    // The furthest any document searched gets (article < paragraph < item < all): what the answer says is missing.
    const depth = (m: CitedClauses['missing']) => (m === 'article' ? 0 : m === 'paragraph' ? 1 : m === 'item' ? 2 : 3);
    let furthest: CitedClauses | null = null;
    for (const id of title ? named : this.corpusInfo.documents.map((d) => d.id)) {
      const clauses = this.index.paragraphsByDoc.get(id) ?? [];
      const found = citedClauses(this.citablePlaces(id), c);
      const kept = found.clauses.map((i) => clauses[i]!).filter((p) => !this.furniture.has(p.rowid));
      const passing = kept.filter((p) => !filter || filter(p));
      // Without a title, a document the filters leave out is not searched: what it lacks is not said.
      const searched = title || passing.length || found.missing === 'article' || !filter || clauses.some((p) => filter(p));
      if (searched && (!furthest || depth(found.missing) > depth(furthest.missing))) furthest = found;
      if (title) leftOut += kept.length - passing.length;
      for (const p of passing) rows.push(p.rowid);
      if (passing.length) from.add(id);
    }
    const first = title ? citedClauses(this.citablePlaces(named[0]!), c) : null;
    const answer: QueryCitation = {
      ...base,
      document: title ? this.docRef(named[0]!) : null,
      matched: rows.length,
      documents: from.size,
      leftOut,
      missing: rows.length || leftOut ? null : (furthest?.missing ?? 'article'),
      articles: first ? first.articles : null,
      paragraphs: first ? first.paragraphs : null,
    };
    return { answer, rows };
  }

  /** Each document's clauses' places for citing (query-citation.ts `clausePlaces`), read from them and their `provision` the first time a citation asks. */
  private readonly citable = new Map<string, readonly (ClausePlace | null)[]>();
  private citablePlaces(docId: string): readonly (ClausePlace | null)[] {
    let places = this.citable.get(docId);
    if (!places) {
      places = clausePlaces((this.index.paragraphsByDoc.get(docId) ?? []).map((p) => ({ sectionPath: p.sectionPath, provision: this.provisionOf(p) ?? null })));
      this.citable.set(docId, places);
    }
    return places;
  }

  /**
   * How many clauses hold the whole query as words among those the ranking read (copies counted once), and whether
   * there may be more: the keyword ranking stops at `candidates` clauses. The results line had counted only the page's
   * hits, "其中 10 条" for 上市 where 45 clauses hold it (twentieth session's verifying audit). Null in semantic mode
   * or for a one-character query, which holds nothing first.
   */
  private holding(ranked: Fused[], q: PreparedQuery, mode: SearchMode, filter: Predicate | null): { count: number; atLeast: boolean } | null {
    if (mode === 'semantic' || q.phrase.text.length < 2) return null;
    const count = this.collapse(ranked, filter).filter((f) => this.holdsQuery(this.index.paragraphByRowid[f.key]!, q)).length;
    return { count, atLeast: ranked.filter((f) => f.keywordRank !== null).length >= this.tuning.candidates };
  }

  /** The query's homophone slips read as the corpus's words (query-spelling.ts); null when none, or `spell: 'off'`. */
  spellingOf(query: string, options: Pick<SearchOptions, 'spell'>): QuerySpelling | null {
    if (options.spell === 'off') return null;
    return correctSpelling(toSimplified(query), this.spellingLexicon, () => (this.homophones ??= this.makeHomophones()));
  }

  private readonly spellingLexicon: SpellingLexicon = {
    frequency: (word) => this.index.keywords.documentFrequency(word),
    writes: (text) => this.writes(text),
  };

  /**
   * Whether some clause or section heading writes `text` (asked only for a run that would be corrected). The clauses
   * holding its rarest jieba token, as a word of their text or of their headings, are read for it, at most
   * `WRITES_READ` of them (建优 is a heading's word: 1．建强建优战略科技力量). The index cannot say more, since jieba
   * cuts a text as its context has it (及本 in …》及本通知支持… is no token there), so a corpus below
   * `reducedScanFrom` clauses is also read whole (≈ 4 ms at 20,000 clauses; ≈ 40 ms at 100k, which is not read).
   */
  private writes(text: string): boolean {
    const phrase = new FoldedPhrase(this.fold(text));
    const inHeading = (p: StoredParagraph) => p.sectionPath.some((h) => h.length >= phrase.text.length && (phrase.mayBeIn(h) || hasTraditional(h)) && this.fold(h).includes(phrase.text));
    const keywords = this.index.keywords;
    let rarest: { token: string; field: 'text' | 'headings'; n: number } | null = null;
    for (const token of new Set(tokenize(text))) {
      if (!/[\p{Script=Han}\p{L}\p{N}]/u.test(token)) continue;
      const inText = keywords.documentFrequency(token);
      if (inText > 0 && (!rarest || inText < rarest.n)) rarest = { token, field: 'text', n: inText };
      const inHeadings = keywords.search('headings', [token], WRITES_READ).length;
      if (inHeadings > 0 && (!rarest || inHeadings < rarest.n)) rarest = { token, field: 'headings', n: inHeadings };
    }
    if (rarest) {
      const rows = keywords.search(rarest.field, [rarest.token], WRITES_READ).map((h) => this.index.paragraphByRowid[h.rowid]!);
      if (rows.some((p) => (rarest.field === 'text' ? this.holds(p, phrase) : inHeading(p)))) return true;
    }
    if (this.index.paragraphs.length >= this.tuning.reducedScanFrom) return false;
    return this.index.paragraphs.some((p) => this.holds(p, phrase) || inHeading(p));
  }

  private homophones: HomophoneTable | null = null;

  /**
   * The corpus's characters by reading, for spelling: every Han character of the keyword index's words, weighed by the
   * clauses holding those words. Made on the first query that has a run worth checking (≈ 0.1 s for the seeds).
   */
  private makeHomophones(): HomophoneTable {
    const counts = new Map<string, number>();
    for (const term of this.index.keywords.fieldData('text').terms) {
      if (!/^\p{Script=Han}+$/u.test(term)) continue;
      const df = this.index.keywords.documentFrequency(term);
      for (const ch of term) counts.set(ch, (counts.get(ch) ?? 0) + df);
    }
    return homophoneTable(counts);
  }

  /**
   * The places a query names at its head, when they may scope it: no place or document chosen, `scope` not `all`.
   * Read in simplified script, so 青島市 names 青岛市.
   */
  scopeOf(query: string, options: Pick<SearchOptions, 'cities' | 'docs' | 'scope'>): QueryScope | null {
    if (options.scope === 'all' || options.cities?.length || options.docs?.length) return null;
    return placeScope(toSimplified(query), this.scopeCorpus);
  }

  /**
   * The places the query names at its head when the request's own choice of places or documents kept them from scoping
   * it (`ScopeOverridden`): null when it names none, with `scope: 'all'`, or when they are the places chosen (city=昆山
   * with 昆山专精特新). /?q=昆山专精特新&city=平湖 had searched 平湖 without a word of the 昆山 it set aside (places audit).
   * A comparison (`least` 2) only when the query names the two or more places that would have been its columns.
   */
  private scopeOverridden(read: string, options: Pick<SearchOptions, 'cities' | 'docs' | 'scope'>, least = 1): ScopeOverridden | null {
    if (options.scope === 'all' || (!options.cities?.length && !options.docs?.length)) return null;
    const docs = new Set(options.docs ?? []);
    const chosen = options.cities?.length ? options.cities : this.index.documents.filter((d) => docs.has(d.id)).map(columnOf);
    return overriddenScope(read, this.scopeCorpus, chosen, options.cities?.length ? 'places' : 'documents', least);
  }

  placeOutsideOf(query: string): PlaceOutside | null {
    return placeOutside(toSimplified(query), this.scopeCorpus);
  }

  /** A place the query names that the corpus lacks (query-places.ts `placeOutside`), unless it named a corpus place. */
  private outsideOf(read: string, scope: QueryScope | null, options: Pick<SearchOptions, 'scope'>): PlaceOutside | null {
    if (options.scope === 'all') return null;
    // 深圳和昆山…: the scope names the places it could not search.
    if (scope) return scope.outside ?? null;
    return placeOutside(read, this.scopeCorpus);
  }

  async compare(query: string, options: SearchOptions): Promise<CompareResult> {
    // A comparison keeps every column unless the query names two places or more, and compares the rest of the query.
    const spelling = this.spellingOf(query, options);
    const read = spelling?.query ?? toSimplified(query);
    const scope = this.scopeOf(read, options);
    const prepared = await this.prepare(scope?.query ?? read, options.mode);
    // Columns always follow the corpus order, whatever order the request named them in.
    const cities = this.columnCities(scope && scope.cities.length >= 2 ? scope.cities : options.cities);
    const ranked = this.rankCities(prepared, options.mode, this.predicate({ ...options, cities: [] }), cities);
    const columns: CompareColumn[] = cities.map((city, c) => {
      const filter = this.predicate({ ...options, cities: [city] });
      const results = this.toHits(ranked[c]!, prepared, options.mode, options.k, filter);
      const evidence = this.columnEvidence(prepared.query, prepared.expanded, results);
      return { city, place: this.placeByCity.get(city)!, results, weak: results.length === 0 || !(evidence.lexical || evidence.cos >= this.tuning.weakCompare) };
    });
    // A place with no document the filters keep (a date range, documents, levels, the part) has no column: "无相近条款"
    // would say its documents lack the measure.
    const outside = options.since || options.until || options.inForce ? this.documentsOutside(options) : null;
    const cardsOut = outside ? this.clausesOutside(options) : null;
    const docs = options.docs?.length ? new Set(options.docs) : null;
    const levels = options.levels?.length ? new Set(options.levels) : null;
    const part = options.part ?? null;
    const kept = (d: (typeof this.index.documents)[number]) =>
      !outside?.has(d.id) &&
      (!cardsOut?.size || (this.index.paragraphsByDoc.get(d.id) ?? []).some((p) => !cardsOut.has(p.rowid))) &&
      (!docs || docs.has(d.id)) &&
      (!levels || levels.has(d.level ?? '')) &&
      (!part || (this.index.paragraphsByDoc.get(d.id) ?? []).some((p) => p.part === part));
    const filtered = outside || docs || levels || part ? columns.filter((c) => this.index.documents.some((d) => columnOf(d) === c.city && kept(d))) : columns;
    return { query, mode: options.mode, columns: this.datedColumns(filtered, options), expanded: prepared.expanded, scope, outside: this.outsideOf(read, scope, options), spelling, scopeOverridden: this.scopeOverridden(read, options, 2) };
  }

  /** The columns a request asks for, always in corpus order whatever order it named them in; all when it names none. */
  private columnCities(named: readonly string[] | undefined): string[] {
    return named?.length ? this.corpusInfo.cities.filter((c) => named.includes(c)) : this.corpusInfo.cities;
  }

  /**
   * Each city's fused ranking for a prepared query, as a comparison ranks it: one per-city vector ranking pass, each
   * keyword-side ranking cut by city in one pass (`splitByCity`), then each city ranked with no filter of its own.
   */
  private rankCities(prepared: PreparedQuery, mode: SearchMode, base: Predicate | null, cities: string[]): Fused[][] {
    const vectorLists = mode === 'keyword' ? null : this.cityRankings([prepared.searchVector], base, cities, this.tuning.compareDepth);
    const perCity = this.splitByCity(prepared, base, cities);
    return cities.map((city) => this.rank(perCity.get(city)!, mode, null, vectorLists?.get(city) ?? []));
  }

  /**
   * A prepared query's keyword-side rankings (terms, expansion, headings, feedback, bridge) cut into each city's
   * best `candidates`, in one pass over each: a comparison then ranks 50 columns without walking every list 50 times.
   */
  private splitByCity(q: PreparedQuery, base: Predicate | null, cities: string[]): Map<string, PreparedQuery> {
    const depth = this.tuning.candidates;
    const cut = this.byCity(q.keyword, base, cities, depth);
    const keyword = this.completeByCity(q.keyword, 'text', q.lookups?.keyword, q.lookups?.depth, base, cities, cut);
    // A completed column's keyword rows are found by the keyword ranking too (`holdsQuery`), beside the corpus-wide ones.
    const found = (c: string): Set<number> | undefined => {
      if (keyword === cut) return q.keywordRows;
      const rows = q.keywordRows ? new Set(q.keywordRows) : new Set(q.keyword.map((r) => r.key));
      for (const r of keyword.get(c)!) rows.add(r.key);
      return rows;
    };
    const expansion = this.completeByCity(q.expansion, 'text', q.lookups?.expansion, q.lookups?.depth, base, cities, this.byCity(q.expansion, base, cities, depth));
    const headings = this.completeByCity(q.headings, 'headings', q.lookups?.headings, q.lookups?.depth, base, cities, this.byCity(q.headings, base, cities, depth));
    const feedback = this.byCity(q.feedback, base, cities, depth);
    const bridge = this.byCity(q.bridge, base, cities, depth);
    return new Map(cities.map((c) => [c, {
      ...q, keyword: keyword.get(c)!, expansion: expansion.get(c)!, headings: headings.get(c)!, feedback: feedback.get(c)!, bridge: bridge.get(c)!, keywordRows: found(c),
    }]));
  }

  /**
   * A keyword-side ranking cut by city (`byCity`), completed where the whole corpus filled the ranking's depth before a
   * city's clauses were reached: a word common elsewhere (项目: 北京's compendium held the first 500) had left 上海's
   * column empty and "weak" though six of its clauses hold it (twenty-first session's API audit, W1). Then every city
   * is ranked over its own clauses in one pass (`KeywordIndex.searchGroups`): the same BM25 scores, the lists a
   * comparison of that city alone would read. A list shorter than its depth held every matching clause, and a city
   * whose list is full has its exact first `candidates` already, so most comparisons do no second pass.
   */
  private completeByCity(
    list: readonly Ranked[], field: 'text' | 'headings', terms: readonly string[] | undefined, looked: number | undefined,
    base: Predicate | null, cities: readonly string[], cut: Map<string, Ranked[]>,
  ): Map<string, Ranked[]> {
    // A column is completed to the depth its vector ranking reads (`compareDepth`), not to the 100 candidates: at 30k
    // synthetic paragraphs in 50 cities, completing every column to 100 made a comparison 34 → 52–62 ms (each column's
    // fusion then checked 100 keyword clauses for the phrase); a column that already holds `compareDepth` keeps its list.
    const depth = this.tuning.compareDepth;
    const short = cities.filter((c) => cut.get(c)!.length < depth);
    if (!terms?.length || looked === undefined || list.length < looked || !short.length) return cut;
    const at = new Map(short.map((c, i) => [c, i]));
    const groups = this.index.keywords.searchGroups(field, terms, depth, short.length, (rowid) => {
      const g = at.get(this.cityOfRow[rowid]!);
      if (g === undefined) return -1;
      const p = this.index.paragraphByRowid[rowid];
      return p && (!base || base(p)) ? g : -1;
    });
    return new Map(cities.map((c) => [c, at.has(c) ? groups[at.get(c)!]!.map((r) => ({ key: r.rowid, score: r.score })) : cut.get(c)!]));
  }

  /**
   * A prepared query whose keyword-side rankings (terms, expansion, headings) are completed within a search's filter
   * when the whole corpus filled them first (see `completeByCity`): the filter's first `candidates` clauses are then
   * its own best, not those of the 500 the corpus ranked first (项目 within 上海 found none of its six clauses).
   */
  private completeWithin(q: PreparedQuery, filter: Predicate | null): PreparedQuery {
    if (!filter || !q.lookups) return q;
    const depth = this.tuning.candidates;
    const { lookups } = q;
    const complete = (list: Ranked[], field: 'text' | 'headings', terms: readonly string[]): Ranked[] => {
      if (!terms.length || list.length < lookups.depth || this.firstKept(list, filter, depth).length >= depth) return list;
      const [within] = this.index.keywords.searchGroups(field, terms, depth, 1, (rowid) => {
        const p = this.index.paragraphByRowid[rowid];
        return p && filter(p) ? 0 : -1;
      });
      return within!.map((r) => ({ key: r.rowid, score: r.score }));
    };
    const keyword = complete(q.keyword, 'text', lookups.keyword);
    // The rows the keyword ranking found are this list's (`holdsQuery`), not the corpus-wide one's.
    return { ...q, keyword, expansion: complete(q.expansion, 'text', lookups.expansion), headings: complete(q.headings, 'headings', lookups.headings), keywordRows: keyword === q.keyword ? q.keywordRows : undefined };
  }

  /**
   * Each city's first `depth` entries of a ranking that `base` keeps, in one pass: for every city the same list as
   * `firstKept(list, <that city and base>, depth)`. Lists are in rank order: once every column holds its `depth`,
   * nothing further down can enter (a bridge or feedback list can run to tens of thousands of clauses at 100k).
   */
  private byCity(list: readonly Ranked[], base: Predicate | null, cities: readonly string[], depth: number): Map<string, Ranked[]> {
    const byCity = new Map<string, Ranked[]>(cities.map((c) => [c, []]));
    let open = cities.length;
    for (const r of list) {
      const own = byCity.get(this.cityOfRow[r.key]!);
      if (!own || own.length >= depth) continue;
      const p = this.index.paragraphByRowid[r.key];
      if (!p || (base && !base(p))) continue;
      own.push(r);
      if (own.length === depth && --open === 0) break;
    }
    return byCity;
  }

  async similar(id: string, options: SimilarOptions): Promise<SimilarResult> {
    const source = this.requireParagraph(id);
    const sameContent = new Set([source.id, source.duplicateOf, ...(this.index.duplicatesOf.get(source.duplicateOf ?? source.id) ?? [])]);
    // A date filter leaves out the documents dated outside it, as the source's own document is left out; so does a
    // choice of documents (`docs`) the documents it does not choose.
    const outside = this.documentsLeftOut(options);
    const cardsOut = options.since || options.until || options.inForce ? this.clausesOutside(options) : NO_ROW_SET;
    const exclude: Predicate = (p) => p.docId === source.docId || sameContent.has(p.id) || outside.has(p.docId) || cardsOut.has(p.rowid);
    exclude.rows = () => [...this.rowsOf([source.docId, ...outside], sameContent), ...cardsOut];
    const sentences = this.index.sentences.of(source.rowid);
    let vectors: Float32Array[];
    let text = source.text;
    if (options.sentence !== undefined) {
      const sentence = sentences[options.sentence];
      if (!sentence) {
        throw createError('UNKNOWN_SENTENCE', `Paragraph ${id} has ${sentences.length === 1 ? 'one sentence, numbered 0' : `${sentences.length} sentences, numbered 0–${Math.max(0, sentences.length - 1)}`}; sentence=${options.sentence} is not one of them. See its \`sentences\` in /api/paragraphs/${id}.`, undefined, `这条条款有 ${sentences.length} 句（从 0 数到 ${Math.max(0, sentences.length - 1)}），没有第 ${options.sentence} 句；不选句子则对照整条。`);
      }
      vectors = [this.sentenceVector(sentence)];
      text = source.text.slice(sentence.start, sentence.end);
    } else {
      vectors = [this.index.vectorOf(source.rowid)!];
      if (this.tuning.similarMatch === 'sentences' && sentences.length > 1) vectors.push(...sentences.map((x) => this.sentenceVector(x)));
    }
    const reverse = this.reverseContext(source.docId, sameContent);
    // A picked sentence is ranked as pasted text is (`textMatch`), from its stored vector; so is a clause that is one
    // sentence (`oneSentenceAsText`).
    const asText = options.sentence !== undefined || (this.tuning.oneSentenceAsText && sentences.length === 1);
    if (asText && options.sentence === undefined) {
      vectors = [this.sentenceVector(sentences[0]!)];
      text = source.text.slice(sentences[0]!.start, sentences[0]!.end);
    }
    // The feedback learns from every document but the source's own, whatever the dates keep: a date filter only removes
    // clauses, and a column it removes nothing from keeps its order (eighteenth session's researcher audit: since=2023
    // changed Kunshan's three though both its documents are of 2023).
    const own: Predicate = (p) => p.docId === source.docId || sameContent.has(p.id);
    const columns = (asText && this.tuning.textMatch === 'query'
      ? await this.asQuery(text, exclude, { ...options, vector: vectors[0]! }, reverse, own)
      : this.counterparts(vectors, text, exclude, options, await this.bridgeRanking(vectors[0]!, this.tuning.similarBridgeWeight), reverse, own))
      .filter((c) => c.results.length > 0 || this.index.documents.some((d) => columnOf(d) === c.city && d.id !== source.docId && !outside.has(d.id) && this.hasClauseKept(d.id, cardsOut)));
    return { source: this.withPart(this.hit(source, 1, null, [], null, options.sentence ?? null), source), columns: this.datedColumns(columns, options) };
  }

  async similarText(asked: string, options: SimilarTextOptions): Promise<SimilarTextResult> {
    const text = toSimplified(asked);
    const excludeDocs = new Set(options.excludeDocs ?? []);
    // What the feedback may not learn from: the excluded documents, not those the dates leave out (as in `similar`).
    const ownDocs = new Set(excludeDocs);
    if (options.exclude) ownDocs.add(this.requireParagraph(options.exclude).docId);
    const own: Predicate = (p) => ownDocs.has(p.docId);
    // A date filter leaves out the documents dated outside it, a choice of documents those it does not choose.
    for (const d of this.documentsLeftOut(options)) excludeDocs.add(d);
    const cardsOut = options.since || options.until || options.inForce ? this.clausesOutside(options) : NO_ROW_SET;
    if (options.exclude) excludeDocs.add(this.requireParagraph(options.exclude).docId);
    const exclude: Predicate = (p) => excludeDocs.has(p.docId) || cardsOut.has(p.rowid);
    exclude.rows = () => [...this.rowsOf(excludeDocs, new Set()), ...cardsOut];
    // The reverse check needs the text's own document: the clause it was taken from names it.
    let reverse: ReverseContext | null = null;
    if (options.exclude) {
      const from = this.requireParagraph(options.exclude);
      reverse = this.reverseContext(from.docId, new Set([from.id, from.duplicateOf, ...(this.index.duplicatesOf.get(from.duplicateOf ?? from.id) ?? [])]));
    }
    // A provision the text cites by a corpus document's title (依照《烟台市民营经济促进条例》第二十二条第二款规定…) comes first
    // in its place's column: the draft names it (query-citation.ts `citationsIn`; the search box's reading, for prose).
    const chosen = options.cities?.length ? new Set(options.cities) : null;
    const inScope: Predicate = (p) => !exclude(p) && (!chosen || chosen.has(this.cityOfRow[p.rowid]!));
    // A title the corpus has no document of is said too (missing: 'document'): the desk's silence had read as checked
    // (s23 drafter audit, item 7: 《中华人民共和国中小企业促进法》第三十二条).
    const citations = citationsIn(text).map((c) => this.resolveCitation(c, documentsTitled(c.title!, this.corpusInfo.documents, this.documentNames), inScope));
    const cited = new Map<string, number[]>();
    for (const rowid of citations.flatMap((c) => c.rows)) {
      const city = this.cityOfRow[rowid]!;
      const rows = cited.get(city) ?? [];
      if (!rows.includes(rowid)) rows.push(rowid);
      cited.set(city, rows);
    }
    let columns: CompareColumn[];
    if (this.tuning.textMatch === 'query') {
      columns = await this.asQuery(text, exclude, options, reverse, own, cited);
    } else {
      const vector = options.vector ?? (await this.embedder.embedQuery(text));
      columns = this.counterparts([vector], text, exclude, options, await this.bridgeRanking(vector, this.tuning.similarBridgeWeight), reverse, own);
    }
    return {
      text: asked,
      columns: this.datedColumns(columns.filter((c) => c.results.length > 0 || this.index.documents.some((d) => columnOf(d) === c.city && !excludeDocs.has(d.id) && this.hasClauseKept(d.id, cardsOut))), options),
      citations: citations.map((c) => c.answer),
    };
  }

  /**
   * Each city's closest clauses to a pasted text ranked as a comparison ranks a query (`textMatch: 'query'`): the
   * excluded documents left out of every ranking, the feedback included; then, when the text's source clause is
   * named, the reverse check of "similar" (`reciprocal`, its weight and depth, at this fusion's RRF k). A column is weak
   * when its first three clauses' best cosine to the text is below `weakText`. Everything is ranked without what
   * `exclude` adds to `own` (the text's own document): a date filter's `exclude` then only removes clauses from the
   * ranked columns, and a column keeps the order it has without the filter ({@link onlyRemoved}).
   */
  private async asQuery(
    text: string, exclude: Predicate, options: SimilarTextOptions, reverse: ReverseContext | null, own: Predicate, cited: ReadonlyMap<string, readonly number[]> = new Map(),
  ): Promise<CompareColumn[]> {
    const keep: Predicate = (p) => !exclude(p);
    if (exclude.rows) keep.refusesOnlyIn = new Set(Array.from(exclude.rows(), (rowid) => this.cityOfRow[rowid]!));
    const notOwn: Predicate = (p) => !own(p);
    // `own` refuses a part of what `exclude` does, so in no other places.
    if (keep.refusesOnlyIn) notOwn.refusesOnlyIn = keep.refusesOnlyIn;
    const prepared = await this.prepare(text, 'hybrid', true, { keep: notOwn, vector: options.vector });
    // Highlighted are the text's salient terms, as a whole clause's counterparts are: a pasted text's every word is a
    // query term, and 以上, 通过, 支持 were marked in every clause (eighteenth session's researcher audit). Of those,
    // words of three characters or more and the policy dictionary's: a text of common words (通过以上措施，支持企业加大
    // 研发投入) has common words for its rarest five, and 以上 was marked 32 times (twentieth session's verifying audit).
    const salient = this.salientTerms(text, this.tuning.similarTerms).filter((t) => [...t].length >= 3 || isPolicyTerm(t));
    const shown: PreparedQuery = { ...prepared, highlight: salient };
    const cities = this.columnCities(options.cities);
    let ranked = this.rankCities(prepared, 'hybrid', notOwn, cities);
    if (reverse && this.tuning.similarReciprocalWeight > 0) {
      const units = this.bestUnits([prepared.vector!], ranked.flatMap((r) => r.slice(0, this.tuning.similarReciprocalDepth).map((f) => f.key)));
      ranked = ranked.map((r) => this.reciprocal(r, units, reverse, this.tuning.fusion, options.k));
    }
    return cities.map((city, c) => {
      const filter: Predicate = (p) => this.cityOfRow[p.rowid] === city && keep(p);
      const list = this.onlyRemoved(ranked[c]!, keep, options.k, () => this.rankCities(prepared, 'hybrid', keep, [city])[0]!);
      // The clauses the text cites come first; a column that has one is no "未见相近条款" (the text names it).
      const citedRows = cited.get(city) ?? [];
      const results = this.toHits(list, shown, 'hybrid', options.k, filter, citedRows);
      const best = this.similarEvidence(text, results, 'text').cos;
      return { city, place: this.placeByCity.get(city)!, results, weak: citedRows.length === 0 && (results.length === 0 || best < this.tuning.weakText) };
    });
  }

  /**
   * Each city's closest clauses to a clause or a pasted text: its vector ranking fused with a keyword ranking on the
   * text's most distinctive terms, since counterparts of one measure tend to share its vocabulary (首台(套), 工业上楼,
   * 5个1) even when their wording differs. `exclude` drops the source's own document and copies.
   */
  private counterparts(
    vectors: Float32Array[], text: string, exclude: Predicate, options: { k: number; cities?: string[] }, bridge: Ranked[] = [], reverse: ReverseContext | null = null,
    own: Predicate = exclude,
  ): CompareColumn[] {
    const cities = this.columnCities(options.cities);
    const salient = this.tuning.similarKeywordWeight > 0 ? this.salientTerms(text, this.tuning.similarTerms) : [];
    const keyword = salient.length ? this.index.keywords.keyword(salient, 500).map((r) => ({ key: r.rowid, score: r.score })) : [];
    // The fused order is made from lists of one depth whatever `k` is, so that asking for more never reorders the first
    // (it did: with lists 4·k deep, 18 of 236 columns' first 3 changed between k = 3 and k = 10). A longer answer
    // continues with the vector ranking's further clauses, after the fused ones (`withTail`).
    const depth = SIMILAR_DEPTH;
    const phrase = new FoldedPhrase(this.fold(text));
    const keep: Predicate = (p) => !exclude(p);
    // The columns the exclusion never touches (every one but the source's, as a rule) select without asking it.
    if (exclude.rows) keep.refusesOnlyIn = new Set(Array.from(exclude.rows(), (rowid) => this.cityOfRow[rowid]!));
    // Ranked without what a date filter adds to the source's own exclusion, which then only removes ({@link onlyRemoved}).
    const notOwn: Predicate = own === exclude ? keep : (p) => !own(p);
    if (keep.refusesOnlyIn) notOwn.refusesOnlyIn = keep.refusesOnlyIn;
    const vectorLists = this.cityRankings(vectors, notOwn, cities, depth);
    const keywordLists = this.byCity(keyword, notOwn, cities, depth);
    const bridgeLists = this.byCity(bridge, notOwn, cities, depth);
    const columns = cities.map((city) => {
      const filter: Predicate = (p) => this.cityOfRow[p.rowid] === city && !exclude(p);
      const vectorRanked = vectorLists.get(city) ?? [];
      const keywordRanked = keywordLists.get(city)!;
      // A clause that holds the pasted text word for word is its source, whatever the vectors say: pinned first.
      const exact = new Set<number>();
      if ([...phrase.text].length >= MIN_PINNED_TEXT) {
        for (const r of [...keywordRanked, ...vectorRanked]) if (this.holds(this.index.paragraphByRowid[r.key]!, phrase)) exact.add(r.key);
      }
      const fusion = { ...this.tuning.fusion, rrfK: this.tuning.similarRrfK, keywordWeight: this.tuning.similarKeywordWeight, vectorWeight: 1, exact };
      const bridged = bridgeLists.get(city)!;
      return { city, filter, fusion, ranked: addRanking(fuse(keywordRanked, vectorRanked, fusion), bridged, this.tuning.similarBridgeWeight, fusion) };
    });
    if (reverse && this.tuning.similarReciprocalWeight > 0) {
      const units = this.bestUnits(vectors, columns.flatMap((c) => c.ranked.slice(0, this.tuning.similarReciprocalDepth).map((f) => f.key)));
      for (const c of columns) c.ranked = this.reciprocal(c.ranked, units, reverse, c.fusion, options.k);
    }
    if (this.tuning.leadAgreed) for (const c of columns) c.ranked = leadAgreed(c.ranked, (key) => c.fusion.exact.has(key));
    const tails = options.k * 4 > depth ? this.cityRankings(vectors, notOwn, cities, Math.max(SIMILAR_TAIL_DEPTH, options.k * 4)) : null;
    const kept = columns.map(({ city, filter, ranked }) => {
      const list = tails ? withTail(ranked, tails.get(city) ?? []) : ranked;
      const short = () => this.cityRankings(vectors, keep, [city], Math.max(depth, options.k * 4)).get(city) ?? [];
      return this.collapse(notOwn === keep ? list : this.onlyRemoved(list, keep, options.k, short), filter, options.k);
    });
    const evidence = this.bestEvidence(vectors, kept.flat().map((f) => f.key));
    const flagTerms = this.weighedTerms(salient.length || this.tuning.similarKeywordWeight > 0 ? salient : this.salientTerms(text, this.tuning.similarTerms));
    let at = 0;
    return columns.map(({ city }, c) => {
      const results = kept[c]!.map((f) => {
        const best = evidence[at++]!;
        return this.hit(this.index.paragraphByRowid[f.key]!, best.score, f, salient, best.score, best.sentence);
      });
      const flag = this.similarEvidence(text, results, 'clause', flagTerms);
      const strong = flag.cos >= this.tuning.weakSimilar || flag.terms >= this.tuning.weakSimilarTerms;
      return { city, place: this.placeByCity.get(city)!, results, weak: results.length === 0 || !strong };
    });
  }

  /**
   * A column's ranking (made without a date filter) with the clauses `keep` refuses taken out, so that the filter only
   * removes and the rest keep their order (eighteenth and nineteenth sessions' audits: a filter had reordered columns
   * it took nothing from, since rank fusion over fewer candidates gives other ranks). When that leaves fewer than `k`
   * (a filter that removes most of a place), it goes on with `ranking()`, a ranking of what the filter keeps.
   */
  private onlyRemoved(ranked: Fused[], keep: Predicate, k: number, ranking: () => readonly (Partial<Fused> & { key: number })[]): Fused[] {
    const kept = ranked.filter((f) => keep(this.index.paragraphByRowid[f.key]!));
    if (kept.length === ranked.length) return ranked;
    const groups = new Set(kept.map((f) => { const p = this.index.paragraphByRowid[f.key]!; return p.duplicateOf ?? p.id; }));
    if (groups.size >= k) return kept;
    const seen = new Set(kept.map((f) => f.key));
    const more = ranking().filter((r) => !seen.has(r.key)).map((r): Fused => ({ score: 0, keywordScore: null, vectorScore: null, keywordRank: null, vectorRank: null, ...r }));
    return [...kept, ...more];
  }

  /**
   * The best evidence of each clause against several source vectors (a clause and its sentences): for each, the
   * first vector's `evidence` that no later one beats. The same values bit for bit, batched: one `dots` call per
   * vector for the clauses and one for their sentences (src/index/quantized.ts), no sentence objects.
   */
  private bestEvidence(vectors: readonly Float32Array[], rowids: readonly number[]): { score: number; sentence: number | null }[] {
    const slots: number[] = [];
    const ordinals: number[] = [];
    const first: number[] = [];
    for (const rowid of rowids) {
      first.push(slots.length);
      this.index.sentences.unitsOf(rowid, slots, ordinals);
    }
    first.push(slots.length);
    const own = rowids.map((r) => r - 1);
    const withVector = slots.filter((s) => s !== -1);
    const best = rowids.map(() => ({ score: -Infinity, sentence: null as number | null }));
    for (const v of vectors) {
      const owns = this.index.paragraphVectors.dots(v, own);
      const scored = this.index.sentenceVectors.dots(v, withVector);
      let k = 0; // the next of `scored`, in the order of `slots`
      rowids.forEach((_, i) => {
        const o = owns[i]!;
        const n = first[i + 1]! - first[i]!;
        let e: { score: number; sentence: number | null };
        if (n === 0) e = { score: o, sentence: null };
        else if (n === 1) {
          if (slots[first[i]!] !== -1) k++;
          e = { score: o, sentence: 0 };
        } else {
          let top = -Infinity;
          let at = 0;
          for (let j = first[i]!; j < first[i + 1]!; j++) {
            const c = slots[j] === -1 ? o : scored[k++]!;
            if (c > top) { top = c; at = ordinals[j]!; }
          }
          e = { score: this.tuning.sentenceEvidence ? Math.max(o, top) : o, sentence: at };
        }
        if (e.score > best[i]!.score) best[i] = e;
      });
    }
    return best;
  }

  /** The source document's other clauses (their int8 slots), against which a candidate's match is checked in reverse. */
  private reverseContext(docId: string, source: ReadonlySet<string | null>): ReverseContext {
    // A copy (Pinghu's 附件2 rows) competes as its original does: counted once.
    const rows = (this.index.paragraphsByDoc.get(docId) ?? []).filter((p) => !source.has(p.id) && !p.duplicateOf).map((p) => p.rowid - 1);
    return { rows };
  }

  /** The rowids of the given documents' clauses and of the given paragraphs (by id): what "similar" leaves out. */
  private rowsOf(docIds: Iterable<string>, paragraphIds: ReadonlySet<string | null>): number[] {
    const rows: number[] = [];
    for (const id of docIds) for (const p of this.index.paragraphsByDoc.get(id) ?? []) rows.push(p.rowid);
    for (const id of paragraphIds) {
      const p = id === null ? undefined : this.index.paragraphById.get(id);
      if (p) rows.push(p.rowid);
    }
    return rows;
  }

  /**
   * Each candidate's unit (the clause, or one of its measure sentences) that best matches the source vectors: that
   * cosine and the unit (-1 the clause, else a sentence slot). Two gathers per source vector, for all columns at once.
   */
  private bestUnits(vectors: Float32Array[], keys: readonly number[]): Map<number, { score: number; slot: number }> {
    const units = new Map<number, { score: number; slot: number }>();
    const rows: number[] = [];
    const slots: number[] = [];
    const owners: number[] = [];
    for (const key of keys) {
      if (units.has(key)) continue;
      units.set(key, { score: -Infinity, slot: -1 });
      rows.push(key - 1);
      if (!this.tuning.sentenceEvidence || this.index.sentences.countOf(key) < 2) continue;
      const before = slots.length;
      this.index.sentences.vectorSlotsOf(key, slots);
      for (let i = before; i < slots.length; i++) owners.push(key);
    }
    // The best over the source vectors of each clause and each sentence; a sentence wins only where it beats its clause.
    const own = this.index.paragraphVectors.best(vectors, rows);
    rows.forEach((row, i) => {
      const u = units.get(row + 1)!;
      u.score = own[i]!;
    });
    const got = this.index.sentenceVectors.best(vectors, slots);
    slots.forEach((slot, i) => {
      const u = units.get(owners[i]!)!;
      if (got[i]! > u.score) { u.score = got[i]!; u.slot = slot; }
    });
    return units;
  }

  /**
   * Mutual nearest neighbours: each of a column's first `similarReciprocalDepth` candidates gains
   * `similarReciprocalWeight / (rrfK + r)`, r = 1 + the number of the source document's other clauses that its
   * matching unit is closer to than to the source. A candidate that could not reach the first `k` even at r = 1 is not
   * checked (the first `k` come out the same); each check is one gather over the source document's clauses (a
   * document, not a city: ≈ 100 clauses), whatever the corpus size.
   */
  private reciprocal(ranked: Fused[], units: Map<number, { score: number; slot: number }>, reverse: ReverseContext, fusion: FusionOptions, k: number): Fused[] {
    const depth = Math.min(ranked.length, this.tuning.similarReciprocalDepth);
    if (!depth || !reverse.rows.length) return ranked;
    const weight = this.tuning.similarReciprocalWeight;
    const most = weight / (fusion.rrfK + 1);
    const exact = fusion.exact ?? new Set<number>();
    const out = ranked.map((f) => ({ ...f }));
    // The k-th best final score so far among distinct clauses (copies collapse into one); exact hits rank first.
    const finals: { score: number; group: string; exact: boolean }[] = [];
    let bar: { score: number; exact: boolean } | null = null;
    for (let i = 0; i < depth; i++) {
      const f = out[i]!;
      // Candidates come in fused order and the bar only rises: once one cannot reach it, none after it can.
      if (bar && !exact.has(f.key) && (bar.exact || f.score + most < bar.score)) break;
      const unit = units.get(f.key)!;
      const vector = unit.slot < 0 ? this.index.vectorOf(f.key)! : this.index.sentenceVectors.get(unit.slot);
      const others = this.index.paragraphVectors.gather(vector, reverse.rows);
      let r = 1;
      for (let j = 0; j < others.length; j++) if (others[j]! > unit.score) r++;
      f.score += weight / (fusion.rrfK + r);
      const p = this.index.paragraphByRowid[f.key]!;
      // A furniture line takes no place in the answer (`collapse` drops it), so it sets no bar: 南京's 政策解读 link line
      // (p0013) had counted as one of k = 3, the bar stopped the check one candidate early, and k = 4 then reordered
      // the first three (twenty-first session's API audit, W3).
      if (!this.furniture.has(f.key)) finals.push({ score: f.score, group: p.duplicateOf ?? p.id, exact: exact.has(f.key) });
      if (finals.length >= k) {
        finals.sort((a, b) => Number(b.exact) - Number(a.exact) || b.score - a.score);
        const seen = new Set<string>();
        bar = finals.find((x) => (seen.add(x.group), seen.size === k)) ?? null;
      }
    }
    return out.sort((a, b) => byFusedOrder(a, b, exact) || a.key - b.key);
  }

  /**
   * Each city's vector ranking for one or more source vectors (a query; a clause and its sentences), from one scan of
   * the whole store in the graph's 128-d coordinates (src/index/projection.ts): every clause's best reduced cosine
   * to the sources (src/index/int8-kernel.ts), each city's best `CITY_WIDEN`·2·depth selected from it, those scored
   * on their full int8 vectors and cut to 2·depth, then rescored by their best evidence (their sentences).
   * Exact within each city up to the reduced scan's cut, where a graph search with a city filter was not: a filter
   * that passes 2% of the clauses makes an HNSW walk visit most of the graph, and the earlier global walk with
   * per-city fallbacks took 0.7–1 s at 100k paragraphs and 50 cities (README "Limits"). The full 512-d scan took
   * ≈ 11 ms per source vector at 100k (a third of a comparison, most of a "similar" with its sentences); the
   * reduced one reads a quarter of the bytes.
   */
  cityRankings(vectors: Float32Array[], base: Predicate | null, cities: string[], depth: number): Map<string, Ranked[]> {
    const want = this.tuning.sentenceEvidence ? depth * 2 : depth;
    const keepAll = base ? (rowid: number) => base(this.index.paragraphByRowid[rowid]!) : null;
    const keep = (city: string) => (base?.refusesOnlyIn && !base.refusesOnlyIn.has(city) ? null : keepAll);
    if (this.index.paragraphVectors.count < this.tuning.reducedScanFrom) {
      const scores = this.index.paragraphVectors.scan(vectors);
      const picked = cities.map((city) => topRows(this.rowsByCity.get(city) ?? NO_ROWS, scores, want, keep(city)));
      const rescored = this.rescore(vectors, picked.flat(), scores);
      return new Map(cities.map((city, i) => [city, this.byEvidence(picked[i]!, rescored, depth)]));
    }
    const reduced = this.index.reducedVectors.scan(vectors.map((v) => this.index.projection.project(v)));
    // Unordered: they are scored again and ordered below.
    const rough = cities.map((city) => topRowKeys(this.rowsByCity.get(city) ?? NO_ROWS, reduced, want * CITY_WIDEN, keep(city)));
    // Their full cosines (the best over the sources), written where `rescore` and `topRows` read them.
    const slots = rough.flat().map((key) => key - 1);
    const own = this.ownScores;
    const got = this.index.paragraphVectors.best(vectors, slots);
    for (let i = 0; i < slots.length; i++) own[slots[i]!] = got[i]!;
    const picked = rough.map((list) => topRows(list, own, want, null));
    const rescored = this.rescore(vectors, picked.flat(), own);
    return new Map(cities.map((city, i) => [city, this.byEvidence(picked[i]!, rescored, depth)]));
  }

  /** Exact ranking of the given clauses (those `base` keeps) by their best evidence for one vector. */
  private exactRanking(vector: Float32Array, rows: readonly number[], base: Predicate | null, depth: number): Ranked[] {
    const kept = base ? rows.filter((rowid) => base(this.index.paragraphByRowid[rowid]!)) : rows;
    const own = this.index.paragraphVectors.gather(vector, kept.map((rowid) => rowid - 1));
    const scores = new Float32Array(this.index.paragraphVectors.count);
    kept.forEach((rowid, i) => { scores[rowid - 1] = own[i]!; });
    // The int8 cosines order the clauses to within about ±0.0005; near the cut that swaps clauses (recall@10 0.956
    // against float32 within one city at 100k). The best are rescored on the graph's float32 copies, which for one
    // filtered search costs a few hundred microseconds.
    const candidates = topRows(kept, scores, depth * 2 + 10, null);
    for (const c of candidates) scores[c.key - 1] = dot(vector, this.index.vectors.vector(c.key));
    const top = topRows(candidates.map((c) => c.key), scores, this.tuning.sentenceEvidence ? depth * 2 : depth, null);
    return this.byEvidence(top, this.rescore([vector], top, scores), depth);
  }

  /**
   * The best evidence of each candidate against the source vectors: the better of its own cosine (`own[rowid − 1]`,
   * already the best over the sources) and its measure sentences', the sentences scored in one gather per source.
   * Without sentence evidence, its own cosine.
   */
  private rescore(vectors: Float32Array[], candidates: readonly Ranked[], own: Float32Array): Float32Array {
    // By slot, in a scratch array (written afresh for the candidates; a map of 3,000 of them cost a comparison ≈ 1 ms).
    // The best of float32 values is one of them: the array holds it exactly.
    const best = this.bestScores;
    for (const c of candidates) best[c.key - 1] = own[c.key - 1]!;
    if (!this.tuning.sentenceEvidence) return best;
    const slots: number[] = [];
    const owners: number[] = [];
    for (const c of candidates) {
      if (this.index.sentences.countOf(c.key) < 2) continue;
      const before = slots.length;
      this.index.sentences.vectorSlotsOf(c.key, slots);
      for (let i = before; i < slots.length; i++) owners.push(c.key - 1);
    }
    const got = this.index.sentenceVectors.best(vectors, slots);
    for (let i = 0; i < slots.length; i++) if (got[i]! > best[owners[i]!]!) best[owners[i]!] = got[i]!;
    return best;
  }

  /** Candidates in the order of their rescored evidence (`evidence[rowid − 1]`), the best `depth`. */
  private byEvidence(candidates: readonly Ranked[], evidence: Float32Array, depth: number): Ranked[] {
    return candidates
      .map((c) => ({ key: c.key, score: evidence[c.key - 1]! }))
      .sort((a, b) => b.score - a.score || a.key - b.key)
      .slice(0, depth);
  }

  /**
   * A clause's evidence for a vector: the better of its own cosine and its best measure sentence's, and which
   * sentence that is (the sentence the page emphasises). Without sentence evidence, the clause's own cosine.
   */
  evidence(vector: Float32Array, rowid: number): { score: number; sentence: number | null } {
    const own = this.index.paragraphVectors.dot(vector, rowid - 1);
    const sentences = this.index.sentences.of(rowid);
    if (sentences.length === 0) return { score: own, sentence: null };
    if (sentences.length === 1) return { score: own, sentence: 0 };
    let best = -Infinity;
    let at = 0;
    for (const s of sentences) {
      const c = s.vector === null ? own : this.index.sentenceVectors.dot(vector, s.vector);
      if (c > best) { best = c; at = s.ordinal; }
    }
    return { score: this.tuning.sentenceEvidence ? Math.max(own, best) : own, sentence: at };
  }

  /**
   * What a comparison column's weak flag is decided on (calibrated by scripts/calibrate-weak.ts): whether one of its
   * clauses contains the query itself or a thesaurus expansion of it as written, and its best cosine to the query.
   * A short query's cosine to a long clause is low even when the clause is squarely on topic, so the cosine alone
   * cannot tell a counterpart from noise. Read over the column's first three clauses, as the flag was judged and
   * calibrated, whatever `k` is: "显示更多" (k = 6) had cleared 昆山's flag for 各地对企业上市给多少奖励 through an
   * unrelated fourth clause (twentieth session's researcher audit).
   */
  columnEvidence(query: string, expanded: string[], results: Hit[]): { lexical: boolean; cos: number } {
    const read = results.slice(0, WEAK_READS);
    const phrases = [query, ...expanded].map((t) => new FoldedPhrase(this.fold(t))).filter((t) => [...t.text].length >= 2);
    const lexical = read.some((h) => phrases.some((t) => this.holds(this.index.paragraphById.get(h.id)!, t)));
    return { lexical, cos: Math.max(-1, ...read.map((h) => h.why.vector ?? -1)) };
  }

  /**
   * What a "similar" column's weak flag is decided on (`weakSimilar`, `weakSimilarTerms`, `weakText`; calibrated by
   * scripts/calibrate-weak.ts): over the column's first three clauses, their best evidence against the source (`score`
   * of a whole clause's counterparts, `why.vector` of a text's), and the share of the IDF mass of the source text's
   * salient terms they hold (computed only for a whole clause's).
   */
  similarEvidence(text: string, results: readonly Hit[], by: 'clause' | 'text', weighed?: WeighedTerms): { cos: number; terms: number } {
    const read = results.slice(0, WEAK_READS);
    const cos = Math.max(-1, ...read.map((h) => (by === 'clause' ? h.score : (h.why.vector ?? -1))));
    if (by === 'text') return { cos, terms: 0 };
    return { cos, terms: this.termShare(weighed ?? this.weighedTerms(this.salientTerms(text, this.tuning.similarTerms)), read) };
  }

  /** Terms with their IDF (as the keyword side weighs them) and the sum of those, for {@link termShare}. */
  private weighedTerms(terms: readonly string[]): WeighedTerms {
    const n = this.index.paragraphs.length;
    const weighed = terms.map((t) => ({ canon: this.fold(t), idf: Math.log(1 + n / (this.index.keywords.documentFrequency(t) + 1)) }));
    return { terms: weighed, total: weighed.reduce((a, t) => a + t.idf, 0) };
  }

  /** The share of the terms' IDF mass that some of `hits` hold (0 when there are no terms). */
  private termShare(weighed: WeighedTerms, hits: readonly Hit[]): number {
    if (weighed.total <= 0) return 0;
    const texts = hits.map((h) => this.foldedText(this.index.paragraphById.get(h.id)!));
    let held = 0;
    for (const t of weighed.terms) if (texts.some((x) => holdsTerm(x, t.canon))) held += t.idf;
    return held / weighed.total;
  }

  /** The `n` query terms of a text with the highest IDF among those that occur in at least one other paragraph. */
  private salientTerms(text: string, n: number): string[] {
    const total = this.index.paragraphs.length;
    return queryTerms(text)
      .filter((t) => [...t].length >= 2)
      .map((t) => ({ t, df: this.index.keywords.documentFrequency(t) }))
      .filter((x) => x.df >= 2 && x.df < total * 0.2)
      .sort((a, b) => a.df - b.df || b.t.length - a.t.length)
      .slice(0, n)
      .map((x) => x.t);
  }

  paragraph(id: string, context = 2): ParagraphContext {
    const p = this.requireParagraph(id);
    const siblings = this.index.paragraphsByDoc.get(p.docId) ?? [];
    const at = siblings.findIndex((s) => s.id === p.id);
    return {
      paragraph: this.withPart(this.hit(p, 0, null, []), p),
      before: siblings.slice(Math.max(0, at - context), at).map((s) => this.hit(s, 0, null, [])),
      after: siblings.slice(at + 1, at + 1 + context).map((s) => this.hit(s, 0, null, [])),
    };
  }

  document(id: string): DocumentView {
    const doc = this.index.documentById.get(id);
    if (!doc) throw createError('UNKNOWN_DOCUMENT', `No document "${id}". See /api/documents for the list.`, undefined, `没有编号为“${id}”的文件；文件列表见“文件”页（/docs）。索引重建后编号可能变了。`);
    const paragraphs = this.index.paragraphsByDoc.get(id) ?? [];
    const byOrdinal = new Map(paragraphs.map((p) => [p.ordinal, p]));
    const outline: OutlineEntry[] = [];
    for (const s of this.index.sectionsOf(id)) {
      const target = byOrdinal.get(s.firstParagraph) ?? paragraphs.find((p) => p.ordinal >= s.firstParagraph);
      if (target) outline.push({ level: s.level, title: s.title, path: s.path, paragraphId: target.id });
    }
    // A clause over 500 characters is read in parts (consecutive paragraphs, ids kept): each says which part it is.
    const split = new Map<number, { part: number; of: number }>();
    for (const c of this.index.clausePartsOf(id)) for (let k = 0; k < c.parts; k++) split.set(c.firstParagraph + k, { part: k + 1, of: c.parts });
    return {
      document: this.summary(id),
      outline,
      paragraphs: paragraphs.map((p) => {
        const hit = this.hit(p, 0, null, []);
        const part = split.get(p.ordinal);
        return part ? { ...hit, split: part } : hit;
      }),
    };
  }

  /**
   * A clause with `split` when it is a part of a source paragraph cut into parts (clause_parts), as the reader marks it:
   * the clause page and its exports had titled ¶35, the second half of 杭州's （二十七）, as they titled ¶34 (twenty-second
   * session's verifying audit). One indexed lookup of the document's parts: 46 µs a call on seeds + external (12 parts
   * in 3 of the 18 documents), against the milliseconds of the "similar" it goes with.
   */
  private withPart(hit: Hit, p: { docId: string; ordinal: number }): Hit {
    const parts = this.index.clausePartsOf(p.docId).find((c) => p.ordinal >= c.firstParagraph && p.ordinal < c.firstParagraph + c.parts);
    return parts ? { ...hit, split: { part: p.ordinal - parts.firstParagraph + 1, of: parts.parts } } : hit;
  }

  // ---------- ranking ----------

  /**
   * `deep`: the rankings will be filtered or cut by city (a filtered search, a comparison), so each keyword-side
   * ranking goes 5× deeper than the `candidates` an unfiltered search fuses (the first `candidates` are the same).
   * `scope.keep` limits what the feedback may learn from (a pasted text's excluded documents); `scope.vector` is the
   * query's embedding when the caller already has it.
   */
  private async prepare(asked: string, mode: SearchMode = 'hybrid', deep = true, scope: { keep?: Predicate; vector?: Float32Array } = {}): Promise<PreparedQuery> {
    // 1,000 is 1000 for every side: the model, the terms, the highlight and the phrase (the index tokens join it too).
    // The vector side had read 5,000亩 as another string than 5000亩 and ranked the clause 13th. So are R & D and R＆D
    // R&D: jieba had cut R & D into R / & / D, and the lone d matched D类企业 (twenty-second session's verifying audit).
    const query = closeAmpersands(roundAsides(joinDigitGroups(asked)));
    const terms = queryTerms(query);
    const { expanded } = this.tuning.expand ? expandQuery(terms) : { expanded: [] as string[] };
    const depth = deep ? Math.max(this.tuning.candidates * 5, 500) : this.tuning.candidates;
    // The query is embedded by a worker process: asked first, the model runs while this thread does the keyword work.
    // Keyword mode ranks by BM25 alone and does without it (its hits carry no cosine; their sentence is the one with
    // the most query words): at 100k clauses the embedding was most of a keyword search's time.
    const embedding = mode === 'keyword' ? Promise.resolve(null) : scope.vector ? Promise.resolve(scope.vector) : this.embedder.embedQuery(this.tuning.queryPrefix + query);
    embedding.catch(() => undefined); // awaited below; this only keeps a failure before that from going unhandled
    // Semantic mode needs no keyword ranking.
    const lexical = mode !== 'semantic';
    const keywords = this.index.keywords;
    const lookups = { keyword: lexical ? this.selective(terms) : [], expansion: lexical ? expanded.flatMap(queryTerms) : [], headings: lexical && this.tuning.headingWeight > 0 ? terms : [], depth };
    const keyword = lookups.keyword.length ? keywords.keyword(lookups.keyword, depth).map((r) => ({ key: r.rowid, score: r.score })) : [];
    const expansion = lookups.expansion.length ? keywords.keyword(lookups.expansion, depth).map((r) => ({ key: r.rowid, score: r.score })) : [];
    const headings = lookups.headings.length ? keywords.headingKeyword(lookups.headings, depth).map((r) => ({ key: r.rowid, score: r.score })) : [];
    const vector = await embedding;
    const termSet = new Set(terms.map((t) => this.fold(t)));
    // Terms are lower-case (5g), the query's words as typed (5G): compared folded, or 5G网络 highlighted only 网络; and
    // 首台(套), one word to jieba, is the term 首台套 (brackets fold away), or 首台(套) was never highlighted.
    // A number or letters are marked with the unit or classifier the query gives them (1000家, not every 1000; D类,
    // 2025年), its unit then not on its own. The words the question is asked with (各地, 方面, 能不能, 目标) are searched
    // but not marked. Read width-folded, so that ５Ｇ and Ｒ＆Ｄ are the words 5G and R&D (the offsets stay).
    const tokens = tokenize(foldWidth(query));
    const asking = withoutQuestionFrame(tokens);
    const words = joinUnits(asking).filter((w) => (termSet.has(this.fold(w)) || isUnitWord(w)) && [...w].length >= 2);
    // A policy term inside a query word (专精特新 in 专精特新企业) is marked on its own too: 专精特新“小巨人” holds no
    // 专精特新企业, and was marked only at 小巨人.
    const inner = words.length ? terms.filter((t) => isLongPolicyTerm(t) && !words.some((w) => this.fold(w) === t)) : [];
    // Without such words the search terms are marked (the sub-words of a word jieba does not know), but not those of the
    // question, unless the query is nothing else (方面 searched alone is marked).
    const framed = tokens.filter((t, i) => asking[i] === '' && t !== '').map((t) => this.fold(t));
    const topical = terms.filter((t) => !framed.some((f) => f.includes(t)));
    // A one-character term is marked only when it is the only one (highlightRanges), and "why" names only what is marked:
    // 各方面, nothing but frame, marks 方面 and names no lone 各 (verifying audit, s23).
    const marking = [...new Set([...(words.length ? words : topical.length ? topical : terms), ...inner, ...expanded])];
    const highlight = marking.length > 1 ? marking.filter((t) => [...t].length > 1) : marking;
    const prepared: PreparedQuery = {
      query, terms, expanded, highlight, phrase: new FoldedPhrase(this.fold(query)), vector, keyword, expansion, headings, coverage: this.coverage(terms, keyword),
      feedback: [], searchVector: vector ?? new Float32Array(0), bridge: mode === 'hybrid' && vector ? await this.bridgeRanking(vector, this.tuning.bridgeWeight) : [], lookups,
    };
    // Semantic mode stays the query's own meaning (its scores are cosines to the query); hybrid takes feedback.
    if (this.tuning.feedbackDocs > 0 && mode === 'hybrid') this.feedback(prepared, mode, depth, scope.keep ?? null);
    return prepared;
  }

  /**
   * Pseudo-relevance feedback: related words and meaning drawn from the corpus itself, through the query's own first
   * results (the top `feedbackDocs` clauses of an unfiltered first pass). Their mean vector moves the query vector
   * (Rocchio: q + β·mean), and their most distinctive terms that the query lacks form one more keyword ranking, so
   * a plain-language query meets the documents' vocabulary (闲置土地 → 盘活, 低效用地) without a hand-written list.
   */
  private feedback(q: PreparedQuery, mode: SearchMode, depth: number, keep: Predicate | null): void {
    const first = this.collapse(this.rank(q, mode, keep), keep, this.tuning.feedbackDocs);
    if (!first.length) return;
    if (this.tuning.feedbackVectorWeight > 0) {
      const v = Float32Array.from(q.vector!);
      const w = this.tuning.feedbackVectorWeight / first.length;
      for (const f of first) {
        const u = this.index.vectorOf(f.key)!;
        for (let i = 0; i < v.length; i++) v[i]! += w * u[i]!;
      }
      let norm = 0;
      for (let i = 0; i < v.length; i++) norm += v[i]! * v[i]!;
      norm = Math.sqrt(norm) || 1;
      for (let i = 0; i < v.length; i++) v[i]! /= norm;
      q.searchVector = v;
    }
    if (this.tuning.feedbackTerms > 0 && mode === 'hybrid') {
      const own = new Set([...q.terms, ...q.expanded].map((t) => this.fold(t)));
      const n = this.index.paragraphs.length;
      const weight = new Map<string, number>();
      for (const f of first) {
        for (const t of new Set(tokenize(this.index.paragraphByRowid[f.key]!.text))) {
          if (!/^\p{Script=Han}{2,}$/u.test(t) || own.has(this.fold(t)) || [...own].some((o) => o.includes(t))) continue;
          const df = this.index.keywords.documentFrequency(t);
          if (df < 2 || df > n * 0.2) continue;
          weight.set(t, (weight.get(t) ?? 0) + Math.log(1 + n / df));
        }
      }
      const picked = [...weight].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, this.tuning.feedbackTerms).map(([t]) => t);
      if (picked.length) q.feedback = this.index.keywords.keyword(picked, depth).map((r) => ({ key: r.rowid, score: r.score }));
    }
  }

  /**
   * The terms worth a keyword lookup: those found in at most `keywordMaxShare` of the paragraphs (by default all
   * of them). A word in most clauses (企业, 发展) adds almost nothing to BM25 (its IDF is near zero); it once made
   * FTS5 score most of the corpus (65 ms per query at 100k paragraphs), which MaxScore now avoids
   * (src/index/postings.ts), and leaving such words out cost dev's city top-3. When every term is that common, the
   * two rarest are kept, so a query never goes unsearched.
   *
   * A term counts in full where a clause holds it only inside a longer word (机器 in 机器人: search mode indexes a
   * compound's sub-words). Weighing such a term's BM25 contribution by f was measured in the twenty-third session and
   * not adopted (the prototype is commit ee37a5c: the hits retrieved re-scored, the clause's words read by jieba's
   * default cut; only the words the query writes as words weighed, not the sub-words of its own compounds). Hybrid,
   * nDCG@10 / city top-3 (pairs from the clause unchanged everywhere; from the sentence where it moved), f = 1 → 0.75,
   * 0.5, 0.25: dev 0.837 / 0.968 → 0.835, 0.843, 0.847 (city unchanged); own 0.832 / 0.956 → 0.831 / 0.941, 0.831 /
   * 0.941, 0.834 / 0.941 (sentence 0.846 → 0.846, 0.846, 0.923); tune 0.848 / 0.913 → 0.844 / 0.913, 0.847 / 0.913,
   * 0.848 / 0.908 (sentence 0.854 → 0.865, 0.854, 0.865); one-sentence 0.750 at each; tune-external 0.722 / 0.938 →
   * 0.723 / 0.933, 0.721 / 0.933, 0.720 / 0.929 (sentence 0.789 → 0.789, 0.803, 0.803); one-sentence-external 0.774 →
   * 0.774, 0.783, 0.783. Every fold's other sets pick 0.25, and held out own and tune lose a column and tune-external
   * nDCG and two columns. Weighing every term (the query's sub-words too) picks 0.25 or 0.5 and loses own and tune; in
   * keyword mode, holding dev out, the others pick 0.25 and dev loses (0.696 / 0.874 → 0.668 / 0.853). Per query (0.25):
   * 鼓励工厂把老旧机器换成新设备 0.691 → 0.789 (机器人 clauses leave), but 防止企业的发明和技术被别人仿冒抄袭 0.554 →
   * 0.237 and 工业互联网 平台 0.553 → 0.413 (平台 in 工业互联网平台 is what was asked). Cost: jieba's cut of each hit,
   * p50 3–4 ms for a search's 100 hits and 15 ms for a comparison's 500 (seeds + external; the top-k itself 0.1–0.2
   * ms), 0.2 / 0.6 ms with the hits' words kept from earlier queries; indexing the default cut's words as a field of
   * their own would make it a lookup, at an index change.
   */
  private selective(terms: string[]): string[] {
    const n = this.index.paragraphs.length;
    const withDf = terms.map((t) => ({ t, df: this.index.keywords.documentFrequency(t) })).filter((x) => x.df > 0);
    const kept = withDf.filter((x) => x.df <= this.tuning.keywordMaxShare * n);
    return (kept.length ? kept : withDf.sort((a, b) => a.df - b.df).slice(0, 2)).map((x) => x.t);
  }

  /**
   * IDF-weighted term coverage of the best of the top three keyword hits. Terms absent from the corpus count too.
   *
   * The question frame's words (各地, 方面, 能不能, 目标 …: `withoutQuestionFrame`, which the marks leave out) count
   * as well. Counting only the rest was measured in the twenty-third session, the keyword ranking unchanged, and not
   * adopted: the sets chosen on disagreed. The coverage of t39 各地对企业研发投入强度的目标是多少 rose from 0.371 to
   * 0.508 (nDCG@10 0.168 → 0.183, city top-3 3 → 4 of 4) and tune went 0.848 / 0.913 → 0.848 / 0.918 (nDCG@10 / city
   * top-3), but own fell 0.832 / 0.956 → 0.825 / 0.941 and tune-external 0.7224 → 0.7222: o13 (…到底办没办成由谁来
   * 检查打分…) and x14 (…能不能帮忙解决) went down, their best hits holding the frame's 办 and 不能 by chance, and
   * those plain-language questions ranked better with the keyword side at the weight the frame lent it. Dev and every
   * pair figure were unchanged (a pair's sentence is ranked with its own clause among its first keyword hits, which
   * holds every term: coverage 1 either way).
   */
  private coverage(terms: string[], keyword: Ranked[]): number {
    if (!terms.length || !keyword.length) return 0;
    const n = this.index.paragraphs.length;
    const weighted = terms.map((t) => ({ canon: this.fold(t), idf: Math.log(1 + n / (this.index.keywords.documentFrequency(t) + 1)) }));
    const total = weighted.reduce((s, w) => s + w.idf, 0) || 1;
    let best = 0;
    for (const r of keyword.slice(0, 3)) {
      const text = this.foldedText(this.index.paragraphByRowid[r.key]!);
      best = Math.max(best, weighted.reduce((s, w) => s + (text.includes(w.canon) ? w.idf : 0), 0) / total);
    }
    return best;
  }

  /**
   * Clauses by their best evidence for a vector (public for the scale bench, which measures its recall): twice `depth`
   * candidates from the clause graph, each rescored by
   * `evidence` (its own and its sentences' cosines, from the int8 stores), the best `depth` kept. A clause whose one
   * sentence matches is pulled up from below the cut; the sentences need no graph of their own (at 100k paragraphs
   * one would hold ~240k more float32 vectors).
   */
  vectorRanking(vector: Float32Array, filter: Predicate | null, depth: number): Ranked[] {
    const want = this.tuning.sentenceEvidence ? depth * 2 : depth;
    let candidates: Ranked[];
    const all = this.index.paragraphs.length;
    // The graph's walk can come back short: among many identical vectors (a clause copied verbatim into many
    // documents) hnswlib returned 187 of 800 asked for at 1M synthetic paragraphs. Its candidates then come from the
    // per-city rankings' scan (`scanCandidates`), not from an exact pass over every clause the filter passes (169 ms).
    const large = this.index.paragraphVectors.count >= this.tuning.reducedScanFrom;
    if (!filter) {
      candidates = this.graphCandidates(vector, want);
      if (large && candidates.length < Math.min(want, all)) candidates = this.scanCandidates(vector, want);
    } else {
      // A filter is applied to an unfiltered walk of the graph, never inside it: a filter that passes 2% of the
      // clauses makes hnswlib visit most of the graph through a JS callback (≈ 60 ms at 100k). When the walk holds
      // too few passing clauses, those that pass are scanned exactly over their int8 vectors instead.
      const n = Math.min(all, Math.max(want * 4, 256));
      let walk = this.graphCandidates(vector, n);
      if (large && walk.length < n) walk = this.scanCandidates(vector, n);
      candidates = walk.filter((h) => filter(this.index.paragraphByRowid[h.key]!)).slice(0, want);
      if (candidates.length < want && walk.length < all) {
        const rows: number[] = [];
        if (filter.rows) {
          for (const rowid of Array.from(filter.rows())) if (filter(this.index.paragraphByRowid[rowid]!)) rows.push(rowid);
        } else {
          for (const p of this.index.paragraphs) if (filter(p)) rows.push(p.rowid);
        }
        if (rows.length > candidates.length) return this.exactRanking(vector, rows, null, depth);
      }
    }
    if (!this.tuning.sentenceEvidence) return candidates.slice(0, depth);
    const scores = this.evidenceScores(vector, candidates.map((h) => h.key));
    return candidates
      .map((h, i) => ({ key: h.key, score: scores[i]! }))
      .sort((a, b) => b.score - a.score || a.key - b.key)
      .slice(0, depth);
  }

  /**
   * What `graphCandidates` returns, from the 128-d scan of every clause the per-city rankings read (≈ 3 ms per 100k):
   * its best `CITY_WIDEN`·n, scored on their full int8 vectors, the best n. For when the graph's walk comes back short
   * (`vectorRanking`); the scores are the walk's, so a ranking made from them is the one the whole walk gives.
   */
  private scanCandidates(vector: Float32Array, n: number): Ranked[] {
    const reduced = this.index.reducedVectors.scan([this.index.projection.project(vector)]);
    return this.bestByInt8(vector, topRowKeys(this.allRows, reduced, n * CITY_WIDEN, null), n);
  }

  /**
   * `evidence(vector, rowid).score` for each rowid, the same values bit for bit, batched: the clauses' own cosines
   * in one `dots` call and their sentences' in another (src/index/quantized.ts), without making sentence objects.
   */
  private evidenceScores(vector: Float32Array, rowids: readonly number[]): Float64Array {
    const own = this.index.paragraphVectors.dots(vector, rowids.map((r) => r - 1));
    const slots: number[] = [];
    const owners: number[] = [];
    rowids.forEach((rowid, i) => {
      if (this.index.sentences.countOf(rowid) < 2) return;
      const before = slots.length;
      this.index.sentences.vectorSlotsOf(rowid, slots);
      for (let k = before; k < slots.length; k++) owners.push(i);
    });
    const sentence = this.index.sentenceVectors.dots(vector, slots);
    const out = Float64Array.from(own);
    for (let k = 0; k < slots.length; k++) if (sentence[k]! > out[owners[k]!]!) out[owners[k]!] = sentence[k]!;
    return out;
  }

  /**
   * The graph's best `n` clauses for a vector, scored on their full int8 vectors (one WebAssembly gather): the
   * graph navigates in 128 dimensions, and what follows ranks by int8 evidence anyway, so the binary16 rescoring
   * `VectorIndex.search` does (≈ 1 ms for 200 candidates, one pread each) would be thrown away here.
   */
  private graphCandidates(vector: Float32Array, n: number): Ranked[] {
    if (this.index.paragraphVectors.count < this.tuning.exactScanBelow) {
      // A small corpus: every clause's int8 cosine in one WebAssembly scan costs less than walking the graph.
      const scores = this.index.paragraphVectors.scan([vector]);
      return topRows(this.allRows, scores, n, null);
    }
    return this.bestByInt8(vector, this.index.vectors.candidates(vector, Math.max(n, RESCORE_POOL)), n);
  }

  /** The best `n` of the given clauses by their full int8 cosine to `vector` (one WebAssembly gather), best first. */
  private bestByInt8(vector: Float32Array, rowids: readonly number[], n: number): Ranked[] {
    const scores = this.index.paragraphVectors.gather(vector, rowids.map((rowid) => rowid - 1));
    return rowids.map((key, i) => ({ key, score: scores[i]! })).sort((a, b) => b.score - a.score || a.key - b.key).slice(0, n);
  }

  /** A measure sentence's vector: its own, or the clause's when it is the whole clause. */
  private sentenceVector(s: StoredSentence): Float32Array {
    return s.vector === null ? this.index.vectorOf(s.paragraphRowid)! : this.index.sentenceVectors.get(s.vector);
  }

  /** The fused (or single) ranking for a query under a filter, before duplicate collapsing and cut-off. */
  rank(q: PreparedQuery, mode: SearchMode, filter: Predicate | null, vectorList?: Ranked[]): Fused[] {
    const depth = this.tuning.candidates;
    const take = (list: readonly Ranked[]) => this.firstKept(list, filter, depth);
    const keyword = take(q.keyword);
    const expansion = take(q.expansion);
    const exact = new Set<number>();
    if (q.phrase.text.length >= 2) {
      for (const r of [...keyword, ...expansion]) {
        const p = this.index.paragraphByRowid[r.key]!;
        if (this.holdsQuery(p, q)) exact.add(r.key);
      }
    }
    if (mode === 'keyword') {
      // Keyword mode ranks by BM25 on the query's own terms; thesaurus hits follow, unless they also matched.
      const fused = fuse(keyword, expansion, { ...this.tuning.fusion, method: 'rrf', keywordWeight: 1, vectorWeight: this.tuning.expansionWeight, exact });
      return fused.map((f) => ({ ...f, keywordScore: f.keywordScore, vectorScore: null, vectorRank: null, score: f.keywordScore ?? f.vectorScore ?? f.score }));
    }
    const vector = vectorList ?? this.vectorRanking(q.searchVector, filter, depth);
    if (mode === 'semantic') {
      return vector.map((r, i) => ({ key: r.key, score: r.score, keywordRank: null, vectorRank: i + 1, keywordScore: null, vectorScore: r.score }));
    }
    // Hybrid: the query's own keyword ranking (weighted by its term coverage) and the vector ranking are fused; the
    // thesaurus ranking adds at its own weight, since expansions matter most for the plain-language queries whose
    // own terms cover little.
    const fusion = this.tuning.fusion;
    const keywordWeight = fusion.adaptive ? fusion.keywordWeight * Math.max(fusion.adaptiveFloor ?? 0, q.coverage) : fusion.keywordWeight;
    // A card's conditions and procedures go under the measures unless the query asks about them (`cardFieldWeight`).
    const below = (ranked: Fused[]) =>
      this.tuning.cardFieldWeight < 1 && this.applicationRows.size && !asksHowToApply(q.query) ? rankBelow(ranked, (key) => this.applicationRows.has(key), this.tuning.cardFieldWeight, exact) : ranked;
    if (fusion.method !== 'rrf' || this.tuning.expansionMode === 'lexical') {
      const lexical = expansion.length
        ? fuse(keyword, expansion, { ...fusion, method: 'rrf', keywordWeight: 1, vectorWeight: this.tuning.expansionWeight }).map((f) => ({ key: f.key, score: f.keywordScore ?? f.score }))
        : keyword;
      return below(fuse(lexical, vector, { ...fusion, keywordWeight, exact }));
    }
    // The heading field counts as much as the query's own words do (the same coverage weight): a heading that
    // shares only incidental words with a plain-language query must not lift the clauses under it.
    return below(addRankings(fuse(keyword, vector, { ...fusion, keywordWeight, exact }), [
      { ranking: expansion, weight: this.tuning.expansionWeight },
      { ranking: take(q.headings), weight: this.tuning.headingWeight * keywordWeight },
      { ranking: take(q.feedback), weight: this.tuning.feedbackTermWeight },
      { ranking: take(q.bridge), weight: this.tuning.bridgeWeight },
    ], { ...fusion, exact }));
  }

  /**
   * The first `depth` entries of a ranking (best first) that exist and pass `filter`: a walk that stops once it has
   * them, since a measure's bridge ranking can hold most of a 100k corpus and a comparison asks once per city.
   */
  private firstKept(list: readonly Ranked[], filter: Predicate | null, depth: number): Ranked[] {
    const out: Ranked[] = [];
    for (let i = 0; i < list.length && out.length < depth; i++) {
      const p = this.index.paragraphByRowid[list[i]!.key];
      if (p && (!filter || filter(p))) out.push(list[i]!);
    }
    return out;
  }

  private bridge: Promise<MeasureBridge> | null = null;

  /**
   * The measure bridge's ranking for a vector (src/search/measure-bridge.ts): the clauses holding the terms of its
   * nearest measure, or none when `weight` is 0 or the nearest measure is further than `bridgeMinCosine`. The
   * measures are embedded once per engine, on first use.
   */
  private async bridgeRanking(vector: Float32Array, weight: number): Promise<Ranked[]> {
    if (weight <= 0) return [];
    const bridge = await this.measureBridge();
    const near = bridge.nearest(vector);
    if (near.cosine < this.tuning.bridgeMinCosine) return [];
    return bridge.ranking(near.index);
  }

  /** The measure bridge, made on first use (its measures embedded, every measure's ranking made in one pass). */
  private measureBridge(): Promise<MeasureBridge> {
    this.bridge ??= MeasureBridge.create(loadBridgeMeasures(), this.embedder, {
      rowids: this.index.paragraphs.map((p) => p.rowid),
      // One pass over every clause: folded as it goes, not through the bounded cache it would flush.
      foldedText: (rowid) => this.fold(this.index.paragraphByRowid[rowid]!.text),
    }).catch((e: unknown) => {
      this.bridge = null; // a busy embedder must not disable the bridge for good: the next query tries again
      throw e;
    });
    return this.bridge;
  }

  /**
   * Makes the measure bridge now, when the tuning uses it, so that no query waits for it: `npm start` calls this
   * before it serves and after each reload. At 100k clauses it takes ≈ 2 s, in slices of ≈ 20 ms that leave the event loop free.
   */
  async prepareBridge(): Promise<void> {
    if (this.tuning.bridgeWeight > 0 || this.tuning.similarBridgeWeight > 0) await this.measureBridge();
  }

  /**
   * Makes the spelling reader's table of the corpus's characters by reading now rather than on the first query with a
   * run worth checking, which would otherwise wait for it (60 ms at 100k synthetic clauses). Returns the ms it took.
   */
  prepareSpelling(): number {
    const t0 = performance.now();
    this.homophones ??= this.makeHomophones();
    return performance.now() - t0;
  }

  /** Collapses duplicates into their original (when it passes the filter) at the best-ranked member's position. */
  private collapse(ranked: Fused[], filter: Predicate | null, limit = Infinity): Fused[] {
    if (!this.tuning.collapseDuplicates) return ranked.filter((f) => !this.furniture.has(f.key)).slice(0, limit);
    const seen = new Set<string>();
    const out: Fused[] = [];
    for (const f of ranked) {
      if (out.length >= limit) break;
      if (this.furniture.has(f.key)) continue;
      const p = this.index.paragraphByRowid[f.key]!;
      const group = p.duplicateOf ?? p.id;
      if (seen.has(group)) continue;
      seen.add(group);
      const original = this.index.paragraphById.get(group);
      out.push(original && original.rowid !== f.key && (!filter || filter(original)) ? { ...f, key: original.rowid } : f);
    }
    return out;
  }

  private toHits(ranked: Fused[], q: PreparedQuery, mode: SearchMode, k: number, filter: Predicate | null, cited: readonly number[] = []): Hit[] {
    const terms = q.highlight;
    // A clause that holds the whole query as written is placed first (fusion.ts `exact`): its hit says so, since its
    // score alone would not explain why it ranks above a higher-scoring one (eighteenth session's researcher audit).
    const pinned = mode !== 'semantic' && q.phrase.text.length >= 2;
    const ordered = this.tuning.leadAgreed ? leadAgreed(ranked, (key) => pinned && this.holdsQuery(this.index.paragraphByRowid[key]!, q)) : ranked;
    const kept = cited.length ? this.citedFirst(ordered, cited, filter, k) : this.collapse(ordered, filter, k);
    const citedCount = Math.min(cited.length, k);
    const evidence = q.vector ? this.bestEvidence([q.vector], kept.map((f) => f.key)) : [];
    return kept.map((f, i) => {
      const p = this.index.paragraphByRowid[f.key]!;
      // A collapsed group keeps the score of its best-ranked member (semantic: that member's evidence).
      const hit = q.vector ? this.hit(p, f.score, f, terms, evidence[i]!.score, evidence[i]!.sentence) : this.hit(p, f.score, f, terms, null, this.lexicalSentence(p, terms));
      if (pinned && this.holdsQuery(p, q)) hit.why.phrase = true;
      // Both when both hold: a condition that holds the whole query is ranked under the measure clauses that hold it
      // too, and its page said nothing of that (s23 verify audit, item 8: 专精特新's p0096, p0280 at 23–26 of 北京).
      if (f.below && i >= citedCount) hit.why.below = 'application';
      if (i < citedCount) hit.why.citation = true;
      return hit;
    });
  }

  /**
   * The cited clauses first, as cited (a cited clause that copies another document's is itself, not that copy's
   * original: the citation names this document), each with its place in the ranking when it has one; then the ranking
   * without them or their copies, collapsed as ever.
   */
  private citedFirst(ordered: readonly Fused[], cited: readonly number[], filter: Predicate | null, k: number): Fused[] {
    const at = new Map(ordered.map((f) => [f.key, f]));
    const head = cited.slice(0, k).map((key): Fused => at.get(key) ?? { key, score: 0, keywordRank: null, vectorRank: null, keywordScore: null, vectorScore: null });
    const groupOf = (key: number) => {
      const p = this.index.paragraphByRowid[key]!;
      return p.duplicateOf ?? p.id;
    };
    const taken = new Set(head.map((f) => groupOf(f.key)));
    return [...head, ...this.collapse(ordered.filter((f) => !taken.has(groupOf(f.key))), filter, k - head.length)];
  }

  /** The measure sentence of a clause that holds the most of `terms` (ties: the first), or null when none holds any. */
  private lexicalSentence(p: StoredParagraph, terms: readonly string[]): number | null {
    const sentences = this.index.sentences.of(p.rowid);
    const folded = terms.map((t) => this.fold(t)).filter((t) => t !== '');
    let best: number | null = null;
    let most = 0;
    for (const s of sentences) {
      const text = this.fold(p.text.slice(s.start, s.end));
      const n = folded.filter((t) => text.includes(t)).length;
      if (n > most) {
        most = n;
        best = s.ordinal;
      }
    }
    return best;
  }

  // ---------- shaping ----------

  private readonly outsideDates = new Map<string, { docs: ReadonlySet<string>; rows: ReadonlySet<number> }>();
  private cardDates: CompendiumDates | null = null;

  /**
   * The documents a date range or a day in force leaves out: dated outside `since`–`until`, or (with `inForce`) stating a
   * validity that does not cover that day (expired, or not yet in force), or stating none but written after it. A
   * compendium whose cards give their policies' dates is not left out by its own date or validity: its clauses are,
   * by their cards ({@link clausesOutside}). Read once per document (12,500 at 1M clauses) rather than once per clause a ranking asks
   * about, and remembered for the last few bounds (a search builds its predicate three times).
   */
  private documentsOutside(f: Pick<SearchFilters, 'since' | 'until' | 'inForce'>): ReadonlySet<string> {
    return this.datedOut(f).docs;
  }

  /**
   * The documents "similar" leaves out besides the source's own: those the dates leave out ({@link documentsOutside})
   * and, with `docs`, every document not among them. Removed as the dates remove, after the ranking.
   */
  private documentsLeftOut(f: Pick<SearchFilters, 'since' | 'until' | 'inForce' | 'docs'>): ReadonlySet<string> {
    const dated = f.since || f.until || f.inForce ? this.documentsOutside(f) : NO_DOCUMENTS;
    if (!f.docs?.length) return dated;
    const chosen = new Set(f.docs);
    return new Set([...dated, ...this.index.documents.filter((d) => !chosen.has(d.id)).map((d) => d.id)]);
  }

  /** The clauses of a compendium whose cards lie outside `since`–`until` or are not in force on `inForce` (card-dates.ts). */
  private clausesOutside(f: Pick<SearchFilters, 'since' | 'until' | 'inForce'>): ReadonlySet<number> {
    return this.datedOut(f).rows;
  }

  /**
   * Whether a document has a clause the card dates keep (`cardsOut`: a compendium's clauses left out by their cards): a
   * compendium none of whose cards is in the range has no column, as a dated-out document has none (nineteenth
   * session's researcher audit: the desk showed an empty 北京 column for in_force=1999-01-01).
   */
  private hasClauseKept(docId: string, cardsOut: ReadonlySet<number>): boolean {
    if (!cardsOut.size) return true;
    return (this.index.paragraphsByDoc.get(docId) ?? []).some((p) => !cardsOut.has(p.rowid));
  }

  /**
   * Hits whose 亦见于 (`duplicates`) names only copies the dates or the day in force keep: with until=2022, a card's copy
   * on a 2023 card is not offered (eighteenth session's verifying audit).
   */
  private datedDuplicates(hits: Hit[], f: Pick<SearchFilters, 'since' | 'until' | 'inForce'>): Hit[] {
    if (!f.since && !f.until && !f.inForce) return hits;
    const { docs, rows } = this.datedOut(f);
    const kept = (id: string) => {
      const p = this.index.paragraphById.get(id);
      return !p || (!docs.has(p.docId) && !rows.has(p.rowid));
    };
    for (const h of hits) if (h.duplicates.length) h.duplicates = h.duplicates.filter(kept);
    return hits;
  }

  private datedColumns<C extends { results: Hit[] }>(columns: C[], f: Pick<SearchFilters, 'since' | 'until' | 'inForce'>): C[] {
    for (const c of columns) this.datedDuplicates(c.results, f);
    return columns;
  }

  private datedOut(f: Pick<SearchFilters, 'since' | 'until' | 'inForce'>): { docs: ReadonlySet<string>; rows: ReadonlySet<number> } {
    const key = `${f.since ?? ''}/${f.until ?? ''}/${f.inForce ?? ''}`;
    let out = this.outsideDates.get(key);
    if (!out) {
      const ranged = Boolean(f.since || f.until);
      const cards = this.compendiumDates();
      const dated = (d: (typeof this.index.documents)[number]) => !ranged || cards.has(d.id) || dateInRange(d.date, f.since, f.until);
      const inForce = (d: (typeof this.index.documents)[number]) => {
        if (!f.inForce) return true;
        const v = this.documentSummaryById.get(d.id);
        return !v || documentInForce(v, f.inForce);
      };
      const docs = new Set(this.index.documents.filter((d) => !dated(d) || (!cards.has(d.id) && !inForce(d))).map((d) => d.id));
      // A compendium's clauses go by their cards (src/search/card-dates.ts); the book's own text by the book, while a card
      // of it is kept.
      const rows = new Set<number>();
      for (const docId of cards.documents()) {
        const book = this.index.documentById.get(docId);
        if (!book || docs.has(docId)) continue;
        for (const p of this.index.paragraphsByDoc.get(docId) ?? []) {
          const inRange = !ranged || cards.clauseInRange(p, book.date, f.since, f.until);
          if (!inRange || (f.inForce && !cards.clauseInForce(p, f.inForce, () => inForce(book)))) rows.add(p.rowid);
        }
      }
      out = { docs, rows };
      if (this.outsideDates.size >= 16) this.outsideDates.delete(this.outsideDates.keys().next().value!);
      this.outsideDates.set(key, out);
    }
    return out;
  }

  /** The compendiums' clauses dated by their cards, read once. */
  private compendiumDates(): CompendiumDates {
    this.cardDates ??= new CompendiumDates(this.index.paragraphs);
    return this.cardDates;
  }

  private predicate(filters: SearchFilters): Predicate | null {
    const cities = filters.cities?.length ? new Set(filters.cities) : null;
    const docs = filters.docs?.length ? new Set(filters.docs) : null;
    const levels = filters.levels?.length ? new Set(filters.levels) : null;
    const part = filters.part ?? null;
    const datedOut = filters.since || filters.until || filters.inForce ? this.documentsOutside(filters) : null;
    const cardsOut = datedOut ? this.clausesOutside(filters) : null;
    if (!cities && !docs && !levels && !part && !datedOut) return null;
    const predicate: Predicate = (p) => {
      if (cities && !cities.has(this.cityOfRow[p.rowid]!)) return false;
      if (part && p.part !== part) return false;
      if (datedOut?.has(p.docId) || cardsOut?.has(p.rowid)) return false;
      if (!docs && !levels) return true;
      const d = this.index.documentById.get(p.docId);
      return !!d && (!docs || docs.has(d.id)) && (!levels || levels.has(d.level ?? ''));
    };
    if (docs) predicate.rows = () => [...docs].flatMap((id) => (this.index.paragraphsByDoc.get(id) ?? []).map((p) => p.rowid)).sort((a, b) => a - b);
    else if (cities) predicate.rows = () => [...cities].flatMap((c) => [...(this.rowsByCity.get(c) ?? NO_ROWS)]).sort((a, b) => a - b);
    return predicate;
  }

  /**
   * The form in which a query and a clause compare: the highlighter's folding (width, case, no brackets or quotes,
   * so 首台套 meets 首台(套)) without whitespace. Exact-phrase pinning, term coverage and "why" all use it.
   */
  private fold(s: string): string {
    return foldTerm(toSimplified(s)).replace(/\s+/gu, '');
  }

  /** Whether a clause, folded, holds a folded phrase; most clauses are told apart without being folded. */
  /**
   * Whether a clause outside the columns `cities` writes the word `name` with `next` straight after it (simplified):
   * the clauses holding `name` as a word are read for the two, those of `cities` skipped unread. For place scoping's
   * bare names run on into a query (上海交大). A place's name is written mostly in its own documents, so few clauses
   * are read; a corpus that never writes the name as a word writes no such phrase.
   */
  private writtenElsewhere(name: string, next: string, cities: readonly string[]): boolean {
    const df = this.index.keywords.documentFrequency(name);
    if (df === 0) return false;
    const phrase = new FoldedPhrase(this.fold(name + next));
    const inside = new Set(cities);
    return this.index.keywords.keyword([name], df).some((h) => !inside.has(this.cityOfRow[h.rowid]!) && this.holds(this.index.paragraphByRowid[h.rowid]!, phrase));
  }

  /**
   * Whether a clause holds the whole query as a user reads it, which places it first in search and compare: the phrase
   * as written, in a clause the keyword ranking found on the query's own words. The index's tokens are jieba's words
   * (and their dictionary sub-words), so a clause that holds 动工 only across words (推动工作) or 和平 (设施和平台) is no
   * keyword hit of theirs, while 企业 in 中小企业 and 数字化转型 in 产业数字化转型 are; as bare substrings they had been
   * pinned first and counted as holding the query (twentieth session's verifying audit). A set lookup per clause:
   * segmenting each clause that holds a short common query (企业) had added 7 ms to a comparison of 2,778 clauses.
   */
  private holdsQuery(p: StoredParagraph, q: PreparedQuery): boolean {
    if (!this.holds(p, q.phrase)) return false;
    if (!this.tuning.phraseWordEdges) return true;
    q.keywordRows ??= new Set(q.keyword.map((r) => r.key));
    return q.keywordRows.has(p.rowid);
  }

  private holds(p: StoredParagraph, phrase: FoldedPhrase): boolean {
    // Folding never lengthens a text: a clause shorter than the phrase cannot hold it.
    // A clause in traditional script lacks the phrase's simplified ideographs as written: ask its folded text.
    return p.text.length >= phrase.text.length && (phrase.mayBeIn(p.text) || this.isTraditional(p)) && this.foldedText(p).includes(phrase.text);
  }

  /**
   * Folded clause texts, the oldest first, at most FOLDED_CACHE of them (first in, first out: moving each hit to the
   * end, as an LRU does, cost a comparison 2–3 ms of map updates). Unbounded, this cache
   * grew to every clause of the corpus (the measure bridge scans them all): +100 MB at 100k clauses after 25 queries.
   */
  private readonly folded = new Map<number, string>();
  /** Per rowid: 0 not yet read, 1 simplified throughout, 2 holds a traditional character. */
  private scripts = new Uint8Array(0);
  private isTraditional(p: StoredParagraph): boolean {
    if (this.scripts.length <= p.rowid) {
      const grown = new Uint8Array(Math.max(p.rowid + 1, this.index.paragraphs.length + 1));
      grown.set(this.scripts);
      this.scripts = grown;
    }
    if (this.scripts[p.rowid] === 0) this.scripts[p.rowid] = hasTraditional(p.text) ? 2 : 1;
    return this.scripts[p.rowid] === 2;
  }
  /**
   * A number term's whole occurrences in a clause, as `holdsTerm` finds them in its folded text. An ASCII term (5%,
   * 2025, 3.5, 5g) is looked for in the clause's text as stored (full-width digits and letters were made half-width at
   * ingest), lower-cased when the term has letters, with ％ and ． read as % and .: folding every clause that holds a
   * number's token was too slow (at 100k synthetic clauses, keyword search for 到2025年 专精特新企业 1000家 took 420 ms
   * p50 folding each, 3.8 ms by index tokens, 3.9 read as stored; `scripts/bench` figures in the README). What this
   * does not fold: a quote, bracket or space inside a number (5 %), which the marks would skip.
   */
  private countNumber(p: StoredParagraph, folded: string): number {
    if (!ASCII.test(folded)) return countTerm(this.foldedText(p), folded);
    let text = /[a-z]/u.test(folded) ? p.text.toLowerCase() : p.text;
    if (text.includes('％') || text.includes('．')) text = text.replace(/％/gu, '%').replace(/．/gu, '.');
    return countTerm(text, folded);
  }

  private foldedText(p: StoredParagraph): string {
    let f = this.folded.get(p.rowid);
    if (f !== undefined) return f;
    f = this.fold(p.text);
    this.folded.set(p.rowid, f);
    if (this.folded.size > FOLDED_CACHE) this.folded.delete(this.folded.keys().next().value!);
    return f;
  }

  private requireParagraph(id: string): StoredParagraph {
    const p = this.index.paragraphById.get(id);
    if (!p) throw createError('UNKNOWN_PARAGRAPH', `No paragraph "${id}". Paragraph ids look like 000_dcbe0bbe788de573:p0042; find them through search or /api/documents/:id.`, undefined, `没有编号为“${id}”的条款。文件改动后重建索引，条款编号可能变了：请检索条款的文字，或从文件页找到它。`);
    return p;
  }

  private docRef(id: string): DocRef {
    return docRefOf(this.index.documentById.get(id)!);
  }

  private summary(id: string): DocumentSummary {
    const d = this.index.documentById.get(id)!;
    return {
      ...this.docRef(id),
      path: relativeToInput(d.path, this.index.manifest.inputs),
      issuer: d.issuer, docNumber: d.docNumber, placeCode: d.placeCode, placeKind: d.placeKind, parent: d.parent, parentCode: d.parentCode,
      province: d.province, docType: d.docType, adoptedDate: d.adoptedDate, approvedDate: d.approvedDate,
      planPeriod: d.planPeriod, postedDate: d.postedDate,
      ...this.validityOf(id, d.date),
      paragraphCount: this.index.paragraphsByDoc.get(id)?.length ?? 0,
    };
  }

  /**
   * When the document takes effect and runs to, from its own closing clause (src/text/validity.ts): read from its
   * last main-text clauses when the index opens (≈ 30 regular-expression tests per document).
   */
  private validityOf(id: string, issued: string | null): { effectiveDate: string | null; expiryDate: string | null } {
    const main = (this.index.paragraphsByDoc.get(id) ?? []).filter((p) => p.part === 'main');
    const v = readValidity(main.slice(-VALIDITY_CLAUSES).map((p) => p.text), issued);
    return { effectiveDate: v.effective, expiryDate: v.expires };
  }

  /**
   * Each clause's 款 and 项 in its article (src/text/provisions.ts), by clause id, per document: read from the
   * document's clauses the first time one of them is shown (a document without articles keeps an empty map).
   */
  private readonly provisions = new Map<string, ReadonlyMap<string, Readonly<Provision>>>();
  private provisionOf(p: StoredParagraph): Provision | undefined {
    let byId = this.provisions.get(p.docId);
    if (!byId) {
      const clauses = this.index.paragraphsByDoc.get(p.docId) ?? [];
      const placed = articleProvisions(clauses);
      byId = new Map(clauses.flatMap((c, i) => (placed[i] ? [[c.id, Object.freeze(placed[i]!)] as const] : [])));
      this.provisions.set(p.docId, byId);
    }
    return byId.get(p.id);
  }

  private hit(p: StoredParagraph, score: number, f: Fused | null, terms: string[], cosine: number | null = null, sentence: number | null = null): Hit {
    const group = p.duplicateOf ?? p.id;
    const duplicates = [group, ...(this.index.duplicatesOf.get(group) ?? [])].filter((x) => x !== p.id);
    const highlights = terms.length ? highlightRanges(p.text, terms) : [];
    const textCanon = this.foldedText(p);
    const provision = this.provisionOf(p);
    return {
      id: p.id,
      doc: this.docRef(p.docId),
      section: p.sectionPath,
      text: p.text,
      fingerprint: clauseFingerprint(p.text),
      score: Math.round(score * 1e6) / 1e6,
      highlights,
      duplicates,
      part: p.part,
      kind: p.kind,
      responsible: p.responsible,
      leads: leadUnits(p.responsible),
      ...(p.source ? { source: p.source } : {}),
      ...(provision ? { provision } : {}),
      ...(p.kind === 'table-row' && p.columns?.length ? { table: { columns: p.columns, cells: rowCells(p.text, p.columns) } } : {}),
      sentences: this.index.sentences.of(p.rowid).map((x) => ({ start: x.start, end: x.end, text: p.text.slice(x.start, x.end) })),
      why: {
        sentence,
        keyword: f?.keywordScore ?? null,
        vector: cosine ?? f?.vectorScore ?? null,
        terms: terms.filter((t) => holdsTerm(textCanon, this.fold(t))),
        keywordRank: f?.keywordRank ?? null,
        vectorRank: f?.vectorRank ?? null,
      },
    };
  }
}

/** The build's skipped files as the corpus page lists them: named relative to their input folder. */
export function skippedDocuments(skipped: readonly { file: string; code: string; message: string; kept?: boolean }[], inputs: readonly string[]): SkippedDocument[] {
  return skipped.map((k) => ({ file: relativeToInput(k.file, inputs), code: k.code, message: k.message, kept: k.kept === true }));
}

/** A file's path relative to the input folder it lies in (its base name when none holds it). */
function relativeToInput(file: string, inputs: readonly string[]): string {
  const input = inputs.find((dir) => file.startsWith(`${dir}/`));
  return input ? file.slice(input.length + 1) : basename(file);
}
