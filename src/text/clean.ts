/**
 * Cleaning (清洗): take decoded text as scraped and keep the policy body, its attachments and tables; remove
 * HTML junk, site chrome (navigation, footers, contact lines, copyright), injected spam and the page's
 * publication-info lines (read for metadata first). Every removed line is recorded with the rule that removed it.
 *
 * Rules recognise chrome by its nature (a label at the start of a short line, a footer word, a slogan before the
 * document starts), never by one site's exact strings. Once the footer starts, everything after it is chrome.
 */
import { hasContent, contentLength, normalizeLine, splitLines } from './normalize.js';
import { findSpamSpans, stripSpam } from './spam.js';
import { toSimplified } from './script.js';
import { isRosterLine } from './paragraphs.js';

/** A line kept by the cleaner. Blank lines are kept as `''`: paragraph grouping needs them. */
export interface CleanLine {
  text: string;
  /** 0-based index of the line in the input. */
  source: number;
}

export interface RemovedLine {
  line: string;
  rule: string;
}

export interface CleanResult {
  lines: CleanLine[];
  removed: RemovedLine[];
  /** Publication-info lines (发布时间/来源/发文机关 …) removed from the body, kept for metadata. */
  info: string[];
}

const HTML_TAG = /<\/?[a-z][a-z0-9:-]*(?:\s[^<>]*)?\/?>|<![a-z][^<>]*>/gi;
const HAS_HTML_TAG = new RegExp(HTML_TAG.source, 'i');
/** Openings of blocks whose content is never text: comments, scripts, styles (they may span lines). */
const HTML_BLOCK_OPEN = /<!--|<script\b|<style\b/gi;

const NAMED_ENTITIES: Record<string, string> = {
  nbsp: '\u00a0', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ensp: '\u2002', emsp: '\u2003',
  thinsp: '\u2009', ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', mdash: '—', ndash: '–', middot: '·',
  hellip: '…', bull: '•', times: '×', divide: '÷', copy: '©', reg: '®', deg: '°', plusmn: '±', yen: '¥',
  laquo: '«', raquo: '»', permil: '‰', shy: '\u00ad',
};

/**
 * Decode HTML character references: named (`&nbsp;` `&amp;` …) and numeric (`&#12345;` `&#x4e00;`).
 * Unknown names and invalid code points are left as written.
 * @example decodeEntities('A&amp;B&nbsp;&#20013;') // 'A&B\u00a0中'
 */
export function decodeEntities(s: string): string {
  return s.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
        ? String.fromCodePoint(code)
        : whole;
    }
    return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
  });
}

/** Remove HTML tags from a line (tags, comments, doctype), then decode entities. */
export function stripHtml(line: string): string {
  return decodeEntities(line.replace(HTML_TAG, ' '));
}

/** Markdown that wraps text: `# ` heading markers and `**bold**`. Content inside is kept. */
function stripMarkdown(line: string): string {
  return line.replace(/^\s*#{1,6}\s+/, '').replace(/\*\*(.+?)\*\*/g, '$1').replace(/__(.+?)__/g, '$1');
}

/**
 * Typographic bullets at the start of a line (not `-` or `·`, which can be text). Word's bullets set in a symbol font
 * (Symbol, Wingdings) paste as the font's code points: private-use U+F0B7, U+F06C, U+F0D8 … (a literal `&#61548;`
 * decodes to one), or as the Latin letter the glyph sits on, Ø, §, Ÿ, ü, l, and `*` or ☆ are typed bullets. A Latin
 * one counts only before Chinese text (`Ø每年筹集人才公寓…`, `l 对新引进…`): they had stayed in the clause and in its
 * target's indicator (`Ø每年筹集人才公寓`, s20 drafter audit, finding 3).
 */
const LEADING_BULLETS = /^(?:[•●○■□◆◇▪▫►▶※➢➤√☆★✓✔❖◎\uF000-\uF0FF]+|[ØŸü§l*]+(?=\s*[\p{Script=Han}（(“【]))\s*/u;

/** A line that is only bullets and list markers (`•`, `1.`, `2)`), with nothing to read. */
function isMarkerOnly(s: string): boolean {
  return /^(?:[•●○■□◆◇▪▫►▶※·\-*]|\d{1,3}[.、．)）]|[(（]\d{1,3}[)）])(?:\s*(?:[•●○■□◆◇▪▫►▶※·\-*]|\d{1,3}[.、．)）]))*$/u.test(s);
}

/**
 * A notice's addressees (主送机关): organs and places joined by 、，; ending with a colon, no verb or 的 between them.
 * After the first, an item may be one character: 上海's 市政府有关委、办、局.
 */
