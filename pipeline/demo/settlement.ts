// The DemoSink that writes the demo seller's Amazon settlement reports (formats/amazonSettlement.ts)
// for the settlements that closed in the last RECENT_REPORT_DAYS days, one file per
// marketplace and settlement: shipped orders settle their price and fees, refunds their refund,
// and each month's FBA storage is charged in the settlement after the month ends. The settlement
// still open on the last day is not written (Amazon issues the report when a settlement closes).
import { Calendar } from './calendar';
import { LocationId, Sku } from './catalog';
import { amountRow, orderAmounts, refundAmounts, SETTLEMENT_DAYS, SETTLEMENT_REPORT_COLUMNS, SettlementAmount, STORAGE_RATE, summaryRow } from './formats/amazonSettlement';
import { DemoOrder, DemoReturn, RECENT_REPORT_DAYS } from './model';
import { DemoSink } from './simulate';
import { Stock } from './stock';
import { FileSet } from './writer';


const FBA_MARKETPLACE: Partial<Record<LocationId, string>> = { 'FBA-US': 'US', 'FBA-DE': 'DE' };
const CURRENCY: Record<string, string> = { US: 'USD', DE: 'EUR' };

export class AmazonSettlementWriter implements DemoSink {
  private readonly firstDay: number;
  private readonly totals = new Map<string, number>();
  /** cubic-foot-days of FBA stock in the month so far, per marketplace */
  private readonly storage = new Map<string, number>();

  constructor(
    private readonly files: FileSet,
    private readonly cal: Calendar,
    private readonly lastDay: number,
  ) {
    // the last settlement closes on lastDay at the latest
    this.firstDay = lastDay + 1 - RECENT_REPORT_DAYS;
  }

  /** Whether amounts posted on `day` are in a settlement written (not before the first, nor in the open one). */
  private settles(day: number): boolean {
    return day >= this.firstDay && day <= this.lastDay;
  }

  /** Writes amounts posted on `day` into its settlement. */
  private post(marketplace: string, day: number, amounts: SettlementAmount[]): void {
    if (!this.settles(day) || !amounts.length) return;
    const index = Math.floor((day - this.firstDay) / SETTLEMENT_DAYS);
    const startDay = this.firstDay + index * SETTLEMENT_DAYS;
    const settlementId = String(10_000_000_000 + (marketplace === 'US' ? 0 : 5_000_000) + startDay);
    const stream = `settlement:${marketplace}`;
    const f = this.files.get(stream, settlementId, () => {
      this.totals.set(settlementId, 0);
      return {
        relPath: `amazon/${marketplace}/settlement-${this.cal.info(startDay).iso}.tsv`,
        header: SETTLEMENT_REPORT_COLUMNS.join('\t') + '\n',
        lead: () => summaryRow(this.cal, marketplace, settlementId, startDay * 86400, (startDay + SETTLEMENT_DAYS) * 86400, this.totals.get(settlementId) ?? 0, CURRENCY[marketplace]),
      };
    });
    for (const a of amounts) {
      f.write(amountRow(this.cal, marketplace, settlementId, a));
      this.totals.set(settlementId, (this.totals.get(settlementId) ?? 0) + Math.round(a.amount * 100) / 100);
    }
    f.rows += amounts.length;
  }

  order(o: DemoOrder): void {
    if (!o.stream.startsWith('amazon:') || o.status !== 'shipped' || !this.settles(o.day)) return;
    // posted in the settlement of the order day: orders reach the sink in day order
    this.post(o.lines[0].listing.marketplace, o.day, orderAmounts(o));
  }

  orderReturn(r: DemoReturn): void {
    if (r.line.listing.channel !== 'amazon' || !this.settles(r.day)) return;
    this.post(r.line.listing.marketplace, r.day, refundAmounts(r));
  }

  stock(day: number, sku: Sku, location: LocationId, s: Stock): void {
    const marketplace = FBA_MARKETPLACE[location];
    // (storage is charged from the month before the first settlement on)
    if (marketplace && day >= this.firstDay - 31) this.storage.set(marketplace, (this.storage.get(marketplace) ?? 0) + sku.volume * (s.available + s.reserved + s.unfulfillable));
  }

  endOfDay(day: number): void {
    if (!this.settles(day)) return;
    const today = this.cal.info(day);
    if (this.cal.info(day + 1).month === today.month) return;
    // the month's storage: its average cubic feet × the month's rate, charged on its last day
    for (const [marketplace, cubicFootDays] of this.storage) {
      const rate = today.month >= 10 ? STORAGE_RATE.peak : STORAGE_RATE.offPeak;
      const amount = -Math.round((cubicFootDays / today.dayOfMonth) * rate * 100) / 100;
      this.post(marketplace, day, [{ transactionType: 'other-transaction', amountType: 'other-transaction', description: 'Storage Fee', amount, postedTs: day * 86400 + 23 * 3600 }]);
    }
    this.storage.clear();
  }
}
