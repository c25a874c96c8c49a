import { describe, expect, it } from 'vitest';
import { findSpamSpans, stripSpam } from '../../src/text/spam.js';

describe('findSpamSpans', () => {
  it('finds a run of `_`-joined betting-site names', () => {
    const line = '来源：777手机版游戏中心官网_bet777app登录入口_XX体育投注官网某市发展改革委';
    const spans = findSpamSpans(line);
    expect(spans).toHaveLength(1);
    const [start, end] = spans[0]!;
    expect(line.slice(start, end)).toBe('777手机版游戏中心官网_bet777app登录入口_XX体育投注官网');
  });

  it('returns sorted, non-overlapping ranges for two runs on one line', () => {
    const line = '甲娱乐城官网_乙投注入口 和 丙老虎机平台_丁博彩网址';
    const spans = findSpamSpans(line);
    expect(spans).toHaveLength(2);
    expect(spans[0]![1]).toBeLessThanOrEqual(spans[1]![0]);
  });

  it('flags a short line made only of betting words', () => {
    const line = '某某娱乐城 - 官方网站 - 真人视讯';
    expect(findSpamSpans(line)).toEqual([[0, line.length]]);
  });

  describe('does not flag legitimate policy text', () => {
    const legitimate = [
      '大力发展体育产业，推动体育消费提质扩容。',
      '相关名单已在市政府官网公布，接受社会监督。',
      '彩票公益金按规定用于社会福利和体育事业。',
      '支持文化综艺、真人秀等节目制作，繁荣网络视听产业。',
      '规范体育彩票投注站管理，加强销售场所监管。',
      '严厉打击网络赌博、跨境赌博等违法犯罪活动。',
      '支持棋牌、电竞等智力运动项目健康发展。',
      '建设一站式企业服务平台，开通线上申报入口。',
      '全年365天提供不打烊服务，实现“7×24小时”在线办理。',
      'file_name_list 与 user_id 字段按规范命名。',
    ];
    it.each(legitimate)('%s', (line) => {
      expect(findSpamSpans(line)).toEqual([]);
      expect(stripSpam(line)).toBe(line);
    });
  });
});

describe('stripSpam', () => {
  it('keeps the legitimate name glued after the spam', () => {
    expect(stripSpam('777手机版游戏中心官网_bet777app登录入口_XX体育投注官网人民政府')).toBe('人民政府');
  });

  it('keeps a legitimate Han name glued before the spam', () => {
    expect(stripSpam('某省188体育投注_888娱乐城官网人民政府')).toBe('某省人民政府');
  });

  it('keeps the label before a colon and the fields after the spam', () => {
    expect(stripSpam('来源:888真人娱乐官网_vip888app登录入口_体育投注平台办公厅 字体:[ ]')).toBe('来源:办公厅 字体:[ ]');
  });

  it('empties a line that is nothing but spam', () => {
    expect(stripSpam('ab体育投注官网_cd娱乐城登录入口')).toBe('');
  });

  it('leaves a line without spam unchanged', () => {
    expect(stripSpam('推进先进制造业集群培育。')).toBe('推进先进制造业集群培育。');
  });
});

describe('spam in traditional script', () => {
  it('is read as in simplified, and the line keeps its legitimate text as written', () => {
    const line = '來源:365手機版遊戲中心官網_beat365app登錄入口_BET體育365投注官網人民政府辦公廳';
    expect(findSpamSpans(line)).toEqual(findSpamSpans('来源:365手机版游戏中心官网_beat365app登录入口_BET体育365投注官网人民政府办公厅'));
    expect(stripSpam(line)).toBe('來源:人民政府辦公廳');
    // Policy text that speaks of lottery funds is no spam in either script.
    expect(stripSpam('支持體育彩票公益金用於全民健身')).toBe('支持體育彩票公益金用於全民健身');
  });
});
