import { describe, expect, it } from 'vitest';
import type { DocumentView, Hit, OutlineEntry } from '../../src/search/types.js';
import { DOCUMENT_ID_PATTERN, PARAGRAPH_ID_PATTERN, documentIdOf } from '../../src/server/validate.js';
import { publicOrigin } from '../../src/config.js';
import { citation, citationNote, draftCitationNote, clauseTitle, clauseWhere, containerNote, issuedBy, datesLabel, leftOutNote, placeContext, duplicateLinks, formatScore, placedNote, highlighted, matchedSentence, originOf, readerBlocks, sectionLabel, similarPath, sourceLabel, targetClauseName, withQuery } from '../../src/server/view.js';
import { splitSentences } from '../../src/text/sentences.js';
import { createFakeEngine, meta } from './fake-engine.js';
import { makeHit } from './helpers.js';

function hit(id: string, text: string, section: string[] = []): Hit {
  return makeHit({ id, text, section, score: 0, doc: { id: 'd', file: 'd.txt', title: '某方案', city: '某市', level: null, date: '2024-01' } });
}

function view(paragraphs: Hit[], outline: OutlineEntry[]): DocumentView {
  const document = { ...meta({ ...paragraphs[0]!.doc }), paragraphCount: paragraphs.length };
  return { document, outline, paragraphs };
}

describe('readerBlocks', () => {
  it('shows a heading-only paragraph as its heading, and lifts a run-in heading out of its clause', () => {
    const blocks = readerBlocks(
      view(
        [hit('d:p0', '一、主要任务'), hit('d:p1', '(一)强化创新。支持企业研发。'), hit('d:p2', '加大投入。')],
        [
          { level: 1, title: '一、主要任务', path: ['一、主要任务'], paragraphId: 'd:p0' },
          { level: 2, title: '(一)强化创新', path: ['一、主要任务', '(一)强化创新'], paragraphId: 'd:p1' },
        ],
      ),
    );
    expect(blocks.map((b) => [b.headings.map((h) => `${h.tag}:${h.title}`), b.body])).toEqual([
      [['h2:一、主要任务'], null],
      [['h3:(一)强化创新'], '支持企业研发。'],
      [[], '加大投入。'],
    ]);
  });

  it('keeps the whole clause when the heading opening at it is not its start, and stacks several headings one level apart', () => {
    const blocks = readerBlocks(
      view(
        [hit('d:p0', '为推动发展，制定本方案。')],
        [
          { level: 0, title: '附件1', path: ['附件1'], paragraphId: 'd:p0' },
          { level: 4, title: '(1)细则', path: ['附件1', '(1)细则'], paragraphId: 'd:p0' },
        ],
      ),
    );
    expect(blocks[0]!.headings.map((h) => h.tag)).toEqual(['h2', 'h3']);
    expect(blocks[0]!.body).toBe('为推动发展，制定本方案。');
  });
});

// s22 ingest audit, finding 8: a 4,496-character paragraph read as ¶2 … ¶11, ten paragraphs with no mark that they are one.
describe('readerBlocks on the parts of a long paragraph', () => {
  it('marks each part（之N）after its own ¶ number, and says on the first which paragraphs are one and why', () => {
    const part = (id: string, text: string, n: number) => ({ ...hit(id, text), split: { part: n, of: 3 } });
    const blocks = readerBlocks(view([hit('d:p0', '一、总体要求。'), part('d:p1', '甲'.repeat(300) + '；', 1), part('d:p2', '乙'.repeat(300) + '；', 2), part('d:p3', '丙'.repeat(200) + '。', 3), hit('d:p4', '加大投入。')], []));
    expect(blocks.map((b) => b.split?.label ?? null)).toEqual([null, '（之一）', '（之二）', '（之三）', null]);
    expect(blocks[1]!.split!.note).toBe('¶2–¶4 原为一段（803 字）：超过 500 字的段落按句切成 3 段检索和引用，¶ 编号逐段计。');
    expect(blocks.slice(2).map((b) => b.split?.note ?? null)).toEqual([null, null, null]);
  });
});

