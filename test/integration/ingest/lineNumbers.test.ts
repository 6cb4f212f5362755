// Rejects name the line of the file. Line numbers are row ids of the typed staging table, so the
// typing pass must keep the file's order, also on files big enough to be read by several threads.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestPaths } from '../../../pipeline/ingest';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';

describe('line numbers of rejects in a big file', () => {
  it('names the exact lines of bad values checked against a list of allowed values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-lines-'));
    const file = join(dir, 'returns.csv');
    const count = 400_000;
    const lines = ['channel,marketplace,return_id,order_id,sku,quantity,returned_at,reason,disposition,restocked,comment,refund_amount,currency'];
    for (let i = 0; i < count; i++) {
      // (A list of five or more allowed values once became a join in DuckDB, which reordered rows.)
      const channel = i === count - 10 ? 'nowhere' : 'ebay';
      const disposition = i === 5 ? 'lost-at-sea' : 'defective';
      lines.push(`${channel},US,R-${i},O-${i},CB-001,1,2024-12-05T10:00:00Z,DEFECTIVE_ITEM,${disposition},false,,29.99,USD`);
    }
    writeFileSync(file, lines.join('\n') + '\n');
    const wh = await DuckWarehouse.open(':memory:');
    try {
      await ingestPaths(wh, [file]);
      expect(await wh.all('select line_number, field, raw_value from rejected_row order by line_number')).toEqual([
        { line_number: 7, field: 'disposition', raw_value: 'lost-at-sea' },
        { line_number: count - 10 + 2, field: 'channel', raw_value: 'nowhere' },
      ]);
    } finally {
      wh.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
