/**
 * Retrieval quality on a labeled relevance set (the format of shared/eval/dev.json): nDCG@10, recall@10 and MRR
 * per query kind, the comparison view's per-city top-3 hit rate, and the counterpart hit@3 of "similar".
 * Runs through the same SearchEngine the API uses.
 */
import { z } from 'zod';
import { createError } from '../errors.js';
import type { Hit, SearchEngine, SearchMode, SearchOptions } from './types.js';

const anchorSchema = z.object({ doc: z.string(), anchor: z.string().min(1), grade: z.number().int().min(0).max(3).default(2) });
export const relevanceSetSchema = z.object({
  queries: z.array(z.object({ id: z.string(), kind: z.string().default('keyword'), query: z.string().min(1), relevant: z.array(anchorSchema) })),
  pairs: z
    .array(
      z.object({
        id: z.string(),
        source: z.object({ doc: z.string(), anchor: z.string() }),
        /** One sentence of the source clause (exact substring): its counterparts are asked for too, as pasted text. */
        sentence: z.string().min(1).optional(),
        counterparts: z.array(anchorSchema),
      }),
    )
    .default([]),
});
export type RelevanceSet = z.infer<typeof relevanceSetSchema>;
type Anchor = z.infer<typeof anchorSchema>;

export function parseRelevanceSet(raw: unknown, name = 'relevance set'): RelevanceSet {
  const r = relevanceSetSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw createError('BAD_REQUEST', `${name}: ${i.path.join('.')}: ${i.message}`);
  }
  return r.data;
}

const squash = (s: string) => s.replace(/\s+/gu, '');

/** The matching rule of dev.json: same document, and the paragraph (whitespace removed) contains the anchor. */
export function matches(hit: Pick<Hit, 'text' | 'doc'>, anchor: Pick<Anchor, 'doc' | 'anchor'>): boolean {
  return hit.doc.file === anchor.doc && squash(hit.text).includes(squash(anchor.anchor));
}

/** Graded nDCG@k; each labeled anchor earns its gain once, at the first paragraph that contains it. */
export function ndcgAt(hits: Pick<Hit, 'text' | 'doc'>[], relevant: Anchor[], k = 10): number {
  const used = new Set<number>();
  let dcg = 0;
  hits.slice(0, k).forEach((h, i) => {
    let gain = 0;
    relevant.forEach((a, j) => {
      if (!used.has(j) && matches(h, a)) {
        used.add(j);
        gain = Math.max(gain, a.grade);
      }
    });
    dcg += (2 ** gain - 1) / Math.log2(i + 2);
  });
  const ideal = relevant.map((a) => a.grade).sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
  return idcg ? dcg / idcg : 0;
}

export function recallAt(hits: Pick<Hit, 'text' | 'doc'>[], relevant: Anchor[], k = 10): number {
  if (!relevant.length) return 0;
  const top = hits.slice(0, k);
  return relevant.filter((a) => top.some((h) => matches(h, a))).length / relevant.length;
}

/** Reciprocal rank of the first paragraph that contains a grade-2 anchor. */
export function reciprocalRank(hits: Pick<Hit, 'text' | 'doc'>[], relevant: Anchor[]): number {
  const squarely = relevant.filter((a) => a.grade >= 2);
  const at = hits.findIndex((h) => squarely.some((a) => matches(h, a)));
  return at < 0 ? 0 : 1 / (at + 1);
}

export interface ModeReport {
  mode: SearchMode;
  byKind: Record<string, { queries: number; ndcg10: number; recall10: number; mrr: number }>;
  overall: { queries: number; ndcg10: number; recall10: number; mrr: number };
  /** Share of (query, city) with relevant paragraphs whose comparison column shows one in its top 3. */
  cityTop3: number;
  /** Per query; `cityHits` of `cityColumns` columns show a relevant clause in their top 3 (both null without cities). */
  perQuery: { id: string; kind: string; ndcg10: number; recall10: number; rr: number; cityTop3: number | null; cityHits: number | null; cityColumns: number | null }[];
}

