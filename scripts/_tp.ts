import { analysisFor, groupScores, scoreTargets, matchTargets } from '../src/analysis/index.js';
import { createEmbedder } from '../src/embed/embedder.js';
import { openIndex } from '../src/index/reader.js';
import { Engine } from '../src/search/engine.js';
const engine = new Engine(openIndex('/tmp/keep100k/index'), await createEmbedder());
const a = analysisFor(engine);
const data = await a.loadTargets();
const v = await engine.embedder.embedQuery('研发投入强度');
for (let r = 0; r < 3; r++) {
  let t = performance.now();
  const s = scoreTargets(data, '研发投入强度', v, 0.2);
  const t1 = performance.now() - t; t = performance.now();
  const g = groupScores(data, s);
  const t2 = performance.now() - t; t = performance.now();
  matchTargets((a as any).corpus, data, '研发投入强度', v, a.targetMatchTuning());
  const t3 = performance.now() - t; t = performance.now();
  await a.questionTargets('各地研发投入强度的目标是多少');
  const t4 = performance.now() - t;
  console.log(`rows ${data.rows.length} score ${t1.toFixed(1)} groups ${t2.toFixed(1)} match ${t3.toFixed(1)} question ${t4.toFixed(1)} (groups ${g.size})`);
}
