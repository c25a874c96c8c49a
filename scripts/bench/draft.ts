/**
 * The draft part of `npm run bench`: the drafting desk on seed 000 (53 clauses) against an index of the other four
 * seeds: the first (cold) and warm time, by phase; then a 500-clause draft of ~47,000 characters (the most the desk
 * takes), warm.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_INPUT_DIRS } from '../../src/config.js';
import { analysisFor } from '../../src/analysis/index.js';
import type { DraftProgress } from '../../src/analysis/types.js';
import type { Embedder } from '../../src/embed/embedder.js';
import { buildIndex } from '../../src/index/build.js';
import { openIndex } from '../../src/index/reader.js';
import { readDocumentFile } from '../../src/ingest/read-file.js';
import { Engine } from '../../src/search/engine.js';
import { syntheticDraft } from '../../test/helpers/policy-corpus.js';

export interface DraftBenchResult {
  clauses: number;
  coldS: number;
  warmMedianS: number;
  largeClauses: number;
  largeS: number;
}

/** Runs the desk against a copy of the seed index `out` without seed 000 (reusing its embeddings). */
export async function runDraftBench(out: string, embedder: Embedder, log: (line: string) => void): Promise<DraftBenchResult> {
  const seeds = DEFAULT_INPUT_DIRS[0]!;
  const manifest = JSON.parse(readFileSync(join(seeds, 'manifest.json'), 'utf8')) as { documents: { id: string; file: string }[] };
  const left = manifest.documents[0]!;
  const input = join(out, '..', `${out.split('/').pop()}-input-without-000`);
  const outLoo = `${out}-without-000`;
  mkdirSync(input, { recursive: true });
  const kept = manifest.documents.filter((d) => d.id !== left.id);
  for (const d of kept) symlinkSync(join(seeds, d.file), join(input, d.file));
  writeFileSync(join(input, 'manifest.json'), JSON.stringify({ ...manifest, documents: kept }));
  cpSync(out, outLoo, { recursive: true });
  try {
    await buildIndex({ inputs: [input], out: outLoo, embedder });
    const looIndex = openIndex(outLoo);
    try {
      const desk = analysisFor(new Engine(looIndex, embedder));
      const text = (await readDocumentFile(join(seeds, left.file))).text;
      /** One run, timed by phase (the time from one phase's first report to the next's). */
      const run = async (draft: string) => {
        const phases: Record<string, number> = {};
        let phase = 'reading';
        let mark = performance.now();
        const t = performance.now();
        const report = await desk.draft({ text: draft }, {
          onProgress: (p: DraftProgress) => {
            if (p.phase === phase) return;
            const now = performance.now();
            phases[phase] = (phases[phase] ?? 0) + now - mark;
            phase = p.phase;
            mark = now;
          },
        });
        phases[phase] = (phases[phase] ?? 0) + performance.now() - mark;
        return { ms: performance.now() - t, clauses: report.clauses.length, phases };
      };
      const show = (r: { phases: Record<string, number> }) => Object.entries(r.phases).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)} s`).join(', ');
      log(`\n## drafting desk (seed ${left.id} as a draft against the other ${kept.length} seeds)`);
      const cold = await run(text);
      log(`first draft (cold)     ${(cold.ms / 1000).toFixed(2)} s for ${cold.clauses} clauses (measure statistics and targets computed once per index)`);
      const warm: { ms: number; phases: Record<string, number> }[] = [];
      for (let i = 0; i < 3; i++) warm.push(await run(text));
      warm.sort((a, b) => a.ms - b.ms);
      const median = warm[1]!;
      log(`warm, median of 3      ${(median.ms / 1000).toFixed(2)} s (${(median.ms / cold.clauses).toFixed(0)} ms per clause): ${show(median)}`);
      const big = syntheticDraft(500);
      const large = await run(big);
      log(`500-clause draft       ${(large.ms / 1000).toFixed(2)} s for ${large.clauses} clauses, ${[...big].length} characters: ${show(large)}`);
      log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
      return { clauses: cold.clauses, coldS: cold.ms / 1000, warmMedianS: median.ms / 1000, largeClauses: large.clauses, largeS: large.ms / 1000 };
    } finally {
      looIndex.close();
    }
  } finally {
    rmSync(outLoo, { recursive: true, force: true });
    rmSync(input, { recursive: true, force: true });
  }
}
