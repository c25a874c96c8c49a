import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readCorpusManifest } from '../../src/ingest/corpus-manifest.js';
import {
  chineseNumeral, corpusManifest, createRng, createSentenceMeanEmbedder, embedPieces, generateCorpus, headingTitle,
  isNoticeFraming, seedSections, sentenceKey, splitSentences, type SeedSection,
} from '../../scripts/bench/synthetic.js';
import { parseDocument } from '../../src/text/parse-document.js';
import { createFakeEmbedder, fakeVector } from '../helpers/fake-embedder.js';

/** Hand-written seed sections on topics of our own (not the seed corpus). */
const SECTIONS: SeedSection[] = [
  { doc: 'a', path: [], sentences: ['为推进全市农业现代化，结合本地实际，制定本方案。', '坚持统筹兼顾、分类指导的原则；', '力争用三年时间取得明显成效。'] },
  { doc: 'a', path: ['总体目标'], sentences: ['到2026年，高标准农田面积达到80万亩。', '农产品加工业产值突破300亿元；', '培育省级龙头企业40家以上。', '建成数字农业示范基地12个。'] },
  { doc: 'a', path: ['重点任务', '建设现代农业园区'], sentences: ['支持园区建设冷链物流设施，对新建冷库按投资额给予补助。', '推动园区与高校共建农业技术研究院。', '每个园区至少引进一家加工龙头企业；'] },
  { doc: 'a', path: ['重点任务', '发展智慧农业'], sentences: ['推广物联网水肥一体化设备，覆盖面积每年新增5万亩。', '建设全市农业大数据平台，实现生产经营数据实时汇聚。', '鼓励企业开发农业无人机植保服务。'] },
  { doc: 'b', path: ['保障措施'], sentences: ['建立联席会议制度，每季度召开一次调度会议。', '市财政每年安排专项资金2亿元，统筹用于园区建设。', '将任务完成情况纳入年度考核；', '加强宣传引导，营造良好氛围。'] },
  { doc: 'b', path: ['保障措施', '强化要素保障'], sentences: ['优先保障设施农业用地需求。', '落实农机购置补贴政策，提高补贴标准。', '引导金融机构开发“农业贷”产品，降低融资成本。'] },
];
const INPUT_KEYS = new Set(SECTIONS.flatMap((s) => s.sentences.map(sentenceKey)));
const OPTIONS = { paragraphs: 120, documents: 6, cities: 4, seed: 7 };

describe('splitSentences', () => {
  it('splits at 。；; and keeps a closing quote or bracket with its sentence', () => {
    expect(splitSentences('开展“百园提升”行动。”对达标园区给予奖励；优化审批流程;压缩时限。')).toEqual([
      '开展“百园提升”行动。”', '对达标园区给予奖励；', '优化审批流程;', '压缩时限。',
    ]);
    expect(splitSentences('引导企业上云（每家补助5万元。）并建设平台。')).toEqual(['引导企业上云（每家补助5万元。）', '并建设平台。']);
  });

  it('keeps an unterminated tail and drops pieces without content', () => {
    expect(splitSentences('加快建设。 。 继续推进')).toEqual(['加快建设。', '继续推进']);
  });
});

describe('headingTitle, chineseNumeral, isNoticeFraming', () => {
  it('removes heading numbering of every style', () => {
    expect(headingTitle('(三)强化要素保障')).toBe('强化要素保障');
    expect(headingTitle('四、保障措施')).toBe('保障措施');
    expect(headingTitle('12.发展智慧农业')).toBe('发展智慧农业');
    expect(headingTitle('发展智慧农业')).toBe('发展智慧农业');
  });

  it('writes heading numerals as headings do', () => {
    expect([1, 9, 10, 11, 20, 23, 99].map(chineseNumeral)).toEqual(['一', '九', '十', '十一', '二十', '二十三', '九十九']);
  });

  it('recognises notice framing by its wording, and leaves policy sentences alone', () => {
    expect(isNoticeFraming('现将《乡村振兴行动计划》印发给你们，请认真组织实施。')).toBe(true);
    expect(isNoticeFraming('各区县人民政府，市政府各部门：')).toBe(true);
    expect(isNoticeFraming('附件：1.任务分工表 2.指标体系')).toBe(true);
    expect(isNoticeFraming('优先保障设施农业用地需求。')).toBe(false);
  });
});

