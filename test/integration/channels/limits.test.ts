// The sandboxes enforce the channels' batch limits on raw requests, whatever a client sends.
import { signParams } from '../../../pipeline/channels/aliexpress/api/gateway';
import { createAliExpressSandbox } from '../../../pipeline/channels/aliexpress/sandbox';
import { createEbaySandbox } from '../../../pipeline/channels/ebay/sandbox';
import { ManualClock } from '../../../pipeline/channels/http/clock';
import type { SandboxServer, ChannelState } from '../../../pipeline/channels/sandbox/server';
import { createShopifySandbox } from '../../../pipeline/channels/shopify/sandbox';
import { aliexpressListings, ebayListings, shopifyListings } from './listings';

describe('sandbox batch limits', () => {
  let sandbox: Pick<SandboxServer<ChannelState>, 'url' | 'start' | 'stop' | 'quantities'>;
  afterEach(async () => sandbox?.stop());
  const post = async (path: string, body: unknown, headers: Record<string, string>) =>
    fetch(`${sandbox.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  it('shopify refuses 251 quantities with MAX_INPUT_SIZE_EXCEEDED and applies none', async () => {
    const listings = shopifyListings(251);
    sandbox = createShopifySandbox(listings, { rateLimits: false });
    await sandbox.start();
    const quantities = listings.map((l) => ({ inventoryItemId: l.channel_inventory_item_id, locationId: l.channel_location_id, quantity: 1, changeFromQuantity: null }));
    const query = 'mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { code } } }';
    const res = await post('/admin/api/2026-01/graphql.json', { query, variables: { input: { name: 'available', reason: 'correction', quantities } } }, { 'x-shopify-access-token': 't' });
    const body = await res.json();
    expect(res.status).toBe(200);
    expect(body.errors[0].extensions.code).toBe('MAX_INPUT_SIZE_EXCEEDED');
    expect(body.data).toBeUndefined();
    expect(sandbox.quantities().every((q) => q.quantity === 10)).toBe(true);
  });

  it('shopify refuses a query whose requested cost is above 1000', async () => {
    sandbox = createShopifySandbox(shopifyListings(1));
    await sandbox.start();
    const ids = Array.from({ length: 600 }, (_, i) => `gid://shopify/InventoryItem/${i}`); // 600 × (item 1 + level 1)
    const query = 'query($ids: [ID!]!) { nodes(ids: $ids) { ... on InventoryItem { id inventoryLevel(locationId: "x") { id } } } }';
    const body = await (await post('/admin/api/2026-01/graphql.json', { query, variables: { ids } }, { 'x-shopify-access-token': 't' })).json();
    expect(body.errors[0].extensions).toMatchObject({ code: 'MAX_COST_EXCEEDED', cost: 1200, maxCost: 1000 });
  });

  it('shopify returns extensions.cost.throttleStatus with every answer and THROTTLED when the bucket is short', async () => {
    // A clock that stands still: the bucket restores nothing between the three calls, however slow they are.
    sandbox = createShopifySandbox(shopifyListings(1), { cost: { maximumAvailable: 25, restoreRate: 1 }, clock: new ManualClock() });
    await sandbox.start();
    const query = 'mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { code } } }';
    const variables = { input: { name: 'available', reason: 'correction', quantities: [] } };
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await (await post('/admin/api/2026-01/graphql.json', { query, variables }, { 'x-shopify-access-token': 't' })).json());
    expect(answers[0].extensions.cost).toMatchObject({ requestedQueryCost: 10, actualQueryCost: 10, throttleStatus: { maximumAvailable: 25, currentlyAvailable: 15, restoreRate: 1 } });
    expect(answers[2]).toMatchObject({ errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }], extensions: { cost: { requestedQueryCost: 10, actualQueryCost: null } } });
    expect(answers[2].extensions.cost.throttleStatus.currentlyAvailable).toBe(5);
  });

  it('ebay refuses 26 requests in one bulk update with 25727', async () => {
    const listings = ebayListings(26);
    sandbox = createEbaySandbox(listings);
    await sandbox.start();
    const requests = listings.map((l) => ({ sku: l.sku, shipToLocationAvailability: { quantity: 1 }, offers: [{ offerId: l.channel_offer_id, availableQuantity: 1 }] }));
    const res = await post('/sell/inventory/v1/bulk_update_price_quantity', { requests }, { authorization: 'Bearer t' });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].errorId).toBe(25727);
  });

  it('aliexpress refuses 21 products in one batch and applies none', async () => {
    const listings = aliexpressListings(21);
    sandbox = createAliExpressSandbox(listings, { appSecret: 's' });
    await sandbox.start();
    const params: Record<string, string> = {
      app_key: 'k',
      session: 'x',
      method: 'aliexpress.solution.batch.product.inventory.update',
      timestamp: '1',
      sign_method: 'sha256',
      mutiple_product_update_list: JSON.stringify(listings.map((l) => ({ product_id: Number(l.channel_listing_id), multiple_sku_update_list: [{ sku_code: l.sku, inventory: 1 }] }))),
    };
    params.sign = signParams(params, 's');
    const res = await fetch(`${sandbox.url}/sync`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(params).toString() });
    const body = await res.json();
    expect(body.aliexpress_solution_batch_product_inventory_update_response).toMatchObject({ update_success: false, update_error_code: 'TOO_MANY_PRODUCTS' });
    expect(sandbox.quantities().every((q) => q.quantity === 10)).toBe(true);
  });
});
