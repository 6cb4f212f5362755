// The day-by-day simulation of the demo seller. Each day: inbound stock arrives, customers order
// on every listing (seasonal Poisson demand, capped by what the feeding location has), orders are
// grouped, timed, cancelled or shipped, returns come back, the planner reorders, and the
// end-of-day stock of every SKU × location is reported. Everything the report writers need flows
// out through a DemoSink, in a fixed order, so the same seed always writes the same bytes.
import { Calendar, retailEvents, RetailEvents } from './calendar';
import { Catalog, Listing, LocationId, LOCATIONS, Sku } from './catalog';
import { DemoOrder, DemoOrderLine, DemoReturn } from './model';
import { CustomerPool } from './people';
import { Rng } from './random';
import { CHANNEL_RETURN_FACTOR, drawReturn, returnProbability } from './returnProfiles';
import { Seasonality } from './seasonality';
import { LOC_INDEX, NLOC, Planner } from './planner';
import { Stock } from './stock';

export interface DemoSink {
  order(o: DemoOrder): void;
  orderReturn(r: DemoReturn): void;
  /** end-of-day stock of one SKU at one location */
  stock(day: number, sku: Sku, location: LocationId, s: Stock): void;
  endOfDay(day: number): void;
}

/** One sink that hands every event to each of `sinks`, in order. */
export function fanOut(...sinks: DemoSink[]): DemoSink {
  return {
    order: (o) => sinks.forEach((s) => s.order(o)),
    orderReturn: (r) => sinks.forEach((s) => s.orderReturn(r)),
    stock: (day, sku, location, st) => sinks.forEach((s) => s.stock(day, sku, location, st)),
    endOfDay: (day) => sinks.forEach((s) => s.endOfDay(day)),
  };
}

export interface OversellEpisode {
  sku: string;
  location: LocationId;
  channel: string;
  marketplace: string;
  /** first and last day (YYYY-MM-DD) an order was accepted with nothing available */
  firstDay: string;
  lastDay: string;
  orderLines: number;
  units: number;
  /** day the stock arrived and the backorders shipped */
  restockDay: string;
}

export interface SimStats {
  orderLines: number;
  orders: number;
  units: number;
  cancelledLines: number;
  returnLines: number;
  linesByStream: Record<string, number>;
  /** units each stream took from each location's stock, net of cancellations (put back on the shelf) */
  unitsDrawn: Record<string, Partial<Record<LocationId, number>>>;
  stockoutDays: number;
  /** runs of days with nothing available at a location feeding an active listing */
  stockoutEvents: number;
  deadSkus: string[];
  slowSkus: string[];
  badListingSkus: string[];
  heldInbound: Array<{ sku: string; location: LocationId; from: string; until: string }>;
  /** FBA replenishments delivered to the US 3PL by mistake: FBA runs low while the 3PL overflows */
  misrouted: Array<{ sku: string; day: string; units: number }>;
  oversell: OversellEpisode | null;
}

export interface SimOptions {
  catalog: Catalog;
  cal: Calendar;
  firstDay: number;
  lastDay: number;
  rng: Rng;
  sink: DemoSink;
  /** called once per simulated day, to report progress or yield to the event loop */
  onDay?: (dayIndex: number, days: number) => void | Promise<void>;
}

const LOC_IDS = LOCATIONS.map((l) => l.id);

/** Local-time shopping hours (0–23), evening-heavy. */
const HOUR_WEIGHTS = [1.2, 0.7, 0.4, 0.3, 0.3, 0.5, 1.0, 1.8, 2.6, 3.2, 3.6, 3.8, 4.0, 3.9, 3.8, 3.8, 3.9, 4.1, 4.6, 5.2, 5.6, 5.3, 4.2, 2.4];
const HOUR_TOTAL = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);
const UTC_OFFSET: Record<string, number> = { US: -5, DE: 1, AT: 1, FR: 1, NL: 1, GB: 0, MX: -6, SG: 8 };
// MX: IVA 16 %; SG: GST 9 % (both included in consumer prices)
const TAX: Record<string, number> = { US: 0.07, DE: 0.19, AT: 0.2, FR: 0.2, NL: 0.21, GB: 0.2, MX: 0.16, SG: 0.09 };