describe('readerBlocks heading levels', () => {
  const heading = (level: number, path: string[], paragraphId: string): OutlineEntry => ({ level, title: path.at(-1)!, path, paragraphId });
  const tags = (blocks: ReturnType<typeof readerBlocks>) => blocks.flatMap((b) => b.headings.map((h) => `${h.tag}:${h.title}`));

  it('follow the outline\'s depth, not the numbering\'s kind: a statute\'s articles under h2 chapters are h3, without chapters h2', () => {
    // 浙江's 条例 (第一章 › 第一条) and 烟台's (第一条 alone) had their articles at h4, under an h2 or the page's 目录 (export audit, s22 finding 8).
    const chaptered = readerBlocks(
      view(
        [hit('d:p0', '第一条 为了促进数字经济发展，制定本条例。', ['第一章 总则', '第一条']), hit('d:p1', '第二条 本条例适用于本省。', ['第一章 总则', '第二条'])],
        [heading(1, ['第一章 总则'], 'd:p0'), heading(3, ['第一章 总则', '第一条'], 'd:p0'), heading(3, ['第一章 总则', '第二条'], 'd:p1')],
      ),
    );
    expect(tags(chaptered)).toEqual(['h2:第一章 总则', 'h3:第一条', 'h3:第二条']);
    const bare = readerBlocks(view([hit('d:p0', '第一条 为了…，制定本条例。', ['第一条'])], [heading(3, ['第一条'], 'd:p0')]));
    expect(tags(bare)).toEqual(['h2:第一条']);
  });

  it('put a compendium card\'s field and the item under it one level apart (北京: 服务内容 and 1．改造目标 were both h5), to h6 at most', () => {
    const card = ['一、综合篇', '1.北京市老旧厂房改造项目'];
    const blocks = readerBlocks(
      view(
        [hit('d:p0', '一、综合篇'), hit('d:p1', '1．改造目标。…'), hit('d:p2', '（1）投资补助。…'), hit('d:p3', '条件要求')],
        [
          heading(1, ['一、综合篇'], 'd:p0'),
          heading(3, card, 'd:p1'),
          heading(4, [...card, '服务内容'], 'd:p1'),
          heading(7, [...card, '服务内容', '1．改造目标'], 'd:p1'),
          heading(8, [...card, '服务内容', '1．改造目标', '（1）投资补助'], 'd:p2'),
          heading(9, [...card, '服务内容', '1．改造目标', '（1）投资补助', '①甲'], 'd:p2'),
          heading(4, [...card, '条件要求'], 'd:p3'),
        ],
      ),
    );
    expect(tags(blocks)).toEqual(['h2:一、综合篇', 'h3:1.北京市老旧厂房改造项目', 'h4:服务内容', 'h5:1．改造目标', 'h6:（1）投资补助', 'h6:①甲', 'h4:条件要求']);
  });

  it('never go more than one level below the heading before them, where the outline leaves a level out', () => {
    const blocks = readerBlocks(view([hit('d:p0', '为推动发展，制定本方案。')], [heading(2, ['一、总体要求', '(一)目标', '1.产业'], 'd:p0')]));
    expect(tags(blocks)).toEqual(['h2:1.产业']);
  });
});

describe('readerBlocks on a compendium', () => {
  it('gives a card\'s fields to its title\'s heading, once per card', () => {
    const source = { basis: '《某市若干措施》', issuer: '某市经济和信息化局', docNumber: null, date: '2021-12-23', tool: '资金支持', audience: '专精特新中小企业' };
    const clause = (id: string, text: string, field: string) => ({ ...hit(id, text, ['一、综合篇', '8.某市支持专精特新企业', field]), source });
    const blocks = readerBlocks(
      view(
        [clause('d:p0', '给予一次性奖励。', '服务内容'), clause('d:p1', '企业应为专精特新中小企业。', '条件要求')],
        [
          { level: 3, title: '8.某市支持专精特新企业', path: ['一、综合篇', '8.某市支持专精特新企业'], paragraphId: 'd:p0' },
          { level: 4, title: '服务内容', path: ['一、综合篇', '8.某市支持专精特新企业', '服务内容'], paragraphId: 'd:p0' },
          { level: 4, title: '条件要求', path: ['一、综合篇', '8.某市支持专精特新企业', '条件要求'], paragraphId: 'd:p1' },
        ],
      ),
    );
    expect(blocks.map((b) => b.headings.map((h) => [h.title, h.card?.tool ?? null]))).toEqual([
      [['8.某市支持专精特新企业', '资金支持'], ['服务内容', null]],
      [['条件要求', null]],
    ]);
  });
});

