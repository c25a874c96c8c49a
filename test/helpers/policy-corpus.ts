/**
 * Small policy documents of our own for indexer and server tests: a title naming the city, numbered sections and
 * numbered clauses that differ in measure, support and amounts, so that no two clauses are the same text.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MEASURES = ['智能化改造', '数字化转型', '专精特新企业培育', '工业互联网平台建设', '绿色低碳改造', '首台套装备推广', '产业链协同创新', '亩均效益评价'];
const SUPPORT = ['给予一次性奖励', '按设备投资额给予补助', '优先安排用地指标', '纳入重点项目库管理', '给予贷款贴息支持'];
const NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/**
 * A policy document of `city` with `clauses` numbered clauses, 20 to a section. `topic` changes every clause's
 * wording, so two documents of the same city and size are still different texts.
 */
export function policyText(city: string, clauses: number, topic = '制造业高质量发展'): string {
  const lines = [`${city}关于推进${topic}的实施意见`];
  for (let i = 0; i < clauses; i++) {
    if (i % 20 === 0) lines.push(`${NUMERALS[(i / 20) % NUMERALS.length]}、${topic}重点任务`);
    const measure = MEASURES[i % MEASURES.length]!;
    const support = SUPPORT[(i * 3) % SUPPORT.length]!;
    // The clause has a full stop inside, as real clauses do: a numbered line without one reads as a heading.
    lines.push(`${(i % 20) + 1}. 支持${city}企业围绕${topic}开展${measure}。对第${i + 1}批符合条件的项目${support}，最高不超过${(i % 9) + 1}00万元，到${2025 + (i % 3)}年完成${10 + i}家。`);
  }
  return lines.join('\n') + '\n';
}

/** Writes `files` (name → content) into `dir`, creating it. */
export function writeCorpus(dir: string, files: Record<string, string | Buffer>): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const DRAFT_SUBJECTS = ['规上工业企业', '专精特新企业', '小微企业', '龙头企业', '科技型中小企业', '外资企业', '高新技术企业'];
const DRAFT_ACTIONS = ['实施智能化改造', '建设数字化车间', '开展绿色工厂创建', '申报首台套装备', '建设研发机构', '参与标准制定', '开拓国际市场', '实施技术攻关'];
const DRAFT_SUPPORT = ['给予一次性奖励', '按投资额给予补助', '给予贷款贴息', '优先安排用地指标', '纳入重点项目库', '给予用能保障', '给予人才公寓支持', '减免相关费用', '给予保费补贴'];
const DRAFT_PLACES = ['开发区', '高新区', '各镇街道', '产业园区', '特色小镇', '临港片区', '综合保税区', '创新港', '科技城', '物流园', '老城区'];

/**
 * A draft of `n` distinct clauses of about 90 characters (500 of them come close to the desk's 50,000-character limit:
 * the longest draft it takes), a section heading every 20, for the desk's size tests and bench. Four slots chosen by
 * i modulo 7, 8, 9 and 11 make any two clauses differ in at least two of them, so that none is a near-copy of another
 * (the parser would set near-copies aside as duplicates).
 */
export function syntheticDraft(n: number): string {
  const lines = ['某市推动制造业高质量发展若干措施（征求意见稿）'];
  for (let i = 0; i < n; i++) {
    if (i % 20 === 0) lines.push(`${NUMERALS[(i / 20) % NUMERALS.length]}、第${i / 20 + 1}部分`);
    const pick = <T>(list: T[]) => list[i % list.length]!;
    lines.push(
      `${(i % 20) + 1}. 支持${pick(DRAFT_PLACES)}${pick(DRAFT_SUBJECTS)}${pick(DRAFT_ACTIONS)}，对符合条件的${pick(DRAFT_SUPPORT)}。` +
        `到${2025 + (i % 3)}年，全市新增${pick(DRAFT_SUBJECTS)}${10 + (i % 50)}家，对${pick(DRAFT_ACTIONS)}的项目最高不超过${((i % 9) + 1) * 50}万元。`,
    );
  }
  return lines.join('\n');
}
