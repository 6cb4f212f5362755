// `npm run bench -- writeback [--edits 10000] [--feed-s 10]`: the whole write-back loop (plan,
// ledger, channel writers, sandboxes) on 10,000 edits spread over the four channel sandboxes with
// their documented rate limits on. It compares
//   calls   every HTTP request the writers made during the apply (retries and throttled answers
//           included) with min_calls, the fewest the batch limits allow: Shopify ⌈n/250⌉, eBay
//           ⌈n/25⌉, AliExpress ⌈products/20⌉, Amazon n patches below the feed threshold, else per
//           feed of ≤ 25,000 messages createFeedDocument + upload + createFeed + getFeed +
//           getFeedDocument + report download = 6;
//   wall_s  the time from the apply request until every channel has answered every row, with
//           floor_s, the slowest channel's floor: the time its rate
//           limits force on min_calls (Shopify: 10 points per mutation against a 1000-point bucket
//           restoring 100/s; Amazon patches 5/s after a burst of 5; eBay and AliExpress document no
//           per-second rate), plus the time the channel itself takes (Amazon: the feed's IN_QUEUE +
//           IN_PROGRESS time, `--feed-s`, which the sandbox is set to).
// answer_s is when the apply answered (channels still working after CROSSDOCK_STOCK_ANSWER_WITHIN_S
// answer pending_verification and finish behind it). Amazon's verification reads
// (getListingsItem, 5/s) run afterwards in the verifier and are not part of the push; `--verify`
// reports one verification pass separately.
import { performance } from 'node:perf_hooks';
import { SANDBOX_CHANNELS } from '../channels';
import type { ThroughputPath } from '../channels/contract/channel';
import type { SandboxListing } from '../channels/sandbox/listings';
import { syntheticListings } from '../channels/sandbox/seedListings';
import { startSandboxes, type StartedSandboxes } from '../channels/sandbox/start';
import { say } from '../log';
import { DuckWarehouse } from '../warehouse/duckdb';
import { StockWriteback } from '../writeback/service';
import type { ChannelId } from '../channels/contract/writer';
import { sandboxWriterEnv, writersFromEnv } from '../writeback/writers';

const CHANNELS: ChannelId[] = SANDBOX_CHANNELS.map((c) => c.id);

interface Options {
  edits: number;
  feedSeconds: number;
  verify: boolean;
}

function parseArgs(args: string[]): Options {
  const value = (name: string, fallback: number) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? Number(args[at + 1]) : fallback;
  };
  return { edits: value('edits', 10_000), feedSeconds: value('feed-s', 60), verify: args.includes('--verify') };
}

/** Inserts listing rows (fed by the settable warehouse WH-1) in one statement. */
export async function seedListingRows(wh: DuckWarehouse, listings: SandboxListing[]): Promise<void> {
  await wh.run(`insert or replace into location (location_id, location_name, location_kind, country_code, pool_id, is_settable)
                values ('WH-1', 'Own warehouse', 'own', 'US', 'WH-1', true)`);
  const col = (f: (l: SandboxListing) => unknown) => JSON.stringify(listings.map(f));
  await wh.run(
    `insert into listing (listing_id, channel, marketplace, sku, fulfilment, location_id, channel_listing_id, channel_offer_id,
       channel_inventory_item_id, channel_location_id, channel_quantity_units, channel_quantity_seen_at)
     select unnest($1::json::varchar[]), unnest($2::json::varchar[]), unnest($3::json::varchar[]), unnest($4::json::varchar[]),
       unnest($5::json::varchar[]), 'WH-1', unnest($6::json::varchar[]), unnest($7::json::varchar[]), unnest($8::json::varchar[]),
       unnest($9::json::varchar[]), unnest($10::json::integer[]), timestamp '2026-11-26 08:00:00'`,
    [
      col((l) => l.listing_id), col((l) => l.channel), col((l) => l.marketplace), col((l) => l.sku), col((l) => l.fulfilment),
      col((l) => l.channel_listing_id), col((l) => l.channel_offer_id), col((l) => l.channel_inventory_item_id),
      col((l) => l.channel_location_id), col((l) => l.channel_quantity_units),
    ],
  );
}

/** Requests a sandbox answered (of `operations` only, when given), counting a throttled request once; the hourly Login with Amazon exchange carries no stock. */
function requests(started: StartedSandboxes, channel: ChannelId, operations?: readonly string[]): number {
  const sandbox = started.sandboxes[channel];
  if (!sandbox) return 0;
  return [...sandbox.ctx.calls]
    .filter(([operation]) => !operation.endsWith(':throttled') && operation !== 'lwaToken' && (!operations || operations.includes(operation)))
    .reduce((sum, [, n]) => sum + n, 0);
}

/** The operations that carry stock on a channel's bulk path (the rest are reads: read-before-write, verification). */
const stockOperations = (channel: ChannelId): readonly string[] => pathFor(channel).flowOperations ?? [pathFor(channel).operation];

/** A channel's bulk path (its first): the one its writer takes for the bench's thousands of rows. */
function pathFor(channel: ChannelId): ThroughputPath {
  return SANDBOX_CHANNELS.find((c) => c.id === channel)!.sandbox.throughput[0];
}

/** Every request of the apply counts here, so an Amazon feed is its whole flow of calls. */
export function minCalls(channel: ChannelId, rows: number): number {
  const path = pathFor(channel);
  return path.minCalls(rows) * (path.callsPerCarryingCall ?? 1);
}

