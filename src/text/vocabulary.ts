/**
 * The corpus vocabulary: the words the documents themselves use, each with its document frequency (how many
 * clauses hold it). Query expansion draws on it instead of a hand-written list: a plain-language query is embedded,
 * and the vocabulary words nearest to it in meaning (闲置厂房 → 工业用地, 盘活; 用煤太多 → 煤耗, 用能) are searched too.
 *
 * What counts as a word: a dictionary word (jieba without HMM, so no guessed fragments like 企帮) of 2–8 Han
 * characters. A word found in more than `maxShare` of the clauses (企业, 发展, 建设) says nothing about a measure and
 * is left out; past `maxTerms`, the rarer words go first (the vocabulary grows slowly with the corpus: the seeds
 * hold about 2,000 words).
 */
import { dictionaryWords } from './segment.js';

export interface VocabularyTerm {
  term: string;
  /** Clauses that hold the word. */
  df: number;
}

export interface VocabularyOptions {
  maxShare?: number;
  maxTerms?: number;
}

const WORD = /^\p{Script=Han}{2,8}$/u;

export function corpusVocabulary(clauses: Iterable<string>, options: VocabularyOptions = {}): VocabularyTerm[] {
  const maxShare = options.maxShare ?? 0.1;
  const maxTerms = options.maxTerms ?? 20_000;
  const df = new Map<string, number>();
  let n = 0;
  for (const clause of clauses) {
    n++;
    for (const w of new Set(dictionaryWords(clause))) if (WORD.test(w)) df.set(w, (df.get(w) ?? 0) + 1);
  }
  return [...df]
    .filter(([, count]) => count <= Math.max(1, maxShare * n))
    .map(([term, count]) => ({ term, df: count }))
    .sort((a, b) => b.df - a.df || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
    .slice(0, maxTerms);
}
