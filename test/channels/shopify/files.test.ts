import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { fixture, freshWarehouse, ingest, rejects, rows } from '../../integration/ingest/helpers';

describe('shopify orders export', () => {
  it('carries order-level columns down to every line item of the order', async () => {
    const wh = await freshWarehouse();
    const [summary] = await ingest(wh, [fixture('shopify/orders_export.csv')]);
    expect(summary).toMatchObject({ kind: 'shopify/orders', rows_read: 6, rows_loaded: 5, rows_rejected: 1 });
    const lines = await rows(wh, `select order_id, line_id, sku, quantity_units, item_price_amount, currency_code, order_status, ship_country_code,
      ordered_at, shipped_at from order_line where order_id = '#2001' order by line_id`);
    expect(lines).toEqual([
      { order_id: '#2001', line_id: '1', sku: 'CB-001', quantity_units: 2, item_price_amount: 29.98, currency_code: 'USD', order_status: 'shipped', ship_country_code: 'US', ordered_at: '2025-05-11T13:55:16.000Z', shipped_at: '2025-05-12T14:00:00.000Z' },
      { order_id: '#2001', line_id: '2', sku: 'KS-002', quantity_units: 1, item_price_amount: 45.01, currency_code: 'USD', order_status: 'shipped', ship_country_code: 'US', ordered_at: '2025-05-11T13:55:16.000Z', shipped_at: '2025-05-12T14:00:00.000Z' },
    ]);
    wh.close();
  });

  it('normalises pending, cancelled and partly fulfilled orders per line', async () => {
    const wh = await freshWarehouse();
    await ingest(wh, [fixture('shopify/orders_export.csv')]);
    expect(await rows(wh, "select order_id, line_id, order_status, raw_status from order_line where order_id <> '#2001' order by 1, 2")).toEqual([
      { order_id: '#2002', line_id: '1', order_status: 'pending', raw_status: 'pending / pending' },
      { order_id: '#2003', line_id: '1', order_status: 'cancelled', raw_status: 'refunded / pending' },
      { order_id: '#2004', line_id: '2', order_status: 'unshipped', raw_status: 'paid / pending' },
    ]);
    wh.close();
  });

  it('refuses a line item without a SKU and counts records, not physical lines, across a quoted newline', async () => {
    const wh = await freshWarehouse();
    const file = fixture('shopify/orders_export.csv');
    await ingest(wh, [file]);
    // The Notes cell of record 2 spans two physical lines; the gift card is record 6.
    expect(await rejects(wh, file)).toEqual([[6, 'lineitem sku', 'missing lineitem sku', null]]);
    wh.close();
  });
});

