/**
 * Plain text and metadata hints from an HTML page saved from a government site (or produced by mammoth
 * from a .docx).
 *
 * A saved page is mostly chrome: navigation, search boxes, hot words, QR codes, analytics scripts, a
 * footer with the site's registration numbers. The policy sits in one container that content systems
 * name predictably (TRS_Editor, zoom, article-content, …); failing that, it is the element holding the
 * most Chinese prose directly. Blocks become lines, tables become `cell | cell` rows, and the
 * `<meta>` tags that Chinese government sites are required to carry (ArticleTitle, PubDate,
 * ContentSource) become hints.
 *
 * The parser is a small tolerant tokenizer: it builds a tree good enough for finding and flattening
 * the content, not a spec-compliant DOM.
 */

export interface HtmlHints {
  title?: string;
  /** The page's publication date (发布时间), ISO `YYYY-MM-DD`. */
  date?: string;
  /** Issuing or source body (ContentSource, 来源). */
  issuer?: string;
  /** Document number (发文字号) from a labelled field on the page. */
  docNumber?: string;
  /** The document's own date (成文日期) from a labelled field on the page, ISO `YYYY-MM-DD`. */
  writtenDate?: string;
  /** Keywords meta tag, split. Often site-wide rather than about the document. */
  keywords?: string[];
  /** Description meta tag. Often site-wide rather than about the document. */
  description?: string;
}

export interface HtmlText {
  text: string;
  hints: HtmlHints;
  warnings: string[];
}

export interface HtmlElement {
  tag: string;
  attrs: Record<string, string>;
  children: HtmlNode[];
}
export type HtmlNode = HtmlElement | string;

// --- tokenizer and tree --------------------------------------------------------------------------

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Elements whose content is not markup. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'noscript', 'xmp', 'plaintext']);

const BLOCK_TAGS = [
  'address', 'article', 'aside', 'blockquote', 'center', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure',
  'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre',
  'section', 'table', 'ul', 'tr', 'td', 'th', 'caption', 'tbody', 'thead', 'tfoot', 'body', 'html',
];
const BLOCK = new Set(BLOCK_TAGS);

/** Open elements an opening tag implicitly closes (the HTML rules that matter for flattening). */
function impliedClose(opening: string, open: string): boolean {
  if (open === 'p') return BLOCK.has(opening) && opening !== 'td' && opening !== 'th';
  if (opening === 'li') return open === 'li';
  if (opening === 'dt' || opening === 'dd') return open === 'dt' || open === 'dd';
  if (opening === 'td' || opening === 'th') return open === 'td' || open === 'th';
  if (opening === 'tr') return open === 'td' || open === 'th' || open === 'tr';
  if (opening === 'tbody' || opening === 'thead' || opening === 'tfoot') return ['td', 'th', 'tr', 'tbody', 'thead'].includes(open);
  if (opening === 'option') return open === 'option';
  return false;
}

/**
 * Parse HTML into a loose tree. Unclosed elements close at their parent's end, stray end tags are
 * ignored, comments and doctypes are dropped; text is entity-decoded.
 */