export interface EvalReport {
  modes: ModeReport[];
  /** Share of counterparts found in the top 3 of their city's "similar" column. */
  pairHit3: number;
  /** The same from the pair's source sentence (`/api/similar?text=<sentence>&exclude=<source>`); null when no pair has one. */
  sentenceHit3: number | null;
  pairs: { id: string; found: number; total: number; sentenceFound: number | null }[];
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** `options` reach every search and comparison (`spell: 'off'`: the queries as typed; scripts/typo-eval.ts). */
export async function evaluate(engine: SearchEngine, set: RelevanceSet, modes: SearchMode[] = ['keyword', 'semantic', 'hybrid'], options: Pick<SearchOptions, 'spell'> = {}): Promise<EvalReport> {
  const corpus = engine.corpus();
  const cityOfFile = new Map(corpus.documents.map((d) => [d.file, d.city ?? '']));
  const reports: ModeReport[] = [];
  for (const mode of modes) {
    const perQuery: ModeReport['perQuery'] = [];
    const cityHits: number[] = [];
    for (const q of set.queries) {
      const { results } = await engine.search(q.query, { ...options, mode, k: 10 });
      const cities = [...new Set(q.relevant.map((a) => cityOfFile.get(a.doc)).filter((c): c is string => !!c))];
      let qCity: number | null = null;
      let qHits: number | null = null;
      let qColumns: number | null = null;
      if (cities.length) {
        const cmp = await engine.compare(q.query, { ...options, mode, k: 3, cities });
        const hits = cmp.columns.map((col) => (col.results.some((h) => q.relevant.some((a) => matches(h, a))) ? 1 : 0));
        cityHits.push(...hits);
        qCity = mean(hits);
        qHits = hits.reduce<number>((a, b) => a + b, 0);
        qColumns = hits.length;
      }
      perQuery.push({ id: q.id, kind: q.kind, ndcg10: ndcgAt(results, q.relevant), recall10: recallAt(results, q.relevant), rr: reciprocalRank(results, q.relevant), cityTop3: qCity, cityHits: qHits, cityColumns: qColumns });
    }
    const summarise = (rows: typeof perQuery) => ({ queries: rows.length, ndcg10: mean(rows.map((r) => r.ndcg10)), recall10: mean(rows.map((r) => r.recall10)), mrr: mean(rows.map((r) => r.rr)) });
    const kinds = [...new Set(perQuery.map((r) => r.kind))];
    reports.push({
      mode,
      byKind: Object.fromEntries(kinds.map((k) => [k, summarise(perQuery.filter((r) => r.kind === k))])),
      overall: summarise(perQuery),
      cityTop3: mean(cityHits),
      perQuery,
    });
  }

  // Pairs: ask for clauses similar to the source (and to its sentence); are its counterparts in the top 3 of their city's column?
  const pairs: EvalReport['pairs'] = [];
  const hitsIn = (columns: { city: string; results: Hit[] }[], c: Anchor) => columns.find((col) => col.city === cityOfFile.get(c.doc))?.results.some((h) => matches(h, c)) ?? false;
  for (const pair of set.pairs) {
    const sourceId = findParagraphId(engine, pair.source.doc, pair.source.anchor);
    if (!sourceId) throw createError('BAD_REQUEST', `pair ${pair.id}: no paragraph of ${pair.source.doc} contains "${pair.source.anchor}"`);
    const sim = await engine.similar(sourceId, { k: 3 });
    const found = pair.counterparts.filter((c) => hitsIn(sim.columns, c)).length;
    let sentenceFound: number | null = null;
    if (pair.sentence) {
      const fromSentence = await engine.similarText(pair.sentence, { k: 3, exclude: sourceId });
      sentenceFound = pair.counterparts.filter((c) => hitsIn(fromSentence.columns, c)).length;
    }
    pairs.push({ id: pair.id, found, total: pair.counterparts.length, sentenceFound });
  }
  const total = pairs.reduce((a, p) => a + p.total, 0);
  const withSentence = pairs.filter((p) => p.sentenceFound !== null);
  const sentenceTotal = withSentence.reduce((a, p) => a + p.total, 0);
  return {
    modes: reports,
    pairHit3: total ? pairs.reduce((a, p) => a + p.found, 0) / total : 0,
    sentenceHit3: sentenceTotal ? withSentence.reduce((a, p) => a + (p.sentenceFound ?? 0), 0) / sentenceTotal : null,
    pairs,
  };
}

/** A document as `checkRelevanceSet` reads it: its file name and its paragraphs' texts. */
export interface LabeledDocument {
  file: string;
  paragraphs: { text: string; duplicateOf: string | null }[];
}

/**
 * What is wrong with a relevance set's labels against a corpus, before anyone scores with it (empty when nothing):
 * an anchor in no paragraph of its document, or only in duplicates (which results collapse away); a pair's sentence
 * that is not in its source clause; a counterpart in the source's own document ("similar" leaves that document
 * out); a query without anchors. Reads no ranking, so a label writer who must not see the engine can run it
 * (`npx tsx scripts/check-set.ts FILE`).
 */
export function checkRelevanceSet(set: RelevanceSet, documents: readonly LabeledDocument[]): string[] {
  const byFile = new Map(documents.map((d) => [d.file, d.paragraphs]));
  const problems: string[] = [];
  const containing = (where: string, doc: string, anchor: string) => {
    const paragraphs = byFile.get(doc);
    if (!paragraphs) {
      problems.push(`${where}: no document ${doc}`);
      return [];
    }
    const hits = paragraphs.filter((p) => squash(p.text).includes(squash(anchor)));
    if (!hits.length) problems.push(`${where}: "${anchor}" is in no paragraph of ${doc}`);
    else if (!hits.some((p) => p.duplicateOf === null)) problems.push(`${where}: "${anchor}" is only in duplicates in ${doc}`);
    return hits;
  };
  for (const q of set.queries) {
    if (!q.relevant.length) problems.push(`${q.id}: no relevant anchors`);
    for (const a of q.relevant) containing(q.id, a.doc, a.anchor);
  }
  for (const p of set.pairs) {
    const source = containing(`${p.id} source`, p.source.doc, p.source.anchor);
    if (p.sentence && source.length && !source.some((s) => squash(s.text).includes(squash(p.sentence!)))) {
      problems.push(`${p.id}: the sentence is not in the source clause "${source[0]!.text.slice(0, 30)}…"`);
    }
    for (const c of p.counterparts) {
      if (c.doc === p.source.doc) problems.push(`${p.id}: counterpart "${c.anchor}" is in the source's own document, which "similar" leaves out`);
      containing(`${p.id} counterpart`, c.doc, c.anchor);
    }
  }
  return problems;
}

/** The id of the first non-duplicate paragraph of `file` that contains `anchor`, via the document reader. */
export function findParagraphId(engine: SearchEngine, file: string, anchor: string): string | null {
  const doc = engine.corpus().documents.find((d) => d.file === file);
  if (!doc) return null;
  const { paragraphs } = engine.document(doc.id);
  const hit = paragraphs.find((p) => matches(p, { doc: file, anchor }));
  return hit?.id ?? null;
}

export function formatReport(r: EvalReport): string {
  const f = (x: number) => x.toFixed(3);
  // A pairs-only set has no query figures to show: zeros would read as a result.
  const lines = r.modes.some((m) => m.overall.queries > 0) ? ['mode      kind        n   nDCG@10  recall@10  MRR    city-top3'] : ['queries: none in this set (pairs only)'];
  for (const m of r.modes.filter((x) => x.overall.queries > 0)) {
    for (const [kind, s] of Object.entries(m.byKind)) lines.push(`${m.mode.padEnd(9)} ${kind.padEnd(10)} ${String(s.queries).padStart(3)}   ${f(s.ndcg10)}    ${f(s.recall10)}     ${f(s.mrr)}`);
    lines.push(`${m.mode.padEnd(9)} ${'overall'.padEnd(10)} ${String(m.overall.queries).padStart(3)}   ${f(m.overall.ndcg10)}    ${f(m.overall.recall10)}     ${f(m.overall.mrr)}  ${f(m.cityTop3)}`);
  }
  // A queries-only set (the researcher's) has no pair figure either: 0.000 (0/0) would read as a result.
  if (!r.pairs.length) lines.push('pairs: none in this set (queries only)');
  else lines.push(`pairs: counterpart hit@3 ${f(r.pairHit3)} (${r.pairs.reduce((a, p) => a + p.found, 0)}/${r.pairs.reduce((a, p) => a + p.total, 0)})`);
  if (r.sentenceHit3 !== null) {
    const withSentence = r.pairs.filter((p) => p.sentenceFound !== null);
    lines.push(`pairs from the source sentence: counterpart hit@3 ${f(r.sentenceHit3)} (${withSentence.reduce((a, p) => a + (p.sentenceFound ?? 0), 0)}/${withSentence.reduce((a, p) => a + p.total, 0)})`);
  }
  return lines.join('\n');
}
