// turnover, computed from docs/analytics.md "turnover" and anchors B.1–B.4, B.13 by plain loops.
// Every row is a sum of members (one per sku × pool, or a share of one for the channel rollup).
import { addDays, daysBetween } from './dates';
import { fifo, firstActiveDay, inPeriod, Ledger, Period, poolDays, revenueBase, shippedLinesOf, skuPools, unitCostBase } from './ledger';

export type TurnoverGroup = 'sku' | 'sku_pool' | 'pool' | 'category' | 'channel' | 'all';
export const NO_SALES = '(no sales)';

export interface TurnoverRow {
  key: string;
  group_by: TurnoverGroup;
  sku: string | null;
  pool_id: string | null;
  category: string | null;
  channel: string | null;
  count_skus: number;
  period_days: number;
  units_shipped: number;
  revenue_base: number;
  cogs_base: number;
  avg_inventory_units: number | null;
  avg_inventory_cost_base: number | null;
  unit_turnover: number | null;
  unit_turnover_annualised: number | null;
  cogs_turnover: number | null;
  cogs_turnover_annualised: number | null;
  days_of_inventory: number | null;
  days_of_inventory_sort: number;
  sell_through_rate: number | null;
  gmroi: number | null;
  gmroi_annualised: number | null;
  reason_code: string | null;
}

/** One sku × pool in the period (or a channel's share of it). */
interface Member {
  sku: string;
  poolId: string;
  category: string;
  channel: string | null;
  knownDays: number;
  avgUnits: number;
  avgCost: number;
  units: number;
  revenue: number;
  sellableReturns: number;
  cogs: number;
  /** sellable on hand the day before P + units received in P (sell-through's denominator) */
  availableForSale: number;
  firstActive: string;
  isNew: boolean;
}

function members(ledger: Ledger, p: Period): Member[] {
  const out: Member[] = [];
  for (const { sku, poolId } of skuPools(ledger)) {
    const master = ledger.world.skus.find((s) => s.sku === sku);
    const cost = unitCostBase(ledger.world, sku, p.asOf);
    if (!master || cost === null) throw new Error(`oracle: the world has no cost for ${sku}`);
    const days = poolDays(ledger, sku, poolId, p.asOf);
    const known = days.filter((d) => inPeriod(p, d.date));
    // B.1 daily method: mean of end-of-day sellable on hand, negative → 0, over non-gap days
    const avgUnits = known.length ? known.reduce((a, d) => a + Math.max(0, d.sellable), 0) / known.length : 0;
    // Interpretation: revenue is that of the lines shipped in P (the lines whose units and COGS
    // are counted); in the world every line ships the day it is ordered, so ordered-in-P agrees.
    const lines = shippedLinesOf(ledger, sku, poolId).filter((l) => inPeriod(p, l.shipDay));
    // Sellable returns received in P that went back on this pool's shelf; a return that could not
    // be placed restocks no pool, so it reverses COGS nowhere (not even on its channel's row).
    const returns = ledger.returns.filter((r) => r.sku === sku && r.poolId === poolId && r.isSellable && inPeriod(p, r.day));
    if (!known.length && !lines.length && !returns.length) continue;
    const dayBefore = days.find((d) => d.date === addDays(p.from, -1));
    const received = fifo(ledger, sku, poolId, p.asOf).receipts.filter((r) => inPeriod(p, r.date)).reduce((a, r) => a + r.units, 0);
    const firstActive = firstActiveDay(ledger, sku, poolId)!;
    const base = {
      sku,
      poolId,
      category: master.category,
      knownDays: known.length,
      availableForSale: Math.max(0, dayBefore?.sellable ?? 0) + received,
      firstActive,
      isNew: firstActive >= p.from,
    };
    const channels = [...new Set([...lines.map((l) => l.channel), ...returns.map((r) => r.channel)])].sort();
    const units = lines.reduce((a, l) => a + l.quantity, 0);
    // Channel rollup. Interpretation: "a pool's stock is split across the channels it shipped to"
    // is read at the grain of the figures, sku × pool: stock of a SKU that a pool did not ship in
    // P goes to (no sales) even when the pool shipped other SKUs.
    if (units === 0) {
      // stock of a sku × pool that shipped nothing in P is its own row, channel (no sales)
      out.push({ ...base, channel: NO_SALES, avgUnits, avgCost: avgUnits * cost, units: 0, revenue: 0, sellableReturns: 0, cogs: 0 });
    }
    for (const channel of channels) {
      const own = lines.filter((l) => l.channel === channel);
      const channelUnits = own.reduce((a, l) => a + l.quantity, 0);
      const share = units === 0 ? 0 : channelUnits / units;
      const back = returns.filter((r) => r.channel === channel).reduce((a, r) => a + r.quantity, 0);
      out.push({
        ...base,
        channel,
        avgUnits: avgUnits * share,
        avgCost: avgUnits * cost * share,
        availableForSale: base.availableForSale * share,
        units: channelUnits,
        revenue: own.reduce((a, l) => a + revenueBase(ledger, l), 0),
        sellableReturns: back,
        cogs: (channelUnits - back) * cost,
      });
    }
  }
  return out;
}

