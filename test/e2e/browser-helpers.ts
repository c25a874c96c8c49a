/**
 * Plumbing for the browser tests: Debian's Chromium driven by playwright-core (no browser download), the app served
 * on an ephemeral loopback port, a watcher that records what a page reports (CSP violations, script errors,
 * dialogs) and full-page screenshots under test-results/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Express } from 'express';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { analysisFor } from '../../src/analysis/index.js';
import { PROJECT_ROOT } from '../../src/config.js';
import type { Engine } from '../../src/search/engine.js';
import type { CorpusInfo } from '../../src/search/types.js';
import { createApp } from '../../src/server/app.js';
import { seedEngine } from '../helpers/seed-index.js';

/** Debian's package puts the browser here; CHROMIUM_PATH overrides it on other machines. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * We run as root (so no sandbox) on machines with no GPU and no network beyond the package registries: every
 * background service that would phone home is switched off.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Screenshots land here (git-ignored: /test-results/). */
export const SCREENSHOT_DIR = join(PROJECT_ROOT, 'test-results', 'screenshots');

/**
 * Launches Chromium, or fails with the command that fixes a missing browser (the tests must not skip silently).
 * @example const browser = await launchChromium(); … await browser.close();
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}: the browser tests need it. Install it with ` +
        '`apt-get install chromium fonts-noto-cjk` (CI does this in .ci/run), or set CHROMIUM_PATH to a Chromium binary.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface Served {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves an express app on 127.0.0.1 with a port the OS picks.
 * @example const server = await serve(createApp({ engine: () => engine, analysis: () => analysisFor(engine) })); await page.goto(server.origin + '/');
 */
export function serve(app: Express): Promise<Served> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, '127.0.0.1');
    server.once('error', reject);
    server.once('listening', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.closeAllConnections();
            server.close((err) => (err ? fail(err) : done()));
          }),
      });
    });
  });
}

/** What a page reported while a test used it. */
export interface PageReport {
  /** Console messages about the Content Security Policy (Chromium logs each blocked script, style or request). */
  csp: string[];
  /** Every other console error (failed loads, script errors logged by the page). */
  consoleErrors: string[];
  /** Uncaught exceptions in page scripts. */
  pageErrors: string[];
  /** alert/confirm/prompt dialogs that opened (each is dismissed at once). */
  dialogs: string[];
}

/** Chromium's wording for a CSP violation: "… violates the following Content Security Policy directive …". */
const CSP_MESSAGE = /Content Security Policy|Content-Security-Policy/i;

/** Starts recording what `page` reports; read the returned object after the page has been used. */
export function watchPage(page: Page): PageReport {
  const report: PageReport = { csp: [], consoleErrors: [], pageErrors: [], dialogs: [] };
  page.on('console', (message) => {
    const line = `${message.type()}: ${message.text()} (${page.url()})`;
    if (CSP_MESSAGE.test(message.text())) report.csp.push(line);
    else if (message.type() === 'error') report.consoleErrors.push(line);
  });
  page.on('pageerror', (error) => report.pageErrors.push(`${error.message} (${page.url()})`));
  page.on('dialog', (dialog) => {
    report.dialogs.push(`${dialog.type()}: ${dialog.message()} (${page.url()})`);
    void dialog.dismiss().catch(() => undefined);
  });
  return report;
}

/**
 * Saves a full-page PNG as test-results/screenshots/<name>.png and returns its path.
 * @example await screenshot(page, 'compare') // …/test-results/screenshots/compare.png
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Layout numbers of the page at its current size, to check for sideways overflow. */
export interface Overflow {
  viewport: number;
  /** The document's scroll width and client width (document.scrollingElement). */
  scrollWidth: number;
  clientWidth: number;
}

export function pageOverflow(page: Page): Promise<Overflow> {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return { viewport: window.innerWidth, scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
  });
}

/**
 * Fresh, watched browser contexts for a test file: `open()` one per test, `closeContexts()` after each, and every
 * page's report kept for checks that span the whole file (no CSP violation on any page).
 */
export class PageSession {
  private contexts: BrowserContext[] = [];
  readonly reports: { test: string; report: PageReport }[] = [];

  async open(browser: Browser, name: string, options: Parameters<Browser['newContext']>[0] = {}): Promise<{ page: Page; report: PageReport }> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1280, height: 900 }, ...options });
    this.contexts.push(context);
    const page = await context.newPage();
    const report = watchPage(page);
    this.reports.push({ test: name, report });
    return { page, report };
  }

  async closeContexts(): Promise<void> {
    await Promise.all(this.contexts.map((c) => c.close()));
    this.contexts = [];
  }
}

/** A page ran clean: no CSP violation, script error, console error or dialog. */
export function expectCleanPage(report: PageReport): void {
  expect(report.csp, 'CSP violations').toEqual([]);
  expect(report.pageErrors, 'script errors').toEqual([]);
  expect(report.consoleErrors, 'console errors').toEqual([]);
  expect(report.dialogs, 'dialogs').toEqual([]);
}

/** What a browser test over the real seed index works with (filled in by the suite's `beforeAll`). */
export interface SeedBrowserSuite {
  engine: Engine;
  corpus: CorpusInfo;
  server: Served;
  browser: Browser;
  session: PageSession;
  /** A fresh context and page, watched for CSP violations and errors (closed after each test). */
  open(name: string, options?: Parameters<Browser['newContext']>[0]): Promise<{ page: Page; report: PageReport }>;
}

/**
 * Sets up the browser suite every e2e file shares: the app over the real seed index served on a free port and
 * Chromium launched before the tests, each test's contexts closed after it, both closed at the end.
 */
export function seedBrowserSuite(): SeedBrowserSuite {
  const suite = { session: new PageSession() } as SeedBrowserSuite;
  suite.open = (name, options = {}) => suite.session.open(suite.browser, name, options);
  beforeAll(async () => {
    suite.engine = await seedEngine();
    suite.corpus = suite.engine.corpus();
    suite.server = await serve(createApp({ engine: () => suite.engine, analysis: () => analysisFor(suite.engine), logger: pino({ level: 'silent' }) }));
    suite.browser = await launchChromium();
  });
  afterEach(() => suite.session.closeContexts());
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}
