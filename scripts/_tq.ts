import { readFileSync, writeFileSync } from 'node:fs';
import { analysisFor } from '../src/analysis/index.js';
import { createEmbedder } from '../src/embed/embedder.js';
import { openIndex } from '../src/index/reader.js';
import { Engine } from '../src/search/engine.js';
const [dir, out] = process.argv.slice(2);
const engine = new Engine(openIndex(dir!), await createEmbedder());
const a = analysisFor(engine);
const raw = JSON.parse(readFileSync('test/fixtures/target-questions-labeled.json', 'utf8'));
const qs: string[] = raw.questions.map((q: { q: string }) => q.q);
await a.questionTargets(qs[0]!);
const lines: string[] = [];
const ms: number[] = [];
for (const q of qs) {
  for (const f of [{}, { since: '2023-01-01' }]) {
    const t = performance.now();
    const rows = await a.questionTargets(q, f);
    ms.push(performance.now() - t);
    lines.push(`${q} ${JSON.stringify(f)} ${rows.map((r) => r.id).join(',')}`);
  }
}
ms.sort((x, y) => x - y);
writeFileSync(out!, lines.join('\n'));
console.log(`${qs.length} questions, p50 ${ms[ms.length >> 1]!.toFixed(1)} ms, max ${ms[ms.length - 1]!.toFixed(1)} ms`);
