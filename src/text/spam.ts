/**
 * Injected gambling spam (博彩垃圾信息): compromised government pages replace names with runs of betting-site
 * names such as `365手机版游戏中心官网_beat365app登录入口_BET体育365投注官网`.
 *
 * Spam is recognised by its nature, not by these strings: a run of site names joined by `_`, scored by betting
 * vocabulary. A single weak word is never spam: policy text legitimately speaks of 体育产业, 彩票公益金, 真人秀 or
 * even 打击网络赌博; what gives spam away is strong betting vocabulary (投注, 博彩, bet/casino, app登录入口, a number
 * brand glued to 体育/app…) inside a run of `_`-joined names, or several distinct strong signals in one name.
 */

import { toSimplified } from './script.js';

/** Betting vocabulary that ordinary policy text almost never uses in a site-name-like run. Weight 2. */
const STRONG_SIGNAL = new RegExp(
  [
    '博彩', '赌场', '赌博', '赌球', '投注', '下注', '娱乐城', '老虎机', '百家乐', '六合彩', '时时彩', '网投',
    '真人视讯', '真人荷官', '真人娱乐', '棋牌游戏', '电子游艺', '登录入口', '登陆入口', '手机版游戏', '游戏中心',
    '彩票网', '购彩', '开户送',
    // Latin brand words, not inside a longer English word (better, alphabet)
    '(?<![a-z])(?:bet|beat|casino|bwin|betway|poker|baccarat)(?![a-z])[0-9a-z]*',
    '(?<![a-z])(?:bet|beat)\\d+[a-z]*',
    // a 3–4 digit brand number glued to betting or site words: 365手机版, 188体育, 365bet
    '(?<![\\d.])\\d{3,4}(?=bet|app|vip|casino|手机|体育|游戏|娱乐|彩|官网|真人|棋牌|投注)',
  ].join('|'),
  'giu',
);

/** Words that are normal in policy text but common in spam site names. Weight 1, and never enough alone. */
const WEAK_SIGNAL = /官网|官方网站|入口|网址|体育|彩票|真人|棋牌|娱乐|app|手机版|平台|游戏|注册|下载|首页/giu;

/** Characters that end a site-name segment: spaces, punctuation, brackets, URL separators. `_` joins segments. */
const SEGMENT_BREAK = /[\s,，。;；:：、!！?？()（）[\]【】<>《》|"“”'‘’·/.=&#]/u;

interface Signal {
  start: number;
  end: number;
  weight: number;
  word: string;
}

/** Find strong and weak signals in `s`; weak matches inside a strong one are not counted twice. */
function findSignals(s: string): Signal[] {
  const signals: Signal[] = [];
  for (const m of s.matchAll(STRONG_SIGNAL)) {
    if (m[0].length > 0) signals.push({ start: m.index, end: m.index + m[0].length, weight: 2, word: m[0].toLowerCase() });
  }
  for (const m of s.matchAll(WEAK_SIGNAL)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!signals.some((x) => x.weight === 2 && start < x.end && end > x.start)) {
      signals.push({ start, end, weight: 1, word: m[0].toLowerCase() });
    }
  }
  return signals.sort((a, b) => a.start - b.start);
}

interface Run {
  start: number;
  end: number;
  segments: number;
}

/** Split a line into runs: maximal stretches without a segment break, counting their `_`-joined segments. */
function findRuns(line: string): Run[] {
  const runs: Run[] = [];
  let start = -1;
  for (let i = 0; i <= line.length; i++) {
    const ch = i < line.length ? line[i]! : ' ';
    const breaks = SEGMENT_BREAK.test(ch);
    if (!breaks && start < 0) start = i;
    if (breaks && start >= 0) {
      const text = line.slice(start, i);
      const segments = text.split(/_+/).filter((x) => x.length > 0).length;
      runs.push({ start, end: i, segments });
      start = -1;
    }
  }
  return runs;
}

/**
 * Judge one run. Joined runs (`a_b_c`) are spam with one strong signal and a score of 3; a single name needs two
 * distinct strong signals. The span is trimmed to the first and last signal, so a legitimate name glued to the spam
 * (`…投注官网人民政府`) survives.
 */
function judgeRun(line: string, run: Run): [number, number] | null {
  const text = line.slice(run.start, run.end);
  const signals = findSignals(text);
  const strong = new Set(signals.filter((s) => s.weight === 2).map((s) => s.word));
  const score = signals.reduce((sum, s) => sum + s.weight, 0);
  const isSpam = run.segments >= 2 ? strong.size >= 1 && score >= 3 : strong.size >= 2 && score >= 4;
  if (!isSpam || signals.length === 0) return null;
  const segments = [...text.matchAll(/[^_]+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const first = segments[0]!;
  const last = segments[segments.length - 1]!;
  // Trim only the outer segments: inner segments of a joined run are spam in their own right.
  const firstSignal = signals.find((s) => s.start >= first.start && s.start < first.end);
  const lastSignal = [...signals].reverse().find((s) => s.end > last.start && s.end <= last.end);
  // What is left outside the signals survives only if it reads like a name (Han characters): `江苏省`, `人民政府`.
  const isName = (x: string) => /^\p{Script=Han}+$/u.test(x);
  const start = firstSignal && isName(text.slice(first.start, firstSignal.start)) ? firstSignal.start : first.start;
  const end = lastSignal && isName(text.slice(lastSignal.end, last.end)) ? lastSignal.end : last.end;
  return [run.start + start, run.start + end];
}

/**
 * Find injected spam in one line, in either script: `[start, end)` UTF-16 ranges, sorted and non-overlapping.
 * @example findSpamSpans('来源:365手机版游戏中心官网_beat365app登录入口_BET体育365投注官网人民政府办公厅')
 * // [[3, 43]]: the legitimate 来源: and 人民政府办公厅 stay outside
 */
export function findSpamSpans(written: string): [number, number][] {
  // Read in simplified script (手機版遊戲 as 手机版游戏): the fold keeps every offset, so the spans hold in the line as
  // written (src/text/script.ts).
  const line = toSimplified(written);
  // Every verdict needs a strong signal: most lines are settled by one search.
  STRONG_SIGNAL.lastIndex = 0;
  if (!STRONG_SIGNAL.test(line)) return [];
  STRONG_SIGNAL.lastIndex = 0;
  const spans: [number, number][] = [];
  for (const run of findRuns(line)) {
    const span = judgeRun(line, run);
    if (span && span[1] > span[0]) spans.push(span);
  }
  // A short line without sentences that is nothing but betting words (`XX娱乐城 - 官方网站`) goes whole.
  if (spans.length === 0 && line.length <= 100 && !/[。；;！？]/u.test(line)) {
    const signals = findSignals(line);
    const strong = new Set(signals.filter((s) => s.weight === 2).map((s) => s.word));
    const score = signals.reduce((sum, s) => sum + s.weight, 0);
    if (strong.size >= 2 && score >= 5) spans.push([0, line.length]);
  }
  return spans;
}

/**
 * Remove injected spam from a line and tidy what the removal leaves (`_` and spaces at the seams).
 * Returns the line unchanged when it holds no spam; an empty string when nothing legitimate is left.
 * @example stripSpam('365手机版游戏中心官网_beat365app登录入口_BET体育365投注官网人民政府') // '人民政府'
 */
export function stripSpam(line: string): string {
  const spans = findSpamSpans(line);
  if (spans.length === 0) return line;
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    out += line.slice(at, start);
    at = end;
  }
  out += line.slice(at);
  return out.replace(/_+(?=\s|$)|(?<=^|\s)_+/g, '').replace(/ {2,}/g, ' ').trim();
}
