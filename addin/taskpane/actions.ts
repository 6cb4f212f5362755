// The pane's effects: connect, refresh, review, push, retry, revert. Each reads the workbook
// and the API through the ports it is given, asks addin/core what to do, and moves the state.
import type { DatasetSpec } from '../../pipeline/analytics/types';
import { ApiError, CancelledError, type Catalogue, type Me } from '../api';
import { auxiliaryQuery, datasetTitle, presentationFor } from '../core/datasets';
import { t, type Locale } from '../core/i18n';
import { choicesFromRows, paramFields, queryFor, validateParams } from '../core/params';
import type { ApplyResponse, PlanResponse, StockChangeRequest } from '../../pipeline/model/wire';
import { applyOutcomes, idempotencyKeyFor, reviewOutcomes, summarisePlan, summariseSheet, pushResultParams, toRequests } from '../core/push';
import type { CellValue } from '../core/cells';
import { diffStockEdits, editsFingerprint, failedOnly, NEW_QUANTITY, PREVIEW_QUANTITY, revertWrites, SKU, STOCK_DATASET, STOCK_READ_COLUMNS, stockColumnWrites, VERSION, type RowOutcome, type StockColumns, type StockEdit } from '../core/stock';
import { buildTableModel, formatUtc, tableNameFor, type DatasetPayload } from '../core/tableModel';
import { emptyReason, refreshNotice, type DatasetRefresh } from '../core/refreshReport';
import { CHANGES_DATASET, changesPayload } from '../core/changes';
import { httpErrorText } from '../core/codeLabels';
import type { ChangeView } from '../../pipeline/writeback/service';
import type { StoredRule } from '../../pipeline/writeback/rules';
import type { RuleBody } from '../api';
import { diffRules, previewSuggested, previewWrite, RULES_DATASET, RULES_READ_COLUMNS, rulesColumnWrites, rulesFingerprint, rulesPayload, savedBaseline, type RuleChange, type RulesColumns, type StockForPreview } from '../core/rules';
import type { WorkbookPort } from '../excel/port';
import * as S from './state';
import type { PaneState } from './state';

/** What the pane needs from the server (CrossdockApi satisfies it). */
export interface PaneApi {
  me(): Promise<Me>;
  catalogue(): Promise<Catalogue>;
  dataset(name: string, query: Record<string, string>, onRows?: (received: number, total: number | null) => void, signal?: AbortSignal): Promise<DatasetPayload>;
  plan(changes: StockChangeRequest[]): Promise<PlanResponse>;
  apply(changes: StockChangeRequest[], idempotencyKey: string): Promise<ApplyResponse>;
  /** The whole stock ledger (GET /stock/changes, paged). */
  stockChanges(onRows?: (received: number) => void, signal?: AbortSignal): Promise<ChangeView[]>;
  rules(): Promise<StoredRule[]>;
  putRule(ruleId: string, body: RuleBody, etag?: string | null): Promise<StoredRule>;
  deleteRule(ruleId: string, etag?: string | null): Promise<void>;
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
const RULES_TABLE = tableNameFor(RULES_DATASET);

function ruleBody(c: RuleChange): RuleBody {
  return { reserve_units: c.body.reserve_units, available_pct: c.body.available_pct, max_units: c.body.max_units, floor_units: c.body.floor_units, note: c.body.note };
}

export class PaneController {
  private state: PaneState;
  /** The refresh under way, so Cancel can stop it. */
  private abort: AbortController | null = null;
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
      if (err.status === 403) return `${this.msg('error.forbidden')} ${httpErrorText(this.state.locale, err.status, err.code, err.message)}`;
      return httpErrorText(this.state.locale, err.status, err.code, err.message);
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
      const catalogue = await api.catalogue();
      this.deps.store.save(this.state.server.trim(), this.state.token.trim());
      const next = S.connected(this.state, me, catalogue.datasets, catalogue);
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

  /** The stock columns (and the SKUs, for the pane's lists) as the sheet holds them now. */
  private async readStock(): Promise<{ cols: StockColumns; skus: CellValue[] } | null> {
    const read = await this.deps.workbook.readColumns(STOCK_TABLE, [...STOCK_READ_COLUMNS, SKU]);
    if (!read) return null;
    const missing = read.missing.filter((n) => n !== SKU);
    if (missing.length) throw new Error(`the stock table has no column ${missing.join(', ')}; refresh the Stock dataset`);
    return { cols: read.columns as StockColumns, skus: read.columns[SKU] ?? [] };
  }

