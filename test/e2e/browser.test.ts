/**
 * The pages in a real browser (Debian's Chromium through playwright-core) over the real seed index: searching,
 * comparing, opening a clause, hostile input, no JavaScript, a phone's width, and the Content Security Policy.
 * Every test saves a full-page screenshot under test-results/screenshots/ for a person to look at.
 */
import { pino } from 'pino';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CorpusInfo } from '../../src/search/types.js';
import { analysisFor } from '../../src/analysis/index.js';
import { createApp } from '../../src/server/app.js';
import { seedEngine } from '../helpers/seed-index.js';
import { PageSession, expectCleanPage, launchChromium, pageOverflow, screenshot, serve, watchPage, type PageReport, type Served } from './browser-helpers.js';

const CITY_ORDER = ['昆山市', '江苏省', '平湖市', '青岛市'];
const XSS = '<script>alert(1)</script>';

let browser: Browser;
let server: Served;
let corpus: CorpusInfo;
/** Contexts opened by the running test, closed after it. */
/** Every page report of the file, for the CSP check over all pages. */
const session = new PageSession();
const reports = session.reports;

beforeAll(async () => {
  const started = Date.now();
  const engine = await seedEngine();
  corpus = engine.corpus();
  server = await serve(createApp({ engine: () => engine, analysis: () => analysisFor(engine), logger: pino({ level: 'silent' }) }));
  browser = await launchChromium();
  console.info(`seed engine, server and Chromium ${browser.version()} ready in ${Date.now() - started} ms`);
});

afterEach(() => session.closeContexts());

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const open = (name: string, options: Parameters<Browser['newContext']>[0] = {}) => session.open(browser, name, options);

const expectClean = expectCleanPage;

const titles = (): string[] => corpus.documents.map((d) => d.title ?? d.file);

/** Types a query into the page's search form and submits it the way a person does (Enter), waiting for the answer. */
async function submitQuery(page: Page, query: string): Promise<void> {
  await page.locator('form[role="search"] input[name="q"]').fill(query);
  await Promise.all([page.waitForURL(/[?&]q=/), page.locator('form[role="search"] input[name="q"]').press('Enter')]);
}

