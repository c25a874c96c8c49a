/**
 * Metadata (元数据) read from the text alone, and the lines that carry it.
 *
 * A notice (通知) wraps a plan: `关于印发X的通知`, addressees, the 印发 sentence citing 《X》, the signature block
 * (issuer lines and a date line), then X's own title and body. The plan's title X is the document's title. Lines
 * that only carry metadata (titles and their repeats, the document number, the signature block) are not clauses:
 * {@link analyzeFrame} marks them so the paragraph stage skips them. Nothing is invented: a field the text does not
 * state is null, and the manifest overrides these values later.
 */
import type { DocumentMeta } from '../types.js';
import { canonical, contentLength } from './normalize.js';
import { isAttachmentList, parseHeading } from './structure.js';

export type TextMeta = Omit<DocumentMeta, 'id' | 'file'>;

/** Why a line is not a paragraph. */
export type FrameRole = 'title' | 'signature' | 'doc-number';

export interface DocumentFrame {
  meta: TextMeta;
  /** Index (into the given lines) → role, for lines that carry metadata rather than clauses. */
  roles: Map<number, FrameRole>;
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
  const s = line.trim();
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

/** Names of bodies that say nothing without a place: the spam in 001 leaves only `人民政府`. */
const GENERIC_ORGS = new Set(['人民政府', '政府', '办公室', '办公厅', '人民政府办公室', '人民政府办公厅', '委员会']);

const PLACE = /^((?:[\p{Script=Han}]{2,9}?)(?:特别行政区|自治区|自治州|自治县|省|市|州|盟|区|县|旗))/u;
/** Words that occur in phrases, never in place names: 加快建设制造强市 is not a city. */
const NOT_PLACE = /关于|加快|建设|推进|推动|促进|实施|印发|制造|发展|产业|工业|政府|办公|的|和|与/u;

/**
 * The first place name (`XX省`, `XX市`, `XX区`, `XX县`, `XX自治区`) an organisation or title starts with,
 * after a leading 中共 / 中国共产党.
 * @example placeOf('中共昆山市委办公室') // '昆山市'
 */
export function placeOf(name: string): string | null {
  const s = name.trim().replace(/^(?:中共|中国共产党)/u, '');
  const m = PLACE.exec(s);
  return m && !NOT_PLACE.test(m[1]!) ? m[1]! : null;
}

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
const TITLE_ENDING = /(?:方案|计划|意见|办法|规定|细则|措施|决定|规划|纲要|条例|政策|通知|若干措施|行动|工程)(?:[(（][^()（）]{4,20}[)）])?$/u;

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
}

/** Find the titles and mark their lines (and their repeats in the main text) as `title`. */
function findTitles(lines: string[], region: Region, roles: Map<number, FrameRole>): Titles {
  const noticeAt = findInHead(lines, region, (l) => isTitleShaped(l) && NOTICE_TITLE.test(l));
  const notice = noticeAt >= 0 ? lines[noticeAt]! : null;
  const issued = notice ? (ISSUED_PLAN.exec(notice)?.[1] ?? null) : null;
  const citingAt = findInHead(lines, region, (l) => /印发|发布/u.test(l) && /《[^》]{4,80}》/u.test(l));
  const cited = citingAt >= 0 ? (/《([^》]{4,80})》/u.exec(lines[citingAt]!)?.[1] ?? null) : null;
  if (noticeAt >= 0) roles.set(noticeAt, 'title');

  // A title repeated without its period (`X` for `X(2024—2026年)`) is still the title.
  const withoutPeriod = (x: string) => x.replace(/[(（][^()（）]*\d{4}[^()（）]*[)）]$/u, '');
  const planNames = [issued, cited].filter((x): x is string => x !== null).flatMap((x) => [canonical(x), canonical(withoutPeriod(x))]);
  const names = notice === null ? planNames : [...planNames, canonical(notice)];
  let standalone: string | null = null;
  for (let i = 0; i < region.mainEnd; i++) {
    const line = lines[i]!;
    if (line === '' || !isTitleShaped(line)) continue;
    const key = canonical(line);
    const next = lines[i + 1] ?? '';
    if (isPeriodLine(next) && planNames.includes(key + canonical(next))) {
      roles.set(i, 'title').set(i + 1, 'title');
      standalone ??= line + next;
    } else if (names.includes(key)) {
      roles.set(i, 'title');
      if (planNames.includes(key)) standalone ??= line;
    }
  }

  let plain: string | null = null;
  if (notice === null && cited === null) {
    const at = findInHead(lines, region, (l) => isTitleShaped(l) && TITLE_ENDING.test(l));
    if (at >= 0 && at === findInHead(lines, region, () => true)) {
      plain = lines[at]!;
      roles.set(at, 'title');
      if (isPeriodLine(lines[at + 1] ?? '')) {
        plain += lines[at + 1]!;
        roles.set(at + 1, 'title');
      }
    }
  }
  const plans = [standalone, issued, cited].filter((x): x is string => x !== null);
  const plan = plans.sort((a, b) => contentLength(b) - contentLength(a))[0] ?? null;
  return { notice, plan, plain };
}

