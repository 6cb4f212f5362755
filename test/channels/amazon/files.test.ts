import { fixture, freshWarehouse, ingest, rejects, rows } from '../../integration/ingest/helpers';

describe('amazon all orders report', () => {
  it('loads one order_line per order item with UTC timestamps, marketplace and fulfilment from the row', async () => {
    const wh = await freshWarehouse();
    const [summary] = await ingest(wh, [fixture('amazon/all_orders.tsv')]);
    expect(summary).toEqual({ file: fixture('amazon/all_orders.tsv'), kind: 'amazon/all_orders', rows_read: 5, rows_loaded: 5, rows_rejected: 0 });
    const lines = await rows(wh, `select marketplace, order_id, line_id, quantity_units, item_price_amount, currency_code, order_status,
      fulfilment, location_id, ordered_at, last_updated_at from order_line order by ordered_at, line_id`);
    expect(lines[0]).toEqual({
      marketplace: 'US', order_id: '111-0000001-0000001', line_id: 'CB-001', quantity_units: 2, item_price_amount: 59.98, currency_code: 'USD',
      order_status: 'shipped', fulfilment: 'fba', location_id: 'FBA-US',
      // 08:15 at -08:00 is 16:15 UTC
      ordered_at: '2024-11-29T16:15:00.000Z', last_updated_at: '2024-11-30T18:00:00.000Z',
    });
    expect(lines.map((l) => [l.order_id, l.order_status, l.fulfilment, l.marketplace])).toEqual([
      ['111-0000001-0000001', 'shipped', 'fba', 'US'],
      ['111-0000001-0000001', 'shipped', 'fba', 'US'],
      ['112-0000002-0000002', 'pending', 'merchant', 'US'],
      ['302-0000003-0000003', 'cancelled', 'fba', 'DE'],
      ['302-0000004-0000004', 'unshipped', 'fba', 'DE'],
    ]);
    wh.close();
  });

  it('keeps an empty price of a pending order unknown and reads a decimal comma', async () => {
    const wh = await freshWarehouse();
    await ingest(wh, [fixture('amazon/all_orders.tsv')]);
    const prices = await rows(wh, 'select order_id, item_price_amount from order_line where order_id in ($1, $2) order by 1', ['112-0000002-0000002', '302-0000004-0000004']);
    expect(prices).toEqual([
      { order_id: '112-0000002-0000002', item_price_amount: null },
      { order_id: '302-0000004-0000004', item_price_amount: 89.97 },
    ]);
    wh.close();
  });

  it('values the base currency at 1 and leaves other currencies unknown until rates exist', async () => {
    const wh = await freshWarehouse();
    await ingest(wh, [fixture('amazon/all_orders.tsv')]);
    const base = await rows(wh, 'select currency_code, item_price_base, fx_rate from order_line where item_price_amount > 0 order by 1, 2');
    expect(base).toEqual([
      { currency_code: 'EUR', item_price_base: null, fx_rate: null },
      { currency_code: 'USD', item_price_base: 45, fx_rate: 1 },
      { currency_code: 'USD', item_price_base: 59.98, fx_rate: 1 },
    ]);
    wh.close();
  });

  it('creates the FBA locations the orders ship from, not settable', async () => {
    const wh = await freshWarehouse();
    await ingest(wh, [fixture('amazon/all_orders.tsv')]);
    expect(await rows(wh, 'select location_id, location_kind, country_code, pool_id, is_settable from location order by 1')).toEqual([
      { location_id: 'FBA-DE', location_kind: 'fba', country_code: 'DE', pool_id: 'FBA-EU', is_settable: false },
      { location_id: 'FBA-US', location_kind: 'fba', country_code: 'US', pool_id: 'FBA-NA', is_settable: false },
    ]);
    wh.close();
  });

  it('quarantines rows with a bad date, a bad number, a missing SKU, a negative quantity or a bad price, and loads the rest', async () => {
    const wh = await freshWarehouse();
    const file = fixture('amazon/all_orders_bad_rows.tsv');
    const [summary] = await ingest(wh, [file]);
    expect(summary).toMatchObject({ rows_read: 6, rows_loaded: 1, rows_rejected: 5 });
    expect(await rejects(wh, file)).toEqual([
      [2, 'purchase-date', 'unparseable date', 'yesterday'],
      [3, 'quantity', 'not a whole number', 'one'],
      [4, 'sku', 'missing sku', null],
      [5, 'quantity', 'negative quantity', '-2'],
      [6, 'item-price', 'not a number', 'ten'],
    ]);
    expect(await rows(wh, 'select order_id, quantity_units from order_line')).toEqual([{ order_id: '111-0000015-0000015', quantity_units: 4 }]);
    const [run] = await rows(wh, 'select run_status, rows_read, rows_loaded, rows_rejected from pipeline_run');
    expect(run).toEqual({ run_status: 'partial', rows_read: 6, rows_loaded: 1, rows_rejected: 5 });
    wh.close();
  });
});

