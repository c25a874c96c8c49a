/**
 * Measure sentences (措施句): a clause split into the units that each state one measure, so that search can rank a
 * long clause by its best sentence and "similar" can start from one sentence.
 *
 * Why: policy clauses bundle measures. Qingdao's "(一)增强制造业创新体系效能……" holds five (innovation platforms,
 * 卡脖子 products, 首台(套), innovation products, innovation centres); its single vector is the average of all five,
 * so none of them finds its counterpart. A sentence vector does.
 *
 * Rules (set from the grammar of the documents, not tuned on a query set):
 * - split after 。！？ and after ；/; (Chinese drafting separates parallel measures with semicolons);
 * - split before an inline enumerator ((1) （1） ① …) that follows ：，, — a list inside one sentence;
 * - a fragment shorter than MIN_SENTENCE_CHARS characters (a lone "具体包括：") cannot stand alone, nor can a numbered
 *   opening heading such as "(四)强化产业人才队伍建设。": each is joined to the sentence after it (at the end, the one
 *   before), so the heading stays with the first measure it introduces;
 * - a table row is one sentence: its cells only mean something together.
 * Ranges are UTF-16 offsets `[start, end)` into the clause text, trimmed of white space; together they cover every
 * non-space character of the clause, in order.
 */

/** Shorter fragments are joined to a neighbour: about the length of a section heading. */
export const MIN_SENTENCE_CHARS = 16;
/** A clause's numbered opening sentence up to this length is its heading ("(三)深化“亩产效益”评价改革。"): joined forward. */
export const MAX_HEADING_CHARS = 24;
const HEADING_LABEL = /^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．](?!\d)|第[一二三四五六七八九十百\d]+条)/u;

export interface SentenceSpan {
  start: number;
  end: number;
}

const TERMINATOR = /[。！？；;!?]/u;
/** (1) （1） ①–⑳, and ⑴–⒇ and ⒈–⒛ (the same numbers as single characters, U+2474–249B). */
const ENUMERATOR = /^(?:[（(]\s*\d{1,2}\s*[）)]|[①-⒛])/u;

/** Splits a clause into measure sentences. `kind: 'table-row'` keeps a row whole. */
export function splitSentences(text: string, kind: 'text' | 'table-row' = 'text'): SentenceSpan[] {
  const whole = trimSpan(text, 0, text.length);
  if (!whole) return [];
  if (kind === 'table-row') return [whole];

  // 1. Raw cuts: after terminators (and any closing quotes/brackets that follow them), and before inline enumerators.
  const cuts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (TERMINATOR.test(ch)) {
      let j = i + 1;
      while (j < text.length && /[”’」』)）\]】]/u.test(text[j]!)) j++;
      cuts.push(j);
      i = j - 1;
    } else if (i > 0 && /[：:，,]/u.test(text[i - 1]!) && ENUMERATOR.test(text.slice(i, i + 6))) {
      cuts.push(i);
    }
  }
  const raw: SentenceSpan[] = [];
  let from = 0;
  for (const c of [...cuts, text.length]) {
    const span = trimSpan(text, from, c);
    if (span) raw.push(span);
    from = c;
  }

  // 2. Join fragments too short to stand alone: forward into the next sentence, the last one backward.
  const out: SentenceSpan[] = [];
  let pending: SentenceSpan | null = null;
  for (const [i, s] of raw.entries()) {
    const cur: SentenceSpan = pending ? { start: pending.start, end: s.end } : s;
    pending = null;
    const length = charLength(text, cur);
    const heading = i === 0 && raw.length > 1 && length <= MAX_HEADING_CHARS && HEADING_LABEL.test(text.slice(cur.start));
    if (length < MIN_SENTENCE_CHARS || heading) pending = cur;
    else out.push(cur);
  }
  if (pending) {
    const last = out.at(-1);
    if (last) last.end = pending.end;
    else out.push(pending);
  }
  return out;
}

/** The sentences' texts. */
export function sentenceTexts(text: string, spans: SentenceSpan[]): string[] {
  return spans.map((s) => text.slice(s.start, s.end));
}

function trimSpan(text: string, start: number, end: number): SentenceSpan | null {
  while (start < end && /\s/u.test(text[start]!)) start++;
  while (end > start && /\s/u.test(text[end - 1]!)) end--;
  return end > start ? { start, end } : null;
}

/** Length in code points, not counting white space. */
function charLength(text: string, s: SentenceSpan): number {
  return [...text.slice(s.start, s.end).replace(/\s+/gu, '')].length;
}
