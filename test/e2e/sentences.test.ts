/**
 * Measure sentences in a real browser (Debian's Chromium through playwright-core) over the real seed index (issue 9):
 * on Qingdao's clause that bundles five measures, a reader picks the 首台(套) sentence — with JavaScript off, since
 * the pick is a plain link — and sees it underlined in the clause and each other region's counterpart of that one
 * sentence, with the counterpart's own matching sentence underlined too; then goes back to the whole clause. Search
 * results underline their best sentence on screen and in print. Screenshots go to test-results/screenshots/sentences-*.png.
 */
import type { Locator } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hit } from '../../src/search/types.js';
import { expectCleanPage, screenshot, seedBrowserSuite } from './browser-helpers.js';

const suite = seedBrowserSuite();
/** Qingdao's "(一)增强制造业创新体系效能……" and the index of its 首台(套) sentence, read from the index. */
let bundled: Hit;
let firstUnit: number;

/** 首台(套) however it is spelt, whitespace ignored. */
const namesFirstUnit = (s: string | null) => (s ?? '').replace(/[\s()（）]/g, '').includes('首台套');
const squash = (s: string | null) => (s ?? '').replace(/\s+/g, '');

beforeAll(() => {
  const qingdao = suite.corpus.documents.find((d) => d.city === '青岛市')!;
  bundled = suite.engine.document(qingdao.id).paragraphs.find((p) => p.sentences.length > 2 && p.sentences.some((s) => namesFirstUnit(s.text)))!;
  firstUnit = bundled.sentences.findIndex((s) => namesFirstUnit(s.text));
});

/** How the browser draws an element: the underline and background that set the matched sentence apart. */
function decoration(locator: Locator): Promise<{ line: string; background: string; fontStyle: string }> {
  return locator.evaluate((el) => {
    const s = getComputedStyle(el);
    return { line: s.textDecorationLine, background: s.backgroundColor, fontStyle: s.fontStyle };
  });
}

