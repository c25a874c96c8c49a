/**
 * The Analyst: its pure helpers on fixtures of our own, then measures, the matrix, targets and the diff over the
 * real seed index with the real model. Measure assignment is scored against test/fixtures/measures-labeled.json
 * (seed paragraphs labeled by hand); the table of thresholds tried is printed on every run.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { isPolicyLensError } from '../../src/errors.js';
import {
  Analyst, averageLinkage, DEFAULT_ANALYSIS_TUNING, loadInstruments, groupingKind, hanCount, indicatorKey, leadYear, loadMeasures, holdsMeasure, measureScore, quantityKind,
  tableRowText, termsIn, type MeasureEvidence,
} from '../../src/analysis/index.js';
import type { Engine } from '../../src/search/engine.js';
import { seedEngine } from '../helpers/seed-index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Labeled {
  id: string;
  excerpt: string;
  measures: string[];
}
const labeled = (JSON.parse(readFileSync(`${root}test/fixtures/measures-labeled.json`, 'utf8')) as { paragraphs: Labeled[] }).paragraphs;

/** A unit vector pointing mostly along axis `axis`, nudged along `nudge` (for clustering fixtures). */
function vector(axis: number, nudge = 0, amount = 0): Float32Array {
  const v = new Float32Array(8);
  v[axis] = 1;
  if (amount) v[nudge] = amount;
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

describe('pure helpers', () => {
  it('indicatorKey strips scope, verbs, years and units, and sets the base of a share aside', () => {
    expect(indicatorKey('全社会研发投入占GDP比重')).toEqual({ core: '研发投入', base: 'GDP' });
    expect(indicatorKey('规上制造业企业研发费用占营业收入的比重(%)')).toEqual({ core: '研发费用', base: '营业收入' });
    expect(indicatorKey('累计建成省级智能工厂(数字化车间)(家)')).toEqual({ core: '省级智能工厂(数字化车间)', base: null });
    expect(indicatorKey('规上工业亩均税收(万元/亩)')).toEqual({ core: '亩均税收', base: null });
    expect(indicatorKey('数字经济核心产业占比')).toEqual({ core: '数字经济核心产业', base: '' });
    expect(indicatorKey('高耗低效整治企业数')).toEqual({ core: '高耗低效整治企业', base: null });
    // Nothing left after stripping: the name stays as written.
    expect(indicatorKey('全市').core).toBe('全市');
  });

  it('quantityKind keeps counts, money, shares and growth rates apart', () => {
    const k = (indicator: string) => indicatorKey(indicator);
    expect(quantityKind('家', k('专精特新企业'))).toBe('count');
    expect(quantityKind('个', k('特色园区'))).toBe('count');
    expect(quantityKind('人', k('硕博士'))).toBe('people');
    expect(quantityKind('亿元', k('产值'))).toBe('money');
    expect(quantityKind('万亿元', k('主营业务收入'))).toBe('money');
    expect(quantityKind('万元/亩', k('亩均税收'))).toBe('元/亩');
    // 亩均 (亩产) already says per mu: 亩均税收达到30万元 is 万元/亩 as a drafter writes it.
    expect(quantityKind('万元', k('工业用地亩均税收'))).toBe('元/亩');
    expect(quantityKind('万元', k('规上工业亩均增加值'))).toBe('元/亩');
    expect(quantityKind('万元', k('亩产效益'))).toBe('元/亩');
    expect(quantityKind('亿元', k('亩均论英雄改革资金'))).toBe('money');
    expect(quantityKind('万元', k('亩均效益评价奖励'))).toBe('money');
    expect(quantityKind('家', k('亩均效益领跑者'))).toBe('count');
    expect(quantityKind('%', k('研发投入占GDP比重'))).toBe('share');
    expect(quantityKind('%', k('规上工业增加值增长'))).toBe('growth');
    expect(quantityKind('%', k('规上工业增加值率'))).toBe('share');
    expect(quantityKind(null, k('容积率'))).toBe('?');
  });

  it('averageLinkage joins what is close, never what is of another kind, and cuts at the threshold', () => {
    const vs = [vector(0), vector(0, 1, 0.2), vector(0, 2, 0.25), vector(3), vector(3, 4, 0.1), vector(5)];
    expect(averageLinkage(vs, ['a', 'a', 'a', 'a', 'a', 'a'], 0.9)).toEqual([0, 0, 0, 1, 1, 2]);
    // The same vectors, one of another kind: it stays alone.
    expect(averageLinkage(vs, ['a', 'b', 'a', 'a', 'a', 'a'], 0.9)).toEqual([0, 1, 0, 2, 2, 3]);
    // A unit-less item ('?') may join any kind.
    expect(averageLinkage(vs, ['a', '?', 'a', 'a', 'a', 'a'], 0.9)).toEqual([0, 0, 0, 1, 1, 2]);
    // A threshold above every similarity leaves every item alone; one below all joins what is compatible.
    expect(averageLinkage(vs, ['a', 'a', 'a', 'a', 'a', 'a'], 0.999)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(averageLinkage(vs, ['a', 'a', 'a', 'a', 'a', 'a'], -1)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(averageLinkage([], [], 0.8)).toEqual([]);
    // Items kept apart (two indicators one clause lists side by side) are never joined, however close.
    expect(averageLinkage(vs, ['a', 'a', 'a', 'a', 'a', 'a'], 0.9, (i, j) => i === 0 && j === 1)).toEqual([0, 1, 0, 2, 2, 3]);
  });

  it('averageLinkage uses the average, not the closest pair: a chain of near neighbours does not collapse', () => {
    // a–b and b–c are close (0.92), a–c is not (≈0.7): at 0.9 only one pair joins.
    const a = vector(0);
    const b = new Float32Array([Math.cos(0.4), Math.sin(0.4), 0, 0, 0, 0, 0, 0]);
    const c = new Float32Array([Math.cos(0.8), Math.sin(0.8), 0, 0, 0, 0, 0, 0]);
    const groups = averageLinkage([a, b, c], ['x', 'x', 'x'], 0.9);
    expect(new Set(groups).size).toBe(2);
  });

  it('leadYear reads the year that opens a paragraph, under a numbering or a dash', () => {
    expect(leadYear('到“十四五”末,昆山制造业在县域经济中保持领先地位')).toBe('到“十四五”末');
    expect(leadYear('(一)到2025年，建成一批示范工厂')).toBe('到2025年');
    expect(leadYear('——2023年底前完成')).toBe('2023年底');
    expect(leadYear('聚焦强链补链，到2025年，工业总产值突破')).toBeNull();
  });

  it('tableRowText keeps the cells that say what a row is about', () => {
    expect(tableRowText('6 | 规上工业亩均税收(万元/亩) | 35 | 36 | 37 | 市经信局 |')).toBe('规上工业亩均税收(万元/亩)，市经信局');
    expect(hanCount('abc 研发 12')).toBe(2);
  });

  it('termsIn matches seed terms across widths and brackets; measureScore adds the capped term bonus', () => {
    expect(termsIn('深入实施首台（套）提升工程', ['首台(套)', '首台套', '基金'])).toEqual(['首台(套)', '首台套']);
    expect(measureScore(1, 0, { termBoost: 0.75, maxTermHits: 2 })).toBe(1);
    const rule = { termBoost: 1, maxTermHits: 2, zThreshold: 2.25, termlessZ: 3 };
    expect([holdsMeasure(2.5, 0, rule), holdsMeasure(3, 0, rule), holdsMeasure(1.25, 1, rule), holdsMeasure(1.2, 1, rule)]).toEqual([false, true, true, false]);
    expect(measureScore(1, 5, { termBoost: 0.75, maxTermHits: 2 })).toBe(2.5);
  });

  it('loadMeasures validates the taxonomy file', () => {
    const measures = loadMeasures();
    expect(measures.length).toBeGreaterThanOrEqual(15);
    expect(measures.length).toBeLessThanOrEqual(25);
    expect(new Set(measures.map((m) => m.id)).size).toBe(measures.length);
    const dir = mkdtempSync(join(tmpdir(), 'measures-'));
    const bad = join(dir, 'measures.json');
    writeFileSync(bad, JSON.stringify({ measures: [{ id: 'x', name: 'X', description: 'd', terms: [], query: 'q' }] }));
    const error = (() => {
      try {
        loadMeasures(bad);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(isPolicyLensError(error) && error.code).toBe('INTERNAL');
    expect((error as Error).message).toMatch(/seed terms/);
  });

  it('a measure’s instruments name instruments.json ids, so that a gap can say the draft uses them in passing', () => {
    const ids = new Set(loadInstruments().map((i) => i.id));
    const linked = loadMeasures().filter((m) => m.instruments?.length);
    expect(linked.map((m) => m.id)).toContain('fiscal-tax');
    for (const m of linked) for (const id of m.instruments!) expect(ids, `${m.id} → ${id}`).toContain(id);
  });
});

// ---------------------------------------------------------------------------------------------------------------

let engine: Engine;
let analyst: Analyst;
let evidence: MeasureEvidence;

beforeAll(async () => {
  engine = await seedEngine();
  analyst = new Analyst(engine.index, engine.embedder);
  const started = Date.now();
  evidence = await analyst.measureEvidence();
  console.info(`measure evidence for ${evidence.paragraphIds.length} clauses × ${evidence.measures.length} measures in ${Date.now() - started} ms`);
});

interface Score {
  precision: number;
  recall: number;
  f1: number;
}

/** Micro-averaged precision and recall over (clause, measure) pairs of the labeled clauses. */
function score(predict: (p: number, m: number) => boolean, only?: (l: Labeled) => boolean): Score {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const row = new Map(evidence.paragraphIds.map((id, i) => [id, i]));
  for (const l of labeled) {
    if (only && !only(l)) continue;
    const p = row.get(l.id);
    evidence.measures.forEach((m, k) => {
      const predicted = p !== undefined && predict(p, k);
      const gold = l.measures.includes(m.id);
      if (predicted && gold) tp++;
      else if (predicted) fp++;
      else if (gold) fn++;
    });
  }
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

const byRule = (z: number, boost: number, termlessZ = z) => (p: number, m: number) =>
  holdsMeasure(evidence.z[p]![m]!, evidence.terms[p]![m]!.length, { termBoost: boost, maxTermHits: DEFAULT_ANALYSIS_TUNING.maxTermHits, zThreshold: z, termlessZ });
const fmt = (s: Score) => `P ${s.precision.toFixed(3)}  R ${s.recall.toFixed(3)}  F1 ${s.f1.toFixed(3)}`;

describe('measure assignment against the hand labels', () => {
  it('the labels name existing seed paragraphs (checked by their opening words) and valid measures', () => {
    expect(labeled.length).toBeGreaterThanOrEqual(60);
    const ids = new Set(evidence.measures.map((m) => m.id));
    for (const l of labeled) {
      const p = engine.index.paragraphById.get(l.id);
      expect(p, l.id).toBeDefined();
      expect(p!.text.startsWith(l.excerpt), `${l.id} starts with ${l.excerpt}`).toBe(true);
      for (const m of l.measures) expect(ids.has(m), m).toBe(true);
    }
    // Every measure is labeled somewhere, so that each one is measured.
    expect(new Set(labeled.flatMap((l) => l.measures)).size).toBe(evidence.measures.length);
  });

  it('the chosen rule (z + 1 per seed term, up to 2, ≥ 2.25) beats terms alone and similarity alone', () => {
    const lines: string[] = ['rule                                   precision/recall on the labels'];
    const termsOnly = score((p, m) => evidence.terms[p]![m]!.length > 0);
    lines.push(`seed term present                      ${fmt(termsOnly)}`);
    let bestCosine: Score = { precision: 0, recall: 0, f1: 0 };
    for (const t of [0.55, 0.6, 0.62, 0.64, 0.66, 0.68, 0.7]) {
      const s = score((p, m) => evidence.cosine[p]![m]! >= t);
      lines.push(`cosine ≥ ${t.toFixed(2)}                          ${fmt(s)}`);
      if (s.f1 > bestCosine.f1) bestCosine = s;
    }
    for (const z of [1.5, 1.75, 2, 2.25, 2.5]) {
      const s = score(byRule(z, 0));
      lines.push(`z ≥ ${z.toFixed(2)} (no term bonus)               ${fmt(s)}`);
      if (s.f1 > bestCosine.f1) bestCosine = s;
    }
    for (const boost of [0.5, 0.75, 1]) {
      for (const z of [1.5, 1.75, 2, 2.25, 2.5]) lines.push(`z + ${boost.toFixed(2)}·terms ≥ ${z.toFixed(2)}                ${fmt(score(byRule(z, boost)))}`);
    }
    const before = score(byRule(DEFAULT_ANALYSIS_TUNING.zThreshold, DEFAULT_ANALYSIS_TUNING.termBoost));
    lines.push(`z + ${DEFAULT_ANALYSIS_TUNING.termBoost}·terms ≥ ${DEFAULT_ANALYSIS_TUNING.zThreshold}, any z without a term     ${fmt(before)}`);
    const chosen = score(byRule(DEFAULT_ANALYSIS_TUNING.zThreshold, DEFAULT_ANALYSIS_TUNING.termBoost, DEFAULT_ANALYSIS_TUNING.termlessZ));
    lines.push(`chosen (z + ${DEFAULT_ANALYSIS_TUNING.termBoost}·terms ≥ ${DEFAULT_ANALYSIS_TUNING.zThreshold}, z ≥ ${DEFAULT_ANALYSIS_TUNING.termlessZ} without a term) ${fmt(chosen)}`);
    console.info(lines.join('\n'));
    // Floors just below the measured values (P 0.86, R 0.785 when chosen), so that a regression fails; the floor on
    // terms found without one came from an audit of the seed matrix, and must not cost F1 here.
    expect(chosen.f1).toBeGreaterThanOrEqual(before.f1);
    expect(chosen.precision).toBeGreaterThanOrEqual(0.84);
    expect(chosen.recall).toBeGreaterThanOrEqual(0.77);
    expect(chosen.f1).toBeGreaterThan(termsOnly.f1 + 0.03);
    expect(chosen.f1).toBeGreaterThan(bestCosine.f1 + 0.03);
  });

  it('holds up on documents it was not chosen on: pick on one half of the documents, score on the other', () => {
    const grid = [0.5, 0.75, 1].flatMap((boost) => [1.5, 1.75, 2, 2.25, 2.5].map((z) => ({ z, boost })));
    const halves: [string, (l: Labeled) => boolean][] = [
      ['000+002 → 001+003+004', (l) => /^00[02]_/.test(l.id)],
      ['001+003+004 → 000+002', (l) => !/^00[02]_/.test(l.id)],
    ];
    const lines: string[] = [];
    for (const [name, pickOn] of halves) {
      const best = grid.map((g) => ({ g, s: score(byRule(g.z, g.boost), pickOn) })).sort((a, b) => b.s.f1 - a.s.f1)[0]!;
      const held = score(byRule(best.g.z, best.g.boost), (l) => !pickOn(l));
      lines.push(`${name}: picked z ${best.g.z} + ${best.g.boost}·terms (${fmt(best.s)}), held out ${fmt(held)}`);
      expect(held.f1).toBeGreaterThanOrEqual(0.7);
    }
    console.info(lines.join('\n'));
  });

  it('assignments follow the rule and give each clause its measures best first', async () => {
    const assigned = await analyst.measureAssignments();
    for (const [id, list] of assigned) {
      const p = evidence.paragraphIds.indexOf(id);
      expect(p).toBeGreaterThanOrEqual(0);
      for (const a of list) expect(a.score).toBeGreaterThanOrEqual(DEFAULT_ANALYSIS_TUNING.zThreshold);
      expect(list.map((a) => a.score)).toEqual([...list.map((a) => a.score)].sort((x, y) => y - x));
    }
    // Duplicates and very short clauses are never assigned.
    for (const p of engine.index.paragraphs) {
      if (p.duplicateOf) expect(assigned.has(p.id), p.id).toBe(false);
    }
  });
});

describe('matrix on the seeds', () => {
  it('has a column for every city and a row for every measure; counts, shading and best clauses agree', async () => {
    const matrix = await analyst.matrix();
    const cities = engine.corpus().cities;
    expect(matrix.cities).toEqual(cities);
    expect(matrix.rows.map((r) => r.measure.id)).toEqual(loadMeasures().map((m) => m.id));
    const assigned = await analyst.measureAssignments();
    const gaps: string[] = [];
    for (const row of matrix.rows) {
      expect(row.cells.map((c) => c.city)).toEqual(cities);
      for (const cell of row.cells) {
        const mine = [...assigned].filter(([id, list]) => engine.index.documentById.get(engine.index.paragraphById.get(id)!.docId)!.city === cell.city && list.some((a) => a.measureId === row.measure.id));
        expect(cell.count).toBe(mine.length);
        expect(cell.coverage).toBeCloseTo(cell.count / matrix.clauses[cell.city]!, 3);
        if (cell.count === 0) {
          expect(cell.level).toBe(0);
          expect(cell.best).toBeNull();
          gaps.push(`${row.measure.name} × ${cell.city}`);
        } else {
          expect(cell.level).toBeGreaterThanOrEqual(1);
          const best = cell.best!;
          expect(best.doc.city).toBe(cell.city);
          // The best clause is the highest-scoring one that states a measure on its own (≥ 30 Han characters, not a
          // lead-in ending in ：), or the highest-scoring one when the cell has none.
          const whole = (id: string) => hanCount(engine.index.paragraphById.get(id)!.text) >= 30 && !/[：:]\s*$/u.test(engine.index.paragraphById.get(id)!.text);
          const candidates = mine.some(([id]) => whole(id)) ? mine.filter(([id]) => whole(id)) : mine;
          const bestScore = Math.max(...candidates.map(([, list]) => list.find((a) => a.measureId === row.measure.id)!.score));
          expect(best.score).toBeCloseTo(bestScore, 3);
          // The snippet is the clause's own text, and its marks are the measure's seed terms.
          const text = engine.index.paragraphById.get(best.paragraphId)!.text;
          expect(text).toContain(best.snippet.replace(/^…|…$/g, ''));
          for (const [s, e] of best.highlights) expect(termsIn(best.snippet.slice(s, e), row.measure.terms).length).toBeGreaterThan(0);
        }
      }
      // The darkest cell of a row is the city with the highest coverage.
      const top = Math.max(...row.cells.map((c) => c.coverage));
      if (top > 0) expect(row.cells.find((c) => c.coverage === top)!.level).toBe(4);
    }
    console.info(`matrix gaps (no counterpart): ${gaps.join('; ') || 'none'}`);
    console.info(matrix.rows.map((r) => `${r.measure.name}: ${r.cells.map((c) => `${c.city} ${c.count}`).join(', ')}`).join('\n'));
  });

  it('counts a labeled clause in its city’s cell for its measures (where the rule assigns it)', async () => {
    const matrix = await analyst.matrix();
    const assigned = await analyst.measureAssignments();
    let checked = 0;
    for (const l of labeled) {
      const city = engine.index.documentById.get(engine.index.paragraphById.get(l.id)!.docId)!.city!;
      for (const measure of assigned.get(l.id) ?? []) {
        const cell = matrix.rows.find((r) => r.measure.id === measure.measureId)!.cells.find((c) => c.city === city)!;
        expect(cell.count).toBeGreaterThan(0);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('makes a matrix once per date range, and a range’s matrix counts only the clauses of its documents', async () => {
    expect(await analyst.matrix()).toBe(await analyst.matrix());
    const since = { since: '2023-01-01' };
    const recent = await analyst.matrix(since);
    expect(await analyst.matrix({ since: '2023-01-01' })).toBe(recent);
    expect(recent).not.toBe(await analyst.matrix());
    // Jiangsu's 2018 opinion and Qingdao's undated plan leave no column; the others' counts are unchanged.
    expect(recent.cities).toEqual(['昆山市', '平湖市']);
    const all = await analyst.matrix();
    for (const row of recent.rows) {
      for (const cell of row.cells) expect(cell.count).toBe(all.rows.find((r) => r.measure.id === row.measure.id)!.cells.find((c) => c.city === cell.city)!.count);
    }
  });
});

describe('targets on the seeds', () => {
  it('reads targets from text and tables, with a link to a paragraph that holds them', async () => {
    const { targets, groups } = await analyst.targets();
    expect(targets.length).toBeGreaterThan(200);
    const perCity = new Map<string, number>();
    for (const t of targets) {
      const p = engine.index.paragraphById.get(t.paragraphId);
      expect(p, t.paragraphId).toBeDefined();
      expect(p!.text).toContain(t.text);
      expect(t.id.startsWith(`${t.paragraphId}#t`)).toBe(true);
      expect(groups.some((g) => g.id === t.group)).toBe(true);
      perCity.set(t.doc.city!, (perCity.get(t.doc.city!) ?? 0) + 1);
    }
    expect([...perCity.keys()].sort()).toEqual([...engine.corpus().cities].sort());
    console.info(`targets: ${targets.length} in ${groups.length} groups (${groups.filter((g) => g.cities.length > 1).length} across cities); per city ${JSON.stringify(Object.fromEntries(perCity))}`);
  });

  it('Pinghu’s 附件1 gives one target per indicator and year; its 附件3 one per indicator and town', async () => {
    const { targets } = await analyst.targets({ q: '亩均税收' });
    const pinghu = targets.filter((t) => t.doc.city === '平湖市' && t.indicator === '规上工业亩均税收');
    const byYear = pinghu.filter((t) => !t.scope).map((t) => `${t.year}:${t.value}${t.unit}`);
    // 附件1's 2023 column and 附件3's 全市 column state again the text's 到2023年 35万元/亩: one target, three clauses.
    expect(byYear).toEqual(['到2023年:35万元/亩', '2025年:36万元/亩', '2027年:37万元/亩']);
    expect(pinghu[0]!.restatements.map((r) => [r.year, r.scope, engine.index.paragraphById.get(r.paragraphId)!.part])).toEqual([
      ['2023年', null, 'attachment'],
      ['2023年', '全市', 'attachment'],
    ]);
    const towns = pinghu.filter((t) => t.scope);
    expect(towns.map((t) => t.scope)).toEqual(['当湖街道', '经开区', '曹桥街道', '新埭镇', '新仓镇', '独山港区', '广陈镇', '林埭镇']);
    expect(towns.every((t) => t.year === '2023年')).toBe(true);
  });

  it('a target a document states again (its 附件1 table, 附件3\'s 全市 column, a later chapter) is one target, its other clauses listed with it', async () => {
    const { targets, groups } = await analyst.targets({ q: '研发投入强度' });
    const kunshan = targets.filter((t) => t.doc.city === '昆山市' && t.value === 4);
    expect(kunshan).toHaveLength(1);
    expect(kunshan[0]!.restatements.map((r) => [r.paragraphId, r.year])).toEqual([['000_dcbe0bbe788de573:p0016', '到2025年']]);
    const pinghu = targets.filter((t) => t.doc.city === '平湖市' && t.value === 2.2 && !t.scope);
    expect(pinghu).toHaveLength(1);
    expect(pinghu[0]!.restatements.map((r) => [r.paragraphId.slice(-5), r.scope])).toEqual([['p0043', null], ['p0121', '全市']]);
    // 经开区's own 2.2% is a town's target, not a restatement of the city's.
    expect(targets.filter((t) => t.value === 2.2 && t.scope === '经开区')).toHaveLength(1);
    // Counts count targets: 昆山 4%, 平湖 2.2 / 2.3 / 2.4% and the eight towns' (12 rows had been 15).
    expect(targets).toHaveLength(12);
    expect(groups.reduce((n, g) => n + g.count, 0)).toBe(12);
    // Every clause stays reachable: each restatement names a clause of the target's own document that holds its figure.
    for (const t of (await analyst.targets()).targets) {
      for (const r of t.restatements) {
        expect(r.paragraphId.startsWith(`${t.doc.id}:p`), r.paragraphId).toBe(true);
        expect(engine.index.paragraphById.get(r.paragraphId)!.text).toContain(r.text);
      }
    }
  });

  it('groups R&D intensity across cities by meaning and shows that the bases differ (GDP vs revenue)', async () => {
    const { targets, groups } = await analyst.targets();
    const kunshan = targets.find((t) => t.doc.city === '昆山市' && t.indicator === '全社会研发投入占GDP比重' && t.value === 4)!;
    const pinghu = targets.find((t) => t.doc.city === '平湖市' && /研发(?:费用|经费)占营业收入/.test(t.indicator) && t.value === 2.2)!;
    expect(kunshan).toBeDefined();
    expect(pinghu).toBeDefined();
    expect(kunshan.group).toBe(pinghu.group);
    expect(kunshan.base).toBe('GDP');
    expect(pinghu.base).toBe('营业收入');
    const group = groups.find((g) => g.id === kunshan.group)!;
    expect(group.cities).toEqual(['昆山市', '平湖市']);
    expect(group.bases).toEqual(expect.arrayContaining(['GDP', '营业收入']));
    // Counts and money are never in one group.
    for (const g of groups) {
      const kinds = new Set(targets.filter((t) => t.group === g.id && t.unit).map((t) => quantityKind(t.unit, indicatorKey(t.indicator))));
      kinds.delete('?');
      expect(kinds.size, `${g.label}: ${[...kinds].join(',')}`).toBeLessThanOrEqual(1);
    }
    console.info(groups.filter((g) => g.cities.length > 1).map((g) => `${g.label} [${g.cities.join('、')}] ${g.units.join(' ')} ${g.bases.join(' ')}`).join('\n'));
  });

  it('shows a base the text names apart from the indicator: 平湖 p0032, each year\'s land sold (twenty-first analyst audit, finding 3)', async () => {
    const { targets } = await analyst.targets();
    const land = targets.find((t) => t.paragraphId === '002_86af085e02e72586:p0032' && t.indicator === '工业用地比例')!;
    expect(land).toMatchObject({ value: 40, unit: '%', annual: true, base: '出让的国有建设用地', qualifier: '每年 不低于' });
  });

  it('counts of products or projects are not grouped with counts of firms', async () => {
    const { targets } = await analyst.targets();
    const product = targets.find((t) => /专精特新.?产品/.test(t.indicator) && t.unit === '个');
    const firms = targets.find((t) => t.indicator === '专精特新企业' && t.unit === '家');
    expect(product, 'Jiangsu\'s 专精特新产品 150个').toBeDefined();
    expect(firms).toBeDefined();
    expect(product!.group).not.toBe(firms!.group);
    const projects = targets.find((t) => t.indicator === '数字化改造项目');
    const reformed = targets.find((t) => t.indicator === '企业数字化改造' && t.unit === '家');
    expect(projects && reformed).toBeTruthy();
    expect(projects!.group).not.toBe(reformed!.group);
    expect(groupingKind('个', indicatorKey('“专精特新”产品'))).toBe('count:product');
    expect(groupingKind('家', indicatorKey('培育国家级制造业单项冠军企业(产品)'))).toBe('count@国家级@单项冠军');
    expect(groupingKind('亿元', indicatorKey('重点项目投资'))).toBe('money');
  });

  it('a tier of firms (小巨人) is grouped apart from the firms of every tier', async () => {
    const { targets } = await analyst.targets();
    const every = targets.find((t) => /各类.?专精特新.?企业/u.test(t.indicator) && t.unit === '家');
    const giants = targets.filter((t) => t.indicator.includes('小巨人') && t.indicator.includes('专精特新') && t.unit === '家');
    expect(every, '昆山 各类专精特新企业').toBeDefined();
    expect(giants.length).toBeGreaterThan(0);
    for (const g of giants) expect(g.group, g.indicator).not.toBe(every!.group);
    expect(groupingKind('家', indicatorKey('专精特新“小巨人”企业'))).toBe('count@小巨人');
  });

  it('counts at a stated level are grouped apart from counts of all levels and of other levels', async () => {
    const { targets } = await analyst.targets();
    const provincial = targets.find((t) => /^省级.?专精特新.?中小企业$/u.test(t.indicator) && t.unit === '家');
    const every = targets.find((t) => /各类.?专精特新.?企业/u.test(t.indicator) && t.unit === '家');
    expect(provincial, '平湖 省级“专精特新”中小企业').toBeDefined();
    expect(every, '昆山 各类专精特新企业').toBeDefined();
    expect(provincial!.group).not.toBe(every!.group);
    expect(groupingKind('家', indicatorKey('省级工业设计中心'))).toBe('count@省级');
    expect(groupingKind('家', indicatorKey('市级以上制造业创新中心'))).toBe('count@市级以上');
    expect(groupingKind('家', indicatorKey('累计建成省级智能工厂'))).toBe('count@省级');
    expect(groupingKind('%', indicatorKey('省级以上研发机构覆盖率'))).toBe('share');
  });

  it('a duplicated paragraph adds no target its original already states', async () => {
    const { targets } = await analyst.targets();
    const identity = (t: (typeof targets)[number]) => [t.indicator, t.value, t.range?.join('-'), t.unit, t.year, t.scope].join('|');
    for (const t of targets) {
      const p = engine.index.paragraphById.get(t.paragraphId)!;
      if (!p.duplicateOf) continue;
      const fromOriginal = targets.filter((o) => o.paragraphId === p.duplicateOf).map(identity);
      expect(fromOriginal).not.toContain(identity(t));
    }
  });

  it('filters by city, document and q; q brings the whole group of what it matches', async () => {
    const all = await analyst.targets();
    const qingdao = await analyst.targets({ cities: ['青岛市'] });
    expect(qingdao.targets.length).toBeGreaterThan(0);
    expect(qingdao.targets.every((t) => t.doc.city === '青岛市')).toBe(true);
    expect(qingdao.targets.length).toBe(all.targets.filter((t) => t.doc.city === '青岛市').length);
    const doc = engine.corpus().documents.find((d) => d.city === '昆山市')!.id;
    expect((await analyst.targets({ docs: [doc] })).targets.every((t) => t.doc.id === doc)).toBe(true);
    const rd = await analyst.targets({ q: '研发投入' });
    expect(rd.targets.some((t) => t.doc.city === '平湖市' && /研发费用/.test(t.indicator))).toBe(true);
    expect(rd.targets.every((t) => rd.groups.some((g) => g.id === t.group))).toBe(true);
    expect((await analyst.targets({ q: '完全无关的词语组合' })).targets).toEqual([]);
  });

  it('q matches as search answers the same words asked as a question: every target of its answer, and the rest of their groups', async () => {
    // 全社会研发投入强度 is 昆山's wording of nothing it writes (全社会研发投入占GDP比重): the view's own matcher (substring or a
    // core's cosine ≥ 0.8) found neither it nor 平湖's while search's answer to the same words gave both (twentieth
    // session's analyst audit, finding 1).
    const rd = await analyst.targets({ q: '全社会研发投入强度' });
    expect(rd.targets.some((t) => t.doc.city === '昆山市' && t.indicator === '全社会研发投入占GDP比重' && t.value === 4)).toBe(true);
    expect(rd.targets.some((t) => t.doc.city === '平湖市' && /研发(?:费用|经费)占营业收入/.test(t.indicator) && t.value === 2.2)).toBe(true);
    for (const words of ['全社会研发投入强度', '研发投入', '专精特新', '亩均税收', '智能工厂', '高新技术企业', '绿色工厂']) {
      const view = await analyst.targets({ q: words });
      const shown = new Set(view.targets.map((t) => t.id));
      const answer = await analyst.questionTargets(`${words}的目标是多少`);
      expect(answer.length, words).toBeGreaterThan(0);
      expect(answer.filter((t) => !shown.has(t.id)).map((t) => t.indicator), words).toEqual([]);
      expect(new Set(view.targets.map((t) => t.group)), words).toEqual(new Set(answer.map((t) => t.group)));
    }
  });

  it('orders rows by group (most places first), then by place in corpus order, and makes each table once', async () => {
    const { targets, groups } = await analyst.targets({ since: '2019-01-01' });
    const rank = new Map(groups.map((g, i) => [g.id, i]));
    const cities = engine.corpus().cities;
    const keys = targets.map((t) => rank.get(t.group)! * (cities.length + 1) + Math.max(0, cities.indexOf(t.doc.city ?? '')));
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    // The same filters, in any order, answer the same table object: the second costs nothing.
    const two = ['青岛市', '昆山市'];
    expect(await analyst.targets({ cities: two })).toBe(await analyst.targets({ cities: [...two].reverse() }));
    expect(await analyst.targets({ since: '2019-01-01' })).toBe(await analyst.targets({ since: '2019-01-01' }));
  });
});

describe('diff on the seeds', () => {
  it('puts two clauses on 专精特新 side by side: shared phrases are in both, parameters on both sides', async () => {
    const a = '000_dcbe0bbe788de573:p0036';
    const b = '002_86af085e02e72586:p0014';
    expect(engine.index.paragraphById.get(a)!.text).toContain('专精特新');
    expect(engine.index.paragraphById.get(b)!.text).toContain('专精特新');
    const d = await analyst.diff(a, b);
    expect(d.a.id).toBe(a);
    expect(d.b.id).toBe(b);
    expect(d.shared.length).toBeGreaterThan(0);
    for (const s of d.shared) {
      expect(d.a.text).toContain(s);
    }
    for (const [s, e] of d.b.highlights) expect(e).toBeGreaterThan(s);
    expect(d.similarity).toBeGreaterThan(0.6);
    const targets = d.parameters.find((r) => r.key === 'targets')!;
    expect(targets.b.length).toBeGreaterThan(0);
    expect(d.parameters.find((r) => r.key === 'departments')!.a.map((v) => v.text)).toEqual(['市工信局']);
    await expect(analyst.diff(a, 'nope:p0001')).rejects.toMatchObject({ code: 'UNKNOWN_PARAGRAPH' });
  });

  // The diff read 昆山 p0007's 4% and 3500家 with no year while /targets dated them by their section's lead sentence,
  // 到“十四五”末 (twentieth session's verifying audit): both read the clause with the same context now.
  it('dates a clause\'s targets as /targets does, by its section\'s lead year', async () => {
    const kunshan = '000_dcbe0bbe788de573:p0007';
    const d = await analyst.diff('002_86af085e02e72586:p0004', kunshan);
    const row = d.parameters.find((r) => r.key === 'targets')!;
    const rd = row.b.find((v) => v.text.includes('研发投入'))!;
    expect(rd.text).toContain('十四五');
    const listed = (await analyst.targets({})).targets.filter((t) => t.paragraphId === kunshan);
    expect(listed.length).toBeGreaterThan(0);
    for (const t of listed) expect(t.year).toMatch(/十四五/);
  });

  it('marks a policy term shorter than a phrase as shared: Jiangsu\'s and Qingdao\'s 首台(套)', async () => {
    const d = await analyst.diff('001_c3ee382acd11a22e:p0009', '003_c6c20afe788bb10c:p0002');
    expect(d.shared).toContain('首台(套)');
    const marked = d.b.highlights.map(([s, e]) => d.b.text.slice(s, e));
    expect(marked).toContain('首台(套)');
  });
});
