/**
 * `npx tsx scripts/read-bounds.ts [--runs N] FILE…`: what bounded reading costs. Each run reads the files once
 * as `npm run index` does — cold, in a fresh isolate — two ways: in-process in a fresh child process (timed from
 * loading the reader to the last file read), and through a fresh bounded worker (timed from creating it, so its
 * start-up counts). Medians of N runs. Then, per file, the smallest heap limit (in steps) under which the worker
 * still reads it. The figures behind the defaults in src/ingest/bounded-read.ts.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BoundedReader } from '../src/ingest/bounded-read.js';

const args = process.argv.slice(2);

if (args[0] === '--child') {
  // In-process, cold: load the reader, read every file, report the time.
  const t0 = performance.now();
  const { readDocumentFile } = await import('../src/ingest/read-file.js');
  for (const f of args.slice(1)) await readDocumentFile(f);
  console.log(JSON.stringify({ ms: performance.now() - t0, heapMb: process.memoryUsage().heapUsed / 2 ** 20 }));
  process.exit(0);
}

const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
const files = args.filter((a, i) => a !== '--runs' && i !== runsAt + 1);
if (files.length === 0) {
  console.error('usage: npx tsx scripts/read-bounds.ts [--runs N] FILE…');
  process.exit(2);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;
const self = fileURLToPath(import.meta.url);

function timeInProcess(): number {
  const out = execFileSync(process.execPath, ['--import', 'tsx', self, '--child', ...files], { encoding: 'utf8' });
  return (JSON.parse(out.trim().split('\n').at(-1)!) as { ms: number }).ms;
}

async function timeBounded(): Promise<number> {
  const t0 = performance.now();
  const reader = new BoundedReader();
  try {
    for (const f of files) await reader.read(f);
    return performance.now() - t0;
  } finally {
    await reader.close();
  }
}

const inProcess: number[] = [];
const bounded: number[] = [];
for (let r = 0; r < runs; r++) {
  inProcess.push(timeInProcess());
  bounded.push(await timeBounded());
}
console.log(
  `${files.length} file(s), ${runs} cold runs: in-process ${ms(median(inProcess))}, bounded worker ${ms(median(bounded))} ` +
    `(overhead ${ms(median(bounded) - median(inProcess))}; all runs in-process ${inProcess.map(ms).join(' ')}, worker ${bounded.map(ms).join(' ')})`,
);

for (const f of files) {
  let fits: number | null = null;
  for (const mb of [32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024]) {
    const reader = new BoundedReader({ bounds: { memoryMb: mb, timeoutMs: 300_000 } });
    try {
      await reader.read(f);
      fits = mb;
      break;
    } catch (e) {
      if ((e as { code?: string }).code !== 'FILE_TOO_COMPLEX') throw e;
    } finally {
      await reader.close();
    }
  }
  console.log(`${path.basename(f)}: reads within a ${fits ?? '> 1024'} MB heap limit`);
}