interface StreamDef {
  key: string;
  channel: 'amazon' | 'ebay' | 'shopify' | 'mercadolibre' | 'shopee';
  marketplace: string;
  /**
   * A market added after the original demo (Mercado Libre, Shopee): its demand, orders and
   * customers are drawn from random streams of their own, so the other channels' numbers move
   * only through the stock they share (OWN-CN).
   */
  newMarket?: boolean;
  /** share of orders that carry more than one line */
  multiLine: number;
  cancelRate: Record<'fba' | 'merchant', number>;
  countries: Array<[string, number]>;
}

const STREAMS: Record<string, StreamDef> = {
  'amazon:US': { key: 'amazon:US', channel: 'amazon', marketplace: 'US', multiLine: 0.08, cancelRate: { fba: 0.012, merchant: 0.018 }, countries: [['US', 1]] },
  'amazon:DE': { key: 'amazon:DE', channel: 'amazon', marketplace: 'DE', multiLine: 0.07, cancelRate: { fba: 0.01, merchant: 0.015 }, countries: [['DE', 0.82], ['AT', 0.1], ['FR', 0.04], ['NL', 0.04]] },
  'ebay:US': { key: 'ebay:US', channel: 'ebay', marketplace: 'US', multiLine: 0.06, cancelRate: { fba: 0, merchant: 0 }, countries: [['US', 1]] },
  'ebay:DE': { key: 'ebay:DE', channel: 'ebay', marketplace: 'DE', multiLine: 0.05, cancelRate: { fba: 0, merchant: 0 }, countries: [['DE', 0.85], ['AT', 0.15]] },
  shopify: { key: 'shopify', channel: 'shopify', marketplace: '', multiLine: 0.2, cancelRate: { fba: 0, merchant: 0.015 }, countries: [['US', 0.6], ['GB', 0.15], ['DE', 0.12], ['FR', 0.06], ['NL', 0.04], ['AT', 0.03]] },
  // Cross-border from Shenzhen: mostly one item per order; buyers cancel more while the parcel
  // has not left (Mercado Libre), and Shopee's unpaid and buyer cancellations run higher still.
  'mercadolibre:MX': { key: 'mercadolibre:MX', channel: 'mercadolibre', marketplace: 'MX', newMarket: true, multiLine: 0.04, cancelRate: { fba: 0, merchant: 0.03 }, countries: [['MX', 1]] },
  'shopee:SG': { key: 'shopee:SG', channel: 'shopee', marketplace: 'SG', newMarket: true, multiLine: 0.12, cancelRate: { fba: 0, merchant: 0.04 }, countries: [['SG', 1]] },
};

function streamOf(l: Listing): StreamDef {
  return l.channel === 'shopify' ? STREAMS.shopify : STREAMS[`${l.channel}:${l.marketplace}`];
}

/**
 * Distinct, random-looking numbers from a counter: n ↦ (n·a + c) mod 10^digits with a coprime
 * to 10, a bijection on [0, 10^digits). n·a stays below 2^53 for n < 10^8.
 */
export function scramble(n: number, digits: number, salt: number): string {
  const mod = 10 ** digits;
  return String((n * 7_654_321 + ((salt * 1_234_567_891) % mod)) % mod).padStart(digits, '0');
}

interface PendingLine {
  listing: Listing;
  qty: number;
  oversold: boolean;
  shipDay: number;
}

