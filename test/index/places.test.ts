/**
 * Places through the indexer (fake embedder): a manifest's `city` is looked up in the gazetteer and fills code,
 * kind, level, parent and province; its other fields still win; a name the gazetteer does not know is kept as
 * written; older level names are read; the text's own place is used when the manifest says nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { openIndex } from '../../src/index/reader.js';
import { readCorpusManifest } from '../../src/ingest/corpus-manifest.js';
import { createFakeEmbedder } from '../helpers/fake-embedder.js';
import { policyText, writeCorpus } from '../helpers/policy-corpus.js';

const created: string[] = [];
afterAll(() => created.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `pl-places-${prefix}-`));
  created.push(dir);
  return dir;
}

describe('places from the manifest and the text', () => {
  it('fills a manifest city from the gazetteer, keeps what the manifest sets, and keeps unknown names as written', async () => {
    const input = writeCorpus(tempDir('in'), {
      'tianhe.txt': policyText('某区', 3, '港澳青年创业'),
      'chaoyang.txt': policyText('某区', 3, '数字经济'),
      'zone.txt': policyText('某新区', 3, '对外开放'),
      'legacy.txt': policyText('某市', 3, '先进制造业'),
      'own.txt': policyText('常熟市', 3, '纺织服装'),
      'sip.txt': policyText('某园区', 3, '专精特新'),
      'manifest.json': JSON.stringify({
        documents: [
          { file: 'tianhe.txt', city: '天河区' },
          { file: 'chaoyang.txt', city: '朝阳区', parent: '长春市' },
          { file: 'zone.txt', city: '长三角生态绿色一体化发展示范区', level: 'prefecture' },
          { file: 'legacy.txt', city: '平湖市', level: 'county-level city', docType: '规划' },
          { file: 'sip.txt', city: '苏州工业园区' },
        ],
      }),
    });
    const out = tempDir('out');
    const lines: string[] = [];
    await buildIndex({ inputs: [input], out, embedder: createFakeEmbedder(), log: (l) => lines.push(l) });
    // A manifest city the gazetteer cannot place is said, with what to do; a placed one is not, a 功能区 (no code) neither.
    expect(lines.filter((l) => l.includes('manifest city'))).toEqual([
      `zone.txt: manifest city "长三角生态绿色一体化发展示范区" is not one place the gazetteer knows (it names none, or several); kept as written. Give the place's full name (吉林省 or 吉林市 for 吉林) or its "parent".`,
    ]);
    const index = openIndex(out, { checkRuntime: false });
    const byFile = new Map(index.documents.map((d) => [d.file, d]));
    const fields = (file: string) => {
      const d = byFile.get(file)!;
      return [d.city, d.placeCode, d.placeKind, d.level, d.parent, d.parentCode, d.province];
    };
    expect(fields('tianhe.txt')).toEqual(['广州市天河区', '440106', '市辖区', 'county', '广州市', '440100', '广东省']);
    expect(fields('chaoyang.txt')).toEqual(['长春市朝阳区', '220104', '市辖区', 'county', '长春市', '220100', '吉林省']);
    expect(fields('zone.txt')).toEqual(['长三角生态绿色一体化发展示范区', null, null, 'prefecture', null, null, null]);
    expect(fields('legacy.txt')).toEqual(['平湖市', '330482', '县级市', 'county', '嘉兴市', '330400', '浙江省']);
    expect(byFile.get('legacy.txt')!.docType).toBe('规划');
    // A statistical zone is a place of its own under its prefecture, with no GB/T 2260 code and no level.
    expect(fields('sip.txt')).toEqual(['苏州工业园区', null, '功能区', null, '苏州市', '320500', '江苏省']);
    // No manifest entry: the title names the place.
    expect(fields('own.txt')).toEqual(['常熟市', '320581', '县级市', 'county', '苏州市', '320500', '江苏省']);
    expect(byFile.get('own.txt')!.docType).toBe('意见');
    index.close();
  });

  it('refuses a manifest with an unknown level, kind or type, naming the field', () => {
    for (const [entry, field] of [
      [{ file: 'a.txt', level: 'town' }, 'level'],
      [{ file: 'a.txt', placeKind: '乡' }, 'placeKind'],
      [{ file: 'a.txt', docType: '公告' }, 'docType'],
      [{ file: 'a.txt', placeCode: '3205' }, 'placeCode'],
    ] as const) {
      const dir = tempDir('bad');
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ documents: [entry] }));
      expect(() => readCorpusManifest(dir)).toThrow(expect.objectContaining({ code: 'MANIFEST_INVALID', message: expect.stringContaining(field) }));
    }
  });

  it('reads a lone entry, as the corpus page\'s hint shows one, and a bare list of entries; a refusal shows the shape wanted', () => {
    // Both had been refused as "documents: Required" and ": Expected object, received array", without the shape.
    const read = (content: unknown) => {
      const dir = tempDir('shape');
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify(content));
      return () => readCorpusManifest(dir);
    };
    expect([...read({ file: '文件名.pdf', city: '昆山市' })()]).toEqual([['文件名.pdf', { file: '文件名.pdf', city: '昆山市' }]]);
    expect([...read([{ file: 'a.txt', city: '昆山市' }, { file: 'b.txt', city: '平湖市' }])().keys()]).toEqual(['a.txt', 'b.txt']);
    expect(read({ docs: [] })).toThrow(expect.objectContaining({ code: 'MANIFEST_INVALID', message: expect.stringMatching(/documents: Required\. A manifest\.json holds \{"documents": \[\{"file": "通知\.pdf", "city": "昆山市"\}, …\]\}/) }));
    expect(read([{ file: 'a.txt' }, { file: 'b.txt', level: 'town' }])).toThrow(expect.objectContaining({ message: expect.stringMatching(/: entry 2 \("b\.txt"\), level: level "town" is not one of .*A manifest\.json holds/) }));
  });
});
