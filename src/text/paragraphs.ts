/**
 * Paragraphs (条款), the retrieval unit: one clause per line or blank-line-separated block, each with the path of
 * headings above it. A heading that opens a clause is in the path and stays in the clause's text; a heading alone
 * on its line is only context. Flattened table rows are one paragraph each, carrying their table's header.
 * Responsibility notes `(责任单位:…)` leave the text and fill `responsible` (a note's own instruction, 以下均需各区镇落实,
 * stays in the text; an item's note covers the item's paragraphs before it). Paragraphs over ~500 characters are
 * split at sentence ends into parts of roughly equal size.
 */
import type { DocumentPart, ParsedParagraph, SectionHeading } from '../types.js';
import { isPolicyTitleLine } from './metadata.js';
import { canonical, contentLength } from './normalize.js';
import { type HeadingMatch, isAttachmentList, isListItem, isTableRow, Outline, parseBox, parseHeading, readsAsClause, tableCells } from './structure.js';

/** Longest paragraph kept whole; longer ones are split at sentence ends. */
export const MAX_PARAGRAPH_LENGTH = 500;

/** One cleaned line as the paragraph stage sees it. */
export interface AssemblyLine {
  /** `''` for a blank line. */
  text: string;
  /** Lines that carry metadata (titles, signature, document number): not clauses, and they end a paragraph. */
  skip?: boolean;
  /**
   * The line titles a text the frame found (src/text/metadata.ts `TextHeading`): a forwarded document, or another
   * document pasted below this one (`part` attachment). The outline starts over under `title`, as under a second text's.
   */
  heading?: { title: string; part: DocumentPart };
}

export interface AssemblyResult {
  paragraphs: ParsedParagraph[];
  sections: SectionHeading[];
}

// ---------------------------------------------------------------------------------------------------------------
// Responsibility notes (责任单位)

/** The roles a note names its departments by: 责任单位, 牵头单位, 配合部门 … and 牵头责任单位 / 配合责任单位 (巴中's). */
const NOTE_ROLE = String.raw`(?:(?:牵头|配合|主要|协同)?责任|牵头|配合|主责|实施)(?:单位|部门)\s*[:：]`;
const NOTE_OPEN = new RegExp(String.raw`[(（〔[［【]\s*` + NOTE_ROLE, 'gu');
const NOTE_LABEL = new RegExp(NOTE_ROLE, 'gu');
/** Words of a sentence, never of a department's name: the note's own explanations (以下均需…,不再列出). */
const NOTE_PROSE = /以下|均需|不再|列出|涉及|第一部门|为牵头|如下|分别/u;
/** How a department's name ends. */
const DEPARTMENT_ENDING = /(?:局|委|办|厅|部|处|室|组|院|会|行|中心|政府|街道|镇|区|县|市|公司|集团|团|所|站|关|联|社|队|校|馆|台|署|司)(?:[(（〔][^()（）〔〕]{1,12}[)）〕])?$/u;

/** Split on 、，,；; outside brackets, so 财政局(国资办、审计办) stays one item. */
function splitOutsideBrackets(s: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of s) {
    if ('(（〔[【'.includes(ch)) depth++;
    if (')）〕]】'.includes(ch)) depth = Math.max(0, depth - 1);
    if (depth === 0 && '、，,；;'.includes(ch)) {
      items.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  items.push(current);
  return items;
}

/**
 * Departments named in a responsibility note or cell: split on 、，,；; (outside brackets), labels and the note's
 * own prose dropped, `各区镇负责落实` → `各区镇`, spaces from wrapped table cells removed.
 * @example splitResponsible('市发改委、工信局,各区镇负责落实。以下均需各区镇落实') // ['市发改委', '工信局', '各区镇']
 */
export function splitResponsible(note: string): string[] {
  const firstSentence = note.split(/[。]/u)[0] ?? '';
  const items = splitOutsideBrackets(firstSentence.replace(NOTE_LABEL, '、'))
    .map((x) => x.trim().replace(/(?<=\p{Script=Han})\s+(?=\p{Script=Han})/gu, ''))
    .map((x) => x.replace(/(?:负责落实|具体落实|负责|落实|牵头|配合|等单位|等部门|等)$/u, '').trim())
    .filter((x) => x !== '' && contentLength(x) <= 25 && !NOTE_PROSE.test(x));
  return [...new Set(items)];
}

/** Index just past the bracket that closes the one opening at `open`, or the text's end when unbalanced. */
function closingBracket(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i]!;
    if ('(（〔[［【'.includes(ch)) depth++;
    if (')）〕]］】'.includes(ch)) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return text.length;
}

/** How a lead unit is written in `responsible`, as documents write one: 区经信局（牵头）. */
export const LEAD_MARK = '（牵头）';