describe('seedSections', () => {
  const text = [
    '某县推进乡村产业发展的实施意见',
    '各乡镇人民政府，县政府各部门：',
    '现将《某县推进乡村产业发展的实施意见》印发给你们，请认真贯彻执行。',
    '一、发展目标',
    '到2027年，全县乡村产业总产值达到150亿元；培育县级以上龙头企业30家。',
    '二、主要任务',
    '(一)壮大特色产业',
    '1.做强茶叶产业。扩大有机茶园面积，打造区域公用品牌。支持茶企建设标准化加工厂。',
    '序号 | 指标 | 目标值',
    '1 | 茶园面积(万亩) | 12',
  ].join('\n');
  const sections = seedSections(parseDocument(text, { file: 'own.txt' }), 'own');

  it('groups sentences under their heading path, with numbering removed', () => {
    const byPath = new Map(sections.map((s) => [s.path.join(' / '), s.sentences]));
    expect(byPath.get('发展目标')).toEqual(['到2027年，全县乡村产业总产值达到150亿元；', '培育县级以上龙头企业30家。']);
    const task = [...byPath.entries()].find(([path]) => path.endsWith('做强茶叶产业'));
    expect(task?.[0]).toBe('主要任务 / 壮大特色产业 / 做强茶叶产业');
    // The heading that opens the clause is not a sentence of its own.
    expect(task?.[1]).toEqual(['扩大有机茶园面积，打造区域公用品牌。', '支持茶企建设标准化加工厂。']);
  });

  it('leaves out notice framing and table rows', () => {
    const all = sections.flatMap((s) => s.sentences).join('\n');
    expect(all).not.toContain('印发给你们');
    expect(all).not.toContain('各乡镇人民政府');
    expect(all).not.toContain('茶园面积(万亩)');
  });
});

describe('generateCorpus', () => {
  const corpus = generateCorpus(SECTIONS, OPTIONS);

  it('is deterministic for a seed, and a different seed gives a different corpus', () => {
    expect(generateCorpus(SECTIONS, OPTIONS)).toEqual(corpus);
    const other = generateCorpus(SECTIONS, { ...OPTIONS, seed: 8 });
    expect(other.documents.map((d) => d.text)).not.toEqual(corpus.documents.map((d) => d.text));
  });

  it('writes exactly the requested number of paragraphs and documents', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 12 }), fc.integer(), (paragraphs, documents, cities, seed) => {
        const c = generateCorpus(SECTIONS, { paragraphs, documents, cities, seed });
        expect(c.paragraphs).toBe(paragraphs);
        expect(c.documents.reduce((n, d) => n + d.paragraphs.length, 0)).toBe(paragraphs);
        expect(c.documents).toHaveLength(Math.min(documents, paragraphs));
        expect(c.documents.every((d) => d.paragraphs.length >= 1)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('builds every paragraph from 1–4 input sentences, ending with a full stop', () => {
    for (const d of corpus.documents) {
      for (const p of d.paragraphs) {
        const sentences = splitSentences(p);
        expect(sentences.length).toBeGreaterThanOrEqual(1);
        expect(sentences.length).toBeLessThanOrEqual(4);
        for (const s of sentences) expect(INPUT_KEYS.has(sentenceKey(s)), s).toBe(true);
        expect(p.endsWith('。')).toBe(true);
      }
    }
  });

  it('does not repeat a paragraph within a document', () => {
    for (const d of corpus.documents) expect(new Set(d.paragraphs).size).toBe(d.paragraphs.length);
  });

  it('gives every city a document and names cities distinctly', () => {
    const names = corpus.cities.map((c) => c.name);
    expect(new Set(names).size).toBe(OPTIONS.cities);
    expect(new Set(corpus.documents.map((d) => d.city))).toEqual(new Set(names));
    for (const d of corpus.documents) expect(d.title.startsWith(d.city)).toBe(true);
  });

  it('writes text that the text stage parses back into the same paragraphs, under the template’s headings', () => {
    const paths = new Set(SECTIONS.map((s) => JSON.stringify(s.path)));
    for (const d of corpus.documents) {
      const parsed = parseDocument(d.text, { file: d.file });
      expect(parsed.paragraphs.map((p) => p.text)).toEqual(d.paragraphs);
      for (const p of parsed.paragraphs) expect(paths.has(JSON.stringify(p.sectionPath.map(headingTitle))), p.sectionPath.join(' / ')).toBe(true);
      expect(parsed.sections.every((s) => /^(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、]|[(（]\d+[)）])/u.test(s.title))).toBe(true);
    }
  });

  it('produces a manifest that the corpus-manifest reader accepts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pl-synthetic-'));
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify(corpusManifest(corpus)));
    const entries = readCorpusManifest(dir);
    expect(entries.size).toBe(corpus.documents.length);
    const first = corpus.documents[0]!;
    expect(entries.get(first.file)).toMatchObject({ id: first.id, city: first.city, title: first.title, date: first.date });
  });

  it('refuses seed sections without sentences', () => {
    expect(() => generateCorpus([{ doc: 'x', path: [], sentences: [] }], OPTIONS)).toThrow(/no sentences/);
  });
});

