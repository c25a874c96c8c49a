/**
 * Pure repairs of text taken from a PDF text layer (no PDF needed to test them).
 *
 * Chinese government PDFs are typeset with fonts whose glyph → Unicode tables are wrong in
 * predictable ways: Founder (方正) fonts leak GB2312 codes as code points (ꎬ U+A3AC for ，, i.e. the
 * GB2312 bytes A3 AC), WPS and Word exports map some characters to Kangxi radicals (⼀ U+2F00 for 一),
 * justified lines come out with a space between every character, and numbers are full-width.
 * Each rule recognises the quirk by its nature (code point range, neighbouring character classes),
 * not by the words of any one document.
 */
import iconv from 'iconv-lite';

// --- character classes --------------------------------------------------------------------------

/** Han ideographs (unified, extension A and beyond, compatibility). */
const HAN = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';
/** CJK symbols and punctuation, full-width forms, CJK quotes, brackets and dashes used in Chinese text. */
const CJK_PUNCT = '\\u3000-\\u303f\\uff00-\\uffef\\u2018\\u2019\\u201c\\u201d\\u2014\\u2026\\u00b7\\u300a\\u300b';
const CJK_CLASS = `[${HAN}${CJK_PUNCT}]`;

/** Horizontal spaces a PDF text layer produces: ASCII space, tab, NBSP, en/em/thin spaces, ideographic space. */
const HSPACE = '[ \\t\\u00a0\\u2000-\\u200a\\u202f\\u205f\\u3000]';

/**
 * Spaces with Chinese on at least one side are layout, not words: justified lines (加 大 创 业), WPS's
 * gaps around numbers (2024 年), stray spaces inside brackets (( 一)). Spaces between two Latin words or
 * numbers are kept.
 */
const SPACE_NEXT_TO_CJK = new RegExp(`(?<=${CJK_CLASS})${HSPACE}+|${HSPACE}+(?=${CJK_CLASS})`, 'g');

// --- code point repairs -------------------------------------------------------------------------

/**
 * GB2312 rows A1–A3 (punctuation, symbols, full-width ASCII) leaked as the code points U+A1A1–U+A3FE,
 * which Unicode assigns to Yi syllables: no Chinese policy text contains real Yi syllables in this
 * range, so decode the two bytes as GB2312. Built once from iconv-lite rather than typed by hand.
 */
const LEAKED_GB2312 = buildLeakedGb2312Table();

function buildLeakedGb2312Table(): Map<string, string> {
  const table = new Map<string, string>();
  for (let hi = 0xa1; hi <= 0xa3; hi++) {
    for (let lo = 0xa1; lo <= 0xfe; lo++) {
      const decoded = iconv.decode(Buffer.from([hi, lo]), 'gb18030');
      if (decoded.length === 1 && decoded !== '\ufffd') table.set(String.fromCharCode((hi << 8) | lo), decoded);
    }
  }
  // In these fonts the full-width full stop slot (A3AE) carries the ideographic full stop 。.
  table.set('\ua3ae', '。');
  return table;
}
const LEAKED_GB2312_RE = /[\ua1a1-\ua3fe]/g;

/**
 * Private-use code points from Founder fonts, mapped as observed in real documents. Only entries seen
 * in the wild belong here; unmapped private-use characters are counted by `countPrivateUse`.
 */
const FOUNDER_PRIVATE_USE: Record<string, string> = {
  '\u{1001b0}': '.', // decimal point, e.g. ５􀆰５％ → 5.5%
};
const FOUNDER_PRIVATE_USE_RE = /[\u{100000}-\u{10fffd}]/gu;

/**
 * CJK Radicals Supplement characters that stand in for ordinary characters; NFKC maps only ⺟ and ⻳,
 * so the simplified-form radicals that fonts use for whole characters are listed (⺠ for 民, ⻓ for 长…).
 */
const RADICAL_SUPPLEMENT: Record<string, string> = {
  '⺟': '母', '⺠': '民', '⻄': '西', '⻅': '见', '⻆': '角', '⻉': '贝', '⻋': '车', '⻓': '长', '⻔': '门',
  '⻘': '青', '⻙': '韦', '⻚': '页', '⻛': '风', '⻜': '飞', '⻝': '食', '⻢': '马', '⻣': '骨', '⻤': '鬼',
  '⻥': '鱼', '⻦': '鸟', '⻧': '卤', '⻨': '麦', '⻩': '黄', '⻪': '黾', '⻬': '齐', '⻮': '齿', '⻰': '龙',
  '⻳': '龟', '⻁': '虎',
};
const RADICAL_SUPPLEMENT_RE = /[\u2e80-\u2eff]/g;
/** Kangxi radicals: every one has an NFKC mapping to the unified ideograph (⼀ → 一, ⼈ → 人). */
const KANGXI_RE = /[\u2f00-\u2fdf]/g;

/** « » in a Chinese PDF are 《 》 through a wrong font table; a real guillemet never occurs in this domain. */
const GUILLEMETS: Record<string, string> = { '«': '《', '»': '》' };

function fullWidthToAscii(ch: string): string {
  return String.fromCharCode(ch.charCodeAt(0) - 0xfee0);
}

/**
 * Repair the characters of one line of PDF text: leaked GB2312 codes, Founder private-use codes,
 * radicals used as characters, « », full-width digits and letters, and spaces next to Chinese.
 *
 * @example
 * fixPdfLine('加 大 创 业 信 贷ꎬ由 ３０ 万元提高至 ５０ 万元ꎮ') // → '加大创业信贷，由30万元提高至50万元。'
 */
