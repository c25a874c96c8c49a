/**
 * The drafting desk in a real browser (Debian's Chromium through playwright-core) over the real seed index: a .docx
 * this test makes is uploaded, the progress bar runs and the report appears; the Word export is downloaded and read
 * back (mammoth): a row per clause, a column per city. Then the same without JavaScript (pasted text, the form posts
 * and the report renders), print media, and a phone's width. Screenshots go to test-results/screenshots/draft-*.png.
 */
import { readFileSync } from 'node:fs';
import { Document, Packer, Paragraph } from 'docx';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { OWN_DRAFT } from '../helpers/own-draft.js';
import { expectCleanPage, pageOverflow, screenshot, seedBrowserSuite } from './browser-helpers.js';

const suite = seedBrowserSuite();
const { open } = suite;
/** The draft's clauses: the lines of OWN_DRAFT after its title that are not section headings. */
const CLAUSES = OWN_DRAFT.split('\n').slice(1).filter((l) => !/^[一二三四五六七八九十]+、/.test(l));
const squash = (s: string | null) => (s ?? '').replace(/\s+/g, '');

/** The first table of a .docx as rows of cell texts (mammoth's HTML). */
async function docxTable(buffer: Buffer): Promise<string[][]> {
  const { value: html } = await mammoth.convertToHtml({ buffer });
  const table = /<table>([\s\S]*?)<\/table>/.exec(html)?.[1] ?? '';
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1]!.replace(/<[^>]+>/g, '')));
}

