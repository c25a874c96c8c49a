import { describe, expect, it } from 'vitest';
import {
  countPrivateUse,
  endsSentence,
  fixPdfLine,
  fixPdfText,
  isPageNumberLine,
  isTableOfContentsLine,
  joinWrapped,
  startsHeading,
} from '../../src/text/pdf-fixups.js';

describe('fixPdfLine', () => {
  describe('GB2312 codes leaked as Yi syllables (Founder fonts)', () => {
    it('maps ꎬ ꎮ ꎻ to ，。；', () => {
      expect(fixPdfLine('各部门ꎬ请认真执行ꎻ特此通知ꎮ')).toBe('各部门，请认真执行；特此通知。');
    });

    it('maps the rest of row A3 (full-width ASCII) by its GB2312 code: ꎺ is ：, ꎨ ꎩ are （）', () => {
      expect(fixPdfLine('责任单位ꎺ省财政厅')).toBe('责任单位：省财政厅');
      expect(fixPdfLine('ꎨ一ꎩ加大支持')).toBe('（一）加大支持');
    });

    it('maps leaked full-width digits ꎰ ꎱ and then normalises them to ASCII', () => {
      expect(fixPdfLine('ꎱꎰ万元')).toBe('10万元');
    });

    it('maps row A1 punctuation (ꆢ is 、, ꆰ ꆱ are “ ”)', () => {
      expect(fixPdfLine('企业ꆢ高校')).toBe('企业、高校');
      expect(fixPdfLine('ꆰ小巨人ꆱ企业')).toBe('“小巨人”企业');
    });

    it('reads a leaked full stop between digits as a decimal point', () => {
      expect(fixPdfLine('增长５ꎮ５％')).toBe('增长5.5%');
    });
  });

  it('maps the Founder private-use decimal point and closes the gap around it', () => {
    expect(fixPdfLine('低于 ５\u{1001b0} ５％ 的企业')).toBe('低于5.5%的企业');
  });

  it('maps « » to 《 》', () => {
    expect(fixPdfLine('关于印发« 支持创业带动就业的若干政策措施» 的通知')).toBe('关于印发《支持创业带动就业的若干政策措施》的通知');
  });

  it('maps Kangxi radicals used as characters to the ordinary characters (NFKC on that block)', () => {
    expect(fixPdfLine('第⼀条 ⼯业和信息化⼆')).toBe('第一条工业和信息化二');
  });

  it('maps simplified radicals from the supplement block that stand for whole characters', () => {
    expect(fixPdfLine('⼈⺠政府⻔户⽹站')).toBe('人民政府门户网站');
  });

  it('normalises full-width digits and letters, but keeps full-width Chinese punctuation', () => {
    expect(fixPdfLine('川办规〔２０２５〕６号，“１５＋Ｎ”产业（一）')).toBe('川办规〔2025〕6号，“15＋N”产业（一）');
  });

  describe('spaces', () => {
    it('removes the spaces of justified lines between Chinese characters', () => {
      expect(fixPdfLine('加 大 创 业 信 贷 支 持 力 度')).toBe('加大创业信贷支持力度');
    });

    it('removes spaces between Chinese and numbers (WPS gaps) and inside brackets', () => {
      expect(fixPdfLine('杭政函〔2024〕16 号 2024 年 2 月 18 日')).toBe('杭政函〔2024〕16号2024年2月18日');
      expect(fixPdfLine('( 一) 加大支持')).toBe('(一)加大支持');
      expect(fixPdfLine('推广“ 政银担” 合作')).toBe('推广“政银担”合作');
    });

    it('keeps spaces between Latin words and between numbers', () => {
      expect(fixPdfLine('Real Estate Investment Trusts 2024 10 20')).toBe('Real Estate Investment Trusts 2024 10 20');
      expect(fixPdfLine('ZJAC00-2024-0001')).toBe('ZJAC00-2024-0001');
    });

    it('treats ideographic and no-break spaces like ASCII spaces and trims the line', () => {
      expect(fixPdfLine('\u3000\u3000为深入贯彻\u00a0落实')).toBe('为深入贯彻落实');
    });
  });

  it('leaves clean text unchanged', () => {
    const clean = '对首次认定的国家级专精特新“小巨人”企业给予最高100万元一次性奖励。';
    expect(fixPdfLine(clean)).toBe(clean);
  });
});

