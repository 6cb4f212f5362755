// Deterministic datasets for the fake server: ten analytics datasets with the column
// shapes of pipeline/analytics, hostile strings in the attacker-controlled text columns (titles,
// return comments), and a stock sandbox with one listing per outcome.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DatasetParam, DatasetSpec } from '../../../pipeline/analytics/types';
import type { Column, ColumnType } from '../../../pipeline/warehouse/values';
import type { FakeDataset, StockListing } from './fakeCrossdock';

export const HOSTILE: string[] = JSON.parse(readFileSync(join(__dirname, '..', '..', 'fixtures', 'addin', 'hostile-strings.json'), 'utf8')).strings;

const CHANNELS = ['amazon', 'ebay', 'shopify', 'aliexpress'];
const LOCATIONS = ['FBA-US', '3PL-DE-1', 'OWN-CN'];

const std: DatasetParam[] = [
  { name: 'as_of', type: 'date', description: 'Date of the stock position (default: latest data date)' },
  { name: 'window_days', type: 'integer', description: 'Days of history', default: '90', min: 1, max: 730 },
  { name: 'channel', type: 'string', description: 'Only this channel', allowed: CHANNELS },
  { name: 'location', type: 'string', description: 'Only this location' },
];

function cols(spec: Record<string, ColumnType>): Column[] {
  return Object.entries(spec).map(([name, type]) => ({ name, type }));
}

function spec(name: string, title: string, columns: Column[], params = std): DatasetSpec {
  return { name, title, description: `${title}: fixture for the add-in tests.`, params, columns, key: [columns[0].name] };
}

const day = (i: number) => new Date(Date.UTC(2026, 10, 25) - i * 86_400_000).toISOString().slice(0, 10);

