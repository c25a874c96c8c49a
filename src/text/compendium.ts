/**
 * Compendiums (政策汇编): books of policy cards, such as 北京市产业政策导引 (145 "政策应用指南卡片"). Each card names
 * the policy it summarises in labelled fields — 依据文件, 发文机构, 发文字号, 发布日期, 工具分类, 服务对象 — and then
 * explains it in text fields — 服务内容, 条件要求, 办理流程 (or 服务流程), 时间/频度, 联络方式. Parsed like a notice,
 * such a book is one long document whose clauses cite only the book; parsed as cards, every clause keeps its card's
 * title as its section and cites the card's own policy (see `ParagraphSource`).
 *
 * The text comes from a PDF of form-like tables, so it is messy in known ways (measured on the 331-page 03 PDF):
 * a label sits vertically centred beside its value, so after layout it may open a line (`服务内容 | …`), stand
 * alone between the value's lines (`《…的` / `依据文件` / `通知》`), end a line (`…补办理流程`) or be glued to its
 * value (`服务对象国家和市级…`); a wrapped label cell splits into fragments (`服务` / `对象`); each card title is
 * printed twice (the numbered heading `8.北京市…` and the table's caption); a dotted-leader contents list and page
 * numbers surround it all. Of 03's 145 cards, 145 carry 依据文件/发文机构/发文字号 and 145 a contact label; 101
 * write 发布日期 and 44 发文时间; 95 open a line with 服务内容 and 39 stand it alone between their text's lines.
 *
 * What this module does, all on cleaned lines (pure, never throws):
 * - {@link isCompendium}: at least 3 cards, i.e. 3 blocks of card header fields, with 3 header fields each
 *   recurring 3 times or more. Ordinary notices never label their lines this way.
 * - {@link parseCompendium}: the cover (title, issuer, year) as the document's metadata (type 汇编); the front
 *   matter (前言) as ordinary paragraphs; for each card its part headings (三、先进制造业篇, （一）金融服务业), its
 *   title (the numbered heading, its wrapped tail joined, its printed repeat dropped), its header values as the
 *   `source` of every clause, and its text fields as clauses under `[part, card title, field]`.
 * - Text fields whose labels float: a field's label is centred in its cell, so the boundary between two text
 *   fields is taken at the last top-level numbering restart (`1．`) between their labels, else where centring puts
 *   it (the field ends as far after its label as it began before it) — but never inside a running list (between an
 *   item's heading and its text, at an item's first sub-item, right after a lead-in ending in ：, or where the items
 *   after the cut continue those before it). Page breaks inside a cell break centring; the restart and list rules
 *   cover most of those (the sub-item and lead-in rules put 30 clauses of 11 cards of 03 back into 条件要求 or
 *   服务内容, which a 条件要求 cell running over a page had lost to 办理流程). A numbered line the card printed before
 *   (条件要求 repeating 服务内容's item titles, `5．…工作。`) is a heading too: card 四(二)24's last condition came back
 *   (twenty-second session; no other clause of 03 moved, where reading every short `N．…。` line as an item's heading
 *   moved 14 others of 10 cards, those checked into the wrong field: 办理流程's 在线填写… into 条件要求).
 * - A list run into its lead-in's line (`…具备以下条件：（1）…；（2）…；（3）…；`) is split at its markers
 *   ({@link splitRunInItems}): one line of 03 (card 四(三)2), whose （4） the PDF prints on a line of its own.
 *
 * Measured on 03: 145 of 145 cards; every card's 依据文件, 发文机构 and date; 111 发文字号 (34 cards write `/`), 140
 * 工具分类 and 140 服务对象 (the other 5 have no such row; 138 tools before a row pasted into its audience was taken
 * apart); 135 contacts (10 values are lost in extraction). Field boundaries were checked by eye on the cards around 专精特新 and on every card whose fields came
 * out unusual; a few clauses still land in the neighbouring field where a cell spans pages.
 */
import type { ParagraphSource, ParsedParagraph, SectionHeading } from '../types.js';
import { dice, bigrams } from './duplicates.js';
import { analyzeFrame, isOrganizationLine, parseDateLine, findPlanPeriod, type TextMeta } from './metadata.js';
import { placeFields, resolvePlace } from './places.js';
import { canonical, contentLength } from './normalize.js';
import { assembleParagraphs } from './paragraphs.js';
import { endsSentence, isPageNumberLine, isTableOfContentsLine, joinWrapped, startsHeading } from './pdf-fixups.js';
import { MAX_HEADING_CHARS } from './sentences.js';
import { isTableRow, parseHeading } from './structure.js';

/** The fields of a card. The first six are its header (the policy it cites); the rest are text. */
export type CardField = keyof ParagraphSource | 'content' | 'conditions' | 'procedure' | 'period' | 'contact';

/** Labels of each field as compendiums write them, the usual one first (it names the field in section paths). */
export const CARD_LABELS: Readonly<Record<CardField, readonly string[]>> = {
  basis: ['依据文件', '政策依据', '文件依据'],
  issuer: ['发文机构', '发文机关', '发文单位'],
  docNumber: ['发文字号', '文号'],
  date: ['发布日期', '发文时间', '发布时间', '印发日期', '成文日期'],
  tool: ['工具分类', '政策工具'],
  audience: ['服务对象', '支持对象', '适用对象', '申报对象'],
  content: ['服务内容', '支持内容', '政策内容'],
  conditions: ['条件要求', '申报条件', '申请条件'],
  procedure: ['办理流程', '服务流程', '申报流程', '申请流程'],
  period: ['时间/频度', '时间频度'],
  contact: ['联络方式', '联系方式'],
};

/** Every label of a card's fields (服务内容, 条件要求 …): where a card clause's path leaves its card. */
const CARD_FIELD_LABELS = new Set(Object.values(CARD_LABELS).flat());

/** A compendium clause's path down to its card's title: the field (服务内容 …) and what is under it left off. */
export function cardPath(path: readonly string[]): string[] {
  const field = path.findIndex((s) => CARD_FIELD_LABELS.has(s));
  return field > 0 ? path.slice(0, field) : [...path];
}