export function fixPdfLine(line: string): string {
  const s = line
    // A leaked full stop between digits was a decimal point (５ꎮ５ → 5.5), not a sentence end.
    .replace(/(?<=[0-9\uff10-\uff19])\ua3ae(?=[0-9\uff10-\uff19])/g, '.')
    .replace(LEAKED_GB2312_RE, (ch) => LEAKED_GB2312.get(ch) ?? ch)
    .replace(FOUNDER_PRIVATE_USE_RE, (ch) => FOUNDER_PRIVATE_USE[ch] ?? ch)
    // The font spaces a decimal point like a full-width character: 5 . 5 → 5.5.
    .replace(/(?<=[0-9\uff10-\uff19])\s*\.\s+(?=[0-9\uff10-\uff19])|(?<=[0-9\uff10-\uff19])\s+\.\s*(?=[0-9\uff10-\uff19])/g, '.')
    .replace(KANGXI_RE, (ch) => ch.normalize('NFKC'))
    .replace(RADICAL_SUPPLEMENT_RE, (ch) => RADICAL_SUPPLEMENT[ch] ?? ch)
    .replace(/[«»]/g, (ch) => GUILLEMETS[ch] ?? ch)
    // Full-width digits and Latin letters are typesetting, not meaning; ASCII makes numbers searchable.
    .replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, fullWidthToAscii)
    .replace(/(?<=\d)％/g, '%')
    .replace(SPACE_NEXT_TO_CJK, '');
  return s.replace(new RegExp(`${HSPACE}{2,}`, 'g'), ' ').trim();
}

/** Apply `fixPdfLine` to every line of a text. */
export function fixPdfText(text: string): string {
  return text
    .split('\n')
    .map(fixPdfLine)
    .join('\n');
}

/** Number of private-use characters left in a text (glyphs whose meaning the font did not give). */
export function countPrivateUse(text: string): number {
  return text.match(/[\ue000-\uf8ff\u{f0000}-\u{10fffd}]/gu)?.length ?? 0;
}

// --- line classification ------------------------------------------------------------------------

const PAGE_NUMBER_PATTERNS: RegExp[] = [
  /^[-—–－~～─_\s]*\d{1,4}[-—–－~～─_\s]*$/, // — 2 —, - 2 -, 2
  /^第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$/, // 第 2 页, 第2页 共34页
  /^共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页$/,
  /^\d{1,4}\s*\/\s*\d{1,4}$/, // 2/34
  /^(page\s*)?\d{1,4}(\s*of\s*\d{1,4})?$/i,
  /^[-—–\s]*[ivxlc]{1,7}[-—–\s]*$/i, // front-matter roman numerals
  /^[-—–\s]*[\u2160-\u216f]{1,3}[-—–\s]*$/, // Ⅰ Ⅱ Ⅲ
];

/**
 * True for a line that is only a page number (`— 2 —`, `- 2 -`, `第 2 页`, `2/34`, `2`, `IV`).
 * Callers only ask this of lines at the top or bottom of a page: a lone number inside a table is data.
 */
export function isPageNumberLine(line: string): boolean {
  const s = line.trim();
  if (s === '') return false;
  return PAGE_NUMBER_PATTERNS.some((re) => re.test(s));
}

/** A table-of-contents entry: a title, a dot leader, a page number (`一、综合篇……………1`). */
export function isTableOfContentsLine(line: string): boolean {
  return /(?:(?:[.·．‧]\s*){4,}|(?:…\s*){2,})\s*\d{1,4}$/.test(line.trim());
}

/** Numbering that opens a heading or an item: 一、 (一) 1. 1、 (1) ① ⑴ ⒈ 第N条/章/节 附件. */
const HEADING_START =
  /^(?:[一二三四五六七八九十百]+[、.．]|[（(]\s*[一二三四五六七八九十百]+\s*[)）]|\d{1,3}(?:[.．]\d{1,3})*\s*[、.．](?!\d)|[（(]\s*\d{1,3}\s*[)）]|[①-⒛]|第[一二三四五六七八九十百千零〇\d]+\s*[条章节篇部分]|附\s*件|附\s*表|附\s*录)/;

/** True when a line starts with heading or item numbering, so it never continues the previous line. */
export function startsHeading(line: string): boolean {
  return HEADING_START.test(line.trim());
}

/** True when a line ends a sentence (。！？；： and their ASCII forms, a full stop, possibly before a closing quote). */
export function endsSentence(line: string): boolean {
  return /[。！？；：!?;:.][”’」』"']?$/.test(line.trim());
}

/**
 * Join a line wrapped mid-sentence to its continuation: Chinese joins without a space, Latin words
 * and numbers get one back, a hyphenated English word is mended.
 */
export function joinWrapped(previous: string, next: string): string {
  const a = previous.trimEnd();
  const b = next.trimStart();
  if (a === '' || b === '') return a + b;
  if (/[a-z]-$/.test(a) && /^[a-z]/.test(b)) return a.slice(0, -1) + b; // hyphenated English word
  // Latin text wraps at spaces; Chinese text wraps anywhere and has no spaces to restore.
  if (/[\x21-\x7e]$/.test(a) && /^[A-Za-z0-9(]/.test(b)) return `${a} ${b}`;
  return a + b;
}