export async function simulate(opts: SimOptions): Promise<SimStats> {
  const { catalog, cal, firstDay, lastDay, rng, sink } = opts;
  const days = lastDay - firstDay + 1;
  const season = new Seasonality(cal, firstDay, lastDay);
  const people = new CustomerPool(rng.fork(1));
  const demandRng = rng.fork(2);
  const orderRng = rng.fork(3);
  const homeOrderRng = orderRng;
  const planRng = rng.fork(4);
  // The new markets' own random streams, forked after the ones above so that those stay as they were.
  const newMarkets = rng.fork(17);
  const newPeople = new CustomerPool(newMarkets.fork(1), 1500, ['MX', 'SG'], 20_001);
  const newDemandRng = newMarkets.fork(2);
  const newOrderRng = newMarkets.fork(3);
  const stats: SimStats = {
    orderLines: 0, orders: 0, units: 0, cancelledLines: 0, returnLines: 0, linesByStream: {}, unitsDrawn: {}, stockoutDays: 0, stockoutEvents: 0,
    deadSkus: catalog.skus.filter((s) => s.demandClass === 'dead').map((s) => s.sku),
    slowSkus: catalog.skus.filter((s) => s.demandClass === 'slow').map((s) => s.sku),
    badListingSkus: catalog.skus.filter((s) => s.badListing).map((s) => s.sku),
    heldInbound: [],
    misrouted: [],
    oversell: null,
  };

  // ---------- stock and the listings each location feeds
  const stocks: Array<Stock | undefined> = new Array(catalog.skus.length * NLOC);
  catalog.skus.forEach((s, i) => {
    for (const loc of catalog.stockedAt[i]) stocks[i * NLOC + LOC_INDEX[loc]] = new Stock();
  });
  const demandListings = catalog.listings.filter((l) => l.group !== null && l.weight > 0);
  const fedBy: Listing[][] = Array.from({ length: catalog.skus.length * NLOC }, () => []);
  for (const l of demandListings) fedBy[l.sku.index * NLOC + LOC_INDEX[l.location]].push(l);
  const listingSeries = demandListings.map((l) => season.series(l.group!, l.sku.category));
  const listingKey = demandListings.map((l) => `${l.channel}:${l.marketplace}:${l.fulfilment}`);
  const listingStock = demandListings.map((l) => l.sku.index * NLOC + LOC_INDEX[l.location]);
  const listingDemandRng = demandListings.map((l) => (streamOf(l).newMarket ? newDemandRng : demandRng));
  const wasOut = new Uint8Array(catalog.skus.length * NLOC);

  const planner = new Planner({ catalog, stocks, fedBy, season, rng: planRng });
  const need = planner.need.bind(planner);

  // ---------- scripted incidents: held inbound shipments (stock-outs) and one oversell episode
  const byRate = [...catalog.skus].filter((s) => s.demandClass === 'regular' && s.launchOffset === 0).sort((a, b) => b.baseRate - a.baseRate || a.index - b.index);
  const holds = new Map<number, { from: number; until: number }>();
  const fbaUs = byRate.filter((s) => stocks[s.index * NLOC + LOC_INDEX['FBA-US']]);
  [300, 190, 95].forEach((back, i) => {
    const s = fbaUs[3 + i * 4];
    if (!s || days < back + 60) return;
    const from = lastDay - back;
    holds.set(s.index * NLOC + LOC_INDEX['FBA-US'], { from, until: from + 32 });
    stats.heldInbound.push({ sku: s.sku, location: 'FBA-US', from: cal.info(from).iso, until: cal.info(from + 32).iso });
  });
  // Misrouted replenishment: 40 days before the end, FBA-US's shipments of three fast SKUs on the
  // water are delivered to 3PL-US instead, plus four months of FBA stock, and the planning sheet
  // drops their FBA-US rows: FBA runs low into the peak while the 3PL holds months of cover, the
  // case the transfers dataset exists for (3PL → FBA).
  const misrouteDay = lastDay - 40;
  const misrouted = fbaUs
    .filter((s) => stocks[s.index * NLOC + LOC_INDEX['3PL-US']] && !holds.has(s.index * NLOC + LOC_INDEX['FBA-US']))
    .slice(0, 3)
    .filter(() => days >= 60);
  const ebayUs = demandListings
    .filter((l) => l.channel === 'ebay' && l.marketplace === 'US' && l.sku.demandClass === 'regular' && l.sku.launchOffset === 0 && !holds.has(l.sku.index * NLOC + LOC_INDEX['FBA-US']))
    .sort((a, b) => b.sku.baseRate * b.weight - a.sku.baseRate * a.weight || a.sku.index - b.sku.index);
  const oversellListing = ebayUs[0];
  const oversellStart = days >= 45 ? lastDay - Math.min(150, days - 30) : -1;
  const oversellRestock = oversellStart + 11;
  let oversoldLines = 0;
  let oversoldUnits = 0;
  let oversoldFirst = -1;
  let oversoldLast = -1;

  // ---------- returns waiting for their day
  const returnsDue = new Map<number, DemoReturn[]>();
  let returnSerial = 0;

  // ---------- order ids
  const counters: Record<string, number> = { 'amazon:US': 0, 'amazon:DE': 0, 'ebay:US': 0, 'ebay:DE': 0, shopify: 0, 'mercadolibre:MX': 0, 'shopee:SG': 0 };
  let ebayLineSerial = 0;
  let shopifyNo = 1000;
  let newReturnSerial = 0;

  const orderId = (stream: StreamDef, day: number): string => {
    const n = counters[stream.key]++;
    // Mercado Libre: 16-digit numbers (2000…); Shopee: an order_sn of the order date (YYMMDD) and 8 more characters
    if (stream.channel === 'mercadolibre') return '2000' + scramble(n, 12, 6);
    if (stream.channel === 'shopee') return cal.info(day).iso.slice(2).replace(/-/g, '') + scramble(n, 8, 7);
    if (stream.channel === 'amazon') {
      const prefix = (stream.marketplace === 'US' ? 111 : 302) + Math.floor(n / 1e7);
      return `${prefix}-${scramble(n, 7, 1)}-${orderRng.digits(7)}`;
    }
    if (stream.channel === 'ebay') {
      const n2 = n * 2 + (stream.marketplace === 'US' ? 0 : 1);
      const body = scramble(n2, 10, 2);
      return `${10 + (Math.floor(n2 / 1e10) % 90)}-${body.slice(0, 5)}-${body.slice(5)}`;
    }
    return String(++shopifyNo);
  };

  const draw = (l: Listing, units: number): void => {
    const drawn = (stats.unitsDrawn[streamOf(l).key] ??= {});
    drawn[l.location] = (drawn[l.location] ?? 0) + units;
  };

  const shipDayFor = (l: Listing, day: number, localHour: number, r: Rng): number => {
    if (l.fulfilment === 'fba') return localHour < 14 ? day : day + 1;
    const wd = cal.info(day).weekday;
    const base = l.channel === 'shopify' ? day + r.int(1, 3) : l.channel === 'mercadolibre' || l.channel === 'shopee' ? day + r.int(1, 2) : day + 1;
    const shipWd = (wd + (base - day)) % 7;
    return shipWd === 6 ? base + 2 : shipWd === 0 ? base + 1 : base;
  };

  // ---------- the days
  for (let day = firstDay; day <= lastDay; day++) {
    const off = day - firstDay;

    // 1. launches, scripted incidents, arrivals and shipments
    for (let i = 0; i < catalog.skus.length; i++) if (catalog.skus[i].launchOffset === off) planner.initStock(i, day);
    for (const [key, hold] of holds) if (hold.from === day) stocks[key]!.heldUntil = hold.until;
    if (day === oversellStart && oversellListing) {
      // A cycle count finds most of the 3PL's units missing; the regular transfer is held at
      // the port, and an air shipment is booked. eBay keeps selling: its quantity was not synced.
      const st = stocks[oversellListing.sku.index * NLOC + LOC_INDEX[oversellListing.location]]!;
      st.available = Math.min(st.available, 2);
      st.heldUntil = oversellRestock;
      st.inbound.push({ day: oversellRestock, qty: Math.max(oversellListing.sku.casePack * 4, Math.ceil(need(LOC_INDEX[oversellListing.location], oversellListing.sku.index, day, day + 60))) });
    }
    if (day === misrouteDay) {
      for (const s of misrouted) {
        const fba = stocks[s.index * NLOC + LOC_INDEX['FBA-US']]!;
        const onTheWater = fba.inboundUnits();
        fba.inbound = [];
        fba.skipReplenishUntil = lastDay + 1;
        const units = onTheWater + Math.ceil(need(LOC_INDEX['FBA-US'], s.index, day, day + 120) / s.casePack) * s.casePack;
        stocks[s.index * NLOC + LOC_INDEX['3PL-US']]!.available += units;
        stats.misrouted.push({ sku: s.sku, day: cal.info(day).iso, units });
      }
    }
    for (let k = 0; k < stocks.length; k++) stocks[k]?.startDay(day);

    // 2. returns arriving today
    const due = returnsDue.get(day);
    if (due) {
      returnsDue.delete(day);
      for (const r of due) {
        const st = stocks[r.line.listing.sku.index * NLOC + LOC_INDEX[r.line.listing.location]]!;
        if (r.disposition === 'SELLABLE') st.available += r.qty;
        else if (!(r.line.listing.fulfilment === 'fba' && (r.disposition === 'DAMAGED' || r.disposition === 'CARRIER_DAMAGED'))) st.unfulfillable += r.qty;
        stats.returnLines++;
        sink.orderReturn(r);
      }
    }

    // 3. demand on every listing, capped by the feeding location's stock
    const lines = new Map<string, PendingLine[]>();
    for (let li = 0; li < demandListings.length; li++) {
      const l = demandListings[li];
      const sku = l.sku;
      if (off < sku.launchOffset) continue;
      const lambda = sku.baseRate * l.weight * listingSeries[li][off];
      const dRng = listingDemandRng[li];
      let n = dRng.poisson(lambda / 1.17);
      const st = stocks[listingStock[li]]!;
      const overselling = l === oversellListing && day >= oversellStart && day < oversellRestock && st.available === 0;
      if (overselling && oversoldFirst >= 0 && day - oversoldFirst >= 6) continue; // the seller noticed and ended the listing
      if (overselling) n = Math.max(n, 1);
      for (let k = 0; k < n; k++) {
        const r = dRng.next();
        let qty = r < 0.87 ? 1 : r < 0.96 ? 2 : r < 0.99 ? 3 : 4 + Math.floor(dRng.next() * 3);
        let oversold = false;
        if (overselling) {
          oversold = true;
          st.backordered += qty;
          oversoldLines++;
          oversoldUnits += qty;
          if (oversoldFirst < 0) oversoldFirst = day;
          oversoldLast = day;
        } else {
          qty = st.take(qty);
          if (qty === 0) break; // out of stock: the listing shows 0, the sale is lost
          draw(l, qty);
        }
        const key = listingKey[li];
        let arr = lines.get(key);
        if (!arr) lines.set(key, (arr = []));
        arr.push({ listing: l, qty, oversold, shipDay: oversold ? oversellRestock + 1 : -1 });
      }
    }

    // 4. group lines into orders, time them, cancel a few, ship the rest
    const byStream = new Map<string, DemoOrder[]>();
    for (const key of [...lines.keys()].sort()) {
      const pending = lines.get(key)!;
      const stream = streamOf(pending[0].listing);
      const oRng = stream.newMarket ? newOrderRng : orderRng;
      for (let i = pending.length - 1; i > 0; i--) {
        const j = Math.floor(oRng.next() * (i + 1));
        const t = pending[i];
        pending[i] = pending[j];
        pending[j] = t;
      }
      let list = byStream.get(stream.key);
      if (!list) byStream.set(stream.key, (list = []));
      let i = 0;
      while (i < pending.length) {
        const group: PendingLine[] = [pending[i++]];
        while (i < pending.length && group.length < 3 && !group[0].oversold && !pending[i].oversold && oRng.chance(stream.multiLine)) {
          if (group.some((g) => g.listing.sku === pending[i].listing.sku)) break;
          group.push(pending[i++]);
        }
        list.push(makeOrder(stream, group, day));
      }
    }
    for (const key of [...byStream.keys()].sort()) {
      const list = byStream.get(key)!;
      list.sort((a, b) => a.ts - b.ts || (a.orderId < b.orderId ? -1 : 1));
      for (const o of list) {
        stats.orders++;
        for (const l of o.lines) {
          stats.orderLines++;
          stats.units += l.qty;
          if (o.status === 'cancelled') stats.cancelledLines++;
        }
        stats.linesByStream[key] = (stats.linesByStream[key] ?? 0) + o.lines.length;
        sink.order(o);
      }
    }

    // 5. weekly replenishment review (spread over the week by SKU), quarterly disposal of
    //    unsellable units, and the end-of-day stock report
    for (let i = 0; i < catalog.skus.length; i++) {
      const sku = catalog.skus[i];
      if (off < sku.launchOffset) continue;
      if (off % 7 === i % 7 && sku.demandClass !== 'dead') planner.replenish(i, day);
      for (let li = 0; li < NLOC; li++) {
        const k = i * NLOC + li;
        const st = stocks[k];
        if (!st) continue;
        if (off % 91 === (i * 7 + li) % 91) st.unfulfillable = 0;
        if (fedBy[k].length > 0 && sku.demandClass !== 'dead') {
          const out = st.available <= 0;
          if (out) {
            stats.stockoutDays++;
            if (!wasOut[k]) stats.stockoutEvents++;
          }
          wasOut[k] = out ? 1 : 0;
        }
        sink.stock(day, sku, LOC_IDS[li], st);
      }
    }
    sink.endOfDay(day);
    if (opts.onDay) await opts.onDay(off, days);
  }

  if (oversellListing && oversoldLines > 0) {
    stats.oversell = {
      sku: oversellListing.sku.sku,
      location: oversellListing.location,
      channel: oversellListing.channel,
      marketplace: oversellListing.marketplace,
      firstDay: cal.info(oversoldFirst).iso,
      lastDay: cal.info(oversoldLast).iso,
      orderLines: oversoldLines,
      units: oversoldUnits,
      restockDay: cal.info(oversellRestock).iso,
    };
  }
  return stats;

  // ---------- one order from grouped lines
  function makeOrder(stream: StreamDef, group: PendingLine[], day: number): DemoOrder {
    const orderRng = stream.newMarket ? newOrderRng : homeOrderRng;
    const first = group[0].listing;
    const country = stream.countries.length === 1 ? stream.countries[0][0] : stream.countries[orderRng.weighted(stream.countries.map((c) => c[1]))][0];
    const currency: DemoOrder['currency'] = stream.channel === 'shopify' ? (country === 'US' ? 'USD' : country === 'GB' ? 'GBP' : 'EUR') : first.currency;
    const localHour = orderRng.weighted(HOUR_WEIGHTS, HOUR_TOTAL);
    const second = (((localHour - UTC_OFFSET[country]) * 3600 + orderRng.int(0, 3599)) % 86400 + 86400) % 86400;
    const ts = day * 86400 + second;
    const ev = stream.newMarket ? newMarketEventName(stream, day) : eventName(day);
    const promo = ev !== '' && orderRng.chance(0.5);
    const discountRate = promo ? 0.2 : stream.channel === 'shopify' && orderRng.chance(0.04) ? 0.1 : 0;
    const discountCode = !discountRate ? '' : stream.channel === 'shopify' ? (promo ? (ev === 'Singles Day' ? 'SINGLES11' : 'BFCM20') : 'WELCOME10') : `${ev} Deal`;
    const orderLines: DemoOrderLine[] = group.map((g) => ({
      listing: g.listing,
      qty: g.qty,
      unitPrice: currency === 'MXN' || currency === 'SGD' ? g.listing.price : currency === 'USD' ? g.listing.price : currency === 'EUR' ? (g.listing.currency === 'EUR' ? g.listing.price : g.listing.sku.priceEur) : g.listing.sku.priceGbp,
      lineRef: stream.channel === 'ebay' ? '1' + scramble(ebayLineSerial++, 12, 3) : '',
      oversold: g.oversold,
    }));
    const lineTotal = orderLines.reduce((a, l) => a + l.unitPrice * l.qty, 0);
    const cancelRate = stream.cancelRate[first.fulfilment];
    const cancelled = !group[0].oversold && cancelRate > 0 && orderRng.chance(cancelRate);
    let shipDay = group[0].oversold ? group[0].shipDay : shipDayFor(first, day, (localHour + 24) % 24, orderRng);
    let status: DemoOrder['status'] = 'shipped';
    if (cancelled) status = 'cancelled';
    else if (shipDay > lastDay) status = stream.channel === 'amazon' && day === lastDay && second > 72000 ? 'pending' : 'unshipped';
    for (const g of group) {
      const lst = stocks[g.listing.sku.index * NLOC + LOC_INDEX[g.listing.location]]!;
      if (g.oversold) continue;
      if (cancelled) {
        lst.available += g.qty; // cancelled before it left the shelf
        draw(g.listing, -g.qty);
      }
      else lst.reserveUntil(day, Math.min(shipDay, day + 7), g.qty);
    }
    if (cancelled) shipDay = -1;
    const id = orderId(stream, day);
    const order: DemoOrder = {
      stream: stream.key,
      orderId: stream.channel === 'shopify' ? '#' + id : id,
      ts,
      day,
      lines: orderLines,
      currency,
      customer: (stream.newMarket ? newPeople : people).pick(orderRng, country),
      status,
      shipTs: status === 'shipped' ? shipDay * 86400 + (shipDay === day ? Math.min(86399, second + orderRng.int(1800, 14000)) : orderRng.int(8 * 3600, 20 * 3600)) : null,
      discountRate,
      discountCode,
      shipping: shippingFee(stream, first, currency, lineTotal),
      taxRate: stream.channel === 'shopify' && country === 'US' ? 0.06 : TAX[country],
      serial: stream.channel === 'shopify' ? shopifyNo : 0,
      isBusiness: stream.key === 'amazon:US' && orderRng.chance(0.04),
      refunded: 0,
    };
    if (status === 'shipped') scheduleReturns(order, stream, shipDay);
    return order;
  }

  function scheduleReturns(o: DemoOrder, stream: StreamDef, shipDay: number): void {
    const orderRng = stream.newMarket ? newOrderRng : homeOrderRng;
    const factor = CHANNEL_RETURN_FACTOR[stream.channel];
    if (factor === 0) return;
    for (const line of o.lines) {
      const l = line.listing;
      if (stream.channel === 'amazon' && l.fulfilment !== 'fba') continue; // MFN returns report is not a supported input
      const p = returnProbability(l.sku.category, l.sku.badListing) * factor;
      if (!orderRng.chance(p)) continue;
      const day = shipDay + 4 + Math.round(Math.abs(orderRng.normal(9, 9)));
      const draw = drawReturn(orderRng, l.sku.category, l.sku.badListing);
      const qty = line.qty > 1 && orderRng.chance(0.5) ? 1 : line.qty;
      if (day > lastDay) continue;
      o.refunded += Math.round(line.unitPrice * qty * 100) / 100;
      let list = returnsDue.get(day);
      if (!list) returnsDue.set(day, (list = []));
      const ret: DemoReturn = {
        order: o,
        line,
        qty,
        day,
        ts: day * 86400 + orderRng.int(7 * 3600, 22 * 3600),
        reason: draw.reason,
        disposition: draw.disposition,
        comment: draw.comment,
        returnId:
          stream.channel === 'ebay' ? '5' + scramble(returnSerial++, 9, 4)
          : stream.channel === 'shopify' ? '9' + scramble(returnSerial++, 10, 5)
          : stream.newMarket ? '2' + scramble(newReturnSerial++, 14, 8)
          : '',
      };
      list.push(ret);
      // An API-only channel's sandbox serves an order's returns with the order (written once, when it is placed).
      if (stream.newMarket) (o.returns ??= []).push(ret);
    }
  }

  function newMarketEventName(stream: StreamDef, day: number): string {
    const e = eventsOf(cal.info(day).year);
    if (stream.channel === 'mercadolibre') {
      if (day >= e.hotSale && day <= e.hotSale + 8) return 'Hot Sale';
      if (day >= e.buenFin && day <= e.buenFin + 3) return 'El Buen Fin';
      return '';
    }
    if (day === e.singlesDay) return '11.11';
    if (day === e.doubleTwelve) return '12.12';
    if (day === e.nineNine) return '9.9';
    if (day === e.tenTen) return '10.10';
    return '';
  }

  function eventName(day: number): string {
    const y = cal.info(day).year;
    const e = eventsOf(y);
    if (day >= e.blackFriday && day <= e.cyberMonday) return day === e.cyberMonday ? 'Cyber Monday' : 'Black Friday';
    if (day === e.primeDay || day === e.primeDay + 1) return 'Prime Day';
    if (day === e.singlesDay) return 'Singles Day';
    return '';
  }
}

const eventCache = new Map<number, RetailEvents>();
function eventsOf(year: number): RetailEvents {
  let e = eventCache.get(year);
  if (!e) eventCache.set(year, (e = retailEvents(year)));
  return e;
}

function shippingFee(stream: StreamDef, l: Listing, currency: string, lineTotal: number): number {
  if (l.fulfilment === 'fba') return 0;
  if (stream.channel === 'mercadolibre') return lineTotal >= 299 ? 0 : 79; // free shipping from MXN 299
  if (stream.channel === 'shopee') return lineTotal >= 20 ? 0 : 2.99; // free shipping from SGD 20
  if (stream.channel === 'amazon') return lineTotal >= 25 ? 0 : 4.99;
  if (stream.channel === 'ebay') return lineTotal >= 20 ? 0 : currency === 'USD' ? 5.99 : 4.99;
  if (lineTotal >= 50) return 0;
  return currency === 'USD' ? 4.99 : currency === 'EUR' ? 5.99 : 3.99;
}
