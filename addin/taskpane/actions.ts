// The pane's effects: connect, refresh, review, push, retry, revert. Each reads the workbook
// and the API through the ports it is given, asks addin/core what to do, and moves the state.
import type { DatasetSpec } from '../../pipeline/analytics/types';
import { ApiError, type Me } from '../api';
import { auxiliaryQuery, datasetTitle, presentationFor } from '../core/datasets';
import { t, type Locale } from '../core/i18n';
import { paramFields, queryFor, validateParams } from '../core/params';
import type { ApplyResponse, PlanResponse, StockChangeRequest } from '../../pipeline/model/wire';
import { applyOutcomes, idempotencyKeyFor, reviewOutcomes, summarisePlan, toRequests } from '../core/push';
import { diffStockEdits, editsFingerprint, failedOnly, revertWrites, STOCK_DATASET, STOCK_READ_COLUMNS, stockColumnWrites, VERSION, type StockColumns, type StockEdit } from '../core/stock';
import { buildTableModel, tableNameFor, type DatasetPayload } from '../core/tableModel';
import type { WorkbookPort } from '../excel/port';
import * as S from './state';
import type { PaneState } from './state';

/** What the pane needs from the server (CrossdockApi satisfies it). */
export interface PaneApi {
  me(): Promise<Me>;
  datasets(): Promise<DatasetSpec[]>;
  dataset(name: string, query: Record<string, string>, onRows?: (received: number, total: number | null) => void): Promise<DatasetPayload>;
  plan(changes: StockChangeRequest[]): Promise<PlanResponse>;
  apply(changes: StockChangeRequest[], idempotencyKey: string): Promise<ApplyResponse>;
}

export interface ConnectionStore {
  load(): { server: string; token: string } | null;
  save(server: string, token: string): void;
  clear(): void;
  saveLocale(locale: Locale): void;
}

export interface PaneDeps {
  api(server: string, token: string): PaneApi;
  workbook: WorkbookPort;
  store: ConnectionStore;
  now(): Date;
  newKey(): string;
}

const STOCK_TABLE = tableNameFor(STOCK_DATASET);

export class PaneController {
  private state: PaneState;
  private listeners: Array<(s: PaneState) => void> = [];

  constructor(private readonly deps: PaneDeps, initial: PaneState) {
    this.state = initial;
  }

  get current(): PaneState {
    return this.state;
  }

  subscribe(fn: (s: PaneState) => void): void {
    this.listeners.push(fn);
  }

  /** Replaces the state; `quiet` skips re-rendering (typing in an input must keep its focus). */
  set(next: PaneState, quiet = false): void {
    this.state = next;
    if (!quiet) for (const fn of this.listeners) fn(next);
  }

  private msg(key: Parameters<typeof t>[1], params?: Parameters<typeof t>[2]): string {
    return t(this.state.locale, key, params);
  }

  private api(): PaneApi {
    return this.deps.api(this.state.server, this.state.token);
  }

  /** Turns any failure into a notice the user can act on. */
  private describe(err: unknown): string {
    if (err instanceof ApiError) {
      if (err.status === 0) return this.msg('error.network', { server: this.state.server, message: err.message });
      if (err.status === 401) return this.msg('error.unauthorized');
      if (err.status === 403) return `${this.msg('error.forbidden')} ${err.message}`;
      return this.msg('error.http', { status: err.status, code: err.code, message: err.message });
    }
    const message = err instanceof Error ? err.message : String(err);
    return this.msg('error.excel', { message });
  }

  private fail(err: unknown): void {
    this.set(S.done(this.state, { kind: 'error', text: this.describe(err) }));
  }

  setLocale(locale: Locale): void {
    this.deps.store.saveLocale(locale);
    this.set({ ...this.state, locale });
  }

  async connect(): Promise<void> {
    if (!this.state.server.trim() || !this.state.token.trim()) {
      this.set(S.done(this.state, { kind: 'error', text: this.msg('connect.missing') }));
      return;
    }
    this.set(S.startBusy(this.state, this.msg('connect.connecting')));
    try {
      const api = this.api();
      const me = await api.me();
      const catalogue = await api.datasets();
      this.deps.store.save(this.state.server.trim(), this.state.token.trim());
      const next = S.connected(this.state, me, catalogue);
      this.set(S.done(next, { kind: 'success', text: t(next.locale, 'connect.connected', { server: next.server, name: me.name, role: t(next.locale, me.role === 'manager' ? 'role.manager' : 'role.analyst') }) }));
    } catch (err) {
      this.set({ ...this.state, me: null, catalogue: [] });
      this.fail(err);
    }
  }

  disconnect(): void {
    this.deps.store.clear();
    this.set(S.done(S.disconnected(this.state)));
  }

