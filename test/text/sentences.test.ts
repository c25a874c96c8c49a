import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_SENTENCE_CHARS, splitSentences } from '../../src/text/sentences.js';

describe('splitSentences', () => {
  it('cuts after 。！？； and keeps a run-in heading with the sentence after it', () => {
    expect(splitSentences('(二)加快企业培育。支持企业上市；对首台(套)装备给予奖励。')).toEqual(['(二)加快企业培育。支持企业上市；', '对首台(套)装备给予奖励。']);
    expect(splitSentences('加快建设创新平台，到2025年建成10家！推动企业上市挂牌融资？')).toEqual(['加快建设创新平台，到2025年建成10家！', '推动企业上市挂牌融资？']);
  });

  it('cuts before numbered items after a colon or comma, not inside numbers or brackets', () => {
    expect(splitSentences('重点支持以下项目：(1)智能化改造项目给予补助，(2)数字化车间建设项目给予奖励。')).toEqual([
      '重点支持以下项目：',
      '(1)智能化改造项目给予补助，',
      '(2)数字化车间建设项目给予奖励。',
    ]);
    // 主要任务有三项： and 三是培育企业。 are too short to stand alone: joined to the item after and before them.
    expect(splitSentences('主要任务有三项：一是加强企业技术改造，二是推动企业数字化转型，三是培育企业。')).toEqual([
      '主要任务有三项：一是加强企业技术改造，',
      '二是推动企业数字化转型，三是培育企业。',
    ]);
    // 3.5亿元 and “十四五” are not cuts; a closing quote stays with its sentence.
    expect(splitSentences('到“十四五”末，集群规模达到3.5亿元。企业称其为“领跑者。”后续各年逐步提升产业规模。')).toEqual(['到“十四五”末，集群规模达到3.5亿元。', '企业称其为“领跑者。”', '后续各年逐步提升产业规模。']);
  });

  it('joins a short fragment at the end to the sentence before it, and returns a short clause whole', () => {
    expect(splitSentences('支持企业建设智能工厂和数字化车间。等。')).toEqual(['支持企业建设智能工厂和数字化车间。等。']);
    expect(splitSentences('一、总则')).toEqual(['一、总则']);
    expect(splitSentences('')).toEqual([]);
  });

  it('loses nothing but whitespace at the cuts, and leaves no short sentence unless the clause is short', () => {
    const piece = fc.constantFrom('支持企业开展技术改造', '给予一次性奖励', '。', '；', '，', '：', '(1)', '①', '3.5', '一是', '等', ' ');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const sentences = splitSentences(text);
        expect(sentences.join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
        const content = (s: string) => (s.match(/[\p{L}\p{N}]/gu) ?? []).length;
        if (sentences.length > 1) for (const s of sentences) expect(content(s)).toBeGreaterThanOrEqual(MIN_SENTENCE_CHARS);
      }),
    );
  });
});
