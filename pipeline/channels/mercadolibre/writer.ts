// Mercado Libre stock writer. A listing is addressed by its ids (pipeline/channels/contract/stockPush.ts):
//   channel_listing_id        item id (MLM123456789)
//   channel_inventory_item_id null: the item itself; digits: a variation of the item;
//                             a user product id (MLMU123456789): its distributed stock
//   channel_location_id       user products only: null/'selling_address', or a seller_warehouse store id
//
// Items and variations: PUT /items/{id} with available_quantity (or the item's variations, every
// variation id sent so none is dropped, the pushed ones with their new quantity). The items API
// has no compare-and-set, so this writer reads the batch (multiget GET /items?ids=, ≤ 20) right
// before the PUTs and sends nothing for a listing whose quantity is no longer the expected one
// (holdBackChanged). User products: GET /user-products/{id}/stock answers an `x-version` header;
// the PUT sends it back and Mercado Libre refuses it with 409 when the stock changed in between —
// a true compare-and-set, answered `conflict` with the quantity read after the 409.
// A write whose answer is lost is `unknown` (never resent).
import { ConfigError } from '../../errors';
import { lostAnswers } from '../contract/lostAnswer';
import { holdBackChanged } from '../contract/readBeforeWrite';
import type { ChannelId, ChannelReading, ChannelWriter, ListingChannelIds, PushOutcome, StockPush } from '../contract/writer';
import { describeHttpFailure, type HttpClientOptions, type HttpResult } from '../http/client';
import { MercadoLibreClient, type MercadoLibreCredentials } from './client';

/** Multiget GET /items?ids= takes at most 20 ids. */
export const ML_MAX_ROWS = 20;

export interface MercadoLibreWriterOptions {
  baseUrl: string;
  authUrl?: string;
  credentials: MercadoLibreCredentials;
  /** Rotated refresh token file folder (null: memory only). */
  stateDir?: string | null;
  rateLimits?: boolean;
  limits?: { maxRowsPerCall?: number };
  http?: Partial<Omit<HttpClientOptions, 'name' | 'baseUrl' | 'headers' | 'limiter'>>;
}

export type StockAddress =
  | { kind: 'item'; itemId: string }
  | { kind: 'variation'; itemId: string; variationId: number }
  | { kind: 'user_product'; userProductId: string; location: { type: 'selling_address' } | { type: 'seller_warehouse'; storeId: string } };

const ITEM_ID = /^[A-Z]{3}\d+$/;
const USER_PRODUCT_ID = /^[A-Z]{3}U\d+$/;

/** Where a listing's quantity lives on Mercado Libre, or why it cannot be addressed (pure). */
export function stockAddress(listing: Pick<ListingChannelIds, 'channel_listing_id' | 'channel_inventory_item_id' | 'channel_location_id'>): StockAddress | string {
  const inventory = listing.channel_inventory_item_id?.trim() || null;
  if (inventory && USER_PRODUCT_ID.test(inventory)) {
    const loc = listing.channel_location_id?.trim() || 'selling_address';
    return { kind: 'user_product', userProductId: inventory, location: loc === 'selling_address' ? { type: 'selling_address' } : { type: 'seller_warehouse', storeId: loc } };
  }
  const itemId = listing.channel_listing_id?.trim() ?? '';
  if (!ITEM_ID.test(itemId)) return `listing has no Mercado Libre item id (MLM123456789), got "${listing.channel_listing_id ?? ''}"`;
  if (!inventory) return { kind: 'item', itemId };
  if (/^\d+$/.test(inventory)) return { kind: 'variation', itemId, variationId: Number(inventory) };
  return `channel_inventory_item_id "${inventory}" is neither a variation id (digits) nor a user product id (MLMU123…)`;
}

export function addressKey(address: StockAddress): string {
  if (address.kind === 'item') return `item:${address.itemId}`;
  if (address.kind === 'variation') return `variation:${address.itemId}:${address.variationId}`;
  return `up:${address.userProductId}:${address.location.type === 'selling_address' ? 'selling_address' : address.location.storeId}`;
}

export interface MlItemStock {
  id: string;
  available_quantity: number;
  variations?: { id: number; available_quantity: number; user_product_id?: string }[];
}

export interface MlStockLocation {
  type: string;
  quantity: number;
  store_id?: string;
}

/** The body of PUT /items/{id} setting `quantities` (by variation id, or the item's own under key null). */
export function itemUpdateBody(item: MlItemStock | null, quantities: ReadonlyMap<number | null, number>): Record<string, unknown> {
  if (item?.variations && item.variations.length > 0) {
    // Variations left out of a PUT are removed from the item: every id goes, only ours with a quantity.
    return { variations: item.variations.map((v) => (quantities.has(v.id) ? { id: v.id, available_quantity: quantities.get(v.id)! } : { id: v.id })) };
  }
  return { available_quantity: quantities.get(null)! };
}

