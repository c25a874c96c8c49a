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
import { foldTerm, highlightRanges } from '../text/highlight.js';
import { DOCUMENT_TYPES } from '../text/metadata.js';
import { queryTerms, tokenize } from '../text/segment.js';
import { LEVEL_ORDER, columnOf, placeGroups, placeSummaries } from './places.js';
import { expandQuery } from './thesaurus.js';
import { DEFAULT_FUSION, addRanking, fuse, type Fused, type FusionOptions, type Ranked } from './fusion.js';
import type {
  CompareColumn, CompareResult, CorpusInfo, DocRef, DocumentSummary, DocumentView, Hit, OutlineEntry, ParagraphContext, PlaceSummary,
  SearchEngine, SearchFilters, SearchMode, SearchOptions, SearchResult, SimilarResult, SimilarTextOptions, SimilarTextResult, SkippedDocument,
} from './types.js';

export interface SearchTuning {
  fusion: FusionOptions;
  /** How deep each ranking goes before fusion and filtering. */
  candidates: number;
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
  /** A "similar" column is weak when its best hit's cosine to the source paragraph is below this. */
  weakSimilar: number;
  collapseDuplicates: boolean;
  /** Weight of the salient-term keyword ranking in "similar" (0 = by the paragraph's vector alone). */
  similarKeywordWeight: number;
  /** How many salient terms of the source clause form that keyword query. */
  similarTerms: number;
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
}

export const DEFAULT_TUNING: SearchTuning = {
  fusion: DEFAULT_FUSION,
  candidates: 100,
  expand: true,
  expansionWeight: 0.5,
  expansionMode: 'separate',
  queryPrefix: '',
  weakCompare: 0.625,
  weakSimilar: 0.775,
  collapseDuplicates: true,
  similarKeywordWeight: 0.5,
  similarTerms: 5,
  sentenceEvidence: true,
  similarMatch: 'sentences',
  headingWeight: 0.25,
  keywordMaxShare: 1,
  feedbackDocs: 3,
  feedbackVectorWeight: 0.5,
  feedbackTerms: 5,
  feedbackTermWeight: 0.25,
};

/** Pasted text at least this long (characters, folded) pins the clauses that hold it word for word. */
const MIN_PINNED_TEXT = 12;

export const BGE_QUERY_PREFIX = '为这个句子生成表示以用于检索相关文章：';

interface PreparedQuery {
  query: string;
  terms: string[];
  expanded: string[];
  /** Whole words of the query (not search-mode sub-words such as 上工 from 规上工业) plus expansions: what is highlighted. */
  highlight: string[];
  /** Canonical form of the whole query, for exact phrase hits. */
  phrase: string;
  vector: Float32Array;
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
}

type Predicate = (p: StoredParagraph) => boolean;

