/**
 * Duplicates (重复条款) inside one document. Task tables (职责分工) repeat the main text's measures, but not always
 * exactly: cells are wrapped (`整治低效 工业用地`), a clause is cut into several rows, numbers are updated. So a
 * table row is compared by its content cell, by character-bigram containment in an earlier paragraph; two text
 * paragraphs must be near-identical (bigram Dice) to be duplicates, because a clause that restates part of another
 * (a target repeated under its section) is content in its own right. A row whose content is a label rather than a
 * clause (an indicator name such as `规上工业亩均税收(万元/亩)`) is compared only exactly, whole row against whole
 * row: the same indicator in a targets-by-year and a targets-by-town table is two different facts. For the same reason
 * two text paragraphs with different figures are never duplicates, however alike their words (and a table row repeats
 * a paragraph only when the paragraph holds every figure of the row's content): a compendium restates
 * one subsidy for each year with new rates and caps (Beijing's 2024 产业政策导引: "按照不超过项目总投资额30%的比例,
 * 给予最高不超过3000万元" against "50% … 5000万元", Dice 0.93), and collapsing them hid the second from every search.
 * Comparison uses {@link canonical} text.
 */
import type { ParsedParagraph } from '../types.js';
import { canonical } from './normalize.js';
import { rowContent } from './paragraphs.js';

/** Shorter texts (canonical characters) are never duplicates: headings and labels repeat by nature. */
export const MIN_DUPLICATE_LENGTH = 15;
/**
 * A table row whose content cell has at least this share of its bigrams in an earlier paragraph repeats it.
 * Measured on the seeds: the 62 task rows of Pinghu's 附件2 score 0.97–1.00 against their clause and at most 0.50
 * against any other paragraph; indicator labels (compared only exactly, see above) would score 0.17–1.00.
 */
export const ROW_CONTAINMENT_THRESHOLD = 0.8;
/**
 * Two text paragraphs with at least this bigram Dice similarity are the same clause. On the seeds no two distinct
 * clauses score above 0.71 (a goal restated as a section target).
 */
export const TEXT_SIMILARITY_THRESHOLD = 0.9;

/** The set of character bigrams of a string. */
export function bigrams(s: string): Set<string> {
  const chars = [...s];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
}

/**
 * A function giving the same bigrams as numbers, which hash and compare faster than two-character strings
 * (`scoreDuplicates` spent half of a document's parse in its bigram sets). Each distinct character gets a small id
 * in the order first seen, and a bigram is first id × 32,768 + second: below 2³¹, a small integer V8 keeps unboxed.
 * Past 32,768 distinct characters (no real document) the ids go on and the keys stay exact, only boxed. One
 * function per document: the ids of its texts must agree.
 */
export function bigramKeyer(): (s: string) => Set<number> {
  const ids = new Map<number, number>();
  const id = (cp: number) => {
    let n = ids.get(cp);
    if (n === undefined) ids.set(cp, (n = ids.size));
    return n;
  };
  return (s: string) => {
    const out = new Set<number>();
    let prev = -1;
    for (let i = 0; i < s.length; i++) {
      let cp = s.charCodeAt(i);
      if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < s.length) {
        const low = s.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          cp = (cp - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
          i++;
        }
      }
      const n = id(cp);
      if (prev >= 0) out.add(prev < 32_768 && n < 32_768 ? prev * 32_768 + n : 2 ** 31 + prev * 0x110000 + n);
      prev = n;
    }
    return out;
  };
}

/** Characters of `s` (code points; a surrogate pair is one). */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const low = s.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

/** A leading item number ("(3)", "1．", "2、", "①"): the same clause numbered differently is still the same clause. */
const ITEM_LABEL = /^(?:[(（]\d{1,3}[)）]|\d{1,3}[.．、](?!\d)|[①-⑳])/u;

/**
 * The figures of a (canonical) text in order, its leading item number aside: what two text paragraphs must share
 * to be duplicates.
 */
export function figures(s: string): string {
  return (s.replace(ITEM_LABEL, '').match(/\d+(?:\.\d+)?/gu) ?? []).join(' ');
}

/** Number of bigrams two sets share. */
function overlap<T>(a: Set<T>, b: Set<T>): number {
  let n = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) n++;
  return n;
}

/** Share of `a`'s bigrams found in `b` (1 = all of `a` appears in `b`). */
export function containment<T>(a: Set<T>, b: Set<T>): number {
  return a.size === 0 ? 0 : overlap(a, b) / a.size;
}

/** Dice similarity of two bigram sets. */
export function dice<T>(a: Set<T>, b: Set<T>): number {
  return a.size + b.size === 0 ? 0 : (2 * overlap(a, b)) / (a.size + b.size);
}

