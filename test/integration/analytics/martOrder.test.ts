// A rebuild takes the marts smallest first, so one huge mart (the day-grain forecast) does not
// hold back the small ones, whose datasets are answered live — slower — until they are rebuilt.
import { smallestMartsFirst } from '../../../pipeline/analytics/defaultMarts';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';

it('orders the marts by the rows they hold, one not built yet first, ties by name', async () => {
  const wh = await DuckWarehouse.open(':memory:');
  await wh.run('create table mart_forecast as select range as i from range(5000)');
  await wh.run('create table mart_turnover as select range as i from range(30)');
  await wh.run('create table mart_oversell as select range as i from range(30)');
  await wh.run('create table mart_aged_inventory as select range as i from range(400)');
  expect(await smallestMartsFirst(wh, ['aged_inventory', 'forecast', 'inventory', 'turnover', 'oversell'])).toEqual([
    'inventory',
    'oversell',
    'turnover',
    'aged_inventory',
    'forecast',
  ]);
  wh.close();
});
