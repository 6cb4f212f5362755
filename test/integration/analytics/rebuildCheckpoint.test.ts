// A rebuild ends with a checkpoint: the marts' commits would otherwise stay in the write-ahead
// log below DuckDB's own threshold, and the next small write's commit — a pull's model update,
// which an analyst waits for — would pay for checkpointing them.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBenchData } from '../../../pipeline/analytics/benchData';
import { ensureMartsFresh } from '../../../pipeline/analytics/models';
import { bumpDataVersion, DuckWarehouse } from '../../../pipeline/warehouse/duckdb';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cd-rebuild-checkpoint-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('a finished rebuild leaves no write-ahead log', async () => {
  const path = join(dir, 'crossdock.duckdb');
  const wh = await DuckWarehouse.open(path);
  await wh.transaction(async (conn) => {
    await writeBenchData(conn, { orderLines: 2000, skus: 20, days: 60, endDate: '2025-06-30' });
    await bumpDataVersion(conn);
  });
  await ensureMartsFresh(wh);
  await wh.transaction(async (conn) => {
    await conn.run("update order_line set quantity_units = quantity_units + 1 where ordered_at >= timestamp '2025-06-29'");
    await bumpDataVersion(conn, [{ table: 'order_line' }]);
  });
  expect(existsSync(`${path}.wal`)).toBe(true); // the write is in the log
  await ensureMartsFresh(wh); // waits for the models and every mart
  expect(existsSync(`${path}.wal`)).toBe(false);
  wh.close();
});
