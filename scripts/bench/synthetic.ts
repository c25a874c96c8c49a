/**
 * A synthetic policy corpus for scale measurements (`npm run bench -- --parts scale`). Random vectors and random
 * text are not realistic: HNSW recall collapses on uniform vectors and FTS postings look nothing like policy text.
 * So documents are recombined from real seed sentences: each synthetic document follows one seed document's
 * outline (its real headings, renumbered 一、/(一)/1./(1)), and each paragraph (条款) draws 1–4 sentences, mostly
 * from the section it stands in. Topics, vocabulary and vector clusters stay those of real policy text.
 *
 * Pure: seed sections and a numeric seed in, documents out (a seeded PRNG, no I/O).
 * The one impure helper, {@link createSentenceMeanEmbedder}, wraps an Embedder for the bench.
 */
import type { Embedder } from '../../src/embed/embedder.js';
import type { ParsedDocument } from '../../src/types.js';
import { canonical, contentLength, hasContent } from '../../src/text/normalize.js';
import { isAttachmentList, parseHeading } from '../../src/text/structure.js';
import { seededRandom } from '../../src/search/intervals.js';

/** A section of a seed document: its heading path (numbering removed) and the sentences of its clauses. */
export interface SeedSection {
  /** Which seed document the section comes from; a synthetic document follows one seed's outline. */
  doc: string;
  /** Heading titles from the top, without numbering, e.g. `['重点任务', '增强自主创新能力']`; `[]` = preamble. */
  path: string[];
  sentences: string[];
}

export interface SyntheticCorpusOptions {
  /** Total body paragraphs over all documents (headings and title lines are not counted). */
  paragraphs: number;
  documents: number;
  /** Regions (comparison columns); at most `documents`. */
  cities: number;
  /** PRNG seed: the same seed and input give the same corpus. */
  seed: number;
  /** Share of a paragraph's sentences drawn from anywhere rather than from its own section (default 0.2). */
  crossTopicShare?: number;
}

export interface SyntheticCity {
  name: string;
  province: string;
  level: string;
}

export interface SyntheticDocument {
  id: string;
  file: string;
  city: string;
  province: string;
  level: string;
  title: string;
  issuer: string;
  date: string;
  /** The whole file: title, headings, one paragraph per line, signature. */
  text: string;
  /** The body paragraphs in order, as they appear in `text`. */
  paragraphs: string[];
  /** Which seed document's outline it follows. */
  template: string;
}

export interface SyntheticCorpus {
  cities: SyntheticCity[];
  documents: SyntheticDocument[];
  /** Total body paragraphs (equals options.paragraphs). */
  paragraphs: number;
}

/** Longest paragraph the generator writes; the text stage splits paragraphs over 500 characters. */
const MAX_GENERATED_LENGTH = 480;

/**
 * A small seeded PRNG (mulberry32, `seededRandom` of src/search/intervals.ts): uniform in [0, 1). Deterministic across
 * platforms, unlike Math.random.
 * @example const rng = createRng(1); rng(); // 0.6270739405881613
 */
export const createRng: (seed: number) => () => number = seededRandom;

function pick<T>(rng: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rng() * xs.length)]!;
}

/**
 * Split a clause into sentences at 。；; (a closing quote or bracket stays with the sentence it closes).
 * @example splitSentences('推进园区建设。“双创”平台达到10家；加快改造。') // ['推进园区建设。', '“双创”平台达到10家；', '加快改造。']
 */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[。；;][”’」』)）】\]]?)(?![”’」』)）】\]])/u)
    .map((s) => s.trim())
    .filter(hasContent);
}

/** A heading's title without its numbering: `(一)指导思想` → `指导思想`. */
export function headingTitle(heading: string): string {
  const h = parseHeading(heading);
  if (!h) return heading.trim();
  const at = heading.indexOf(h.label);
  return at >= 0 ? heading.slice(at + h.label.length).trim() : heading.trim();
}

/** Sentence with its closing 。；; removed, for comparing a sentence with a heading or with its re-punctuated self. */
export function sentenceKey(s: string): string {
  return canonical(s).replace(/[.;:]+$/u, '');
}

/**
 * Sentences that frame one particular notice rather than state policy: the one that issues the attached plan
 * (现将《…》印发给你们 / 《…》已经市政府同意,现印发给你们), the addressee line (主送机关) that ends with a colon, and
 * the list of attachments (附件:1.… 2.…).
 * Scattered through synthetic documents they would read as each document's own notice and title.
 */
export function isNoticeFraming(sentence: string): boolean {
  const s = sentence.trim();
  return /印发给你们|现印发|现予印发|请认真贯彻|请结合实际/u.test(s) || /[:：]$/u.test(s) || isAttachmentList(s) || /^附件/u.test(s);
}

