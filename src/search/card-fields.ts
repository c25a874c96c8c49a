/**
 * A compendium card's 条件要求 and 办理流程 (src/text/compendium.ts `inApplicationField`) say who qualifies and how to
 * apply, not what the policy grants: 注册满1年, 研发投入占营业收入比重不低于3%, 房地产企业…不适用, 在线填写申报书→评审立项.
 * The twenty-second session's researcher found them leading answers to substantive questions (21 of 300 top-10 slots
 * on seeds + external; 北京 p0618's not-applicable list first for 小公司找银行借钱难, five 不低于40% thresholds in the ten
 * for 各地对企业研发投入强度设定了什么目标). The engine ranks them under the measure clauses (`cardFieldWeight`) unless
 * the query asks about conditions or procedures, which this module reads.
 *
 * The words are those of the card's field labels (条件要求, 申报条件, 申请条件, 办理流程, 申报流程 …) and of applying
 * (材料, 资格, 门槛, 手续, 程序, 受理), written down before any set was scored and not tuned. 要求 is not one: a
 * question about a target asks 比例要求不低于多少. A word inside another (专利申请资助, a grant) still counts: the query
 * is then ranked as before, which is the cost of reading too much.
 */

/** Words of a query that asks who qualifies or how to apply. */
export const APPLYING_WORDS: readonly string[] = ['条件', '申请', '申报', '办理', '流程', '材料', '资格', '门槛', '手续', '程序', '受理'];

/** Whether a query (simplified script) asks about a policy's conditions or procedures. */
export function asksHowToApply(query: string): boolean {
  return APPLYING_WORDS.some((w) => query.includes(w));
}
