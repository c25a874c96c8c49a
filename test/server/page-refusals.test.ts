/**
 * Every refusal a page can meet says what is wrong in Chinese. The audits of the fifteenth session found the pages
 * leading in Chinese (参数有误。) and then going on in the API's English; a researcher who edits a URL or uploads the
 * wrong file reads the whole message here. The API keeps its English `message` (test/server/api.test.ts).
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { analysisFor } from '../../src/analysis/index.js';
import { createApp } from '../../src/server/app.js';
import { seedEngine } from '../helpers/seed-index.js';
import { createFakeEngine } from './fake-engine.js';
import { captureLog, testApp } from './helpers.js';

/** The text of the page's refusal (`<p class="error" role="alert">`), entities decoded. */
function refusal(html: string): string {
  const m = /<p class="error" role="alert">([\s\S]*?)<\/p>/.exec(html);
  expect(m, html.slice(0, 400)).not.toBeNull();
  return m![1]!.replace(/<[^>]+>/g, '').replace(/&#34;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** English prose: three words in a row (parameter values such as province:江苏省 or level:county are not). */
const ENGLISH = /[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}[ ,]+[A-Za-z]{2,}/;

const PAGE_REFUSALS: Array<[string, number]> = [
  ['/?q=x&city=北京', 400],
  ['/?q=x&since=abc', 400],
  ['/?q=x&since=2024&until=2020', 400],
  ['/?q=x&mode=fuzzy', 400],
  ['/?q=x&k=0', 400],
  ['/?q=x&level=town', 400],
  ['/?q=a&q=b', 400],
  [`/?q=${'政'.repeat(1001)}`, 400],
  ['/?q=%EF%BC%9F%EF%BC%9F', 400],
  ['/compare?q=x&group=bogus', 400],
  ['/compare?q=x&group=province:火星省', 400],
  ['/compare?q=x&doc=no_such_doc', 404],
  ['/targets?city=北京', 400],
  ['/matrix?since=x', 400],
  ['/matrix/cell?measure=tiers&city=苏州市', 400],
  ['/matrix/cell?city=苏州市', 400],
  ['/matrix/cell?measure=enterprise-tiers&city=浙江', 400],
  ['/matrix/cell?measure=enterprise-tiers&city=北京', 400],
  ['/matrix/cell?measure=enterprise-tiers&city=浙江省&since=2023&in_force=1', 400],
  ['/docs?type=poem', 400],
  ['/p/not-an-id', 400],
  ['/p/sz_manufacturing:p0000?sentence=99', 400],
  // A malformed permalink fingerprint, as the API refuses it (verifying audit, s23: the page had ignored it).
  ['/p/sz_manufacturing:p0000?h=!!', 400],
  ['/diff?a=sz_manufacturing:p0000', 400],
  ['/diff?id=sz_manufacturing:p0000&id=sz_manufacturing:p0000', 400],
  ['/no/such/page', 404],
];

describe('refusals on the pages', () => {
  const { app } = testApp(createFakeEngine());

  it.each(PAGE_REFUSALS)('%s reads in Chinese', async (url, status) => {
    const res = await request(app).get(url);
    expect(res.status).toBe(status);
    const text = refusal(res.text);
    expect(text).toMatch(/\p{Script=Han}/u);
    expect(text, text).not.toMatch(ENGLISH);
  });

  // The 404 page had read 错误代码 404 · NOT_FOUND, and a body a page cannot read (malformed JSON, too large) 参数有误。
  // Expected property name or '}' in JSON at position 1 (s22 verifying audit): every HTML error page says what happened
  // in Chinese, with no code of the catalogue in view, and leads on to search and the documents.
  it.each([
    ['GET /p/not-an-id', 400, () => request(app).get('/p/not-an-id')],
    ['GET /no/such/page', 404, () => request(app).get('/no/such/page')],
    ['DELETE /', 405, () => request(app).delete('/')],
    ['POST / (malformed JSON)', 400, () => request(app).post('/').set('Content-Type', 'application/json').send('{x')],
    ['POST / (a body over the limit)', 413, () => request(app).post('/').type('form').send(`a=${'x'.repeat(300_000)}`)],
    ['POST / (a charset no parser reads)', 415, () => request(app).post('/').set('Content-Type', 'application/json; charset=koi8-r').send('{}')],
    ['GET /?q=… (a URL too long)', 414, () => request(app).get(`/?q=${'x'.repeat(13_000)}`)],
    ['GET /?q=%ZZ', 400, () => request(app).get('/?q=%ZZ')],
    ['GET /p/%ZZ', 400, () => request(app).get('/p/%ZZ')],
  ] as const)('%s: the %i page reads in Chinese, without developer text', async (_name, status, send) => {
    const res = await send();
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const main = res.text.slice(res.text.indexOf('<main'), res.text.indexOf('</main>'));
    const shown = main.replace(/<[^>]+>/g, ' ');
    expect(refusal(res.text)).toMatch(/\p{Script=Han}/u);
    expect(refusal(res.text), refusal(res.text)).not.toMatch(ENGLISH);
    expect(shown, shown).not.toMatch(/[A-Z]{2,}(?:_[A-Z]+)+|NOT_FOUND|BAD_REQUEST|INTERNAL|\bJSON\b|encodeURI/);
    expect(shown).toContain(`错误代码 ${status}`);
    expect(main).toContain('href="/docs"');
    expect(main).toContain('href="/"');
  });

  it('a fault’s 500 page says so in Chinese, without the code or what went wrong', async () => {
    const failing = testApp(createFakeEngine(undefined, { beforeQuery: () => { throw new Error('database handle leaked at /srv/index'); } })).app;
    const res = await request(failing).get('/?q=企业').expect(500);
    const shown = res.text.slice(res.text.indexOf('<main'), res.text.indexOf('</main>')).replace(/<[^>]+>/g, ' ');
    expect(shown).toContain('服务器出错了');
    expect(shown).not.toMatch(/INTERNAL|\/srv\/index/);
  });

  it('the API keeps its English message for the same mistake', async () => {
    const res = await request(app).get('/api/search').query({ q: 'x', city: '北京' }).expect(400);
    expect(res.body.error.code).toBe('UNKNOWN_CITY');
    expect(res.body.error.message).toMatch(/^Unknown city "北京"\. Valid cities: /);
    expect(JSON.stringify(res.body)).not.toContain('不在本库中');
  });

  it('the desk says its refusals in Chinese too', async () => {
    const empty = await request(app).post('/draft').type('form').send({ text: '   ' });
    expect(empty.status).toBe(400);
    expect(refusal(empty.text)).not.toMatch(ENGLISH);
    const wps = await request(app).post('/draft').attach('file', Buffer.from('x'), 'old.wps');
    expect(wps.status).toBe(415);
    const text = refusal(wps.text);
    expect(text).toContain('另存为');
    expect(text).not.toMatch(ENGLISH);
    const doc = await request(app).post('/draft').attach('file', Buffer.from('x'), 'old.doc');
    expect(doc.status).toBe(422);
    expect(refusal(doc.text)).not.toMatch(ENGLISH);
    // No clause in it, and a date range no document falls in (the verifying helper found these in English).
    const noClause = await request(app).post('/draft').type('form').send({ text: '。。。' });
    expect(noClause.status).toBe(422);
    expect(refusal(noClause.text)).not.toMatch(ENGLISH);
    const dated = await request(app).post('/draft').type('form').send({ text: '支持企业开展智能化改造，对符合条件的项目给予一次性奖励。', since: '2090' });
    expect(dated.status).toBe(400);
    expect(refusal(dated.text)).toContain('没有成文日期在 2090-01-01 或之后的文件');
  });

  it('the engine\'s own refusals (a clause or document the index does not have) read in Chinese on the real seed index', async () => {
    const engine = await seedEngine();
    const seeded = createApp({ engine: () => engine, analysis: () => analysisFor(engine), logger: captureLog().logger });
    const doc = engine.corpus().documents[0]!.id;
    for (const url of [`/p/${doc}:p9999`, '/doc/no_such_doc']) {
      const res = await request(seeded).get(url);
      expect(res.status, url).toBeGreaterThanOrEqual(400);
      if (res.headers['content-type']?.startsWith('text/html')) expect(refusal(res.text), url).not.toMatch(ENGLISH);
    }
  }, 60_000);
});
