// The demo seller end to end — native report files → ingest → models → datasets — checked
// against numbers counted straight from the generated files (not through any Crossdock code), and
// against the incidents the simulator scripted (stats). Catches what per-dataset fixtures cannot:
// a whole channel's demand going missing between a report format and a dataset.
import { DemoResult, demoIngestPlan } from '../../../pipeline/demo';
import { ingestPaths } from '../../../pipeline/ingest';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import { filesMatching, generate, readTsv, removeTempDirs, SMALL } from '../../unit/demo/demoFixture';
import { rowsOf, rowTexts } from './seed';

let dir: string;
let result: DemoResult;
let wh: DuckWarehouse;

beforeAll(async () => {
  ({ dir, result } = await generate(SMALL));
  wh = await DuckWarehouse.open(':memory:');
  for (const step of demoIngestPlan(dir)) {
    const files = await ingestPaths(wh, step.paths, { marketplace: step.marketplace });
    expect(files.every((f) => f.rows_rejected === 0)).toBe(true);
  }
}, 120_000);

afterAll(() => {
  wh?.close();
  removeTempDirs();
});

const addDays = (iso: string, n: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('the demo seller through ingest and the datasets', () => {
  it('counts Amazon FBA units shipped in the window exactly as the All Orders reports list them', async () => {
    const asOf = SMALL.endDate!;
    const from = addDays(asOf, -29);
    // FBA lines Amazon reports Shipped, by purchase day in UTC (the report has no ship date)
    let expected = 0;
    for (const row of filesMatching(dir, /^amazon\/(US|DE)\/all-orders/).flatMap(readTsv)) {
      const day = new Date(row['purchase-date']).toISOString().slice(0, 10);
      if (row['fulfillment-channel'] === 'Amazon' && row['order-status'] === 'Shipped' && day >= from && day <= asOf) expected += Number(row.quantity);
    }
    expect(expected).toBeGreaterThan(0);
    const ops = await rowsOf(wh, 'order_ops', { as_of: asOf, window_days: '30' });
    const fba = ops.find((r) => r.channel === 'amazon' && r.fulfilment_type === 'fba')!;
    expect(fba.units_shipped).toBe(expected);
  });

  it('gives FBA stock a demand rate, so its days of supply are numbers, not NO_DEMAND', async () => {
    const fba = (await rowsOf(wh, 'inventory', { location: 'FBA-US' })).filter((r) => Number(r.on_hand_units) > 0);
    expect(fba.length).toBeGreaterThan(0);
    const withDemand = fba.filter((r) => Number(r.avg_daily_units) > 0);
    expect(withDemand.length / fba.length).toBeGreaterThan(0.5);
  });

  it('suggests moving the misrouted SKUs back to FBA', async () => {
    expect(result.stats.misrouted.length).toBeGreaterThan(0);
    const transfers = await rowsOf(wh, 'transfers');
    for (const m of result.stats.misrouted) {
      expect(transfers).toEqual(expect.arrayContaining([expect.objectContaining({ sku: m.sku, to_pool_id: 'FBA-NA' })]));
    }
  });

  it('finds the scripted oversell episode among the oversell incidents', async () => {
    const episode = result.stats.oversell!;
    const incidents = (await rowsOf(wh, 'oversell', { window_days: String(SMALL.days) })).filter((r) => r.kind === 'incident');
    expect(incidents.some((r) => r.sku === episode.sku && r.channel === episode.channel)).toBe(true);
  });
});

describe('the API rows DuckDB encodes as JSON (warehouse/jsonRows.ts)', () => {
  // live sums of doubles run in parallel may differ in the last bits from one run to the next
  const canonical = (rows: unknown[][]) =>
    rows.map((row) => JSON.stringify(row, (_, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(10)) : v))).sort();

  it('parse to exactly the values of the value path, for every dataset, from its mart and live', async () => {
    const { listDatasets, runDataset, streamDatasetJson } = await import('../../../pipeline/analytics');
    let compared = 0;
    for (const spec of listDatasets()) {
      const variants: Record<string, string>[] = [{}];
      if (spec.params.some((p) => p.name === 'window_days')) variants.push({ window_days: '91' });
      for (const raw of variants) {
        const values = await runDataset(wh, spec.name, raw);
        const encoded: string[] = [];
        for await (const chunk of streamDatasetJson(wh, spec.name, raw)) encoded.push(...rowTexts(chunk));
        const parsed = JSON.parse(`[${encoded.join(',')}]`) as unknown[][];
        // a mart keeps its order; a live query without ORDER BY may come in any order
        // (through JSON text, as the wire carries them: -0 is 0 there)
        const wire = JSON.parse(JSON.stringify(values.rows)) as unknown[][];
        if (Object.keys(raw).length === 0) expect({ dataset: spec.name, rows: parsed }).toEqual({ dataset: spec.name, rows: wire });
        else expect({ dataset: spec.name, rows: canonical(parsed) }).toEqual({ dataset: spec.name, rows: canonical(values.rows) });
        compared += values.rows.length;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  }, 120_000);

  it('cuts the same pages from a mart when the blocks before a page are skipped unread', async () => {
    const { streamDatasetJson } = await import('../../../pipeline/analytics');
    const { encodeDatasetBody } = await import('../../../pipeline/server/datasetBody');
    const page = async (offset: number, limit: number, rows: { from: number; to: number | null }) => {
      const source = streamDatasetJson(wh, 'forecast', {}, {}, rows)[Symbol.asyncIterator]();
      const first = await source.next();
      let text = '';
      for await (const part of encodeDatasetBody({ dataset: 'forecast', params: {}, data_version: '1', warnings: [] }, [], source, first, { offset, limit })) text += part;
      return JSON.parse(text) as { rows: unknown[]; total_rows?: number; next_offset: number | null };
    };
    const whole = await page(0, 1_000_000, { from: 0, to: null });
    const total = whole.rows.length;
    expect(total).toBeGreaterThan(5000); // blocks of 1,000 rows: several to skip
    for (const offset of [1000, 2500, 4999, total - 10, total - 1, total, total + 4000]) {
      const skipped = await page(offset, 1500, { from: offset, to: offset + 1500 });
      expect({ offset, ...skipped }).toEqual({ offset, ...(await page(offset, 1500, { from: 0, to: null })) }); // same rows, same paging fields
      expect(skipped.rows).toEqual(whole.rows.slice(offset, offset + 1500));
    }
    expect((await page(total - 10, 1500, { from: total - 10, to: total + 1490 })).total_rows).toBe(total);
    // a page ending on a block boundary still sees the row after it: another page follows
    expect((await page(2000, 1000, { from: 2000, to: 3000 })).next_offset).toBe(3000);
    // the mart's blocks before row 2500 were not read (2 blocks of 1,000 said skipped), nor those after 3500
    const blocks: unknown[] = [];
    for await (const chunk of streamDatasetJson(wh, 'forecast', {}, {}, { from: 2500, to: 3500 })) blocks.push('skippedRows' in chunk ? chunk : 'jsonChunk' in chunk ? chunk.jsonChunk.rowCount : null);
    expect(blocks).toEqual([expect.objectContaining({ skippedRows: 2000 }), 1000, 1000]); // and only the blocks of rows 2000–3999
  });
});