describe('amazon fba inventory (MYI) report', () => {
  it('stores a snapshot at the FBA location on the given date, with merchant-only rows left out', async () => {
    const wh = await freshWarehouse();
    const [summary] = await ingest(wh, [fixture('amazon/fba_inventory.tsv')], { snapshotDate: '2024-12-31' });
    expect(summary).toMatchObject({ kind: 'amazon/fba_inventory', rows_read: 2, rows_loaded: 2, rows_rejected: 0 });
    expect(await rows(wh, 'select * exclude (source_file, loaded_at) from inventory_snapshot order by sku')).toEqual([
      { snapshot_date: '2024-12-31', sku: 'CB-001', location_id: 'FBA-US', on_hand_units: 120, available_units: 100, reserved_units: 15, inbound_units: 50, unfulfillable_units: 5 },
      // empty inbound cells read as zero
      { snapshot_date: '2024-12-31', sku: 'KS-002', location_id: 'FBA-US', on_hand_units: 0, available_units: 0, reserved_units: 0, inbound_units: 0, unfulfillable_units: 0 },
    ]);
    wh.close();
  });

  it('puts stock of another marketplace at that marketplace’s FBA location', async () => {
    const wh = await freshWarehouse();
    await ingest(wh, [fixture('amazon/fba_inventory.tsv')], { snapshotDate: '2024-12-31', marketplace: 'de' });
    expect(await rows(wh, 'select distinct location_id from inventory_snapshot')).toEqual([{ location_id: 'FBA-DE' }]);
    wh.close();
  });

  it('uses the file date (UTC) when no snapshot date is given', async () => {
    const { utimesSync, copyFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const copy = join(mkdtempSync(join(tmpdir(), 'cd-myi-')), 'myi.tsv');
    copyFileSync(fixture('amazon/fba_inventory.tsv'), copy);
    const when = new Date('2025-03-04T23:30:00Z');
    utimesSync(copy, when, when);
    const wh = await freshWarehouse();
    await ingest(wh, [copy]);
    expect(await rows(wh, 'select distinct snapshot_date from inventory_snapshot')).toEqual([{ snapshot_date: '2025-03-04' }]);
    wh.close();
  });

  it('refuses a negative quantity and a missing SKU', async () => {
    const wh = await freshWarehouse();
    const file = fixture('amazon/fba_inventory_bad_rows.tsv');
    await ingest(wh, [file], { snapshotDate: '2024-12-31' });
    expect(await rejects(wh, file)).toEqual([
      [2, 'afn-fulfillable-quantity', 'negative quantity', '-3'],
      [3, 'sku', 'missing sku', null],
    ]);
    wh.close();
  });
});

describe('amazon fba customer returns report', () => {
  it('normalises reasons and dispositions and restocks only sellable units', async () => {
    const wh = await freshWarehouse();
    const [summary] = await ingest(wh, [fixture('amazon/fba_returns.tsv')]);
    expect(summary).toMatchObject({ kind: 'amazon/fba_returns', rows_read: 4, rows_loaded: 4 });
    expect(await rows(wh, 'select sku, quantity_units, raw_reason, reason_code, disposition, is_restocked, location_id from return_line order by returned_at')).toEqual([
      { sku: 'CB-001', quantity_units: 1, raw_reason: 'UNWANTED_ITEM', reason_code: 'CHANGED_MIND', disposition: 'sellable', is_restocked: true, location_id: 'FBA-US' },
      { sku: 'KS-002', quantity_units: 1, raw_reason: 'DEFECTIVE', reason_code: 'DEFECTIVE', disposition: 'customer_damaged', is_restocked: false, location_id: 'FBA-US' },
      { sku: 'KS-002', quantity_units: 2, raw_reason: 'DAMAGED_BY_CARRIER', reason_code: 'DAMAGED_IN_TRANSIT', disposition: 'carrier_damaged', is_restocked: false, location_id: 'FBA-US' },
      { sku: 'KS-002', quantity_units: 1, raw_reason: 'SOMETHING_NEW_FROM_AMAZON', reason_code: 'OTHER', disposition: 'defective', is_restocked: false, location_id: 'FBA-US' },
    ]);
    wh.close();
  });

  it('identifies a return by order, sku, license plate and UTC return date', async () => {
    const wh = await freshWarehouse();
    await ingest(wh, [fixture('amazon/fba_returns.tsv')]);
    const [first] = await rows(wh, "select return_line_id from return_line where sku = 'KS-002' order by returned_at limit 1");
    expect(first.return_line_id).toBe('111-0000001-0000001|KS-002|LPNAAAA000002|2024-12-11T23:00:00Z');
    wh.close();
  });

  it('accepts the amazon-order-id column name, a UTF-8 BOM and CRLF line ends', async () => {
    const wh = await freshWarehouse();
    const [summary] = await ingest(wh, [fixture('amazon/fba_returns_amazon_order_id_bom_crlf.tsv')], { marketplace: 'DE' });
    expect(summary).toMatchObject({ kind: 'amazon/fba_returns', rows_read: 1, rows_loaded: 1 });
    expect(await rows(wh, 'select order_id, marketplace, reason_code, location_id, returned_at from return_line')).toEqual([
      { order_id: '302-0000004-0000004', marketplace: 'DE', reason_code: 'SIZE_FIT', location_id: 'FBA-DE', returned_at: '2024-12-20T09:00:00.000Z' },
    ]);
    wh.close();
  });
});

describe('amazon all listings report', () => {
  it('maps FBA and merchant listings with their ids and the merchant quantity', async () => {
    const wh = await freshWarehouse();
    const [summary] = await ingest(wh, [fixture('amazon/all_listings.tsv')], { snapshotDate: '2025-01-02' });
    expect(summary).toMatchObject({ kind: 'amazon/all_listings', rows_read: 3, rows_loaded: 3 });
    expect(
      await rows(wh, `select listing_id, fulfilment, location_id, channel_listing_id, channel_offer_id, listing_status, price_amount, currency_code,
        channel_quantity_units, channel_quantity_seen_at from listing order by listing_id`),
    ).toEqual([
      { listing_id: 'amazon:US:AP-003:merchant', fulfilment: 'merchant', location_id: null, channel_listing_id: 'B000000003', channel_offer_id: '1126ABC0003', listing_status: 'active', price_amount: 19, currency_code: 'USD', channel_quantity_units: 40, channel_quantity_seen_at: '2025-01-02T00:00:00.000Z' },
      { listing_id: 'amazon:US:CB-001:fba', fulfilment: 'fba', location_id: 'FBA-US', channel_listing_id: 'B000000001', channel_offer_id: '1126ABC0001', listing_status: 'active', price_amount: 29.99, currency_code: 'USD', channel_quantity_units: null, channel_quantity_seen_at: null },
      { listing_id: 'amazon:US:KS-002:merchant', fulfilment: 'merchant', location_id: null, channel_listing_id: 'B000000002', channel_offer_id: '1126ABC0002', listing_status: 'inactive', price_amount: 45, currency_code: 'USD', channel_quantity_units: 0, channel_quantity_seen_at: '2025-01-02T00:00:00.000Z' },
    ]);
    wh.close();
  });
});

describe('amazon multi-channel fulfilment rows', () => {
  it('loads Non-Amazon rows as marketplace MCF shipped from the run’s FBA location', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { ALL_ORDERS_COLUMNS } = await import('../../../pipeline/bench/ingest');
    const values: Record<string, string> = {
      'amazon-order-id': 'S01-0000001-0000001', 'purchase-date': '2025-02-01T10:00:00+00:00', 'order-status': 'Shipped', 'fulfillment-channel': 'Amazon',
      'sales-channel': 'Non-Amazon', sku: 'CB-001', 'item-status': 'Shipped', quantity: '1', currency: 'USD', 'item-price': '0.00',
    };
    const file = join(mkdtempSync(join(tmpdir(), 'cd-mcf-')), 'mcf.tsv');
    writeFileSync(file, `${ALL_ORDERS_COLUMNS.join('\t')}\n${ALL_ORDERS_COLUMNS.map((c) => values[c] ?? '').join('\t')}\n`);
    const wh = await freshWarehouse();
    await ingest(wh, [file]);
    expect(await rows(wh, 'select marketplace, fulfilment, location_id from order_line')).toEqual([{ marketplace: 'MCF', fulfilment: 'fba', location_id: 'FBA-US' }]);
    expect(await rows(wh, 'select location_id, location_name from location')).toEqual([{ location_id: 'FBA-US', location_name: 'Amazon FBA US' }]);
    wh.close();
  });
});
