/**
 * Metadata (元数据) read from the text alone, and the lines that carry it.
 *
 * A notice (通知) wraps a plan: `关于印发X的通知`, addressees, the 印发 sentence citing 《X》, the signature block
 * (issuer lines and a date line), then X's own title and body. The plan's title X is the document's title. Lines
 * that only carry metadata (titles and their repeats, the document number, the signature block) are not clauses:
 * {@link analyzeFrame} marks them so the paragraph stage skips them. Nothing is invented: a field the text does not
 * state is null, and the manifest overrides these values later.
 *
 * The place comes from the gazetteer (src/text/places.ts): the issuer, the titles, the document number's prefix,
 * then the text. A regulation (地方性法规) prints no signature: its dates are read from the lines that say when the
 * people's congress adopted (…会议通过) and approved (…会议批准) it, and its issuer from the adopting body. A government
 * rule (政府规章) is made by a decree (政府令): its number, government and day come from the decree's header or the note
 * under its title ({@link readDecree}). A signature may lack its date (the issuer alone on the last line), and a title
 * names its issuer (温州市人民政府关于…) when nothing else does.
 *
 * Two layouts put a second text in the file. A notice that forwards (转发) another body's document prints that
 * document's title, issuer and date after its own signature: the document is cited by the notice's own title (its
 * number and date are the notice's), and the forwarded text's clauses sit under a section that names its title,
 * issuer and date. Before, the forwarded title was cited with the notice's number and date, and its issuer and date
 * were dropped (s22 ingest audit, finding 10). And a file may hold another document pasted below the first, with its own
 * title and number, its addressees or signature ({@link findAppended}), or opening with its addressees: its clauses
 * are kept under its title as an attachment part, the first document's metadata is read from the lines above it, and
 * the indexer says so (ParsedDocument `warnings`, kept as the build's SECOND_DOCUMENT warning, which /docs lists).
 * Splitting such a file into two documents is not done (assessed again in the twenty-third session): the text stage
 * could frame the second's lines on their own, but the build holds one document per file everywhere it keeps the index
 * up to date, and each needs a decision: the second's id (`#` cannot be in a link's path, and `通知-2` may be a file's own
 * id), which document a manifest entry corrects and how an entry names the second, and the
 * incremental plan, the kept version of a file that turns bad, the change report and the staleness check, all keyed
 * by the file's path to one document. On seeds + ../shared/external none of these layouts occurs: the 18 documents'
 * metadata and clauses are as before.
 */
import type { DocumentMeta, DocumentPart } from '../types.js';
import { canonical, contentLength } from './normalize.js';
import { placeFields, resolvePlace } from './places.js';
import { isAttachmentList, parseHeading } from './structure.js';

export type TextMeta = Omit<DocumentMeta, 'id' | 'file'>;

/** Why a line is not a paragraph. */
export type FrameRole = 'title' | 'signature' | 'doc-number' | 'adoption' | 'promulgation';

/**
 * A text inside the document that its section paths start with: a forwarded opinion, or another document pasted
 * below. Its section title is its title with what its header says of it ({@link headingTitle}):
 * `关于…的意见（市工业和信息化局，2022年5月20日）`.
 */
export interface TextHeading {
  /** Indexes (into the lines) of its title's lines. */
  title: number[];
  /**
   * What the text is called when no line of it is its title: a notice that opens with its addressees is named by the
   * plan its 印发 sentence names (《X》), else `另一文件`. Its first line (the addressees) then heads it, as a title would.
   */
  name?: string;
  /** Indexes of the lines that say who issued it, its number and its date, in the order written. */
  about: number[];
  /** `attachment` for another document pasted below this one: it is not this document's text. */
  part: DocumentPart;
}

/**
 * A text's section title from `lines` (as written, or folded: the same indexes): its title, then its issuer, number
 * and date in brackets.
 * @example headingTitle(['关于X的意见', '市工业和信息化局', '（2022年5月20日）'], { title: [0], about: [1, 2], part: 'main' }) // '关于X的意见（市工业和信息化局，2022年5月20日）'
 */
export function headingTitle(lines: readonly string[], h: TextHeading): string {
  const title = h.name ?? h.title.map((i) => lines[i]!.trim()).join('');
  const about = h.about.map((i) => lines[i]!.trim().replace(/^[(（](.*)[)）]$/u, '$1'));
  return about.length > 0 ? `${title}（${about.join('，')}）` : title;
}

/** Another document found in the same file, below this one. */
export interface AppendedDocument {
  /** Index (into the given lines) of its first line: its title, or its addressees when it opens with them. */
  line: number;
  /** Its title, or the name its heading gives it ({@link TextHeading} `name`) when it opens with its addressees. */
  title: string;
  docNumber: string | null;
  /** `addressees` when it opens with them (各区县人民政府，市各委办局：), no title above. */
  opening: 'title' | 'addressees';
}

export interface DocumentFrame {
  meta: TextMeta;
  /** Index (into the given lines) → role, for lines that carry metadata rather than clauses. */
  roles: Map<number, FrameRole>;
  /** Index (into the given lines) of a title line → the text it heads (its line has a role too). */
  headings: Map<number, TextHeading>;
  /** Other documents the file holds after this one ({@link findAppended}); their lines give this one no metadata. */
  appended: AppendedDocument[];
}

const CN_DIGIT_VALUE: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Value of a Chinese month or day numeral 一…三十一 (十二 → 12, 二十九 → 29); NaN when not one. */
function smallChineseNumber(s: string): number {
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/u.exec(s);
  if (!m || s === '') return NaN;
  const first = m[1] ? CN_DIGIT_VALUE[m[1]]! : 0;
  const last = m[3] ? CN_DIGIT_VALUE[m[3]]! : 0;
  if (!m[2]) return m[1] && m[3] ? NaN : first + last;
  return (m[1] ? first : 1) * 10 + last;
}

