/**
 * Document structure (章节结构): recognising headings and keeping an outline.
 *
 * Chinese official documents number their outline as 一、 (or 第一章 / 第一部分) › (一) › 1. / 1、 / ⒈ › (1) / ⑴ › ①;
 * regulations use 第N条 articles; 附件N starts an attachment; a plan sets boxes (专栏N, {@link parseBox}) inside its
 * sections. A heading may stand alone (`一、总体要求`) or open a clause (`(一)强化组织领导。加强…`). Numbers in running
 * text look alike (`1.5倍`, `2023年`, `1、2号线`, `一、二季度`), so {@link parseHeading} rejects those shapes and
 * {@link Outline} accepts a heading only when its number is plausible in sequence.
 */
import { contentLength } from './normalize.js';
import { MAX_HEADING_CHARS } from './sentences.js';

export type HeadingKind = 'attachment' | 'part' | 'numbered' | 'article' | 'box';

/** A heading recognised on one line. */
export interface HeadingMatch {
  kind: HeadingKind;
  /** 0 = attachment, 1 = 一、/第一章, 2 = (一), 3 = 1., ⒈ or 第N条, 4 = (1) or ⑴, 5 = ①; a box (专栏N) takes its level where it stands ({@link Outline.place}). */
  level: number;
  /** The numbering as written: `二、`, `(四)`, `1.`, `附件1`, `第三条`. */
  label: string;
  /** Its number (附件 without a number counts as 1). */
  number: number;
  /** Heading text as written, label included, up to the first sentence end: `(一)强化组织领导`. */
  title: string;
  /** What follows the heading on the line: the clause it opens, or `''` for a heading-only line. */
  rest: string;
}

const CN_DIGITS: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/**
 * Value of a Chinese or Arabic numeral up to 9999 (`二十三` → 23, `一百零五` → 105, `12` → 12); NaN when not one.
 * @example chineseNumber('十一') // 11
 */
export function chineseNumber(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (!/^[〇零一二两三四五六七八九十百千]+$/u.test(s)) return NaN;
  let total = 0;
  let digit = -1;
  for (const ch of s) {
    const unit = ch === '十' ? 10 : ch === '百' ? 100 : ch === '千' ? 1000 : 0;
    if (unit > 0) {
      total += (digit < 0 ? 1 : digit) * unit;
      digit = -1;
    } else {
      digit = CN_DIGITS[ch] ?? 0;
    }
  }
  return total + (digit < 0 ? 0 : digit);
}

const CN_NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/**
 * A number as a Chinese numeral, the inverse of {@link chineseNumber} up to 99 (1 → 一, 12 → 十二, 25 → 二十五); Arabic
 * digits from 100 on. Names a clause's part (（之二）), a 款 (第二款) or a Word list's number.
 * @example chineseNumeral(12) // '十二'
 */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n >= 100) return String(n);
  if (n < 10) return CN_NUMERALS[n]!;
  const tens = Math.floor(n / 10);
  return `${tens === 1 ? '' : CN_NUMERALS[tens]}十${CN_NUMERALS[n % 10]}`;
}

const CN_NUM = '[〇零一二两三四五六七八九十百]{1,4}';

/** Sentence ends that close a heading's title when the line continues with the clause. */
const TITLE_END = /[。！？!?]/u;

/**
 * Split a heading line into its title and the clause it opens. The title runs to the first sentence end; a
 * colon ends it when what precedes is a short name (`(三)发展目标:到2025年…`). A long line with no sentence end is
 * a clause whose title is its first phrase.
 */
function splitTitle(line: string, labelLength: number): { title: string; rest: string } {
  const body = line.slice(labelLength);
  const end = body.search(TITLE_END);
  if (end >= 0) return { title: line.slice(0, labelLength + end).trim(), rest: body.slice(end + 1).trim() };
  const colon = body.search(/[:：]/u);
  if (colon > 0 && colon <= 30 && !/\d/.test(body.slice(0, colon)) && body.slice(colon + 1).trim() !== '') {
    return { title: line.slice(0, labelLength + colon).trim(), rest: body.slice(colon + 1).trim() };
  }
  if (contentLength(body) <= 40) return { title: line.trim(), rest: '' };
  const comma = body.search(/[，,；;]/u);
  const cut = comma > 0 && comma <= 40 ? comma : 40;
  return { title: line.slice(0, labelLength + cut).trim(), rest: body.slice(cut).replace(/^[，,；;]/u, '').trim() };
}

