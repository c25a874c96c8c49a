/**
 * Filtering by a document's date (`since`, `until`; src/search/date-range.ts) on the seed index with the real model:
 * search, compare, "similar" and pasted text's counterparts keep only documents dated within the bounds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { dateBound, dateInRange } from '../../src/search/date-range.js';
import type { Engine } from '../../src/search/engine.js';
import { seedEngine } from '../helpers/seed-index.js';

let engine: Engine;
beforeAll(async () => {
  engine = await seedEngine();
});

const since = dateBound('2023', false)!;

describe('a date filter on the seeds', () => {
  it('leaves out the documents dated before `since`, in search and in compare', async () => {
    const jiangsu = engine.corpus().documents.find((d) => d.docNumber === '苏政发〔2018〕86号')!;
    expect(jiangsu.date?.startsWith('2018')).toBe(true);
    const all = await engine.search('先进制造业集群培育', { mode: 'hybrid', k: 20 });
    expect(all.results.some((h) => h.doc.id === jiangsu.id)).toBe(true);
    const recent = await engine.search('先进制造业集群培育', { mode: 'hybrid', k: 20, since });
    expect(recent.results.length).toBeGreaterThan(0);
    expect(recent.results.every((h) => h.doc.id !== jiangsu.id && dateInRange(h.doc.date, since, undefined))).toBe(true);
    const compared = await engine.compare('先进制造业集群培育', { mode: 'hybrid', k: 3, since });
    // Jiangsu's guideline (2018) and Qingdao's undated plan leave their places no column.
    expect(compared.columns.map((c) => c.city)).toEqual(['昆山市', '平湖市']);
    for (const c of compared.columns) for (const h of c.results) expect(dateInRange(h.doc.date, since, undefined), `${c.city}: ${h.doc.date}`).toBe(true);
    // Before 2019 only Jiangsu's guideline is dated.
    const old = await engine.search('先进制造业集群培育', { mode: 'hybrid', k: 20, until: dateBound('2018', true)! });
    expect(new Set(old.results.map((h) => h.doc.id))).toEqual(new Set([jiangsu.id]));
  });

  it('drops the columns of places the level, document or part filters leave no document, as a date range does', async () => {
    const county = await engine.compare('专精特新', { mode: 'hybrid', k: 3, levels: ['county'] });
    expect(county.columns.map((c) => c.city)).toEqual(['昆山市', '平湖市']);
    const kunshan = engine.corpus().documents.find((d) => d.city === '昆山市')!;
    const oneDoc = await engine.compare('专精特新', { mode: 'hybrid', k: 3, docs: [kunshan.id] });
    expect(oneDoc.columns.map((c) => c.city)).toEqual(['昆山市']);
    expect(oneDoc.columns[0]!.results.every((h) => h.doc.id === kunshan.id)).toBe(true);
    // Only Pinghu's plan has attachments.
    const attachments = await engine.compare('专精特新', { mode: 'hybrid', k: 3, part: 'attachment' });
    expect(attachments.columns.map((c) => c.city)).toEqual(['平湖市']);
  });

  it('leaves them out of "similar" and of pasted text\'s counterparts, and drops a place left with no document', async () => {
    const jiangsu = engine.corpus().documents.find((d) => d.docNumber === '苏政发〔2018〕86号')!;
    const qingdao = engine.corpus().documents.find((d) => d.city === '青岛市')!;
    const source = engine.document(qingdao.id).paragraphs.find((h) => h.sentences.length > 1)!;
    const all = await engine.similar(source.id, { k: 3 });
    expect(all.columns.map((c) => c.city)).toContain('江苏省');
    const recent = await engine.similar(source.id, { k: 3, since });
    expect(recent.columns.map((c) => c.city)).not.toContain('江苏省');
    for (const c of recent.columns) for (const h of c.results) expect(dateInRange(h.doc.date, since, undefined), `${c.city}: ${h.doc.date}`).toBe(true);
    const picked = await engine.similar(source.id, { k: 3, sentence: 1, since });
    expect(picked.columns.flatMap((c) => c.results).every((h) => h.doc.id !== jiangsu.id)).toBe(true);
    const pasted = await engine.similarText(source.sentences[0]!.text, { k: 3, exclude: source.id, since });
    expect(pasted.columns.map((c) => c.city)).not.toContain('江苏省');
    expect(pasted.columns.flatMap((c) => c.results).length).toBeGreaterThan(0);
  });
});
