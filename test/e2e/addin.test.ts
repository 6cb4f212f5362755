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
  // The add-in writes float noise around zero as 0 (so it never shows as -0.00).
  if (typeof value === 'number' && Math.abs(value) < 1e-9) return 0;
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
    expect(notices[0]).toMatch(/^Refreshed 14 datasets \(\d[\d,]* rows\)/);

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

    // The keys stay in view and the editable column sits beside the quantities it is compared with.
    const headers = (await workbook<Array<{ header: string; hidden: boolean }>>(page, 'tableHeaders', 'Crossdock_stock')).filter((h) => !h.hidden).map((h) => h.header);
    expect(headers.slice(0, 11)).toEqual(['Listing', 'SKU', 'Title', 'Channel', 'Fulfilment', 'Available', 'Channel quantity', 'New quantity', 'Status', 'Message', 'Suggested quantity']);
    expect(await workbook(page, 'sheetInfo', 'Stock')).toMatchObject({ frozenRows: 4, frozenColumns: 3 });

    const type = (sku: string, value: number) => workbook(page, 'typeInto', 'Crossdock_stock', 'SKU', sku, 'New quantity', value);
    await type('SKU-0001', 35); // applied
    await type('SKU-0002', 10); // the channel changed meanwhile: conflict
    await type('SKU-0003', 5); // the channel fails once
    await type('SKU-0004', 80); // FBA: not editable
    await type('SKU-0005', 20); // accepted, verified later
    await type('SKU-0006', -3); // negative
    await type('SKU-0007', 2.5); // not a whole number
    // Only the new-quantity column takes typing.
    await expect(workbook(page, 'typeInto', 'Crossdock_stock', 'SKU', 'SKU-0001', 'Channel quantity', 1)).rejects.toThrow(/AccessDenied/);

    await page.click('#review');
    await settle(page);
    expect(await page.textContent('#plan-summary')).toBe('4 ready to push, 0 rejected by the server, 3 invalid.');
    expect(await page.$$eval('#plan-batches li', (l) => l.map((e) => e.textContent))).toEqual(['shopify: 1 rows in 1 calls', 'ebay: 1 rows in 1 calls', 'aliexpress: 1 rows in 1 calls', 'amazon: 1 rows in 1 calls']);
    // Every row that will not be pushed is listed, not one reason for all.
    const issues = () => page.$$eval('#row-issues button.issue', (l) => l.map((e) => e.textContent));
    expect(await issues()).toEqual([
      'SKU-0004 This listing is not editable here (e.g. FBA stock belongs to Amazon).',
      'SKU-0006 Quantity cannot be negative.',
      'SKU-0007 Not a whole number: 2.5.',
    ]);
    const status = (sku: string) => workbook<string>(page, 'valueAt', 'Crossdock_stock', 'SKU', sku, 'Status');
    expect(await status('SKU-0004')).toBe('invalid');
    expect(await status('SKU-0006')).toBe('invalid');
    expect(await status('SKU-0001')).toBe('ready');
    // What was typed is what the cell shows beside "not a whole number".
    expect(await workbook(page, 'displayAt', 'Crossdock_stock', 'SKU', 'SKU-0007', 'New quantity')).toBe('2.5');
    await screenshotPane(page, 'pane-reviewed');

    await page.click('#push');
    const pushed = await settle(page);
    // The counts are the sheet's: the invalid rows from the review are still there, unpushed.
    expect(pushed).toEqual(['Applied 1, pending verification 1, conflict 1, failed 1, rejected 0, invalid 3.']);
    expect(server.applies).toHaveLength(1);
    expect(server.applies[0].key).toMatch(/^[0-9a-f-]{36}$/);
    expect(await Promise.all(['SKU-0001', 'SKU-0002', 'SKU-0003', 'SKU-0005'].map(status))).toEqual(['applied', 'conflict', 'failed', 'pending verification']);
    const fill = (sku: string) => workbook<string | null>(page, 'fillAt', 'Crossdock_stock', 'SKU', sku, 'Status');
    expect(await Promise.all(['SKU-0001', 'SKU-0002', 'SKU-0003'].map(fill))).toEqual(['#C6EFCE', '#FFEB9C', '#FFC7CE']);
    // Successful rows take the new baseline; the others stay pending edits.
    const baseline = (sku: string) => workbook<number>(page, 'valueAt', 'Crossdock_stock', 'SKU', sku, 'Baseline quantity');
    expect(await Promise.all(['SKU-0001', 'SKU-0002', 'SKU-0003', 'SKU-0005'].map(baseline))).toEqual([35, 12, 7, 20]);
    // Pending verification: asked and confirmed side by side until the channel confirms.
    const cell = (sku: string, header: string) => workbook(page, 'valueAt', 'Crossdock_stock', 'SKU', sku, header);
    expect([await cell('SKU-0005', 'New quantity'), await cell('SKU-0005', 'Channel quantity'), await cell('SKU-0005', 'Message')]).toEqual([20, 15, 'Asked 20; the channel shows 15 until it confirms the change.']);
    // The pane's words for a conflict, with the channel's quantity now.
    expect(await cell('SKU-0002', 'Message')).toBe('Changed on the channel, now 15: refresh the stock sheet and edit again.');
    expect(await page.$$eval('#row-issues h3', (l) => l.map((e) => e.textContent))).toEqual(['conflict (1)', 'failed (1)', 'invalid (3)', 'pending verification (1)']);
    expect(server.channelState()).toMatchObject({ 'shopify:US:SKU-0001': 35, 'ebay:DE:SKU-0002': 15, 'aliexpress:GLOBAL:SKU-0003': 7, 'amazon:UK:SKU-0005': 20, 'amazon:US:SKU-0004': 90 });
    await screenshotPane(page, 'pane-pushed');
    await screenshotSheet(session!, 'Stock', 'sheet-stock-pushed');

    // A click on a listed row selects its New quantity cell on the stock sheet.
    await page.click('#row-issues button.issue >> text=SKU-0002');
    await page.waitForFunction(() => (window as unknown as { __fakeWorkbook: { selection(t: string, k: string): { key: string } | null } }).__fakeWorkbook.selection('Crossdock_stock', 'SKU')?.key === 'SKU-0002');
    expect(await workbook(page, 'selection', 'Crossdock_stock', 'SKU')).toEqual({ sheet: 'Stock', header: 'New quantity', key: 'SKU-0002' });

    await page.click('#retry');
    expect(await settle(page)).toEqual(['Applied 1, pending verification 0, conflict 1, failed 0, rejected 0, invalid 3.']);
    expect(await status('SKU-0003')).toBe('applied');
    expect(server.channelState()['aliexpress:GLOBAL:SKU-0003']).toBe(5);
    expect(server.applies[1].key).not.toBe(server.applies[0].key);

    // Unpushed edits remain (the conflict and the invalid rows): refreshing asks first.
    await page.click('#refresh-button');
    await page.waitForSelector('#confirm-overwrite');
    expect(await page.textContent('#confirm-overwrite p')).toBe('The stock sheet has 4 unpushed edits. Refreshing it will overwrite them.');
    await page.click('#confirm-overwrite-no');
    expect(await workbook(page, 'valueAt', 'Crossdock_stock', 'SKU', 'SKU-0002', 'New quantity')).toBe(10);
    await page.click('#revert');
    expect(await settle(page)).toEqual(['Reverted 4 edits.']);
    expect(await workbook(page, 'valueAt', 'Crossdock_stock', 'SKU', 'SKU-0002', 'New quantity')).toBe(12);
    await page.click('#refresh-button');
    expect((await settle(page))[0]).toMatch(/^Refreshed 1 datasets/);
    expect(await workbook(page, 'valueAt', 'Crossdock_stock', 'SKU', 'SKU-0002', 'Channel quantity')).toBe(15);
  });

  it('shows the stock ledger on a Changes sheet: who, when, seen → asked → sent, the channel\'s answer, verified at; filterable and refreshable', async () => {
    const page = await openStockSheet('manager-token');
    await workbook(page, 'typeInto', 'Crossdock_stock', 'SKU', 'SKU-0006', 'New quantity', 4);
    await page.click('#review');
    await settle(page);
    await page.click('#push');
    await settle(page);

    await page.click('#select-none');
    await page.check('#ds-stock_changes');
    await page.click('#refresh-button');
    expect((await settle(page))[0]).toMatch(/^Refreshed 1 datasets \(\d+ rows\)/);
    expect(await workbook(page, 'tableSheet', 'Crossdock_stock_changes')).toBe('Changes');
    const records = await workbook<Array<Record<string, unknown>>>(page, 'tableRecords', 'Crossdock_stock_changes');
    expect(records).toHaveLength(server.ledger.length);
    // Newest first: this push's row leads.
    const newest = server.ledger[server.ledger.length - 1];
    const serial = (iso: string) => Math.round((Date.parse(iso) - Date.UTC(1899, 11, 30)) / 1000) / 86_400;
    expect(records[0]).toMatchObject({ 'When (UTC)': serial(newest.requested_at), Who: 'Mia Manager', SKU: 'SKU-0006', Listing: 'shopify:US:SKU-0006', Seen: 0, Asked: '4', Sent: 4, Result: 'applied', 'Quantity on channel': 4, 'Verified at (UTC)': serial(newest.verified_at as string) });
    // Every status of the ledger, in the pane's words, and the table's filter buttons are on.
    const statuses = new Set(records.map((r) => r.Result));
    expect([...statuses].every((st) => ['applied', 'conflict', 'failed', 'pending verification', 'rejected'].includes(String(st)))).toBe(true);
    const info = await workbook<{ frozenRows: number; frozenColumns: number; hiddenColumns: number[] }>(page, 'sheetInfo', 'Changes');
    expect([info.frozenRows, info.frozenColumns, info.hiddenColumns.length]).toEqual([4, 2, 3]);
    expect(await workbook(page, 'fillAt', 'Crossdock_stock_changes', 'Listing', 'shopify:US:SKU-0006', 'Result')).toBe('#C6EFCE');
    await screenshotSheet(session!, 'Changes', 'sheet-changes');
  });

  it('warns in the review, on the row and in the pane, when a new quantity is above the pool\'s available units, and still pushes it', async () => {
    const page = await openStockSheet('manager-token');
    await workbook(page, 'typeInto', 'Crossdock_stock', 'SKU', 'SKU-0007', 'New quantity', 25); // the pool has 20

    await page.click('#review');
    await settle(page);
    const cell = (column: string) => workbook<string>(page, 'valueAt', 'Crossdock_stock', 'SKU', 'SKU-0007', column);
    expect(await page.textContent('#plan-summary')).toBe('1 ready to push, 0 rejected by the server, 0 invalid.');
    expect(await cell('Status')).toBe('ready');
    expect(await cell('Message')).toBe('ABOVE_AVAILABLE: 25 is above the 20 units available in pool OWN-CN, which feeds this listing');
    expect(await page.textContent('#plan-warnings-title')).toBe('1 above the stock that feeds them (they can still be pushed):');
    expect(await page.$$eval('#plan-warnings li', (l) => l.map((e) => e.textContent))).toEqual(['shopify:US:SKU-0007 ABOVE_AVAILABLE: 25 is above the 20 units available in pool OWN-CN, which feeds this listing']);
    expect(await page.isDisabled('#push')).toBe(false);

    await page.click('#push');
    expect(await settle(page)).toEqual(['Applied 1, pending verification 0, conflict 0, failed 0, rejected 0, invalid 0.']);
    expect(server.channelState()['shopify:US:SKU-0007']).toBe(25);
    expect([await cell('Status'), await cell('Message')]).toEqual(['applied', 'ABOVE_AVAILABLE']);
    await screenshotPane(page, 'pane-review-warning');
  });

  it('says why a result is empty instead of a green success, on the sheet too, and lists each dataset with rows and time', async () => {
    session = await openPane(server.url);
    const { page } = session;
    await connect(page, server.url, 'analyst-token');
    await page.click('#select-none');
    await page.check('#ds-inventory');
    await page.check('#ds-transfers');
    await page.fill('#param-location', 'NOPE');
    await page.click('#refresh-button');
    const notices = await settle(page);
    expect(notices).toEqual([expect.stringMatching(/^Refreshed 2 datasets \(8 rows\) in \d+\.\d+ s\.$/)]);
    expect(await page.getAttribute('#notices li', 'class')).toBe('notice warning');
    const results = await page.$$eval('#refresh-results tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
    expect(results.map((r) => [r[0], r[1], r[3]])).toEqual([
      ['Inventory', '0', 'emptyNo rows match location=NOPE.'],
      ['Transfers', '8', 'ok'],
    ]);
    expect(results.every((r) => /^\d+\.\d+ s$/.test(r[2] ?? ''))).toBe(true);
    // The sheet says it too, on its stamp row.
    expect(String((await workbook<{ value: string }>(page, 'cell', 'Inventory', 1, 0)).value)).toContain('⚠ No rows match location=NOPE.');

    await page.fill('#param-location', '');
    await page.fill('#param-as_of', '2026-12-31');
    await page.click('#refresh-button');
    await settle(page);
    expect(await page.textContent('#refresh-results tr[data-dataset="inventory"] .why')).toBe('No data after 2026-11-25: 2026-12-31 is later than the last day with data.');
    await screenshotPane(page, 'pane-refresh-empty');
  });

  it('says which datasets a parameter applies to, checks it against the catalogue, and offers the values seen in the data', async () => {
    session = await openPane(server.url);
    const { page } = session;
    await connect(page, server.url, 'analyst-token');
    await page.click('#select-none');
    await page.check('#ds-inventory');
    await page.check('#ds-stock');
    expect(await page.textContent('#param-location-applies')).toBe('Only for Inventory');
    expect(await page.$('#param-channel-applies')).toBeNull();
    await page.fill('#param-window_days', '9999');
    await page.click('#refresh-button');
    expect(await settle(page)).toEqual(['Window (days): at most 730.']);
    await page.fill('#param-window_days', '');
    await page.click('#refresh-button');
    await settle(page);
    // The locations of the refreshed rows are now offered in the Location field.
    expect(await page.$$eval('#param-location-choices option', (o) => o.map((e) => e.getAttribute('value')))).toEqual(['3PL-DE-1', 'FBA-US', 'OWN-CN']);
    expect(await page.getAttribute('#param-location', 'list')).toBe('param-location-choices');
    await screenshotPane(page, 'pane-params');
  });

  it('cancels a refresh: the download under way stops and later datasets are not refreshed', async () => {
    session = await openPane(server.url);
    const { page } = session;
    await connect(page, server.url, 'analyst-token');
    await page.click('#select-none');
    for (const d of ['inventory', 'turnover', 'aged_inventory']) await page.check(`#ds-${d}`);
    server.setDelay('turnover', 20_000);
    try {
      await page.click('#refresh-button');
      await page.waitForSelector('#busy .busy-label:has-text("Fetching Turnover")');
      await screenshotPane(page, 'pane-refresh-cancel');
      await page.click('#cancel-refresh');
      const notices = await settle(page, 10_000);
      expect(notices[0]).toMatch(/^Cancelled\. Refreshed 1 datasets/);
      const results = await page.$$eval('#refresh-results tbody tr', (rows) => rows.map((r) => [r.getAttribute('data-dataset'), r.querySelector('td:last-child')?.textContent]));
      expect(results).toEqual([['inventory', 'ok'], ['turnover', 'cancelled'], ['aged_inventory', 'not refreshed']]);
      expect(await workbook<string[]>(page, 'tableNames')).not.toContain('Crossdock_aged_inventory');
    } finally {
      server.setDelay('turnover', 0);
    }
  });

  it('works on an Excel with only the manifest\'s ExcelApi 1.9, which refuses newer calls', async () => {
    session = await openPane(server.url, { excelApi: '1.9' });
    const { page } = session;
    await connect(page, server.url, 'analyst-token');
    await page.click('#select-none');
    await page.check('#ds-inventory');
    await page.check('#ds-stock');
    for (let i = 0; i < 2; i++) {
      // The second refresh replaces the tables without Table.resize (ExcelApi 1.13).
      await page.click('#refresh-button');
      expect((await settle(page))[0]).toMatch(/^Refreshed 2 datasets/);
    }
    expect(await workbook<string[]>(page, 'tableNames')).toEqual(expect.arrayContaining(['Crossdock_inventory', 'Crossdock_stock']));
    expect(await workbook(page, 'sheetInfo', 'Stock')).toMatchObject({ frozenRows: 4, frozenColumns: 3, protected: true });
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
    expect(Object.keys(rec).slice(0, 3)).toEqual(['SKU', '标题', '仓库 ID']);
    // Code values and TRUE/FALSE in Chinese too; the rules still find them (FBA is greyed out).
    expect([rec['原因'], rec['库存日期过旧']]).toEqual(['无需求', '是']);
    expect(await workbook(page, 'fillAt', 'Crossdock_stock', 'SKU', 'SKU-0004', '新数量')).toBe('#EDEDED');
    const headers = await workbook<Array<{ header: string }>>(page, 'tableHeaders', 'Crossdock_stock');
    expect(headers.map((h) => h.header).filter((h) => /[a-z]/.test(h))).toEqual([]);
    await screenshotPane(page, 'pane-zh');
    await screenshotSheet(session, '库存推送', 'sheet-stock-zh');
    await page.selectOption('#lang', 'en');
    expect(await page.textContent('#refresh-button')).toBe('Refresh');
  });
});
