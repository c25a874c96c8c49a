import { describe, expect, it } from 'vitest';
import { corpusVocabulary } from '../../src/text/vocabulary.js';

describe('corpusVocabulary', () => {
  const clauses = [
    '盘活存量工业用地,推进低效用地再开发。',
    '推进工业用地弹性出让,盘活闲置厂房。',
    '支持企业开展智能化改造。',
    '支持企业上市融资。',
    '支持企业建设研发机构。',
  ];

  it('counts the clauses that hold each dictionary word, most frequent first', () => {
    const v = corpusVocabulary(clauses, { maxShare: 1 });
    const df = new Map(v.map((t) => [t.term, t.df]));
    expect(df.get('工业用地')).toBe(2);
    expect(df.get('盘活')).toBe(2);
    expect(df.get('企业')).toBe(3);
    expect(v[0]!.df).toBeGreaterThanOrEqual(v.at(-1)!.df);
  });

  it('leaves out words found in too many clauses, single characters, numbers and punctuation', () => {
    const v = corpusVocabulary(clauses, { maxShare: 0.5 }).map((t) => t.term);
    expect(v).not.toContain('企业');
    expect(v).not.toContain('支持');
    expect(v).toContain('工业用地');
    for (const t of v) expect(t).toMatch(/^\p{Script=Han}{2,8}$/u);
  });

  it('keeps the most frequent words under a cap', () => {
    expect(corpusVocabulary(clauses, { maxShare: 1, maxTerms: 3 })).toHaveLength(3);
  });
});
