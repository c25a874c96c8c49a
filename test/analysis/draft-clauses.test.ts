/**
 * How the drafting desk cuts a draft into the clauses it compares (src/analysis/draft.ts `draftClauses`), pure: a long
 * clause compared in parts keeps the draft's numbering, and the parts are named as parts of it.
 */
import { describe, expect, it } from 'vitest';
import { draftClauseName, draftClauses, draftNumbers, draftTarget, splitNote, usedInNote } from '../../src/analysis/draft.js';
import { DEFAULT_ANALYSIS_TUNING } from '../../src/analysis/tuning.js';
import { extractTargets } from '../../src/text/targets.js';

/** A clause of about 745 characters (sentences of our own), as long as the drafter's 一、. */
const LONG = `一、加大人才引进支持力度。${Array.from({ length: 26 }, (_, i) => `对第${i + 1}类紧缺人才给予每人一次性安家补贴并优先保障住房。`).join('')}`;

describe('draftClauses: a long clause', () => {
  it('is compared in parts named 之一 / 之二 under its own number, and the clauses after it keep theirs (s20 drafter audit, finding 6)', () => {
    const text = ['某县关于人才引进的若干措施', LONG, '二、本措施自2025年1月1日起施行，由县人社局负责解释。'].join('\n');
    expect([...LONG].length).toBeGreaterThan(700);
    const { clauses } = draftClauses(text, DEFAULT_ANALYSIS_TUNING);
    expect(clauses.map((c) => [c.n, c.number, c.part?.index ?? null, c.part?.of ?? null])).toEqual([
      [1, 1, 1, 2],
      [2, 1, 2, 2],
      [3, 2, null, null],
    ]);
    expect(clauses[0]!.part!.characters).toBe([...clauses[0]!.text].length + [...clauses[1]!.text].length);
    expect(clauses.map((c) => draftClauseName(c))).toEqual(['第 1 条（之一）', '第 1 条（之二）', '第 2 条']);
    expect(draftClauseName(clauses[1]!, false)).toBe('第1条（之二）');
    expect(splitNote(clauses[0]!)).toMatch(/^草案第 1 条有 \d{3} 字：超过 500 字的条款按句分成 2 段逐段对照/);
    expect([splitNote(clauses[1]!), splitNote(clauses[2]!)]).toEqual([null, null]);
    // Lists of clauses (coverage, a gap's note) name the clause once.
    expect(draftNumbers(clauses, [1, 2, 3])).toEqual([{ n: 1, number: 1 }, { n: 3, number: 2 }]);
    const usedIn = [1, 2, 3].map((n) => ({ n, instrument: '资金奖补', terms: ['补贴'] }));
    expect(usedInNote({ usedIn }, (n) => clauses[n - 1]!.number)).toBe('草案第 1、2 条已用到资金奖补（补贴），但没有专讲这项措施的条款。');
  });

  it('names the 12th part of a very long clause 之十二, and one compared whole plainly', () => {
    expect(draftClauseName({ number: 3, part: { index: 12, of: 25, characters: 11_000 } })).toBe('第 3 条（之十二）');
    expect(draftClauseName({ number: 3, part: { index: 20, of: 25, characters: 11_000 } })).toBe('第 3 条（之二十）');
    expect(draftClauseName({ number: 3, part: null })).toBe('第 3 条');
  });
});

// Twentieth session's verifying audit: grant lines typed without the final 。 were lost (a numbered one became a
// heading with nothing under it) or glued into one clause (unnumbered ones, read as a wrapped line).
describe('draftClauses: lines typed without the final 。', () => {
  const GRANTS = ['对新认定的国家级科技企业孵化器给予最高100万元奖励', '对新认定的省级科技企业孵化器给予最高50万元奖励'];

  it('compares a numbered grant line as a clause, with or without its 。', () => {
    const { clauses, skippedParagraphs } = draftClauses(['某县孵化措施', `1.${GRANTS[0]}`, `2.${GRANTS[1]}。`].join('\n'), DEFAULT_ANALYSIS_TUNING);
    expect(clauses.map((c) => c.text)).toEqual([`1.${GRANTS[0]}`, `2.${GRANTS[1]}。`]);
    expect(skippedParagraphs).toEqual([]);
  });

  it('keeps each typed line its own clause, while a file whose lines may be wrapped still joins a stray break', () => {
    const typed = ['某县孵化措施', ...GRANTS].join('\n');
    expect(draftClauses(typed, DEFAULT_ANALYSIS_TUNING).clauses.map((c) => c.text)).toEqual(GRANTS);
    expect(draftClauses(typed, DEFAULT_ANALYSIS_TUNING, 'may-wrap').clauses.map((c) => c.text)).toEqual([GRANTS.join('')]);
  });
});

describe('draftTarget', () => {
  it('shows the base a draft names apart from the indicator, as /targets does (twenty-first analyst audit, finding 3)', () => {
    const [framed] = extractTargets('全市每年出让的国有建设用地中，工业用地比例不低于40%。');
    expect(draftTarget(framed!)).toMatchObject({ indicator: '工业用地比例', base: '出让的国有建设用地', qualifier: '每年 不低于' });
    const [inside] = extractTargets('到2025年，全社会研发投入占GDP比重达到3%。');
    expect(draftTarget(inside!).base).toBe('GDP');
  });
});
