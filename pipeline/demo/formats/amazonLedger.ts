// Amazon's FBA Inventory Ledger, detailed view (GET_LEDGER_DETAIL_VIEW_DATA), as the demo seller
// downloads it for the last LEDGER_DAYS days: the SP-API header of the real sample
// (../shared/fixtures/real/amazon/airbyte_GET_LEDGER_DETAIL_VIEW_DATA.tsv), dates MM/DD/YYYY,
// quantities signed. Written from the simulation, so it rolls forward to the FBA stock the demo's
// inventory files report, day by day: customer shipments per order, customer returns per return,
// and receipts (or removals) for the rest of each day's change. On a few receipt days Amazon
// loses or damages units it received (and later finds some): the reconciliation has claims to make.
import { Calendar } from '../calendar';
import { Sku } from '../catalog';
import { Rng, UPPER_ALNUM } from '../random';


/** How many days back the demo's ledger download reaches. */
export const LEDGER_DAYS = 120;

export interface LedgerEvent {
  day: number;
  sku: Sku;
  type: 'Receipts' | 'Shipments' | 'CustomerReturns' | 'VendorReturns' | 'Adjustments';
  reference: string;
  quantity: number;
  fc: string;
  disposition: string;
  /** adjustment reason code (M lost, F found, E damaged at the fulfilment centre) */
  reason?: string;
}

export function ledgerRow(cal: Calendar, country: string, e: LedgerEvent): string {
  const iso = cal.info(e.day).iso;
  const date = `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
  const title = e.sku.title.replace(/[\t\r\n]+/g, ' ');
  return [date, e.sku.fnsku, e.sku.asin, e.sku.sku, title, e.type, e.reference, String(e.quantity), e.fc, e.disposition, e.reason ?? '', country, '', ''].join('\t') + '\n';
}

/** What happened to one FBA SKU's stock on one day besides receipts: known before its end-of-day stock. */
export interface DayMoves {
  shipments: Array<{ orderId: string; qty: number }>;
  returns: Array<{ orderId: string; qty: number; disposition: string }>;
}

/**
 * The ledger events of one SKU at one FBA location on one day, given its on-hand change. The
 * change not explained by shipments and returns is a receipt (or, negative, a removal). On a
 * receipt day Amazon sometimes loses or damages part of what it received: the receipt is then
 * larger and the loss an adjustment, so the day still adds up to the stock change. `foundOwed`
 * is what this SKU lost earlier and Amazon will find again (returned: what is still owed).
 */
export function dayEvents(day: number, sku: Sku, change: number, moves: DayMoves, fcs: readonly string[], rng: Rng, foundOwed: number): { events: LedgerEvent[]; foundOwed: number } {
  const fc = fcs[(sku.index + day) % fcs.length];
  const events: LedgerEvent[] = [];
  let residual = change;
  for (const s of moves.shipments) {
    events.push({ day, sku, type: 'Shipments', reference: s.orderId, quantity: -s.qty, fc, disposition: 'SELLABLE' });
    residual += s.qty;
  }
  for (const r of moves.returns) {
    events.push({ day, sku, type: 'CustomerReturns', reference: r.orderId, quantity: r.qty, fc, disposition: r.disposition });
    residual -= r.qty;
  }
  if (residual > 0) {
    let received = residual;
    const adjustments: LedgerEvent[] = [];
    if (foundOwed > 0 && rng.chance(0.5)) {
      // part of an earlier loss turns up in this receipt's count
      const found = Math.min(foundOwed, received);
      adjustments.push({ day, sku, type: 'Adjustments', reference: 'F' + rng.digits(10), quantity: found, fc, disposition: 'SELLABLE', reason: 'F' });
      received -= found;
      foundOwed -= found;
    }
    const roll = rng.next();
    if (roll < 0.2) {
      const lost = 1 + rng.int(0, 2);
      adjustments.push({ day, sku, type: 'Adjustments', reference: 'M' + rng.digits(10), quantity: -lost, fc, disposition: 'SELLABLE', reason: 'M' });
      received += lost;
      if (rng.chance(0.35)) foundOwed += 1;
    } else if (roll < 0.28) {
      adjustments.push({ day, sku, type: 'Adjustments', reference: 'E' + rng.digits(10), quantity: -1, fc, disposition: 'SELLABLE', reason: 'E' });
      received += 1;
    }
    if (received > 0) events.push({ day, sku, type: 'Receipts', reference: 'FBA' + rng.chars(UPPER_ALNUM, 9), quantity: received, fc, disposition: 'SELLABLE' });
    events.push(...adjustments);
  } else if (residual < 0) {
    // the seller's removal (quarterly disposal of unsellable units, a transfer out)
    events.push({ day, sku, type: 'VendorReturns', reference: 'RMV' + rng.digits(9), quantity: residual, fc, disposition: 'CUSTOMER_DAMAGED' });
  }
  return { events, foundOwed };
}
