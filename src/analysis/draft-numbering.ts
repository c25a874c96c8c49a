/**
 * A draft clause's own number (起草对照's 第 X 条): how the draft numbers it, read from the outline the text stage
 * found (src/text/structure.ts, paragraphs.ts), so that every cross-reference the desk makes (a clause's header, the
 * coverage, a gap's note, the Word table, the CSV's `clause`) names the clause the drafter will find in the draft.
 *
 * The desk had numbered clauses by position: a preamble before 第一条 became 第 1 条, so 第二条 was 第 3 条 and every
 * cross-reference was off by one (twenty-first session's drafter audit, finding 1). Now:
 * - a clause that opens a 第X条 article, or stands under one (its body on the next line, an item （一） inside it), takes
 *   X and is named as the draft writes it: 第二条;
 * - in a draft without articles, a clause takes its innermost numbered unit, as written: （三） in 一、… /（一）…（四）
 *   numbered through; where the numbering starts again under each part, with the part's: 二、（一）; a list item that
 *   heads no section (1.对…给予…奖励。) by its own number;
 * - a clause outside every numbered unit (a preamble, a closing paragraph filed at the document's level) has no number
 *   (`number` null). It is named 序言 before the first numbered clause — what a drafter calls the paragraph before
 *   第一条 — and after one by the clause it follows (第十二条后): a position such as 第 0 段 would be a second numbering
 *   beside the draft's, and one that a drafter has to count;
 * - a draft that numbers nothing keeps positions, 第 1 条, 第 2 条…, as before.
 *
 * A name is glued into sentences (草案第二条有 745 字, 草案（三）、（五）已用到…, 第二条（之二）), so it must end where a
 * reader sees it end. A unit written with a trailing list mark (一、, 3., 1、) does not: 草案一、（上云，得分 0.50） read as
 * a list running on, 草案一有 745 字 as "draft one", 一、（之二） as the mark before a bracket, and in a list 一、三 or
 * 二、1.、二、2. could not be told apart (twenty-first session's drafter audit). Such a name is quoted as written, 「一、」,
 * 「二、1.」, 「一、」后 (corner quotes, since drafts quote their own terms in “ ”: “机会清单”), so the name keeps the
 * draft's own mark and every sentence reads: 草案「一、」（上云…）, 草案「一、」「三、」已用到…, 「一、」（之二）. A name
 * that ends on a word or a bracket (第二条, （三）, 二、（一）) stands as written, and `label` is the quoted name wherever it
 * is shown or exported.
 * The alternative, 第一部分, names the draft's level rather than its mark: one draft's 一、 are parts, another's
 * measures, and 二、（一） would then be 第二部分（一）.
 *
 * Pure.
 */
import { chineseNumber, parseHeading } from '../text/structure.js';
import type { ParsedParagraph, SectionHeading } from '../types.js';

/** A numbered unit as the draft writes it: 第二条, （三）, 一、, 3., 附件1. */
interface Unit {
  label: string;
  number: number;
  article: boolean;
  /** Identifies the unit: two units with one label (（一） under 一、 and under 二、) are told apart by it. */
  key: string;
}

/** What numbers a compared clause: its number in the draft (null: none), and its name on the page and in exports. */
export interface ClauseNumber {
  number: number | null;
  label: string;
}

const NUMERAL = /[〇零一二两三四五六七八九十百千]+|\d+/u;

/** A heading's label as a unit: 第二条 → 2, article; （三） → 3; 附件 alone → 1. Null for a label without a number. */
function unitOf(label: string, key: string): Unit | null {
  const trimmed = label.trim();
  if (trimmed === '') return null;
  const m = NUMERAL.exec(trimmed);
  const number = m ? chineseNumber(m[0]) : /^附/u.test(trimmed) ? 1 : NaN;
  if (!Number.isFinite(number)) return null;
  return { label: trimmed, number, article: /^第.+[条條]$/u.test(trimmed), key };
}

/**
 * The numbered units a paragraph sits in, top down: the headings of its section path (from the outline's sections),
 * then, for a clause that opens with a number the outline did not make a section of (a list item, 1.对…给予…奖励。),
 * that number.
 */
function unitsOf(p: ParsedParagraph, sectionsByPath: Map<string, SectionHeading[]>, sectionIndex: Map<SectionHeading, number>): Unit[] {
  const units: Unit[] = [];
  let innermost: SectionHeading | undefined;
  for (let depth = 1; depth <= p.sectionPath.length; depth++) {
    const candidates = sectionsByPath.get(JSON.stringify(p.sectionPath.slice(0, depth))) ?? [];
    // The latest heading of that path at or before the paragraph (a repeated title opens a new section).
    const s = candidates.filter((x) => x.firstParagraph <= p.ordinal).at(-1) ?? candidates[0];
    if (!s) continue;
    innermost = s;
    const unit = unitOf(s.label, `s${sectionIndex.get(s)}`);
    if (unit) units.push(unit);
  }
  const own = p.split && p.split.part > 1 ? null : parseHeading(p.text);
  const opensInnermost = innermost !== undefined && innermost.firstParagraph === p.ordinal && innermost.label.trim() === own?.label;
  if (own && own.kind !== 'attachment' && !opensInnermost) {
    const unit = unitOf(own.label, `p${p.ordinal}`);
    if (unit) units.push(unit);
  }
  return units;
}

/** A unit written with a trailing list mark (一、, 3., 1、, 13﹒): it cannot be followed by words as it stands. */
const OPEN_ENDED = /[、.．﹒]$/u;

