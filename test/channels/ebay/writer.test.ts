import { createEbaySandbox, type EbaySandbox } from '../../../pipeline/channels/ebay/sandbox';
import { createEbayWriter, type EbayWriterOptions } from '../../../pipeline/channels/ebay/writer';
import { ManualClock } from '../../../pipeline/channels/http/clock';
import type { SandboxListing } from '../../../pipeline/channels/sandbox/listings';
import { ebayListings, pushesFor, waitFor } from '../../integration/channels/listings';

const TOKEN = 'v^1.1#i^1#user-token-for-tests';

describe('ebay writer against the ebay sandbox', () => {
  let sandbox: EbaySandbox;
  afterEach(async () => sandbox?.stop());

  async function start(listings: SandboxListing[], options: Parameters<typeof createEbaySandbox>[1] = {}) {
    sandbox = createEbaySandbox(listings, { accessToken: TOKEN, ...options });
    await sandbox.start();
    return listings;
  }
  const writer = (extra: Partial<EbayWriterOptions> = {}) =>
    createEbayWriter({ baseUrl: sandbox.url, credentials: { accessToken: TOKEN }, http: { backoff: { baseMs: 5, maxMs: 50 } }, ...extra });

  it('sets 60 listings in 3 calls of at most 25 SKUs, raising a SKU\'s shared quantity only where a listing goes above it', async () => {
    const listings = await start(ebayListings(60));
    const outcomes = await writer().push(pushesFor(listings, (i) => i), { idempotencyKey: 'k' });
    expect(outcomes.every((o) => o.status === 'applied')).toBe(true);
    expect(sandbox.callCount('bulkUpdatePriceQuantity')).toBe(3);
    expect(sandbox.quantities().map((q) => q.quantity)).toEqual(listings.map((_, i) => i));
    // 10 → 7 goes through the offer alone; 10 → 40 raises the SKU's shared quantity to 40.
    expect([sandbox.store.items.get('SKU-7')!.shipToQuantity, sandbox.store.offers.get(listings[7].channel_offer_id!)!.availableQuantity]).toEqual([10, 7]);
    expect([sandbox.store.items.get('SKU-40')!.shipToQuantity, sandbox.store.offers.get(listings[40].channel_offer_id!)!.availableQuantity]).toEqual([40, 40]);
    // The raises read each call's SKU quantities in one bulk call and each raised SKU's offers once.
    expect([sandbox.callCount('bulkGetInventoryItem'), sandbox.callCount('getOffers')]).toEqual([3, 49]);
  });

  it('reads each responses[].statusCode of a 207: the unknown offer fails, the others apply', async () => {
    const listings = await start(ebayListings(3));
    const pushes = pushesFor(listings, () => 5);
    pushes[1].channel_offer_id = '404404404';
    const outcomes = await writer().push(pushes, { idempotencyKey: 'k' });
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'failed', 'applied']);
    expect(outcomes[1]).toMatchObject({ retryable: false });
    expect(outcomes[1].message).toMatch(/25710/);
    // 10 → 5 goes through the offers alone: the SKU's shared quantity is left as it was.
    expect(sandbox.store.items.get('SKU-1')!.shipToQuantity).toBe(10);
    expect(sandbox.store.offers.get(listings[1].channel_offer_id!)!.availableQuantity).toBe(10);
  });

  it('marks rows hit by eBay system errors (25001 inside HTTP 207) as retryable failures', async () => {
    const listings = await start(ebayListings(25), { faults: { errorRate: 0.3, seed: 3 } });
    const outcomes = await writer().push(pushesFor(listings, () => 1), { idempotencyKey: 'k' });
    const failedRows = outcomes.filter((o) => o.status === 'failed');
    expect(failedRows.length).toBeGreaterThan(0);
    expect(outcomes.some((o) => o.status === 'applied')).toBe(true);
    for (const o of failedRows) expect(o).toMatchObject({ retryable: true, message: expect.stringMatching(/25001/) });
    outcomes.forEach((o, i) => {
      if (o.status === 'applied') expect(sandbox.quantity(listings[i].listing_id)).toBe(1);
    });
  });

  const twoMarketplaces = (usQuantity: number, gbQuantity: number) => {
    const [us] = ebayListings(1, usQuantity);
    const gb = { ...us, listing_id: 'ebay:EBAY_GB:SKU-0:merchant', marketplace: 'EBAY_GB', channel_offer_id: '8000000001', channel_quantity_units: gbQuantity };
    return [us, gb];
  };

  it('sets each marketplace offer of a SKU to its own number through the offers alone when they go down', async () => {
    const [us, gb] = await start(twoMarketplaces(10, 10));
    const outcomes = await writer().push(pushesFor([us, gb], (i) => (i === 0 ? 3 : 8)), { idempotencyKey: 'k' });
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'applied']);
    expect(sandbox.store.items.get('SKU-0')!.shipToQuantity).toBe(10);
    expect(sandbox.quantities().map((q) => q.quantity)).toEqual([3, 8]);
    expect([sandbox.callCount('bulkUpdatePriceQuantity'), sandbox.callCount('bulkGetInventoryItem')]).toEqual([1, 0]);
  });

  it('raises one listing within what its SKU shares through its offer alone, leaving the other marketplace as it was', async () => {
    const [us, gb] = await start(twoMarketplaces(10, 50));
    const outcomes = await writer().push(pushesFor([us], () => 30), { idempotencyKey: 'k' });
    expect(outcomes.map((o) => o.status)).toEqual(['applied']);
    expect([sandbox.quantity(us.listing_id), sandbox.quantity(gb.listing_id), sandbox.store.items.get('SKU-0')!.shipToQuantity]).toEqual([30, 50, 50]);
    expect([sandbox.callCount('bulkGetInventoryItem'), sandbox.callCount('getOffers')]).toEqual([1, 0]);
  });

  it('raises a SKU\'s shared quantity for one listing after pinning the other marketplace offer at what it shows', async () => {
    const [us, gb] = await start(twoMarketplaces(10, 10));
    sandbox.store.offers.get(gb.channel_offer_id!)!.availableQuantity = 50; // GB offers 50, shows the shared 10
    const [outcome] = await writer().push(pushesFor([us], () => 30), { idempotencyKey: 'k' });
    expect(outcome.status).toBe('applied');
    expect(outcome.channel_response).toMatchObject({ pinned: [{ offerId: gb.channel_offer_id, availableQuantity: 10 }] });
    expect([sandbox.quantity(us.listing_id), sandbox.quantity(gb.listing_id), sandbox.store.items.get('SKU-0')!.shipToQuantity]).toEqual([30, 10, 30]);
    expect([sandbox.callCount('bulkUpdatePriceQuantity'), sandbox.callCount('getOffers')]).toEqual([2, 1]);
  });

  it('raises nothing when the other marketplace offer cannot be pinned first, and says why', async () => {
    const [us, gb] = await start(twoMarketplaces(0, 0), { rejectZeroQuantity: true });
    sandbox.store.offers.get(gb.channel_offer_id!)!.availableQuantity = 5; // shows the shared 0; pinning it at 0 is refused (25004)
    const [outcome] = await writer().push(pushesFor([us], () => 3), { idempotencyKey: 'k' });
    expect(outcome).toMatchObject({ status: 'failed', retryable: false });
    expect(outcome.message).toMatch(/nothing sent.*8000000001.*25004/);
    expect([sandbox.quantity(us.listing_id), sandbox.quantity(gb.listing_id), sandbox.store.items.get('SKU-0')!.shipToQuantity]).toEqual([0, 0, 0]);
  });

  it('waits the Retry-After of an HTTP 429 before resending', async () => {
    const listings = await start(ebayListings(2), { faults: { throttleRate: 1, retryAfterSeconds: 3 } });
    const clock = new ManualClock();
    const pending = writer({ http: { clock, maxRetries: 10_000 } }).push(pushesFor(listings, () => 4), { idempotencyKey: 'k' });
    await waitFor(() => clock.sleeps.includes(3000));
    sandbox.configureFaults({ throttleRate: 0 });
    expect((await pending).map((o) => o.status)).toEqual(['applied', 'applied']);
  });

  it('answers unknown instead of resending when the answer to a bulk update is lost', async () => {
    const listings = await start(ebayListings(2), { faults: { hangRate: 1, hangPhase: 'after' } });
    const clock = new ManualClock();
    const pending = writer({ http: { clock, timeoutMs: 400 } }).push(pushesFor(listings, () => 6), { idempotencyKey: 'k' });
    await waitFor(() => sandbox.callCount('bulkUpdatePriceQuantity') >= 1);
    sandbox.configureFaults({ hangRate: 0 });
    clock.advance(400); // no answer within the writer's timeout
    const outcomes = await pending;
    expect(outcomes.map((o) => o.status)).toEqual(['unknown', 'unknown']);
    expect(sandbox.callCount('bulkUpdatePriceQuantity')).toBe(1);
  });

  it('refuses the 251st revision of a listing in one day', async () => {
    const listings = await start(ebayListings(1));
    const w = writer();
    for (let n = 0; n < 250; n++) await w.push(pushesFor(listings, () => n), { idempotencyKey: `k${n}` });
    const [outcome] = await w.push(pushesFor(listings, () => 999), { idempotencyKey: 'k250' });
    expect(outcome).toMatchObject({ status: 'failed', retryable: false });
    expect(outcome.message).toMatch(/250 revisions/);
  });

  it('reports quantity 0 refused with 25004 when the seller setup rejects it', async () => {
    const listings = await start(ebayListings(1), { rejectZeroQuantity: true });
    const [outcome] = await writer().push(pushesFor(listings, () => 0), { idempotencyKey: 'k' });
    expect(outcome).toMatchObject({ status: 'failed', retryable: false });
    expect(outcome.message).toMatch(/25004/);
  });

  it('reads what buyers see: the smaller of ship-to-home and the offer quantity', async () => {
    const listings = await start(ebayListings(2));
    sandbox.store.offers.get(listings[0].channel_offer_id!)!.availableQuantity = 4;
    const pushes = pushesFor(listings, () => 0);
    pushes[1].sku = 'NO-SUCH-SKU';
    expect(await writer().read(pushes)).toEqual([
      { listing_id: listings[0].listing_id, quantity: 4 },
      { listing_id: listings[1].listing_id, quantity: null },
    ]);
  });

  it('fails every row without retry when the token is refused, and never echoes the token', async () => {
    const listings = await start(ebayListings(1));
    const outcomes = await createEbayWriter({ baseUrl: sandbox.url, credentials: { accessToken: 'wrong-token-abcdef' } }).push(pushesFor(listings, () => 1), { idempotencyKey: 'k' });
    expect(outcomes[0]).toMatchObject({ status: 'failed', retryable: false });
    expect(outcomes[0].message).toMatch(/401/);
    expect(JSON.stringify(outcomes)).not.toContain('wrong-token-abcdef');
  });
});
