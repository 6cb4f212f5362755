// A mart's blocks are deflated in batches and written back through one update: every block must
// get its own segment, across the batch and insert boundaries (8 and 200 blocks).
import { constants, inflateRawSync } from 'node:zlib';
import { deflateBlocks } from '../../../pipeline/analytics/defaultMarts';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';

it('stores each block its own deflated rows, for hundreds of blocks', async () => {
  const wh = await DuckWarehouse.open(':memory:');
  await wh.run(
    "create table mart_x__json as select range as block_no, 'rows of block ' || range || repeat('.', cast(range % 37 as integer)) as json_rows from range(450)",
  );
  await wh.transaction((conn) => deflateBlocks(conn, 'mart_x__json'));
  const rows = await wh.all<{ block_no: number | bigint; json_rows: string; z: string }>(
    'select block_no, json_rows, to_base64(json_deflated) as z from mart_x__json order by block_no',
  );
  expect(rows).toHaveLength(450);
  const wrong = rows.filter((r) => inflateRawSync(Buffer.from(r.z, 'base64'), { finishFlush: constants.Z_SYNC_FLUSH }).toString() !== r.json_rows);
  expect(wrong.map((r) => Number(r.block_no))).toEqual([]);
  wh.close();
});