describe('clauseWhere, clauseTitle and targetClauseName', () => {
  it('name a clause by place, document and paragraph number, an untitled document by its place once', () => {
    const doc = { id: 'd', file: 'd.txt', title: '某方案', city: '某市', level: null, date: null };
    expect(clauseWhere({ id: 'd:p0014', doc })).toBe('某市《某方案》第 15 段');
    expect(clauseWhere({ id: 'd:p0006', doc: { ...doc, title: null, city: '青岛市' } })).toBe('青岛市（无标题文件）第 7 段');
    expect(clauseTitle({ id: 'd:p0042', section: ['第二十二条'], provision: { paragraph: 2, item: null } })).toBe('第二十二条第二款 · 第 43 段');
    expect(clauseTitle({ id: 'd:p0003', section: ['二、重点任务', '(一)推进工业互联网'] })).toBe('(一)推进工业互联网 · 第 4 段');
    expect(clauseTitle({ id: 'd:p0000', section: [] })).toBe('第 1 段');
    const t = { paragraphId: 'd:p0116', doc, indicator: '规上工业增加值增长', value: 10, range: null, unit: '%', year: '2025年', scope: '当湖街道' };
    expect(targetClauseName(t)).toBe('某市《某方案》第 117 段（规上工业增加值增长 10%，2025年，当湖街道）');
  });
});

describe('citation', () => {
  it('reads 《title》section path，city，date', () => {
    expect(citation(hit('d:p1', 'x', ['一、总体要求', '(二)目标']))).toBe('《某方案》一、总体要求 › (二)目标，某市，2024-01');
  });

  it('gives the document number after the title, and a picked sentence after the section', () => {
    const h = hit('d:p1', 'x', ['一、总体要求', '(二)目标']);
    expect(citation(h, { docNumber: '某政发〔2024〕1号' })).toBe('《某方案》（某政发〔2024〕1号）一、总体要求 › (二)目标，某市，2024-01');
    expect(citation(h, { sentence: 1 })).toBe('《某方案》一、总体要求 › (二)目标 第 2 句，某市，2024-01');
    expect(citation(h, { docNumber: null, sentence: null })).toBe(citation(h));
    // The parts of a paragraph cut into parts are told apart, as the page's title tells them (s23 verifying audit, item 6).
    expect(citation({ ...h, split: { part: 2, of: 2 } }, { sentence: 0 })).toBe('《某方案》一、总体要求 › (二)目标（之二） 第 1 句，某市，2024-01');
  });

  it('names the issuing body first unless the title names it, and says 日期不详 for an undated document', () => {
    const h = hit('d:p1', 'x', ['一、总体要求']);
    expect(citation(h, { issuer: '某市人民政府', docNumber: '某政发〔2024〕1号' })).toBe('某市人民政府《某方案》（某政发〔2024〕1号）一、总体要求，某市，2024-01');
    expect(citation({ ...h, doc: { ...h.doc, title: '某市人民政府关于某事的通知' } }, { issuer: '某市人民政府' })).toBe('《某市人民政府关于某事的通知》一、总体要求，某市，2024-01');
    expect(citation({ ...h, doc: { ...h.doc, date: null } })).toBe('《某方案》一、总体要求，某市，日期不详');
  });

  it('names the 款 and 项 of a clause under an article, as a legal citation does (烟台 p0042: 第二十二条第二款)', () => {
    const h = { ...hit('d:p42', '对民营经济组织申请使用工业用地可以实行弹性出让…', ['第二十二条']), provision: { paragraph: 2, item: null } };
    expect(citation(h, { issuer: '某市人民代表大会常务委员会' })).toBe('某市人民代表大会常务委员会《某方案》第二十二条第二款，某市，2024-01');
    expect(citation({ ...h, section: ['第一章 总则', '第六条'], provision: { paragraph: 2, item: '（三）' } })).toBe('《某方案》第一章 总则 › 第六条第二款第（三）项，某市，2024-01');
    expect(citation({ ...h, provision: { paragraph: null, item: '（一）' } }, { sentence: 0 })).toBe('《某方案》第二十二条第（一）项 第 1 句，某市，2024-01');
    // An article with a caption keeps it; the 款 follows a level below.
    expect(sectionLabel(['第二条 适用范围'], { paragraph: 2, item: null })).toBe('第二条 适用范围 › 第二款');
    expect(sectionLabel(['第二十二条'])).toBe('第二十二条');
  });

  it('falls back to the file name and leaves out what is unknown', () => {
    const h = hit('d:p1', 'x');
    h.doc = { ...h.doc, title: null, city: null, date: null };
    expect(citation(h)).toBe('d.txt');
  });

  it('cites the policy a compendium card is based on, after the compendium', () => {
    const h = { ...hit('d:p1', 'x', ['一、综合篇', '8.某市关于支持专精特新企业', '服务内容']), source: { basis: '《某市促进专精特新企业发展的若干措施》', issuer: '某市经济和信息化局', docNumber: '某经信发〔2021〕3号', date: '2021-12-23', tool: '资金支持', audience: null } };
    expect(citation(h)).toBe('《某方案》一、综合篇 › 8.某市关于支持专精特新企业 › 服务内容，某市，2024-01；依据《某市促进专精特新企业发展的若干措施》（某市经济和信息化局，某经信发〔2021〕3号，2021-12-23）');
    expect(sourceLabel({ ...h.source, basis: null, docNumber: null, date: null })).toBe('发文机构：某市经济和信息化局');
    expect(sourceLabel({ basis: null, issuer: null, docNumber: 'x', date: null, tool: null, audience: null })).toBe('');
    expect(sourceLabel(undefined)).toBe('');
  });
});