describe('shopify inventory export', () => {
  it('loads the current layout as one snapshot row per variant and location', async () => {
    const wh = await freshWarehouse();
    const file = fixture('shopify/inventory_export.csv');
    const [summary] = await ingest(wh, [file], { snapshotDate: '2025-05-31' });
    expect(summary).toMatchObject({ kind: 'shopify/inventory', rows_read: 4, rows_loaded: 3, rows_rejected: 1 });
    expect(await rows(wh, 'select * exclude (source_file, loaded_at) from inventory_snapshot order by location_id, sku')).toEqual([
      { snapshot_date: '2025-05-31', sku: 'CB-001', location_id: 'Shop location', on_hand_units: 5, available_units: 5, reserved_units: 0, inbound_units: 0, unfulfillable_units: 0 },
      { snapshot_date: '2025-05-31', sku: 'CB-001', location_id: 'US 3PL', on_hand_units: 100, available_units: 90, reserved_units: 8, inbound_units: 50, unfulfillable_units: 2 },
      // Shopify lets available go negative when oversold: kept as is.
      { snapshot_date: '2025-05-31', sku: 'KS-002', location_id: 'US 3PL', on_hand_units: 0, available_units: -3, reserved_units: 3, inbound_units: 0, unfulfillable_units: 0 },
    ]);
    expect(await rejects(wh, file)).toEqual([[5, 'sku', 'missing sku', null]]);
    wh.close();
  });

  it('maps a Shopify location name to the crossdock location of that name', async () => {
    const wh = await freshWarehouse();
    await wh.run("insert into location (location_id, location_name, location_kind, country_code, pool_id, is_settable) values ('3PL-US-1', 'US 3PL', '3pl', 'US', '3PL-US-1', true)");
    await ingest(wh, [fixture('shopify/inventory_export.csv')], { snapshotDate: '2025-05-31' });
    expect(await rows(wh, 'select distinct location_id from inventory_snapshot order by 1')).toEqual([{ location_id: '3PL-US-1' }, { location_id: 'Shop location' }]);
    wh.close();
  });

  it('unpivots the older one-column-per-location layout and skips cells that are not stocked', async () => {
    const wh = await freshWarehouse();
    const file = fixture('shopify/inventory_export_by_location.csv');
    const [summary] = await ingest(wh, [file], { snapshotDate: '2025-05-31' });
    // CB-001 × 2 locations, KS-002 × 1 (the other is "not stocked"), AP-003 × 1 (the other is empty)
    expect(summary).toMatchObject({ kind: 'shopify/inventory_by_location', rows_read: 4, rows_loaded: 4, rows_rejected: 0 });
    expect(await rows(wh, 'select sku, location_id, on_hand_units, available_units from inventory_snapshot order by sku, location_id')).toEqual([
      // The cell is Shopify's Available quantity: -2 is oversold stock, loaded as it is.
      { sku: 'AP-003', location_id: 'US 3PL', on_hand_units: -2, available_units: -2 },
      { sku: 'CB-001', location_id: 'Shop location', on_hand_units: 5, available_units: 5 },
      { sku: 'CB-001', location_id: 'US 3PL', on_hand_units: 90, available_units: 90 },
      { sku: 'KS-002', location_id: 'US 3PL', on_hand_units: 12, available_units: 12 },
    ]);
    expect(await rejects(wh, file)).toEqual([]);
    wh.close();
  });
});