/**
 * The sentences of a parsed seed document, grouped by section. Table rows and attachments are left out (they are
 * not sentences); so are sentences that merely repeat their heading (`1. 培育世界级集群。`) and fragments without
 * four characters of content. A leading numbering label is removed so that a sentence never reads as a heading
 * when it opens a synthetic paragraph.
 */
export function seedSections(doc: ParsedDocument, name: string): SeedSection[] {
  const byPath = new Map<string, SeedSection>();
  for (const p of doc.paragraphs) {
    if (p.kind !== 'text' || p.part !== 'main') continue;
    const path = p.sectionPath.map(headingTitle).filter((t) => t !== '');
    const key = JSON.stringify(path);
    let section = byPath.get(key);
    if (!section) byPath.set(key, (section = { doc: name, path, sentences: [] }));
    const headings = new Set(path.map(sentenceKey));
    for (let s of splitSentences(p.text)) {
      const h = parseHeading(s);
      if (h) s = s.slice(s.indexOf(h.label) + h.label.length).trim();
      if (contentLength(s) < 4 || parseHeading(s) || headings.has(sentenceKey(s)) || isNoticeFraming(s)) continue;
      if (!section.sentences.includes(s)) section.sentences.push(s);
    }
  }
  return [...byPath.values()].filter((s) => s.sentences.length > 0);
}

const CHINESE_DIGITS = '零一二三四五六七八九';

/**
 * Chinese numeral for 1–99 as used in headings: 一, 十, 十一, 二十三.
 * @example chineseNumeral(23) // '二十三'
 */
