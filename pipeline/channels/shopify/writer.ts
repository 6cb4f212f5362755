// Shopify stock writer: inventorySetQuantities on `available`, ≤ 250 rows per call, with
// compare-and-set from the quantity the sheet showed (changeFromQuantity from 2026-01,
// compareQuantity before) and the @idempotent key where the API version has it. The mutation is
// atomic, so when some rows are stale the others are resent once without them. Answers lost in
// flight are settled by reading the levels back, never by blind resending. Each inventory item ×
// location is one level: setting it changes no other location; listings on the same level share
// its quantity (sharedQuantityKey).
import { createHash } from 'node:crypto';
import { lostAnswers } from '../contract/lostAnswer';
import type { ChannelId, ChannelReading, ChannelWriter, ListingChannelIds, PushOutcome, StockPush } from '../contract/writer';
import type { HttpClientOptions } from '../http/client';
import type { ThrottleStatus } from '../http/costBucket';
import { versionAtLeast } from './api/ids';
import {
  MUTATION_COST,
  READ_LEVELS_QUERY,
  SET_QUANTITIES_MUTATION,
  SET_QUANTITIES_MUTATION_IDEMPOTENT,
  groupUserErrors,
  readCost,
  rowRejection,
  setQuantitiesInput,
  type ReadLevelsPayload,
  type SetQuantitiesPayload,
} from './api/inventory';
import { toGid } from './api/ids';
import { ShopifyClient, type GraphqlResult } from './client';

export const SHOPIFY_MAX_ROWS = 250;
export const DEFAULT_SHOPIFY_API_VERSION = '2026-01';
const READ_CHUNK = 100;

export interface ShopifyWriterOptions {
  /** https://{shop}.myshopify.com (or a sandbox). */
  baseUrl: string;
  credentials: { accessToken: string };
  /** Pinned Admin API version (default 2026-01). */
  apiVersion?: string;
  /** Inventory change reason shown in Shopify's history (default "correction"). */
  reason?: string;
  /** Builds referenceDocumentUri from the rows of one call and the push's idempotency key. */
  referenceDocumentUri?: (rows: StockPush[], idempotencyKey: string) => string;
  limits?: { maxRowsPerCall?: number; initialThrottle?: ThrottleStatus };
  http?: Partial<Omit<HttpClientOptions, 'name' | 'baseUrl' | 'headers'>>;
}

/** gid://crossdock/StockChange/<change id> for one row; the change set (idempotency key) for several. */
export function defaultReferenceDocumentUri(rows: StockPush[], idempotencyKey: string): string {
  return rows.length === 1
    ? `gid://crossdock/StockChange/${encodeURIComponent(rows[0].change_id)}`
    : `gid://crossdock/StockChangeSet/${encodeURIComponent(idempotencyKey)}`;
}

export class ShopifyWriter implements ChannelWriter {
  readonly channel: ChannelId = 'shopify';
  readonly maxRowsPerCall: number;
  readonly appliesSynchronously = true; // inventorySetQuantities answers with the stored quantities
  readonly client: ShopifyClient;
  private readonly apiVersion: string;

  constructor(private readonly options: ShopifyWriterOptions) {
    this.apiVersion = options.apiVersion ?? DEFAULT_SHOPIFY_API_VERSION;
    this.maxRowsPerCall = Math.min(options.limits?.maxRowsPerCall ?? SHOPIFY_MAX_ROWS, SHOPIFY_MAX_ROWS);
    this.client = new ShopifyClient({
      baseUrl: options.baseUrl,
      accessToken: options.credentials.accessToken,
      apiVersion: this.apiVersion,
      initialThrottle: options.limits?.initialThrottle,
      http: options.http,
    });
  }

  async push(rows: StockPush[], options: { idempotencyKey: string }): Promise<PushOutcome[]> {
    const outcomes = new Map<string, PushOutcome>();
    const sendable: StockPush[] = [];
    for (const row of rows) {
      const problem = rowProblem(row);
      if (problem) outcomes.set(row.change_id, { change_id: row.change_id, status: 'failed', message: problem, retryable: false });
      else sendable.push(row);
    }
    const calls = this.plan(sendable);
    for (const [index, callRows] of calls.entries()) {
      const key = calls.length === 1 ? options.idempotencyKey : `${options.idempotencyKey}:${index + 1}`;
      for (const outcome of await this.pushCall(callRows, key, true)) outcomes.set(outcome.change_id, outcome);
    }
    return rows.map((row) => outcomes.get(row.change_id)!);
  }

