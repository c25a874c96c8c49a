/**
 * The embed part of `npm run bench` (also alone: `npx tsx scripts/bench/embed.ts [--index DIR] [--configs 0x2,1x1,2x1]`):
 * paragraphs per second of the real model over the same texts, for several splits of the cores between sessions
 * (worker threads) and ONNX intra-op threads, and whether every split gives bit-identical vectors.
 */
import { availableParallelism, loadavg } from 'node:os';
import { Command } from 'commander';
import { defaultIndexDir } from '../../src/config.js';
import { isMain } from '../../src/cli/is-main.js';
import { createEmbedder } from '../../src/embed/embedder.js';
import { openIndex } from '../../src/index/reader.js';
import { treeCpuSeconds } from './proc.js';

export interface EmbedSplit {
  /** Worker threads (0 = one session on the main thread). */
  workers: number;
  intraOpThreads: number;
}

export interface EmbedSplitResult extends EmbedSplit {
  texts: number;
  seconds: number;
  perSecond: number;
  /** CPU time of this process and its workers per text: what a split costs, whatever else runs on the machine. */
  cpuMsPerText: number;
  /** Vectors identical, bit for bit, to the first split's. */
  identical: boolean;
}

export function parseSplits(list: string): EmbedSplit[] {
  return list.split(',').map((s) => {
    const m = /^(\d+)x(\d+)$/.exec(s.trim());
    if (!m) throw new Error(`a split is WORKERSxINTRAOP, e.g. 2x1 (0x2 = main thread, 2 ONNX threads), not "${s}"`);
    return { workers: Number(m[1]), intraOpThreads: Number(m[2]) };
  });
}

/** Default splits on this machine: the old single session over every core, then one worker per core and per half. */
export function defaultSplits(cores = availableParallelism()): EmbedSplit[] {
  const splits: EmbedSplit[] = [{ workers: 0, intraOpThreads: cores }, { workers: 1, intraOpThreads: cores }, { workers: 1, intraOpThreads: 1 }];
  for (let w = 2; w <= cores; w *= 2) splits.push({ workers: w, intraOpThreads: 1 });
  if (!splits.some((s) => s.workers === cores && s.intraOpThreads === 1)) splits.push({ workers: cores, intraOpThreads: 1 });
  return splits;
}

const same = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

export async function runEmbedBench(texts: string[], splits: EmbedSplit[], log: (line: string) => void = console.log): Promise<EmbedSplitResult[]> {
  log(`\n## embedding throughput (${texts.length} texts, one text per run; ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)})`);
  log('workers × ONNX threads   texts/s   seconds   CPU ms/text   vectors identical to the first row');
  let reference: Float32Array[] | null = null;
  const results: EmbedSplitResult[] = [];
  for (const split of splits) {
    const embedder = await createEmbedder(split);
    try {
      await embedder.embed(texts.slice(0, 8)); // warm every session
      const cpu0 = treeCpuSeconds(process.pid);
      const t = performance.now();
      const vectors = await embedder.embed(texts);
      const seconds = (performance.now() - t) / 1000;
      const cpuMsPerText = ((treeCpuSeconds(process.pid) - cpu0) * 1000) / texts.length;
      reference ??= vectors;
      const identical = vectors.every((v, i) => same(v, reference![i]!));
      const r = { ...split, texts: texts.length, seconds, perSecond: texts.length / seconds, cpuMsPerText, identical };
      results.push(r);
      const label = split.workers === 0 ? `main thread × ${split.intraOpThreads}` : `${split.workers} × ${split.intraOpThreads}`;
      log(`${label.padEnd(23)} ${r.perSecond.toFixed(1).padStart(8)}  ${seconds.toFixed(2).padStart(8)}  ${cpuMsPerText.toFixed(1).padStart(12)}   ${identical ? 'yes' : 'NO'}`);
    } finally {
      await embedder.dispose();
    }
  }
  return results;
}

if (isMain(import.meta.url)) {
  const o = new Command()
    .option('--index <dir>', 'index whose paragraphs are embedded', defaultIndexDir())
    .option('--configs <list>', 'splits WORKERSxINTRAOP, comma-separated (default: several)')
    .option('--limit <n>', 'at most this many texts', (v) => Number(v))
    .parse()
    .opts<{ index: string; configs?: string; limit?: number }>();
  const index = openIndex(o.index);
  const texts = [...new Set(index.store.embedTexts().values())].slice(0, o.limit ?? Infinity);
  index.close();
  await runEmbedBench(texts, o.configs ? parseSplits(o.configs) : defaultSplits());
}
