import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DemoResult } from '../../../pipeline/demo';
import { filesMatching, generate, readCsv, removeTempDirs, readTsv, SMALL } from './demoFixture';

let dir: string;
let result: DemoResult;
afterAll(removeTempDirs);
beforeAll(async () => {
  ({ dir, result } = await generate(SMALL));
});

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** eBay's `Nov-26-26` → `2026-11-26`. */
const ebayDate = (d: string): string => `20${d.slice(7, 9)}-${String(MONTHS.indexOf(d.slice(0, 3)) + 1).padStart(2, '0')}-${d.slice(4, 6)}`;
const addDays = (iso: string, n: number): string => new Date(Date.parse(iso + 'T00:00:00Z') + n * 86400000).toISOString().slice(0, 10);

function ebayRows(): Array<Record<string, string>> {
  return filesMatching(dir, /^ebay\/orders-report-/).flatMap((f) => {
    const lines = readFileSync(f, 'utf8').split('\r\n').slice(1, -3);
    return parse(lines.join('\n'), { columns: true }) as Array<Record<string, string>>;
  });
}

/** Units ordered per day (not cancelled), Amazon + Shopify, from the generated files. */
function unitsByDay(): Map<string, number> {
  const units = new Map<string, number>();
  const add = (day: string, n: number) => units.set(day, (units.get(day) ?? 0) + n);
  for (const r of filesMatching(dir, /all-orders/).flatMap(readTsv)) if (r['order-status'] !== 'Cancelled') add(r['purchase-date'].slice(0, 10), Number(r.quantity));
  for (const r of filesMatching(dir, /^shopify\/orders-export/).flatMap((f) => readCsv(f))) add(r['Created at'].slice(0, 10), Number(r['Lineitem quantity']));
  return units;
}

function sumDays(units: Map<string, number>, from: string, n: number): number {
  let total = 0;
  for (let i = 0; i < n; i++) total += units.get(addDays(from, i)) ?? 0;
  return total;
}