function iso(year: number, month: number, day: number | null): string | null {
  if (!(year >= 1949 && year <= 2100 && month >= 1 && month <= 12)) return null;
  const mm = String(month).padStart(2, '0');
  if (day === null) return `${year}-${mm}`;
  if (!(day >= 1 && day <= 31)) return null;
  return `${year}-${mm}-${String(day).padStart(2, '0')}`;
}

const DATE_LINE_ARABIC = /^(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?$/u;
const DATE_LINE_CHINESE = new RegExp(`^([〇零一二三四五六七八九]{4})\\s*年\\s*([一二三四五六七八九十]{1,3})\\s*月(?:\\s*([一二三四五六七八九十]{1,3})\\s*日)?$`, 'u');

/**
 * Parse a line that is only a date (`2023年12月29日`, `2023年2月`, `二〇二三年十二月二十九日`) to ISO
 * (`2023-12-29`, `2023-02`); null when the line is anything else.
 * @example parseDateLine('2023年2月') // '2023-02'
 */
export function parseDateLine(line: string): string | null {
  const s = line.trim().replace(/^[(（](.*)[)）]$/u, '$1');
  const a = DATE_LINE_ARABIC.exec(s);
  if (a) return iso(Number(a[1]), Number(a[2]), a[3] ? Number(a[3]) : null);
  const c = DATE_LINE_CHINESE.exec(s);
  if (c) {
    const year = Number([...c[1]!].map((d) => CN_DIGIT_VALUE[d] ?? 0).join(''));
    return iso(year, smallChineseNumber(c[2]!), c[3] ? smallChineseNumber(c[3]) : null);
  }
  return null;
}

/** The first `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD` or `YYYY年M月D日` in a string, as ISO. */
function findDate(s: string): string | null {
  const m = /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/u.exec(s);
  return m ? iso(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

const DOC_NUMBER = /[\p{Script=Han}]{0,12}?(?:[〔[［【(（]\s*\d{4}\s*[〕\]］】)）]\s*(?:第\s*)?\d{1,5}\s*号|第\s*\d{1,5}\s*号)/u;

/**
 * The document number (发文字号) when the line is only that: `苏政发〔2018〕86号`, `X政发[2018]86号`,
 * `X政发(2018)第86号`, `第12号`. A number cited inside a sentence is another document's and is not matched.
 * @example parseDocNumberLine('苏政发〔2018〕86号') // '苏政发〔2018〕86号'
 */
export function parseDocNumberLine(line: string): string | null {
  // A number alone in brackets on its line, as databases print it under the title: （皖政办秘〔2021〕82号）.
  const s = line.trim().replace(/^[(（]\s*(.+?)\s*[)）]$/u, '$1');
  const m = DOC_NUMBER.exec(s);
  return m && m.index === 0 && m[0].length === s.length ? s : null;
}

/** Organisation-name endings of an issuing body (发文机关). */
const ORG_ENDING = /(?:人民政府|政府|办公室|办公厅|委员会|党委|党工委|管委会|领导小组|小组|委|局|厅|部|署|院|中心|协会|联合会|公司|集团|街道办事处)(?:[(（][^()（）]{1,10}[)）])?$/u;

/** Does the line look like an issuer in a signature block: short, no punctuation, ending like an organisation? */
export function isOrganizationLine(line: string): boolean {
  const s = line.trim();
  return s !== '' && contentLength(s) <= 40 && !/[。，,；;：:！？]/u.test(s) && ORG_ENDING.test(s) && parseHeading(s) === null;
}

/** How a body an addressee line names ends: 人民政府, 管委会, 委办局, 各直属单位, 市政府各部门, 各直属机构, 各市, 县(市、区). */
const ADDRESSEE_BODY = /(?:政府|管委会|党工委|党委|委办局|委办厅局|部委办局|人民团体|单位|部门|机构|办事处|委|办|局|厅|公司|企业|街道|[省市县区镇乡州盟旗])$/u;

/**
 * A notice's addressees (主送机关) on their line: bodies separated by ，、 ending with a colon, at least one of them
 * 各…, 有关… or 所属… (`各区县人民政府，市各委办局：`, `各有关单位：`, `区属各单位：`). Every one of the 15 such lines of the
 * seeds and ../shared/external is one; a sentence that ends with a colon (`…，应符合以下条件：`) is not.
 * @example isAddresseeLine('各市、县(市、区)人民政府,省各委办厅局,省各直属单位:') // true
 */
export function isAddresseeLine(line: string): boolean {
  const t = line.trim();
  if (!/[:：]$/u.test(t) || contentLength(t) > 120 || /[。；;！？!?]/u.test(t) || !/各|有关|相关|所属|直属|[区市县]属/u.test(t)) return false;
  const bodies = t.slice(0, -1).replace(/[(（][^()（）]*[)）]/gu, '').split(/[，,、]/u).map((b) => b.trim());
  return bodies.every((b) => b !== '' && contentLength(b) <= 30 && ADDRESSEE_BODY.test(b));
}

/** Names of bodies that say nothing without a place: the spam in 001 leaves only `人民政府`. */
const GENERIC_ORGS = new Set(['人民政府', '政府', '办公室', '办公厅', '人民政府办公室', '人民政府办公厅', '委员会']);

/** Plan period `(2023—2027年)` → `2023–2027`. */
export function findPlanPeriod(s: string): string | null {
  const m = /(\d{4})\s*年?\s*[—–\-－~～至到]+\s*(\d{4})\s*年/u.exec(s);
  if (!m) return null;
  const [a, b] = [Number(m[1]), Number(m[2])];
  return a < b && b - a <= 30 ? `${a}–${b}` : null;
}

/** A notice's own title: `…关于…的通知/意见/决定…`, short and without sentences. */
const NOTICE_TITLE = /关于.{2,}(?:通知|决定|意见|批复|通报|公告|通告|报告|办法|规定|措施|方案|计划|函)$/u;
/** The plan a notice issues: `关于印发X的通知` → X. */
const ISSUED_PLAN = /(?:印发|转发|发布)\s*《?(.+?)》?\s*的?\s*(?:通知|决定)$/u;
/** A plan title on its own line ends with the kind of document it is, maybe followed by its period. */
/**
 * A title's last word, then at most one period in brackets (`(2023—2027年)`) and the status marks a draft or a
 * trial text carries (（草案）, （试行）, （暂行）, （送审稿）, （征求意见稿）, （修订）, in any order): a desk's draft
 * titled …若干措施（草案） had its title read as its first clause.
 */
const STATUS_MARKS = '草案|试行|暂行|送审稿|征求意见稿|修订稿?|修正案?|讨论稿|代拟稿|公开征求意见稿';
const TITLE_ENDING = new RegExp(
  `(?:方案|计划|意见|办法|规定|细则|措施|决定|规划|纲要|条例|政策|通知|若干措施|行动|工程)(?:[(（][^()（）]{4,20}[)）])?(?:[(（](?:${STATUS_MARKS})[)）]){0,2}$`,
  'u',
);
/** A line that is only a status mark or two: （征求意见稿）, （试行）（草案）. */
const STATUS_LINE = new RegExp(`^(?:[(（](?:${STATUS_MARKS})[)）]){1,2}$`, 'u');

/**
 * A line that reads as a policy's title: title-shaped and ending like one (…若干政策, …行动计划（2021-2023年）).
 * @example isPolicyTitleLine('安徽省工业互联网创新发展行动计划（2021-2023年）') // true
 */
export function isPolicyTitleLine(s: string): boolean {
  const t = s.trim();
  return isTitleShaped(t) && TITLE_ENDING.test(t);
}

function isTitleShaped(s: string): boolean {
  return contentLength(s) >= 4 && contentLength(s) <= 80 && !/[。，,；;！？]/u.test(s) && parseHeading(s) === null;
}

/** A plan period alone on a line, continuing the title above it: `(2023—2027年)`. */
function isPeriodLine(s: string): boolean {
  return /^[(（]\s*\d{4}\s*年?\s*[—–\-－~～至到]+\s*\d{4}\s*年\s*[)）]$/u.test(s.trim());
}

/** Index of the first line that starts an attachment (附件1 on its own), or the line count. */
function mainTextEnd(lines: string[]): number {
  const i = lines.findIndex((l) => {
    const h = parseHeading(l);
    return h !== null && h.kind === 'attachment' && !isAttachmentList(l);
  });
  return i < 0 ? lines.length : i;
}

interface Region {
  /** Lines [0, headEnd) come before the first heading: the notice, addressees, signature, plan title. */
  headEnd: number;
  /** Lines [0, mainEnd) are the main text; attachments follow. */
  mainEnd: number;
}

/** First non-blank line of the head satisfying `fn`, or -1. */
function findInHead(lines: string[], region: Region, fn: (line: string) => boolean): number {
  for (let i = 0; i < region.headEnd; i++) if (lines[i] !== '' && fn(lines[i]!)) return i;
  return -1;
}

interface Titles {
  /** The notice's own title (`关于印发X的通知`), or a non-印发 `关于…的意见` that is the document itself. */
  notice: string | null;
  /** The plan's title: X, 《X》 of the 印发 sentence, or X on its own line (period included), the longest. */
  plan: string | null;
  /** Without a notice: a title-shaped first line. */
  plain: string | null;
  /** The notice forwards (转发) another body's document: X is not the notice's own text. */
  forwards: boolean;
  /** Index of the line that titles the text the notice issues or forwards (X on its own line), or -1. */
  planAt: number;
  /** Every name the document goes by (canonical): its notice, and X as the notice and the head name it. */
  names: string[];
}

/**
 * A notice's title wrapped onto two or three lines (`南通市人民政府关于印发…行动方案的` / `通知`, as a hard-wrapped text
 * or a PDF breaks it): among the head's first three lines, pieces without a sentence's punctuation that read as a
 * notice's title only together. The wrapped title had been a clause and a hit (s22 ingest audit, finding 9).
 */
function wrappedNotice(lines: string[], region: Region): { start: number; end: number; text: string } | null {
  let seen = 0;
  for (let i = 0; i < region.headEnd && seen < 3; i++) {
    if (lines[i] === '') continue;
    seen++;
    let text = lines[i]!;
    for (let j = i + 1; j < Math.min(i + 3, region.headEnd); j++) {
      const piece = lines[j]!;
      if (piece === '' || /[。，,；;！？:：]/u.test(text + piece) || parseHeading(piece) !== null) break;
      text += piece;
      if (isTitleShaped(text) && NOTICE_TITLE.test(text)) return { start: i, end: j, text };
    }
  }
  return null;
}

/** What a forwarded (转发) document is called without its issuer: `市工业和信息化局关于X的意见` → `关于X的意见`. */
function withoutIssuer(title: string): string | null {
  const at = title.indexOf('关于');
  return at > 0 && contentLength(title.slice(at)) >= 6 ? title.slice(at) : null;
}

/** Find the titles and mark their lines (and their repeats in the main text) as `title`. */
function findTitles(lines: string[], region: Region, roles: Map<number, FrameRole>): Titles {
  let noticeAt = findInHead(lines, region, (l) => isTitleShaped(l) && NOTICE_TITLE.test(l));
  let notice = noticeAt >= 0 ? lines[noticeAt]! : null;
  if (noticeAt < 0) {
    const wrapped = wrappedNotice(lines, region);
    if (wrapped) {
      for (let i = wrapped.start; i < wrapped.end; i++) roles.set(i, 'title');
      noticeAt = wrapped.end;
      notice = wrapped.text;
    }
  }
  // A draft's status on the line under its title: （征求意见稿）, （草案）.
  if (notice !== null && STATUS_LINE.test((lines[noticeAt + 1] ?? '').trim())) {
    notice += lines[noticeAt + 1]!.trim();
    roles.set(noticeAt + 1, 'title');
  }
  const issuedMatch = notice ? ISSUED_PLAN.exec(notice) : null;
  const issued = issuedMatch?.[1] ?? null;
  const forwards = issuedMatch !== null && /转发/u.test(issuedMatch[0]);
  // 现将《X》印发给你们: a line that says 印发 / 发布 outside its 《》, not inside one — 根据《浙江省人民政府印发…的通知》，
  // 结合我市实际 cites another document, and taking it had made a body-only text's title, place and type the province's.
  // Also …《X》已经市政府同意，现转发给你们, and a decree's 《X》已经…通过，现予公布.
  const citingAt = findInHead(lines, region, (l) => /《[^》]{4,80}》/u.test(l) && /印发|发布|转发|(?:现予|予以)公布/u.test(l.replace(/《[^》]*》/gu, '')));
  const cited = citingAt >= 0 ? (/《([^》]{4,80})》/u.exec(lines[citingAt]!)?.[1] ?? null) : null;
  if (noticeAt >= 0) roles.set(noticeAt, 'title');

  // A title repeated without its period (`X` for `X(2024—2026年)`) is still the title; a forwarded one is printed without
  // its issuer (关于X的意见 for 市工业和信息化局关于X的意见).
  const withoutPeriod = (x: string) => x.replace(/[(（][^()（）]*\d{4}[^()（）]*[)）]$/u, '');
  const forwardedName = forwards && issued ? withoutIssuer(issued) : null;
  const planNames = [issued, cited, forwardedName].filter((x): x is string => x !== null).flatMap((x) => [canonical(x), canonical(withoutPeriod(x))]);
  const names = notice === null ? planNames : [...planNames, canonical(notice)];
  let standalone: string | null = null;
  let planAt = -1;
  for (let i = 0; i < region.mainEnd; i++) {
    const line = lines[i]!;
    if (line === '' || !isTitleShaped(line)) continue;
    const key = canonical(line);
    const next = lines[i + 1] ?? '';
    // X wrapped onto two lines, or X and its period on the next.
    if ((isPeriodLine(next) || (next !== '' && isTitleShaped(next))) && planNames.includes(key + canonical(next))) {
      roles.set(i, 'title').set(i + 1, 'title');
      if (standalone === null) [standalone, planAt] = [line + next, i];
    } else if (names.includes(key)) {
      roles.set(i, 'title');
      if (planNames.includes(key) && standalone === null) [standalone, planAt] = [line, i];
    }
  }

  let plain: string | null = null;
  if (notice === null && cited === null) {
    const at = findInHead(lines, region, (l) => isTitleShaped(l) && TITLE_ENDING.test(l));
    if (at >= 0 && at === findInHead(lines, region, () => true)) {
      plain = lines[at]!;
      roles.set(at, 'title');
      let next = at + 1;
      if (isPeriodLine(lines[next] ?? '')) {
        plain += lines[next]!;
        roles.set(next, 'title');
        next++;
      }
      // A draft’s status on the line under its title: （征求意见稿）, （草案）.
      if (STATUS_LINE.test((lines[next] ?? '').trim())) {
        plain += lines[next]!.trim();
        roles.set(next, 'title');
      }
    }
  }
  const plans = [standalone, issued, cited].filter((x): x is string => x !== null);
  const plan = plans.sort((a, b) => contentLength(b) - contentLength(a))[0] ?? null;
  return { notice, plan, plain, forwards, planAt, names };
}

/** The signatory of a decree (政府令) above its date: 市长　张三. */
const SIGNATORY = /^(?:代理?)?(?:省长|市长|区长|县长|州长|盟长|旗长|主席)\s*[\p{Script=Han}·]{2,5}$/u;

/**
 * Signature blocks: a date line with issuer lines just above it (blank lines between allowed), or a decree's
 * signatory (市长　张三). All are marked; the first block before `end` gives the issuer (joint issuers joined with 、)
 * and the date: what follows `end` is another document ({@link findAppended}).
 */
function findSignature(lines: string[], roles: Map<number, FrameRole>, end = lines.length): { issuer: string | null; date: string | null } {
  let issuer: string | null = null;
  let date: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const d = parseDateLine(lines[i]!);
    if (d === null) continue;
    roles.set(i, 'signature');
    const orgs: string[] = [];
    for (let j = i - 1; j >= 0 && i - j <= 6; j--) {
      const l = lines[j]!;
      if (l === '') continue;
      if (roles.has(j)) break;
      if (SIGNATORY.test(l.trim())) {
        roles.set(j, 'signature');
        continue;
      }
      if (!isOrganizationLine(l)) break;
      roles.set(j, 'signature');
      orgs.unshift(l);
    }
    if (date === null && i < end) {
      date = d;
      const named = orgs.filter((o) => !GENERIC_ORGS.has(o));
      issuer = named.length > 0 ? named.join('、') : null;
    }
  }
  return { issuer, date };
}

/**
 * A signature without a date: the issuing body alone on the last line(s) before `end`, after a sentence's end
 * (温州's 温州市人民政府 under its last heading had been a clause of 三、支持民营企业创新发展; s22 ingest audit, finding 9).
 * Marks the lines; returns the issuer, or null.
 */
function findUndatedSignature(lines: string[], end: number, roles: Map<number, FrameRole>): string | null {
  let j = end - 1;
  const orgs: number[] = [];
  for (; j >= 0; j--) {
    const l = lines[j]!;
    if (l === '') continue;
    if (roles.has(j) || !isOrganizationLine(l)) break;
    orgs.unshift(j);
  }
  if (orgs.length === 0 || j < 0 || roles.has(j) || !/[。！？；;][”’」』)）]*$/u.test(lines[j]!.trim())) return null;
  for (const i of orgs) roles.set(i, 'signature');
  const named = orgs.map((i) => lines[i]!.trim()).filter((o) => !GENERIC_ORGS.has(o));
  return named.length > 0 ? named.join('、') : null;
}

/**
 * The issuer a notice's title opens with, by the form 发文机关 + 关于 + 事由 + 文种: 温州市人民政府关于… → 温州市人民政府
 * (joint issuers spaced: 某市财政局 某市工信局关于…). Only a body that names its place: 省政府关于… names none.
 * @example issuerOfTitle('温州市人民政府关于促进民营经济高质量发展的若干意见') // '温州市人民政府'
 */
export function issuerOfTitle(title: string | null): string | null {
  const m = title ? /^(.+?)(?:关于|转发|印发)/u.exec(title.trim()) : null;
  if (!m) return null;
  const bodies = m[1]!.trim().split(/\s+/u);
  const named = bodies.every((b) => isOrganizationLine(b) && !GENERIC_ORGS.has(b) && !/^(?:省|市|区|县|州|本)/u.test(b));
  return named ? bodies.join('、') : null;
}

/**
 * The header lines under the title of a forwarded or appended text — its issuer, number and date
 * (`市工业和信息化局` / `（2022年5月20日）`) — within the next four lines: marked, and returned (indexes).
 */
function textHeader(lines: string[], titleEnd: number, roles: Map<number, FrameRole>): number[] {
  const out: number[] = [];
  for (let i = titleEnd + 1, seen = 0; i < lines.length && seen < 4; i++) {
    const l = lines[i]!.trim();
    if (l === '') continue;
    seen++;
    const numbered = parseDocNumberLine(l) !== null;
    if (!numbered && parseDateLine(l) === null && !isOrganizationLine(l)) break;
    roles.set(i, numbered ? 'doc-number' : 'signature');
    out.push(i);
  }
  return out;
}

/**
 * Where other documents begin in the file, after this one: a title line with its own document number on the line
 * under it or above it, or with its addressees under it (`各区县人民政府，市各委办局：`); a notice's title right after a
 * signature block that closes a text with headings; or a notice that opens with its addressees, no title above them
 * (昆山's, 巴中's and 南京's 土地 notice print none): a notice's addressees stand at its head, never in the body of
 * another text, and a text's own head is above its first heading, where this does not look. 12's 绍兴 notice had a 湖州
 * notice pasted below it: 湖州's clauses were cited as 绍兴's, its 文号 was a clause and its 施行 date became 绍兴's
 * effectiveDate (s22 ingest audit, finding 3). A title the document itself names (`names`: its notice, the plan it
 * issues or forwards, 《X》 of its head) is its own text, never another, nor are the addressees under it: 安徽's notice
 * issues two policies, and a forwarded document may print its own. Measured on seeds + ../shared/external (the
 * compendium left out): none of the 17 documents alone is flagged; of the 272 files made by gluing two of them, 184 are
 * (88 before the addressees counted, 74 before a number above the title did). Of the 88 left, 64 glue on 青岛's text,
 * which has no head at all, or one of the three 条例, a title alone over its 通过 line, after a text that ends without a
 * signature: only what such a file says about itself tells, so those stay one document, as before. The other 24 follow
 * 平湖's or 安徽's attachments: this looks in the main text only (an attachment may well print a notice's head).
 */
function findAppended(lines: string[], region: Region, names: readonly string[]): number[] {
  const out: number[] = [];
  let headed = false;
  let signed = false;
  let numbered = false;
  /** The last line read was a title (its own text's or another's), or a 文号 under one: addressees next are its. */
  let titleAbove = false;
  const nextLine = (i: number) => {
    let next = i + 1;
    while (next < lines.length && lines[next] === '') next++;
    return lines[next] ?? '';
  };
  for (let i = region.headEnd; i < region.mainEnd; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const above = numbered;
    numbered = parseDocNumberLine(line) !== null;
    const underTitle: boolean = titleAbove;
    titleAbove = numbered && underTitle;
    if (parseHeading(line) !== null) {
      [headed, signed] = [true, false];
      continue;
    }
    if (parseDateLine(line) !== null) {
      signed = headed;
      continue;
    }
    if (isAddresseeLine(line)) {
      if (!underTitle) {
        // A 文号 printed above the addressees is the new document's ({@link analyzeFrame} marks it).
        out.push(i);
        [headed, signed] = [false, false];
      }
      continue;
    }
    const titled = isTitleShaped(line) && (NOTICE_TITLE.test(line) || TITLE_ENDING.test(line));
    if (!titled) {
      if (!isOrganizationLine(line) && !numbered) signed = false;
      continue;
    }
    titleAbove = true;
    const key = canonical(line);
    if (names.some((n) => n.includes(key) || key.includes(n))) continue;
    const next = nextLine(i);
    if (above || parseDocNumberLine(next) !== null || isAddresseeLine(next) || (signed && NOTICE_TITLE.test(line))) {
      out.push(i);
      [headed, signed] = [false, false];
    }
  }
  return out;
}

/** The plan a notice at `at` issues, as its 印发 sentence within the next three lines names it (现将《X》印发给你们 → X), or null. */
function issuedName(lines: readonly string[], at: number, stop: number): string | null {
  for (let i = at + 1, seen = 0; i < stop && seen < 3; i++) {
    const l = lines[i]!;
    if (l === '') continue;
    seen++;
    const cited = /《([^》]{4,80})》/u.exec(l);
    if (cited && /印发|发布|转发|(?:现予|予以)公布/u.test(l.replace(/《[^》]*》/gu, ''))) return cited[1]!;
  }
  return null;
}

/** A table cell that is only a label of the page's publication info: `文号：`, `发布机构`, `成文日期 :`. */
const INFO_LABEL_CELL = /^(?:[\p{Script=Han}]{2,6}\s*[:：]|索引号|发文字号|文号|成文日期|发布日期|发文日期|发布时间|发文机关|发文单位|发布机构|主题分类|标题)$/u;

/**
 * An info line as `label：value` segments. A 信息公开 table puts each label and its value in cells of their own, which
 * the page reader flattens to `索引号： | 123/2024-1 | 发布机构： | 靖江市工业和信息化局`: a label cell is joined to the
 * value cell after it. Read as one line, the cell separator had been the value (文号 "|", s22 ingest audit, finding 6).
 */
function infoSegments(line: string): string[] {
  if (!/[|｜]/u.test(line)) return [line];
  const cells = line.split(/\s*[|｜]\s*/u).filter((c) => c !== '');
  const out: string[] = [];
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i]!;
    const next = cells[i + 1];
    if (INFO_LABEL_CELL.test(cell) && next !== undefined && !INFO_LABEL_CELL.test(next)) {
      out.push(`${cell.replace(/\s*[:：]$/u, '')}：${next}`);
      i++;
    } else out.push(cell);
  }
  return out;
}

