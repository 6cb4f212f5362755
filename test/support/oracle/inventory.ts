// inventory, from docs/analytics.md "inventory" and anchors B.3: per sku × location, the latest
// known row in the window, and days of supply at the stock-out-censored rate d̂.
import { dayRange } from './dates';
import { inPeriod, Ledger, Period, unitCostBase } from './ledger';

export interface InventoryRow {
  key: string;
  sku: string;
  location_id: string;
  location_kind: string;
  pool_id: string;
  snapshot_date: string;
  is_stale: boolean;
  on_hand_units: number;
  available_units: number;
  reserved_units: number;
  inbound_units: number;
  unfulfillable_units: number;
  unit_cost_base: number | null;
  value_at_cost_base: number | null;
  units_shipped_window: number;
  in_stock_days: number;
  avg_daily_units: number | null;
  days_of_supply: number | null;
  days_of_supply_total: number | null;
  days_of_supply_sort: number;
  reason_code: string | null;
  value_reason_code: string | null;
}

export function inventoryRows(ledger: Ledger, p: Period): InventoryRow[] {
  const rows: InventoryRow[] = [];
  for (const [key, byDate] of [...ledger.snapshots.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const [sku, locationId] = key.split('|');
    const inWindow = [...byDate.values()].filter((s) => inPeriod(p, s.date)).sort((a, b) => a.date.localeCompare(b.date));
    if (!inWindow.length) continue;
    const latest = inWindow[inWindow.length - 1];
    const location = ledger.world.locations.find((l) => l.id === locationId)!;
    const cost = unitCostBase(ledger.world, sku, p.asOf);
    const shipped = ledger.lines.filter((l) => l.sku === sku && l.locationId === locationId && l.status === 'shipped' && inPeriod(p, l.shipDay));
    // B.3 d̂: units shipped on in-stock days (known, available > 0 at end of day) ÷ in-stock days
    const inStock = dayRange(p.from, p.asOf).filter((d) => (byDate.get(d)?.available ?? 0) > 0);
    const onInStock = shipped.filter((l) => inStock.includes(l.shipDay!)).reduce((a, l) => a + l.quantity, 0);
    const rate = inStock.length ? onInStock / inStock.length : null;
    const supply = (stock: number) => (stock <= 0 ? 0 : rate ? stock / rate : null);
    const firstSeen = [...byDate.keys()].sort()[0];
    const isStale = latest.date < p.asOf;
    // Interpretations (the docs list the codes without a precedence): a stale row without demand
    // says NO_DEMAND, a stale row with demand DATA_GAP (both occur in the world); NEW_SKU as
    // replenishment defines it (first seen inside the window, or < 2 in-stock days).
    const reason =
      latest.available < 0 ? 'NEGATIVE_STOCK'
      : !rate ? 'NO_DEMAND'
      : isStale ? 'DATA_GAP'
      : firstSeen >= p.from || inStock.length < 2 ? 'NEW_SKU'
      : null;
    const dos = supply(latest.available);
    rows.push({
      key,
      sku,
      location_id: locationId,
      location_kind: location.kind,
      pool_id: location.poolId,
      snapshot_date: latest.date,
      is_stale: isStale,
      on_hand_units: latest.onHand,
      available_units: latest.available,
      reserved_units: latest.reserved,
      inbound_units: latest.inbound,
      unfulfillable_units: latest.unfulfillable,
      unit_cost_base: cost,
      value_at_cost_base: cost === null ? null : latest.onHand * cost,
      units_shipped_window: shipped.reduce((a, l) => a + l.quantity, 0),
      in_stock_days: inStock.length,
      avg_daily_units: rate,
      days_of_supply: dos,
      days_of_supply_total: supply(latest.available + latest.inbound),
      days_of_supply_sort: dos ?? 9999,
      reason_code: reason,
      value_reason_code: cost === null ? 'NO_COST' : null,
    });
  }
  return rows;
}