/** Members per sku × pool: the channel shares added back together. */
function wholeMembers(byChannel: Member[]): Member[] {
  const byKey = new Map<string, Member>();
  for (const m of byChannel) {
    const key = `${m.sku}|${m.poolId}`;
    const seen = byKey.get(key);
    if (!seen) byKey.set(key, { ...m, channel: null });
    else {
      seen.avgUnits += m.avgUnits;
      seen.avgCost += m.avgCost;
      seen.units += m.units;
      seen.revenue += m.revenue;
      seen.sellableReturns += m.sellableReturns;
      seen.cogs += m.cogs;
      seen.availableForSale += m.availableForSale;
    }
  }
  return [...byKey.values()];
}

function groupKey(group: TurnoverGroup, m: Member): string {
  switch (group) {
    case 'sku': return m.sku;
    case 'sku_pool': return `${m.sku}|${m.poolId}`;
    case 'pool': return m.poolId;
    case 'category': return m.category;
    case 'channel': return m.channel!;
    case 'all': return 'all';
  }
}

export function turnoverRows(ledger: Ledger, p: Period, group: TurnoverGroup): TurnoverRow[] {
  const byChannel = members(ledger, p);
  const list = group === 'channel' ? byChannel : wholeMembers(byChannel);
  const groups = new Map<string, Member[]>();
  for (const m of list) {
    const key = groupKey(group, m);
    groups.set(key, [...(groups.get(key) ?? []), m]);
  }
  return [...groups.entries()].map(([key, ms]) => rollUp(group, key, ms, p));
}

function rollUp(group: TurnoverGroup, key: string, ms: Member[], p: Period): TurnoverRow {
  const sum = (f: (m: Member) => number) => ms.reduce((a, m) => a + f(m), 0);
  const units = sum((m) => m.units);
  const revenue = sum((m) => m.revenue);
  const cogs = sum((m) => m.cogs);
  const avgUnits = sum((m) => m.avgUnits);
  const avgCost = sum((m) => m.avgCost);
  const forSale = sum((m) => m.availableForSale);
  const known = sum((m) => m.knownDays);
  // period_days = N, or the days since first activity (inclusive) when every member is new (B.1 N_active)
  const allNew = ms.every((m) => m.isNew);
  const firstActive = ms.map((m) => m.firstActive).sort()[0];
  const periodDays = allNew ? daysBetween(firstActive, p.asOf) + 1 : p.windowDays;
  const annual = (x: number | null) => (x === null ? null : (x * 365) / periodDays);
  const unitTurnover = avgUnits > 0 ? units / avgUnits : null;
  const cogsTurnover = avgCost > 0 ? cogs / avgCost : null;
  const gmroi = avgCost > 0 ? (revenue - cogs) / avgCost : null;
  const doi = unitTurnover ? periodDays / unitTurnover : null;
  const reason =
    known === 0 ? 'DATA_GAP'
    : avgUnits === 0 ? (units > 0 ? 'NO_INVENTORY' : 'INACTIVE')
    : units === 0 ? 'NO_DEMAND'
    : allNew ? 'NEW_SKU'
    : null;
  const one = ms[0];
  return {
    key,
    group_by: group,
    sku: group === 'sku' || group === 'sku_pool' ? one.sku : null,
    pool_id: group === 'sku_pool' || group === 'pool' ? one.poolId : null,
    category: group === 'category' ? one.category : null,
    channel: group === 'channel' ? one.channel : null,
    count_skus: new Set(ms.map((m) => m.sku)).size,
    period_days: periodDays,
    units_shipped: units,
    revenue_base: revenue,
    cogs_base: cogs,
    avg_inventory_units: avgUnits,
    avg_inventory_cost_base: avgCost,
    unit_turnover: unitTurnover,
    unit_turnover_annualised: annual(unitTurnover),
    cogs_turnover: cogsTurnover,
    cogs_turnover_annualised: annual(cogsTurnover),
    days_of_inventory: doi,
    days_of_inventory_sort: doi ?? 9999,
    sell_through_rate: forSale > 0 ? units / forSale : null,
    gmroi,
    gmroi_annualised: annual(gmroi),
    reason_code: reason,
  };
}
