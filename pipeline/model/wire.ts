// The add-in ↔ server wire: the JSON bodies of the stock plan/apply answers and of a dataset
// answer (docs/api.md). The server builds them (writeback/results.ts, server/datasetBody.ts) and
// the add-in reads them (addin/core/push.ts, addin/api.ts) from these types alone, so a field
// added on one side is seen on the other by the compiler. Types only: nothing here runs.
import type { Column } from '../warehouse/values';

/** One row of a plan/apply request body. */
export interface StockChangeRequest {
  listing: string;
  expected_version: string;
  new_quantity: number;
}

/** A per-row warning (ABOVE_AVAILABLE): the row may still be pushed. */
export interface RowWarning {
  code: string;
  message: string;
  available_units: number;
}

/** A listing outside the request that the row's push moves too (one quantity on the channel). */
export interface AlsoChanges {
  listing: string;
  current_quantity: number | null;
  new_quantity: number;
  warning?: RowWarning;
}

export interface PlanRowResult {
  listing: string;
  status: 'ok' | 'rejected';
  reason_code?: string;
  message?: string;
  current_quantity: number | null;
  new_quantity: number | null;
  suggested_quantity: number | null;
  warning?: RowWarning;
  /** Sent with this listing's push (an agreeing edit of one shared quantity), not by itself. */
  follows?: string;
  also_changes?: AlsoChanges[];
}

/** Calls one channel's push will take. */
export interface PlanBatch {
  channel: string;
  calls: number;
  rows: number;
}

export interface PlanResponse {
  rows: PlanRowResult[];
  batches: PlanBatch[];
}

export type ApplyRowStatus = 'applied' | 'pending_verification' | 'conflict' | 'failed' | 'rejected';

export interface ApplyRowResult {
  listing: string;
  change_id: string;
  status: ApplyRowStatus;
  reason_code?: string;
  message?: string;
  channel_quantity?: number | null;
  version?: string;
  retryable?: boolean;
  warning_code?: string;
  /** The listing whose push moved this one (it was not sent itself). */
  follows?: string;
}

export interface ApplyResponse {
  change_set_id: string;
  /** One per request row, in body order. */
  rows: ApplyRowResult[];
  /** Listings outside the request that a push moved (present when there are any). */
  side_effects?: ApplyRowResult[];
}

/** The head of a dataset answer, written before its rows. */
export interface DatasetHead {
  dataset: string;
  params: Record<string, unknown>;
  data_version: string;
  /** Notes on the data behind the answer (sources ending on other days); shown beside the stamp. */
  warnings: string[];
}

/** One page of a dataset answer. */
export interface DatasetAnswer extends DatasetHead {
  columns: Column[];
  rows: unknown[][];
  /** Rows in the whole result, when this page reached its end. */
  total_rows?: number;
  offset: number;
  /** Where the next page starts; null on the last page. */
  next_offset: number | null;
}
