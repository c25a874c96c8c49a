/**
 * `npm run bench -- [--parts index,search,load] [--duration S]`
 * Prints speed and memory figures (never asserted in tests: these machines vary ±30%).
 *  index  — seed index build time, paragraphs/s, build ÷ raw embedding time of the same texts, peak RSS
 *  search — warm server-side latency p50/p95 for keyword, semantic, hybrid, compare, similar over the dev queries;
 *           requests/s for hybrid search at concurrency 16 over loopback
 *  load   — loopback load at concurrency 32 for ≥ 20 s on hybrid search, compare and similar with varied queries:
 *           requests/s, p50/p99, errors, peak RSS
 *  draft  — the drafting desk on seed 000 (53 clauses) against an index of the other four seeds: first (cold) and warm
 *           time, by phase; then a 500-clause draft of ~47,000 characters (the most the desk takes), warm
 *  scale  — (not in the default parts; minutes) a synthetic corpus of --scale-size paragraphs recombined from the
 *           seed sentences: build time per stage, size on disk and in memory, search p50/p99, HNSW recall@10 vs
 *           exact search at several ef (scripts/bench-scale.ts)
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { Command } from 'commander';
import { PROJECT_ROOT, DEFAULT_INPUT_DIRS } from '../src/config.js';
import { createEmbedder } from '../src/embed/embedder.js';
import { buildIndex } from '../src/index/build.js';
import { openIndex } from '../src/index/reader.js';
import { Engine } from '../src/search/engine.js';
import { analysisFor } from '../src/analysis/index.js';
import { findParagraphId } from '../src/search/evaluate.js';
import { createApp } from '../src/server/app.js';
import { runScaleBench } from './bench-scale.js';
import { readDocumentFile } from '../src/ingest/read-file.js';
import type { DraftProgress } from '../src/analysis/types.js';
import { syntheticDraft } from '../test/helpers/policy-corpus.js';

const program = new Command()
  .option('--parts <list>', 'index,search,load,draft (and scale)', 'index,search,load,draft')
  .option('--duration <s>', 'seconds per load run', (v) => Number(v), 20)
  .option('--queries <file>', 'queries (dev.json format)', join(PROJECT_ROOT, '..', 'shared', 'eval', 'dev.json'))
  .option('--scale-size <n>', 'paragraphs in the synthetic corpus of the scale part', (v) => Number(v), 100_000)
  .option('--scale-embed <mode>', 'scale part: sentence (sentence-mean vectors; model time excluded) | real (embed every paragraph)', 'sentence');
program.parse();
const opts = program.opts<{ parts: string; duration: number; queries: string; scaleSize: number; scaleEmbed: string }>();
const parts = new Set(opts.parts.split(','));

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
const peakRss = () => process.resourceUsage().maxRSS; // KB
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

const dev = JSON.parse(readFileSync(opts.queries, 'utf8')) as { queries: { query: string }[]; pairs: { source: { doc: string; anchor: string } }[] };
const queries = dev.queries.map((q) => q.query);

const out = mkdtempSync(join(tmpdir(), 'pl-bench-'));
const embedder = await createEmbedder();
console.log(`PolicyLens bench — node ${process.version}, ${(await import('node:os')).cpus().length} cores`);

// ---------- index ----------
const t0 = performance.now();
const summary = await buildIndex({ inputs: DEFAULT_INPUT_DIRS, out, embedder, rebuild: true });
const buildSeconds = (performance.now() - t0) / 1000;
const buildPeak = peakRss();
if (parts.has('index')) {
  const index = openIndex(out);
  const texts = [...new Set(index.paragraphs.map((p) => p.embedText))];
  const te = performance.now();
  await embedder.embed(texts);
  const rawEmbed = (performance.now() - te) / 1000;
  index.close();
  console.log('\n## index (seed corpus, full rebuild)');
  console.log(`documents ${summary.documents}, paragraphs ${summary.paragraphs} (${summary.duplicates} duplicates), embedded ${summary.embedded}`);
  console.log(`build time             ${buildSeconds.toFixed(2)} s  (${(summary.paragraphs / buildSeconds).toFixed(0)} paragraphs/s)`);
  console.log(`raw embedding time     ${rawEmbed.toFixed(2)} s  (same ${texts.length} texts, embedder alone)`);
  console.log(`build ÷ raw embedding  ${(buildSeconds / rawEmbed).toFixed(2)}×  (overhead of reading, parsing, segmenting, storing)`);
  console.log(`peak RSS after build   ${mb(buildPeak)}`);
  const t2 = performance.now();
  const again = await buildIndex({ inputs: DEFAULT_INPUT_DIRS, out, embedder });
  console.log(`incremental re-run     ${((performance.now() - t2) / 1000).toFixed(2)} s, embedded ${again.embedded}`);
}

const index = openIndex(out);
const engine = new Engine(index, embedder);
const sourceIds = dev.pairs.map((p) => findParagraphId(engine, p.source.doc, p.source.anchor)).filter((x): x is string => !!x);

// ---------- search ----------
if (parts.has('search')) {
  console.log('\n## search latency (warm, in-process, server-side work per request)');
  for (const q of queries) await engine.search(q, { mode: 'hybrid', k: 10 }); // warm-up
  const timeIt = async (label: string, fn: (i: number) => Promise<unknown>, n: number) => {
    const xs: number[] = [];
    for (let r = 0; r < 3; r++) {
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        await fn(i);
        xs.push(performance.now() - t);
      }
    }
    console.log(`${label.padEnd(10)} p50 ${ms(pct(xs, 50)).padStart(9)}  p95 ${ms(pct(xs, 95)).padStart(9)}  (n=${xs.length})`);
  };
  await timeIt('keyword', (i) => engine.search(queries[i]!, { mode: 'keyword', k: 10 }), queries.length);
  await timeIt('semantic', (i) => engine.search(queries[i]!, { mode: 'semantic', k: 10 }), queries.length);
  await timeIt('hybrid', (i) => engine.search(queries[i]!, { mode: 'hybrid', k: 10 }), queries.length);
  await timeIt('compare', (i) => engine.compare(queries[i]!, { mode: 'hybrid', k: 3 }), queries.length);
  await timeIt('similar', (i) => engine.similar(sourceIds[i % sourceIds.length]!, { k: 3 }), sourceIds.length);
}

// ---------- HTTP ----------
const app = createApp({ engine: () => engine, analysis: () => analysisFor(engine) });
const server = app.listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function load(label: string, paths: string[], connections: number, duration: number): Promise<void> {
  let i = 0;
  const result = await autocannon({
    url: base,
    connections,
    duration,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
  });
  const non2xx = result.non2xx;
  console.log(
    `${label.padEnd(22)} ${result.requests.average.toFixed(0).padStart(5)} req/s  p50 ${result.latency.p50} ms  p99 ${result.latency.p99} ms  ` +
      `errors ${result.errors} non-2xx ${non2xx} timeouts ${result.timeouts}  (${result.requests.total} requests)`,
  );
}
const q = (s: string) => encodeURIComponent(s);
const searchPaths = queries.map((s) => `/api/search?q=${q(s)}&mode=hybrid&k=10`);
if (parts.has('search')) {
  console.log('\n## throughput over loopback');
  await load('hybrid, 16 connections', searchPaths, 16, 10);
}
if (parts.has('load')) {
  console.log(`\n## load: 32 connections, ${opts.duration} s each, varied queries`);
  const rssBefore = peakRss();
  await load('hybrid search', searchPaths, 32, opts.duration);
  await load('compare', queries.map((s) => `/api/compare?q=${q(s)}&k=3`), 32, opts.duration);
  await load('similar', sourceIds.map((id) => `/api/paragraphs/${q(id)}/similar?k=3`), 32, opts.duration);
  console.log(`peak RSS ${mb(peakRss())} (before load ${mb(rssBefore)})`);
}

if (parts.has('draft')) {
  // Seed 000 as a draft against the other four: an index built without it, from the full index's embeddings.
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
  await buildIndex({ inputs: [input], out: outLoo, embedder });
  const looIndex = openIndex(outLoo);
  const looEngine = new Engine(looIndex, embedder);
  const desk = analysisFor(looEngine);
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
  const show = (r: { phases: Record<string, number> }) =>
    Object.entries(r.phases).map(([k, v]) => `${k} ${(v / 1000).toFixed(2)} s`).join(', ');
  console.log(`\n## drafting desk (seed ${left.id} as a draft against the other ${kept.length} seeds)`);
  const cold = await run(text);
  console.log(`first draft (cold)     ${(cold.ms / 1000).toFixed(2)} s for ${cold.clauses} clauses (measure statistics and targets computed once per index)`);
  const warm: { ms: number; phases: Record<string, number> }[] = [];
  for (let i = 0; i < 3; i++) warm.push(await run(text));
  warm.sort((a, b) => a.ms - b.ms);
  const median = warm[1]!;
  console.log(`warm, median of 3      ${(median.ms / 1000).toFixed(2)} s (${(median.ms / cold.clauses).toFixed(0)} ms per clause): ${show(median)}`);
  const big = syntheticDraft(500);
  const large = await run(big);
  console.log(`500-clause draft       ${(large.ms / 1000).toFixed(2)} s for ${large.clauses} clauses, ${[...big].length} characters: ${show(large)}`);
  console.log(`peak RSS ${mb(peakRss())}`);
  looIndex.close();
  rmSync(outLoo, { recursive: true, force: true });
  rmSync(input, { recursive: true, force: true });
}

if (parts.has('scale')) {
  if (opts.scaleEmbed !== 'sentence' && opts.scaleEmbed !== 'real') throw new Error(`--scale-embed must be sentence or real, not ${opts.scaleEmbed}`);
  await runScaleBench({ size: opts.scaleSize, embed: opts.scaleEmbed, embedder, queriesFile: opts.queries });
}

server.close();
index.close();
await embedder.dispose();
rmSync(out, { recursive: true, force: true });
