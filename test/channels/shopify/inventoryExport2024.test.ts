// Shopify's default inventory export since 2024 (Bin name, "… (not editable)" state columns,
// On hand (current) / On hand (new)): loaded like the older per-state layout.
import { identifyHeader } from '../../../pipeline/ingest/sniff';
import { REPORTS } from '../../../pipeline/ingest/registry';
import { fixture, freshWarehouse, ingest, rejects, rows } from '../../integration/ingest/helpers';

const FILE = fixture('shopify/inventory_export_2024.csv');

describe('shopify inventory export, 2024 layout', () => {
  it('loads On hand (current) and the not-editable states per SKU × location, summing variants that share a SKU', async () => {
    const wh = await freshWarehouse();
    const [summary] = await ingest(wh, [FILE], { snapshotDate: '2026-12-01' });
    // 6 lines: the "not stocked" line is no record (5 read); the apron's Available is not a number
    expect(summary).toMatchObject({ kind: 'shopify/inventory', rows_read: 5, rows_loaded: 4, rows_rejected: 1, rows_summed: 1 });
    expect(await rows(wh, 'select * exclude (source_file, loaded_at) from inventory_snapshot order by location_id, sku')).toEqual([
      // On hand (new) = 12 is an edit the seller has not imported: the stock is On hand (current)
      { snapshot_date: '2026-12-01', sku: 'CB-001', location_id: 'Shop location', on_hand_units: 5, available_units: 5, reserved_units: 0, inbound_units: 0, unfulfillable_units: 0 },
      // Large + Small at US 3PL: 100 + 5 on hand, 90 + 4 available, 8 + 1 committed
      { snapshot_date: '2026-12-01', sku: 'CB-001', location_id: 'US 3PL', on_hand_units: 105, available_units: 94, reserved_units: 9, inbound_units: 50, unfulfillable_units: 2 },
      { snapshot_date: '2026-12-01', sku: 'KS-002', location_id: 'US 3PL', on_hand_units: 0, available_units: -3, reserved_units: 3, inbound_units: 0, unfulfillable_units: 0 },
    ]);
    expect(await rejects(wh, FILE)).toEqual([[7, 'available (not editable)', 'not a whole number', 'seven']]);
    wh.close();
  });

  it('names the missing column of a current-layout header instead of an empty list', () => {
    const header = 'Handle,Title,Option1 Name,Option1 Value,SKU,HS Code,COO,Location,Bin name,Incoming (not editable),Committed (not editable),On hand (current),On hand (new)';
    expect(() => identifyHeader('inv.csv', `${header}\n`, 'utf-8', REPORTS)).toThrow(
      'inv.csv: the header matches no supported report. The closest known kind is Shopify inventory export (shopify/inventory), which lacks column(s): available or available (not editable).',
    );
  });

  it('suggests no unrelated kind for a header that shares a column or two with several', () => {
    expect(() => identifyHeader('x.csv', 'sku,colour\nA,red\n', 'utf-8', REPORTS)).toThrow(
      'x.csv: the header matches no supported report: no known kind has most of its columns (the first header-like line has: sku, colour).',
    );
  });
});