export function parseHtml(html: string): HtmlElement {
  const root: HtmlElement = { tag: '#root', attrs: {}, children: [] };
  const stack: HtmlElement[] = [root];
  const top = () => stack[stack.length - 1]!;
  const lower = html.toLowerCase();
  let i = 0;
  const pushText = (raw: string) => {
    if (raw !== '') top().children.push(decodeEntities(raw));
  };

  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) {
      pushText(html.slice(i));
      break;
    }
    pushText(html.slice(i, lt));
    i = lt;
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      i = end === -1 ? html.length : end + 3;
      continue;
    }
    if (html[i + 1] === '!' || html[i + 1] === '?') {
      const end = html.indexOf('>', i);
      i = end === -1 ? html.length : end + 1;
      continue;
    }
    const closing = html[i + 1] === '/';
    const nameMatch = /^[a-zA-Z][a-zA-Z0-9:-]*/.exec(html.slice(i + (closing ? 2 : 1), i + (closing ? 2 : 1) + 40));
    if (!nameMatch) {
      pushText('<');
      i++;
      continue;
    }
    const tag = nameMatch[0].toLowerCase();
    const { attrs, end, selfClosing } = readAttributes(html, i + (closing ? 2 : 1) + nameMatch[0].length);
    i = end;
    if (closing) {
      const at = stack.map((e) => e.tag).lastIndexOf(tag);
      if (at > 0) stack.length = at;
      continue;
    }
    while (stack.length > 1 && impliedClose(tag, top().tag)) stack.pop();
    const element: HtmlElement = { tag, attrs, children: [] };
    top().children.push(element);
    if (RAW_TEXT.has(tag) && !selfClosing) {
      const close = lower.indexOf(`</${tag}`, i);
      const rawEnd = close === -1 ? html.length : close;
      const raw = html.slice(i, rawEnd);
      if (raw !== '') element.children.push(tag === 'title' || tag === 'textarea' ? decodeEntities(raw) : raw);
      const gt = close === -1 ? -1 : html.indexOf('>', close);
      i = gt === -1 ? html.length : gt + 1;
      continue;
    }
    if (!VOID.has(tag) && !selfClosing) stack.push(element);
  }
  return root;
}

/** Read attributes from `from` up to the tag's `>`, honouring quotes (values may contain `>`). */
function readAttributes(html: string, from: number): { attrs: Record<string, string>; end: number; selfClosing: boolean } {
  const attrs: Record<string, string> = {};
  const re = /\s*([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?|\s*(\/?)>|\s*\/|\s+/y;
  let i = from;
  while (i < html.length) {
    re.lastIndex = i;
    const m = re.exec(html);
    if (!m || m[0] === '') {
      i++;
      continue;
    }
    i = re.lastIndex;
    if (m[0].trimStart().endsWith('>') && m[1] === undefined) return { attrs, end: i, selfClosing: m[5] === '/' };
    if (m[1] !== undefined) {
      const name = m[1].toLowerCase();
      if (!(name in attrs)) attrs[name] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
    }
  }
  return { attrs, end: html.length, selfClosing: false };
}

const ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009',
  zwnj: '', zwj: '', lrm: '', rlm: '', shy: '', ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', sbquo: '‚', bdquo: '„',
  laquo: '«', raquo: '»', lsaquo: '‹', rsaquo: '›', mdash: '—', ndash: '–', hellip: '…', middot: '·', bull: '•',
  times: '×', divide: '÷', plusmn: '±', deg: '°', copy: '©', reg: '®', trade: '™', sect: '§', para: '¶', yen: '¥',
  cent: '¢', pound: '£', euro: '€', permil: '‰', prime: '′', Prime: '″', larr: '←', rarr: '→', uarr: '↑', darr: '↓',
  le: '≤', ge: '≥', ne: '≠', asymp: '≈', infin: '∞', micro: 'µ', sup1: '¹', sup2: '²', sup3: '³', frac12: '½',
  frac14: '¼', frac34: '¾', iexcl: '¡', iquest: '¿', not: '¬', ordm: 'º', ordf: 'ª',
};

/** Decode character references: numeric ones and the named ones that occur in Chinese pages. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});?/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(cp);
    }
    return ENTITIES[ref] ?? whole;
  });
}

// --- tree helpers ---------------------------------------------------------------------------------

function isElement(n: HtmlNode): n is HtmlElement {
  return typeof n !== 'string';
}

function* walk(el: HtmlElement): Generator<HtmlElement> {
  yield el;
  for (const c of el.children) if (isElement(c)) yield* walk(c);
}

/** Never text: code, media, form controls, the document head. */
const ALWAYS_DROP = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'svg', 'canvas', 'object', 'embed', 'select', 'option',
  'button', 'input', 'textarea', 'head', 'title', 'map', 'audio', 'video', 'link', 'meta',
]);
/** Page chrome when outside the content container. */
const CHROME = new Set(['nav', 'header', 'footer', 'aside']);

