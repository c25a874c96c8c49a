import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TermMatcher } from '../../src/text/term-matcher.js';

describe('TermMatcher', () => {
  it('finds each term a text holds once, by where it first starts (then in the given order), overlaps included', () => {
    const m = new TermMatcher(['工业互联网', '互联网', '工业', '上云', '', '标识解析']);
    expect(m.termsIn('推动企业上云，建设工业互联网平台，工业互联网标识解析')).toEqual([3, 0, 2, 1, 5]);
    expect(m.termsIn('没有')).toEqual([]);
    expect(m.termsIn('')).toEqual([]);
  });

  it('never finds an empty term, and tells apart terms that one text repeats', () => {
    const m = new TermMatcher(['', 'ab', 'ab']);
    expect(m.termsIn('xxabab')).toEqual([1, 2]);
  });

  it('agrees with includes on any terms and text, one matcher reused across texts', () => {
    const alphabet = fc.constantFrom('工', '业', '互', '联', '网', '上', '云', 'a', 'b', '(', '（', ' ', '\ud83d', '\ude00');
    const word = fc.array(alphabet, { maxLength: 5 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), fc.array(fc.array(alphabet, { maxLength: 40 }).map((cs) => cs.join('')), { maxLength: 6 }), (terms, texts) => {
        const m = new TermMatcher(terms);
        for (const text of texts) {
          const expected = terms.map((t, i) => (t.length && text.includes(t) ? i : -1)).filter((i) => i >= 0);
          expect([...m.termsIn(text)].sort((a, b) => a - b)).toEqual(expected);
        }
      }),
      { numRuns: 500 },
    );
  });
});
