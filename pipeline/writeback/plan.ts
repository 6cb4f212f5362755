// Plans a stock edit request: validates every row against what we hold for the listing, settles
// listings the channel keeps as one quantity (sharedQuantities.ts), warns where a quantity is
// above the pool that feeds the listing (oversellWarning.ts) and groups the sendable rows into
// per-channel calls. Pure: no warehouse, no channel, no clock.
import { AllocationRule, effectiveRule, suggestQuantity } from './allocation';
import { aboveAvailable, type StockWarning } from './oversellWarning';
import { settleSharedQuantities } from './sharedQuantities';
import type { ChannelId, ChannelWriter, StockPush } from '../channels/contract/writer';
import { stockPush } from '../channels/contract/stockPush';

export type { StockWarning } from './oversellWarning';

/** One row of a plan/apply body, exactly as received (validated here, not by the caller). */
export interface StockEdit {
  listing?: unknown;
  expected_version?: unknown;
  new_quantity?: unknown;
}

/** What we hold for one listing (see listingState.ts), including its current version. */
export interface ListingState {
  listing_id: string;
  channel: string;
  marketplace: string;
  sku: string;
  fulfilment: 'fba' | 'merchant';
  is_settable: boolean; // false when the feeding location is FBA (Amazon's stock)
  channel_listing_id: string | null;
  channel_offer_id: string | null;
  channel_inventory_item_id: string | null;
  channel_location_id: string | null;
  channel_quantity_units: number | null;
  listing_status: string | null;
  pool_id: string | null;
  available_units: number | null; // Σ available of the listing's pool (null: unknown)
  version: string;
}

export type RejectReason =
  | 'UNKNOWN_LISTING'
  | 'DUPLICATE_ROW'
  | 'FBA_NOT_SETTABLE'
  | 'CHANNEL_NOT_CONFIGURED'
  | 'NOT_INTEGER'
  | 'NEGATIVE'
  | 'ABOVE_SANITY_CAP'
  | 'VERSION_REQUIRED'
  | 'STALE_VERSION'
  | 'NO_CHANGE'
  | 'SHARED_QUANTITY_CONFLICT';

/** A listing a row's push moves without being sent itself: the channel keeps one quantity for both. */
export interface SideEffect {
  state: ListingState;
  new_quantity: number;
  warning: StockWarning | null;
}

export interface PlannedRow {
  row_index: number;
  listing: string;
  status: 'ok' | 'rejected';
  reason_code?: RejectReason;
  message?: string;
  current_quantity: number | null;
  new_quantity: number | null; // null when the value sent was not a number
  suggested_quantity: number | null;
  expected_version: string | null;
  asked_value: string | null; // new_quantity exactly as received, for the ledger
  state: ListingState | null;
  /** row_index of the row whose push carries this one (an agreeing edit of one shared quantity); null: sent itself. */
  follows: number | null;
  /** Listings outside the request this row's push moves too. */
  side_effects: SideEffect[];
  /** ABOVE_AVAILABLE: the new quantity exceeds the pool's available units (pushed all the same). */
  warning: StockWarning | null;
}

export interface PlanBatch {
  channel: ChannelId;
  calls: number;
  rows: number;
}

export interface StockPlan {
  rows: PlannedRow[];
  batches: PlanBatch[];
}

export interface PlanOptions {
  /** Above this a quantity is refused as a likely typo (e.g. 1000 instead of 100). */
  sanityCapUnits: number;
  /** The channels that have a writer configured: the most rows one call may carry, and which listings share a quantity. */
  channels: Partial<Record<ChannelId, Pick<ChannelWriter, 'maxRowsPerCall' | 'sharedQuantityKey'>>>;
  rules?: AllocationRule[];
}

export interface PlanInput {
  edits: StockEdit[];
  listings: ReadonlyMap<string, ListingState>;
  options: PlanOptions;
}

export function planStockChanges({ edits, listings, options }: PlanInput): StockPlan {
  const counts = new Map<string, number>();
  for (const edit of edits) {
    if (typeof edit.listing === 'string') counts.set(edit.listing, (counts.get(edit.listing) ?? 0) + 1);
  }
  const checked = edits.map((edit, index) => planRow(edit, index, listings, options, counts));
  const rows = settleSharedQuantities(checked, listings, options).map(withWarnings);
  return { rows, batches: batchesOf(rows, options) };
}

/** A sendable row's warning, and its side effects' (each listing is compared with its own pool). */
function withWarnings(row: PlannedRow): PlannedRow {
  if (row.status !== 'ok' || !row.state || row.new_quantity === null) return row;
  return {
    ...row,
    warning: aboveAvailable(row.state, row.new_quantity),
    side_effects: row.side_effects.map((effect) => ({ ...effect, warning: aboveAvailable(effect.state, effect.new_quantity) })),
  };
}