function isHidden(el: HtmlElement): boolean {
  if ('hidden' in el.attrs) return true;
  const style = (el.attrs.style ?? '').toLowerCase().replace(/\s+/g, '');
  return style.includes('display:none') || style.includes('visibility:hidden');
}

const HAN_RE = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;
function hanCount(s: string): number {
  return s.match(HAN_RE)?.length ?? 0;
}

/** Number of Han characters under each element, skipping what is never text. */
function measureHan(root: HtmlElement, skip: (el: HtmlElement) => boolean): Map<HtmlElement, number> {
  const counts = new Map<HtmlElement, number>();
  const visit = (el: HtmlElement): number => {
    if (skip(el)) {
      counts.set(el, 0);
      return 0;
    }
    let n = 0;
    for (const c of el.children) n += isElement(c) ? visit(c) : hanCount(c);
    counts.set(el, n);
    return n;
  };
  visit(root);
  return counts;
}

// --- main content ---------------------------------------------------------------------------------

/**
 * id/class names that content systems give the article body: TRS_Editor (TRS WCM), zoom/zoomcon,
 * article(-content), content, main, con(_text), detail, zhengwen/zw (正文), pages_content, txt.
 */
const CONTENT_NAME = /^(trs_?editor|zoom|article|content|main|con|detail|zhengwen|zw|pages?_?content|txt|text|wenzhang|body|view|info)([-_]?[a-z]*)?$/i;
/** Names that look like content but are chrome. */
const NOT_CONTENT_NAME = /(nav|menu|foot|header|head|side|share|ewm|qrcode|search|login|banner|link|btn|tool|bread|crumb|hot|list|title|attr|time|date|source|related|relevant|comment|print)/i;

/** Han characters inside chrome-named descendants (outermost ones only, so nothing counts twice). */
function chromeHanWithin(el: HtmlElement, han: Map<HtmlElement, number>): number {
  let n = 0;
  for (const c of el.children) {
    if (!isElement(c)) continue;
    n += looksLikeChrome(c) ? (han.get(c) ?? 0) : chromeHanWithin(c, han);
  }
  return n;
}

/** An element named like chrome: title bars, date lines, share buttons, lists of links. */
function looksLikeChrome(el: HtmlElement): boolean {
  const names = `${el.attrs.id ?? ''} ${el.attrs.class ?? ''}`.split(/\s+/).filter(Boolean);
  return names.some((n) => NOT_CONTENT_NAME.test(n)) && !looksLikeContent(el);
}

function looksLikeContent(el: HtmlElement): boolean {
  const names = `${el.attrs.id ?? ''} ${el.attrs.class ?? ''}`.split(/\s+/).filter(Boolean);
  return names.some((n) => CONTENT_NAME.test(n) && !NOT_CONTENT_NAME.test(n));
}

/** Inline elements whose text belongs to the paragraph around them. */
const INLINE = new Set(['a', 'span', 'strong', 'b', 'em', 'i', 'u', 'font', 'sup', 'sub', 'br', 'small', 'big', 'label', 'p', 'o:p']);

/** Han characters an element holds as prose of its own: its text and inline children, and its <p>s. */
function directProseHan(el: HtmlElement, han: Map<HtmlElement, number>): number {
  let n = 0;
  for (const c of el.children) {
    if (!isElement(c)) n += hanCount(c);
    else if (INLINE.has(c.tag)) n += han.get(c) ?? 0;
  }
  return n;
}

