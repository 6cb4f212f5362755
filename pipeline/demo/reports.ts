// The DemoSink that spells the simulation out as the files a seller would download: Amazon, eBay
// and Shopify reports in their native formats, Crossdock templates for the rest. Orders and
// inventory are split per month; snapshots (FBA inventory, Shopify inventory, listings) are
// written once at the end from the last day's stock. Amazon files sit in one folder per
// marketplace (amazon/US, amazon/DE) because the MYI, returns and listings reports do not say
// which marketplace they are from.
import { Calendar } from './calendar';
import { Catalog, Listing, LocationId, LOCATIONS, Sku } from './catalog';
import * as amazon from './formats/amazon';
import * as crossdock from './formats/crossdock';
import * as ebay from './formats/ebay';
import { SANDBOX_ORDER_CHANNELS, sandboxOrderLine, sandboxOrdersFile } from './formats/sandbox';
import * as shopify from './formats/shopify';
import { DemoOrder, DemoReturn, RECENT_REPORT_DAYS } from './model';
import { Rng, UPPER_ALNUM } from './random';
import { templateDisposition, REASONS } from './returnProfiles';
import { DemoSink } from './simulate';
import { Stock } from './stock';
import { FileSet, FileSpec } from './writer';

interface EndPosition {
  available: number;
  reserved: number;
  unfulfillable: number;
  inboundSoon: number;
  inboundLater: number;
}

const inventorySpec = (month: string): FileSpec => ({ relPath: `crossdock/inventory/inventory-${month}.csv`, header: crossdock.INVENTORY_HEADER + '\n' });

export class ReportWriter implements DemoSink {
  private readonly end = new Map<string, EndPosition>();
  private ebayRecord = 1000;
  private monthIndex = 0;
  private lastMonth = '';

  constructor(
    private readonly files: FileSet,
    private readonly cal: Calendar,
    private readonly firstDay: number,
    private readonly lastDay: number,
    private readonly rng: Rng,
  ) {}

  /** Whether `day` is one of the recent days whose re-downloaded reports the seller kept. */
  private isRecent(day: number): boolean {
    return day > this.lastDay - RECENT_REPORT_DAYS;
  }