/**
 * The unit a `responsible` entry names, without its {@link LEAD_MARK}.
 * @example unitName('区经信局（牵头）') // '区经信局'
 */
export function unitName(entry: string): string {
  return entry.endsWith(LEAD_MARK) ? entry.slice(0, -LEAD_MARK.length) : entry;
}

/**
 * The lead units of a `responsible` list, by name: the entries the note marked {@link LEAD_MARK}. Empty where the
 * note says none leads (most notes list units without saying).
 * @example leadUnits(['区财政局（牵头）', '区发改局']) // ['区财政局']
 */
export function leadUnits(responsible: readonly string[]): string[] {
  return responsible.filter((x) => x.endsWith(LEAD_MARK)).map(unitName);
}

/** A label that makes its departments the lead: 牵头单位, 牵头部门, 牵头责任单位. */
const LEAD_LABEL = /^牵头/u;
/** A note's instruction that its first comma parts the lead units from the others: (逗号前为牵头单位，下同). */
const COMMA_LEADS = /逗号前(?:的|为)?(?:为)?牵头(?:单位|部门)/u;
/** A note's instruction that every later item has these units too: 以下均需各区镇落实,不再列出 → 各区镇. */
const FOLLOWING = /以下(?:均需|均由|均须|各项均需)([^。，,；;()（）]{1,20}?(?:[(（][^()（）]{1,6}[)）][^。，,；;()（）]{0,12}?)?)(?:负责)?落实/u;

/** What one responsibility note says, read by {@link extractResponsible}. */
export interface ResponsibleNote {
  /** The clause without its notes; a note's own instruction (以下均需各区镇落实,不再列出) stays, in the note's brackets. */
  text: string;
  /** The units, in the note's order; a lead unit marked {@link LEAD_MARK} where the note says which lead. */
  responsible: string[];
  /** Units the note says every later item has as well (以下均需各区镇落实 → 各区镇): the later notes leave them out. */
  following?: string[];
  /** The note says its first comma parts the lead units from the others for the notes after it too (下同). */
  commaLeadsAfter?: boolean;
}

/** The units of one note's list (its first sentence), lead units marked: by a 牵头 label, or before the first comma. */
function noteUnits(list: string, commaLeads: boolean): string[] {
  const labels = [...list.matchAll(NOTE_LABEL)];
  const segments = labels.length === 0 ? [{ label: '', body: list }] : labels.map((m, i) => ({ label: m[0], body: list.slice(m.index + m[0].length, labels[i + 1]?.index ?? list.length) }));
  const units: string[] = [];
  for (const { label, body } of segments) {
    if (LEAD_LABEL.test(label)) {
      units.push(...splitResponsible(body).map((u) => u + LEAD_MARK));
      continue;
    }
    const comma = commaLeads ? firstOutsideBrackets(body, '，,') : -1;
    if (comma < 0) {
      units.push(...splitResponsible(body));
      continue;
    }
    units.push(...splitResponsible(body.slice(0, comma)).map((u) => u + LEAD_MARK), ...splitResponsible(body.slice(comma + 1)));
  }
  // A unit named twice (as lead and again among the rest) is listed once, where first named.
  const seen = new Set<string>();
  return units.filter((u) => !seen.has(unitName(u)) && seen.add(unitName(u)));
}

/** Index of the first of `chars` outside brackets, or -1. */
function firstOutsideBrackets(s: string, chars: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if ('(（〔[【'.includes(ch)) depth++;
    if (')）〕]】'.includes(ch)) depth = Math.max(0, depth - 1);
    if (depth === 0 && chars.includes(ch)) return i;
  }
  return -1;
}

/**
 * Read the `(责任单位:…)` notes (also 牵头单位/配合单位, in any bracket: ( （ 〔 [ 【) of a clause: the departments
 * leave the text for `responsible`. Where the note says which units lead, they are marked 区经信局（牵头）: by a label
 * (巴中's （牵头责任单位：区经信局；责任单位：区财政局）) or, where a note says 逗号前为牵头单位 (四川's, 下同: pass
 * `commaLeads` for the notes after it), by the comma. Before, 巴中's 80 items showed one merged list. The note's own
 * instruction stays in the text, in its brackets (以下均需各区镇落实,不再列出: it had been dropped from text and field
 * alike, so nothing said that 昆山's later items are the 区镇's too; twenty-first session's ingest audit, finding 8),
 * and the units it gives every later item are returned as `following`.
 * @example extractResponsible('推进园区建设。(责任单位:市工信局、发改委)') // { text: '推进园区建设。', responsible: ['市工信局', '发改委'] }
 * @example extractResponsible('严厉打击骗税行为。（牵头责任单位：区财政局；责任单位：区发改局）').responsible // ['区财政局（牵头）', '区发改局']
 */
