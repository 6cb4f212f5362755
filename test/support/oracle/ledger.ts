// The facts every dataset of the calculator shares, built straight from docs/analytics.md
// "Conventions": where each order line draws from, where each return goes back on the shelf, the
// stock of a sku × pool per day (known days only: a pool day is unknown when any of its locations
// that already stock the SKU has no row), the FX rate in force and the standard cost in base
// currency, and the FIFO layers inferred from the snapshots.
import { addDays, dayRange, utcDay } from './dates';
import { OrderLine, ReturnLine, Snapshot, World } from './world';

export interface PlacedLine extends OrderLine {
  locationId: string | null;
  poolId: string | null;
  orderDay: string;
  shipDay: string | null;
}
export interface PlacedReturn extends ReturnLine {
  locationId: string | null;
  poolId: string | null;
  day: string;
  /** sellable and restocked: the unit is back on a shelf (or would be, if it could be placed) */
  isSellable: boolean;
}
export interface PoolDay {
  date: string;
  /** Σ (on_hand − unfulfillable) of the pool's locations; may be negative */
  sellable: number;
  onHand: number;
  available: number;
}
export interface Ledger {
  world: World;
  poolOfLocation: Map<string, string>;
  lines: PlacedLine[];
  returns: PlacedReturn[];
  /** `${sku}|${location}` → date → snapshot */
  snapshots: Map<string, Map<string, Snapshot>>;
}

export function buildLedger(world: World): Ledger {
  const poolOfLocation = new Map(world.locations.map((l) => [l.id, l.poolId]));
  const lines = world.orders.map((line): PlacedLine => {
    const locationId = locationOfLine(world, line);
    return {
      ...line,
      locationId,
      poolId: locationId === null ? null : (poolOfLocation.get(locationId) ?? locationId),
      orderDay: utcDay(line.orderedAt),
      shipDay: line.shippedAt === null ? null : utcDay(line.shippedAt),
    };
  });
  const returns = world.returns.map((ret): PlacedReturn => {
    // The Crossdock returns template has no location: the return goes back where the shipment it
    // came back from drew on (channel + order id + SKU), else nowhere.
    const shipment = lines.find((l) => l.channel === ret.channel && l.orderId === ret.orderId && l.sku === ret.sku && l.locationId !== null);
    const locationId = shipment?.locationId ?? null;
    return {
      ...ret,
      locationId,
      poolId: locationId === null ? null : (poolOfLocation.get(locationId) ?? locationId),
      day: utcDay(ret.returnedAt),
      isSellable: ret.disposition === 'sellable' && ret.isRestocked,
    };
  });
  const snapshots = new Map<string, Map<string, Snapshot>>();
  for (const s of world.snapshots) {
    const key = `${s.sku}|${s.locationId}`;
    if (!snapshots.has(key)) snapshots.set(key, new Map());
    snapshots.get(key)!.set(s.date, s);
  }
  return { world, poolOfLocation, lines, returns, snapshots };
}

/** Amazon FBA lines draw on FBA-<marketplace>; every other line on its listing's location. */
function locationOfLine(world: World, line: OrderLine): string | null {
  if (line.channel === 'amazon' && line.fulfilment === 'fba') return `FBA-${line.marketplace}`;
  const id = `${line.channel}:${line.marketplace}:${line.sku}:${line.fulfilment}`;
  return world.listings.find((l) => l.id === id)?.locationId ?? null;
}

/** The rate in force on `date`: the latest published on or before it; the base currency is 1. */
export function fxRate(world: World, currency: string, date: string): number | null {
  if (currency === world.baseCurrency) return 1;
  const rates = world.fx.filter((r) => r.currency === currency && r.date <= date).sort((a, b) => a.date.localeCompare(b.date));
  return rates.length ? rates[rates.length - 1].rate : null;
}