export class Engine implements SearchEngine {
  readonly tuning: SearchTuning;
  private readonly corpusInfo: CorpusInfo;
  private readonly cityOf: (p: StoredParagraph) => string | null;
  private readonly placeByCity: Map<string, PlaceSummary>;

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
    };
    this.placeByCity = new Map(places.map((p) => [p.city, p]));
    this.cityOf = (p) => {
      const d = index.documentById.get(p.docId);
      return d ? columnOf(d) : null;
    };
    for (const p of index.paragraphs) {
      const city = this.cityOf(p) ?? '';
      const rows = this.rowsByCity.get(city);
      if (rows) rows.push(p.rowid);
      else this.rowsByCity.set(city, [p.rowid]);
    }
  }

  /** Each city's paragraph rowids, for exact per-city scans. */
  private readonly rowsByCity = new Map<string, number[]>();

  corpus(): CorpusInfo {
    return this.corpusInfo;
  }

  // ---------- search ----------

  async search(query: string, options: SearchOptions): Promise<SearchResult> {
    const prepared = await this.prepare(query, options.mode);
    const ranked = this.rank(prepared, options.mode, this.predicate(options));
    return { query, mode: options.mode, results: this.toHits(ranked, prepared, options.mode, options.k, this.predicate(options)), expanded: prepared.expanded };
  }

  async compare(query: string, options: SearchOptions): Promise<CompareResult> {
    const prepared = await this.prepare(query, options.mode);
    // Columns always follow the corpus order, whatever order the request named them in.
    const cities = options.cities?.length ? this.corpusInfo.cities.filter((c) => options.cities!.includes(c)) : this.corpusInfo.cities;
    const base = this.predicate({ ...options, cities: [] });
    const vectorLists = options.mode === 'keyword' ? null : this.cityRankings(prepared.searchVector, base, cities, this.tuning.candidates);
    const columns: CompareColumn[] = cities.map((city) => {
      const filter = this.predicate({ ...options, cities: [city] });
      const results = this.toHits(this.rank(prepared, options.mode, filter, vectorLists?.get(city)), prepared, options.mode, options.k, filter);
      const evidence = this.columnEvidence(query, prepared.expanded, results);
      return { city, place: this.placeByCity.get(city)!, results, weak: results.length === 0 || !(evidence.lexical || evidence.cos >= this.tuning.weakCompare) };
    });
    return { query, mode: options.mode, columns, expanded: prepared.expanded };
  }

  async similar(id: string, options: { k: number; cities?: string[]; sentence?: number }): Promise<SimilarResult> {
    const source = this.requireParagraph(id);
    const sameContent = new Set([source.id, source.duplicateOf, ...(this.index.duplicatesOf.get(source.duplicateOf ?? source.id) ?? [])]);
    const exclude: Predicate = (p) => p.docId === source.docId || sameContent.has(p.id);
    const sentences = this.index.sentencesByParagraph[source.rowid] ?? [];
    let vectors: Float32Array[];
    let text = source.text;
    if (options.sentence !== undefined) {
      const sentence = sentences[options.sentence];
      if (!sentence) {
        throw createError('UNKNOWN_SENTENCE', `Paragraph ${id} has ${sentences.length} sentence(s), numbered 0–${Math.max(0, sentences.length - 1)}; sentence=${options.sentence} is not one of them. See its \`sentences\` in /api/paragraphs/${id}.`);
      }
      vectors = [this.sentenceVector(sentence)];
      text = source.text.slice(sentence.start, sentence.end);
    } else {
      vectors = [this.index.vectorOf(source.rowid)!];
      if (this.tuning.similarMatch === 'sentences' && sentences.length > 1) vectors.push(...sentences.map((x) => this.sentenceVector(x)));
    }
    const columns = this.counterparts(vectors, text, exclude, options)
      .filter((c) => c.results.length > 0 || this.index.documents.some((d) => columnOf(d) === c.city && d.id !== source.docId));
    return { source: this.hit(source, 1, null, [], null, options.sentence ?? null), columns };
  }

  async similarText(text: string, options: SimilarTextOptions): Promise<SimilarTextResult> {
    const vector = options.vector ?? (await this.embedder.embedQuery(text));
    const excludeDocs = new Set(options.excludeDocs ?? []);
    if (options.exclude) excludeDocs.add(this.requireParagraph(options.exclude).docId);
    const exclude: Predicate = (p) => excludeDocs.has(p.docId);
    const columns = this.counterparts([vector], text, exclude, options)
      .filter((c) => c.results.length > 0 || this.index.documents.some((d) => columnOf(d) === c.city && !excludeDocs.has(d.id)));
    return { text, columns };
  }

  /**
   * Each city's closest clauses to a clause or a pasted text: its vector ranking fused with a keyword ranking on the
   * text's most distinctive terms, since counterparts of one measure tend to share its vocabulary (首台(套), 工业上楼,
   * 5个1) even when their wording differs. `exclude` drops the source's own document and copies.
   */
  private counterparts(vectors: Float32Array[], text: string, exclude: Predicate, options: { k: number; cities?: string[] }): CompareColumn[] {
    const cities = options.cities?.length ? this.corpusInfo.cities.filter((c) => options.cities!.includes(c)) : this.corpusInfo.cities;
    const salient = this.tuning.similarKeywordWeight > 0 ? this.salientTerms(text, this.tuning.similarTerms) : [];
    const keyword = salient.length ? this.index.keywords.keyword(salient, 500).map((r) => ({ key: r.rowid, score: r.score })) : [];
    const depth = Math.max(options.k * 4, 20);
    const phrase = this.fold(text);
    const keep: Predicate = (p) => !exclude(p);
    const perVector = vectors.map((v) => this.cityRankings(v, keep, cities, depth));
    return cities.map((city) => {
      const filter: Predicate = (p) => !exclude(p) && this.cityOf(p) === city;
      const vectorRanked = this.mergeRankings(vectors, perVector.map((m) => m.get(city) ?? []), depth);
      const keywordRanked = keyword.filter((r) => filter(this.index.paragraphByRowid[r.key]!)).slice(0, depth);
      // A clause that holds the pasted text word for word is its source, whatever the vectors say: pinned first.
      const exact = new Set<number>();
      if ([...phrase].length >= MIN_PINNED_TEXT) {
        for (const r of [...keywordRanked, ...vectorRanked]) if (this.foldedText(this.index.paragraphByRowid[r.key]!).includes(phrase)) exact.add(r.key);
      }
      const ranked = fuse(keywordRanked, vectorRanked, { ...this.tuning.fusion, keywordWeight: this.tuning.similarKeywordWeight, vectorWeight: 1, exact });
      const results = this.collapse(ranked, filter)
        .slice(0, options.k)
        .map((f) => {
          const best = this.bestEvidence(vectors, f.key);
          return this.hit(this.index.paragraphByRowid[f.key]!, best.score, f, salient, best.score, best.sentence);
        });
      const best = Math.max(-1, ...results.map((h) => h.score));
      return { city, place: this.placeByCity.get(city)!, results, weak: results.length === 0 || best < this.tuning.weakSimilar };
    });
  }

  /** The best evidence of a clause against several source vectors (a clause and its sentences). */
  private bestEvidence(vectors: Float32Array[], rowid: number): { score: number; sentence: number | null } {
    let best = { score: -Infinity, sentence: null as number | null };
    for (const v of vectors) {
      const e = this.evidence(v, rowid);
      if (e.score > best.score) best = e;
    }
    return best;
  }

  /** Candidates from each source vector's ranking, ranked by their best evidence against any of them. */
  private mergeRankings(vectors: Float32Array[], rankings: Ranked[][], depth: number): Ranked[] {
    if (vectors.length === 1) return rankings[0]!.slice(0, depth);
    const keys = new Set<number>();
    for (const r of rankings) for (const x of r) keys.add(x.key);
    return [...keys].map((key) => ({ key, score: this.bestEvidence(vectors, key).score })).sort((a, b) => b.score - a.score || a.key - b.key).slice(0, depth);
  }

  /**
   * Each city's vector ranking from one pass over the whole corpus instead of one filtered graph search per city
   * (50 of those took ≈ 3 s at 100k paragraphs: a filter that passes 2% of the graph makes hnswlib walk most of it).
   * The clauses of a city inside the global top D are exactly that city's best D-ranked clauses, in order; a city
   * with fewer than `minPerCity` of them there is scanned exactly (its clauses' int8 vectors), which costs about
   * 1 ms per 2,000 clauses. D grows with the number of cities asked for.
   */
  private cityRankings(vector: Float32Array, base: Predicate | null, cities: string[], depth: number): Map<string, Ranked[]> {
    const minPerCity = Math.min(depth, 20);
    const globalDepth = Math.min(this.index.paragraphs.length, Math.max(depth, minPerCity * cities.length));
    const lists = new Map<string, Ranked[]>(cities.map((c) => [c, []]));
    for (const r of this.vectorRanking(vector, base, globalDepth)) {
      const list = lists.get(this.cityOf(this.index.paragraphByRowid[r.key]!) ?? '');
      if (list && list.length < depth) list.push(r);
    }
    for (const city of cities) {
      const list = lists.get(city)!;
      const rows = this.rowsByCity.get(city) ?? [];
      if (list.length >= minPerCity || list.length >= rows.length) continue;
      lists.set(city, this.exactRanking(vector, rows, base, depth));
    }
    return lists;
  }

  /** Exact ranking of the given clauses by their int8 vectors, the best rescored by their sentences too. */
  private exactRanking(vector: Float32Array, rows: readonly number[], base: Predicate | null, depth: number): Ranked[] {
    const scored: Ranked[] = [];
    for (const rowid of rows) {
      if (base && !base(this.index.paragraphByRowid[rowid]!)) continue;
      scored.push({ key: rowid, score: this.index.paragraphVectors.dot(vector, rowid - 1) });
    }
    scored.sort((a, b) => b.score - a.score || a.key - b.key);
    const top = scored.slice(0, this.tuning.sentenceEvidence ? depth * 2 : depth);
    if (!this.tuning.sentenceEvidence) return top;
    return top.map((r) => ({ key: r.key, score: this.evidence(vector, r.key).score })).sort((a, b) => b.score - a.score || a.key - b.key).slice(0, depth);
  }

  /**
   * A clause's evidence for a vector: the better of its own cosine and its best measure sentence's, and which
   * sentence that is (the sentence the page emphasises). Without sentence evidence, the clause's own cosine.
   */
  evidence(vector: Float32Array, rowid: number): { score: number; sentence: number | null } {
    const own = this.index.paragraphVectors.dot(vector, rowid - 1);
    const sentences = this.index.sentencesByParagraph[rowid];
    if (!sentences || sentences.length === 0) return { score: own, sentence: null };
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
   * cannot tell a counterpart from noise.
   */
  columnEvidence(query: string, expanded: string[], results: Hit[]): { lexical: boolean; cos: number } {
    const phrases = [query, ...expanded].map((t) => this.fold(t)).filter((t) => [...t].length >= 2);
    const lexical = results.some((h) => {
      const text = this.foldedText(this.index.paragraphById.get(h.id)!);
      return phrases.some((t) => text.includes(t));
    });
    return { lexical, cos: Math.max(-1, ...results.map((h) => h.why.vector ?? -1)) };
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
      paragraph: this.hit(p, 0, null, []),
      before: siblings.slice(Math.max(0, at - context), at).map((s) => this.hit(s, 0, null, [])),
      after: siblings.slice(at + 1, at + 1 + context).map((s) => this.hit(s, 0, null, [])),
    };
  }

  document(id: string): DocumentView {
    const doc = this.index.documentById.get(id);
    if (!doc) throw createError('UNKNOWN_DOCUMENT', `No document "${id}". See /api/documents for the list.`);
    const paragraphs = this.index.paragraphsByDoc.get(id) ?? [];
    const byOrdinal = new Map(paragraphs.map((p) => [p.ordinal, p]));
    const outline: OutlineEntry[] = [];
    for (const s of this.index.sections.filter((s) => s.docId === id)) {
      const target = byOrdinal.get(s.firstParagraph) ?? paragraphs.find((p) => p.ordinal >= s.firstParagraph);
      if (target) outline.push({ level: s.level, title: s.title, path: s.path, paragraphId: target.id });
    }
    return { document: this.summary(id), outline, paragraphs: paragraphs.map((p) => this.hit(p, 0, null, [])) };
  }

  // ---------- ranking ----------

  private async prepare(query: string, mode: SearchMode = 'hybrid'): Promise<PreparedQuery> {
    const terms = queryTerms(query);
    const { expanded } = this.tuning.expand ? expandQuery(terms) : { expanded: [] as string[] };
    const depth = Math.max(this.tuning.candidates * 5, 500);
    // The query is embedded by a worker process: asked first, the model runs while this thread does the keyword work.
    const embedding = this.embedder.embedQuery(this.tuning.queryPrefix + query);
    embedding.catch(() => undefined); // awaited below; this only keeps a failure before that from going unhandled
    // Semantic mode needs no keyword ranking.
    const lexical = mode !== 'semantic';
    const keywords = this.index.keywords;
    const keyword = lexical ? keywords.keyword(this.selective(terms), depth).map((r) => ({ key: r.rowid, score: r.score })) : [];
    const expansion = lexical && expanded.length ? keywords.keyword(expanded.flatMap(queryTerms), depth).map((r) => ({ key: r.rowid, score: r.score })) : [];
    const headings = lexical && this.tuning.headingWeight > 0 ? keywords.headingKeyword(terms, depth).map((r) => ({ key: r.rowid, score: r.score })) : [];
    const vector = await embedding;
    const termSet = new Set(terms);
    const words = tokenize(query).filter((w) => termSet.has(w) && [...w].length >= 2);
    const highlight = [...new Set([...(words.length ? words : terms), ...expanded])];
    const prepared: PreparedQuery = {
      query, terms, expanded, highlight, phrase: this.fold(query), vector, keyword, expansion, headings, coverage: this.coverage(terms, keyword),
      feedback: [], searchVector: vector,
    };
    // Semantic mode stays the query's own meaning (its scores are cosines to the query); hybrid takes feedback.
    if (this.tuning.feedbackDocs > 0 && mode === 'hybrid') this.feedback(prepared, mode, depth);
    return prepared;
  }

  /**
   * Pseudo-relevance feedback: related words and meaning drawn from the corpus itself, through the query's own first
   * results (the top `feedbackDocs` clauses of an unfiltered first pass). Their mean vector moves the query vector
   * (Rocchio: q + β·mean), and their most distinctive terms that the query lacks form one more keyword ranking, so
   * a plain-language query meets the documents' vocabulary (闲置土地 → 盘活, 低效用地) without a hand-written list.
   */
  private feedback(q: PreparedQuery, mode: SearchMode, depth: number): void {
    const first = this.collapse(this.rank(q, mode, null), null).slice(0, this.tuning.feedbackDocs);
    if (!first.length) return;
    if (this.tuning.feedbackVectorWeight > 0) {
      const v = Float32Array.from(q.vector);
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
   */
  private selective(terms: string[]): string[] {
    const n = this.index.paragraphs.length;
    const withDf = terms.map((t) => ({ t, df: this.index.keywords.documentFrequency(t) })).filter((x) => x.df > 0);
    const kept = withDf.filter((x) => x.df <= this.tuning.keywordMaxShare * n);
    return (kept.length ? kept : withDf.sort((a, b) => a.df - b.df).slice(0, 2)).map((x) => x.t);
  }

  /** IDF-weighted term coverage of the best of the top three keyword hits. Terms absent from the corpus count too. */
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
    if (!filter) {
      candidates = this.index.vectors.search(vector, want).map((h) => ({ key: h.label, score: h.score }));
    } else {
      // A filter is applied to an unfiltered walk of the graph, never inside it: a filter that passes 2% of the
      // clauses makes hnswlib visit most of the graph through a JS callback (≈ 60 ms at 100k). When the walk holds
      // too few passing clauses, those that pass are scanned exactly over their int8 vectors instead.
      const walk = this.index.vectors.search(vector, Math.min(this.index.paragraphs.length, Math.max(want * 4, 256)));
      candidates = walk.filter((h) => filter(this.index.paragraphByRowid[h.label]!)).slice(0, want).map((h) => ({ key: h.label, score: h.score }));
      if (candidates.length < want && walk.length < this.index.paragraphs.length) {
        const rows: number[] = [];
        for (const p of this.index.paragraphs) if (filter(p)) rows.push(p.rowid);
        if (rows.length > candidates.length) return this.exactRanking(vector, rows, null, depth);
      }
    }
    if (!this.tuning.sentenceEvidence) return candidates.slice(0, depth);
    return candidates
      .map((h) => ({ key: h.key, score: this.evidence(vector, h.key).score }))
      .sort((a, b) => b.score - a.score || a.key - b.key)
      .slice(0, depth);
  }

  /** A measure sentence's vector: its own, or the clause's when it is the whole clause. */
  private sentenceVector(s: StoredSentence): Float32Array {
    return s.vector === null ? this.index.vectorOf(s.paragraphRowid)! : this.index.sentenceVectors.get(s.vector);
  }

  /** The fused (or single) ranking for a query under a filter, before duplicate collapsing and cut-off. */
  rank(q: PreparedQuery, mode: SearchMode, filter: Predicate | null, vectorList?: Ranked[]): Fused[] {
    const depth = this.tuning.candidates;
    const keep = (r: Ranked) => { const p = this.index.paragraphByRowid[r.key]; return !!p && (!filter || filter(p)); };
    const keyword = q.keyword.filter(keep).slice(0, depth);
    const expansion = q.expansion.filter(keep).slice(0, depth);
    const exact = new Set<number>();
    if (q.phrase.length >= 2) {
      for (const r of [...keyword, ...expansion]) {
        const p = this.index.paragraphByRowid[r.key]!;
        if (this.foldedText(p).includes(q.phrase)) exact.add(r.key);
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
    if (fusion.method !== 'rrf' || this.tuning.expansionMode === 'lexical') {
      const lexical = expansion.length
        ? fuse(keyword, expansion, { ...fusion, method: 'rrf', keywordWeight: 1, vectorWeight: this.tuning.expansionWeight }).map((f) => ({ key: f.key, score: f.keywordScore ?? f.score }))
        : keyword;
      return fuse(lexical, vector, { ...fusion, keywordWeight, exact });
    }
    const fused = addRanking(fuse(keyword, vector, { ...fusion, keywordWeight, exact }), expansion, this.tuning.expansionWeight, { ...fusion, exact });
    // The heading field counts as much as the query's own words do (the same coverage weight): a heading that
    // shares only incidental words with a plain-language query must not lift the clauses under it.
    const withHeadings = addRanking(fused, q.headings.filter(keep).slice(0, depth), this.tuning.headingWeight * keywordWeight, { ...fusion, exact });
    return addRanking(withHeadings, q.feedback.filter(keep).slice(0, depth), this.tuning.feedbackTermWeight, { ...fusion, exact });
  }

  /** Collapses duplicates into their original (when it passes the filter) at the best-ranked member's position. */
  private collapse(ranked: Fused[], filter: Predicate | null): Fused[] {
    if (!this.tuning.collapseDuplicates) return ranked;
    const seen = new Set<string>();
    const out: Fused[] = [];
    for (const f of ranked) {
      const p = this.index.paragraphByRowid[f.key]!;
      const group = p.duplicateOf ?? p.id;
      if (seen.has(group)) continue;
      seen.add(group);
      const original = this.index.paragraphById.get(group);
      out.push(original && original.rowid !== f.key && (!filter || filter(original)) ? { ...f, key: original.rowid } : f);
    }
    return out;
  }

  private toHits(ranked: Fused[], q: PreparedQuery, mode: SearchMode, k: number, filter: Predicate | null): Hit[] {
    const terms = q.highlight;
    return this.collapse(ranked, filter)
      .slice(0, k)
      .map((f) => {
        const p = this.index.paragraphByRowid[f.key]!;
        const e = this.evidence(q.vector, f.key);
        // A collapsed group keeps the score of its best-ranked member (semantic: that member's evidence), so scores stay in rank order.
        return this.hit(p, f.score, f, terms, e.score, e.sentence);
      });
  }

  // ---------- shaping ----------

  private predicate(filters: SearchFilters): Predicate | null {
    const cities = filters.cities?.length ? new Set(filters.cities) : null;
    const docs = filters.docs?.length ? new Set(filters.docs) : null;
    const levels = filters.levels?.length ? new Set(filters.levels) : null;
    const part = filters.part ?? null;
    if (!cities && !docs && !levels && !part) return null;
    return (p) => {
      const d = this.index.documentById.get(p.docId);
      if (!d) return false;
      return (!cities || cities.has(columnOf(d))) && (!docs || docs.has(d.id)) && (!levels || levels.has(d.level ?? '')) && (!part || p.part === part);
    };
  }

  /**
   * The form in which a query and a clause compare: the highlighter's folding (width, case, no brackets or quotes,
   * so 首台套 meets 首台(套)) without whitespace. Exact-phrase pinning, term coverage and "why" all use it.
   */
  private fold(s: string): string {
    return foldTerm(s).replace(/\s+/gu, '');
  }

  private readonly folded = new Map<number, string>();
  private foldedText(p: StoredParagraph): string {
    let f = this.folded.get(p.rowid);
    if (f === undefined) {
      f = this.fold(p.text);
      this.folded.set(p.rowid, f);
    }
    return f;
  }

  private requireParagraph(id: string): StoredParagraph {
    const p = this.index.paragraphById.get(id);
    if (!p) throw createError('UNKNOWN_PARAGRAPH', `No paragraph "${id}". Paragraph ids look like 000_dcbe0bbe788de573:p0042; find them through search or /api/documents/:id.`);
    return p;
  }

  private docRef(id: string): DocRef {
    const d = this.index.documentById.get(id)!;
    return { id: d.id, file: d.file, title: d.title, city: d.city, level: d.level, date: d.date };
  }

  private summary(id: string): DocumentSummary {
    const d = this.index.documentById.get(id)!;
    return {
      ...this.docRef(id),
      issuer: d.issuer, docNumber: d.docNumber, placeCode: d.placeCode, placeKind: d.placeKind, parent: d.parent, parentCode: d.parentCode,
      province: d.province, docType: d.docType, adoptedDate: d.adoptedDate, approvedDate: d.approvedDate,
      planPeriod: d.planPeriod, postedDate: d.postedDate,
      paragraphCount: this.index.paragraphsByDoc.get(id)?.length ?? 0,
    };
  }

  private hit(p: StoredParagraph, score: number, f: Fused | null, terms: string[], cosine: number | null = null, sentence: number | null = null): Hit {
    const group = p.duplicateOf ?? p.id;
    const duplicates = [group, ...(this.index.duplicatesOf.get(group) ?? [])].filter((x) => x !== p.id);
    const highlights = terms.length ? highlightRanges(p.text, terms) : [];
    const textCanon = this.foldedText(p);
    return {
      id: p.id,
      doc: this.docRef(p.docId),
      section: p.sectionPath,
      text: p.text,
      score: Math.round(score * 1e6) / 1e6,
      highlights,
      duplicates,
      part: p.part,
      kind: p.kind,
      responsible: p.responsible,
      ...(p.source ? { source: p.source } : {}),
      sentences: (this.index.sentencesByParagraph[p.rowid] ?? []).map((x) => ({ start: x.start, end: x.end, text: p.text.slice(x.start, x.end) })),
      why: {
        sentence,
        keyword: f?.keywordScore ?? null,
        vector: cosine ?? f?.vectorScore ?? null,
        terms: terms.filter((t) => { const f = this.fold(t); return f !== '' && textCanon.includes(f); }),
        keywordRank: f?.keywordRank ?? null,
        vectorRank: f?.vectorRank ?? null,
      },
    };
  }
}

/** The build's skipped files as the corpus page lists them: named relative to their input folder. */
export function skippedDocuments(skipped: readonly { file: string; code: string; message: string; kept?: boolean }[], inputs: readonly string[]): SkippedDocument[] {
  return skipped.map((k) => {
    const input = inputs.find((dir) => k.file.startsWith(`${dir}/`));
    return { file: input ? k.file.slice(input.length + 1) : basename(k.file), code: k.code, message: k.message, kept: k.kept === true };
  });
}
