/**
 * Where a clause stands inside its article (第N条), as a legal citation names it. Chinese legislative drafting splits an
 * article into unnumbered paragraphs, 款, and lists items numbered （一）（二） under a 款, 项: the second paragraph of
 * 烟台's 第二十二条 is cited 第二十二条第二款, the third item of 第六条's second paragraph 第六条第二款第（三）项, and an
 * item of an article of one paragraph 第五十八条第（一）项 (one does not write 第一款 where there is no second).
 *
 * The source is the clauses themselves: an article's clauses share its section path (`['第二十二条']`, under a
 * chapter `['第一章 总则', '第二条']`), in reading order, the first 款 opening with 第N条 (or following the article's
 * heading when it stands on its own line). A clause that opens with （一） is an item of the last 款 before it; every
 * other text clause is a 款. Items numbered as sections (天河's 第五条 企业培育 › （一）落户补贴) have a section of their
 * own, which names them; a clause under such a section, like a table row or a sub-item (1. / (1)) inside an article,
 * gets no place here, and its citation stays as its section path says.
 *
 * On the 18 documents (seeds and ../shared/external), 278 clauses are under an article: those of 烟台, 山东 and 浙江's
 * 条例 and 天河's 实施办法. 225 of them gain a 款 or 项 (烟台 43, 山东 64, 浙江 114, 天河 4), 14 of them items; the 款 and
 * 项 of all 122 articles of the three 条例 match their source files' paragraphs one for one, and 浙江's own cross-reference
 * (第六十条: 违反本条例第十六条第二款规定…未按…标准预留基站站址) names the clause counted 第十六条第二款.
 *
 * Limit: the indexer cuts a clause over 500 characters (src/text/paragraphs.ts `MAX_PARAGRAPH_LENGTH`) into parts
 * and does not store which were one; each part counts as a 款. No clause under an article in the 18 documents is
 * that long (the longest, 天河's 第八条, has 417 characters).
 */
import { articleOf, chineseNumeral, parseHeading } from './structure.js';

/** A clause's place in its article (`Hit.provision`): its 款, its 项, or both. */
export interface Provision {
  /** The 款, counted from 1 among the article's clauses that are not items; null when the article has one 款. */
  paragraph: number | null;
  /** The item's number as written, in full-width brackets (`（三）`); null for a 款. */
  item: string | null;
}

/** What a clause needs for its place: its section path, its text and whether it is a table row. */
export interface ProvisionClause {
  sectionPath: readonly string[];
  text: string;
  kind: 'text' | 'table-row';
}

/** The item number a clause opens with (`（三）`, written `(三)` or `（三）`), or null. */
function itemOf(text: string): string | null {
  const h = parseHeading(text);
  return h && h.kind === 'numbered' && h.level === 2 ? `（${chineseNumeral(h.number)}）` : null;
}

/** A sub-item (1. / (1)) inside an article: neither a 款 nor a 项. */
function isSubItem(text: string): boolean {
  const h = parseHeading(text);
  return h !== null && h.kind === 'numbered' && h.level >= 3;
}

/**
 * Each clause's place in its article, in the order given (a document's clauses in reading order); null for a clause
 * that is under no article, the only 款 of its article, or neither a 款 nor an item.
 * @example articleProvisions([{ sectionPath: ['第二条'], text: '第二条 …', kind: 'text' }, { sectionPath: ['第二条'], text: '本办法所称…', kind: 'text' }]) // [{ paragraph: 1, item: null }, { paragraph: 2, item: null }]
 */
export function articleProvisions(clauses: readonly ProvisionClause[]): (Provision | null)[] {
  const out: (Provision | null)[] = clauses.map(() => null);
  let start = 0;
  while (start < clauses.length) {
    // One article: the run of clauses with the same section path, whose last title is 第N条.
    const path = clauses[start]!.sectionPath;
    let end = start + 1;
    while (end < clauses.length && samePath(clauses[end]!.sectionPath, path)) end++;
    if (path.length && articleOf(path.at(-1)!)) place(clauses, start, end, out);
    start = end;
  }
  return out;
}

function samePath(a: readonly string[], b: readonly string[]): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
}

/** Numbers the 款 and 项 of one article, clauses `[start, end)`. */
function place(clauses: readonly ProvisionClause[], start: number, end: number, out: (Provision | null)[]): void {
  const read: ({ paragraph: number; item: string | null } | null)[] = [];
  let paragraphs = 0;
  for (let i = start; i < end; i++) {
    const c = clauses[i]!;
    if (c.kind !== 'text' || isSubItem(c.text)) {
      read.push(null);
      continue;
    }
    const item = itemOf(c.text);
    if (item === null) paragraphs++;
    read.push({ paragraph: paragraphs, item });
  }
  for (const [k, r] of read.entries()) {
    if (!r) continue;
    // An item before any 款 (an article whose first line is a list) belongs to no 款.
    const paragraph = paragraphs > 1 && r.paragraph > 0 ? r.paragraph : null;
    if (paragraph !== null || r.item !== null) out[start + k] = { paragraph, item: r.item };
  }
}

/**
 * The place as a citation writes it after the article: 第二款, 第（三）项, 第二款第（三）项; '' for none.
 * @example provisionLabel({ paragraph: 2, item: '（三）' }) // '第二款第（三）项'
 */
export function provisionLabel(p: Provision | null | undefined): string {
  if (!p) return '';
  return `${p.paragraph !== null ? `第${chineseNumeral(p.paragraph)}款` : ''}${p.item !== null ? `第${p.item}项` : ''}`;
}
