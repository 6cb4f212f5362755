// The inventory documents the Shopify writer sends and the pure mapping of their answers. Kept
// apart from I/O so the rules (CAS fields per API version, userError → row) are unit-tested.
import type { PushOutcome, StockPush } from '../../contract/writer';
import { toGid, versionAtLeast } from './ids';

export const SET_QUANTITIES_MUTATION = `mutation SetStock($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) {
    inventoryAdjustmentGroup { id }
    userErrors { code field message }
  }
}`;

export const SET_QUANTITIES_MUTATION_IDEMPOTENT = `mutation SetStock($input: InventorySetQuantitiesInput!, $idempotencyKey: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey) {
    inventoryAdjustmentGroup { id }
    userErrors { code field message }
  }
}`;

export const READ_LEVELS_QUERY = `query ReadStock($ids: [ID!]!, $locationId: ID!) {
  nodes(ids: $ids) {
    ... on InventoryItem {
      id
      inventoryLevel(locationId: $locationId) { quantities(names: ["available"]) { name quantity } }
    }
  }
}`;

/** Requested cost of READ_LEVELS_QUERY for n ids (nodes n × (item 1 + level 1 + quantity 1)). */
export const readCost = (ids: number) => ids * 3;
export const MUTATION_COST = 10;

export interface UserError {
  code: string | null;
  field: string[] | null;
  message: string;
}

export interface SetQuantitiesPayload {
  inventorySetQuantities: { inventoryAdjustmentGroup: { id: string } | null; userErrors: UserError[] } | null;
}

export interface ReadLevelsPayload {
  nodes: ({ id: string; inventoryLevel: { quantities: { name: string; quantity: number }[] } | null } | null)[];
}

// compareQuantity/changeFromQuantity mismatches: the channel moved since the sheet was read.
export const CAS_CODES = new Set(['CHANGE_FROM_QUANTITY_STALE', 'COMPARE_QUANTITY_STALE']);

export interface SetQuantitiesInputOptions {
  apiVersion: string;
  reason: string;
  referenceDocumentUri: string;
}

/**
 * The mutation input for rows that share a CAS mode. From 2026-01 each row carries
 * changeFromQuantity (null = skip the check for that row); before, compareQuantity per row or
 * ignoreCompareQuantity for the whole call (so callers split rows with and without expectations).
 */
export function setQuantitiesInput(rows: StockPush[], options: SetQuantitiesInputOptions): Record<string, unknown> {
  const perRow = versionAtLeast(options.apiVersion, '2026-01');
  const ignoreAll = !perRow && rows.every((r) => r.expected_quantity === null);
  return {
    name: 'available',
    reason: options.reason,
    referenceDocumentUri: options.referenceDocumentUri,
    ...(ignoreAll ? { ignoreCompareQuantity: true } : {}),
    quantities: rows.map((row) => ({
      inventoryItemId: toGid('InventoryItem', row.channel_inventory_item_id!),
      locationId: toGid('Location', row.channel_location_id!),
      quantity: row.quantity,
      ...(perRow ? { changeFromQuantity: row.expected_quantity } : ignoreAll ? {} : { compareQuantity: row.expected_quantity }),
    })),
  };
}

/** Index of the quantities row a userError points at (field ["input","quantities","3",…]). */
export function userErrorRow(error: UserError): number | null {
  const field = error.field ?? [];
  const at = field.indexOf('quantities');
  if (at < 0 || at + 1 >= field.length) return null;
  const index = Number(field[at + 1]);
  return Number.isInteger(index) ? index : null;
}

export interface RowErrors {
  /** userErrors per row index. */
  byRow: Map<number, UserError[]>;
  /** userErrors that name no row (reason, idempotency…): they fail the whole call. */
  general: UserError[];
}

export function groupUserErrors(errors: UserError[]): RowErrors {
  const byRow = new Map<number, UserError[]>();
  const general: UserError[] = [];
  for (const error of errors) {
    const row = userErrorRow(error);
    if (row === null) general.push(error);
    else byRow.set(row, [...(byRow.get(row) ?? []), error]);
  }
  return { byRow, general };
}

/** The outcome of a row the channel rejected with userErrors. */
export function rowRejection(row: StockPush, errors: UserError[]): PushOutcome {
  const conflict = errors.some((e) => CAS_CODES.has(e.code ?? ''));
  const message = errors.map((e) => `${e.code ?? 'ERROR'}: ${e.message}`).join('; ');
  return {
    change_id: row.change_id,
    status: conflict ? 'conflict' : 'failed',
    message: conflict ? `Shopify quantity changed since it was read (expected ${row.expected_quantity}): ${message}` : `Shopify refused the row: ${message}`,
    channel_response: { userErrors: errors },
    retryable: false,
  };
}
