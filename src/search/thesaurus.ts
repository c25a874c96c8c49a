/**
 * The domain thesaurus (同义词表) used to expand a query: a user searching 亩均税收 also finds 亩均效益 clauses, one
 * typing 不需要抵押的贷款 finds 信用贷款.
 *
 * The data lives in `thesaurus.json` so that a domain expert can review it without reading code. Two kinds of
 * group, because the field's vocabulary is mostly families, not synonyms: 专精特新, 小巨人 and 单项冠军 are tiers of
 * one programme, and treating them as the same word would be wrong in a comparison view.
 * - `synonym`: names of the same thing (首台(套) / 首台套; 亩均效益 / 亩产效益; an abbreviation and its expansion);
 * - `related`: distinct things searched together (the tiers of a ladder, parallel programmes, a measure and its
 *   indicators).
 * Both expand; synonyms come first so that, under the cap, the closest terms survive, and a caller can weigh
 * `related` terms lower. `colloquial` entries map everyday phrases one way to policy terms.
 * Expansion is one hop, except that a synonym's related groups apply as the query term's own: related and
 * colloquial additions are not expanded again, which keeps "also searched" short and predictable.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { createError } from '../errors.js';
import { foldTerm } from '../text/highlight.js';
import type { queryTerms } from '../text/segment.js';

const THESAURUS_FILE = 'thesaurus.json';
const THESAURUS_PATH = fileURLToPath(new URL(`./${THESAURUS_FILE}`, import.meta.url));

/** Default cap on added terms: more than a dozen OR-ed terms drown the user's own words in BM25. */
export const DEFAULT_EXPANSION_LIMIT = 12;

const term = z.string().trim().min(1, 'a term is empty');
const groupId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'an id is lower-case words joined by -');

const groupSchema = z
  .object({
    id: groupId,
    kind: z.enum(['synonym', 'related']),
    terms: z.array(term).min(2, 'a group needs at least two terms'),
    note: z.string().trim().min(1, 'say why the terms belong together'),
  })
  .strict();

const colloquialSchema = z
  .object({
    id: groupId,
    phrases: z.array(term).min(1, 'a colloquial entry needs at least one phrase'),
    terms: z.array(term).min(1, 'a colloquial entry needs at least one policy term'),
    note: z.string().trim().min(1, 'say why the phrase means the terms'),
  })
  .strict();

const thesaurusSchema = z
  .object({
    about: z.string().optional(),
    groups: z.array(groupSchema).min(1),
    colloquial: z.array(colloquialSchema).default([]),
  })
  .strict();

export type ThesaurusGroup = z.infer<typeof groupSchema>;
export type ColloquialEntry = z.infer<typeof colloquialSchema>;
export type Thesaurus = z.infer<typeof thesaurusSchema>;

/** What a query became: its own terms followed by the added ones, and the added ones alone ("also searched"). */
export interface Expansion {
  terms: string[];
  expanded: string[];
}

/** Names the entry a zod issue is about: `group 3 ("land-yield")` rather than a bare path. */
function describeIssue(data: unknown, issue: z.ZodIssue): string {
  const [list, index, ...rest] = issue.path;
  let where = issue.path.join('.') || 'the file';
  if ((list === 'groups' || list === 'colloquial') && typeof index === 'number') {
    const entries = (data as Record<string, unknown>)[list];
    const entry = Array.isArray(entries) ? (entries[index] as { id?: unknown } | undefined) : undefined;
    const id = entry && typeof entry.id === 'string' ? ` ("${entry.id}")` : '';
    where = `${list === 'groups' ? 'group' : 'colloquial entry'} ${index}${id}${rest.length ? `, ${rest.join('.')}` : ''}`;
  }
  return `${where}: ${issue.message}`;
}

function invalid(message: string, details: Record<string, unknown>): never {
  throw createError('MANIFEST_INVALID', `${THESAURUS_FILE}: ${message}`, details);
}

/**
 * Validates thesaurus data (the parsed JSON). Throws `MANIFEST_INVALID` naming the bad group: a missing or
 * unknown field, fewer than two terms, an empty term, a duplicate id, or a term repeated within a group (after
 * folding width, case and brackets).
 */
export function parseThesaurus(data: unknown): Thesaurus {
  const result = thesaurusSchema.safeParse(data);
  if (!result.success) {
    const first = result.error.issues[0]!;
    invalid(describeIssue(data, first), { issues: result.error.issues.map((i) => describeIssue(data, i)) });
  }
  const thesaurus = result.data;
  const ids = new Set<string>();
  for (const entry of [...thesaurus.groups, ...thesaurus.colloquial]) {
    if (ids.has(entry.id)) invalid(`id "${entry.id}" is used twice`, { id: entry.id });
    ids.add(entry.id);
  }
  for (const group of thesaurus.groups) {
    const keys = new Set<string>();
    for (const t of group.terms) {
      const key = foldTerm(t);
      if (key === '') invalid(`group "${group.id}": term "${t}" has no letters`, { id: group.id });
      if (keys.has(key)) invalid(`group "${group.id}": term "${t}" is listed twice`, { id: group.id, term: t });
      keys.add(key);
    }
  }
  return thesaurus;
}

let cached: Thesaurus | null = null;

