// The per-row answers of plan and apply, built from the plan and from ledger rows. Pure.
import type { ChangeRecord, ChangeStatus } from './ledger';
import type { AlsoChanges, ApplyResponse, ApplyRowResult, ApplyRowStatus, PlanResponse, RowWarning } from '../model/wire';
import type { StockPlan, StockWarning } from './plan';

export type { AlsoChanges, ApplyResponse, ApplyRowResult, ApplyRowStatus, PlanResponse, PlanRowResult, RowWarning } from '../model/wire';

const warningOf = (warning: StockWarning | null): RowWarning | undefined =>
  warning ? { code: warning.code, message: warning.message, available_units: warning.available_units } : undefined;

export function planResponse(plan: StockPlan): PlanResponse {
  return {
    rows: plan.rows.map((row) => {
      const warning = warningOf(row.warning);
      const also = row.side_effects.map((effect): AlsoChanges => {
        const effectWarning = warningOf(effect.warning);
        return { listing: effect.state.listing_id, current_quantity: effect.state.channel_quantity_units, new_quantity: effect.new_quantity, ...(effectWarning ? { warning: effectWarning } : {}) };
      });
      return {
        listing: row.listing,
        status: row.status,
        ...(row.reason_code ? { reason_code: row.reason_code, message: row.message } : {}),
        current_quantity: row.current_quantity,
        new_quantity: row.new_quantity,
        suggested_quantity: row.suggested_quantity,
        ...(warning ? { warning } : {}),
        ...(row.follows !== null ? { follows: plan.rows[row.follows].listing } : {}),
        ...(also.length > 0 ? { also_changes: also } : {}),
      };
    }),
    batches: plan.batches,
  };
}

/** What a ledger status means to the sheet. Unfinished rows only exist while an apply runs. */
function applyStatusOf(status: ChangeStatus): ApplyRowStatus {
  switch (status) {
    case 'pending':
    case 'sent':
      return 'pending_verification';
    default:
      return status;
  }
}

/** The apply answer for a change set, from its ledger rows and the listings' current versions. */
export function applyResponse(changeSetId: string, records: ChangeRecord[], versions: ReadonlyMap<string, string>): ApplyResponse {
  const listingOf = new Map(records.map((record) => [record.change_id, record.listing_id]));
  const answers = [...records]
    .sort((a, b) => a.row_index - b.row_index)
    .map((record): ApplyRowResult => {
      const status = applyStatusOf(record.change_status);
      const row: ApplyRowResult = { listing: record.listing_id, change_id: record.change_id, status };
      if (record.reason_code) row.reason_code = record.reason_code;
      if (record.message) row.message = record.message;
      if (status !== 'rejected') {
        row.channel_quantity = record.channel_quantity_units;
        const version = versions.get(record.listing_id);
        if (version) row.version = version;
      }
      if (status === 'failed') row.retryable = record.is_retryable ?? false;
      if (record.warning_code) row.warning_code = record.warning_code;
      const follows = record.follows_change_id ? listingOf.get(record.follows_change_id) : undefined;
      if (follows) row.follows = follows;
      return row;
    });
  const sideEffectIds = new Set(records.filter((record) => record.is_side_effect === true).map((record) => record.change_id));
  const isSideEffect = (row: ApplyRowResult) => sideEffectIds.has(row.change_id);
  const side_effects = answers.filter(isSideEffect);
  return { change_set_id: changeSetId, rows: answers.filter((row) => !isSideEffect(row)), ...(side_effects.length > 0 ? { side_effects } : {}) };
}
