/**
 * Fixed statistics for the matrix's z-scores (src/analysis/measure-calibration.json): each measure's mean and spread
 * of cosines over the seed corpus's eligible clauses, stored with the model and the measure text they were measured
 * with, so that whether a clause holds a measure does not depend on which other documents are loaded.
 *
 * **Why.** z had been standardised over the loaded corpus. Adding the 13 external documents moved every measure's mean
 * (consumption, housing and employment texts lowered 14 of 19), so seed clauses crossed the threshold both ways: a
 * helper who judged the seed cells on both corpora (seventeenth session) found 35 seed assignments appear (20 weak,
 * 3 wrong) and 9 go (3 right), and 44 of 76 seed-place cells change. On the cells that helper judged in the bigger
 * corpus (7 measures × 16 places), the calibrated statistics also judge better: 93 right, 1 wrong, 11 weak, 7 missed,
 * against 89 / 2 / 12 / 9 with the corpus's own (`z ≥ 3` without a seed term in both).
 *
 * A measure whose text (name, description, seed terms) or model differs from the calibration's is standardised over
 * the corpus as before, so an edited measures.json still works; `npx tsx scripts/calibrate-measures.ts` measures the
 * file again on the seeds (`test/integration/measure-calibration.test.ts` fails when it is stale).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { createError } from '../errors.js';
import type { EmbedderInfo } from '../embed/embedder.js';
import { measureText } from './data.js';
import type { Measure } from './types.js';

export interface MeasureStats {
  mean: number;
  sd: number;
}

const calibrationSchema = z
  .object({
    about: z.string(),
    model: z.object({ onnxSha256: z.string(), recipe: z.string() }).strict(),
    corpus: z.object({ description: z.string(), clauses: z.number().int().positive() }).strict(),
    measures: z.record(z.string(), z.object({ text: z.string(), mean: z.number(), sd: z.number().positive() }).strict()),
  })
  .strict();
export type MeasureCalibration = z.output<typeof calibrationSchema>;

export const CALIBRATION_PATH = fileURLToPath(new URL('./measure-calibration.json', import.meta.url));

/** The shipped calibration, or `path`'s; INTERNAL naming the field at fault when it is not one. */
export function loadCalibration(path = CALIBRATION_PATH): MeasureCalibration {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw createError('INTERNAL', `The measure calibration ${path} could not be read: ${(e as Error).message}. Run npx tsx scripts/calibrate-measures.ts.`);
  }
  const parsed = calibrationSchema.safeParse(raw);
  if (!parsed.success) {
    throw createError('INTERNAL', `The measure calibration ${path} is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** A measure's text as the calibration keys it: a short hash of what is embedded. */
export function measureFingerprint(m: Measure): string {
  return createHash('sha256').update(measureText(m)).digest('hex').slice(0, 16);
}

/**
 * Each measure's fixed statistics where the calibration was made with this model and this measure text, else null
 * (that measure is standardised over the corpus).
 */
export function calibratedStats(measures: readonly Measure[], model: Pick<EmbedderInfo, 'onnxSha256' | 'recipe'>, calibration: MeasureCalibration | null): (MeasureStats | null)[] {
  const sameModel = calibration !== null && calibration.model.onnxSha256 === model.onnxSha256 && calibration.model.recipe === model.recipe;
  return measures.map((m) => {
    const c = sameModel ? calibration.measures[m.id] : undefined;
    return c && c.text === measureFingerprint(m) ? { mean: c.mean, sd: c.sd } : null;
  });
}