  /** One key per inventory level (item × location): listings on one level show one quantity. */
  sharedQuantityKey(listing: ListingChannelIds): string | null {
    if (!listing.channel_inventory_item_id || !listing.channel_location_id) return null;
    return `${toGid('InventoryItem', listing.channel_inventory_item_id)}|${toGid('Location', listing.channel_location_id)}`;
  }

  async read(rows: StockPush[]): Promise<ChannelReading[]> {
    const readings = new Map<string, number | null>();
    const byLocation = new Map<string, StockPush[]>();
    for (const row of rows) {
      if (!row.channel_inventory_item_id || !row.channel_location_id) {
        readings.set(row.listing_id, null);
        continue;
      }
      const location = toGid('Location', row.channel_location_id);
      byLocation.set(location, [...(byLocation.get(location) ?? []), row]);
    }
    for (const [location, group] of byLocation) {
      for (let i = 0; i < group.length; i += READ_CHUNK) {
        const chunk = group.slice(i, i + READ_CHUNK);
        const ids = chunk.map((r) => toGid('InventoryItem', r.channel_inventory_item_id!));
        const result = await this.client.graphql<ReadLevelsPayload>(READ_LEVELS_QUERY, { ids, locationId: location }, { estimatedCost: readCost(ids.length), idempotent: true, operation: 'readInventoryLevels' });
        if (result.kind !== 'data') throw new Error(`shopify readInventoryLevels failed: ${describe(result)}`);
        result.data.nodes.forEach((node, n) => {
          const quantity = node?.inventoryLevel?.quantities.find((q) => q.name === 'available')?.quantity;
          readings.set(chunk[n].listing_id, typeof quantity === 'number' ? quantity : null);
        });
      }
    }
    return rows.map((row) => ({ listing_id: row.listing_id, quantity: readings.get(row.listing_id) ?? null }));
  }

  // Calls of ≤ maxRowsPerCall rows; before 2026-01 ignoreCompareQuantity is per call, so rows
  // without an expected quantity travel apart from rows with one.
  private plan(rows: StockPush[]): StockPush[][] {
    const groups = versionAtLeast(this.apiVersion, '2026-01')
      ? [rows]
      : [rows.filter((r) => r.expected_quantity !== null), rows.filter((r) => r.expected_quantity === null)];
    const calls: StockPush[][] = [];
    for (const group of groups) {
      for (let i = 0; i < group.length; i += this.maxRowsPerCall) calls.push(group.slice(i, i + this.maxRowsPerCall));
    }
    return calls.filter((c) => c.length > 0);
  }

