// The adapter of the independent calculator: reads the world's report files with csv-parse (never
// through Crossdock's ingest) into plain facts. It knows only the few formats the world uses, read
// the way docs/templates.md and docs/ingest.md describe them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parseEbayDate, parseOffsetTimestamp } from './dates';

export interface FileOptions {
  marketplace?: string;
  snapshotDate?: string;
}
export interface WorldFile {
  path: string;
  options: FileOptions;
}

export interface Location { id: string; name: string; kind: string; poolId: string }
export interface SkuMaster { sku: string; title: string; category: string; unitCost: number; currency: string }
export interface FxRate { date: string; currency: string; rate: number }
export interface Snapshot {
  date: string;
  locationId: string;
  sku: string;
  onHand: number;
  available: number;
  reserved: number;
  inbound: number;
  unfulfillable: number;
}
export interface Listing { id: string; channel: string; marketplace: string; sku: string; fulfilment: string; locationId: string | null }
export type LineStatus = 'shipped' | 'unshipped' | 'cancelled' | 'pending' | 'refunded';
export interface OrderLine {
  channel: string;
  marketplace: string;
  orderId: string;
  lineId: string;
  sku: string;
  quantity: number;
  status: LineStatus;
  orderedAt: string;
  shippedAt: string | null;
  amount: number;
  currency: string;
  fulfilment: 'fba' | 'merchant';
}
export interface ReturnLine {
  channel: string;
  returnId: string;
  orderId: string | null;
  sku: string;
  quantity: number;
  returnedAt: string;
  disposition: string;
  isRestocked: boolean;
}

export interface World {
  baseCurrency: string;
  locations: Location[];
  skus: SkuMaster[];
  fx: FxRate[];
  snapshots: Snapshot[];
  listings: Listing[];
  orders: OrderLine[];
  returns: ReturnLine[];
}

type Record = { [column: string]: string };

export function readManifest(dir: string): WorldFile[] {
  return (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: WorldFile[] }).files;
}

/** Reads every file of the manifest into facts. Later files replace the same keys (as ingest does). */
export function readWorld(dir: string): World {
  const world: World = { baseCurrency: 'USD', locations: [], skus: [], fx: [], snapshots: [], listings: [], orders: [], returns: [] };
  const files = readManifest(dir);
  const text = (path: string) => readFileSync(join(dir, path), 'utf8');
  for (const file of files.filter((f) => f.path === 'crossdock/locations.csv')) world.locations = readLocations(text(file.path));
  for (const file of files) {
    const body = text(file.path);
    const name = file.path;
    if (name === 'crossdock/locations.csv') continue;
    else if (name === 'crossdock/skus.csv') world.skus = readSkus(body);
    else if (name === 'crossdock/fx.csv') world.fx = readFx(body);
    else if (name === 'crossdock/listings.csv') mergeListings(world.listings, readListingsTemplate(body));
    else if (name === 'amazon/all_listings.tsv') mergeListings(world.listings, readAllListings(body, file.options.marketplace ?? 'US'));
    else if (name.startsWith('crossdock/inventory')) addSnapshots(world.snapshots, readInventoryTemplate(body));
    else if (name.startsWith('shopify/inventory_export')) addSnapshots(world.snapshots, readShopifyInventory(body, required(file.options.snapshotDate, name), world.locations));
    else if (name === 'amazon/all_orders.tsv') world.orders.push(...readAmazonOrders(body));
    else if (name === 'shopify/orders_export.csv') world.orders.push(...readShopifyOrders(body, file.options.marketplace ?? 'US'));
    else if (name === 'ebay/orders_report.csv') world.orders.push(...readEbayOrders(body));
    else if (name === 'crossdock/returns.csv') world.returns.push(...readReturns(body));
    else throw new Error(`oracle: no reader for ${name}`);
  }
  return world;
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`oracle: ${what} needs an option`);
  return value;
}

function records(body: string, delimiter = ',', relaxColumnCount = false): Record[] {
  // Amazon's TSVs are not quoted; eBay's footer lines are shorter than its records
  const quote = delimiter === '\t' ? false : '"';
  return parse(body, { columns: true, delimiter, quote, skip_empty_lines: true, bom: true, relax_column_count: relaxColumnCount }) as Record[];
}

