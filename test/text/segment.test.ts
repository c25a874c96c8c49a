import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { Jieba } from '@node-rs/jieba';
import { dict as defaultDictionary } from '@node-rs/jieba/dict.js';
import { describe, expect, it } from 'vitest';
import {
  closeAmpersands,
  foldWidth,
  indexTokens,
  joinDigitGroups,
  roundAsides,
  keywordQuery,
  literalTerms,
  loadPolicyDictionary,
  parseDictionary,
  queryTerms,
  searchTokens,
  tokenize,
  wordEdges,
} from '../../src/text/segment.js';

const DICTIONARY_FILE = fileURLToPath(new URL('../../src/text/policy-dict.txt', import.meta.url));

/** Terms the brief names: each must survive segmentation whole. */
const REQUIRED_TERMS = [
  '专精特新', '小巨人', '单项冠军', '隐形冠军', '瞪羚', '瞪羚企业', '独角兽', '独角兽企业', '智改数转', '智能化改造',
  '数字化转型', '两化融合', '亩均效益', '亩产效益', '亩均税收', '亩均增加值', '首台(套)', '首台套', '首版次', '首批次',
  '工业上楼', '链长制', '链主', '揭榜挂帅', '赛马制', '卡脖子', '工业互联网', '智能工厂', '数字化车间', '灯塔工厂',
  '绿色工厂', '绿色园区', '服务型制造', '工业设计', '产业链', '强链补链', '延链', '规上工业', '规上企业',
  '制造业创新中心', '企业技术中心', '小微企业园', '万亩千亿', '链长', '雄鹰行动', '专精特新小巨人', '科创载体',
  '孵化器', '众创空间', '加速器', '中长期贷款', '信用贷款', '产业基金', '政府引导基金', '能耗双控', '碳达峰',
  '碳中和', '低效用地', '批而未供', '标准厂房', '研发费用加计扣除', '高新技术企业', '上云用数赋智', '企业上云',
];

/** Contexts of my own, with ordinary words on both sides of the term. */
const FRAMES = [
  (t: string) => `市里今年继续推进${t}工作。`,
  (t: string) => `支持${t}，给予资金奖励`,
  (t: string) => `关于“${t}”的实施意见`,
];

/** The index form of a term: what searchTokens emits for it (brackets dropped, Latin lower-cased). */
const indexForm = (term: string) => term.replace(/[()（）]/g, '').toLowerCase();

