/**
 * The analyst views and the drafting desk on a large index, as a serving process meets them: every request through the
 * real app (supertest, one process), with the time it took and the longest pause of the event loop while it ran (a
 * 200 ms timer; the pause is how long every other user of the server waited). Figures only: nothing is asserted.
 *
 *   npx tsx scripts/bench/scale.ts --size 1000000 --skip-updates --keep /tmp/keep1m   # once: keeps the index
 *   NODE_OPTIONS=--max-old-space-size=12288 npx tsx scripts/bench/analyst-views.ts --index /tmp/keep1m/index
 *
 * The first request extracts the targets (npm start does it before serving); the measure bridge is not prepared in
 * advance here as npm start prepares it, so the first search that asks about targets also pays for the bridge.
 * README "Analyst views" holds the figures at 1M.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { pino } from 'pino';
import request from 'supertest';
import { analysisFor } from '../../src/analysis/index.js';
import { isMain } from '../../src/cli/is-main.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { createEmbedder } from '../../src/embed/embedder.js';
import { openIndex } from '../../src/index/reader.js';
import { Engine } from '../../src/search/engine.js';
import { createApp } from '../../src/server/app.js';

/** Seed 000 (加快建设制造强市实施方案, 53 clauses), the desk's draft in every bench. */
const DRAFT_SEED = '000_dcbe0bbe788de573.txt';

async function main(): Promise<void> {
  const opts = new Command()
    .name('analyst-views')
    .requiredOption('--index <dir>', 'index folder (e.g. one kept by scripts/bench/scale.ts --keep)')
    .option('--places <n>', 'places the desk compares the draft with', (v) => Number(v), 3)
    .parse()
    .opts<{ index: string; places: number }>();

  const mb = () => `${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`;
  let t = performance.now();
  const engine = new Engine(openIndex(opts.index), await createEmbedder());
  console.log(`opened ${opts.index} in ${((performance.now() - t) / 1000).toFixed(1)} s; RSS ${mb()}`);
  const analysis = analysisFor(engine);
  const app = createApp({ engine: () => engine, analysis: () => analysis, logger: pino({ level: 'silent' }) });

  // The longest pause of the event loop: a timer due every 200 ms that comes late by that much.
  let pause = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    pause = Math.max(pause, now - last - 200);
    last = now;
  }, 200);
  const rows: string[][] = [];
  const measure = async (label: string, send: () => request.Test) => {
    pause = 0;
    last = performance.now();
    const t0 = performance.now();
    const res = await send().buffer(true).parse((r, done) => {
      let n = 0;
      r.on('data', (c: Buffer) => (n += c.length));
      r.on('end', () => done(null, n));
    });
    const s = (performance.now() - t0) / 1000;
    rows.push([label, String(res.status), s.toFixed(2), (Math.max(0, pause) / 1000).toFixed(2), ((res.body as number) / 1e6).toFixed(1), mb()]);
    console.log(rows.at(-1)!.join(' · '));
  };
  const get = (path: string) => () => request(app).get(path);
  const q = encodeURIComponent;

  await measure('/api/targets?limit=100 (first: extracts the targets)', get('/api/targets?limit=100'));
  await measure('/api/targets?limit=100 (again)', get('/api/targets?limit=100'));
  await measure('/targets', get('/targets'));
  await measure('/targets (again)', get('/targets'));
  await measure('/targets?q=研发投入', get(`/targets?q=${q('研发投入')}`));
  await measure('/targets?q=研发投入 (again)', get(`/targets?q=${q('研发投入')}`));
  await measure('/matrix (first: the measures\' evidence)', get('/matrix'));
  await measure('/matrix (again)', get('/matrix'));
  await measure('/matrix?since=2023', get('/matrix?since=2023'));
  await measure('/api/compare?q=各地研发投入强度目标是多少', get(`/api/compare?q=${q('各地研发投入强度目标是多少')}`));
  const draft = readFileSync(join(PROJECT_ROOT, 'seeds', DRAFT_SEED), 'utf8');
  const city = engine.corpus().cities.slice(0, opts.places);
  await measure(`desk: seed 000 against ${city.length} places`, () => request(app).post('/api/draft').send({ text: draft, city }));
  await measure(`desk: seed 000 against ${city.length} places (again)`, () => request(app).post('/api/draft').send({ text: draft, city }));
  clearInterval(timer);

  console.log('\n| request | status | time (s) | longest pause (s) | answer (MB) | RSS after |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  process.exit(0);
}

if (isMain(import.meta.url)) await main();
