/**
 * Fusing a keyword ranking and a vector ranking into one. Pure functions over ranked lists.
 *
 * Two methods are offered so the choice can be measured (`npm run eval`), not assumed:
 * - `rrf`: reciprocal-rank fusion, Σ wᵢ / (k + rankᵢ): scale-free, robust to BM25's unbounded scores;
 * - `convex`: wₖ · bm25/max(bm25) + wᵥ · cosine, the min-max style that peers use (kept as a baseline).
 * Whatever the method, paragraphs that contain the whole query as written (an exact phrase hit) are placed
 * first, in their fused order: users complain when fusion buries the exact keyword hit.
 */
export interface Ranked {
  key: number;
  score: number;
}

export interface Fused {
  key: number;
  score: number;
  keywordRank: number | null;
  vectorRank: number | null;
  keywordScore: number | null;
  vectorScore: number | null;
  /**
   * Ranked down by `rankBelow` (a card's 条件要求 or 办理流程 for a query that does not ask how to apply): `after` every
   * entry not so marked whatever its score (a later re-sort must keep it there: see `byFusedOrder`), or `scaled`, its
   * score multiplied down.
   */
  below?: 'after' | 'scaled';
}

export interface FusionOptions {
  method: 'rrf' | 'convex';
  /** RRF's k: larger flattens the difference between top ranks. */
  rrfK: number;
  keywordWeight: number;
  vectorWeight: number;
  /**
   * Scale the keyword weight by how much of the query the best keyword hits actually contain (IDF-weighted term
   * coverage, computed by the engine). A plain-language query shares only incidental words with the documents, so
   * its BM25 ranking is mostly noise and should count less; a query in the documents' own terms keeps full weight.
   */
  adaptive?: boolean;
  /** Floor of the adaptive keyword weight, as a share of `keywordWeight`. */
  adaptiveFloor?: number;
  /** Keys whose text contains the query phrase exactly: pinned to the top. */
  exact?: ReadonlySet<number>;
}

/**
 * RRF k = 30 for search and compare (seventh session; "similar" keeps 60, `similarRrfK`). Set when issue 4 chose 60,
 * the engine had no sentence evidence, feedback or bridge; measured again over k 20–60 on dev, own and tune (and the
 * bigger corpus's tune set), every k from 20 to 50 beat 60 on every set in nDCG@10 and city top-3, and 30 is what
 * dev and own pick together (README "Retrieval quality").
 */
export const DEFAULT_FUSION: FusionOptions = { method: 'rrf', rrfK: 30, keywordWeight: 1, vectorWeight: 1, adaptive: true, adaptiveFloor: 0 };

/**
 * Adds a further ranking's reciprocal-rank contributions (weight / (k + rank)) to an RRF-fused list and re-sorts it,
 * keeping exact phrase hits first. Used for the thesaurus ranking, whose weight must not follow the query's own
 * term coverage: a plain-language query is exactly the one whose expansions matter.
 */
export function addRanking(fused: Fused[], extra: readonly Ranked[], weight: number, options: FusionOptions): Fused[] {
  return addRankings(fused, [{ ranking: extra, weight }], options);
}

/**
 * `addRanking` for several rankings in turn, sorting once at the end: a contribution depends on the rank within its
 * own ranking, not on the fused order, so the result is the same as adding them one by one (a comparison fuses
 * five rankings in each of 50 columns).
 */
export function addRankings(fused: Fused[], extras: readonly { ranking: readonly Ranked[]; weight: number }[], options: FusionOptions): Fused[] {
  const used = extras.filter((x) => x.ranking.length && x.weight > 0);
  if (!used.length) return fused;
  const byKey = new Map(fused.map((f) => [f.key, { ...f }]));
  for (const { ranking, weight } of used) {
    ranking.forEach((r, i) => {
      let e = byKey.get(r.key);
      if (!e) {
        e = { key: r.key, score: 0, keywordRank: null, vectorRank: null, keywordScore: null, vectorScore: null };
        byKey.set(r.key, e);
      }
      e.score += weight / (options.rrfK + i + 1);
      if (e.keywordScore === null) e.keywordScore = r.score;
    });
  }
  const exact = options.exact ?? new Set<number>();
  return [...byKey.values()].sort((a, b) => (exact.has(b.key) ? 1 : 0) - (exact.has(a.key) ? 1 : 0) || b.score - a.score || a.key - b.key);
}