export function extractResponsible(text: string, options: { commaLeads?: boolean } = {}): ResponsibleNote {
  let out = text;
  const responsible: string[] = [];
  const following: string[] = [];
  let commaLeadsAfter = false;
  for (let guard = 0; guard < 20; guard++) {
    NOTE_OPEN.lastIndex = 0;
    const m = NOTE_OPEN.exec(out);
    if (!m) break;
    const end = closingBracket(out, m.index);
    const inner = out.slice(m.index + 1, end).replace(/[)）〕\]］】]$/u, '');
    const stop = inner.indexOf('。');
    const list = stop < 0 ? inner : inner.slice(0, stop);
    const instruction = stop < 0 ? '' : inner.slice(stop + 1).trim();
    const declaresCommaLeads = COMMA_LEADS.test(instruction);
    responsible.push(...noteUnits(list, options.commaLeads === true || declaresCommaLeads));
    if (declaresCommaLeads && /下同/u.test(instruction)) commaLeadsAfter = true;
    const carried = FOLLOWING.exec(instruction);
    if (carried) following.push(...splitResponsible(carried[1]!));
    const kept = instruction === '' ? '' : `${out[m.index]}${instruction}${out.slice(m.index, end).match(/[)）〕\]］】]$/u)?.[0] ?? ''}`;
    out = (out.slice(0, m.index).trimEnd() + kept + out.slice(end)).trim();
  }
  const seen = new Set<string>();
  return {
    text: out,
    responsible: responsible.filter((u) => !seen.has(unitName(u)) && seen.add(unitName(u))),
    ...(following.length > 0 ? { following: [...new Set(following)] } : {}),
    ...(commaLeadsAfter ? { commaLeadsAfter } : {}),
  };
}

/** The clause without its responsibility notes, their instructions included: what its sentence ends are read on. */
function withoutNotes(text: string): string {
  let out = text;
  for (let guard = 0; guard < 20; guard++) {
    NOTE_OPEN.lastIndex = 0;
    const m = NOTE_OPEN.exec(out);
    if (!m) break;
    out = (out.slice(0, m.index).trimEnd() + out.slice(closingBracket(out, m.index))).trim();
  }
  return out;
}

/** Is this line only a responsibility note (it belongs to the clause above)? */
function isNoteOnly(line: string): boolean {
  return withoutNotes(line) === '' && /^[(（〔[［【]/u.test(line);
}

// ---------------------------------------------------------------------------------------------------------------
// Sentences and joins

/** Does the clause end a sentence (ignoring a trailing responsibility note)? */
export function endsSentence(text: string): boolean {
  const s = withoutNotes(text).trim();
  if (s === '') return true;
  const last = s[s.length - 1]!;
  if (/[。！？!?；;：:….]/u.test(last)) return true;
  return /[”’」』)）】\]]/u.test(last) && /[。！？!?；;….]/u.test(s[s.length - 2] ?? '');
}

/**
 * May `next` continue the clause `prev` that a stray line break split? Only when `prev` is a real clause that stops
 * mid-sentence and `next` starts neither a heading nor a table row.
 */
function continues(prev: string, next: string): boolean {
  return contentLength(prev) >= 15 && !endsSentence(prev) && !isTableRow(next) && parseHeading(next) === null && contentLength(next) > 0 && !isRosterLine(prev) && !isRosterLine(next);
}

/** How a clause about the whole document opens: 本办法自… / 本措施由…负责解释 / 本文件明确的… / 上述8个领域政策… */
const CLOSING = /^(?:本(?:办法|措施|文件|政策|意见|方案|通知|规定|细则|若干措施|若干政策|实施细则|实施方案|行动计划)(?:自|由|有效期|明确的|所称|未尽|涉及|与|中的|所列|执行)|上述[^，。；]{0,12}(?:政策|措施))/u;

/** The posts a roster line ends with: 省长, 厅长, 主任, 总经理… (增长 and the like are not posts). */
const ROSTER_POST = /(?:[省市县区厅局部处科行院校社所站队]长|秘书长|董事长|主任|书记|总经理|经理|主席|委员|总监|巡视员|调研员|负责人)$/u;

/**
 * A line of a roster (领导小组名单): a person's name, one to four characters that may be spaced (罗　平), and a post,
 * with an optional role before them (组　长：). Such lines are whole entries: none continues another, and none
 * continues an attachment's title.
 * @example isRosterLine('组 长：王清宪 省长') // true
 * @example isRosterLine('推动 经济平稳增长') // false
 */
export function isRosterLine(line: string): boolean {
  const t = line.trim();
  if (contentLength(t) > 40 || /[。，,；;！？!?]/u.test(t)) return false;
  const m = /^(?:\p{Script=Han}(?:\s?\p{Script=Han}){1,3}\s*[:：]\s*)?\p{Script=Han}(?:\s?\p{Script=Han}){1,3}\s+(\S+)$/u.exec(t);
  return m !== null && ROSTER_POST.test(m[1]!);
}