  /** Brings the stock sheet to the front with the row's New quantity cell selected. */
  async selectStockRow(row: number): Promise<void> {
    try {
      await this.deps.workbook.selectCell(STOCK_TABLE, row, NEW_QUANTITY);
    } catch (err) {
      this.fail(err);
    }
  }

  /** Refresh the selected datasets; asks before overwriting unpushed stock edits. */
  async refresh(confirmed = false): Promise<void> {
    const s = this.state;
    if (!s.selected.length) return this.set(S.done(s, { kind: 'error', text: this.msg('refresh.noneSelected') }));
    const fields = paramFields(s.catalogue, s.selected, s.locale, s.paramChoices);
    const errors = validateParams(fields, s.params, s.locale, s.dataDates);
    if (errors.length) return this.set(S.done(s, ...errors.map((text) => ({ kind: 'error' as const, text }))));
    const started = this.deps.now().getTime();
    try {
      if (s.selected.includes(STOCK_DATASET) && !confirmed) {
        this.set(S.startBusy(s, this.msg('stock.reading')));
        const read = await this.readStock();
        if (read) {
          const diff = diffStockEdits(read.cols);
          const pending = diff.edits.length + diff.invalid.length;
          if (pending > 0) return this.set({ ...S.done(this.state), confirmOverwrite: { edits: pending } });
        }
      }
      this.set({ ...this.state, confirmOverwrite: null, refreshResults: [] });
      const abort = new AbortController();
      this.abort = abort;
      const results: DatasetRefresh[] = [];
      const specs = s.catalogue.filter((d) => s.selected.includes(d.name));
      for (const [i, spec] of specs.entries()) {
        const title = datasetTitle(spec.name, s.locale, spec.title);
        if (abort.signal.aborted) {
          results.push({ dataset: spec.name, title, outcome: 'skipped', rows: 0, seconds: 0 });
          continue;
        }
        const share = 1 / specs.length;
        const begun = this.deps.now().getTime();
        const seconds = () => (this.deps.now().getTime() - begun) / 1000;
        try {
          this.set(S.startBusy(this.state, this.msg('refresh.fetching', { dataset: title }), i * share, true));
          const query = queryFor(spec, s.params);
          // Download is the first half of this dataset's share of the bar, writing the second.
          const onRows = (received: number, total: number | null) => {
            const frac = total ? received / total : 0;
            this.set(S.startBusy(this.state, this.msg('refresh.receiving', { dataset: title, done: received.toLocaleString('en-US'), total: total === null ? '?' : total.toLocaleString('en-US') }), (i + frac / 2) * share, true));
          };
          const payload = spec.name === CHANGES_DATASET
            ? changesPayload(await this.api().stockChanges((received) => onRows(received, null), abort.signal), s.locale, '—')
            : spec.name === RULES_DATASET
              ? rulesPayload(await this.api().rules(), '—')
              : await this.api().dataset(spec.name, query, onRows, abort.signal);
          const auxQuery = auxiliaryQuery(spec.name, query, spec);
          const auxiliary = auxQuery ? await this.api().dataset(spec.name, auxQuery, undefined, abort.signal) : undefined;
          const empty = payload.rows.length === 0 ? emptyReason(query, spec.params, payload.warnings ?? [], s.locale) : undefined;
          const presentation = { ...presentationFor(spec.name, payload.columns, spec.title), ...(empty ? { note: empty } : {}) };
          const model = buildTableModel(payload, { locale: s.locale, now: this.deps.now(), presentation, auxiliary });
          // Once writing starts the table is finished (half a table is worse than a late cancel).
          await this.deps.workbook.writeTable(model, (p) => {
            const frac = p.totalRows ? p.rowsWritten / p.totalRows : 1;
            this.set(S.startBusy(this.state, this.msg('refresh.writing', { dataset: title, done: p.rowsWritten.toLocaleString('en-US'), total: p.totalRows.toLocaleString('en-US') }), (i + 0.5 + frac / 2) * share, true));
          });
          results.push({ dataset: spec.name, title, outcome: empty ? 'empty' : 'ok', rows: payload.rows.length, seconds: seconds(), message: empty });
          this.set({ ...this.state, paramChoices: choicesFromRows(this.state.paramChoices, payload.columns, payload.rows) }, true);
        } catch (err) {
          if (err instanceof CancelledError) results.push({ dataset: spec.name, title, outcome: 'cancelled', rows: 0, seconds: seconds() });
          else results.push({ dataset: spec.name, title, outcome: 'error', rows: 0, seconds: seconds(), message: this.describe(err) });
        }
      }
      this.abort = null;
      if (s.selected.includes(STOCK_DATASET)) this.set({ ...this.state, review: null, stockSummary: null });
      if (s.selected.includes(RULES_DATASET)) this.set({ ...this.state, rulesReview: null });
      const notice = refreshNotice(results, (this.deps.now().getTime() - started) / 1000, s.locale);
      // Errors also get a notice of their own; empty results are explained in the results table.
      const problems = results.filter((r) => r.outcome === 'error').map((r): S.Notice => ({ kind: 'error', text: this.msg('refresh.failedOne', { dataset: r.title, message: r.message ?? '' }) }));
      this.set(S.done({ ...this.state, refreshResults: results }, notice, ...problems));
    } catch (err) {
      this.abort = null;
      this.fail(err);
    }
  }

