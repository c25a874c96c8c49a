import request from 'supertest';
import { pino } from 'pino';
import { analysisFor } from '../src/analysis/index.js';
import { createEmbedder } from '../src/embed/embedder.js';
import { openIndex } from '../src/index/reader.js';
import { Engine } from '../src/search/engine.js';
import { createApp } from '../src/server/app.js';
const engine = new Engine(openIndex(process.argv[2] ?? '/tmp/keep100k/index'), await createEmbedder());
const app = createApp({ engine: () => engine, analysis: () => analysisFor(engine), logger: pino({ level: 'silent' }) });
for (const url of ['/targets', '/targets', '/targets?q=%E7%A0%94%E5%8F%91%E6%8A%95%E5%85%A5', '/api/targets', '/matrix', '/matrix']) {
  const t = performance.now();
  const res = await request(app).get(url);
  console.log(url, res.status, Math.round(performance.now() - t), 'ms', (res.text.length / 1e6).toFixed(1), 'MB');
}
