// Demand multipliers per day: growth trend × weekday × month (per category) × retail peaks (per
// channel group). The simulator draws orders with them, and the replenishment planner sums them
// ahead (prefix sums) so stock is built up before Black Friday, as a real seller would.
import { Calendar, retailEvents, RetailEvents } from './calendar';

export const DEMAND_GROUPS = ['amazon-US', 'amazon-DE', 'ebay-US', 'ebay-DE', 'shopify', 'mercadolibre-MX', 'shopee-SG'] as const;
export type DemandGroup = (typeof DEMAND_GROUPS)[number];

export const CATEGORY_KEYS = ['apparel', 'electronics', 'home', 'toys', 'sports', 'pet'] as const;
export type CategoryKey = (typeof CATEGORY_KEYS)[number];

/** Sunday-first; marketplaces sell most on Sunday/Monday and least on Friday/Saturday. */
const WEEKDAY: Record<DemandGroup, number[]> = {
  'amazon-US': [1.08, 1.1, 1.04, 1.0, 0.97, 0.9, 0.91],
  'amazon-DE': [1.12, 1.08, 1.02, 0.99, 0.96, 0.9, 0.93],
  'ebay-US': [1.12, 1.05, 1.0, 0.98, 0.96, 0.93, 0.96],
  'ebay-DE': [1.15, 1.05, 1.0, 0.97, 0.95, 0.92, 0.96],
  shopify: [1.05, 1.1, 1.05, 1.0, 0.98, 0.9, 0.92],
  'mercadolibre-MX': [1.1, 1.08, 1.03, 1.0, 0.97, 0.92, 0.95],
  // Singapore shops most at the weekend and on Monday
  'shopee-SG': [1.1, 1.02, 0.98, 0.96, 0.97, 1.0, 1.06],
};

/** January … December. */
const MONTH_BASE = [0.86, 0.8, 0.88, 0.9, 0.94, 0.95, 0.98, 0.99, 0.95, 1.0, 1.12, 1.3];
const MONTH_CATEGORY: Record<CategoryKey, number[]> = {
  apparel: [0.9, 0.85, 1.05, 1.1, 1.05, 0.95, 0.9, 1.0, 1.1, 1.05, 1.0, 1.0],
  electronics: [1.0, 0.95, 0.95, 0.95, 1.0, 1.0, 1.0, 1.05, 1.0, 1.0, 1.05, 1.25],
  home: [1.0, 0.95, 1.0, 1.0, 1.0, 0.95, 0.95, 0.95, 1.0, 1.05, 1.1, 1.15],
  toys: [0.75, 0.75, 0.8, 0.85, 0.85, 0.9, 0.9, 0.9, 0.95, 1.1, 1.45, 2.1],
  sports: [0.9, 0.95, 1.1, 1.2, 1.3, 1.3, 1.25, 1.1, 0.95, 0.85, 0.85, 0.95],
  pet: [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.05],
};

/** Yearly growth of the business (1.3 = +30 % a year). */
const GROWTH_PER_YEAR = 1.3;

/** Mercado Libre Mexico: Hot Sale (late May), El Buen Fin (mid-November), Black Friday lightly. */
function mexicoFactor(day: number, ev: RetailEvents): number {
  const hot = day - ev.hotSale;
  if (hot >= 0 && hot <= 8) return [2.2, 1.9, 1.7, 1.6, 1.5, 1.5, 1.5, 1.6, 1.4][hot];
  const fin = day - ev.buenFin;
  if (fin >= -5 && fin <= -1) return 0.9; // buyers wait for it
  if (fin >= 0 && fin <= 3) return [2.4, 2.8, 2.6, 2.3][fin];
  if (day === ev.blackFriday) return 1.3;
  if (day === ev.cyberMonday) return 1.2;
  const toXmas = ev.christmas - day;
  if (toXmas >= -1 && toXmas <= 3) return 0.75; // cross-border parcels no longer make it
  return 1;
}

