// The eBay orders report's "Ship By Date" (the handling-time promise, a day) becomes ship_by_at,
// the last second of that day, which order_ops judges late shipments against.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { fixture, freshWarehouse, ingest, rows } from '../../integration/ingest/helpers';

describe('ebay orders report ship-by date', () => {
  it('stores the end of the Ship By Date day, and nothing where the cell is empty', async () => {
    const text = readFileSync(fixture('ebay/orders_report.csv'), 'utf8');
    const [preamble, ...rest] = text.split('\n');
    const table = parse(rest.join('\n'), { relax_column_count: true }) as string[][];
    const header = table[0];
    const at = (name: string) => header.indexOf(name);
    for (const row of table.slice(1)) if (row[at('Order Number')] === '12-11111-11111') row[at('Ship By Date')] = 'Nov-26-24';
    const path = join(mkdtempSync(join(tmpdir(), 'crossdock-ebay-')), 'orders.csv');
    const csv = table.map((row) => row.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(',')).join('\n');
    writeFileSync(path, `${preamble}\n${csv}\n`);
    const wh = await freshWarehouse();
    await ingest(wh, [path]);
    const lines = await rows(wh, `select order_id, ship_by_at from order_line where order_id in ('12-11111-11111', '12-33333-33333') order by order_id`);
    expect(lines).toEqual([
      { order_id: '12-11111-11111', ship_by_at: '2024-11-26T23:59:59.000Z' },
      { order_id: '12-33333-33333', ship_by_at: null },
    ]);
    wh.close();
  });
});