interface Pattern {
  kind: HeadingKind;
  level: number;
  re: RegExp;
  /** Reject shapes that are running text, given what follows the label. */
  reject?: (rest: string) => boolean;
}

/** A Chinese numeral after the label is an enumeration in text: 一、二季度, 一、二产业. */
const followsWithNumeral = (rest: string) => /^[一二三四五六七八九十两]/u.test(rest) && /^[一二三四五六七八九十两]+(?:[、,，和及至到]|季|月|年|类|级|产|等|期|批)/u.test(rest);

const PATTERNS: Pattern[] = [
  // 條 / 編 / 規定 / 所稱: the same headings in traditional script (src/text/script.ts).
  { kind: 'part', level: 1, re: new RegExp(`^(第(${CN_NUM}|\\d{1,3})(?:章|部分|篇|编|編))\\s*`, 'u'), reject: (r) => /^的/u.test(r) },
  { kind: 'article', level: 3, re: new RegExp(`^(第(${CN_NUM}|\\d{1,3})[条條])\\s*`, 'u'), reject: (r) => /^(?:的|规定|規定|所称|所稱|之)/u.test(r) },
  { kind: 'numbered', level: 1, re: new RegExp(`^((${CN_NUM})\\s*[、.．])\\s*`, 'u'), reject: followsWithNumeral },
  { kind: 'numbered', level: 2, re: new RegExp(`^([(（]\\s*(${CN_NUM})\\s*[)）])\\s*`, 'u') },
  // 1. 1、 1． 1﹒ but not 1.5倍, 1、2号线 or a number that is a year. ﹒ (U+FE52, a small full stop) numbers 安徽's
  // 行动计划 items (13﹒开展工业互联网新模式推广。): unread, its 24 items were plain text and 13﹒'s five sub-items sat
  // outside it (twenty-first session's ingest audit, finding 10).
  { kind: 'numbered', level: 3, re: /^((\d{1,3})\s*(?:[.．﹒](?!\d)|、))\s*/u, reject: (r) => /^\d/.test(r) },
  { kind: 'numbered', level: 4, re: /^([(（]\s*(\d{1,2})\s*[)）])\s*/u, reject: (r) => /^[\d%％]/u.test(r) },
  // ①–⑳, the items under a (1) or a 1. (…按以下标准给予补助： then ①…；②…). Read as text, they had left their lead-in out
  // of their path while (1)(2) kept theirs: ②设备投资额5000万元以上的，按10%给予补助 was cited as （二）支持技术改造 alone (s22
  // ingest audit, finding 14). Not ①② or ①、② in a sentence.
  { kind: 'numbered', level: 5, re: /^(([①-⑳]))\s*/u, reject: (r) => /^[、,，和及与至到~～-]?\s*[①-⑳]/u.test(r) },
  // ⑴–⒇ (U+2474–2487) and ⒈–⒛ (U+2488–249B), one character each as Word and WPS number lists, are (1) and 1. written
  // otherwise, and take those levels: read as text, an item of them had been a clause with its lead-in
  // (…按以下标准给予补助：) left out of its path, as ① had been (s22 audit, in the README's Limits). Not ⑴⑵ or ⒈、⒉ in a
  // sentence. No document of the seeds or ../shared/external has either.
  { kind: 'numbered', level: 3, re: /^(([⒈-⒛]))\s*/u, reject: (r) => /^[、,，和及与至到~～-]?\s*[⒈-⒛]/u.test(r) },
  { kind: 'numbered', level: 4, re: /^(([⑴-⒇]))\s*/u, reject: (r) => /^[、,，和及与至到~～-]?\s*[⑴-⒇]/u.test(r) },
];

/** The number of a heading's numeral: Chinese or Arabic (chineseNumber), circled (① → 1), parenthesised (⑴ → 1) or with a full stop (⒈ → 1). */
function headingNumber(s: string): number {
  const c = s.codePointAt(0) ?? 0;
  if (s.length !== 1) return chineseNumber(s);
  if (c >= 0x2460 && c <= 0x2473) return c - 0x245f;
  if (c >= 0x2474 && c <= 0x2487) return c - 0x2473;
  if (c >= 0x2488 && c <= 0x249b) return c - 0x2487;
  return chineseNumber(s);
}

