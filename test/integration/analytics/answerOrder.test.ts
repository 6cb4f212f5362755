// Every answer comes in a stated order (the dataset's `order`, else its key), live and from the
// mart alike: the add-in reads a large answer page by page, and pages of an unordered query may
// overlap or miss rows. Checked here by comparing each answer with its own rows sorted in JS.
import { ensureMartsFresh, getDataset, listDatasets, runDataset } from '../../../pipeline/analytics';
import { writeBenchData } from '../../../pipeline/analytics/benchData';
import type { DatasetDefinition } from '../../../pipeline/analytics/types';
import { bumpDataVersion, DuckWarehouse } from '../../../pipeline/warehouse/duckdb';

let wh: DuckWarehouse;
beforeAll(async () => {
  wh = await DuckWarehouse.open(':memory:');
  await wh.transaction(async (conn) => {
    await writeBenchData(conn, { orderLines: 3000, skus: 25, days: 60, endDate: '2025-06-30' });
    await bumpDataVersion(conn);
  });
  await ensureMartsFresh(wh);
});
afterAll(() => wh.close());

/** -1/0/1 for two values the way SQL orders them ascending with nulls last. */
function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : 1;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function sortedLike(definition: DatasetDefinition, columns: string[], rows: unknown[][]): unknown[][] {
  const terms = (definition.order ?? definition.key).map((term) => {
    const [name, direction] = term.split(/\s+/);
    return { at: columns.indexOf(name), sign: direction === 'desc' ? -1 : 1 };
  });
  return [...rows].sort((x, y) => {
    for (const { at, sign } of terms) {
      const nullLast = x[at] === null || y[at] === null;
      const c = compareValues(x[at], y[at]) * (nullLast ? 1 : sign);
      if (c !== 0) return c;
    }
    return 0;
  });
}

describe('answer order', () => {
  const names = listDatasets().map((d) => d.name).filter((name) => name !== 'pipeline_runs');
  it.each(names)('%s answers in its stated order, from the mart and live', async (name) => {
    const definition = getDataset(name);
    const live = definition.params.some((p) => p.name === 'window_days') ? { window_days: '30' } : {};
    for (const raw of [{}, live]) {
      const result = await runDataset(wh, name, raw);
      const columns = result.columns.map((c) => c.name);
      expect(result.rows).toEqual(sortedLike(definition, columns, result.rows));
    }
  });

  it('slow movers put the most money tied up first', async () => {
    const result = await runDataset(wh, 'slow_movers', {});
    const value = result.columns.findIndex((c) => c.name === 'value_base');
    const values = result.rows.map((r) => r[value]).filter((v): v is number => typeof v === 'number');
    expect(values.length).toBeGreaterThan(5);
    expect(values).toEqual([...values].sort((a, b) => b - a));
  });
});
