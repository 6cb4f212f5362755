// Measures each stock writer against its sandbox with the documented rate limits on: calls made
// vs the minimum the batch limits allow, and wall time vs the rate-limit floor. The write-back
// benchmark (`npm run bench -- writeback`) covers the whole loop; this isolates the channel layer:
//   npx tsx -e "require('./pipeline/channels/sandbox/throughput').run()" [-- rows]
import type { Channel } from '../../writeback/types';
import { minStockCalls, rateFloorSeconds, type AmazonPath } from './callFloors';
import { pushesFor, syntheticListings } from './listings';
import { sandboxWriters, startSandboxes } from './start';

export interface ThroughputResult {
  channel: Channel;
  path: string;
  rows: number;
  calls: number;
  minCalls: number;
  wallSeconds: number;
  floorSeconds: number;
  statuses: Record<string, number>;
}

// The calls that carry stock (what the batch limits bound), per channel.
const WRITE_OPERATIONS: Record<Channel, string> = {
  shopify: 'graphql',
  ebay: 'bulkUpdatePriceQuantity',
  amazon: 'createFeed',
  aliexpress: 'aliexpress.solution.batch.product.inventory.update',
};

/** Pushes `rows` edits through one writer the way the core does (batches of maxRowsPerCall). */
export async function measureChannel(channel: Channel, rows: number, options: { amazonPatches?: boolean } = {}): Promise<ThroughputResult> {
  const listings = syntheticListings(channel, rows);
  const started = await startSandboxes(listings, { channels: [channel], quiet: true, amazon: { applyDelayMs: 1000 } });
  try {
    const writer = sandboxWriters(started, { amazon: { limits: { feedThreshold: options.amazonPatches ? rows + 1 : 300 } } })[channel]!;
    const sandbox = started.sandboxes[channel]!;
    const all = pushesFor(listings, (i) => (i * 7) % 50, 'bench');
    const statuses: Record<string, number> = {};
    const t0 = performance.now();
    for (let i = 0; i < all.length; i += writer.maxRowsPerCall) {
      const outcomes = await writer.push(all.slice(i, i + writer.maxRowsPerCall), { idempotencyKey: `bench-${channel}-${i}` });
      for (const o of outcomes) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
    }
    const wallSeconds = (performance.now() - t0) / 1000;
    const amazonPatch = channel === 'amazon' && options.amazonPatches;
    const calls = amazonPatch ? sandbox.callCount('patchListingsItem') : sandbox.callCount(WRITE_OPERATIONS[channel]);
    const path: AmazonPath = amazonPatch ? 'patch' : 'feed';
    const minCalls = minStockCalls(channel, rows, path);
    const floorSeconds = rateFloorSeconds(channel, rows, path);
    return { channel, path: amazonPatch ? 'patchListingsItem' : channel === 'amazon' ? 'JSON_LISTINGS_FEED' : WRITE_OPERATIONS[channel], rows, calls, minCalls, wallSeconds, floorSeconds, statuses };
  } finally {
    await started.stop();
  }
}

export async function run(args: string[] = process.argv.slice(2)): Promise<ThroughputResult[]> {
  const rows = Number(args[0] ?? 10_000);
  const results: ThroughputResult[] = [];
  for (const channel of ['shopify', 'ebay', 'amazon', 'aliexpress'] as Channel[]) results.push(await measureChannel(channel, rows));
  results.push(await measureChannel('amazon', Math.min(rows, 100), { amazonPatches: true }));
  for (const r of results) {
    process.stdout.write(
      `THROUGHPUT channel=${r.channel} path=${r.path} rows=${r.rows} calls=${r.calls} min_calls=${r.minCalls} wall_s=${r.wallSeconds.toFixed(2)} floor_s=${r.floorSeconds.toFixed(2)} rows_per_s=${(r.rows / r.wallSeconds).toFixed(0)} statuses=${JSON.stringify(r.statuses)}\n`,
    );
  }
  return results;
}