describe('the drafting desk in Chromium', () => {
  it('uploads a .docx, shows progress and the report, and downloads the Word table: a row per clause, a column per city', async () => {
    const { page, report } = await open('draft-upload', { acceptDownloads: true });
    await page.goto(`${suite.server.origin}/draft`);
    await expect(page.locator('.confidential').textContent()).resolves.toContain('草案不会被保存');
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: OWN_DRAFT.split('\n').map((t) => new Paragraph(t)) }] }));
    await page.locator('input[type="file"][name="file"]').setInputFiles({ name: '征求意见稿.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: docx });
    // The script posts with fetch and shows a progress bar; the page does not navigate.
    const url = page.url();
    await page.getByRole('button', { name: '开始对照' }).click();
    await expect(page.locator('#draft-progress').isVisible()).resolves.toBe(true);
    await page.locator('#draft-report .draft-report').waitFor({ timeout: 60_000 });
    expect(page.url()).toBe(url);
    await expect(page.locator('#draft-progress').isHidden()).resolves.toBe(true);

    const clauses = page.locator('article.draft-clause');
    expect(await clauses.count()).toBe(CLAUSES.length);
    for (let i = 0; i < CLAUSES.length; i++) {
      // The clause's own number is its heading's, not repeated at the start of its text (export audit, s22 finding 9).
      expect(squash(await clauses.nth(i).locator('.draft-text').textContent())).toBe(squash(CLAUSES[i]!.replace(/^[(（][一二三四五六七八九十]+[)）]/u, '')));
      const cities = await clauses.nth(i).locator('.precedents > .column').evaluateAll((cols) => cols.map((c) => c.getAttribute('data-city')));
      expect(cities).toEqual(suite.corpus.cities);
    }
    // The 首台(套) clause lifts Jiangsu's wording: marked on both sides and flagged as reuse.
    const lifted = clauses.nth(CLAUSES.findIndex((c) => c.startsWith('(三)')));
    expect(await lifted.locator('.draft-text mark').count()).toBeGreaterThan(0);
    expect(await lifted.locator('.column[data-city="江苏省"] .precedent .clause mark').count()).toBeGreaterThan(0);
    expect(await lifted.locator('.reuse').textContent()).toMatch(/江苏省.*2018-06-25/s);
    expect(await page.locator('.draft-gaps > li').count()).toBeGreaterThan(0);
    await expect(page.locator('button[data-print]').isVisible()).resolves.toBe(true);
    await screenshot(page, 'draft-report');

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: '下载 Word 条款对照表' }).click()]);
    // Named after the draft's title (no scope was chosen).
    expect(download.suggestedFilename()).toMatch(/^policylens-draft-某市关于加快制造业高质量发展.*\.docx$/);
    const rows = await docxTable(readFileSync((await download.path())!));
    expect(rows[0]).toEqual(['草案条款', ...suite.corpus.cities, '说明']);
    expect(rows).toHaveLength(CLAUSES.length + 1);
    for (const [i, row] of rows.slice(1).entries()) {
      expect(row).toHaveLength(suite.corpus.cities.length + 2);
      expect(squash(row[0]!)).toContain(squash(CLAUSES[i]!));
    }
    expectCleanPage(report);
  });

  it('with a date range, compares with the documents of those years only, and the Word table keeps the range', async () => {
    const { page, report } = await open('draft-dates', { acceptDownloads: true });
    await page.goto(`${suite.server.origin}/draft`);
    await page.locator('textarea#text').fill(OWN_DRAFT);
    // The scope sits in a closed <details> until opened (or until a request already set it).
    await page.getByText('对照范围：地区、成文日期与现行有效').click();
    await page.getByLabel('成文日期自').fill('2023');
    await page.getByRole('button', { name: '开始对照' }).click();
    await page.locator('#draft-report .draft-report').waitFor({ timeout: 60_000 });
    // Jiangsu's 2018 opinion and Qingdao's undated plan are outside the range: their places have no column.
    await expect(page.locator('.results-summary').first().textContent()).resolves.toMatch(/与 昆山市、平湖市 的 \d+ 份文件逐条对照 · 成文日期 2023-01-01 起/);
    const cities = await page.locator('article.draft-clause').first().locator('.precedents > .column').evaluateAll((cols) => cols.map((c) => c.getAttribute('data-city')));
    expect(cities).toEqual(['昆山市', '平湖市']);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: '下载 Word 条款对照表' }).click()]);
    const rows = await docxTable(readFileSync((await download.path())!));
    expect(rows[0]).toEqual(['草案条款', '昆山市', '平湖市', '说明']);
    expectCleanPage(report);
  });

  it('without JavaScript, pasted text posts and the report renders; print media shows the report only', async () => {
    const { page, report } = await open('draft-nojs', { javaScriptEnabled: false });
    await page.goto(`${suite.server.origin}/draft`);
    await page.locator('textarea#text').fill(OWN_DRAFT);
    await Promise.all([page.waitForURL(`${suite.server.origin}/draft`), page.getByRole('button', { name: '开始对照' }).click()]);
    expect(await page.locator('article.draft-clause').count()).toBe(CLAUSES.length);
    expect(await page.locator('h2#report-title').textContent()).toContain('某市关于加快制造业高质量发展的若干政策措施');
    // Without the script the print button stays hidden; the export buttons are plain form buttons.
    await expect(page.locator('button[data-print]').isHidden()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: '下载 CSV' }).isVisible()).resolves.toBe(true);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('#draft-form').isHidden()).resolves.toBe(true);
    await expect(page.locator('.draft-export').isHidden()).resolves.toBe(true);
    await expect(page.locator('article.draft-clause').first().isVisible()).resolves.toBe(true);
    await expect(page.locator('.confidential').isVisible()).resolves.toBe(true);
    // On a narrow page the places wrap onto more rows rather than shrink (16 once printed a character per line).
    await page.setViewportSize({ width: 600, height: 900 });
    const widths = await page.locator('article.draft-clause').first().locator('.column').evaluateAll((cols) => cols.map((c) => c.getBoundingClientRect().width));
    expect(widths.length).toBeGreaterThan(1);
    expect(Math.min(...widths)).toBeGreaterThanOrEqual(170);
    await screenshot(page, 'draft-print');
    expectCleanPage(report);
  });

  it('shows a refusal in the page, with and without the script', async () => {
    const { page, report } = await open('draft-refusal');
    await page.goto(`${suite.server.origin}/draft`);
    await page.locator('textarea#text').fill('一、总则');
    await page.getByRole('button', { name: '开始对照' }).click();
    await page.locator('#draft-error .error').waitFor();
    expect(await page.locator('#draft-error .error').textContent()).toContain('只找到 1 个章节标题，没有条款正文');
    // The refusal keeps its status (422), which Chromium logs as a failed load; nothing else may be logged.
    expect(report.consoleErrors).toEqual([expect.stringMatching(/status of 422 .*\/draft\)$/)]);
    report.consoleErrors.length = 0;
    expectCleanPage(report);
    // Without the script the form posts and the page comes back with the message and the text.
    const { page: plain, report: plainReport } = await open('draft-refusal-nojs', { javaScriptEnabled: false });
    await plain.goto(`${suite.server.origin}/draft`);
    await plain.locator('textarea#text').fill('一、总则');
    await Promise.all([plain.waitForURL(`${suite.server.origin}/draft`), plain.getByRole('button', { name: '开始对照' }).click()]);
    expect(await plain.locator('#draft-error .error').textContent()).toContain('只找到 1 个章节标题，没有条款正文');
    expect(await plain.locator('textarea#text').inputValue()).toBe('一、总则');
    expect(plainReport.consoleErrors).toEqual([expect.stringMatching(/status of 422/)]);
  });

  it('at phone width (360×740) the report does not scroll the page sideways', async () => {
    const { page, report } = await open('draft-phone', { viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    await page.goto(`${suite.server.origin}/draft`);
    await page.locator('textarea#text').fill(OWN_DRAFT);
    await Promise.all([page.waitForURL(`${suite.server.origin}/draft`), page.getByRole('button', { name: '开始对照' }).click()]);
    const o = await pageOverflow(page);
    expect(o.scrollWidth, JSON.stringify(o)).toBeLessThanOrEqual(o.clientWidth);
    await screenshot(page, 'draft-phone');
    expectCleanPage(report);
  });
});