/**
 * Split a long clause at sentence ends (。；;！？!?) into the fewest parts of roughly equal size, each at most
 * `max` characters where the sentences allow; commas are used only when a single sentence is too long.
 * @example splitLongParagraph('甲。'.repeat(300), 500).length // 2
 */
export function splitLongParagraph(text: string, max = MAX_PARAGRAPH_LENGTH): string[] {
  if (text.length <= max) return [text];
  const ends = (re: RegExp) => [...text.matchAll(re)].map((m) => m.index + m[0].length).filter((i) => i > 0 && i < text.length);
  const sentenceEnds = ends(/[。；;！？!?][”’」』)）]*/gu);
  const commaEnds = ends(/[，,、：:]/gu);
  for (const candidates of [sentenceEnds, [...new Set([...sentenceEnds, ...commaEnds])].sort((a, b) => a - b)]) {
    for (let parts = Math.ceil(text.length / max); parts <= Math.ceil(text.length / max) + 4; parts++) {
      const cuts = chooseCuts(candidates, text.length, parts);
      if (cuts === null) continue;
      const bounds = [0, ...cuts, text.length];
      const pieces = bounds.slice(1).map((end, i) => text.slice(bounds[i], end));
      if (pieces.every((p) => p.length <= max)) return pieces.map((p) => p.trim()).filter((p) => p !== '');
    }
  }
  // No sentence or comma allows it: cut at the limit.
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += max) pieces.push(text.slice(i, i + max));
  return pieces;
}

/** Pick `parts - 1` increasing cut positions among sorted `candidates`, each nearest its ideal `k * length / parts`. */
function chooseCuts(candidates: number[], length: number, parts: number): number[] | null {
  const cuts: number[] = [];
  for (let k = 1; k < parts; k++) {
    const ideal = (k * length) / parts;
    const after = cuts[cuts.length - 1] ?? 0;
    // First candidate ≥ ideal, by binary search; its predecessor is the other contender.
    let lo = 0;
    let hi = candidates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (candidates[mid]! < ideal) lo = mid + 1;
      else hi = mid;
    }
    const options = [candidates[lo - 1], candidates[lo], candidates[lo + 1]].filter((c): c is number => c !== undefined && c > after);
    if (options.length === 0) return null;
    cuts.push(options.reduce((a, b) => (Math.abs(b - ideal) < Math.abs(a - ideal) ? b : a)));
  }
  return cuts;
}

// ---------------------------------------------------------------------------------------------------------------
// Tables

interface Table {
  columns: string[];
  /** Index of the 责任单位 column in the header, or -1. */
  responsibleColumn: number;
}

/** Header cells: short labels, no sentences, not starting with a row number. */
function looksLikeHeader(cells: string[]): boolean {
  const filled = cells.filter((c) => c !== '');
  return (
    filled.length >= 2 &&
    !/^\d+$/.test(filled[0]!) &&
    filled.every((c) => contentLength(c) <= 20 && !/[。，,；;]/u.test(c) && parseHeading(c) === null)
  );
}

/** Column names as written, with the spaces a wrapped cell leaves between Han characters removed (序 号 → 序号). */
function columnName(cell: string): string {
  return cell.replace(/(?<=\p{Script=Han})\s+(?=\p{Script=Han})/gu, '');
}

/** A cell naming departments: its first item ends like a department. */
export function isDepartmentCell(cell: string): boolean {
  const items = splitResponsible(cell);
  return items.length > 0 && DEPARTMENT_ENDING.test(items[0]!);
}

/**
 * Departments of a table row: the 责任单位 column's cell, or, when merged cells shifted the row, the last filled
 * cell if it names departments.
 */
function rowResponsible(cells: string[], column: number): string[] {
  if (column < 0) return [];
  const atColumn = cells[column];
  const lastFilled = [...cells].reverse().find((c) => c !== '');
  const cell = atColumn && isDepartmentCell(atColumn) ? atColumn : lastFilled && isDepartmentCell(lastFilled) ? lastFilled : null;
  return cell ? splitResponsible(cell).filter((x) => DEPARTMENT_ENDING.test(x)) : [];
}

/**
 * The cell that carries a row's content (the longest that is neither a number nor the departments), used to
 * compare the row with the main text.
 */
export function rowContent(row: ParsedParagraph): string {
  const cells = tableCells(row.text).filter((c) => c !== '' && !/^[\d.%\-]+$/.test(c));
  const content = cells.filter((c) => !(row.responsible.length > 0 && splitResponsible(c).some((x) => row.responsible.includes(x))));
  return (content.length > 0 ? content : cells).reduce((a, b) => (contentLength(b) > contentLength(a) ? b : a), '');
}

