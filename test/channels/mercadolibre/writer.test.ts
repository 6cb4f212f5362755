// The Mercado Libre writer against its sandbox: items, variations and user products applied;
// conflicts (read before the item PUT, x-version 409 on user products); access token expiry and
// refresh token rotation mid-run, persisted for a restart; 429 throttling; a lost answer.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stockPush } from '../../../pipeline/channels/contract/stockPush';
import { resetMercadoLibreTokens } from '../../../pipeline/channels/mercadolibre/client';
import { createMercadoLibreSandbox, type MercadoLibreSandbox, type MercadoLibreSandboxOptions } from '../../../pipeline/channels/mercadolibre/sandbox';
import { createMercadoLibreWriter, type MercadoLibreWriterOptions } from '../../../pipeline/channels/mercadolibre/writer';
import type { SandboxListing } from '../../../pipeline/channels/sandbox/listings';

const SECRETS = { clientId: 'app-2', clientSecret: 'app-secret-2', refreshToken: 'TG-initial-refresh-2' };

function listing(i: number, ids: Partial<SandboxListing> = {}, quantity = 10): SandboxListing {
  return {
    listing_id: `mercadolibre:MX:SKU-${i}:merchant`, channel: 'mercadolibre', marketplace: 'MX', sku: `SKU-${i}`, fulfilment: 'merchant',
    channel_listing_id: `MLM${100000 + i}`, channel_offer_id: null, channel_inventory_item_id: null, channel_location_id: null, channel_quantity_units: quantity, ...ids,
  };
}
const push = (l: SandboxListing, quantity: number, expected: number | null = l.channel_quantity_units, id = l.listing_id) => stockPush(`chg-${id}`, l, quantity, expected);

