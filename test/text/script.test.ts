import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { cleanText } from '../../src/text/clean.js';
import { highlightRanges } from '../../src/text/highlight.js';
import { parseDocument } from '../../src/text/parse-document.js';
import { resolvePlace } from '../../src/text/places.js';
import { hasTraditional, scriptFoldingVersion, toSimplified } from '../../src/text/script.js';
import { queryTerms, searchTokens } from '../../src/text/segment.js';
import { parseHeading } from '../../src/text/structure.js';
import { extractTargets } from '../../src/text/targets.js';

// A notice as a Hong Kong or Taiwan site might post it (written for this test), and its mainland form.
const TRADITIONAL = [
  '青島市人民政府關於印發青島市先進製造業強市建設行動計劃的通知',
  '青政發〔2023〕5號',
  '各區、市人民政府，市政府各部門：',
  '現將《青島市先進製造業強市建設行動計劃》印發給你們，請認真貫徹執行。',
  '青島市人民政府',
  '2023年3月1日',
  '一、總體目標',
  '到2025年，規模以上工業企業研發投入強度達到2.5%，培育國家級專精特新「小巨人」企業100家以上。',
  '二、重點任務',
  '（一）做強專精特新企業。支持中小企業走專業化、精細化、特色化、新穎化發展之路，對首次認定的國家級專精特新「小巨人」企業給予獎勵。',
  '友情鏈接：',
  '網站地圖',
].join('\n');
const SIMPLIFIED = [
  '青岛市人民政府关于印发青岛市先进制造业强市建设行动计划的通知',
  '青政发〔2023〕5号',
  '各区、市人民政府，市政府各部门：',
  '现将《青岛市先进制造业强市建设行动计划》印发给你们，请认真贯彻执行。',
  '青岛市人民政府',
  '2023年3月1日',
  '一、总体目标',
  '到2025年，规模以上工业企业研发投入强度达到2.5%，培育国家级专精特新「小巨人」企业100家以上。',
  '二、重点任务',
  '（一）做强专精特新企业。支持中小企业走专业化、精细化、特色化、新颖化发展之路，对首次认定的国家级专精特新「小巨人」企业给予奖励。',
  '友情链接：',
  '网站地图',
].join('\n');

describe('toSimplified', () => {
  it('folds traditional characters to simplified ones, keeping length and punctuation', () => {
    expect(toSimplified(TRADITIONAL)).toBe(SIMPLIFIED);
    expect(toSimplified('臺灣的軟體產業')).toBe('台湾的软体产业');
    expect(toSimplified('專精特新「小巨人」')).toHaveLength('專精特新「小巨人」'.length);
  });

  it('returns simplified text as the same string, including characters both scripts use (显著, 乾坤)', () => {
    for (const s of ['显著提升', '著名品牌', '乾坤', '着力培育', '面向市场', 'AI 5G 首台(套)', '']) {
      expect(toSimplified(s)).toBe(s);
    }
    // The quick check passes plain simplified text without a conversion; 乾 may fold (乾燥 → 干燥), so it is asked.
    expect(hasTraditional('面向市场培育企业')).toBe(false);
    expect(hasTraditional('乾坤')).toBe(true);
    expect(toSimplified('乾燥')).toBe('干燥');
    expect(hasTraditional('企業')).toBe(true);
  });

  it('leaves every line of the seed corpus as written', () => {
    const seeds = join(PROJECT_ROOT, 'seeds');
    let lines = 0;
    for (const f of readdirSync(seeds).filter((x) => x.endsWith('.txt'))) {
      for (const line of readFileSync(join(seeds, f), 'utf8').split('\n')) {
        lines++;
        expect(toSimplified(line), `${f}: ${line.slice(0, 20)}`).toBe(line);
      }
    }
    expect(lines).toBeGreaterThan(400);
  });

  it('keeps characters outside the BMP and lone surrogates in place', () => {
    const text = '業𠀀\ud800業';
    const out = toSimplified(text);
    expect(out).toHaveLength(text.length);
    expect(out).toBe('业𠀀\ud800业');
  });

  it('names the converter and its version for the pipeline hash', () => {
    expect(scriptFoldingVersion()).toMatch(/^opencc-js \d+\.\d+\.\d+ t2s$/);
  });
});