export function fuse(keyword: readonly Ranked[], vector: readonly Ranked[], options: FusionOptions): Fused[] {
  const byKey = new Map<number, Fused>();
  const entry = (key: number): Fused => {
    let e = byKey.get(key);
    if (!e) {
      e = { key, score: 0, keywordRank: null, vectorRank: null, keywordScore: null, vectorScore: null };
      byKey.set(key, e);
    }
    return e;
  };
  keyword.forEach((r, i) => Object.assign(entry(r.key), { keywordRank: i + 1, keywordScore: r.score }));
  vector.forEach((r, i) => Object.assign(entry(r.key), { vectorRank: i + 1, vectorScore: r.score }));

  const maxKeyword = keyword.reduce((m, r) => Math.max(m, r.score), 0) || 1;
  for (const e of byKey.values()) {
    if (options.method === 'rrf') {
      e.score =
        (e.keywordRank ? options.keywordWeight / (options.rrfK + e.keywordRank) : 0) +
        (e.vectorRank ? options.vectorWeight / (options.rrfK + e.vectorRank) : 0);
    } else {
      e.score = options.keywordWeight * ((e.keywordScore ?? 0) / maxKeyword) + options.vectorWeight * (e.vectorScore ?? 0);
    }
  }
  const exact = options.exact ?? new Set<number>();
  return [...byKey.values()].sort((a, b) => {
    const ea = exact.has(a.key) ? 1 : 0;
    const eb = exact.has(b.key) ? 1 : 0;
    return eb - ea || b.score - a.score || a.key - b.key;
  });
}

/**
 * The clause both the keyword and the vector ranking put first leads the fused list, behind only the clauses `pinned`
 * keeps first (exact phrase hits). The further rankings fused after the two (expansions, headings, the measure bridge,
 * feedback, the reverse check) had lifted other clauses over it: 北京 p0345 for 数据交易奖励, ranked first by both, came
 * third; a sentence's 先租后让 counterpart (巴中 p0073, first by both) came second to a housing-rental clause; a
 * drafter's near copy of 昆山 p0041 came third in its column (twentieth session's audits). No weight or threshold:
 * when the two rankings agree on the first, that is the answer a user expects first. The rest keep their order.
 */
export function leadAgreed(ranked: readonly Fused[], pinned: (key: number) => boolean = () => false): Fused[] {
  const at = ranked.findIndex((f) => f.keywordRank === 1 && f.vectorRank === 1);
  // A clause `rankBelow` put down is not brought back up: the two rankings agree on a clause the query does not ask for.
  if (at <= 0 || ranked[at]!.below) return ranked as Fused[];
  let to = 0;
  while (to < at && pinned(ranked[to]!.key)) to++;
  if (to === at) return ranked as Fused[];
  return [...ranked.slice(0, to), ranked[at]!, ...ranked.slice(to, at), ...ranked.slice(at + 1)];
}

/**
 * Ranks the clauses `below` names under the others: each one's fused score times `factor`, or, at 0, after every other
 * clause in the order it had. Exact phrase hits (`exact`) stay first, each group ordered the same way. Entries moved
 * are marked `below`, so that `leadAgreed` leaves them where they are. `factor` 1 returns the list as it is.
 */
export function rankBelow(ranked: readonly Fused[], below: (key: number) => boolean, factor: number, exact: ReadonlySet<number> = new Set()): Fused[] {
  if (factor >= 1 || !ranked.some((f) => below(f.key))) return ranked as Fused[];
  const at = new Map(ranked.map((f, i) => [f.key, i]));
  // At 0 a clause keeps its score (it only goes after the others); else its score is what it is ranked by.
  const marked = ranked.map((f): Fused => (below(f.key) ? (factor > 0 ? { ...f, score: f.score * factor, below: 'scaled' } : { ...f, below: 'after' }) : f));
  return marked.sort((a, b) => byFusedOrder(a, b, exact) || at.get(a.key)! - at.get(b.key)!);
}

/**
 * The order of a fused list: exact phrase hits first, then the entries `rankBelow` put after the rest last, then by
 * score. 0 for a tie (callers break it by position or key). A step that adds to scores and sorts again (the reverse
 * check in "similar") sorts by it, so that what was put after stays after.
 */
export function byFusedOrder(a: Fused, b: Fused, exact: ReadonlySet<number>): number {
  return (exact.has(b.key) ? 1 : 0) - (exact.has(a.key) ? 1 : 0) || (a.below === 'after' ? 1 : 0) - (b.below === 'after' ? 1 : 0) || b.score - a.score;
}
