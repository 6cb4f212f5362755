import { groupUserErrors, rowRejection, setQuantitiesInput } from '../../../pipeline/channels/shopify/api/inventory';
import { toGid, versionAtLeast } from '../../../pipeline/channels/shopify/api/ids';
import { parseOperation, project, requestedCost } from '../../../pipeline/channels/shopify/sandbox/graphql';
import { ShopifyStore } from '../../../pipeline/channels/shopify/sandbox/store';
import { createShopifyWriter, defaultReferenceDocumentUri, shopifyIdempotencyKey } from '../../../pipeline/channels/shopify/writer';
import { SHOPIFY_INITIAL_THROTTLE } from '../../../pipeline/channels/shopify/client';
import { ShopifyReadApi } from '../../../pipeline/channels/shopify/streams/api';
import type { ShopifyConfig } from '../../../pipeline/channels/shopify/config';
import { ManualClock } from '../../../pipeline/channels/http/clock';
import { push } from '../../unit/channels/pushes';

const row = (over = {}) => push({ channel_inventory_item_id: '111', channel_location_id: 'gid://shopify/Location/9', ...over });
const options = (apiVersion: string) => ({ apiVersion, reason: 'correction', referenceDocumentUri: 'gid://crossdock/StockChange/c1' });

describe('shopify inventorySetQuantities input', () => {
  it('carries changeFromQuantity per row from 2026-01, null when nothing was expected', () => {
    const input = setQuantitiesInput([row(), row({ expected_quantity: null })], options('2026-01'));
    expect(input).toEqual({
      name: 'available',
      reason: 'correction',
      referenceDocumentUri: 'gid://crossdock/StockChange/c1',
      quantities: [
        { inventoryItemId: 'gid://shopify/InventoryItem/111', locationId: 'gid://shopify/Location/9', quantity: 5, changeFromQuantity: 3 },
        { inventoryItemId: 'gid://shopify/InventoryItem/111', locationId: 'gid://shopify/Location/9', quantity: 5, changeFromQuantity: null },
      ],
    });
  });

  it('uses compareQuantity before 2026-01, and ignoreCompareQuantity only when no row has an expectation', () => {
    expect(setQuantitiesInput([row()], options('2025-10')).quantities).toEqual([expect.objectContaining({ compareQuantity: 3 })]);
    const blind = setQuantitiesInput([row({ expected_quantity: null })], options('2025-10'));
    expect(blind.ignoreCompareQuantity).toBe(true);
    expect((blind.quantities as object[])[0]).not.toHaveProperty('compareQuantity');
  });

  it('maps userErrors to rows by the index in field, and keeps row-less ones apart', () => {
    const { byRow, general } = groupUserErrors([
      { code: 'CHANGE_FROM_QUANTITY_STALE', field: ['input', 'quantities', '2', 'changeFromQuantity'], message: 'stale' },
      { code: 'INVALID_REASON', field: ['input', 'reason'], message: 'bad reason' },
    ]);
    expect([...byRow.keys()]).toEqual([2]);
    expect(general.map((e) => e.code)).toEqual(['INVALID_REASON']);
  });

  it('calls a stale compare a conflict and any other row error a failure', () => {
    expect(rowRejection(row(), [{ code: 'COMPARE_QUANTITY_STALE', field: null, message: 'x' }]).status).toBe('conflict');
    expect(rowRejection(row(), [{ code: 'INVALID_QUANTITY_TOO_HIGH', field: null, message: 'x' }])).toMatchObject({ status: 'failed', retryable: false });
  });

  it('points referenceDocumentUri at the change id of a one-row call and at the change set otherwise', () => {
    expect(defaultReferenceDocumentUri([row({ change_id: 'chg 7' })], 'k')).toBe('gid://crossdock/StockChange/chg%207');
    expect(defaultReferenceDocumentUri([row(), row()], 'apply-42')).toBe('gid://crossdock/StockChangeSet/apply-42');
  });

  it('derives one @idempotent key per exact input, so a resend replays and a different subset does not collide', () => {
    const a = setQuantitiesInput([row()], options('2026-01'));
    const b = setQuantitiesInput([row({ quantity: 6 })], options('2026-01'));
    expect(shopifyIdempotencyKey('apply-1', a)).toBe(shopifyIdempotencyKey('apply-1', setQuantitiesInput([row()], options('2026-01'))));
    expect(shopifyIdempotencyKey('apply-1', a)).not.toBe(shopifyIdempotencyKey('apply-1', b));
    expect(shopifyIdempotencyKey('apply-1', a)).toMatch(/^apply-1:[0-9a-f]{16}$/);
  });

  it('normalises ids to GIDs and orders API versions', () => {
    expect(toGid('Location', '42')).toBe('gid://shopify/Location/42');
    expect(toGid('Location', 'gid://shopify/Location/42')).toBe('gid://shopify/Location/42');
    expect(versionAtLeast('2026-04', '2026-01')).toBe(true);
    expect(versionAtLeast('2025-10', '2026-01')).toBe(false);
    expect(versionAtLeast('unstable', '2026-04')).toBe(true);
  });
});

