/**
 * A compendium card's 条件要求 and 办理流程 (src/text/compendium.ts `inApplicationField`) say who qualifies and how to
 * apply, not what the policy grants: 注册满1年, 研发投入占营业收入比重不低于3%, 房地产企业…不适用, 在线填写申报书→评审立项.
 * The twenty-second session's researcher found them leading answers to substantive questions (21 of 300 top-10 slots
 * on seeds + external; 北京 p0618's not-applicable list first for 小公司找银行借钱难, five 不低于40% thresholds in the ten
 * for 各地对企业研发投入强度设定了什么目标). The engine ranks them under the measure clauses (`cardFieldWeight`) unless
 * the query asks about conditions or procedures, which this module reads.
 *
 * The words are those of the card's field labels (条件要求, 申报条件, 申请条件, 办理流程, 申报流程 …) and of applying
 * (材料, 资格, 门槛, 手续, 程序, 受理), written down before any set was scored and not tuned. 要求 alone is not one:
 * a question about a target asks 比例要求不低于多少. A word inside another (专利申请资助, a grant) still counts: the query
 * is then ranked as before, which is the cost of reading too much.
 *
 * Words that ask for the requirements without those words (twenty-third session's verify audit, item 1):
 * 首台套保险补贴要满足什么要求 and …哪些企业可以享受 had the condition 北京 p0851 (keyword mode's 2nd) out of the hybrid
 * top 100, 专精特新企业认定要求 and …认定标准 had p0280 and p0096 (keyword 1st and 3rd) out of it. So 满足, 哪些企业可以,
 * 资质, 认定标准, 认定要求 and 要求 asked as a question (有什么要求, 什么要求: 要满足什么要求 holds both), but not 要求 alone
 * (比例要求不低于多少 asks a target) nor 标准 alone (标准地, 行业标准, 补贴标准 are measures). None of the words is in a
 * query of the choosing sets (dev, own, tune, tune-external); a pasted clause is read by them too (满足…需求), and the
 * pairs score the same with and without them (on /tmp/idx-ext2: tune-external's pairs 0.711 / 0.789,
 * one-sentence-external's 0.774, own's 0.759 / 0.846, tune's 0.753 / 0.876; the seed index holds no card). With them
 * the audit's queries have p0851 2nd (…要满足什么要求) and 3rd (…哪些企业可以享受), p0096 and p0280 1st–3rd.
 */

/** Words of a query that asks who qualifies or how to apply. */
export const APPLYING_WORDS: readonly string[] = [
  '条件', '申请', '申报', '办理', '流程', '材料', '资格', '门槛', '手续', '程序', '受理',
  '满足', '哪些企业可以', '资质', '认定标准', '认定要求', '什么要求',
];

/** Whether a query (simplified script) asks about a policy's conditions or procedures. */
export function asksHowToApply(query: string): boolean {
  return APPLYING_WORDS.some((w) => query.includes(w));
}
