/**
 * The analyst views in a real browser (Debian's Chromium through playwright-core) over the real seed index: the
 * measure × city matrix, its links to clauses and to the comparison, the clause diff reached from the comparison
 * page (without JavaScript) and from a paragraph's similar clauses, the targets table, and a phone's width.
 * Screenshots go to test-results/screenshots/analysis-*.png.
 */
import { describe, expect, it } from 'vitest';
import { expectCleanPage, pageOverflow, type PageReport, screenshot, seedBrowserSuite, watchPage } from './browser-helpers.js';

const suite = seedBrowserSuite();
const { open } = suite;
const reports = suite.session.reports;

const expectClean = expectCleanPage;

/** The visible text of an element, whitespace collapsed (clause text is laid out over several lines). */
const squash = (s: string | null) => (s ?? '').replace(/\s+/g, '');

describe('analyst views in Chromium', () => {
  it('/matrix renders a column for every city and a cell for every measure and city', async () => {
    const { page, report } = await open('matrix');
    await page.goto(`${suite.server.origin}/matrix`);
    const headers = await page.locator('.matrix-table thead th.city').allTextContents();
    expect(headers.map((h) => suite.corpus.cities.find((c) => h.startsWith(c)))).toEqual(suite.corpus.cities);
    const rows = page.locator('.matrix-table tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(15);
    for (let i = 0; i < (await rows.count()); i++) {
      const cells = rows.nth(i).locator('td.cell');
      expect(await cells.count()).toBe(suite.corpus.cities.length);
      expect(await cells.evaluateAll((tds) => tds.map((td) => td.getAttribute('data-city')))).toEqual(suite.corpus.cities);
    }
    // A silent city is said so, not left blank; a filled cell is shaded and counts its clauses.
    const gaps = await page.locator('td.cell.level-0 .gap').allTextContents();
    expect(gaps.every((g) => g === '未达归入线')).toBe(true);
    expect(await page.locator('td.cell:not(.level-0) .count').count()).toBe((await rows.count()) * suite.corpus.cities.length - gaps.length);
    const shaded = await page.locator('td.cell.level-4').first().evaluate((td) => getComputedStyle(td).backgroundColor);
    const blank = await page.locator('td.cell').first().evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(shaded).not.toBe(blank);
    await screenshot(page, 'analysis-matrix');
    // A gap whose place names the measure's seed terms under the bar links to those clauses (平湖 × 财政奖补's p0029).
    const near = page.locator('td.cell.level-0[data-city="平湖市"] a.near-count').first();
    const n = Number((await near.textContent())!.match(/^(\d+) 条含种子词$/)![1]);
    await Promise.all([page.waitForURL(/\/matrix\/cell\?/), near.click()]);
    expect(await page.locator('article.near-miss').count()).toBe(n);
    expectClean(report);
  });

  it('a matrix cell links to its best clause; a measure opens the comparison for it', async () => {
    const { page, report } = await open('matrix-links');
    await page.goto(`${suite.server.origin}/matrix`);
    const cell = page.locator('td.cell[data-city="平湖市"] a.best-clause').first();
    const snippet = squash(await cell.textContent()).replace(/^…|…$/g, '');
    await Promise.all([page.waitForURL(/\/p\//), cell.click()]);
    expect(squash(await page.locator('#clause').textContent())).toContain(snippet);
    await screenshot(page, 'analysis-matrix-clause');

    await page.goto(`${suite.server.origin}/matrix`);
    const measure = page.locator('.matrix-table tbody tr').first().locator('a.row-link');
    const name = await measure.textContent();
    await Promise.all([page.waitForURL(/\/compare\?q=/), measure.click()]);
    expect(new URL(page.url()).searchParams.get('q')).toBeTruthy();
    expect(await page.locator('.columns > .column').count()).toBe(suite.corpus.cities.length);
    expect(name).toBeTruthy();
    expectClean(report);
  });

  it('without JavaScript, two cards ticked on the comparison page open the diff with both clauses', async () => {
    const { page, report } = await open('diff-from-compare', { javaScriptEnabled: false });
    await page.goto(`${suite.server.origin}/compare?q=${encodeURIComponent('专精特新')}`);
    const columns = page.locator('.columns > .column');
    const left = columns.nth(0).locator('article.hit').first();
    const right = columns.nth(2).locator('article.hit').first();
    const texts = [squash(await left.locator('.clause').textContent()), squash(await right.locator('.clause').textContent())];
    await left.locator('input[type="checkbox"][name="id"]').check();
    await right.locator('input[type="checkbox"][name="id"]').check();
    await Promise.all([page.waitForURL(/\/diff\?/), page.getByRole('button', { name: '并排对比所选两条' }).click()]);
    expect(new URL(page.url()).searchParams.getAll('id')).toHaveLength(2);
    const clauses = page.locator('.diff-clause .clause');
    expect(await clauses.count()).toBe(2);
    expect([squash(await clauses.nth(0).textContent()), squash(await clauses.nth(1).textContent())]).toEqual(texts);
    // Shared phrases are marked in both clauses, and the parameters table has a row per kind.
    expect(await clauses.nth(0).locator('mark').count()).toBeGreaterThan(0);
    expect(await clauses.nth(1).locator('mark').count()).toBeGreaterThan(0);
    expect(await page.locator('table.parameters tbody tr').count()).toBe(5);
    await screenshot(page, 'analysis-diff');
    expectClean(report);
  });

  it('from a paragraph’s similar clauses, “与本条对比” opens the diff of the two', async () => {
    const { page, report } = await open('diff-from-similar');
    const id = '000_dcbe0bbe788de573:p0036';
    await page.goto(`${suite.server.origin}/p/${id}`);
    const own = squash(await page.locator('#clause').textContent());
    const link = page.getByRole('link', { name: '与本条对比' }).first();
    const card = page.locator('article.hit', { has: link }).first();
    const other = squash(await card.locator('.clause').textContent());
    await Promise.all([page.waitForURL(/\/diff\?/), link.click()]);
    expect(new URL(page.url()).searchParams.get('a')).toBe(id);
    const clauses = page.locator('.diff-clause .clause');
    expect([squash(await clauses.nth(0).textContent()), squash(await clauses.nth(1).textContent())]).toEqual([own, other]);
    await screenshot(page, 'analysis-diff-from-similar');
    expectClean(report);
  });

  it('/targets shows targets of the same kind side by side across cities, with units and bases', async () => {
    const { page, report } = await open('targets');
    await page.goto(`${suite.server.origin}/targets`);
    const headers = await page.locator('table.side-by-side thead th').allTextContents();
    // Each place is headed with its kind and parent: 昆山市 · 县级市 · 苏州市.
    expect(headers.slice(1).map((h) => h.split(' · ')[0])).toEqual(suite.corpus.cities);
    const rd = page.locator('table.side-by-side tbody tr', { hasText: '研发' }).first();
    expect(await rd.locator('.caution').textContent()).toContain('基数不同');
    const values = await rd.locator('.value').allTextContents();
    expect(values).toEqual(expect.arrayContaining(['4%', '2.2%']));
    expect(await page.locator('table.targets-table tbody tr:not(.group-row)').count()).toBeGreaterThan(200);
    await screenshot(page, 'analysis-targets');
    // Filtering keeps the form and narrows the table to the query's groups.
    await page.locator('input[name="q"]').fill('研发投入');
    await Promise.all([page.waitForURL(/q=/), page.locator('input[name="q"]').press('Enter')]);
    const filtered = await page.locator('table.targets-table tbody tr:not(.group-row)').count();
    expect(filtered).toBeGreaterThan(1);
    expect(filtered).toBeLessThan(50);
    expectClean(report);
  });

  it('at phone width (360×740) the matrix and the diff do not scroll the page sideways', async () => {
    const { page, report } = await open('phone', { viewport: { width: 360, height: 740 }, isMobile: true });
    for (const [name, path] of [
      ['matrix', '/matrix'],
      ['diff', '/diff?a=000_dcbe0bbe788de573:p0036&b=002_86af085e02e72586:p0014'],
      ['targets', '/targets?q=' + encodeURIComponent('亩均')],
    ] as const) {
      await page.goto(`${suite.server.origin}${path}`);
      const o = await pageOverflow(page);
      expect(o.scrollWidth, `${name}: ${JSON.stringify(o)}`).toBeLessThanOrEqual(o.clientWidth + 1);
      await screenshot(page, `analysis-phone-${name}`);
    }
    expectClean(report);
  });
});
