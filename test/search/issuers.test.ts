import { describe, expect, it } from 'vitest';
import { documentsIssuedBy, foldIssuer, issuerNames } from '../../src/search/issuers.js';

/** Issuers as the 18 documents of seeds + external write them (ids made up). */
const documents = [
  { id: 'ks', issuer: '中共昆山市委办公室、昆山市人民政府办公室' },
  { id: 'js', issuer: '江苏省人民政府' },
  { id: 'ph', issuer: '平湖市人民政府' },
  { id: 'qd', issuer: null },
  { id: 'ks2', issuer: '昆山市人民政府办公室' },
  { id: 'sc', issuer: '四川省人民政府办公厅' },
  { id: 'yt', issuer: '烟台市人民代表大会常务委员会' },
  { id: 'bj', issuer: '北京市发展和改革委员会' },
  { id: 'nj', issuer: '南京市规划和自然资源局' },
];

const chosen = (...values: string[]) => documentsIssuedBy(documents, values);

describe('foldIssuer', () => {
  it('reads script, width, spaces and quotes away, and the long forms of organ names as their short forms', () => {
    expect(foldIssuer('平湖市人民政府')).toBe('平湖市政府');
    expect(foldIssuer('煙臺市 人民代表大會常務委員會')).toBe('烟台市人大常委会');
    expect(foldIssuer('ＸＸ省人民代表大会')).toBe('XX省人大');
    expect(foldIssuer('中国共产党昆山市委员会')).toBe('中共昆山市委员会');
    expect(foldIssuer('北京市发展和改革委员会')).toBe('北京市发改委');
    expect(foldIssuer('北京市发展改革委')).toBe('北京市发改委');
    expect(foldIssuer('“平湖市政府”')).toBe('平湖市政府');
  });
});

describe('documentsIssuedBy', () => {
  it('chooses a document by its 发文机关 exactly, with 人民政府 and 政府 alike', () => {
    expect(chosen('平湖市人民政府')).toEqual({ ids: ['ph'], unknown: [] });
    expect(chosen('平湖市政府')).toEqual({ ids: ['ph'], unknown: [] });
    expect(chosen('平湖市人民政府').ids).toEqual(chosen(' 平湖市人民政府 ').ids);
    expect(chosen('北京市发改委').ids).toEqual(['bj']);
    expect(chosen('烟台市人大常委会').ids).toEqual(['yt']);
  });

  it('chooses every document whose 发文机关 holds the value: offices, joint issuers, a kind of organ', () => {
    // The joint notice and the office's own plan.
    expect(chosen('昆山市人民政府办公室').ids).toEqual(['ks', 'ks2']);
    expect(chosen('昆山市政府').ids).toEqual(['ks', 'ks2']);
    expect(chosen('中共昆山市委').ids).toEqual(['ks']);
    expect(chosen('人民政府').ids).toEqual(['ks', 'js', 'ph', 'ks2', 'sc']);
    expect(chosen('省政府').ids).toEqual(['js', 'sc']);
    expect(chosen('人大常委会').ids).toEqual(['yt']);
    expect(chosen('平湖').ids).toEqual(['ph']);
  });

  it('chooses by a part of a long form as written, which the short forms leave out (export audit, s22)', () => {
    // 委员会 had been refused while the refusal listed 北京市发展和改革委员会 and 烟台市人民代表大会常务委员会 as issuers.
    expect(chosen('委员会').ids).toEqual(['yt', 'bj']);
    expect(chosen('常务委员会').ids).toEqual(['yt']);
    expect(chosen('发展和改革委员会').ids).toEqual(['bj']);
    expect(chosen('人民代表大会').ids).toEqual(['yt']);
  });

  it('chooses nothing looser: the value is held whole, and an organ is not its superior', () => {
    expect(chosen('平湖政府')).toEqual({ ids: [], unknown: ['平湖政府'] });
    expect(chosen('省政府办公室').ids).toEqual([]);
    expect(chosen('南京市人民政府').ids).toEqual([]);
    // A document whose 发文机关 was not read is chosen by no value; a value of nothing chooses nothing.
    expect(chosen('青岛').ids).toEqual([]);
    expect(chosen('“ ”')).toEqual({ ids: [], unknown: ['“ ”'] });
  });

  it('takes several values as any of them, and names those that choose none', () => {
    expect(chosen('江苏省人民政府', '平湖市政府', '深圳市人民政府')).toEqual({ ids: ['js', 'ph'], unknown: ['深圳市人民政府'] });
  });
});

describe('issuerNames', () => {
  it("lists each organ once, a joint 发文机关's each, in the documents' order", () => {
    expect(issuerNames(documents)).toEqual([
      '中共昆山市委办公室', '昆山市人民政府办公室', '江苏省人民政府', '平湖市人民政府', '四川省人民政府办公厅', '烟台市人民代表大会常务委员会', '北京市发展和改革委员会', '南京市规划和自然资源局',
    ]);
  });
});
