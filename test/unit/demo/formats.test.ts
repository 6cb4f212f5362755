import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DemoResult } from '../../../pipeline/demo';
import { filesMatching, firstLine, generate, readCsv, removeTempDirs, readTsv, SMALL } from './demoFixture';
import { REAL_FIXTURES, REFERENCE_DIR } from '../../support/sharedDir';
import { MERCHANT_ORDER_REPORT_COLUMNS } from '../../../pipeline/channels/amazon/files/merchantOrders';
import { SETTLEMENT_REPORT_COLUMNS } from '../../../pipeline/channels/amazon/files/settlement';
import { shipByTs } from '../../../pipeline/demo/formats/amazon';
import { Calendar } from '../../../pipeline/demo/calendar';

const REAL = REAL_FIXTURES;
const REFERENCE = REFERENCE_DIR;
const TEMPLATES_DOC = join(__dirname, '../../../docs/templates.md');

let dir: string;
let result: DemoResult;
afterAll(removeTempDirs);
beforeAll(async () => {
  ({ dir, result } = await generate(SMALL));
});

/** The column list a channels.md table row gives for an Amazon report type. */
function documentedAmazonColumns(reportType: string): string[] {
  const doc = readFileSync(join(REFERENCE, 'channels.md'), 'utf8');
  const row = doc.split('\n').find((l) => l.startsWith(`| \`${reportType}\``));
  const cols = /^\| `[^`]+`[^|]*\| [^|]+ \| `([^`]+)`/.exec(row ?? '');
  if (!cols) throw new Error(`channels.md has no column list for ${reportType}`);
  return cols[1].split(' ');
}

/** The header docs/templates.md gives for a Crossdock template (optional columns included). */
function documentedTemplate(name: string): string {
  const doc = readFileSync(TEMPLATES_DOC, 'utf8');
  const m = new RegExp('## `' + name + '`[^\\n]*\\n`([^`]+)`').exec(doc);
  if (!m) throw new Error(`templates.md has no ${name}`);
  return m[1].replace(/\[,?([^\]]+)\]/, ',$1');
}