  /** The Cancel button while refreshing: stops the download under way and the datasets after it. */
  cancelRefresh(): void {
    this.abort?.abort();
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
    this.set(S.startBusy({ ...this.state, review: null, stockSummary: null }, this.msg('stock.reading')));
    try {
      const read = await this.readStock();
      if (!read) return this.set(S.done(this.state, { kind: 'warning', text: this.msg('stock.noSheet') }));
      const { cols, skus } = read;
      const diff = diffStockEdits(cols);
      if (!diff.edits.length && !diff.invalid.length) return this.set(S.done(this.state, { kind: 'info', text: this.msg('stock.noEdits') }));
      let summary = { changes: 0, rejected: [] as Array<{ listing: string; reason_code: string; message: string }>, batches: [] as PlanResponse['batches'], accepted: [] as StockEdit[] };
      if (diff.edits.length && S.canPush(this.state)) {
        this.set(S.startBusy(this.state, this.msg('stock.planning')));
        summary = summarisePlan(diff.edits, await this.api().plan(toRequests(diff.edits)), this.state.locale);
      } else {
        summary = { ...summary, changes: diff.edits.length, accepted: diff.edits };
      }
      const outcomes = reviewOutcomes(diff.edits, diff.invalid, summary, this.state.locale);
      await this.deps.workbook.writeColumns(STOCK_TABLE, stockColumnWrites(cols, outcomes, this.state.locale, this.versionType()));
      await this.deps.workbook.activate(STOCK_TABLE);
      const review: S.Review = { ...summary, fingerprint: editsFingerprint(summary.accepted), invalid: diff.invalid.length };
      this.set(S.done(S.reviewed(this.state, review, summariseSheet(cols, outcomes, skus))));
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
      const read = await this.readStock();
      if (!read) return this.set(S.done(this.state, { kind: 'warning', text: this.msg('stock.noSheet') }));
      const accepted = new Set(review.accepted.map((e) => e.listing));
      const edits = diffStockEdits(read.cols).edits.filter((e) => accepted.has(e.listing));
      if (editsFingerprint(edits) !== review.fingerprint) return this.set(S.done({ ...this.state, review: null }, { kind: 'warning', text: this.msg('stock.changedSinceReview') }));
      await this.send(read.cols, read.skus, edits, []);
    } catch (err) {
      this.fail(err);
    }
  }

