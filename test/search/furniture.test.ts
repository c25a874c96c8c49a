/**
 * Document furniture (src/text/clean.ts `isFurnitureClause`) stays in the document for the reader and is no hit:
 * a roster's lines under its heading, a notice's closing formula, a portal's link to its reading (twenty-first
 * session's ingest audit, findings 4 and 11: 安徽's 谷剑锋 省财政厅厅长 was #2 for 省财政厅).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { openIndex, type LoadedIndex } from '../../src/index/reader.js';
import { Engine } from '../../src/search/engine.js';
import { createRuntimeFakeEmbedder } from '../helpers/fake-embedder.js';
import { writeCorpus } from '../helpers/policy-corpus.js';

const NOTICE = [
  '点击查看政策解读：【图文解读】关于《某省支持工业互联网发展若干政策》的解读',
  '某省人民政府办公厅关于印发某省支持工业互联网发展若干政策的通知',
  '各市人民政府，省政府各部门：',
  '现将《某省支持工业互联网发展若干政策》印发给你们，请认真贯彻执行。',
  '特此通知。',
  '某省人民政府办公厅',
  '2021年9月2日',
  '一、支持平台建设',
  '对省财政厅认定的工业互联网平台给予一次性奖励100万元，支持企业开展政策解读和培训。',
  '附件',
  '某省推进工业互联网发展专项工作组名单',
  '组 长：王某某 省长',
  '成 员：赵某某 省政府秘书长',
  '谷某某 省财政厅厅长',
].join('\n\n');

describe('furniture in search', () => {
  let dir: string;
  let index: LoadedIndex;
  let engine: Engine;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pl-furniture-'));
    const input = writeCorpus(join(dir, 'in'), { 'anhui-gongye.txt': NOTICE + '\n' });
    await buildIndex({ inputs: [input], out: join(dir, 'out'), embedder: createRuntimeFakeEmbedder() });
    index = openIndex(join(dir, 'out'));
    engine = new Engine(index, createRuntimeFakeEmbedder());
  });
  afterAll(() => {
    index?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps a roster\'s lines, the closing formula and the link line in the document, and shows none of them as a hit', async () => {
    const texts = index.paragraphs.map((p) => p.text);
    for (const furniture of ['谷某某 省财政厅厅长', '特此通知。', NOTICE.split('\n\n')[0]!]) expect(texts).toContain(furniture);
    const hits = async (q: string) => (await engine.search(q, { mode: 'keyword', k: 20 })).results.map((h) => h.text);
    expect(await hits('省财政厅')).toEqual(['对省财政厅认定的工业互联网平台给予一次性奖励100万元，支持企业开展政策解读和培训。']);
    expect(await hits('省政府秘书长')).toEqual([]);
    expect(await hits('特此通知')).toEqual([]);
    expect(await hits('政策解读')).toEqual(['对省财政厅认定的工业互联网平台给予一次性奖励100万元，支持企业开展政策解读和培训。']);
  });
});