function inventoryRows(): Array<Record<string, string>> {
  return filesMatching(dir, /crossdock\/inventory\//).flatMap((f) => readCsv(f));
}

describe('demo demand', () => {
  it('sells more than twice as many units in Black Friday week as in an ordinary November week', () => {
    const units = unitsByDay();
    const ordinary = sumDays(units, '2026-11-01', 7); // Sun 1 … Sat 7 November
    const blackFridayWeek = sumDays(units, '2026-11-27', 7); // Black Friday … Thursday after Cyber Monday
    expect(ordinary).toBeGreaterThan(100);
    expect(blackFridayWeek).toBeGreaterThan(2 * ordinary);
  });

  it('peaks on 11.11 in the own Shopify store', () => {
    const perDay = new Map<string, number>();
    for (const r of filesMatching(dir, /^shopify\/orders-export/).flatMap((f) => readCsv(f))) {
      const day = r['Created at'].slice(0, 10);
      perDay.set(day, (perDay.get(day) ?? 0) + Number(r['Lineitem quantity']));
    }
    const weekBefore = sumDays(perDay, '2026-11-01', 7) / 7;
    expect(perDay.get('2026-11-11') ?? 0).toBeGreaterThan(1.6 * weekBefore);
  });
});

describe('demo stock', () => {
  it('writes one row per SKU, location and day with on_hand = available + reserved + unfulfillable, zero rows included', () => {
    const rows = inventoryRows();
    const perKey = new Map<string, Set<string>>();
    let zeroRows = 0;
    for (const r of rows) {
      const [onHand, available, reserved, unfulfillable, inbound] = [r.on_hand, r.available, r.reserved, r.unfulfillable, r.inbound].map(Number);
      expect(Math.min(onHand, available, reserved, unfulfillable, inbound)).toBeGreaterThanOrEqual(0);
      expect(onHand).toBe(available + reserved + unfulfillable);
      if (onHand === 0) zeroRows++;
      const key = `${r.sku}|${r.location_id}`;
      perKey.set(key, (perKey.get(key) ?? new Set()).add(r.snapshot_date));
    }
    expect(zeroRows).toBeGreaterThan(0);
    // no gaps: each SKU × location has every day from its first row to the end date
    for (const days of perKey.values()) {
      const first = [...days].sort()[0];
      const span = Math.round((Date.parse(SMALL.endDate + 'T00:00:00Z') - Date.parse(first + 'T00:00:00Z')) / 86400000) + 1;
      expect(days.size).toBe(span);
    }
  });

  it('keeps dead-stock SKUs in stock every day without a single order on any channel', () => {
    const dead = result.stats.deadSkus;
    expect(dead.length).toBeGreaterThan(0);
    const ordered = new Set<string>([
      ...filesMatching(dir, /all-orders/).flatMap(readTsv).map((r) => r.sku),
      ...filesMatching(dir, /^shopify\/orders-export/).flatMap((f) => readCsv(f)).map((r) => r['Lineitem sku']),
      ...ebayRows().map((r) => r['Custom Label']),
    ]);
    const onHandByDay = new Map<string, number>();
    for (const r of inventoryRows()) {
      if (!dead.includes(r.sku)) continue;
      const key = `${r.sku}|${r.snapshot_date}`;
      onHandByDay.set(key, (onHandByDay.get(key) ?? 0) + Number(r.on_hand));
    }
    for (const sku of dead) {
      expect(ordered.has(sku)).toBe(false);
      for (let i = 0; i < SMALL.days!; i++) expect(onHandByDay.get(`${sku}|${addDays(SMALL.endDate!, -i)}`)).toBeGreaterThan(0);
    }
  });

  it('misroutes FBA-US replenishment of fast SKUs to 3PL-US: the 3PL jumps, FBA gets nothing more on the way', () => {
    const { misrouted } = result.stats;
    expect(misrouted.length).toBeGreaterThan(0);
    const rows = inventoryRows();
    const at = (day: string, location: string, sku: string) => rows.find((r) => r.snapshot_date === day && r.location_id === location && r.sku === sku)!;
    for (const m of misrouted) {
      expect(m.day).toBe(addDays(SMALL.endDate!, -40));
      const before = at(addDays(m.day, -1), '3PL-US', m.sku);
      // the units land at the start of the day; that day's sales leave less than all of them
      expect(Number(at(m.day, '3PL-US', m.sku).available) - Number(before.available)).toBeGreaterThan(m.units * 0.8);
      for (const r of rows.filter((x) => x.location_id === 'FBA-US' && x.sku === m.sku && x.snapshot_date >= m.day)) expect(Number(r.inbound)).toBe(0);
    }
  });

  it('contains an oversell episode: eBay orders accepted while the feeding 3PL had nothing available', () => {
    const feeds = new Map(readCsv(join(dir, 'crossdock/listings.csv')).filter((l) => l.channel === 'ebay').map((l) => [`${l.marketplace}|${l.sku}`, l.location_id]));
    const available = new Map(inventoryRows().map((r) => [`${r.snapshot_date}|${r.location_id}|${r.sku}`, Number(r.available)]));
    const oversold = ebayRows().filter((r) => {
      if (!r['Custom Label']) return false; // an order's summary row
      const day = ebayDate(r['Sale Date']);
      const loc = feeds.get(`US|${r['Custom Label']}`);
      // nothing left at the end of the day before, nor at the end of the sale day
      return loc !== undefined && available.get(`${addDays(day, -1)}|${loc}|${r['Custom Label']}`) === 0 && available.get(`${day}|${loc}|${r['Custom Label']}`) === 0;
    });
    expect(oversold.length).toBeGreaterThan(0);
    expect(new Set(oversold.map((r) => r['Custom Label']))).toEqual(new Set([result.stats.oversell!.sku]));
    // the oversold orders shipped only once the stock arrived
    for (const r of oversold) {
      expect(r['Shipped On Date']).toMatch(/^[A-Z][a-z]{2}-\d\d-\d\d$/);
      expect(ebayDate(r['Shipped On Date']) > addDays(ebayDate(r['Sale Date']), 1)).toBe(true);
    }
  });
});

describe('demo returns', () => {
  const fbaReturns = () => filesMatching(dir, /fba-returns/).flatMap(readTsv);
  const categoryOf = () => new Map(readCsv(join(dir, 'crossdock/skus.csv')).map((s) => [s.sku, s.category]));

  it('gives apparel mostly size and style reasons and electronics mostly DEFECTIVE', () => {
    const cat = categoryOf();
    const rows = fbaReturns().filter((r) => !result.stats.badListingSkus.includes(r.sku));
    const apparel = rows.filter((r) => cat.get(r.sku) === 'Apparel');
    const electronics = rows.filter((r) => cat.get(r.sku) === 'Electronics Accessories');
    expect(apparel.length).toBeGreaterThan(30);
    expect(electronics.length).toBeGreaterThan(15);
    expect(apparel.filter((r) => r.reason.startsWith('APPAREL_')).length / apparel.length).toBeGreaterThan(0.4);
    const counts = new Map<string, number>();
    for (const r of electronics) counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1);
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
    expect(top).toBe('DEFECTIVE');
  });

  it('returns the misleading listings mostly as NOT_AS_DESCRIBED', () => {
    const bad = new Set(result.stats.badListingSkus);
    expect(bad.size).toBeGreaterThan(0);
    const rows = fbaReturns();
    const badRows = rows.filter((r) => bad.has(r.sku));
    const otherRows = rows.filter((r) => !bad.has(r.sku));
    const nad = (rs: typeof rows) => rs.filter((r) => r.reason === 'NOT_AS_DESCRIBED').length / rs.length;
    expect(badRows.length).toBeGreaterThan(10);
    expect(nad(badRows)).toBeGreaterThan(0.4);
    expect(nad(otherRows)).toBeLessThan(0.1);
  });

  it('puts back into FBA stock only SELLABLE returns (Unit returned to inventory / Repackaged)', () => {
    for (const r of fbaReturns()) {
      if (r['detailed-disposition'] === 'DAMAGED' || r['detailed-disposition'] === 'CARRIER_DAMAGED') expect(r.status).toBe('Reimbursed');
      else expect(['Unit returned to inventory', 'Repackaged Successfully']).toContain(r.status);
      expect(r['license-plate-number']).toMatch(/^LPN[A-Z0-9]{10}$/);
    }
  });
});
