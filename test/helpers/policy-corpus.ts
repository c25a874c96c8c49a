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
