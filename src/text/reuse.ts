/**
 * Text reuse (沿用) between a clause and an earlier one, by character n-gram containment: the share of the clause's
 * n-grams (n = 4 content characters: letters, digits, Han; punctuation, spaces, width, case and script ignored) that
 * also occur in the earlier clause. Containment, not a symmetric similarity, because the question is "how much of this
 * clause was written before": a clause that copies a sentence out of a long one contains it in full, whatever else the
 * long one says. Four characters is about two Chinese words: short enough that a copied sentence with one word changed still
 * shares most of its grams, long enough that two clauses on one topic written independently share few (企业 / 发展
 * are bigrams every clause has). The thresholds that read this share as reuse are the caller's (src/analysis/draft.ts).
 */

import { toSimplified } from './script.js';

/** Characters per gram. */
export const REUSE_GRAM = 4;

const CONTENT = /[\p{L}\p{N}]/u;

/**
 * The content characters of a text, folded (full-width to ASCII, lower case, traditional script to simplified), so
 * that a draft in traditional script that copies a clause reads as the copy it is.
 */
export function contentChars(text: string): string[] {
  const out: string[] = [];
  for (const ch of toSimplified(text.normalize('NFKC')).toLowerCase()) if (CONTENT.test(ch)) out.push(ch);
  return out;
}

/** The set of content-character n-grams of a text; a text shorter than n has none. */
export function contentGrams(text: string, n = REUSE_GRAM): Set<string> {
  const chars = contentChars(text);
  const grams = new Set<string>();
  for (let i = 0; i + n <= chars.length; i++) grams.add(chars.slice(i, i + n).join(''));
  return grams;
}

/** Share of `a`'s grams found in `b` (0 when `a` has none). */
export function gramContainment(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0) return 0;
  let n = 0;
  for (const g of a) if (b.has(g)) n++;
  return n / a.size;
}

/**
 * How much of `text` occurs in `earlier`, 0–1.
 * @example reuseShare('对首台(套)装备给予保费补贴', '对首台（套）重大技术装备给予保费补贴') // 0.67: 对首台套, 装备给予, 备给予保, …
 */
export function reuseShare(text: string, earlier: string, n = REUSE_GRAM): number {
  return gramContainment(contentGrams(text, n), contentGrams(earlier, n));
}