// ---------------------------------------------------------------------------------------------------------------
// Assembly

interface Draft {
  text: string;
  path: string[];
  /** The path a clause about the whole text sits under: the open attachment's or second text's title, else none. */
  root: string[];
  part: DocumentPart;
  kind: 'text' | 'table-row';
  columns?: string[];
  responsible: string[];
}

interface DraftHeading {
  level: number;
  label: string;
  title: string;
  path: string[];
  /** Index of the first draft under this heading. */
  draft: number;
}

/** Lines that may continue an attachment's title on the lines after 附件N. */
function isAttachmentTitleLine(line: string): boolean {
  return (
    contentLength(line) > 0 &&
    contentLength(line) <= 80 &&
    !isTableRow(line) &&
    !/[。，,；;！？]/u.test(line) &&
    // A field (组　长：王清宪 省长, 填报单位：) begins the attachment's body, not its title.
    !/[:：]\s*\S/u.test(line) &&
    !isRosterLine(line) &&
    parseHeading(line) === null
  );
}

/** Walks the cleaned lines once, keeping the outline, the open clause, the current table and attachment. */
class Assembler {
  /** Whether a line break may be a stray one inside a clause (a PDF's, a hard-wrapped text's) rather than a paragraph's end. */
  constructor(private readonly wrapped = true) {}
  readonly drafts: Draft[] = [];
  readonly headings: DraftHeading[] = [];
  private readonly outline = new Outline();
  /** Each list item's clause (outline id → index in `drafts`), for when something nests under it. */
  private readonly items = new Map<number, number>();
  private part: DocumentPart = 'main';
  /** A clause that a stray line break may have split. */
  private open: Draft | null = null;
  /** A list of attachments in the notice (附件:1.… 2.…). */
  private list: Draft | null = null;
  private table: Table | null = null;
  /** ≥ 0 while the lines after a bare 附件N may be its title. */
  private attachmentTitleLines = -1;
  private blanks = 0;
  /**
   * A heading-only line that ends with a full stop (`4．支持专业人才队伍建设。`), until the next line shows whether
   * anything stands under it: if a sibling or higher heading, a note, a metadata line or the end comes first, it was
   * an item of a list, not a title, and its text is a clause.
   */
  private bodiless: { text: string; level: number; path: string[] } | null = null;

  blank(): void {
    this.blanks++;
  }

  /** A metadata line (title, signature): not a clause, and it ends whatever was open. */
  skip(): void {
    this.keepBodiless();
    this.blanks = 0;
    this.open = this.list = this.table = null;
    this.attachmentTitleLines = -1;
  }

  /** The title of a second text in the document (`partTitles`, or a text the frame found): the outline starts over under it. */
  partTitle(t: string, part?: DocumentPart): void {
    this.keepBodiless();
    this.blanks = 0;
    if (part) this.part = part;
    const h: HeadingMatch = { kind: 'attachment', level: 0, label: '', number: 1, title: t.trim(), rest: '' };
    const { path } = this.outline.accept(h)!;
    this.addHeading(h, path);
    this.open = this.list = this.table = null;
    this.attachmentTitleLines = -1;
  }

  /** After the last line. */
  end(): void {
    this.keepBodiless();
  }

