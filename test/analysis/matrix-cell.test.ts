/**
 * The clauses one matrix cell counts (src/analysis/matrix.ts `cellMembers`, `cellClauses`; `Analyst.matrixCell`): an
 * analyst's audit found a count ("1 条") that nothing opened, so that 巴中 p0020 could not be told apart from the clause
 * counted. The list must be the count's clauses exactly, by the matrix's own rule (a measure listed twice for a clause
 * counts once; a date range keeps what the matrix keeps), the cell's shown best clause first.
 */
import { describe, expect, it } from 'vitest';
import { AnalysisCorpus } from '../../src/analysis/corpus.js';
import { buildMatrix, cellClauses, cellMembers, cellNearMissClauses, cellNearMisses, type MeasureAssignment } from '../../src/analysis/matrix.js';
import { DEFAULT_ANALYSIS_TUNING } from '../../src/analysis/tuning.js';
import { Analyst } from '../../src/analysis/index.js';
import { isPolicyLensError } from '../../src/errors.js';
import { createFakeEmbedder } from '../helpers/fake-embedder.js';
import { createFakeEngine, FAKE_DOCUMENTS } from '../server/fake-engine.js';

const LEAD_IN = '专项资金对下列事项予以扶持：';
const WHOLE = '市人民政府应当在本级财政预算中安排专项资金，用于支持民营经济发展，对符合条件的企业给予资金奖补。';
const FRAGMENT = '给予专项资金奖补。';
const ANOTHER = '对首次认定的专精特新中小企业，由市级财政给予一次性奖励二十万元，所需资金从专项资金中列支。';

/** One document of the four clauses above, and its analysis corpus: shared by both describes. */
const base = FAKE_DOCUMENTS[0]!;
const p0 = base.paragraphs[0]!;
const doc = { ...base, paragraphs: [LEAD_IN, WHOLE, FRAGMENT, ANOTHER].map((text) => ({ ...p0, text })) };
const source = createFakeEngine([doc]).analysisSource();
const corpus = new AnalysisCorpus(source);
const [lead, whole, fragment, another] = source.paragraphs.map((p) => p.id) as [string, string, string, string];

describe('a matrix cell’s clauses', () => {

  /** The matrix's cell for the first measure, and the list `cellClauses` gives for it, from the same assignments. */
  const cellAndList = async (assigned: Map<string, MeasureAssignment[]>, keep?: (id: string) => boolean) => {
    const ev = await new Analyst(source, createFakeEmbedder(), { calibration: null }).measureEvidence();
    const measure = ev.measures[0]!;
    const m = buildMatrix(corpus, { ...ev, paragraphIds: [lead, whole, fragment, another] }, assigned, DEFAULT_ANALYSIS_TUNING, keep);
    const cell = m.rows.find((r) => r.measure.id === measure.id)!.cells[0]!;
    const members = cellMembers(corpus, assigned).get(measure.id)?.get(cell.city) ?? [];
    return { cell, list: cellClauses(corpus, members, measure, keep, cell.best?.paragraphId) };
  };
  const assignment = (measureId: string, score: number): MeasureAssignment => ({ measureId, score, z: score, cosine: 0.8, terms: [] });

  it('holds exactly the clauses the count counts: the cell’s best first (a whole clause over a higher lead-in), then by score', async () => {
    const m = (await new Analyst(source, createFakeEmbedder(), { calibration: null }).measureEvidence()).measures[0]!.id;
    const assigned = new Map([
      [lead, [assignment(m, 5)]],
      [whole, [assignment(m, 3)]],
      [fragment, [assignment(m, 4.5)]],
      [another, [assignment(m, 2)]],
    ]);
    const { cell, list } = await cellAndList(assigned);
    expect(cell.count).toBe(4);
    expect(cell.best!.paragraphId).toBe(whole);
    expect(list.map((c) => [c.paragraphId, c.score])).toEqual([[whole, 3], [lead, 5], [fragment, 4.5], [another, 2]]);
    // Each as the cell gives its best clause: the same snippet, highlights and document.
    expect(list[0]).toEqual(cell.best);
  });

  it('counts a measure listed twice for one clause once, in the list as in the count', async () => {
    const ev = await new Analyst(source, createFakeEmbedder(), { calibration: null }).measureEvidence();
    const [m, other] = [ev.measures[0]!.id, ev.measures[1]!.id];
    const assigned = new Map([
      [whole, [assignment(m, 3), assignment(other, 2.9), assignment(m, 2.5)]],
      [another, [assignment(m, 2)]],
    ]);
    const { cell, list } = await cellAndList(assigned);
    expect(cell.count).toBe(2);
    // By its first entry (3), as buildMatrix counted it.
    expect(list.map((c) => [c.paragraphId, c.score])).toEqual([[whole, 3], [another, 2]]);
  });

  it('keeps what a date range’s keep-rule keeps, as the matrix of that range counts', async () => {
    const m = (await new Analyst(source, createFakeEmbedder(), { calibration: null }).measureEvidence()).measures[0]!.id;
    const assigned = new Map([
      [lead, [assignment(m, 5)]],
      [whole, [assignment(m, 3)]],
      [another, [assignment(m, 2)]],
    ]);
    const { cell, list } = await cellAndList(assigned, (id) => id !== whole);
    expect(cell.count).toBe(2);
    // The range left the whole clause out: the cell shows the next whole one, and lists it first.
    expect(cell.best!.paragraphId).toBe(another);
    expect(list.map((c) => c.paragraphId)).toEqual([another, lead]);
  });
});

