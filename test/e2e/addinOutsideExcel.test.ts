// The add-in's URL opened in a plain browser tab (no Excel around it): the page says it runs
// inside Excel and how to add it, and offers the manifest, instead of "Loading…" forever.
import { ensureBundle, openPlainBrowser, requireChromium, screenshotPane, ADDIN_DIR, type PaneSession, type PlainBrowserOffice } from './support/browser';
import { startFakeCrossdock, type FakeCrossdock } from './support/fakeCrossdock';

jest.setTimeout(120_000);

describe('the task pane opened outside Excel', () => {
  let server: FakeCrossdock;
  let session: PaneSession | null = null;

  beforeAll(async () => {
    requireChromium();
    ensureBundle();
    server = await startFakeCrossdock({ addinDir: ADDIN_DIR, datasets: [] });
  });

  afterEach(async () => {
    await session?.close();
    session = null;
  });

  afterAll(async () => {
    await server?.close();
  });

  it.each<[string, PlainBrowserOffice, string]>([
    ['finds no Office host', 'no host', 'outside-excel'],
    ['cannot be loaded', 'unreachable', 'outside-excel-offline'],
  ])('says it runs inside Excel and how to sideload it when office.js %s', async (_when, office, shot) => {
    session = await openPlainBrowser(server.url, office);
    const { page } = session;
    await page.waitForSelector('#outside-office', { timeout: 5_000 });
    expect(await page.textContent('#outside-office h1')).toBe('Crossdock runs inside Excel');
    expect(await page.$('#loading')).toBeNull();
    const steps = await page.$$eval('#outside-office li', (l) => l.map((e) => e.textContent));
    expect(steps[0]).toContain('Insert › Add-ins › More add-ins › Upload My Add-in');
    expect(steps[1]).toContain('npm run start:excel');
    // The manifest it offers is the one the server's add-in is built for.
    const href = await page.getAttribute('#download-manifest', 'href');
    const manifest = await page.evaluate(async (h) => (await fetch(h as string)).text(), href);
    expect(manifest).toContain('<OfficeApp');
    expect(manifest).toContain('https://localhost:3000/addin/taskpane.html');
    await screenshotPane(page, shot);
  });

  it('speaks Chinese to a Chinese browser', async () => {
    session = await openPlainBrowser(server.url, 'no host', 'zh-CN');
    await session.page.waitForSelector('#outside-office');
    expect(await session.page.textContent('#outside-office h1')).toBe('Crossdock 需要在 Excel 中运行');
  });
});