// inventory_export_oversold_duplicates.csv, by line: 2 CB-001 oversold (On hand -2); 3–4 two
// variants sharing SKU KS-002 at US 3PL; 5 KS-002 at Shop location; 6–7 AP-003 "not stocked";
// 8 MB-004 Committed "two"; 9 a third KS-002 variant at US 3PL with Available "1.5"; 10 MB-004
// Incoming -1; 11 blank padding; 12 the header again.
describe('shopify inventory export, oversold and duplicated stock', () => {
  const file = fixture('shopify/inventory_export_oversold_duplicates.csv');
  const snapshot = (wh: DuckWarehouse) =>
    rows(wh, 'select sku, location_id, on_hand_units, available_units, reserved_units, inbound_units, unfulfillable_units from inventory_snapshot order by sku, location_id');

  it('loads a negative On hand and Available as oversold stock, exactly as exported', async () => {
    const wh = await freshWarehouse();
    await ingest(wh, [file], { snapshotDate: '2025-05-31' });
    expect((await snapshot(wh)).filter((r) => r.sku === 'CB-001')).toEqual([
      { sku: 'CB-001', location_id: 'US 3PL', on_hand_units: -2, available_units: -6, reserved_units: 4, inbound_units: 0, unfulfillable_units: 0 },
    ]);
    wh.close();
  });

  it('sums the lines of one SKU at one location into one snapshot row and says so in the summary', async () => {
    const wh = await freshWarehouse();
    const [summary] = await ingest(wh, [file], { snapshotDate: '2025-05-31' });
    // Records: lines 2, 3, 4, 5 loaded (4 added to 3's row), and the three refused lines 8, 9, 10.
    expect(summary).toMatchObject({ kind: 'shopify/inventory', rows_read: 7, rows_loaded: 4, rows_summed: 1, rows_rejected: 3 });
    expect(await rows(wh, 'select count(*) as n from inventory_snapshot')).toEqual([{ n: summary.rows_loaded - summary.rows_summed! }]);
    expect((await snapshot(wh)).filter((r) => r.sku === 'KS-002')).toEqual([
      { sku: 'KS-002', location_id: 'Shop location', on_hand_units: 2, available_units: 2, reserved_units: 0, inbound_units: 0, unfulfillable_units: 0 },
      // Lines 3 + 4 (line 9, refused, adds nothing).
      { sku: 'KS-002', location_id: 'US 3PL', on_hand_units: 11, available_units: 7, reserved_units: 3, inbound_units: 5, unfulfillable_units: 1 },
    ]);
    wh.close();
  });

  it('skips rows with a state cell saying not stocked, in any case, without rejecting them', async () => {
    const wh = await freshWarehouse();
    await ingest(wh, [file], { snapshotDate: '2025-05-31' });
    expect(await rows(wh, "select count(*) as n from inventory_snapshot where sku = 'AP-003'")).toEqual([{ n: 0 }]);
    expect((await rejects(wh, file)).filter(([line]) => line === 6 || line === 7)).toEqual([]);
    wh.close();
  });

  it('still refuses a state that is not a whole number, or a negative Incoming, naming its own line and column', async () => {
    const wh = await freshWarehouse();
    await ingest(wh, [file], { snapshotDate: '2025-05-31' });
    expect(await rejects(wh, file)).toEqual([
      [8, 'committed', 'not a whole number', 'two'],
      [9, 'available', 'not a whole number', '1.5'],
      [10, 'incoming', 'negative quantity', '-1'],
    ]);
    wh.close();
  });

  it('computes On hand as available + committed + unavailable, a negative available included, when the export lacks the column', async () => {
    const wh = await freshWarehouse();
    const [summary] = await ingest(wh, [fixture('shopify/inventory_export_without_on_hand.csv')], { snapshotDate: '2025-05-31' });
    expect(summary).toMatchObject({ kind: 'shopify/inventory', rows_read: 3, rows_loaded: 3, rows_summed: 1, rows_rejected: 0 });
    expect(await rows(wh, 'select sku, on_hand_units, available_units from inventory_snapshot order by sku')).toEqual([
      // (90 + 8 + 2) + (-2 + 1 + 0): two variants sharing the SKU.
      { sku: 'CB-001', on_hand_units: 99, available_units: 88 },
      { sku: 'KS-002', on_hand_units: 0, available_units: -3 },
    ]);
    wh.close();
  });
});

// inventory_export_by_location_duplicates.csv, by line: 2–3 two variants sharing SKU TS-001 (the
// second " Not Stocked " at Shop location); 4 MG-002 oversold at US 3PL, "NOT STOCKED" at Shop
// location; 5 CP-003 "ten" at US 3PL; 6 a third TS-001 variant with "2.5" at US 3PL.
describe('shopify inventory export by location, oversold and duplicated stock', () => {
  const file = fixture('shopify/inventory_export_by_location_duplicates.csv');

  it('sums one SKU per location, loads oversold stock and skips not stocked cells, refusing only bad numbers', async () => {
    const wh = await freshWarehouse();
    const [summary] = await ingest(wh, [file], { snapshotDate: '2025-05-31' });
    // 7 location cells hold a number or text; TS-001 at US 3PL is two of them (summed)
    expect(summary).toMatchObject({ kind: 'shopify/inventory_by_location', rows_read: 7, rows_loaded: 5, rows_summed: 1, rows_rejected: 2 });
    expect(await rows(wh, 'select sku, location_id, on_hand_units, available_units from inventory_snapshot order by sku, location_id')).toEqual([
      { sku: 'CP-003', location_id: 'Shop location', on_hand_units: 1, available_units: 1 },
      { sku: 'MG-002', location_id: 'US 3PL', on_hand_units: -5, available_units: -5 },
      { sku: 'TS-001', location_id: 'Shop location', on_hand_units: 2, available_units: 2 },
      { sku: 'TS-001', location_id: 'US 3PL', on_hand_units: 7, available_units: 7 },
    ]);
    expect(await rejects(wh, file)).toEqual([
      [5, 'quantity', 'not a whole number', 'ten'],
      [6, 'quantity', 'not a whole number', '2.5'],
    ]);
    wh.close();
  });
});
