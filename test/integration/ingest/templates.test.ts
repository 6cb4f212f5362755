import { SALES_CHANNEL_IDS } from '../../../pipeline/channels';
import { fixture, freshWarehouse, ingest, rejects, rows } from './helpers';

describe('crossdock templates', () => {
  it('loads locations, never letting an FBA location be settable, and refuses an unknown kind', async () => {
    const wh = await freshWarehouse();
    const file = fixture('crossdock/locations.csv');
    const [summary] = await ingest(wh, [file]);
    expect(summary).toMatchObject({ kind: 'crossdock/locations', rows_read: 4, rows_loaded: 3, rows_rejected: 1 });
    expect(await rows(wh, 'select * exclude (loaded_at) from location order by location_id')).toEqual([
      { location_id: '3PL-UK-1', location_name: 'Leeds 3PL, Unit 4', location_kind: '3pl', country_code: 'GB', pool_id: '3PL-UK-1', is_settable: true },
      { location_id: 'FBA-US', location_name: 'Amazon FBA US', location_kind: 'fba', country_code: 'US', pool_id: 'FBA-NA', is_settable: false },
      { location_id: 'OWN-CN-SZ', location_name: 'Shenzhen warehouse', location_kind: 'own', country_code: 'CN', pool_id: 'OWN-CN-SZ', is_settable: true },
    ]);
    expect(await rejects(wh, file)).toEqual([[5, 'kind', 'must be one of: fba, 3pl, own', 'warehouse']]);
    wh.close();
  });

  it('loads SKU master data with defaults for empty σ, MOQ and case pack', async () => {
    const wh = await freshWarehouse();
    const file = fixture('crossdock/skus.csv');
    await ingest(wh, [file]);
    expect(await rows(wh, 'select sku, unit_cost_amount, cost_currency_code, lead_time_days, lead_time_sd_days, moq_units, case_pack_units from sku order by sku')).toEqual([
      { sku: 'CB-001', unit_cost_amount: 6.2, cost_currency_code: 'USD', lead_time_days: 45, lead_time_sd_days: 7, moq_units: 500, case_pack_units: 20 },
      { sku: 'KS-002', unit_cost_amount: 11.5, cost_currency_code: 'CNY', lead_time_days: 60, lead_time_sd_days: 0, moq_units: 1, case_pack_units: 1 },
    ]);
    expect(await rejects(wh, file)).toEqual([[4, 'unit_cost', 'negative value', '-1']]);
    wh.close();
  });

  it('loads daily stock and refuses a negative on-hand and a date that is not YYYY-MM-DD', async () => {
    const wh = await freshWarehouse();
    const file = fixture('crossdock/inventory.csv');
    const [summary] = await ingest(wh, [file]);
    expect(summary).toMatchObject({ kind: 'crossdock/inventory', rows_read: 5, rows_loaded: 3, rows_rejected: 2 });
    expect(await rows(wh, 'select location_id, sku, on_hand_units, available_units, reserved_units, inbound_units, unfulfillable_units from inventory_snapshot order by 1, 2')).toEqual([
      { location_id: '3PL-UK-1', sku: 'CB-001', on_hand_units: 250, available_units: 240, reserved_units: 10, inbound_units: 0, unfulfillable_units: 0 },
      { location_id: '3PL-UK-1', sku: 'KS-002', on_hand_units: 0, available_units: 0, reserved_units: 0, inbound_units: 0, unfulfillable_units: 0 },
      { location_id: 'OWN-CN-SZ', sku: 'CB-001', on_hand_units: 1200, available_units: 1200, reserved_units: 0, inbound_units: 500, unfulfillable_units: 0 },
    ]);
    expect(await rejects(wh, file)).toEqual([
      [5, 'on_hand', 'negative quantity', '-4'],
      [6, 'snapshot_date', 'unparseable date', '31/12/2024'],
    ]);
    wh.close();
  });

  it('loads listings keyed channel:marketplace:sku:fulfilment and refuses an unknown channel', async () => {
    const wh = await freshWarehouse();
    const file = fixture('crossdock/listings.csv');
    await ingest(wh, [file], { snapshotDate: '2025-01-01' });
    expect(await rows(wh, 'select listing_id, location_id, channel_inventory_item_id, channel_quantity_units from listing order by 1')).toEqual([
      { listing_id: 'amazon:US:CB-001:fba', location_id: 'FBA-US', channel_inventory_item_id: null, channel_quantity_units: null },
      { listing_id: 'ebay:US:CB-001:merchant', location_id: '3PL-UK-1', channel_inventory_item_id: null, channel_quantity_units: 240 },
      { listing_id: 'shopify:US:KS-002:merchant', location_id: 'OWN-CN-SZ', channel_inventory_item_id: 'gid://shopify/InventoryItem/1', channel_quantity_units: 12 },
    ]);
    expect(await rejects(wh, file)).toEqual([[5, 'channel', `must be one of: ${SALES_CHANNEL_IDS.join(', ')}`, 'walmart']]);
    expect(SALES_CHANNEL_IDS).toEqual(expect.arrayContaining(['amazon', 'ebay', 'shopify', 'aliexpress', 'mercadolibre', 'shopee']));
    wh.close();
  });

  it('loads returns from any channel with normalised reasons, keeping a comment with a comma and a newline', async () => {
    const wh = await freshWarehouse();
    const file = fixture('crossdock/returns.csv');
    await ingest(wh, [file]);
    expect(await rows(wh, 'select channel, return_line_id, reason_code, disposition, is_restocked, customer_comment, returned_at from return_line order by returned_at')).toEqual([
      { channel: 'ebay', return_line_id: '5000123', reason_code: 'DAMAGED_IN_TRANSIT', disposition: 'carrier_damaged', is_restocked: false, customer_comment: 'Cracked in the box,\ncorner split', returned_at: '2024-12-05T15:00:00.000Z' },
      // no offset = UTC
      { channel: 'shopify', return_line_id: 'R-77', reason_code: 'SIZE_FIT', disposition: 'sellable', is_restocked: true, customer_comment: null, returned_at: '2024-12-06T08:00:00.000Z' },
      { channel: 'aliexpress', return_line_id: 'AE-9', reason_code: 'LATE_DELIVERY', disposition: 'unknown', is_restocked: false, customer_comment: null, returned_at: '2024-12-07T00:00:00.000Z' },
    ]);
    // the quoted newline makes the bad row record 5 (physical line 6)
    expect(await rejects(wh, file)).toEqual([[5, 'returned_at', 'unparseable date', 'not a date']]);
    wh.close();
  });
});

