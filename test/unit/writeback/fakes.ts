// Test doubles for the write-back: an in-memory channel writer with compare-and-set, and a
// warehouse seeded with a few listings.
import { DuckWarehouse } from '../../../pipeline/warehouse/duckdb';
import type { ChannelId, ChannelReading, ChannelWriter, PushOutcome, StockPush } from '../../../pipeline/channels/contract/writer';

export interface FakeWriterOptions {
  maxRowsPerCall?: number;
  /** Amazon-like: answer pending_verification and show the quantity only after `settle()`. */
  asynchronous?: boolean;
  /** Apply the rows, then throw as if the answer was lost on the way back. */
  loseAnswer?: (call: number) => boolean;
  /** Answer every row `unknown` (a timed-out call), after applying it ('after') or not ('before'). */
  hang?: 'before' | 'after';
  /** Throw before applying anything. */
  failCall?: (call: number) => boolean;
  /** Make read() throw. */
  failRead?: boolean;
  /** Answer each call only once this settles (a slow channel the test lets answer). */
  answerAfter?: Promise<unknown>;
  /** Per-row refusal (e.g. a channel-side validation error). */
  refuse?: (row: StockPush) => string | null;
}

export class FakeWriter implements ChannelWriter {
  readonly maxRowsPerCall: number;
  readonly appliesSynchronously: boolean;
  readonly shown = new Map<string, number>();
  readonly calls: StockPush[][] = [];
  readonly keys: string[] = [];
  private queued: StockPush[] = [];

  constructor(readonly channel: ChannelId, private readonly options: FakeWriterOptions = {}) {
    this.maxRowsPerCall = options.maxRowsPerCall ?? 2;
    this.appliesSynchronously = !options.asynchronous;
  }

  async push(rows: StockPush[], { idempotencyKey }: { idempotencyKey: string }): Promise<PushOutcome[]> {
    const call = this.calls.length;
    this.calls.push(rows);
    this.keys.push(idempotencyKey);
    if (rows.length > this.maxRowsPerCall) throw new Error(`batch of ${rows.length} > ${this.maxRowsPerCall}`);
    if (this.options.answerAfter) await this.options.answerAfter;
    if (this.options.failCall?.(call)) throw new Error('connect ECONNREFUSED');
    if (this.options.hang === 'before') return rows.map((row) => ({ change_id: row.change_id, status: 'unknown', message: 'timed out after 30000 ms' }));
    const outcomes = rows.map((row): PushOutcome => {
      const current = this.shown.get(row.listing_id) ?? null;
      if (row.expected_quantity !== null && current !== row.expected_quantity) {
        return { change_id: row.change_id, status: 'conflict', channel_quantity: current, channel_response: { code: 'STALE' } };
      }
      const refusal = this.options.refuse?.(row);
      if (refusal) return { change_id: row.change_id, status: 'failed', message: refusal, retryable: false, channel_response: { error: refusal } };
      if (this.options.asynchronous) {
        this.queued.push(row);
        return { change_id: row.change_id, status: 'pending_verification', channel_response: { status: 'ACCEPTED' } };
      }
      this.shown.set(row.listing_id, row.quantity);
      return { change_id: row.change_id, status: 'applied', channel_quantity: row.quantity, channel_response: { ok: true } };
    });
    if (this.options.loseAnswer?.(call)) throw new Error('socket hang up');
    if (this.options.hang === 'after') return rows.map((row) => ({ change_id: row.change_id, status: 'unknown', message: 'timed out after 30000 ms' }));
    return outcomes;
  }

  async read(rows: StockPush[]): Promise<ChannelReading[]> {
    if (this.options.failRead) throw new Error('read timed out');
    return rows.map((row) => ({ listing_id: row.listing_id, quantity: this.shown.get(row.listing_id) ?? null }));
  }

  /** Applies what an asynchronous channel accepted. */
  settle(): void {
    for (const row of this.queued) this.shown.set(row.listing_id, row.quantity);
    this.queued = [];
  }
}

export interface SeedListing {
  listing_id: string;
  channel_quantity: number | null;
  location_id?: string;
  channel_inventory_item_id?: string | null;
}

/** A warehouse with an own warehouse (settable) and FBA (not), and the given listings. */
export async function seededWarehouse(listings: SeedListing[], path = ':memory:'): Promise<DuckWarehouse> {
  const wh = await DuckWarehouse.open(path);
  await wh.run(`insert into location (location_id, location_name, location_kind, country_code, pool_id, is_settable) values
    ('WH-1', 'Own warehouse', 'own', 'US', 'WH-1', true), ('FBA-US', 'Amazon FBA US', 'fba', 'US', 'FBA-NA', false)`);
  for (const l of listings) {
    const [channel, marketplace, sku, fulfilment] = l.listing_id.split(':');
    await wh.run(
      `insert into listing (listing_id, channel, marketplace, sku, fulfilment, location_id, channel_inventory_item_id,
         channel_quantity_units, channel_quantity_seen_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, timestamp '2026-11-26 08:00:00')`,
      [l.listing_id, channel, marketplace, sku, fulfilment, l.location_id ?? (fulfilment === 'fba' ? 'FBA-US' : 'WH-1'), l.channel_inventory_item_id ?? null, l.channel_quantity],
    );
  }
  return wh;
}

export async function versionOf(wh: DuckWarehouse, listingId: string): Promise<string> {
  const [row] = await wh.all<{ version: string }>('select version from listing_version where listing_id = $1', [listingId]);
  return row.version;
}
