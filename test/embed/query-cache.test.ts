import { describe, expect, it } from 'vitest';
import { createError } from '../../src/errors.js';
import { withQueryCache } from '../../src/embed/query-cache.js';
import { createFakeEmbedder, fakeVector } from '../helpers/fake-embedder.js';

describe('withQueryCache', () => {
  it('embeds a repeated query once, and hands out copies', async () => {
    const inner = createFakeEmbedder();
    let calls = 0;
    const counting = { ...inner, embedQuery: async (t: string) => (calls++, inner.embedQuery(t)) };
    const embedder = withQueryCache(counting);
    const a = await embedder.embedQuery('专精特新');
    a[0] = 42;
    const b = await embedder.embedQuery('专精特新');
    expect(calls).toBe(1);
    expect(b).toEqual(fakeVector('专精特新'));
    await Promise.all([embedder.embedQuery('小巨人'), embedder.embedQuery('小巨人')]);
    expect(calls).toBe(2);
    expect(embedder.queryCacheStats()).toMatchObject({ misses: 2, size: 2 });
  });

  it('keys on the embedding recipe as well as the text', async () => {
    const shared = createFakeEmbedder();
    const other = { ...shared, info: { ...shared.info, recipe: 'another recipe' }, embedQuery: async () => new Float32Array(512).fill(0.5) };
    const a = withQueryCache(shared);
    const b = withQueryCache(other);
    expect(await a.embedQuery('亩均税收')).not.toEqual(await b.embedQuery('亩均税收'));
  });

  it('passes a BUSY refusal through and does not remember it', async () => {
    const inner = createFakeEmbedder();
    let busy = true;
    const embedder = withQueryCache({ ...inner, embedQuery: async (t: string) => { if (busy) throw createError('BUSY', 'busy'); return inner.embedQuery(t); } });
    await expect(embedder.embedQuery('首台套')).rejects.toMatchObject({ code: 'BUSY' });
    busy = false;
    await expect(embedder.embedQuery('首台套')).resolves.toEqual(fakeVector('首台套'));
  });

  it('is bounded', async () => {
    const embedder = withQueryCache(createFakeEmbedder(), { max: 3 });
    for (const t of ['一', '二', '三', '四', '五']) await embedder.embedQuery(t);
    expect(embedder.queryCacheStats().size).toBe(3);
  });
});
