/**
 * What a build says about the files it indexed and the files it passes over (src/index/file-warnings.ts, the
 * manifest's `warnings` and `ignored`), with the fake embedder: two files that look like one document twice, a
 * manifest entry that applies to files in several subfolders, a text repaired in decoding, a folder's note, a FIFO
 * and a link to nothing.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { ambiguousEntries, numberKey, sameDocumentWarnings, shownPath } from '../../src/index/file-warnings.js';
import { openIndex } from '../../src/index/reader.js';
import { createRuntimeFakeEmbedder } from '../helpers/fake-embedder.js';
import { policyText, writeCorpus } from '../helpers/policy-corpus.js';

const created: string[] = [];
afterAll(() => created.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `pl-warn-${prefix}-`));
  created.push(dir);
  return dir;
}

async function build(input: string, out: string) {
  const logs: string[] = [];
  const summary = await buildIndex({ inputs: [input], out, embedder: createRuntimeFakeEmbedder(), log: (m) => logs.push(m) });
  return { summary, logs };
}

/** A policy of `city` with a 文号 under its title. */
function numbered(city: string, docNumber: string, clauses: number, topic?: string): string {
  const [title, ...rest] = policyText(city, clauses, topic).split('\n');
  return [title, docNumber, ...rest].join('\n');
}

describe('documents that look like one document twice', () => {
  it('are named by a shared 文号 (folded), else a shared title and date, each group once', () => {
    const doc = (path: string, title: string | null, date: string | null, docNumber: string | null) => ({ path, title, date, docNumber });
    const warnings = sameDocumentWarnings(
      [
        doc('/in/05.txt', '扬州市关于推进制造业的意见', '2024-03-08', '扬府发〔2024〕12号'),
        doc('/in/05 - 副本.txt', '扬州市关于推进制造业的意见', '2024-03-08', '扬府发[2024] 12号'),
        doc('/in/a.txt', '某市规划', '2023-01-01', null),
        doc('/in/sub/a.txt', '某市规划', '2023-01-01', null),
        doc('/in/b.txt', '某市规划', '2024-01-01', null),
        doc('/in/l1.txt', '甲市工业用地管理办法', null, '第12号'),
        doc('/in/l2.txt', '乙市工业用地管理办法', null, '第12号'),
      ],
      ['/in'],
    );
    expect(warnings.map((w) => [w.file, w.others])).toEqual([
      ['/in/05 - 副本.txt', ['/in/05.txt']],
      ['/in/a.txt', ['/in/sub/a.txt']],
    ]);
    expect(warnings[0]!.message).toMatch(/^05 - 副本\.txt and 05\.txt are both 扬府发\[2024\] 12号: one document twice .*Remove the one that is not current/);
    expect(warnings[1]!.message).toMatch(/^a\.txt and sub\/a\.txt are both 《某市规划》 of 2023-01-01/);
    expect(numberKey('苏政发〔2018〕第86号')).toBe(numberKey('苏政发(2018)86号'));
    expect(numberKey('第12号')).toBeNull();
    expect(shownPath('/in/2024年报送/通知.txt', ['/in'])).toBe('2024年报送/通知.txt');
  });

  it('an edited original beside its stale copy: the run names both, and so does the index', async () => {
    // The copy was a FILE_DUPLICATE; once the original is edited it is a second live document, and the run had said
    // only "added: 05-yangzhou-levels - 副本.txt".
    const original = numbered('扬州市', '扬府发〔2024〕12号', 6);
    const input = writeCorpus(tempDir('in'), { '05-yangzhou-levels.txt': original, '05-yangzhou-levels - 副本.txt': original, 'wuxi.txt': policyText('无锡市', 5) });
    const out = tempDir('out');
    const first = await build(input, out);
    expect(first.summary.skipped.map((k) => k.code)).toEqual(['FILE_DUPLICATE']);
    expect(first.summary.warnings).toEqual([]);
    writeFileSync(join(input, '05-yangzhou-levels.txt'), original.replace('最高不超过100万元', '最高不超过120万元'));
    const { summary, logs } = await build(input, out);
    expect(summary.skipped).toEqual([]);
    const same = { file: join(input, '05-yangzhou-levels - 副本.txt'), code: 'SAME_DOCUMENT', others: [join(input, '05-yangzhou-levels.txt')], message: expect.stringMatching(/^05-yangzhou-levels - 副本\.txt and 05-yangzhou-levels\.txt are both 扬府发〔2024〕12号/) };
    expect(summary.warnings).toEqual([same]);
    expect(summary.manifest.warnings).toEqual([same]);
    expect(logs.some((l) => l.startsWith('05-yangzhou-levels - 副本.txt and 05-yangzhou-levels.txt are both'))).toBe(true);
  });

  it('a copy of another version added to a larger index is named by the incremental build, which asks every document', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) files[`doc-${i}.txt`] = numbered(['嘉兴市', '无锡市', '苏州市', '常州市'][i % 4]!, `某政发〔2023〕${i + 1}号`, 6, `主题${i}`);
    const input = writeCorpus(tempDir('in'), files);
    const out = tempDir('out');
    await build(input, out);
    writeFileSync(join(input, 'doc-3 旧版.txt'), numbered('常州市', '某政发〔2023〕4号', 6, '旧主题'));
    const { summary, logs } = await build(input, out);
    expect(logs.some((l) => l.startsWith('incremental:'))).toBe(true);
    expect(summary.incremental).toEqual({ read: 1, added: 6 });
    expect(summary.warnings).toEqual([expect.objectContaining({ code: 'SAME_DOCUMENT', file: join(input, 'doc-3 旧版.txt'), others: [join(input, 'doc-3.txt')] })]);
    // Removing the old version clears it.
    unlinkSync(join(input, 'doc-3 旧版.txt'));
    expect((await build(input, out)).summary.warnings).toEqual([]);
  });
});

