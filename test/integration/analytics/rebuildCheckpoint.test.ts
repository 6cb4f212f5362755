// A rebuild ends with a checkpoint: the marts' commits would otherwise stay in the write-ahead
// log below DuckDB's own threshold, and the next small write's commit — a pull's model update,
// which an analyst waits for — would pay for checkpointing them.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureMartsFresh } from '../../../pipeline/analytics/models';
import { builtFileWorldWithNewOrders } from './seed';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cd-rebuild-checkpoint-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('a finished rebuild leaves no write-ahead log', async () => {
  const path = join(dir, 'crossdock.duckdb');
  const wh = await builtFileWorldWithNewOrders(path);
  expect(existsSync(`${path}.wal`)).toBe(true); // the write is in the log
  await ensureMartsFresh(wh); // waits for the models and every mart
  expect(existsSync(`${path}.wal`)).toBe(false);
  wh.close();
});
