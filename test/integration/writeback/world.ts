// A whole write-back world for integration tests: a warehouse with listings on every channel,
// the channel sandboxes seeded from it (startSandboxes), and writers configured the way the
// server configures them (writersFromEnv with the sandboxes' URLs and credentials).
import type { ChannelState, SandboxServer } from '../../../pipeline/channels/sandbox/server';
import type { FaultOptions } from '../../../pipeline/channels/sandbox/faults';
import type { SandboxListing } from '../../../pipeline/channels/sandbox/listings';
import { listingsFromWarehouse } from '../../../pipeline/channels/sandbox/seedListings';
import type { AmazonSandboxOptions } from '../../../pipeline/channels/amazon/sandbox';
import { startSandboxes, type StartedSandboxes } from '../../../pipeline/channels/sandbox/start';
import { seedListingRows } from '../../../pipeline/bench/writeback';
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import type { ChannelId, ChannelWriter } from '../../../pipeline/channels/contract/writer';
import { sandboxWriterEnv, writersFromEnv } from '../../../pipeline/writeback/writers';
import { aliexpressListings, amazonListings, ebayListings, shopifyListings } from '../channels/listings';

export type Counts = Partial<Record<ChannelId, number>>;
export type AnySandbox = SandboxServer<ChannelState>;

export const WORLD_CHANNELS: ChannelId[] = ['shopify', 'ebay', 'amazon', 'aliexpress'];

export function worldListings(counts: Counts, quantity = 10): SandboxListing[] {
  return [
    ...shopifyListings(counts.shopify ?? 0, quantity),
    ...ebayListings(counts.ebay ?? 0, quantity),
    ...amazonListings(counts.amazon ?? 0, quantity),
    ...aliexpressListings(counts.aliexpress ?? 0, quantity),
  ];
}

/** Inserts listings (fed by the settable warehouse WH-1) in one statement; the benchmark seeds the same way. */
export const seedListings = seedListingRows;

export interface SandboxOptions {
  faults?: Partial<FaultOptions>;
  rateLimits?: boolean;
  /** Amazon's ACCEPTED-to-visible delay and feed timings (short by default in tests). */
  amazon?: Partial<AmazonSandboxOptions>;
  /** Extra writer settings (e.g. CROSSDOCK_AMAZON_FEED_THRESHOLD). */
  env?: Record<string, string>;
}

/** Starts one sandbox per channel that has listings; answers the env that points writers at them. */
export async function startSandboxesFor(
  listings: SandboxListing[],
  options: SandboxOptions = {},
): Promise<{ sandboxes: Partial<Record<ChannelId, AnySandbox>>; env: Record<string, string>; started: StartedSandboxes }> {
  const channels = WORLD_CHANNELS.filter((channel) => listings.some((l) => l.channel === channel));
  const started = await startSandboxes(listings, {
    channels,
    faults: options.faults,
    rateLimits: options.rateLimits,
    own: { amazon: { applyDelayMs: 200, feedQueueMs: 50, feedProcessingMs: 100, ...options.amazon } },
    quiet: true,
  });
  const env = { ...sandboxWriterEnv(started.urls), CROSSDOCK_AMAZON_FEED_POLL_S: '0.1', ...options.env };
  return { sandboxes: started.sandboxes as Partial<Record<ChannelId, AnySandbox>>, env, started };
}

export interface World {
  wh: DuckWarehouse;
  listings: SandboxListing[];
  sandboxes: Partial<Record<ChannelId, AnySandbox>>;
  env: Record<string, string>;
  started: StartedSandboxes;
  writers: Partial<Record<ChannelId, ChannelWriter>>;
  close(): Promise<void>;
}

export async function startWorld(counts: Counts, options: SandboxOptions & { dbPath?: string } = {}): Promise<World> {
  return startWorldWith(worldListings(counts), options);
}

/** A world seeded with exactly these listings (e.g. one SKU on several marketplaces). */
export async function startWorldWith(seed: SandboxListing[], options: SandboxOptions & { dbPath?: string } = {}): Promise<World> {
  const wh = await DuckWarehouse.open(options.dbPath ?? ':memory:');
  await seedListings(wh, seed);
  const listings = await listingsFromWarehouse({ all: (sql) => wh.all(sql) });
  const { sandboxes, env, started } = await startSandboxesFor(listings, options);
  return {
    wh,
    listings,
    sandboxes,
    env,
    started,
    writers: writersFromEnv(env),
    close: async () => {
      await Promise.all(Object.values(sandboxes).map((s) => s?.stop()));
      wh.close();
    },
  };
}

/** What every sandbox shows now, by listing id. */
export function sandboxQuantities(world: Pick<World, 'sandboxes'>): Map<string, number | null> {
  const shown = new Map<string, number | null>();
  for (const sandbox of Object.values(world.sandboxes)) for (const q of sandbox?.quantities() ?? []) shown.set(q.listing_id, q.quantity);
  return shown;
}