describe('links and labels', () => {
  it('builds query strings without empty values and with repeated names', () => {
    expect(withQuery('/compare', { q: '首台(套)', mode: 'hybrid', city: ['甲市', '乙市'], doc: undefined, part: '' })).toBe(
      `/compare?${new URLSearchParams([['q', '首台(套)'], ['mode', 'hybrid'], ['city', '甲市'], ['city', '乙市']])}`,
    );
    expect(withQuery('/', {})).toBe('/');
  });

  it('builds permalink origins only from plausible hosts', () => {
    expect(originOf('http', 'localhost:3000')).toBe('http://localhost:3000');
    expect(originOf('https', '[::1]:8443')).toBe('https://[::1]:8443');
    expect(originOf('http', 'evil.example/"><script>')).toBe('http://localhost');
    expect(originOf('javascript', 'a.example')).toBe('http://a.example');
  });

  it('takes POLICYLENS_PUBLIC_URL over the request\'s Host header when it is set', () => {
    expect(originOf('http', 'evil.example', 'https://policy.example.org')).toBe('https://policy.example.org');
    expect(publicOrigin({ POLICYLENS_PUBLIC_URL: 'https://policy.example.org/some/path' })).toBe('https://policy.example.org');
    expect(publicOrigin({ POLICYLENS_PUBLIC_URL: 'ftp://x' })).toBeNull();
    expect(publicOrigin({ POLICYLENS_PUBLIC_URL: 'not a url' })).toBeNull();
    expect(publicOrigin({})).toBeNull();
  });

  it('names duplicates by document, city and paragraph number, or as "this document"', () => {
    const corpus = createFakeEngine().corpus();
    expect(duplicateLinks(['sz_talent:p0001', 'nb_industry:p0073', 'gone:p0001'], corpus, 'nb_industry')).toEqual([
      { id: 'sz_talent:p0001', href: '/p/sz_talent:p0001', label: '苏州市（无标题文件） 第 2 段' },
      { id: 'nb_industry:p0073', href: '/p/nb_industry:p0073', label: '本文第 74 段' },
      { id: 'gone:p0001', href: '/p/gone:p0001', label: 'gone:p0001' },
    ]);
    // A compendium's copies on cards of different years say which card (nineteenth session's verifying audit).
    const cardDate = (id: string) => (id === 'nb_industry:p0073' ? '2023-03-07' : null);
    expect(duplicateLinks(['sz_talent:p0001', 'nb_industry:p0073'], corpus, 'nb_industry', undefined, cardDate).map((d) => d.label)).toEqual([
      '苏州市（无标题文件） 第 2 段',
      '本文第 74 段（发布 2023-03-07）',
    ]);
  });

  it('formats scores for people', () => {
    expect(formatScore(null)).toBe('—');
    expect(formatScore(0.123456)).toBe('0.123');
    expect(formatScore(12.3456)).toBe('12.3');
    expect(formatScore(1234.5)).toBe('1235');
  });
});

