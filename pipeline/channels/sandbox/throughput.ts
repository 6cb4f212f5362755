// Measures each stock writer against its sandbox with the documented rate limits on: calls made
// vs the minimum the batch limits allow, and wall time vs the rate-limit floor. The write-back
// benchmark (`npm run bench -- writeback`) covers the whole loop; this isolates the channel layer:
//   npx tsx -e "require('./pipeline/channels/sandbox/throughput').run()" [-- rows]
import { SANDBOX_CHANNELS } from '..';
import type { ChannelId } from '../contract/writer';
import type { ThroughputPath } from '../contract/channel';
import { pushesFor } from './listings';
import { syntheticListings } from './seedListings';
import { sandboxWriters, startSandboxes } from './start';

export interface ThroughputResult {
  channel: ChannelId;
  path: string;
  rows: number;
  calls: number;
  minCalls: number;
  wallSeconds: number;
  floorSeconds: number;
  statuses: Record<string, number>;
}

/** Pushes `rows` edits through one writer the way the core does (batches of maxRowsPerCall), along one of its paths (default its first). */
export async function measureChannel(channel: ChannelId, rows: number, options: { path?: string } = {}): Promise<ThroughputResult> {
  const sandboxChannel = SANDBOX_CHANNELS.find((c) => c.id === channel);
  if (!sandboxChannel) throw new RangeError(`channel "${channel}" has no sandbox`);
  const paths = sandboxChannel.sandbox.throughput;
  const path: ThroughputPath = paths.find((p) => p.name === options.path) ?? paths[0];
  const listings = syntheticListings(channel, rows);
  const started = await startSandboxes(listings, { channels: [channel], quiet: true, own: { [channel]: { ...path.sandboxOptions } } });
  try {
    const writer = sandboxWriters(started, { own: { [channel]: { ...path.writerOptions?.(rows) } } })[channel]!;
    const sandbox = started.sandboxes[channel]!;
    const all = pushesFor(listings, (i) => (i * 7) % 50, 'bench');
    const statuses: Record<string, number> = {};
    const t0 = performance.now();
    for (let i = 0; i < all.length; i += writer.maxRowsPerCall) {
      const outcomes = await writer.push(all.slice(i, i + writer.maxRowsPerCall), { idempotencyKey: `bench-${channel}-${i}` });
      for (const o of outcomes) statuses[o.status] = (statuses[o.status] ?? 0) + 1;
    }
    const wallSeconds = (performance.now() - t0) / 1000;
    return { channel, path: path.name, rows, calls: sandbox.callCount(path.operation), minCalls: path.minCalls(rows), wallSeconds, floorSeconds: path.floorSeconds(rows), statuses };
  } finally {
    await started.stop();
  }
}

export async function run(args: string[] = process.argv.slice(2)): Promise<ThroughputResult[]> {
  const rows = Number(args[0] ?? 10_000);
  const results: ThroughputResult[] = [];
  for (const channel of SANDBOX_CHANNELS) {
    const [bulk, ...others] = channel.sandbox.throughput;
    results.push(await measureChannel(channel.id, rows, { path: bulk.name }));
    // Per-row paths (Amazon patches at 5/s) are measured on at most 100 rows.
    for (const other of others) results.push(await measureChannel(channel.id, Math.min(rows, 100), { path: other.name }));
  }
  for (const r of results) {
    process.stdout.write(
      `THROUGHPUT channel=${r.channel} path=${r.path} rows=${r.rows} calls=${r.calls} min_calls=${r.minCalls} wall_s=${r.wallSeconds.toFixed(2)} floor_s=${r.floorSeconds.toFixed(2)} rows_per_s=${(r.rows / r.wallSeconds).toFixed(0)} statuses=${JSON.stringify(r.statuses)}\n`,
    );
  }
  return results;
}