/**
 * Reads and validates `thesaurus.json` beside this module (or `path`); the default file is read once.
 * Throws `MANIFEST_INVALID` when the file is not valid JSON or not a valid thesaurus.
 */
export function loadThesaurus(path?: string): Thesaurus {
  if (path === undefined && cached) return cached;
  const file = path ?? THESAURUS_PATH;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    invalid(`cannot read ${file}: ${(error as Error).message}`, { file });
  }
  const thesaurus = parseThesaurus(data);
  if (path === undefined) cached = thesaurus;
  return thesaurus;
}

/**
 * The query's terms plus the other members of every group one of them belongs to. A group applies when a query
 * term equals one of its terms or contains it (专精特新企业 contains 专精特新); a colloquial entry applies when the
 * query terms run together contain one of its phrases (不需要 + 抵押 → 不需要抵押). Terms are expected in the order
 * {@link queryTerms} gives them, stopwords already removed, so a phrase must not contain a stopword.
 * Comparison folds width, case and brackets, so 首台套 and 首台(套) are one term and never added for each other.
 *
 * Order is stable: colloquial targets first (a plain-language query has no policy term of its own), then synonyms,
 * then related terms (of the query terms, then of their synonyms); within each, by the query term that triggered
 * them, then file order. At most `limit` terms are added.
 *
 * @example expandQuery(['亩均税收']).expanded // ['亩均效益', '亩产效益', '亩均增加值', '亩均营业收入', '亩均论英雄']
 */
/** foldTerm is called for every thesaurus term on every query; the thesaurus' terms are few, so remember them (theirs only). */
const folded = new Map<string, string>();
function fold(term: string): string {
  let f = folded.get(term);
  if (f === undefined) {
    f = foldTerm(term);
    if (folded.size > 20_000) folded.clear();
    folded.set(term, f);
  }
  return f;
}

export function expandQuery(
  terms: readonly string[],
  options: { thesaurus?: Thesaurus; limit?: number } = {},
): Expansion {
  const thesaurus = options.thesaurus ?? loadThesaurus();
  const limit = options.limit ?? DEFAULT_EXPANSION_LIMIT;

  const original: string[] = [];
  const seen = new Set<string>();
  for (const t of terms) {
    // Not through the cache: it is for the thesaurus' own terms, and a user's words (a confidential draft's among
    // them, since pasted text is ranked as a query) must not outlive the request.
    const key = foldTerm(t);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    original.push(t);
  }
  const queryKeys = original.map(foldTerm);
  // The query rebuilt from its terms, so that a phrase the segmenter split (不需要 / 抵押) is still found. Search
  // tokens list a word's sub-words right before it (利用 / 用率 / 利用率): a run of terms that the next term
  // contains is left out. `owner[i]` is the query term that character i came from, for ordering.
  const isSubWord = (index: number): boolean => {
    // A word's sub-words number at most a dozen (2- and 3-grams of a long term): look no further.
    for (let next = index + 1; next < Math.min(queryKeys.length, index + 16); next++) {
      const word = queryKeys[next]!;
      if (queryKeys.slice(index, next).every((part) => word !== part && word.includes(part))) return true;
    }
    return false;
  };
  const maximal = queryKeys.map((key, index) => ({ key, index })).filter(({ index }) => !isSubWord(index));
  let runTogether = '';
  const owner: number[] = [];
  for (const { key, index } of maximal) {
    runTogether += key;
    for (let i = 0; i < key.length; i++) owner.push(index);
  }
  const termAt = (at: number): number => owner[at] ?? 0;

  const expanded: string[] = [];
  const add = (candidates: readonly string[]): void => {
    for (const candidate of candidates) {
      if (expanded.length >= limit) return;
      const key = fold(candidate);
      if (key === '' || seen.has(key)) continue;
      seen.add(key);
      expanded.push(candidate);
    }
  };

  const colloquialHits: { entry: ColloquialEntry; term: number; order: number }[] = [];
  thesaurus.colloquial.forEach((entry, order) => {
    let first = Infinity;
    for (const phrase of entry.phrases) {
      const p = fold(phrase);
      if (p === '') continue;
      const at = runTogether.indexOf(p);
      if (at !== -1) first = Math.min(first, termAt(at));
    }
    if (first !== Infinity) colloquialHits.push({ entry, term: first, order });
  });
  colloquialHits.sort((a, b) => a.term - b.term || a.order - b.order);
  for (const hit of colloquialHits) add(hit.entry.terms);

  // Synonyms name the same thing, so the related groups of a synonym apply to the query term too
  // (亩产效益 → 亩均效益 → 亩均税收); related terms are not expanded again.
  const synonymStart = expanded.length;
  for (const queryKey of queryKeys) {
    for (const group of thesaurus.groups) {
      if (group.kind === 'synonym' && group.terms.some((t) => queryKey.includes(fold(t)))) add(group.terms);
    }
  }
  const relatedSeeds = [...queryKeys, ...expanded.slice(synonymStart).map(foldTerm)];
  for (const seed of relatedSeeds) {
    for (const group of thesaurus.groups) {
      if (group.kind === 'related' && group.terms.some((t) => seed.includes(fold(t)))) add(group.terms);
    }
  }
  return { terms: [...original, ...expanded], expanded };
}
