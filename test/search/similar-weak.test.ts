/**
 * The weak flag of a whole clause's "similar" columns (无相近条款) reads the source's salient terms as well as the
 * cosine: a column whose first three clauses hold enough of the IDF mass of those terms is a counterpart whatever the
 * cosine says (nineteenth session, calibrated on judged columns: scripts/calibrate-weak.ts --judged). The cosine is
 * switched off here (`weakSimilar` 2) so that only the terms decide, and the fake embedder's cosines do not matter.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { openIndex, type LoadedIndex } from '../../src/index/reader.js';
import { Engine } from '../../src/search/engine.js';
import { createRuntimeFakeEmbedder } from '../helpers/fake-embedder.js';
import { policyText, writeCorpus } from '../helpers/policy-corpus.js';

const SOURCE = '实施重大技术装备保险补偿，对投保企业给予保费补贴。支持首版次软件在重点行业示范应用，按合同额给予奖励。';

describe('"similar" weak flag from a whole clause', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pl-similar-weak-'));
  let index: LoadedIndex;
  afterAll(() => {
    index?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeAll(async () => {
    const input = writeCorpus(join(dir, 'in'), {
      'a.txt': policyText('无锡市', 6) + `一、装备推广\n1. ${SOURCE}\n`,
      // 常州市 states the same measure in other words around the same rare terms; 南通市 never names them.
      'b.txt': policyText('常州市', 6, '工业经济稳增长') + '一、装备保险\n1. 对投保重大技术装备的企业，按保费的80%给予保险补偿。首版次软件纳入政府采购目录。\n',
      'c.txt': policyText('南通市', 6, '现代服务业发展') + '一、人才引进\n1. 对引进的高层次人才给予安家补贴，提供人才公寓。\n',
    });
    await buildIndex({ inputs: [input], out: join(dir, 'out'), embedder: createRuntimeFakeEmbedder() });
    index = openIndex(join(dir, 'out'));
  });

  const flags = async (tuning: { weakSimilar: number; weakSimilarTerms: number }) => {
    const engine = new Engine(index, createRuntimeFakeEmbedder(), tuning);
    const source = engine.corpus().documents.find((d) => d.id === 'a')!;
    const id = engine.document(source.id).paragraphs.find((p) => p.text.includes('保险补偿'))!.id;
    const sim = await engine.similar(id, { k: 3 });
    return Object.fromEntries(sim.columns.map((c) => [c.city, c.weak]));
  };

  it('is not weak where the first clauses hold the source\'s salient terms, and weak where they do not', async () => {
    expect(await flags({ weakSimilar: 2, weakSimilarTerms: 0.2 })).toEqual({ 常州市: false, 南通市: true });
  });

  it('is weak everywhere when the terms are not read (the cosine alone, switched off here)', async () => {
    expect(await flags({ weakSimilar: 2, weakSimilarTerms: 2 })).toEqual({ 常州市: true, 南通市: true });
  });
});
