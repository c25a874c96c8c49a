import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sentenceTexts, splitSentences } from '../../src/text/sentences.js';

const split = (text: string, kind: 'text' | 'table-row' = 'text') => sentenceTexts(text, splitSentences(text, kind));

describe('splitSentences', () => {
  it('splits a bundled clause at 。 and keeps its numbered heading with the first measure', () => {
    const clause = '(一)增强制造业创新体系效能。构建制造业创新体系,每年新增省级以上企业创新平台10家以上。梳理“卡脖子”短板技术产品,引导企业每年实施技术创新重点项目1500项以上。依法依规通过政府首购、订购等方式支持创新产品应用,每年新增首台(套)技术装备25项以上。';
    expect(split(clause)).toEqual([
      '(一)增强制造业创新体系效能。构建制造业创新体系,每年新增省级以上企业创新平台10家以上。',
      '梳理“卡脖子”短板技术产品,引导企业每年实施技术创新重点项目1500项以上。',
      '依法依规通过政府首购、订购等方式支持创新产品应用,每年新增首台(套)技术装备25项以上。',
    ]);
  });

  it('splits at semicolons, half- and full-width', () => {
    expect(split('每年为20家以上工业企业提供节能诊断服务;推广合同能源管理、合同节水管理等服务模式。')).toEqual([
      '每年为20家以上工业企业提供节能诊断服务;',
      '推广合同能源管理、合同节水管理等服务模式。',
    ]);
    expect(split('对认定的国家级专精特新小巨人企业给予奖励；对省级专精特新中小企业给予一次性奖励。')).toHaveLength(2);
  });

  it('splits an inline numbered list after a colon', () => {
    // The lead-in is too short to stand alone, so it opens the first item.
    expect(split('重点支持以下项目：（1）新建智能工厂并投产的技术改造项目，（2）建设数字化车间并通过评定的项目。')).toEqual([
      '重点支持以下项目：（1）新建智能工厂并投产的技术改造项目，',
      '（2）建设数字化车间并通过评定的项目。',
    ]);
  });

  it('splits an inline list numbered ⑴⑵ or ⒈⒉ as one numbered (1)(2)', () => {
    for (const [a, b] of [['⑴', '⑵'], ['⒈', '⒉']]) {
      expect(split(`重点支持以下项目：${a}新建智能工厂并投产的技术改造项目，${b}建设数字化车间并通过评定的项目。`)).toEqual([
        `重点支持以下项目：${a}新建智能工厂并投产的技术改造项目，`,
        `${b}建设数字化车间并通过评定的项目。`,
      ]);
    }
  });

  it('joins a short trailing fragment backward and keeps closing quotes with their sentence', () => {
    expect(split('推动企业开展智能化改造和数字化转型,建设一批标杆工厂。”同时加强。')).toEqual(['推动企业开展智能化改造和数字化转型,建设一批标杆工厂。”同时加强。']);
    expect(split('实施“专精特新”企业培育计划,建立梯度培育库。”支持企业上市挂牌融资,对成功上市企业给予奖励。')).toEqual([
      '实施“专精特新”企业培育计划,建立梯度培育库。”',
      '支持企业上市挂牌融资,对成功上市企业给予奖励。',
    ]);
  });

  it('keeps a table row and a short clause whole', () => {
    expect(split('1 | 规上工业增加值 | 亿元 | 500 | 600。 | 700', 'table-row')).toEqual(['1 | 规上工业增加值 | 亿元 | 500 | 600。 | 700']);
    expect(split('加快建设制造强市。')).toEqual(['加快建设制造强市。']);
    expect(splitSentences('   ')).toEqual([]);
  });

  it('never loses or reorders a character (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('企', '业', '。', '；', ';', '，', '：', '（1）', '①', ' ', '”', 'a', '1', '(一)', '\n'), { maxLength: 120 }), (parts) => {
        const text = parts.join('');
        const spans = splitSentences(text);
        let last = 0;
        for (const s of spans) {
          expect(s.start).toBeGreaterThanOrEqual(last);
          expect(s.end).toBeGreaterThan(s.start);
          expect(/\s/u.test(text.slice(last, s.start).replace(/\s/gu, '') || ' ')).toBe(true);
          last = s.end;
        }
        expect(sentenceTexts(text, spans).join('').replace(/\s+/gu, '')).toBe(text.replace(/\s+/gu, ''));
      }),
    );
  });
});
