/**
 * The measure bridge's rankings, made in one pass over the corpus for every measure (src/search/measure-bridge.ts),
 * against the definition they replace: for each measure, every clause whose folded text `includes` any of its folded
 * terms, scored by how many distinct ones, more first, then corpus order. A fake embedder: nothing here reads vectors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Embedder } from '../../src/embed/embedder.js';
import { MeasureBridge, type BridgeMeasure } from '../../src/search/measure-bridge.js';
import { foldTerm } from '../../src/text/highlight.js';

const embedder = { embed: async (texts: string[]) => texts.map(() => new Float32Array(4)) } as unknown as Embedder;
const fold = (s: string) => foldTerm(s).replace(/\s+/gu, '');

function reference(measures: BridgeMeasure[], texts: string[]) {
  return measures.map((m) => {
    const terms = [...new Set(m.terms.map(fold).filter((t) => t.length > 0))];
    return texts
      .map((text, i) => ({ key: i + 1, score: terms.filter((t) => fold(text).includes(t)).length }))
      .filter((r) => r.score > 0)
      .sort((a, b) => b.score - a.score || a.key - b.key);
  });
}

const bridgeOver = (measures: BridgeMeasure[], texts: string[]) =>
  MeasureBridge.create(measures, embedder, { rowids: texts.map((_, i) => i + 1), foldedText: (rowid) => fold(texts[rowid - 1]!) });

describe('MeasureBridge rankings', () => {
  it('ranks the clauses of every measure by distinct terms held, folded (widths, brackets, spaces)', async () => {
    const measures: BridgeMeasure[] = [
      { id: 'a', name: '首台套', description: '', terms: ['首台(套)', '首批次', '首台（套）'] },
      { id: 'b', name: '上云', description: '', terms: ['上云', '工业互联网', '工业 互联网'] },
    ];
    const texts = ['支持首台（套）装备和首批次材料', '推动企业上云', '建设工业 互联网平台，推动上云', '无关'];
    const bridge = await bridgeOver(measures, texts);
    expect(bridge.ranking(0)).toEqual([{ key: 1, score: 2 }]);
    expect(bridge.ranking(1)).toEqual([{ key: 3, score: 2 }, { key: 2, score: 1 }]);
    expect([0, 1].map((i) => bridge.ranking(i))).toEqual(reference(measures, texts));
  });

  it('agrees with the per-measure definition on any measures and clauses', async () => {
    const alphabet = fc.constantFrom('工', '业', '互', '联', '网', '上', '云', '（', '）', '(', ')', 'Ａ', 'a', ' ', '“');
    const word = fc.array(alphabet, { minLength: 1, maxLength: 4 }).map((cs) => cs.join(''));
    const measure = fc.array(word, { minLength: 1, maxLength: 6 }).map((terms): BridgeMeasure => ({ id: 'm', name: 'm', description: '', terms }));
    await fc.assert(
      fc.asyncProperty(fc.array(measure, { minLength: 1, maxLength: 5 }), fc.array(fc.array(alphabet, { maxLength: 30 }).map((cs) => cs.join('')), { maxLength: 25 }), async (measures, texts) => {
        const bridge = await bridgeOver(measures, texts);
        expect(measures.map((_, i) => bridge.ranking(i))).toEqual(reference(measures, texts));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves the event loop free between slices of a big corpus', async () => {
    const texts = Array.from({ length: 10_000 }, (_, i) => (i % 7 === 0 ? '推动企业上云' : '加强组织领导'));
    let turns = 0;
    const tick = setInterval(() => turns++, 0);
    const made = bridgeOver([{ id: 'b', name: '上云', description: '', terms: ['上云'] }], texts);
    const bridge = await made;
    clearInterval(tick);
    expect(bridge.ranking(0)).toHaveLength(Math.ceil(10_000 / 7));
    expect(turns).toBeGreaterThan(0);
  });
});
