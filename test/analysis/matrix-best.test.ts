/**
 * Which clause a matrix cell shows (src/analysis/matrix.ts `buildMatrix`): the best-scoring one that states a measure
 * on its own, when the cell has one, over a higher-scoring lead-in ending in ： or a fragment (烟台's 财政奖补 cell had
 * shown 专项资金对下列事项予以扶持： over 第六条's 专项资金 clause).
 */
import { describe, expect, it } from 'vitest';
import { AnalysisCorpus } from '../../src/analysis/corpus.js';
import { buildMatrix, type MeasureAssignment } from '../../src/analysis/matrix.js';
import { DEFAULT_ANALYSIS_TUNING } from '../../src/analysis/tuning.js';
import { Analyst } from '../../src/analysis/index.js';
import { createFakeEmbedder } from '../helpers/fake-embedder.js';
import { createFakeEngine, FAKE_DOCUMENTS } from '../server/fake-engine.js';

const LEAD_IN = '专项资金对下列事项予以扶持：';
const WHOLE = '市人民政府应当在本级财政预算中安排专项资金，用于支持民营经济发展，对符合条件的企业给予资金奖补。';
const FRAGMENT = '给予专项资金奖补。';

describe('the clause a matrix cell shows', () => {
  const base = FAKE_DOCUMENTS[0]!;
  const doc = { ...base, paragraphs: [{ ...base.paragraphs[0]!, text: LEAD_IN }, { ...base.paragraphs[0]!, text: WHOLE }, { ...base.paragraphs[0]!, text: FRAGMENT }] };
  const engine = createFakeEngine([doc]);
  const source = engine.analysisSource();
  const corpus = new AnalysisCorpus(source);
  const [lead, whole, fragment] = source.paragraphs.map((p) => p.id) as [string, string, string];

  const cellOf = async (scores: Record<string, number>) => {
    const ev = await new Analyst(source, createFakeEmbedder(), { calibration: null }).measureEvidence();
    const measure = ev.measures[0]!.id;
    const assigned = new Map<string, MeasureAssignment[]>(Object.entries(scores).map(([id, score]) => [id, [{ measureId: measure, score, z: score, cosine: 0.8, terms: [] }]]));
    const m = buildMatrix(corpus, { ...ev, paragraphIds: [lead, whole, fragment] }, assigned, DEFAULT_ANALYSIS_TUNING);
    return m.rows.find((r) => r.measure.id === measure)!.cells[0]!;
  };

  it('is the best clause that stands alone, over a lead-in or fragment that scores higher', async () => {
    const cell = await cellOf({ [lead]: 5, [fragment]: 4.5, [whole]: 3 });
    expect(cell.count).toBe(3);
    expect(cell.best!.paragraphId).toBe(whole);
    expect(cell.best!.score).toBe(3);
  });

  it('is the best-scoring clause when none stands alone, and among those that do, the best', async () => {
    expect((await cellOf({ [lead]: 5, [fragment]: 4.5 })).best!.paragraphId).toBe(lead);
    expect((await cellOf({ [fragment]: 4.5, [lead]: 5 })).best!.paragraphId).toBe(lead);
  });
});