  private async readStock(): Promise<StockColumns | null> {
    const read = await this.deps.workbook.readColumns(STOCK_TABLE, STOCK_READ_COLUMNS);
    if (!read) return null;
    if (read.missing.length) throw new Error(`the stock table has no column ${read.missing.join(', ')}; refresh the Stock dataset`);
    return read.columns as StockColumns;
  }

  /** Refresh the selected datasets; asks before overwriting unpushed stock edits. */
  async refresh(confirmed = false): Promise<void> {
    const s = this.state;
    if (!s.selected.length) return this.set(S.done(s, { kind: 'error', text: this.msg('refresh.noneSelected') }));
    const fields = paramFields(s.catalogue, s.selected, s.locale);
    const errors = validateParams(fields, s.params, s.locale);
    if (errors.length) return this.set(S.done(s, ...errors.map((text) => ({ kind: 'error' as const, text }))));
    const started = this.deps.now().getTime();
    try {
      if (s.selected.includes(STOCK_DATASET) && !confirmed) {
        this.set(S.startBusy(s, this.msg('stock.reading')));
        const cols = await this.readStock();
        if (cols) {
          const diff = diffStockEdits(cols);
          const pending = diff.edits.length + diff.invalid.length;
          if (pending > 0) return this.set({ ...S.done(this.state), confirmOverwrite: { edits: pending } });
        }
      }
      this.set({ ...this.state, confirmOverwrite: null });
      const notices: S.Notice[] = [];
      let rowsTotal = 0;
      let okCount = 0;
      const specs = s.catalogue.filter((d) => s.selected.includes(d.name));
      for (const [i, spec] of specs.entries()) {
        const title = datasetTitle(spec.name, s.locale, spec.title);
        const share = 1 / specs.length;
        try {
          this.set(S.startBusy(this.state, this.msg('refresh.fetching', { dataset: title }), i * share));
          const query = queryFor(spec, s.params);
          // Download is the first half of this dataset's share of the bar, writing the second.
          const payload = await this.api().dataset(spec.name, query, (received, total) => {
            const frac = total ? received / total : 0;
            this.set(S.startBusy(this.state, this.msg('refresh.receiving', { dataset: title, done: received.toLocaleString('en-US'), total: total === null ? '?' : total.toLocaleString('en-US') }), (i + frac / 2) * share));
          });
          const auxQuery = auxiliaryQuery(spec.name, query, spec);
          const auxiliary = auxQuery ? await this.api().dataset(spec.name, auxQuery) : undefined;
          const model = buildTableModel(payload, { locale: s.locale, now: this.deps.now(), presentation: presentationFor(spec.name, payload.columns, spec.title), auxiliary });
          await this.deps.workbook.writeTable(model, (p) => {
            const frac = p.totalRows ? p.rowsWritten / p.totalRows : 1;
            this.set(S.startBusy(this.state, this.msg('refresh.writing', { dataset: title, done: p.rowsWritten.toLocaleString('en-US'), total: p.totalRows.toLocaleString('en-US') }), (i + 0.5 + frac / 2) * share));
          });
          rowsTotal += payload.rows.length;
          okCount++;
        } catch (err) {
          notices.push({ kind: 'error', text: this.msg('refresh.failedOne', { dataset: title, message: this.describe(err) }) });
        }
      }
      if (s.selected.includes(STOCK_DATASET)) this.set({ ...this.state, review: null });
      const seconds = ((this.deps.now().getTime() - started) / 1000).toFixed(1);
      this.set(S.done(this.state, { kind: notices.length ? 'warning' : 'success', text: this.msg('refresh.done', { count: okCount, rows: rowsTotal.toLocaleString('en-US'), seconds }) }, ...notices));
    } catch (err) {
      this.fail(err);
    }
  }

  cancelOverwrite(): void {
    this.set({ ...this.state, confirmOverwrite: null });
  }

  private versionType(): DatasetSpec['columns'][number]['type'] {
    const spec = this.state.catalogue.find((d) => d.name === STOCK_DATASET);
    return spec?.columns.find((c) => c.name === VERSION)?.type ?? 'integer';
  }

  /** Review: local validation, then the server's plan; rows get ready / rejected / invalid. */
  async review(): Promise<void> {
    this.set(S.startBusy({ ...this.state, review: null }, this.msg('stock.reading')));
    try {
      const cols = await this.readStock();
      if (!cols) return this.set(S.done(this.state, { kind: 'warning', text: this.msg('stock.noSheet') }));
      const diff = diffStockEdits(cols);
      if (!diff.edits.length && !diff.invalid.length) return this.set(S.done(this.state, { kind: 'info', text: this.msg('stock.noEdits') }));
      let summary = { changes: 0, rejected: [] as Array<{ listing: string; reason_code: string; message: string }>, batches: [] as PlanResponse['batches'], accepted: [] as StockEdit[] };
      if (diff.edits.length && S.canPush(this.state)) {
        this.set(S.startBusy(this.state, this.msg('stock.planning')));
        summary = summarisePlan(diff.edits, await this.api().plan(toRequests(diff.edits)));
      } else {
        summary = { ...summary, changes: diff.edits.length, accepted: diff.edits };
      }
      const outcomes = reviewOutcomes(diff.edits, diff.invalid, summary, this.state.locale);
      await this.deps.workbook.writeColumns(STOCK_TABLE, stockColumnWrites(cols, outcomes, this.state.locale, this.versionType()));
      await this.deps.workbook.activate(STOCK_TABLE);
      const review: S.Review = { ...summary, fingerprint: editsFingerprint(summary.accepted), invalid: diff.invalid.length };
      this.set(S.done(S.reviewed(this.state, review)));
    } catch (err) {
      this.fail(err);
    }
  }