  order(o: DemoOrder): void {
    const channel = o.lines[0].listing.channel;
    if (SANDBOX_ORDER_CHANNELS.has(channel)) {
      // No report file: the channel's sandbox seed, read through its API (formats/sandbox.ts).
      const f = this.files.get(`sandbox:${channel}`, 'once', () => ({ relPath: sandboxOrdersFile(channel), header: '' }));
      f.write(sandboxOrderLine(o));
      f.rows += o.lines.length;
      return;
    }
    const month = this.cal.info(o.day).monthKey;
    if (o.stream.startsWith('amazon:')) {
      const mkt = o.stream.slice(7);
      const f = this.files.get(o.stream, month, (m) => ({ relPath: `amazon/${mkt}/all-orders-${m}.tsv`, header: amazon.tsvHeader(amazon.ALL_ORDERS_COLUMNS) }));
      f.write(amazon.allOrdersRows(this.cal, o));
      f.rows += o.lines.length;
      // A merchant-fulfilled order is in the day's order report once paid (never a cancelled
      // one), kept for the recent days (RECENT_REPORT_DAYS).
      if (o.lines[0].listing.fulfilment === 'merchant' && o.status !== 'pending' && o.status !== 'cancelled' && this.isRecent(o.day)) {
        const m = this.files.get(`amazon-merchant:${mkt}`, month, (key) => ({ relPath: `amazon/${mkt}/merchant-orders-${key}.tsv`, header: amazon.tsvHeader([...amazon.MERCHANT_ORDER_REPORT_COLUMNS]) }));
        m.write(amazon.merchantOrderRows(this.cal, o));
        m.rows += o.lines.length;
      }
    } else if (o.stream.startsWith('ebay:')) {
      // One Seller Hub report per month holds the orders of every eBay site.
      const f = this.files.get('ebay', month, (m) => ({ relPath: `ebay/orders-report-${m}.csv`, header: ebay.preamble(this.monthIndex) + ebay.ORDERS_REPORT_HEADER + '\r\n', footer: (file) => ebay.footer(file.rows) }));
      const tracking = o.currency === 'USD' ? '9400' + this.rng.digits(18) : 'JD' + this.rng.digits(16) + 'GB';
      f.write(ebay.orderRows(this.cal, o, this.ebayRecord++, tracking));
      f.rows += 1;
      // The seller's Payments transaction reports of the recent days.
      if (o.status !== 'cancelled' && o.status !== 'pending' && this.isRecent(o.day)) {
        const t = this.files.get('ebay-transactions', month, (m) => {
          // the month, from the quarter's first day, to the month's end or the last day
          const monthStart = o.day - this.cal.info(o.day).dayOfMonth + 1;
          let monthEnd = o.day;
          while (monthEnd < this.lastDay && this.cal.info(monthEnd + 1).month === this.cal.info(o.day).month) monthEnd++;
          const first = Math.max(this.lastDay - RECENT_REPORT_DAYS + 1, monthStart);
          return { relPath: `ebay/transaction-report-${m}.csv`, header: ebay.transactionReportHead(this.cal, first, monthEnd) };
        });
        t.write(ebay.transactionRows(this.cal, o));
        t.rows += o.lines.length;
      }
    } else {
      const f = this.files.get('shopify', month, (m) => ({ relPath: `shopify/orders-export-${m}.csv`, header: shopify.ORDERS_EXPORT_HEADER + '\n' }));
      const extras = {
        refunded: o.refunded,
        numericId: '6' + String((o.serial * 7919 + 4242) % 1e12).padStart(12, '0'),
        paymentRef: 'r' + this.rng.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 24),
        riskLevel: this.rng.chance(0.03) ? 'Medium' : 'Low',
        paymentMethod: this.rng.chance(0.78) ? 'Shopify Payments' : 'PayPal Express Checkout',
      };
      f.write(shopify.orderRows(this.cal, o, extras));
      f.rows += o.lines.length;
      // The seller's payments exports of the recent days.
      if (extras.paymentMethod === 'Shopify Payments' && o.status !== 'pending' && this.isRecent(o.day)) {
        const p = this.files.get('shopify-payments', month, (m) => ({ relPath: `shopify/payments-transactions-${m}.csv`, header: shopify.PAYMENTS_TRANSACTIONS_HEADER + '\n' }));
        p.write(shopify.paymentsChargeRow(this.cal, o));
        p.rows++;
      }
    }
  }

  orderReturn(r: DemoReturn): void {
    const month = this.cal.info(r.day).monthKey;
    const l = r.line.listing;
    if (SANDBOX_ORDER_CHANNELS.has(l.channel)) return; // written with its order, in the sandbox seed
    if (l.channel === 'amazon') {
      const f = this.files.get(`fba-returns:${l.marketplace}`, month, (m) => ({ relPath: `amazon/${l.marketplace}/fba-returns-${m}.tsv`, header: amazon.tsvHeader(amazon.FBA_RETURNS_COLUMNS) }));
      f.write(amazon.fbaReturnRow(this.cal, r, this.rng.pick(amazon.FULFILLMENT_CENTERS[l.marketplace]), 'LPN' + this.rng.chars(UPPER_ALNUM, 10)));
      f.rows++;
      return;
    }
    const f = this.files.get('returns', month, (m) => ({ relPath: `crossdock/returns/returns-${m}.csv`, header: crossdock.RETURNS_HEADER + '\n' }));
    const reason = l.channel === 'ebay' ? REASONS[r.reason].ebay : REASONS[r.reason].shopify;
    // Amazon's warehouse-damage code has no meaning off Amazon: the item arrived damaged.
    const disposition = r.disposition === 'DAMAGED' ? 'carrier_damaged' : templateDisposition(r.disposition);
    let comment = r.comment;
    if (comment && this.rng.chance(0.05)) comment = `${comment}.\nSent photos by message.`;
    f.write(
      crossdock.returnRow({
        channel: l.channel,
        marketplace: l.marketplace,
        returnId: r.returnId,
        orderId: r.order.orderId,
        sku: l.sku.sku,
        quantity: r.qty,
        returnedAt: new Date(r.ts * 1000).toISOString().replace('.000Z', 'Z'),
        reason,
        disposition,
        restocked: r.disposition === 'SELLABLE',
        comment,
        refund: Math.round(r.line.unitPrice * r.qty * 100) / 100,
        currency: r.order.currency,
      }),
    );
    f.rows++;
  }

  stock(day: number, sku: Sku, location: LocationId, s: Stock): void {
    const info = this.cal.info(day);
    const f = this.files.get('inventory', info.monthKey, inventorySpec);
    const inbound = s.inboundUnits();
    f.write(`${info.iso},${location},${sku.sku},${s.onHand()},${s.available},${s.reserved},${inbound},${s.unfulfillable}\n`);
    f.rows++;
    if (day === this.lastDay) {
      let soon = 0;
      for (const i of s.inbound) if (i.day - day <= 3) soon += i.qty;
      this.end.set(`${sku.sku}|${location}`, { available: s.available, reserved: s.reserved, unfulfillable: s.unfulfillable, inboundSoon: soon, inboundLater: inbound - soon });
    }
  }

  endOfDay(day: number): void {
    const month = this.cal.info(day).monthKey;
    if (month !== this.lastMonth) {
      this.lastMonth = month;
      this.monthIndex++;
    }
  }

  /** Snapshots and master data, from the last simulated day. Returns the snapshot files. */
  writeSnapshots(catalog: Catalog): string[] {
    const snapshotFiles: string[] = [];
    const pos = (l: Listing): EndPosition | undefined => this.end.get(`${l.sku.sku}|${l.location}`);

    for (const mkt of ['US', 'DE']) {
      const loc: LocationId = mkt === 'US' ? 'FBA-US' : 'FBA-DE';
      const rel = `amazon/${mkt}/fba-inventory.tsv`;
      const f = this.files.get('myi', rel, () => ({ relPath: rel, header: amazon.tsvHeader(amazon.FBA_MYI_COLUMNS) }));
      for (const l of catalog.listings) {
        if (l.channel !== 'amazon' || l.location !== loc) continue;
        const p = pos(l);
        if (!p) continue; // launched after the window
        f.write(amazon.myiRow(l, { fulfillable: p.available, reserved: p.reserved, unsellable: p.unfulfillable, inboundShipped: p.inboundLater, inboundReceiving: p.inboundSoon }));
        f.rows++;
      }
      this.files.closeStream('myi');
      snapshotFiles.push(rel);
    }

    const shopRel = 'shopify/inventory-export.csv';
    const shop = this.files.get('shopify-inventory', shopRel, () => ({ relPath: shopRel, header: shopify.INVENTORY_EXPORT_HEADER + '\n' }));
    for (const l of catalog.listings) {
      if (l.channel !== 'shopify') continue;
      const p = pos(l);
      if (!p) continue;
      shop.write(shopify.inventoryRow({ sku: l.sku, incoming: p.inboundSoon + p.inboundLater, unavailable: p.unfulfillable, committed: p.reserved, available: p.available }));
      shop.rows++;
    }
    this.files.closeStream('shopify-inventory');
    snapshotFiles.push(shopRel);

    // What each channel shows now: in sync with the feeding location, except a few listings
    // whose last push failed or was never made (the write-back has something to fix).
    const channelQty = new Map<Listing, number | null>();
    for (const l of catalog.listings) {
      const p = pos(l);
      let q: number | null = p ? p.available : 0;
      if (l.fulfilment === 'merchant' && this.rng.chance(0.04)) q = Math.max(0, (q ?? 0) + this.rng.int(-5, 25));
      channelQty.set(l, q);
    }

    for (const mkt of ['US', 'DE']) {
      const rel = `amazon/${mkt}/all-listings.tsv`;
      const f = this.files.get('all-listings', rel, () => ({ relPath: rel, header: amazon.tsvHeader(amazon.ALL_LISTINGS_COLUMNS) }));
      for (const l of catalog.listings) {
        if (l.channel !== 'amazon' || l.marketplace !== mkt || l.fulfilment !== 'merchant') continue;
        const opened = this.cal.info(this.firstDay + l.sku.launchOffset - 3);
        const zone = opened.month >= 4 && opened.month <= 10 ? 'PDT' : 'PST';
        f.write(amazon.allListingsRow(l, channelQty.get(l) ?? 0, `${opened.iso} 09:${String(10 + (l.sku.index % 50)).padStart(2, '0')}:00 ${zone}`));
        f.rows++;
      }
      this.files.closeStream('all-listings');
    }

    const lf = this.files.get('listings', 'once', () => ({ relPath: 'crossdock/listings.csv', header: crossdock.LISTINGS_HEADER + '\n' }));
    for (const l of catalog.listings) {
      lf.write(crossdock.listingRow(l, channelQty.get(l) ?? null));
      lf.rows++;
    }
    this.files.closeStream('listings');
    return snapshotFiles;
  }
}