/** Standard cost converted at the as_of rate (docs: "Deviations", cost valuation). */
export function unitCostBase(world: World, sku: string, asOf: string): number | null {
  const master = world.skus.find((s) => s.sku === sku);
  if (!master) return null;
  const rate = fxRate(world, master.currency, asOf);
  return rate === null ? null : master.unitCost * rate;
}

/** Revenue of a line: amount × the rate of its order date. */
export function revenueBase(ledger: Ledger, line: PlacedLine): number {
  const rate = fxRate(ledger.world, line.currency, line.orderDay);
  if (rate === null) throw new Error(`oracle: no ${line.currency} rate on ${line.orderDay}`);
  return line.amount * rate;
}

export function locationsOfPool(ledger: Ledger, poolId: string): string[] {
  return ledger.world.locations.filter((l) => l.poolId === poolId).map((l) => l.id);
}

function firstSnapshotDay(ledger: Ledger, sku: string, locationId: string): string | null {
  const days = [...(ledger.snapshots.get(`${sku}|${locationId}`)?.keys() ?? [])].sort();
  return days[0] ?? null;
}

/** Every sku × pool with a snapshot, a located line or a placed return. */
export function skuPools(ledger: Ledger): { sku: string; poolId: string }[] {
  const keys = new Set<string>();
  for (const s of ledger.world.snapshots) keys.add(`${s.sku}|${ledger.poolOfLocation.get(s.locationId) ?? s.locationId}`);
  for (const l of ledger.lines) if (l.poolId) keys.add(`${l.sku}|${l.poolId}`);
  for (const r of ledger.returns) if (r.poolId) keys.add(`${r.sku}|${r.poolId}`);
  return [...keys].sort().map((k) => ({ sku: k.split('|')[0], poolId: k.split('|')[1] }));
}

/**
 * Known days of a sku × pool up to `upTo`, in date order. A location joins the pool's day from its
 * own first snapshot of the SKU; after that a missing row is a gap, and a gap at any location makes
 * the pool day unknown.
 */
export function poolDays(ledger: Ledger, sku: string, poolId: string, upTo: string): PoolDay[] {
  const locations = locationsOfPool(ledger, poolId)
    .map((id) => ({ id, first: firstSnapshotDay(ledger, sku, id), rows: ledger.snapshots.get(`${sku}|${id}`) }))
    .filter((l): l is { id: string; first: string; rows: Map<string, Snapshot> } => l.first !== null && l.rows !== undefined);
  if (!locations.length) return [];
  const first = locations.map((l) => l.first).sort()[0];
  const days: PoolDay[] = [];
  for (const date of dayRange(first, upTo)) {
    const active = locations.filter((l) => l.first <= date);
    const rows = active.map((l) => l.rows.get(date));
    if (rows.some((r) => r === undefined)) continue;
    const known = rows as Snapshot[];
    days.push({
      date,
      sellable: known.reduce((a, r) => a + r.onHand - r.unfulfillable, 0),
      onHand: known.reduce((a, r) => a + r.onHand, 0),
      available: known.reduce((a, r) => a + r.available, 0),
    });
  }
  return days;
}

export function shippedLinesOf(ledger: Ledger, sku: string, poolId: string): PlacedLine[] {
  return ledger.lines.filter((l) => l.sku === sku && l.poolId === poolId && l.status === 'shipped' && l.shipDay !== null);
}

/**
 * First day of activity of a sku × pool (interpretation of "first active" / B.1's first receipt):
 * its first snapshot or its first located order line, whichever is earlier.
 */
export function firstActiveDay(ledger: Ledger, sku: string, poolId: string): string | null {
  const days: string[] = [];
  for (const id of locationsOfPool(ledger, poolId)) {
    const first = firstSnapshotDay(ledger, sku, id);
    if (first) days.push(first);
  }
  for (const l of ledger.lines) if (l.sku === sku && l.poolId === poolId) days.push(l.shipDay && l.shipDay < l.orderDay ? l.shipDay : l.orderDay);
  return days.sort()[0] ?? null;
}

