import { createAliExpressSandbox, type AliExpressSandbox } from '../../../pipeline/channels/aliexpress/sandbox';
import { createAliExpressWriter, type AliExpressWriterOptions } from '../../../pipeline/channels/aliexpress/writer';
import { ManualClock } from '../../../pipeline/channels/http/clock';
import type { SandboxListing } from '../../../pipeline/channels/sandbox/listings';
import { aliexpressListings, pushesFor, waitFor } from '../../integration/channels/listings';

const CREDENTIALS = { appKey: '501234', appSecret: 'app-secret-for-tests-9876', session: '50000601a12bSessionToken' };
const UPDATE = 'aliexpress.solution.batch.product.inventory.update';

describe('aliexpress writer against the aliexpress sandbox', () => {
  let sandbox: AliExpressSandbox;
  afterEach(async () => sandbox?.stop());

  async function start(listings: SandboxListing[], options: Parameters<typeof createAliExpressSandbox>[1] = {}) {
    sandbox = createAliExpressSandbox(listings, { ...CREDENTIALS, ...options });
    await sandbox.start();
    return listings;
  }
  const writer = (extra: Partial<AliExpressWriterOptions> = {}) =>
    createAliExpressWriter({ baseUrl: sandbox.url, credentials: CREDENTIALS, http: { backoff: { baseMs: 5, maxMs: 50 } }, ...extra });

  it('updates 45 single-SKU products in 3 calls of at most 20 products', async () => {
    const listings = await start(aliexpressListings(45));
    const outcomes = await writer().push(pushesFor(listings, (i) => i), { idempotencyKey: 'k' });
    expect(outcomes.every((o) => o.status === 'applied')).toBe(true);
    expect(sandbox.callCount(UPDATE)).toBe(3);
    expect(sandbox.quantities().map((q) => q.quantity)).toEqual(listings.map((_, i) => i));
  });

  it('packs many SKUs of few products into few calls and splits a product above 200 SKUs across calls', async () => {
    const listings = await start(aliexpressListings(500, 10, 250)); // products of 250, 250 SKUs
    const outcomes = await writer().push(pushesFor(listings, () => 3), { idempotencyKey: 'k' });
    expect(outcomes.every((o) => o.status === 'applied')).toBe(true);
    expect(sandbox.callCount(UPDATE)).toBe(2); // pieces A200 + B200, then A50 + B50
    expect(sandbox.quantities().every((q) => q.quantity === 3)).toBe(true);
  });

  it('fails every row of a batch when one product is refused, applies nothing, and the good rows go through when resent', async () => {
    const listings = await start(aliexpressListings(5));
    const pushes = pushesFor(listings, () => 7);
    pushes[3] = { ...pushes[3], sku: 'NOT-A-SKU' };
    const outcomes = await writer().push(pushes, { idempotencyKey: 'k' });
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'failed', 'failed', 'failed', 'failed']);
    expect(outcomes[3]).toMatchObject({ retryable: false, message: expect.stringMatching(/SKU_NOT_FOUND/) });
    for (const i of [0, 1, 2, 4]) expect(outcomes[i]).toMatchObject({ retryable: true, message: expect.stringMatching(/all-or-nothing.*SKU_NOT_FOUND/) });
    expect(sandbox.quantities().every((q) => q.quantity === 10)).toBe(true);
    const resent = await writer().push(pushes.filter((_, i) => outcomes[i].retryable), { idempotencyKey: 'k2' });
    expect(resent.every((o) => o.status === 'applied')).toBe(true);
    expect(sandbox.quantities().map((q) => q.quantity)).toEqual([7, 7, 7, 10, 7]);
  });

  it('waits out an ApiCallLimit ban for the seconds the gateway names', async () => {
    const listings = await start(aliexpressListings(2), { faults: { throttleRate: 1, retryAfterSeconds: 4 } });
    const clock = new ManualClock();
    const pending = writer({ http: { clock, maxRetries: 10_000 } }).push(pushesFor(listings, () => 1), { idempotencyKey: 'k' });
    await waitFor(() => clock.sleeps.includes(4000));
    sandbox.configureFaults({ throttleRate: 0 });
    expect((await pending).map((o) => o.status)).toEqual(['applied', 'applied']);
  });

  it('answers unknown instead of resending when the answer to an update is lost', async () => {
    const listings = await start(aliexpressListings(2), { faults: { hangRate: 1, hangPhase: 'after' } });
    const clock = new ManualClock();
    const pending = writer({ http: { clock, timeoutMs: 400 } }).push(pushesFor(listings, () => 5), { idempotencyKey: 'k' });
    await waitFor(() => sandbox.callCount(UPDATE) >= 1);
    sandbox.configureFaults({ hangRate: 0 });
    clock.advance(400); // no answer within the writer's timeout
    expect((await pending).map((o) => o.status)).toEqual(['unknown', 'unknown']);
    expect(sandbox.callCount(UPDATE)).toBe(1);
    expect(sandbox.callCount('aliexpress.solution.product.info.get')).toBe(0);
  });

  it('reads SKU inventory by sku_code, null for an unknown product', async () => {
    const listings = await start(aliexpressListings(4, 10, 2));
    sandbox.setQuantity(listings[1].listing_id, 6);
    const pushes = pushesFor(listings, () => 0);
    pushes[3] = { ...pushes[3], channel_listing_id: '999' };
    expect((await writer().read(pushes)).map((r) => r.quantity)).toEqual([10, 6, 10, null]);
  });

  it('reports a bad signature as a non-retryable failure without leaking the secret or session', async () => {
    const listings = await start(aliexpressListings(1));
    const outcomes = await createAliExpressWriter({ baseUrl: sandbox.url, credentials: { ...CREDENTIALS, appSecret: 'wrong-secret-value' } }).push(pushesFor(listings, () => 1), { idempotencyKey: 'k' });
    expect(outcomes[0]).toMatchObject({ status: 'failed', retryable: false, message: expect.stringMatching(/IncompleteSignature/) });
    expect(JSON.stringify(outcomes)).not.toMatch(/wrong-secret-value|SessionToken/);
  });
});
