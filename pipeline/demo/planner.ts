// The demo seller's replenishment: each location is restocked from the China hub to cover the
// expected (seasonal) demand over its transit time plus about six weeks; the hub orders from the
// factory (at least the MOQ, in whole case packs) to cover the whole network's demand over the
// lead time. Forecasts use the true seasonal curve, so stock-outs come from lead-time spread,
// demand noise and the scripted incidents, not from a blind planner.
import { Catalog, Listing, LocationId, LOCATIONS } from './catalog';
import { Rng } from './random';
import { Seasonality } from './seasonality';
import { Stock } from './stock';

export const LOC_INDEX: Record<LocationId, number> = { 'FBA-US': 0, 'FBA-DE': 1, '3PL-US': 2, '3PL-UK': 3, 'OWN-CN': 4 };
export const HUB = LOC_INDEX['OWN-CN'];
export const NLOC = LOCATIONS.length;

export interface PlannerInput {
  catalog: Catalog;
  /** stock per SKU × location, at index sku * NLOC + location */
  stocks: Array<Stock | undefined>;
  /** the listings with demand each SKU × location feeds, same indexing */
  fedBy: Listing[][];
  season: Seasonality;
  rng: Rng;
}

export class Planner {
  constructor(private readonly p: PlannerInput) {}

  /** Expected units the listings fed by one location sell over days [from, to). */
  need(locIdx: number, skuIdx: number, from: number, to: number): number {
    let sum = 0;
    for (const l of this.p.fedBy[skuIdx * NLOC + locIdx]) sum += l.sku.baseRate * l.weight * this.p.season.sum(l.group!, l.sku.category, from, to);
    return sum;
  }

  /** Expected units all listings of a SKU sell over days [from, to). */
  networkNeed(skuIdx: number, from: number, to: number): number {
    let sum = 0;
    for (let li = 0; li < NLOC; li++) sum += this.need(li, skuIdx, from, to);
    return sum;
  }

  /** Opening stock on the SKU's first day: a few weeks' cover everywhere (dead stock: a lot). */
  initStock(skuIdx: number, day: number): void {
    const { catalog, stocks, rng } = this.p;
    const sku = catalog.skus[skuIdx];
    for (let li = 0; li < NLOC; li++) {
      const st = stocks[skuIdx * NLOC + li];
      if (!st) continue;
      if (sku.demandClass === 'dead') {
        st.available = li === HUB ? rng.int(80, 600) : rng.int(15, 160);
        continue;
      }
      const want = li === HUB ? this.networkNeed(skuIdx, day, day + sku.leadTimeDays + 30) : this.need(li, skuIdx, day, day + LOCATIONS[li].transit[0] + 45) * 1.2;
      st.available = Math.max(sku.casePack, Math.ceil(want / sku.casePack) * sku.casePack);
    }
  }

  /** The weekly review of one SKU: transfers from the hub, then a factory order if needed. */
  replenish(skuIdx: number, day: number): void {
    const { catalog, stocks, rng } = this.p;
    const sku = catalog.skus[skuIdx];
    const hub = stocks[skuIdx * NLOC + HUB]!;
    // The hub keeps what its own store needs until the next factory delivery could land.
    const hubReserve = this.need(HUB, skuIdx, day, day + Math.round(sku.leadTimeDays / 2) + 14) * 1.2;
    for (let li = 0; li < NLOC; li++) {
      if (li === HUB) continue;
      const st = stocks[skuIdx * NLOC + li];
      if (!st || day < st.skipReplenishUntil) continue;
      const transit = LOCATIONS[li].transit;
      const position = st.available + st.inboundUnits() - st.backordered;
      const expected = this.need(li, skuIdx, day, day + transit[0] + 10);
      if (expected <= 0) continue;
      // slow movers keep at least a couple of units on the shelf
      const reorderPoint = Math.max(expected * 1.3, 2);
      if (position >= reorderPoint) continue;
      const target = this.need(li, skuIdx, day, day + transit[0] + 52) * 1.3;
      let qty = Math.ceil((target - position) / sku.casePack) * sku.casePack;
      qty = Math.min(qty, Math.floor(hub.available - hubReserve));
      if (qty <= 0) continue;
      hub.available -= qty;
      st.inbound.push({ day: day + Math.max(5, Math.round(rng.normal(transit[0], transit[1]))), qty });
    }
    // Echelon stock: what the whole network holds or has on the way.
    let echelon = hub.available + hub.inboundUnits();
    for (let li = 0; li < NLOC; li++) {
      const st = stocks[skuIdx * NLOC + li];
      if (st && li !== HUB) echelon += st.available + st.inboundUnits() - st.backordered;
    }
    const horizon = sku.leadTimeDays + 36 + 21;
    const expected = this.networkNeed(skuIdx, day, day + horizon);
    if (expected <= 0) return;
    const reorderPoint = Math.max(expected * 1.3, 4);
    if (echelon >= reorderPoint) return;
    const target = this.networkNeed(skuIdx, day, day + horizon + 60) * 1.3;
    const qty = Math.max(sku.moq, Math.ceil((target - echelon) / sku.casePack) * sku.casePack);
    hub.inbound.push({ day: day + Math.max(10, Math.round(rng.normal(sku.leadTimeDays, sku.leadTimeSdDays))), qty });
  }
}