describe('shopify sandbox graphql', () => {
  const doc = `mutation M($input: InventorySetQuantitiesInput!, $key: String!) {
    inventorySetQuantities(input: $input) @idempotent(key: $key) { inventoryAdjustmentGroup { id } userErrors { code field message } }
  }`;

  it('parses operations with variables, directives, aliases and inline fragments', () => {
    const op = parseOperation(doc);
    expect(op).toMatchObject({ type: 'mutation', name: 'M', variableNames: ['input', 'key'] });
    const field = op.selections[0];
    expect(field).toMatchObject({ kind: 'field', name: 'inventorySetQuantities', directives: [{ name: 'idempotent', args: { key: { $var: 'key' } } }] });
    const query = parseOperation('{ a: nodes(ids: ["x", "y"]) { ... on InventoryItem { id } } }');
    expect(query.selections[0]).toMatchObject({ alias: 'a', name: 'nodes', args: { ids: ['x', 'y'] } });
  });

  it('costs a mutation 10 and a list by its array argument', () => {
    expect(requestedCost(parseOperation(doc), {})).toBe(10);
    const read = parseOperation('query($ids: [ID!]!) { nodes(ids: $ids) { ... on InventoryItem { id inventoryLevel(locationId: "l") { quantities(names: ["available"]) { name quantity } } } } }');
    expect(requestedCost(read, { ids: ['a', 'b', 'c'] })).toBe(9);
    expect(requestedCost(parseOperation('{ orders(first: 50) { nodes { id } } }'), {})).toBe(52); // 2 + 50 objects
  });

  it('projects resolved values through aliases and field arguments', () => {
    const op = parseOperation('{ item: thing { n: level(x: 2) { v } } }');
    const value = { thing: { level: ({ x }: { x: number }) => ({ v: x * 10, hidden: 1 }) } };
    expect(project(value, op.selections, {})).toEqual({ item: { n: { v: 20 } } });
  });

  it('applies nothing when one row is stale (the mutation is atomic)', () => {
    const store = new ShopifyStore([
      { listing_id: 'a', channel: 'shopify', marketplace: 'm', sku: 'A', fulfilment: 'merchant', channel_listing_id: null, channel_offer_id: null, channel_inventory_item_id: '1', channel_location_id: '9', channel_quantity_units: 4 },
      { listing_id: 'b', channel: 'shopify', marketplace: 'm', sku: 'B', fulfilment: 'merchant', channel_listing_id: null, channel_offer_id: null, channel_inventory_item_id: '2', channel_location_id: '9', channel_quantity_units: 4 },
    ]);
    const q = (item: string, from: number) => ({ inventoryItemId: `gid://shopify/InventoryItem/${item}`, locationId: 'gid://shopify/Location/9', quantity: 8, changeFromQuantity: from });
    const result = store.setQuantities('2026-01', { name: 'available', reason: 'correction', quantities: [q('1', 4), q('2', 3)] }, null);
    expect(result.userErrors).toEqual([expect.objectContaining({ code: 'CHANGE_FROM_QUANTITY_STALE', field: ['input', 'quantities', '1', 'changeFromQuantity'] })]);
    expect(store.quantities().map((x) => x.quantity)).toEqual([4, 4]);
  });
});

describe('shopify: one client and one cost bucket per shop', () => {
  const BASE = 'https://acme.myshopify.com';
  const TOKEN = 'shpat_unit_shared_budget';
  // A fake Admin API: every answer reports the bucket the shop has left (5 of 1,000 points after the push).
  const answer = (data: unknown, currentlyAvailable: number) =>
    new Response(JSON.stringify({ data, extensions: { cost: { requestedQueryCost: 10, actualQueryCost: 10, throttleStatus: { maximumAvailable: 1000, currentlyAvailable, restoreRate: 100 } } } }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  const fakeFetch = (async (_url: string, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as { query: string };
    return body.query.includes('inventorySetQuantities')
      ? answer({ inventorySetQuantities: { userErrors: [], inventoryAdjustmentGroup: { id: 'gid://shopify/InventoryAdjustmentGroup/1' } } }, 5)
      : answer({ shop: { name: 'Acme' } }, 900);
  }) as unknown as typeof fetch;
  const account = () =>
    ({ channel: 'shopify', account: 'main', shop: 'acme', baseUrl: BASE, apiVersion: '2026-01', timeoutSeconds: 30, tokenEnv: 'T', locations: {}, marketplace: 'online-store' }) as unknown as ShopifyConfig;

  it('assumes the documented Standard-plan bucket (1,000 points, 100/s) until the shop says otherwise', () => {
    expect(SHOPIFY_INITIAL_THROTTLE).toEqual({ maximumAvailable: 1000, currentlyAvailable: 1000, restoreRate: 100 });
  });

  it('makes the pull wait for the points a push to the same shop spent (one budget for reader and writer)', async () => {
    const clock = new ManualClock(0);
    const writer = createShopifyWriter({ baseUrl: BASE, credentials: { accessToken: TOKEN }, http: { clock, fetch: fakeFetch } });
    const reader = new ShopifyReadApi(account(), TOKEN, clock, true, { fetch: fakeFetch });
    expect(reader.bucket).toBe(writer.client.bucket);
    const [outcome] = await writer.push([row({ channel_inventory_item_id: '111', channel_location_id: '9' })], { idempotencyKey: 'k' });
    expect(outcome.status).toBe('applied');
    expect(clock.sleeps).toEqual([]);
    // The shop said 5 points are left: a 105-point query waits (105 − 5) / 100 s = 1 s on the shared bucket.
    await reader.query('shop', 'query { shop { name } }', {}, 105);
    expect(clock.sleeps).toEqual([1000]);
    // Another token is another app's bucket: no wait.
    const stranger = new ShopifyReadApi(account(), 'shpat_someone_else', clock, true, { fetch: fakeFetch });
    expect(stranger.bucket).not.toBe(writer.client.bucket);
    await stranger.query('shop', 'query { shop { name } }', {}, 105);
    expect(clock.sleeps).toEqual([1000]);
  });
});
