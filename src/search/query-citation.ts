/**
 * A citation in the query finds its clause: `《烟台市民营经济促进条例》第二十二条第二款` puts that 款 first.
 *
 * Every hit under an article carries its 款 and 项 (`Hit.provision`, src/text/provisions.ts), and every citation the
 * tool writes names them (第二十二条第二款). But they were computed for display and never searched: the citation the
 * tool wrote, copied back into the search box, found the document and ranked 第一款 first (twenty-second session's
 * verifying audit). A drafter who copies a citation from the tool, a footnote or another document expects that clause.
 *
 * What is read (in the query as typed, in simplified script; places named at its head still keep the clauses to theirs):
 * - an optional title: in 《》 (or 〈〉), or the words right before the article without brackets when they name a
 *   corpus document (its title, its short form without the place it is of, 民营经济促进条例, or a part of the title as a
 *   query names a document, src/search/query-documents.ts); words that name none are not a title but the query's.
 *   Between a title in 《》 and the article may stand its number in brackets and a section path ending in ›, as the
 *   tool's own citation line writes them (《浙江省数字经济促进条例》第二章 数字基础设施 › 第十六条第二款), and the
 *   chapter or section as a citation of a chaptered statute names it (《浙江省数字经济促进条例》第三章第二十条, 第三章
 *   第二节 第二十条: the article's number is the statute's own, so the chapter only places it). A title in quotes
 *   (“…”, "…", 「…」, 『…』) is read as one in 《》 when it ends as a document's title does ({@link TITLE_KIND}:
 *   “烟台市民营经济促进条例”第二十二条第二款), else as bare words (quotes also mark a term: “专精特新”第十条). The
 *   s23 verifying audit (item 2) found both cited 第二十条 of every statute, the title dropped into the query's words;
 * - then 第N条, with an optional 第N款 and an optional 第N项 (第（三）项, 第(3)项, 第三项), in Chinese or Arabic
 *   numerals (第二十二条, 第22条, 第２２条); spaces between the parts are allowed; the shorthands 第22条2款,
 *   第二十二条二款 (款 without 第) and 第六条（三）, 第六条第二款(3) (an item in brackets after the article or 款,
 *   without 项) read the same (s23 verifying audit, item 17: their 款 or 项 had been left in the query's words). An
 *   article number of any length is read (第99999999999999999999条), so that the answer says the document has no such
 *   article rather than searching the citation as words (item 7);
 * - once, the first citation in the query; not 第十条之一 (an article inserted later, which the corpus's structure
 *   does not read as an article), and not in prose ({@link isProse}): what the query asks besides the citation must be
 *   at most {@link MAX_REST} characters with no sentence punctuation, once the named document's own words are taken
 *   out of it ({@link withoutOwnWords}: its issuer, number, place and date, which the tool's citation line writes
 *   around the title: 烟台市人民代表大会常务委员会《烟台市民营经济促进条例》第二十二条第二款，烟台市，2020-01-15). A clause
 *   pasted whole (第二十二条 市、县（市、区）人民政府应当…) is a query about its content, not a citation of every statute's
 *   第二十二条.
 *
 * Which clauses a provision is, from each clause's section path and `Hit.provision` as the engine computes them (never
 * a second reading of the text): an article is the run of clauses under one section titled 第N条 (those under a
 * section inside it too: 天河's 第五条 企业培育 › （一）落户补贴); the 条 is all of them, in reading order; a 款 is its
 * clause (`provision.paragraph`, or the article's first clause where it has one 款) and what follows it up to the next
 * 款 (its items, and sub-items or table rows inside it); a 项 is the item (`provision.item`, or a section titled
 * （一） under the article) and what follows it up to the next item or 款.
 */
import { provisionLabel, type Provision } from '../text/provisions.js';
import { articleOf, chineseNumber, chineseNumeral, parseHeading } from '../text/structure.js';
import { foldWidth } from '../text/segment.js';
import { documentsNamed, foldName, type DocumentName } from './query-documents.js';