/** Whether a clause's path lies in a card's 时间/频度 field (when the policy runs, and for how long). */
export function inPeriodField(path: readonly string[]): boolean {
  return path.some((s) => CARD_LABELS.period.includes(s));
}

/**
 * Whether a clause's path lies in a card's 条件要求 or 办理流程 field: who qualifies (注册满1年, 研发投入占比不低于3%,
 * 不适用…) and how to apply (在线填写申报书→评审立项→公示), not what the policy grants. 850 of 03's 1,829 clauses.
 */
export function inApplicationField(path: readonly string[]): boolean {
  return path.some((s) => CARD_LABELS.conditions.includes(s) || CARD_LABELS.procedure.includes(s));
}

const HEADER_FIELDS: readonly (keyof ParagraphSource)[] = ['basis', 'issuer', 'docNumber', 'date', 'tool', 'audience'];
/** Short fields after the text: one value each, kept as a clause with its label. */
const FOOTER_FIELDS: readonly CardField[] = ['period', 'contact'];
const TEXT_FIELDS: readonly CardField[] = ['content', 'conditions', 'procedure'];

const isHeaderField = (f: CardField): f is keyof ParagraphSource => (HEADER_FIELDS as readonly string[]).includes(f);

/** Label (whitespace removed) → field. */
const LABEL_FIELD = new Map<string, CardField>(
  (Object.entries(CARD_LABELS) as [CardField, readonly string[]][]).flatMap(([field, labels]) => labels.map((l) => [l, field] as const)),
);
/** Labels longest first, so 时间/频度 wins over a shorter label it contains. */
const LABELS = [...LABEL_FIELD.keys()].sort((a, b) => b.length - a.length);

/** A card number opening its title: `8.北京市…`, `12．…`, `3、…`. */
const CARD_NUMBER = /^(\d{1,3})\s*[.．、]\s*(?![\d.．])\S/u;
/** Top-level numbering that restarts a field's list: `1．`, `1.`, `1、`, `一、`, `（一）`. */
const RESTART = /^(?:1\s*[.．、](?!\d)|一、|[（(]一[)）])/u;
const SENTENCE_END = /[。；;：:！？!?]$/u;
/** The number of an item `N．` / `N.` / `N、` opening a unit (0 when it opens none). */
function itemNumber(text: string): number {
  const m = /^(\d{1,2})\s*[.．、](?!\d)/u.exec(text);
  return m ? Number(m[1]) : 0;
}

/** A numbered item's heading alone on its line (`2．支持新型基础设施建设`): its text follows on the next line. */
function isItemHeading(text: string): boolean {
  return itemNumber(text) > 0 && contentLength(text) <= 30 && !/[。；;，,：:]/u.test(text);
}

/** An item that continues a list (`2．`, `（3）`, `二、`): a field never starts there. */
const CONTINUES_LIST = /^(?:(?:[2-9]|\d{2,})\s*[.．、](?!\d)|[（(]\s*(?:[2-9]|\d{2,}|[二三四五六七八九十]+)\s*[)）]|[二三四五六七八九十]+、)/u;

/** The first item of a list nested in a numbered item: `（1）`, `(1)`. */
const FIRST_SUB_ITEM = /^[（(]\s*1\s*[)）]/u;

/** Where a label was found on a line. */
interface LabelMark {
  line: number;
  field: CardField;
  /** `exact`: the line (or cell) is only the label; `prefix`/`suffix`: glued to value text on its line. */
  kind: 'exact' | 'prefix' | 'suffix';
}

const squeeze = (s: string) => s.replace(/\s+/gu, '');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&');
/** Each label as a pattern that tolerates spaces between its characters, at the start and at the end of a cell. */
const LABEL_AT_START = LABELS.map((l) => ({ label: l, re: new RegExp(`^${[...l].map(escape).join('\\s*')}\\s*[:：]?\\s*`, 'u') }));
const LABEL_AT_END = LABELS.filter((l) => TEXT_FIELDS.includes(LABEL_FIELD.get(l)!)).map((l) => ({ label: l, re: new RegExp(`\\s*${[...l].map(escape).join('\\s*')}$`, 'u') }));

function cellsOf(line: string): string[] {
  return line.split('|').map((c) => c.trim()).filter((c) => c !== '');
}

/** What a cell holds: a label alone, a label with its value glued after it, or a value ending in a text label. */
function readCell(cell: string, row: boolean): { field: CardField; kind: LabelMark['kind']; value: string } | { field: null; value: string } {
  const exact = LABEL_FIELD.get(squeeze(cell));
  if (exact) return { field: exact, kind: 'exact', value: '' };
  for (const { label, re } of LABEL_AT_START) {
    const m = re.exec(cell);
    if (!m) continue;
    // Glued to its value only inside a row (`工具分类 | 资金支持 | 服务对象国家…`) or before a colon (`依据文件：…`).
    if (row || /[:：]\s*$/u.test(m[0])) return { field: LABEL_FIELD.get(label)!, kind: 'prefix', value: cell.slice(m[0].length) };
    break;
  }
  // A text label ending an unfinished line (`…及时结算补办理流程`): the label cell shared the line's baseline.
  if (!row && parseHeading(cell) === null) {
    for (const { label, re } of LABEL_AT_END) {
      const m = re.exec(cell);
      if (!m) continue;
      const rest = cell.slice(0, m.index);
      if (contentLength(rest) >= 2 && !SENTENCE_END.test(rest)) return { field: LABEL_FIELD.get(label)!, kind: 'suffix', value: rest };
    }
  }
  return { field: null, value: cell };
}

/**
 * Labels by line text: a book asks about each line several times (≈ 30 label patterns per cell). The cache lives
 * for one call of `isCompendium` / `parseCompendium` only: a module-level one kept the lines of every text parsed,
 * a confidential draft's among them (test/integration/draft-confidential.test.ts found it).
 */
let labelCache: Map<string, Omit<LabelMark, 'line'>[]> | null = null;

function withLabelCache<T>(run: () => T): T {
  if (labelCache) return run();
  labelCache = new Map();
  try {
    return run();
  } finally {
    labelCache = null;
  }
}