function findMainContent(root: HtmlElement, warnings: string[]): HtmlElement {
  const chromeFree = (el: HtmlElement) => ALWAYS_DROP.has(el.tag) || CHROME.has(el.tag) || isHidden(el);
  const han = measureHan(root, chromeFree);
  const body = [...walk(root)].find((e) => e.tag === 'body') ?? root;
  const total = han.get(body) ?? 0;
  if (total === 0) return body;

  const elements = [...walk(body)].filter((e) => !chromeFree(e));
  const candidates = elements.filter(looksLikeContent);
  let best: HtmlElement | undefined;
  for (const c of candidates) if (!best || (han.get(c) ?? 0) > (han.get(best) ?? 0)) best = c;
  if (best && (han.get(best) ?? 0) >= Math.max(20, total * 0.3)) {
    // Narrow to the most specific named container that still holds most of the text.
    let chosen: HtmlElement = best;
    for (;;) {
      const outer: HtmlElement = chosen;
      // Titles, date lines, share and print widgets inside a wrapper do not count against narrowing.
      const chromeHan = chromeHanWithin(outer, han);
      const floor = Math.max(0, (han.get(outer) ?? 0) - chromeHan) * 0.8;
      const inner: HtmlElement | undefined = [...walk(outer)].filter((e) => e !== outer && candidates.includes(e) && (han.get(e) ?? 0) >= floor).pop();
      if (!inner) return chosen;
      chosen = inner;
    }
  }

  let prose: HtmlElement = body;
  let proseHan = -1;
  for (const e of elements) {
    const n = directProseHan(e, han);
    if (n > proseHan) {
      prose = e;
      proseHan = n;
    }
  }
  warnings.push('no named content container (TRS_Editor, zoom, article, content…) found: used the element with the most Chinese prose');
  return prose;
}

// --- flattening -----------------------------------------------------------------------------------

/** Marks whitespace that came from a line break in the source: dropped between Chinese characters. */
const SOURCE_BREAK = '\u0001';
const CJK_CHAR = '[\\u2e80-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef\\u3000-\\u303f“”‘’]';

function renderText(raw: string): string {
  return raw.replace(/\u00a0/g, ' ').replace(/[ \t\r\n\f]+/g, (ws) => (/[\r\n]/.test(ws) ? SOURCE_BREAK : ' '));
}

interface Renderer {
  out: string[];
  line: string;
}

function newline(r: Renderer): void {
  if (r.line.trim() !== '') r.out.push(r.line);
  r.line = '';
}

function render(el: HtmlElement, r: Renderer, dropChrome: boolean): void {
  for (const c of el.children) {
    if (!isElement(c)) {
      r.line += renderText(c);
      continue;
    }
    if (ALWAYS_DROP.has(c.tag) || isHidden(c) || (dropChrome && CHROME.has(c.tag)) || c.tag === 'nav' || c.tag === 'aside') continue;
    if (c.tag === 'br') {
      newline(r);
      continue;
    }
    if (c.tag === 'table') {
      newline(r);
      renderTable(c, r, dropChrome);
      continue;
    }
    if (c.tag === 'img') continue;
    const block = BLOCK.has(c.tag);
    if (block) newline(r);
    render(c, r, dropChrome);
    if (block) newline(r);
  }
}

function rowsOf(table: HtmlElement): HtmlElement[] {
  const rows: HtmlElement[] = [];
  const visit = (el: HtmlElement) => {
    for (const c of el.children) {
      if (!isElement(c)) continue;
      if (c.tag === 'tr') rows.push(c);
      else if (c.tag === 'thead' || c.tag === 'tbody' || c.tag === 'tfoot') visit(c);
    }
  };
  visit(table);
  return rows;
}

function cellText(cell: HtmlElement, dropChrome: boolean): string {
  const r: Renderer = { out: [], line: '' };
  render(cell, r, dropChrome);
  newline(r);
  return finishLines(r.out).join(' ');
}

/**
 * Data tables become `a | b | c` rows. Layout tables (a nested table, or cells holding whole
 * passages) are flattened as ordinary blocks, cell by cell.
 */
function renderTable(table: HtmlElement, r: Renderer, dropChrome: boolean): void {
  const rows = rowsOf(table);
  const cells = rows.map((row) => row.children.filter((c): c is HtmlElement => isElement(c) && (c.tag === 'td' || c.tag === 'th')));
  const layout =
    [...walk(table)].some((e) => e !== table && e.tag === 'table') ||
    cells.some((row) => row.some((cell) => hanCount(cellText(cell, dropChrome)) > 300)) ||
    cells.every((row) => row.length <= 1);
  if (layout) {
    for (const row of cells) {
      for (const cell of row) {
        render(cell, r, dropChrome);
        newline(r);
      }
    }
    return;
  }
  for (const row of cells) {
    const texts = row.map((cell) => cellText(cell, dropChrome).replace(/\|/g, '｜'));
    if (texts.every((t) => t === '')) continue;
    r.out.push(texts.join(' | '));
  }
}