describe('datesLabel', () => {
  const corpus = {
    documents: [
      { ...meta({ id: 'ks', city: '昆山市', level: 'county' }), date: '2023-12-29', paragraphCount: 1 },
      { ...meta({ id: 'qd', city: '青岛市', level: 'prefecture' }), date: null, paragraphCount: 1 },
    ],
  };
  it('counts the undated documents the other filters keep, not the corpus’s', () => {
    expect(datesLabel({ since: '2020' }, corpus)).toBe(' · 成文日期 2020 起（另有 1 份文件未标日期，不计入）');
    expect(datesLabel({ since: '2020', cities: ['昆山市'] }, corpus)).toBe(' · 成文日期 2020 起');
    expect(datesLabel({ since: '2020', cities: ['青岛市'] }, corpus)).toBe(' · 成文日期 2020 起（另有 1 份文件未标日期，不计入）');
    expect(datesLabel({ since: '2020', docs: ['ks'] }, corpus)).toBe(' · 成文日期 2020 起');
    expect(datesLabel({ since: '2020', levels: ['county'] }, corpus)).toBe(' · 成文日期 2020 起');
    expect(datesLabel({}, corpus)).toBe('');
  });
});

describe('id patterns', () => {
  it.each(['000_dcbe0bbe788de573', '01-hangzhou-jingji', '杭州市政策_2024', 'v1.2-plan'])('accepts the document id %s', (id) => {
    expect(DOCUMENT_ID_PATTERN.test(id)).toBe(true);
    expect(PARAGRAPH_ID_PATTERN.test(`${id}:p0042`)).toBe(true);
    expect(documentIdOf(`${id}:p0042`)).toBe(id);
  });

  it.each(['', '..', 'a..b', '.hidden', '../etc', 'a/b', 'a\\b', 'a b', 'a\u0000b', 'a:b', 'x'.repeat(201)])('rejects the document id %j', (id) => {
    expect(DOCUMENT_ID_PATTERN.test(id)).toBe(false);
    expect(PARAGRAPH_ID_PATTERN.test(`${id}:p1`)).toBe(false);
  });

  it('requires the :p<number> suffix on paragraph ids', () => {
    for (const id of ['doc', 'doc:p', 'doc:0001', 'doc:p12a', 'doc:p0001/similar']) expect(PARAGRAPH_ID_PATTERN.test(id)).toBe(false);
  });
});

