// `npm run bench -- scale [order_lines] [skus] [days] [memory_limit]`: where one DuckDB machine
// stands at N order lines (docs/scale.md). memory_limit (e.g. 8GB) caps DuckDB, which then spills
// to disk; without it DuckDB takes up to 80 % of the machine's memory.
// Generates canonical rows in SQL (pipeline/analytics/benchData.ts) into a fresh file database,
// then times the model build, every dataset at default parameters, and the Parquet export.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { refreshMarts, runDataset } from '../analytics';
import { writeBenchData } from '../analytics/benchData';
import { datasetNames } from '../analytics/registry';
import { say } from '../log';
import { bumpDataVersion, DuckWarehouse } from '../warehouse/duckdb';

export async function run(args: string[]): Promise<void> {
  const orderLines = Number(args[0] ?? 1_000_000);
  const skus = Number(args[1] ?? 2000);
  const days = Number(args[2] ?? 730);
  const memoryLimit = args[3];
  const dir = mkdtempSync(join(tmpdir(), 'cd-scale-'));
  const path = join(dir, 'scale.duckdb');
  const wh = await DuckWarehouse.open(path, memoryLimit ? { settings: { memory_limit: memoryLimit } } : {});
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
    say(
      `BENCH scale order_lines=${counts.lines} snapshots=${counts.snaps} skus=${skus} days=${days} load_s=${loadS} file_mb=${fileMb} ` +
        `models_s=${martsS} parquet_export_s=${exportS} parquet_mb=${parquetMb} rss_mb=${rss}${memoryLimit ? ` memory_limit=${memoryLimit}` : ''}`,
    );
    say(`BENCH scale datasets ${queries.join(' ')}`);
  } finally {
    wh.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