describe('either script meets the other', () => {
  it('gives the same search tokens and query terms', () => {
    expect(searchTokens('專精特新企業研發投入強度')).toEqual(searchTokens('专精特新企业研发投入强度'));
    expect(queryTerms('各地對企業研發投入強度設定了什麼目標')).toEqual(queryTerms('各地对企业研发投入强度设定了什么目标'));
  });

  it('highlights a simplified term in traditional text and the reverse, at the written offsets', () => {
    expect(highlightRanges('培育專精特新企業', ['专精特新'])).toEqual([[2, 6]]);
    expect(highlightRanges('培育专精特新企业', ['專精特新'])).toEqual([[2, 6]]);
    expect(highlightRanges('國家級專精特新「小巨人」企業', ['专精特新小巨人'])).toEqual([[3, 12]]);
  });

  it('finds a place named in traditional script in the gazetteer', () => {
    expect(resolvePlace({ issuer: '廣州市天河區科技工業和信息化局' })?.place.qualifiedName).toBe('广州市天河区');
    expect(resolvePlace({ titles: ['蘇州市關於推進製造業發展的若干措施'] })?.place.name).toBe('苏州市');
  });

  it('reads articles and targets written in traditional script', () => {
    expect(parseHeading('第三條 載體建設。支持園區建設公共服務平臺。')).toMatchObject({ kind: 'article', level: 3, number: 3, label: '第三條' });
    expect(parseHeading('第二編 產業發展')).toMatchObject({ kind: 'part', level: 1, number: 2 });
    expect(parseHeading('第五條規定的情形')).toBeNull();
    const written = '到2025年，規模以上工業企業研發投入強度達到2.5%，培育國家級專精特新「小巨人」企業100家以上。';
    const traditional = extractTargets(written);
    const simplified = extractTargets(toSimplified(written));
    expect(traditional.map((t) => [t.indicator, t.value, t.unit, t.bound, t.year, t.start, t.end])).toEqual(simplified.map((t) => [t.indicator, t.value, t.unit, t.bound, t.year, t.start, t.end]));
    expect(traditional).toHaveLength(2);
    // The span quotes the clause as written; the indicator is named as the other cities name it.
    expect(traditional[1]!.text).toBe('培育國家級專精特新「小巨人」企業100家以上');
    expect(traditional[1]!.indicator).toBe(simplified[1]!.indicator);
  });

  it('removes site chrome written in traditional script', () => {
    const kept = cleanText(TRADITIONAL).lines.map((l) => l.text);
    expect(kept).not.toContain('友情鏈接：');
    expect(kept).not.toContain('網站地圖');
  });

  it('frames a traditional document as its simplified form: place from the gazetteer, fields as written', () => {
    const traditional = parseDocument(TRADITIONAL, { file: 'trad.txt' });
    const simplified = parseDocument(SIMPLIFIED, { file: 'simp.txt' });
    expect(traditional.meta.city).toBe('青岛市');
    expect(traditional.meta.province).toBe('山东省');
    expect(traditional.meta.title).toBe('青島市先進製造業強市建設行動計劃');
    expect(traditional.meta.issuer).toBe('青島市人民政府');
    expect(traditional.meta.docNumber).toBe('青政發〔2023〕5號');
    const { title, issuer, docNumber, ...rest } = traditional.meta;
    const { title: t2, issuer: i2, docNumber: d2, ...restSimplified } = simplified.meta;
    expect(rest).toEqual(restSimplified);
    expect([title, issuer, docNumber].map((x) => toSimplified(x ?? ''))).toEqual([t2, i2, d2]);
    // Clauses stay as written, with the same structure.
    expect(traditional.paragraphs.map((p) => toSimplified(p.text))).toEqual(simplified.paragraphs.map((p) => p.text));
    expect(traditional.paragraphs.map((p) => p.sectionPath.map(toSimplified))).toEqual(simplified.paragraphs.map((p) => p.sectionPath));
    expect(traditional.paragraphs.some((p) => p.text.includes('專精特新'))).toBe(true);
  });
});
