// The stock ledger in the warehouse: change sets (idempotency), change rows (the audit), and the
// listing quantities an answer from a channel updates. Writes go through one queue per ledger so
// concurrent applies and the verifier never collide in DuckDB's optimistic transactions. Bulk
// writes are one statement over unnested lists (10,000 rows are one insert, not 10,000).
import { bumpDataVersion, type DataChange } from '../warehouse/dataVersion';
import type { SqlConnection, Warehouse } from '../warehouse/types';

export type ChangeStatus = 'pending' | 'sent' | 'applied' | 'pending_verification' | 'conflict' | 'failed' | 'rejected';

export interface ChangeSetRecord {
  idempotency_key: string;
  change_set_id: string;
  request_sha256: string;
  requested_by: string;
  requested_role: string;
  requested_at: string;
  finished_at: string | null;
  set_status: 'running' | 'done' | 'interrupted';
  count_rows: number;
  response_json: string | null;
}

/** One ledger row as first written. */
export interface NewChange {
  change_id: string;
  row_index: number;
  listing_id: string;
  channel: string | null;
  marketplace: string | null;
  sku: string | null;
  expected_version: string | null;
  seen_quantity_units: number | null;
  asked_value: string | null;
  asked_quantity_units: number | null;
  change_status: 'pending' | 'rejected';
  reason_code: string | null;
  message: string | null;
  /** The change whose push moves this listing (a follower is never sent itself). */
  follows_change_id: string | null;
  /** Not in the request: a listing the channel keeps as one quantity with follows_change_id's. */
  is_side_effect: boolean;
  available_units: number | null;
  warning_code: string | null;
  warning_message: string | null;
}

/** A ledger row as stored (timestamps as ISO strings). */
export interface ChangeRecord extends Omit<NewChange, 'change_status'> {
  change_set_id: string;
  idempotency_key: string;
  requested_by: string;
  requested_role: string;
  requested_at: string;
  sent_quantity_units: number | null;
  change_status: ChangeStatus;
  channel_quantity_units: number | null;
  channel_response: string | null;
  is_retryable: boolean | null;
  sent_at: string | null;
  answered_at: string | null;
  verified_at: string | null;
  updated_at: string;
}

/** A channel's answer (or our conclusion) for one change. */
export interface ChangeOutcome {
  change_id: string;
  change_status: Exclude<ChangeStatus, 'pending' | 'sent' | 'rejected'>;
  reason_code: string | null;
  message: string | null;
  channel_quantity_units: number | null;
  channel_response: string | null;
  is_retryable: boolean | null;
  answered_at: string | null; // keep the first answer's time when a later step (verification) updates the row
  verified_at: string | null;
}

/** A listing quantity learned from a channel answer: it moves the listing's version. */
export interface SeenQuantity {
  listing_id: string;
  quantity: number;
  seen_at: string;
}

// Lists travel as JSON text: DuckDB infers a bound list's type from its first element, so a
// list starting with null would turn every value into null.
const list = (values: unknown[]): string => JSON.stringify(values);

/** What recording a push's outcome changes: only the marts that read channel quantities are rebuilt (pipeline/analytics/lineage.ts). */
export const PUSH_CHANGES: readonly DataChange[] = [
  { table: 'listing', columns: ['channel_quantity_units', 'channel_quantity_seen_at'] },
  { table: 'stock_change' },
  { table: 'stock_change_set' },
];

interface SentRow {
  change_id: string;
  quantity: number;
  at: string;
}

type Write =
  | { kind: 'fn'; fn: (conn: SqlConnection) => Promise<unknown> }
  | { kind: 'sent'; rows: SentRow[] }
  | { kind: 'record'; outcomes: (ChangeOutcome & { updated_at: string })[]; seen: SeenQuantity[] };

