// End to end: the production add-in bundle in headless Chromium, office.js replaced by the fake
// Excel host, talking to a stand-in Crossdock server on 127.0.0.1 (test/e2e/support/fakeCrossdock).
// The run against the real `crossdock serve` on demo data is test/e2e/addinRealServer.test.ts.
import { connect, ensureBundle, openPane, requireChromium, screenshotPane, screenshotSheet, settle, workbook, ADDIN_DIR, type PaneSession } from './support/browser';
import { startFakeCrossdock, type FakeCrossdock } from './support/fakeCrossdock';
import { analyticsDatasets, HOSTILE, stockListings } from './support/fixtureDatasets';
import type { CellInfo } from '../support/fakeExcel';

jest.setTimeout(300_000);

/** Expected cell value, computed here independently of addin/core. */
function expectedCell(value: unknown, type: string): unknown {
  if (value === null) return '';
  if (type === 'date') return (Date.parse(`${value as string}T00:00:00Z`) - Date.UTC(1899, 11, 30)) / 86_400_000;
  if (type === 'timestamp') return Math.round((Date.parse(value as string) - Date.UTC(1899, 11, 30)) / 1000) / 86_400;
  return value;
}

describe('the Excel add-in in a browser (stand-in server)', () => {
  let server: FakeCrossdock;
  let session: PaneSession | null = null;
  const datasets = analyticsDatasets();

  beforeAll(async () => {
    requireChromium();
    ensureBundle();
    datasets.push({ spec: { name: 'supplier_scorecard', title: '<img src=x onerror="window.__pwned=1">', description: '<b>bold?</b>', params: [], columns: [{ name: 'run_id', type: 'string' }], key: ['run_id'] }, rows: [['r1']] });
    server = await startFakeCrossdock({ addinDir: ADDIN_DIR, datasets, stock: stockListings(), dataVersion: 17 });
  });

  afterEach(async () => {
    await session?.close();
    session = null;
  });

  /** Opens the pane with this token and refreshes only the Stock sheet. */
  async function openStockSheet(token: string): Promise<PaneSession['page']> {
    session = await openPane(server.url);
    const { page } = session;
    await connect(page, server.url, token);
    await page.click('#select-none');
    await page.check('#ds-stock');
    await page.click('#refresh-button');
    await settle(page);
    return page;
  }

  afterAll(async () => {
    await server?.close();
  });

  it('connects, refreshes every dataset into typed tables that match the API, with rules and charts', async () => {
    session = await openPane(server.url);
    const { page } = session;
    await connect(page, server.url, 'manager-token');
    expect(await page.textContent('#who')).toBe(`Connected to ${server.url} as Mia Manager (manager).`);
    await page.click('#select-all');
    await page.click('#refresh-button');
    const notices = await settle(page);
    expect(notices[0]).toMatch(/^Refreshed 12 datasets \(\d[\d,]* rows\)/);

    for (const d of datasets) {
      const table = `Crossdock_${d.spec.name}`;
      const records = await workbook<Array<Record<string, unknown>>>(page, 'tableRecords', table);
      const rows = d.spec.name === 'stock' ? stockListings() : d.rows;
      expect([d.spec.name, records.length]).toEqual([d.spec.name, rows.length]);
      if (d.spec.name === 'stock') continue;
      records.forEach((rec, i) => {
        const got = Object.values(rec).slice(0, d.spec.columns.length);
        const want = d.spec.columns.map((c, j) => expectedCell(d.rows[i][j], c.type));
        expect([d.spec.name, i, got]).toEqual([d.spec.name, i, want]);
      });
    }
    // Hostile titles and return comments landed as text, not formulas.
    const titles = await workbook<CellInfo[]>(page, 'columnCells', 'Crossdock_inventory', 'Title');
    HOSTILE.forEach((h, i) => expect([h, titles[i].kind, titles[i].value]).toEqual([h, 'text', h]));
    const comments = await workbook<CellInfo[]>(page, 'columnCells', 'Crossdock_return_reasons', 'Raw reason');
    expect(comments.filter((c) => c.kind === 'formula')).toEqual([]);

    const inv = await workbook<{ frozenRows: number; conditionalFormats: number }>(page, 'sheetInfo', 'Inventory');
    expect(inv.frozenRows).toBe(4);
    expect(inv.conditionalFormats).toBeGreaterThan(0);
    for (const [sheet, type] of [['Return reasons', 'Pie'], ['Turnover', 'BarClustered'], ['Aged inventory', 'ColumnClustered']]) {
      const info = await workbook<{ charts: Array<{ type: string }> }>(page, 'sheetInfo', sheet);
      expect([sheet, info.charts.map((c) => c.type)]).toEqual([sheet, [type]]);
    }
    // Server text in the pane stays text.
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.$$('#datasets img')).toHaveLength(0);
    expect(await page.textContent('#datasets')).toContain('<img src=x onerror="window.__pwned=1">');

    await screenshotPane(page, 'pane-refreshed');
    await screenshotSheet(session, 'Inventory', 'sheet-inventory');
    await screenshotSheet(session, 'Return reasons', 'sheet-return-reasons');
    await screenshotSheet(session, 'Slow movers', 'sheet-slow-movers');

    // The claims a seller files with Amazon stand out: claimable cells above zero are filled.
    const claims = await workbook<Array<Record<string, unknown>>>(page, 'tableRecords', 'Crossdock_fba_reconciliation');
    const filled = [];
    for (const claim of claims) filled.push([claim['Claimable units'], (await workbook<string | null>(page, 'fillAt', 'Crossdock_fba_reconciliation', 'SKU', claim.SKU, 'Claimable units')) !== null]);
    expect(filled).toEqual(claims.map((c) => [c['Claimable units'], (c['Claimable units'] as number) > 0]));
    expect(filled.filter(([, f]) => f).length).toBe(6);
    await screenshotSheet(session, 'FBA reconciliation', 'sheet-fba-reconciliation');
  });

  it('reviews stock edits, pushes with an idempotency key, colours each row and retries the failed one', async () => {
    const page = await openStockSheet('manager-token');

    const type = (sku: string, value: number) => workbook(page, 'typeInto', 'Crossdock_stock', 'SKU', sku, 'New quantity', value);
    await type('SKU-0001', 35); // applied
    await type('SKU-0002', 10); // the channel changed meanwhile: conflict
    await type('SKU-0003', 5); // the channel fails once
    await type('SKU-0004', 80); // FBA: not editable
    await type('SKU-0005', 20); // accepted, verified later
    await type('SKU-0006', -3); // negative
    // Only the new-quantity column takes typing.
    await expect(workbook(page, 'typeInto', 'Crossdock_stock', 'SKU', 'SKU-0001', 'Channel quantity', 1)).rejects.toThrow(/AccessDenied/);

    await page.click('#review');
    await settle(page);
    expect(await page.textContent('#plan-summary')).toBe('4 changes ready, 2 rejected.');
    expect(await page.$$eval('#plan-batches li', (l) => l.map((e) => e.textContent))).toEqual(['shopify: 1 rows in 1 calls', 'ebay: 1 rows in 1 calls', 'aliexpress: 1 rows in 1 calls', 'amazon: 1 rows in 1 calls']);
    const status = (sku: string) => workbook<string>(page, 'valueAt', 'Crossdock_stock', 'SKU', sku, 'Status');
    expect(await status('SKU-0004')).toBe('invalid');
    expect(await status('SKU-0006')).toBe('invalid');
    expect(await status('SKU-0001')).toBe('ready');

    await page.click('#push');
    const pushed = await settle(page);
    expect(pushed).toEqual(['Applied 1, pending verification 1, conflict 1, failed 1, rejected 0.']);
    expect(server.applies).toHaveLength(1);
    expect(server.applies[0].key).toMatch(/^[0-9a-f-]{36}$/);
    expect(await Promise.all(['SKU-0001', 'SKU-0002', 'SKU-0003', 'SKU-0005'].map(status))).toEqual(['applied', 'conflict', 'failed', 'pending verification']);
    const fill = (sku: string) => workbook<string | null>(page, 'fillAt', 'Crossdock_stock', 'SKU', sku, 'Status');
    expect(await Promise.all(['SKU-0001', 'SKU-0002', 'SKU-0003'].map(fill))).toEqual(['#C6EFCE', '#FFEB9C', '#FFC7CE']);
    // Successful rows take the new baseline; the others stay pending edits.
    const baseline = (sku: string) => workbook<number>(page, 'valueAt', 'Crossdock_stock', 'SKU', sku, 'Baseline quantity');
    expect(await Promise.all(['SKU-0001', 'SKU-0002', 'SKU-0003', 'SKU-0005'].map(baseline))).toEqual([35, 12, 7, 20]);
    expect(server.channelState()).toMatchObject({ 'shopify:US:SKU-0001': 35, 'ebay:DE:SKU-0002': 15, 'aliexpress:GLOBAL:SKU-0003': 7, 'amazon:UK:SKU-0005': 20, 'amazon:US:SKU-0004': 90 });
    await screenshotPane(page, 'pane-pushed');
    await screenshotSheet(session!, 'Stock', 'sheet-stock-pushed');

    await page.click('#retry');
    expect(await settle(page)).toEqual(['Applied 1, pending verification 0, conflict 0, failed 0, rejected 0.']);
    expect(await status('SKU-0003')).toBe('applied');
    expect(server.channelState()['aliexpress:GLOBAL:SKU-0003']).toBe(5);
    expect(server.applies[1].key).not.toBe(server.applies[0].key);

    // Unpushed edits remain (the conflict and the invalid rows): refreshing asks first.
    await page.click('#refresh-button');
    await page.waitForSelector('#confirm-overwrite');
    expect(await page.textContent('#confirm-overwrite p')).toBe('The stock sheet has 3 unpushed edits. Refreshing it will overwrite them.');
    await page.click('#confirm-overwrite-no');
    expect(await workbook(page, 'valueAt', 'Crossdock_stock', 'SKU', 'SKU-0002', 'New quantity')).toBe(10);
    await page.click('#revert');
    expect(await settle(page)).toEqual(['Reverted 3 edits.']);
    expect(await workbook(page, 'valueAt', 'Crossdock_stock', 'SKU', 'SKU-0002', 'New quantity')).toBe(12);
    await page.click('#refresh-button');
    expect((await settle(page))[0]).toMatch(/^Refreshed 1 datasets/);
    expect(await workbook(page, 'valueAt', 'Crossdock_stock', 'SKU', 'SKU-0002', 'Channel quantity')).toBe(15);
  });

  it('warns in the review, on the row and in the pane, when a new quantity is above the pool\'s available units, and still pushes it', async () => {
    const page = await openStockSheet('manager-token');
    await workbook(page, 'typeInto', 'Crossdock_stock', 'SKU', 'SKU-0007', 'New quantity', 25); // the pool has 20

    await page.click('#review');
    await settle(page);
    const cell = (column: string) => workbook<string>(page, 'valueAt', 'Crossdock_stock', 'SKU', 'SKU-0007', column);
    expect(await page.textContent('#plan-summary')).toBe('1 changes ready, 0 rejected.');
    expect(await cell('Status')).toBe('ready');
    expect(await cell('Message')).toBe('ABOVE_AVAILABLE: 25 is above the 20 units available in pool OWN-CN, which feeds this listing');
    expect(await page.textContent('#plan-warnings-title')).toBe('1 above the stock that feeds them (they can still be pushed):');
    expect(await page.$$eval('#plan-warnings li', (l) => l.map((e) => e.textContent))).toEqual(['shopify:US:SKU-0007 ABOVE_AVAILABLE: 25 is above the 20 units available in pool OWN-CN, which feeds this listing']);
    expect(await page.isDisabled('#push')).toBe(false);

    await page.click('#push');
    expect(await settle(page)).toEqual(['Applied 1, pending verification 0, conflict 0, failed 0, rejected 0.']);
    expect(server.channelState()['shopify:US:SKU-0007']).toBe(25);
    expect([await cell('Status'), await cell('Message')]).toEqual(['applied', 'ABOVE_AVAILABLE']);
    await screenshotPane(page, 'pane-review-warning');
  });

  it('shows an analyst that Push is disabled and why, and never calls plan or apply', async () => {
    session = await openPane(server.url);
    const { page } = session;
    const before = server.applies.length;
    await connect(page, server.url, 'analyst-token');
    await page.click('#select-none');
    await page.check('#ds-stock');
    await page.click('#refresh-button');
    await settle(page);
    await workbook(page, 'typeInto', 'Crossdock_stock', 'SKU', 'SKU-0006', 'New quantity', 4);
    await page.click('#review');
    await settle(page);
    expect(await page.isDisabled('#push')).toBe(true);
    expect(await page.isDisabled('#retry')).toBe(true);
    expect(await page.textContent('#push-disabled-reason')).toBe('Push is disabled: this token has the analyst role. Ask for a manager token.');
    expect(server.applies.length).toBe(before);
    await screenshotPane(page, 'pane-analyst');
  });

  it('follows Office’s Chinese display language for the pane and the sheet, and switches to English', async () => {
    session = await openPane(server.url, { displayLanguage: 'zh-CN' });
    const { page } = session;
    expect(await page.textContent('#connect')).toBe('连接');
    await connect(page, server.url, 'manager-token');
    await page.click('#select-none');
    await page.check('#ds-inventory');
    await page.check('#ds-stock');
    await page.click('#refresh-button');
    expect((await settle(page))[0]).toMatch(/^已刷新 2 个数据集/);
    expect(await workbook<string | null>(page, 'tableSheet', 'Crossdock_inventory')).toBe('库存');
    const rec = (await workbook<Array<Record<string, unknown>>>(page, 'tableRecords', 'Crossdock_inventory'))[0];
    expect(Object.keys(rec).slice(0, 3)).toEqual(['SKU', '标题', '仓库ID']);
    await screenshotPane(page, 'pane-zh');
    await screenshotSheet(session, '库存推送', 'sheet-stock-zh');
    await page.selectOption('#lang', 'en');
    expect(await page.textContent('#refresh-button')).toBe('Refresh');
  });
});