const int = (text: string | undefined): number => (text === undefined || text.trim() === '' ? 0 : Number(text.trim()));
const blank = (text: string | undefined): string | null => (text === undefined || text.trim() === '' ? null : text.trim());

function readLocations(body: string): Location[] {
  return records(body).map((r) => ({ id: r.location_id, name: r.name, kind: r.kind, poolId: blank(r.pool_id) ?? r.location_id }));
}

function readSkus(body: string): SkuMaster[] {
  return records(body).map((r) => ({ sku: r.sku, title: r.title, category: r.category, unitCost: Number(r.unit_cost), currency: r.cost_currency }));
}

function readFx(body: string): FxRate[] {
  return records(body).map((r) => ({ date: r.rate_date, currency: r.currency, rate: Number(r.rate_to_base) }));
}

function listing(channel: string, marketplace: string, sku: string, fulfilment: string, locationId: string | null): Listing {
  return { id: `${channel}:${marketplace}:${sku}:${fulfilment}`, channel, marketplace, sku, fulfilment, locationId };
}

function readListingsTemplate(body: string): Listing[] {
  return records(body).map((r) => listing(r.channel, r.marketplace, r.sku, r.fulfilment, blank(r.location_id)));
}

/** Amazon All Listings: DEFAULT → merchant, AMAZON_* → fba; no location column. */
function readAllListings(body: string, marketplace: string): Listing[] {
  return records(body, '\t').map((r) =>
    listing('amazon', marketplace, r['seller-sku'], r['fulfillment-channel'] === 'DEFAULT' ? 'merchant' : 'fba', null),
  );
}

/** A field a file leaves empty keeps the stored value (docs/ingest.md, Idempotency). */
function mergeListings(into: Listing[], rows: Listing[]): void {
  for (const row of rows) {
    const stored = into.find((l) => l.id === row.id);
    if (!stored) into.push(row);
    else stored.locationId = row.locationId ?? stored.locationId;
  }
}

function addSnapshots(into: Snapshot[], rows: Snapshot[]): void {
  for (const row of rows) {
    const same = into.findIndex((s) => s.date === row.date && s.locationId === row.locationId && s.sku === row.sku);
    if (same >= 0) throw new Error(`oracle: the world has two snapshots of ${row.sku} at ${row.locationId} on ${row.date}`);
    into.push(row);
  }
}

function readInventoryTemplate(body: string): Snapshot[] {
  return records(body).map((r) => ({
    date: r.snapshot_date,
    locationId: r.location_id,
    sku: r.sku,
    onHand: int(r.on_hand),
    available: int(r.available),
    reserved: int(r.reserved),
    inbound: int(r.inbound),
    unfulfillable: int(r.unfulfillable),
  }));
}

/**
 * Shopify inventory export, current layout: Committed → reserved, Incoming → inbound, Unavailable →
 * unfulfillable; a `not stocked` cell means no record; lines of one SKU at one location are summed;
 * the location name maps to the Crossdock location whose id, else name, matches.
 */
function readShopifyInventory(body: string, date: string, locations: Location[]): Snapshot[] {
  const byKey = new Map<string, Snapshot>();
  for (const r of records(body)) {
    const cells = [r.Incoming, r.Unavailable, r.Committed, r.Available, r['On hand']];
    if (cells.some((c) => c.trim().toLowerCase() === 'not stocked')) continue;
    const name = r.Location.trim().toLowerCase();
    const location = locations.find((l) => l.id.toLowerCase() === name) ?? locations.find((l) => l.name.toLowerCase() === name);
    const locationId = location?.id ?? r.Location;
    const key = `${r.SKU}|${locationId}`;
    const row = byKey.get(key) ?? { date, locationId, sku: r.SKU, onHand: 0, available: 0, reserved: 0, inbound: 0, unfulfillable: 0 };
    row.onHand += int(r['On hand']);
    row.available += int(r.Available);
    row.reserved += int(r.Committed);
    row.inbound += int(r.Incoming);
    row.unfulfillable += int(r.Unavailable);
    byKey.set(key, row);
  }
  return [...byKey.values()];
}

const AMAZON_MARKETPLACES: { [salesChannel: string]: string } = { 'Amazon.com': 'US', 'Amazon.de': 'DE', 'Amazon.co.uk': 'UK' };