describe('fx rates', () => {
  it('converts facts at the rate of their date or the latest earlier one, and the base currency at 1', async () => {
    const wh = await freshWarehouse();
    await ingest(wh, [fixture('crossdock/fx.csv'), fixture('ebay/orders_report.csv'), fixture('crossdock/returns.csv')]);
    expect(await rows(wh, "select currency_code, item_price_amount, fx_rate, item_price_base from order_line where currency_code <> 'USD' order by 1")).toEqual([
      // AU $3,000.00 on Dec-02-24 at the 2024-11-01 rate 0.6550
      { currency_code: 'AUD', item_price_amount: 3000, fx_rate: 0.655, item_price_base: 1965 },
      // EUR 27,50 on Dec-01-24 at the 2024-12-01 rate 1.0562 → 29.0455
      { currency_code: 'EUR', item_price_amount: 27.5, fx_rate: 1.0562, item_price_base: 29.0455 },
    ]);
    expect(await rows(wh, "select refund_amount, refund_base from return_line where return_line_id = 'R-77'")).toEqual([{ refund_amount: 45, refund_base: 47.529 }]);
    wh.close();
  });

  it('recomputes base values of facts loaded before their rates', async () => {
    const wh = await freshWarehouse();
    await ingest(wh, [fixture('ebay/orders_report.csv'), fixture('crossdock/returns.csv')]);
    expect(await rows(wh, "select item_price_base from order_line where currency_code = 'EUR'")).toEqual([{ item_price_base: null }]);
    const [fx] = await ingest(wh, [fixture('crossdock/fx.csv')]);
    // a zero rate is refused: a rate must be > 0
    expect(fx).toMatchObject({ kind: 'crossdock/fx', rows_read: 4, rows_loaded: 3, rows_rejected: 1 });
    expect(await rows(wh, "select fx_rate, item_price_base from order_line where currency_code = 'EUR'")).toEqual([{ fx_rate: 1.0562, item_price_base: 29.0455 }]);
    expect(await rows(wh, "select refund_base from return_line where return_line_id = 'R-77'")).toEqual([{ refund_base: 47.529 }]);
    wh.close();
  });
});
