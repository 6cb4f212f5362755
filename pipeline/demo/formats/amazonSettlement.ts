// Amazon's settlement report, flat file V2 (GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2), the way
// the demo seller's account settles every 14 days: the summary line first (its dates and total),
// then one line per amount. amazon.de writes dates `03.12.2024 10:20:00 UTC` and decimal commas.
// Fee rates are round figures of Amazon's published schedules: a 15 % referral fee on the item
// price after promotions, FBA fulfilment by unit size, 20 % of the referral fee (at most 5.00)
// kept on a refund, monthly storage by cubic foot (higher October–December).
import { SETTLEMENT_REPORT_COLUMNS } from '../../channels/amazon/files/settlement';
import { Calendar, clock, splitInstant } from '../calendar';
import { Sku } from '../catalog';
import { DemoOrder, DemoReturn } from '../model';
import { money } from './text';
import { lineMoney, SALES_CHANNEL } from './amazon';

export { SETTLEMENT_REPORT_COLUMNS };

export const SETTLEMENT_DAYS = 14;
export const REFERRAL_RATE = 0.15;
/** Monthly storage per cubic foot: January–September, October–December. */
export const STORAGE_RATE = { offPeak: 0.78, peak: 2.4 };

/** FBA fulfilment fee per unit: by the unit's volume (cubic feet), like Amazon's size tiers. */
export function fbaFeePerUnit(sku: Sku): number {
  const v = sku.volume;
  return v < 0.05 ? 3.22 : v < 0.2 ? 3.86 : v < 0.6 ? 4.75 : v < 1.5 ? 6.1 : 9.73;
}

/** One amount line: what the columns say besides the settlement id. */
export interface SettlementAmount {
  transactionType: 'Order' | 'Refund' | 'other-transaction';
  orderId?: string;
  orderItemCode?: string;
  sku?: string;
  quantity?: number;
  fulfillment?: 'AFN' | 'MFN';
  amountType: string;
  description: string;
  amount: number;
  postedTs: number;
}

interface SettlementFormat {
  date: (ts: number) => string;
  dateTime: (ts: number) => string;
  amount: (x: number) => string;
}

const formats = new WeakMap<Calendar, Map<string, SettlementFormat>>();

/** Dates and amounts as the marketplace writes them (made once per calendar and marketplace). */
export function settlementFormat(cal: Calendar, marketplace: string): SettlementFormat {
  let byMarketplace = formats.get(cal);
  if (!byMarketplace) formats.set(cal, (byMarketplace = new Map()));
  let format = byMarketplace.get(marketplace);
  if (!format) byMarketplace.set(marketplace, (format = makeFormat(cal, marketplace)));
  return format;
}

function makeFormat(cal: Calendar, marketplace: string): SettlementFormat {
  const eu = marketplace !== 'US';
  // The amounts of one order share their time: the last one is kept.
  let lastTs = NaN;
  let last = { date: '', time: '' };
  const parts = (ts: number) => {
    if (ts === lastTs) return last;
    const { day, second } = splitInstant(ts);
    const iso = cal.info(day).iso;
    lastTs = ts;
    last = { date: eu ? `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}` : iso, time: clock(second) };
    return last;
  };
  return {
    date: (ts) => parts(ts).date,
    dateTime: (ts) => {
      const p = parts(ts);
      return `${p.date} ${p.time} UTC`;
    },
    amount: (x) => (eu ? money(x).replace('.', ',') : money(x)),
  };
}

/** One amount line, in SETTLEMENT_REPORT_COLUMNS' order (the summary's six columns empty). */
export function amountRow(cal: Calendar, marketplace: string, settlementId: string, a: SettlementAmount): string {
  const f = settlementFormat(cal, marketplace);
  return [
    settlementId, '', '', '', '', '',
    a.transactionType,
    a.orderId ?? '',
    a.fulfillment === 'MFN' ? (a.orderId ?? '') : '',
    '', '',
    a.orderId ? SALES_CHANNEL[marketplace] : '',
    a.amountType,
    a.description,
    f.amount(a.amount),
    a.fulfillment ?? '',
    f.date(a.postedTs),
    f.dateTime(a.postedTs),
    a.orderItemCode ?? '',
    '', '',
    a.sku ?? '',
    a.quantity === undefined ? '' : String(a.quantity),
    '',
  ].join('\t') + '\n';
}

