import { closest, identify, normaliseHeaderName } from '../../../pipeline/ingest/detect';
import { REPORTS, reportByKind } from '../../../pipeline/ingest/registry';
import { detectEncoding, identifyHeader, looksLikeUtf16 } from '../../../pipeline/ingest/sniff';

const ALL_ORDERS_HEADER = 'amazon-order-id\tmerchant-order-id\tpurchase-date\tlast-updated-date\torder-status\tfulfillment-channel\tsales-channel\torder-channel\turl\tship-service-level\tproduct-name\tsku\tasin\titem-status\tquantity\tcurrency\titem-price';

describe('report detection', () => {
  it('normalises header cells: BOM, quotes, spaces and case', () => {
    expect(normaliseHeaderName('\uFEFF"Sales Record Number" ')).toBe('sales record number');
  });

  it('identifies every report by its header, whatever the column order', () => {
    const header = ALL_ORDERS_HEADER.split('\t').reverse();
    expect(identify(header, REPORTS)?.kind).toBe('amazon/all_orders');
  });

  it('tells the two Shopify inventory layouts apart', () => {
    const current = 'Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Option3 Name,Option3 Value,SKU,HS Code,COO,Location,Incoming,Unavailable,Committed,Available,On hand'.split(',');
    const older = 'Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Option3 Name,Option3 Value,SKU,HS Code,COO,Main Warehouse,Pop-up'.split(',');
    expect(identify(current, REPORTS)?.kind).toBe('shopify/inventory');
    expect(identify(older, REPORTS)?.kind).toBe('shopify/inventory_by_location');
  });

  it('accepts either order column of the FBA returns report', () => {
    const base = ['return-date', 'sku', 'asin', 'quantity', 'detailed-disposition', 'reason'];
    expect(identify([...base, 'order-id'], REPORTS)?.kind).toBe('amazon/fba_returns');
    expect(identify([...base, 'amazon-order-id'], REPORTS)?.kind).toBe('amazon/fba_returns');
    expect(identify(base, REPORTS)).toBeUndefined();
  });

  it('names the closest kind and exactly its missing columns', () => {
    const near = closest([['return-date', 'sku', 'quantity', 'reason']], REPORTS);
    expect(near?.spec.kind).toBe('amazon/fba_returns');
    expect(near?.missing).toEqual(['detailed-disposition', 'order-id or amazon-order-id']);
  });

  it('finds the header after eBay preamble lines and counts the lines to skip', () => {
    const text = ',,,,\n\n"Sales Record Number","Order Number",Custom Label,"Quantity","Sold For","Sale Date"\n1,12-1,SKU,1,$1.00,Nov-26-24\n';
    const sniffed = identifyHeader('x.csv', text, 'utf-8', REPORTS);
    expect(sniffed.spec.kind).toBe('ebay/orders');
    expect(sniffed.skipLines).toBe(3);
    expect(sniffed.header).toContain('Custom Label');
  });

  it('decides UTF-8, Latin-1 or Windows-1252 from the bytes', () => {
    expect(detectEncoding(Buffer.from('Café €', 'utf8'), true)).toBe('utf-8');
    expect(detectEncoding(Buffer.from([0x43, 0x61, 0x66, 0xe9]), true)).toBe('latin-1');
    expect(detectEncoding(Buffer.from([0x32, 0x30, 0x80]), true)).toBe('windows-1252');
    // a multi-byte character cut at the end of a partial sample is still UTF-8
    expect(detectEncoding(Buffer.from('ab€', 'utf8').subarray(0, 4), false)).toBe('utf-8');
  });

  it('registers one spec per kind', () => {
    const kinds = REPORTS.map((r) => r.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(reportByKind('crossdock/fx')?.target).toBe('fx_rate');
  });
});

describe('refusals that say what the file is and what to do', () => {
  const shopifyInventory = 'Handle,Title,Option1 Name,Option1 Value,Option2 Name,Option2 Value,Option3 Name,Option3 Value,SKU,HS Code,COO,Location,Incoming,Unavailable,Committed,Available,On hand';

  it('names the report and the separator when a known header uses another one', () => {
    expect(() => identifyHeader('inv.csv', `${shopifyInventory.replaceAll(',', ';')}\nx;y\n`, 'utf-8', REPORTS)).toThrow(
      'inv.csv: the header is that of Shopify inventory export (shopify/inventory), but its columns are separated by semicolons where that report uses commas.',
    );
    // an Amazon TSV re-saved with commas
    expect(() => identifyHeader('orders.csv', `${ALL_ORDERS_HEADER.replaceAll('\t', ',')}\n`, 'utf-8', REPORTS)).toThrow(
      /header is that of Amazon All Orders report \(amazon\/all_orders\), but its columns are separated by commas where that report uses tabs/,
    );
    // and a CSV re-saved with tabs: before, "which lacks column(s): ." with an empty list
    expect(() => identifyHeader('inv.txt', `${shopifyInventory.replaceAll(',', '\t')}\n`, 'utf-8', REPORTS)).toThrow(/separated by tabs where that report uses commas/);
  });

  it('says the closest kind has all its columns when a column it never has rules it out', () => {
    const header = 'Handle,Title,Option1 Name,SKU,Variant SKU';
    expect(() => identifyHeader('x.csv', `${header}\n`, 'utf-8', REPORTS)).toThrow(
      'x.csv: the header matches no supported report. The closest known kind is Shopify inventory export (one column per location) (shopify/inventory_by_location), whose columns it has, but also variant sku, which that report never has.',
    );
  });

  it('refuses a header that names a column the report reads twice', () => {
    const header = 'sku,title,category,unit_cost,cost_currency,lead_time_days,SKU';
    expect(() => identifyHeader('skus.csv', `${header}\n`, 'utf-8', REPORTS)).toThrow(
      'skus.csv: the header of this Crossdock SKU master template names column "sku" 2 times (columns 1, 7); Crossdock cannot tell which one holds the data.',
    );
  });

  it('recognises UTF-16 without a byte-order mark instead of calling it binary', () => {
    const text = 'sku,title,category,unit_cost,cost_currency,lead_time_days\nA,Mug,K,1,USD,3\n';
    expect(looksLikeUtf16(Buffer.from(text, 'utf16le'))).toBe('little-endian');
    expect(looksLikeUtf16(Buffer.from(text, 'utf16le').swap16())).toBe('big-endian');
    expect(looksLikeUtf16(Buffer.from(text, 'utf8'))).toBeNull();
    expect(looksLikeUtf16(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0x14, 0, 0x06, 0, 0, 0, 0x21, 0, 0xab, 0xcd]))).toBeNull(); // a zip (xlsx) header
  });
});
