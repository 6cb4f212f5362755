// Allocation rules in Excel: a Rules sheet refreshed from GET /stock/rules, edited by a manager,
// previewed on the Stock sheet's suggested quantities with the server's arithmetic, saved through
// PUT/DELETE /stock/rules only when the server still has each rule as the sheet saw it.
import { connect, ensureBundle, openPane, requireChromium, screenshotPane, screenshotSheet, settle, workbook, ADDIN_DIR, type PaneSession } from './support/browser';
import { startFakeCrossdock, type FakeCrossdock } from './support/fakeCrossdock';
import { stockListings } from './support/fixtureDatasets';

jest.setTimeout(300_000);

describe('the Rules sheet', () => {
  let server: FakeCrossdock;
  let session: PaneSession | null = null;

  beforeAll(async () => {
    requireChromium();
    ensureBundle();
    server = await startFakeCrossdock({
      addinDir: ADDIN_DIR,
      datasets: [],
      stock: stockListings(),
      rules: [{ rule_id: 'channel:ebay', rule_scope: 'channel', channel: 'ebay', listing_id: null, reserve_units: 2, available_pct: null, max_units: null, floor_units: null, note: 'keep 2 for eBay returns', updated_by: 'Ana Analyst', updated_at: '2026-11-20T08:00:00.000Z' }],
    });
  });

  afterEach(async () => {
    await session?.close();
    session = null;
  });

  afterAll(async () => {
    await server?.close();
  });

  const rule = (page: PaneSession['page'], id: string, header: string) => workbook(page, 'valueAt', 'Crossdock_stock_rules', 'Rule', id, header);
  const preview = (page: PaneSession['page'], sku: string) => workbook(page, 'valueAt', 'Crossdock_stock', 'SKU', sku, 'Suggested with edited rules');

  it('previews edited and new rules on the suggested quantities, saves them, refuses a rule changed on the server meanwhile, and deletes a cleared one', async () => {
    session = await openPane(server.url);
    const { page } = session;
    await connect(page, server.url, 'manager-token');
    await page.click('#select-none');
    await page.check('#ds-stock');
    await page.check('#ds-stock_rules');
    await page.click('#refresh-button');
    expect((await settle(page))[0]).toMatch(/^Refreshed 2 datasets/);
    expect(await workbook(page, 'tableSheet', 'Crossdock_stock_rules')).toBe('Rules');
    expect([await rule(page, 'channel:ebay', 'Reserve'), await rule(page, 'channel:ebay', 'Changed by')]).toEqual([2, 'Ana Analyst']);
    // The server's suggestion already holds eBay's reserve of 2: 12 available → 10.
    expect(await workbook(page, 'valueAt', 'Crossdock_stock', 'SKU', 'SKU-0002', 'Suggested quantity')).toBe(10);

    // A bigger reserve for eBay, and a new rule: Shopify gets half of what is available.
    await workbook(page, 'typeInto', 'Crossdock_stock_rules', 'Rule', 'channel:ebay', 'Reserve', 5);
    await workbook(page, 'appendRow', 'Crossdock_stock_rules', { Rule: 'channel:shopify', 'Share of available (%)': 50 });
    await workbook(page, 'appendRow', 'Crossdock_stock_rules', { Rule: 'chanel:amazon', Cap: 3 });
    await page.click('#preview-rules');
    expect(await settle(page)).toEqual(['2 rule changes ready, 1 invalid. The suggested quantity changes on 3 listings (Stock sheet, column “Suggested with edited rules”).']);
    expect(await rule(page, 'chanel:amazon', 'Status')).toBe('invalid');
    expect(await rule(page, 'chanel:amazon', 'Message')).toBe('“chanel:amazon” is not a rule: use all, channel:<channel> or listing:<listing>.');
    // 12 − 5 for eBay; half of 40 and of 20 for Shopify; FBA gets no suggestion; others as before.
    expect(await Promise.all(['SKU-0001', 'SKU-0002', 'SKU-0003', 'SKU-0004', 'SKU-0006', 'SKU-0007'].map((s) => preview(page, s)))).toEqual([20, 7, 7, '', 0, 10]);
    expect(server.ruleWrites).toEqual([]); // nothing saved by a preview
    await screenshotPane(page, 'pane-rules-preview');
    await screenshotSheet(session, 'Rules', 'sheet-rules-preview');
    await screenshotSheet(session, 'Stock', 'sheet-stock-rules-preview');

    await page.click('#save-rules');
    expect(await settle(page)).toEqual(['Saved 2 rule changes, 0 changed on the server meanwhile, 0 failed. Refresh the Stock sheet to see the new suggested quantities.']);
    expect(server.rules.get('channel:ebay')).toMatchObject({ reserve_units: 5, updated_by: 'Mia Manager' });
    expect(server.rules.get('channel:shopify')).toMatchObject({ available_pct: 50, reserve_units: null });
    expect([await rule(page, 'channel:ebay', 'Status'), await rule(page, 'channel:shopify', 'Status')]).toEqual(['applied', 'applied']);

    // Someone else changes eBay's rule on the server; this sheet's next edit of it is refused.
    server.rules.set('channel:ebay', { ...server.rules.get('channel:ebay')!, reserve_units: 9, updated_by: 'Ana Analyst', updated_at: '2026-11-27T10:00:00.000Z' });
    await workbook(page, 'typeInto', 'Crossdock_stock_rules', 'Rule', 'channel:ebay', 'Reserve', 6);
    // Clearing a rule's four values deletes it.
    await workbook(page, 'typeInto', 'Crossdock_stock_rules', 'Rule', 'channel:shopify', 'Share of available (%)', '');
    await page.click('#preview-rules');
    await settle(page);
    expect(await rule(page, 'channel:shopify', 'Message')).toBe('Ready to delete (all four values cleared).');
    await page.click('#save-rules');
    expect(await settle(page)).toEqual(['Saved 1 rule changes, 1 changed on the server meanwhile, 0 failed. Refresh the Stock sheet to see the new suggested quantities.']);
    expect(await rule(page, 'channel:ebay', 'Status')).toBe('conflict');
    expect(await rule(page, 'channel:ebay', 'Message')).toBe('Changed on the server by Ana Analyst at 2026-11-27 10:00 UTC: refresh the rules and edit again.');
    expect(server.rules.get('channel:ebay')?.reserve_units).toBe(9);
    expect(server.rules.has('channel:shopify')).toBe(false);
    await screenshotSheet(session, 'Rules', 'sheet-rules-saved');

    // A change that lands after the pane's last read but before its write: the server's If-Match refuses it.
    await page.click('#select-none');
    await page.check('#ds-stock_rules');
    await page.click('#refresh-button');
    await settle(page);
    await workbook(page, 'typeInto', 'Crossdock_stock_rules', 'Rule', 'channel:ebay', 'Reserve', 7);
    await page.click('#preview-rules');
    await settle(page);
    server.afterNextRulesRead(() => server.rules.set('channel:ebay', { ...server.rules.get('channel:ebay')!, reserve_units: 11, updated_by: 'Ana Analyst', updated_at: '2026-11-27T11:00:00.000Z' }));
    await page.click('#save-rules');
    expect(await settle(page)).toEqual(['Saved 0 rule changes, 1 changed on the server meanwhile, 0 failed. Refresh the Stock sheet to see the new suggested quantities.']);
    expect(await rule(page, 'channel:ebay', 'Message')).toBe('Changed on the server by Ana Analyst at 2026-11-27 11:00 UTC: refresh the rules and edit again.');
    expect(server.rules.get('channel:ebay')?.reserve_units).toBe(11);
  });

  it('lets an analyst preview rules but not save them', async () => {
    session = await openPane(server.url);
    const { page } = session;
    await connect(page, server.url, 'analyst-token');
    expect(await page.isDisabled('#save-rules')).toBe(true);
    expect(await page.textContent('#rules-disabled-reason')).toBe('Saving rules needs a manager token.');
  });
});
