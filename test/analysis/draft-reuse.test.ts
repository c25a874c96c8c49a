/**
 * The drafting desk's reuse (沿用, src/analysis/draft.ts `findReuse`), pure: the flag reads the figure each precedent
 * line shows (相同文字占草案条款), so the two never disagree (twenty-first session's drafter audit, finding 4).
 */
import { describe, expect, it } from 'vitest';
import { deskWording, findReuse, pairedAmounts, REUSE_THRESHOLD, reuseShareOf } from '../../src/analysis/draft.js';
import { clauseParameters } from '../../src/text/diff.js';

const doc = (date: string | null) => ({ id: 'beijing', file: 'beijing.txt', title: '北京市产业政策导引', city: '北京市', level: 'province', date });
const candidate = (id: string, text: string, date: string | null = '2024-01-01', share?: number) => ({
  paragraphId: id, text, doc: doc(date), section: ['方向20'], ...(share === undefined ? {} : { share }),
});

// The audit's 第三条 and 北京 p0345, which it follows sentence by sentence in short phrases.
const DRAFT = '培育数据要素市场。鼓励企业在省级数据交易场所开展数据资产登记，对首次取得数据资产登记证书的企业，按登记费用的30%给予补贴，同一企业年度补贴不超过10万元。对企业签订的首个数据产品交易合同，按第一年度交易额的3%给予奖励，最高不超过100万元。';
const BEIJING = '方向20数据要素市场示范奖励。鼓励企业在北京国际大数据交易所进行数据资产登记，对于企业首次开展数据资产登记并获得相应证书的，可以按照该企业首批取得数据资产登记证书的登记费用的30%予以补贴，同一企业年度补贴金额不超过10万元。鼓励企业在北京国际大数据交易所开展数据交易，对于企业签订的首个数据产品交易合同，可以按照第一年度数据交易额的4%对企业予以奖励，同一企业年度奖励金额最高不超过200万元。鼓励企业开展数据资产入表活动，对于数据资源首次实现入表且入表金额大于100万元的，可以对企业为实现数据资产入表所发生的数据质量评价、数据资产评估和第三方审计等服务费用予以30%的补贴，同一企业数据资产入表补贴最高不超过50万元。';

