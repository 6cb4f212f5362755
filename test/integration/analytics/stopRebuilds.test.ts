// A refresh leaves the marts' rebuild running after it has its answer. A server stopping then
// must not close the database under it (that leaves the write-ahead log behind): the rebuild
// stops before its next mart, the stop waits for its transaction, and the marts it left are
// rebuilt by the next refresh.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBenchData } from '../../../pipeline/analytics/benchData';
import { ensureMartsFresh, isRebuilding, martIsFresh, martsState, stopRebuilds } from '../../../pipeline/analytics/models';
import { bumpDataVersion, DuckWarehouse } from '../../../pipeline/warehouse/duckdb';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cd-stop-rebuild-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('stopping while a refresh rebuilds', () => {
  it('waits for the rebuild, skips the marts it had not reached, and leaves no write-ahead log', async () => {
    const path = join(dir, 'crossdock.duckdb');
    const wh = await DuckWarehouse.open(path);
    await wh.transaction(async (conn) => {
      await writeBenchData(conn, { orderLines: 2000, skus: 20, days: 60, endDate: '2025-06-30' });
      await bumpDataVersion(conn);
    });
    await ensureMartsFresh(wh);
    // new orders on the last day: the models and every mart reading orders are redone
    await wh.transaction(async (conn) => {
      await conn.run("update order_line set quantity_units = quantity_units + 1 where ordered_at >= timestamp '2025-06-29'");
      await bumpDataVersion(conn, [{ table: 'order_line' }]);
    });
    await ensureMartsFresh(wh, { waitForNewData: false }); // answers at once; the rebuild runs on
    expect(isRebuilding(wh)).toBe(true);
    await stopRebuilds(wh);
    expect(isRebuilding(wh)).toBe(false);
    const stopped = await martsState(wh);
    expect(stopped.builtFor).toBe(stopped.dataVersion); // the models' transaction went through
    expect(martIsFresh(stopped, 'turnover')).toBe(false); // its mart was not reached

    const after = await ensureMartsFresh(wh); // the next refresh rebuilds what was left
    expect(martIsFresh(after, 'turnover')).toBe(true);
    wh.close();
    expect(existsSync(`${path}.wal`)).toBe(false);
  });
});
