// `crossdock query` at a terminal: a table that fits the window, its first rows, and what was left out.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { query } from '../../../pipeline/analytics/queryCommand';
import { bumpDataVersion, DuckWarehouse } from '../../../pipeline/warehouse/duckdb';

describe('crossdock query at a terminal', () => {
  let dir: string;
  let db: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cd-query-tty-'));
    db = join(dir, 'q.duckdb');
    const wh = await DuckWarehouse.open(db);
    await wh.transaction(async (conn) => {
      await conn.run("insert into location (location_id, location_name, location_kind, pool_id, is_settable) values ('WH1', 'Main', 'own', 'OWN', true)");
      // 60 SKUs; S0007 holds the most stock (1,000 units), the others i units
      await conn.run(`insert into sku (sku, title, unit_cost_amount, cost_currency_code) select 'S' || lpad(cast(i as varchar), 4, '0'), 'Mug ' || cast(i as varchar), 2.5, 'USD' from range(60) as t(i)`);
      await conn.run(
        `insert into inventory_snapshot (snapshot_date, sku, location_id, on_hand_units, available_units)
         select date '2025-01-01', 'S' || lpad(cast(i as varchar), 4, '0'), 'WH1', case when i = 7 then 1000 else i end, 0 from range(60) as t(i)`,
      );
      await bumpDataVersion(conn);
    });
    wh.close();
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function table(options: Parameters<typeof query>[1], columns: number): Promise<string[]> {
    let out = '';
    await query('inventory', { db, ...options }, (text) => (out += text), () => undefined, { isTTY: true, columns });
    return out.trimEnd().split('\n');
  }

  it('shows the first 50 rows within the width, key first, and names what it left out', async () => {
    const lines = await table({}, 80);
    expect(Math.max(...lines.slice(0, -2).map((l) => l.length))).toBeLessThanOrEqual(80);
    const rule = lines.findIndex((l) => /^-+( +-+)*$/.test(l));
    expect(lines.slice(rule + 1, -2)).toHaveLength(50);
    expect(lines[rule + 1]).toMatch(/^S0000 +WH1 /);
    expect(lines.at(-2)).toBe('(50 rows of 60; --limit N for more, --format csv for all)');
    expect(lines.at(-1)).toMatch(/^\(left out to fit 80 characters: title, category, location_name, .*; choose with --columns\)$/);
  });

  it('sorts before it cuts, and prints what --columns chose even when wider than the window', async () => {
    const lines = await table({ sort: 'on_hand_units:desc', limit: '2', columns: 'sku,title,on_hand_units,value_at_cost_base' }, 20);
    // kept columns stay (all four), their names stacked to save width: value_at_cost_base is
    // 8 wide for "2,500.00", so its name breaks into value_ / at_cost_ / base
    expect(lines).toEqual([
      '                 on_    value_',
      '               hand_  at_cost_',
      'sku    title   units      base',
      '-----  ------  -----  --------',
      'S0007  Mug 7   1,000  2,500.00',
      'S0059  Mug 59     59    147.50',
      '(2 rows of 60; --limit N for more, --format csv for all)',
    ]);
  });
});