export interface Layer { date: string; units: number; isOpening: boolean }
export interface Fifo {
  /** what is left at the last known day, oldest first */
  layers: Layer[];
  /** every inferred arrival (the opening balance included), in date order */
  receipts: Layer[];
  deficit: number;
  lastKnown: PoolDay | null;
}

/**
 * FIFO layers from the snapshots (docs: aged_inventory, "Receipts are inferred"). Per location of
 * the pool: its first snapshot is an opening balance; on each later snapshot, arrivals = sellable
 * − previous sellable + units shipped from it in between (≥ 0), dated that snapshot (a receipt
 * inside a gap shows on the first snapshot after it). What left the location is consumed from the
 * pool's queue oldest first: the shipments, plus any drop the shipments do not explain (a
 * transfer out) — anchors B.6 OUTFLOW / TRANSFER.
 *
 * Interpretation: receipts are inferred per location, so a return landing at a location that has
 * its snapshot that day is dated that day even when another location of the pool has a gap.
 */
export function fifo(ledger: Ledger, sku: string, poolId: string, upTo: string): Fifo {
  interface Event { date: string; receipt: number; outflow: number; isOpening: boolean }
  const events: Event[] = [];
  for (const locationId of locationsOfPool(ledger, poolId)) {
    const rows = [...(ledger.snapshots.get(`${sku}|${locationId}`)?.values() ?? [])]
      .filter((r) => r.date <= upTo)
      .sort((a, b) => a.date.localeCompare(b.date));
    const shippedFrom = (after: string, to: string) =>
      ledger.lines
        .filter((l) => l.sku === sku && l.locationId === locationId && l.status === 'shipped' && l.shipDay !== null && l.shipDay > after && l.shipDay <= to)
        .reduce((a, l) => a + l.quantity, 0);
    rows.forEach((row, i) => {
      const sellable = row.onHand - row.unfulfillable;
      if (i === 0) {
        events.push({ date: row.date, receipt: Math.max(0, sellable), outflow: Math.max(0, -sellable), isOpening: true });
        return;
      }
      const previous = rows[i - 1].onHand - rows[i - 1].unfulfillable;
      const arrivals = Math.max(0, sellable - previous + shippedFrom(rows[i - 1].date, row.date));
      events.push({ date: row.date, receipt: arrivals, outflow: previous + arrivals - sellable, isOpening: false });
    });
  }
  const layers: Layer[] = [];
  const receipts: Layer[] = [];
  let deficit = 0;
  const receive = (date: string, units: number, isOpening: boolean) => {
    if (units <= 0) return;
    receipts.push({ date, units, isOpening });
    const offset = Math.min(units, deficit);
    deficit -= offset;
    if (units - offset > 0) layers.push({ date, units: units - offset, isOpening });
  };
  const consume = (units: number) => {
    let left = units;
    while (left > 0 && layers.length) {
      const take = Math.min(left, layers[0].units);
      layers[0].units -= take;
      left -= take;
      if (layers[0].units === 0) layers.shift();
    }
    deficit += left;
  };
  // day by day: the day's arrivals first, then what left (the order within a day does not change
  // what remains, only which deficit an arrival offsets)
  const days = [...new Set(events.map((e) => e.date))].sort();
  for (const date of days) {
    const today = events.filter((e) => e.date === date);
    for (const e of today) receive(date, e.receipt, e.isOpening);
    for (const e of today) consume(e.outflow);
  }
  const known = poolDays(ledger, sku, poolId, upTo);
  return { layers, receipts, deficit, lastKnown: known.length ? known[known.length - 1] : null };
}

export interface Period { asOf: string; windowDays: number; from: string }

export function period(asOf: string, windowDays: number): Period {
  return { asOf, windowDays, from: addDays(asOf, -(windowDays - 1)) };
}

export const inPeriod = (p: Period, day: string | null): boolean => day !== null && day >= p.from && day <= p.asOf;