interface QueuedWrite {
  write: Write;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export class Ledger {
  private waiting: QueuedWrite[] = [];
  private flushing = false;

  constructor(readonly warehouse: Warehouse) {}

  /**
   * Runs a write after every earlier one, one writer at a time. Writes that queue up while a
   * transaction runs are committed together in the next one (group commit), and the row updates
   * among them are merged into one statement per kind: a push of 10,000 rows over four channels
   * makes hundreds of small writes, and a transaction each would be the bottleneck. A write's
   * promise settles only once its transaction has committed.
   */
  write<T>(fn: (conn: SqlConnection) => Promise<T>): Promise<T> {
    return this.enqueue({ kind: 'fn', fn }) as Promise<T>;
  }

  private enqueue(write: Write): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ write, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.waiting.length > 0) {
        const group = this.waiting;
        this.waiting = [];
        try {
          const results = await this.warehouse.transaction((conn) => runWrites(conn, group.map((q) => q.write)));
          group.forEach((queued, i) => queued.resolve(results[i]));
        } catch (err) {
          if (group.length === 1) group[0].reject(err);
          // One bad write must not fail its neighbours: retry each alone.
          else {
            for (const queued of group) {
              await this.warehouse.transaction((conn) => runWrites(conn, [queued.write])).then((r) => queued.resolve(r[0]), queued.reject);
            }
          }
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  read<T>(fn: (conn: SqlConnection) => Promise<T>): Promise<T> {
    return this.warehouse.withConnection(fn);
  }

  async findChangeSet(idempotencyKey: string): Promise<ChangeSetRecord | null> {
    const rows = await this.warehouse.all<ChangeSetRecord & Record<string, unknown>>(
      'select * from stock_change_set where idempotency_key = $1',
      [idempotencyKey],
    );
    return rows[0] ?? null;
  }

  /** Records a change set and all its rows (pending or rejected) in one transaction. */
  async begin(set: Omit<ChangeSetRecord, 'finished_at' | 'response_json' | 'set_status'>, changes: NewChange[]): Promise<void> {
    await this.write(async (conn) => {
      await conn.run(
        `insert into stock_change_set (idempotency_key, change_set_id, request_sha256, requested_by, requested_role,
           requested_at, set_status, count_rows)
         values ($1, $2, $3, $4, $5, $6::timestamp, 'running', $7)`,
        [set.idempotency_key, set.change_set_id, set.request_sha256, set.requested_by, set.requested_role, set.requested_at, set.count_rows],
      );
      if (changes.length === 0) return;
      await conn.run(
        `insert into stock_change (change_id, change_set_id, row_index, idempotency_key, requested_by, requested_role,
           requested_at, listing_id, channel, marketplace, sku, expected_version, seen_quantity_units, asked_value,
           asked_quantity_units, change_status, reason_code, message, updated_at, follows_change_id, is_side_effect,
           available_units, warning_code, warning_message)
         select unnest($1::json::varchar[]), $2, unnest($3::json::integer[]), $4, $5, $6, $7::timestamp, unnest($8::json::varchar[]),
           unnest($9::json::varchar[]), unnest($10::json::varchar[]), unnest($11::json::varchar[]), unnest($12::json::varchar[]),
           unnest($13::json::integer[]), unnest($14::json::varchar[]), unnest($15::json::integer[]), unnest($16::json::varchar[]),
           unnest($17::json::varchar[]), unnest($18::json::varchar[]), $7::timestamp, unnest($19::json::varchar[]),
           unnest($20::json::boolean[]), unnest($21::json::integer[]), unnest($22::json::varchar[]), unnest($23::json::varchar[])`,
        [
          list(changes.map((c) => c.change_id)),
          set.change_set_id,
          list(changes.map((c) => c.row_index)),
          set.idempotency_key,
          set.requested_by,
          set.requested_role,
          set.requested_at,
          list(changes.map((c) => c.listing_id)),
          list(changes.map((c) => c.channel)),
          list(changes.map((c) => c.marketplace)),
          list(changes.map((c) => c.sku)),
          list(changes.map((c) => c.expected_version)),
          list(changes.map((c) => c.seen_quantity_units)),
          list(changes.map((c) => c.asked_value)),
          list(changes.map((c) => c.asked_quantity_units)),
          list(changes.map((c) => c.change_status)),
          list(changes.map((c) => c.reason_code)),
          list(changes.map((c) => c.message)),
          list(changes.map((c) => c.follows_change_id)),
          list(changes.map((c) => c.is_side_effect)),
          list(changes.map((c) => c.available_units)),
          list(changes.map((c) => c.warning_code)),
          list(changes.map((c) => c.warning_message)),
        ],
      );
    });
  }

  /** Marks rows as handed to the channel, just before the call that carries them. */
  async markSent(changeIds: string[], quantities: number[], at: string): Promise<void> {
    if (changeIds.length === 0) return;
    await this.enqueue({ kind: 'sent', rows: changeIds.map((change_id, i) => ({ change_id, quantity: quantities[i], at })) });
  }

  /** Stores outcomes and, in the same transaction, the channel quantities they revealed. */
  async record(outcomes: ChangeOutcome[], seen: SeenQuantity[], at: string): Promise<void> {
    if (outcomes.length === 0 && seen.length === 0) return;
    await this.enqueue({ kind: 'record', outcomes: outcomes.map((o) => ({ ...o, updated_at: at })), seen });
  }

  async finish(idempotencyKey: string, status: 'done' | 'interrupted', responseJson: string, at: string): Promise<void> {
    await this.write((conn) =>
      conn.run(
        `update stock_change_set set set_status = $2, response_json = coalesce(response_json, $3), finished_at = $4::timestamp
         where idempotency_key = $1`,
        [idempotencyKey, status, responseJson, at],
      ),
    );
  }

  async changeSetRows(changeSetId: string): Promise<ChangeRecord[]> {
    return this.warehouse.all<ChangeRecord & Record<string, unknown>>(
      'select * from stock_change where change_set_id = $1 order by row_index',
      [changeSetId],
    );
  }

  /** Rows in a given status (e.g. unfinished after a crash, or awaiting verification). */
  async rowsInStatus(statuses: ChangeStatus[]): Promise<ChangeRecord[]> {
    return this.warehouse.all<ChangeRecord & Record<string, unknown>>(
      'select * from stock_change where change_status in (select unnest($1::json::varchar[])) order by requested_at, change_set_id, row_index',
      [list(statuses)],
    );
  }

  async changeSetsInStatus(status: 'running'): Promise<ChangeSetRecord[]> {
    return this.warehouse.all<ChangeSetRecord & Record<string, unknown>>(
      'select * from stock_change_set where set_status = $1 order by requested_at',
      [status],
    );
  }

  /**
   * Ledger rows whose status changed after `since` (exclusive), oldest first: about `limit` rows,
   * but never splitting rows that share one timestamp, so `since = last updated_at` pages safely.
   */
  async changesSince(since: string | null, limit: number): Promise<ChangeRecord[]> {
    return this.read(async (conn) => {
      const [cutoff] = await conn.all<{ updated_at: string }>(
        `select updated_at from stock_change where $1::timestamp is null or updated_at > $1::timestamp
         order by updated_at limit 1 offset $2`,
        [since, Math.max(0, limit - 1)],
      );
      return conn.all<ChangeRecord & Record<string, unknown>>(
        `select * from stock_change
         where ($1::timestamp is null or updated_at > $1::timestamp)
           and ($2::timestamp is null or updated_at <= $2::timestamp)
         order by updated_at, requested_at, change_set_id, row_index`,
        [since, cutoff?.updated_at ?? null],
      );
    });
  }
}

/** Runs one group of writes: closures in order, then the merged row updates. */
async function runWrites(conn: SqlConnection, writes: Write[]): Promise<unknown[]> {
  const results: unknown[] = [];
  const sent: SentRow[] = [];
  const outcomes = new Map<string, ChangeOutcome & { updated_at: string }>();
  const seen = new Map<string, SeenQuantity>();
  for (const write of writes) {
    if (write.kind === 'fn') results.push(await write.fn(conn));
    else {
      results.push(undefined);
      if (write.kind === 'sent') sent.push(...write.rows);
      else {
        for (const outcome of write.outcomes) outcomes.set(outcome.change_id, outcome);
        for (const quantity of write.seen) seen.set(quantity.listing_id, quantity);
      }
    }
  }
  if (sent.length > 0) {
    await conn.run(
      `update stock_change set change_status = 'sent', sent_quantity_units = u.quantity, sent_at = u.at, updated_at = u.at
       from (select unnest($1::json::varchar[]) as change_id, unnest($2::json::integer[]) as quantity,
               unnest($3::json::timestamp[]) as at) as u
       where stock_change.change_id = u.change_id`,
      [list(sent.map((r) => r.change_id)), list(sent.map((r) => r.quantity)), list(sent.map((r) => r.at))],
    );
  }
  if (outcomes.size > 0) {
    const rows = [...outcomes.values()];
    await conn.run(
      `update stock_change set
         change_status = u.change_status, reason_code = u.reason_code, message = u.message,
         channel_quantity_units = coalesce(u.channel_quantity_units, stock_change.channel_quantity_units),
         channel_response = coalesce(u.channel_response, stock_change.channel_response),
         is_retryable = u.is_retryable,
         answered_at = coalesce(stock_change.answered_at, u.answered_at),
         verified_at = u.verified_at, updated_at = u.updated_at
       from (select unnest($1::json::varchar[]) as change_id, unnest($2::json::varchar[]) as change_status,
               unnest($3::json::varchar[]) as reason_code, unnest($4::json::varchar[]) as message,
               unnest($5::json::integer[]) as channel_quantity_units, unnest($6::json::varchar[]) as channel_response,
               unnest($7::json::boolean[]) as is_retryable, unnest($8::json::timestamp[]) as answered_at,
               unnest($9::json::timestamp[]) as verified_at, unnest($10::json::timestamp[]) as updated_at) as u
       where stock_change.change_id = u.change_id`,
      [
        list(rows.map((o) => o.change_id)),
        list(rows.map((o) => o.change_status)),
        list(rows.map((o) => o.reason_code)),
        list(rows.map((o) => o.message)),
        list(rows.map((o) => o.channel_quantity_units)),
        list(rows.map((o) => o.channel_response)),
        list(rows.map((o) => o.is_retryable)),
        list(rows.map((o) => o.answered_at)),
        list(rows.map((o) => o.verified_at)),
        list(rows.map((o) => o.updated_at)),
      ],
    );
  }
  if (seen.size > 0) {
    const rows = [...seen.values()];
    await conn.run(
      `update listing set channel_quantity_units = u.quantity, channel_quantity_seen_at = u.seen_at
       from (select unnest($1::json::varchar[]) as listing_id, unnest($2::json::integer[]) as quantity,
               unnest($3::json::timestamp[]) as seen_at) as u
       where listing.listing_id = u.listing_id`,
      [list(rows.map((r) => r.listing_id)), list(rows.map((r) => r.quantity)), list(rows.map((r) => r.seen_at))],
    );
    await bumpDataVersion(conn, PUSH_CHANGES);
  }
  return results;
}