/** 第N条 at the start of a section title, as {@link parseHeading} reads an article's heading. */
const ARTICLE = PATTERNS.find((p) => p.kind === 'article')!;

/**
 * The article number a section title names (`第二十二条`, `第三条` of `第三条 载体建设`), or null when the title is no
 * article (`一、总体要求`, `第一章 总则`). A section path keeps an article's title alone (`['第二十二条']`), which
 * {@link parseHeading} does not read as a heading (nothing follows the number).
 * @example articleOf('第三条 载体建设') // '第三条'
 */
export function articleOf(title: string): string | null {
  const m = ARTICLE.re.exec(title.trim());
  return m && !ARTICLE.reject?.(title.trim().slice(m[0].length)) ? m[1]! : null;
}

const ATTACHMENT = /^(附\s*件\s*([0-9]{1,2}|[一二三四五六七八九十]{1,3})?)\s*([:：.．、])?\s*/u;

/**
 * Is this line a list of attachments in the notice (`附件:1.XX方案`) rather than the start of one?
 * @example isAttachmentList('附件:1.主要目标体系') // true
 */
export function isAttachmentList(line: string): boolean {
  const m = ATTACHMENT.exec(line);
  return m !== null && /^\d{1,2}\s*[.、．]/u.test(line.slice(m[0].length));
}

function parseAttachment(line: string): HeadingMatch | null {
  const m = ATTACHMENT.exec(line);
  if (!m) return null;
  const rest = line.slice(m[0].length);
  const hasNumber = m[2] !== undefined;
  const hasSeparator = m[3] !== undefined;
  // 附件所列… is a sentence; an attachment heading has a number, a separator, or nothing after it.
  if (!hasNumber && !hasSeparator && rest !== '') return null;
  if (/^\d{1,2}\s*[.、．]/u.test(rest)) return null;
  if (TITLE_END.test(rest) || contentLength(rest) > 80) return null;
  return { kind: 'attachment', level: 0, label: m[1]!.replace(/\s+/g, ''), number: hasNumber ? chineseNumber(m[2]!) : 1, title: line.trim(), rest: '' };
}

/** The most content characters an article's caption has: 培育工业互联网平台, 建设智能工厂和数字化车间 (as the caption before 。). */
const MAX_CAPTION_CHARS = 15;

/** What follows 第N条 on its line is only a caption: short, and without a clause's commas, colons or enumerations. */
function isArticleCaption(after: string): boolean {
  return contentLength(after) <= MAX_CAPTION_CHARS && !/[，,；;：:、]/u.test(after);
}

/**
 * Recognise a heading at the start of a line. Returns null for running text that only looks numbered
 * (`1.5倍`, `2023年`, `1、2号线`, `一、二季度`) and for table rows.
 * @example parseHeading('(一)强化组织领导。加强党的领导') // { level: 2, label: '(一)', title: '(一)强化组织领导', rest: '加强党的领导', … }
 */
export function parseHeading(line: string): HeadingMatch | null {
  const text = line.trim();
  if (text === '' || isTableRow(text)) return null;
  const attachment = parseAttachment(text);
  if (attachment) return attachment;
  for (const p of PATTERNS) {
    const m = p.re.exec(text);
    if (!m) continue;
    const after = text.slice(m[0].length);
    if (after === '' || (p.reject && p.reject(after))) return null;
    const number = headingNumber(m[2]!);
    if (!Number.isFinite(number) || number <= 0) return null;
    if (p.kind === 'article') {
      // An article's title is its number, with its caption when it has one (第三条 载体建设。…).
      const caption = after.search(TITLE_END);
      // An article's heading on a line of its own (第二条 发放算力券, its body on the next line; ## 第二条 发放算力券 in
      // Markdown) is its title and opens no clause: as a clause, each such line of a draft had been compared with every
      // place, its section had lost the caption (['第二条']), and a wrapped reading glued the body to it (twenty-first
      // session's drafter audit, finding 1). A caption is short and holds no clause's punctuation; in the seeds and
      // ../shared/external no article line is one (the two without a sentence end run on with commas).
      if (caption < 0 && isArticleCaption(after)) return { kind: p.kind, level: p.level, label: m[1]!, number, title: text, rest: '' };
      const title = caption > 0 && contentLength(after.slice(0, caption)) <= MAX_CAPTION_CHARS ? text.slice(0, m[0].length + caption).trim() : m[1]!;
      return { kind: p.kind, level: p.level, label: m[1]!, number, title, rest: after.trim() };
    }
    const { title, rest } = splitTitle(text, m[0].length);
    return { kind: p.kind, level: p.level, label: m[1]!, number, title, rest };
  }
  return null;
}