/** The quantity one address shows in an item read (null: not there). */
export function itemQuantity(item: MlItemStock | undefined, address: StockAddress): number | null {
  if (!item) return null;
  if (address.kind === 'item') return item.variations && item.variations.length > 0 ? null : item.available_quantity;
  if (address.kind === 'variation') return item.variations?.find((v) => v.id === address.variationId)?.available_quantity ?? null;
  return null;
}

export function locationQuantity(locations: readonly MlStockLocation[] | undefined, address: Extract<StockAddress, { kind: 'user_product' }>): number | null {
  const loc = address.location;
  const found = (locations ?? []).find((l) => (loc.type === 'selling_address' ? l.type === 'selling_address' : l.type === 'seller_warehouse' && String(l.store_id) === loc.storeId));
  return found ? found.quantity : null;
}

export class MercadoLibreWriter implements ChannelWriter {
  readonly channel: ChannelId = 'mercadolibre';
  readonly maxRowsPerCall: number;
  /** The writer reads items right before their PUT itself, and user products compare natively (x-version). */
  readonly readBeforeWrite = false;
  readonly appliesSynchronously = true;
  readonly client: MercadoLibreClient;

  constructor(options: MercadoLibreWriterOptions) {
    this.maxRowsPerCall = Math.min(options.limits?.maxRowsPerCall ?? ML_MAX_ROWS, ML_MAX_ROWS);
    this.client = new MercadoLibreClient({ baseUrl: options.baseUrl, authUrl: options.authUrl, credentials: options.credentials, stateDir: options.stateDir, rateLimits: options.rateLimits, http: options.http });
  }

  sharedQuantityKey(listing: ListingChannelIds): string | null {
    const address = stockAddress(listing);
    // One user product's stock feeds every item (listing type) built on it.
    return typeof address !== 'string' && address.kind === 'user_product' ? `mercadolibre|${addressKey(address)}` : null;
  }

  async push(rows: StockPush[], _options: { idempotencyKey: string }): Promise<PushOutcome[]> {
    const outcomes = new Map<string, PushOutcome>();
    const items: { row: StockPush; address: Exclude<StockAddress, { kind: 'user_product' }> }[] = [];
    const products: { row: StockPush; address: Extract<StockAddress, { kind: 'user_product' }> }[] = [];
    const seen = new Set<string>();
    for (const row of rows) {
      const address = stockAddress(row);
      let problem = typeof address === 'string' ? address : null;
      if (!problem && (!Number.isInteger(row.quantity) || row.quantity < 0)) problem = `quantity must be a non-negative integer, got ${row.quantity}`;
      if (!problem && seen.has(addressKey(address as StockAddress))) problem = `${addressKey(address as StockAddress)} appears twice in one push; only the first is sent`;
      if (problem) {
        outcomes.set(row.change_id, failed(row, problem, false));
        continue;
      }
      const a = address as StockAddress;
      seen.add(addressKey(a));
      if (a.kind === 'user_product') products.push({ row, address: a });
      else items.push({ row, address: a });
    }
    for (const outcome of await this.pushItems(items)) outcomes.set(outcome.change_id, outcome);
    for (const { row, address } of products) outcomes.set(row.change_id, await this.guard([row], () => this.pushUserProduct(row, address)).then((o) => o[0]));
    return rows.map((row) => outcomes.get(row.change_id)!);
  }

  async read(rows: StockPush[]): Promise<ChannelReading[]> {
    const addresses = rows.map((row) => stockAddress(row));
    const itemIds = [...new Set(addresses.flatMap((a) => (typeof a !== 'string' && a.kind !== 'user_product' ? [a.itemId] : [])))];
    const { items, failedIds, failure } = await this.readItems(itemIds);
    if (failedIds.size > 0) throw new Error(failure ?? 'mercadolibre: items could not be read');
    const readings: ChannelReading[] = [];
    for (const [i, row] of rows.entries()) {
      const address = addresses[i];
      if (typeof address === 'string') readings.push({ listing_id: row.listing_id, quantity: null });
      else if (address.kind === 'user_product') {
        const stock = await this.readStock(address.userProductId);
        if (stock.kind === 'error') throw new Error(stock.message);
        readings.push({ listing_id: row.listing_id, quantity: stock.kind === 'found' ? locationQuantity(stock.locations, address) : null });
      } else readings.push({ listing_id: row.listing_id, quantity: itemQuantity(items.get(address.itemId), address) });
    }
    return readings;
  }