describe('the matched measure sentence', () => {
  const text = '(一)强化创新。支持企业建设研发机构；对首台(套)重大技术装备给予保费补贴；鼓励企业参与制定行业标准和国家标准。';
  const sentences = splitSentences(text).map((x) => ({ ...x, text: text.slice(x.start, x.end) }));
  const withBest = (sentence: number | null, list = sentences) =>
    makeHit({ id: 'd:p1', text, sentences: list, highlights: [[20, 25]], why: { keyword: null, vector: null, terms: [], sentence, keywordRank: null, vectorRank: null } });

  it('is the best sentence of a clause of two or more, never a lone sentence, an absent one or one out of range', () => {
    expect(sentences.map((s) => s.text)).toEqual(['(一)强化创新。支持企业建设研发机构；', '对首台(套)重大技术装备给予保费补贴；', '鼓励企业参与制定行业标准和国家标准。']);
    expect(matchedSentence(withBest(1))).toBe(1);
    expect(matchedSentence(withBest(null))).toBeNull();
    expect(matchedSentence(withBest(7))).toBeNull();
    expect(matchedSentence(withBest(0, sentences.slice(0, 1)))).toBeNull();
    // Snippets without sentence fields (matrix cells, diff clauses) are never emphasised.
    expect(matchedSentence({ text, highlights: [] })).toBeNull();
  });

  it('is the chosen sentence when the page says which, even in a one-sentence clause; null chooses none', () => {
    expect(matchedSentence(withBest(1), 2)).toBe(2);
    expect(matchedSentence(withBest(1), null)).toBe(1);
    expect(matchedSentence(withBest(null, sentences.slice(0, 1)), 0)).toBe(0);
    expect(matchedSentence(withBest(1), 3)).toBeNull();
  });

  it('is rendered around the query marks inside it', () => {
    expect(text.slice(20, 25)).toBe('首台(套)');
    expect(highlighted(withBest(1))).toBe(
      '(一)强化创新。支持企业建设研发机构；<em class="matched-sentence">对<mark>首台(套)</mark>重大技术装备给予保费补贴；</em>鼓励企业参与制定行业标准和国家标准。',
    );
    expect(highlighted(withBest(1), 2)).toBe(
      '(一)强化创新。支持企业建设研发机构；对<mark>首台(套)</mark>重大技术装备给予保费补贴；<em class="matched-sentence">鼓励企业参与制定行业标准和国家标准。</em>',
    );
  });

  it('links to a sentence’s counterparts, or to the whole clause’s, on the paragraph page', () => {
    expect(similarPath('000_x:p0002', 3)).toBe('/p/000_x:p0002?sentence=3#similar');
    expect(similarPath('000_x:p0002', 0)).toBe('/p/000_x:p0002?sentence=0#similar');
    expect(similarPath('000_x:p0002')).toBe('/p/000_x:p0002#similar');
  });
});

describe('containerNote', () => {
  const place = (city: string, name: string, parent: string | null, province: string | null) => ({ city, name, parent, province, code: null, kind: null, level: null, documents: 1, hint: null });
  const corpus = { places: [place('昆山市', '昆山市', '苏州市', '江苏省'), place('江苏省', '江苏省', null, '江苏省'), place('青岛市', '青岛市', '山东省', '山东省')] };
  it('says when a named place stands only for places under it', () => {
    expect(containerNote({ named: ['苏州'] }, corpus)).toBe('本库没有苏州市本级的文件，以下是其下辖地区的条款。');
    expect(containerNote({ named: ['山东省'] }, corpus)).toBe('本库没有山东省本级的文件，以下是其下辖地区的条款。');
    expect(containerNote({ named: ['江苏', '昆山'] }, corpus)).toBe('');
    expect(containerNote(null, corpus)).toBe('');
    // A comparison that keeps every column says only what the corpus lacks.
    expect(containerNote({ named: ['苏州'] }, corpus, false)).toBe('本库没有苏州市本级的文件。');
    expect(containerNote({ named: ['青岛'], narrower: '青岛市黄岛区' }, corpus)).toBe('本库没有青岛市黄岛区的文件，以下是其所在地区的条款。');
    expect(containerNote({ named: ['青岛'], narrower: '青岛市黄岛区', cities: ['青岛市'] }, corpus)).toBe('本库没有青岛市黄岛区的文件，以下是青岛市的条款。');
  });
});

