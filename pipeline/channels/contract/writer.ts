// The contract between the write-back core (plan, apply, ledger) and the channel writers under
// pipeline/channels/<channel>/writer.ts. The core never knows a channel's API; a writer never
// touches the warehouse.


import type { ChannelId } from './ids';

export type { ChannelId };

/** The channel ids of a listing, as the `listing` table and the stock sheet state carry them. */
export interface ListingChannelIds {
  listing_id: string;
  channel: string;
  marketplace: string;
  sku: string;
  channel_listing_id: string | null;
  channel_offer_id: string | null;
  channel_inventory_item_id: string | null;
  channel_location_id: string | null;
}

/** One listing quantity to set, with everything a writer needs to address it on the channel. */
export interface StockPush {
  change_id: string; // our ledger id; writers send it where the channel keeps a reference (Shopify referenceDocumentUri)
  listing_id: string;
  channel: ChannelId;
  marketplace: string;
  sku: string;
  channel_listing_id: string | null; // ASIN / eBay item id / Shopify variant id / AliExpress product id
  channel_offer_id: string | null; // eBay offer id / Amazon listing id
  channel_inventory_item_id: string | null; // Shopify inventory item gid / AliExpress sku id
  channel_location_id: string | null; // Shopify location gid / eBay merchantLocationKey
  quantity: number; // what we ask the channel to show
  expected_quantity: number | null; // what we last saw (compare-and-set where the channel supports it)
}

/**
 * `unknown`: the call was sent and its answer lost (a timeout, a hang, a 504, an error the channel
 * may have applied): the writer does not guess and does not resend; the core reads the row back.
 */
export type PushStatus = 'applied' | 'pending_verification' | 'conflict' | 'failed' | 'unknown';

/** The channel's answer for one row. */
export interface PushOutcome {
  change_id: string;
  status: PushStatus;
  message?: string; // the channel's error, human-readable
  channel_quantity?: number | null; // the quantity the channel now shows, when known
  channel_response?: unknown; // the raw per-row answer, kept in the ledger (never credentials)
  retryable?: boolean; // a failed row that may succeed if sent again
}

/** Current quantity on the channel for a listing, read for verification and crash recovery. */
export interface ChannelReading {
  listing_id: string;
  quantity: number | null; // null: not found on the channel
}

export interface ChannelWriter {
  readonly channel: ChannelId;
  /** Most rows one call may carry (Shopify 250, eBay 25, AliExpress 20 products, Amazon 1 or a feed). */
  readonly maxRowsPerCall: number;
  /**
   * The channel has no compare-and-set and the writer does not check `expected_quantity` itself:
   * the core reads each batch (`read`) right before pushing it and answers a row whose channel
   * quantity is no longer `expected_quantity` as `conflict` without sending it (eBay, AliExpress).
   * Shopify compares natively; Amazon's writer reads each listing right before its patch or feed.
   */
  readonly readBeforeWrite?: boolean;
  /**
   * A write the channel accepts is visible to the next read (Shopify, eBay, AliExpress answer only
   * once it is applied); false or absent: the channel may queue it (Amazon's ACCEPTED). After a
   * crash, a sent row such a channel does not show was not applied (reconcile.ts).
   */
  readonly appliesSynchronously?: boolean;
  /** Pushes rows (the core has already batched them to maxRowsPerCall); one outcome per row. */
  push(rows: StockPush[], options: { idempotencyKey: string }): Promise<PushOutcome[]>;
  /** Reads what the channel shows now (verification of pending rows, reconciliation after a crash). */
  read(rows: StockPush[]): Promise<ChannelReading[]>;
  /**
   * Listings the channel keeps as one quantity get the same key: setting one sets them all
   * (Amazon merchant listings of one SKU in one region, Shopify listings on one inventory item ×
   * location). null, or no function: the listing's quantity is its own. The plan uses it to name
   * every listing a push moves and to refuse edits of one quantity that disagree.
   */
  sharedQuantityKey?(listing: ListingChannelIds): string | null;
}
