// The DemoSink that writes the demo seller's FBA Inventory Ledger (formats/amazonLedger.ts) for
// the last LEDGER_DAYS days, one file per FBA marketplace. It watches the simulation: the FBA
// order lines that ship on a day and the returns Amazon takes back into stock are that day's
// events, and the rest of the day's on-hand change is a receipt or a removal, so the ledger rolls
// forward exactly to the FBA stock of the demo's inventory files.
import { Calendar } from './calendar';
import { LocationId, Sku } from './catalog';
import { LEDGER_DETAIL_COLUMNS } from '../channels/amazon/files/inventoryLedger';
import { dayEvents, DayMoves, LEDGER_DAYS, ledgerRow } from './formats/amazonLedger';
import { FULFILLMENT_CENTERS } from './formats/amazon';
import { DemoOrder, DemoReturn } from './model';
import { Rng } from './random';
import { DemoSink } from './simulate';
import { Stock } from './stock';
import { FileSet } from './writer';

/** The FBA locations and the country their ledger names. */
const FBA_COUNTRY: Partial<Record<LocationId, string>> = { 'FBA-US': 'US', 'FBA-DE': 'DE' };

/** Returns Amazon's FBA keeps in the seller's stock (it owns the ones damaged in its care or in transit). */
const KEPT_RETURNS = new Set(['SELLABLE', 'DEFECTIVE', 'CUSTOMER_DAMAGED', 'EXPIRED']);

export class FbaLedgerWriter implements DemoSink {
  private readonly firstDay: number;
  private readonly moves = new Map<string, DayMoves>();
  private readonly onHand = new Map<string, number>();
  /** units of an earlier loss that Amazon will find again, per SKU × location */
  private readonly owed = new Map<string, number>();

  constructor(
    private readonly files: FileSet,
    private readonly cal: Calendar,
    lastDay: number,
    private readonly rng: Rng,
  ) {
    this.firstDay = lastDay - LEDGER_DAYS + 1;
  }

  private movesOf(day: number, sku: Sku, location: LocationId): DayMoves {
    const key = `${day}|${sku.index}|${location}`;
    let m = this.moves.get(key);
    if (!m) this.moves.set(key, (m = { shipments: [], returns: [] }));
    return m;
  }

  order(o: DemoOrder): void {
    if (o.shipTs === null) return;
    const shipDay = Math.floor(o.shipTs / 86400);
    if (shipDay < this.firstDay) return;
    for (const line of o.lines) {
      if (FBA_COUNTRY[line.listing.location]) this.movesOf(shipDay, line.listing.sku, line.listing.location).shipments.push({ orderId: o.orderId, qty: line.qty });
    }
  }

  orderReturn(r: DemoReturn): void {
    const location = r.line.listing.location;
    if (r.day < this.firstDay || !FBA_COUNTRY[location] || !KEPT_RETURNS.has(r.disposition)) return;
    this.movesOf(r.day, r.line.listing.sku, location).returns.push({ orderId: r.order.orderId, qty: r.qty, disposition: r.disposition });
  }

  stock(day: number, sku: Sku, location: LocationId, s: Stock): void {
    const country = FBA_COUNTRY[location];
    if (!country) return;
    const key = `${sku.index}|${location}`;
    const before = this.onHand.get(key) ?? 0;
    const now = s.onHand();
    this.onHand.set(key, now);
    if (day < this.firstDay) return;
    const dayKey = `${day}|${sku.index}|${location}`;
    const moves = this.moves.get(dayKey) ?? { shipments: [], returns: [] };
    this.moves.delete(dayKey);
    if (now === before && !moves.shipments.length && !moves.returns.length) return;
    const { events, foundOwed } = dayEvents(day, sku, now - before, moves, FULFILLMENT_CENTERS[country], this.rng, this.owed.get(key) ?? 0);
    this.owed.set(key, foundOwed);
    const f = this.files.get(`ledger:${country}`, 'once', () => ({ relPath: `amazon/${country}/inventory-ledger.tsv`, header: LEDGER_DETAIL_COLUMNS.join('\t') + '\n' }));
    for (const e of events) f.write(ledgerRow(this.cal, country, e));
    f.rows += events.length;
  }

  endOfDay(): void {}
}