  /** Push what was reviewed; refuses if the sheet changed since the review. */
  async push(): Promise<void> {
    const review = this.state.review;
    if (!S.canPush(this.state)) return this.set(S.done(this.state, { kind: 'error', text: this.msg('stock.pushDisabledAnalyst') }));
    if (!review) return this.set(S.done(this.state, { kind: 'info', text: this.msg('stock.reviewFirst') }));
    if (!review.accepted.length) return this.set(S.done(this.state, { kind: 'info', text: this.msg('stock.nothingToPush') }));
    this.set(S.startBusy(this.state, this.msg('stock.reading')));
    try {
      const cols = await this.readStock();
      if (!cols) return this.set(S.done(this.state, { kind: 'warning', text: this.msg('stock.noSheet') }));
      const accepted = new Set(review.accepted.map((e) => e.listing));
      const edits = diffStockEdits(cols).edits.filter((e) => accepted.has(e.listing));
      if (editsFingerprint(edits) !== review.fingerprint) return this.set(S.done({ ...this.state, review: null }, { kind: 'warning', text: this.msg('stock.changedSinceReview') }));
      await this.send(cols, edits);
    } catch (err) {
      this.fail(err);
    }
  }

  /** Re-plans and pushes only the rows whose status is "failed". */
  async retryFailed(): Promise<void> {
    if (!S.canPush(this.state)) return this.set(S.done(this.state, { kind: 'error', text: this.msg('stock.pushDisabledAnalyst') }));
    this.set(S.startBusy(this.state, this.msg('stock.reading')));
    try {
      const cols = await this.readStock();
      if (!cols) return this.set(S.done(this.state, { kind: 'warning', text: this.msg('stock.noSheet') }));
      const failed = failedOnly(diffStockEdits(cols), cols);
      if (!failed.length) return this.set(S.done(this.state, { kind: 'info', text: this.msg('stock.noFailed') }));
      this.set(S.startBusy(this.state, this.msg('stock.planning')));
      const summary = summarisePlan(failed, await this.api().plan(toRequests(failed)));
      const rejected = reviewOutcomes(failed, [], summary, this.state.locale).filter((o) => o.status === 'rejected');
      if (rejected.length) await this.deps.workbook.writeColumns(STOCK_TABLE, stockColumnWrites(cols, rejected, this.state.locale, this.versionType()));
      if (!summary.accepted.length) return this.set(S.done(this.state, { kind: 'info', text: this.msg('stock.nothingToPush') }));
      await this.send(cols, summary.accepted);
    } catch (err) {
      this.fail(err);
    }
  }

  private async send(cols: StockColumns, edits: StockEdit[]): Promise<void> {
    const pending = idempotencyKeyFor(this.state.pendingPush, editsFingerprint(edits), this.deps.newKey);
    this.set({ ...S.startBusy(this.state, this.msg('stock.pushing', { count: edits.length })), pendingPush: pending });
    const answer = await this.api().apply(toRequests(edits), pending.key);
    const { outcomes, counts } = applyOutcomes(edits, answer, this.state.locale);
    const next = S.pushed(this.state, counts);
    this.set(next, true);
    await this.deps.workbook.writeColumns(STOCK_TABLE, stockColumnWrites(cols, outcomes, this.state.locale, this.versionType()));
    const bad = counts.conflict + counts.failed + counts.rejected;
    this.set(S.done(this.state, { kind: bad ? 'warning' : 'success', text: this.msg('stock.pushResult', { ...counts }) }));
  }

  async revert(): Promise<void> {
    this.set(S.startBusy(this.state, this.msg('stock.reading')));
    try {
      const cols = await this.readStock();
      if (!cols) return this.set(S.done(this.state, { kind: 'warning', text: this.msg('stock.noSheet') }));
      const { writes, reverted } = revertWrites(cols);
      await this.deps.workbook.writeColumns(STOCK_TABLE, writes);
      this.set(S.done({ ...this.state, review: null }, { kind: 'success', text: this.msg('stock.reverted', { count: reverted }) }));
    } catch (err) {
      this.fail(err);
    }
  }
}