describe('policy dictionary', () => {
  it('has at least 100 entries and every entry line is `word freq tag`', () => {
    const lines = readFileSync(DICTIONARY_FILE, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    expect(lines.length).toBeGreaterThanOrEqual(100);
    for (const line of lines) expect(line).toMatch(/^\S+ [1-9]\d* [a-z]+$/);
    expect(loadPolicyDictionary().terms).toHaveLength(lines.length);
  });

  it('lists every required term and no term twice', () => {
    const { terms } = loadPolicyDictionary();
    for (const term of REQUIRED_TERMS) expect(terms).toContain(term);
    expect(new Set(terms).size).toBe(terms.length);
  });

  it('skips comments and blank lines and rejects a bare word, naming its line', () => {
    expect(parseDictionary('# tiers\n\n专精特新 5000 nz\r\n  小巨人 3000 nz  \n').map((e) => [e.word, e.freq, e.tag, e.line])).toEqual([
      ['专精特新', 5000, 'nz', 3],
      ['小巨人', 3000, 'nz', 4],
    ]);
    expect(() => parseDictionary('专精特新 5000 nz\n瞪羚企业\n')).toThrow(expect.objectContaining({ code: 'MANIFEST_INVALID', message: expect.stringContaining('line 2') }));
    expect(() => parseDictionary('瞪羚企业 many nz')).toThrow(expect.objectContaining({ code: 'MANIFEST_INVALID' }));
    expect(() => parseDictionary('瞪羚企业 0 nz')).toThrow(expect.objectContaining({ code: 'MANIFEST_INVALID' }));
  });

  it('recognises the terms jieba cannot reach by their punctuation', () => {
    expect(literalTerms(['首台(套)', '首台（套）', '首台套', '5G全连接工厂', 'M0'])).toEqual(['首台(套)', '首台（套）']);
  });
});

describe('tokenize', () => {
  it.each(REQUIRED_TERMS)('keeps %s whole in cut and in cutForSearch', (term) => {
    for (const frame of FRAMES) {
      const sentence = frame(term);
      expect(tokenize(sentence)).toContain(term);
      expect(searchTokens(sentence)).toContain(indexForm(term));
    }
  });

  it('splits 专精特新“小巨人”企业 at the quotes and nowhere else', () => {
    const tokens = tokenize('全区新增专精特新“小巨人”企业12家');
    const at = tokens.indexOf('专精特新');
    expect(tokens.slice(at, at + 5)).toEqual(['专精特新', '“', '小巨人', '”', '企业']);
  });

  it('keeps short policy words from swallowing ordinary neighbours', () => {
    expect(tokenize('补链条短板')).toEqual(['补', '链条', '短板']);
    expect(tokenize('加强链条韧性')).toEqual(['加强', '链条', '韧性']);
    expect(tokenize('产业链长期稳定')).toEqual(['产业链', '长期', '稳定']);
    expect(tokenize('区块链主要用于溯源')).toEqual(['区块链', '主要', '用于', '溯源']);
    expect(tokenize('推动延链补链强链')).toEqual(['推动', '延链', '补链强链']);
  });

  it('segments sentences without policy terms exactly as the default dictionary does', () => {
    const plain = Jieba.withDict(defaultDictionary);
    for (const sentence of [
      '我们周末去公园散步，顺便买了些水果。',
      '这家餐馆的菜味道不错，价格也公道。',
      '会议决定明年继续修缮城区道路和排水管网。',
      '学校图书馆下个月开始延长开放时间。',
    ]) {
      expect(tokenize(sentence)).toEqual(plain.cut(sentence, true));
    }
  });

  it('gives back the text when its tokens are joined', () => {
    const alphabet = fc.constantFrom(...[...'专精特新小巨人企业亩均税收首台(套)（）“”，。、 \nAbc12３４😀的']);
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 40 }), (text) => {
        expect(tokenize(text).join('')).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});

describe('wordEdges', () => {
  /** The text with a bar at every edge. */
  const bars = (text: string) => {
    const edges = wordEdges(text);
    let out = '';
    for (let k = 0; k <= text.length; k++) out += (edges[k] ? '|' : '') + (text[k] ?? '');
    return out;
  };

  it('puts an edge between words and between the words of a compound, never inside a word', () => {
    expect(bars('开展市产业数字化转型中心认定')).toBe('|开展|市|产业|数字化|转型|中心|认定|');
    expect(bars('国家中小企业数字化转型城市试点')).toBe('|国家|中小|企业|数字化|转型|城市|试点|');
    expect(bars('鼓励龙头企业建设工业互联网平台')).toBe('|鼓励|龙头|企业|建设|工业|互联网|平台|');
    // A word and a one-character suffix, a level's prefix and a word; 创新型 is 创新 and 型, not 创 and 新型.
    expect(bars('经市知识产权局查证')).toBe('|经|市|知识|产权|局|查证|');
    expect(bars('高标准规划建设，落实惠企奖补政策')).toBe('|高标准|规划|建设|，|落|实惠|企|奖|补|政策|');
    expect(bars('引进的国家级人才')).toBe('|引进|的|国家|级|人才|');
    expect(bars('创新型产业集群')).toBe('|创新|型|产业|集群|');
    // A literal dictionary term keeps its bracket: no edge inside 首台（套）.
    expect(bars('对首台（套）重大装备')).toBe('|对|首台（套）|重大|装备|');
  });

  it('lets no phrase start with a one-character suffix nor end with a one-character prefix', () => {
    // `[` a phrase may only start here, `]` only end, `|` both.
    const marks = ['', '[', ']', '|'];
    const sides = (text: string) => {
      const edges = wordEdges(text);
      let out = '';
      for (let k = 0; k <= text.length; k++) out += marks[edges[k]!]! + (text[k] ?? '');
      return out;
    };
    // Inside a compound (企业级, 信息化, 智能化, 知识产权局, 国家级, 市政府) and where jieba leaves 级 a word (行业 / 级).
    expect(sides('有影响力的行业级、企业级工业互联网平台')).toBe('|有|影响力|的|行业]级|、|企业]级|工业|互联网|平台|');
    expect(sides('形成信息化、数字化能力')).toBe('|形成|信息]化|、|数字]化|能力|');
    expect(sides('生产运维的智能化、数字化改造')).toBe('|生产|运|维|的|智能]化|、|数字化|改造|');
    expect(sides('经市知识产权局查证')).toBe('|经|市|知识|产权]局|查证|');
    expect(sides('引进的国家级人才')).toBe('|引进|的|国家]级|人才|');
    expect(sides('经市政府批准')).toBe('|经|市[政府|批准|');
    // A prefix jieba leaves on its own may end the word before it (产业园 / 区): edges both ways around it.
    expect(sides('产业园区建设')).toBe('|产业园|区|建设|');
    // Two-character pieces stay cuts both ways: 中小 | 企业, 数字化 | 转型, 知识 | 产权.
    expect(sides('国家中小企业数字化转型')).toBe('|国家|中小|企业|数字化|转型|');
  });
});

describe('searchTokens', () => {
  it('reads Latin letters joined by & as one word, R&D and M&A (export audit, s22: R&D had matched the D of D类企业)', () => {
    expect(searchTokens('加大R&D投入')).toEqual(expect.arrayContaining(['r&d', '投入']));
    expect(searchTokens('加大R&D投入')).not.toContain('d');
    expect(searchTokens('不列入D类企业')).toContain('d');
    expect(queryTerms('R&D')).toEqual(['r&d']);
    expect(tokenize('M&A和AT&T')).toEqual(['M&A', '和', 'AT&T']);
  });

  it('reads R & D and R＆D as R&D, two single letters only: words joined by & in prose stay words (verifying audit, s22)', () => {
    for (const q of ['研发R & D', '研发R＆D', '研发R　&　D', '研发R &D']) expect(queryTerms(q), q).toEqual(['研发', 'r&d']);
    expect(searchTokens('加大R & D投入，M & A')).toEqual(searchTokens('加大R&D投入，M&A'));
    expect(searchTokens('research & development')).toEqual(['research', 'development']);
    expect(searchTokens('AT & T')).toEqual(['at', 't']);
    expect(closeAmpersands('加大R & D投入，R＆D费用，AT＆T，A & BC')).toBe('加大R&D投入，R&D费用，AT&T，A & BC');
    expect(closeAmpersands('专精特新')).toBe('专精特新');
    // The text a reader sees keeps its spaces: tokens put together give it back.
    expect(tokenize('R & D投入').join('')).toBe('R & D投入');
  });

  it('indexes the words of a compound and the policy terms inside a longer word', () => {
    const tokens = searchTokens('培育专精特新“小巨人”企业和专精特新企业，推动数字化转型');
    expect(tokens).toEqual(expect.arrayContaining(['专精特新', '小巨人', '企业', '专精特新企业', '数字化', '转型', '数字化转型']));
  });

  it('folds width and case, drops punctuation and whitespace, keeps numbers and units', () => {
    const tokens = searchTokens('产值达到１２０亿元， ＡＩ 赋能；“５Ｇ+工业互联网”（试点）');
    expect(tokens).toEqual(expect.arrayContaining(['产值', '120', '亿元', 'ai', '赋能', '工业互联网', '试点']));
    for (const token of tokens) {
      expect(token).toMatch(/[\p{L}\p{N}]/u);
      expect(token).not.toMatch(/\s/);
      expect(token).toBe(token.toLowerCase());
      expect(token).toBe(foldWidth(token));
    }
  });

  it('gives every spelling of 首台(套) the same index token', () => {
    for (const text of ['首台(套)示范', '首台（套）示范', '首台套示范']) expect(searchTokens(text)).toContain('首台套');
  });

  it('reads a number with thousands separators as the number: 1,000家 meets 1000家', () => {
    expect(searchTokens('企业数量达到1,000家')).toEqual(searchTokens('企业数量达到1000家'));
    expect(queryTerms('1,000万元')).toEqual(['1000', '万元']);
    expect(queryTerms('投资12,500,000.5元')).toContain('12500000.5');
  });
});

describe('roundAsides', () => {
  it('writes a query\'s 首台【套】 / 首台[套] / 首台〔套〕 as 首台(套), and leaves a document number alone', () => {
    expect(roundAsides('首台【套】保险')).toBe('首台(套)保险');
    expect(roundAsides('首台[套]装备')).toBe('首台(套)装备');
    expect(roundAsides('首台〔套〕')).toBe('首台(套)');
    expect(roundAsides('苏政发〔2018〕86号')).toBe('苏政发〔2018〕86号');
    expect(roundAsides('[1]首台')).toBe('[1]首台');
    expect(roundAsides('首台「套」')).toBe('首台(套)');
    expect(roundAsides('首台『套』')).toBe('首台(套)');
  });

  it('puts a document number\'s year in 〔〕 whatever bracket the user typed, and no other year', () => {
    for (const q of ['京发改规【2023】7号', '京发改规[2023]7号', '京发改规［2023］7号', '京发改规（2023）7号', '京发改规(2023)7号']) {
      expect(roundAsides(q)).toBe('京发改规〔2023〕7号');
    }
    expect(roundAsides('京政发【2019】第12号')).toBe('京政发〔2019〕第12号');
    // A year in brackets that no number follows, a plan's period, a quotation: as written.
    for (const q of ['行动方案（2023）年度', '规划（2021-2025年）', '「数字经济」2023']) expect(roundAsides(q)).toBe(q);
  });
});

describe('joinDigitGroups', () => {
  it('joins groups of three after an ASCII comma, and nothing else', () => {
    expect(joinDigitGroups('达到1,000家，投资12,500,000元，1,000.5万元')).toBe('达到1000家，投资12500000元，1000.5万元');
    // Lists, years, a full-width comma, groups not of three, a decimal before the comma: as written.
    for (const text of ['第1,2,3项', '2023,2024年', '100，200家', '1,0000', '1,00', '3.1,000', '12345,678']) expect(joinDigitGroups(text)).toBe(text);
  });
});

describe('queryTerms', () => {
  it('drops question words and particles, keeps domain words, no duplicates', () => {
    const terms = queryTerms('有哪些支持专精特新企业的政策？专精特新怎么申报');
    expect(terms).toEqual(expect.arrayContaining(['支持', '专精特新', '专精特新企业', '申报']));
    for (const stop of ['有', '哪些', '的', '政策', '怎么']) expect(terms).not.toContain(stop);
    expect(new Set(terms).size).toBe(terms.length);
  });

  it('keeps the words of a query made only of stopwords', () => {
    expect(queryTerms('政策')).toEqual(['政策']);
  });

  it('returns nothing for punctuation', () => {
    expect(queryTerms('？！……“”')).toEqual([]);
  });
});

describe('indexTokens and keywordQuery', () => {
  it('splits a search token where SQLite unicode61 did: at anything but letters, digits and private use', () => {
    expect(indexTokens('专精特新')).toEqual(['专精特新']);
    expect(indexTokens('3.5%')).toEqual(['3', '5']);
    expect(indexTokens('2+6')).toEqual(['2', '6']);
    expect(indexTokens('AT&T')).toEqual(['at', 't']);
    expect(indexTokens('c++')).toEqual(['c']);
    expect(indexTokens('5g')).toEqual(['5g']);
    expect(indexTokens('“”')).toEqual([]);
  });

  it('makes each term a phrase of its index tokens, skipping empty terms and repeats as written', () => {
    expect(keywordQuery(['专精特新', '3.5%', '专精特新', 'ABC', 'abc'])).toEqual([['专精特新'], ['3', '5'], ['abc'], ['abc']]);
    expect(keywordQuery([])).toEqual([]);
    expect(keywordQuery(['', '*', '()', '“”', '\u0000', '\ud800'])).toEqual([]);
    expect(keywordQuery(['say "hi"', 'a\u0000b'])).toEqual([['say', 'hi'], ['a', 'b']]);
    expect(keywordQuery(Array.from({ length: 100 }, (_, i) => `t${i}`))).toHaveLength(64);
  });

  it('matches the tokens SQLite FTS5 (unicode61) makes of the same search tokens', () => {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE t USING fts5 (tokens, tokenize = 'unicode61 remove_diacritics 0')");
    db.exec("CREATE VIRTUAL TABLE v USING fts5vocab ('t', 'instance')");
    const insert = db.prepare('INSERT INTO t (rowid, tokens) VALUES (?, ?)');
    const text = '2023年全市规上工业增加值增长3.5%，“2+6”产业集群；C++ 与 AT&T、５Ｇ+工业互联网，①首台(套)，企业数达到1,200家。';
    const tokens = searchTokens(text);
    insert.run(1, tokens.join(' '));
    const fts = (db.prepare('SELECT term FROM v ORDER BY offset').all() as { term: string }[]).map((r) => r.term);
    expect(tokens.flatMap(indexTokens)).toEqual(fts);
    expect(fts).toEqual(expect.arrayContaining(['3', '5', '2', '6']));
    db.close();
  });

  it('gives a search token several index tokens only when each is ASCII letters and digits (so phrases need no other positions)', () => {
    const alphabet = fc.constantFrom(...[...'专精特新小巨人企业亩均税收首台(套)（）“”，。、 .+-_%#&@/:Abc123４５😀的ñμé①']);
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 40 }), (text) => {
        for (const token of [...searchTokens(text), ...queryTerms(text)]) {
          const pieces = indexTokens(token);
          if (pieces.length > 1) for (const piece of pieces) expect(piece).toMatch(/^[a-z0-9]+$/);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on what a user types', () => {
    for (const hostile of ['AND OR NOT * ( ) : ^ -', 'NEAR(a b, 2)', 'tokens:专精特新', '"', '""', '^专精', 'a*', '-x', 'a\u0000b', '\ud800']) {
      expect(() => keywordQuery([hostile])).not.toThrow();
      expect(() => keywordQuery(queryTerms(hostile))).not.toThrow();
    }
    const syntax = fc.constantFrom('"', '*', '(', ')', ':', '^', '-', '+', 'AND', 'OR', 'NOT', 'NEAR', '\u0000', ' ', '\ud800', '\udc00');
    const anyChar = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 });
    const userText = fc.string({ unit: fc.oneof(anyChar, syntax), maxLength: 30 });
    fc.assert(
      fc.property(fc.array(userText, { maxLength: 8 }), (terms) => {
        for (const phrase of [...keywordQuery(terms), ...keywordQuery(queryTerms(terms.join('')))]) {
          expect(phrase.length).toBeGreaterThan(0);
          for (const t of phrase) expect(t).toMatch(/^[\p{L}\p{N}\p{Co}]+$/u);
        }
      }),
      { numRuns: 500 },
    );
  });
});
