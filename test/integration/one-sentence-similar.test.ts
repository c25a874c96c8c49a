/**
 * "Similar" from a clause of one measure sentence ranks it as that sentence is ranked when picked (`oneSentenceAsText`,
 * eighth session): such a clause is its sentence, so the paragraph page shows the same counterparts with or without
 * the pick. With the real model and the seed index, over every one-sentence clause.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/search/engine.js';
import { seedEngine } from '../helpers/seed-index.js';

describe('"similar" from a one-sentence clause', () => {
  let on: Engine;
  let off: Engine;
  let single: string[];
  const ids = (a: Awaited<ReturnType<Engine['similar']>>) => a.columns.map((c) => `${c.city}: ${c.results.map((h) => h.id).join(' ')}`).join('\n');

  beforeAll(async () => {
    on = await seedEngine();
    off = await seedEngine({ oneSentenceAsText: false });
    single = on.corpus().documents.flatMap((d) => on.document(d.id).paragraphs.filter((p) => p.sentences.length === 1).map((p) => p.id));
    expect(single.length).toBeGreaterThan(40);
  });

  it('answers as picking its one sentence does, and names no picked sentence', async () => {
    for (const id of single) {
      const whole = await on.similar(id, { k: 3 });
      expect(ids(whole), id).toBe(ids(await on.similar(id, { k: 3, sentence: 0 })));
      expect(whole.source.why.sentence).toBeNull();
    }
  });

  it('differs from ranking it as a clause (the setting is read)', async () => {
    let differ = 0;
    for (const id of single) if (ids(await on.similar(id, { k: 3 })) !== ids(await off.similar(id, { k: 3 }))) differ++;
    expect(differ).toBeGreaterThan(single.length / 4);
  });

  it('leaves clauses of several sentences as they were', async () => {
    const several = on.corpus().documents.flatMap((d) => on.document(d.id).paragraphs.filter((p) => p.sentences.length > 1).map((p) => p.id)).filter((_, i) => i % 4 === 0);
    for (const id of several) expect(ids(await on.similar(id, { k: 3 })), id).toBe(ids(await off.similar(id, { k: 3 })));
  });
});
