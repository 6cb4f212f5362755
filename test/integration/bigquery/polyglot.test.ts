// SQL semantics without BigQuery: every dataset and model rendered for BigQuery, translated back
// to DuckDB with @polyglot-sql/sdk, must give the same rows as the DuckDB rendering on the same
// data (pipeline.md §3.6). `@name` parameters are hidden from the translator (it turns `@x` into
// ABS(x)) and restored as `$name` afterwards.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ANALYTICS_SQL_DIR, datasetNames } from '../../../pipeline/analytics/registry';
import { renderDatasetSql, renderModelStatements, runDataset } from '../../../pipeline/analytics';
import { writeBenchData } from '../../../pipeline/analytics/benchData';
import { buildForecasts } from '../../../pipeline/analytics/forecastBuild';
import { bumpDataVersion, DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { sqlParamNames } from '../../../pipeline/analytics/sqlRender';
import { getDataset } from '../../../pipeline/analytics/registry';
import { servedFromBigQuery, defaultParams } from '../../../pipeline/warehouse/bigquery/marts';

const polyglot = require('@polyglot-sql/sdk') as { init?: () => Promise<void>; transpile(sql: string, from: string, to: string): { success: boolean; sql: string[]; error: string | null } };

/**
 * §3.6-style exception found here: `date_add(d, interval cast(n as int64) day)` comes back as
 * `d + INTERVAL CAST(n AS BIGINT) DAY`, which DuckDB cannot parse; DATE + INTEGER (a DATE) is the DuckDB form.
 */
function fixIntervalCasts(sql: string): string {
  let out = sql;
  for (let at = out.indexOf('INTERVAL CAST('); at >= 0; at = out.indexOf('INTERVAL CAST(')) {
    let depth = 0;
    let end = at + 'INTERVAL '.length;
    for (; end < out.length; end++) {
      if (out[end] === '(') depth++;
      if (out[end] === ')' && --depth === 0) break;
    }
    if (!out.startsWith(' DAY', end + 1)) throw new Error(`unexpected interval near ${out.slice(at, at + 80)}`);
    const cast = out.slice(at + 'INTERVAL '.length, end + 1).replace(/ AS BIGINT\)$/, ' AS INTEGER)');
    out = out.slice(0, at) + cast + out.slice(end + 1 + ' DAY'.length);
  }
  return out;
}

/** BigQuery SQL → DuckDB SQL with `$name` parameters. */
function toDuckDb(bigquerySql: string): string {
  const hidden = bigquerySql.replace(/@([a-z_][a-z0-9_]*)/g, 'cdparam__$1');
  const result = polyglot.transpile(hidden, 'bigquery', 'duckdb');
  if (!result.success) throw new Error(`polyglot could not translate: ${result.error}\n${bigquerySql}`);
  return fixIntervalCasts(
    result.sql
      .join(';\n')
      .replace(/"?cdparam__([a-z0-9_]+)"?/g, '$$$1')
      // §3.6 exception: ISOWEEK passes through untranslated; DuckDB's 'WEEK' is the ISO (Monday) week
      .replace(/DATE_TRUNC\('ISOWEEK', /g, "DATE_TRUNC('WEEK', ")
  );
}

let reference: DuckWarehouse;
let translated: DuckWarehouse;

beforeAll(async () => {
  await polyglot.init?.();
  reference = await DuckWarehouse.open(':memory:');
  translated = await DuckWarehouse.open(':memory:');
  for (const wh of [reference, translated]) {
    await wh.transaction(async (conn) => {
      await writeBenchData(conn, { orderLines: 4000, skus: 12, days: 120, endDate: '2025-06-30' });
      await bumpDataVersion(conn);
    });
  }
  // the models of the second warehouse are built from the BigQuery rendering, translated back
  for (const statement of renderModelStatements('bigquery')) {
    await translated.run(toDuckDb(statement.sql));
  }
  // the demand forecasts are computed by Crossdock in DuckDB and exported as tables, not SQL models
  await translated.transaction((conn) => buildForecasts(conn));
}, 120_000);

afterAll(() => {
  reference?.close();
  translated?.close();
});

const datasets = datasetNames().filter(servedFromBigQuery);

/**
 * Columns computed with the percentile() macro: BigQuery's APPROX_QUANTILES (1 % resolution, by
 * design of the macro) against DuckDB's exact quantile_cont, so they agree within 2 %, not exactly.
 */
function approximateColumns(name: string): Set<string> {
  const neutral = readFileSync(join(ANALYTICS_SQL_DIR, `${name}.sql`), 'utf8');
  return new Set([...neutral.matchAll(/\{\{\s*percentile\([^}]*\}\}\s*(?:as\s+)?([a-z_0-9]+)/g)].map((m) => m[1]));
}

/**
 * The bench data has no pool imbalance large enough for a transfer, and nothing data_quality
 * flags (every return is located, every source ends on the same day): both sides must agree on none.
 */
// (fba_reconciliation: the bench data holds no Amazon Inventory Ledger; its own test loads one)
const EMPTY_ON_BENCH_DATA = new Set(['transfers', 'data_quality', 'fba_reconciliation']);

function sortRows(rows: unknown[][]): unknown[][] {
  return [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

function roundNumbers(rows: unknown[][]): unknown[][] {
  return rows.map((row) => row.map((v) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v)));
}

describe('BigQuery rendering, translated back to DuckDB', () => {
  it.each(datasets)('%s gives the same rows and numbers as the DuckDB rendering', async (name) => {
    const definition = getDataset(name);
    const expected = await runDataset(reference, name, {});
    if (!EMPTY_ON_BENCH_DATA.has(name)) expect(expected.rows.length).toBeGreaterThan(0); // the data exercises the dataset
    const params = defaultParams(definition, String(expected.params.as_of ?? '')) ;
    const sql = toDuckDb(renderDatasetSql(name, 'bigquery'));
    const bound: Record<string, string | number | boolean | null> = {};
    for (const param of sqlParamNames(sql)) bound[param] = params[param] ?? null;
    const rows = await translated.all(sql, bound as never);
    const actual = rows.map((row) => definition.columns.map((c) => row[c.name] ?? null));
    const approximate = definition.columns.map((c) => approximateColumns(name).has(c.name));
    const exactPart = (rows: unknown[][]) => roundNumbers(sortRows(rows)).map((row) => row.map((v, i) => (approximate[i] ? null : v)));
    expect(exactPart(actual)).toEqual(exactPart(expected.rows));
    // pair rows by their exact part, then check the approximate columns within 2 %
    const keyOf = (row: unknown[]) => JSON.stringify(roundNumbers([row])[0].map((v, i) => (approximate[i] ? null : v)));
    const byKey = new Map(expected.rows.map((row) => [keyOf(row), row]));
    for (const row of actual) {
      const match = byKey.get(keyOf(row))!;
      approximate.forEach((isApprox, i) => {
        if (!isApprox || match[i] === null) return; // compared exactly (rounded to 1e-6) above
        expect(Math.abs(Number(row[i]) - Number(match[i]))).toBeLessThanOrEqual(0.02 * Math.abs(Number(match[i])) + 1e-9);
      });
    }
  });
});