/** A small rolling pseudo-random sequence so the data looks varied but never changes. */
function seq(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

export function analyticsDatasets(rowsPer = 24): FakeDataset[] {
  const r = seq(42);
  const sku = (i: number) => `SKU-${String(i).padStart(4, '0')}`;
  const title = (i: number) => (i < HOSTILE.length ? HOSTILE[i] : `Product ${i} – ceramic mug 350 ml`);
  const out: FakeDataset[] = [];
  const inv = cols({ sku: 'string', title: 'string', location_id: 'string', snapshot_date: 'date', is_stale: 'boolean', on_hand_units: 'integer', available_units: 'integer', value_at_cost_base: 'number', days_of_supply: 'number', reason_code: 'string' });
  out.push({ spec: spec('inventory', 'Inventory position', inv), rows: Array.from({ length: Math.max(rowsPer, HOSTILE.length) }, (_, i) => [sku(i), title(i), LOCATIONS[i % 3], day(0), i % 7 === 0, 10 + i * 3, 8 + i * 2, Math.round((10 + i * 3) * 4.25 * 100) / 100, i % 5 === 0 ? null : Math.round(r() * 1200) / 10, i % 5 === 0 ? 'NO_DEMAND' : null]) });
  const turn = cols({ group_by: 'string', sku: 'string', channel: 'string', units_shipped: 'integer', cogs_base: 'number', avg_inventory_cost_base: 'number', cogs_turnover: 'number', cogs_turnover_annualised: 'number', sell_through_rate: 'number', reason_code: 'string' });
  const turnParams: DatasetParam[] = [...std, { name: 'group_by', type: 'string', description: 'Rows per sku or channel', default: 'sku', allowed: ['sku', 'channel'] }];
  const turnRows: unknown[][] = Array.from({ length: rowsPer }, (_, i) => ['sku', sku(i), null, 5 + i, 100 + i * 10, 50 + i * 4, (100 + i * 10) / (50 + i * 4) / 4, (100 + i * 10) / (50 + i * 4), Math.round(r() * 1000) / 1000, null]);
  for (const [k, c] of CHANNELS.entries()) turnRows.push(['channel', null, c, 100 * (k + 1), 1000 * (k + 1), 300 + 50 * k, (1000 * (k + 1)) / (300 + 50 * k) / 4, (1000 * (k + 1)) / (300 + 50 * k), 0.4, null]);
  out.push({ spec: spec('turnover', 'Inventory turnover', turn, turnParams), rows: turnRows });
  const aged = cols({ sku: 'string', pool_id: 'string', age_bucket: 'string', units: 'integer', value_base: 'number', is_aged_surcharge: 'boolean' });
  const buckets = ['0-90', '91-180', '181-270', '271-365', '365+'];
  out.push({ spec: spec('aged_inventory', 'Aged inventory', aged), rows: Array.from({ length: rowsPer }, (_, i) => [sku(i % 8), 'FBA-NA', buckets[i % 5], 3 + (i % 9), (3 + (i % 9)) * 7.5, i % 5 >= 2]) });
  const slow = cols({ sku: 'string', pool_id: 'string', stock_status: 'string', is_dead_stock: 'boolean', days_since_last_sale: 'integer', days_of_supply: 'number', value_tied_up_base: 'number', abc_xyz: 'string', suggested_action: 'string' });
  out.push({ spec: spec('slow_movers', 'Slow movers and dead stock', slow), rows: Array.from({ length: rowsPer }, (_, i) => [sku(i), LOCATIONS[i % 3], i % 4 === 0 ? 'DEAD_NO_SALES_90' : 'SLOW', i % 4 === 0, i % 4 === 0 ? 120 + i : 20 + i, i % 4 === 0 ? null : 100 + i * 5, 40 + i * 12.5, ['AX', 'BY', 'CZ'][i % 3], i % 4 === 0 ? 'clearance discount' : 'stop reordering']) });
  const ret = cols({ sku: 'string', channel: 'string', reason: 'string', raw_reason: 'string', return_units: 'integer', return_rate: 'number', is_listing_issue: 'boolean' });
  const reasons = ['damaged', 'not_as_described', 'no_longer_needed', 'defective', 'wrong_item'];
  out.push({ spec: spec('return_reasons', 'Return reasons', ret), rows: Array.from({ length: rowsPer }, (_, i) => [sku(i % 10), CHANNELS[i % 4], reasons[i % 5], HOSTILE[(i * 3) % HOSTILE.length], 1 + (i % 6), Math.round(r() * 250) / 1000, reasons[i % 5] === 'not_as_described']) });
  const rep = cols({ sku: 'string', pool_id: 'string', avg_daily_units: 'number', lead_time_days: 'number', safety_stock_units: 'number', reorder_point_units: 'number', inventory_position_units: 'integer', days_of_supply: 'number', suggested_order_units: 'integer' });
  out.push({ spec: spec('replenishment', 'Replenishment', rep), rows: Array.from({ length: rowsPer }, (_, i) => [sku(i), LOCATIONS[i % 3], 1.5 + i / 10, 21, 54.06, 774, 300 + i * 11, 5 + i * 2, i % 3 === 0 ? 382 : 0]) });
  const tr = cols({ sku: 'string', from_location: 'string', to_location: 'string', quantity: 'integer', days_of_supply: 'number', reason: 'string' });
  out.push({ spec: spec('transfers', 'Suggested transfers', tr), rows: Array.from({ length: 8 }, (_, i) => [sku(i), '3PL-DE-1', 'FBA-US', 20 + i * 5, 3 + i, 'FBA below 14 days of supply; 3PL holds excess']) });
  const ov = cols({ kind: 'string', channel: 'string', order_id: 'string', sku: 'string', ordered_at: 'timestamp', shortfall_units: 'integer' });
  out.push({ spec: spec('oversell', 'Oversell incidents and risk', ov), rows: Array.from({ length: 10 }, (_, i) => [i % 2 ? 'risk' : 'incident', CHANNELS[i % 4], `ORD-${1000 + i}`, sku(i), `${day(i)}T${String(8 + i).padStart(2, '0')}:15:00.000Z`, 1 + (i % 3)]) });
  const ops = cols({ channel: 'string', fulfilment: 'string', orders: 'integer', units: 'integer', revenue_base: 'number', median_processing_hours: 'number', p90_processing_hours: 'number', late_shipments: 'integer', return_rate: 'number' });
  out.push({ spec: spec('order_ops', 'Order operations', ops), rows: CHANNELS.flatMap((c, k) => ['fba', '3pl', 'self'].map((f, j) => [c, f, 100 + k * 40 + j * 7, 150 + k * 50, 4200.5 + k * 1000, 18 + j * 4, 40 + j * 6, k + j, 0.02 + 0.05 * j])) });
  const fba = cols({ sku: 'string', location_id: 'string', lost_units: 'integer', found_units: 'integer', claimable_units: 'integer', claimable_value_base: 'number', claim_deadline_date: 'date', claim_status: 'string' });
  const statuses = ['CLAIM_LOST', 'RECONCILED', 'CLAIM_DAMAGED', 'WAIT', 'RECONCILED', 'CLAIM_RETURN_NOT_RECEIVED'];
  out.push({
    spec: spec('fba_reconciliation', 'FBA inventory reconciliation', fba),
    rows: Array.from({ length: 12 }, (_, i) => {
      const status = statuses[i % statuses.length];
      const claimable = status.startsWith('CLAIM') ? 1 + (i % 3) : 0;
      return [sku(i), i % 2 ? 'FBA-DE' : 'FBA-US', status === 'CLAIM_LOST' || status === 'WAIT' ? 2 + (i % 3) : 0, i % 4 === 0 ? 1 : 0, claimable, claimable * 8.5, claimable ? day(-30 - i) : null, status];
    }),
  });
  return out;
}

/** The stock sandbox: one listing per outcome the pane must show. */
export function stockListings(): StockListing[] {
  return [
    { listing: 'shopify:US:SKU-0001', sku: 'SKU-0001', title: 'Mug', channel: 'shopify', fulfilment: 'merchant', channel_quantity: 40, version: 3, behaviour: 'ok' },
    { listing: 'ebay:DE:SKU-0002', sku: 'SKU-0002', title: '=HYPERLINK("http://evil.example","refund")', channel: 'ebay', fulfilment: 'merchant', channel_quantity: 12, version: 5, behaviour: 'conflict' },
    { listing: 'aliexpress:GLOBAL:SKU-0003', sku: 'SKU-0003', title: 'Lamp', channel: 'aliexpress', fulfilment: 'merchant', channel_quantity: 7, version: 2, behaviour: 'fail' },
    { listing: 'amazon:US:SKU-0004', sku: 'SKU-0004', title: 'Kettle', channel: 'amazon', fulfilment: 'fba', channel_quantity: 90, version: 1 },
    { listing: 'amazon:UK:SKU-0005', sku: 'SKU-0005', title: 'Teapot', channel: 'amazon', fulfilment: 'merchant', channel_quantity: 15, version: 8, behaviour: 'pending' },
    { listing: 'shopify:US:SKU-0006', sku: 'SKU-0006', title: 'Bowl', channel: 'shopify', fulfilment: 'merchant', channel_quantity: 0, version: 1, behaviour: 'ok' },
    { listing: 'shopify:US:SKU-0007', sku: 'SKU-0007', title: 'Vase', channel: 'shopify', fulfilment: 'merchant', channel_quantity: 10, version: 1, behaviour: 'ok', available_units: 20 },
  ];
}