const ADDRESSEE = /^[\p{Script=Han}（）()]{2,40}(?:[，,、；;]\s*[\p{Script=Han}（）()]{1,40})*[：:]$/u;
const ORGAN = /人民政府|各部门|直属机构|直属单位|各单位|相关单位|有关单位|委员会|办公室|管委会|办事处|党工委|委办局|各委办|委办厅局/u;
/** A link line a site or a notice appends (政策解读：http://…), or a portal's link to its reading (点击查看政策解读：【音频解读】…). */
const LINK_LINE = /^(?:政策解读|原文链接|相关链接|附件下载|解读链接)[：:]\s*https?:\/\/\S+$|^点击(?:查看|阅读|收听|观看)?\s*(?:政策)?(?:图文|音频|视频)?解读[^。；;！？]*$/u;
/** An issuing organ's name: 广州市天河区科技工业和信息化局, 中共广州市天河区委统战部. */
const ISSUER_NAME = /^[\p{Script=Han}（）()]{2,30}(?:人民政府|政府|办公厅|办公室|委员会|管委会|局|厅|委|部|办)$/u;
/** A notice's closing formula on its own line: 特此通知。 */
const CLOSING_FORMULA = /^(?:特此(?:通知|通告|公告|函告|函复|批复|报告)|此复)[。！!]?$/u;
/** The heading of a roster (领导小组名单): what a line of names and posts under it belongs to. */
const ROSTER_HEADING = /名单|组成人员|领导小组|工作(?:小)?组|工作专班/u;

/**
 * Is this clause document furniture rather than policy? It stays in the document for the reader, but search and
 * compare do not show it: addressee lines had filled keyword results for any query holding 政府 and been a column's
 * closest clause (南京 p0013; twentieth session's researcher audit). Furniture is
 * - a notice's addressees among its first three paragraphs (各市人民政府，省政府各部门，各直属机构：; 上海's
 *   相关区人民政府，市政府有关委、办、局，各有关单位：);
 * - the issuing organs' names alone on a line among them (天河's 广州市天河区科技工业和信息化局 广州市天河区人力资源和社会
 *   保障局 中共广州市天河区委统战部, the letterhead of a joint notice);
 * - a link line (政策解读：http://…, a portal's 点击查看政策解读：【音频解读】关于《…》的解读);
 * - a notice's closing formula (特此通知。);
 * - a roster's line, a name and a post, under a roster's heading (安徽's 成 员：潘朝晖 省政府秘书长 under 附件 省推进工业
 *   互联网创新发展专项工作组名单: #1 for 省政府秘书长, and 谷剑锋 省财政厅厅长 #2 for 省财政厅).
 * The twenty-first session's ingest audit found 上海's addressees, 天河's link and organs' line, 南京's 特此通知。 and
 * 安徽's roster still hits (#1 for 各有关单位, 政策解读 and 天河区科技工业和信息化局). In the seeds and
 * ../shared/external, 51 paragraphs (13 before): 13 addressee lines, 2 links, 1 organs' line, 1 closing formula and 34
 * roster lines. A lead-in deep in a document (由各区…遴选推荐…的国家高新技术企业，应符合以下条件：) is no addressee,
 * and a roster line needs its heading (李明 市发展改革委主任 alone is text).
 * @example isFurnitureClause('各市人民政府，省政府各部门，各直属机构：', 0) // true
 * @example isFurnitureClause('成 员：潘朝晖 省政府秘书长', 81, ['附件 省推进工业互联网创新发展专项工作组名单']) // true
 */
export function isFurnitureClause(text: string, ordinal: number, sectionPath: readonly string[] = []): boolean {
  const t = text.trim();
  if (LINK_LINE.test(t) || CLOSING_FORMULA.test(t)) return true;
  if (isRosterLine(t) && sectionPath.some((s) => ROSTER_HEADING.test(s))) return true;
  if (ordinal > 2 || t.length > 150) return false;
  if (t.split(/\s+/u).every((name) => ISSUER_NAME.test(name))) return true;
  return !t.includes('的') && ADDRESSEE.test(t) && ORGAN.test(t);
}

/** Labels of the page's publication-info fields (发布信息): read for metadata, not part of the policy. */
const INFO_LABEL =
  '(?:发布时间|发布日期|发文日期|成文日期|印发日期|生成日期|日期|时间|来源|信息来源|文章来源|稿件来源|作者|发布机构|发布单位|发文机关|发文单位|索引号|主题分类|主题词|公开方式|公开范围|文号|发文字号|原文链接|原文地址|检索时间|检索关键词|关键词|编辑|责任编辑|审核|访问次数|浏览次数)';
