import { describe, expect, it } from 'vitest';
import { createError } from '../../src/errors.js';
import { AnswerCache, answerBytes, cachedEngine, requestKey, type KeyedOptions } from '../../src/search/answer-cache.js';
import { createFakeEngine, FAKE_DOCUMENTS } from '../server/fake-engine.js';
import { recording } from '../server/helpers.js';

const firstParagraph = () => `${FAKE_DOCUMENTS[0]!.meta.id}:p0000`;

describe('cachedEngine', () => {
  it('computes a repeated request once, and a different one again', async () => {
    const { engine, calls } = recording(createFakeEngine());
    const cached = cachedEngine(engine, 'build-a', new AnswerCache());
    const a = await cached.search('智能化改造', { mode: 'hybrid', k: 10 });
    const b = await cached.search('智能化改造', { mode: 'hybrid', k: 10 });
    expect(b).toBe(a);
    await cached.search('智能化改造', { mode: 'keyword', k: 10 });
    await cached.search('智能化改造', { mode: 'hybrid', k: 5 });
    await cached.compare('智能化改造', { mode: 'hybrid', k: 10 });
    await cached.similar(firstParagraph(), { k: 3 });
    await cached.similar(firstParagraph(), { k: 3 });
    expect(calls.map((c) => c.method)).toEqual(['search', 'search', 'search', 'compare', 'similar']);
  });

  it('shares one computation between identical requests that arrive together', async () => {
    const { engine, calls } = recording(createFakeEngine());
    const cached = cachedEngine(engine, 'b', new AnswerCache());
    const answers = await Promise.all(Array.from({ length: 8 }, () => cached.compare('数字化转型', { mode: 'hybrid', k: 3 })));
    expect(calls).toHaveLength(1);
    expect(new Set(answers).size).toBe(1);
  });

  it('keeps builds apart: the same request on another build is computed on that build', async () => {
    const cache = new AnswerCache();
    const old = recording(createFakeEngine());
    const next = recording(createFakeEngine(FAKE_DOCUMENTS.slice(0, 1)));
    const before = await cachedEngine(old.engine, 'build-1', cache).search('企业', { mode: 'hybrid', k: 10 });
    const after = await cachedEngine(next.engine, 'build-2', cache).search('企业', { mode: 'hybrid', k: 10 });
    expect(next.calls).toHaveLength(1);
    expect(after).not.toBe(before);
    expect(after).toEqual(await next.engine.search('企业', { mode: 'hybrid', k: 10 }));
  });

  it('does not remember a failure', async () => {
    let fail = true;
    const engine = createFakeEngine(undefined, { beforeQuery: () => { if (fail) throw createError('BUSY', 'busy'); } });
    const cached = cachedEngine(engine, 'b', new AnswerCache());
    await expect(cached.search('企业', { mode: 'hybrid', k: 10 })).rejects.toMatchObject({ code: 'BUSY' });
    fail = false;
    await expect(cached.search('企业', { mode: 'hybrid', k: 10 })).resolves.toMatchObject({ query: '企业' });
  });

  it('passes everything through when turned off', async () => {
    const { engine, calls } = recording(createFakeEngine());
    const cached = cachedEngine(engine, 'b', new AnswerCache({ maxMB: 0 }));
    await cached.search('企业', { mode: 'hybrid', k: 10 });
    await cached.search('企业', { mode: 'hybrid', k: 10 });
    expect(calls).toHaveLength(2);
  });

  it('stays within its memory bound', async () => {
    const cache = new AnswerCache({ maxMB: 0.01 });
    const cached = cachedEngine(createFakeEngine(), 'b', cache);
    for (let k = 1; k <= 40; k++) await cached.compare('企业', { mode: 'hybrid', k });
    expect(cache.size).toBeGreaterThan(0);
    expect(cache.size).toBeLessThan(40);
  });
});

describe('requestKey', () => {
  it('treats filter lists as sets', () => {
    expect(requestKey('search', 'q', { mode: 'hybrid', k: 10, cities: ['青岛市', '昆山市', '青岛市'] })).toBe(requestKey('search', 'q', { k: 10, mode: 'hybrid', cities: ['昆山市', '青岛市'] }));
  });
  it('tells apart what changes an answer', () => {
    const base = { mode: 'hybrid' as const, k: 10 };
    const keys = [
      requestKey('search', 'q', base), requestKey('compare', 'q', base), requestKey('search', 'q ', base), requestKey('search', 'q', { ...base, k: 11 }),
      requestKey('search', 'q', { ...base, part: 'main' }), requestKey('search', 'q', { ...base, docs: ['a'] }), requestKey('search', 'q', { ...base, levels: ['a'] }),
      requestKey('search', 'q', { ...base, cities: ['a'] }), requestKey('similar', 'p', { k: 3 }), requestKey('similar', 'p', { k: 3, sentence: 0 }),
      requestKey('similarText', 't', { k: 3 }), requestKey('similarText', 't', { k: 3, exclude: 'a:p0001' }), requestKey('similarText', 't', { k: 3, excludeDocs: ['a'] }),
      requestKey('search', 'q', { ...base, scope: 'all' }), requestKey('search', 'q', { ...base, spell: 'off' }),
      requestKey('search', 'q', { ...base, since: '2023-01-01' }), requestKey('search', 'q', { ...base, until: '2023-01-01' }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
  it('changes with every option a request can give (the type lists them all, so a new one must be listed here)', () => {
    // One value per option, and another: `vector` is the text's own embedding, the same for the same text.
    const every: Required<Omit<KeyedOptions, 'vector'>> = {
      mode: 'hybrid', k: 10, cities: ['a'], docs: ['a'], levels: ['a'], part: 'main', sentence: 0, exclude: 'a:p0001', excludeDocs: ['a'],
      scope: 'auto', spell: 'auto', since: '2023-01-01', until: '2023-12-31', inForce: '2024-06-01',
    };
    const other: { [K in keyof typeof every]: (typeof every)[K] } = {
      mode: 'keyword', k: 11, cities: ['b'], docs: ['b'], levels: ['b'], part: 'attachment', sentence: 1, exclude: 'b:p0001', excludeDocs: ['b'],
      scope: 'all', spell: 'off', since: '2022-01-01', until: '2024-12-31', inForce: '2025-06-01',
    };
    const base = requestKey('search', 'q', every);
    for (const name of Object.keys(every) as (keyof typeof every)[]) {
      expect(requestKey('search', 'q', { ...every, [name]: other[name] }), name).not.toBe(base);
    }
  });
});

describe('answerBytes', () => {
  it('grows with the hits an answer holds', async () => {
    const engine = createFakeEngine();
    const small = await engine.search('企业', { mode: 'hybrid', k: 1 });
    const large = await engine.search('企业', { mode: 'hybrid', k: 20 });
    expect(large.results.length).toBeGreaterThan(small.results.length);
    expect(answerBytes(large)).toBeGreaterThan(answerBytes(small));
  });
});
