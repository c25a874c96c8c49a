/**
 * When a policy takes effect and until when it runs (施行日期, 有效期), read from its own closing clause:
 * 本办法自2023年9月8日起施行，有效期3年 · 本措施自2026年1月1日起实施，有效期至2030年12月31日 · 本条例自2020年3月1日起施行 ·
 * 本意见自印发之日起施行. A researcher asks which of a place's policies are still in force; the document's date
 * (成文日期) does not say, and for a regulation it is the adoption or approval date, not when it applies.
 *
 * Only a clause about the document itself counts: its subject is 本办法 / 本条例 / 本措施 / 本文件 …, so the 有效期 of a
 * licence or a designation (签约授牌有效期为三年, 特色园自纳入体系之日起有效期为3年) is not the document's. Pure: the
 * engine reads it from each document's last clauses when it opens an index (no index field, no schema change).
 */

/** What a document calls itself in its closing clause. */
const SELF =
  '本(?:实施办法|实施细则|实施意见|管理办法|若干措施|若干政策|若干意见|行动计划|实施方案|工作方案|暂行办法|暂行规定|规定|条例|办法|措施|意见|方案|政策|通知|文件|细则|决定|规则|计划|规划|指引|公告)';
const DATE = String.raw`(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日`;
const TAKES_EFFECT = String.raw`起\s*(?:施行|实施|执行|生效|正式实施)`;
/** 本办法自2023年9月8日起施行 / 本意见自印发之日起施行 (the same sentence). */
const EFFECTIVE = new RegExp(`${SELF}[^。；;]{0,20}?自\\s*(?:${DATE}|(?:印发|发布|公布|颁布|发文)之日)\\s*${TAKES_EFFECT}`, 'u');
/** 有效期至2030年12月31日 / 有效期到…止 / 有效期截至… */
const VALID_UNTIL = new RegExp(`有效期(?:为)?(?:至|到|截至|截止(?:到|至)?)\\s*${DATE}`, 'u');
/** 有效期3年 / 有效期为五年 / 有效期两年. */
const VALID_FOR = /有效期(?:为|是)?\s*([0-9]{1,2}|[一二两三四五六七八九十])\s*年/u;
/** 均为2024年全年有效: valid to the year's end. */
const VALID_YEAR = /(\d{4})\s*年(?:度)?全年有效/u;

const CHINESE_YEARS: Readonly<Record<string, number>> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

export interface Validity {
  /** The day it takes effect (ISO), or null when it does not say. */
  effective: string | null;
  /** The last day it runs (ISO), or null when it does not say. */
  expires: string | null;
  /** The clause that says so, as written (for the reader to show). */
  clause: string | null;
}

export const NO_VALIDITY: Validity = { effective: null, expires: null, clause: null };

function iso(y: string | number, m: string | number, d: string | number): string | null {
  const [year, month, day] = [Number(y), Number(m), Number(d)];
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && year >= 1949 && year <= 2100)) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return null;
  return date.toISOString().slice(0, 10);
}