describe('findReuse', () => {
  it('flags a clause by the share its precedent line shows, and reports that share', () => {
    const shown = Math.round(deskWording(DRAFT, BEIJING).overlap.a * 1000) / 1000;
    // The line's share is the desk's wording (figures alone left out). The line showed 79% with no flag: 4-gram containment, the old rule's figure, read 0.48 (wording stitched from
    // short phrases; a four-character phrase is one gram).
    expect(shown).toBeGreaterThanOrEqual(REUSE_THRESHOLD);
    expect(reuseShareOf(DRAFT, BEIJING)).toBe(shown);
    const found = findReuse(DRAFT, [candidate('beijing:p0345', BEIJING)]);
    expect(found.map((r) => [r.paragraphId, r.share, r.first])).toEqual([['beijing:p0345', shown, true]]);
  });

  it('reads the bar on the figure as shown, in whole percent, when the caller gives each candidate’s share', () => {
    const flagged = (share: number) => findReuse(DRAFT, [candidate('x', '无关的文字', '2020-01-01', share)]).length > 0;
    expect(REUSE_THRESHOLD).toBe(0.6);
    expect(flagged(0.6)).toBe(true);
    // 59.5% is shown as 60%.
    expect(flagged(0.595)).toBe(true);
    expect(flagged(0.594)).toBe(false);
    expect(flagged(0.51)).toBe(false);
  });

  it('reads a copy in traditional script as a copy, and orders the earliest first', () => {
    const traditional = '鼓勵企業在省級數據交易場所開展數據資產登記，對首次取得數據資產登記證書的企業，按登記費用的30%給予補貼，同一企業年度補貼不超過10萬元。';
    const simplified = '鼓励企业在省级数据交易场所开展数据资产登记，对首次取得数据资产登记证书的企业，按登记费用的30%给予补贴，同一企业年度补贴不超过10万元。';
    expect(reuseShareOf(traditional, simplified)).toBe(1);
    const found = findReuse(traditional, [candidate('later', simplified, '2024-05-01'), candidate('earlier', simplified, '2021-03-01'), candidate('undated', simplified, null)]);
    expect(found.map((r) => [r.paragraphId, r.first])).toEqual([['earlier', true], ['later', false], ['undated', false]]);
  });

  it('does not check a short clause, nor flag two clauses on one topic written apart', () => {
    expect(findReuse('对首台(套)给予补贴。', [candidate('a', '对首台(套)给予补贴。')])).toEqual([]);
    expect(findReuse('支持企业建设智能工厂，按设备投资额的10%给予补助，单个项目最高不超过200万元。', [candidate('b', '鼓励企业实施智能化改造，对符合条件的项目给予奖励，最高500万元。')])).toEqual([]);
  });

  // Drafter audit (twenty-third session), finding 3: 北京 p0100 shares the 小巨人 award's words but not its amount (its
  // 100万元 rewards service platforms); the coincident figure had taken the share from 49% to 62%, and 最早 read the
  // book's year (2024) where the card says 2021-12-23.
  const XIAOJUREN = '第二条 对首次认定的国家级专精特新“小巨人”企业，给予一次性奖励100万元。（市工信局负责）';
  const P0100 = '支持特色园区建设中试打样和共享制造等产业支撑平台，按实际建设投入给予最高500万元资金补助，并根据服务绩效给予最高100万元奖励。鼓励各区给予服务平台房租减免、运行补助等支持，对迁入本市的国家级专精特新“小巨人”企业给予一次性奖励。';

  it('does not count a figure alone as shared wording, nor flag reuse on one', () => {
    const d = deskWording(XIAOJUREN, P0100);
    expect(d.shared.map((s) => s.text)).toEqual(['国家级专精特新“小巨人”企业', '给予一次性奖励']);
    expect(reuseShareOf(XIAOJUREN, P0100)).toBeLessThan(0.5);
    expect(findReuse(XIAOJUREN, [candidate('beijing:p0100', P0100)])).toEqual([]);
    // The same figure for the same award, as the 要素对照's amount rule pairs it, is shared wording (杭州 p0037).
    const hangzhou = '推进“专精特新”名城建设，对首次认定的国家级专精特新“小巨人”企业、省隐形冠军企业、省级“专精特新”中小企业，按政策分档分别给予最高100万元、100万元、20万元一次性奖励。';
    const paired = pairedAmounts(clauseParameters({ text: XIAOJUREN }, []), clauseParameters({ text: hangzhou }, []));
    expect([...paired]).toEqual(['100万元']);
    expect(deskWording(XIAOJUREN, hangzhou, paired).shared.map((s) => s.text)).toContain('100万元');
    expect(reuseShareOf(XIAOJUREN, hangzhou, paired)).toBeGreaterThan(reuseShareOf(XIAOJUREN, hangzhou));
    expect(pairedAmounts(clauseParameters({ text: XIAOJUREN }, []), clauseParameters({ text: P0100 }, []))).toEqual(new Set());
    // A figure inside a shared phrase stays: it is that phrase's wording.
    expect(deskWording('按设备投资额的10%给予补助，最高100万元。', '按设备投资额的10%给予补助，最高200万元。').shared.map((s) => s.text)).toEqual(['按设备投资额的10%给予补助，最高']);
  });

  it('dates a compendium card by its own 发布日期, not the book’s year', () => {
    const copy = '对首次取得数据资产登记证书的企业，按登记费用的30%给予补贴，同一企业年度补贴不超过10万元。';
    const found = findReuse(copy, [
      { ...candidate('book:card', copy, '2024'), source: { date: '2021-12-23' } },
      candidate('hangzhou', copy, '2024-02-18'),
    ]);
    expect(found.map((r) => [r.paragraphId, r.date, r.first])).toEqual([['book:card', '2021-12-23', true], ['hangzhou', '2024-02-18', false]]);
  });
});