export function writeMasterData(files: FileSet, catalog: Catalog): void {
  const loc = files.get('locations', 'once', () => ({ relPath: 'crossdock/locations.csv', header: crossdock.LOCATIONS_HEADER + '\n' }));
  for (const l of LOCATIONS) loc.write(crossdock.locationRow(l));
  files.closeStream('locations');
  const skus = files.get('skus', 'once', () => ({ relPath: 'crossdock/skus.csv', header: crossdock.SKUS_HEADER + '\n' }));
  for (const s of catalog.skus) skus.write(crossdock.skuRow(s));
  skus.rows = catalog.skus.length;
  files.closeStream('skus');
}

/** Daily reference rates to USD: a gentle random walk around late-2024 levels. */
export function writeFxRates(files: FileSet, cal: Calendar, firstDay: number, lastDay: number, rng: Rng): void {
  const f = files.get('fx', 'once', () => ({ relPath: 'crossdock/fx-rates.csv', header: crossdock.FX_HEADER + '\n' }));
  const rates: Record<string, [number, number, number]> = { EUR: [1.055, 1.0, 1.2], GBP: [1.268, 1.18, 1.4], CNY: [0.1382, 0.13, 0.147] };
  for (let day = firstDay; day <= lastDay; day++) {
    const iso = cal.info(day).iso;
    for (const cur of ['EUR', 'GBP', 'CNY']) {
      const r = rates[cur];
      r[0] = Math.min(r[2], Math.max(r[1], r[0] * (1 + rng.normal(0.00008, 0.0032))));
      f.write(crossdock.fxRow(iso, cur, r[0]));
      f.rows++;
    }
  }
  // The currencies of the Mercado Libre (MXN) and Shopee (SGD) listings, from a fork taken after
  // the walk above so that its rates stay as they were.
  const newMarkets = rng.fork(17);
  const more: Record<string, [number, number, number]> = { MXN: [0.0541, 0.048, 0.06], SGD: [0.7435, 0.71, 0.78] };
  for (let day = firstDay; day <= lastDay; day++) {
    const iso = cal.info(day).iso;
    for (const [cur, r] of Object.entries(more)) {
      r[0] = Math.min(r[2], Math.max(r[1], r[0] * (1 + newMarkets.normal(0.00005, 0.003))));
      f.write(crossdock.fxRow(iso, cur, r[0]));
      f.rows++;
    }
  }
  files.closeStream('fx');
}
