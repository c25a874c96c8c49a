/**
 * A citation in the query (src/search/query-citation.ts): what is read as one, which document its title names, and
 * which clauses a provision is, from section paths and `Hit.provision` as the engine gives them. The engine's use of
 * it, on the three 条例 of ../shared/external, is in citation-search.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { citationLabel, citationNumeral, citationsIn, citedClauses, clausePlaces, documentsTitled, isProse, readCitation, withoutOwnWords, type CitableClause } from '../../src/search/query-citation.js';
import { documentNames } from '../../src/search/query-documents.js';

describe('readCitation', () => {
  it('reads a title in 《》, the article, its 款 and 项, in Chinese or Arabic numerals', () => {
    expect(readCitation('《烟台市民营经济促进条例》第二十二条第二款')).toMatchObject({ title: '烟台市民营经济促进条例', bracketed: true, article: 22, paragraph: 2, item: null, rest: '', text: '《烟台市民营经济促进条例》第二十二条第二款', provision: '第二十二条第二款' });
    for (const q of ['第22条第2款', '第２２条第２款', '第 22 条 第 2 款', '第二十二條第二款']) expect(readCitation(q), q).toMatchObject({ title: null, article: 22, paragraph: 2, item: null });
    for (const q of ['第六条第二款第（三）项', '第六条第二款第(3)项', '第6条第2款第三项']) expect(readCitation(q), q).toMatchObject({ article: 6, paragraph: 2, item: 3 });
    expect(readCitation('第五十八条第（二）项')).toMatchObject({ article: 58, paragraph: null, item: 2 });
    expect(readCitation('第一百零五条')).toMatchObject({ article: 105 });
  });

  it('keeps bare words before the article as a title to try, and what else the query asks as its rest', () => {
    expect(readCitation('烟台市民营经济促进条例第22条第2款')).toMatchObject({ title: '烟台市民营经济促进条例', bracketed: false, rest: '', restWithTitle: '烟台市民营经济促进条例' });
    // Words that name no document go back to the rest (the engine asks; see citation-search.test.ts).
    expect(readCitation('用地 第二十二条')).toMatchObject({ title: '用地', bracketed: false, rest: '', restWithTitle: '用地' });
    expect(readCitation('第二十二条 用地')).toMatchObject({ title: null, rest: '用地' });
    expect(readCitation('《烟台市民营经济促进条例》第二十二条 用地保障')).toMatchObject({ title: '烟台市民营经济促进条例', rest: '用地保障' });
    expect(readCitation('依据《烟台市民营经济促进条例》第二十二条第二款的规定')).toMatchObject({ article: 22, paragraph: 2, rest: '依据 的规定' });
  });

  it('reads no citation in an article inserted later, or without 第…条; prose is told by its rest', () => {
    expect(readCitation('第十条之一')).toBeNull();
    expect(readCitation('二十二条')).toBeNull();
    expect(readCitation('第二批专精特新企业')).toBeNull();
    expect(readCitation('专精特新')).toBeNull();
    // A clause pasted whole asks about its content, not about every statute's 第二十二条.
    expect(isProse(readCitation('第二十二条 市、县（市、区）人民政府应当依据国土空间规划做好民营经济组织发展用地保障')!.rest)).toBe(true);
    expect(isProse(readCitation('第三条 载体建设。被香港特别行政区政府授牌的机构')!.rest)).toBe(true);
    expect(isProse(readCitation('根据《烟台市民营经济促进条例》第二十二条第二款，对民营经济组织申请使用工业用地可以实行弹性出让')!.rest)).toBe(true);
    expect(isProse('用地，融资')).toBe(true);
    expect(isProse('用地 融资')).toBe(false);
    expect(isProse('')).toBe(false);
  });

  it('reads the tool’s own citation line: the title’s number and section path before the article, its place and date after', () => {
    const line = '烟台市人民代表大会常务委员会《烟台市民营经济促进条例》第二十二条第二款，烟台市，2020-01-15';
    const c = readCitation(line)!;
    expect(c).toMatchObject({ title: '烟台市民营经济促进条例', article: 22, paragraph: 2, text: '《烟台市民营经济促进条例》第二十二条第二款' });
    expect(isProse(c.rest)).toBe(true);
    const own = { issuer: '烟台市人民代表大会常务委员会', docNumber: null, city: '烟台市', date: '2020-01-15' };
    expect(withoutOwnWords(c.rest, own)).toBe('');
    expect(withoutOwnWords(`${c.rest} 第 2 句`, own)).toBe('');
    expect(withoutOwnWords('用地，融资，烟台市', own)).toBe('用地，融资');
    expect(readCitation('浙江省人民代表大会常务委员会《浙江省数字经济促进条例》第二章 数字基础设施 › 第十六条第二款，浙江省，2020-12-24')).toMatchObject({ title: '浙江省数字经济促进条例', article: 16, paragraph: 2 });
    expect(readCitation('《加快建设制造强市实施方案》（昆办发〔2023〕63号）第三条')).toMatchObject({ title: '加快建设制造强市实施方案', article: 3 });
    // An article with a caption: its 款 and its item numbered as a section after the caption and ›.
    expect(readCitation('《广州市天河区深化支持港澳青年创新创业高质量发展实施办法》（穗天科工信规字〔2023〕1号）第五条 企业培育 › （一）落户补贴，广州市天河区，2023-08-09')).toMatchObject({ article: 5, paragraph: null, item: 1 });
    expect(readCitation('《某办法》第二条 适用范围 › 第二款')).toMatchObject({ article: 2, paragraph: 2, item: null, rest: '' });
  });
});

describe('readCitation: chapters, quoted titles, shorthands and long numbers (s23 verifying audit, items 2, 7, 17)', () => {
  it('reads a chapter or section between the title and the article, in 《》 or as bare words', () => {
    for (const q of ['《浙江省数字经济促进条例》第三章第二十条', '《浙江省数字经济促进条例》第三章 第二十条', '《浙江省数字经济促进条例》 第三章 第二节 第二十条']) {
      expect(readCitation(q), q).toMatchObject({ title: '浙江省数字经济促进条例', bracketed: true, article: 20, rest: '' });
    }
    expect(readCitation('浙江省数字经济促进条例第三章 第二十条')).toMatchObject({ title: '浙江省数字经济促进条例', bracketed: false, article: 20, rest: '' });
    expect(readCitation('《浙江省数字经济促进条例》第三章第二十条')!.text).toBe('《浙江省数字经济促进条例》第三章第二十条');
  });

  it('reads a title in quotes as one in 《》 when it ends as a title does, else as bare words', () => {
    for (const q of ['“烟台市民营经济促进条例”第二十二条第二款', '"烟台市民营经济促进条例"第二十二条第二款', '「烟台市民营经济促进条例」第二十二条第二款']) {
      expect(readCitation(q), q).toMatchObject({ title: '烟台市民营经济促进条例', bracketed: true, article: 22, paragraph: 2, rest: '' });
    }
    expect(readCitation('“专精特新”第十条')).toMatchObject({ title: '专精特新', bracketed: false, restWithTitle: '“专精特新”' });
    expect(citationsIn('依照“烟台市民营经济促进条例”第二十二条第二款规定，“专精特新”第十条').map((c) => [c.title, c.article, c.paragraph])).toEqual([['烟台市民营经济促进条例', 22, 2]]);
  });

  it('reads 款 without 第 and an item in brackets after the article or 款', () => {
    for (const q of ['第22条2款', '第二十二条二款', '第 22 条 2 款']) expect(readCitation(q), q).toMatchObject({ article: 22, paragraph: 2, item: null, rest: '' });
    for (const q of ['《烟台市民营经济促进条例》第六条（三）', '第六条(三)', '第6条(3)', '第六条三项']) expect(readCitation(q), q).toMatchObject({ article: 6, paragraph: null, item: 3, rest: '' });
    expect(readCitation('第六条第二款（三）')).toMatchObject({ article: 6, paragraph: 2, item: 3, rest: '' });
    expect(readCitation('第6条2款3项')).toMatchObject({ article: 6, paragraph: 2, item: 3, rest: '' });
  });

  it('reads an article number of any length, so that its lack is said', () => {
    const c = readCitation('《烟台市民营经济促进条例》第99999999999999999999条第2款')!;
    expect(c).toMatchObject({ title: '烟台市民营经济促进条例', paragraph: 2, rest: '' });
    expect(c.article).toBeGreaterThan(1e19);
    expect(citationLabel(c)).toBe('第99999999999999999999条第2款');
    expect(citationsIn('依照《烟台市民营经济促进条例》第99999999999999999999条第2款规定').map((x) => x.paragraph)).toEqual([2]);
  });
});

describe('citationsIn', () => {
  it('reads every citation with a title in 《》 in a draft’s prose, each once, and no bare article of the text’s own', () => {
    const clause = '依照《烟台市民营经济促进条例》第二十二条第二款和《浙江省数字经济促进条例》第十六条规定，本办法第十条所列用地，按《烟台市民营经济促进条例》第二十二条第二款执行。';
    expect(citationsIn(clause).map((c) => [c.title, c.article, c.paragraph, c.item, c.text])).toEqual([
      ['烟台市民营经济促进条例', 22, 2, null, '《烟台市民营经济促进条例》第二十二条第二款'],
      ['浙江省数字经济促进条例', 16, null, null, '《浙江省数字经济促进条例》第十六条'],
    ]);
    // The second article of 《X》第十条、第十二条 has no title of its own.
    expect(citationsIn('按照《某条例》第十条、第十二条执行').map((c) => c.article)).toEqual([10]);
    expect(citationsIn('第二十二条 市、县（市、区）人民政府应当…')).toEqual([]);
  });
});

describe('citationLabel', () => {
  it('writes the provision as a citation does', () => {
    expect(citationLabel({ article: 22, paragraph: 2, item: null })).toBe('第二十二条第二款');
    expect(citationLabel({ article: 6, paragraph: 2, item: 3 })).toBe('第六条第二款第（三）项');
    expect(citationLabel({ article: 58, paragraph: null, item: 2 })).toBe('第五十八条第（二）项');
    expect(citationLabel({ article: 10, paragraph: null, item: null })).toBe('第十条');
  });

  it('writes articles from 100 on in Chinese numerals, as a citation does (第一百条, not 第100条)', () => {
    expect(citationLabel({ article: 100, paragraph: null, item: null })).toBe('第一百条');
    expect([105, 110, 120, 999, 1000, 1001, 1010, 2300, 9999, 10000].map(citationNumeral)).toEqual(['一百零五', '一百一十', '一百二十', '九百九十九', '一千', '一千零一', '一千零一十', '二千三百', '九千九百九十九', '10000']);
    expect(readCitation(`第${citationNumeral(1010)}条`)).toMatchObject({ article: 1010 });
  });
});

describe('documentsTitled', () => {
  const documents = [
    { id: 'yt', title: '烟台市民营经济促进条例', city: '烟台市', parent: null, province: '山东省' },
    { id: 'sd', title: '山东省新旧动能转换促进条例', city: '山东省', parent: null, province: '山东省' },
    { id: 'sh', title: '上海市消防条例', city: '上海市', parent: null, province: '上海市' },
    { id: 'th', title: '广州市天河区深化支持港澳青年创新创业高质量发展实施办法', city: '广州市天河区', parent: '广州市', province: '广东省' },
  ];
  const names = documentNames([...documents.map((d) => ({ id: d.id, title: d.title, docNumber: null })), { id: 'card:x', title: '北京市消防条例', docNumber: null }]);
  const titled = (t: string) => documentsTitled(t, documents, names);

  it('names a document by its title, its short form without its place, or most of its title', () => {
    expect(titled('烟台市民营经济促进条例')).toEqual(['yt']);
    expect(titled('《烟台市民营经济促进条例》')).toEqual(['yt']);
    // Short forms: the title without the place it is of, however short.
    expect(titled('民营经济促进条例')).toEqual(['yt']);
    expect(titled('烟台民营经济促进条例')).toEqual(['yt']);
    expect(titled('消防条例')).toEqual(['sh']);
    expect(titled('深化支持港澳青年创新创业高质量发展实施办法')).toEqual(['th']);
    // Most of a title, as a query names a document.
    expect(titled('新旧动能转换促进条例')).toEqual(['sd']);
  });

  it('names nothing the corpus lacks, and no compendium card', () => {
    expect(titled('中华人民共和国中小企业促进法')).toEqual([]);
    expect(titled('北京市消防条例')).toEqual([]);
    expect(titled('条例')).toEqual([]);
  });
});

/** An article's clauses as the engine gives them: a section path and a provision. */
const clause = (path: string[], provision: CitableClause['provision'] = null): CitableClause => ({ sectionPath: path, provision });

