import { describe, expect, it } from 'vitest';
import { dateBound, dateInRange } from '../../src/search/date-range.js';

describe('dateBound', () => {
  it('reads a year, a month or a day as the first day it covers, or the last', () => {
    expect(dateBound('2022', false)).toBe('2022-01-01');
    expect(dateBound('2022', true)).toBe('2022-12-31');
    expect(dateBound('2022-5', false)).toBe('2022-05-01');
    expect(dateBound('2022/05', true)).toBe('2022-05-31');
    expect(dateBound(' 2022.05.03 ', true)).toBe('2022-05-03');
    // A month ends on its own last day.
    expect(dateBound('2024-06', true)).toBe('2024-06-30');
    expect(dateBound('2024-02', true)).toBe('2024-02-29');
    expect(dateBound('2023-2', true)).toBe('2023-02-28');
    // A year no policy is dated in is refused, not read (nineteenth session's verifying audit: since=0000 passed).
    for (const slip of ['0000', '0202', '9999', '1900-05']) expect(dateBound(slip, false), slip).toBeNull();
    expect(dateBound('1949', false)).toBe('1949-01-01');
  });

  it('reads a bound as a Chinese user types it: 2023年5月, full-width digits', () => {
    expect(dateBound('2023年', false)).toBe('2023-01-01');
    expect(dateBound('2023年5月', true)).toBe('2023-05-31');
    expect(dateBound('2023年5月1日', false)).toBe('2023-05-01');
    expect(dateBound(' 2024 年 2 月 ', true)).toBe('2024-02-29');
    expect(dateBound('２０２３', true)).toBe('2023-12-31');
    expect(dateBound('２０２３－０５', false)).toBe('2023-05-01');
    expect(dateBound('２０２３／５／２', false)).toBe('2023-05-02');
    for (const bad of ['2023年13月', '2023年2月30日', '23年', '2023年5日', '二〇二三年']) expect(dateBound(bad, false), bad).toBeNull();
  });

  it('refuses what is not a date', () => {
    for (const bad of ['', '22', '2022-13', '2022-00', '2022-05-32', '2023-02-29', '2024-06-31', '2022-05-01-01', '二〇二二', 'since', '20220501']) expect(dateBound(bad, false), bad).toBeNull();
  });
});

describe('dateInRange', () => {
  const since = dateBound('2023', false)!;
  const until = dateBound('2023-06', true)!;
  it('passes a document with a day within the bounds, its date a day, a month or a year', () => {
    expect(dateInRange('2023-03-01', since, until)).toBe(true);
    expect(dateInRange('2023-06', since, until)).toBe(true);
    // 2023 has days within January–June 2023; 2022-12 has none.
    expect(dateInRange('2023', since, until)).toBe(true);
    expect(dateInRange('2022-12', since, until)).toBe(false);
    expect(dateInRange('2023-07-01', since, until)).toBe(false);
    // The bounds are inclusive.
    expect(dateInRange('2023-01-01', since, until)).toBe(true);
    expect(dateInRange('2023-06-30', since, until)).toBe(true);
  });

  it('takes one bound alone, passes everything without one, and fails an undated document under a bound', () => {
    expect(dateInRange('2018-06-25', since, undefined)).toBe(false);
    expect(dateInRange('2018-06-25', undefined, until)).toBe(true);
    expect(dateInRange(null, undefined, undefined)).toBe(true);
    expect(dateInRange(null, since, undefined)).toBe(false);
    expect(dateInRange('不详', since, undefined)).toBe(false);
  });
});
