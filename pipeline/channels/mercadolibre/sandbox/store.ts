// What the Mercado Libre sandbox keeps: items (available_quantity, or variations each with its own),
// user products with stock locations and an x-version bumped by every change, OAuth tokens
// (expiring access tokens, single-use rotating refresh tokens) and the order history.
import { OrderBook } from '../../sandbox/orderBook';
import type { SandboxListing } from '../../sandbox/listings';
import type { ChannelState, SandboxQuantity } from '../../sandbox/server';
import type { MlOrder } from '../streams/orders';
import { stockAddress, type StockAddress, type MlStockLocation } from '../writer';

export interface SandboxItem {
  id: string;
  available_quantity: number;
  variations: { id: number; available_quantity: number }[];
}

export interface SandboxUserProduct {
  id: string;
  user_id: number;
  version: number;
  locations: MlStockLocation[];
}

export class MercadoLibreStore implements ChannelState {
  readonly items = new Map<string, SandboxItem>();
  readonly userProducts = new Map<string, SandboxUserProduct>();
  readonly orders = new OrderBook<MlOrder>((o) => String(o.id), (o) => o.date_last_updated);
  private readonly addresses = new Map<string, { sku: string; address: StockAddress }>();

  constructor(listings: SandboxListing[], readonly sellerId: number) {
    for (const listing of listings) {
      if (listing.channel !== 'mercadolibre') continue;
      const address = stockAddress(listing);
      if (typeof address === 'string') continue;
      const quantity = listing.channel_quantity_units ?? 0;
      this.addresses.set(listing.listing_id, { sku: listing.sku, address });
      if (address.kind === 'user_product') {
        const up = this.userProducts.get(address.userProductId) ?? { id: address.userProductId, user_id: sellerId, version: 1, locations: [] };
        const loc = address.location;
        up.locations.push(loc.type === 'selling_address' ? { type: 'selling_address', quantity } : { type: 'seller_warehouse', store_id: loc.storeId, quantity });
        this.userProducts.set(up.id, up);
        continue;
      }
      const item = this.items.get(address.itemId) ?? { id: address.itemId, available_quantity: 0, variations: [] };
      if (address.kind === 'variation') {
        item.variations.push({ id: address.variationId, available_quantity: quantity });
        item.available_quantity = item.variations.reduce((sum, v) => sum + v.available_quantity, 0);
      } else item.available_quantity = quantity;
      this.items.set(item.id, item);
    }
  }

  quantityOf(address: StockAddress): number | null {
    if (address.kind === 'user_product') {
      const loc = address.location;
      const found = this.userProducts.get(address.userProductId)?.locations.find((l) => (loc.type === 'selling_address' ? l.type === 'selling_address' : l.store_id === loc.storeId));
      return found?.quantity ?? null;
    }
    const item = this.items.get(address.itemId);
    if (!item) return null;
    if (address.kind === 'variation') return item.variations.find((v) => v.id === address.variationId)?.available_quantity ?? null;
    return item.available_quantity;
  }

  quantities(): SandboxQuantity[] {
    return [...this.addresses].map(([listing_id, { sku, address }]) => ({ listing_id, sku, quantity: this.quantityOf(address) }));
  }

  /** A sale or an edit made on Mercado Libre itself (bumps the user product's x-version). */
  setQuantity(listingId: string, quantity: number): void {
    const entry = this.addresses.get(listingId);
    if (!entry) throw new RangeError(`no Mercado Libre listing ${listingId}`);
    const { address } = entry;
    if (address.kind === 'user_product') {
      const up = this.userProducts.get(address.userProductId)!;
      const loc = address.location;
      const found = up.locations.find((l) => (loc.type === 'selling_address' ? l.type === 'selling_address' : l.store_id === loc.storeId))!;
      found.quantity = quantity;
      up.version += 1;
      return;
    }
    const item = this.items.get(address.itemId)!;
    if (address.kind === 'variation') {
      item.variations.find((v) => v.id === address.variationId)!.available_quantity = quantity;
      item.available_quantity = item.variations.reduce((sum, v) => sum + v.available_quantity, 0);
    } else item.available_quantity = quantity;
  }
}

/** OAuth as the sandbox plays it: access tokens expire, refresh tokens work once and rotate. */
export class SandboxAuth {
  private readonly access = new Map<string, number>();
  private readonly refresh = new Set<string>();
  private counter = 0;
  /** Refresh tokens already spent (a reuse answers invalid_grant). */
  readonly spent = new Set<string>();

  constructor(
    readonly clientId: string,
    readonly clientSecret: string,
    initialRefreshToken: string,
    readonly accessTtlMs: number,
  ) {
    this.refresh.add(initialRefreshToken);
  }

  /** Exchanges a refresh token (single use) for a new access + refresh pair, or null. */
  exchange(refreshToken: string, nowMs: number): { access_token: string; refresh_token: string; expires_in: number } | null {
    if (!this.refresh.has(refreshToken)) return null;
    this.refresh.delete(refreshToken);
    this.spent.add(refreshToken);
    this.counter += 1;
    const access = `APP_USR-sandbox-${this.counter}-${Math.random().toString(36).slice(2, 10)}`;
    const next = `TG-sandbox-${this.counter}-${Math.random().toString(36).slice(2, 10)}`;
    this.access.set(access, nowMs + this.accessTtlMs);
    this.refresh.add(next);
    return { access_token: access, refresh_token: next, expires_in: Math.round(this.accessTtlMs / 1000) };
  }

  valid(accessToken: string, nowMs: number): boolean {
    const expires = this.access.get(accessToken);
    return expires !== undefined && nowMs < expires;
  }

  /** Expires every access token now (a test's "six hours later"). */
  expireAccessTokens(): void {
    for (const token of this.access.keys()) this.access.set(token, 0);
  }

  get issued(): number {
    return this.counter;
  }
}