/** A citation is read only when the rest of the query is at most this many characters (of any kind, spaces aside). */
export const MAX_REST = 20;

/** A citation read from a query. */
export interface CitationRead {
  /** The citation as the query writes it: `《烟台市民营经济促进条例》第二十二条第二款`, its title included when it has one. */
  text: string;
  /** The article, 款 and 项 as the query writes them: `第二十二条第二款`. */
  provision: string;
  /** The title without its brackets, or the words before the article without brackets (a title only if they name a document); null when none. */
  title: string | null;
  /** Whether the title was in 《》 or 〈〉: a bracketed title is one whatever it names; bare words only when they name a document. */
  bracketed: boolean;
  article: number;
  /** The 款, counted from 1; null when the citation names none. */
  paragraph: number | null;
  /** The 项's number; null when the citation names none. */
  item: number | null;
  /**
   * The query without the citation (title included), spaces trimmed: what else it asks ('' when nothing). A citation is
   * one only when this is no prose ({@link isProse}), the named document's own words taken out ({@link withoutOwnWords}).
   */
  rest: string;
  /** The query without the article, 款 and 项 only: the rest when bare words before them name no document. */
  restWithTitle: string;
}

const NUMERAL = '(?:[零〇一二两三四五六七八九十百千]{1,7}|\\d+)';
/**
 * 第N条 [第N款] [第N项], spaces allowed between the parts; 條 and 項 as traditional script writes them; 第 may be left out
 * before 款 and 项 (第22条2款), and an item may stand in brackets alone (第六条（三）). An article with a caption is cited
 * as the tool's section label writes it, the caption and › before its 款 or its item (第二条 适用范围 › 第二款; 天河's
 * item numbered as a section, 第五条 企业培育 › （一）落户补贴).
 */
const ARTICLE = new RegExp(
  `第\\s*(${NUMERAL})\\s*[条條](?!\\s*之)` +
    `(?:\\s*[^\\s›，,。；;！!？?：:]{0,15}\\s*›\\s*(?:[（(]\\s*(${NUMERAL})\\s*[)）])?)?` +
    `(?:\\s*第?\\s*(${NUMERAL})\\s*款)?` +
    `(?:\\s*(?:第?\\s*[（(]?\\s*(${NUMERAL})\\s*[)）]?\\s*[项項]|[（(]\\s*(${NUMERAL})\\s*[)）]))?`,
  'u',
);
/** A chapter, section or part of a statute, which a citation may name before the article: 第三章, 第二节, 第一编. */
const CHAPTER = `第\\s*${NUMERAL}\\s*[编編章节節]`;
/**
 * A title in 《》 or 〈〉 (group 1), or in quotes (group 2), before the article: right before it, or with its number in
 * brackets, a section path ending in › and its chapter between (《…》（烟政发〔2020〕1号）第二章 总则 › 第二条;
 * 《…》第三章第二十条).
 */
const BRACKETED = new RegExp(
  `(?:[《〈]([^《》〈〉]{1,100})[》〉]|[“"「『]([^“”"「」『』《》〈〉]{1,100})[”"」』])\\s*(?:[（(][^（()）《》]{1,40}[)）]\\s*)?` +
    `(?:[^《》〈〉›，,。；;！!？?]{1,40}›\\s*)*(?:${CHAPTER}\\s*)*$`,
  'u',
);
/** The chapters at the end of bare words before the article: not the title's (浙江省数字经济促进条例第三章 第二十条). */
const TRAILING_CHAPTERS = new RegExp(`(?:${CHAPTER}\\s*)+$`, 'u');
/**
 * How a document's title ends (条例, 办法, 意见, 方案, 通知 …): a title in quotes that ends so is a title whatever it
 * names, as one in 《》 is; other quoted words are a title only when they name a corpus document.
 */
