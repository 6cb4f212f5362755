// Listings a channel keeps as one quantity (ChannelWriter.sharedQuantityKey): Amazon applies a
// merchant SKU's quantity to every marketplace of the seller's region, Shopify keeps one level per
// inventory item × location. A push to one of them moves all of them, so the plan
//   - refuses edits of one shared quantity that disagree (SHARED_QUANTITY_CONFLICT), before
//     anything is sent: the channel cannot show two numbers;
//   - sends agreeing edits once: the first row is pushed, the others follow it;
//   - names every other listing of the quantity that will change as a side effect of the push,
//     so the ledger and the listing table record it too.
// Pure: rows and listing states in, rows out.
import type { ListingState, PlannedRow, PlanOptions, SideEffect } from './plan';
import type { ChannelId } from '../channels/contract/writer';

/** The rows with shared quantities settled: conflicts rejected, followers marked, side effects named. */
export function settleSharedQuantities(rows: PlannedRow[], listings: ReadonlyMap<string, ListingState>, options: PlanOptions): PlannedRow[] {
  const keyOf = (state: ListingState): string | null => {
    const key = options.channels[state.channel as ChannelId]?.sharedQuantityKey?.(state) ?? null;
    return key === null ? null : `${state.channel}\u0000${key}`;
  };
  // Rows that ask for a quantity: sendable ones, and those the channel already shows (NO_CHANGE).
  const groups = new Map<string, PlannedRow[]>();
  for (const row of rows) {
    const asking = row.status === 'ok' || row.reason_code === 'NO_CHANGE';
    const key = asking && row.state ? keyOf(row.state) : null;
    if (key !== null) groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  if (groups.size === 0) return rows;
  const members = new Map<string, ListingState[]>();
  for (const state of listings.values()) {
    const key = keyOf(state);
    if (key !== null && groups.has(key)) members.set(key, [...(members.get(key) ?? []), state]);
  }

  const out = [...rows];
  for (const [key, group] of groups) {
    const asked = [...new Set(group.map((row) => row.new_quantity))];
    const all = members.get(key) ?? [];
    if (asked.length > 1) {
      for (const row of group) out[row.row_index] = conflict(row, group, all);
      continue;
    }
    const sent = group.filter((row) => row.status === 'ok');
    if (sent.length === 0) continue;
    const [lead, ...followers] = sent;
    const quantity = lead.new_quantity as number;
    const named = new Set(sent.map((row) => row.listing));
    const side_effects: SideEffect[] = all
      .filter((state) => !named.has(state.listing_id) && state.channel_quantity_units !== quantity)
      .map((state) => ({ state, new_quantity: quantity, warning: null }));
    out[lead.row_index] = { ...lead, side_effects };
    for (const row of followers) out[row.row_index] = { ...row, follows: lead.row_index };
  }
  return out;
}

function conflict(row: PlannedRow, group: PlannedRow[], all: ListingState[]): PlannedRow {
  const asked = group.map((r) => `${r.listing} ${r.new_quantity}`).join(', ');
  const shared = all.map((state) => state.listing_id).join(', ');
  return {
    ...row,
    status: 'rejected',
    reason_code: 'SHARED_QUANTITY_CONFLICT',
    message: `${row.state!.channel} keeps one quantity for ${shared}, and this request asks for different ones (${asked}): enter the same quantity for all of them, or edit only one`,
  };
}