/** The summary line (the report's first data line). */
export function summaryRow(cal: Calendar, marketplace: string, settlementId: string, startTs: number, endTs: number, total: number, currency: string): string {
  const f = settlementFormat(cal, marketplace);
  const cells: Partial<Record<(typeof SETTLEMENT_REPORT_COLUMNS)[number], string>> = {
    'settlement-id': settlementId,
    'settlement-start-date': f.dateTime(startTs),
    'settlement-end-date': f.dateTime(endTs),
    'deposit-date': f.dateTime(endTs + 2 * 86400),
    'total-amount': f.amount(total),
    currency,
  };
  return SETTLEMENT_REPORT_COLUMNS.map((c) => cells[c] ?? '').join('\t') + '\n';
}

/** The amounts a shipped order settles: price, tax, shipping, promotion and Amazon's fees per item. */
export function orderAmounts(o: DemoOrder): SettlementAmount[] {
  const out: SettlementAmount[] = [];
  const eu = o.currency !== 'USD';
  const postedTs = o.shipTs ?? o.ts;
  o.lines.forEach((line, i) => {
    const fba = line.listing.fulfilment === 'fba';
    const base = {
      transactionType: 'Order' as const,
      orderId: o.orderId,
      orderItemCode: o.orderId.replace(/-/g, '').slice(-12) + String(i + 1).padStart(2, '0'),
      sku: line.listing.sku.sku,
      quantity: line.qty,
      fulfillment: fba ? ('AFN' as const) : ('MFN' as const),
      postedTs,
    };
    const { gross, discount, tax, shipping } = lineMoney(o, i);
    out.push({ ...base, amountType: 'ItemPrice', description: 'Principal', amount: gross });
    if (!eu) out.push({ ...base, amountType: 'ItemPrice', description: 'Tax', amount: tax });
    if (shipping > 0) out.push({ ...base, amountType: 'ItemPrice', description: 'Shipping', amount: shipping });
    if (discount > 0) out.push({ ...base, amountType: 'Promotion', description: 'Principal', amount: -discount });
    if (fba) out.push({ ...base, amountType: 'ItemFees', description: 'FBAPerUnitFulfillmentFee', amount: -fbaFeePerUnit(line.listing.sku) * line.qty });
    out.push({ ...base, amountType: 'ItemFees', description: 'Commission', amount: -REFERRAL_RATE * (gross - discount + shipping) });
    if (fba && shipping > 0) out.push({ ...base, amountType: 'ItemFees', description: 'ShippingChargeback', amount: -shipping });
  });
  return out;
}

/** A refund: the price back to the buyer, the referral fee back to the seller but for Amazon's share. */
export function refundAmounts(r: DemoReturn): SettlementAmount[] {
  const line = r.line;
  const refund = line.unitPrice * r.qty * (1 - r.order.discountRate);
  const commission = REFERRAL_RATE * refund;
  const base = {
    transactionType: 'Refund' as const,
    orderId: r.order.orderId,
    sku: line.listing.sku.sku,
    quantity: r.qty,
    fulfillment: line.listing.fulfilment === 'fba' ? ('AFN' as const) : ('MFN' as const),
    postedTs: r.ts,
  };
  return [
    { ...base, amountType: 'ItemPrice', description: 'Principal', amount: -refund },
    { ...base, amountType: 'ItemFees', description: 'Commission', amount: commission },
    { ...base, amountType: 'ItemFees', description: 'RefundCommission', amount: -Math.min(5, 0.2 * commission) },
  ];
}
