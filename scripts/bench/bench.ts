/**
 * `npm run bench -- [--parts index,search,load,draft,embed,scale] [--duration S] [--json]`
 * Prints speed and memory figures (never asserted in tests: these machines vary ±30%).
 *  index  — seed index build time, paragraphs/s, the embedding's share and texts/s, peak RSS, incremental re-run
 *  search — warm in-process latency p50/p95 for keyword, semantic, hybrid, compare, similar over the dev queries
 *  load   — the server as `npm start` runs it, 16 connections over loopback: never-asked queries (2/3 search,
 *           1/3 compare) and popular repeated ones: requests/s, p50/p99, errors, RSS, CPU split (load.ts)
 *  draft  — the drafting desk on seed 000 against the other four seeds: cold, warm, and a 500-clause draft (draft.ts)
 *  embed  — (not in the default parts) paragraphs/s for several splits of the cores between embedding workers
 *           and ONNX threads, and whether their vectors are identical (embed.ts)
 *  scale  — (not in the default parts; minutes) a synthetic corpus of --scale-size paragraphs recombined from the
 *           seed sentences: build, disk, memory, latency, recall, one-document updates (scale.ts)
 * With --json, the tables go to stderr and stdout gets one line: a JSON object of the figures (the scale part's at
 * the top level, the others under their part's name).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { PROJECT_ROOT, DEFAULT_INPUT_DIRS } from '../../src/config.js';
import { createEmbedder } from '../../src/embed/embedder.js';
import { buildIndex } from '../../src/index/build.js';
import { openIndex } from '../../src/index/reader.js';
import { Engine } from '../../src/search/engine.js';
import { findParagraphId } from '../../src/search/evaluate.js';
import { runDraftBench } from './draft.js';
import { defaultSplits, runEmbedBench } from './embed.js';
import { runLoadBench } from './load.js';
import { childrenOf, procStatusKB } from './proc.js';
import { runScaleBench } from './scale.js';

const program = new Command()
  .option('--parts <list>', 'index,search,load,draft (and embed, scale)', 'index,search,load,draft')
  .option('--duration <s>', 'seconds per load run', (v) => Number(v), 20)
  .option('--queries <file>', 'queries for the latency figures (dev.json format)', join(PROJECT_ROOT, '..', 'shared', 'eval', 'dev.json'))
  .option('--scale-size <n>', 'paragraphs in the synthetic corpus of the scale part', (v) => Number(v), 100_000)
  .option('--scale-draft', 'scale part: also time the drafting desk (seed 000 as a draft) against the synthetic index', false)
  .option('--scale-embed <mode>', 'scale part: sentence (sentence-mean vectors; model time excluded) | real (embed every paragraph)', 'sentence')
  .option('--cpu-prof <dir>', 'load part: profile the server into this folder and list its hot spots')
  .option('--json', 'end with one line of JSON on stdout (tables go to stderr)', false);
program.parse();
const opts = program.opts<{ parts: string; duration: number; queries: string; scaleSize: number; scaleEmbed: string; scaleDraft: boolean; cpuProf?: string; json: boolean }>();
const parts = new Set(opts.parts.split(',').map((s) => s.trim()));
const known = new Set(['index', 'search', 'load', 'draft', 'embed', 'scale']);
for (const p of parts) if (!known.has(p)) program.error(`unknown part "${p}"; parts are ${[...known].join(', ')}`);
if (opts.scaleEmbed !== 'sentence' && opts.scaleEmbed !== 'real') program.error(`--scale-embed must be sentence or real, not ${opts.scaleEmbed}`);

const log = opts.json ? (line: string) => console.error(line) : (line: string) => console.log(line);
const figures: Record<string, unknown> = {};
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const peakRss = () => process.resourceUsage().maxRSS; // KB
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

const embedder = await createEmbedder();
log(`PolicyLens bench — node ${process.version}, ${cpus().length} cores`);

// ---------- the seed index, for every part but scale ----------
const needsSeeds = ['index', 'search', 'load', 'draft', 'embed'].some((p) => parts.has(p));
const out = mkdtempSync(join(tmpdir(), 'pl-bench-'));
try {
  if (needsSeeds) {
    const t0 = performance.now();
    const summary = await buildIndex({ inputs: DEFAULT_INPUT_DIRS, out, embedder, rebuild: true });
    const buildSeconds = (performance.now() - t0) / 1000;
    const buildPeak = peakRss();
    if (parts.has('index')) {
      const workersRss = childrenOf(process.pid).reduce((sum, pid) => sum + procStatusKB(pid, 'VmRSS'), 0);
      log(`\n## index (seed corpus, full rebuild; ${cpus().length} embedding workers)`);
      log(`documents ${summary.documents}, paragraphs ${summary.paragraphs} (${summary.duplicates} duplicates); embedded ${summary.embedded} texts (clauses and measure sentences)`);
      log(`build time             ${buildSeconds.toFixed(2)} s  (${(summary.paragraphs / buildSeconds).toFixed(0)} paragraphs/s)`);
      log(`of which embedding     ${summary.embedSeconds.toFixed(2)} s  (${(summary.embedded / summary.embedSeconds).toFixed(0)} texts/s); the rest (reading, parsing, segmenting, storing, graphs) ${(buildSeconds - summary.embedSeconds).toFixed(2)} s`);
      log(`peak RSS after build   ${mb(buildPeak)} this process, ${mb(workersRss)} its embedding workers`);
      const t2 = performance.now();
      const again = await buildIndex({ inputs: DEFAULT_INPUT_DIRS, out, embedder });
      const rerun = (performance.now() - t2) / 1000;
      log(`incremental re-run     ${rerun.toFixed(2)} s, embedded ${again.embedded}`);
      figures.index = {
        paragraphs: summary.paragraphs, embedded: summary.embedded, buildS: buildSeconds, embedS: summary.embedSeconds, embedTextsPerSecond: summary.embedded / summary.embedSeconds,
        peakRssMB: buildPeak / 1024, workersRssMB: workersRss / 1024, rerunS: rerun,
      };
    }
  }

  // ---------- search ----------
  if (parts.has('search')) {
    const dev = JSON.parse(readFileSync(opts.queries, 'utf8')) as { queries: { query: string }[]; pairs: { source: { doc: string; anchor: string } }[] };
    const queries = dev.queries.map((q) => q.query);
    const index = openIndex(out);
    const engine = new Engine(index, embedder);
    const sourceIds = dev.pairs.map((p) => findParagraphId(engine, p.source.doc, p.source.anchor)).filter((x): x is string => !!x);
    log('\n## search latency (warm, in-process, the engine alone: no answer or query-vector cache)');
    for (const q of queries) await engine.search(q, { mode: 'hybrid', k: 10 }); // warm-up
    const latency: Record<string, { p50: number; p95: number }> = {};
    const timeIt = async (label: string, fn: (i: number) => Promise<unknown>, n: number) => {
      const xs: number[] = [];
      for (let r = 0; r < 3; r++) {
        for (let i = 0; i < n; i++) {
          const t = performance.now();
          await fn(i);
          xs.push(performance.now() - t);
        }
      }
      latency[label] = { p50: pct(xs, 50), p95: pct(xs, 95) };
      log(`${label.padEnd(10)} p50 ${ms(pct(xs, 50)).padStart(9)}  p95 ${ms(pct(xs, 95)).padStart(9)}  (n=${xs.length})`);
    };
    await timeIt('keyword', (i) => engine.search(queries[i]!, { mode: 'keyword', k: 10 }), queries.length);
    await timeIt('semantic', (i) => engine.search(queries[i]!, { mode: 'semantic', k: 10 }), queries.length);
    await timeIt('hybrid', (i) => engine.search(queries[i]!, { mode: 'hybrid', k: 10 }), queries.length);
    await timeIt('compare', (i) => engine.compare(queries[i]!, { mode: 'hybrid', k: 3 }), queries.length);
    await timeIt('similar', (i) => engine.similar(sourceIds[i % sourceIds.length]!, { k: 3 }), sourceIds.length);
    index.close();
    figures.search = latency;
  }

  // ---------- load ----------
  if (parts.has('load')) {
    figures.load = await runLoadBench({ indexDir: out, duration: opts.duration, log, ...(opts.cpuProf ? { cpuProfDir: opts.cpuProf } : {}) });
  }

  // ---------- draft ----------
  if (parts.has('draft')) figures.draft = await runDraftBench(out, embedder, log);

  // ---------- embed ----------
  if (parts.has('embed')) {
    const index = openIndex(out);
    const texts = [...new Set(index.store.embedTexts().values())];
    index.close();
    figures.embed = await runEmbedBench(texts, defaultSplits(), log);
  }

  // ---------- scale ----------
  if (parts.has('scale')) {
    const scale = await runScaleBench({ size: opts.scaleSize, embed: opts.scaleEmbed as 'sentence' | 'real', embedder, queriesFile: opts.queries, log, draft: opts.scaleDraft });
    Object.assign(figures, scale.summary);
  }
} finally {
  await embedder.dispose();
  rmSync(out, { recursive: true, force: true });
}
if (opts.json) process.stdout.write(JSON.stringify(figures) + '\n');