/** The labels on one line. */
function labelsOn(line: string, index: number): LabelMark[] {
  let found = labelCache?.get(line);
  if (!found) {
    const cells = cellsOf(line);
    found = [];
    for (const cell of cells) {
      const c = readCell(cell, cells.length > 1);
      if (c.field) found.push({ field: c.field, kind: c.kind });
    }
    labelCache?.set(line, found);
  }
  return found.map((m) => ({ ...m, line: index }));
}

/** A line's value cells, labels removed. */
function valueCells(line: string): string[] {
  const cells = cellsOf(line);
  return cells.map((cell) => readCell(cell, cells.length > 1).value).filter((v) => v !== '');
}

/**
 * Cells that are pieces of a label a wrapped cell broke up (`服务` … `对象`): pairs that make one of `labels`
 * when read in order, each cell used once, the labels tried in order.
 */
function labelFragments(cells: readonly string[], labels: readonly string[]): Set<number> {
  const used = new Set<number>();
  for (const label of labels) {
    for (let i = 0; i < cells.length; i++) {
      if (used.has(i) || !label.startsWith(squeeze(cells[i]!)) || squeeze(cells[i]!) === label) continue;
      const j = cells.findIndex((c, k) => k > i && !used.has(k) && squeeze(cells[i]!) + squeeze(c) === label);
      if (j > 0) {
        used.add(i).add(j);
        break;
      }
    }
  }
  return used;
}

/** How the book is laid out: label marks by line, and where cards start. */
interface Scan {
  marks: LabelMark[];
  /** Marks opening a card: a header label not preceded by another header label. */
  anchors: LabelMark[];
}

function scan(lines: readonly string[]): Scan {
  const marks = lines.flatMap((l, i) => (l === '' ? [] : labelsOn(l, i)));
  const anchors = marks.filter((m, k) => isHeaderField(m.field) && (k === 0 || !isHeaderField(marks[k - 1]!.field)));
  return { marks, anchors };
}

function looksLikeCompendium(s: Scan): boolean {
  if (s.anchors.length < 3) return false;
  const counts = new Map<CardField, number>();
  for (const m of s.marks) counts.set(m.field, (counts.get(m.field) ?? 0) + 1);
  return HEADER_FIELDS.filter((f) => (counts.get(f) ?? 0) >= 3).length >= 3;
}

/**
 * Is this text a compendium of policy cards (many repeated blocks of card header labels)?
 * @example isCompendium(['依据文件 | 《A》', '发文机构 | 甲', '发文字号 | /', …three cards…]) // true
 */
export function isCompendium(lines: readonly string[]): boolean {
  return withLabelCache(() => detectCompendium(lines));
}

function detectCompendium(lines: readonly string[]): boolean {
  return looksLikeCompendium(scan(lines));
}

// ---------------------------------------------------------------------------------------------------------------
// Values

/** `2023-09-26`, `2023.9.26`, `2023年9月26日` → ISO; anything else as written. */
function cardDate(value: string): string {
  // A card citing several policies gives each one's date (2023-10-25/2023-11-17): every one is kept, in order, since
  // the first alone dated the later policies wrongly (73 of 03's clauses).
  const dates = [...value.matchAll(/(\d{4})\s*[-.年]\s*(\d{1,2})(?:\s*[-.月]\s*(\d{1,2}))?/gu)].map(isoDate);
  if (dates.length > 1 && dates.every((d): d is string => d !== null)) return dates.join('/');
  const m = /(\d{4})\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2}))?/u.exec(value);
  return (m && isoDate(m)) ?? value;
}

/** A matched year, month and optional day as an ISO date, or null when the month or day cannot be. */
function isoDate(m: RegExpMatchArray | RegExpExecArray): string | null {
  const [y, mo, d] = [Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : null];
  if (mo < 1 || mo > 12 || (d !== null && (d < 1 || d > 31))) return null;
  return `${y}-${String(mo).padStart(2, '0')}${d === null ? '' : `-${String(d).padStart(2, '0')}`}`;
}

/** A value as the card writes it, or null for an empty field or a placeholder (`/`, `无`, `—`). */
function cleanValue(value: string): string | null {
  const v = value.trim();
  return v === '' || /^[/／\\—–\-－无暂无]+$/u.test(v) ? null : v;
}

const join = (parts: readonly string[]) => parts.reduce((a, b) => joinWrapped(a, b), '');

/**
 * A short numbered line without a comma or sentence end: a heading (`1．支持专业化园区运营服务机构发展`, `（一）资金支持`),
 * not a wrapped sentence. Cell lines run 30–36 characters in 03; after its number a heading holds at most
 * {@link MAX_HEADING_CHARS}, the sentence splitter's bound.
 */
const isCellHeading = (line: string) => {
  const h = parseHeading(line);
  return h !== null && contentLength(line.trim().slice(h.label.length)) <= MAX_HEADING_CHARS && !/[，,；;]/u.test(line);
};

/**
 * A text cell's lines as sentences. The reader joins wrapped lines where they reach the page's right margin, but a
 * card's text sits in a table cell that ends well before it, so its wrapped lines come through one by one
 * (`（2）运营服务机构应与所在区政府、分园管理机构或其他相关职能单位签` / `订合作协议、明确绩效目标，…`), and each
 * piece became a clause or, opening with a number, a heading: 571 of 03's headings were such pieces. A line is
 * joined to the next when it ends no sentence, is not an item's heading, and the next line opens no item; a blank
 * line always separates.
 */
export function joinCellWraps(lines: readonly string[]): string[] {
  const out: string[] = [];
  let open = false;
  for (const line of lines) {
    const t = line.trim();
    if (t === '') {
      out.push(line);
      open = false;
      continue;
    }
    if (open && !startsHeading(t)) out[out.length - 1] = joinWrapped(out[out.length - 1]!, t);
    else out.push(line);
    const last = out[out.length - 1]!;
    open = !endsSentence(last) && !isCellHeading(last) && !isTableRow(last);
  }
  return out;
}

/** An item marker in running text: `（2）`, `(2)`, or `2．` / `2.` / `2、` not followed by a digit. */
const RUN_IN_MARKER = /[（(]\s*(\d{1,2})\s*[)）]|(?<!\d)(\d{1,2})\s*[.．、](?!\d)/gu;

