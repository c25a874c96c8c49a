import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadInstruments } from '../../src/analysis/index.js';
import {
  amountsIn, clauseParameters, coveredShare, departmentsIn, detectInstruments, diffClauses, mergeRanges, parameterTable,
  sharedPhrases, sharedWording, shortKeyTerms, yearsIn, type Instrument,
} from '../../src/text/diff.js';
import { canonical } from '../../src/text/normalize.js';
import { wordEdges } from '../../src/text/segment.js';

/** A small instrument list of our own, so that these tests do not depend on the shipped data file. */
const INSTRUMENTS: Instrument[] = [
  { id: 'subsidy', name: '资金奖补', terms: ['奖励', '补贴'] },
  { id: 'loan', name: '贷款', terms: ['贷款', '贷'] },
  { id: 'procurement', name: '首台(套)', terms: ['首台(套)'] },
  { id: 'land', name: '用地', terms: ['用地'] },
];

const slice = (text: string, [s, e]: [number, number]) => text.slice(s, e);

describe('sharedPhrases', () => {
  it('finds a phrase both clauses contain and gives its range in each', () => {
    const a = '支持企业建设工业互联网平台，给予奖励。';
    const b = '鼓励龙头企业建设工业互联网平台。';
    const phrases = sharedPhrases(a, b);
    expect(phrases.map((p) => p.text)).toEqual(['企业建设工业互联网平台']);
    expect(slice(a, phrases[0]!.a)).toBe('企业建设工业互联网平台');
    expect(slice(b, phrases[0]!.b)).toBe('企业建设工业互联网平台');
  });

  it('ignores width, punctuation style and spaces, and maps the ranges back to the text as written', () => {
    const a = '对首台（套）装备给予 保费补贴，最高５０万元';
    const b = '对首台(套)装备给予保费补贴,最高50万元';
    const [phrase] = sharedPhrases(a, b);
    expect(phrase).toBeDefined();
    expect(slice(a, phrase!.a)).toBe(a);
    expect(slice(b, phrase!.b)).toBe(b);
  });

  it('does not report shared runs shorter than four letters, digits or Han characters', () => {
    expect(sharedPhrases('加快发展', '加快推进')).toEqual([]);
    // Three Han characters plus punctuation is still three.
    expect(sharedPhrases('甲乙，丙丁戊', '子丑，丙丁寅')).toEqual([]);
    expect(sharedPhrases('建设智能工厂', '打造智能工厂').map((p) => p.text)).toEqual(['智能工厂']);
  });

  it('never starts or ends a phrase inside a number', () => {
    expect(sharedPhrases('奖励200万元', '补助100万元').map((p) => p.text)).toEqual([]);
    expect(sharedPhrases('最高奖励200万元', '最高奖励100万元').map((p) => p.text)).toEqual(['最高奖励']);
    expect(sharedPhrases('给予3.5万元补助', '给予13.5万元补助').map((p) => p.text)).toEqual(['万元补助']);
  });

  it('trims punctuation off the ends of a phrase, but keeps both marks of a quote it holds', () => {
    const [phrase] = sharedPhrases('甲，“专精特新”企业', '乙：“专精特新”企业');
    expect(phrase!.text).toBe('“专精特新”企业');
    expect(sharedPhrases('甲，专精特新企业。', '乙：专精特新企业；')[0]!.text).toBe('专精特新企业');
  });

  it('uses each occurrence once: a phrase repeated on one side pairs with one occurrence on the other', () => {
    const a = '培育专精特新企业，壮大专精特新企业群体';
    const b = '支持专精特新企业发展';
    const phrases = sharedPhrases(a, b);
    expect(phrases).toHaveLength(1);
    expect(phrases[0]!.text).toBe('专精特新企业');
  });

  it('takes the longest phrase first and lets shorter ones fill what is left', () => {
    const a = '推进智能化改造和数字化转型，建设智能工厂';
    const b = '建设智能工厂，推进智能化改造和数字化转型';
    const texts = sharedPhrases(a, b).map((p) => p.text);
    expect(texts[0]).toBe('推进智能化改造和数字化转型');
    expect(texts).toContain('建设智能工厂');
  });

  it('returns nothing for empty or unrelated clauses', () => {
    expect(sharedPhrases('', '任何内容')).toEqual([]);
    expect(sharedPhrases('完全不同的句子', '另外一段文字')).toEqual([]);
  });

  // 首台(套)装备保险补偿 and 首台（套）…保费补贴 share their subject, three letters (eighteenth session's audit: the diff
  // listed only 企业开展 and 和产业化).
  it('counts a key term shorter than a phrase as shared, brackets and all, only when it is given as one', () => {
    const keys = shortKeyTerms(['首台(套)', '小巨人', '专精特新', '园区']);
    expect([...keys].sort()).toEqual(['小巨人', '首台套']);
    const a = '深化首台(套)重大装备保险补偿试点，支持企业开展联合攻关和产业化。';
    const b = '对投保企业给予保费补贴。支持资金用于企业开展首台（套）迭代创新和产业化。';
    expect(sharedPhrases(a, b).map((p) => p.text)).toEqual(['企业开展', '和产业化']);
    const withKeys = sharedPhrases(a, b, 4, keys);
    expect(withKeys.map((p) => [p.text, slice(b, p.b)])).toEqual([['企业开展', '企业开展'], ['和产业化', '和产业化'], ['首台(套)', '首台（套）']]);
    // Brackets fold away: 山东 writes 首台套, 北京 首台（套） (nineteenth session's verifying audit).
    expect(sharedPhrases('落实首台套重大技术装备应用政策', '对北京市首台（套）重大技术装备给予补贴', 4, keys).map((p) => [p.text, p.b])).toEqual([
      ['首台套重大技术装备', [4, 15]],
    ]);
    expect(sharedPhrases('培育专精特新“小巨人”企业20家', '新增国家级小巨人5家', 4, keys).map((p) => p.text)).toEqual(['小巨人']);
    // Any other three letters still do not count.
    expect(sharedPhrases('支持企业上云', '鼓励企业上市', 4, keys)).toEqual([]);
  });

  // Twentieth session's analyst and drafter audits: 业数字化转型 joined 产业 and 企业, 引进的国 国家级 and 国际, 到2027年，全
  // 全县 and 全市; each was marked and counted toward 相同文字占比.
  it('starts and ends a phrase at word edges in both clauses, and never opens it with 的', () => {
    const texts = (a: string, b: string) => sharedPhrases(a, b).map((p) => [p.text, slice(b, p.b)]);
    expect(texts('开展市产业数字化转型赋能中心认定', '国家中小企业数字化转型城市试点')).toEqual([['数字化转型', '数字化转型']]);
    expect(texts('对新引进的国家级领军人才给予补贴', '对新引进的国际顶尖人才')).toEqual([['对新引进的', '对新引进的']]);
    expect(texts('到2027年，全县累计引进人才500名', '到2027年，全市规上工业增加值')).toEqual([['到2027年', '到2027年']]);
    expect(texts('发展的国家级软件名园', '对新引进的国家级领军人才')).toEqual([]);
    // A compound may be cut between its own words: 中小企业 holds 企业, 知识产权局 知识产权.
    expect(texts('鼓励龙头企业建设工业互联网平台', '支持中小企业建设工业互联网平台')).toEqual([['企业建设工业互联网平台', '企业建设工业互联网平台']]);
    expect(texts('经市知识产权局查证属实', '建立知识产权质押融资')).toEqual([['知识产权', '知识产权']]);
    // Nor does a phrase start with a compound's one-character suffix (行业级 and 企业级, 信息化 and 智能化; twentieth
    // session's verifying audit), while one may end before it (国家 of 国家级).
    expect(texts('打造行业级工业互联网平台', '有影响力的企业级工业互联网平台')).toEqual([['工业互联网平台', '工业互联网平台']]);
    expect(texts('打造行业级工业互联网平台', '打造区域级工业互联网平台')).toEqual([['工业互联网平台', '工业互联网平台']]);
    expect(texts('形成信息化、数字化、网络化能力', '生产运维的智能化、数字化改造')).toEqual([]);
    expect(texts('引进的国家级人才', '建设国家重点实验室')).toEqual([]);
    expect(texts('支持引进国家级人才', '支持引进国家重点实验室')).toEqual([['支持引进国家', '支持引进国家']]);
    // The overlap share counts what is marked, no more.
    const d = sharedWording('开展市产业数字化转型赋能中心认定', '国家中小企业数字化转型城市试点');
    expect(d.overlap.a).toBeCloseTo(5 / 16, 5);
  });

  it('never keeps one mark of a quote pair without the other: closes it where both clauses quote, else trims (export audit, s22 finding 13)', () => {
    const keys = shortKeyTerms(['小巨人']);
    const texts = (a: string, b: string) => sharedPhrases(a, b, 4, keys).map((p) => [p.text, slice(b, p.b)]);
    // 平湖 p0014 and 昆山 p0036 had shared 小巨人”企业.
    expect(texts('到2027年,累计培育专精特新“小巨人”企业20家', '形成一批掌握独门绝技的“小巨人”企业。')).toEqual([['“小巨人”企业', '“小巨人”企业']]);
    expect(texts('深度融入“一带一路”建设', '积极参与"一带一路”建设')).toEqual([['“一带一路”建设', '"一带一路”建设']]);
    // Where only one clause quotes, the phrase is cut at the lone mark: its longest piece, if it still counts.
    expect(texts('培育专精特新“小巨人”企业', '培育专精特新小巨人”企业')).toEqual([['培育专精特新', '培育专精特新'], ['小巨人', '小巨人']]);
    expect(texts('推动产业链“上下游”的协同', '加强上下游”的对接')).toEqual([]);
    expect(texts('依据《中华人民共和国中小企业促进法》规定', '根据中华人民共和国中小企业促进法》第十条')).toEqual([['中华人民共和国中小企业促进法', '中华人民共和国中小企业促进法']]);
    // A phrase wholly inside a pair keeps neither mark, as punctuation at its ends.
    expect(texts('依据《中华人民共和国中小企业促进法》规定', '按照《中华人民共和国中小企业促进法》执行')).toEqual([['中华人民共和国中小企业促进法', '中华人民共和国中小企业促进法']]);
  });

  it('property: every phrase is the same text on both sides (after folding), phrases never overlap, and quote marks pair', () => {
    const alphabet = fc.constantFrom(...'企业专精特新平台建设首台套，。 、()（）AaＢ12１“”《》'.split(''));
    const clause = fc.array(alphabet, { maxLength: 60 }).map((chars) => chars.join(''));
    const keys = shortKeyTerms(['首台(套)', '平台建']);
    fc.assert(
      fc.property(clause, clause, fc.boolean(), (a, b, withKeys) => {
        const phrases = sharedPhrases(a, b, 4, withKeys ? keys : undefined);
        // A phrase's ends lie on word edges of its clause (or only punctuation and brackets lie between them).
        const onEdge = (text: string, at: number, step: -1 | 1) => {
          const edges = wordEdges(text);
          for (let x = at; x >= 0 && x <= text.length; x += step) {
            if (edges[x]) return true;
            const ch = step < 0 ? text[x - 1] : text[x];
            if (ch === undefined || /[\p{L}\p{N}]/u.test(ch)) return false;
          }
          return false;
        };
        for (const p of phrases) {
          for (const [text, [s, e]] of [[a, p.a], [b, p.b]] as const) {
            expect(onEdge(text, s, -1)).toBe(true);
            expect(onEdge(text, e, 1)).toBe(true);
          }
        }
        const usedA = new Set<number>();
        const usedB = new Set<number>();
        for (const p of phrases) {
          const unbracketed = (x: string) => canonical(x).replace(/[()]/g, '');
          expect(unbracketed(slice(a, p.a))).toBe(unbracketed(slice(b, p.b)));
          expect(p.text).toBe(slice(a, p.a));
          for (const side of [slice(a, p.a), slice(b, p.b)]) {
            let depth = 0;
            for (const ch of side.replace(/[^“”《》]/gu, '')) {
              depth += /[“《]/u.test(ch) ? 1 : -1;
              expect(depth).toBeGreaterThanOrEqual(0);
            }
            expect(depth).toBe(0);
          }
          for (let i = p.a[0]; i < p.a[1]; i++) {
            expect(usedA.has(i)).toBe(false);
            usedA.add(i);
          }
          for (let i = p.b[0]; i < p.b[1]; i++) {
            expect(usedB.has(i)).toBe(false);
            usedB.add(i);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('mergeRanges and coveredShare', () => {
  it('merges overlapping and adjacent ranges in order', () => {
    expect(mergeRanges([[5, 8], [0, 2], [2, 3], [7, 10]])).toEqual([[0, 3], [5, 10]]);
  });

  it('counts only letters, digits and Han characters', () => {
    expect(coveredShare('甲乙，丙丁', [[0, 3]])).toBe(0.5);
    expect(coveredShare('，，', [[0, 2]])).toBe(0);
  });
});

describe('parameters of a clause', () => {
  it('names instruments by any of their terms, brackets and width ignored', () => {
    const found = detectInstruments('对首台套装备给予保费补贴，并提供贴息贷款。', INSTRUMENTS);
    expect(found.map((f) => f.id)).toEqual(['subsidy', 'loan', 'procurement']);
    expect(found.find((f) => f.id === 'loan')!.terms).toEqual(['贷款', '贷']);
    expect(detectInstruments('对首台（套）产品推广应用给予支持', INSTRUMENTS).map((f) => f.id)).toEqual(['procurement']);
    expect(detectInstruments('加强组织领导。', INSTRUMENTS)).toEqual([]);
  });

  // Twentieth session's audits: 昆山 p0040 was tagged 标准与认证 from 高标准规划建设, 青岛 p0018 股权投资与上市 from its
  // target 上市高新技术企业达到60家左右.
  it('does not name an instrument from a longer word that means something else, nor from what a target counts', () => {
    const list: Instrument[] = [
      { id: 'standard', name: '标准与认证', terms: ['标准', '认证'] },
      { id: 'equity', name: '股权投资与上市', terms: ['上市'] },
      { id: 'loan', name: '贷款', terms: ['贷款', '贷'] },
      { id: 'energy', name: '用能', terms: ['用能', '能耗'] },
    ];
    const names = (text: string) => clauseParameters({ text }, list).instruments.map((i) => i.id);
    expect(names('高标准规划建设科创载体矩阵。')).toEqual([]);
    expect(names('支持非上市文化企业，提升企业数据集成应用能力，制发确认证书。')).toEqual([]);
    expect(names('到2025年，上市高新技术企业达到60家左右。')).toEqual([]);
    // A target of an amount is the instrument's own volume; a cap (不超过) limits a support.
    expect(names('2024年，力争新增制造业中长期贷款800亿元左右、新增上市公司15家。')).toEqual(['loan']);
    expect(names('每年每家认证机构获得支持的认证规则不超过3项。')).toEqual(['standard']);
    // A word that begins a compound still names it; a one-character term is a suffix by design.
    expect(names('推动能耗双控逐步转向碳排放双控，大力推广“政采贷”。')).toEqual(['loan', 'energy']);
    expect(names('支持企业主导制定国际标准，鼓励企业上市。')).toEqual(['standard', 'equity']);
  });

  it('reads years and periods as written, but not full dates', () => {
    expect(yearsIn('到2025年，建成示范工厂；2023—2027年持续推进；到“十四五”末全面完成。')).toEqual(['2025年', '2023—2027年', '“十四五”末']);
    expect(yearsIn('2023年4月20日印发，2024 年底前完成')).toEqual(['2024年底']);
  });

  it('finds departments by level prefix and organ suffix', () => {
    expect(departmentsIn('由市经信局、市自然资源和规划局牵头，省发展改革委指导，市金融发展服务中心配合。')).toEqual([
      '市经信局', '市自然资源和规划局', '省发展改革委', '市金融发展服务中心',
    ]);
    expect(departmentsIn('经市委市政府同意，全市推进。')).toEqual([]);
  });

  it('reads the Party committee\'s offices as departments: 市委金融办, 市委人才办, 市委组织部, 区委统战部 (drafter audit, finding 2)', () => {
    expect(departmentsIn('支持企业上市融资。（市委金融办牵头，市工信局配合）')).toEqual(['市委金融办', '市工信局']);
    expect(departmentsIn('（市委人才办、市人力资源社会保障局负责）')).toEqual(['市委人才办', '市人力资源社会保障局']);
    expect(departmentsIn('（市委组织部、区委统战部、市大数据局牵头，市委网信办配合）')).toEqual(['市委组织部', '区委统战部', '市大数据局', '市委网信办']);
    // Not the committee itself beside the government, its departments in general, nor a word ending in 部 or 办.
    expect(departmentsIn('落实市委经济工作会议决策部署，市委各部门、市委有关部门；依照县委办法办理。')).toEqual([]);
    expect(departmentsIn('经市委市政府办公室研究。')).toEqual([]);
  });

  it('does not read a word that only ends like an organ as a department: 布局, 格局, 大厅, 委托', () => {
    expect(departmentsIn('细化集群区域布局，优化全区产业布局，构建省生产力布局。')).toEqual([]);
    expect(departmentsIn('服务全区新格局、市民服务大厅，省人民政府可以依法委托。')).toEqual([]);
    // The scan goes on after such a word: the bureau that follows is still found.
    expect(departmentsIn('优化区产业布局，由市商务局牵头，市经信局配合。')).toEqual(['市商务局', '市经信局']);
  });

  it('reads numbers with units, not years, document numbers or ordinals', () => {
    expect(amountsIn('最高给予200万元奖励，补助比例30%，建成5G基站3.5万座。')).toEqual(['200万元', '30%', '3.5万座']);
    expect(amountsIn('2025年，第25次会议，苏政发〔2018〕86号')).toEqual([]);
    // An article number in Chinese numerals is no amount, nor is its tail (第二十九条 had given 十九条).
    expect(amountsIn('第二十九条 对企业给予三百万元奖励；第二十四条')).toEqual(['三百万元']);
  });

  it('does not list again a figure a target uses, however it is written (4.0%, 31万元/人, the end of 3至5家)', () => {
    const amounts = (text: string) => clauseParameters({ text }, INSTRUMENTS).amounts;
    expect(amounts('到2025年，全社会研发投入占GDP比重达到4.0%。')).toEqual([]);
    expect(amounts('到2023年，规上制造业全员劳动生产率达到31万元/人以上，规上工业亩均税收达到35万元/亩。')).toEqual([]);
    expect(amounts('到2025年培育3至5家国家级“数字领航”企业。')).toEqual([]);
    // The same figure stated outside every target is another number: a grant of the target's 50万元.
    expect(amounts('到2025年，亩均税收达到50万元。对新认定企业给予50万元奖励。')).toEqual(['50万元']);
  });

  it('reads a range as one amount, never its end alone', () => {
    expect(amountsIn('提供3—10万元免息贷款，对获得1至3个专利的')).toEqual(['3—10万元', '1至3个']);
    expect(amountsIn('按10%-20%给予奖励，第1-3项')).toEqual(['10%', '20%']);
  });

  it('reads a figure with thousands separators whole, as the same figure written without them (export audit, s22)', () => {
    // 1,000万元 had been read as 000万元 and 12,500万元 as 500万元, which the desk then marked 同草案 beside a 500万元.
    expect(amountsIn('年研发投入额达1,000万元的，最高奖励12,500万元，或1,000.5万元')).toEqual(['1000万元', '12500万元', '1000.5万元']);
    expect(amountsIn('给予50万元,100万元')).toEqual(['50万元', '100万元']);
    // A full-width comma separates (100，200): its second part is no figure of its own when it starts with 0.
    expect(amountsIn('10,000万元和1，000万元')).toEqual(['10000万元']);
    expect(amountsIn('补助0.5%')).toEqual(['0.5%']);
  });

  it('keeps targets apart from the other numbers, and departments from the note and the text', () => {
    // Two sentences: a sentence that grants money (给予…奖励) states an incentive, not a target, and is read as such.
    const p = clauseParameters({ text: '到2025年，专精特新企业达到500家。对认定企业给予50万元奖励。(市工信局负责)', responsible: ['市科技局'] }, INSTRUMENTS);
    expect(p.targets.map((t) => [t.indicator, t.value, t.unit])).toEqual([['专精特新企业', 500, '家']]);
    expect(p.amounts).toEqual(['50万元']);
    expect(p.years).toEqual(['2025年']);
    expect(p.departments).toEqual(['市科技局', '市工信局']);
    expect(p.instruments.map((i) => i.name)).toEqual(['资金奖补']);
  });

  it('lists a lead unit (巴中\'s 区经信局（牵头）) as the unit it is, once', () => {
    const p = clauseParameters({ text: '由区经信局会同区财政局给予奖补。', responsible: ['区经信局（牵头）', '区财政局'] }, INSTRUMENTS);
    expect(p.departments).toEqual(['区经信局', '区财政局']);
  });
});

describe('parameterTable and diffClauses', () => {
  it('marks on each side what the other side names too', () => {
    const a = clauseParameters({ text: '到2025年，专精特新企业达到500家。对新认定企业给予奖励。', responsible: ['市工信局'] }, INSTRUMENTS);
    const b = clauseParameters({ text: '2025年底前培育专精特新中小企业500家，优先保障用地。', responsible: ['市工信局', '市资规局'] }, INSTRUMENTS);
    const rows = Object.fromEntries(parameterTable(a, b).map((r) => [r.key, r]));
    expect(rows.targets!.a.map((v) => v.shared)).toEqual([true]);
    expect(rows.targets!.b.map((v) => v.shared)).toEqual([true]);
    expect(rows.years!.a).toEqual([{ text: '2025年', shared: true }]);
    expect(rows.years!.b).toEqual([{ text: '2025年底', shared: true }]);
    expect(rows.departments!.b).toEqual([{ text: '市工信局', shared: true }, { text: '市资规局', shared: false }]);
    expect(rows.instruments!.a).toEqual([{ text: '资金奖补', shared: false }]);
    expect(rows.instruments!.b).toEqual([{ text: '用地', shared: false }]);
  });

  // Twentieth session's drafter audit: 杭州's 50万元 for a 博士后工作站 was marked 同草案 beside the draft's 50万元 安家补贴.
  it('marks an amount both name only when the words around it agree, or one side says nothing of it', () => {
    const row = (x: string, y: string) => parameterTable(clauseParameters({ text: x }, []), clauseParameters({ text: y }, [])).find((r) => r.key === 'amounts')!;
    const draft = '对新引进的国家级领军人才，给予最高200万元安家补贴；对新引进的省级高层次人才，给予最高50万元安家补贴。';
    const hangzhou = '对企业新设立的省级和国家级博士后工作站分别给予50万元、100万元补助，对获博士后独立招收资格的企业，给予50万元奖励。';
    expect(row(draft, hangzhou).a).toEqual([{ text: '200万元', shared: false }, { text: '50万元', shared: false }]);
    expect(row(draft, hangzhou).b).toEqual([{ text: '50万元', shared: false }, { text: '100万元', shared: false }]);
    // The same grant in other words.
    expect(row(draft, '对引进的省级高层次人才，给予50万元安家补贴。').a.map((v) => v.shared)).toEqual([false, true]);
    // Nothing around the figure but the frame of a grant: the figure alone decides.
    expect(row('给予50万元奖励。', '奖励50万元。').a).toEqual([{ text: '50万元', shared: true }]);
  });

  // Twenty-first session's drafter audit, finding 3: list-style grants, a cap beside a condition, and a figure for
  // another thing of the same clause were marked 同草案.
  describe('pairs each amount with its counterpart before marking it', () => {
    const row = (x: string, y: string) => parameterTable(clauseParameters({ text: x }, []), clauseParameters({ text: y }, [])).find((r) => r.key === 'amounts')!;
    const marked = (values: { text: string; shared: boolean }[]) => values.filter((v) => v.shared).map((v) => v.text);
    const anhuiFactories = '对省级数字化车间、智能工厂，省级分别给予企业一次性奖补50万元、100万元。';

    // Twenty-third session's drafter audit, finding 6: the draft writes 专精特新中小企业 as one word, the precedents part
    // it with quotes (省级“专精特新”中小企业), and each has another 20万元 earlier, for 上规 or 规改股.
    it('by a compound one side writes where the other writes its words apart', () => {
      const draft = '第三条 对首次认定的省级专精特新中小企业，给予一次性奖励20万元。（市工信局负责）';
      const hangzhou = '对首次上规纳统的工业企业给予最高20万元的一次性奖励。推进“专精特新”名城建设，对首次认定的国家级专精特新“小巨人”企业、省隐形冠军企业、省级“专精特新”中小企业，按政策分档分别给予最高100万元、100万元、20万元一次性奖励。';
      const tianhe = '对实现“小升规”“规改股”“股上市”三个梯度发展目标的港澳青年企业分别给予10万元、20万元和50万元的一次性奖励支持；对通过省级“专精特新”中小企业或国家高新技术企业认定的港澳青年企业给予20万元一次性奖励支持。';
      expect(marked(row(draft, hangzhou).a)).toEqual(['20万元']);
      expect(marked(row(draft, tianhe).a)).toEqual(['20万元']);
      expect(marked(row(draft, tianhe).b)).toEqual(['20万元']);
      // Not a compound that is wholly the other's words but governs neither figure (登记注册 beside 注册 … 登记).
      expect(marked(row('消费者在本市注册登记新能源汽车的，给予1万元补贴。', '入驻基地的港澳青年企业成功登记注册后，给予推荐机构1万元奖励。').a)).toEqual([]);
    });

    it('by its place in a parallel list: A、B … X、Y gives A X and B Y', () => {
      const draft = '支持企业开展智能化改造，对新认定的市级数字化车间、智能工厂，分别给予企业一次性奖励30万元、50万元。';
      // The draft's 50万元 is 智能工厂's; 安徽's is 数字化车间's.
      expect(marked(row(draft, anhuiFactories).a)).toEqual([]);
      expect(marked(row(draft, anhuiFactories).b)).toEqual([]);
      expect(marked(row('对数字化车间、智能工厂分别给予50万元、100万元奖励。', anhuiFactories).a)).toEqual(['50万元', '100万元']);
      // One item named alone is its list item's counterpart: 智能工厂 100万元, not 数字化车间's 50万元.
      expect(marked(row('对新认定的智能工厂给予一次性奖励50万元。', anhuiFactories).a)).toEqual([]);
      expect(marked(row('对新认定的智能工厂给予一次性奖励100万元。', anhuiFactories).a)).toEqual(['100万元']);
      // Items written as a run of quoted terms; and a list whose items are not found pairs only by its place.
      const tianhe = '对实现“小升规”“规改股”“股上市”三个梯度发展目标的港澳青年企业分别给予10万元、20万元和50万元的一次性奖励支持。';
      expect(marked(row('对实现股上市的企业给予20万元奖励。', tianhe).a)).toEqual([]);
      expect(marked(row('对实现规改股的企业给予20万元奖励。', tianhe).a)).toEqual(['20万元']);
      expect(marked(row('按评定等次分别给予10万元、20万元奖励。', '按评定等次分别给予20万元、10万元奖励。').a)).toEqual([]);
      // 或 offers a choice of rates, not one rate per item.
      expect(marked(row('商标注册：最高支持比例为50%或70%。', '对境外商标注册等费用给予不超过70%的奖励。').a)).toEqual(['70%']);
    });

    it('by its role: a condition to qualify is not what is given', () => {
      const draft = '对企业签订的首个数据产品交易合同，按第一年度交易额的3%给予奖励，最高不超过100万元。';
      const beijing = '鼓励企业开展数据资产入表活动，对于数据资源首次实现入表且入表金额大于100万元的，对企业为实现数据资产入表所发生的服务费用予以30%的补贴，同一企业数据资产入表补贴最高不超过50万元。';
      expect(marked(row(draft, beijing).a)).toEqual([]);
      expect(marked(row(draft, beijing).b)).toEqual([]);
      // Two conditions on one figure are a pair; a cap and a fixed grant are both what is given.
      expect(marked(row('固定资产投资不低于500万元的项目，按总投资的20%给予奖励。', '对生产性设备投资500万元（含）以上的重点技术改造项目，按设备投资额5%的比例给予奖补。').a)).toEqual(['500万元']);
      expect(marked(row('对设备投资给予最高500万元奖补。', '对设备投资500万元以上的项目给予奖补。').a)).toEqual([]);
      expect(marked(row('对新引进的省级高层次人才，给予最高50万元安家补贴。', '对引进的省级高层次人才，给予50万元安家补贴。').a)).toEqual(['50万元']);
    });

    it('by what it is for: the figure the other clause gives for the same thing', () => {
      const draft = '对新认定的国家级跨行业跨领域工业互联网平台给予一次性奖励1000万元；对新认定的省级行业型、区域型工业互联网平台给予一次性奖励200万元。';
      const anhui = '对跨行业跨领域工业互联网平台省级给予奖补，最高3000万元；对行业、区域、专业型工业互联网平台省级给予奖补，最高1000万元；企业级工业互联网平台省级给予一次性奖补100万元。';
      // 安徽's 1000万元 is for 行业、区域、专业型 platforms; its 跨行业跨领域 platform gets 3000万元.
      expect(marked(row(draft, anhui).a)).toEqual([]);
      expect(marked(row(draft, anhui).b)).toEqual([]);
      // 每人每月 and a 补贴期限 say how an allowance is paid, not what for.
      expect(marked(row('对新引进的全日制博士研究生，给予每人每月3000元生活补贴，补贴期限3年。', '基地入驻企业实习的高校在读港澳青年，给予每人每月3000元实习补贴，补贴期限不超过6个月。').a)).toEqual([]);
      // Words of a later part of the sentence (an exclusion) do not say what the figure is for.
      expect(marked(row('获评“专精特新”的，再增加奖励20万元，已获得中央财政资金支持的国家级专精特新“小巨人”企业不予奖励。', '对首次认定的国家级专精特新“小巨人”企业、省级“专精特新”中小企业，分别给予最高100万元、20万元一次性奖励。').a)).toEqual(['20万元']);
    });
  });

  // Twenty-first session's drafter audit: a draft's 50% of 云服务 fees was marked 同草案 beside 巴中's 50% of a 政府采购 prepayment
  // ratio, the two sentences sharing only 中小企业, who gets each; the words that govern a figure are its own part's.
  describe('pairs an amount only when the words governing it agree', () => {
    const row = (x: string, y: string) => parameterTable(clauseParameters({ text: x }, []), clauseParameters({ text: y }, [])).find((r) => r.key === 'amounts')!;
    const marked = (values: { text: string; shared: boolean }[]) => values.filter((v) => v.shared).map((v) => v.text);
    const cloud = '对中小企业购买云服务的，按实际服务费用的50%给予补贴，单家企业年度补贴不超过20万元。';

    it('not by a word of the sentence that governs neither figure', () => {
      const bazhong = '建立健全政府采购资金预付制度，提高面向中小企业的政府采购资金预付款比例，提高比例不超过原比例的50%。';
      expect(marked(row(cloud, bazhong).a)).toEqual([]);
      expect(marked(row(cloud, bazhong).b)).toEqual([]);
      // The same subsidy worded otherwise: its part names nothing, and the sentences share what the draft's 50% is of.
      expect(marked(row(cloud, '对中小企业上云购买云服务费用的，给予50%的补贴。').a)).toEqual(['50%']);
    });

    it('not when both parts say what the figure is of, and they differ', () => {
      const sales = '对获评专精特新“小巨人”的企业，按当年研发投入的10%给予奖励。';
      expect(marked(row(sales, '对获评专精特新“小巨人”的企业，按当年营业收入的10%给予奖励。').a)).toEqual([]);
      expect(marked(row(sales, '对获评专精特新“小巨人”的企业，按上年度研发投入的10%给予奖励。').a)).toEqual(['10%']);
      // The draft's 30% of registration fees beside 北京's: the same base, marked.
      expect(marked(row('对首次取得数据资产登记证书的企业，按登记费用的30%给予补贴，同一企业年度补贴不超过10万元。', '对于企业首次开展数据资产登记并获得相应证书的，可以按照该企业首批取得数据资产登记证书的登记费用的30%予以补贴，同一企业年度补贴金额不超过10万元。').a)).toEqual(['30%', '10万元']);
    });

    it('as before where neither part names anything but the frame of a grant', () => {
      // 再增加 and 追加 say how a grant is added, not what for: 专精特新's 20万元 is the counterpart.
      expect(marked(row('对取得“专精特新”企业认定的，追加奖励20万元。', '对首次认定的省级“专精特新”中小企业，给予最高20万元一次性奖励。').a)).toEqual(['20万元']);
      expect(marked(row('对新认定的国家级孵化器，给予一次性奖励100万元。', '对新认定的国家级孵化器，奖励100万元。').a)).toEqual(['100万元']);
    });
  });

  it('does not take the same figure of another indicator for a shared target', () => {
    const a = clauseParameters({ text: '到2025年，培育省级专精特新中小企业100家。' }, INSTRUMENTS);
    const b = clauseParameters({ text: '到2025年，培育科技小巨人企业100家。' }, INSTRUMENTS);
    const rows = Object.fromEntries(parameterTable(a, b).map((r) => [r.key, r]));
    expect(rows.targets!.a.map((v) => [v.text, v.shared])).toEqual([[expect.stringContaining('100家'), false]]);
    expect(rows.targets!.b.map((v) => [v.text, v.shared])).toEqual([[expect.stringContaining('100家'), false]]);
    // The same indicator in other words still is.
    const c = clauseParameters({ text: '到2025年，研发投入占营业收入比重达到3%。' }, INSTRUMENTS);
    const d = clauseParameters({ text: '到2025年，全社会研发投入占营业收入比重达到3%。' }, INSTRUMENTS);
    expect(parameterTable(c, d)[0]!.a.map((v) => v.shared)).toEqual([true]);
    // A yearly figure is not a total: 每年1000家 against 累计1000家.
    const e = clauseParameters({ text: '到2026年，全市累计完成数字化改造企业1000家以上。' }, INSTRUMENTS);
    const f = clauseParameters({ text: '每年推进1000家以上企业数字化改造。' }, INSTRUMENTS);
    expect(parameterTable(e, f)[0]!.a.map((v) => v.shared)).toEqual([false]);
  });

  it('puts two clauses side by side: ranges, overlap and parameters', () => {
    const a = '对新认定的市级工业互联网平台给予最高200万元奖励。';
    const b = '对新认定的省级工业互联网平台，给予一次性奖励100万元。';
    const d = diffClauses({ text: a }, { text: b }, INSTRUMENTS);
    // 市级 and 省级 are words: their 级 is not shared wording.
    expect(d.shared.map((s) => s.text)).toEqual(['工业互联网平台', '对新认定的']);
    expect(d.rangesA.map((r) => slice(a, r))).toEqual(['对新认定的', '工业互联网平台']);
    expect(d.rangesB.map((r) => slice(b, r))).toEqual(['对新认定的', '工业互联网平台']);
    // 对新认定的 (5) + 工业互联网平台 (7) of 25 letters, digits and Han characters.
    expect(d.overlap.a).toBeCloseTo(12 / 25, 5);
    const amounts = d.parameters.find((r) => r.key === 'amounts')!;
    expect(amounts.a).toEqual([{ text: '200万元', shared: false }]);
    expect(amounts.b).toEqual([{ text: '100万元', shared: false }]);
    const instruments = d.parameters.find((r) => r.key === 'instruments')!;
    expect(instruments.a).toEqual([{ text: '资金奖补', shared: true }]);
  });

  it('the shipped instrument list names the instruments the issue lists', () => {
    const names = detectInstruments('设立产业基金，提供中长期贷款，保障工业用地，给予资金奖补，开展亩均评价。', loadInstruments()).map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining(['资金奖补', '基金', '贷款与信贷', '用地', '评价与考核']));
  });

  it('the shipped list reads 标准与认证 from setting standards, not from a rate, a building or a unit', () => {
    const names = (text: string) => detectInstruments(text, loadInstruments()).map((i) => i.name);
    expect(names('按300元/人的标准给予补贴，推进工业标准厂房建设，节约用能20万吨标准煤。')).not.toContain('标准与认证');
    expect(names('支持企业主导制定国际标准、行业标准，实施首都标准化战略。')).toContain('标准与认证');
    expect(names('对获得产品认证的企业给予补助。')).toContain('标准与认证');
  });
});
