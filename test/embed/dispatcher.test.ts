import { describe, expect, it } from 'vitest';
import { EmbedDispatcher, type EmbedSlot } from '../../src/embed/worker-pool.js';

/** A slot that records what it embeds and finishes each text when told to. */
function manualSlot() {
  const order: string[] = [];
  const waiting: (() => void)[] = [];
  const slot: EmbedSlot = {
    embedOne: (text) => new Promise((resolve) => {
      order.push(text);
      waiting.push(() => resolve(new Float32Array([text.length])));
    }),
    close: async () => {},
  };
  const finishOne = async () => {
    waiting.shift()!();
    await new Promise((r) => setImmediate(r));
  };
  return { slot, order, finishOne };
}

describe('EmbedDispatcher', () => {
  it('lets queries and passages take turns when both wait, so neither starves', async () => {
    const { slot, order, finishOne } = manualSlot();
    const d = new EmbedDispatcher([slot], 100);
    const all = [
      d.submit('p1', 'passage'), d.submit('p2', 'passage'), d.submit('p3', 'passage'), d.submit('p4', 'passage'),
      d.submit('q1', 'query'), d.submit('q2', 'query'), d.submit('q3', 'query'),
    ];
    for (let i = 0; i < 7; i++) await finishOne();
    await Promise.all(all);
    // p1 was already running; then the two queues alternate, a query first; the last passage runs alone.
    expect(order).toEqual(['p1', 'q1', 'p2', 'q2', 'p3', 'q3', 'p4']);
  });

  it('runs queries alone in arrival order, and refuses them beyond the queue with BUSY', async () => {
    const { slot, order, finishOne } = manualSlot();
    const d = new EmbedDispatcher([slot], 2);
    const accepted = [d.submit('a', 'query'), d.submit('b', 'query'), d.submit('c', 'query')];
    await expect(d.submit('d', 'query')).rejects.toMatchObject({ code: 'BUSY' });
    // Passages are never refused: a build waits instead.
    const passage = d.submit('long passage', 'passage');
    for (let i = 0; i < 4; i++) await finishOne();
    await Promise.all([...accepted, passage]);
    expect(order).toEqual(['a', 'b', 'long passage', 'c']);
    expect(d.waiting).toEqual({ queries: 0, passages: 0 });
  });

  it('fails what still waits when closed', async () => {
    const { slot } = manualSlot();
    const d = new EmbedDispatcher([slot], 10);
    void d.submit('running', 'passage');
    const waiting = d.submit('waiting', 'query');
    await d.close();
    await expect(waiting).rejects.toThrow(/disposed/);
    await expect(d.submit('late', 'query')).rejects.toThrow(/disposed/);
  });
});