describe('leftOutNote', () => {
  const corpus = {
    documents: [
      { ...meta({ id: 'qd', city: '青岛市', level: 'prefecture' }), date: null, paragraphCount: 1 },
      { ...meta({ id: 'hz', city: '杭州市', level: 'prefecture' }), date: '2024-03-01', paragraphCount: 1 },
      { ...meta({ id: 'hz2', city: '杭州市', level: 'prefecture' }), date: null, paragraphCount: 1 },
    ],
  };
  it('names the places a page’s dates leave out, saying which dates and whether only documents in force', () => {
    expect(leftOutNote([], { since: '2023' }, corpus)).toBe('');
    expect(leftOutNote(['杭州市'], { since: '2025' }, corpus)).toBe('所选地区中，杭州市 在此范围内没有文件，未列出。');
    expect(leftOutNote(['杭州市', '青岛市'], { since: '2023', inForce: '1' }, corpus)).toBe('所选地区中，杭州市、青岛市（文件均未标日期） 在此范围内没有现行有效的文件，未列出。');
    expect(leftOutNote(['杭州市'], { inForce: '2026-01-01' }, corpus)).toBe('所选地区中，杭州市 没有在所选日期现行有效的文件，未列出。');
    // Undated documents are left out by a range only: under the day in force alone, 青岛 is not said to be undated.
    expect(leftOutNote(['青岛市'], { inForce: '1' }, corpus)).toBe('所选地区中，青岛市 没有在所选日期现行有效的文件，未列出。');
    // No place chosen: the places left out of all, not called 所选.
    expect(leftOutNote(['青岛市'], { until: '2020' }, corpus, false)).toBe('青岛市（文件均未标日期） 在此范围内没有文件，未列出。');
  });
});

describe('placeContext', () => {
  it('gives the province and parent a place lies in, without repeating its own name', () => {
    expect(placeContext({ city: '昆山市', parent: '苏州市', province: '江苏省' })).toBe('江苏省苏州市');
    expect(placeContext({ city: '广州市天河区', parent: '广州市', province: '广东省' })).toBe('广东省');
    expect(placeContext({ city: '江苏省', parent: null, province: '江苏省' })).toBe('');
    expect(placeContext({ city: '青岛市', parent: '山东省', province: '山东省' })).toBe('山东省');
    expect(placeContext({ city: null, parent: null, province: null })).toBe('');
  });
});

describe('issuedBy', () => {
  it('names the issuer and the document number beside a result’s title, the issuer only when the title lacks it', () => {
    expect(issuedBy({ title: '山东省新旧动能转换促进条例', issuer: '山东省人民代表大会常务委员会', docNumber: null })).toBe('山东省人民代表大会常务委员会');
    expect(issuedBy({ title: '杭州市人民政府关于推动经济高质量发展的若干政策', issuer: '杭州市人民政府', docNumber: '杭政函〔2024〕16号' })).toBe('杭政函〔2024〕16号');
    expect(issuedBy({ title: '某方案', issuer: '某市人民政府办公室', docNumber: '某办发〔2023〕1号' })).toBe('某市人民政府办公室 · 某办发〔2023〕1号');
    expect(issuedBy({ title: null, issuer: null, docNumber: null })).toBe('');
    expect(issuedBy({ title: '某方案' })).toBe('');
  });
});

