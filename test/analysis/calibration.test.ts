/**
 * The matrix's fixed statistics (src/analysis/calibration.ts): which measures use them, and a bad file is refused with
 * what to do. The shipped file against the seeds, with the real model, is test/integration/measure-calibration.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { calibratedStats, loadCalibration, measureFingerprint, type MeasureCalibration } from '../../src/analysis/calibration.js';
import type { Measure } from '../../src/analysis/types.js';

const dir = mkdtempSync(join(tmpdir(), 'pl-calibration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const measure = (id: string, terms: string[]): Measure => ({ id, name: id, description: `${id} 的说明`, terms, query: id });
const a = measure('a', ['专精特新']);
const b = measure('b', ['首台套']);
const model = { onnxSha256: 'abc', recipe: 'r1' };
const calibration: MeasureCalibration = {
  about: 'test',
  model,
  corpus: { description: 'test', clauses: 10 },
  measures: { a: { text: measureFingerprint(a), mean: 0.5, sd: 0.05 }, b: { text: measureFingerprint(b), mean: 0.6, sd: 0.04 } },
};

describe('calibratedStats', () => {
  it('gives a measure its fixed statistics only when the model and its text are those calibrated', () => {
    expect(calibratedStats([a, b], model, calibration)).toEqual([{ mean: 0.5, sd: 0.05 }, { mean: 0.6, sd: 0.04 }]);
    // An edited measure (a seed term added) and a new one are measured over the corpus.
    expect(calibratedStats([measure('a', ['专精特新', '小巨人']), measure('c', ['x'])], model, calibration)).toEqual([null, null]);
    expect(calibratedStats([a], { ...model, onnxSha256: 'other' }, calibration)).toEqual([null]);
    expect(calibratedStats([a], { ...model, recipe: 'r2' }, calibration)).toEqual([null]);
    expect(calibratedStats([a], model, null)).toEqual([null]);
  });

  it('refuses a file that is not one, saying how to make it', () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...calibration, measures: { a: { text: 'x', mean: 0.5, sd: 0 } } }));
    expect(() => loadCalibration(join(dir, 'bad.json'))).toThrow(/measures\.a\.sd/);
    expect(() => loadCalibration(join(dir, 'missing.json'))).toThrow(/calibrate-measures\.ts/);
    writeFileSync(join(dir, 'good.json'), JSON.stringify(calibration));
    expect(loadCalibration(join(dir, 'good.json'))).toEqual(calibration);
  });
});
