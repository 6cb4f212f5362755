// Measures where one DuckDB machine stands at N order lines (docs/scale.md):
//   npx tsx pipeline/warehouse/bigquery/measureScale.ts 1000000 [skus] [days]
// Generates canonical rows in SQL (pipeline/analytics/benchData.ts) into a fresh file database,
// then times the model build, every dataset at default parameters, and the Parquet export.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refreshMarts, runDataset } from '../../analytics';
import { writeBenchData } from '../../analytics/benchData';
import { datasetNames } from '../../analytics/registry';
import { bumpDataVersion, DuckWarehouse } from '../duckdb';

async function main(): Promise<void> {
  const orderLines = Number(process.argv[2] ?? 1_000_000);
  const skus = Number(process.argv[3] ?? 2000);
  const days = Number(process.argv[4] ?? 730);
  const dir = mkdtempSync(join(tmpdir(), 'cd-scale-'));
  const path = join(dir, 'scale.duckdb');
  const wh = await DuckWarehouse.open(path);
  const seconds = (t: number) => ((performance.now() - t) / 1000).toFixed(2);
  try {
    let t = performance.now();
    await wh.transaction(async (conn) => {
      await writeBenchData(conn, { orderLines, skus, days, endDate: '2025-06-30' });
      await bumpDataVersion(conn);
    });
    await wh.run('checkpoint');
    const loadS = seconds(t);
    const [counts] = await wh.all<{ lines: number; snaps: number }>('select (select count(*) from order_line) as lines, (select count(*) from inventory_snapshot) as snaps');
    const fileMb = (statSync(path).size / 1e6).toFixed(0);
    t = performance.now();
    await wh.transaction((conn) => refreshMarts(conn));
    const martsS = seconds(t);
    const queries: string[] = [];
    for (const name of datasetNames()) {
      t = performance.now();
      const result = await runDataset(wh, name, {});
      queries.push(`${name}=${seconds(t)}s/${result.rows.length}rows`);
    }
    t = performance.now();
    const parquet = join(dir, 'order_line.parquet');
    await wh.run(`copy (select * from order_line) to '${parquet}' (format parquet, compression zstd)`);
    const exportS = seconds(t);
    const parquetMb = (statSync(parquet).size / 1e6).toFixed(1);
    const rss = (process.memoryUsage().rss / 1e6).toFixed(0);
    console.log(
      `BENCH scale order_lines=${counts.lines} snapshots=${counts.snaps} skus=${skus} days=${days} load_s=${loadS} file_mb=${fileMb} ` +
        `models_s=${martsS} parquet_export_s=${exportS} parquet_mb=${parquetMb} rss_mb=${rss}`,
    );
    console.log(`BENCH scale datasets ${queries.join(' ')}`);
  } finally {
    wh.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