describe('citationNote', () => {
  const yantai = { id: 'yt', file: 'yt.md', title: '烟台市民营经济促进条例', city: '烟台市' };
  const base = { text: '', title: '烟台市民营经济促进条例', document: yantai, article: 22, paragraph: 2, item: null, label: '第二十二条第二款', matched: 1, documents: 1, leftOut: 0, missing: null, articles: 30, paragraphs: 3, rest: '' };

  it('says which provision leads the hits, and from how many documents without a title', () => {
    expect(citationNote(base)).toBe('按条文引用定位：《烟台市民营经济促进条例》第二十二条第二款，共 1 条，排在最前；其余为按原文检索的结果。');
    expect(citationNote({ ...base, title: null, document: null, matched: 3, documents: 3, articles: null, paragraphs: null })).toBe('按条文引用定位：本次检索范围内 3 个文件有第二十二条第二款，共 3 条，排在最前；其余为按原文检索的结果。');
    expect(citationNote(null)).toBe('');
  });

  it('says what the corpus or the document lacks, and what the filters leave out', () => {
    const none = { ...base, matched: 0, documents: 0 };
    expect(citationNote({ ...none, title: '中华人民共和国中小企业促进法', document: null, missing: 'document', label: '第十条' })).toBe('按条文引用定位：本库没有《中华人民共和国中小企业促进法》，以下按原文检索。');
    expect(citationNote({ ...none, article: 40, label: '第四十条', paragraph: null, missing: 'article', paragraphs: 0 })).toBe('按条文引用定位：《烟台市民营经济促进条例》没有第四十条（全文共三十条），以下按原文检索。');
    expect(citationNote({ ...none, article: 23, label: '第二十三条第二款', missing: 'paragraph', paragraphs: 1 })).toBe('按条文引用定位：《烟台市民营经济促进条例》第二十三条只有一款，没有第二款，以下按原文检索。');
    expect(citationNote({ ...none, label: '第二十二条第五款', paragraph: 5, missing: 'paragraph' })).toBe('按条文引用定位：《烟台市民营经济促进条例》第二十二条共三款，没有第五款，以下按原文检索。');
    expect(citationNote({ ...none, article: 6, label: '第六条第二款第（九）项', item: 9, missing: 'item' })).toBe('按条文引用定位：《烟台市民营经济促进条例》第六条第二款没有第（九）项，以下按原文检索。');
    expect(citationNote({ ...none, title: null, document: null, article: 99, label: '第九十九条', paragraph: null, missing: 'article' })).toBe('按条文引用定位：本次检索范围内没有文件有第九十九条，以下按原文检索。');
    expect(citationNote({ ...none, leftOut: 1 })).toBe('按条文引用定位：《烟台市民营经济促进条例》第二十二条第二款（1 条）不在所选的地区、文件或日期范围内，以下按原文检索。');
  });
});

describe('draftCitationNote', () => {
  const yantai = { id: 'yt', file: 'yt.md', title: '烟台市民营经济促进条例', city: '烟台市' };
  const base = { text: '', title: '烟台市民营经济促进条例', document: yantai, article: 22, paragraph: 2, item: null, label: '第二十二条第二款', matched: 1, documents: 1, leftOut: 0, missing: null, articles: 30, paragraphs: 3, rest: '' };

  it('says where the cited clause leads the precedents, what the cited document lacks, or that the scope leaves it out', () => {
    expect(draftCitationNote(base)).toBe('《烟台市民营经济促进条例》第二十二条第二款：列在烟台市一栏的最前（1 条，标“草案引用”）。');
    expect(draftCitationNote({ ...base, matched: 0, leftOut: 1 })).toBe('《烟台市民营经济促进条例》第二十二条第二款：不在所选的地区或日期范围内，未列出。');
    expect(draftCitationNote({ ...base, article: 40, label: '第四十条', paragraph: null, matched: 0, missing: 'article' })).toBe('《烟台市民营经济促进条例》第四十条：《烟台市民营经济促进条例》没有第四十条（全文共三十条），请核对引用。');
  });
});

// s23 verify audit, item 8: a card's condition that held the whole query was ranked down among the clauses that hold
// it, and its 匹配原因 said only 条款包含完整的检索词 (or nothing): the page gives each reason that moved it.
describe('placedNote', () => {
  it('says both reasons when a clause holds the whole query and is a card\'s condition, one when one holds', () => {
    const both = placedNote({ phrase: true, below: 'application' });
    expect(both).toContain('条款包含完整的检索词');
    expect(both).toContain('政策卡片的申报条件或办理流程');
    expect(placedNote({ below: 'application' })).toBe('（政策卡片的申报条件或办理流程：得分下调，排在得分相近的措施条款之后；检索词问申请、条件、要求等时不下调）');
    expect(placedNote({ phrase: true })).toBe('（条款包含完整的检索词，排在不含的条款之前）');
    // A cited clause is first of all, whatever else holds; keyword mode's thesaurus-only hit is said when nothing else is.
    expect(placedNote({ citation: true, phrase: true, below: 'application' })).toBe('（检索词引用了本条所在的条文，排在最前）');
    expect(placedNote({}, true)).toContain('扩展词的 BM25 得分');
    expect(placedNote({ phrase: true }, true)).not.toContain('扩展词');
    expect(placedNote({})).toBe('');
  });
});
