// What the Shopee sandbox keeps: the shop's items (item_id → models → seller_stock per location),
// its authorization (the one live refresh token, the access tokens and their expiry), and the
// registry of endpoint handlers the gateway dispatches to (route modules add orders…).
import type { SandboxListing } from '../../sandbox/listings';
import type { ChannelState, SandboxQuantity } from '../../sandbox/server';

export interface StockCell {
  listingId: string;
  locationId: string | null;
  stock: number;
}

export interface SandboxModel {
  modelId: number;
  sku: string;
  cells: StockCell[];
}

export interface SandboxItem {
  itemId: number;
  hasModel: boolean;
  models: Map<number, SandboxModel>;
}

/** An error answer: `{ error, message, request_id }` with an HTTP status. */
export class ShopeeFault extends Error {
  constructor(
    readonly error: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export interface HandlerInput {
  query: Record<string, string>;
  body: Record<string, unknown>;
  nowMs: number;
}

/** A handler's answer: put under `response` (shop APIs) or at the top level (auth, shop info). */
export type Handler = (input: HandlerInput) => { response?: unknown; topLevel?: Record<string, unknown> };

export const ACCESS_TOKEN_SECONDS = 4 * 3600;
/** "After a new access_token is generated, the old access_token is still valid for 5 minutes." */
export const OLD_TOKEN_GRACE_MS = 5 * 60_000;

export class SandboxAuth {
  /** The one refresh token that works now; each refresh spends it and issues the next. */
  refreshToken: string;
  readonly accessTokens = new Map<string, number>();
  refreshes = 0;
  private counter = 0;

  constructor(initialRefreshToken: string) {
    this.refreshToken = initialRefreshToken;
  }

  /** Spends `refreshToken` (which must be the live one) and issues a new pair. */
  refresh(refreshToken: string, nowMs: number): { access_token: string; refresh_token: string; expire_in: number } {
    if (refreshToken !== this.refreshToken) throw new ShopeeFault('error_auth', 'Invalid refresh_token.', 403);
    for (const [token, expires] of this.accessTokens) this.accessTokens.set(token, Math.min(expires, nowMs + OLD_TOKEN_GRACE_MS));
    this.counter++;
    this.refreshes++;
    const access = `sbx-access-${this.counter}-${nowMs.toString(36)}`;
    this.refreshToken = `sbx-refresh-${this.counter}-${nowMs.toString(36)}`;
    this.accessTokens.set(access, nowMs + ACCESS_TOKEN_SECONDS * 1000);
    return { access_token: access, refresh_token: this.refreshToken, expire_in: ACCESS_TOKEN_SECONDS };
  }

  /** 'ok', or why the token is refused. */
  check(accessToken: string, nowMs: number): 'ok' | 'unknown' | 'expired' {
    const expires = this.accessTokens.get(accessToken);
    if (expires === undefined) return 'unknown';
    return expires > nowMs ? 'ok' : 'expired';
  }

  /** Simulates Shopee dropping every access token early (tests of the refresh-and-resend path). */
  revokeAccessTokens(): void {
    this.accessTokens.clear();
  }
}

export class ShopeeStore implements ChannelState {
  readonly items = new Map<number, SandboxItem>();
  readonly handlers = new Map<string, Handler>();
  readonly auth: SandboxAuth;

  constructor(listings: SandboxListing[], refreshToken: string) {
    this.auth = new SandboxAuth(refreshToken);
    for (const listing of listings) {
      if (listing.channel !== 'shopee' || !listing.channel_listing_id || !/^\d+$/.test(listing.channel_listing_id)) continue;
      const itemId = Number(listing.channel_listing_id);
      const modelId = listing.channel_inventory_item_id && /^\d+$/.test(listing.channel_inventory_item_id) ? Number(listing.channel_inventory_item_id) : 0;
      const item = this.items.get(itemId) ?? { itemId, hasModel: modelId !== 0, models: new Map<number, SandboxModel>() };
      const model = item.models.get(modelId) ?? { modelId, sku: listing.sku, cells: [] };
      model.cells.push({ listingId: listing.listing_id, locationId: listing.channel_location_id, stock: listing.channel_quantity_units ?? 0 });
      item.models.set(modelId, model);
      this.items.set(itemId, item);
    }
  }

  quantities(): SandboxQuantity[] {
    return [...this.items.values()].flatMap((item) => [...item.models.values()].flatMap((m) => m.cells.map((c) => ({ listing_id: c.listingId, sku: m.sku, quantity: c.stock }))));
  }

  setQuantity(listingId: string, quantity: number): void {
    const cell = this.cell(listingId);
    if (!cell) throw new RangeError(`no Shopee model for listing ${listingId}`);
    cell.stock = quantity;
  }

  private cell(listingId: string): StockCell | undefined {
    for (const item of this.items.values()) for (const model of item.models.values()) for (const cell of model.cells) if (cell.listingId === listingId) return cell;
    return undefined;
  }
}
