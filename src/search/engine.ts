/**
 * The search engine over a loaded index: keyword (FTS5 BM25 over jieba tokens), semantic (HNSW over bge vectors)
 * and hybrid (fused) search, the per-city comparison, "similar in other cities", and the document reader's data.
 * The JSON API, the pages, `npm run eval` and `npm run bench` all go through this one class. The analyst views
 * (src/analysis) sit one stage up and read the loaded index themselves; the engine knows nothing of them.
 */
import { createError } from '../errors.js';
import type { Embedder } from '../embed/embedder.js';
import type { LoadedIndex } from '../index/reader.js';
import type { StoredParagraph } from '../index/store.js';
import { dot } from '../index/vectors.js';
import { foldTerm, highlightRanges } from '../text/highlight.js';
import { ftsQuery, queryTerms, tokenize } from '../text/segment.js';
import { expandQuery } from './thesaurus.js';
import { DEFAULT_FUSION, addRanking, fuse, type Fused, type FusionOptions, type Ranked } from './fusion.js';
import type {
  CompareColumn, CompareResult, CorpusInfo, DocRef, DocumentSummary, DocumentView, Hit, OutlineEntry, ParagraphContext,
  SearchEngine, SearchFilters, SearchMode, SearchOptions, SearchResult, SimilarResult, SimilarTextOptions, SimilarTextResult,
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
  feedbackDocs: 3,
  feedbackVectorWeight: 0.5,
  feedbackTerms: 5,
  feedbackTermWeight: 0.25,
};

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

  constructor(readonly index: LoadedIndex, readonly embedder: Embedder, tuning: Partial<SearchTuning> = {}) {
    this.tuning = { ...DEFAULT_TUNING, ...tuning, fusion: { ...DEFAULT_TUNING.fusion, ...tuning.fusion } };
    const cities: string[] = [];
    for (const d of index.documents) if (d.city && !cities.includes(d.city)) cities.push(d.city);
    const levels = [...new Set(index.documents.map((d) => d.level).filter((l): l is string => !!l))];
    this.corpusInfo = { cities, levels, documents: index.documents.map((d) => this.summary(d.id)) };
    this.cityOf = (p) => index.documentById.get(p.docId)?.city ?? null;
  }

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
    const columns: CompareColumn[] = cities.map((city) => {
      const filter = this.predicate({ ...options, cities: [city] });
      const results = this.toHits(this.rank(prepared, options.mode, filter), prepared, options.mode, options.k, filter);
      const evidence = this.columnEvidence(query, prepared.expanded, results);
      return { city, results, weak: results.length === 0 || !(evidence.lexical || evidence.cos >= this.tuning.weakCompare) };
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
      vectors = [this.index.sentenceVectorByRowid[sentence.rowid]!];
      text = source.text.slice(sentence.start, sentence.end);
    } else {
      vectors = [this.index.vectorByRowid[source.rowid]!];
      if (this.tuning.similarMatch === 'sentences' && sentences.length > 1) vectors.push(...sentences.map((x) => this.index.sentenceVectorByRowid[x.rowid]!));
    }
    const columns = this.counterparts(vectors, text, exclude, options)
      .filter((c) => c.results.length > 0 || this.index.documents.some((d) => d.city === c.city && d.id !== source.docId));
    return { source: this.hit(source, 1, null, [], null, options.sentence ?? null), columns };
  }

  async similarText(text: string, options: SimilarTextOptions): Promise<SimilarTextResult> {
    const vector = await this.embedder.embedQuery(text);
    const excludeDocs = new Set(options.excludeDocs ?? []);
    if (options.exclude) excludeDocs.add(this.requireParagraph(options.exclude).docId);
    const exclude: Predicate = (p) => excludeDocs.has(p.docId);
    const columns = this.counterparts([vector], text, exclude, options)
      .filter((c) => c.results.length > 0 || this.index.documents.some((d) => d.city === c.city && !excludeDocs.has(d.id)));
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
    const keyword = salient.length ? this.index.store.keyword(ftsQuery(salient), 500).map((r) => ({ key: r.rowid, score: r.score })) : [];
    return cities.map((city) => {
      const filter: Predicate = (p) => !exclude(p) && this.cityOf(p) === city;
      const depth = Math.max(options.k * 4, 20);
      const vectorRanked = this.multiVectorRanking(vectors, filter, depth);
      const keywordRanked = keyword.filter((r) => filter(this.index.paragraphByRowid[r.key]!)).slice(0, depth);
      const ranked = fuse(keywordRanked, vectorRanked, { ...this.tuning.fusion, keywordWeight: this.tuning.similarKeywordWeight, vectorWeight: 1 });
      const results = this.collapse(ranked, filter)
        .slice(0, options.k)
        .map((f) => {
          const best = this.bestEvidence(vectors, f.key);
          return this.hit(this.index.paragraphByRowid[f.key]!, best.score, f, salient, best.score, best.sentence);
        });
      const best = Math.max(-1, ...results.map((h) => h.score));
      return { city, results, weak: results.length === 0 || best < this.tuning.weakSimilar };
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

  /** Candidates from each source vector, ranked by their best evidence against any of them. */
  private multiVectorRanking(vectors: Float32Array[], filter: Predicate | null, depth: number): Ranked[] {
    if (vectors.length === 1) return this.vectorRanking(vectors[0]!, filter, depth);
    const keys = new Set<number>();
    for (const v of vectors) for (const r of this.vectorRanking(v, filter, depth)) keys.add(r.key);
    return [...keys].map((key) => ({ key, score: this.bestEvidence(vectors, key).score })).sort((a, b) => b.score - a.score || a.key - b.key).slice(0, depth);
  }

  /**
   * A clause's evidence for a vector: the better of its own cosine and its best measure sentence's, and which
   * sentence that is (the sentence the page emphasises). Without sentence evidence, the clause's own cosine.
   */
  evidence(vector: Float32Array, rowid: number): { score: number; sentence: number | null } {
    const own = dot(vector, this.index.vectorByRowid[rowid]!);
    const sentences = this.index.sentencesByParagraph[rowid];
    if (!sentences || sentences.length === 0) return { score: own, sentence: null };
    if (sentences.length === 1) return { score: own, sentence: 0 };
    let best = -Infinity;
    let at = 0;
    for (const s of sentences) {
      const c = dot(vector, this.index.sentenceVectorByRowid[s.rowid]!);
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
      .map((t) => ({ t, df: this.index.store.documentFrequency(ftsQuery([t])) }))
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
 // Semantic mode needs no keyword ranking (its cost grows with the corpus: see README "Limits").
    const lexical = mode !== 'semantic';
    const keyword = lexical ? this.index.store.keyword(ftsQuery(terms), depth).map((r) => ({ key: r.rowid, score: r.score })) : [];
    const expansion = lexical && expanded.length ? this.index.store.keyword(ftsQuery(expanded.flatMap(queryTerms)), depth).map((r) => ({ key: r.rowid, score: r.score })) : [];
    const headings = lexical && this.tuning.headingWeight > 0 ? this.index.store.headingKeyword(ftsQuery(terms), depth).map((r) => ({ key: r.rowid, score: r.score })) : [];
    const vector = await this.embedder.embedQuery(this.tuning.queryPrefix + query);
    const termSet = new Set(terms);
    const words = tokenize(query).filter((w) => termSet.has(w) && [...w].length >= 2);
    const highlight = [...new Set([...(words.length ? words : terms), ...expanded])];
    const prepared: PreparedQuery = {
      query, terms, expanded, highlight, phrase: this.fold(query), vector, keyword, expansion, headings, coverage: this.coverage(terms, keyword),
      feedback: [], searchVector: vector,
    };
    if (this.tuning.feedbackDocs > 0 && mode !== 'keyword') this.feedback(prepared, mode, depth);
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
        const u = this.index.vectorByRowid[f.key]!;
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
          const df = this.index.store.documentFrequency(ftsQuery([t]));
          if (df < 2 || df > n * 0.2) continue;
          weight.set(t, (weight.get(t) ?? 0) + Math.log(1 + n / df));
        }
      }
      const picked = [...weight].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, this.tuning.feedbackTerms).map(([t]) => t);
      if (picked.length) q.feedback = this.index.store.keyword(ftsQuery(picked), depth).map((r) => ({ key: r.rowid, score: r.score }));
    }
  }

  /** IDF-weighted term coverage of the best of the top three keyword hits. Terms absent from the corpus count too. */
  private coverage(terms: string[], keyword: Ranked[]): number {
    if (!terms.length || !keyword.length) return 0;
    const n = this.index.paragraphs.length;
    const weighted = terms.map((t) => ({ canon: this.fold(t), idf: Math.log(1 + n / (this.index.store.documentFrequency(ftsQuery([t])) + 1)) }));
    const total = weighted.reduce((s, w) => s + w.idf, 0) || 1;
    let best = 0;
    for (const r of keyword.slice(0, 3)) {
      const text = this.foldedText(this.index.paragraphByRowid[r.key]!);
      best = Math.max(best, weighted.reduce((s, w) => s + (text.includes(w.canon) ? w.idf : 0), 0) / total);
    }
    return best;
  }

  /**
   * Clauses by their best evidence for a vector: candidates from the clause graph and from the sentence graph, each
   * scored exactly by `evidence`.
   */
  private vectorRanking(vector: Float32Array, filter: Predicate | null, depth: number): Ranked[] {
    const labelFilter = filter ? (label: number) => { const p = this.index.paragraphByRowid[label]; return !!p && filter(p); } : undefined;
    const clauses = this.index.vectors.search(vector, depth, labelFilter);
    if (!this.tuning.sentenceEvidence || this.index.sentenceVectors.size === 0) return clauses.map((h) => ({ key: h.label, score: h.score }));
    const sentenceFilter = (label: number) => {
      const s = this.index.sentenceByRowid[label];
      const p = s && this.index.paragraphByRowid[s.paragraphRowid];
      return !!p && (!filter || filter(p));
    };
    const keys = new Set(clauses.map((h) => h.label));
    for (const h of this.index.sentenceVectors.search(vector, depth, sentenceFilter)) keys.add(this.index.sentenceByRowid[h.label]!.paragraphRowid);
    return [...keys].map((key) => ({ key, score: this.evidence(vector, key).score })).sort((a, b) => b.score - a.score || a.key - b.key).slice(0, depth);
  }

  /** The fused (or single) ranking for a query under a filter, before duplicate collapsing and cut-off. */
  rank(q: PreparedQuery, mode: SearchMode, filter: Predicate | null): Fused[] {
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
    const vector = this.vectorRanking(q.searchVector, filter, depth);
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
      return (!cities || cities.has(d.city ?? '')) && (!docs || docs.has(d.id)) && (!levels || levels.has(d.level ?? '')) && (!part || p.part === part);
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
      issuer: d.issuer, docNumber: d.docNumber, province: d.province, planPeriod: d.planPeriod, postedDate: d.postedDate,
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