describe('clausePlaces and citedClauses', () => {
  // 第一条 of one 款; 第二条 of two 款, the second with items and a sub-item; 第三条 with items as sections (天河's
  // 第五条 企业培育 › （一）落户补贴); a clause under no article.
  const clauses = [
    clause(['第一章 总则', '第一条']),
    clause(['第一章 总则', '第二条'], { paragraph: 1, item: null }),
    clause(['第一章 总则', '第二条'], { paragraph: 2, item: null }),
    clause(['第一章 总则', '第二条'], { paragraph: 2, item: '（一）' }),
    clause(['第一章 总则', '第二条'], { paragraph: 2, item: '（二）' }),
    clause(['第一章 总则', '第二条']),
    clause(['第三条 企业培育']),
    clause(['第三条 企业培育', '（一）落户补贴']),
    clause(['第三条 企业培育', '（二）租金补贴']),
    clause(['附件']),
  ];
  const places = clausePlaces(clauses);
  const cited = (article: number, paragraph: number | null = null, item: number | null = null) => citedClauses(places, { article, paragraph, item });

  it('places each clause in its article, a sub-item where the clause before it is', () => {
    expect(places).toEqual([
      { article: 1, paragraph: 1, item: null },
      { article: 2, paragraph: 1, item: null },
      { article: 2, paragraph: 2, item: null },
      { article: 2, paragraph: 2, item: 1 },
      { article: 2, paragraph: 2, item: 2 },
      { article: 2, paragraph: 2, item: 2 },
      { article: 3, paragraph: 1, item: null },
      { article: 3, paragraph: 1, item: 1 },
      { article: 3, paragraph: 1, item: 2 },
      null,
    ]);
  });

  it('names the 条 whole, a 款 with its items, a 项 with what it holds', () => {
    expect(cited(2)).toMatchObject({ clauses: [1, 2, 3, 4, 5], missing: null, articles: 3, paragraphs: 2 });
    expect(cited(2, 2).clauses).toEqual([2, 3, 4, 5]);
    expect(cited(2, 1).clauses).toEqual([1]);
    expect(cited(2, 2, 2).clauses).toEqual([4, 5]);
    expect(cited(2, null, 1).clauses).toEqual([3]);
    // An article of one 款: its 第一款 is all of it.
    expect(cited(1, 1).clauses).toEqual([0]);
    expect(cited(3, null, 2).clauses).toEqual([8]);
  });

  it('says what the document lacks: the article, the 款 or the 项', () => {
    expect(cited(9)).toEqual({ clauses: [], missing: 'article', articles: 3, paragraphs: 0 });
    expect(cited(1, 2)).toEqual({ clauses: [], missing: 'paragraph', articles: 3, paragraphs: 1 });
    expect(cited(2, 2, 5)).toEqual({ clauses: [], missing: 'item', articles: 3, paragraphs: 2 });
    expect(citedClauses(clausePlaces([clause(['一、总体要求'])]), { article: 1, paragraph: null, item: null })).toMatchObject({ missing: 'article', articles: 0 });
  });
});
