/**
 * Places with the real model: the seed index's places, kinds and groups; and a corpus of a real seed (Kunshan's, no
 * manifest), a plan written here that names no place anywhere, and an empty file, indexed into a temporary folder.
 * The placeless plan must take part everywhere under 未标注地区, and the skipped file must be listed.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex } from '../../src/index/build.js';
import { openIndex } from '../../src/index/reader.js';
import { Engine } from '../../src/search/engine.js';
import { analysisFor } from '../../src/analysis/index.js';
import type { MatrixResult, TargetsResult } from '../../src/analysis/types.js';
import type { CompareResult, CorpusInfo, DocumentSummary, SkippedDocument } from '../../src/search/types.js';
import { createApp } from '../../src/server/app.js';
import { SEED_DIR, seedEngine, sharedEmbedder } from '../helpers/seed-index.js';

/** A plan that names no place, no issuer and no number (written for this test). */
const PLACELESS_PLAN = [
  '关于加快制造业高质量发展的实施方案',
  '为推动制造业高质量发展，结合实际，制定本实施方案。',
  '一、总体目标',
  '到2025年，专精特新企业达到100家，规上工业亩均税收达到30万元/亩。',
  '二、主要任务',
  '(一)培育专精特新企业。对新认定的国家级专精特新“小巨人”企业给予一次性奖励50万元。',
  '(二)推进智能化改造。支持企业实施智能化改造和数字化转型，按设备投资额的10%给予补助。',
  '(三)强化工业用地保障。推行工业用地弹性年期出让、先租后让，提高亩均效益。',
].join('\n');

describe('places of the seed index', () => {
  let corpus: CorpusInfo;
  beforeAll(async () => {
    corpus = (await seedEngine()).corpus();
  });

  it('gives each column its kind, level, parent and code from the gazetteer', () => {
    expect(corpus.places.map((p) => [p.city, p.kind, p.level, p.parent, p.province, p.code, p.documents])).toEqual([
      ['昆山市', '县级市', 'county', '苏州市', '江苏省', '320583', 2],
      ['江苏省', '省', 'province', null, '江苏省', '320000', 1],
      ['平湖市', '县级市', 'county', '嘉兴市', '浙江省', '330482', 1],
      ['青岛市', '副省级市', 'prefecture', '山东省', '山东省', '370200', 1],
    ]);
  });

  it('offers a group per province and per level', () => {
    expect(corpus.groups.map((g) => [g.id, g.cities])).toEqual([
      ['province:江苏省', ['昆山市', '江苏省']],
      ['province:浙江省', ['平湖市']],
      ['province:山东省', ['青岛市']],
      ['level:province', ['江苏省']],
      ['level:prefecture', ['青岛市']],
      ['level:county', ['昆山市', '平湖市']],
    ]);
  });

  it('compares the county-level places of a group', async () => {
    const engine = await seedEngine();
    const app = createApp({ engine: () => engine, analysis: () => analysisFor(engine), logger: pino({ level: 'silent' }) });
    const body = (await request(app).get('/api/compare').query({ q: '专精特新', group: 'level:county' }).expect(200)).body as CompareResult;
    expect(body.columns.map((c) => c.city)).toEqual(['昆山市', '平湖市']);
    for (const c of body.columns) expect(c.results.every((h) => h.doc.city === c.city)).toBe(true);
  });
});

describe('a place mistyped at the head of q', () => {
  it('is read on /targets as search reads it: 青到专精特新 is 青岛’s 专精特新 (verifying audit)', async () => {
    const engine = await seedEngine();
    const app = createApp({ engine: () => engine, analysis: () => analysisFor(engine), logger: pino({ level: 'silent' }) });
    type Read = TargetsResult & { scope: { cities: string[]; query: string } | null; spelling: { changes: { from: string; to: string }[] } | null };
    const search = (await request(app).get('/api/search').query({ q: '青到专精特新' }).expect(200)).body as Read;
    const slip = (await request(app).get('/api/targets').query({ q: '青到专精特新' }).expect(200)).body as Read;
    expect(search.spelling?.changes).toEqual([{ from: '青到', to: '青岛' }]);
    expect(slip.spelling).toEqual(search.spelling);
    expect(slip.scope).toEqual(search.scope);
    expect(slip.scope?.cities).toEqual(['青岛市']);
    // It had listed 江苏's 150个 and nothing of 青岛's.
    const right = (await request(app).get('/api/targets').query({ q: '青岛专精特新' }).expect(200)).body as Read;
    expect(right.targets.length).toBeGreaterThan(0);
    expect(slip.targets).toEqual(right.targets);
    expect(slip.targets.every((t) => t.doc.city === '青岛市')).toBe(true);
  });
});

