import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bumpDataVersion, describeQuery, DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { listDatasets, refreshMarts, renderDatasetSql, renderModelStatements, runDataset } from '../../../pipeline/analytics';
import { ensureMartsFresh, loadModels, sqlFingerprint } from '../../../pipeline/analytics/models';
import { getDataset, datasetSqlPath, SHARED_SQL_DIR } from '../../../pipeline/analytics/registry';
import { sqlParamNames } from '../../../pipeline/analytics/sqlRender';

const OWN_DATASETS = ['inventory', 'turnover', 'aged_inventory', 'slow_movers', 'return_reasons', 'replenishment', 'transfers', 'oversell', 'order_ops'];

/** Engine-specific spellings that must stay behind a macro in neutral SQL (pipeline.md §4.1). */
const BANNED = [
  /::/,
  /\bsafe_divide\s*\(/i,
  /\bgenerate_date_array\b/i,
  /\bgenerate_series\b/i,
  /\bdate_(sub|add|diff|trunc)\s*\(/i,
  /\bdatediff\b/i,
  /\bconcat\s*\(/i,
  /\b(greatest|least)\s*\(/i, // NULL handling differs: DuckDB skips NULLs, BigQuery returns NULL
  /\bgroup by all\b/i,
  /\bexclude\s*\(/i,
  /\b(ifnull|nvl)\s*\(/i,
  /\b(quantile\w*|percentile_cont|approx_quantiles)\s*\(/i,
  /\b(try_cast|safe_cast|regexp_extract|split_part|strftime|format_date|isodow)\s*\(/i,
  /\b(bool_or|logical_or)\s*\(/i,
  /\binterval\b/i,
];

function neutralFiles(): string[] {
  const fragments = readdirSync(SHARED_SQL_DIR).filter((f) => f.endsWith('.sql')).map((f) => join(SHARED_SQL_DIR, f));
  return [...loadModels().map((m) => m.path), ...OWN_DATASETS.map((name) => datasetSqlPath(getDataset(name))), ...fragments];
}

describe('dataset registry', () => {
  it('discovers every dataset module with its SQL file', () => {
    const names = listDatasets().map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining(OWN_DATASETS));
  });

  it('declares exactly the $parameters each dataset SQL uses', () => {
    for (const spec of listDatasets()) {
      const used = sqlParamNames(renderDatasetSql(spec.name, 'duckdb')).sort();
      expect([spec.name, used]).toEqual([spec.name, spec.params.map((p) => p.name).sort()]);
    }
  });

  it('declares the columns, in order and with the types, that each dataset SQL returns', async () => {
    const wh = await DuckWarehouse.open(':memory:');
    await wh.transaction((conn) => refreshMarts(conn));
    await wh.withConnection(async (conn) => {
      for (const spec of listDatasets()) {
        const sql = renderDatasetSql(spec.name, 'duckdb');
        const params = Object.fromEntries(sqlParamNames(sql).map((p) => [p, null]));
        const described = await describeQuery(conn, sql, params);
        expect([spec.name, described]).toEqual([spec.name, spec.columns]);
      }
    });
    wh.close();
  });

  it('keeps the neutral SQL free of engine-specific functions (they belong in macros)', () => {
    for (const file of neutralFiles()) {
      const sql = readFileSync(file, 'utf8')
        .replace(/--[^\n]*/g, '')
        .replace(/\{\{[\s\S]*?\}\}/g, (m) => m.replace(/\(|\)/g, ' '));
      for (const pattern of BANNED) {
        expect([file, pattern.test(sql.replace(/\{\{[^}]*\}\}/g, ''))]).toEqual([file, false]);
      }
    }
  });

  it('renders every model and dataset for BigQuery with @parameters and project.dataset relations', () => {
    for (const name of OWN_DATASETS) {
      const sql = renderDatasetSql(name, 'bigquery', { relationPrefix: 'proj.crossdock' });
      expect(sql).not.toMatch(/\{\{|\$[a-z]/);
      expect(sql).toContain('`proj.crossdock.');
      expect(sql).toContain('cast(@as_of as date)');
    }
    const statements = renderModelStatements('bigquery', { relationPrefix: 'proj.crossdock' });
    expect(statements.map((s) => s.name)).toEqual(expect.arrayContaining(['dim_date', 'int_daily_position', 'int_order_lines']));
    const dimDate = statements.find((s) => s.name === 'dim_date')!.sql;
    expect(dimDate).toMatch(/^create or replace table `proj\.crossdock\.dim_date` as/);
    expect(dimDate).toContain('generate_date_array');
    expect(statements.every((s) => !s.sql.includes('{{'))).toBe(true);
  });

  it('builds models after the models they read', () => {
    const order = renderModelStatements('duckdb').map((s) => s.name);
    expect(order.indexOf('dim_date')).toBeLessThan(order.indexOf('int_fx_daily'));
    expect(order.indexOf('int_order_lines')).toBeLessThan(order.indexOf('int_daily_demand'));
    expect(order.indexOf('int_daily_demand')).toBeLessThan(order.indexOf('int_daily_position'));
    expect(order.indexOf('int_daily_inventory')).toBeLessThan(order.indexOf('int_inventory_receipts'));
    expect(readFileSync(join(__dirname, '../../../sql/intermediate/dim_date.sql'), 'utf8')).toMatch(/^-- materialized: table/);
  });
});

describe('default-parameter marts', () => {
  /** One SKU with 5 units on 2025-01-01, loaded the way a loader does (version bump, then marts). */
  async function warehouseWithMarts(): Promise<DuckWarehouse> {
    const wh = await DuckWarehouse.open(':memory:');
    await wh.transaction(async (conn) => {
      await conn.run("insert into location (location_id, location_name, location_kind, pool_id, is_settable) values ('WH1', 'Own', 'own', 'OWN', true)");
      await conn.run("insert into sku (sku, unit_cost_amount, cost_currency_code) values ('A', 1, 'USD')");
      await conn.run("insert into inventory_snapshot (snapshot_date, sku, location_id, on_hand_units, available_units) values ('2025-01-01', 'A', 'WH1', 5, 5)");
      await bumpDataVersion(conn);
      await refreshMarts(conn);
    });
    return wh;
  }

  it('serves default parameters from mart_<dataset> built at the last refresh, and other parameters live', async () => {
    const wh = await warehouseWithMarts();
    // change the data behind the marts' back (no version bump, no refresh)
    await wh.run("update inventory_snapshot set on_hand_units = 7");
    await wh.run("create or replace table int_daily_inventory as select * replace (7 as on_hand_units) from int_daily_inventory");
    const onHand = async (raw: Record<string, string>) => {
      const result = await runDataset(wh, 'inventory', raw);
      return result.rows[0][result.columns.findIndex((c) => c.name === 'on_hand_units')];
    };
    expect(await onHand({})).toBe(5); // the mart, as of the refresh
    expect(await onHand({ as_of: '2025-01-01' })).toBe(5); // same parameters spelled out
    expect(await onHand({ window_days: '30' })).toBe(7); // live
    wh.close();
  });

  it('rebuilds the marts once when the SQL changed since they were built (a new release), not otherwise', async () => {
    const wh = await warehouseWithMarts();
    const martOnHand = async () => (await wh.all<{ on_hand_units: number }>('select on_hand_units from mart_inventory'))[0].on_hand_units;
    await wh.run('update mart_inventory set on_hand_units = 99'); // a mart built by other SQL
    await ensureMartsFresh(wh);
    expect(await martOnHand()).toBe(99); // same data version, same SQL: nothing rebuilt
    // marts stamped by a release whose SQL differed
    await wh.run("update setting set setting_value = setting_value || 'x' where setting_key = 'marts_data_version'");
    await ensureMartsFresh(wh);
    expect(await martOnHand()).toBe(5);
    const [stamp] = await wh.all<{ v: string }>("select setting_value as v from setting where setting_key = 'marts_data_version'");
    expect(stamp.v).toMatch(new RegExp(`\\|sql:${sqlFingerprint()}$`));
    wh.close();
  });
});
