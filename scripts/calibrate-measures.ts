/**
 * `npx tsx scripts/calibrate-measures.ts [--index DIR] [--check]`
 * Measures the matrix's fixed statistics (src/analysis/calibration.ts) on the seed corpus: each measure's mean and
 * standard deviation of cosines over the seed index's eligible clauses, and writes src/analysis/measure-calibration.json
 * with the model and each measure's text fingerprint. Run it after editing measures.json or changing how the seeds
 * are parsed; `--check` only says whether the file is current (exit 1 when not).
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { PROJECT_ROOT, defaultIndexDir } from '../src/config.js';
import { Analyst, loadMeasures } from '../src/analysis/index.js';
import { CALIBRATION_PATH, loadCalibration, measureFingerprint, type MeasureCalibration } from '../src/analysis/calibration.js';
import { openEngine } from '../src/search/open.js';

const program = new Command().option('--index <dir>', 'an index of the seeds alone', defaultIndexDir()).option('--check', 'only compare with the file');
program.parse();
const opts = program.opts<{ index: string; check?: boolean }>();

const { engine, close } = await openEngine(opts.index);
const inputs = engine.index.manifest.inputs.map((i) => resolve(PROJECT_ROOT, i));
if (inputs.length !== 1 || inputs[0] !== resolve(PROJECT_ROOT, 'seeds')) {
  console.error(`The calibration is measured on the seeds alone; ${opts.index} was built from ${inputs.join(', ')}. Build one with npm run index -- --input seeds --out <dir> and pass --index <dir>.`);
  process.exit(2);
}
const measures = loadMeasures();
const ev = await new Analyst(engine.index, engine.embedder, { calibration: null }).measureEvidence();
const made: MeasureCalibration = {
  about:
    "The matrix's fixed z-score statistics: each measure's mean and standard deviation of cosines over the seed corpus's eligible clauses (src/analysis/calibration.ts). Written by scripts/calibrate-measures.ts; do not edit by hand.",
  model: { onnxSha256: engine.embedder.info.onnxSha256, recipe: engine.embedder.info.recipe },
  corpus: { description: 'seeds/ (the five seed documents)', clauses: ev.paragraphIds.length },
  measures: Object.fromEntries(measures.map((m, k) => [m.id, { text: measureFingerprint(m), mean: ev.stats[k]!.mean, sd: ev.stats[k]!.sd }])),
};
const text = `${JSON.stringify(made, null, 2)}\n`;
if (opts.check) {
  let current = '';
  try {
    current = `${JSON.stringify(loadCalibration(), null, 2)}\n`;
  } catch {
    /* missing or invalid: not current */
  }
  console.log(current === text ? 'measure-calibration.json is current' : 'measure-calibration.json is stale: run npx tsx scripts/calibrate-measures.ts');
  await close();
  process.exit(current === text ? 0 : 1);
}
writeFileSync(CALIBRATION_PATH, text);
console.log(`wrote ${CALIBRATION_PATH}: ${measures.length} measures over ${ev.paragraphIds.length} seed clauses`);
await close();
