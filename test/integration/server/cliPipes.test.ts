// The real `bin/crossdock.js` at a terminal: `--version`, and a reader that stops early
// (`crossdock query inventory | head -2`) ends the command quietly instead of with an EPIPE trace.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bumpDataVersion, DuckWarehouse } from '../../../pipeline/warehouse/duckdb';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'bin/crossdock.js');

describe('crossdock at a terminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cd-cli-pipes-'));
  const db = join(dir, 'q.duckdb');

  beforeAll(async () => {
    const wh = await DuckWarehouse.open(db);
    await wh.transaction(async (conn) => {
      await conn.run("insert into location (location_id, location_name, location_kind, pool_id, is_settable) values ('WH1', 'Own', 'own', 'OWN', true)");
      // far more output than a pipe buffers, so the writer meets the closed pipe
      await conn.run(`insert into sku (sku, title, unit_cost_amount, cost_currency_code) select 'S' || lpad(cast(i as varchar), 5, '0'), 'Mug', 2, 'USD' from range(20000) as t(i)`);
      await conn.run(
        `insert into inventory_snapshot (snapshot_date, sku, location_id, on_hand_units, available_units)
         select date '2025-01-01', 'S' || lpad(cast(i as varchar), 5, '0'), 'WH1', 5, 5 from range(20000) as t(i)`,
      );
      await bumpDataVersion(conn);
    });
    wh.close();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints its version', () => {
    const run = spawnSync(process.execPath, [CLI, '--version'], { encoding: 'utf8' });
    expect([run.status, run.stdout.trim()]).toEqual([0, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version]);
  });

  it('ends quietly with success when the reader of its output stops early', () => {
    const errors = join(dir, 'stderr.txt');
    const script = `"${process.execPath}" "${CLI}" query inventory --db "${db}" --format csv 2>"${errors}" | head -2; exit \${PIPESTATUS[0]}`;
    const run = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
    expect(run.stdout.split('\n').filter(Boolean)).toHaveLength(2);
    expect([run.status, readFileSync(errors, 'utf8')]).toEqual([0, '']);
  }, 60_000);
});