/**
 * A list its lead-in runs into on one line, `…其应同时具备以下条件：（1）在…登记的机构或单位；（2）对申报项目…；（3）…；`,
 * as lines of their own: the lead-in, then one item each, as the book prints its other lists (and this list's own （4）
 * on the next line). Only where the markers show it: the first, （1） or 1．, right after the lead-in's ：, each next
 * one numbered in turn in the same form right after a ；or 。, two items at least; anything else stays one line.
 * In 03 one line runs items in (北京 card 四(三)2's 3．, README Limits: its three conditions were one clause).
 */
export function splitRunInItems(line: string): string[] {
  const marks = [...line.matchAll(RUN_IN_MARKER)].map((m) => ({ at: m.index, n: Number(m[1] ?? m[2]), form: m[1] !== undefined ? 'paren' : 'dot' }));
  const first = marks.findIndex((m) => m.n === 1 && /[:：]\s*$/u.test(line.slice(0, m.at)));
  if (first < 0) return [line];
  const cuts = [marks[first]!];
  for (const m of marks.slice(first + 1)) {
    const last = cuts[cuts.length - 1]!;
    if (m.n === last.n + 1 && m.form === last.form && /[；;。]\s*$/u.test(line.slice(last.at, m.at))) cuts.push(m);
  }
  if (cuts.length < 2) return [line];
  const pieces = [line.slice(0, cuts[0]!.at), ...cuts.map((c, i) => line.slice(c.at, cuts[i + 1]?.at ?? line.length))];
  return pieces.map((p) => p.trim()).filter((p) => p !== '');
}

/** A short category value (资金支持, 政策支持、资金支持), not a sentence. */
const isToolLike = (s: string) => contentLength(s) <= 8 && !/[，。；：,;:]/u.test(s);

/**
 * The header values of a card from its header blocks (blank-separated groups of lines holding header labels).
 * A block with one field takes all its value text (lines above and below a standalone label included). In a block
 * of several fields (the 工具分类 / 服务对象 row) each value cell follows its label — unless a wrapped row broke a
 * label into fragments; then the short cells are the tool category and the rest the audience, in reading order.
 */
function headerValues(lines: readonly string[], blocks: readonly { from: number; to: number; fields: CardField[] }[]): ParagraphSource {
  const source: ParagraphSource = { basis: null, issuer: null, docNumber: null, date: null, tool: null, audience: null };
  for (const block of blocks) {
    const fields = [...new Set(block.fields)].filter(isHeaderField);
    const blockLines = lines.slice(block.from, block.to).filter((l) => l !== '');
    if (fields.length === 1 && fields[0] !== 'tool') {
      source[fields[0]!] ??= cleanValue(join(blockLines.flatMap((l) => valueCells(l))));
      continue;
    }
    const whole = blockLines.flatMap((l) => labelsOn(l, 0)).map((m) => m.field);
    if (!fields.includes('tool')) {
      const values = positionalValues(blockLines);
      for (const f of fields) source[f] ??= cleanValue(join(values.get(f) ?? []));
      continue;
    }
    // The 工具分类 / 服务对象 row: positional while the tool cells are categories; when a wrapped row put
    // sentence cells under the tool (or broke a label into fragments), short cells are the tool, the rest the audience.
    if (fields.every((f) => whole.includes(f))) {
      const values = positionalValues(blockLines);
      if ((values.get('tool') ?? []).every(isToolLike)) {
        for (const f of fields) source[f] ??= cleanValue(join(values.get(f) ?? []));
        continue;
      }
    }
    // Tool pieces stand in the row's cells, beside a label or its fragments; a line of one cell is the audience's.
    const all = blockLines.flatMap((l) => {
      const cells = valueCells(l);
      const row = cellsOf(l).length > 1;
      return cells.map((text) => ({ text, row }));
    });
    const fragments = labelFragments(all.map((c) => c.text), [...CARD_LABELS.audience, ...CARD_LABELS.tool]);
    const cells = all.filter((_, i) => !fragments.has(i));
    const tool = new Set(cells.filter((c) => c.row && isToolLike(c.text)));
    mendWrappedTool(cells, tool);
    source.tool ??= cleanValue(join(cells.filter((c) => tool.has(c)).map((c) => c.text)));
    const other = fields.find((f) => f !== 'tool') ?? 'audience';
    source[other] ??= cleanValue(join(cells.filter((c) => !tool.has(c)).map((c) => c.text)));
  }
  if (source.date) source.date = cardDate(source.date);
  return source;
}

/**
 * A tool cell wrapped around its row, its first and last lines standing above and below the row among the audience's
 * (北京 p1187: 项目支 / 工具分类 | 持、资金 | 服务对象 / … / 支持 is 项目支持、资金支持): a one-character first item
 * continues a short cell before the row, and a last item that a short cell after the row makes …支持 continues into
 * it. Those cells join the tool (`tool`, changed in place); the rest stay the audience's. Categories of this book end in
 * 支持 or are whole words (资质认定, 市场准入); a one-character item is none.
 */
function mendWrappedTool(cells: readonly { text: string; row: boolean }[], tool: Set<{ text: string; row: boolean }>): void {
  const inTool = cells.filter((c) => tool.has(c));
  if (!inTool.length) return;
  const first = cells.indexOf(inTool[0]!);
  const last = cells.indexOf(inTool.at(-1)!);
  const items = (text: string) => text.split(/[、，,]/u).map((x) => x.trim()).filter(Boolean);
  if ([...(items(inTool[0]!.text)[0] ?? '')].length === 1) {
    const before = cells.slice(0, first).reverse().find((c) => !c.row && isToolLike(c.text));
    if (before) tool.add(before);
  }
  const tail = items(inTool.at(-1)!.text).at(-1) ?? '';
  const after = cells.slice(last + 1).find((c) => !c.row && contentLength(c.text) <= 3 && !/支持$/u.test(tail) && `${tail}${c.text}`.endsWith('支持'));
  if (after) tool.add(after);
}