describe('a manifest entry whose bare file name is in several subfolders', () => {
  it('is named with both files and the fix, and the documents are told apart by their paths', async () => {
    const input = tempDir('in');
    mkdirSync(join(input, '2023年报送'));
    mkdirSync(join(input, '2024年报送'));
    writeFileSync(join(input, '2023年报送', '丽水市数字经济政策.txt'), policyText('丽水市', 5, '数字经济'));
    writeFileSync(join(input, '2024年报送', '丽水市数字经济政策.txt'), policyText('丽水市', 6, '数字经济发展'));
    writeFileSync(join(input, 'manifest.json'), JSON.stringify({ documents: [{ file: '丽水市数字经济政策.txt', docNumber: '丽政发〔2024〕2号' }] }));
    const out = tempDir('out');
    const { summary, logs } = await build(input, out);
    const warning = summary.warnings.find((w) => w.code === 'MANIFEST_AMBIGUOUS')!;
    expect(warning).toEqual({
      file: join(input, 'manifest.json'),
      code: 'MANIFEST_AMBIGUOUS',
      others: [join(input, '2023年报送', '丽水市数字经济政策.txt'), join(input, '2024年报送', '丽水市数字经济政策.txt')],
      message: expect.stringContaining('the entry for "丽水市数字经济政策.txt" applies to 2 files of that name: 2023年报送/丽水市数字经济政策.txt, 2024年报送/丽水市数字经济政策.txt. Write the file\'s folder in its "file" ("2023年报送/丽水市数字经济政策.txt")'),
    });
    expect(logs).toContain(warning.message);
    // (The entry still applies to both, so they share a 文号, which is said too.)
    expect(summary.warnings.map((w) => w.code).sort()).toEqual(['MANIFEST_AMBIGUOUS', 'SAME_DOCUMENT']);
    // An entry that names a path means that file alone: no warning.
    writeFileSync(join(input, 'manifest.json'), JSON.stringify({ documents: [{ file: '2024年报送/丽水市数字经济政策.txt', docNumber: '丽政发〔2024〕2号' }] }));
    expect((await build(input, out)).summary.warnings).toEqual([]);
    const index = openIndex(out);
    expect(index.documents.map((d) => d.path.slice(input.length + 1)).sort()).toEqual(['2023年报送/丽水市数字经济政策.txt', '2024年报送/丽水市数字经济政策.txt']);
    index.close();
  });

  it('gives no warning for an entry that names one file', () => {
    expect(ambiguousEntries('/in', ['a.txt', 'sub/b.txt'], ['/in/a.txt', '/in/sub/b.txt', '/in/other/b.txt'])).toEqual([]);
  });
});

describe('files read with a repair, and files passed over', () => {
  it('keeps a decoding repair among the warnings, and reads the text, not mojibake', async () => {
    const text = numbered('德清县', '德政办发〔2022〕41号', 5);
    const bytes = Buffer.from(text, 'utf8');
    const input = writeCorpus(tempDir('in'), { 'cut.txt': bytes.subarray(0, bytes.length - 3), 'wuxi.txt': policyText('无锡市', 5) });
    const out = tempDir('out');
    const { summary } = await build(input, out);
    expect(summary.warnings).toEqual([{ file: join(input, 'cut.txt'), code: 'ENCODING_REPAIRED', message: expect.stringContaining('cut.txt is UTF-8 with 1 byte that is not valid UTF-8') }]);
    const index = openIndex(out);
    expect(index.documents.find((d) => d.file === 'cut.txt')).toMatchObject({ title: '德清县关于推进制造业高质量发展的实施意见', docNumber: '德政办发〔2022〕41号', city: '德清县' });
    index.close();
  });

  it("lists a folder's note, a FIFO and a link to nothing, and keeps a document whose file became a link to nothing", async () => {
    const input = writeCorpus(tempDir('in'), { 'jiaxing.txt': policyText('嘉兴市', 6), 'yancheng.txt': policyText('盐城市', 5), 'Notice.txt': policyText('南京市', 4) });
    execFileSync('mkfifo', [join(input, '23-fifo.txt')]);
    symlinkSync(join(input, 'gone', '附件.wps'), join(input, '附件.wps'));
    const out = tempDir('out');
    const { summary } = await build(input, out);
    expect(summary.manifest.ignored).toEqual([
      { file: join(input, '23-fifo.txt'), reason: 'not-a-file' },
      { file: join(input, 'Notice.txt'), reason: 'folder-note' },
      { file: join(input, '附件.wps'), reason: 'dangling-link' },
    ]);
    expect(summary.manifest.documents.map((d) => d.file).sort()).toEqual(['jiaxing.txt', 'yancheng.txt']);
    // A share that went away: the document had left the index as if deleted ("removed: yancheng.txt").
    unlinkSync(join(input, 'yancheng.txt'));
    symlinkSync(join(input, 'share', 'yancheng.txt'), join(input, 'yancheng.txt'));
    const again = await build(input, out);
    expect(again.summary.skipped).toEqual([{ file: join(input, 'yancheng.txt'), code: 'FILE_UNREADABLE', kept: true, message: expect.stringMatching(/^yancheng\.txt is a link to .*share\/yancheng\.txt, which does not exist \(a share or drive that went away\?\): reconnect it/) }]);
    expect(again.summary.manifest.documents.map((d) => d.file).sort()).toEqual(['jiaxing.txt', 'yancheng.txt']);
  });
});