/** A box's title line: 专栏1  工业互联网网络互联互通工程, 专栏二：…; its title is short and no sentence. */
const BOX = /^(专栏\s*(\d{1,2}|[一二三四五六七八九十]{1,3}))(?![\d一二三四五六七八九十])\s*[:：.．、]?\s*(\S.*)$/u;

/**
 * Recognise the title of a box (专栏N), which a plan sets on its own line over the box's text: a heading over the
 * box's clauses, not a clause. 安徽's 行动计划 has twelve; their titles had been run into the box's first sentence (7,
 * when the title was long enough to read as a wrapped line: 专栏1 工业互联网网络互联互通工程优化网络基础设施。…) or
 * left as loose 15-character clauses (5: 专栏3 工业大数据能力提升工程), never marking the box (twenty-first session's
 * ingest audit, finding 5). Its level is where it stands ({@link Outline.place}).
 * @example parseBox('专栏3  工业大数据能力提升工程') // { kind: 'box', label: '专栏3', number: 3, title: '专栏3 工业大数据能力提升工程', rest: '', … }
 */
export function parseBox(line: string): HeadingMatch | null {
  const m = BOX.exec(line.trim());
  if (!m) return null;
  const title = m[3]!.trim();
  if (contentLength(title) > 40 || /[。，,；;！？!?]/u.test(title) || isTableRow(title)) return null;
  return { kind: 'box', level: 0, label: m[1]!.replace(/\s+/gu, ''), number: chineseNumber(m[2]!), title: `${m[1]!.replace(/\s+/gu, '')} ${title.replace(/\s+/gu, ' ')}`, rest: '' };
}

/** A line that ends a sentence: 。！？；; and any closing quotes or brackets after it. */
const ENDS_SENTENCE = /[。！？!?；;][”’」』)）]*$/u;

/**
 * An amount a measure states: money (50万元, 1000美元), a share (10%, 百分之五), a multiple (1.5倍), or a bound
 * on a number (不超过3项, 不低于500). Titles name a task (`(二)强化要素保障`); they do not quantify it.
 */
const AMOUNT = /\d\s*(?:[万亿千百]\s*)?(?:元|美元)|\d\s*[%％‰]|百分之|\d\s*倍|不(?:超过|低于|少于|高于|多于|大于|小于)\s*\d|最高(?:给予|奖励|补助|补贴|资助|支持)?\s*\d/u;

/**
 * A count a target states: 5家, 600家, 20名, 1万亩, 500套. A title names a task (`(二)强化要素保障。`); a line that
 * counts what it will reach is a target sentence (`1.新增省级以上科技企业孵化器5家。`, `（2）专精特新企业达到600家。`),
 * and as a heading only it was never a clause: the draft's 5家 was read nowhere (s20 drafter audit, finding 2). Years,
 * months and ordinals (近2年内, 1月1日, 第3批) are not counts. In the seeds and ../shared/external, 135 numbered lines are
 * a heading-only whole sentence; 1 holds such a count (北京's 1．申报单位的营业面积5000平方米（含）以上。, a condition).
 */
const COUNT = /\d\s*(?:[万亿千百]\s*)?(?:家|个|项|件|套|座|所|名|位|人|户|台|批|支|亩|平方米|公顷|吨|公里|千米)/u;

