/**
 * Many distinct, realistic queries for the load bench, recombined from clauses of the indexed corpus (never the
 * eval sets): what a user types is a phrase lifted from a policy (开展智能化改造), a few key words of one clause
 * (智能化改造 奖励), or two words from different clauses (专精特新 用地指标). Pure: clauses, a tokenizer and a seed in;
 * the same input gives the same queries.
 */
import { createRng } from './synthetic.js';

export interface QueryGeneratorOptions {
  /** PRNG seed (default 1). */
  seed?: number;
  /** Longest query in characters (default 16). */
  maxChars?: number;
  /** Queries to leave out (e.g. another generated set), so that two sets never share a query. */
  exclude?: Iterable<string>;
}

const CJK = /\p{Script=Han}/u;

/** A content word: two or more characters with a Chinese character, not a number or a function word. */
export function isContentWord(token: string): boolean {
  return [...token].length >= 2 && CJK.test(token) && !/^[的了和与及或在对为将把被等]|[的了]$/u.test(token);
}

/**
 * `n` distinct queries. Half are phrases as written (a run of 2–4 tokens starting and ending on a content word,
 * 4–`maxChars` characters), three in ten are 2–3 content words of one clause, and two in ten pair content words of
 * two clauses. Gives fewer than `n` only when the clauses cannot make that many.
 */
export function generateQueries(clauses: readonly string[], tokenize: (text: string) => string[], n: number, options: QueryGeneratorOptions = {}): string[] {
  const rng = createRng(options.seed ?? 1);
  const maxChars = options.maxChars ?? 16;
  const tokenized = clauses.map((c) => tokenize(c)).filter((ts) => ts.filter(isContentWord).length >= 2);
  if (!tokenized.length) return [];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
  const excluded = new Set(options.exclude ?? []);
  const out = new Set<string>();
  const phrase = (tokens: string[]): string | null => {
    const starts = tokens.map((t, i) => (isContentWord(t) ? i : -1)).filter((i) => i >= 0);
    const start = pick(starts);
    const len = 2 + Math.floor(rng() * 3);
    const run = tokens.slice(start, start + len);
    while (run.length && !isContentWord(run.at(-1)!)) run.pop();
    const text = run.join('');
    return run.length >= 2 && [...text].length >= 4 && [...text].length <= maxChars && !/[，。；：、,.;:（）()“”《》\s]/u.test(text) ? text : null;
  };
  const words = (tokens: string[]): string | null => {
    const content = [...new Set(tokens.filter(isContentWord))];
    const k = Math.min(content.length, 2 + Math.floor(rng() * 2));
    const chosen: string[] = [];
    while (chosen.length < k) {
      const w = pick(content);
      if (!chosen.includes(w)) chosen.push(w);
    }
    const text = chosen.join(' ');
    return [...text].length <= maxChars ? text : null;
  };
  const pair = (a: string[], b: string[]): string | null => {
    const wa = pick(a.filter(isContentWord));
    const wb = pick(b.filter(isContentWord));
    return wa !== wb && [...wa].length + [...wb].length + 1 <= maxChars ? `${wa} ${wb}` : null;
  };
  for (let attempts = 0; out.size < n && attempts < n * 50; attempts++) {
    const r = rng();
    const q = r < 0.5 ? phrase(pick(tokenized)) : r < 0.8 ? words(pick(tokenized)) : pair(pick(tokenized), pick(tokenized));
    if (q && !excluded.has(q)) out.add(q);
  }
  return [...out];
}
