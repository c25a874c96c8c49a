import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countTerm, escapeHtml, FoldedPhrase, foldTerm, highlightRanges, holdsTerm, isNumberTerm, isUnitWord, joinUnits, markHtml, withoutQuestionFrame } from '../../src/text/highlight.js';
import { foldWidth, toWellFormed } from '../../src/text/segment.js';

/** The highlighted substrings, for readable assertions. */
const painted = (text: string, terms: string[]) => highlightRanges(text, terms).map(([s, e]) => text.slice(s, e));

describe('highlightRanges', () => {
  it('merges overlapping terms into one range', () => {
    const text = '市里培育专精特新企业，扶持特新企业上市。';
    expect(painted(text, ['专精特新', '特新企业'])).toEqual(['专精特新企业', '特新企业']);
    expect(highlightRanges(text, ['专精特新', '特新企业'])).toEqual([[4, 10], [13, 17]]);
  });

  it('merges adjacent ranges and returns them sorted whatever the term order', () => {
    const text = '亩均税收和亩均增加值';
    expect(highlightRanges(text, ['增加值', '亩均税收', '亩均'])).toEqual([[0, 4], [5, 10]]);
  });

  it('finds every occurrence', () => {
    expect(painted('小巨人，小巨人，小巨人', ['小巨人'])).toEqual(['小巨人', '小巨人', '小巨人']);
  });

  it('matches a full-width query in half-width text and the reverse, ignoring Latin case', () => {
    expect(painted('建设5G全连接工厂和AI应用', ['５ｇ全连接工厂', 'ａｉ'])).toEqual(['5G全连接工厂', 'AI']);
    expect(painted('产值１２０亿元，ＡＩ赋能', ['120亿元', 'ai'])).toEqual(['１２０亿元', 'ＡＩ']);
  });

  it('ignores brackets and quotes inside a term, so every spelling of 首台(套) is found', () => {
    const text = '实施首台(套)工程，落实首台（套）保险和首台套采购';
    expect(painted(text, ['首台套'])).toEqual(['首台(套)', '首台（套）', '首台套']);
    expect(painted('培育专精特新“小巨人”企业', ['专精特新小巨人'])).toEqual(['专精特新“小巨人”']);
    // A closing mark whose opener is outside the match stays outside.
    expect(painted('“工业上楼”试点', ['工业上楼'])).toEqual(['工业上楼']);
  });

  it('never holds a closing quote without its opening one: a match that runs past the closer takes the opener too', () => {
    expect(painted('持续健全“专精特新”中小企业梯度培育体系', ['专精特新中小企业'])).toEqual(['“专精特新”中小企业']);
    expect(painted('打造“专精特新”企业', ['专精特新企业'])).toEqual(['“专精特新”企业']);
    expect(painted('及“小巨人”企业', ['小巨人企业'])).toEqual(['“小巨人”企业']);
  });

  it('matches a number whole: 20 is not painted inside 2025, 200 or 2000, nor 5% inside 35% or 5.5%', () => {
    expect(painted('到2025年，培育“小巨人”企业20家，超2000人，200家', ['20'])).toEqual(['20']);
    expect(painted('增长5.5%，占35%，达到5%，提高2.5个百分点', ['5%'])).toEqual(['5%']);
    expect(painted('亩均税收10.5万元，10万元', ['10'])).toEqual(['10']);
    // A term that only ends in a digit (G60) is bounded on that side only; a word before a number is still found.
    expect(painted('长三角G60科创走廊，G601', ['g60'])).toEqual(['G60']);
    expect(painted('小巨人企业100家', ['小巨人企业'])).toEqual(['小巨人企业']);
  });

  it('paints a one-character term only when it is the whole query', () => {
    const text = '企业的发展和产业的升级';
    expect(painted(text, ['的', '产业'])).toEqual(['产业']);
    expect(painted(text, ['的'])).toEqual(['的', '的']);
    expect(painted(text, ['的', '', '的'])).toEqual(['的', '的']);
  });

  it('keeps offsets right after emoji and never splits a surrogate pair', () => {
    const text = '🚀推动专精特新企业🚀发展𠀀企业';
    expect(highlightRanges(text, ['专精特新'])).toEqual([[4, 8]]);
    expect(painted(text, ['🚀'])).toEqual(['🚀', '🚀']);
    expect(painted(text, ['企业', '发展'])).toEqual(['企业', '发展', '企业']);
    // A term holding half of a pair must not leave half a character inside a range.
    expect(painted(text, ['\ud83d', '推动'])).toEqual(['推动']);
    const ranges = highlightRanges(text, ['\ude80推动']);
    expect(ranges).toEqual([[0, 4]]);
    for (const [s, e] of ranges) expect(toWellFormed(text.slice(s, e))).toBe(text.slice(s, e));
  });

  it('returns no range for terms that do not occur or are empty', () => {
    expect(highlightRanges('加快建设城市排水管网', ['专精特新', '', '“”'])).toEqual([]);
    expect(highlightRanges('', ['专精特新'])).toEqual([]);
  });

  it('returns sorted, disjoint, non-adjacent ranges inside the text for any input', () => {
    const piece = fc.constantFrom(...[...'专精特新企业的Ａa“”()😀𠀀 '], '特新', '企业', '😀企');
    const text = fc.string({ unit: piece, maxLength: 30 });
    fc.assert(
      fc.property(text, fc.array(fc.string({ unit: piece, maxLength: 4 }), { maxLength: 5 }), (t, terms) => {
        const ranges = highlightRanges(t, terms);
        let previousEnd = -1;
        for (const [s, e] of ranges) {
          expect(s).toBeGreaterThan(previousEnd);
          expect(e).toBeGreaterThan(s);
          expect(e).toBeLessThanOrEqual(t.length);
          previousEnd = e;
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('foldTerm', () => {
  it('folds width, case, brackets and quotes', () => {
    expect(foldTerm('首台（套）')).toBe('首台套');
    expect(foldTerm('“ＡＩ＋制造”')).toBe('ai+制造');
  });
});

describe('markHtml', () => {
  it('escapes the text before marking it', () => {
    expect(markHtml(`<b>&"'`, [])).toBe('&lt;b&gt;&amp;&quot;&#39;');
    expect(escapeHtml('a&b')).toBe('a&amp;b');
  });

  it('wraps the ranges in <mark>', () => {
    const text = '培育专精特新企业';
    expect(markHtml(text, highlightRanges(text, ['专精特新']))).toBe('培育<mark>专精特新</mark>企业');
  });

  it('keeps a query of markup inert', () => {
    const text = '搜索 <script>alert(1)</script> 的结果';
    const query = '<script>alert(1)</script>';
    const html = markHtml(text, highlightRanges(text, [query]));
    expect(html).toBe('搜索 <mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark> 的结果');
    expect(html).not.toContain('<script>');
  });

  it('never cuts an entity in two, even with a range that ends inside a character it escapes', () => {
    const text = 'R&D投入';
    expect(markHtml(text, [[1, 2]])).toBe('R<mark>&amp;</mark>D投入');
    expect(markHtml(text, [[0, 2], [1, 3]])).toBe('<mark>R&amp;D</mark>投入');
  });

  it('ignores empty and out-of-range parts and widens ranges that split an emoji', () => {
    const text = 'a😀b';
    expect(markHtml(text, [[5, 9], [2, 2]])).toBe('a😀b');
    expect(markHtml(text, [[2, 4]])).toBe('a<mark>😀b</mark>');
    expect(markHtml(text, [[-3, 1]])).toBe('<mark>a</mark>😀b');
  });

  it('produces text that reads back as the original once tags and entities are removed', () => {
    const unescape = (html: string) =>
      html
        .replace(/<\/?mark>/g, '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&');
    const range = fc.tuple(fc.integer({ min: -2, max: 25 }), fc.integer({ min: -2, max: 25 }));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), fc.array(range, { maxLength: 4 }), (text, ranges) => {
        const html = markHtml(text, ranges);
        expect(unescape(html)).toBe(text);
        expect(html.replace(/<\/?mark>/g, '')).not.toMatch(/[<>"']/);
      }),
      { numRuns: 200 },
    );
  });
});

describe('markHtml with the matched sentence', () => {
  const EM = '<em class="matched-sentence">';

  it('wraps the sentence in <em> with the term marks inside it', () => {
    const text = '培育企业。支持专精特新。';
    expect(markHtml(text, [[7, 11]], [5, 12])).toBe(`培育企业。${EM}支持<mark>专精特新</mark>。</em>`);
    expect(markHtml(text, [[7, 11]], null)).toBe('培育企业。支持<mark>专精特新</mark>。');
  });

  it('splits a term that straddles the sentence edge, so that the elements nest', () => {
    const text = '加快智能化改造；数字化转型提速。';
    // 智能化改造；数字化 is marked across the edge after ；(index 8).
    expect(markHtml(text, [[2, 11]], [8, 16])).toBe(`加快<mark>智能化改造；</mark>${EM}<mark>数字化</mark>转型提速。</em>`);
    expect(markHtml(text, [[2, 11]], [0, 8])).toBe(`${EM}加快<mark>智能化改造；</mark></em><mark>数字化</mark>转型提速。`);
  });

  it('escapes inside the sentence, ignores an empty or out-of-range sentence, and never splits an emoji', () => {
    expect(markHtml('a<b。c&d', [], [3, 7])).toBe(`a&lt;b${EM}。c&amp;d</em>`);
    expect(markHtml('abc', [[0, 1]], [2, 2])).toBe('<mark>a</mark>bc');
    expect(markHtml('abc', [], [5, 9])).toBe('abc');
    expect(markHtml('a😀b', [], [2, 4])).toBe(`a${EM}😀b</em>`);
  });

  it('always nests and reads back as the original text', () => {
    const unescape = (html: string) =>
      html
        .replace(/<\/?mark>|<em class="matched-sentence">|<\/em>/g, '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&');
    const range = fc.tuple(fc.integer({ min: -2, max: 25 }), fc.integer({ min: -2, max: 25 }));
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), fc.array(range, { maxLength: 4 }), range, (text, ranges, sentence) => {
        const html = markHtml(text, ranges, sentence);
        expect(unescape(html)).toBe(text);
        // Well nested: a mark never opens in one side of the sentence's edge and closes on the other.
        const stack: string[] = [];
        for (const [tag] of html.matchAll(/<\/?(?:mark|em)\b[^>]*>/g)) {
          const name = tag.replace(/^<\/?|[\s>].*$/g, '');
          if (tag.startsWith('</')) expect(stack.pop()).toBe(name);
          else {
            expect(stack.includes(name)).toBe(false);
            stack.push(name);
          }
        }
        expect(stack).toEqual([]);
        expect(html.match(/<em /g)?.length ?? 0).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('folding for matching (fast paths)', () => {
  // The implementation before the fast paths: foldWidth, then per unit drop brackets and quotes, lower-case where
  // that keeps one unit.
  const IGNORABLE = new Set([...'()（）[]【】“”‘’"\'「」『』《》〈〉']);
  const reference = (term: string) => {
    const widthFolded = foldWidth(term);
    let folded = '';
    for (const unit of widthFolded.split('')) {
      if (IGNORABLE.has(unit)) continue;
      const lower = unit.toLowerCase();
      folded += lower.length === 1 ? lower : unit;
    }
    return folded;
  };

  it('folds every BMP unit, lone surrogate halves included, as before', () => {
    for (let start = 0; start < 0x10000; start += 256) {
      let s = '';
      for (let c = start; c < start + 256; c++) s += String.fromCharCode(c);
      expect(foldTerm(s), `U+${start.toString(16)}`).toBe(reference(s));
    }
    for (const s of ['首台（套）', 'ＡＢＣ　５Ｇ专精特新“小巨人”', 'İstanbul ΣΑΣ', '𠀀𪚥 emoji 😀', '']) expect(foldTerm(s)).toBe(reference(s));
    // Longer than the scratch buffer's first size, and than one fromCharCode chunk.
    const long = '专精特新ABC（）'.repeat(3000);
    expect(foldTerm(long)).toBe(reference(long));
  });

  it('keeps highlighting offsets on the original text across folded and dropped units', () => {
    expect(highlightRanges('支持首台（套）装备ＡＢ', ['首台套', 'ab'])).toEqual([[2, 7], [9, 11]]);
  });

  it('reads R & D and R＆D as R&D: two single letters joined by & lose the spaces around it, words keep theirs (verifying audit, s22)', () => {
    expect(foldTerm('R & D')).toBe('r&d');
    expect(foldTerm('R＆D投入、M　&　A')).toBe('r&d投入、m&a');
    expect(foldTerm('R &D和R& D')).toBe('r&d和r&d');
    expect(foldTerm('research & development, AT & T, A & BC')).toBe('research & development, at & t, a & bc');
    const text = '加大R & D投入，R＆D费用，R&D中心；AT & T';
    expect(painted(text, ['R&D'])).toEqual(['R & D', 'R＆D', 'R&D']);
    expect(painted(text, ['r&d投入'])).toEqual(['R & D投入']);
    expect(painted(text, ['at & t'])).toEqual(['AT & T']);
  });
});

describe('FoldedPhrase', () => {
  const fold = (s: string) => foldTerm(s).replace(/\s+/gu, '');

  it('never refuses a text whose fold holds the phrase, and refuses texts that lack one of its ideographs', () => {
    // Random texts over units that folding changes or drops (full-width forms, brackets, quotes, spaces, capitals)
    // and ideographs; phrases cut from other texts' folds, so that many pairs match.
    const alphabet = [...'首台（套）“小巨人”ＡＢab 　5５专精特新企业()【】《》'];
    let seed = 42;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const texts = Array.from({ length: 400 }, () => Array.from({ length: 3 + rand(20) }, () => alphabet[rand(alphabet.length)]).join(''));
    let held = 0;
    let refused = 0;
    for (let i = 0; i < texts.length; i++) {
      const source = fold(texts[(i * 7) % texts.length]!);
      const start = rand(Math.max(1, source.length));
      const phrase = new FoldedPhrase(source.slice(start, start + 1 + rand(4)));
      for (const text of texts) {
        const holds = fold(text).includes(phrase.text);
        if (holds) {
          held++;
          expect(phrase.mayBeIn(text), `${text} / ${phrase.text}`).toBe(true);
        } else if (!phrase.mayBeIn(text)) refused++;
      }
    }
    expect(held).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(10_000);
  });

  it('asks nothing of a phrase without ideographs', () => {
    expect(new FoldedPhrase('ai+5g').mayBeIn('任何文本')).toBe(true);
    expect(new FoldedPhrase('首台套').mayBeIn('支持首台（套）装备')).toBe(true);
    expect(new FoldedPhrase('首台套').mayBeIn('支持首台装备')).toBe(false);
  });
});

describe('holdsTerm', () => {
  it('finds a term as the marks do: a number only whole', () => {
    expect(holdsTerm(foldTerm('增长2.5%，达到35%'), '5%')).toBe(false);
    expect(holdsTerm(foldTerm('增长2.5%，达到5%'), '5%')).toBe(true);
    expect(holdsTerm(foldTerm('到2025年'), '20')).toBe(false);
    expect(holdsTerm(foldTerm('建设5G网络'), '5g')).toBe(true);
    expect(holdsTerm(foldTerm('专精特新企业'), '专精特新')).toBe(true);
    expect(holdsTerm('x', '')).toBe(false);
  });

  it('counts whole occurrences, and tells a number term by its first or last digit', () => {
    expect(countTerm(foldTerm('增长5%，其中2.5%来自出口，再增５％'), '5%')).toBe(2);
    expect(countTerm(foldTerm('2025年、2025年'), '2025')).toBe(2);
    expect(countTerm(foldTerm('2025年、2025年'), '2025', 1)).toBe(1);
    expect(countTerm(foldTerm('到2025年'), '202')).toBe(0);
    expect(isNumberTerm('5%')).toBe(true);
    expect(isNumberTerm('5g')).toBe(true);
    expect(isNumberTerm('app1')).toBe(true);
    expect(isNumberTerm('专精特新')).toBe(false);
    expect(isNumberTerm('')).toBe(false);
  });
});

describe('joinUnits', () => {
  it('joins a number to the unit after it, so that an amount is marked whole (export audit, s22)', () => {
    expect(joinUnits(['1000', '家'])).toEqual(['1000家']);
    expect(joinUnits(['最高', '500', '万元', '奖励'])).toEqual(['最高', '500万元', '奖励']);
    expect(joinUnits(['3.5', '万座'])).toEqual(['3.5万座']);
    expect(joinUnits(['1000', '企业'])).toEqual(['1000', '企业']);
    expect(isUnitWord('1000家')).toBe(true);
    expect(isUnitWord('50万元')).toBe(true);
    expect(isUnitWord('1000')).toBe(false);
    expect(isUnitWord('家')).toBe(false);
    // Marked with its unit, the 1000 of 1000万元 is not marked for 1000家.
    const text = '最高不超过1000万元，培育企业1000家';
    expect(highlightRanges(text, ['1000家']).map(([a, b]) => text.slice(a, b))).toEqual(['1000家']);
  });

  it('joins a number or Latin letters to a classifier after them: D类, 2025年, 5A级 (verifying audit, s22: D类企业 marked only 企业, 2025年 only 2025)', () => {
    expect(joinUnits(['不列入', 'D', '类', '企业'])).toEqual(['不列入', 'D类', '企业']);
    expect(joinUnits(['2025', '年', '目标'])).toEqual(['2025年', '目标']);
    expect(joinUnits(['2023', '年度', '第', '3', '批'])).toEqual(['2023年度', '第', '3批']);
    expect(joinUnits(['5A', '级', '景区', 'AAA', '级'])).toEqual(['5A级', '景区', 'AAA级']);
    expect(joinUnits(['12', '月', '3', '倍', '20', '%'])).toEqual(['12月', '3倍', '20%']);
    // Not across a word that is no classifier, nor a word that is no number or letters.
    expect(joinUnits(['2025', '年底', '5G', '基站', '二', '类'])).toEqual(['2025', '年底', '5G', '基站', '二', '类']);
    expect(joinUnits(['D', '', '类'])).toEqual(['D', '', '类']);
    for (const w of ['D类', '2025年', '5A级', '3.5万座']) expect(isUnitWord(w), w).toBe(true);
    for (const w of ['5G', 'D', '类', '年底', '二类']) expect(isUnitWord(w), w).toBe(false);
  });

  it('marks such a word whole where a clause writes it whole, and a number never inside a longer one', () => {
    const text = '不列入D类企业。到2025年，培育企业20250家；12025年；CAD类软件，A、B类企业';
    expect(painted(text, ['D类', '企业'])).toEqual(['D类企业', '企业', '企业']);
    expect(painted(text, ['2025年', '目标'])).toEqual(['2025年']);
    // The bare number too is matched whole: not in 20250 nor 12025.
    expect(painted(text, ['2025'])).toEqual(['2025']);
  });

  it('marks a grade or class of letters only where no digit or letter stands before it: not the A级 of 5A级 (verifying audit, s23)', () => {
    // The corpus's clauses that `q=A级` marked at …5[A级]… and 3[A级]….
    const listed = '对新评定为4A、5A级的企业，给予一次性奖励；对A级景区提档升级给予补助';
    expect(painted(listed, ['A级'])).toEqual(['A级']);
    expect(painted('新创建成功3A级及以上民宿、AAA级景区和Ａ级景区', ['A级'])).toEqual(['Ａ级']);
    expect(painted('CAD类软件和D类企业', ['D类'])).toEqual(['D类']);
    // Whole, they are marked: 5A级 for 5A级, AAA级 for AAA级; after a Chinese character or a mark, A级 is.
    expect(painted(listed, ['5A级'])).toEqual(['5A级']);
    expect(painted('AAA级景区', ['AAA级'])).toEqual(['AAA级']);
    expect(painted('（A级）纳税人，信用A级', ['A级'])).toEqual(['A级', 'A级']);
    // What "why" names is what the marks show.
    expect(holdsTerm(foldTerm('4A、5A级的企业'), foldTerm('A级'))).toBe(false);
    expect(countTerm(foldTerm(listed), foldTerm('A级'))).toBe(1);
  });
});

describe('withoutQuestionFrame', () => {
  it('leaves out the words a question is asked with: 各地, 方面, A-not-A (能不能), and its target noun 目标 (researcher and verifying audits, s22)', () => {
    expect(withoutQuestionFrame(['各地', '在', '研发', '投入', '方面', '设定', '了', '什么', '目标'])).toEqual(['', '在', '研发', '投入', '', '设定', '了', '什么', '']);
    expect(withoutQuestionFrame(['小企业', '能', '不能', '拿到', '补贴'])).toEqual(['小企业', '', '', '拿到', '补贴']);
    expect(withoutQuestionFrame(['要', '不要', '交税'])).toEqual(['', '', '交税']);
    expect(withoutQuestionFrame(['可不可以', '申请', '是不是', '专精特新'])).toEqual(['', '申请', '', '专精特新']);
    expect(withoutQuestionFrame(['有没有', '补贴'])).toEqual(['', '补贴']);
    expect(withoutQuestionFrame(['2025', '年', '目标值'])).toEqual(['2025', '年', '']);
    // Traditional script is read as simplified.
    expect(withoutQuestionFrame(['各地', '設定', '了', '什麼', '目標'])).toEqual(['', '設定', '了', '什麼', '']);
  });

  it('keeps what the question is about: 不能 that is no A-not-A, and 目标 of another sense (目标导向) or inside a word', () => {
    expect(withoutQuestionFrame(['哪些', '企业', '不能', '享受', '补贴'])).toEqual(['哪些', '企业', '不能', '享受', '补贴']);
    expect(withoutQuestionFrame(['目标', '导向'])).toEqual(['目标', '导向']);
    expect(withoutQuestionFrame(['目标', '企业', '招引'])).toEqual(['目标', '企业', '招引']);
    expect(withoutQuestionFrame(['目标任务', '分解'])).toEqual(['目标任务', '分解']);
    expect(withoutQuestionFrame(['用地', '指标', '方面'])).toEqual(['用地', '指标', '']);
    expect(withoutQuestionFrame([])).toEqual([]);
  });

  it('leaves out a respect jieba cuts, 各 / 方面, whole: a lone 各 was marked (verifying audit, s23)', () => {
    expect(withoutQuestionFrame(['各', '方面'])).toEqual(['', '']);
    expect(withoutQuestionFrame(['企业', '各', '方面', '的', '补贴'])).toEqual(['企业', '', '', '的', '补贴']);
    expect(withoutQuestionFrame(['哪', '方面', '有', '补贴'])).toEqual(['', '', '有', '补贴']);
    expect(withoutQuestionFrame(['在', '哪些方面', '支持'])).toEqual(['在', '', '支持']);
    // 各 of something else stays: 各部门, 各级.
    expect(withoutQuestionFrame(['各', '部门', '各级'])).toEqual(['各', '部门', '各级']);
  });
});
