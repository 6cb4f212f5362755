// The Amazon pull connector: every stream is a report (Reports API), parsed by the same file
// parsers as a report downloaded by hand (pipeline/channels/amazon/files/). Per-order Orders API
// calls (0.0167 rps) cannot keep up with a real seller, so orders come from the All Orders report
// by last update, re-requested over an overlap window.
import type { AmazonConfig } from '../config';
import type { Connector, PullContext, StreamDefinition, StreamSink } from '../../contract/streams';
import { DAY_MS, HOUR_MS, MINUTE_MS, type Window } from '../../contract/window';
import { snapshotDateOf } from '../../../model/rows';
import { AmazonReadApi } from './api';
import { fetchReport } from './reports';

type AmazonContext = PullContext<AmazonConfig, AmazonReadApi>;

/** One report per marketplace; CANCELLED ("no data") loads nothing and is not an error. */
async function pullReport(ctx: AmazonContext, sink: StreamSink, reportType: string, window: Window | null): Promise<void> {
  for (const marketplace of ctx.channel.marketplaces) {
    const outcome = await fetchReport(
      ctx.api,
      {
        reportType,
        marketplaceIds: [marketplace.id],
        ...(window ? { dataStartTime: window.from, dataEndTime: window.to } : {}),
      },
      {
        workDir: ctx.workDir,
        pollMs: ctx.channel.reportPollSeconds * 1000,
        timeoutMs: ctx.channel.reportTimeoutMinutes * 60_000,
        signal: ctx.signal,
        onState: (state) => ctx.progress(`${marketplace.code} ${reportType} ${state.reportId}: ${state.processingStatus}`),
      },
    );
    if (outcome.status === 'CANCELLED') {
      ctx.progress(`${marketplace.code} ${reportType} ${outcome.reportId}: CANCELLED (no data for the range)`);
      continue;
    }
    sink.file(outcome.path, { marketplace: marketplace.code, snapshotDate: snapshotDateOf(ctx) });
  }
}

export const orders: StreamDefinition<AmazonConfig, AmazonReadApi> = {
  name: 'orders',
  cursorField: 'last-updated-date',
  mode: 'incremental',
  tables: ['order_line'],
  defaultLookbackHours: 72,
  // Order reports: < 2 years old, 30-day ranges; dataEndTime at least 2 minutes in the past.
  rules: { lookbackMs: 72 * HOUR_MS, maxSpanMs: 30 * DAY_MS, maxAgeMs: 729 * DAY_MS, endLagMs: 2 * MINUTE_MS },
  pull: (ctx, window, sink) => pullReport(ctx, sink, 'GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL', window),
};

/**
 * Merchant-fulfilled orders by order date: the same lines as `orders`, plus the ship-by and
 * deliver-by promises the All Orders report lacks (order_ops judges late shipments by them). A
 * line's ship-by date never changes, so a line is read once its order is placed, re-read over the
 * usual overlap; an FBA-only seller's report is CANCELLED (no data), which loads nothing.
 */
export const merchantOrders: StreamDefinition<AmazonConfig, AmazonReadApi> = {
  name: 'merchant_orders',
  cursorField: 'purchase-date',
  mode: 'incremental',
  tables: ['order_line'],
  defaultLookbackHours: 72,
  rules: { lookbackMs: 72 * HOUR_MS, maxSpanMs: 30 * DAY_MS, maxAgeMs: 729 * DAY_MS, endLagMs: 2 * MINUTE_MS },
  pull: (ctx, window, sink) => pullReport(ctx, sink, 'GET_FLAT_FILE_ORDERS_DATA_BY_ORDER_DATE_GENERAL', window),
};

export const returns: StreamDefinition<AmazonConfig, AmazonReadApi> = {
  name: 'returns',
  cursorField: 'return-date',
  mode: 'incremental',
  tables: ['return_line'],
  // Amazon posts FBA returns into older report dates once the FC processes them: re-read 35 days.
  defaultLookbackHours: 35 * 24,
  rules: { lookbackMs: 35 * DAY_MS, maxAgeMs: 729 * DAY_MS, endLagMs: 2 * MINUTE_MS },
  // A daily FBA report: requesting it again within 4 hours ends FATAL.
  minIntervalMs: 4 * HOUR_MS,
  pull: (ctx, window, sink) => pullReport(ctx, sink, 'GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA', window),
};

/**
 * The FBA Inventory Ledger, detailed view (fba_ledger_event, for fba_reconciliation): one report
 * per marketplace over each window of event dates. Amazon books some events days late (a
 * customer return, a found unit), so the last 10 days are read again; the report is a daily
 * FBA one, requested at most every 4 hours.
 */
export const inventoryLedger: StreamDefinition<AmazonConfig, AmazonReadApi> = {
  name: 'inventory_ledger',
  cursorField: 'Date',
  mode: 'incremental',
  tables: [],
  defaultLookbackHours: 10 * 24,
  rules: { lookbackMs: 10 * DAY_MS, maxSpanMs: 31 * DAY_MS, maxAgeMs: 540 * DAY_MS, endLagMs: 2 * MINUTE_MS },
  minIntervalMs: 4 * HOUR_MS,
  pull: (ctx, window, sink) => pullReport(ctx, sink, 'GET_LEDGER_DETAIL_VIEW_DATA', window),
};

export const inventory: StreamDefinition<AmazonConfig, AmazonReadApi> = {
  name: 'inventory',
  cursorField: 'snapshot time',
  mode: 'snapshot',
  tables: ['inventory_snapshot'],
  defaultLookbackHours: 0,
  rules: { lookbackMs: 0 },
  // Near-real-time FBA report: at most once per 30 minutes.
  minIntervalMs: 30 * MINUTE_MS,
  pull: (ctx, _window, sink) => pullReport(ctx, sink, 'GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA', null),
};

export const listings: StreamDefinition<AmazonConfig, AmazonReadApi> = {
  name: 'listings',
  cursorField: 'snapshot time',
  mode: 'snapshot',
  tables: [],
  defaultLookbackHours: 0,
  rules: { lookbackMs: 0 },
  minIntervalMs: 30 * MINUTE_MS,
  pull: (ctx, _window, sink) => pullReport(ctx, sink, 'GET_MERCHANT_LISTINGS_ALL_DATA', null),
};

export const connector: Connector<AmazonConfig, AmazonReadApi> = {
  channel: 'amazon',
  streams: [orders, merchantOrders, returns, inventory, inventoryLedger, listings],
  createApi: (channel, secrets, options) => new AmazonReadApi(channel, secrets, options.clock, options.rateLimits),
  async checkCredentials(api) {
    await api.token();
    const answer = await api.call<{ reports?: unknown[] }>('getReports', 'GET', '/reports/2021-06-30/reports?pageSize=1');
    return `token exchanged, ${answer.reports?.length ?? 0} recent report(s) visible`;
  },
};