/** The tool categories a book's cards name (资金支持, 政策支持 …): each item of every 工具分类 read. */
function toolCategories(sources: readonly ParagraphSource[]): Set<string> {
  return new Set(sources.flatMap((s) => (s.tool ?? '').split('、').map((x) => x.trim())).filter((x) => x !== '' && isToolLike(x)));
}

/**
 * A 工具分类 / 服务对象 row the layout pasted into the audience's wrapped lines: a card with no tool whose audience
 * holds its own label inside, right after a category the book's other cards name (北京 03 card 一、22:
 * …提升产业创新资金支持服务对象效率…; card 三、2: …且被纳资金支持服务对象入《…》…). The row's cells stand less than a
 * character apart (0.94–0.99 em where 1 em separates cells, measured on 03's PDF), so the category and the label came
 * through as one piece, set among the audience's lines on either side of it. The categories before the label are the
 * tool, and the audience is its text on both sides without them. A category no other card names is not taken: the
 * card keeps what it read.
 */
function unpasteToolRow(source: ParagraphSource, categories: ReadonlySet<string>): ParagraphSource {
  if (source.tool !== null || source.audience === null || categories.size === 0) return source;
  const category = [...categories].sort((a, b) => b.length - a.length).map(escape).join('|');
  const labels = CARD_LABELS.audience.map((l) => [...l].map(escape).join('\\s*')).join('|');
  const m = new RegExp(`((?:(?:${category})、)*(?:${category}))\\s*(?:${labels})`, 'u').exec(source.audience);
  if (!m) return source;
  return { ...source, tool: m[1]!, audience: cleanValue(joinWrapped(source.audience.slice(0, m.index), source.audience.slice(m.index + m[0].length))) };
}

/** Each value cell belongs to the label before it; cells before any label belong to the first. */
function positionalValues(blockLines: readonly string[]): Map<CardField, string[]> {
  const values = new Map<CardField, string[]>();
  const pending: string[] = [];
  let current: CardField | null = null;
  for (const line of blockLines) {
    const cells = cellsOf(line);
    for (const cell of cells) {
      const c = readCell(cell, cells.length > 1);
      if (c.field && c.kind !== 'suffix') {
        current = c.field;
        if (!values.has(current)) values.set(current, pending.splice(0));
      }
      if (c.value === '') continue;
      if (current) values.get(current)!.push(c.value);
      else pending.push(c.value);
    }
  }
  return values;
}

// ---------------------------------------------------------------------------------------------------------------
// Text fields

/** A non-blank line of a card's text region, with its extent in characters from the region's start. */
interface Unit {
  /** `''` for a blank line (kept: blank lines separate clauses). */
  text: string;
  start: number;
}

/**
 * Assign the lines `from`–`to` of a card (header and footer blocks already blanked) to its text fields. A label's
 * position is where it stands in the running text, in characters: between two units for a label on its own line,
 * mid-unit for a label on a unit's line. The fields run in the order of their labels; the text before the first
 * label belongs to the first field. Returns each field's lines, labels removed.
 */