describe('mercadolibre writer against the sandbox', () => {
  let sandbox: MercadoLibreSandbox;
  let stateDir: string;
  beforeEach(() => {
    resetMercadoLibreTokens();
    stateDir = mkdtempSync(join(tmpdir(), 'cd-ml-w-'));
  });
  afterEach(async () => {
    await sandbox?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  async function start(listings: SandboxListing[], options: MercadoLibreSandboxOptions = {}) {
    sandbox = createMercadoLibreSandbox(listings, { ...SECRETS, ...options });
    await sandbox.start();
    return listings;
  }
  const writer = (extra: Partial<MercadoLibreWriterOptions> = {}) =>
    createMercadoLibreWriter({ baseUrl: sandbox.url, credentials: SECRETS, stateDir, ...extra, http: { backoff: { baseMs: 5, maxMs: 50 }, ...extra.http } });

  it('applies plain items, variations (keeping the item\'s other variations) and a user product location, then reads them back', async () => {
    const listings = await start([
      listing(0),
      listing(1),
      listing(2, { channel_listing_id: 'MLM200', channel_inventory_item_id: '301' }, 4),
      listing(3, { channel_listing_id: 'MLM200', channel_inventory_item_id: '302' }, 6),
      listing(4, { channel_listing_id: 'MLM300', channel_inventory_item_id: 'MLMU4001' }, 8),
    ]);
    const w = writer();
    const rows = [push(listings[0], 3), push(listings[1], 0), push(listings[2], 9), push(listings[4], 20)];
    const outcomes = await w.push(rows, { idempotencyKey: 'k' });
    expect(outcomes.map((o) => [o.status, o.channel_quantity])).toEqual([['applied', 3], ['applied', 0], ['applied', 9], ['applied', 20]]);
    expect(sandbox.quantities().map((q) => q.quantity)).toEqual([3, 0, 9, 6, 20]);
    expect(sandbox.store.items.get('MLM200')!.variations.map((v) => v.id)).toEqual([301, 302]); // 302 was named too, not dropped
    expect([sandbox.callCount('getItems'), sandbox.callCount('updateItem'), sandbox.callCount('updateUserProductStock')]).toEqual([1, 3, 1]);
    expect(sandbox.store.userProducts.get('MLMU4001')!.version).toBe(2);
    expect((await w.read([...rows, push(listings[3], 1)])).map((r) => r.quantity)).toEqual([3, 0, 9, 20, 6]);
    expect(w.sharedQuantityKey(listings[4])).toBe('mercadolibre|up:MLMU4001:selling_address');
    expect(w.sharedQuantityKey(listings[0])).toBeNull();
  });

  it('answers conflict without a PUT when an item changed since the sheet saw it (read right before the write)', async () => {
    const listings = await start([listing(0), listing(1)]);
    sandbox.setQuantity(listings[0].listing_id, 7); // a sale on Mercado Libre after the refresh
    const outcomes = await writer().push([push(listings[0], 15), push(listings[1], 15)], { idempotencyKey: 'k' });
    expect(outcomes[0]).toMatchObject({ status: 'conflict', channel_quantity: 7 });
    expect(outcomes[1]).toMatchObject({ status: 'applied', channel_quantity: 15 });
    expect(sandbox.callCount('updateItem')).toBe(1);
    expect(sandbox.quantity(listings[0].listing_id)).toBe(7);
  });

  it('answers conflict from the x-version 409 when a user product changes between its read and its write', async () => {
    const listings = await start([listing(0, { channel_inventory_item_id: 'MLMU5001' }, 10)]);
    sandbox.onNextCall('updateUserProductStock', () => sandbox.setQuantity(listings[0].listing_id, 6));
    const [outcome] = await writer().push([push(listings[0], 25)], { idempotencyKey: 'k' });
    expect(outcome).toMatchObject({ status: 'conflict', channel_quantity: 6, channel_response: { status: 409, error: 'conflict' } });
    expect(sandbox.quantity(listings[0].listing_id)).toBe(6); // the sale is not overwritten
  });

  it('renews an expired access token mid-run, rotates the single-use refresh token and persists it 0600 for a restart', async () => {
    const listings = await start([listing(0), listing(1)]);
    const first = writer();
    expect((await first.push([push(listings[0], 5)], { idempotencyKey: 'a' }))[0].status).toBe('applied');
    sandbox.auth.expireAccessTokens(); // six hours later
    expect((await first.push([push(listings[1], 6)], { idempotencyKey: 'b' }))[0].status).toBe('applied');
    expect([sandbox.callCount('unauthorized'), sandbox.auth.issued, first.client.refreshes]).toEqual([1, 2, 2]);
    const file = first.client.stateFile!;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(file, 'utf8')).refresh_token as string;
    expect(saved).toBe(first.client.currentRefreshToken);
    expect(saved).not.toBe(SECRETS.refreshToken);
    // The configured token is spent: a reuse is invalid_grant.
    const reuse = await fetch(`${sandbox.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ grant_type: 'refresh_token', client_id: SECRETS.clientId, client_secret: SECRETS.clientSecret, refresh_token: SECRETS.refreshToken }).toString() });
    expect([reuse.status, ((await reuse.json()) as { error: string }).error]).toEqual([400, 'invalid_grant']);
    // A restart (fresh process state, same environment) picks the rotated token up from the file.
    resetMercadoLibreTokens();
    const restarted = writer();
    expect(restarted.client.currentRefreshToken).toBe(saved);
    expect((await restarted.push([push(listings[0], 4, 5, 'x')], { idempotencyKey: 'c' }))[0].status).toBe('applied');
    // Without the file the dead configured token is refused: the rows fail, not retryable, nothing sent.
    resetMercadoLibreTokens();
    const amnesiac = writer({ stateDir: null });
    const [refused] = await amnesiac.push([push(listings[0], 2, 4, 'y')], { idempotencyKey: 'd' });
    expect(refused).toMatchObject({ status: 'failed', retryable: false, message: expect.stringMatching(/refresh token was refused/) });
    expect(refused.message).not.toContain(SECRETS.refreshToken);
    expect(sandbox.quantity(listings[0].listing_id)).toBe(4);
  });

  it('retries 429 local_rate_limited answers until every row is applied, and a client-side rate avoids them', async () => {
    const listings = await start(Array.from({ length: 12 }, (_, i) => listing(i)), { rateLimits: true, requestsPerSecond: 5 });
    const throttled = await writer({ rateLimits: false, http: { backoff: { baseMs: 250, maxMs: 1000 }, maxRetries: 10 } }).push(listings.map((l) => push(l, 1)), { idempotencyKey: 'k' });
    expect(throttled.every((o) => o.status === 'applied')).toBe(true);
    expect(sandbox.callCount('throttled')).toBeGreaterThan(0);
    expect(sandbox.quantities().every((q) => q.quantity === 1)).toBe(true);
    // The same push paced by the client at the sandbox's rate: no 429.
    const before = sandbox.callCount('throttled');
    await new Promise((done) => setTimeout(done, 1200)); // let the sandbox bucket refill
    resetMercadoLibreTokens();
    const paced = await writer({ http: { rate: { ratePerSecond: 4, burst: 4 } } }).push(listings.map((l) => push(l, 2, 1)), { idempotencyKey: 'k2' });
    expect(paced.every((o) => o.status === 'applied')).toBe(true);
    expect(sandbox.callCount('throttled')).toBe(before);
  });

  it('answers 429 in Mercado Libre\'s error shape when the user-products stock limit is exceeded', async () => {
    await start([listing(0, { channel_inventory_item_id: 'MLMU7001' })], { rateLimits: true });
    const w = writer();
    await w.read([push(listing(0, { channel_inventory_item_id: 'MLMU7001' }), 1)]); // a token
    const token = (w.client as unknown as { state: { accessToken: string } }).state.accessToken;
    let last: Response | undefined;
    for (let i = 0; i < 101; i++) last = await fetch(`${sandbox.url}/user-products/MLMU7001/stock`, { headers: { authorization: `Bearer ${token}` } });
    expect(last!.status).toBe(429);
    expect(await last!.json()).toEqual({ message: 'Too many requests', error: 'local_rate_limited', status: 429, cause: [] });
  });

  it('answers unknown for a PUT whose answer is lost (applied on the channel, never resent)', async () => {
    const listings = await start([listing(0), listing(1)]);
    const losePuts: typeof fetch = async (input, init) => {
      const answer = await fetch(input, init);
      if (init?.method !== 'PUT') return answer;
      return new Promise<Response>((_, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)));
    };
    const outcomes = await writer({ http: { fetch: losePuts, timeoutMs: 300 } }).push([push(listings[0], 3), push(listings[1], 4)], { idempotencyKey: 'k' });
    expect(outcomes.map((o) => o.status)).toEqual(['unknown', 'unknown']);
    expect(outcomes[0].message).toMatch(/timed out/);
    expect(sandbox.callCount('updateItem')).toBe(2); // one each: not resent
    expect(sandbox.quantities().map((q) => q.quantity)).toEqual([3, 4]); // what the core's read-back will find
  });

  it('fails rows it cannot address, without a call', async () => {
    const listings = await start([listing(0)]);
    const bad = [push({ ...listings[0], channel_listing_id: 'B0001' }, 1), push(listings[0], -1), push({ ...listings[0], channel_inventory_item_id: 'x1' }, 1)];
    const outcomes = await writer().push(bad, { idempotencyKey: 'k' });
    expect(outcomes.map((o) => [o.status, o.retryable])).toEqual([['failed', false], ['failed', false], ['failed', false]]);
    expect(sandbox.callCount()).toBe(0);
    expect(existsSync(join(stateDir, 'x'))).toBe(false);
  });
});