describe('demo report headers', () => {
  it('writes the eBay orders report header byte for byte as the real Seller Hub header', () => {
    const real = firstLine(join(REAL, 'ebay/orders_report_header_only.csv'));
    for (const f of filesMatching(dir, /^ebay\/orders-report-/)) expect(readFileSync(f, 'utf8').split('\r\n')[1]).toBe(real);
  });

  it('writes the Shopify orders export header exactly as the real snowboards export', () => {
    const real = firstLine(join(REAL, 'shopify/orders_export_dev_store_snowboards.csv'));
    for (const f of filesMatching(dir, /^shopify\/orders-export/)) expect(firstLine(f)).toBe(real);
  });

  it('writes the Shopify inventory export in the current per-state layout of the real export', () => {
    expect(firstLine(join(dir, 'shopify/inventory-export.csv'))).toBe(firstLine(join(REAL, 'shopify/inventory_export_per_state_columns.csv')));
  });

  it('writes the FBA inventory (MYI) and FBA customer returns headers as the real Amazon files', () => {
    const myi = firstLine(join(REAL, 'amazon/airbyte_GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA.header.tsv'));
    const returns = firstLine(join(REAL, 'amazon/airbyte_GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA.header.tsv'));
    for (const mkt of ['US', 'DE']) expect(firstLine(join(dir, `amazon/${mkt}/fba-inventory.tsv`))).toBe(myi);
    const returnFiles = filesMatching(dir, /fba-returns/);
    expect(returnFiles.length).toBeGreaterThan(0);
    for (const f of returnFiles) expect(firstLine(f)).toBe(returns);
  });

  it('writes the All Orders (32 columns) and All Listings (29 columns) headers as channels.md lists them', () => {
    const orders = documentedAmazonColumns('GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL');
    const listings = documentedAmazonColumns('GET_MERCHANT_LISTINGS_ALL_DATA');
    expect(orders).toHaveLength(32);
    expect(listings).toHaveLength(29);
    for (const f of filesMatching(dir, /all-orders/)) expect(firstLine(f).split('\t')).toEqual(orders);
    for (const mkt of ['US', 'DE']) expect(firstLine(join(dir, `amazon/${mkt}/all-listings.tsv`)).split('\t')).toEqual(listings);
  });

  it('writes every Crossdock template with the header docs/templates.md defines', () => {
    expect(firstLine(join(dir, 'crossdock/locations.csv'))).toBe(documentedTemplate('crossdock-locations'));
    expect(firstLine(join(dir, 'crossdock/skus.csv'))).toBe(documentedTemplate('crossdock-skus'));
    expect(firstLine(join(dir, 'crossdock/fx-rates.csv'))).toBe(documentedTemplate('crossdock-fx'));
    expect(firstLine(join(dir, 'crossdock/listings.csv'))).toBe(documentedTemplate('crossdock-listings'));
    for (const f of filesMatching(dir, /crossdock\/inventory\//)) expect(firstLine(f)).toBe(documentedTemplate('crossdock-inventory'));
    for (const f of filesMatching(dir, /crossdock\/returns\//)) expect(firstLine(f)).toBe(documentedTemplate('crossdock-returns'));
  });
});

describe('demo eBay orders report', () => {
  const reports = () => filesMatching(dir, /^ebay\/orders-report-/);
  const body = (f: string) => {
    const lines = readFileSync(f, 'utf8').split('\r\n');
    expect(lines.pop()).toBe(''); // the file ends with CRLF
    return { preamble: lines[0], header: lines[1], rows: lines.slice(2, -2), footer: lines.slice(-2) };
  };

  it('starts each file with a blank line or a line of bare commas, and both kinds occur', () => {
    const kinds = new Set(reports().map((f) => body(f).preamble));
    for (const k of kinds) expect(k).toMatch(/^,*$/);
    expect([...kinds].some((k) => k === '')).toBe(true);
    expect([...kinds].some((k) => k.length === 81)).toBe(true);
  });

  it('ends each file with the record count of its orders and the seller id', () => {
    for (const f of reports()) {
      const { rows, footer } = body(f);
      const parsed: string[][] = parse(rows.join('\n'));
      const orders = new Set(parsed.map((r) => r[1]));
      expect(footer[0]).toBe(`"${orders.size} record(s) downloaded"`);
      expect(footer[1]).toMatch(/^"Seller ID: \S+"$/);
    }
  });

  it('spells money as $12.99 for US orders and EUR 12,99 for eBay.de orders, and dates as Nov-26-26', () => {
    const all = reports().flatMap((f) => {
      const { header, rows } = body(f);
      return parse([header, ...rows].join('\n'), { columns: true }) as Array<Record<string, string>>;
    });
    const sold = all.map((r) => r['Sold For']).filter(Boolean);
    expect(sold.some((v) => /^\$\d{1,3}(,\d{3})*\.\d\d$/.test(v))).toBe(true);
    expect(sold.some((v) => /^EUR \d{1,3}(\.\d{3})*,\d\d$/.test(v))).toBe(true);
    expect(sold.every((v) => /^(\$\d{1,3}(,\d{3})*\.\d\d|EUR \d{1,3}(\.\d{3})*,\d\d)$/.test(v))).toBe(true);
    for (const r of all) expect(r['Sale Date']).toMatch(/^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d\d-\d\d$/);
  });

  it('writes a multi-item order as a summary row without item followed by one row per item', () => {
    const rows = reports().flatMap((f) => {
      const { rows } = body(f);
      const header: string[] = parse(body(f).header)[0];
      return (parse(rows.join('\n')) as string[][]).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
    });
    const byOrder = new Map<string, Array<Record<string, string>>>();
    for (const r of rows) byOrder.set(r['Order Number'], [...(byOrder.get(r['Order Number']) ?? []), r]);
    const multi = [...byOrder.values()].filter((rs) => rs.length > 1);
    expect(multi.length).toBeGreaterThan(0);
    for (const [summary, ...items] of multi) {
      expect(summary['Custom Label']).toBe('');
      expect(summary['Total Price']).not.toBe('');
      expect(items.length).toBeGreaterThanOrEqual(2);
      for (const item of items) {
        expect(item['Sales Record Number']).toBe(summary['Sales Record Number']);
        expect(item['Custom Label']).not.toBe('');
        expect(item['Total Price']).toBe('');
      }
      const units = items.reduce((a, i) => a + Number(i.Quantity), 0);
      expect(Number(summary.Quantity)).toBe(units);
    }
  });
});

describe('demo Shopify orders export', () => {
  it('fills order-level columns on the first row of an order only, as the real export does', () => {
    const rows = filesMatching(dir, /^shopify\/orders-export/).flatMap((f) => readCsv(f));
    const byName = new Map<string, Array<Record<string, string>>>();
    for (const r of rows) byName.set(r.Name, [...(byName.get(r.Name) ?? []), r]);
    const multi = [...byName.values()].filter((rs) => rs.length > 1);
    expect(multi.length).toBeGreaterThan(0);
    for (const [first, ...later] of multi) {
      expect(first['Financial Status']).not.toBe('');
      expect(first.Total).not.toBe('');
      expect(first.Id).toMatch(/^\d{13}$/);
      expect(first['Created at']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d -0[45]00$/);
      for (const r of later) {
        for (const col of ['Financial Status', 'Paid at', 'Currency', 'Subtotal', 'Total', 'Id', 'Billing Name', 'Shipping Country']) expect(r[col]).toBe('');
        expect(r.Email).toBe(first.Email);
        expect(r['Created at']).toBe(first['Created at']);
        for (const col of ['Lineitem quantity', 'Lineitem name', 'Lineitem price', 'Lineitem sku', 'Vendor', 'Lineitem discount']) expect(r[col]).not.toBe('');
      }
    }
  });

  it('sells in USD, EUR and GBP', () => {
    const currencies = new Set(filesMatching(dir, /^shopify\/orders-export/).flatMap((f) => readCsv(f)).map((r) => r.Currency).filter(Boolean));
    expect([...currencies].sort()).toEqual(['EUR', 'GBP', 'USD']);
  });
});

describe('demo Amazon reports', () => {
  it('reports FBA and merchant orders as Amazon/Merchant with the marketplace in sales-channel', () => {
    for (const [mkt, channel, currency] of [['US', 'Amazon.com', 'USD'], ['DE', 'Amazon.de', 'EUR']]) {
      const rows = filesMatching(dir, new RegExp(`^amazon/${mkt}/all-orders`)).flatMap(readTsv);
      expect(new Set(rows.map((r) => r['fulfillment-channel']))).toEqual(new Set(['Amazon', 'Merchant']));
      expect(new Set(rows.map((r) => r['sales-channel']))).toEqual(new Set([channel]));
      expect(new Set(rows.map((r) => r.currency).filter(Boolean))).toEqual(new Set([currency]));
    }
  });

  it('leaves the money columns empty only on Pending orders, and cancels some orders', () => {
    const rows = filesMatching(dir, /all-orders/).flatMap(readTsv);
    for (const r of rows) expect(r['item-price'] === '').toBe(r['order-status'] === 'Pending');
    expect(rows.some((r) => r['order-status'] === 'Cancelled')).toBe(true);
  });

  it('writes every paid merchant-fulfilled order line into the order report, promising to ship within two business days', () => {
    for (const mkt of ['US', 'DE']) {
      const files = filesMatching(dir, new RegExp(`^amazon/${mkt}/merchant-orders`));
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) expect(firstLine(f)).toBe(MERCHANT_ORDER_REPORT_COLUMNS.join('\t'));
      const report = files.flatMap(readTsv);
      // the last 84 days (SMALL ends 2026-12-06: orders from 2026-09-14)
      const merchant = filesMatching(dir, new RegExp(`^amazon/${mkt}/all-orders`))
        .flatMap(readTsv)
        .filter((r) => r['fulfillment-channel'] === 'Merchant' && r['order-status'] !== 'Pending' && r['order-status'] !== 'Cancelled' && r['purchase-date'] >= '2026-09-14');
      expect(report.map((r) => `${r['order-id']}|${r.sku}`).sort()).toEqual(merchant.map((r) => `${r['amazon-order-id']}|${r.sku}`).sort());
      for (const r of report) {
        const hours = (Date.parse(r['latest-ship-date']) - Date.parse(r['purchase-date'])) / 3_600_000;
        // two business days after the order day, to its end in the seller's time zone
        expect(hours).toBeGreaterThan(24);
        expect(hours).toBeLessThan(6 * 24); // a Friday order: the end of Tuesday
      }
    }
  });

  it('dates the FBA and Shopify inventory snapshots by file time on the end date', () => {
    for (const f of result.stats.snapshotFiles) expect(statSync(join(dir, f)).mtime.toISOString().slice(0, 10)).toBe(SMALL.endDate);
    expect(result.stats.snapshotFiles.sort()).toEqual(['amazon/DE/fba-inventory.tsv', 'amazon/US/fba-inventory.tsv', 'shopify/inventory-export.csv']);
  });
});

describe('demo FBA Inventory Ledger', () => {
  it('rolls forward exactly to the FBA stock of the inventory files, with losses and damage to reconcile', () => {
    const stock = new Map<string, number>();
    for (const f of filesMatching(dir, /^crossdock\/inventory\//)) for (const r of readCsv(f)) stock.set(`${r.snapshot_date}|${r.location_id}|${r.sku}`, Number(r.on_hand));
    for (const [mkt, location] of [['US', 'FBA-US'], ['DE', 'FBA-DE']]) {
      const file = join(dir, `amazon/${mkt}/inventory-ledger.tsv`);
      expect(firstLine(file)).toBe(firstLine(join(REAL, 'amazon/airbyte_GET_LEDGER_DETAIL_VIEW_DATA.tsv')));
      const events = readTsv(file);
      const iso = (d: string) => `${d.slice(6)}-${d.slice(0, 2)}-${d.slice(3, 5)}`;
      const days = [...new Set(events.map((e) => iso(e.Date)))].sort();
      const opening = new Date(Date.parse(days[0]) - 86_400_000).toISOString().slice(0, 10);
      const closing = days[days.length - 1];
      const net = new Map<string, number>();
      for (const e of events) {
        expect(e.Country).toBe(mkt);
        net.set(e.MSKU, (net.get(e.MSKU) ?? 0) + Number(e.Quantity));
      }
      for (const [sku, units] of net) {
        // a SKU launched inside the ledger's days opens at 0
        expect([sku, (stock.get(`${opening}|${location}|${sku}`) ?? 0) + units]).toEqual([sku, stock.get(`${closing}|${location}|${sku}`)]);
      }
      const reasons = new Set(events.filter((e) => e.EventType === 'Adjustments').map((e) => e.Reason));
      for (const reason of reasons) expect(['M', 'E', 'F']).toContain(reason); // lost, damaged at the FC, found
      if (mkt === 'US') expect([reasons.has('M'), reasons.has('E')]).toEqual([true, true]);
    }
  });
});

describe('demo fee reports', () => {
  it('writes Amazon settlements of 14 days whose summary line leads with their total, in each marketplace\'s number format', () => {
    for (const mkt of ['US', 'DE']) {
      const files = filesMatching(dir, new RegExp(`^amazon/${mkt}/settlement-`));
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) {
        const [summary, ...amounts] = readTsv(f);
        expect(Object.keys(summary)).toEqual([...SETTLEMENT_REPORT_COLUMNS]);
        const number = (x: string) => Number(mkt === 'DE' ? x.replace(/\./g, '').replace(',', '.') : x);
        const cents = amounts.reduce((sum, a) => sum + Math.round(number(a.amount) * 100), 0);
        expect(Math.round(number(summary['total-amount']) * 100)).toBe(cents);
        expect(summary.currency).toBe(mkt === 'US' ? 'USD' : 'EUR');
        expect(new Set(amounts.map((a) => a['settlement-id']))).toEqual(new Set([summary['settlement-id']]));
        expect(amounts.some((a) => a['amount-description'] === 'Commission')).toBe(true);
      }
    }
  });

  it('writes the eBay transaction report with the real preamble shape and header, and Shopify Payments transactions', () => {
    const realHeader = readFileSync(join(REAL, 'ebay/transaction_report_preamble_and_header_only.csv'), 'utf8').trim().split(/\r?\n/).pop();
    const reports = filesMatching(dir, /^ebay\/transaction-report-/);
    expect(reports.length).toBeGreaterThan(0);
    for (const f of reports) {
      const lines = readFileSync(f, 'utf8').split('\r\n');
      expect(lines[0]).toBe('--,--,--,--,--,--,--,--,--,--,--,--,--');
      expect(lines[9]).toBe(realHeader);
    }
    for (const f of filesMatching(dir, /^shopify\/payments-transactions-/)) {
      const rows = readCsv(f);
      expect(rows.length).toBeGreaterThan(0);
      // 2.9 % + 0.30 in USD, 2.5 % + 0.25 otherwise
      for (const r of rows) expect(Number(r.Fee)).toBeCloseTo(Number(r.Amount) * (r.Currency === 'USD' ? 0.029 : 0.025) + (r.Currency === 'USD' ? 0.3 : 0.25), 2);
    }
  });
});

describe('demo ship-by promise', () => {
  it('ends on the second business day after the order day, at midnight in the marketplace', () => {
    const friday = Date.UTC(2026, 10, 27) / 86_400_000; // Black Friday 2026
    const cal = new Calendar(friday - 10, friday + 10);
    // Friday → Tuesday 23:59:59 PST = Wednesday 07:59:59 UTC; CET → 22:59:59 UTC
    expect(new Date(shipByTs(cal, friday, 'US') * 1000).toISOString()).toBe('2026-12-02T07:59:59.000Z');
    expect(new Date(shipByTs(cal, friday, 'DE') * 1000).toISOString()).toBe('2026-12-01T22:59:59.000Z');
  });
});

describe('demo returns', () => {
  it('includes customer comments that start like spreadsheet formulas (=, +, -, @)', () => {
    const fba = filesMatching(dir, /fba-returns/).flatMap(readTsv).map((r) => r['customer-comments']);
    const template = filesMatching(dir, /crossdock\/returns\//).flatMap((f) => readCsv(f)).map((r) => r.comment);
    const hostile = [...fba, ...template].filter((c) => /^[=+\-@]/.test(c));
    expect(hostile.length).toBeGreaterThan(0);
  });

  it('writes eBay and Shopify returns in the crossdock-returns template with the documented dispositions', () => {
    const rows = filesMatching(dir, /crossdock\/returns\//).flatMap((f) => readCsv(f));
    expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(['ebay', 'shopify']));
    for (const r of rows) {
      expect(['sellable', 'damaged', 'customer_damaged', 'carrier_damaged', 'defective', 'expired', 'unknown']).toContain(r.disposition);
      expect(r.restocked).toBe(String(r.disposition === 'sellable'));
      expect(r.returned_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
  });
});
