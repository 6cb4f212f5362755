// The per-row answers of plan and apply, built from the plan and from ledger rows. Pure.
import type { ChangeRecord, ChangeStatus } from './ledger';
import type { PlanBatch, StockPlan } from './plan';

export type ApplyRowStatus = 'applied' | 'pending_verification' | 'conflict' | 'failed' | 'rejected';

export interface PlanRowResult {
  listing: string;
  status: 'ok' | 'rejected';
  reason_code?: string;
  message?: string;
  current_quantity: number | null;
  new_quantity: number | null;
  suggested_quantity: number | null;
}

export interface PlanResponse {
  rows: PlanRowResult[];
  batches: PlanBatch[];
}

export interface ApplyRowResult {
  listing: string;
  change_id: string;
  status: ApplyRowStatus;
  reason_code?: string;
  message?: string;
  channel_quantity?: number | null;
  version?: string;
  retryable?: boolean;
}

export interface ApplyResponse {
  change_set_id: string;
  rows: ApplyRowResult[];
}

export function planResponse(plan: StockPlan): PlanResponse {
  return {
    rows: plan.rows.map((row) => ({
      listing: row.listing,
      status: row.status,
      ...(row.reason_code ? { reason_code: row.reason_code, message: row.message } : {}),
      current_quantity: row.current_quantity,
      new_quantity: row.new_quantity,
      suggested_quantity: row.suggested_quantity,
    })),
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
  const rows = [...records]
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
      return row;
    });
  return { change_set_id: changeSetId, rows };
}