describe('a document without a place and an unreadable file', () => {
  const input = mkdtempSync(join(tmpdir(), 'pl-places-in-'));
  const out = mkdtempSync(join(tmpdir(), 'pl-places-out-'));
  let app: ReturnType<typeof createApp>;

  beforeAll(async () => {
    // No manifest: 000 names 昆山市 in its signature; the plan below names no place.
    copyFileSync(join(SEED_DIR, '000_dcbe0bbe788de573.txt'), join(input, 'kunshan.txt'));
    writeFileSync(join(input, 'untitled.txt'), PLACELESS_PLAN);
    writeFileSync(join(input, 'empty.txt'), '');
    await buildIndex({ inputs: [input], out, embedder: await sharedEmbedder() });
    const engine = new Engine(openIndex(out), await sharedEmbedder());
    app = createApp({ engine: () => engine, analysis: () => analysisFor(engine), logger: pino({ level: 'silent' }) });
  });
  afterAll(() => {
    for (const dir of [input, out]) rmSync(dir, { recursive: true, force: true });
  });

  it('puts it under 未标注地区, with a hint, in the corpus and in compare', async () => {
    const places = (await request(app).get('/api/places').expect(200)).body as Pick<CorpusInfo, 'places'>;
    expect(places.places.map((p) => p.city)).toEqual(['昆山市', '未标注地区']);
    const compare = (await request(app).get('/api/compare').query({ q: '专精特新' }).expect(200)).body as CompareResult;
    const column = compare.columns.find((c) => c.city === '未标注地区')!;
    expect(column.results.length).toBeGreaterThan(0);
    expect(column.results.every((h) => h.doc.file === 'untitled.txt' && h.doc.city === null)).toBe(true);
    expect(column.place.hint).toContain('manifest.json');
  });

  it('keeps it in the matrix and the targets', async () => {
    const matrix = (await request(app).get('/api/matrix').expect(200)).body as MatrixResult;
    expect(matrix.cities).toEqual(['昆山市', '未标注地区']);
    expect(matrix.clauses['未标注地区']).toBeGreaterThanOrEqual(3);
    expect(matrix.rows.some((r) => r.cells.find((c) => c.city === '未标注地区')!.count > 0)).toBe(true);
    const targets = (await request(app).get('/api/targets').query({ city: '未标注地区' }).expect(200)).body as TargetsResult;
    expect(targets.targets.length).toBeGreaterThanOrEqual(2);
    expect(targets.targets.every((t) => t.doc.file === 'untitled.txt')).toBe(true);
  });

  it('lists the documents with place and type, and the skipped file with its reason', async () => {
    const body = (await request(app).get('/api/documents').expect(200)).body as { documents: DocumentSummary[]; skipped: SkippedDocument[] };
    expect(body.documents.map((d) => [d.file, d.city, d.placeKind, d.docType])).toEqual([
      ['kunshan.txt', '昆山市', '县级市', '实施方案'],
      ['untitled.txt', null, null, '实施方案'],
    ]);
    expect(body.skipped).toEqual([{ file: 'empty.txt', code: 'FILE_EMPTY', message: expect.stringContaining('empty.txt'), kept: false }]);
    const html = (await request(app).get('/docs').expect(200)).text;
    expect(html).toContain('<td>empty.txt</td>');
    expect(html).toContain('未标注地区（1 份）');
  });
});