/** One paragraph's best match among the earlier ones. */
export interface DuplicateCandidate {
  ordinal: number;
  /** The earlier paragraph it resembles most, or null when there is none. */
  of: number | null;
  /** Containment (table rows) or Dice (text) of that best match. */
  score: number;
  /** Whether the content is long enough to be compared at all. */
  comparable: boolean;
}

/**
 * Score every paragraph against the earlier ones of the same document (for duplicate marking, and to report the
 * score distribution the thresholds were chosen from). An inverted index from bigram to paragraphs keeps this
 * near-linear on long documents: only earlier paragraphs sharing a bigram are ever compared.
 */
export function scoreDuplicates(paragraphs: ParsedParagraph[]): DuplicateCandidate[] {
  const texts = paragraphs.map((p) => canonical(p.text));
  const contents = paragraphs.map((p) => (p.kind === 'table-row' ? rowContent(p) : p.text));
  // A text paragraph's content is its text: its key and bigrams are its text's, made once.
  const keys = contents.map((c, i) => (paragraphs[i]!.kind === 'table-row' ? canonical(c) : texts[i]!));
  const bigramKeys = bigramKeyer();
  const whole = texts.map(bigramKeys);
  const own = keys.map((k, i) => (k === texts[i] ? whole[i]! : bigramKeys(k)));
  const numbers = texts.map(figures);
  const figureSets = numbers.map((n) => new Set(n.split(' ')));
  const rowFigures = keys.map((k, i) => (paragraphs[i]!.kind === 'table-row' ? figures(k).split(' ').filter(Boolean) : []));
  const firstText = new Map<string, number>();
  const firstKey = new Map<string, number>();
  const postings = new Map<number, number[]>();
  const shared = new Int32Array(paragraphs.length);
  return paragraphs.map((p, i) => {
    const clause = p.kind === 'text' || /[，,。；;]/u.test(contents[i]!);
    const comparable = codePoints(keys[i]!) >= MIN_DUPLICATE_LENGTH;
    let of: number | null = null;
    let score = 0;
    const exact = firstText.get(texts[i]!) ?? (clause ? firstKey.get(keys[i]!) : undefined);
    if (comparable && exact !== undefined) {
      of = exact;
      score = 1;
    } else if (comparable && clause) {
      const touched: number[] = [];
      for (const b of own[i]!) {
        for (const j of postings.get(b) ?? []) {
          if (shared[j] === 0) touched.push(j);
          shared[j]!++;
        }
      }
      for (const j of touched) {
        const n = shared[j]!;
        shared[j] = 0;
        // A text paragraph repeats only one with the same figures; a task table's row, one that holds every figure of
        // its content (a row may split a clause's figures, but one that names a figure the clause lacks states another
        // fact: Pinghu's 附件2 row 改造开发2000亩以上 had been collapsed into the main text's 5000亩以上).
        if (p.kind === 'text' && numbers[j] !== numbers[i]) continue;
        if (p.kind === 'table-row' && rowFigures[i]!.some((f) => !figureSets[j]!.has(f))) continue;
        const s = p.kind === 'table-row' ? n / own[i]!.size : (2 * n) / (own[i]!.size + whole[j]!.size);
        if (s > score || (s === score && of !== null && j < of)) {
          score = s;
          of = j;
        }
      }
    }
    if (!firstText.has(texts[i]!)) firstText.set(texts[i]!, i);
    if (clause && !firstKey.has(keys[i]!)) firstKey.set(keys[i]!, i);
    for (const b of whole[i]!) {
      const list = postings.get(b);
      if (list) list.push(i);
      else postings.set(b, [i]);
    }
    return { ordinal: p.ordinal, of, score, comparable };
  });
}

/**
 * Mark paragraphs that repeat an earlier paragraph of the same document: `duplicateOf` = the ordinal of the
 * original (the earliest of a chain). Only later paragraphs point to earlier ones; never a paragraph to itself.
 * @example markDuplicates(paragraphs).filter((p) => p.duplicateOf !== null)
 */
export function markDuplicates(paragraphs: ParsedParagraph[]): ParsedParagraph[] {
  const scores = scoreDuplicates(paragraphs);
  const out = paragraphs.map((p) => ({ ...p, duplicateOf: null as number | null }));
  for (const c of scores) {
    if (!c.comparable || c.of === null) continue;
    const p = out[c.ordinal]!;
    const threshold = p.kind === 'table-row' ? ROW_CONTAINMENT_THRESHOLD : TEXT_SIMILARITY_THRESHOLD;
    if (c.score < threshold) continue;
    const original = out[c.of]!;
    p.duplicateOf = original.duplicateOf ?? original.ordinal;
  }
  return out;
}