/**
 * Fields of the page's publication-info lines (发布时间, 发文机关 or 发布机构, 成文日期, 发文字号, 标题), as lines or as a
 * table's label and value cells. A value holds a letter, digit or ideograph: never a stray separator.
 */
function readInfo(info: string[]) {
  const segments = info.flatMap(infoSegments);
  const value = (label: RegExp) => segments.map((l) => label.exec(l)?.[1]?.trim()).find((x) => x !== undefined && /[\p{L}\p{N}]/u.test(x)) ?? null;
  const posted = value(/(?:发布时间|发布日期|发文日期|(?<!\p{Script=Han})日期|(?<!\p{Script=Han})时间)\s*[:：]\s*(\S+)/u);
  const written = value(/成文日期\s*[:：]\s*(\S+)/u);
  return {
    postedDate: posted ? findDate(posted) : null,
    writtenDate: written ? findDate(written) : null,
    issuer: value(/(?:发文机关|发文单位|发布机构)\s*[:：]\s*(\S+)/u),
    docNumber: value(/(?:发文字号|文号)\s*[:：]\s*(\S+)/u),
    title: value(/标题\s*[:：]\s*(.+)$/u),
  };
}

// ---------- regulations: adopted (通过) and approved (批准) ----------

const DATE_IN_TEXT = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|([〇零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月\s*([一二三四五六七八九十]{1,3})\s*日/gu;

function dateOfMatch(m: RegExpExecArray): string | null {
  if (m[1]) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  const year = Number([...m[4]!].map((d) => CN_DIGIT_VALUE[d] ?? 0).join(''));
  return iso(year, smallChineseNumber(m[5]!), smallChineseNumber(m[6]!));
}

/** What a people's congress did to a regulation, by the word that ends the clause. */
const CONGRESS_ACT = /(?:人民代表大会|人大)[^，。；]{0,40}?(?:会议)?(?:修订)?(通过|批准)/u;

export interface Enactment {
  adopted: string | null;
  approved: string | null;
  /** The adopting body without its term (第十七届): `烟台市人民代表大会常务委员会`. */
  adopter: string | null;
  /** Indexes of the lines that carry these facts. */
  lines: number[];
}

/**
 * A regulation's adoption and approval, from the lines at its head: `2019年10月29日 烟台市第十七届人民代表大会常务
 * 委员会第二十二次会议通过`, `（2019年10月29日…通过　2020年1月15日…批准）`. The latest of each is kept (a revised
 * regulation lists its first adoption and its revisions). Amendments by decision (根据…决定修正) are not adoptions.
 * @example readEnactment(['某条例', '2020年1月15日 某省第十三届人民代表大会常务委员会第十六次会议批准'], 10).approved // '2020-01-15'
 */
export function readEnactment(lines: readonly string[], headEnd: number): Enactment {
  const out: Enactment = { adopted: null, approved: null, adopter: null, lines: [] };
  for (let i = 0; i < Math.min(headEnd, lines.length, 20); i++) {
    const line = lines[i]!;
    if (!/人民代表大会|人大/u.test(line) || !/通过|批准/u.test(line)) continue;
    const dates = [...line.matchAll(DATE_IN_TEXT)];
    let used = false;
    dates.forEach((m, k) => {
      const end = k + 1 < dates.length ? dates[k + 1]!.index : line.length;
      const clause = line.slice(m.index + m[0].length, end);
      // 根据2023年…决定修正: an amendment by decision, not an adoption.
      if (/根据\s*$/u.test(line.slice(Math.max(0, m.index - 4), m.index))) return;
      const act = CONGRESS_ACT.exec(clause);
      const date = dateOfMatch(m);
      if (!act || !date) return;
      used = true;
      if (act[1] === '通过') {
        if (!out.adopted || date > out.adopted) out.adopted = date;
        const body = /^[\s　]*(.+?人民代表大会(?:常务委员会)?)/u.exec(clause)?.[1];
        if (body && !out.adopter) out.adopter = body.replace(/第[一二三四五六七八九十\d]+届/gu, '').trim();
      } else if (!out.approved || date > out.approved) out.approved = date;
    });
    if (used) out.lines.push(i);
  }
  return out;
}

// ---------- government rules: a decree (政府令) ----------

/** The decree's own line over a government rule (政府规章): 常州市人民政府令. */
const DECREE_LINE = /^(\S{0,30}?人民政府)\s*令$/u;
/** A decree's number alone on its line: 第12号. */
const DECREE_NUMBER = /^第\s*\d{1,5}\s*号$/u;
/** 2022年9月15日无锡市人民政府令第188号公布: the day, the government and the number of the decree that made the rule. */
const PROMULGATED = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(\S{0,30}?人民政府)\s*令\s*(第\s*\d{1,5}\s*号)\s*(?:公布|发布)/u;
/** The decree's sentence: 《X》已经…常务会议审议通过，现予公布，自…起施行。 */
const PROMULGATION = /^《[^》]{4,80}》.*(?:现予|予以)(?:公布|发布)/u;

export interface Decree {
  /** The government whose decree it is, or null when the decree names none (市人民政府令). */
  issuer: string | null;
  /** `常州市人民政府令第12号`: the decree's line and its number, as the rule is cited. */
  docNumber: string | null;
  /** The day of the decree when its note gives it (2022年9月15日…令第188号公布); the full layout's is its signature's. */
  date: string | null;
}

/**
 * A government rule's decree (政府令), at its head, in either layout: the decree's own header (`常州市人民政府令` /
 * `第12号` / `《X》已经…通过，现予公布…` / `市长　张三` / `2023年3月20日`, the signatory read by {@link findSignature}), or
 * the note under the title (`（2022年9月15日无锡市人民政府令第188号公布　自2022年11月1日起施行）`). Such rules had no
 * date, issuer or 文号 (the number read as `第12号` alone) and their header lines were clauses, the note a search hit
 * (s22 ingest audit, finding 5). Marks those lines.
 * @example readDecree(['常州市人民政府令', '第12号'], 2, new Map()).docNumber // '常州市人民政府令第12号'
 */
export function readDecree(lines: readonly string[], headEnd: number, roles: Map<number, FrameRole>): Decree {
  const out: Decree = { issuer: null, docNumber: null, date: null };
  const named = (government: string) => (/^(?:省|市|区|县|州|自治区|自治州)?人民政府$/u.test(government) ? null : government);
  const end = Math.min(headEnd, lines.length, 20);
  for (let i = 0; i < end; i++) {
    const line = lines[i]!.trim();
    const decree = DECREE_LINE.exec(line);
    if (decree && out.docNumber === null) {
      let next = i + 1;
      while (next < end && lines[next]!.trim() === '') next++;
      const number = DECREE_NUMBER.test((lines[next] ?? '').trim()) ? lines[next]!.trim() : null;
      roles.set(i, 'doc-number');
      if (number) roles.set(next, 'doc-number');
      out.issuer = named(decree[1]!);
      out.docNumber = number ? `${decree[1]}令${number}`.replace(/\s+/gu, '') : null;
      continue;
    }
    if (PROMULGATION.test(line)) {
      roles.set(i, 'promulgation');
      continue;
    }
    const note = /^[(（](.*)[)）]$/u.exec(line)?.[1];
    const made = note ? PROMULGATED.exec(note) : null;
    if (made && out.docNumber === null) {
      roles.set(i, 'promulgation');
      out.issuer = named(made[4]!);
      out.docNumber = `${made[4]}令${made[5]}`.replace(/\s+/gu, '');
      out.date = iso(Number(made[1]), Number(made[2]), Number(made[3]));
    }
  }
  return out;
}

// ---------- document type ----------

/**
 * The document types PolicyLens records, most decisive first: a legal category when one is evident (a regulation
 * adopted by a people's congress; a government rule issued as a 令; a normative document by its number 〔规〕 or
 * its label), else a compendium, else the form its title ends with.
 */
export const DOCUMENT_TYPES = ['地方性法规', '政府规章', '规范性文件', '汇编', '规划', '行动计划', '实施方案', '若干措施', '意见', '办法', '通知'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Forms by the end of a title (its plan period removed), tried in order. */
const FORM_BY_TITLE: [RegExp, DocumentType][] = [
  [/汇编|选编|政策导引|政策指引|政策清单/u, '汇编'],
  [/(?:规划|纲要)$/u, '规划'],
  [/(?:行动计划|行动方案|计划|行动)$/u, '行动计划'],
  [/方案$/u, '实施方案'],
  [/(?:措施|政策)$/u, '若干措施'],
  [/意见$/u, '意见'],
  [/(?:办法|细则|规定|规则)$/u, '办法'],
  [/通知$/u, '通知'],
];
/** What a text says it is when it has no title: `制定本行动计划`. */
const SELF_REFERENCE: [RegExp, DocumentType][] = [
  [/制定本(?:行动)?计划/u, '行动计划'],
  [/制定本(?:实施)?方案/u, '实施方案'],
  [/制定本(?:若干)?(?:政策)?措施/u, '若干措施'],
  [/制定本(?:实施)?意见/u, '意见'],
  [/制定本(?:实施)?(?:办法|细则|规定)/u, '办法'],
  [/制定本规划/u, '规划'],
];

export interface TypeEvidence {
  title: string | null;
  /** The notice's own title (`关于…的通知`), when there is one. */
  notice: string | null;
  docNumber: string | null;
  issuer: string | null;
  /** True when adoption or approval lines by a people's congress were read. */
  enacted: boolean;
  /** Lines of the document (its head is searched for labels such as 行政规范性文件). */
  lines: readonly string[];
  /** Lines the cleaner set aside as page chrome, where such labels often sit (Zhejiang's ZJAC00-2024-0001). */
  removed?: readonly string[];
}

/**
 * The document's type (one of {@link DOCUMENT_TYPES}), or null when nothing says.
 * @example documentType({ title: '某市数字经济促进条例', notice: null, docNumber: null, issuer: null, enacted: true, lines: [] }) // '地方性法规'
 */
export function documentType(e: TypeEvidence): DocumentType | null {
  const title = (e.title ?? '').replace(/[(（][^()（）]*\d{4}[^()（）]*[)）]\s*$/u, '').trim();
  const head = [...e.lines.slice(0, 40), ...(e.removed ?? []).slice(0, 40)];
  if (e.enacted || /人民代表大会/u.test(e.issuer ?? '') || (/条例$/u.test(title) && !/国务院/u.test(e.issuer ?? ''))) return '地方性法规';
  if (/令/u.test(e.docNumber ?? '') || head.some((l) => /^\S{2,20}人民政府令$/u.test(l.trim()))) return '政府规章';
  // 沪府办规〔2025〕15号, 穗天科工信规字〔2023〕1号; the page header 行政规范性文件; Zhejiang's uniform code ZJAC00-2024-0001.
  if (/规字?\s*[〔[［(（]/u.test(e.docNumber ?? '') || head.some((l) => /行政规范性文件|^[A-Z]{4}\d{2}-\d{4}-\d{4}$/u.test(l.trim()))) return '规范性文件';
  if (title) {
    for (const [re, type] of FORM_BY_TITLE) if (re.test(title)) return type;
  }
  if (e.notice && /通知$/u.test(e.notice)) return '通知';
  if (!title) {
    // An untitled compendium still says what it is on its cover: 北京市产业政策导引.
    const cover = e.lines.filter((l) => l.trim() !== '').slice(0, 3);
    if (cover.some((l) => contentLength(l) <= 40 && FORM_BY_TITLE[0]![0].test(l))) return '汇编';
    const body = e.lines.slice(0, 60).join('');
    for (const [re, type] of SELF_REFERENCE) if (re.test(body)) return type;
  }
  return null;
}

/**
 * Read metadata from the cleaned lines and the publication-info lines, and mark the lines that carry it.
 * @param lines cleaned lines in order (blank lines as `''`)
 * @param info publication-info lines the cleaner set aside (`发布时间:… 来源:…`)
 * @param removed other lines the cleaner set aside (page chrome), read only for document-type labels
 * @example analyzeFrame(['关于印发X方案的通知', '各单位：', '某市人民政府', '2024年1月2日', 'X方案'], []).meta.title // 'X方案'
 */
export function analyzeFrame(lines: string[], info: string[], removed: readonly string[] = []): DocumentFrame {
  const roles = new Map<number, FrameRole>();
  const headings = new Map<number, TextHeading>();
  const mainEnd = mainTextEnd(lines);
  const firstHeading = lines.findIndex((l, i) => i < mainEnd && parseHeading(l) !== null);
  const region: Region = { mainEnd, headEnd: firstHeading < 0 ? Math.min(mainEnd, 30) : firstHeading };

  const titles = findTitles(lines, region, roles);
  // Another document pasted below this one: this one's metadata is read from its own lines only.
  const appendedAt = findAppended(lines, region, titles.names);
  const end = appendedAt[0] ?? lines.length;
  const own = lines.slice(0, end);
  const numberAt = findInHead(lines, region, (l) => parseDocNumberLine(l) !== null);
  if (numberAt >= 0) roles.set(numberAt, 'doc-number');
  const decree = readDecree(lines, region.headEnd, roles);
  const signature = findSignature(lines, roles, end);
  const unsigned = findUndatedSignature(lines, Math.min(end, mainEnd), roles);

  // Each appended document heads its clauses with its title, number and signature date.
  const appended = appendedAt.map((at, k): AppendedDocument => {
    const stop = Math.min(appendedAt[k + 1] ?? lines.length, mainEnd);
    findUndatedSignature(lines, stop, roles);
    let before = at - 1;
    while (before > 0 && lines[before] === '') before--;
    const printedAbove = before >= 0 && parseDocNumberLine(lines[before]!) !== null;
    if (printedAbove) roles.set(before, 'doc-number');
    const numbers = [...(printedAbove ? [before] : []), ...textHeader(lines, at, roles).filter((i) => parseDocNumberLine(lines[i]!) !== null)];
    let dated = -1;
    for (let i = at + 1; i < stop && dated < 0; i++) if (parseDateLine(lines[i]!) !== null) dated = i;
    const about = dated >= 0 ? [...numbers, dated] : numbers;
    const docNumber = numbers.length > 0 ? parseDocNumberLine(lines[numbers[0]!]!) : null;
    // The plan it issues (its title's 关于印发X的通知, or 《X》 of its 印发 sentence) is printed under its signature: that
    // line is its title, no clause, as it is in a file of its own.
    const issued = issuedName(lines, at, stop);
    const plans = [ISSUED_PLAN.exec(lines[at]!.trim())?.[1], issued].filter((x): x is string => !!x).map((x) => canonical(x));
    for (let i = at + 1; i < stop; i++) if (lines[i] !== '' && !roles.has(i) && plans.includes(canonical(lines[i]!))) roles.set(i, 'title');
    if (isAddresseeLine(lines[at]!)) {
      // Opened by its addressees: named by the plan it issues.
      const name = issued ?? '另一文件';
      headings.set(at, { title: [at], name, about, part: 'attachment' });
      return { line: at, title: name, docNumber, opening: 'addressees' };
    }
    roles.set(at, 'title');
    headings.set(at, { title: [at], about, part: 'attachment' });
    return { line: at, title: lines[at]!.trim(), docNumber, opening: 'title' };
  });

  // A forwarded document (转发) heads its own text with its issuer and date (and number), which are not the notice's.
  if (titles.forwards && titles.planAt >= 0 && !appendedAt.includes(titles.planAt)) {
    const titleEnd = roles.get(titles.planAt + 1) === 'title' && lines[titles.planAt + 1] !== '' ? titles.planAt + 1 : titles.planAt;
    const title = Array.from({ length: titleEnd - titles.planAt + 1 }, (_, k) => titles.planAt + k);
    headings.set(titles.planAt, { title, about: textHeader(lines, titleEnd, roles), part: 'main' });
  }
  const fields = readInfo(info);

  // A notice that forwards another body's document is cited by its own title, whose number and date these are; its
  // type is the forwarded document's.
  const title = (titles.forwards ? titles.notice : titles.plan) ?? titles.notice ?? titles.plain ?? fields.title;
  const enactment = readEnactment(lines, region.headEnd);
  for (const i of enactment.lines) roles.set(i, 'adoption');
  const issuer = signature.issuer ?? unsigned ?? decree.issuer ?? fields.issuer ?? enactment.adopter ?? issuerOfTitle(titles.notice);
  const docNumber = decree.docNumber ?? (numberAt >= 0 ? parseDocNumberLine(lines[numberAt]!) : fields.docNumber);
  const place = resolvePlace({ issuer, titles: [titles.notice, titles.plan, titles.plain, fields.title], docNumber, lines: own })?.place ?? null;
  const enacted = enactment.adopted ?? enactment.approved;
  const latestEnactment = enactment.adopted && enactment.approved ? (enactment.adopted > enactment.approved ? enactment.adopted : enactment.approved) : enacted;
  const typed = titles.forwards ? (titles.plan ?? title) : title;
  return {
    meta: {
      title,
      issuer,
      date: latestEnactment ?? signature.date ?? decree.date ?? fields.writtenDate,
      adoptedDate: enactment.adopted,
      approvedDate: enactment.approved,
      postedDate: fields.postedDate,
      docNumber,
      ...placeFields(place),
      docType: documentType({ title: typed, notice: titles.notice, docNumber, issuer, enacted: enacted !== null, lines: own, removed }),
      planPeriod: [title, titles.plan, titles.notice].map((t) => (t ? findPlanPeriod(t) : null)).find((x) => x !== null) ?? null,
    },
    roles,
    headings,
    appended,
  };
}
