/**
 * The matrix's fixed statistics with the real model (src/analysis/calibration.ts): the shipped file is the seed
 * corpus's own statistics for this model and these measures (else: run scripts/calibrate-measures.ts), and with it a
 * seed clause's z-scores and measures stay what they are when documents of other places are added; standardised over
 * the loaded corpus, as before, they move.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Analyst } from '../../src/analysis/index.js';
import { loadCalibration, measureFingerprint } from '../../src/analysis/calibration.js';
import { buildIndex } from '../../src/index/build.js';
import { openIndex, type LoadedIndex } from '../../src/index/reader.js';
import type { Engine } from '../../src/search/engine.js';
import { SEED_DIR, seedEngine, sharedEmbedder } from '../helpers/seed-index.js';

// A consumption policy of another place: the kind of document that moved the seed cells.
const OTHER = [
  '某市关于提振消费的若干措施',
  '一、扩大汽车消费',
  '（一）开展汽车以旧换新。对个人消费者报废旧车并购买新能源汽车的，给予每辆最高1万元补贴。',
  '（二）优化购车服务。延长汽车销售门店营业时间，推行购车手续一站式办理。',
  '二、促进住房消费',
  '（三）支持刚性住房需求。对首次购买家庭唯一住房的个人，按契税实缴额度给予全额补贴。',
  '（四）提高公积金贷款额度。多子女家庭公积金贷款最高额度上浮20%。',
  '三、培育消费新场景',
  '（五）打造夜间经济街区。每个区建设1个以上夜间消费集聚区，举办美食节、购物节等促消费活动。',
].join('\n');

describe('the shipped measure calibration', () => {
  let seeds: Engine;
  let dir: string;
  let bigger: LoadedIndex;
  beforeAll(async () => {
    seeds = await seedEngine();
    dir = mkdtempSync(join(tmpdir(), 'pl-calibration-'));
    mkdirSync(join(dir, 'other'));
    writeFileSync(join(dir, 'other', '某市提振消费若干措施.txt'), OTHER);
    await buildIndex({ inputs: [SEED_DIR, join(dir, 'other')], out: join(dir, 'index'), embedder: await sharedEmbedder() });
    bigger = openIndex(join(dir, 'index'));
  }, 600_000);
  afterAll(() => {
    bigger?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is the seed corpus\u2019s own statistics, for this model and these measures', async () => {
    const own = await new Analyst(seeds.index, seeds.embedder, { calibration: null }).measureEvidence();
    const calibration = loadCalibration();
    const stale = 'stale: run npx tsx scripts/calibrate-measures.ts';
    expect(calibration.model, stale).toEqual({ onnxSha256: seeds.embedder.info.onnxSha256, recipe: seeds.embedder.info.recipe });
    expect(calibration.corpus.clauses, stale).toBe(own.paragraphIds.length);
    own.measures.forEach((m, k) => {
      const c = calibration.measures[m.id];
      expect(c?.text, `${m.id} ${stale}`).toBe(measureFingerprint(m));
      expect(c!.mean, `${m.id} ${stale}`).toBeCloseTo(own.stats[k]!.mean, 12);
      expect(c!.sd, `${m.id} ${stale}`).toBeCloseTo(own.stats[k]!.sd, 12);
    });
    expect((await new Analyst(seeds.index, seeds.embedder).measureEvidence()).calibrated.every(Boolean)).toBe(true);
  });

  it('keeps a seed clause\u2019s z-scores and measures when another place\u2019s documents are added', async () => {
    const embedder = await sharedEmbedder();
    const zOf = async (analyst: Analyst) => {
      const ev = await analyst.measureEvidence();
      return new Map(ev.paragraphIds.map((id, p) => [id, ev.z[p]!]));
    };
    const before = await zOf(new Analyst(seeds.index, embedder));
    const after = await zOf(new Analyst(bigger, embedder));
    const uncalibrated = await zOf(new Analyst(bigger, embedder, { calibration: null }));
    const seedOnlyUncalibrated = await zOf(new Analyst(seeds.index, embedder, { calibration: null }));
    expect(before.size).toBeGreaterThan(150);
    let moved = 0;
    for (const [id, z] of before) {
      z.forEach((v, m) => expect(after.get(id)![m]!, id).toBeCloseTo(v, 5));
      if (z.some((v, m) => Math.abs(uncalibrated.get(id)![m]! - seedOnlyUncalibrated.get(id)![m]!) > 1e-3)) moved++;
    }
    // Standardised over whatever is loaded, every seed clause's z moves.
    expect(moved).toBe(before.size);
    const measuresOf = async (analyst: Analyst) => new Map([...(await analyst.measureAssignments())].map(([id, list]) => [id, list.map((a) => a.measureId).sort()]));
    const seedMeasures = await measuresOf(new Analyst(seeds.index, embedder));
    const biggerMeasures = await measuresOf(new Analyst(bigger, embedder));
    for (const id of before.keys()) expect(biggerMeasures.get(id) ?? [], id).toEqual(seedMeasures.get(id) ?? []);
  }, 120_000);
});