  /** Items and variations: read each call's items, hold back what changed, one PUT per item. */
  private async pushItems(entries: { row: StockPush; address: Exclude<StockAddress, { kind: 'user_product' }> }[]): Promise<PushOutcome[]> {
    const outcomes: PushOutcome[] = [];
    for (let i = 0; i < entries.length; i += this.maxRowsPerCall) {
      const part = entries.slice(i, i + this.maxRowsPerCall);
      outcomes.push(...(await this.guard(part.map((e) => e.row), () => this.pushItemCall(part))));
    }
    return outcomes;
  }

  private async pushItemCall(part: { row: StockPush; address: Exclude<StockAddress, { kind: 'user_product' }> }[]): Promise<PushOutcome[]> {
    const outcomes: PushOutcome[] = [];
    const { items } = await this.readItems([...new Set(part.map((e) => e.address.itemId))]);
    const readings = new Map<string, ChannelReading>();
    for (const { row, address } of part) {
      const item = items.get(address.itemId);
      if (item) readings.set(row.listing_id, { listing_id: row.listing_id, quantity: itemQuantity(item, address) });
    }
    const { send, refused } = holdBackChanged(this.channel, part.map((e) => e.row), readings);
    outcomes.push(...refused);
    const byItem = new Map<string, { row: StockPush; address: Exclude<StockAddress, { kind: 'user_product' }> }[]>();
    const sending = new Set(send.map((r) => r.change_id));
    for (const entry of part) {
      if (!sending.has(entry.row.change_id)) continue;
      const item = items.get(entry.address.itemId);
      const hasVariations = (item?.variations?.length ?? 0) > 0;
      if (entry.address.kind === 'item' && hasVariations) {
        outcomes.push(failed(entry.row, `item ${entry.address.itemId} has variations: address one (channel_inventory_item_id = variation id)`, false));
      } else if (entry.address.kind === 'variation' && !item) {
        outcomes.push(failed(entry.row, `nothing sent: item ${entry.address.itemId} could not be read, and its variations must all be named in the update`, true));
      } else if (entry.address.kind === 'variation' && !item!.variations?.some((v) => v.id === (entry.address as { variationId: number }).variationId)) {
        outcomes.push(failed(entry.row, `item ${entry.address.itemId} has no variation ${entry.address.variationId}`, false));
      } else {
        const list = byItem.get(entry.address.itemId) ?? [];
        list.push(entry);
        byItem.set(entry.address.itemId, list);
      }
    }
    for (const [itemId, list] of byItem) {
      const quantities = new Map<number | null, number>(list.map(({ row, address }) => [address.kind === 'variation' ? address.variationId : null, row.quantity]));
      const body = itemUpdateBody(items.get(itemId) ?? null, quantities);
      const rowsOf = list.map((e) => e.row);
      const result = await this.client.send({ method: 'PUT', path: `/items/${encodeURIComponent(itemId)}`, body, idempotent: false, operation: 'updateItem' });
      if (result.kind === 'unknown_outcome') outcomes.push(...lostAnswers(rowsOf, result.message));
      else if (result.kind === 'unreachable') outcomes.push(...rowsOf.map((row) => failed(row, result.message, true)));
      else if (result.response.status === 200) {
        const answered = result.response.json as MlItemStock | undefined;
        for (const { row, address } of list) {
          const shown = answered ? itemQuantity(answered, address) : null;
          outcomes.push({ change_id: row.change_id, status: 'applied', channel_quantity: shown ?? row.quantity });
        }
      } else outcomes.push(...rowsOf.map((row) => failed(row, describeHttpFailure(this.client.http, result, 'updateItem'), isRetryable(result), result.response.json)));
    }
    return outcomes;
  }

