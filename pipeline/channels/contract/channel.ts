// What a channel is to Crossdock: one object, exported by pipeline/channels/<channel>/index.ts and
// listed once in pipeline/channels/index.ts. The engines (ingest, scheduler, write-back, config,
// demo, server) read that list and never name a channel; a channel depends only on this contract,
// the canonical model (pipeline/model) and the shared HTTP and sandbox kits.
//
// Every part is optional: a channel may offer report files only (Crossdock's own templates), or
// files, API streams, a stock writer and a sandbox (Amazon, Shopify…).
import type { z } from 'zod';
import type { HttpClientOptions } from '../http/client';
import type { FaultOptions } from '../sandbox/faults';
import type { SandboxListing } from '../sandbox/listings';
import type { RunningSandbox } from '../sandbox/server';
import type { AccountConfig } from './config';
import type { ReportSpec } from './reports';
import type { SandboxOrder, SeededOrders } from './sandboxOrders';
import type { Connector } from './streams';
import type { ChannelWriter } from './writer';

import type { ChannelId } from './ids';

export type { ChannelId };

import type { Env } from './env';

/** The accounts of crossdock.config.json that belong to this channel, and how they are pulled. */
export interface ChannelAccounts<C extends AccountConfig = AccountConfig> {
  /** The zod schema of one account entry (a strict object whose `channel` is this channel's id). */
  schema: z.ZodType<C>;
  /** The environment variable names holding the account's secrets, by role ({ token: 'SHOPIFY_TOKEN' }). */
  secretNames(account: C): Record<string, string>;
  /** Problems only the whole file shows (a location the account maps to that does not exist). */
  crossCheck?(account: C, known: { locationIds: ReadonlySet<string> }): { key: string; problem: string }[];
  /** The API connector: its streams and an authenticated client per account. */
  connector: Connector<C, unknown>;
}

/** How the server builds this channel's stock writer, from the environment a deployment sets. */
export interface ChannelWriterSetup<C extends AccountConfig = AccountConfig> {
  /** The CROSSDOCK_<CHANNEL>_* variables it reads, with what each holds (docs, `config check`). */
  variables: Readonly<Record<string, string>>;
  /** A writer when this channel's URL variable is set (null otherwise); a missing companion variable is a ConfigError. */
  fromEnv(env: Env): ChannelWriter | null;
  /**
   * The writer variables a config account implies (its base URL, the secrets read by role), or
   * a reason why this account cannot write (e.g. Amazon without a sellerId).
   */
  envFromAccount(account: C, secrets: Readonly<Record<string, string>>): Record<string, string | undefined> | { unavailable: string };
}

/**
 * What a sandbox is started with: the common options, and any of the channel's own sandbox
 * options (its own type, passed through untouched: `applyDelayMs` for Amazon's feeds…).
 */
export interface SandboxStartOptions {
  faults?: Partial<FaultOptions>;
  rateLimits?: boolean;
  port?: number;
  [own: string]: unknown;
}

/**
 * One way the writer carries stock (Amazon: patches or a feed), for the throughput measures
 * (pipeline/channels/sandbox/throughput.ts, `npm run bench -- writeback`).
 */
export interface ThroughputPath {
  /** Label in bench output ("bulkUpdatePriceQuantity", "JSON_LISTINGS_FEED"). */
  name: string;
  /** The sandbox operation (as counted by `countCall`) whose calls carry stock. */
  operation: string;
  /** The fewest stock-carrying calls `rows` listings need (the batch limits). */
  minCalls(rows: number): number;
  /** The seconds the documented rate limits force on those calls (0: none documented). */
  floorSeconds(rows: number): number;
  /** All calls one stock-carrying call brings with it (Amazon's feed flow: 6); default 1. */
  callsPerCarryingCall?: number;
  /** The operations of that flow, as the sandbox counts them (default: `operation` alone); the rest are reads. */
  flowOperations?: readonly string[];
  /** The path waits for the channel's own processing (a feed), which the bench sets on the sandbox. */
  waitsForProcessing?: boolean;
  /** Writer options that choose this path for `rows` rows. */
  writerOptions?(rows: number): Readonly<Record<string, unknown>>;
  /** Sandbox options for the measure (e.g. how soon a queued write shows). */
  sandboxOptions?: Readonly<Record<string, unknown>>;
}

/** A local emulator of the channel's documented API (tests, the demo, benchmarks). */
export interface ChannelSandbox {
  /** Fixed, non-secret credentials the sandbox accepts (never valid on the real channel), by secret role. */
  secrets: Readonly<Record<string, string>>;
  create(listings: SandboxListing[], options: SandboxStartOptions): RunningSandbox;
  /** The writer variables that point this channel's writer at a started sandbox. */
  writerEnv(url: string): Record<string, string>;
  /** A writer pointed at a started sandbox; `own` are the writer's own options (tests, benches). */
  writer(url: string, options: { http?: Partial<Omit<HttpClientOptions, 'name' | 'baseUrl' | 'headers'>>; own?: Readonly<Record<string, unknown>> }): ChannelWriter;
  /** The channel ids of synthetic listing `i` (bench SKU BENCH-i), in a form the sandbox and writer accept. */
  syntheticIds(i: number): Pick<SandboxListing, 'marketplace' | 'channel_listing_id' | 'channel_offer_id' | 'channel_inventory_item_id' | 'channel_location_id'>;
  /** The first path is the one the writer takes for a large push. */
  throughput: readonly [ThroughputPath, ...ThroughputPath[]];
  /**
   * Loads orders (and their returns, when the sandbox serves returns) into a started sandbox's
   * order history, converted to the channel's native records: the pull connectors then read them
   * through the channel's API. Replaces what the sandbox held. The demo seeds its API-only
   * channels this way (pipeline/channels/contract/sandboxOrders.ts).
   */
  seedOrders?(sandbox: RunningSandbox, orders: readonly SandboxOrder[]): SeededOrders;
}

export interface Channel<C extends AccountConfig = AccountConfig> {
  id: ChannelId;
  /** Human name, as sellers know it (in banners and messages). */
  label: string;
  /** Report files a seller downloads from the channel, recognised by their header. */
  reports?: readonly ReportSpec[];
  accounts?: ChannelAccounts<C>;
  writer?: ChannelWriterSetup<C>;
  sandbox?: ChannelSandbox;
}

/** Identity helper that keeps an account type while typing a channel (`defineChannel<ShopifyConfig>({…})`). */
export function defineChannel<C extends AccountConfig>(channel: Channel<C>): Channel {
  return channel as unknown as Channel;
}
