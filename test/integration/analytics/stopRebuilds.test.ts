// A refresh leaves the marts' rebuild running after it has its answer. A server stopping then
// must not close the database under it (that leaves the write-ahead log behind): the rebuild
// stops before its next mart, the stop waits for its transaction, and the marts it left are
// rebuilt by the next refresh.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureMartsFresh, isRebuilding, martIsFresh, martsState, stopRebuilds } from '../../../pipeline/analytics/models';
import { builtFileWorldWithNewOrders } from './seed';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cd-stop-rebuild-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('stopping while a refresh rebuilds', () => {
  it('waits for the rebuild, skips the marts it had not reached, and leaves no write-ahead log', async () => {
    const path = join(dir, 'crossdock.duckdb');
    // new orders on the last days: the models and every mart reading orders are redone
    const wh = await builtFileWorldWithNewOrders(path);
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