export const TITLE_KIND = /(?:条例|法|办法|规定|细则|规则|决定|决议|意见|方案|措施|政策|通知|规划|纲要|计划|章程|指引|指南|目录|清单)$/u;
/** Where bare words before the article begin: after a space, a punctuation mark or a bracket. */
const WORDS_START = /[\s，,。；;：:、！!？?“”"'‘’（）()【】\[\]《》〈〉]/u;
/** Sentence punctuation: a query holding it besides the citation is prose. */
const SENTENCE = /[，,。；;！!？?：:]/u;

/** A numeral the article, 款 or 项 is written with, or NaN. @example numeral('２２') // 22 */
function numeral(s: string): number {
  return chineseNumber(foldWidth(s));
}

/**
 * The first citation in `query`, or null when it has none (see the file header; whether it is prose is the caller's to
 * ask, once it knows which document the title names).
 * @example readCitation('《烟台市民营经济促进条例》第二十二条第二款') // { title: '烟台市民营经济促进条例', bracketed: true, article: 22, paragraph: 2, item: null, rest: '', … }
 */
export function readCitation(query: string): CitationRead | null {
  const q = foldWidth(query);
  const m = ARTICLE.exec(q);
  if (!m) return null;
  const numbers = provisionOf(m);
  if (!numbers) return null;
  const { article, paragraph, item } = numbers;
  const before = q.slice(0, m.index);
  const after = q.slice(m.index + m[0].length);
  let title: string | null = null;
  let bracketed = false;
  let start = m.index;
  const b = BRACKETED.exec(before);
  if (b) {
    title = (b[1] ?? b[2])!.trim();
    bracketed = b[1] !== undefined || TITLE_KIND.test(title);
    start = b.index;
  } else {
    // The words right before the article, back to a space or a mark: a title if they name a document.
    const end = before.trimEnd().length;
    let i = end;
    while (i > 0 && !WORDS_START.test(before[i - 1]!)) i--;
    if (i < end) {
      // 浙江省数字经济促进条例第三章 第二十条: the chapter places the article; the words before it are the title.
      const words = before.slice(i, end);
      title = words.replace(TRAILING_CHAPTERS, '') || words;
      start = i;
    }
  }
  const rest = join(q.slice(0, start), after);
  const restWithTitle = join(before, after);
  const end = m.index + m[0].length;
  return { text: query.slice(start, end).trim(), provision: query.slice(m.index, end), title, bracketed, article, paragraph, item, rest, restWithTitle };
}

/** The article, 款 and 项 an {@link ARTICLE} match names, or null when a numeral is none. */
function provisionOf(m: RegExpExecArray | RegExpMatchArray): Pick<CitationRead, 'article' | 'paragraph' | 'item'> | null {
  const article = numeral(m[1]!);
  const paragraph = m[3] !== undefined ? numeral(m[3]) : null;
  const written = m[4] ?? m[5] ?? m[2];
  const item = written !== undefined ? numeral(written) : null;
  if (!(article > 0) || (paragraph !== null && !(paragraph > 0)) || (item !== null && !(item > 0))) return null;
  return { article, paragraph, item };
}

/**
 * Every citation in a text (a draft's clause) whose title stands in 《》 before it, in order, each once: 依照《烟台市民营
 * 经济促进条例》第二十二条第二款规定，… Unlike a query, prose is what such a text is; a bare 第十条 there is the text's own
 * (本办法第十条), so only a title in 《》 (or in quotes, ending as a title does: {@link TITLE_KIND}) makes a citation.
 * `rest` is ''.
 * @example citationsIn('依照《烟台市民营经济促进条例》第二十二条第二款规定，对…') // [{ title: '烟台市民营经济促进条例', article: 22, paragraph: 2, … }]
 */
export function citationsIn(text: string): CitationRead[] {
  const q = foldWidth(text);
  const out: CitationRead[] = [];
  const seen = new Set<string>();
  let from = 0;
  for (const m of q.matchAll(new RegExp(ARTICLE.source, 'gu'))) {
    // Only what follows the previous citation: 《X》第十条、第十二条 cites X's 第十条 (the second has no title of its own).
    const b = BRACKETED.exec(q.slice(from, m.index));
    const start = from + (b?.index ?? 0);
    const end = m.index + m[0].length;
    from = end;
    const title = b ? (b[1] ?? b[2])!.trim() : '';
    const numbers = b && (b[1] !== undefined || TITLE_KIND.test(title)) ? provisionOf(m) : null;
    if (!b || !numbers) continue;
    const key = [title, numbers.article, numbers.paragraph, numbers.item].join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ text: text.slice(start, end).trim(), provision: text.slice(m.index, end), title, bracketed: true, ...numbers, rest: '', restWithTitle: '' });
  }
  return out;
}