  line(t: string): void {
    const gap = this.blanks;
    this.blanks = 0;
    if (this.bodiless && isNoteOnly(t)) {
      this.keepBodiless()!.text += t;
      return;
    }
    const bodiless = this.bodiless;
    this.bodiless = null;
    if (this.attachmentTitle(t)) return;
    if (isTableRow(t)) return this.tableRow(t);
    this.table = null;
    if (this.list && /^\d{1,2}\s*[.、．]/u.test(t) && isAttachmentTitleLine(t.replace(/^\d{1,2}\s*[.、．]/u, ''))) {
      this.list.text += ` ${t}`;
      return;
    }
    this.list = null;
    if (isAttachmentList(t)) {
      this.open = null;
      this.list = this.add(t);
      return;
    }
    const h = parseHeading(t) ?? parseBox(t);
    if (h?.kind === 'attachment') {
      this.keepBodiless(bodiless);
      return this.attachment(h);
    }
    // A list's last item may be short enough to read as a title; following an item, and ending as one, it is one.
    const item = h !== null && (isListItem(this.outline.place(h), t) || (this.outline.followsItem(h) && /[。；;][”’」』)）]*$/u.test(t.trim())));
    const entry = h ? this.outline.accept(h, item) : null;
    if (entry?.promoted) {
      // A list item with something numbered under it heads a section after all, from its own clause on.
      const at = this.items.get(entry.promoted.id);
      if (at !== undefined) {
        this.drafts[at]!.path = entry.promoted.path;
        this.headings.push({ level: entry.promoted.heading.level, label: entry.promoted.heading.label, title: entry.promoted.heading.title, path: entry.promoted.path, draft: at });
      }
    }
    if (entry && item) {
      // A list item: a clause under its parent, no section of its own.
      if (bodiless && entry.heading.level <= bodiless.level) this.keepBodiless(bodiless);
      this.items.set(entry.id, this.drafts.length);
      this.open = this.add(t);
      return;
    }
    if (entry) {
      if (bodiless && entry.heading.level <= bodiless.level) this.keepBodiless(bodiless);
      this.addHeading(entry.heading, entry.path);
      // A numbered line that is a whole clause (`(一)对…给予一次性奖励50万元。`) is a clause as well as a title.
      this.open = readsAsClause(entry.heading, t) ? this.add(t) : null;
      // An article's heading alone on its line (第十条 本办法自发布之日起施行, typed without 。) with nothing under it is its text.
      if (!this.open && (entry.heading.kind === 'article' || /[。！？!?；;][”’」』)）]*$/u.test(t.trim()))) this.bodiless = { text: t, level: entry.heading.level, path: entry.path };
      return;
    }
    if (this.open && (isNoteOnly(t) || (this.wrapped && gap <= 1 && continues(this.open.text, t)))) {
      this.open.text += t;
      return;
    }
    // A closing clause about the whole document (本办法由…负责解释, 本文件明确的各项政策…有效, 上述8个领域政策…) after the
    // last numbered item is the document's, not that item's: 杭州's had been cited as （七十六）支持推进"弱有众扶".
    if (CLOSING.test(t) && !this.outline.inArticle() && this.outline.path().length > this.outline.rootPath().length) {
      this.open = this.add(t, { path: this.outline.rootPath() });
      return;
    }
    this.open = this.add(t);
  }

  /** Keep a heading-only line that proved to have nothing under it as a clause under its own heading. */
  private keepBodiless(pending = this.bodiless): Draft | null {
    this.bodiless = null;
    if (!pending) return null;
    const d: Draft = { text: pending.text, path: pending.path, root: this.outline.rootPath(), part: this.part, kind: 'text', responsible: [] };
    this.drafts.push(d);
    this.open = d;
    return d;
  }

  private add(text: string, extra: Partial<Draft> = {}): Draft {
    const d: Draft = { text, path: this.outline.path(), root: this.outline.rootPath(), part: this.part, kind: 'text', responsible: [], ...extra };
    this.drafts.push(d);
    return d;
  }

  private addHeading(h: { level: number; label: string; title: string }, path: string[]): void {
    this.headings.push({ level: h.level, label: h.label, title: h.title, path, draft: this.drafts.length });
  }

  private attachment(h: HeadingMatch): void {
    const { path } = this.outline.accept(h)!;
    this.part = 'attachment';
    this.addHeading(h, path);
    // The title is on the next lines only when the heading is the bare label (附件1, 附件:).
    this.attachmentTitleLines = h.title.replace(/[:：]$/u, '') === h.label ? 0 : -1;
    this.open = this.list = this.table = null;
  }

  /** Lines right after a bare 附件N that read like a title join its heading. */
  private attachmentTitle(t: string): boolean {
    const titling = this.attachmentTitleLines >= 0 && this.attachmentTitleLines < 3 && isAttachmentTitleLine(t);
    if (!titling) {
      this.attachmentTitleLines = -1;
      return false;
    }
    const current = this.headings[this.headings.length - 1]!;
    current.title += this.attachmentTitleLines === 0 ? ` ${t}` : t;
    current.path = this.outline.retitleInnermost(current.title);
    this.attachmentTitleLines++;
    return true;
  }

  /** A table's first row is its header when it looks like one; a row with a single heading cell is context. */
  private tableRow(t: string): void {
    this.open = this.list = null;
    const cells = tableCells(t);
    const filled = cells.filter((c) => c !== '');
    if (filled.length === 0 || filled.every((c) => /^:?-{2,}:?$/.test(c))) return; // separator row
    if (this.table === null) {
      if (looksLikeHeader(cells)) {
        const responsibleColumn = cells.map((c) => canonical(c)).findIndex((c) => /^(?:责任|牵头|主责)(?:单位|部门)/u.test(c));
        this.table = { columns: filled.map(columnName), responsibleColumn };
        return;
      }
      this.table = { columns: [], responsibleColumn: -1 };
    }
    const only = filled.length === 1 ? parseHeading(filled[0]!) : null;
    const entry = only && only.kind !== 'attachment' ? this.outline.accept(only) : null;
    if (entry) this.addHeading(entry.heading, entry.path);
    if (entry && entry.heading.rest === '') return;
    this.add(t, { kind: 'table-row', columns: this.table.columns, responsible: rowResponsible(cells, this.table.responsibleColumn) });
  }
}