/** Shopee Singapore: the double-day sales (11.11 and 12.12 biggest), Black Friday lightly. */
function shopeeFactor(day: number, ev: RetailEvents): number {
  if (day === ev.singlesDay) return 3.6;
  if (day === ev.doubleTwelve) return 3.0;
  if (day === ev.tenTen) return 2.0;
  if (day === ev.nineNine) return 1.8;
  if (day === ev.singlesDay - 1 || day === ev.doubleTwelve - 1) return 1.2;
  if (day === ev.singlesDay + 1 || day === ev.doubleTwelve + 1) return 1.3;
  if (day === ev.blackFriday) return 1.25;
  if (day === ev.cyberMonday) return 1.2;
  return 1;
}

function eventFactor(group: DemandGroup, day: number, ev: RetailEvents): number {
  if (group === 'mercadolibre-MX') return mexicoFactor(day, ev);
  if (group === 'shopee-SG') return shopeeFactor(day, ev);
  const isAmazon = group.startsWith('amazon');
  const isUs = group.endsWith('US');
  const fromBf = day - ev.blackFriday;
  // Black Friday week (Mon before Thanksgiving … Thursday after Cyber Monday)
  const bfWeek: Record<number, number> = { [-4]: 1.3, [-3]: 1.4, [-2]: 1.5, [-1]: isUs ? 1.7 : 1.3, 0: 4.0, 1: 3.0, 2: 2.8, 3: 3.8, 4: 2.0, 5: 1.5, 6: 1.3 };
  if (fromBf >= -4 && fromBf <= 6) return bfWeek[fromBf];
  if (day === ev.primeDay) return isAmazon ? 3.0 : 1.15;
  if (day === ev.primeDay + 1) return isAmazon ? 2.6 : 1.1;
  if (day === ev.primeBigDeal) return isAmazon ? 1.9 : 1.05;
  if (day === ev.primeBigDeal + 1) return isAmazon ? 1.7 : 1.05;
  if (day === ev.singlesDay) return group === 'shopify' ? 2.4 : group.startsWith('ebay') ? 1.6 : 1.15;
  // Christmas: buying stops once shipping can no longer make it, then returns season
  const toXmas = ev.christmas - day;
  if (toXmas >= 3 && toXmas <= 6) return 0.9;
  if (toXmas >= -1 && toXmas <= 2) return 0.55;
  if (toXmas >= -6 && toXmas <= -2) return 0.85;
  return 1;
}

/** Daily factors and their prefix sums per demand group × category, over the simulated window. */
export class Seasonality {
  private readonly factors = new Map<string, Float64Array>();
  private readonly prefix = new Map<string, Float64Array>();
  private readonly from: number;

  constructor(cal: Calendar, firstDay: number, lastDay: number, lookaheadDays = 400) {
    this.from = firstDay;
    const n = lastDay - firstDay + 1 + lookaheadDays;
    const events = new Map<number, RetailEvents>();
    for (const group of DEMAND_GROUPS) {
      for (const cat of CATEGORY_KEYS) {
        const f = new Float64Array(n);
        const p = new Float64Array(n + 1);
        for (let i = 0; i < n; i++) {
          const day = firstDay + i;
          const info = cal.info(day);
          let ev = events.get(info.year);
          if (!ev) events.set(info.year, (ev = retailEvents(info.year)));
          f[i] =
            Math.pow(GROWTH_PER_YEAR, i / 365) *
            WEEKDAY[group][info.weekday] *
            MONTH_BASE[info.month - 1] *
            MONTH_CATEGORY[cat][info.month - 1] *
            eventFactor(group, day, ev);
          p[i + 1] = p[i] + f[i];
        }
        this.factors.set(`${group}|${cat}`, f);
        this.prefix.set(`${group}|${cat}`, p);
      }
    }
  }

  series(group: DemandGroup, cat: CategoryKey): Float64Array {
    return this.factors.get(`${group}|${cat}`)!;
  }

  /** Σ factor over days [fromDay, toDay) — the planner's expected-demand horizon. */
  sum(group: DemandGroup, cat: CategoryKey, fromDay: number, toDay: number): number {
    const p = this.prefix.get(`${group}|${cat}`)!;
    const a = Math.min(Math.max(fromDay - this.from, 0), p.length - 1);
    const b = Math.min(Math.max(toDay - this.from, 0), p.length - 1);
    return p[b] - p[a];
  }

  offset(day: number): number {
    return day - this.from;
  }
}