  /** Re-plans and pushes only the rows whose status is "failed". */
  async retryFailed(): Promise<void> {
    if (!S.canPush(this.state)) return this.set(S.done(this.state, { kind: 'error', text: this.msg('stock.pushDisabledAnalyst') }));
    this.set(S.startBusy(this.state, this.msg('stock.reading')));
    try {
      const read = await this.readStock();
      if (!read) return this.set(S.done(this.state, { kind: 'warning', text: this.msg('stock.noSheet') }));
      const { cols, skus } = read;
      const failed = failedOnly(diffStockEdits(cols), cols);
      if (!failed.length) return this.set(S.done(this.state, { kind: 'info', text: this.msg('stock.noFailed') }));
      this.set(S.startBusy(this.state, this.msg('stock.planning')));
      const summary = summarisePlan(failed, await this.api().plan(toRequests(failed)), this.state.locale);
      const rejected = reviewOutcomes(failed, [], summary, this.state.locale).filter((o) => o.status === 'rejected');
      if (!summary.accepted.length) {
        await this.deps.workbook.writeColumns(STOCK_TABLE, stockColumnWrites(cols, rejected, this.state.locale, this.versionType()));
        return this.set(S.done(S.pushed(this.state, summariseSheet(cols, rejected, skus)), { kind: 'info', text: this.msg('stock.nothingToPush') }));
      }
      await this.send(cols, skus, summary.accepted, rejected);
    } catch (err) {
      this.fail(err);
    }
  }

  /** Pushes `edits`; `prior` are outcomes decided before (rows the re-plan rejected), written with the answer. */
  private async send(cols: StockColumns, skus: CellValue[], edits: StockEdit[], prior: RowOutcome[]): Promise<void> {
    const pending = idempotencyKeyFor(this.state.pendingPush, editsFingerprint(edits), this.deps.newKey);
    this.set({ ...S.startBusy(this.state, this.msg('stock.pushing', { count: edits.length })), pendingPush: pending });
    const answer = await this.api().apply(toRequests(edits), pending.key);
    const outcomes = [...prior, ...applyOutcomes(edits, answer, this.state.locale).outcomes];
    const summary = summariseSheet(cols, outcomes, skus);
    this.set(S.pushed(this.state, summary), true);
    await this.deps.workbook.writeColumns(STOCK_TABLE, stockColumnWrites(cols, outcomes, this.state.locale, this.versionType()));
    const c = summary.counts;
    const bad = c.conflict + c.failed + c.rejected + c.invalid;
    this.set(S.done(this.state, { kind: bad ? 'warning' : 'success', text: this.msg('stock.pushResult', pushResultParams(c)) }));
  }

  private async readRules(): Promise<RulesColumns | null> {
    const read = await this.deps.workbook.readColumns(RULES_TABLE, RULES_READ_COLUMNS);
    if (!read) return null;
    if (read.missing.length) throw new Error(`the rules table has no column ${read.missing.join(', ')}; refresh the allocation rules`);
    return read.columns as RulesColumns;
  }

  /**
   * Preview rules: the Rules sheet's edits checked locally, and what they make of every stock
   * row's suggested quantity (the server's own arithmetic) in the Stock sheet's preview column.
   */
  async previewRules(): Promise<void> {
    this.set(S.startBusy({ ...this.state, rulesReview: null }, this.msg('rules.reading')));
    try {
      const cols = await this.readRules();
      if (!cols) return this.set(S.done(this.state, { kind: 'warning', text: this.msg('rules.noSheet') }));
      const locale = this.state.locale;
      const diff = diffRules(cols, locale);
      if (!diff.changes.length && !diff.invalid.length) return this.set(S.done(this.state, { kind: 'info', text: this.msg('rules.noChanges') }));
      const ready = diff.changes.map((c) => ({ row: c.row, status: 'ready' as const, message: this.msg(c.kind === 'delete' ? 'rules.readyDelete' : 'rules.ready') }));
      await this.deps.workbook.writeColumns(RULES_TABLE, rulesColumnWrites(cols, [...diff.invalid, ...ready], locale));
      const stock = await this.deps.workbook.readColumns(STOCK_TABLE, ['listing', 'channel', 'available_units', 'editable', 'suggested_quantity', PREVIEW_QUANTITY]);
      let listings: number | null = null;
      if (stock && !stock.missing.length) {
        const preview = previewSuggested(stock.columns as unknown as StockForPreview, diff.rules);
        await this.deps.workbook.writeColumns(STOCK_TABLE, [previewWrite(preview.values)]);
        listings = preview.changed;
      }
      const rulesReview = { fingerprint: rulesFingerprint(diff.changes), changes: diff.changes, invalid: diff.invalid.length, listings };
      const text = listings === null ? this.msg('rules.previewNoStock', { changes: diff.changes.length, invalid: diff.invalid.length }) : this.msg('rules.previewSummary', { changes: diff.changes.length, invalid: diff.invalid.length, listings });
      this.set(S.done({ ...this.state, rulesReview }, { kind: diff.invalid.length ? 'warning' : 'info', text }));
    } catch (err) {
      this.fail(err);
    }
  }