describe('fixPdfText', () => {
  it('fixes every line and keeps the line structure', () => {
    expect(fixPdfText('一、总 体 要 求\n各部门ꎬ\n\n请执行ꎮ')).toBe('一、总体要求\n各部门，\n\n请执行。');
  });
});

describe('countPrivateUse', () => {
  it('counts private-use characters in the BMP and the supplementary planes', () => {
    expect(countPrivateUse('a\ue001b\u{f0001}c')).toBe(2);
    expect(countPrivateUse('专精特新')).toBe(0);
  });
});

describe('isPageNumberLine', () => {
  it.each(['— 2 —', '- 2 -', '—12—', '2', '第 2 页', '第2页 共34页', '2/34', '2 / 34', 'Page 3 of 9', 'IV', 'Ⅲ'])('recognises %s', (line) => {
    expect(isPageNumberLine(line)).toBe(true);
  });

  it.each(['2024年', '第二条 支持企业', '（一）', '1. 总体要求', '100万元', ''])('rejects %s', (line) => {
    expect(isPageNumberLine(line)).toBe(false);
  });
});

describe('isTableOfContentsLine', () => {
  it('recognises dot leaders followed by a page number', () => {
    expect(isTableOfContentsLine('一、综合篇 .................... 1')).toBe(true);
    expect(isTableOfContentsLine('3.北京市持续强化创新和产业补链强链……………5')).toBe(true);
    expect(isTableOfContentsLine('第一章 总则 · · · · · · 12')).toBe(true);
    expect(isTableOfContentsLine('5.北京市构建现代化产业体系....... .. 10')).toBe(true);
  });

  it('rejects prose that ends with a number', () => {
    expect(isTableOfContentsLine('全年新增高新技术企业2000')).toBe(false);
    expect(isTableOfContentsLine('增长3.5')).toBe(false);
  });
});

describe('startsHeading', () => {
  it.each(['一、总体要求', '（三）加大财政支持', '(一)加大支持', '1. 推动智能化改造', '2．支持方式', '3、工作要求', '（1）投资补助', '①首台套', '⑴首台套', '⒈推动智能化改造', '第十二条 本办法', '第三章 附则', '附件1', '附  件'])(
    'recognises %s',
    (line) => {
      expect(startsHeading(line)).toBe(true);
    },
  );

  it.each(['10.5亿元以上', '2024年，全市', '一是体系完善', '按照《办法》执行', '3.95%，新增'])('rejects %s', (line) => {
    expect(startsHeading(line)).toBe(false);
  });
});

describe('endsSentence', () => {
  it('recognises Chinese and ASCII sentence ends, also before a closing quote', () => {
    for (const l of ['请认真执行。', '如下：', '提供服务；', '是否？', '“开工一批。”', 'as follows:', 'It takes effect today.']) expect(endsSentence(l)).toBe(true);
    for (const l of ['支持企业开展', '（责任单位：市发改委）', '2024年']) expect(endsSentence(l)).toBe(false);
  });
});

describe('joinWrapped', () => {
  it('joins Chinese without a space', () => {
    expect(joinWrapped('杭州市人民政府印发关于进一步推动', '经济高质量发展若干政策的通知')).toBe('杭州市人民政府印发关于进一步推动经济高质量发展若干政策的通知');
  });

  it('restores the space between Latin words and after ASCII punctuation', () => {
    expect(joinWrapped('supports small', 'manufacturers')).toBe('supports small manufacturers');
    expect(joinWrapped('production lines,', 'and it')).toBe('production lines, and it');
  });

  it('mends a hyphenated English word', () => {
    expect(joinWrapped('digital transfor-', 'mation')).toBe('digital transformation');
  });

  it('does not put a space between a number and the Chinese after it', () => {
    expect(joinWrapped('完成投资 800', '亿元以上')).toBe('完成投资 800亿元以上');
  });
});
