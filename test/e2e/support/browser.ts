// Headless Debian Chromium for the add-in's end-to-end tests and benchmark: builds the production
// bundle (and the fake Office host) when stale, and opens the task pane with office.js replaced
// by the fake host through route interception. Nothing leaves 127.0.0.1.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Route } from 'playwright-core';

export const ROOT = join(__dirname, '..', '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
export const ADDIN_DIR = join(ROOT, 'dist', 'addin');
export const FAKE_HOST = join(ROOT, 'dist', 'e2e', 'fake-office.js');
export const OUTPUT_DIR = join(ROOT, 'test-output', 'addin');
const OFFICE_JS = /^https:\/\/appsforoffice\.microsoft\.com\/.*office\.js$/;

export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: the add-in end-to-end tests need it. Install it with \`apt-get install -y chromium\` (.ci/run does this).`);
  }
}

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, f) => Math.max(m, newestMtime(join(path, f))), 0);
}

const BUILD_LOCK = join(ROOT, 'dist', '.e2e-build.lock');

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Builds dist/addin and dist/e2e/fake-office.js unless they are newer than their sources. Test
 * files run in parallel workers, so one builds while the others wait on a lock directory.
 */
export function ensureBundle(): void {
  const outputs = [join(ADDIN_DIR, 'taskpane.html'), FAKE_HOST];
  const sources = [join(ROOT, 'addin'), join(ROOT, 'test', 'support', 'fakeExcel'), join(ROOT, 'webpack.config.js'), join(ROOT, 'manifest.xml')];
  const fresh = () => outputs.every(existsSync) && Math.min(...outputs.map((o) => statSync(o).mtimeMs)) > Math.max(...sources.map(newestMtime));
  if (fresh()) return;
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  for (const started = Date.now(); ; sleep(500)) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch {
      // Another worker builds; a lock older than 5 minutes is left over from a killed run.
      if (existsSync(BUILD_LOCK) && Date.now() - statSync(BUILD_LOCK).mtimeMs > 300_000) rmSync(BUILD_LOCK, { recursive: true, force: true });
      if (Date.now() - started > 360_000) throw new Error(`waited 6 minutes for ${BUILD_LOCK}`);
    }
  }
  try {
    if (fresh()) return;
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'webpack', 'bin', 'webpack.js'), '--mode', 'production', '--env', 'fakeHost'], { cwd: ROOT, stdio: 'pipe', timeout: 300_000 });
    // webpack leaves unchanged files untouched: mark both outputs as built now.
    const now = new Date();
    for (const o of outputs) utimesSync(o, now, now);
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

export interface PaneOptions {
  /** Office's display language the fake host reports (default en-US). */
  displayLanguage?: string;
  /** The ExcelApi version the fake host supports and enforces (default 1.13). */
  excelApi?: string;
  ignoreHTTPSErrors?: boolean;
}