describe('a matrix cell’s near misses', () => {
  const tuning = DEFAULT_ANALYSIS_TUNING;

  /** Hand-set evidence for one measure: z and seed terms per clause; `whole` holds the measure (counted). */
  const nearOf = async (keep?: (id: string) => boolean) => {
    const measure = (await new Analyst(source, createFakeEmbedder(), { calibration: null }).measureEvidence()).measures[0]!;
    const ev = {
      measures: [measure],
      paragraphIds: [lead, whole, fragment, another],
      // lead: no seed term (not a near miss, whatever its z); whole: counted; fragment: two terms, 2.1; another: one, 0.82.
      z: [[2.2], [1.5], [0.1], [-0.18]],
      terms: [[[]], [['专精特新']], [['专精特新', '小巨人']], [['专精特新']]],
    };
    const assigned = new Map([[whole, [{ measureId: measure.id, score: 2.5, z: 1.5, cosine: 0.8, terms: ['专精特新'] }]]]);
    const members = (await cellNearMisses(corpus, ev, assigned, tuning)).get(measure.id)?.get(corpus.cityOf(whole)!) ?? [];
    return cellNearMissClauses(corpus, members, measure, tuning.zThreshold, keep);
  };

  it('lists the place’s clauses with a seed term under the bar, best first, with z, terms and the bar; not a counted one, not one without a term', async () => {
    const near = await nearOf();
    expect(near.map((c) => [c.paragraphId, c.score, c.z, c.terms, c.threshold])).toEqual([
      [fragment, 2.1, 0.1, ['专精特新', '小巨人'], 2.25],
      [another, 0.82, -0.18, ['专精特新'], 2.25],
    ]);
    for (const c of near) expect(c.score).toBeLessThan(c.threshold);
  });

  it('keeps what the date range’s keep-rule keeps', async () => {
    expect((await nearOf((id) => id !== fragment)).map((c) => c.paragraphId)).toEqual([another]);
  });
});

describe('Analyst.matrixCell', () => {
  const engine = createFakeEngine();
  const analyst = new Analyst(engine.analysisSource(), createFakeEmbedder(), { search: engine });

  const refusal = async (p: Promise<unknown>) => {
    const err = await p.then(() => null, (e: unknown) => e);
    expect(isPolicyLensError(err)).toBe(true);
    return err as { code: string; status: number; message: string; details?: Record<string, unknown>; zh?: string };
  };

  it('lists as many clauses as every cell of the matrix counts, undated and dated, its best clause first', async () => {
    for (const dates of [{}, { since: '2023-06-01' }, { until: '2023-12-31' }]) {
      const matrix = await analyst.matrix(dates);
      let listed = 0;
      let near = 0;
      for (const row of matrix.rows) {
        for (const c of row.cells) {
          const cell = await analyst.matrixCell(row.measure.id, c.city, dates);
          expect([cell.measure, cell.city, cell.count]).toEqual([{ id: row.measure.id, name: row.measure.name }, c.city, c.count]);
          expect(cell.clauses).toHaveLength(c.count);
          if (c.best) expect(cell.clauses[0]).toEqual(c.best);
          expect(new Set(cell.clauses.map((x) => x.paragraphId)).size).toBe(c.count);
          listed += c.count;
          // Its near misses: none counted, each of the place with a seed term and under the bar, best first.
          const counted = new Set(cell.clauses.map((x) => x.paragraphId));
          for (const x of cell.nearMisses) {
            expect(counted.has(x.paragraphId)).toBe(false);
            expect(x.doc.city).toBe(c.city);
            expect(x.terms.length).toBeGreaterThan(0);
            expect(x.score).toBeLessThan(x.threshold);
            expect(x.threshold).toBe(matrix.method.zThreshold);
          }
          expect(cell.nearMisses.map((x) => x.score)).toEqual(cell.nearMisses.map((x) => x.score).sort((a, b) => b - a));
          near += cell.nearMisses.length;
        }
      }
      expect(listed, JSON.stringify(dates)).toBeGreaterThan(0);
      expect(near, JSON.stringify(dates)).toBeGreaterThan(0);
    }
  });

  it('refuses an unknown measure naming the measures, an unknown place, and a place the dates leave without a column', async () => {
    const unknown = await refusal(analyst.matrixCell('no-such-measure', '苏州市'));
    expect(unknown.code).toBe('UNKNOWN_MEASURE');
    expect(unknown.status).toBe(400);
    expect(unknown.details?.valid).toEqual(analyst.measures().map((m) => m.id));
    expect(unknown.message).toContain('enterprise-tiers (企业梯度培育)');
    expect(unknown.zh).toContain('enterprise-tiers（企业梯度培育）');
    expect((await refusal(analyst.matrixCell('enterprise-tiers', '北京市'))).code).toBe('UNKNOWN_CITY');
    // 浙江省's one document is dated 2022-11-20: from 2023 on the matrix has no column for it.
    const left = await refusal(analyst.matrixCell('enterprise-tiers', '浙江省', { since: '2023-01-01' }));
    expect([left.code, left.status]).toEqual(['BAD_REQUEST', 400]);
    expect(left.zh).toContain('浙江省没有成文日期在 2023-01-01 或之后');
  });
});