  /**
   * Save rules: only what was previewed, and only rules the server still has as the sheet saw them
   * (a rule someone else changed since the refresh is refused, like a stock conflict).
   */
  async saveRules(): Promise<void> {
    const review = this.state.rulesReview;
    if (!S.canPush(this.state)) return this.set(S.done(this.state, { kind: 'error', text: this.msg('rules.saveDisabledAnalyst') }));
    if (!review) return this.set(S.done(this.state, { kind: 'info', text: this.msg('rules.previewFirst') }));
    this.set(S.startBusy(this.state, this.msg('rules.reading')));
    try {
      const cols = await this.readRules();
      if (!cols) return this.set(S.done(this.state, { kind: 'warning', text: this.msg('rules.noSheet') }));
      const locale = this.state.locale;
      const changes = diffRules(cols, locale).changes;
      if (rulesFingerprint(changes) !== review.fingerprint) return this.set(S.done({ ...this.state, rulesReview: null }, { kind: 'warning', text: this.msg('rules.changedSinceReview') }));
      this.set(S.startBusy(this.state, this.msg('rules.saving', { count: changes.length })));
      const current = new Map((await this.api().rules()).map((r) => [r.rule_id, r]));
      const outcomes: Array<RowOutcome & { baseline?: string }> = [];
      let saved = 0;
      let conflicts = 0;
      const conflict = (row: number, now: StoredRule | undefined): RowOutcome => ({
        row,
        status: 'conflict',
        message: this.msg('rules.conflictRow', { who: now?.updated_by ?? '?', at: now ? formatUtc(new Date(now.updated_at)) : '?' }),
      });
      for (const c of changes) {
        const now = current.get(c.rule_id);
        if ((now?.updated_at ?? null) !== c.baseline_updated_at) {
          conflicts++;
          outcomes.push(conflict(c.row, now));
          continue;
        }
        // the server checks again inside its write (If-Match): a change landing after the read above still loses
        const etag = c.baseline_updated_at === null ? null : (c.baseline_etag ?? undefined);
        try {
          if (c.kind === 'delete') {
            await this.api().deleteRule(c.rule_id, etag);
            outcomes.push({ row: c.row, status: 'applied', message: this.msg('rules.deletedRow'), baseline: '' });
          } else {
            const stored = await this.api().putRule(c.rule_id, ruleBody(c), etag);
            outcomes.push({ row: c.row, status: 'applied', message: this.msg('rules.savedRow'), baseline: savedBaseline(stored) });
          }
          saved++;
        } catch (err) {
          if (err instanceof ApiError && err.status === 412) {
            conflicts++;
            const reread = (await this.api().rules().catch(() => [])).find((r) => r.rule_id === c.rule_id);
            outcomes.push(conflict(c.row, reread));
          } else outcomes.push({ row: c.row, status: 'failed', message: this.describe(err) });
        }
      }
      await this.deps.workbook.writeColumns(RULES_TABLE, rulesColumnWrites(cols, outcomes, locale));
      const failed = changes.length - saved - conflicts;
      this.set(S.done({ ...this.state, rulesReview: null }, { kind: conflicts || failed ? 'warning' : 'success', text: this.msg('rules.saved', { saved, conflicts, failed }) }));
    } catch (err) {
      this.fail(err);
    }
  }

  async revert(): Promise<void> {
    this.set(S.startBusy(this.state, this.msg('stock.reading')));
    try {
      const read = await this.readStock();
      if (!read) return this.set(S.done(this.state, { kind: 'warning', text: this.msg('stock.noSheet') }));
      const { writes, reverted } = revertWrites(read.cols);
      await this.deps.workbook.writeColumns(STOCK_TABLE, writes);
      this.set(S.done({ ...this.state, review: null, stockSummary: null }, { kind: 'success', text: this.msg('stock.reverted', { count: reverted }) }));
    } catch (err) {
      this.fail(err);
    }
  }
}

