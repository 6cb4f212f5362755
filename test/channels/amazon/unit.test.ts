import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listingsFeed, merchantQuantity, patchRequest, type ProcessingReport } from '../../../pipeline/channels/amazon/api/listings';
import { afnChannelCode, isFbaListing, marketplaceId } from '../../../pipeline/channels/amazon/api/marketplaces';
import { mapProcessingReport } from '../../../pipeline/channels/amazon/writer/feed';
import { push } from '../../unit/channels/pushes';
import { REAL_FIXTURES } from '../../support/sharedDir';

const REAL = join(REAL_FIXTURES, 'amazon');

describe('amazon listings stock shapes', () => {
  it('patches with op merge on /attributes/fulfillment_availability, an array value and channel DEFAULT', () => {
    expect(patchRequest('PRODUCT', 12)).toEqual({
      productType: 'PRODUCT',
      patches: [{ op: 'merge', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 12 }] }],
    });
  });

  it('builds a JSON_LISTINGS_FEED shaped like Amazon\'s listings feed example', () => {
    const real = JSON.parse(readFileSync(join(REAL, 'listings-feed-schema-v2.example.json'), 'utf8'));
    const feed = listingsFeed('AXXXXXXXXXXXX', 'PRODUCT', [{ sku: 'A', quantity: 1 }, { sku: 'B', quantity: 0 }]);
    expect(Object.keys(feed)).toEqual(Object.keys(real));
    expect(feed.header).toMatchObject({ sellerId: 'AXXXXXXXXXXXX', version: real.header.version });
    expect(feed.messages.map((m) => [m.messageId, m.sku, m.operationType])).toEqual([[1, 'A', 'PATCH'], [2, 'B', 'PATCH']]);
    const schema = JSON.parse(readFileSync(join(REAL, 'listings-feed-schema-v2.json'), 'utf8'));
    expect(schema.properties.messages.maxItems).toBe(25000);
  });

  it('reads the DEFAULT quantity from getListingsItem (Amazon\'s example has 100)', () => {
    const example = JSON.parse(readFileSync(join(REAL, 'spapi_model_examples/listingsItems_2021-08-01__getListingsItem.json'), 'utf8'));
    expect(merchantQuantity(example.responses['200'].examples['application/json'])).toBe(100);
    expect(merchantQuantity({ fulfillmentAvailability: [{ fulfillmentChannelCode: 'AMAZON_NA' }] })).toBeNull();
  });

  it('maps Amazon\'s processing report example: message 4 and 5 failed, the accepted ones pending', () => {
    const report = JSON.parse(readFileSync(join(REAL, 'listings-feed-processing-report-schema-v2.example.json'), 'utf8')) as ProcessingReport;
    const rows = [1, 2, 3, 4, 5].map((n) => push({ change_id: `c${n}`, sku: `S${n}`, channel: 'amazon' }));
    const outcomes = mapProcessingReport(rows, '1234567890', report);
    expect(outcomes.map((o) => o.status)).toEqual(['pending_verification', 'pending_verification', 'pending_verification', 'failed', 'failed']);
    expect(outcomes[3].message).toMatch(/batteries_required.*supplier_declared_dg_hz_regulation/);
    expect(outcomes[4]).toMatchObject({ retryable: false, message: expect.stringMatching(/99022/) });
  });

  it('fails every row when the report has a feed-level error (no messageId)', () => {
    const report: ProcessingReport = { header: { sellerId: 'A', version: '2.0', feedId: 'F' }, issues: [{ code: '4002001', severity: 'ERROR', message: "Item 'Feed' cannot be parsed." }], summary: { errors: 1, warnings: 0, messagesProcessed: 0, messagesAccepted: 0, messagesInvalid: 0 } };
    expect(mapProcessingReport([push({}), push({ change_id: 'c2' })], 'F', report).every((o) => o.status === 'failed' && /4002001/.test(o.message!))).toBe(true);
  });

  it('maps marketplaces and recognises FBA listings', () => {
    expect(marketplaceId('us')).toBe('ATVPDKIKX0DER');
    expect(marketplaceId('A1PA6795UKMFR9')).toBe('A1PA6795UKMFR9');
    expect(() => marketplaceId('Mars')).toThrow(/unknown Amazon marketplace/);
    expect(afnChannelCode('A1PA6795UKMFR9')).toBe('AMAZON_EU');
    expect(isFbaListing('amazon:US:SKU-1:fba')).toBe(true);
    expect(isFbaListing('amazon:US:SKU-1:merchant')).toBe(false);
  });
});
