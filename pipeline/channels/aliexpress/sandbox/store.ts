// AliExpress products as the sandbox keeps them: product_id → SKUs by the seller's sku_code with
// their inventory, plus the registry of gateway methods (route modules add order queries…).
import type { SandboxListing } from '../../sandbox/listings';
import type { ChannelState, SandboxQuantity } from '../../sandbox/server';

export interface AliExpressSku {
  skuCode: string;
  skuId: string | null;
  inventory: number;
  crossdockListingId: string;
}

/** A gateway method: business params in, the `<method>_response` object out (or a thrown GatewayFault). */
export type GatewayMethod = (params: Record<string, string>) => unknown;

export class GatewayFault extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly type: 'ISV' | 'ISP' | 'SYSTEM' = 'ISV',
  ) {
    super(message);
  }
}

export class AliExpressStore implements ChannelState {
  readonly products = new Map<string, Map<string, AliExpressSku>>();
  readonly methods = new Map<string, GatewayMethod>();

  constructor(listings: SandboxListing[]) {
    for (const listing of listings) {
      if (listing.channel !== 'aliexpress' || !listing.channel_listing_id) continue;
      const skus = this.products.get(listing.channel_listing_id) ?? new Map<string, AliExpressSku>();
      skus.set(listing.sku, { skuCode: listing.sku, skuId: listing.channel_inventory_item_id, inventory: listing.channel_quantity_units ?? 0, crossdockListingId: listing.listing_id });
      this.products.set(listing.channel_listing_id, skus);
    }
  }

  quantities(): SandboxQuantity[] {
    return [...this.products.values()].flatMap((skus) => [...skus.values()].map((s) => ({ listing_id: s.crossdockListingId, sku: s.skuCode, quantity: s.inventory })));
  }

  setQuantity(listingId: string, quantity: number): void {
    for (const skus of this.products.values()) {
      for (const sku of skus.values()) if (sku.crossdockListingId === listingId) return void (sku.inventory = quantity);
    }
    throw new RangeError(`no AliExpress SKU for listing ${listingId}`);
  }
}
