import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { holdBackChanged } from '../../../pipeline/channels/contract/readBeforeWrite';
import { ManualClock } from '../../../pipeline/channels/http/clock';
import { pushesFor, type SandboxListing } from '../../../pipeline/channels/sandbox/listings';
import { resetShopeeSessions } from '../../../pipeline/channels/shopee/client';
import { createShopeeSandbox, type ShopeeSandbox, type ShopeeSandboxOptions } from '../../../pipeline/channels/shopee/sandbox';
import { createShopeeWriter, type ShopeeWriterOptions } from '../../../pipeline/channels/shopee/writer';
import { CREDENTIALS, shopeeListings, waitFor } from './support';

const UPDATE = 'product.update_stock';
const REFRESH = 'auth.access_token.get';

describe('shopee writer against the shopee sandbox', () => {
  let sandbox: ShopeeSandbox;
  let stateDir: string;
  beforeEach(() => {
    resetShopeeSessions();
    stateDir = mkdtempSync(join(tmpdir(), 'cd-shopee-'));
  });
  afterEach(async () => {
    await sandbox?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  async function start(listings: SandboxListing[], options: Partial<ShopeeSandboxOptions> = {}) {
    sandbox = createShopeeSandbox(listings, { ...CREDENTIALS, ...options });
    await sandbox.start();
    return listings;
  }
  const writer = (extra: Partial<ShopeeWriterOptions> = {}) =>
    createShopeeWriter({ baseUrl: sandbox.url, credentials: CREDENTIALS, stateDir, http: { backoff: { baseMs: 5, maxMs: 50 } }, ...extra });

  it('updates models one item per call (≤ 50 models) and reads them back with get_model_list', async () => {
    const listings = await start(shopeeListings(80, 10, 40)); // 2 items × 40 models
    const w = writer();
    const outcomes = await w.push(pushesFor(listings, (i) => i), { idempotencyKey: 'k' });
    expect(outcomes.every((o) => o.status === 'applied')).toBe(true);
    expect(sandbox.callCount(UPDATE)).toBe(2);
    expect(sandbox.quantities().map((q) => q.quantity)).toEqual(listings.map((_, i) => i));
    expect((await w.read(pushesFor(listings, () => 0))).map((r) => r.quantity)).toEqual(listings.map((_, i) => i));
    expect(sandbox.callCount('product.get_model_list')).toBe(2);
    expect(sandbox.callCount(REFRESH)).toBe(1); // one access token for the whole run
  });

  it('splits an item of 60 models into calls of 50 and 10; items without variants read through get_item_base_info', async () => {
    const wide = shopeeListings(60, 10, 60);
    const single = shopeeListings(3, 4, 0).map((l) => ({ ...l, listing_id: `${l.listing_id}-solo`, channel_listing_id: `9${l.channel_listing_id}` }));
    await start([...wide, ...single]);
    const w = writer();
    const outcomes = await w.push([...pushesFor(wide, () => 2), ...pushesFor(single, () => 3, 'solo')], { idempotencyKey: 'k' });
    expect(outcomes.every((o) => o.status === 'applied')).toBe(true);
    expect(sandbox.callCount(UPDATE)).toBe(2 + 3);
    expect((await w.read(pushesFor(single, () => 0))).map((r) => r.quantity)).toEqual([3, 3, 3]);
    expect(sandbox.callCount('product.get_item_base_info')).toBe(1);
  });

  it('holds back a row whose stock changed since the refresh (read right before the write) and sends the rest', async () => {
    const listings = await start(shopeeListings(3, 10, 3));
    const w = writer();
    expect(w.readBeforeWrite).toBe(true);
    const rows = pushesFor(listings, () => 25); // expected_quantity 10 for all
    sandbox.setQuantity(listings[1].listing_id, 7); // a sale on Shopee after the sheet was refreshed
    const readings = new Map((await w.read(rows)).map((r) => [r.listing_id, r]));
    const { send, refused } = holdBackChanged(w.channel, rows, readings);
    expect(refused).toEqual([expect.objectContaining({ change_id: rows[1].change_id, status: 'conflict', channel_quantity: 7 })]);
    const outcomes = await w.push(send, { idempotencyKey: 'k' });
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'applied']);
    expect(sandbox.quantities().map((q) => q.quantity)).toEqual([25, 7, 25]);
  });

  it('reports a per-model failure with Shopee reason and applies the other models of the call', async () => {
    const listings = await start(shopeeListings(3, 10, 3));
    const rows = pushesFor(listings, () => 4);
    rows[2] = { ...rows[2], channel_inventory_item_id: '424242' }; // not a model of this item
    const outcomes = await writer().push(rows, { idempotencyKey: 'k' });
    expect(outcomes.map((o) => o.status)).toEqual(['applied', 'applied', 'failed']);
    expect(outcomes[2]).toMatchObject({ retryable: false, message: 'Shopee refused item 500000 model 424242: model_id 424242 is not a model of item 500000.' });
    expect(sandbox.callCount(UPDATE)).toBe(1);
    expect(sandbox.quantities().map((q) => q.quantity)).toEqual([4, 4, 10]);
  });

  it('marks an injected per-model "system busy" failure retryable', async () => {
    const listings = await start(shopeeListings(2, 10, 2), { faults: { errorRate: 1 } });
    const outcomes = await writer().push(pushesFor(listings, () => 1), { idempotencyKey: 'k' });
    expect(outcomes.map((o) => [o.status, o.retryable])).toEqual([['failed', true], ['failed', true]]);
    expect(sandbox.quantities().every((q) => q.quantity === 10)).toBe(true);
  });

  it('refreshes an expired access token, rotates the refresh token, persists it (0600) and survives a restart with the dead seed', async () => {
    const clock = new ManualClock(Date.now());
    const listings = await start(shopeeListings(2, 10, 2), { clock });
    const w = writer({ http: { clock } });
    expect((await w.push(pushesFor(listings, () => 1), { idempotencyKey: 'a' })).map((o) => o.status)).toEqual(['applied', 'applied']);
    const file = join(stateDir, 'shopee', `${CREDENTIALS.partnerId}-${CREDENTIALS.shopId}.json`);
    const firstRotation = JSON.parse(readFileSync(file, 'utf8')).refresh_token;
    expect(firstRotation).toBe(sandbox.store.auth.refreshToken);
    expect(firstRotation).not.toBe(CREDENTIALS.refreshToken);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(CREDENTIALS.refreshToken);

    clock.advance(4 * 3600_000 + 1000); // the 4-hour access token is dead
    expect((await w.push(pushesFor(listings, () => 2), { idempotencyKey: 'b' })).map((o) => o.status)).toEqual(['applied', 'applied']);
    expect([w.client.refreshCount, sandbox.store.auth.refreshes]).toEqual([2, 2]);
    expect(JSON.parse(readFileSync(file, 'utf8')).refresh_token).toBe(sandbox.store.auth.refreshToken);
    expect(sandbox.store.auth.refreshToken).not.toBe(firstRotation);

    // The seed and the first rotation are spent: a client that only knows the seed is refused…
    resetShopeeSessions();
    const forgetful = writer({ http: { clock }, stateDir: null });
    const refused = await forgetful.push(pushesFor(listings, () => 3), { idempotencyKey: 'c' });
    expect(refused[0]).toMatchObject({ status: 'failed', retryable: false, message: expect.stringMatching(/error_auth: Invalid refresh_token.*re-authorize/) });
    // …while a restart with the same state folder picks up the newest token from the file.
    resetShopeeSessions();
    const restarted = writer({ http: { clock } });
    expect((await restarted.push(pushesFor(listings, () => 4), { idempotencyKey: 'd' })).map((o) => o.status)).toEqual(['applied', 'applied']);
    expect(sandbox.quantities().map((q) => q.quantity)).toEqual([4, 4]);
  });

  it('falls back to the configured seed once when the stored rotation is refused (a sandbox started afresh)', async () => {
    const listings = await start(shopeeListings(1, 10, 1));
    await writer().push(pushesFor(listings, () => 1), { idempotencyKey: 'a' });
    await sandbox.stop();
    resetShopeeSessions();
    await start(listings); // a new token chain from the seed: the stored rotation means nothing to it
    expect((await writer().push(pushesFor(listings, () => 2), { idempotencyKey: 'b' }))[0].status).toBe('applied');
    expect(sandbox.callCount(REFRESH)).toBe(2); // the stored token (refused), then the seed
  });

  it('refreshes once and resends when Shopee drops the access token before its expiry', async () => {
    const listings = await start(shopeeListings(2, 10, 2));
    const w = writer();
    await w.push(pushesFor(listings, () => 1), { idempotencyKey: 'a' });
    sandbox.store.auth.revokeAccessTokens();
    expect((await w.push(pushesFor(listings, () => 6), { idempotencyKey: 'b' })).map((o) => o.status)).toEqual(['applied', 'applied']);
    expect([sandbox.callCount(UPDATE), sandbox.callCount(REFRESH)]).toEqual([3, 2]); // 1 + (refused, resent)
    expect(sandbox.quantities().map((q) => q.quantity)).toEqual([6, 6]);
  });

  it('waits out HTTP 429 throttling and then applies', async () => {
    const clock = new ManualClock(Date.now());
    const listings = await start(shopeeListings(2, 10, 2), { clock });
    const w = writer({ http: { clock, maxRetries: 10_000, backoff: { baseMs: 1000, maxMs: 1000 } } });
    await w.read(pushesFor(listings, () => 0)); // token first
    sandbox.configureFaults({ throttleRate: 1 });
    const attempts = w.client.http.callCount;
    const pending = w.push(pushesFor(listings, () => 8), { idempotencyKey: 'k' });
    // Throttled answers come before the handler (nothing applied, nothing counted): the client backs off and resends.
    await waitFor(() => w.client.http.callCount >= attempts + 3);
    expect(sandbox.callCount(UPDATE)).toBe(0);
    sandbox.configureFaults({ throttleRate: 0 });
    expect((await pending).map((o) => o.status)).toEqual(['applied', 'applied']);
    expect(sandbox.callCount(UPDATE)).toBe(1);
    expect(sandbox.quantities().map((q) => q.quantity)).toEqual([8, 8]);
  });

  it('answers unknown, without resending, when the answer to an update is lost', async () => {
    const clock = new ManualClock(Date.now());
    const listings = await start(shopeeListings(2, 10, 2), { clock });
    const w = writer({ http: { clock, timeoutMs: 400 } });
    await w.read(pushesFor(listings, () => 0));
    sandbox.configureFaults({ hangRate: 1, hangPhase: 'after' });
    const pending = w.push(pushesFor(listings, () => 5), { idempotencyKey: 'k' });
    await waitFor(() => sandbox.callCount(UPDATE) >= 1);
    sandbox.configureFaults({ hangRate: 0 });
    clock.advance(400);
    const outcomes = await pending;
    expect(outcomes.map((o) => o.status)).toEqual(['unknown', 'unknown']);
    expect(outcomes[0].message).toMatch(/may or may not have applied/);
    expect(sandbox.callCount(UPDATE)).toBe(1);
  });

  it('is refused a wrong partner key (error_sign) and a stale timestamp, without leaking secrets', async () => {
    const listings = await start(shopeeListings(1, 10, 1));
    const wrong = await writer({ credentials: { ...CREDENTIALS, partnerKey: 'wrong-partner-key-123' } }).push(pushesFor(listings, () => 1), { idempotencyKey: 'k' });
    expect(wrong[0]).toMatchObject({ status: 'failed', retryable: false, message: expect.stringMatching(/error_sign/) });
    expect(JSON.stringify(wrong)).not.toMatch(/wrong-partner-key|refresh-seed-token/);
    resetShopeeSessions();
    const stale = await writer({ http: { clock: new ManualClock(Date.now() - 10 * 60_000) } }).push(pushesFor(listings, () => 1), { idempotencyKey: 'k' });
    expect(stale[0]).toMatchObject({ status: 'failed', message: expect.stringMatching(/Invalid timestamp/) });
    expect(sandbox.quantities()[0].quantity).toBe(10);
  });
});