/** The day before an ISO day (a policy that lapses on a day runs to the day before); null stays null. */
function dayBefore(day: string | null): string | null {
  if (!day) return null;
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The day before the same day `years` later: 有效期3年 from 2023-09-08 runs to 2026-09-07. */
function lastDayAfter(start: string, years: number): string {
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The validity a document states about itself in one of `clauses` (the last it finds wins: a closing clause comes last),
 * `issued` being its own date (成文日期, for 自印发之日起施行).
 * @example readValidity(['本办法自2023年9月8日起施行，有效期3年。'], null) // { effective: '2023-09-08', expires: '2026-09-07', clause: '本办法自…' }
 */
export function readValidity(clauses: readonly string[], issued: string | null): Validity {
  for (let i = clauses.length - 1; i >= 0; i--) {
    const text = clauses[i]!;
    if (!text.includes('有效') && !/起\s*(?:施行|实施|执行|生效)/u.test(text)) continue;
    for (const sentence of text.split(/(?<=[。；;])/u)) {
      const effective = EFFECTIVE.exec(sentence);
      const own = effective !== null || new RegExp(SELF).test(sentence);
      if (!own) continue;
      const start = effective ? (effective[1] ? iso(effective[1], effective[2]!, effective[3]!) : /^\d{4}-\d{2}-\d{2}$/u.test(issued ?? '') ? issued : null) : null;
      const until = VALID_UNTIL.exec(sentence);
      const span = VALID_FOR.exec(sentence);
      const year = VALID_YEAR.exec(sentence);
      let expires = until ? iso(until[1]!, until[2]!, until[3]!) : year ? `${year[1]}-12-31` : null;
      // 均为2024年全年有效: the whole year, from its first day (杭州's 2024 policies, dated 2024-02-18, had not been in
      // force in January by their own words).
      const from = start ?? (year && !until ? `${year[1]}-01-01` : null);
      if (!expires && span && start) {
        const years = /^\d+$/u.test(span[1]!) ? Number(span[1]) : (CHINESE_YEARS[span[1]!] ?? 0);
        if (years > 0) expires = lastDayAfter(start, years);
      }
      if (from || expires) return { effective: from, expires, clause: sentence.trim() };
    }
  }
  return NO_VALIDITY;
}

/** 2022年8月11日起 / 从2022年9月起: the day a card's policy runs from (a month from its first day). */
const CARD_START = /(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?\s*起/u;
/** …起至2025年12月31日止 / …起至2025年12月31日。: the last day a card's policy runs. */
const CARD_UNTIL = new RegExp(`起\\s*(?:至|到)\\s*${DATE}`, 'u');
/** 2025年失效 / 2025年6月30日失效: a year it lapses in (read as running through it), or the day it lapses on. */
const CARD_LAPSE = /(\d{4})\s*年(?:\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日)?\s*(?:起)?\s*失效/u;
/** 在2022-2024年内有效 / 2022—2024年有效: to the last year's end. */
const CARD_YEARS = /(\d{4})\s*年?\s*[-—–~至到]\s*(\d{4})\s*年(?:度)?\s*(?:内|期间)?\s*有效/u;

/**
 * The validity a compendium card states in its 时间/频度 field (`texts`: that field's clauses): 2022年8月11日起，有效期3年 ·
 * 从2022年9月起，有效期三年 · 有效期至2025年12月31日 · 2023年10月11日起至2025年12月31日止 · 从2022年7月5日起，在2022-2024年内有效 ·
 * 2022年8月26日起，2025年失效 (a year it lapses in is read as running through it; a day it lapses on, to the day before)
 * (the last two forms were read as no end until the nineteenth session's verifying audit: expired cards stayed in
 * force). A card states no 本办法 of its own, so `readValidity` does not read it.
 * @example cardValidity(['时间/频度：2022年8月11日起，有效期3年']) // { effective: '2022-08-11', expires: '2025-08-10', clause: '…' }
 */
export function cardValidity(texts: readonly string[]): Validity {
  for (const text of texts) {
    const start = CARD_START.exec(text);
    const from = start ? iso(start[1]!, start[2]!, start[3] ?? 1) : null;
    const until = VALID_UNTIL.exec(text) ?? CARD_UNTIL.exec(text);
    const span = VALID_FOR.exec(text);
    const yearSpan = CARD_YEARS.exec(text);
    let expires = until ? iso(until[1]!, until[2]!, until[3]!) : yearSpan && Number(yearSpan[2]) >= Number(yearSpan[1]) ? `${yearSpan[2]}-12-31` : null;
    const lapse = expires ? null : CARD_LAPSE.exec(text);
    if (lapse) expires = lapse[2] ? dayBefore(iso(lapse[1]!, lapse[2], lapse[3]!)) : `${lapse[1]}-12-31`;
    if (!expires && span && from) {
      const years = /^\d+$/u.test(span[1]!) ? Number(span[1]) : (CHINESE_YEARS[span[1]!] ?? 0);
      if (years > 0) expires = lastDayAfter(from, years);
    }
    if (expires || (from && text.includes('有效'))) return { effective: from, expires, clause: text.trim() };
  }
  return NO_VALIDITY;
}

/**
 * Whether a document is in force on `day` (ISO): taken effect by then (or no date said) and not expired. Null when
 * the document states neither date, so a caller can tell "in force" from "unknown".
 */
export function inForceOn(v: Validity, day: string): boolean | null {
  if (!v.effective && !v.expires) return null;
  return (!v.effective || v.effective <= day) && (!v.expires || day <= v.expires);
}

/**
 * The last day of a plan period given as two years (2023—2025年, 2021–2023): the end year's 31 December; null for a
 * horizon alone (至2025年: a target's year, not the plan's span) or none.
 * @example planEnd('2023—2025年') // '2025-12-31'
 */
export function planEnd(period: string | null | undefined): string | null {
  const m = period ? /(\d{4})\s*年?\s*[—–~至-]\s*(\d{4})/u.exec(period) : null;
  return m && Number(m[2]) >= Number(m[1]) ? `${m[2]}-12-31` : null;
}

/** A policy's kind, the word its title ends with (before its period in brackets): …若干政策, …行动计划(2021—2023年). */
const POLICY_KIND = '(?:政策|措施|计划|方案|意见|办法|规定|细则|条例|规划|纲要|指引|决定)';
const PERIOD_IN_BRACKETS = '(?:\\s*[(（][^()（）]{4,20}[)）])?';
/** Where a title joins two policies: after one's kind word (and period), 和 / 及 / 以及 / 与 / 、, or 》《. */
const POLICY_JOIN = new RegExp(`(?<=${POLICY_KIND}${PERIOD_IN_BRACKETS})(?:》?\\s*(?:和|及|以及|与|、)\\s*《?|》\\s*《)`, 'u');
const POLICY_TITLE = new RegExp(`^.{4,}${POLICY_KIND}${PERIOD_IN_BRACKETS}$`, 'u');

/**
 * The policies a title issues together, each with the end of the period its own title names (null when it names none):
 * a notice that issues two policies in one file (安徽's 支持工业互联网发展若干政策和安徽省工业互联网创新发展行动计划(2021—2023年))
 * gives its period to one of them only. [] when the title names one policy: each part must be a title (at least six
 * characters, ending with a policy's kind, 政策 … 决定), not 关于…, so 制造业和服务业融合发展实施方案, 若干政策和措施 and
 * 关于加强政策和资金支持的意见 are one policy each.
 * @example bundledPolicies('支持工业互联网发展若干政策和安徽省工业互联网创新发展行动计划(2021—2023年)') // [{ title: '支持…若干政策', end: null }, { title: '安徽省…行动计划(2021—2023年)', end: '2023-12-31' }]
 */
export function bundledPolicies(title: string | null | undefined): { title: string; end: string | null }[] {
  if (!title) return [];
  const parts = title.trim().replace(/^《|》$/gu, '').split(POLICY_JOIN).map((t) => t.trim());
  if (parts.length < 2 || !parts.every((t) => POLICY_TITLE.test(t) && !t.startsWith('关于'))) return [];
  return parts.map((t) => ({ title: t, end: planEnd(t) }));
}

/**
 * The last day a plan period ends the whole document (what /docs shows as 规划期至 and `in_force` reads as its end):
 * `planEnd` of its period, unless its title issues several policies and names a period for some of them only; then
 * the document as a whole sets no end (null), since a part of it runs on. When every part names one, the last to end.
 * 安徽's notice (若干政策, with no end, and a 行动计划 for 2021—2023) had been shown 规划期至 2023-12-31（已结束） and left out
 * under `in_force` whole (twenty-first session's verifying audit). On seeds + external it is the one title of 18 that
 * splits; `in_force` today keeps 14 documents instead of 13, and 安徽's 23 targets with them, 22 of them the ended
 * 行动计划's (到2023年…): a document is in force or not as a whole. Reading each part by its own period, as a compendium's
 * clauses go by their cards (src/search/card-dates.ts), would keep the 若干政策 alone; not done.
 * @example documentPlanEnd({ title: '苏州市制造业提质行动方案', planPeriod: '2024–2026' }) // '2026-12-31'
 */
export function documentPlanEnd(d: { title?: string | null; planPeriod?: string | null }): string | null {
  const end = planEnd(d.planPeriod);
  if (!end) return null;
  const parts = bundledPolicies(d.title);
  const named = parts.filter((p) => p.end !== null);
  // No part names a period (it came from the notice or the manifest): the document's.
  if (!named.length) return end;
  if (named.length < parts.length) return null;
  return named.map((p) => p.end!).reduce((a, b) => (a > b ? a : b));
}

/** A document's standing on a day, as /docs labels it: 已失效, 尚未施行, 规划期已结束, or in force by its own dates. */
export type DocumentStatus = 'in-force' | 'expired' | 'not-yet-in-force' | 'plan-ended';

interface DatedDocument {
  date: string | null;
  effectiveDate: string | null;
  expiryDate: string | null;
  planPeriod?: string | null;
  title?: string | null;
}

/**
 * The last day a document runs, as /docs shows it: its own 有效期 (`expiryDate`), else, when it states no validity, the
 * end of the plan period that covers it whole ({@link documentPlanEnd}); null when it says neither.
 * @example documentEnd({ date: '2023-02', effectiveDate: null, expiryDate: null, planPeriod: '2023—2025年' }) // '2025-12-31'
 */
export function documentEnd(d: DatedDocument): string | null {
  if (d.expiryDate) return d.expiryDate;
  return d.effectiveDate ? null : documentPlanEnd(d);
}

/**
 * A document's standing on `day` (ISO), as /docs marks it: `expired` past its 有效期 (已失效), `not-yet-in-force` before
 * its 施行 day (尚未施行), `plan-ended` past the plan period that covers it whole when it states no validity (已结束),
 * `in-force` within the dates it states or its period; null when it states neither (/docs shows nothing, and `in_force`
 * keeps it from its 成文日期 on). One rule with {@link documentInForce}: a status other than `in-force` or null is a
 * document `in_force` leaves out on that day.
 * @example documentStatus({ date: '2023-08-09', effectiveDate: '2023-09-08', expiryDate: '2026-09-07' }, '2026-12-07') // 'expired'
 */
export function documentStatus(d: DatedDocument, day: string): DocumentStatus | null {
  if (d.expiryDate && d.expiryDate < day) return 'expired';
  if (d.effectiveDate && day < d.effectiveDate) return 'not-yet-in-force';
  const end = documentEnd(d);
  if (end && end < day) return 'plan-ended';
  return d.effectiveDate || end ? 'in-force' : null;
}

/**
 * Whether a document may be in force on `day`: false when its own validity says not (inForceOn), and false when it
 * states no date of taking effect but was written after that day (a 2025 notice was not in force in 2023, whatever
 * it says of its end), and false after the period a plan names (行动计划(2023—2025年) ends on 2025-12-31) when it
 * states no validity and the period covers it whole ({@link documentPlanEnd}). True otherwise, so an undated document
 * that states nothing is kept. `date` is the document's 成文日期 as the indexer keeps it (2023-09-08, 2023-09 or 2023);
 * a partial date counts from its first day.
 *
 * @example documentInForce({ date: '2025-03-01', effectiveDate: null, expiryDate: null }, '2024-12-31') // false
 */
export function documentInForce(d: DatedDocument, day: string): boolean {
  if (inForceOn({ effective: d.effectiveDate, expires: d.expiryDate, clause: null }, day) === false) return false;
  // A plan that states no validity but names its period (行动计划(2023—2025年)) ends with it.
  const ends = !d.effectiveDate && !d.expiryDate ? documentPlanEnd(d) : null;
  if (ends && ends < day) return false;
  if (d.effectiveDate || !d.date || !/^\d{4}(?:-\d{2}){0,2}$/u.test(d.date)) return true;
  return `${d.date}${'-01-01'.slice(d.date.length - 4)}` <= day;
}