/**
 * A clause's name from its units as written: quoted when it ends on a list mark, so that it reads in a sentence.
 * @example clauseName('一、') // '「一、」'
 * @example clauseName('二、（一）') // '二、（一）'
 */
export function clauseName(written: string): string {
  return OPEN_ENDED.test(written) ? `「${written}」` : written;
}

/**
 * A name as the draft writes it (「一、」 → 一、), to tell whether a clause's text opens with it.
 * @example writtenName('「一、」') // '一、'
 */
export function writtenName(label: string): string {
  return /^「.*」$/u.test(label) ? label.slice(1, -1) : label;
}

/**
 * What goes between two names in a list: nothing between two quoted names (GB/T 15834: 标有引号的并列成分之间通常不用顿
 * 号), else 、.
 * @example nameSeparator('「一、」', '「三、」') // ''
 * @example nameSeparator('序言', '「一、」') // '、'
 */
export function nameSeparator(previous: string, next: string): string {
  return previous.endsWith('」') && next.startsWith('「') ? '' : '、';
}

/**
 * The draft's number and name of each compared paragraph (`compared`), in order; null when the draft numbers none of
 * them (the desk then numbers them by position). A long clause's later part takes its first part's unit.
 * @example
 * numberClauses(parsed.paragraphs (序言, 第一条…, 第二条…), parsed.sections, () => true)
 * // [{ number: null, label: '序言' }, { number: 1, label: '第一条' }, { number: 2, label: '第二条' }]
 */
export function numberClauses(paragraphs: readonly ParsedParagraph[], sections: readonly SectionHeading[], compared: (p: ParsedParagraph) => boolean): ClauseNumber[] | null {
  const sectionsByPath = new Map<string, SectionHeading[]>();
  const sectionIndex = new Map<SectionHeading, number>();
  sections.forEach((s, i) => {
    sectionIndex.set(s, i);
    const key = JSON.stringify(s.path);
    const list = sectionsByPath.get(key);
    if (list) list.push(s);
    else sectionsByPath.set(key, [s]);
  });
  // Each compared clause's chain, down to the unit that numbers it: an article when it is in one, else its innermost.
  const chains: Unit[][] = [];
  let previous: Unit[] = [];
  for (const p of paragraphs) {
    if (!(p.split && p.split.part > 1)) {
      const units = unitsOf(p, sectionsByPath, sectionIndex);
      const article = units.findIndex((u) => u.article);
      previous = article >= 0 ? units.slice(0, article + 1) : units;
    }
    if (compared(p)) chains.push(previous);
  }
  if (chains.every((c) => c.length === 0)) return null;
  // The shortest name that names one unit only: （一） alone where the numbering runs through, 二、（一） where it starts
  // again under each part.
  const nameAt = (chain: Unit[], k: number) =>
    chain.slice(Math.max(0, chain.length - 1 - k)).reduce((name, u) => `${name}${/\d$/u.test(name) ? ' ' : ''}${u.label}`, '');
  const depth = Math.max(...chains.map((c) => c.length));
  const unitsNamed: Map<string, Set<string>>[] = [];
  for (let k = 0; k < depth; k++) {
    const named = new Map<string, Set<string>>();
    for (const c of chains) {
      if (c.length === 0) continue;
      const name = nameAt(c, k);
      const keys = named.get(name) ?? new Set<string>();
      keys.add(c.at(-1)!.key);
      named.set(name, keys);
    }
    unitsNamed.push(named);
  }
  // Units numbered alike (（一）, （二）…) are named alike: where （一） needs its part, so does the （二） that does not.
  const shape = (u: Unit) => u.label.replace(new RegExp(NUMERAL.source, 'gu'), '#');
  const depthOf = new Map<string, number>();
  for (const chain of chains) {
    if (chain.length === 0) continue;
    let k = 0;
    while (k < chain.length - 1 && (unitsNamed[k]!.get(nameAt(chain, k))?.size ?? 0) > 1) k++;
    depthOf.set(shape(chain.at(-1)!), Math.max(k, depthOf.get(shape(chain.at(-1)!)) ?? 0));
  }
  const out: ClauseNumber[] = [];
  let last: string | null = null;
  for (const chain of chains) {
    if (chain.length === 0) {
      out.push({ number: null, label: last === null ? '序言' : `${last}后` });
      continue;
    }
    const label = clauseName(nameAt(chain, depthOf.get(shape(chain.at(-1)!)) ?? 0));
    out.push({ number: chain.at(-1)!.number, label });
    last = label;
  }
  return out;
}

/**
 * Names of clauses in a list, each once, joined as Chinese lists them: 第二条、第七条; （一）、（三）; 「一、」「三、」
 * ({@link nameSeparator}); positions as the desk always wrote them, 第 2、4 条.
 * @example joinClauseNames(['第 2 条', '第 4 条']) // '第 2、4 条'
 * @example joinClauseNames(['第二条', '第七条']) // '第二条、第七条'
 * @example joinClauseNames(['「一、」', '「三、」']) // '「一、」「三、」'
 */
export function joinClauseNames(labels: readonly string[]): string {
  const names = [...new Set(labels)];
  const positions = names.map((l) => /^第 (\d+) 条$/u.exec(l)?.[1]);
  if (names.length > 0 && positions.every((n) => n !== undefined)) return `第 ${positions.join('、')} 条`;
  return names.reduce((joined, name, i) => (i === 0 ? name : `${joined}${nameSeparator(names[i - 1]!, name)}${name}`), '');
}