/**
 * Is this numbered heading line also a clause, so that a paragraph must hold its text? A heading that opens its
 * clause on the line (`(一)强化组织领导。加强…`) is. A line that is only a title is not; a line that is one whole
 * sentence (it ends with 。！？ or ；) is a clause when it is longer than a heading's opening sentence
 * ({@link MAX_HEADING_CHARS}, the same bound the sentence splitter uses), states an amount (`给予一次性奖励50万元。`,
 * `按设备投资额的10%给予补助。`) or counts a target (`新增省级以上科技企业孵化器5家。`). An item (1. / (1), or anything inside an article) whose title holds a comma or
 * semicolon is a clause too (`1. 支持企业…，给予…`, `（一）民营经济组织创新发展；`). A short title that ends with
 * 。 stays a heading: `(二)强化要素保障。`, `(一)着力空间腾挪,优化制造业发展布局。`.
 * Pass the heading as placed in the outline (items inside an article sit one level below it).
 * @example readsAsClause(parseHeading('(一)对首次认定的“小巨人”企业给予一次性奖励50万元。')!, '(一)对首次认定的“小巨人”企业给予一次性奖励50万元。') // true
 */
export function readsAsClause(h: HeadingMatch, line: string): boolean {
  if (h.rest !== '') return true;
  if (h.kind !== 'numbered') return false;
  if (h.level >= 3 && /[，,；;]/u.test(h.title)) return true;
  const text = line.trim();
  const body = text.slice(h.label.length);
  // A grant with its amount is a clause whether or not it ends its sentence: a draft typed without the final 。
  // (1.对新认定的国家级科技企业孵化器给予最高100万元奖励) had been a heading with nothing under it, never compared
  // (twentieth session's verifying audit). A title never grants.
  if (!ENDS_SENTENCE.test(text)) return GRANT.test(body) && AMOUNT.test(body);
  return [...text.replace(/\s+/gu, '')].length > MAX_HEADING_CHARS || AMOUNT.test(body) || COUNT.test(body);
}

/** A grant's verb: 给予, 奖励 or the like, as a clause that pays says it. */
const GRANT = /给予|奖励|补助|补贴|资助|奖补/u;

/** The longest opening sentence (content characters, numbering left out) that is still a heading's title. */
const MAX_TITLE_CHARS = 30;

/**
 * Is this numbered line a list item rather than a heading? It reads as a clause ({@link readsAsClause}) and its
 * first sentence is the whole line (`（1）获得国家高新技术企业…称号之一；`, `(一)对…给予一次性奖励50万元。`) or longer
 * than a heading's title ever is (`1．大型舞台剧和作品创作项目申请资助资金的额度不超过以下标准：…`). An item keeps its
 * place in the numbering, but it heads nothing: it is not a section, and the clauses after it (`申报成长型试点企业，应
 * 符合以下条件：`, the intro of the next list) stay under its parent — unless a numbered line nests under it, which
 * makes it a section after all (`(一)对…给予一次性奖励50万元。` over `1.` / `2.`; {@link OutlineEntry.promoted}). As headings, such items made 594 of the 1,845
 * clauses of a policy compendium (03 of `../shared/external`) carry their own text as their section, and the intro
 * of a second list sit under the first list's last item. No seed document has one.
 * Pass the heading as placed in the outline.
 * @example isListItem(parseHeading('（2）近三年营业收入平均增长率不低于20%；')!, '（2）近三年营业收入平均增长率不低于20%；') // true
 * @example isListItem(parseHeading('（一）加强组织领导。各地要…')!, '（一）加强组织领导。各地要…') // false
 */
export function isListItem(h: HeadingMatch, line: string): boolean {
  if (h.kind !== 'numbered' || !readsAsClause(h, line)) return false;
  return h.rest === '' || (h.level >= 3 && cutAtPhrase(h, line)) || contentLength(h.title.slice(h.label.length)) > MAX_TITLE_CHARS;
}

/**
 * Whether the heading's title is only the line's first phrase: the line ends no sentence before its end, so
 * {@link splitTitle} cut the title at a comma or semicolon (or 40 characters in), not at 。！？ or a name's colon.
 * Such an item (1. / (1)) is one sentence, `（1）园区土地或空间依法取得、…的产业集聚区，管理机构应是…；`: read as a
 * heading, its first phrase became a section over the rest of its own sentence (22 clauses of 03, the twenty-first
 * session's librarian audit, F7).
 */
function cutAtPhrase(h: HeadingMatch, line: string): boolean {
  const after = line.trim().slice(h.title.length).trimStart();
  return after !== '' && !/^[。！？!?:：]/u.test(after);
}

