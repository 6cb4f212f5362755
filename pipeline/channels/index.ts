// Every channel Crossdock knows, the one list the engines read (ingest detection, the scheduler,
// stock write-back, config validation, the sandboxes and the demo). Adding a channel is adding
// its folder (pipeline/channels/<channel>/, exporting one Channel from index.ts) and a line here.
// Report detection tries the channels' reports in this order.
import { aliexpress } from './aliexpress';
import { amazon } from './amazon';
import type { Channel, ChannelAccounts, ChannelId, ChannelSandbox, ChannelWriterSetup } from './contract/channel';
import { crossdock } from './crossdock';
import { ebay } from './ebay';
import { mercadolibre } from './mercadolibre';
import { shopee } from './shopee';
import { shopify } from './shopify';

export const CHANNELS: readonly Channel[] = [amazon, shopify, ebay, aliexpress, shopee, mercadolibre, crossdock];

export function channelById(id: ChannelId): Channel | undefined {
  return CHANNELS.find((channel) => channel.id === id);
}

/** Every channel a listing, an order or a return can belong to (all but Crossdock's own templates). */
export const SALES_CHANNEL_IDS: readonly ChannelId[] = CHANNELS.filter((channel) => channel !== crossdock).map((channel) => channel.id);

/** The channels sellers configure accounts for (crossdock.config.json `channels[]`). */
export const ACCOUNT_CHANNELS: readonly (Channel & { accounts: ChannelAccounts })[] = CHANNELS.filter((c): c is Channel & { accounts: ChannelAccounts } => c.accounts !== undefined);

/** The channels the server can push stock to. */
export const WRITER_CHANNELS: readonly (Channel & { writer: ChannelWriterSetup })[] = CHANNELS.filter((c): c is Channel & { writer: ChannelWriterSetup } => c.writer !== undefined);

/** The channels with a local sandbox (the demo, tests, benchmarks). */
export const SANDBOX_CHANNELS: readonly (Channel & { sandbox: ChannelSandbox })[] = CHANNELS.filter((c): c is Channel & { sandbox: ChannelSandbox } => c.sandbox !== undefined);

/** Ids of the channels a seller can push stock to, in list order. */
export const WRITER_CHANNEL_IDS: readonly ChannelId[] = WRITER_CHANNELS.map((c) => c.id);