export interface PaneSession {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** How a session answers the page's request for office.js. */
type OfficeJsAnswer = (route: Route) => Promise<void>;

/**
 * A fresh Chromium profile with `baseUrl`/addin/taskpane.html loaded: office.js answered by
 * `officeJs`, the local server reached, every other host refused (never the network). Closing it
 * fails when the page threw.
 */
async function launchPage(
  baseUrl: string,
  officeJs: OfficeJsAnswer,
  options: { height: number; locale?: string; ignoreHTTPSErrors?: boolean; init?: (context: BrowserContext) => Promise<unknown> },
): Promise<PaneSession> {
  requireChromium();
  const profile = mkdtempSync(join(tmpdir(), 'crossdock-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ...(options.locale ? { locale: options.locale } : {}),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 360, height: options.height },
    ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
  });
  await options.init?.(context);
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (OFFICE_JS.test(url)) return officeJs(route);
    const host = new URL(url).hostname;
    if (host === '127.0.0.1' || host === 'localhost') return route.continue();
    return route.abort('blockedbyclient');
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${baseUrl}/addin/taskpane.html`);
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      if (errors.length) throw new Error(`the page threw: ${errors.join('; ')}`);
    },
  };
}

/** A fresh Chromium profile with the pane loaded from `baseUrl` (…/addin/taskpane.html) in the fake Office host. */
export async function openPane(baseUrl: string, options: PaneOptions = {}): Promise<PaneSession> {
  const fakeHost = readFileSync(FAKE_HOST, 'utf8');
  const session = await launchPage(baseUrl, (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: fakeHost }), {
    height: 900,
    ignoreHTTPSErrors: options.ignoreHTTPSErrors,
    init: (context) =>
      context.addInitScript(([lang, excelApi]) => {
        (window as unknown as { __fakeOfficeConfig: unknown }).__fakeOfficeConfig = { displayLanguage: lang, excelApi };
      }, [options.displayLanguage ?? 'en-US', options.excelApi ?? '1.13'] as const),
  });
  await session.page.waitForSelector('#connection');
  return session;
}

export async function connect(page: Page, server: string, token: string): Promise<void> {
  await page.fill('#server', server);
  await page.fill('#token', token);
  await page.click('#connect');
  await page.waitForSelector('#who', { timeout: 20_000 });
}

/** Waits until the pane is idle again and returns the notices it shows. */
export async function settle(page: Page, timeout = 60_000): Promise<string[]> {
  await page.waitForFunction(() => !document.getElementById('busy'), undefined, { timeout });
  return page.$$eval('#notices li', (els) => els.map((e) => e.textContent ?? ''));
}

export async function screenshotPane(page: Page, name: string): Promise<string> {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const file = join(OUTPUT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Renders a sheet of the fake workbook as HTML and screenshots it. */
export async function screenshotSheet(session: PaneSession, sheet: string, name: string, maxRows = 30): Promise<string> {
  const html = await session.page.evaluate(([s, n]) => (window as unknown as { __fakeWorkbook: { renderHtml(s: string, n: number): string } }).__fakeWorkbook.renderHtml(s, n), [sheet, maxRows] as const);
  mkdirSync(OUTPUT_DIR, { recursive: true });
  writeFileSync(join(OUTPUT_DIR, `${name}.html`), html);
  const view = await session.context.newPage();
  await view.setViewportSize({ width: 1500, height: 900 });
  await view.setContent(html);
  const file = join(OUTPUT_DIR, `${name}.png`);
  await view.screenshot({ path: file, fullPage: true });
  await view.close();
  return file;
}

/** Calls a method of window.__fakeWorkbook in the page. */
export async function workbook<T>(page: Page, method: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(([m, a]) => {
    const wb = (window as unknown as { __fakeWorkbook: Record<string, (...x: unknown[]) => unknown> }).__fakeWorkbook;
    return wb[m as string](...(a as unknown[]));
  }, [method, args] as const) as Promise<T>;
}

/**
 * How office.js behaves when the pane is opened in a plain browser tab: it does not load at all
 * (offline, blocked), or it loads and Office.onReady reports no host (host and platform null).
 */
export type PlainBrowserOffice = 'unreachable' | 'no host';

const OFFICE_JS_OUTSIDE_OFFICE = `window.Office = { HostType: { Excel: 'Excel' }, onReady: function (cb) { var info = { host: null, platform: null }; return Promise.resolve(info).then(function () { if (cb) cb(info); return info; }); } };`;

/** The pane's URL opened in a plain browser tab, with no Office host around it. */
export function openPlainBrowser(baseUrl: string, office: PlainBrowserOffice, locale = 'en-US'): Promise<PaneSession> {
  const officeJs: OfficeJsAnswer = (route) =>
    office === 'unreachable' ? route.abort('internetdisconnected') : route.fulfill({ status: 200, contentType: 'text/javascript', body: OFFICE_JS_OUTSIDE_OFFICE });
  return launchPage(baseUrl, officeJs, { height: 700, locale });
}
