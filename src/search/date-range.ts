/**
 * Filtering by a document's date (`since`, `until`): "policies from 2022 on", "what was in force before 2020".
 *
 * A bound is a year, a month or a day (2022, 2022-05, 2022-05-01; / or . may separate; 2022年5月 and full-width digits
 * are read too): `since` means its first day,
 * `until` its last, so `since=2022&until=2022` is the whole year. A document's date may itself be a year or a month
 * (a plan dated 2023-02); it passes when any day of it lies within the bounds. A document without a date fails every
 * date filter: nothing says it is in range. Bounds are real days (February 2024 ends on the 29th) and compare as ISO
 * strings.
 */

const BOUND = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$/;

/**
 * A bound as a Chinese user may type it, in the form `BOUND` reads: full-width digits and separators (２０２３－０５, an
 * input method's full-width mode) as ASCII, and 2023年 / 2023年5月 / 2023年5月1日 as 2023 / 2023-5 / 2023-5-1.
 */
function asTyped(value: string): string {
  const v = value.normalize('NFKC').trim();
  const written = /^(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号]?)?)?$/.exec(v);
  if (!written) return v;
  return [written[1], written[2], written[3]].filter((x) => x !== undefined).join('-');
}

/**
 * A bound as an ISO day, or null when it is not a year, month or day: the first day it covers, or (`end`) the last.
 * @example dateBound('2022', false) // '2022-01-01'
 * @example dateBound('2024-2', true) // '2024-02-29'
 */
export function dateBound(value: string, end: boolean): string | null {
  const day = isoBound(asTyped(value), end);
  // A year no policy is dated in (0000, 9999) is a slip, not a bound (nineteenth session's verifying audit): refused.
  return day && day >= FIRST_BOUND && day <= LAST_BOUND ? day : null;
}

/** The days a typed bound may name: the People's Republic's policies, and this century. */
const FIRST_BOUND = '1949-01-01';
const LAST_BOUND = '2100-12-31';

/** `dateBound` of a value already written with ASCII digits (a document's metadata date). */
function isoBound(value: string, end: boolean): string | null {
  const m = BOUND.exec(value);
  if (!m) return null;
  const [, y, mo, d] = m;
  const month = mo === undefined ? null : Number(mo);
  const day = d === undefined ? null : Number(d);
  if (month !== null && (month < 1 || month > 12)) return null;
  if (day !== null && (day < 1 || day > 31)) return null;
  const m2 = month ?? (end ? 12 : 1);
  // The month's last day (day 0 of the next month), leap years included.
  const last = new Date(Date.UTC(Number(y), m2, 0)).getUTCDate();
  if (day !== null && day > last) return null;
  const dd = day ?? (end ? last : 1);
  return `${y}-${String(m2).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
}

/**
 * Whether a document dated `date` (a day, a month or a year, as the metadata writes it) has a day within
 * [`since`, `until`] (ISO days from {@link dateBound}; either may be absent). No bound: every document passes.
 * @example dateInRange('2023-02', '2023-02-15', undefined) // true: February 2023 has days from the 15th on
 */
export function dateInRange(date: string | null | undefined, since: string | undefined, until: string | undefined): boolean {
  if (!since && !until) return true;
  if (!date) return false;
  // Metadata dates are written as the index wrote them (ASCII): no need to read them as a user types.
  const first = isoBound(date.trim(), false);
  const last = isoBound(date.trim(), true);
  if (!first || !last) return false;
  return (!since || last >= since) && (!until || first <= until);
}

/**
 * Whether a clause is within [`since`, `until`]: by its compendium card's 发布日期 when it has one (several joined by
 * `/`, 2023-10-25/2023-11-17: any of them), else by its document's date. A compendium printed in 2024 gathers
 * policies of 2019–2024; `since=2023` should keep its 2023 cards, not every card because the book is dated 2024.
 * @example clauseInRange('2021-12-23', '2024', '2023-01-01', undefined) // false
 */
export function clauseInRange(cardDate: string | null | undefined, docDate: string | null | undefined, since: string | undefined, until: string | undefined): boolean {
  if (!since && !until) return true;
  if (cardDate) return cardDate.split('/').some((d) => dateInRange(d, since, until));
  return dateInRange(docDate, since, until);
}