/** True for a row that goes to its channel itself (ok, and not carried by another row's push). */
export const isSent = (row: PlannedRow): boolean => row.status === 'ok' && row.follows === null;

function planRow(
  edit: StockEdit,
  row_index: number,
  listings: ReadonlyMap<string, ListingState>,
  options: PlanOptions,
  counts: ReadonlyMap<string, number>,
): PlannedRow {
  const listing = typeof edit.listing === 'string' ? edit.listing : '';
  const state = listings.get(listing) ?? null;
  const quantity = typeof edit.new_quantity === 'number' && Number.isFinite(edit.new_quantity) ? edit.new_quantity : null;
  const expected_version = typeof edit.expected_version === 'string' && edit.expected_version !== '' ? edit.expected_version : null;
  const suggested =
    state && options.rules ? suggestQuantity(state.available_units, effectiveRule(options.rules, state)) : null;
  const base: PlannedRow = {
    row_index,
    listing,
    status: 'ok',
    current_quantity: state?.channel_quantity_units ?? null,
    new_quantity: quantity,
    suggested_quantity: suggested,
    expected_version,
    asked_value: edit.new_quantity === undefined ? null : JSON.stringify(edit.new_quantity),
    state,
    follows: null,
    side_effects: [],
    warning: null,
  };
  const reject = (reason_code: RejectReason, message: string): PlannedRow => ({ ...base, status: 'rejected', reason_code, message });

  if (!listing) return reject('UNKNOWN_LISTING', 'listing is missing: send the listing key from the stock sheet');
  if ((counts.get(listing) ?? 0) > 1) {
    return reject('DUPLICATE_ROW', `listing ${listing} appears ${counts.get(listing)} times in this request: keep one row per listing`);
  }
  if (!state) return reject('UNKNOWN_LISTING', `no listing ${listing}: refresh the stock sheet`);
  if (state.fulfilment === 'fba' || !state.is_settable) {
    return reject('FBA_NOT_SETTABLE', `${listing} is fulfilled by Amazon (FBA): its quantity is Amazon's and cannot be set`);
  }
  if (!options.channels[state.channel]) {
    return reject('CHANNEL_NOT_CONFIGURED', `no ${state.channel} stock writer is configured on this server`);
  }
  if (quantity === null || !Number.isInteger(quantity)) {
    return reject('NOT_INTEGER', `new_quantity must be a whole number of units, got ${base.asked_value ?? 'nothing'}`);
  }
  if (quantity < 0) return reject('NEGATIVE', `new_quantity must be 0 or more, got ${quantity}`);
  if (quantity > options.sanityCapUnits) {
    return reject('ABOVE_SANITY_CAP', `${quantity} is above the sanity cap of ${options.sanityCapUnits} units: check for a typo`);
  }
  if (expected_version === null) {
    return reject('VERSION_REQUIRED', 'expected_version is missing: send the version column of the stock sheet');
  }
  if (expected_version !== state.version) {
    return reject(
      'STALE_VERSION',
      `the ${state.channel} quantity changed since the sheet was refreshed (now ${state.channel_quantity_units ?? 'unknown'}): refresh and re-enter`,
    );
  }
  if (quantity === state.channel_quantity_units) {
    return reject('NO_CHANGE', `${state.channel} already shows ${quantity}: nothing to send`);
  }
  return base;
}

function batchesOf(rows: PlannedRow[], options: PlanOptions): PlanBatch[] {
  const perChannel = new Map<ChannelId, number>();
  for (const row of rows) {
    if (isSent(row) && row.state) {
      const channel = row.state.channel as ChannelId;
      perChannel.set(channel, (perChannel.get(channel) ?? 0) + 1);
    }
  }
  return Object.keys(options.channels).filter((channel) => perChannel.has(channel)).map((channel) => {
    const count = perChannel.get(channel) ?? 0;
    return { channel, rows: count, calls: Math.ceil(count / (options.channels[channel]?.maxRowsPerCall ?? 1)) };
  });
}

/** The rows one channel call carries: the ok rows of a channel, in request order, in chunks. */
export function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += Math.max(1, size)) out.push(items.slice(i, i + Math.max(1, size)));
  return out;
}

/** The push a writer receives for a planned row that is sent itself (change_id comes from the ledger). */
export function pushOf(row: PlannedRow, change_id: string): StockPush {
  const state = row.state;
  if (!state || !isSent(row) || row.new_quantity === null) throw new Error(`row ${row.row_index} is not sendable`);
  return stockPush(change_id, state, row.new_quantity, state.channel_quantity_units);
}
