/**
 * The load part of `npm run bench` (also alone: `npx tsx scripts/bench/load.ts --index DIR`): the server as
 * `npm start` runs it, in its own process, loaded over loopback by autocannon from this one, 16 connections:
 *  (a) queries never asked before (generated from the corpus's clauses, queries.ts), two thirds hybrid search and
 *      one third compare, each query asked once;
 *  (b) popular queries asked again and again (25 of them, the same mix).
 * Reports requests/s, p50/p99, errors, the server's peak RSS and where the CPU went (the server's main thread vs
 * its embedding workers vs this load generator). `--cpu-prof DIR` profiles the server and lists its hot spots.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Command } from 'commander';
import { PROJECT_ROOT, defaultIndexDir } from '../../src/config.js';
import { isMain } from '../../src/cli/is-main.js';
import { openIndex } from '../../src/index/reader.js';
import { tokenize } from '../../src/text/segment.js';
import { childrenOf, cpuSeconds, procStatusKB } from './proc.js';
import { generateQueries } from './queries.js';

export interface LoadRun {
  label: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  requests: number;
  /** CPU seconds per wall second over the run (1.0 = one core busy). */
  cpu: { serverMain: number; embedWorkers: number; loadGenerator: number };
  /** CPU milliseconds per request: what a request costs, however busy the machine is with other work. */
  cpuMsPerRequest: { serverMain: number; embedWorkers: number };
}

export interface LoadBenchOptions {
  indexDir: string;
  /** Seconds per measured run (default 20). */
  duration?: number;
  connections?: number;
  /** POLICYLENS_THREADS for the server (default: unset, i.e. its own default). */
  threads?: number;
  /** Write the server's CPU profile into this folder and summarise it. */
  cpuProfDir?: string;
  /** Run only one of the two loads (e.g. to profile the never-asked queries alone). */
  only?: 'novel' | 'popular';
  log?: (line: string) => void;
}

export interface LoadBenchResult {
  novel: LoadRun | null;
  popular: LoadRun | null;
  serverPeakRssMB: number;
  workersRssMB: number;
}