/**
 * Whether what a query asks besides a citation reads as prose, not as words beside it: more than {@link MAX_REST}
 * characters, or a sentence's punctuation.
 * @example isProse('用地') // false
 */
export function isProse(rest: string): boolean {
  return [...rest.replace(/\s+/gu, '')].length > MAX_REST || SENTENCE.test(rest);
}

/** What a document's citation line writes around its title and provision. */
export interface OwnWords {
  issuer?: string | null;
  docNumber?: string | null;
  city?: string | null;
  date?: string | null;
}

/**
 * What a query asks besides a citation, without the named document's own words: its issuer, number, place and date
 * (and 日期不详, the tool's word for none), which the tool's citation line writes around it; '' when nothing else is left.
 * @example withoutOwnWords('烟台市人民代表大会常务委员会 ，烟台市，2020-01-15', { issuer: '烟台市人民代表大会常务委员会', city: '烟台市', date: '2020-01-15' }) // ''
 */
export function withoutOwnWords(rest: string, doc: OwnWords): string {
  const GONE = '\u0000';
  let out = rest;
  for (const w of [doc.issuer, doc.docNumber, doc.city, doc.date, '日期不详'].filter((x): x is string => !!x && x.length >= 2).sort((a, b) => b.length - a.length)) {
    out = out.split(w).join(GONE);
  }
  // 第 2 句: the clause page's citation of one of its sentences.
  out = out.replace(/第\s*\d+\s*句/gu, GONE);
  // The marks that joined them go with them; a mark between two words of the query's own stays (用地，融资 is prose).
  return out.replace(/[\s，,、；;：:（）()]*\u0000[\s，,、；;：:（）()]*/gu, ' ').replace(/\s+/gu, ' ').trim();
}

/** Two parts of a query joined by a space where both have words. */
function join(a: string, b: string): string {
  return [a.trim(), b.trim()].filter(Boolean).join(' ');
}

/**
 * How a citation writes a provision: 第二十二条第二款, 第六条第二款第（三）项, 第五十八条第（二）项, 第一百零五条, in Chinese
 * numerals up to 9999 ({@link citationNumeral}): the label had read 第100条 for 第一百条 (s23 verifying audit, item 7).
 * A number too long to hold exactly (第99999999999999999999条) is written as the citation writes it (`provision`).
 * @example citationLabel({ article: 6, paragraph: 2, item: 3 }) // '第六条第二款第（三）项'
 */
export function citationLabel(c: Pick<CitationRead, 'article' | 'paragraph' | 'item'> & { provision?: string }): string {
  const exact = [c.article, c.paragraph ?? 1, c.item ?? 1].every((n) => Number.isSafeInteger(n));
  if (!exact && c.provision) return foldWidth(c.provision).replace(/\s+/gu, '');
  return `第${citationNumeral(c.article)}条${provisionLabel({ paragraph: c.paragraph, item: c.item === null ? null : `（${citationNumeral(c.item)}）` })}`;
}

/**
 * A number as a citation writes it, in Chinese numerals up to 9999 (105 → 一百零五, 110 → 一百一十, 1010 → 一千零一十),
 * Arabic digits beyond; `chineseNumeral` (src/text/structure.ts) stops at 99, which a part's or a list's number needs.
 * @example citationNumeral(100) // '一百'
 */