function splitTextFields(lines: readonly string[], from: number, to: number): { field: CardField; lines: string[] }[] {
  const units: Unit[] = [];
  const positions: { field: CardField; at: number }[] = [];
  let offset = 0;
  for (let i = from; i < to; i++) {
    const line = lines[i]!;
    if (line === '') {
      units.push({ text: '', start: offset });
      continue;
    }
    const marks = labelsOn(line, i).filter((m) => TEXT_FIELDS.includes(m.field));
    const text = join(valueCells(line));
    const length = [...text].length;
    for (const m of marks) positions.push({ field: m.field, at: offset + length / 2 });
    if (text === '') continue;
    units.push({ text, start: offset });
    offset += length;
  }
  // One position per field in order; a label printed twice in a row (a cell split by a page) counts at its mean.
  const fields: { field: CardField; at: number }[] = [];
  for (const p of positions) {
    const last = fields[fields.length - 1];
    if (last?.field === p.field) last.at = (last.at + p.at) / 2;
    else if (!fields.some((f) => f.field === p.field)) fields.push({ ...p });
  }
  if (fields.length === 0) fields.push({ field: 'content', at: 0 });

  const texts = units.filter((u) => u.text !== '');
  /** Whether `u` continues the line before it (no blank between, that line ends no sentence, `u` opens no item). */
  const wrapsInto = (u: Unit): boolean => {
    const before = units[units.indexOf(u) - 1];
    return !!before && before.text !== '' && !endsSentence(before.text) && !isCellHeading(before.text) && !startsHeading(u.text);
  };
  /**
   * Whether `texts[i]` is a numbered item the card printed before: 条件要求 repeats 服务内容's item titles
   * (`5．支持开展出入境高风险特殊物品风险评估工作。`) over their own conditions, so the text after it is that item's, though
   * its 。 makes it no {@link isItemHeading}. 北京 card 四(二)24's last condition had gone to 办理流程 (README Limits).
   */
  const repeatsItem = (i: number): boolean => {
    const t = texts[i]?.text ?? '';
    return itemNumber(t) > 0 && texts.slice(0, i).some((u) => u.text === t);
  };
  /** Where a field may end: before a list restart, or before an unnumbered unit — never inside a running list. */
  const cutAt = (from: number, to: number, estimate: number, fieldStart = 0): number => {
    const restarts = texts.filter((u) => RESTART.test(u.text) && u.start > from && u.start < to);
    const last = restarts.at(-1);
    if (last) {
      // A list's lead-in (`…应当具备以下条件：`) goes with its list.
      const lead = texts[texts.indexOf(last) - 1];
      if (!lead || lead.start <= from || !/[:：]$/u.test(lead.text)) return last.start;
      // The lead-in's own first line, when it wraps (…北京市重点产业发 / 展规划，并符合下列条件之一：).
      let k = texts.indexOf(lead);
      while (k > 0 && wrapsInto(texts[k]!) && texts[k - 1]!.start > from) k--;
      return texts[k]!.start;
    }
    const inRange = texts.filter((u) => u.start >= from && u.start <= to);
    // A field does not start inside a running list: not at an item that continues one (`3．` after `2．`), not
    // between an item's heading line and its text, and not where the items after it continue those before it.
    const clean = inRange.filter((u) => {
      const i = texts.indexOf(u);
      const prev = texts[i - 1];
      if (CONTINUES_LIST.test(u.text) || (prev && (isItemHeading(prev.text) || repeatsItem(i - 1)))) return false;
      // Nor at a list's first sub-item under its item (`3．支持实施首都科技创新券。` / `（1）…`), nor right after a
      // lead-in (`（1）申请科技创新券的小微企业需满足以下条件：` / its text).
      if (prev && ((itemNumber(prev.text) > 0 && FIRST_SUB_ITEM.test(u.text)) || /[:：]$/u.test(prev.text))) return false;
      // Nor inside a sentence wrapped over two lines with the label beside them (…北京市重点产业发 / 展规划…).
      if (wrapsInto(u)) return false;
      const before = new Set(texts.slice(0, i).filter((x) => x.start >= fieldStart).map((x) => itemNumber(x.text)).filter((n) => n > 0));
      return !texts.slice(i).some((x) => x.start < to && before.has(itemNumber(x.text) - 1));
    });
    const candidates = (clean.length ? clean : inRange).map((u) => u.start);
    return candidates.length ? candidates.reduce((a, b) => (Math.abs(b - estimate) < Math.abs(a - estimate) ? b : a)) : from;
  };
  // A card whose first label is not 服务内容 may have lost that label: text well above the first label's centre is
  // the content.
  if (fields[0]!.field !== 'content' && !fields.some((f) => f.field === 'content')) {
    const first = fields[0]!;
    const end = fields[1]?.at ?? offset;
    const cut = cutAt(0, first.at, 2 * first.at - end);
    if (cut > 0 && texts.some((u) => u.start < cut)) fields.unshift({ field: 'content', at: -1 });
  }
  const cuts: number[] = [0];
  for (let k = 0; k + 1 < fields.length; k++) {
    const here = fields[k]!.at;
    const next = fields[k + 1]!.at;
    if (here < 0) {
      // The inferred first field ends where centring around the next label says that field begins.
      const end = fields[k + 2]?.at ?? offset;
      cuts.push(cutAt(0, next, 2 * next - end));
      continue;
    }
    // Centred label: the field ends as far after its label as it began before it.
    const estimate = Math.min(Math.max(2 * here - cuts[k]!, here), next);
    cuts.push(Math.max(cutAt(here, next, estimate, cuts[k]!), cuts[k]!));
  }
  const out = fields.map((f) => ({ field: f.field, lines: [] as string[] }));
  for (const u of units) {
    // A unit starting at a cut opens the next field; a blank line there still closes the previous one.
    const k = cuts.filter((c, i) => i > 0 && (u.text === '' ? c < u.start : c <= u.start)).length;
    out[k]!.lines.push(u.text);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Cards

export interface Card {
  /** The card's title as its numbered heading gives it, e.g. `8.北京市关于提升“专精特新”中小企业技术创新能力`. */
  title: string;
  /** Part headings above it, e.g. `['三、先进制造业篇']` or `['四、现代服务业篇', '（一）金融服务业']`. */
  parts: string[];
  source: ParagraphSource;
  /** Text fields with their lines, in order (服务内容, 条件要求, 办理流程, then 时间/频度 and 联络方式). */
  fields: { field: CardField; label: string; lines: string[] }[];
}

export interface CompendiumParse {
  meta: TextMeta;
  sections: SectionHeading[];
  paragraphs: ParsedParagraph[];
  removed: { line: string; rule: string }[];
  cards: Card[];
}

/** A year alone on a line (`二〇二四年`, `2024年`), as a compendium's cover dates itself. */
function parseYearLine(line: string): string | null {
  const s = line.trim();
  const arabic = /^(\d{4})\s*年?$/u.exec(s);
  const chinese = /^([〇零一二三四五六七八九]{4})\s*年$/u.exec(s);
  const digits = '〇一二三四五六七八九';
  const year = arabic ? Number(arabic[1]) : chinese ? Number([...chinese[1]!].map((c) => (c === '零' ? 0 : digits.indexOf(c))).join('')) : NaN;
  return year >= 1949 && year <= 2100 ? String(year) : null;
}

/** Title, issuer and date from the cover: title lines, then an issuing body, then a date or a year. */
function readCover(front: readonly string[]): { title: string | null; issuer: string | null; date: string | null; lines: number } {
  const titleLines: string[] = [];
  let issuer: string | null = null;
  let date: string | null = null;
  let used = 0;
  for (let i = 0; i < front.length; i++) {
    const line = front[i]!;
    if (line === '') continue;
    if (/[。；;！？]/u.test(line) || contentLength(line) > 40 || /^(?:前言|序言|序|说明|目录|编写说明)$/u.test(squeeze(line))) break;
    // An issuer and the year the layout joined on one line: `某市发展和改革委员会二〇二四年`.
    const joined = /^(.+?)((?:[〇零一二三四五六七八九]{4}|\d{4})\s*年.*)$/u.exec(line);
    if (joined && isOrganizationLine(joined[1]!) && (parseDateLine(joined[2]!) ?? parseYearLine(joined[2]!))) {
      issuer ??= joined[1]!;
      date ??= parseDateLine(joined[2]!) ?? parseYearLine(joined[2]!);
      used = i + 1;
      continue;
    }
    const d = parseDateLine(line) ?? parseYearLine(line);
    if (d) {
      date ??= d;
      used = i + 1;
      continue;
    }
    if (isOrganizationLine(line)) {
      issuer ??= line;
      used = i + 1;
      continue;
    }
    if (issuer || date) break;
    titleLines.push(line);
    used = i + 1;
  }
  return { title: titleLines.length ? join(titleLines) : null, issuer, date, lines: used };
}

/**
 * Split the lines after a card number into its title's wrapped tail and the printed repeat of the title: the split
 * whose title reads most like the repeat (character-bigram Dice). No repeat at all only when every line is a short
 * wrapped piece.
 */
function splitTitle(numbered: string, after: readonly string[]): { title: string; repeat: string[] } {
  const head = numbered.replace(/^\d{1,3}\s*[.．、]\s*/u, '');
  const short = after.every((l) => contentLength(l) * 2 <= contentLength(head));
  let best = { k: 0, score: -1 };
  for (let k = 0; k <= after.length; k++) {
    const repeat = join(after.slice(k));
    const score = repeat === '' ? (short ? 0.3 : 0) : dice(bigrams(canonical(join([head, ...after.slice(0, k)]))), bigrams(canonical(repeat)));
    if (score > best.score) best = { k, score };
  }
  return { title: join([numbered, ...after.slice(0, best.k)]), repeat: after.slice(best.k) };
}

/** Is the line a label alone (its value may then sit on the lines above and below it)? */
function standsAlone(line: string): boolean {
  return LABEL_FIELD.has(squeeze(line));
}

/** Does the line hold a header or footer label (any field but the text fields)? */
function holdsShortLabel(line: string): boolean {
  return labelsOn(line, 0).some((m) => !TEXT_FIELDS.includes(m.field));
}

/** May the line be a wrapped piece of a short field's value: no label of a text field, no list item, no sentence end? */
function continuesValue(line: string): boolean {
  return labelsOn(line, 0).every((m) => !TEXT_FIELDS.includes(m.field)) && parseHeading(line) === null && !/[。；;]$/u.test(line.trim());
}

/**
 * The last wrapped piece of a short field's value, which ends its sentence: the block's last line (a blank or the card's
 * end after it), short, no label of a text field, no heading. 服务对象's …中小微企业，以及 / 本市范围内的担保机构。 had lost
 * its end, and the end became a 服务内容 clause of its own (seventeenth session's exports audit).
 */
function endsValue(lines: readonly string[], at: number, to: number): boolean {
  const line = lines[at]!;
  return (at + 1 >= to || lines[at + 1] === '') && /[。；;]$/u.test(line.trim()) && contentLength(line) <= 30 && continuesValue(line.trim().replace(/[。；;]$/u, ''));
}

/** A preface's heading on its own line. */
const PREFACE = /^(?:前言|序言|序|编写说明|说明)$/u;

/** A part heading of the book: `三、先进制造业篇`, `（一）金融服务业` — short, no sentence. */
function partHeading(line: string): { level: number; title: string } | null {
  const h = parseHeading(line);
  if (!h || (h.level !== 1 && h.level !== 2) || h.rest !== '' || contentLength(line) > 20 || /[，。；：,;:]/u.test(line)) return null;
  return { level: h.level, title: line.trim() };
}

/**
 * Parse a compendium into its cover metadata, front matter and cards; null when the text is not one.
 * @example parseCompendium(lines, [])?.cards[0]?.source.basis // '《北京市关于促进“专精特新”中小企业高质量发展的若干措施》'
 */
export function parseCompendium(input: readonly string[], info: readonly string[] = []): CompendiumParse | null {
  return withLabelCache(() => parseCards(input, info));
}

function parseCards(input: readonly string[], info: readonly string[]): CompendiumParse | null {
  const removed: { line: string; rule: string }[] = [];
  // Contents entries and page numbers are furniture, wherever the text came from.
  const lines = input.map((l) => {
    if (l === '') return l;
    const rule = isPageNumberLine(l) ? 'page-number' : isTableOfContentsLine(l) || squeeze(l) === '目录' ? 'table-of-contents' : null;
    if (!rule) return l;
    removed.push({ line: l, rule });
    return '';
  });
  const s = scan(lines);
  if (!looksLikeCompendium(s)) return null;
  const n = s.anchors.length;
  /** The marks on lines [from, to), by binary search (marks are in line order). */
  const firstMarkAt = (line: number) => {
    let lo = 0;
    let hi = s.marks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s.marks[mid]!.line < line) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const marksIn = (from: number, to: number) => s.marks.slice(firstMarkAt(from), firstMarkAt(to));

  /** A card's header and footer blocks: blank-separated groups of lines holding a short field's label. */
  const cardBlocks = (from: number, to: number) => {
    const blocks: { from: number; to: number; fields: CardField[] }[] = [];
    for (const m of marksIn(from, to)) {
      if (TEXT_FIELDS.includes(m.field)) continue;
      // The block runs over adjacent lines that hold short-field labels or a value's wrapped pieces. Above the
      // card's first label nothing is taken (headerStart), and a footer row takes lines above it only when its label
      // stands alone (`…：5557` / `联络方式`): a row right after text does not take that text.
      const takesAbove = isHeaderField(m.field) || standsAlone(lines[m.line]!);
      let a = m.line;
      let b = m.line + 1;
      while (a > from && lines[a - 1] !== '' && (holdsShortLabel(lines[a - 1]!) || (takesAbove && continuesValue(lines[a - 1]!)))) a--;
      while (b < to && lines[b] !== '' && (holdsShortLabel(lines[b]!) || continuesValue(lines[b]!) || endsValue(lines, b, to))) b++;
      const block = blocks.find((x) => a < x.to && b > x.from);
      if (block) {
        block.fields.push(m.field);
        block.from = Math.min(block.from, a);
        block.to = Math.max(block.to, b);
      } else blocks.push({ from: a, to: b, fields: [m.field] });
    }
    return blocks;
  };

  // Where each card's header begins: the blank-separated block holding its first label (a value may sit above it).
  const headerStart = s.anchors.map((a) => {
    let i = a.line;
    if (!standsAlone(lines[a.line]!)) return i;
    while (i > 0 && lines[i - 1] !== '' && a.line - i < 3 && !CARD_NUMBER.test(lines[i - 1]!) && labelsOn(lines[i - 1]!, 0).length === 0) i--;
    return i;
  });
  // Each card's last label line: the next card's title comes after it.
  const lastLabel = headerStart.map((start, k) => {
    const end = k + 1 < n ? headerStart[k + 1]! : lines.length;
    return marksIn(start, end).at(-1)?.line ?? start;
  });

  // Each card's title (and the part headings above it) sits between the previous card's last label and its header.
  const titles = headerStart.map((hi, k) => {
    const lo = k === 0 ? 0 : lastLabel[k - 1]! + 1;
    const nonBlank: number[] = [];
    for (let i = hi - 1; i >= lo && nonBlank.length < 8; i--) if (lines[i] !== '') nonBlank.push(i);
    const numbered = nonBlank.find((i) => CARD_NUMBER.test(lines[i]!));
    const at = numbered ?? nonBlank[0] ?? hi;
    const after: number[] = [];
    for (let i = at + 1; i < hi; i++) if (lines[i] !== '') after.push(i);
    const split = numbered !== undefined ? splitTitle(lines[at]!, after.map((i) => lines[i]!)) : { title: lines[at] ?? '', repeat: after.map((i) => lines[i]!) };
    const parts: { level: number; title: string }[] = [];
    let start = at;
    for (let i = at - 1; i >= lo; i--) {
      if (lines[i] === '') continue;
      const h = partHeading(lines[i]!);
      if (!h) break;
      parts.unshift(h);
      start = i;
    }
    return { start, title: split.title, parts, repeat: after.slice(after.length - split.repeat.length) };
  });

  // The front matter: the cover (the book's own title, issuer and year), then a preface.
  const front = lines.slice(0, titles[0]!.start);
  const cover = readCover(front);
  const frame = analyzeFrame(front, [...info]);
  const title = cover.title ?? frame.meta.title;
  const issuer = cover.issuer ?? frame.meta.issuer;
  // The book's place, from the gazetteer like any document's: its issuer, its title, then its front matter.
  const place = resolvePlace({ issuer, titles: [title], lines: front })?.place ?? null;
  const meta: TextMeta = {
    ...frame.meta,
    title,
    issuer,
    date: cover.date ?? frame.meta.date,
    ...(place ? placeFields(place) : {}),
    planPeriod: title ? findPlanPeriod(title) : frame.meta.planPeriod,
    docType: '汇编',
  };
  for (let i = 0; i < cover.lines; i++) if (front[i] !== '') removed.push({ line: front[i]!, rule: 'title' });

  const paragraphs: ParsedParagraph[] = [];
  const sections: SectionHeading[] = [];
  /** Clauses of `lines` under `path` (headings inside them nest below it), with the card's source when given. */
  const addClauses = (clauseLines: readonly string[], path: string[], level: number, source?: ParagraphSource) => {
    const parsed = assembleParagraphs(clauseLines.map((text) => ({ text })));
    const first = paragraphs.length;
    for (const h of parsed.sections) sections.push({ ...h, level: h.level + level, path: [...path, ...h.path], firstParagraph: first + h.firstParagraph });
    for (const p of parsed.paragraphs) {
      paragraphs.push({ ...p, ordinal: paragraphs.length, sectionPath: [...path, ...p.sectionPath], ...(source ? { source: { ...source } } : {}) });
    }
    return parsed.paragraphs.length;
  };
  const preface = front.findIndex((l, i) => i >= cover.lines && PREFACE.test(squeeze(l)));
  if (preface < 0) addClauses(front.slice(cover.lines), [], 0);
  else {
    addClauses(front.slice(cover.lines, preface), [], 0);
    const heading = front[preface]!.trim();
    sections.push({ level: 1, label: '', title: heading, path: [heading], firstParagraph: paragraphs.length });
    addClauses(front.slice(preface + 1), [heading], 1);
  }

  // Each card's lines [from, to), and its header and footer blocks: blank-separated groups of lines holding a header
  // (or 时间/频度, 联络方式) label. The header values are read for every card before any is emitted: a tool row the
  // layout pasted into the audience is known by the categories the book's other cards name.
  const readings = titles.map((_, k) => {
    const from = headerStart[k]!;
    const to = k + 1 < n ? titles[k + 1]!.start : lines.length;
    const blocks = cardBlocks(from, to);
    return { from, to, blocks, source: headerValues(lines, blocks.filter((b) => b.fields.some(isHeaderField))) };
  });
  const categories = toolCategories(readings.map((r) => r.source));
  for (const r of readings) r.source = unpasteToolRow(r.source, categories);

  const cards: Card[] = [];
  let part: string[] = [];
  for (let k = 0; k < n; k++) {
    const t = titles[k]!;
    for (const h of t.parts) {
      part = h.level === 1 ? [h.title] : [...part.slice(0, 1), h.title];
      sections.push({ level: h.level, label: parseHeading(h.title)?.label ?? '', title: h.title, path: [...part], firstParagraph: paragraphs.length });
    }
    for (const r of t.repeat) removed.push({ line: lines[r]!, rule: 'card-title-repeat' });
    const { from, to, blocks, source } = readings[k]!;

    // The text fields: every other line of the card.
    const text: string[] = [];
    for (let i = from; i < to; i++) text[i] = blocks.some((b) => i >= b.from && i < b.to) ? '' : lines[i]!;
    const fields: Card['fields'] = splitTextFields(text, from, to).map((f) => ({ field: f.field, label: CARD_LABELS[f.field][0]!, lines: f.lines }));
    for (const b of blocks.filter((x) => !x.fields.some(isHeaderField))) {
      // 时间/频度 and 联络方式 may share a block (no blank line between them): each value follows its label.
      const values = positionalValues(lines.slice(b.from, b.to).filter((l) => l !== ''));
      for (const field of [...new Set(b.fields)]) {
        const value = cleanValue(join(values.get(field) ?? []));
        if (value) fields.push({ field, label: CARD_LABELS[field][0]!, lines: [`${CARD_LABELS[field][0]}：${value}`] });
      }
    }
    for (let i = from; i < to; i++) if (lines[i] !== '' && LABEL_FIELD.has(squeeze(lines[i]!))) removed.push({ line: lines[i]!, rule: 'card-label' });

    const cardPath = [...part, t.title];
    sections.push({ level: 3, label: /^\d{1,3}\s*[.．、]/u.exec(t.title)?.[0] ?? '', title: t.title, path: cardPath, firstParagraph: paragraphs.length });
    for (const f of fields) {
      const path = [...cardPath, f.label];
      const at = sections.length;
      sections.push({ level: 4, label: f.label, title: f.label, path, firstParagraph: paragraphs.length });
      if (addClauses(joinCellWraps(f.lines).flatMap(splitRunInItems), path, 4, source) === 0) sections.splice(at, 1);
    }
    cards.push({ title: t.title, parts: [...part], source, fields });
  }
  return { meta, sections, paragraphs, removed, cards };
}