export function chineseNumeral(n: number): string {
  if (n < 10) return CHINESE_DIGITS[n]!;
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : CHINESE_DIGITS[tens]!}十${ones ? CHINESE_DIGITS[ones]! : ''}`;
}

/** Heading label for depth 1–4 of an outline, in one document's style (brackets and 1. vs 1、 vary by document). */
function headingLabel(depth: number, n: number, style: { fullWidth: boolean; comma: boolean }): string {
  const [open, close] = style.fullWidth ? ['（', '）'] : ['(', ')'];
  if (depth <= 1) return `${chineseNumeral(n)}、`;
  if (depth === 2) return `${open}${chineseNumeral(n)}${close}`;
  if (depth === 3) return style.comma ? `${n}、` : `${n}.`;
  return `${open}${n}${close}`;
}

const CITY_FIRST = '临安宁平泰华永金清长嘉兴昌德福乐宜龙明瑞盛丰广开靖启通新常溧';
const CITY_SECOND = '江州山阳海川城都原溪门源泽台林河口湾陵沙浦';
const PROVINCES = ['江苏省', '浙江省', '山东省', '广东省', '安徽省', '福建省', '湖北省', '四川省'];
const LEVELS = ['county-level city', 'prefecture-level city', 'district'];
const TOPICS = [
  '加快建设制造强市', '先进制造业集群培育', '推动制造业高质量发展', '促进数字经济与实体经济融合', '加快培育专精特新企业',
  '推进工业园区提质增效', '加快发展战略性新兴产业', '推动工业绿色低碳转型', '实施产业链链长制', '支持科技创新平台建设',
];
const KINDS = ['实施方案', '行动计划', '若干措施', '指导意见', '三年行动方案'];

/** `n` distinct plausible city names (two characters + 市), each with a province and an administrative level. */
export function synthesiseCities(n: number, rng: () => number): SyntheticCity[] {
  const names = new Set<string>();
  const max = CITY_FIRST.length * CITY_SECOND.length;
  while (names.size < Math.min(n, max)) {
    const a = pick(rng, [...CITY_FIRST]);
    const b = pick(rng, [...CITY_SECOND]);
    if (a !== b) names.add(`${a}${b}市`);
  }
  return [...names].map((name) => ({ name, province: pick(rng, PROVINCES), level: pick(rng, LEVELS) }));
}

/** Splits `total` into `parts` positive integers around total/parts (±50%), summing exactly to `total`. */
function splitBudget(total: number, parts: number, rng: () => number): number[] {
  const weights = Array.from({ length: parts }, () => 0.5 + rng());
  return apportion(total, weights, 1);
}

/** Largest-remainder apportionment of `total` by `weights`, each share at least `min` (when total allows). */
function apportion(total: number, weights: number[], min: number): number[] {
  const n = weights.length;
  const floor = Math.min(min, Math.floor(total / n));
  const rest = total - floor * n;
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  const exact = weights.map((w) => (w / sum) * rest);
  const shares = exact.map((x) => Math.floor(x) + floor);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) shares[order[k]![1]]!++;
  return shares;
}

/** How many sentences a paragraph has: 1–4, weighted 15/25/30/30% (the seeds' clauses: 16% one, mode 3–4). */
function sentenceCount(rng: () => number): number {
  const r = rng();
  return r < 0.15 ? 1 : r < 0.4 ? 2 : r < 0.7 ? 3 : 4;
}

/**
 * Generate a corpus of `options.paragraphs` body paragraphs in `options.documents` documents across
 * `options.cities` cities, recombining the sentences of `sections`. Every sentence of every paragraph is one of
 * the input sentences (a closing ；may become 。 at a paragraph's end); no document repeats a paragraph.
 * @example
 * const corpus = generateCorpus(sections, { paragraphs: 5000, documents: 25, cities: 10, seed: 1 });
 * corpus.documents[0].text; // '临江市推动制造业高质量发展实施方案\n\n一、总体要求\n…'
 */
export function generateCorpus(sections: SeedSection[], options: SyntheticCorpusOptions): SyntheticCorpus {
  const usable = sections.filter((s) => s.sentences.length > 0);
  if (usable.length === 0) throw new Error('generateCorpus: the seed sections hold no sentences');
  if (!(options.paragraphs >= 1 && options.documents >= 1 && options.cities >= 1)) {
    throw new Error('generateCorpus: paragraphs, documents and cities must be at least 1');
  }
  const rng = createRng(options.seed);
  const crossTopic = options.crossTopicShare ?? 0.2;
  const pool = [...new Set(usable.flatMap((s) => s.sentences))];
  const templates = new Map<string, SeedSection[]>();
  for (const s of usable) templates.set(s.doc, [...(templates.get(s.doc) ?? []), s]);
  const templateNames = [...templates.keys()];

  const cities = synthesiseCities(Math.min(options.cities, options.documents), rng);
  const documents = Math.min(options.documents, options.paragraphs);
  const budgets = splitBudget(options.paragraphs, documents, rng);

  const out: SyntheticDocument[] = budgets.map((budget, d) => {
    // Every city gets a document before any gets a second one, so small corpora still cover all cities.
    const city = d < cities.length ? cities[d]! : pick(rng, cities);
    const template = pick(rng, templateNames);
    const outline = templates.get(template)!;
    // Drop some sections so documents built on the same template differ in outline.
    let kept = outline.filter(() => rng() < 0.85);
    if (kept.length === 0) kept = [outline[0]!];
    const counts = apportion(budget, kept.map((s) => Math.max(1, s.sentences.length)), 0);
    const style = { fullWidth: rng() < 0.5, comma: rng() < 0.3 };

    const lines: string[] = [];
    const paragraphs: string[] = [];
    const seen = new Set<string>();
    // Sentences this document has already used: a real document rarely says the same thing twice.
    const used = new Set<string>();
    const numbering: number[] = [];
    let open: string[] = [];
    kept.forEach((section, i) => {
      const n = counts[i]!;
      if (n === 0) return;
      let common = 0;
      while (common < open.length && common < section.path.length && open[common] === section.path[common]) common++;
      numbering.length = Math.min(numbering.length, common + 1);
      for (let depth = common; depth < section.path.length; depth++) {
        numbering[depth] = (numbering[depth] ?? 0) + 1;
        numbering.length = depth + 1;
        lines.push(`${headingLabel(depth + 1, numbering[depth]!, style)}${section.path[depth]!}`);
      }
      open = section.path;
      for (let k = 0; k < n; k++) {
        let text = '';
        for (let attempt = 0; attempt < 8 && (text === '' || seen.has(text)); attempt++) {
          text = composeParagraph(section.sentences, pool, sentenceCount(rng), crossTopic, used, rng);
        }
        seen.add(text);
        for (const sentence of splitSentences(text)) used.add(sentence);
        paragraphs.push(text);
        lines.push(text);
      }
    });

    const year = 2018 + Math.floor(rng() * 7);
    const month = 1 + Math.floor(rng() * 12);
    const day = 1 + Math.floor(rng() * 28);
    const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const kind = pick(rng, KINDS);
    const title = `${city.name}${pick(rng, TOPICS)}${kind}${rng() < 0.4 ? `(${year}—${year + 2}年)` : ''}`;
    const issuer = rng() < 0.5 ? `${city.name}人民政府` : `${city.name}人民政府办公室`;
    const id = `syn${String(d + 1).padStart(5, '0')}`;
    const signature = [issuer, `${year}年${month}月${day}日`];
    return {
      id,
      file: `${id}.txt`,
      city: city.name,
      province: city.province,
      level: city.level,
      title,
      issuer,
      date,
      text: [title, '', ...lines, '', ...signature, ''].join('\n'),
      paragraphs,
      template,
    };
  });
  return { cities, documents: out, paragraphs: out.reduce((n, d) => n + d.paragraphs.length, 0) };
}

/**
 * One paragraph: `count` distinct sentences, each from `own` or (with probability `crossTopic`) from `pool`,
 * preferring sentences the document has not `used` yet.
 */
function composeParagraph(own: string[], pool: string[], count: number, crossTopic: number, used: Set<string>, rng: () => number): string {
  const fresh = (xs: string[]) => {
    for (let tries = 0; tries < 6; tries++) {
      const s = pick(rng, xs);
      if (!used.has(s)) return s;
    }
    return null;
  };
  const chosen: string[] = [];
  let length = 0;
  for (let tries = 0; chosen.length < count && tries < count * 4; tries++) {
    const s = (rng() < crossTopic ? null : fresh(own)) ?? fresh(pool) ?? pick(rng, own);
    if (chosen.includes(s)) continue;
    if (chosen.length > 0 && length + s.length > MAX_GENERATED_LENGTH) break;
    chosen.push(s);
    length += s.length;
  }
  // A paragraph ends a sentence: a closing ；(or a missing stop) becomes 。.
  const last = chosen.length - 1;
  chosen[last] = chosen[last]!.replace(/[；;，,：:]$/u, '') + (/[。！？!?][”’」』)）]?$/u.test(chosen[last]!) ? '' : '。');
  return chosen.join('');
}

/** The `manifest.json` that gives each synthetic document its city, level, province, title, issuer and date. */
export function corpusManifest(corpus: SyntheticCorpus): { version: 1; about: string; documents: Record<string, string | null>[] } {
  return {
    version: 1,
    about: 'Synthetic corpus for `npm run bench -- --parts scale`: seed sentences recombined; not real policy.',
    documents: corpus.documents.map((d) => ({
      id: d.id, file: d.file, city: d.city, level: d.level, province: d.province, title: d.title, issuer: d.issuer, date: d.date,
    })),
  };
}

/** Pieces whose vectors are averaged: the sentences of a text, and a leading section-context heading (…：). */
export function embedPieces(text: string): string[] {
  return text
    .split(/(?<=[。；;：:][”’」』)）】\]]?)(?![”’」』)）】\]])|\n/u)
    .map((s) => s.trim())
    .filter(hasContent);
}

export interface SentenceMeanStats {
  /** Distinct pieces embedded with the model (warm-up and cache misses). */
  modelPieces: number;
  /** Seconds spent in the model. */
  modelSeconds: number;
  /** Texts answered from the cache. */
  texts: number;
}

/**
 * An Embedder whose passage vectors are the normalised mean of the vectors of their sentences (see
 * {@link embedPieces}), each distinct sentence embedded once with `base` and cached. On a corpus recombined from
 * a few hundred sentences this takes seconds instead of the model's quarter of an hour, and keeps the real
 * model's cluster structure. Sentences are weighted by √length: on 200 synthetic paragraphs the cosine to the
 * model's own paragraph vector was 0.953 on average (plain mean 0.942, random pairs 0.686). An approximation for
 * scale measurements only: queries go to `base` unchanged.
 */
export function createSentenceMeanEmbedder(base: Embedder): Embedder & { stats: SentenceMeanStats; warm(texts: string[]): Promise<void> } {
  const cache = new Map<string, Float32Array>();
  const stats: SentenceMeanStats = { modelPieces: 0, modelSeconds: 0, texts: 0 };
  const keyOf = (piece: string) => sentenceKey(piece) || canonical(piece);
  const fill = async (texts: string[]) => {
    const missing = new Map<string, string>();
    for (const t of texts) for (const p of embedPieces(t)) if (!cache.has(keyOf(p))) missing.set(keyOf(p), p);
    if (missing.size === 0) return;
    const t0 = performance.now();
    const vectors = await base.embed([...missing.values()]);
    stats.modelSeconds += (performance.now() - t0) / 1000;
    stats.modelPieces += missing.size;
    [...missing.keys()].forEach((k, i) => cache.set(k, vectors[i]!));
  };
  const embed = async (texts: string[], onProgress?: (done: number) => void): Promise<Float32Array[]> => {
    await fill(texts);
    const out = texts.map((t) => {
      const v = new Float32Array(base.info.dim);
      for (const p of embedPieces(t)) {
        const u = cache.get(keyOf(p))!;
        const w = Math.sqrt(p.length);
        for (let i = 0; i < v.length; i++) v[i]! += w * u[i]!;
      }
      let norm = 0;
      for (const x of v) norm += x * x;
      norm = Math.sqrt(norm) || 1;
      for (let i = 0; i < v.length; i++) v[i]! /= norm;
      return v;
    });
    stats.texts += texts.length;
    onProgress?.(texts.length);
    return out;
  };
  return {
    // A different recipe keeps these vectors out of any cache that real paragraph vectors are reused from.
    info: { ...base.info, recipe: `${base.info.recipe} sentence-mean-sqrt-length` },
    stats,
    warm: fill,
    embed,
    embedQuery: (text) => base.embedQuery(text),
    // The base embedder belongs to the caller.
    dispose: async () => {},
  };
}