export function citationNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 100 || n > 9999) return chineseNumeral(n);
  let out = '';
  let zero = false;
  for (const [unit, value] of [['千', 1000], ['百', 100], ['十', 10], ['', 1]] as const) {
    const d = Math.floor(n / value) % 10;
    if (d === 0) {
      zero ||= out !== '';
      continue;
    }
    out += `${zero ? '零' : ''}${chineseNumeral(d)}${unit}`;
    zero = false;
  }
  return out;
}

/** What naming by title reads of a corpus document: its title and the places whose name its short form drops. */
export interface CitableDocument {
  id: string;
  title: string | null;
  city: string | null;
  parent?: string | null;
  province?: string | null;
}

/** A place's name without its administrative suffix (烟台市 → 烟台), as a short title drops either. */
const PLACE_SUFFIX = /(?:市|省|自治区|特别行政区|自治州|地区|盟|区|县)$/u;

/**
 * The documents a citation's title names, in corpus order: its title as written (folded as query-documents.ts folds
 * names), its short form without the place it is of at its head or with the place's bare name (民营经济促进条例 and
 * 烟台民营经济促进条例 for 烟台市民营经济促进条例; also without 中华人民共和国), else as a query names a document (`documentsNamed`: a part of the title of 8 characters and 60%
 * of it, or its 文号). A compendium's cards are not documents here: a card has no articles.
 * @example documentsTitled('民营经济促进条例', documents, names) // ['07-yantai-minying-jingji-cujin-tiaoli']
 */
export function documentsTitled(title: string, documents: readonly CitableDocument[], names: readonly DocumentName[]): string[] {
  const folded = foldName(title);
  if (!folded) return [];
  const exact = documents.filter((d) => d.title && foldName(d.title) === folded);
  if (exact.length) return exact.map((d) => d.id);
  const short = documents.filter((d) => d.title && shortForms(d).includes(folded));
  if (short.length) return short.map((d) => d.id);
  const ids = new Set(documents.map((d) => d.id));
  return documentsNamed(title, names).filter((n) => ids.has(n.id)).map((n) => n.id);
}

/**
 * A document's title as people also write it: without the place it is of at its head, or with the place's bare name
 * (烟台市民营经济促进条例 → 民营经济促进条例, 烟台民营经济促进条例).
 */
function shortForms(d: CitableDocument): string[] {
  const title = foldName(d.title ?? '');
  const out: string[] = [];
  for (const place of [d.city, d.parent, d.province, '中华人民共和国'].filter((x): x is string => !!x)) {
    const name = foldName(place);
    const rest = title.slice(name.length);
    if (!title.startsWith(name) || rest.length < 2) continue;
    out.push(rest);
    const bare = name.replace(PLACE_SUFFIX, '');
    if (bare !== name && bare.length >= 2) out.push(bare + rest);
  }
  return out;
}

/** What the cited clauses are read from: a document's clauses in reading order, with their place in their article. */
export interface CitableClause {
  sectionPath: readonly string[];
  /** As the engine gives it (`Hit.provision`): null or absent for an article's only 款, a sub-item, a table row, or a clause under no article. */
  provision?: Provision | null;
}

/** Where a clause stands for citing: its article's number, its 款 (from 1) and its 项 (null for none). */
export interface ClausePlace {
  article: number;
  paragraph: number;
  item: number | null;
}

/** The number in an item's brackets: （三） → 3. */
function itemNumber(label: string): number | null {
  const n = numeral(label.replace(/[（()）\s]/gu, ''));
  return n > 0 ? n : null;
}

/**
 * Each clause's place for citing, in the order given (a document's clauses in reading order); null under no article.
 * @example clausePlaces([{ sectionPath: ['第二十二条'], provision: { paragraph: 1, item: null } }, { sectionPath: ['第二十二条'], provision: { paragraph: 2, item: null } }]) // [{ article: 22, paragraph: 1, item: null }, { article: 22, paragraph: 2, item: null }]
 */