  /** One user product location: read its version, compare, PUT with x-version; 409 → conflict. */
  private async pushUserProduct(row: StockPush, address: Extract<StockAddress, { kind: 'user_product' }>): Promise<PushOutcome[]> {
    const stock = await this.readStock(address.userProductId);
    if (stock.kind === 'error') return [failed(row, `nothing sent: ${stock.message}`, stock.retryable)];
    if (stock.kind === 'not_found') return [failed(row, `user product ${address.userProductId} not found`, false)];
    const current = locationQuantity(stock.locations, address);
    if (current === null) return [failed(row, `user product ${address.userProductId} has no ${addressKey(address).split(':').pop()} stock location`, false)];
    if (current === row.quantity) return [{ change_id: row.change_id, status: 'applied', channel_quantity: current, message: `nothing sent: mercadolibre already shows ${current}` }];
    if (row.expected_quantity !== null && current !== row.expected_quantity) return [conflict(row, current, 'read before the write')];
    const loc = address.location;
    const path = `/user-products/${encodeURIComponent(address.userProductId)}/stock/type/${loc.type}`;
    const body = loc.type === 'selling_address' ? { quantity: row.quantity } : { locations: [{ store_id: loc.storeId, quantity: row.quantity }] };
    const result = await this.client.send({ method: 'PUT', path, body, headers: { 'x-version': String(stock.version) }, idempotent: false, operation: 'updateUserProductStock', userProductStock: true });
    if (result.kind === 'unknown_outcome') return lostAnswers([row], result.message);
    if (result.kind === 'unreachable') return [failed(row, result.message, true)];
    if (result.response.status === 200) return [{ change_id: row.change_id, status: 'applied', channel_quantity: row.quantity }];
    if (result.response.status === 409) {
      const after = await this.readStock(address.userProductId);
      const now = after.kind === 'found' ? locationQuantity(after.locations, address) : null;
      return [{ ...conflict(row, now, 'x-version'), channel_response: result.response.json }];
    }
    return [failed(row, describeHttpFailure(this.client.http, result, 'updateUserProductStock'), isRetryable(result), result.response.json)];
  }

  private async readItems(ids: string[]): Promise<{ items: Map<string, MlItemStock>; failedIds: Set<string>; failure?: string }> {
    const items = new Map<string, MlItemStock>();
    const failedIds = new Set<string>();
    let failure: string | undefined;
    for (let i = 0; i < ids.length; i += ML_MAX_ROWS) {
      const part = ids.slice(i, i + ML_MAX_ROWS);
      const result = await this.client.send({ method: 'GET', path: '/items', query: { ids: part, attributes: 'id,available_quantity,variations' }, operation: 'getItems' });
      const answers = result.kind === 'response' && result.response.status === 200 ? (result.response.json as { code: number; body: MlItemStock }[]) : null;
      if (!Array.isArray(answers)) {
        failure = describeHttpFailure(this.client.http, result, 'getItems');
        part.forEach((id) => failedIds.add(id));
        continue;
      }
      for (const answer of answers) {
        if (answer.code === 200 && answer.body?.id) items.set(answer.body.id, answer.body);
        else if (answer.code !== 404 && answer.body && typeof (answer.body as { id?: unknown }).id === 'string') failedIds.add((answer.body as { id: string }).id);
      }
    }
    return { items, failedIds, failure };
  }

  private async readStock(userProductId: string): Promise<{ kind: 'found'; version: string; locations: MlStockLocation[] } | { kind: 'not_found' } | { kind: 'error'; message: string; retryable: boolean }> {
    const result = await this.client.send({ method: 'GET', path: `/user-products/${encodeURIComponent(userProductId)}/stock`, operation: 'getUserProductStock', userProductStock: true });
    if (result.kind === 'response' && result.response.status === 404) return { kind: 'not_found' };
    if (result.kind !== 'response' || result.response.status !== 200) return { kind: 'error', message: describeHttpFailure(this.client.http, result, 'getUserProductStock'), retryable: isRetryable(result) };
    const version = result.response.headers['x-version'];
    if (!version) return { kind: 'error', message: `mercadolibre getUserProductStock: no x-version header for ${userProductId}`, retryable: true };
    return { kind: 'found', version, locations: (result.response.json as { locations?: MlStockLocation[] })?.locations ?? [] };
  }

  /** Auth failures thrown by the client (renewal refused or unanswered) fail the rows: nothing was written. */
  private async guard(rows: StockPush[], run: () => Promise<PushOutcome[]>): Promise<PushOutcome[]> {
    try {
      return await run();
    } catch (err) {
      return rows.map((row) => failed(row, `nothing sent: ${(err as Error).message}`, !(err instanceof ConfigError)));
    }
  }
}

export function createMercadoLibreWriter(options: MercadoLibreWriterOptions): MercadoLibreWriter {
  return new MercadoLibreWriter(options);
}

function isRetryable(result: HttpResult): boolean {
  return result.kind !== 'response' || result.response.status === 429 || result.response.status >= 500;
}

function failed(row: StockPush, message: string, retryable: boolean, response?: unknown): PushOutcome {
  return { change_id: row.change_id, status: 'failed', message, retryable, ...(response !== undefined ? { channel_response: response } : {}) };
}

function conflict(row: StockPush, now: number | null, how: string): PushOutcome {
  const shown = now ?? 'nothing';
  return {
    change_id: row.change_id,
    status: 'conflict',
    channel_quantity: now,
    message: `nothing changed: mercadolibre shows ${shown}, not the ${row.expected_quantity} the sheet saw (${how}): re-plan from ${shown}`,
  };
}