/** The rate-limit floor, plus the channel's processing time on a path that waits for it (a feed). */
export function floorSeconds(channel: ChannelId, rows: number, processingSeconds: number): number {
  const path = pathFor(channel);
  return path.waitsForProcessing ? processingSeconds : path.floorSeconds(rows);
}

export async function run(args: string[]): Promise<void> {
  const options = parseArgs(args);
  const perChannel = Math.floor(options.edits / CHANNELS.length);
  const listings = CHANNELS.flatMap((channel, i) => syntheticListings(channel, perChannel + (i < options.edits % CHANNELS.length ? 1 : 0)));
  const rows = Object.fromEntries(CHANNELS.map((c) => [c, listings.filter((l) => l.channel === c).length])) as Record<ChannelId, number>;

  const wh = await DuckWarehouse.open(':memory:');
  const feedMs = options.feedSeconds * 1000;
  const started = await startSandboxes(listings, {
    rateLimits: true,
    quiet: true,
    own: { amazon: { feedQueueMs: feedMs * 0.25, feedProcessingMs: feedMs * 0.75, applyDelayMs: 2000 } },
  });
  try {
    await seedListingRows(wh, listings);
    // Poll the feed once it should be done (3% margin), as a production setting is tuned to the
    // feeds' usual processing time (CROSSDOCK_AMAZON_FEED_POLL_S).
    const env = { ...sandboxWriterEnv(started.urls), CROSSDOCK_AMAZON_FEED_POLL_S: String(options.feedSeconds * 1.03), CROSSDOCK_AMAZON_FEED_THRESHOLD: '300' };
    const service = new StockWriteback({ warehouse: wh, writers: writersFromEnv(env), config: { verifyIntervalMs: 3_600_000, answerWithinMs: 5_000 } });
    const versions = await wh.all<{ listing_id: string; version: string }>('select listing_id, version from listing_version order by listing_id');
    const edits = versions.map((v, i) => ({ listing: v.listing_id, expected_version: v.version, new_quantity: 20 + (i % 40) }));

    const before = Object.fromEntries(CHANNELS.map((c) => [c, requests(started, c)]));
    const stockBefore = Object.fromEntries(CHANNELS.map((c) => [c, requests(started, c, stockOperations(c))]));
    const t0 = performance.now();
    const answered = await service.apply(edits, 'bench-writeback', { name: 'bench', role: 'manager' });
    const answerSeconds = (performance.now() - t0) / 1000;
    await service.settled();
    const wall = (performance.now() - t0) / 1000;
    const answer = await service.apply(edits, 'bench-writeback', { name: 'bench', role: 'manager' }); // replay: final statuses

    const count = (rows: { status: string }[]) => {
      const statuses: Record<string, number> = {};
      for (const row of rows) statuses[row.status] = (statuses[row.status] ?? 0) + 1;
      return JSON.stringify(statuses);
    };
    // Per channel: from the apply request to its last answer, as the ledger recorded them.
    const answeredAt = await wh.all<{ channel: string; wall_s: number }>(
      `select channel, epoch(max(answered_at)) - epoch(min(requested_at)) as wall_s from stock_change where change_set_id = $1 group by channel`,
      [answered.change_set_id],
    );
    let calls = 0;
    let min = 0;
    let floor = 0;
    for (const channel of CHANNELS) {
      const made = requests(started, channel) - before[channel];
      const stockCalls = requests(started, channel, stockOperations(channel)) - stockBefore[channel];
      const channelMin = minCalls(channel, rows[channel]);
      const channelFloor = floorSeconds(channel, rows[channel], options.feedSeconds);
      const channelWall = Number(answeredAt.find((a) => a.channel === channel)?.wall_s ?? NaN);
      calls += made;
      min += channelMin;
      floor = Math.max(floor, channelFloor);
      say(`  ${channel.padEnd(12)} rows=${rows[channel]} calls=${made} min_calls=${channelMin} floor_s=${channelFloor.toFixed(2)} ops=${JSON.stringify(Object.fromEntries(started.sandboxes[channel]!.ctx.calls))}`);
      const ratio = channelFloor > 0 ? ` time_ratio=${(channelWall / channelFloor).toFixed(3)}` : '';
      say(`BENCH writeback channel=${channel} rows=${rows[channel]} stock_calls=${stockCalls} min_calls=${channelMin} read_calls=${made - stockCalls} wall_s=${channelWall.toFixed(2)} floor_s=${channelFloor.toFixed(2)}${ratio}`);
    }
    say(`  answer_s=${answerSeconds.toFixed(2)} statuses at the answer ${count(answered.rows)}, when all channels answered ${count(answer.rows)}`);
    say(`  (the same Amazon rows by patchListingsItem would take ${rows.amazon} calls and ${((rows.amazon - 5) / 5).toFixed(0)} s at 5/s)`);

    if (options.verify) {
      const v0 = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const settled = await service.verifyOnce();
      say(`  verify     rows=${settled} wall_s=${((performance.now() - v0) / 1000).toFixed(2)} (getListingsItem at 5/s)`);
    }
    say(`BENCH writeback edits=${edits.length} calls=${calls} min_calls=${min} wall_s=${wall.toFixed(2)} floor_s=${floor.toFixed(2)} time_ratio=${(wall / Math.max(floor, 1e-9)).toFixed(3)}`);
  } finally {
    await started.stop();
    wh.close();
  }
}