export function clausePlaces(clauses: readonly CitableClause[]): (ClausePlace | null)[] {
  const out: (ClausePlace | null)[] = [];
  let runPath: readonly string[] | null = null;
  let state = null as Omit<ClausePlace, 'article'> | null;
  for (const c of clauses) {
    // The deepest section titled 第N条: the article, and the path up to it names the run.
    let at = -1;
    for (let i = c.sectionPath.length - 1; i >= 0 && at < 0; i--) if (articleOf(c.sectionPath[i]!)) at = i;
    if (at < 0) {
      out.push(null);
      runPath = null;
      continue;
    }
    const path = c.sectionPath.slice(0, at + 1);
    if (!runPath || runPath.length !== path.length || runPath.some((x, i) => x !== path[i])) {
      runPath = path;
      state = null;
    }
    const article = numeral(articleOf(c.sectionPath[at]!)!.replace(/^第\s*|\s*[条條]$/gu, ''));
    // An item numbered as a section under the article (天河's 第五条 › （一）落户补贴) names the item itself.
    const sub = c.sectionPath[at + 1];
    const heading = sub ? parseHeading(sub) : null;
    const sectionItem = heading && heading.kind === 'numbered' && heading.level === 2 ? heading.number : null;
    if (c.provision) state = { paragraph: c.provision.paragraph ?? state?.paragraph ?? 1, item: c.provision.item === null ? null : itemNumber(c.provision.item) };
    else if (sectionItem !== null) state = { paragraph: state?.paragraph ?? 1, item: sectionItem };
    // The article's first clause is its first 款 (its only one, when it has no provision); a later clause without one
    // (a sub-item, a table row) stays where the clause before it is.
    else if (!state) state = { paragraph: 1, item: null };
    out.push({ article, ...state });
  }
  return out;
}

/** The clauses of one document a citation names, or what the document lacks. */
export interface CitedClauses {
  /** Positions in the clauses given, in reading order; empty when `missing` says why. */
  clauses: number[];
  /** The first part of the citation the document has not: the article, its 款, or the 项; null when it has all. */
  missing: 'article' | 'paragraph' | 'item' | null;
  /** The document's last article number (0 without articles): 共三十条. */
  articles: number;
  /** How many 款 the cited article has (0 when it has no such article). */
  paragraphs: number;
}

/**
 * The clauses of a document (`places` from {@link clausePlaces}) a citation names, in reading order: the whole 条, its
 * 款 (with its items), or its 项 (an item of that 款, or of any 款 when the citation names none).
 * @example citedClauses(clausePlaces(yantai), { article: 22, paragraph: 2, item: null }) // { clauses: [42], missing: null, articles: 30, paragraphs: 3 }
 */
export function citedClauses(places: readonly (ClausePlace | null)[], cite: Pick<CitationRead, 'article' | 'paragraph' | 'item'>): CitedClauses {
  let articles = 0;
  for (const p of places) if (p && p.article > articles) articles = p.article;
  const inArticle = places.flatMap((p, i) => (p && p.article === cite.article ? [i] : []));
  const paragraphs = Math.max(0, ...inArticle.map((i) => places[i]!.paragraph));
  if (!inArticle.length) return { clauses: [], missing: 'article', articles, paragraphs: 0 };
  const inParagraph = cite.paragraph === null ? inArticle : inArticle.filter((i) => places[i]!.paragraph === cite.paragraph);
  if (!inParagraph.length) return { clauses: [], missing: 'paragraph', articles, paragraphs };
  const inItem = cite.item === null ? inParagraph : inParagraph.filter((i) => places[i]!.item === cite.item);
  if (!inItem.length) return { clauses: [], missing: 'item', articles, paragraphs };
  return { clauses: inItem, missing: null, articles, paragraphs };
}