/** Resolve source-break marks, collapse spaces, trim (including ideographic and no-break spaces). */
function finishLines(lines: string[]): string[] {
  const betweenCjk = new RegExp(`(?<=${CJK_CHAR})[ ${SOURCE_BREAK}]*${SOURCE_BREAK}[ ${SOURCE_BREAK}]*(?=${CJK_CHAR})`, 'g');
  return lines
    .map((l) =>
      l
        .replace(betweenCjk, '')
        .replace(new RegExp(SOURCE_BREAK, 'g'), ' ')
        .replace(/[ \u00a0]{2,}/g, ' ')
        .replace(/^[\s\u00a0\u2000-\u200b\u3000\ufeff]+|[\s\u00a0\u2000-\u200b\u3000\ufeff]+$/g, ''),
    )
    .filter((l) => l !== '');
}

// --- metadata -------------------------------------------------------------------------------------

function metaTags(root: HtmlElement): Map<string, string> {
  const meta = new Map<string, string>();
  for (const e of walk(root)) {
    if (e.tag !== 'meta') continue;
    const key = (e.attrs.name ?? e.attrs.property ?? e.attrs['http-equiv'] ?? '').trim().toLowerCase();
    const content = (e.attrs.content ?? '').trim();
    if (key && content && !meta.has(key)) meta.set(key, content);
  }
  return meta;
}