/**
 * Build paragraphs and the outline from cleaned lines. `lineBreaks: 'paragraphs'` says every line is a paragraph as
 * written (a draft typed or pasted into the desk, a Word file): a line that stops without 。 is not continued by the
 * next, as a PDF's wrapped line is (two grant lines typed without 。 had been glued into one clause; twentieth session's
 * verifying audit).
 * @example assembleParagraphs([{ text: '一、总体要求' }, { text: '推进园区建设。' }]).paragraphs[0]
 * // { ordinal: 0, sectionPath: ['一、总体要求'], text: '推进园区建设。', part: 'main', kind: 'text', … }
 */
export function assembleParagraphs(lines: AssemblyLine[], options: { lineBreaks?: 'may-wrap' | 'paragraphs' } = {}): AssemblyResult {
  const a = new Assembler(options.lineBreaks !== 'paragraphs');
  const parts = partTitles(lines);
  lines.forEach((line, i) => {
    if (line.text === '') a.blank();
    else if (line.heading) a.partTitle(line.heading.title, line.heading.part);
    else if (parts.has(i)) a.partTitle(line.text);
    else if (line.skip) a.skip();
    else a.line(line.text);
  });
  a.end();
  return finish(a.drafts, a.headings);
}

/** A top-level heading that numbers the main parts of a text: 一、 or 第一章. */
function topNumber(text: string): number {
  const h = parseHeading(text);
  if (!h) return 0;
  return (h.kind === 'numbered' && h.level === 1) || h.kind === 'part' ? h.number : 0;
}

/**
 * Lines that title a second text inside the document: a notice that issues two policies (关于印发A和B的通知) prints
 * A, then B, each numbered from 一、. Before, B's title was a clause and its (一)–(九) nested under A's last heading
 * (Anhui's 行动计划 under 八、 of its 若干政策, about 70 clauses with a wrong section path). Such a title reads as a
 * policy's title (`isPolicyTitleLine`), comes after a top heading numbered 2 or more, and is followed within four
 * lines by a top heading numbered 1. An attachment's heading starts over (its titles are the attachment's own).
 * When there is a second text, the first text's title is one too (the frame had read it as a title line and dropped
 * it): 安徽's 若干政策 had no parent while its 行动计划 had, so the document held two 一、 at different depths
 * (twenty-first session's ingest audit, finding 10). A notice that issues one policy keeps its outline as it was.
 */
function partTitles(lines: readonly AssemblyLine[]): Set<number> {
  const out = secondTitles(lines);
  if (out.size > 0) {
    const first = firstTitle(lines);
    if (first !== null && first < Math.min(...out)) out.add(first);
  }
  return out;
}

/**
 * The first text's title: the policy title closest above the document's first 一、 (or 第一章), with at most three
 * lines of text between (its preamble), whether the frame took it for a title line or not.
 */
function firstTitle(lines: readonly AssemblyLine[]): number | null {
  const top = lines.findIndex((l) => !l.skip && topNumber(l.text.trim()) === 1);
  let seen = 0;
  for (let i = top - 1; i >= 0 && seen <= 3; i--) {
    const t = lines[i]!.text.trim();
    if (t === '') continue;
    if (parseHeading(t)?.kind === 'attachment' || lines[i]!.heading) return null;
    if (isPolicyTitleLine(t)) return i;
    if (!lines[i]!.skip) seen++;
  }
  return null;
}

/** Titles of the texts after the first ({@link partTitles}). */
function secondTitles(lines: readonly AssemblyLine[]): Set<number> {
  const out = new Set<number>();
  let top = 0;
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i]!.text.trim();
    if (t === '' || (lines[i]!.skip && !lines[i]!.heading)) continue;
    if (parseHeading(t)?.kind === 'attachment' || lines[i]!.heading) {
      top = 0;
      continue;
    }
    const n = topNumber(t);
    if (n > 0) {
      top = Math.max(top, n);
      continue;
    }
    if (top < 2 || !isPolicyTitleLine(t)) continue;
    let seen = 0;
    for (let j = i + 1; j < lines.length && seen < 4; j++) {
      const next = lines[j]!.text.trim();
      if (next === '' || lines[j]!.skip) continue;
      seen++;
      if (topNumber(next) === 1) {
        out.add(i);
        top = 0;
        break;
      }
    }
  }
  return out;
}

/** A draft's text and departments once its notes are read, and whether it carries a note of its own. */
interface ReadDraft {
  text: string;
  responsible: string[];
  noted: boolean;
}

/**
 * Read every clause's responsibility notes in document order: a note's 以下均需各区镇落实 adds 各区镇 to every later
 * clause's own note (昆山 p0013 had listed 市工信局、发改委、科技局 only), and a note's 逗号前为牵头单位，下同 reads the
 * later notes' commas as the lead's end (四川).
 */