describe('createRng', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = createRng(42);
    const b = createRng(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(xs).size).toBeGreaterThan(990);
  });
});

describe('createSentenceMeanEmbedder', () => {
  const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

  it('splits a section-context text into its heading and its sentences', () => {
    expect(embedPieces('发展智慧农业：推广水肥一体化设备。建设农业大数据平台；')).toEqual(['发展智慧农业：', '推广水肥一体化设备。', '建设农业大数据平台；']);
  });

  it('gives a passage the normalised √length-weighted mean of its sentences’ vectors', async () => {
    const base = createFakeEmbedder();
    const embedder = createSentenceMeanEmbedder(base);
    const s1 = '推广物联网水肥一体化设备。';
    const s2 = '建设全市农业大数据平台，实现生产经营数据实时汇聚。';
    const [v] = await embedder.embed([s1 + s2]);
    const expected = new Float32Array(512);
    for (const s of [s1, s2]) fakeVector(s).forEach((x, i) => (expected[i]! += Math.sqrt(s.length) * x));
    const norm = Math.hypot(...expected);
    expect(dot(v!, v!)).toBeCloseTo(1, 5);
    expect(dot(v!, expected) / norm).toBeCloseTo(1, 5);
  });

  it('embeds each distinct sentence once, whichever stop ends it', async () => {
    const base = createFakeEmbedder();
    const embedder = createSentenceMeanEmbedder(base);
    await embedder.warm(['优先保障设施农业用地需求；']);
    await embedder.embed(['优先保障设施农业用地需求。提高补贴标准。', '提高补贴标准。优先保障设施农业用地需求。']);
    expect(base.embeddedTexts).toEqual(['优先保障设施农业用地需求；', '提高补贴标准。']);
    expect(embedder.stats.modelPieces).toBe(2);
  });

  it('passes queries to the base embedder unchanged, and names its own recipe', async () => {
    const base = createFakeEmbedder();
    const embedder = createSentenceMeanEmbedder(base);
    expect(await embedder.embedQuery('智慧农业')).toEqual(fakeVector('智慧农业'));
    expect(embedder.info).toMatchObject({ modelId: base.info.modelId, dim: base.info.dim });
    expect(embedder.info.recipe).not.toBe(base.info.recipe);
  });
});
