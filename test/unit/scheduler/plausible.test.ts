import { readFileSync } from 'node:fs';
import { RowStage } from '../../../pipeline/scheduler/load';
import { implausibleFields } from '../../../pipeline/scheduler/plausible';
import type { InventoryRow, OrderLineRow } from '../../../pipeline/model/rows';

const plausible = { earliestDate: '2000-01-01', latestDate: '2027-12-02', maxQuantity: 1_000_000 };

const line = (over: Partial<OrderLineRow>): OrderLineRow => ({
  channel: 'ebay', marketplace: 'US', order_id: 'O-1', line_id: 'L-1', sku: 'SKU-1', title: null, quantity_units: 2,
  item_price_amount: 10, currency_code: 'USD', order_status: 'shipped', raw_status: 'FULFILLED', fulfilment: 'merchant',
  location_id: null, ship_country_code: 'US', ordered_at: '2026-11-30T10:00:00.000Z', shipped_at: null, last_updated_at: null, ship_by_at: null, ...over,
});

const snapshot = (over: Partial<InventoryRow>): InventoryRow => ({
  snapshot_date: '2026-12-01', sku: 'SKU-1', location_id: 'own', on_hand_units: 5, available_units: 5, reserved_units: 0, inbound_units: 0, unfulfillable_units: 0, ...over,
});

describe('plausibility of rows from channel APIs', () => {
  it('names the record and field of a date before 2000, a date more than a year ahead and a quantity beyond the limit', () => {
    expect(implausibleFields('order_line', line({ ordered_at: '1970-01-01T00:00:00.000Z' }), plausible)).toEqual([
      { record: 'order O-1 line L-1', field: 'ordered_at', reason: 'implausible date: before 2000-01-01', raw_value: '1970-01-01T00:00:00.000Z' },
    ]);
    expect(implausibleFields('order_line', line({ shipped_at: '2036-01-01T00:00:00.000Z', quantity_units: 5_000_000 }), plausible).map((r) => [r.field, r.reason])).toEqual([
      ['shipped_at', 'implausible date: more than a year ahead (after 2027-12-02)'],
      ['quantity_units', 'implausible quantity: beyond ±1000000 (set CROSSDOCK_INGEST_MAX_QUANTITY if it is real)'],
    ]);
    expect(implausibleFields('inventory_snapshot', snapshot({ on_hand_units: -2_000_000 }), plausible)).toEqual([
      { record: 'inventory SKU-1 at own on 2026-12-01', field: 'on_hand_units', reason: expect.stringMatching(/^implausible quantity/), raw_value: '-2000000' },
    ]);
  });

  it('accepts the limits themselves', () => {
    expect(implausibleFields('order_line', line({ ordered_at: '2000-01-01T00:00:00.000Z', shipped_at: '2027-12-02T23:59:59.000Z', quantity_units: 1_000_000 }), plausible)).toEqual([]);
  });

  it('stages plausible rows and keeps the others as rejects, not as rows', () => {
    const stage = new RowStage(undefined, plausible);
    try {
      stage.add('order_line', [line({}), line({ line_id: 'L-2', ordered_at: '1999-12-31T23:59:59.000Z' }), line({ line_id: 'L-3' })]);
      expect(stage.count('order_line')).toBe(2);
      expect(stage.rejects.map((r) => r.record)).toEqual(['order O-1 line L-2']);
      const staged = readFileSync(stage.seal().get('order_line')!, 'utf8').trim().split('\n').map((text) => JSON.parse(text).line_id);
      expect(staged).toEqual(['L-1', 'L-3']);
    } finally {
      stage.dispose();
    }
  });
});
