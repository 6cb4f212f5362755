import { createShopifySandbox, type ShopifySandbox } from '../../../pipeline/channels/shopify/sandbox';
import { createShopifyWriter, type ShopifyWriterOptions } from '../../../pipeline/channels/shopify/writer';
import { ManualClock } from '../../../pipeline/channels/http/clock';
import { resetSharedLimiters } from '../../../pipeline/channels/http/sharedLimiter';
import { pushesFor, shopifyListings, waitFor } from '../../integration/channels/listings';

const TOKEN = 'shpat_test_token_123456';

describe('shopify writer against the shopify sandbox', () => {
  let sandbox: ShopifySandbox;
  afterEach(async () => sandbox?.stop());

  async function start(count: number, options: Parameters<typeof createShopifySandbox>[1] = {}) {
    const listings = shopifyListings(count);
    sandbox = createShopifySandbox(listings, { accessToken: TOKEN, ...options });
    await sandbox.start();
    return listings;
  }
  const writer = (extra: Partial<ShopifyWriterOptions> = {}) =>
    createShopifyWriter({ baseUrl: sandbox.url, credentials: { accessToken: TOKEN }, apiVersion: '2026-01', http: { backoff: { baseMs: 5, maxMs: 50 } }, ...extra });

  it('sets 600 levels in 3 calls of at most 250 rows and the channel shows every new quantity', async () => {
    const listings = await start(600, { rateLimits: false });
    const outcomes = await writer().push(pushesFor(listings, (i) => i % 50), { idempotencyKey: 'k1' });
    expect(outcomes.every((o) => o.status === 'applied')).toBe(true);
    expect(sandbox.callCount('graphql')).toBe(3);
    expect(sandbox.quantities().map((q) => q.quantity)).toEqual(listings.map((_, i) => i % 50));
  });

  it('reports a row whose quantity changed on the channel as a conflict and still applies the other rows', async () => {
    const listings = await start(3);
    sandbox.setQuantity(listings[1].listing_id, 4); // a sale since the sheet was read (10 → 4)
    const outcomes = await writer().push(pushesFor(listings, () => 20), { idempotencyKey: 'k2' });
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'conflict', 'applied']);
    expect(outcomes[1]).toMatchObject({ channel_quantity: 4, retryable: false });
    expect(outcomes[1].message).toMatch(/CHANGE_FROM_QUANTITY_STALE/);
    expect(sandbox.quantities().map((q) => q.quantity)).toEqual([20, 4, 20]);
  });

  it('uses compareQuantity without @idempotent on 2025-10 and detects COMPARE_QUANTITY_STALE', async () => {
    const listings = await start(2);
    sandbox.setQuantity(listings[0].listing_id, 9);
    const outcomes = await writer({ apiVersion: '2025-10' }).push(pushesFor(listings, () => 3), { idempotencyKey: 'k3' });
    expect(outcomes.map((o) => o.status)).toEqual(['conflict', 'applied']);
    expect(outcomes[0].message).toMatch(/COMPARE_QUANTITY_STALE/);
  });

  it('meets the 2026-04 contract (changeFromQuantity on every row, @idempotent required)', async () => {
    const listings = await start(2);
    const pushes = pushesFor(listings, () => 6);
    pushes[1].expected_quantity = null; // no expectation: explicit null skips the check
    sandbox.setQuantity(listings[1].listing_id, 1);
    const outcomes = await writer({ apiVersion: '2026-04' }).push(pushes, { idempotencyKey: 'k4' });
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'applied']);
    expect(sandbox.quantities().map((q) => q.quantity)).toEqual([6, 6]);
  });

  it('replays a call resent with the same idempotency key instead of applying it twice', async () => {
    const listings = await start(1);
    const pushes = pushesFor(listings, () => 5);
    expect((await writer().push(pushes, { idempotencyKey: 'same' }))[0].status).toBe('applied');
    sandbox.setQuantity(listings[0].listing_id, 7); // sold/changed after our push
    expect((await writer().push(pushes, { idempotencyKey: 'same' }))[0].status).toBe('applied');
    expect(sandbox.quantity(listings[0].listing_id)).toBe(7);
  });

  it('waits and retries when another app drained the cost bucket (THROTTLED with throttleStatus)', async () => {
    // The shop's bucket restores only as the writers wait on this clock, never behind their back.
    const clock = new ManualClock();
    const listings = await start(4, { cost: { maximumAvailable: 20, restoreRate: 10 }, clock });
    const a = writer({ http: { clock, backoff: { baseMs: 5, maxMs: 50 } } });
    // Clients of one shop and token now share one bucket; forget it so b plays another app with its own.
    resetSharedLimiters(clock);
    const b = writer({ http: { clock, backoff: { baseMs: 5, maxMs: 50 } } });
    expect(b.client.bucket).not.toBe(a.client.bucket);
    const pushes = pushesFor(listings, () => 1);
    await a.push([pushes[0]], { idempotencyKey: 'a1' });
    await b.push([pushes[1]], { idempotencyKey: 'b1' }); // the shared bucket is now empty
    const outcome = await a.push([pushes[2]], { idempotencyKey: 'a2' }); // a still believes 10 points are left
    expect(outcome[0].status).toBe('applied');
    expect(sandbox.callCount('graphql:throttled')).toBeGreaterThanOrEqual(1);
  });

  it('honours Retry-After on HTTP 429 before retrying', async () => {
    const listings = await start(1, { faults: { throttleRate: 1, retryAfterSeconds: 2 } });
    const clock = new ManualClock();
    const w = writer({ http: { clock, maxRetries: 10_000, backoff: { baseMs: 5, maxMs: 50 } } });
    const pending = w.push(pushesFor(listings, () => 8), { idempotencyKey: 'k6' });
    await waitFor(() => clock.sleeps.includes(2000));
    sandbox.configureFaults({ throttleRate: 0 });
    expect((await pending)[0].status).toBe('applied');
    expect(clock.sleeps.filter((ms) => ms === 2000).length).toBeGreaterThanOrEqual(1);
  });

  it('retries 5xx answers with back-off until the call goes through', async () => {
    const listings = await start(10, { faults: { serverErrorRate: 0.6, seed: 7 } });
    const outcomes = await writer({ http: { maxRetries: 10, backoff: { baseMs: 1, maxMs: 5 } } }).push(pushesFor(listings, () => 2), { idempotencyKey: 'k7' });
    expect(outcomes.every((o) => o.status === 'applied')).toBe(true);
    expect(sandbox.quantities().every((q) => q.quantity === 2)).toBe(true);
  });

  it('does not resend a non-idempotent (2025-10) call whose answer was lost: it answers unknown for the core to read back', async () => {
    const listings = await start(1, { faults: { hangRate: 1, hangPhase: 'after' } });
    const clock = new ManualClock();
    const w = writer({ apiVersion: '2025-10', http: { clock, timeoutMs: 400 } });
    const pending = w.push(pushesFor(listings, () => 13), { idempotencyKey: 'k8' });
    await waitFor(() => sandbox.callCount('graphql') >= 1);
    sandbox.configureFaults({ hangRate: 0 });
    clock.advance(400); // no answer within the writer's timeout
    const [outcome] = await pending;
    expect(outcome).toMatchObject({ status: 'unknown', message: expect.stringMatching(/timed out/) });
    expect(sandbox.callCount('graphql')).toBe(1); // the mutation once, never resent
  });

  it('settles an INTERNAL_SERVER_ERROR to a 2025-10 mutation by reading, not by resending it', async () => {
    const listings = await start(1, { faults: { errorRate: 1 } });
    const pending = writer({ apiVersion: '2025-10', http: { maxRetries: 10_000, backoff: { baseMs: 5, maxMs: 20 } } }).push(pushesFor(listings, () => 13), { idempotencyKey: 'k9' });
    await waitFor(() => sandbox.callCount('graphql') >= 1);
    sandbox.configureFaults({ errorRate: 0 });
    const [outcome] = await pending;
    expect(outcome).toMatchObject({ status: 'unknown', message: expect.stringMatching(/INTERNAL_SERVER_ERROR/) });
    expect(sandbox.quantity(listings[0].listing_id)).toBe(10);
  });

  it('reads the available quantity of each level, null for an unknown item', async () => {
    const listings = await start(3);
    sandbox.setQuantity(listings[2].listing_id, 42);
    const pushes = pushesFor(listings, () => 0);
    pushes[0].channel_inventory_item_id = 'gid://shopify/InventoryItem/1';
    expect(await writer().read(pushes)).toEqual([
      { listing_id: listings[0].listing_id, quantity: null },
      { listing_id: listings[1].listing_id, quantity: 10 },
      { listing_id: listings[2].listing_id, quantity: 42 },
    ]);
  });
});