const INFO_START = new RegExp(`^\\[?${INFO_LABEL}\\]?\\s*[:：]`, 'u');
const INFO_ANY = new RegExp(`${INFO_LABEL}\\s*[:：]`, 'gu');

/** Is this a publication-info line (`发布时间:2024-01-26 来源:…`)? */
export function isInfoLine(s: string): boolean {
  if (s.length > 200) return false;
  if (INFO_START.test(s)) return true;
  return (s.match(INFO_ANY)?.length ?? 0) >= 2;
}

interface ChromeRule {
  rule: string;
  /** Does a line matching this rule start the footer (everything after it is chrome too)? */
  footer: boolean;
  test: (s: string) => boolean;
}

const short = (s: string, max: number) => s.length <= max;

/** The line that ends a 版记: the issuing office and the day it was printed (杭州市人民政府办公厅 2024年2月18日印发). */
const PRINTED_LINE = /\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印\s*发\s*$/u;
/** Lines a 版记 may take from 抄送 to its 印发 line. */
const COLOPHON_LINES = 8;

/** Site chrome, in the order tried. `s` is the normalised line without leading bullets. */
const CHROME_RULES: ChromeRule[] = [
  {
    rule: 'breadcrumb',
    footer: false,
    test: (s) =>
      /^(?:您现在的位置|您的位置|您当前的位置|当前位置|所在位置|现在位置)/u.test(s) ||
      (short(s, 100) && !/[。；]/u.test(s) && (/^首页\s*[>›»/]/u.test(s) || (s.match(/\s[>›»]\s/gu)?.length ?? 0) >= 2)),
  },
  { rule: 'prev-next', footer: true, test: (s) => /^(?:上一条|下一条|上一篇|下一篇|上一页|下一页|前一篇|后一篇)\s*[:：]?/u.test(s) && short(s, 150) },
  {
    rule: 'related',
    footer: true,
    test: (s) => /^(?:相关阅读|相关文章|相关链接|相关新闻|相关稿件|延伸阅读|推荐阅读|热点推荐|热门文章|猜你喜欢)\s*[:：]?/u.test(s) && short(s, 60),
  },
  { rule: 'links', footer: true, test: (s) => /^(?:友情链接|网站链接|相关网站|快速链接|政府网站)\s*[:：]?/u.test(s) && short(s, 60) },
  { rule: 'scan', footer: true, test: (s) => short(s, 40) && !/[。，,；]/u.test(s) && /扫一扫|扫描二维码|在手机上?打开/u.test(s) },
  { rule: 'share', footer: false, test: (s) => /^分享(?:到|至)\s*[:：]?/u.test(s) && short(s, 60) },
  {
    rule: 'font-size',
    footer: false,
    test: (s) =>
      short(s, 40) && (/^[[【]?\s*(?:字体|字号)\s*[:：]?/u.test(s) || /^[[【(（]?\s*大\s*[\]】)）]?\s*[[【(（]?\s*中\s*[\]】)）]?\s*[[【(（]?\s*小\s*[\]】)）]?$/u.test(s)),
  },
  { rule: 'print-close', footer: true, test: (s) => short(s, 60) && /打印本页|打印此页|打印文章|关闭窗口|关闭本页|[[【]\s*(?:打印|关闭)\s*[\]】]|返回顶部|加入收藏|设为首页/u.test(s) },
  { rule: 'views', footer: false, test: (s) => short(s, 80) && /(?:浏览次数|阅读次数|点击次数|访问次数|浏览量|阅读量|点击量|访问量|点击数)\s*(?:[:：]|\d)/u.test(s) },
  {
    rule: 'contact',
    footer: false,
    test: (s) => short(s, 100) && /^(?:联系电话|咨询电话|联系方式|电\s*话|传\s*真|邮\s*箱|电子邮箱|电子邮件|e-?mail|地\s*址|联系地址|邮\s*编|邮政编码|网\s*址)\s*[:：]/iu.test(s),
  },
  { rule: 'contact-us', footer: true, test: (s) => /^(?:与我们联系|联系我们|关于我们|网站地图|网站声明|隐私声明|使用帮助|网站导航)\s*$/u.test(s) },
  {
    rule: 'copyright',
    footer: true,
    test: (s) => short(s, 200) && /copyright|©|\(c\)\s*\d{4}|版权所有|all rights reserved|^主办单位\s*[:：]|^承办单位\s*[:：]|技术支持\s*[:：]|网站标识码|^produced by/iu.test(s),
  },
  { rule: 'icp', footer: true, test: (s) => short(s, 200) && /icp\s*[备证]|公网安备|备案号/iu.test(s) },
  { rule: 'page-number', footer: false, test: (s) => /^(?:[-—–－]\s*)?\d{1,4}(?:\s*[-—–－])?$|^第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?$|^\d{1,4}\s*\/\s*\d{1,4}$/u.test(s) },
  { rule: 'publication-note', footer: false, test: (s) => /^[(（]\s*此件(?:公开发布|主动公开|不予?公开|依申请公开)\s*[)）]$/u.test(s) },
  // A legal database's own citation code above the text (北大法宝: 【法宝引证码】 CLI.12.4638041).
  { rule: 'database-code', footer: false, test: (s) => short(s, 60) && /^[[【]\s*法宝引证码\s*[\]】]|^法宝引证码\s*[:：]/u.test(s) },
];

/** Words of a site header (门户网站), never of a policy title. */
const SITE_WORDS = /网站|网上|平台|门户|首页|欢迎|登录|注册|搜索|无障碍|english|手机版|微信|微博|政务服务/iu;

/** Does this line start the document: its title, number, addressees, a heading or a real sentence? */
function startsDocument(s: string): boolean {
  return (
    /关于|通知$|意见$|方案$|计划$|办法$|规定$|细则$|措施$|决定$|规划$|纲要$|条例$|公告$|通告$|批复$|报告$|政策$/u.test(s) ||
    /[〔[［(（]\s*\d{4}\s*[〕\]］)）]\s*第?\s*\d+\s*号$/u.test(s) ||
    /[:：]$/u.test(s) ||
    /^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[章条])/u.test(s) ||
    (contentLength(s) >= 30 && /[，,。；]/u.test(s))
  );
}