function readNotes(drafts: readonly Draft[]): ReadDraft[] {
  let commaLeads = false;
  let following: string[] = [];
  return drafts.map((d) => {
    if (d.kind !== 'text') return { text: d.text, responsible: d.responsible, noted: false };
    const note = extractResponsible(d.text, { commaLeads });
    const named = new Set(note.responsible.map(unitName));
    const responsible = note.responsible.length > 0 ? [...note.responsible, ...following.filter((u) => !named.has(u))] : [];
    if (note.following) following = [...new Set([...following, ...note.following])];
    if (note.commaLeadsAfter) commaLeads = true;
    return { text: note.text, responsible, noted: note.responsible.length > 0 };
  });
}

const samePath = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Clauses after a text's last responsibility note that continue its last item's section with no note of their own
 * are the whole text's, not that item's: the note closed the item. 四川's 各地要切实履行主体责任…做好政策宣传解读。
 * had been cited as （十五）营造鼓励创业社会氛围 (twenty-first session's ingest audit, finding 6), and 安徽's
 * 省经济和信息化厅会同省财政厅等单位制定具体实施细则… as 八、支持工业互联网利用资本市场加快发展. Only where the text's
 * items carry notes (three or more), within one text (the main text, an attachment or a second text), and only the
 * clauses right after that note in its section: {@link CLOSING} finds the closing clauses that say what they are.
 */
function fileClosingClauses(drafts: Draft[], read: readonly ReadDraft[]): void {
  let start = 0;
  while (start < drafts.length) {
    let end = start + 1;
    while (end < drafts.length && drafts[end]!.part === drafts[start]!.part && samePath(drafts[end]!.root, drafts[start]!.root)) end++;
    let notes = 0;
    let last = -1;
    for (let i = start; i < end; i++) {
      if (!read[i]!.noted) continue;
      notes++;
      last = i;
    }
    if (notes >= 3) {
      const item = drafts[last]!;
      for (let j = last + 1; j < end; j++) {
        const d = drafts[j]!;
        if (d.kind !== 'text' || read[j]!.noted || !samePath(d.path, item.path) || d.path.length <= d.root.length) break;
        d.path = [...d.root];
      }
    }
    start = end;
  }
}

/**
 * An item whose note closes its last paragraph is the note's in all its paragraphs: the clauses of one section before
 * its only note, with none of their own, take its departments. 杭州's （十五） (p0019) and 安徽's 13﹒'s sub-items
 * had shown no 责任单位 though the item's note covers them (twenty-first session's ingest audit, finding 8). A
 * clause at a text's own level is no item's.
 */
function carryNotesBack(drafts: readonly Draft[], read: ReadDraft[]): void {
  let start = 0;
  while (start < drafts.length) {
    const first = drafts[start]!;
    let end = start + 1;
    while (end < drafts.length && drafts[end]!.kind === 'text' && first.kind === 'text' && drafts[end]!.part === first.part && samePath(drafts[end]!.path, first.path)) end++;
    const noted = read.slice(start, end).filter((r) => r.noted).length;
    if (first.kind === 'text' && end - start >= 2 && noted === 1 && read[end - 1]!.noted && first.path.length > first.root.length) {
      for (let i = start; i < end - 1; i++) read[i]!.responsible = [...read[end - 1]!.responsible];
    }
    start = end;
  }
}

/** Read responsibility notes, split long clauses, number the paragraphs and resolve headings' first paragraphs. */
function finish(drafts: Draft[], headings: DraftHeading[]): AssemblyResult {
  const read = readNotes(drafts);
  fileClosingClauses(drafts, read);
  carryNotesBack(drafts, read);
  const paragraphs: ParsedParagraph[] = [];
  const firstOrdinal: number[] = [];
  for (const [n, d] of drafts.entries()) {
    firstOrdinal.push(paragraphs.length);
    const { text, responsible } = read[n]!;
    if (contentLength(text) === 0) continue;
    const parts = d.kind === 'text' ? splitLongParagraph(text) : [text];
    for (const [i, p] of parts.entries()) {
      paragraphs.push({
        ordinal: paragraphs.length,
        sectionPath: [...d.path],
        text: p,
        part: d.part,
        kind: d.kind,
        ...(d.kind === 'table-row' ? { columns: d.columns ?? [] } : {}),
        responsible: [...responsible],
        duplicateOf: null,
        ...(parts.length > 1 ? { split: { part: i + 1, of: parts.length } } : {}),
      });
    }
  }
  const sections: SectionHeading[] = headings.map((h) => ({
    level: h.level,
    label: h.label,
    title: h.title,
    path: h.path,
    firstParagraph: h.draft < firstOrdinal.length ? firstOrdinal[h.draft]! : paragraphs.length,
  }));
  return { paragraphs, sections };
}
