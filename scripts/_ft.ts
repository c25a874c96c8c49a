import { writeFileSync } from 'node:fs';
import { analysisFor } from '../src/analysis/index.js';
import { createEmbedder } from '../src/embed/embedder.js';
import { openIndex } from '../src/index/reader.js';
import { Engine } from '../src/search/engine.js';
const [dir, out] = process.argv.slice(2);
const engine = new Engine(openIndex(dir!), await createEmbedder());
const a = analysisFor(engine);
await a.targets();
const lines: string[] = [];
const cities = engine.corpus().cities;
for (const f of [{}, { since: '2023-01-01' }, { q: '研发投入' }, { q: '研發投入' }, { q: '专精特新', since: '2023-01-01' }, { q: '亩均税收' }, { cities: [cities[0]!] }, { q: '工业互联网', cities: cities.slice(0, 2) }]) {
  const t = performance.now();
  const r = await a.targets(f);
  console.log(JSON.stringify(f), Math.round(performance.now() - t), 'ms', r.targets.length);
  lines.push(JSON.stringify(f), JSON.stringify(r.groups), r.targets.map((x) => x.id).join(','));
}
writeFileSync(out!, lines.join('\n'));