  private async pushCall(rows: StockPush[], key: string, mayResend: boolean): Promise<PushOutcome[]> {
    const idempotent = versionAtLeast(this.apiVersion, '2026-01');
    const input = setQuantitiesInput(rows, {
      apiVersion: this.apiVersion,
      reason: this.options.reason ?? 'correction',
      referenceDocumentUri: (this.options.referenceDocumentUri ?? defaultReferenceDocumentUri)(rows, key),
    });
    const result = await this.client.graphql<SetQuantitiesPayload>(
      idempotent ? SET_QUANTITIES_MUTATION_IDEMPOTENT : SET_QUANTITIES_MUTATION,
      idempotent ? { input, idempotencyKey: shopifyIdempotencyKey(key, input) } : { input },
      { estimatedCost: MUTATION_COST, idempotent, operation: 'inventorySetQuantities' },
    );

    if (result.kind === 'unknown_outcome') return lostAnswers(rows, result.message);
    if (result.kind === 'errors' && !idempotent && result.errors.some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR')) {
      return lostAnswers(rows, 'Shopify answered INTERNAL_SERVER_ERROR to a mutation without an idempotency key');
    }
    if (result.kind !== 'data') return rows.map((row) => failed(row, describe(result), retryableResult(result)));
    const payload = result.data.inventorySetQuantities;
    if (!payload) return rows.map((row) => failed(row, `Shopify returned no inventorySetQuantities payload: ${JSON.stringify(result.errors ?? [])}`, true));
    if (payload.userErrors.length === 0) {
      const group = payload.inventoryAdjustmentGroup?.id ?? null;
      return rows.map((row) => ({ change_id: row.change_id, status: 'applied', channel_quantity: row.quantity, channel_response: { inventoryAdjustmentGroup: group } }));
    }

    const { byRow, general } = groupUserErrors(payload.userErrors);
    if (general.length > 0) {
      const message = `Shopify refused the call: ${general.map((e) => `${e.code ?? 'ERROR'}: ${e.message}`).join('; ')}`;
      const transient = general.every((e) => e.code === 'IDEMPOTENCY_CONCURRENT_REQUEST');
      return rows.map((row) => failed(row, message, transient, { userErrors: general }));
    }
    const outcomes: PushOutcome[] = [];
    const clean: StockPush[] = [];
    rows.forEach((row, index) => {
      const errors = byRow.get(index);
      if (errors) outcomes.push(rowRejection(row, errors));
      else clean.push(row);
    });
    await this.attachCurrentQuantities(rows, outcomes);
    if (clean.length === 0) return outcomes;
    // The mutation is all-or-nothing: the clean rows were not applied. Resend them once.
    if (mayResend) return [...outcomes, ...(await this.pushCall(clean, `${key}:resend`, false))];
    return [...outcomes, ...clean.map((row) => failed(row, 'not applied: other rows of the same Shopify call were refused', true))];
  }

  // A conflict is more useful with the quantity the channel shows now.
  private async attachCurrentQuantities(rows: StockPush[], outcomes: PushOutcome[]): Promise<void> {
    const conflicted = outcomes.filter((o) => o.status === 'conflict');
    if (conflicted.length === 0) return;
    const byChange = new Map(rows.map((r) => [r.change_id, r]));
    try {
      const readings = await this.read(conflicted.map((o) => byChange.get(o.change_id)!));
      conflicted.forEach((outcome, i) => (outcome.channel_quantity = readings[i].quantity));
    } catch {
      // The conflict stands without the current quantity; the core can read it later.
    }
  }

  // The answer was lost after sending: read the levels and report what the channel shows.
}

/**
 * The @idempotent key of one call: the push's key plus a digest of the exact input. Resending the
 * same rows replays Shopify's first answer; a different subset (say, the rows left after a
 * conflict) is a different request and gets its own key instead of IDEMPOTENCY_KEY_PARAMETER_MISMATCH.
 */
export function shopifyIdempotencyKey(key: string, input: Record<string, unknown>): string {
  return `${key}:${createHash('sha256').update(JSON.stringify(input)).digest('hex').slice(0, 16)}`;
}

export function createShopifyWriter(options: ShopifyWriterOptions): ShopifyWriter {
  return new ShopifyWriter(options);
}

function rowProblem(row: StockPush): string | null {
  if (!row.channel_inventory_item_id) return 'listing has no Shopify inventory item id: re-import the Shopify listings';
  if (!row.channel_location_id) return 'listing has no Shopify location id: re-import the Shopify listings';
  if (!Number.isInteger(row.quantity) || row.quantity < 0) return `quantity must be a non-negative integer, got ${row.quantity}`;
  return null;
}

function failed(row: StockPush, message: string, retryable: boolean, response?: unknown, channelQuantity?: number | null): PushOutcome {
  return { change_id: row.change_id, status: 'failed', message, retryable, channel_response: response, ...(channelQuantity !== undefined ? { channel_quantity: channelQuantity } : {}) };
}

function describe(result: GraphqlResult<unknown>): string {
  switch (result.kind) {
    case 'errors':
      return `Shopify answered with errors: ${result.errors.map((e) => `${e.extensions?.code ?? 'ERROR'}: ${e.message}`).join('; ')}`;
    case 'data':
      return 'ok';
    default:
      return result.message;
  }
}

function retryableResult(result: GraphqlResult<unknown>): boolean {
  if (result.kind === 'errors' || result.kind === 'http_error') return result.retryable;
  return true; // unreachable: nothing was delivered
}