/**
 * Signature blocks: a date line with issuer lines just above it (blank lines between allowed). All are marked;
 * the first block gives the issuer (joint issuers joined with 、) and the date.
 */
function findSignature(lines: string[], roles: Map<number, FrameRole>): { issuer: string | null; date: string | null } {
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
      if (!isOrganizationLine(l) || roles.has(j)) break;
      roles.set(j, 'signature');
      orgs.unshift(l);
    }
    if (date === null) {
      date = d;
      const named = orgs.filter((o) => !GENERIC_ORGS.has(o));
      issuer = named.length > 0 ? named.join('、') : null;
    }
  }
  return { issuer, date };
}

/** Fields of the page's publication-info lines (发布时间, 发文机关, 成文日期, 发文字号, 标题). */
function readInfo(info: string[]) {
  const value = (label: RegExp) => info.map((l) => label.exec(l)?.[1]?.trim()).find((x) => x !== undefined && x !== '') ?? null;
  const posted = value(/(?:发布时间|发布日期|发文日期|(?<!\p{Script=Han})日期|(?<!\p{Script=Han})时间)\s*[:：]\s*(\S+)/u);
  const written = value(/成文日期\s*[:：]\s*(\S+)/u);
  return {
    postedDate: posted ? findDate(posted) : null,
    writtenDate: written ? findDate(written) : null,
    issuer: value(/发文机关\s*[:：]\s*(\S+)/u),
    docNumber: value(/(?:发文字号|文号)\s*[:：]\s*(\S+)/u),
    title: value(/标题\s*[:：]\s*(.+)$/u),
  };
}

/**
 * Read metadata from the cleaned lines and the publication-info lines, and mark the lines that carry it.
 * @param lines cleaned lines in order (blank lines as `''`)
 * @param info publication-info lines the cleaner set aside (`发布时间:… 来源:…`)
 * @example analyzeFrame(['关于印发X方案的通知', '各单位：', '某市人民政府', '2024年1月2日', 'X方案'], []).meta.title // 'X方案'
 */
export function analyzeFrame(lines: string[], info: string[]): DocumentFrame {
  const roles = new Map<number, FrameRole>();
  const mainEnd = mainTextEnd(lines);
  const firstHeading = lines.findIndex((l, i) => i < mainEnd && parseHeading(l) !== null);
  const region: Region = { mainEnd, headEnd: firstHeading < 0 ? Math.min(mainEnd, 30) : firstHeading };

  const titles = findTitles(lines, region, roles);
  const numberAt = findInHead(lines, region, (l) => parseDocNumberLine(l) !== null);
  if (numberAt >= 0) roles.set(numberAt, 'doc-number');
  const signature = findSignature(lines, roles);
  const fields = readInfo(info);

  const title = titles.plan ?? titles.notice ?? titles.plain ?? fields.title;
  const issuer = signature.issuer ?? fields.issuer;
  const city =
    (issuer ?? '').split(/[、,，\s]/u).map(placeOf).find((x) => x !== null) ??
    (title ? placeOf(title) : null) ??
    (titles.notice ? placeOf(titles.notice) : null);
  const isProvince = city !== null && /(?:省|自治区)$/u.test(city);
  return {
    meta: {
      title,
      issuer,
      date: signature.date ?? fields.writtenDate,
      postedDate: fields.postedDate,
      docNumber: numberAt >= 0 ? lines[numberAt]!.trim() : fields.docNumber,
      city,
      level: isProvince ? 'province' : null,
      province: isProvince ? city : null,
      planPeriod: [title, titles.notice].map((t) => (t ? findPlanPeriod(t) : null)).find((x) => x !== null) ?? null,
      docType: null,
    },
    roles,
  };
}
