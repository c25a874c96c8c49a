import { describe, expect, it } from 'vitest';
import { checkRelevanceSet, formatReport, matches, ndcgAt, recallAt, reciprocalRank, parseRelevanceSet, type EvalReport } from '../../src/search/evaluate.js';
import { spearman, ranks, parseStsTsv } from '../../src/embed/sts.js';

const hit = (file: string, text: string) => ({ doc: { id: file, file, title: null, city: null, level: null, date: null }, text });
const rel = [
  { doc: 'a.txt', anchor: '专精 特新', grade: 2 },
  { doc: 'b.txt', anchor: '亩均税收', grade: 1 },
];

describe('relevance metrics', () => {
  it('matches anchors with whitespace removed, in the same document only', () => {
    expect(matches(hit('a.txt', '支持专精特新企业'), rel[0]!)).toBe(true);
    expect(matches(hit('b.txt', '支持专精特新企业'), rel[0]!)).toBe(false);
  });

  it('computes graded nDCG@10 against the ideal order', () => {
    const ideal = [hit('a.txt', '专精特新'), hit('b.txt', '亩均税收')];
    expect(ndcgAt(ideal, rel)).toBeCloseTo(1, 10);
    const swapped = [hit('b.txt', '亩均税收'), hit('a.txt', '专精特新')];
    const dcg = 1 / Math.log2(2) + 3 / Math.log2(3);
    const idcg = 3 / Math.log2(2) + 1 / Math.log2(3);
    expect(ndcgAt(swapped, rel)).toBeCloseTo(dcg / idcg, 10);
    expect(ndcgAt([hit('c.txt', 'x')], rel)).toBe(0);
  });

  it('counts an anchor once even when two paragraphs contain it', () => {
    const twice = [hit('a.txt', '专精特新'), hit('a.txt', '专精特新 again')];
    expect(ndcgAt(twice, rel)).toBeCloseTo(3 / (3 + 1 / Math.log2(3)), 10);
  });

  it('computes recall@10 and the reciprocal rank of the first grade-2 hit', () => {
    const hits = [hit('b.txt', '亩均税收'), hit('c.txt', 'x'), hit('a.txt', '专精特新')];
    expect(recallAt(hits, rel)).toBe(1);
    expect(recallAt(hits.slice(0, 1), rel)).toBe(0.5);
    expect(reciprocalRank(hits, rel)).toBeCloseTo(1 / 3, 10);
  });

  it('validates a relevance set and names the bad field', () => {
    expect(() => parseRelevanceSet({ queries: [{ id: 'q', query: '', relevant: [] }] })).toThrow(/queries\.0\.query/);
  });
});

describe('checkRelevanceSet', () => {
  const documents = [
    { file: 'a.txt', paragraphs: [{ text: '(一)支持专精特新企业。培育小巨人 企业20家。', duplicateOf: null }, { text: '附件:亩均税收', duplicateOf: 'x' }] },
    { file: 'b.txt', paragraphs: [{ text: '推动企业“专精特新”发展。', duplicateOf: null }] },
  ];
  const set = (over: object) => parseRelevanceSet({ queries: [], pairs: [], ...over });

  it('passes anchors found in a paragraph of their document, white space aside', () => {
    const good = set({
      queries: [{ id: 'q1', query: '专精特新', relevant: [{ doc: 'a.txt', anchor: '小巨人企业20家' }, { doc: 'b.txt', anchor: '“专精特新”' }] }],
      pairs: [{ id: 'p1', source: { doc: 'a.txt', anchor: '(一)支持' }, sentence: '培育小巨人 企业20家。', counterparts: [{ doc: 'b.txt', anchor: '推动企业' }] }],
    });
    expect(checkRelevanceSet(good, documents)).toEqual([]);
  });

  it('names every kind of bad label', () => {
    const bad = set({
      queries: [
        { id: 'q1', query: '专精特新', relevant: [{ doc: 'b.txt', anchor: '小巨人' }, { doc: 'c.txt', anchor: '专精' }, { doc: 'a.txt', anchor: '亩均税收' }] },
        { id: 'q2', query: '空', relevant: [] },
      ],
      pairs: [{ id: 'p1', source: { doc: 'a.txt', anchor: '(一)支持' }, sentence: '推动企业发展。', counterparts: [{ doc: 'a.txt', anchor: '小巨人' }] }],
    });
    expect(checkRelevanceSet(bad, documents)).toEqual([
      'q1: "小巨人" is in no paragraph of b.txt',
      'q1: no document c.txt',
      'q1: "亩均税收" is only in duplicates in a.txt',
      'q2: no relevant anchors',
      'p1: the sentence is not in the source clause "(一)支持专精特新企业。培育小巨人 企业20家。…"',
      'p1: counterpart "小巨人" is in the source\'s own document, which "similar" leaves out',
    ]);
  });
});

describe('formatReport', () => {
  const mode = (queries: number): EvalReport['modes'][number] => ({
    mode: 'hybrid', byKind: queries ? { keyword: { queries, ndcg10: 0.5, recall10: 0.5, mrr: 0.5 } } : {},
    overall: { queries, ndcg10: queries ? 0.5 : 0, recall10: queries ? 0.5 : 0, mrr: queries ? 0.5 : 0 }, cityTop3: queries ? 0.75 : 0, perQuery: [],
  });
  const pairs = [{ id: 'p1', found: 3, total: 4, sentenceFound: null }];

  it('shows no query table for a pairs-only set, where zeros would read as a result', () => {
    const text = formatReport({ modes: [mode(0)], pairHit3: 0.75, sentenceHit3: null, pairs } as EvalReport);
    expect(text).toContain('queries: none in this set (pairs only)');
    expect(text).not.toContain('overall');
    expect(text).toContain('pairs: counterpart hit@3 0.750 (3/4)');
  });

  it('shows the query table when the set has queries', () => {
    const text = formatReport({ modes: [mode(2)], pairHit3: 0.75, sentenceHit3: null, pairs } as EvalReport);
    expect(text).toMatch(/hybrid\s+overall\s+2\s+0\.500/);
    expect(text).not.toContain('queries: none');
  });

  it('shows no pair figure for a queries-only set, where 0.000 (0/0) would read as a result', () => {
    const text = formatReport({ modes: [mode(2)], pairHit3: 0, sentenceHit3: null, pairs: [] } as unknown as EvalReport);
    expect(text).toContain('pairs: none in this set (queries only)');
    expect(text).not.toContain('counterpart hit@3');
  });
});

describe('Spearman', () => {
  it('ranks ties by their mean rank', () => {
    expect(ranks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
  });
  it('is 1 for a monotone relation and -1 for a reversed one', () => {
    expect(spearman([1, 2, 3, 4], [10, 100, 1000, 10000])).toBeCloseTo(1, 10);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 10);
  });
  it('parses STS rows and skips malformed lines', () => {
    expect(parseStsTsv('甲\t乙\t3\nbad line\n丙\t丁\tx\n')).toEqual([{ a: '甲', b: '乙', score: 3 }]);
  });
});