describe('PolicyLens in Chromium', () => {
  it('1. search: a typed query shows clauses with highlighted terms, city, document title and section path', async () => {
    const { page, report } = await open('search');
    await page.goto(`${server.origin}/`);
    await submitQuery(page, '专精特新');
    expect(new URL(page.url()).searchParams.get('q')).toBe('专精特新');
    await expect.poll(() => page.locator('#results-title').textContent()).toContain('专精特新');

    const hits = page.locator('ol.hits > li');
    expect(await hits.count()).toBeGreaterThan(3);
    const first = hits.first();
    const marks = await first.locator('.clause mark').allTextContents();
    expect(marks.some((m) => m.includes('专精特新')), marks.join(' | ')).toBe(true);
    expect(await first.locator('.clause mark').first().isVisible()).toBe(true);
    expect(CITY_ORDER).toContain((await first.locator('.hit-meta .city').textContent())?.trim());
    expect(titles()).toContain((await first.locator('.hit-meta a.doc').textContent())?.trim());
    const section = (await first.locator('.section-path').textContent())?.trim() ?? '';
    expect(section).toMatch(/^[一二三四五六七八九十]+、|^附件/);
    // Every result has its metadata, not just the first.
    for (const li of await hits.all()) {
      expect(CITY_ORDER).toContain((await li.locator('.hit-meta .city').textContent())?.trim());
      expect((await li.locator('.clause').textContent())?.trim().length).toBeGreaterThan(10);
    }
    await screenshot(page, 'search');
    expectClean(report);
  });

  it('2. compare 专精特新: four city columns, each led by a clause about 专精特新', async () => {
    const { page, report } = await open('compare');
    await page.goto(`${server.origin}/compare`);
    await submitQuery(page, '专精特新');
    const columns = page.locator('.columns > section.column');
    expect(await columns.evaluateAll((cs) => cs.map((c) => c.getAttribute('data-city')))).toEqual(CITY_ORDER);
    // Headers name the place, its kind and its parent: 昆山市 · 县级市 · 苏州市.
    expect((await columns.locator('h2').allTextContents()).map((h) => h.split(' · ')[0])).toEqual(CITY_ORDER);
    for (const column of await columns.all()) {
      const city = (await column.getAttribute('data-city'))!;
      const clauses = column.locator('.hit .clause');
      expect(await clauses.count(), city).toBeGreaterThan(0);
      expect(await clauses.count(), city).toBeLessThanOrEqual(3);
      const best = (await clauses.first().textContent()) ?? '';
      expect(/专精特新|小巨人/.test(best), `${city}: ${best.slice(0, 50)}`).toBe(true);
      expect((await clauses.first().locator('mark').allTextContents()).join(''), city).toMatch(/专精特新|小巨人/);
      for (const metaCity of await column.locator('.hit-meta .city').allTextContents()) expect(metaCity.trim()).toBe(city);
    }
    await screenshot(page, 'compare');
    expectClean(report);
  });

  it('2b. compare 专精特新: no column says "无相近条款" above a clause that names 专精特新', async () => {
    const { page } = await open('compare-weak');
    await page.goto(`${server.origin}/compare?q=${encodeURIComponent('专精特新')}`);
    const contradictions: string[] = [];
    for (const column of await page.locator('.columns > section.column').all()) {
      const city = (await column.getAttribute('data-city'))!;
      const note = (await column.locator('.no-counterpart').count()) > 0;
      const best = (await column.locator('.hit .clause').first().textContent()) ?? '';
      if (note && best.includes('专精特新')) contradictions.push(`${city}: 无相近条款 over “${best.slice(0, 40)}…”`);
    }
    expect(contradictions).toEqual([]);
  });

  it('3. open a result: its link leads to /p/:id with the clause and similar clauses from other cities', async () => {
    const { page, report } = await open('paragraph');
    await page.goto(`${server.origin}/?q=${encodeURIComponent('专精特新')}`);
    const first = page.locator('ol.hits > li').first();
    const clause = ((await first.locator('.clause').textContent()) ?? '').trim();
    const sourceTitle = ((await first.locator('.hit-meta a.doc').textContent()) ?? '').trim();
    await Promise.all([page.waitForURL(/\/p\/[^/]+:p\d+\?h=[0-9a-z]+$/), first.locator('a.permalink').click()]);

    expect(((await page.locator('#clause').textContent()) ?? '').trim()).toBe(clause);
    expect(((await page.locator('.paragraph-page a.doc').textContent()) ?? '').trim()).toBe(sourceTitle);
    expect(await page.locator('#similar-title').textContent()).toContain('各地的相似条款');
    const columns = page.locator('.comparison .columns > section.column');
    expect(await columns.count()).toBeGreaterThan(0);
    for (const column of await columns.all()) {
      const city = (await column.getAttribute('data-city'))!;
      expect(CITY_ORDER).toContain(city);
      expect(await column.locator('.hit .clause').count(), city).toBeGreaterThan(0);
      // "Similar" means other documents: the source's own title never appears in these columns.
      for (const title of await column.locator('.hit-meta a.doc').allTextContents()) expect(title.trim()).not.toBe(sourceTitle);
      for (const metaCity of await column.locator('.hit-meta .city').allTextContents()) expect(metaCity.trim()).toBe(city);
    }
    // The result's link is the clause's permalink, with its fingerprint (?h=): the page names the same address, and
    // opening it again shows the same clause.
    const permalink = ((await page.locator('#permalink').textContent()) ?? '').trim();
    expect(permalink).toBe(page.url());
    const shown = await page.locator('#clause').textContent();
    await page.goto(permalink);
    expect(await page.locator('#clause').textContent()).toBe(shown);
    await screenshot(page, 'paragraph');
    expectClean(report);
  });

  it('4. a query of <script>alert(1)</script> is shown as text and runs nothing', async () => {
    const { page, report } = await open('xss');
    await page.goto(`${server.origin}/`);
    await submitQuery(page, XSS);
    expect(await page.locator('form[role="search"] input[name="q"]').inputValue()).toBe(XSS);
    const heading = page.locator('#results-title .query');
    if ((await heading.count()) > 0) expect(await heading.textContent()).toBe(XSS);
    else expect(await page.locator('main').textContent()).toContain(XSS);
    expect(await page.locator('title').textContent()).toContain(XSS);
    // The only scripts in the document are the app's own file.
    const scripts = await page.locator('script').evaluateAll((nodes) => nodes.map((n) => (n as HTMLScriptElement).src || n.textContent));
    expect(scripts).toEqual([`${server.origin}/static/app.js`]);
    await screenshot(page, 'xss-search');

    await page.goto(`${server.origin}/compare?q=${encodeURIComponent(XSS)}`);
    expect(await page.locator('input[name="q"]').inputValue()).toBe(XSS);
    expect(await page.locator('#comparison-title .query').textContent()).toBe(XSS);
    await screenshot(page, 'xss-compare');
    await page.waitForTimeout(200);
    expectClean(report);
  });

  it('5. without JavaScript the search and comparison forms still work', async () => {
    const { page, report } = await open('no-javascript', { javaScriptEnabled: false });
    await page.goto(`${server.origin}/`);
    await submitQuery(page, '亩均效益');
    expect(await page.locator('ol.hits > li').count()).toBeGreaterThan(0);
    expect((await page.locator('ol.hits .clause mark').allTextContents()).join(' ')).toMatch(/亩均|亩产/);
    await screenshot(page, 'nojs-search');

    // The search page's own link to the comparison, then the comparison form itself.
    await Promise.all([page.waitForURL(/\/compare\?/), page.getByRole('link', { name: '跨城市对比' }).last().click()]);
    expect(await page.locator('.columns > section.column').evaluateAll((cs) => cs.map((c) => c.getAttribute('data-city')))).toEqual(CITY_ORDER);
    await submitQuery(page, '专精特新');
    expect(new URL(page.url()).pathname).toBe('/compare');
    expect(await page.locator('.columns > section.column').evaluateAll((cs) => cs.map((c) => c.getAttribute('data-city')))).toEqual(CITY_ORDER);
    expect(await page.locator('.columns .hit .clause').count()).toBeGreaterThan(3);
    await screenshot(page, 'nojs-compare');
    expectClean(report);
  });

  it('5b. without JavaScript the comparison form chooses documents by 发文机关 (from the offered issuers) and type', async () => {
    const { page, report } = await open('no-javascript-documents', { javaScriptEnabled: false });
    await page.goto(`${server.origin}/compare`);
    await page.locator('details.options > summary').click();
    // The corpus's issuers are offered (a datalist), typed by hand here as a person picks one.
    expect(await page.locator('#issuer-names option').evaluateAll((os) => os.map((o) => o.getAttribute('value')))).toContain('平湖市人民政府');
    await page.locator('input[name="issuer"]').fill('平湖市政府');
    await submitQuery(page, '专精特新');
    expect(await page.locator('.columns > section.column').evaluateAll((cs) => cs.map((c) => c.getAttribute('data-city')))).toEqual(['平湖市']);
    expect(await page.locator('.results-summary').textContent()).toContain('只含发文机关含“平湖市政府”的文件');
    // Sent again with the issuer cleared and a type ticked: the form kept both fields.
    await page.locator('input[name="issuer"]').fill('');
    await page.locator('input[name="type"][value="实施方案"]').check();
    await submitQuery(page, '专精特新');
    expect(new URL(page.url()).searchParams.getAll('type')).toEqual(['实施方案']);
    expect(await page.locator('.columns > section.column').evaluateAll((cs) => cs.map((c) => c.getAttribute('data-city')))).toEqual(['昆山市', '平湖市']);
    await screenshot(page, 'nojs-compare-documents');
    expectClean(report);
  });

  it('6. at phone width (360×740) no page scrolls sideways; compare columns stack (or scroll inside their strip)', async () => {
    const { page, report } = await open('phone', { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    const q = encodeURIComponent('专精特新');
    await page.goto(`${server.origin}/compare?q=${q}`);
    const compare = await pageOverflow(page);
    expect(compare.viewport).toBe(360);
    expect(compare.scrollWidth, JSON.stringify(compare)).toBeLessThanOrEqual(compare.clientWidth + 1);
    // The strip of columns fits the screen; its columns either stack (the phone layout) or scroll inside the strip.
    const strip = await page.locator('.columns').evaluate((el) => ({
      width: el.getBoundingClientRect().width,
      left: el.getBoundingClientRect().left,
      scrollWidth: el.scrollWidth,
      clientWidth: el.clientWidth,
      overflowX: getComputedStyle(el).overflowX,
    }));
    expect(strip.left).toBeGreaterThanOrEqual(0);
    expect(strip.left + strip.width).toBeLessThanOrEqual(361);
    const boxes = await page.locator('.columns > section.column').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    expect(boxes).toHaveLength(CITY_ORDER.length);
    const stacked = boxes.every((b, i) => b.left === boxes[0]!.left && (i === 0 || b.top >= boxes[i - 1]!.bottom));
    if (!stacked) {
      expect(strip.scrollWidth).toBeGreaterThan(strip.clientWidth);
      expect(['auto', 'scroll']).toContain(strip.overflowX);
    }
    for (const box of boxes) expect(box.width, 'a column wider than the screen').toBeLessThanOrEqual(360);
    await screenshot(page, 'phone-compare');

    // The other pages at the same width.
    for (const [name, path] of [
      ['phone-search', `/?q=${q}`],
      ['phone-document', `/doc/${corpus.documents.find((d) => d.city === '平湖市')!.id}`],
      ['phone-documents', '/docs'],
    ] as const) {
      await page.goto(server.origin + path);
      const o = await pageOverflow(page);
      expect(o.scrollWidth, `${name}: ${JSON.stringify(o)}`).toBeLessThanOrEqual(o.clientWidth + 1);
      await screenshot(page, name);
    }
    expectClean(report);
  });

  it('7. no page reported a Content Security Policy violation (and the watcher does see one when there is)', async () => {
    // Pages not visited above: the reader, the document list, an error page.
    const { page, report } = await open('other-pages');
    for (const path of ['/docs', `/doc/${corpus.documents[0]!.id}`, '/no-such-page', `/?q=${encodeURIComponent('首台(套)')}&mode=keyword`]) {
      await page.goto(server.origin + path);
    }
    await screenshot(page, 'search-keyword');
    expect(report.csp).toEqual([]);
    expect(report.pageErrors).toEqual([]);
    // A page that breaks the app's own policy on purpose, served under the app's origin, must be caught.
    const probe = await open('csp-probe');
    const policy = (await fetch(`${server.origin}/`)).headers.get('content-security-policy')!;
    expect(policy).toMatch(/script-src 'self'/);
    await probe.page.route(`${server.origin}/__csp-probe`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': policy }, body: '<!doctype html><p style="color:red">内联样式</p><script>alert(1)</script>' }),
    );
    await probe.page.goto(`${server.origin}/__csp-probe`);
    await expect.poll(() => probe.report.csp.length).toBeGreaterThanOrEqual(2);
    expect(probe.report.dialogs).toEqual([]);

    const offenders = reports.filter((r) => r.test !== 'csp-probe' && r.report.csp.length).map((r) => `${r.test}: ${r.report.csp.join('\n')}`);
    expect(offenders).toEqual([]);
  });
});
