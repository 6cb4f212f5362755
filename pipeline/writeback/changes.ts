// A plan as the ledger records it and the writers receive it: one ledger row per request row,
// one per side effect (a listing outside the request that a push moves), and the pushes, one per
// row that is sent itself. Rows that move with a pushed one (agreeing edits of one shared
// quantity, side effects) are its followers: never sent, recorded with its answer.
import type { NewChange } from './ledger';
import { isSent, pushOf, type PlannedRow, type StockPlan } from './plan';
import type { ChannelId, StockPush } from '../channels/contract/writer';

const INT32_MAX = 2147483647; // the ledger's integer column

/** A ledger row that takes the answer of the push it follows. */
export interface Follower {
  change_id: string;
  listing_id: string;
}

export interface PlannedChanges {
  changes: NewChange[];
  pushes: Map<ChannelId, StockPush[]>;
  /** Lead change id → the rows that move with its push. */
  followers: Map<string, Follower[]>;
}

/**
 * Builds the ledger rows and pushes of a plan. `claim` is asked, for each row that is sent, for
 * every listing its push moves (itself, its followers, its side effects); false (another apply is
 * pushing one of them) refuses the row and its followers as IN_FLIGHT, and records no side effect.
 */
export function plannedChanges(plan: StockPlan, newId: () => string, claim: (listingIds: string[]) => boolean): PlannedChanges {
  const ids = plan.rows.map(() => newId());
  const followersOf = new Map<number, PlannedRow[]>();
  for (const row of plan.rows) if (row.status === 'ok' && row.follows !== null) followersOf.set(row.follows, [...(followersOf.get(row.follows) ?? []), row]);

  const busy = new Set<number>();
  for (const row of plan.rows) {
    if (!isSent(row)) continue;
    const moved = [row.listing, ...(followersOf.get(row.row_index) ?? []).map((f) => f.listing), ...row.side_effects.map((e) => e.state.listing_id)];
    if (!claim(moved)) busy.add(row.row_index);
  }
  const isBusy = (row: PlannedRow) => row.status === 'ok' && busy.has(row.follows ?? row.row_index);
  const changes = plan.rows.map((row, index) => requestChange(row, ids[index], row.follows === null ? null : ids[row.follows], isBusy(row)));

  const pushes = new Map<ChannelId, StockPush[]>();
  const followers = new Map<string, Follower[]>();
  for (const row of plan.rows) {
    if (!isSent(row) || busy.has(row.row_index)) continue;
    const lead = ids[row.row_index];
    const push = pushOf(row, lead);
    const channelPushes = pushes.get(push.channel);
    if (channelPushes) channelPushes.push(push);
    else pushes.set(push.channel, [push]);
    const moved: Follower[] = (followersOf.get(row.row_index) ?? []).map((f) => ({ change_id: ids[f.row_index], listing_id: f.listing }));
    for (const effect of row.side_effects) {
      const change = sideEffectChange(row, effect, newId(), lead, changes.length); // after the request's rows
      changes.push(change);
      moved.push({ change_id: change.change_id, listing_id: change.listing_id });
    }
    if (moved.length > 0) followers.set(lead, moved);
  }
  return { changes, pushes, followers };
}

function requestChange(row: PlannedRow, change_id: string, follows_change_id: string | null, busy: boolean): NewChange {
  const state = row.state;
  return {
    change_id,
    row_index: row.row_index,
    listing_id: row.listing,
    channel: state?.channel ?? null,
    marketplace: state?.marketplace ?? null,
    sku: state?.sku ?? null,
    expected_version: row.expected_version,
    seen_quantity_units: state?.channel_quantity_units ?? null,
    asked_value: row.asked_value,
    asked_quantity_units: row.new_quantity !== null && Number.isInteger(row.new_quantity) && Math.abs(row.new_quantity) <= INT32_MAX ? row.new_quantity : null,
    change_status: row.status === 'ok' && !busy ? 'pending' : 'rejected',
    reason_code: busy ? 'IN_FLIGHT' : (row.reason_code ?? null),
    message: busy ? 'another push for this listing (or one its push moves) is still being applied: retry when it has finished' : (row.message ?? null),
    follows_change_id: row.status === 'ok' ? follows_change_id : null,
    is_side_effect: false,
    available_units: state?.available_units ?? null,
    warning_code: row.warning?.code ?? null,
    warning_message: row.warning?.message ?? null,
  };
}

function sideEffectChange(lead: PlannedRow, effect: PlannedRow['side_effects'][number], change_id: string, follows_change_id: string, row_index: number): NewChange {
  const state = effect.state;
  return {
    change_id,
    row_index,
    listing_id: state.listing_id,
    channel: state.channel,
    marketplace: state.marketplace,
    sku: state.sku,
    expected_version: null,
    seen_quantity_units: state.channel_quantity_units,
    asked_value: null,
    asked_quantity_units: null,
    change_status: 'pending',
    reason_code: null,
    message: `moves with ${lead.listing}: ${state.channel} keeps one quantity for both`,
    follows_change_id,
    is_side_effect: true,
    available_units: state.available_units,
    warning_code: effect.warning?.code ?? null,
    warning_message: effect.warning?.message ?? null,
  };
}
