import { runDataset } from '../../../pipeline/analytics/run';
import { getDataset, renderDatasetSql } from '../../../pipeline/analytics/registry';
import { describeQuery, DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { AllocationRule, effectiveRule, suggestQuantity } from '../../../pipeline/writeback/allocation';
import { NO_STOCK_FILTERS } from '../../../pipeline/writeback/listingState';
import { landRows } from '../../support/landRows';

const stockSql = renderDatasetSql('stock', 'duckdb');

async function warehouseWithPools(): Promise<DuckWarehouse> {
  const wh = await DuckWarehouse.open(':memory:');
  await wh.run(`insert into location (location_id, location_name, location_kind, country_code, pool_id, is_settable) values
    ('WH-SZ', 'Shenzhen', 'own', 'CN', 'POOL-A', true),
    ('3PL-US', 'US 3PL', '3pl', 'US', 'POOL-A', true),
    ('3PL-DE', 'DE 3PL', '3pl', 'DE', '3PL-DE', true),
    ('FBA-US', 'FBA US', 'fba', 'US', 'FBA-NA', false)`);
  // MUG: 30 + 12 in POOL-A (latest days), 8 in DE; an older WH-SZ row must be ignored.
  await landRows(wh, `insert into inventory_snapshot (snapshot_date, sku, location_id, on_hand_units, available_units) values
    ('2026-11-20', 'MUG', 'WH-SZ', 99, 99), ('2026-11-25', 'MUG', 'WH-SZ', 35, 30), ('2026-11-24', 'MUG', '3PL-US', 12, 12),
    ('2026-11-25', 'MUG', '3PL-DE', 8, 8), ('2026-11-25', 'MUG', 'FBA-US', 50, 44)`);
  const listings: [string, string, string, string, string, number | null][] = [
    ['shopify:main:MUG:merchant', 'shopify', 'main', 'MUG', 'WH-SZ', 20],
    ['ebay:US:MUG:merchant', 'ebay', 'US', 'MUG', '3PL-US', 15],
    ['ebay:DE:MUG:merchant', 'ebay', 'DE', 'MUG', '3PL-DE', 5],
    ['amazon:US:MUG:merchant', 'amazon', 'US', 'MUG', 'WH-SZ', 7],
    ['amazon:US:MUG:fba', 'amazon', 'US', 'MUG', 'FBA-US', 44],
    ['aliexpress:global:MUG:merchant', 'aliexpress', 'global', 'MUG', null as unknown as string, null],
  ];
  for (const [id, channel, marketplace, sku, location, quantity] of listings) {
    await wh.run(
      `insert into listing (listing_id, channel, marketplace, sku, fulfilment, location_id, channel_quantity_units, channel_quantity_seen_at)
       values ($1, $2, $3, $4, $5, $6, $7, timestamp '2026-11-26 08:00:00')`,
      [id, channel, marketplace, sku, id.endsWith(':fba') ? 'fba' : 'merchant', location, quantity],
    );
  }
  return wh;
}

const rule = (fields: Partial<AllocationRule> & Pick<AllocationRule, 'rule_id' | 'rule_scope'>): AllocationRule => ({
  channel: null, listing_id: null, reserve_units: null, available_pct: null, max_units: null, floor_units: null, ...fields,
});

async function insertRules(wh: DuckWarehouse, rules: AllocationRule[]) {
  await wh.run('delete from allocation_rule');
  for (const r of rules) {
    await wh.run(
      `insert into allocation_rule (rule_id, rule_scope, channel, listing_id, reserve_units, available_pct, max_units, floor_units) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [r.rule_id, r.rule_scope, r.channel, r.listing_id, r.reserve_units, r.available_pct, r.max_units, r.floor_units],
    );
  }
}

describe('the stock dataset', () => {
  it('has one row per listing with the pool available, the channel quantity, version and editability', async () => {
    const wh = await warehouseWithPools();
    const rows = await wh.all(`select listing, pool_id, available_units, channel_quantity, editable, length(version) as version_length from (${stockSql})`, NO_STOCK_FILTERS);
    expect(rows).toEqual([
      { listing: 'aliexpress:global:MUG:merchant', pool_id: null, available_units: null, channel_quantity: null, editable: true, version_length: 16 },
      { listing: 'amazon:US:MUG:fba', pool_id: 'FBA-NA', available_units: 44, channel_quantity: 44, editable: false, version_length: 16 },
      { listing: 'amazon:US:MUG:merchant', pool_id: 'POOL-A', available_units: 42, channel_quantity: 7, editable: true, version_length: 16 },
      { listing: 'ebay:DE:MUG:merchant', pool_id: '3PL-DE', available_units: 8, channel_quantity: 5, editable: true, version_length: 16 },
      { listing: 'ebay:US:MUG:merchant', pool_id: 'POOL-A', available_units: 42, channel_quantity: 15, editable: true, version_length: 16 },
      { listing: 'shopify:main:MUG:merchant', pool_id: 'POOL-A', available_units: 42, channel_quantity: 20, editable: true, version_length: 16 },
    ]);
    wh.close();
  });

  it('changes a listing version when its channel quantity changes, and only that listing', async () => {
    const wh = await warehouseWithPools();
    const versions = async () => new Map((await wh.all<{ listing: string; version: string }>(`select listing, version from (${stockSql})`, NO_STOCK_FILTERS)).map((r) => [r.listing, r.version]));
    const before = await versions();
    await wh.run("update listing set channel_quantity_units = 16 where listing_id = 'ebay:US:MUG:merchant'");
    const after = await versions();
    expect(after.get('ebay:US:MUG:merchant')).not.toBe(before.get('ebay:US:MUG:merchant'));
    expect(after.get('shopify:main:MUG:merchant')).toBe(before.get('shopify:main:MUG:merchant'));
    wh.close();
  });

  it('suggests nothing for an FBA row, whose quantity Amazon sets', async () => {
    const wh = await warehouseWithPools();
    expect(await wh.all(`select suggested_quantity from (${stockSql}) where listing = 'amazon:US:MUG:fba'`, NO_STOCK_FILTERS)).toEqual([{ suggested_quantity: null }]);
    wh.close();
  });

  it('suggests what the allocation rules give: eBay US keeps 40% of 42 after a 2-unit reserve = 16', async () => {
    const wh = await warehouseWithPools();
    await insertRules(wh, [rule({ rule_id: 'channel:ebay', rule_scope: 'channel', channel: 'ebay', reserve_units: 2, available_pct: 40 })]);
    const [row] = await wh.all(`select suggested_quantity from (${stockSql}) where listing = 'ebay:US:MUG:merchant'`, NO_STOCK_FILTERS);
    expect(row).toEqual({ suggested_quantity: 16 });
    wh.close();
  });

  it('agrees with the TypeScript allocation for every listing under many rule combinations', async () => {
    const wh = await warehouseWithPools();
    const available: Record<string, number | null> = {};
    for (const r of await wh.all<{ listing: string; available_units: number | null }>(`select listing, available_units from (${stockSql})`, NO_STOCK_FILTERS)) available[r.listing] = r.available_units;
    const values = { reserve_units: [null, 0, 3, 50], available_pct: [null, 0, 7, 33.5, 100], max_units: [null, 0, 10], floor_units: [null, 0, 5, 41] };
    let checked = 0;
    for (let i = 0; i < 40; i++) {
      const pick = <T,>(xs: T[], salt: number) => xs[(i * 7 + salt * 13 + (i >> 2)) % xs.length];
      const rules = [
        rule({ rule_id: 'all', rule_scope: 'all', floor_units: pick(values.floor_units, 1), available_pct: pick(values.available_pct, 2) }),
        rule({ rule_id: 'channel:ebay', rule_scope: 'channel', channel: 'ebay', reserve_units: pick(values.reserve_units, 3), max_units: pick(values.max_units, 4) }),
        rule({ rule_id: 'listing:shopify:main:MUG:merchant', rule_scope: 'listing', listing_id: 'shopify:main:MUG:merchant', reserve_units: pick(values.reserve_units, 5), available_pct: pick(values.available_pct, 6), max_units: pick(values.max_units, 7), floor_units: pick(values.floor_units, 8) }),
      ];
      await insertRules(wh, rules);
      const rows = await wh.all<{ listing: string; channel: string; editable: boolean; suggested_quantity: number | null }>(`select listing, channel, editable, suggested_quantity from (${stockSql})`, NO_STOCK_FILTERS);
      for (const row of rows) {
        const expected = row.editable ? suggestQuantity(available[row.listing], effectiveRule(rules, { listing_id: row.listing, channel: row.channel })) : null;
        expect([i, row.listing, row.suggested_quantity]).toEqual([i, row.listing, expected]);
        checked++;
      }
    }
    expect(checked).toBe(240);
    wh.close();
  });

  it('is served by the analytics registry with the declared columns and filters by channel', async () => {
    const wh = await warehouseWithPools();
    const result = await runDataset(wh, 'stock', { channel: 'ebay' });
    const listingAt = result.columns.findIndex((c) => c.name === 'listing');
    expect(result.rows.map((row) => row[listingAt])).toEqual(['ebay:DE:MUG:merchant', 'ebay:US:MUG:merchant']);
    const actual = await wh.withConnection((conn) => describeQuery(conn, stockSql, NO_STOCK_FILTERS));
    expect(actual).toEqual(getDataset('stock').columns);
    wh.close();
  });
});