/** A slogan or site title above the document: short, no sentence punctuation, spaced like a banner or site words. */
function isSiteHeader(s: string): boolean {
  return contentLength(s) <= 40 && !/[。，,；;：:]/u.test(s) && (/\p{Script=Han}\s+\p{Script=Han}/u.test(s) || SITE_WORDS.test(s));
}

/** The red letterhead of an official document (红头): `XX人民政府文件`. */
function isLetterhead(s: string): boolean {
  return /^[\p{Script=Han}]{2,30}文件$/u.test(s.replace(/\s+/g, ''));
}

/** A line that reads like a clause: enough content and a sentence end. Chrome never looks like this. */
function isClauseLike(s: string): boolean {
  return contentLength(s) >= 20 && /[。；;]/u.test(s);
}

interface Classified {
  text: string;
  source: number;
  raw: string;
  rule: string | null;
  footer: boolean;
}

/**
 * Blank out comments, scripts and styles, keeping their line breaks so line numbers stay true. A linear scan: an
 * unclosed block ends the search, so a page of stray `<!--` costs one pass, not one pass per opening.
 */
function removeHtmlBlocks(text: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    HTML_BLOCK_OPEN.lastIndex = at;
    const open = HTML_BLOCK_OPEN.exec(text);
    if (!open) break;
    const closer = open[0] === '<!--' ? /-->/g : open[0].toLowerCase() === '<script' ? /<\/script\s*>/gi : /<\/style\s*>/gi;
    closer.lastIndex = open.index + open[0].length;
    const close = closer.exec(text);
    if (!close) break;
    const end = close.index + close[0].length;
    out += text.slice(at, open.index) + text.slice(open.index, end).replace(/[^\r\n]/g, '');
    at = end;
  }
  return out + text.slice(at);
}

/** Classify one line: its cleaned text and the rule that removes it (null = kept). */
function classifyLine(raw: string, source: number, removed: RemovedLine[]): Classified {
  const hadTag = HAS_HTML_TAG.test(raw);
  let text = normalizeLine(stripMarkdown(stripHtml(raw)));
  const kept = (t: string): Classified => ({ text: t, source, raw, rule: null, footer: false });
  const drop = (rule: string, footer = false): Classified => ({ text, source, raw, rule, footer });
  if (text === '') return hadTag ? drop('html') : kept('');
  if (!hasContent(text) || isMarkerOnly(text)) return drop(hadTag ? 'html' : 'no-content');
  text = text.replace(LEADING_BULLETS, '');
  const spam = findSpamSpans(text);
  if (spam.length > 0) {
    const rest = stripSpam(text);
    if (!hasContent(rest) || isMarkerOnly(rest)) return drop('spam');
    // Part of the line survives: record what was cut out.
    for (const [start, end] of spam) removed.push({ line: text.slice(start, end), rule: 'spam' });
    text = rest;
  }
  // Chrome is recognised in either script (友情鏈接 as 友情链接): the rules read the line folded to simplified.
  const folded = toSimplified(text);
  for (const rule of CHROME_RULES) {
    if (rule.test(folded)) return drop(rule.rule, rule.footer);
  }
  if (isInfoLine(folded)) return drop('publication-info');
  return kept(text);
}

