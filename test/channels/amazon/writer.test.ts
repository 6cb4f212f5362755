import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createAmazonSandbox, SANDBOX_SELLER_ID, type AmazonSandbox } from '../../../pipeline/channels/amazon/sandbox';
import { createAmazonWriter, type AmazonWriterOptions } from '../../../pipeline/channels/amazon/writer';
import { ManualClock } from '../../../pipeline/channels/http/clock';
import { amazonListings, pushesFor, waitFor } from '../../integration/channels/listings';
import { shapeMismatches } from '../../integration/channels/shapes';
import { REAL_FIXTURES } from '../../support/sharedDir';

const TOKEN = 'Atza|sandbox-access-token-0001';
const REAL = join(REAL_FIXTURES, 'amazon');
const example = (file: string) => JSON.parse(readFileSync(join(REAL, file), 'utf8'));

describe('amazon writer against the amazon sandbox', () => {
  let sandbox: AmazonSandbox;
  // One clock for the sandbox (apply delay, feed processing, its rate limits) and the writer (its
  // limiter, back-off, feed polling, request timeouts): time moves only when the writer waits or
  // the test advances it, so a busy machine cannot reorder what a test expects.
  let clock: ManualClock;
  afterEach(async () => sandbox?.stop());

  async function start(listings = amazonListings(3), options: Parameters<typeof createAmazonSandbox>[1] = {}) {
    clock = new ManualClock(Date.parse('2026-11-26T08:00:00Z'));
    sandbox = createAmazonSandbox(listings, { accessToken: TOKEN, applyDelayMs: 300, feedQueueMs: 30, feedProcessingMs: 60, clock, ...options });
    await sandbox.start();
    return listings;
  }
  const writer = (extra: Partial<AmazonWriterOptions> = {}) =>
    createAmazonWriter({
      baseUrl: sandbox.url,
      credentials: { accessToken: TOKEN },
      sellerId: SANDBOX_SELLER_ID,
      ...extra,
      limits: { feedPollIntervalMs: 20, ...extra.limits },
      http: { clock, backoff: { baseMs: 20, maxMs: 200 }, ...extra.http },
    });

  it('reports ACCEPTED patches as pending_verification, and read sees the quantity only after Amazon applies it', async () => {
    const listings = await start();
    const w = writer();
    const pushes = pushesFor(listings, (i) => 20 + i);
    const outcomes = await w.push(pushes, { idempotencyKey: 'k' });
    expect(outcomes.map((o) => o.status)).toEqual(['pending_verification', 'pending_verification', 'pending_verification']);
    expect((await w.read(pushes)).map((r) => r.quantity)).toEqual([10, 10, 10]);
    clock.advance(300); // the sandbox's apply delay
    expect((await w.read(pushes)).map((r) => r.quantity)).toEqual([20, 21, 22]);
  });

  it('keeps a Login with Amazon access token fresh: one exchange per hour, and the sandbox refuses an expired one', async () => {
    const listings = await start(amazonListings(2));
    const w = writer({
      credentials: { lwa: { clientId: 'amzn1.application-oa2-client.test', clientSecret: 'test-client-secret', refreshToken: 'Atzr|test-refresh', lwaUrl: `${sandbox.url}/_lwa/o2/token` } },
    });
    const tokens: string[] = [];
    const original = global.fetch;
    const spy = jest.spyOn(global, 'fetch').mockImplementation(async (url, init) => {
      const token = (init?.headers as Record<string, string> | undefined)?.['x-amz-access-token'];
      if (token) tokens.push(token);
      return original(url, init);
    });
    try {
      const first = await w.push(pushesFor(listings, (i) => 30 + i), { idempotencyKey: 'a' });
      expect(first.map((o) => o.status)).toEqual(['pending_verification', 'pending_verification']);
      await w.push(pushesFor(listings, (i) => 40 + i).map((r) => ({ ...r, expected_quantity: null })), { idempotencyKey: 'b' }); // no pre-read: counts token use only
      expect(sandbox.callCount('lwaToken')).toBe(1); // reused within the hour
      const stale = tokens[0];
      clock.advance(3600_000);
      const later = await w.push(pushesFor(listings, (i) => 50 + i).map((r) => ({ ...r, expected_quantity: null })), { idempotencyKey: 'c' });
      expect(later.map((o) => o.status)).toEqual(['pending_verification', 'pending_verification']);
      expect(sandbox.callCount('lwaToken')).toBe(2);
      expect(tokens.at(-1)).not.toBe(stale);
      const refused = await original(`${sandbox.url}/listings/2021-08-01/items/${SANDBOX_SELLER_ID}/SKU-0?marketplaceIds=ATVPDKIKX0DER`, { headers: { 'x-amz-access-token': stale } });
      expect(refused.status).toBe(403);
      expect(JSON.stringify(await refused.json())).toContain('has expired');
    } finally {
      spy.mockRestore();
    }
  });

  it('sends a merge patch of fulfillment_availability with the DEFAULT channel code', async () => {
    const listings = await start();
    let seen: unknown;
    const original = global.fetch;
    const spy = jest.spyOn(global, 'fetch').mockImplementation(async (url, init) => {
      if (init?.method === 'PATCH') seen = { url: String(url), body: JSON.parse(String(init.body)) };
      return original(url, init);
    });
    try {
      await writer().push(pushesFor(listings.slice(0, 1), () => 12), { idempotencyKey: 'k' });
    } finally {
      spy.mockRestore();
    }
    expect(seen).toEqual({
      url: `${sandbox.url}/listings/2021-08-01/items/${SANDBOX_SELLER_ID}/SKU-0?marketplaceIds=ATVPDKIKX0DER&includedData=issues`,
      body: { productType: 'PRODUCT', patches: [{ op: 'merge', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 12 }] }] },
    });
  });

  it('keeps to 5 patches per second, so 12 patches take at least 1.4 s and meet no QuotaExceeded', async () => {
    const listings = await start(amazonListings(12));
    const started = clock.now();
    const outcomes = await writer().push(pushesFor(listings, () => 1), { idempotencyKey: 'k' });
    expect(clock.now() - started).toBeGreaterThanOrEqual(1400); // burst 5, then one every 200 ms
    expect(outcomes.every((o) => o.status === 'pending_verification')).toBe(true);
    expect(sandbox.callCount('patchListingsItem')).toBe(12);
  });

  it('retries 429 QuotaExceeded with back-off when the client limiter is set too high', async () => {
    const listings = await start(amazonListings(15));
    const outcomes = await writer({ limits: { rates: { patchListingsItem: { ratePerSecond: 100, burst: 100 } }, concurrency: 15 }, http: { maxRetries: 12, backoff: { baseMs: 100, maxMs: 1000 } } }).push(
      pushesFor(listings, () => 3),
      { idempotencyKey: 'k' },
    );
    expect(outcomes.every((o) => o.status === 'pending_verification')).toBe(true);
    expect(sandbox.callCount('patchListingsItem')).toBeGreaterThan(15); // some answers were 429 and were resent
  });

  it('refuses FBA rows without sending them, even when asked', async () => {
    const listings = [...amazonListings(1), ...amazonListings(1, 0, 'fba').map((l) => ({ ...l, sku: 'FBA-1', listing_id: 'amazon:US:FBA-1:fba' }))];
    await start(listings);
    const outcomes = await writer().push(pushesFor(listings, () => 5), { idempotencyKey: 'k' });
    expect(outcomes[0].status).toBe('pending_verification');
    expect(outcomes[1]).toMatchObject({ status: 'failed', retryable: false, message: expect.stringMatching(/FBA/) });
    expect(sandbox.callCount('patchListingsItem')).toBe(1);
  });

  it('has the sandbox refuse a quantity patch on an AFN listing, or add a DEFAULT entry in add_default mode', async () => {
    const fba = amazonListings(1, 0, 'fba');
    await start(fba);
    const body = { productType: 'PRODUCT', patches: [{ op: 'merge', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 4 }] }] };
    const url = `${sandbox.url}/listings/2021-08-01/items/${SANDBOX_SELLER_ID}/SKU-0?marketplaceIds=ATVPDKIKX0DER`;
    const refused = await (await fetch(url, { method: 'PATCH', headers: { 'x-amz-access-token': TOKEN, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
    expect(refused).toMatchObject({ status: 'INVALID', issues: [{ severity: 'ERROR', code: '90244' }] });
    await sandbox.stop();

    await start(fba, { afnBehaviour: 'add_default', applyDelayMs: 0 });
    const accepted = await (await fetch(url.replace(/http:\/\/[^/]+/, sandbox.url), { method: 'PATCH', headers: { 'x-amz-access-token': TOKEN, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
    expect(accepted.status).toBe('ACCEPTED');
    const item = await (await fetch(`${url.replace(/http:\/\/[^/]+/, sandbox.url)}&includedData=fulfillmentAvailability`, { headers: { 'x-amz-access-token': TOKEN } })).json();
    expect(item.fulfillmentAvailability).toEqual([{ fulfillmentChannelCode: 'AMAZON_NA' }, { fulfillmentChannelCode: 'DEFAULT', quantity: 4 }]);
  });

  it('sends a large push as one JSON_LISTINGS_FEED and maps the processing report per row', async () => {
    const listings = [...amazonListings(400), ...amazonListings(1, 0, 'fba').map((l) => ({ ...l, sku: 'FBA-X', listing_id: 'amazon:US:FBA-X:merchant' }))];
    await start(listings, { gzipReports: true });
    const outcomes = await writer({ limits: { feedThreshold: 300 } }).push(pushesFor(listings, () => 9), { idempotencyKey: 'k' });
    expect(sandbox.callCount('createFeed')).toBe(1);
    expect(sandbox.callCount('patchListingsItem')).toBe(0);
    expect(outcomes.slice(0, 400).every((o) => o.status === 'pending_verification')).toBe(true);
    expect(outcomes[400]).toMatchObject({ status: 'failed', retryable: false, message: expect.stringMatching(/message 401 .*90244/) });
    expect(sandbox.quantities().slice(0, 400).every((q) => q.quantity === 10)).toBe(true); // accepted, not applied yet
    clock.advance(300); // the apply delay after the feed is DONE
    expect(sandbox.quantities().slice(0, 400).every((q) => q.quantity === 9)).toBe(true);
  });

  it('reports rows pending when the feed is still IN_PROGRESS at the writer timeout', async () => {
    const listings = await start(amazonListings(5), { feedProcessingMs: 60_000 });
    const outcomes = await writer({ limits: { feedThreshold: 2, feedTimeoutMs: 200 } }).push(pushesFor(listings, () => 2), { idempotencyKey: 'k' });
    expect(outcomes.every((o) => o.status === 'pending_verification' && /IN_PROGRESS/.test(o.message ?? ''))).toBe(true);
  });

  it('does not resend a patch whose answer was lost: it answers unknown for the core to read back', async () => {
    const listings = await start(amazonListings(1), { applyDelayMs: 5000, faults: { hangRate: 1, hangPhase: 'after' } });
    // expected_quantity null: no read before the patch, so the hang hits the patch itself
    const pending = writer({ http: { timeoutMs: 300 } }).push(pushesFor(listings, () => 31).map((r) => ({ ...r, expected_quantity: null })), { idempotencyKey: 'k' });
    await waitFor(() => sandbox.callCount('patchListingsItem') >= 1);
    sandbox.configureFaults({ hangRate: 0 });
    clock.advance(300); // no answer within the writer's timeout
    const [outcome] = await pending;
    expect(outcome).toMatchObject({ status: 'unknown', message: expect.stringMatching(/timed out/) });
    expect(sandbox.callCount('patchListingsItem')).toBe(1);
    expect(sandbox.callCount('getListingsItem')).toBe(0);
  });

  describe('answers shaped like the SP-API model examples', () => {
    const headers = { 'x-amz-access-token': TOKEN, 'content-type': 'application/json' };
    const item = (path: string) => `${sandbox.url}/listings/2021-08-01/items/${SANDBOX_SELLER_ID}/${path}`;

    it('patchListingsItem ACCEPTED and getListingsItem match listingsItems_2021-08-01 examples', async () => {
      await start();
      const patchExample = example('spapi_model_examples/listingsItems_2021-08-01__patchListingsItem.json').responses['200'].examples['application/json'];
      const getExample = example('spapi_model_examples/listingsItems_2021-08-01__getListingsItem.json').responses['200'].examples['application/json'];
      const body = { productType: 'PRODUCT', patches: [{ op: 'merge', path: '/attributes/fulfillment_availability', value: [{ fulfillment_channel_code: 'DEFAULT', quantity: 4 }] }] };
      const patched = await (await fetch(`${item('SKU-0')}?marketplaceIds=ATVPDKIKX0DER`, { method: 'PATCH', headers, body: JSON.stringify(body) })).json();
      expect(shapeMismatches(patched, patchExample)).toEqual([]);
      expect(patched.status).toBe('ACCEPTED');
      const got = await (await fetch(`${item('SKU-0')}?marketplaceIds=ATVPDKIKX0DER&includedData=summaries,fulfillmentAvailability,issues,offers`, { headers })).json();
      expect(shapeMismatches(got, getExample)).toEqual([]);
      const notFound = await fetch(`${item('NOPE')}?marketplaceIds=ATVPDKIKX0DER`, { headers });
      expect(notFound.status).toBe(404);
      const errorExample = example('spapi_model_examples/listingsItems_2021-08-01__getListingsItem.json').responses['400'].sandbox_static[0].response;
      expect(shapeMismatches(await notFound.json(), errorExample)).toEqual([]);
    });

    it('the feed flow answers like feeds_2021-06-30 and the report like the listings feed processing report example', async () => {
      await start();
      const sandboxStatic = (file: string, status: string) => example(`spapi_model_examples/${file}`).responses[status].sandbox_static[0].response;
      const doc = await (await fetch(`${sandbox.url}/feeds/2021-06-30/documents`, { method: 'POST', headers, body: JSON.stringify({ contentType: 'application/json; charset=UTF-8' }) })).json();
      expect(shapeMismatches(doc, sandboxStatic('feeds_2021-06-30__createFeedDocument.json', '201'))).toEqual([]);
      const feedBody = { header: { sellerId: SANDBOX_SELLER_ID, version: '2.0' }, messages: [{ messageId: 1, sku: 'SKU-0', operationType: 'PATCH', productType: 'PRODUCT', patches: [{ op: 'merge', path: '/attributes/fulfillment_availability', value: [{ quantity: 3 }] }] }] };
      expect((await fetch(doc.url, { method: 'PUT', headers: { 'content-type': 'application/json; charset=UTF-8' }, body: JSON.stringify(feedBody) })).status).toBe(200);
      const created = await (await fetch(`${sandbox.url}/feeds/2021-06-30/feeds`, { method: 'POST', headers, body: JSON.stringify({ feedType: 'JSON_LISTINGS_FEED', marketplaceIds: ['ATVPDKIKX0DER'], inputFeedDocumentId: doc.feedDocumentId }) })).json();
      expect(shapeMismatches(created, sandboxStatic('feeds_2021-06-30__createFeed.json', '202'))).toEqual([]);
      let feed: Record<string, unknown> = {};
      clock.advance(150); // past queue 30 ms + processing 60 ms
      feed = await (await fetch(`${sandbox.url}/feeds/2021-06-30/feeds/${created.feedId}`, { headers })).json();
      expect(feed.processingStatus).toBe('DONE');
      const { marketplaceIds, resultFeedDocumentId, ...common } = feed;
      expect(marketplaceIds).toEqual(['ATVPDKIKX0DER']);
      expect(typeof resultFeedDocumentId).toBe('string');
      expect(shapeMismatches(common, sandboxStatic('feeds_2021-06-30__getFeed.json', '200'))).toEqual([]);
      const reportDoc = await (await fetch(`${sandbox.url}/feeds/2021-06-30/documents/${resultFeedDocumentId}`, { headers })).json();
      expect(shapeMismatches(reportDoc, sandboxStatic('feeds_2021-06-30__getFeedDocument.json', '200'))).toEqual([]);
      const raw = Buffer.from(await (await fetch(reportDoc.url)).arrayBuffer());
      const report = JSON.parse((reportDoc.compressionAlgorithm === 'GZIP' ? gunzipSync(raw) : raw).toString('utf8'));
      const reportExample = example('listings-feed-processing-report-schema-v2.example.json');
      expect(shapeMismatches({ header: report.header, issues: report.issues, summary: report.summary }, reportExample)).toEqual([]);
      expect(report.issues[0]).toMatchObject({ messageId: 1, sku: 'SKU-0', code: '99022', severity: 'ERROR' });
      expect(report.summary).toEqual({ errors: 1, warnings: 0, messagesProcessed: 1, messagesAccepted: 0, messagesInvalid: 1 });
      const bad = await fetch(`${sandbox.url}/feeds/2021-06-30/feeds`, { method: 'POST', headers, body: JSON.stringify({ marketplaceIds: ['ATVPDKIKX0DER'], inputFeedDocumentId: 'badDocumentId' }) });
      expect(bad.status).toBe(400);
      expect(shapeMismatches(await bad.json(), sandboxStatic('feeds_2021-06-30__createFeed.json', '400'))).toEqual([]);
    });
  });
});
