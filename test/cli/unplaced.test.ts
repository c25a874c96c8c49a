/**
 * What `npm run index` says about the documents it filed under 未标注地区 (places audit, finding 6: it had said
 * nothing): one line each, naming the document, the places its issuer or title may mean and the manifest entry that
 * files it. A tiny corpus of our own, indexed with the fake embedder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatUnplaced, unplacedDocuments } from '../../src/cli/index-cmd.js';
import { buildIndex } from '../../src/index/build.js';
import { createFakeEmbedder } from '../helpers/fake-embedder.js';
import { policyText, writeCorpus } from '../helpers/policy-corpus.js';

const created: string[] = [];
afterAll(() => created.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `pl-unplaced-${prefix}-`));
  created.push(dir);
  return dir;
}

describe('documents filed under 未标注地区', () => {
  it('are named one per line, with the places their issuer or title may mean and the manifest entry that files them', async () => {
    const input = writeCorpus(tempDir('in'), {
      // 朝阳区 is in Beijing and in Changchun: the resolver leaves it open.
      'chaoyang.txt': policyText('朝阳区人民政府', 3, '专精特新'),
      'nowhere.txt': policyText('某地', 3, '数字经济'),
      'on-purpose.txt': policyText('某区', 3, '工业用地'),
      'placed.txt': policyText('昆山市', 3, '先进制造业'),
      'manifest.json': JSON.stringify({ documents: [{ file: 'on-purpose.txt', city: null }] }),
    });
    const out = tempDir('out');
    const summary = await buildIndex({ inputs: [input], out, embedder: createFakeEmbedder() });
    const unplaced = unplacedDocuments(out, summary.manifest);
    // A manifest that says "city": null means it; a placed document is not named.
    expect(unplaced.map((d) => [d.file, d.candidates?.places.map((p) => p.qualifiedName) ?? null])).toEqual([
      ['chaoyang.txt', ['北京市朝阳区', '长春市朝阳区']],
      ['nowhere.txt', null],
    ]);
    const manifest = join(input, 'manifest.json');
    // Its issuer is read from its title's head (朝阳区人民政府关于…, since the twenty-second session), so the line says issuer.
    expect(formatUnplaced(unplaced)!.split('\n')).toEqual([
      '2 document(s) have no place (shown under 未标注地区 in every view):',
      `  chaoyang.txt (朝阳区人民政府关于推进专精特新的实施意见): filed under 未标注地区: "朝阳区" at the start of its issuer may be 北京市朝阳区 or 长春市朝阳区. To place it, add {"file": "chaoyang.txt", "city": "朝阳区", "parent": "北京市"} or {"file": "chaoyang.txt", "city": "朝阳区", "parent": "长春市"} to ${manifest}.`,
      `  nowhere.txt (某地关于推进数字经济的实施意见): filed under 未标注地区: no place read from its issuer, title, number or text. To place it, add {"file": "nowhere.txt", "city": "<its place's full name>"} to ${manifest}.`,
    ]);
    expect(formatUnplaced([])).toBeNull();
  });
});