/** Amazon All Orders: item-price is the line total; the report has no ship date (shipped = purchase day). */
function readAmazonOrders(body: string): OrderLine[] {
  return records(body, '\t').map((r) => {
    const cancelled = r['order-status'] === 'Cancelled' || r['item-status'] === 'Cancelled';
    const shipped = !cancelled && (r['item-status'] === 'Shipped' || (r['item-status'] === '' && r['order-status'] === 'Shipped'));
    const orderedAt = new Date(r['purchase-date']).toISOString();
    return {
      channel: 'amazon',
      marketplace: AMAZON_MARKETPLACES[r['sales-channel']],
      orderId: r['amazon-order-id'],
      lineId: r.sku,
      sku: r.sku,
      quantity: int(r.quantity),
      status: cancelled ? 'cancelled' : shipped ? 'shipped' : r['order-status'] === 'Pending' ? 'pending' : 'unshipped',
      orderedAt,
      shippedAt: shipped ? orderedAt : null,
      amount: Number(r['item-price']),
      currency: r.currency,
      fulfilment: r['fulfillment-channel'] === 'Amazon' ? 'fba' : 'merchant',
    };
  });
}

/** Shopify orders export: order-level columns on the first row of an order only, carried down. */
function readShopifyOrders(body: string, marketplace: string): OrderLine[] {
  const lines: OrderLine[] = [];
  let order: Record = {};
  let position = 0;
  for (const r of records(body)) {
    if (r.Name !== order.Name) {
      order = r;
      position = 0;
    }
    position += 1;
    const financial = order['Financial Status'];
    const status: LineStatus = blank(order['Cancelled at'])
      ? 'cancelled'
      : ['refunded', 'voided'].includes(financial)
        ? 'refunded'
        : r['Lineitem fulfillment status'] === 'fulfilled'
          ? 'shipped'
          : ['pending', 'authorized'].includes(financial)
            ? 'pending'
            : 'unshipped';
    lines.push({
      channel: 'shopify',
      marketplace,
      orderId: r.Name,
      lineId: String(position),
      sku: r['Lineitem sku'],
      quantity: int(r['Lineitem quantity']),
      status,
      orderedAt: parseOffsetTimestamp(order['Created at']),
      shippedAt: status === 'shipped' ? parseOffsetTimestamp(order['Fulfilled at']) : null,
      amount: Number(r['Lineitem price']) * int(r['Lineitem quantity']),
      currency: order.Currency,
      fulfilment: 'merchant',
    });
  }
  return lines;
}

/** eBay orders report: blank lines before the header, a footer after; Sold For is the unit price. */
function readEbayOrders(body: string): OrderLine[] {
  const all = body.split(/\r?\n/);
  const header = all.findIndex((line) => line.includes('Order Number'));
  const rows = records(all.slice(header).join('\n'), ',', true).filter((r) => blank(r['Order Number']) && blank(r['Custom Label']));
  return rows.map((r) => {
    const money = /^\$(\d+\.\d{2})$/.exec(r['Sold For'].trim());
    if (!money) throw new Error(`oracle: the world's eBay prices are plain dollars, not ${r['Sold For']}`);
    const shippedOn = blank(r['Shipped On Date']);
    return {
      channel: 'ebay',
      marketplace: 'US',
      orderId: r['Order Number'],
      lineId: `${r['Item Number']}-${r['Transaction ID']}`,
      sku: r['Custom Label'],
      quantity: int(r.Quantity),
      status: shippedOn ? 'shipped' : blank(r['Paid On Date']) ? 'unshipped' : 'pending',
      orderedAt: `${parseEbayDate(r['Sale Date'])}T00:00:00.000Z`,
      shippedAt: shippedOn ? `${parseEbayDate(shippedOn)}T00:00:00.000Z` : null,
      amount: Number(money[1]) * int(r.Quantity),
      currency: 'USD',
      fulfilment: 'merchant',
    };
  });
}

function readReturns(body: string): ReturnLine[] {
  return records(body).map((r) => {
    const disposition = blank(r.disposition) ?? 'unknown';
    const restocked = blank(r.restocked);
    return {
      channel: r.channel,
      returnId: r.return_id,
      orderId: blank(r.order_id),
      sku: r.sku,
      quantity: int(r.quantity),
      returnedAt: new Date(r.returned_at).toISOString(),
      disposition,
      isRestocked: restocked === null ? disposition === 'sellable' : restocked === 'true',
    };
  });
}