async function startServer(options: LoadBenchOptions): Promise<{ child: ChildProcess; base: string }> {
  const args = ['--import', 'tsx'];
  if (options.cpuProfDir) args.push('--cpu-prof', '--cpu-prof-dir', options.cpuProfDir);
  args.push(join(PROJECT_ROOT, 'src', 'cli', 'start.ts'));
  const env: NodeJS.ProcessEnv = { ...process.env, POLICYLENS_INDEX: options.indexDir, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'warn' };
  if (options.threads !== undefined) env.POLICYLENS_THREADS = String(options.threads);
  const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (err += s));
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const m = /PolicyLens: (http:\/\/\S+)/u.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before serving:\n${err}`)));
  });
  return { child, base };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

async function run(label: string, base: string, pid: number, paths: () => string, connections: number, duration: number): Promise<LoadRun> {
  const workers = childrenOf(pid);
  const before = { main: cpuSeconds(pid), workers: workers.map(cpuSeconds), self: process.cpuUsage() };
  const t0 = performance.now();
  const r = await autocannon({ url: base, connections, duration, requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths() }) }] });
  const wall = (performance.now() - t0) / 1000;
  const self = process.cpuUsage(before.self);
  const main = cpuSeconds(pid) - before.main;
  const embed = workers.reduce((s, w, i) => s + cpuSeconds(w) - before.workers[i]!, 0);
  return {
    label, requestsPerSecond: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max, errors: r.errors, non2xx: r.non2xx, timeouts: r.timeouts, requests: r.requests.total,
    cpu: { serverMain: main / wall, embedWorkers: embed / wall, loadGenerator: (self.user + self.system) / 1e6 / wall },
    cpuMsPerRequest: { serverMain: (main * 1000) / (r.requests.total || 1), embedWorkers: (embed * 1000) / (r.requests.total || 1) },
  };
}

/** A request path for the i-th query: two in three a hybrid search, one in three a comparison. */
export function mixedPath(query: string, i: number): string {
  const q = encodeURIComponent(query);
  return i % 3 === 2 ? `/api/compare?q=${q}&mode=hybrid&k=3` : `/api/search?q=${q}&mode=hybrid&k=10`;
}

type CpuProfile = { nodes: { id: number; callFrame: { functionName: string; url: string } }[]; samples: number[] };

/**
 * Where a V8 .cpuprofile spent its busy time (idle samples left out): self time grouped by source file (tsx
 * transforms sources, so line numbers are not meaningful) and by function. `busy` is the share of samples not idle.
 */
export function profileHotSpots(profile: CpuProfile, top = 12): { busy: number; files: { name: string; share: number }[]; functions: { name: string; share: number }[] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const files = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  for (const id of profile.samples) {
    const f = byId.get(id)!;
    if (f.functionName === '(idle)') continue;
    busy++;
    const file = f.url
      ? f.url.replace(/[?#].*$/u, '').replace(/^.*\/(node_modules\/(?:@[^/]+\/)?[^/]+)\/.*$/u, '$1').replace(/^.*\/((?:src|scripts)\/)/u, '$1')
      : f.functionName.startsWith('(') ? f.functionName : '(native)';
    files.set(file, (files.get(file) ?? 0) + 1);
    const fn = `${f.functionName || '(anonymous)'}${f.url ? ` ${file}` : ''}`;
    functions.set(fn, (functions.get(fn) ?? 0) + 1);
  }
  const rank = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, n]) => ({ name, share: n / (busy || 1) }));
  return { busy: busy / (profile.samples.length || 1), files: rank(files), functions: rank(functions) };
}

export async function runLoadBench(options: LoadBenchOptions): Promise<LoadBenchResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const duration = options.duration ?? 20;
  const connections = options.connections ?? 16;
  const index = openIndex(options.indexDir);
  const clauses = index.paragraphs.filter((p) => !p.duplicateOf).map((p) => p.text);
  index.close();
  // Enough never-asked queries for the warm-up and a run at ~1,000 req/s; popular ones drawn apart from them.
  const novel = generateQueries(clauses, tokenize, Math.max(5000, duration * 1200), { seed: 1 });
  const popular = generateQueries(clauses, tokenize, 25, { seed: 2, exclude: novel });
  if (options.cpuProfDir) {
    mkdirSync(options.cpuProfDir, { recursive: true });
    for (const f of readdirSync(options.cpuProfDir)) if (f.endsWith('.cpuprofile')) rmSync(join(options.cpuProfDir, f));
  }
  const { child, base } = await startServer(options);
  const pid = child.pid!;
  try {
    log(`\n## load over loopback: the server as \`npm start\` runs it (POLICYLENS_THREADS=${options.threads ?? 'default'}), ${connections} connections, ${duration} s per run`);
    log(`${novel.length.toLocaleString('en')} generated queries never asked before, e.g. ${novel.slice(0, 4).join(' · ')}; popular: ${popular.slice(0, 4).join(' · ')} …`);
    log(`${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)} before the runs`);
    let next = 0;
    // Warm-up (JIT, SQLite page cache) on queries the measured run does not ask.
    const warm = novel.splice(novel.length - 600);
    await run('warm-up', base, pid, () => mixedPath(warm[next % warm.length]!, next++), connections, 5);
    next = 0;
    const fresh = options.only === 'popular' ? null : await run('never asked before', base, pid, () => {
      if (next >= novel.length) throw new Error('ran out of distinct queries: raise their number');
      return mixedPath(novel[next]!, next++);
    }, connections, duration);
    let p = 0;
    const repeated = options.only === 'novel' ? null : await run('popular, repeated', base, pid, () => mixedPath(popular[p % popular.length]!, p++), connections, duration);
    const rows = [fresh, repeated].filter((r): r is LoadRun => r !== null);
    log('run                      req/s    p50 ms   p99 ms   max ms   errors  non-2xx  timeouts  requests   cores: server main / embed workers / autocannon   CPU ms per request: main / embed');
    for (const r of rows) {
      log(
        `${r.label.padEnd(22)} ${r.requestsPerSecond.toFixed(0).padStart(7)} ${String(r.p50).padStart(9)} ${String(r.p99).padStart(8)} ${String(r.max).padStart(8)} ${String(r.errors).padStart(8)} ${String(r.non2xx).padStart(8)} ${String(r.timeouts).padStart(9)} ${String(r.requests).padStart(9)}   ` +
          `${r.cpu.serverMain.toFixed(2)} / ${r.cpu.embedWorkers.toFixed(2)} / ${r.cpu.loadGenerator.toFixed(2)}`.padEnd(50) +
          `${r.cpuMsPerRequest.serverMain.toFixed(2)} / ${r.cpuMsPerRequest.embedWorkers.toFixed(2)}`,
      );
    }
    // The event loop is one core; the embedding workers share the rest with it.
    const ceiling = (r: LoadRun) => Math.min(1000 / r.cpuMsPerRequest.serverMain, (availableParallelism() * 1000) / (r.cpuMsPerRequest.serverMain + r.cpuMsPerRequest.embedWorkers));
    log(`A request's CPU cost does not depend on what else runs on the machine; requests/s and latency do. From the costs, the ceiling on`);
    log(`an idle ${availableParallelism()}-core machine (one core for the event loop, the rest shared): ${rows.map((r) => `${r.label} ≈ ${ceiling(r).toFixed(0)} requests/s`).join(', ')}.`);
    const workers = childrenOf(pid);
    const result: LoadBenchResult = {
      novel: fresh, popular: repeated,
      serverPeakRssMB: procStatusKB(pid, 'VmHWM') / 1024,
      workersRssMB: workers.reduce((s, w) => s + procStatusKB(w, 'VmRSS'), 0) / 1024,
    };
    log(`server peak RSS ${result.serverPeakRssMB.toFixed(0)} MB; its ${workers.length} embedding worker(s) ${result.workersRssMB.toFixed(0)} MB together`);
    log(`load average after ${loadavg()[0]!.toFixed(1)}`);
    return result;
  } finally {
    await stopServer(child);
    if (options.cpuProfDir) {
      const files = readdirSync(options.cpuProfDir).filter((f) => f.endsWith('.cpuprofile'));
      for (const f of files) {
        const hot = profileHotSpots(JSON.parse(readFileSync(join(options.cpuProfDir, f), 'utf8')) as CpuProfile);
        // tsx's module-loader thread writes a profile too: nearly all idle, nothing to say.
        if (hot.busy < 0.02) continue;
        log(`\nserver CPU profile ${join(options.cpuProfDir, f)} (busy ${(hot.busy * 100).toFixed(0)}% of the time, warm-up and run(s)): self time of the busy part`);
        log(`by file:     ${hot.files.map((h) => `${h.name} ${(h.share * 100).toFixed(1)}%`).join(' · ')}`);
        log(`by function: ${hot.functions.map((h) => `${h.name} ${(h.share * 100).toFixed(1)}%`).join(' · ')}`);
      }
    }
  }
}

if (isMain(import.meta.url)) {
  const o = new Command()
    .option('--index <dir>', 'a built index (default: index/ or $POLICYLENS_INDEX)', defaultIndexDir())
    .option('--duration <s>', 'seconds per run', (v) => Number(v), 20)
    .option('--connections <n>', 'concurrent connections', (v) => Number(v), 16)
    .option('--threads <n>', 'POLICYLENS_THREADS for the server', (v) => Number(v))
    .option('--cpu-prof <dir>', 'profile the server into this folder')
    .option('--only <run>', 'novel or popular: run only that load')
    .parse()
    .opts<{ index: string; duration: number; connections: number; threads?: number; cpuProf?: string; only?: string }>();
  if (o.only !== undefined && o.only !== 'novel' && o.only !== 'popular') throw new Error(`--only must be novel or popular, not ${o.only}`);
  await runLoadBench({ indexDir: o.index, duration: o.duration, connections: o.connections, ...(o.threads !== undefined ? { threads: o.threads } : {}), ...(o.cpuProf ? { cpuProfDir: o.cpuProf } : {}), ...(o.only ? { only: o.only as 'novel' | 'popular' } : {}) });
}