/** `2023-08-09 23:04`, `2023/8/9`, `2023年8月9日` → `2023-08-09`. */
export function normaliseDate(s: string): string | undefined {
  const m = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/.exec(s);
  if (!m) return undefined;
  const [, y, mo, d] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31) return undefined;
  return `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
}

/** `关于…的通知_某某区人民政府门户网站` → the part before the site name. */
function titleFromTitleTag(title: string): string | undefined {
  const parts = title.split(/\s*(?:_|\||｜| - | — | – )\s*/).filter((p) => p.trim() !== '');
  const first = parts[0]?.trim();
  return first && first.length >= 4 ? first : title.trim() || undefined;
}

/** The fields of a 信息公开 table a hint is read from, by their labels. */
const FIELD_LABELS: readonly [RegExp, 'issuer' | 'writtenDate' | 'docNumber'][] = [
  [/^(?:发文机关|发布机构|发文单位)$/u, 'issuer'],
  [/^成文日期$/u, 'writtenDate'],
  [/^(?:发文字号|文号)$/u, 'docNumber'],
];

/**
 * The labelled fields of the page's 信息公开 tables, whose labels and values sit in cells of their own
 * (`<td>文号：</td><td>靖工信发〔2024〕6号</td>`) or together in one (`<td>成文日期：2024-05-20</td>`). Such a table often
 * stands outside the content container, where the text stage never sees it. A value is what the next cell holds:
 * never a separator or another label (a 文号 of "|" had been read from the flattened row; s22 ingest audit, finding 6).
 */
function labelledFields(root: HtmlElement): { issuer?: string; writtenDate?: string; docNumber?: string } {
  const out: { issuer?: string; writtenDate?: string; docNumber?: string } = {};
  const labelOf = (s: string) => FIELD_LABELS.find(([re]) => re.test(s.replace(/[\s:：]/gu, '')))?.[1];
  const take = (key: 'issuer' | 'writtenDate' | 'docNumber', raw: string) => {
    const value = raw.replace(/\s+/gu, ' ').trim();
    if (out[key] !== undefined || !/[\p{L}\p{N}]/u.test(value) || labelOf(value) !== undefined || /[:：]$/u.test(value)) return;
    if (key === 'writtenDate') {
      const iso = normaliseDate(value);
      if (iso) out.writtenDate = iso;
    } else if (key === 'docNumber') {
      if (/\d/u.test(value) && value.length <= 40) out.docNumber = value.replace(/\s+/gu, '');
    } else if (value.length <= 60) out.issuer = value;
  };
  for (const table of walk(root)) {
    if (table.tag !== 'table') continue;
    for (const row of rowsOf(table)) {
      const cells = row.children.filter((c): c is HtmlElement => isElement(c) && (c.tag === 'td' || c.tag === 'th')).map((c) => cellText(c, false));
      cells.forEach((cell, i) => {
        const key = labelOf(cell);
        if (key !== undefined && i + 1 < cells.length) return take(key, cells[i + 1]!);
        const joined = /^([^:：]{2,6})[:：]\s*(.+)$/u.exec(cell);
        const inline = joined ? labelOf(joined[1]!) : undefined;
        if (joined && inline !== undefined) take(inline, joined[2]!);
      });
    }
  }
  return out;
}

const DOC_NUMBER_FIELD = /(?:发文字号|文\s*号)[\s:：|]*([^\s|:：，,；;]{1,30}?[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号)/;

function readHints(root: HtmlElement, pageText: string): HtmlHints {
  const meta = metaTags(root);
  const hints: HtmlHints = {};
  const titleTag = [...walk(root)].find((e) => e.tag === 'title');
  const titleText = titleTag ? titleTag.children.filter((c): c is string => !isElement(c)).join('').trim() : '';
  const title = meta.get('articletitle') ?? meta.get('og:title') ?? meta.get('dc.title') ?? (titleText ? titleFromTitleTag(titleText) : undefined);
  if (title) hints.title = title.replace(/\s+/g, ' ').trim();
  const date = ['pubdate', 'publishdate', 'firstpublishedtime', 'article:published_time', 'dc.date', 'dcterms.issued']
    .map((k) => meta.get(k))
    .find((v) => v !== undefined);
  const iso = date ? normaliseDate(date) : undefined;
  if (iso) hints.date = iso;
  const fields = labelledFields(root);
  const issuer = meta.get('contentsource') ?? meta.get('dc.publisher') ?? fields.issuer;
  if (issuer) hints.issuer = issuer;
  const docNumber = DOC_NUMBER_FIELD.exec(pageText)?.[1]?.replace(/\s+/g, '') ?? fields.docNumber;
  if (docNumber) hints.docNumber = docNumber;
  if (fields.writtenDate) hints.writtenDate = fields.writtenDate;
  const keywords = meta.get('keywords');
  if (keywords) hints.keywords = keywords.split(/[,，;；、\s]+/).filter(Boolean);
  const description = meta.get('description');
  if (description) hints.description = description;
  return hints;
}

/** The charset a page declares in its first bytes (`<meta charset>` or `http-equiv` content-type). */
export function sniffDeclaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_-]+)/i.exec(head)?.[1];
}

// --- entry point ----------------------------------------------------------------------------------

/**
 * Flatten an HTML page to text, one block per line, tables as `a | b` rows, with hints from its meta
 * tags. `wholeDocument` skips the search for a content container (mammoth's output is all content).
 *
 * @example
 * htmlToText('<div id="zoom"><p>第一条 为了…</p></div>').text // → '第一条 为了…'
 */
export function htmlToText(html: string, options: { wholeDocument?: boolean } = {}): HtmlText {
  const warnings: string[] = [];
  const root = parseHtml(html);
  const container = options.wholeDocument ? root : findMainContent(root, warnings);
  const r: Renderer = { out: [], line: '' };
  // Header and footer inside an article belong to it; around the whole page they are chrome.
  const dropChrome = !options.wholeDocument && (container === root || container.tag === 'body' || container.tag === 'html');
  render(container, r, dropChrome);
  newline(r);
  const text = finishLines(r.out).join('\n');

  const whole: Renderer = { out: [], line: '' };
  render(root, whole, false);
  newline(whole);
  const hints = readHints(root, finishLines(whole.out).join('\n'));
  return { text, hints, warnings };
}
