// The plan's warning for a quantity above the stock that feeds the listing. It is the oversell
// view's risk rule (sql/analytics/oversell.sql, kind = 'risk') applied to the quantity a push is
// about to set, not another rule: a merchant-fulfilled listing that is not inactive, whose channel
// quantity exceeds the available units of the pool feeding it (a negative pool counts as 0);
// unknown stock gives no warning. Each listing's quantity is what its channel may sell from the
// pool, so other listings' pushes in the same plan do not lower the units a listing is compared
// with: only the quantity the listing itself ends with counts (its own edit, or the push it
// moves with). A warning never stops a push: the manager may still send it. Pure.

export type WarningCode = 'ABOVE_AVAILABLE';

export interface StockWarning {
  code: WarningCode;
  message: string;
  /** The pool's available units the quantity was compared with (as held; may be negative). */
  available_units: number;
  quantity: number;
}

/** What the rule reads of a listing (ListingState has it). */
export interface PoolFedListing {
  channel: string;
  fulfilment: 'fba' | 'merchant';
  listing_status: string | null;
  pool_id: string | null;
  available_units: number | null;
}

// oversell.sql: coalesce(lower(listing_status), 'active') not in (...)
const INACTIVE_STATUSES = new Set(['inactive', 'ended', 'closed', 'deleted']);

export function aboveAvailable(listing: PoolFedListing, quantity: number): StockWarning | null {
  if (listing.fulfilment !== 'merchant' || listing.available_units === null) return null;
  if (INACTIVE_STATUSES.has((listing.listing_status ?? 'active').toLowerCase())) return null;
  const available = Math.max(listing.available_units, 0);
  if (quantity <= available) return null;
  return {
    code: 'ABOVE_AVAILABLE',
    available_units: listing.available_units,
    quantity,
    message:
      `${quantity} is above the ${available} units available in pool ${listing.pool_id ?? 'unknown'}, which feeds this listing: ` +
      `${listing.channel} could sell ${quantity - available} units the pool does not have (the oversell view will list it as a risk); it can still be pushed`,
  };
}