/** Is this line a flattened table row (`a | b | c |`)? */
export function isTableRow(line: string): boolean {
  return (line.match(/\|/g)?.length ?? 0) >= 2;
}

/** The cells of a flattened table row, trimmed; the empty cell after a final `|` is dropped. */
export function tableCells(line: string): string[] {
  const cells = line.split('|').map((c) => c.trim());
  if (cells.length > 1 && cells[0] === '' && line.trim().startsWith('|')) cells.shift();
  if (cells.length > 1 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}

/** The fewest cells a laid-out line has to be a table's row: two separators, as {@link isTableRow} asks two `|`. */
const MIN_LAID_OUT_CELLS = 3;
/** The longest cell (content characters) of a row laid out with spaces: a table's cells are short, a sentence is not. */
const MAX_SPACED_CELL_CHARS = 40;

/** A line's cells when laid out with tabs (`a\tb\tc`), trimmed; null without a tab. */
function tabCells(line: string): string[] | null {
  const t = line.trim();
  return t.includes('\t') ? t.split('\t').map((c) => c.trim()) : null;
}

/** A line's cells when laid out with runs of two or more spaces (`a    b    c`); null when it has no such run. */
function spacedCells(line: string): string[] | null {
  const t = line.trim();
  if (!/ {2,}/.test(t) || t.includes('\t')) return null;
  const cells = t.split(/ {2,}/);
  return cells.every((c) => contentLength(c) <= MAX_SPACED_CELL_CHARS) ? cells : null;
}

/** A cell that is only a list's number: 一、 (一) 1. （1） ⒈ ⑴ ① 第三条 (a numbered paragraph saved with a tab after its number). */
const LIST_NUMBER_CELL = /^(?:[(（]\s*(?:[一二三四五六七八九十百]{1,4}|\d{1,3})\s*[)）]|(?:[一二三四五六七八九十百]{1,4}|\d{1,3})\s*[、.．﹒]|[①-⒛]|第[一二三四五六七八九十百\d]{1,4}[条章节])$/u;
/** The fewest lines of a two-column table: its header and two rows. */
const MIN_TWO_COLUMN_LINES = 3;
/** The longest header cell (content characters): a column's name, as a table's header row ({@link looksLikeHeader} in paragraphs.ts) has. */
const MAX_HEADER_CELL_CHARS = 20;

/**
 * Whether tab-separated lines of two cells each are plainly a table (指标 | 2025年目标, 政策条款 | 牵头单位): a header of
 * two column names (short, no sentence punctuation, no number, no list number, no heading), then at least two rows,
 * every one of exactly two filled cells, whose first cell is a row's name (at most 40 characters, no list number, no
 * sentence's end). Prose with one tab (a list's number and its text, two sentences a tab apart, 联系人：张三\t电话：…)
 * is none. A table of three or more columns needs no header (its cell count says enough); one of two does, since two
 * cells are what a stray tab makes. The seeds and ../shared/external have no tab; with every line's first ，, ： or 。
 * made one (4,940 lines of prose with one tab), 7 lines became rows, all in 北京's wrapped 办理流程 flowcharts.
 */
function isTwoColumnTable(block: readonly string[][]): boolean {
  if (block.length < MIN_TWO_COLUMN_LINES || block.some((cells) => cells.length !== 2 || cells.some((c) => c === ''))) return false;
  const [header, ...rows] = block;
  const columnName = (c: string) =>
    contentLength(c) <= MAX_HEADER_CELL_CHARS && !/[。，,；;：:！？!?]/u.test(c) && !/^[\d.%％\s-]+$/u.test(c) && !LIST_NUMBER_CELL.test(c) && parseHeading(c) === null;
  if (!header!.every(columnName)) return false;
  return rows.every(([name]) => contentLength(name!) <= MAX_SPACED_CELL_CHARS && !LIST_NUMBER_CELL.test(name!) && !/[。！？!?；;]$/u.test(name!));
}

/**
 * Text whose tables are laid out with tabs (what Word or Excel gives when a table is saved as .txt) or with runs of
 * two or more spaces (a table copied from a PDF), with those tables' lines written as flattened rows `a | b | c`, as
 * the readers of .docx, .doc, HTML, Markdown and PDF give theirs. Before, line normalisation turned the tabs into
 * single spaces: 宿迁's 附件1 (地区 | 规上工业增加值增速（%） | …, one row per county) became a heading that glued the
 * table's title, its header and its first row, the other rows plain text, and 附件2's rows 2 and 3 one clause, with no
 * target read (s22 ingest audit, finding 2). A table is a block of two or more consecutive lines of at least three
 * cells: with tabs, any such lines (Excel drops a row's trailing empty cells, so counts may differ; a row of two cells
 * left by that ends in `|`); with spaces, lines of the same count whose cells are at most 40 characters, since two
 * spaces also pad a date line (发布时间:2024-01-26    来源:…) or a name (传  真). A single tab between a list's number and
 * its text (一、\t总体要求, as Word saves a numbered paragraph) makes two cells and is left alone. In the seeds and
 * ../shared/external no line is rewritten (none has a tab; the 15 with runs of spaces have two cells or stand alone).
 * A block of tab-separated lines of two cells is a table only when it plainly is one ({@link isTwoColumnTable}): a
 * two-column table (指标 | 2025年目标值) had stayed lines of text, its header one clause and each row another, with no
 * column to read a row's target by (s22 audit, in the README's Limits).
 * @example delimitTables('地区\t增速（%）\t投资（亿元）\n沭阳县\t8.5\t260') // '地区 | 增速（%） | 投资（亿元）\n沭阳县 | 8.5 | 260'
 */
export function delimitTables(text: string): string {
  if (!text.includes('\t') && !text.includes('  ')) return text;
  const lines = text.split(/\r\n|[\r\n\u2028\u2029\u0085]/u);
  const rows: (string[] | null)[] = lines.map(() => null);
  let i = 0;
  while (i < lines.length) {
    const tabbed = tabCells(lines[i]!);
    const spaced = tabbed ? null : spacedCells(lines[i]!);
    const first = tabbed ?? spaced;
    if (!first || first.length < MIN_LAID_OUT_CELLS - (tabbed ? 1 : 0)) {
      i++;
      continue;
    }
    let end = i + 1;
    const block = [first];
    for (; end < lines.length; end++) {
      const cells = tabbed ? tabCells(lines[end]!) : spacedCells(lines[end]!);
      if (!cells || (tabbed ? cells.length < MIN_LAID_OUT_CELLS - 1 : cells.length !== first.length)) break;
      block.push(cells);
    }
    if (block.length >= 2 && block.filter((c) => c.length >= MIN_LAID_OUT_CELLS).length >= 2) block.forEach((cells, k) => (rows[i + k] = cells));
    else if (tabbed) {
      // Word saves a numbered paragraph as its number, a tab and its text (一、\t总体要求): such lines above a table are not its rows.
      const lead = block.findIndex(([key]) => !LIST_NUMBER_CELL.test(key!));
      if (lead >= 0 && isTwoColumnTable(block.slice(lead))) block.slice(lead).forEach((cells, k) => (rows[i + lead + k] = cells));
    }
    i = end;
  }
  if (rows.every((r) => r === null)) return text;
  return lines.map((line, k) => (rows[k] ? `${rows[k]!.join(' | ')}${rows[k]!.length < MIN_LAID_OUT_CELLS ? ' |' : ''}` : line)).join('\n');
}

/** One heading accepted into the outline. */
export interface OutlineEntry {
  heading: HeadingMatch;
  /** Titles from the top down to this heading, itself included (a list item: its parent's path). */
  path: string[];
  /** Identifies the entry (to find a list item again when it is promoted). */
  id: number;
  /**
   * The list item this heading is the first to nest under: from now on it heads a section after all, and it is in
   * the paths below it (`(一)对…给予一次性奖励50万元。` followed by `1.` / `2.`).
   */
  promoted?: { id: number; heading: HeadingMatch; path: string[] };
}

interface Open {
  heading: HeadingMatch;
  id: number;
  /** A list item ({@link isListItem}): numbered in the outline, absent from paths until something nests under it. */
  item: boolean;
}

/**
 * The outline as headings arrive in document order. A heading is accepted when its number is plausible: the
 * next number at its level (numbering may continue across parents, as 1.–23. run through (一)–(六)), a restart
 * at 1 under a new parent, or a small gap. A `1.` after `3.` under the same parent is running text.
 * Inside a regulation's article (第N条) the items (一)/1./(1) nest under the article.
 */
export class Outline {
  private stack: Open[] = [];
  private last = new Map<number, { parent: number; number: number; item: boolean }>();
  private nextId = 1;

  /** Titles of the open headings, top down (the innermost left out when it is a list item). */
  path(): string[] {
    const open = this.stack.at(-1)?.item ? this.stack.slice(0, -1) : this.stack;
    return open.map((o) => o.heading.title);
  }

  /** Titles of the open level-0 headings (an attachment's, a second text's): what a document-level clause sits under. */
  rootPath(): string[] {
    return this.stack.filter((o) => o.heading.level === 0).map((o) => o.heading.title);
  }

  /** Whether a regulation's article (第N条) is open: its clauses are the article's, closing ones included. */
  inArticle(): boolean {
    return this.stack.some((o) => o.heading.kind === 'article');
  }

  /**
   * The heading as it would sit in the outline now: items inside an article go one level below it. A box (专栏N) goes
   * under the innermost open heading, or beside it when that is a numbered item (1. / (1)) or a list item: a box
   * gathers the projects of its section's items (专栏1 follows 1﹒ and 2﹒ under （一）), and the next heading of its
   * level or above closes it.
   */
  place(h: HeadingMatch): HeadingMatch {
    if (h.kind === 'box') {
      const top = this.stack.at(-1);
      if (!top) return { ...h, level: 1 };
      return { ...h, level: top.item || top.heading.level >= 3 ? top.heading.level : top.heading.level + 1 };
    }
    if (h.kind !== 'numbered' || h.level < 2) return h;
    const article = this.stack.find((o) => o.heading.kind === 'article');
    return article ? { ...h, level: article.heading.level + h.level - 1 } : h;
  }

  /**
   * Whether the heading's previous sibling (same level, same parent) was taken as a list item: a list's last item
   * (（五）政府确定的其他…事项。 after （一）…；–（四）…；) is short enough to read as a title, but it is one of them.
   */
  followsItem(h: HeadingMatch): boolean {
    if (h.kind !== 'numbered') return false;
    const placed = this.place(h);
    const prev = this.last.get(placed.level);
    return !!prev?.item && prev.parent === this.parentOf(placed.level) && placed.number === prev.number + 1;
  }

  /** Would this heading be accepted now? */
  plausible(h: HeadingMatch): boolean {
    if (h.kind === 'attachment' || h.kind === 'box') return true;
    const placed = this.place(h);
    const parent = this.parentOf(placed.level);
    const prev = this.last.get(placed.level);
    if (!prev) return placed.number <= 5;
    const continues = placed.number > prev.number && placed.number <= prev.number + 3;
    if (prev.parent === parent) return continues;
    return placed.number === 1 || continues;
  }

  /**
   * Accept the heading if plausible; returns it as placed (level adjusted) with its path, or null when rejected.
   * `item`: a list item, which takes its place in the numbering but not in paths (its own path is its parent's).
   */
  accept(h: HeadingMatch, item = false): OutlineEntry | null {
    if (!this.plausible(h)) return null;
    if (h.kind === 'attachment') {
      this.stack = [];
      this.last.clear();
    }
    const placed = this.place(h);
    const parent = this.parentOf(placed.level);
    this.stack = this.stack.filter((o) => o.heading.level < placed.level);
    const under = this.stack.at(-1);
    const promoted = under?.item ? { id: under.id, heading: under.heading, path: this.stack.map((o) => o.heading.title) } : undefined;
    if (under) under.item = false;
    const id = this.nextId++;
    this.stack.push({ heading: placed, id, item });
    // A box is numbered on its own (专栏1–12 across the whole plan): it leaves the numbering of its level's items alone.
    if (placed.kind !== 'attachment' && placed.kind !== 'box') this.last.set(placed.level, { parent, number: placed.number, item });
    return { heading: placed, path: this.path(), id, ...(promoted ? { promoted } : {}) };
  }

  /** Replace the title of the innermost heading (an attachment's title found on the next line). */
  retitleInnermost(title: string): string[] {
    const top = this.stack[this.stack.length - 1];
    if (top) top.heading = { ...top.heading, title };
    return this.path();
  }

  private parentOf(level: number): number {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const o = this.stack[i]!;
      if (o.heading.level < level) return o.id;
    }
    return 0;
  }
}