/**
 * Clean decoded text into lines: HTML, spam and chrome removed (each removal recorded), publication-info lines
 * set aside for metadata, blank lines kept as `''`.
 * @example cleanText('您现在的位置:首页 > 政策\n一、总体要求\n上一条:…').lines.map((l) => l.text) // ['一、总体要求']
 */
export function cleanText(text: string): CleanResult {
  const removed: RemovedLine[] = [];
  const info: string[] = [];
  const rows = splitLines(removeHtmlBlocks(text)).map((raw, i) => classifyLine(raw, i, removed));

  // The footer starts at the first footer line that follows some body and has no clause after it.
  const firstBody = rows.findIndex((r) => r.rule === null && contentLength(r.text) >= 20);
  const lastClause = rows.findLastIndex((r) => r.rule === null && isClauseLike(r.text));
  const footerAt = rows.findIndex((r, i) => r.footer && firstBody >= 0 && firstBody < i && i > lastClause);
  if (footerAt >= 0) {
    for (const r of rows.slice(footerAt + 1)) if (r.rule === null && r.text !== '') r.rule = 'footer';
  }

  // The 版记 at the end of an official document: 抄送：… (the offices it went to, over a few lines) down to the issuing
  // office's 2024年2月18日印发. It is the document's distribution, not its text, but it had been indexed as clauses of
  // the last numbered item (杭州's 抄送 lines cited as （七十六）支持推进"弱有众扶").
  const copyAt = rows.findIndex((r, i) => r.rule === null && i > firstBody && firstBody >= 0 && /^抄\s*送\s*[:：]/u.test(r.text));
  if (copyAt >= 0) {
    let end = copyAt;
    for (let j = copyAt + 1; j < rows.length && j <= copyAt + COLOPHON_LINES; j++) {
      if (rows[j]!.rule === null && PRINTED_LINE.test(rows[j]!.text)) {
        end = j;
        break;
      }
    }
    for (const r of rows.slice(copyAt, end + 1)) if (r.rule === null && r.text !== '') r.rule = 'colophon';
  }
  rows.forEach((r, i) => {
    if (r.rule !== null || !short(r.text, 80) || !PRINTED_LINE.test(r.text) || firstBody < 0) return;
    r.rule = 'colophon';
    // The office on the line above a bare 2023年8月9日印发 (广州市天河区科技工业和信息化局办公室).
    if (/^\d{4}\s*年/u.test(r.text)) {
      let k = i - 1;
      while (k >= 0 && rows[k]!.rule === null && rows[k]!.text === '') k--;
      const above = rows[k];
      if (above && above.rule === null && short(above.text, 40) && !/[。，,；;：:]/u.test(above.text) && /(?:办公室|办公厅|局|委员会|政府)$/u.test(above.text)) above.rule = 'colophon';
    }
  });

  // Slogans, site titles and the letterhead above the document's first real line.
  const startAt = rows.findIndex((r) => r.rule === null && r.text !== '' && startsDocument(toSimplified(r.text)));
  for (const r of rows.slice(0, startAt < 0 ? 0 : startAt)) {
    if (r.rule !== null || r.text === '') continue;
    // A numbered line (1. / (1)) is an item of the document even without Chinese characters in it, and so is a line
    // that ends a sentence as Chinese text does (5G＋ABC。): chrome (English, Copyright …) never ends in 。.
    const numbered = /^\s*(?:\d+[.、．]|[(（]\d+[)）])\S/u.test(r.text);
    const sentence = /[。；！？]\s*$/u.test(r.text);
    const folded = toSimplified(r.text);
    if (isSiteHeader(folded) || (!numbered && !sentence && !/\p{Script=Han}/u.test(r.text))) r.rule = 'site-header';
    else if (isLetterhead(folded)) r.rule = 'letterhead';
  }

  const lines: CleanLine[] = [];
  for (const r of rows) {
    if (r.rule === null) {
      lines.push({ text: r.text, source: r.source });
      continue;
    }
    removed.push({ line: r.raw.trim() === '' ? r.raw : normalizeLine(r.raw), rule: r.rule });
    if (r.rule === 'publication-info') info.push(r.text);
  }
  return { lines, removed, info };
}
