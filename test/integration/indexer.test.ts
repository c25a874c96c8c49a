/**
 * Issue 2's integration test: the seed corpus, indexed with the real model into a temporary folder.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, type BuildSummary } from '../../src/index/build.js';
import { openIndex, type LoadedIndex } from '../../src/index/reader.js';
import { SEED_DIR, sharedEmbedder } from '../helpers/seed-index.js';

const CHROME = /您现在的位置|上一条|下一条|联系电话|传\s*真:|邮\s*箱:|Copyright|版权所有|扫一扫|相关阅读|友情链接|字体:\[|Produced By/u;
const HTML = /<\/?[a-z][a-z0-9]*[\s>/]|&nbsp;|&lt;/iu;
const SPAM = /beat365|BET体育|投注|app登录入口|手机版游戏/iu;

describe('indexing the seed corpus with the real model', () => {
  const out = mkdtempSync(join(tmpdir(), 'pl-seeds-'));
  let first: BuildSummary;
  let index: LoadedIndex;
  const doc = (prefix: string) => index.documents.find((d) => d.id.startsWith(prefix))!;
  const paragraphsOf = (prefix: string) => index.paragraphsByDoc.get(doc(prefix).id)!;
  const containing = (prefix: string, s: string) => paragraphsOf(prefix).find((p) => p.text.replace(/\s+/g, '').includes(s));

  beforeAll(async () => {
    first = await buildIndex({ inputs: [SEED_DIR], out, embedder: await sharedEmbedder() });
    index = openIndex(out);
  });

  it('indexes five documents with the right regions', () => {
    expect(first.documents).toBe(5);
    expect(index.documents.map((d) => [d.file, d.city])).toEqual([
      ['000_dcbe0bbe788de573.txt', '昆山市'],
      ['001_c3ee382acd11a22e.txt', '江苏省'],
      ['002_86af085e02e72586.txt', '平湖市'],
      ['003_c6c20afe788bb10c.txt', '青岛市'],
      ['004_76d2946b7ea30b47.txt', '昆山市'],
    ]);
    expect(first.paragraphs).toBeGreaterThan(250);
    expect(first.embedded).toBeGreaterThan(200);
  });

  it('keeps no site chrome, HTML or spam in any paragraph', () => {
    for (const p of index.paragraphs) {
      expect(p.text, p.id).not.toMatch(CHROME);
      expect(p.text, p.id).not.toMatch(HTML);
      expect(p.text, p.id).not.toMatch(SPAM);
    }
    for (const d of index.documents) expect(`${d.issuer} ${d.title}`).not.toMatch(SPAM);
  });

  it("finds Qingdao's eight first-level sections", () => {
    const top = index.sectionsOf(doc('003').id).filter((s) => s.level === 1).map((s) => s.label);
    expect(top).toEqual(['一、', '二、', '三、', '四、', '五、', '六、', '七、', '八、']);
  });

  it('gives known paragraphs their section paths', () => {
    const pinghu = containing('002', '9.推动企业“专精特新”发展')!;
    expect(pinghu.sectionPath[0]).toMatch(/^二、主要任务/);
    expect(pinghu.sectionPath[1]).toMatch(/^\(三\)着力企业优强/);
    expect(pinghu.part).toBe('main');
    const qingdao = containing('003', '每年新增首台(套)技术装备')!;
    expect(qingdao.sectionPath).toEqual([expect.stringMatching(/^二、着力提升制造业高端化水平/), expect.stringMatching(/^\(一\)增强制造业创新体系效能/)]);
    const kunshan = containing('004', '新增特色园区15个以上')!;
    expect(kunshan.sectionPath[0]).toMatch(/^二、发展目标/);
    expect(kunshan.responsible).toEqual(expect.arrayContaining(['市工信局']));
    expect(kunshan.text).not.toMatch(/责任单位/);
  });

  it("links Pinghu's 附件2 rows to the main-text paragraphs they repeat", () => {
    const rows = paragraphsOf('002').filter((p) => p.part === 'attachment' && p.kind === 'table-row' && p.duplicateOf);
    expect(rows.length).toBeGreaterThanOrEqual(30);
    const row = paragraphsOf('002').find((p) => p.part === 'attachment' && p.text.includes('“工业上楼”'))!;
    const original = index.paragraphById.get(row.duplicateOf!)!;
    expect(original.part).toBe('main');
    expect(original.text).toContain('“工业上楼”');
  });

  it('embeds nothing on a second run with nothing changed', async () => {
    const second = await buildIndex({ inputs: [SEED_DIR], out, embedder: await sharedEmbedder() });
    expect(second.embedded).toBe(0);
    expect(second.paragraphs).toBe(first.paragraphs);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.counts.embedded).toBe(0);
    // Everything the first run embedded (paragraphs and the sentences of multi-sentence clauses) is reused.
    expect(manifest.counts.reused).toBe(first.embedded + first.reused);
    expect(manifest.model).toMatchObject({ modelId: 'BAAI/bge-small-zh-v1.5', onnxSha256: '15b717c382bcb518ba457b93ea6850ede7f4f1cd8937454aa06972366cd19bcc' });
    expect(manifest.runtime).toMatchObject({ transformers: '3.8.1', onnxruntime: '1.21.0' });
    expect(manifest.documents).toHaveLength(5);
    for (const d of manifest.documents) expect(d.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('returns each paragraph as its own nearest neighbour in the vector index', () => {
    const embedTexts = index.store.embedTexts();
    for (const p of index.paragraphs) {
      const [top] = index.vectors.search(index.vectors.vector(p.rowid), 1);
      const same = top!.label === p.rowid || embedTexts.get(top!.label) === embedTexts.get(p.rowid);
      expect(same, p.id).toBe(true);
      expect(top!.score).toBeGreaterThan(0.999);
    }
  });
});