describe('measure sentences in Chromium', () => {
  it('without JavaScript: pick the 首台(套) sentence of a bundled clause, see it underlined and its counterparts per city; go back to the whole clause', async () => {
    expect(bundled, 'a Qingdao clause with three or more sentences, one naming 首台(套)').toBeDefined();
    expect(firstUnit).toBeGreaterThan(0);
    const { page, report } = await suite.open('sentences-pick', { javaScriptEnabled: false });
    await page.goto(`${suite.server.origin}/p/${bundled.id}`);

    // The clause's sentences are listed, in order, as links; none is chosen and nothing in the clause is underlined.
    const links = page.locator('nav.sentences ol.sentence-list a');
    expect(await links.count()).toBe(bundled.sentences.length);
    expect((await links.allTextContents()).map(squash)).toEqual(bundled.sentences.map((s) => squash(s.text)));
    expect(await page.locator('#clause em.matched-sentence').count()).toBe(0);
    await expect.poll(() => page.locator('#similar-title').textContent()).toContain('各地的相似条款');

    await Promise.all([page.waitForURL((u) => u.searchParams.get('sentence') === String(firstUnit)), links.nth(firstUnit).click()]);
    expect(new URL(page.url()).hash).toBe('#similar');

    // The chosen sentence is underlined in the clause, and only it.
    const chosen = page.locator('#clause em.matched-sentence');
    expect(await chosen.count()).toBe(1);
    expect(squash(await chosen.textContent())).toBe(squash(bundled.sentences[firstUnit]!.text));
    expect(await chosen.isVisible()).toBe(true);
    const look = await decoration(chosen);
    expect(look.line).toContain('underline');
    expect(look.fontStyle).toBe('normal');
    expect(look.background).not.toBe('rgba(0, 0, 0, 0)');
    expect(await page.locator('nav.sentences a[aria-current="true"]').textContent().then(squash)).toBe(squash(bundled.sentences[firstUnit]!.text));
    expect(await page.locator('#similar-title').textContent()).toContain(`第 ${firstUnit + 1} 句`);
    // The link jumped to the counterparts: their heading is on screen.
    expect(await page.locator('#similar-title').isVisible()).toBe(true);
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);

    // One column per other region (Qingdao's only document is the source); each holds a 首台(套) clause in its top 3
    // whose own underlined sentence is the one naming 首台(套).
    const columns = page.locator('#similar .columns > section.column');
    // A column's header reads place · kind · parent (昆山市 · 县级市 · 苏州市); its place is the first part.
    const placeOf = (header: string) => header.split('·')[0]!.trim();
    expect((await columns.locator('h3').allTextContents()).map(placeOf)).toEqual(['昆山市', '江苏省', '平湖市']);
    for (const column of await columns.all()) {
      const city = placeOf((await column.locator('h3').textContent())!);
      const clauses = column.locator('.hit .clause');
      expect(await clauses.count(), city).toBeLessThanOrEqual(3);
      const texts = await clauses.allTextContents();
      const at = texts.findIndex(namesFirstUnit);
      expect(at, `${city}: ${texts.map((t) => squash(t).slice(0, 24)).join(' | ')}`).toBeGreaterThanOrEqual(0);
      const underlined = clauses.nth(at).locator('em.matched-sentence');
      expect(await underlined.count(), city).toBe(1);
      expect(namesFirstUnit(await underlined.textContent()), city).toBe(true);
      for (const metaCity of await column.locator('.hit-meta .city').allTextContents()) expect(metaCity.trim()).toBe(city);
    }
    await screenshot(page, 'sentences-picked');

    // Back to the whole clause.
    await Promise.all([page.waitForURL((u) => !u.searchParams.has('sentence')), page.locator('a.whole-clause').click()]);
    expect(await page.locator('#clause em.matched-sentence').count()).toBe(0);
    expect(await page.locator('nav.sentences a[aria-current]').count()).toBe(0);
    expect(await page.locator('#similar-title').textContent()).toContain('各地的相似条款');
    expectCleanPage(report);
  });

  it('an out-of-range sentence is the 400 page with the message', async () => {
    const { page, report } = await suite.open('sentences-bad');
    const res = await page.goto(`${suite.server.origin}/p/${bundled.id}?sentence=${bundled.sentences.length}`);
    expect(res?.status()).toBe(400);
    expect(await page.locator('#error-title').textContent()).toBe('请求有误');
    expect(await page.locator('.error').textContent()).toContain(`这条条款没有第 ${bundled.sentences.length} 句`);
    // The code is the API's: the page shows the status, the code out of sight (s22 verifying audit).
    expect(await page.locator('.error-code').textContent()).toBe('错误代码 400');
    expect(await page.locator('.error-code').getAttribute('data-code')).toBe('UNKNOWN_SENTENCE');
    // The 400 is reported by the browser as a failed load; that is the page's point, not a fault in it.
    expect(report.csp).toEqual([]);
    expect(report.pageErrors).toEqual([]);
  });

  it('search results underline their best sentence, on screen and in print, with the query marks inside it', async () => {
    const { page, report } = await suite.open('sentences-search');
    await page.goto(`${suite.server.origin}/?q=${encodeURIComponent('首台(套)')}`);
    const underlined = page.locator('ol.hits .clause em.matched-sentence');
    expect(await underlined.count()).toBeGreaterThan(2);
    for (const em of await underlined.all()) {
      if (!namesFirstUnit(await em.locator('xpath=ancestor::p[1]').textContent())) continue;
      // In a clause naming 首台(套), the underlined sentence is the one that does, and its mark sits inside it.
      expect(namesFirstUnit(await em.textContent())).toBe(true);
      expect(await em.locator('mark').count()).toBeGreaterThan(0);
    }
    await screenshot(page, 'sentences-search');
    await page.emulateMedia({ media: 'print' });
    const printed = await decoration(underlined.first());
    expect(printed.line).toContain('underline');
    expect(printed.background).toBe('rgba(0, 0, 0, 0)');
    expectCleanPage(report);
  });
});
