/**
 * Every labeled set the project scores with holds labels that exist in the seed index (`checkRelevanceSet`): an
 * anchor that matches no paragraph would silently count as a miss in `npm run eval`, and one that matches only a
 * duplicate could never be found. The bigger-corpus set needs ../shared/external and is checked by hand
 * (`npx tsx scripts/check-set.ts test/fixtures/relevance-blind-external.json --index index-external`).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.js';
import { openIndex } from '../../src/index/reader.js';
import { checkRelevanceSet, parseRelevanceSet } from '../../src/search/evaluate.js';
import { SEED_INDEX_DIR, ensureSeedIndex } from '../helpers/seed-index.js';

const SETS = ['../shared/eval/dev.json', 'test/fixtures/relevance-own.json', 'test/fixtures/relevance-tune.json', 'test/fixtures/relevance-blind.json', 'test/fixtures/relevance-one-sentence.json'];

describe('labeled sets against the seed index', () => {
  it.each(SETS)('%s: every anchor and sentence is in the seed texts', async (file) => {
    await ensureSeedIndex();
    const index = openIndex(SEED_INDEX_DIR);
    try {
      const set = parseRelevanceSet(JSON.parse(readFileSync(join(PROJECT_ROOT, file), 'utf8')), file);
      const documents = index.documents.map((d) => ({ file: d.file, paragraphs: index.paragraphsByDoc.get(d.id) ?? [] }));
      expect(set.queries.length + set.pairs.length).toBeGreaterThan(20);
      expect(checkRelevanceSet(set, documents)).toEqual([]);
    } finally {
      index.close();
    }
  });
});
