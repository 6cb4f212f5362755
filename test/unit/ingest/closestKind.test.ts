import { identifyHeader } from '../../../pipeline/ingest/sniff';
import { REPORTS } from '../../../pipeline/ingest/registry';

/** The refusal message for a one-line file with this header. */
function refusal(header: string): string {
  try {
    identifyHeader('x.csv', `${header}\n`, 'utf-8', REPORTS);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`${header} was recognised`);
}

describe('the "closest known kind" hint names only a kind the file shares distinctive columns with', () => {
  it('suggests no kind for columns that most reports have (sku, title, quantity, currency, order-id)', () => {
    // sku,title has half of the per-location Shopify inventory export's columns, but only one of its
    // three that few reports name (handle, title, option1 name): it is no Shopify export.
    for (const header of ['sku,title', 'SKU,Title,Quantity', 'sku,quantity,currency,order-id']) {
      expect(refusal(header)).toMatch(/^x\.csv: the header matches no supported report: no known kind has most of its columns \(the first header-like line has: /);
    }
  });

  it('still names the report a file shares its distinctive columns with, and what it lacks', () => {
    expect(refusal('Handle,Title,SKU')).toBe(
      'x.csv: the header matches no supported report. The closest known kind is Shopify inventory export (one column per location) (shopify/inventory_by_location), which lacks column(s): option1 name. See docs/ingest.md for the supported files.',
    );
    expect(refusal('return-date,sku,quantity,reason')).toContain('The closest known kind is Amazon FBA customer returns report (amazon/fba_returns), which lacks column(s): detailed-disposition, order-id or amazon-order-id.');
  });
});
