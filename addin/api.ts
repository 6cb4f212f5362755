// Typed client of the Crossdock HTTP API (docs/api.md). The only module of the add-in that
// calls fetch. Tokens travel in the Authorization header only.
import type { DatasetSpec } from '../pipeline/analytics/types';
import type { Column } from '../pipeline/warehouse/values';
import type { ApplyResponse, DatasetAnswer, PlanResponse, StockChangeRequest } from '../pipeline/model/wire';
import { SHEET_BODY_ROWS, type DatasetPayload } from './core/tableModel';
import type { ChangesPage, ChangeView } from '../pipeline/writeback/service';
import type { StoredRule } from '../pipeline/writeback/rules';
import type { DataDates } from '../pipeline/analytics/paramCatalogue';

/** The body of PUT /stock/rules/:rule_id (pipeline/writeback/rules.ts RuleBody). */

export interface Catalogue {
  datasets: DatasetSpec[];
  choices: Record<string, string[]>;
  data_dates: DataDates | null;
}
export interface RuleBody {
  reserve_units: number | null;
  available_pct: number | null;
  max_units: number | null;
  floor_units: number | null;
  note: string | null;
}

export type Role = 'analyst' | 'manager';

export interface Me {
  name: string;
  role: Role;
}

/** An answer that is not 2xx, or no answer at all (status 0). */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The user cancelled the request (the pane's Cancel button aborted it). */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

export interface ApiClientOptions {
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  /** Rows per page when fetching datasets (the API pages with offset/limit). */
  pageSize?: number;
  /** Most rows a dataset may bring (default: what a worksheet holds under its header). */
  maxRows?: number;
}


export function normaliseBaseUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

export class CrossdockApi {
  private readonly base: string;
  private readonly token: string;
  private readonly fetchFn: typeof fetch;
  private readonly pageSize: number;
  private readonly maxRows: number;

  constructor(options: ApiClientOptions) {
    this.base = normaliseBaseUrl(options.baseUrl);
    this.token = options.token;
    this.fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
    this.pageSize = options.pageSize ?? 50_000;
    this.maxRows = options.maxRows ?? SHEET_BODY_ROWS;
  }

  private async call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<T> {
    let res: Response;
    let text: string;
    try {
      res = await this.fetchFn(`${this.base}/api/v1${path}`, {
        method,
        headers: { Accept: 'application/json', Authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        signal,
      });
      text = await res.text();
    } catch (err) {
      if (signal?.aborted) throw new CancelledError();
      throw new ApiError(0, 'CD_NETWORK', err instanceof Error ? err.message : String(err));
    }
    let json: unknown = null;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      if (res.ok) throw new ApiError(res.status, 'CD_BAD_RESPONSE', `the server answered ${path} with something that is not JSON`);
    }
    if (!res.ok) {
      const e = (json ?? {}) as { code?: string; message?: string };
      throw new ApiError(res.status, e.code ?? `HTTP_${res.status}`, e.message ?? (res.statusText || text.slice(0, 200)));
    }
    return json as T;
  }

  me(): Promise<Me> {
    return this.call<Me>('GET', '/me');
  }

  /** The catalogue: datasets, and (from servers that know them) the values the choice parameters take and the days the data covers. */
  async catalogue(): Promise<Catalogue> {
    const answer = await this.call<Partial<Catalogue> & { datasets: DatasetSpec[] }>('GET', '/datasets');
    return { datasets: answer.datasets, choices: answer.choices ?? {}, data_dates: answer.data_dates ?? null };
  }

  /** Fetches a whole dataset, page by page; `onRows` reports rows received so far; `signal` cancels. */
  async dataset(name: string, query: Record<string, string>, onRows?: (received: number, total: number | null) => void, signal?: AbortSignal): Promise<DatasetPayload> {
    let offset = 0;
    let first: DatasetAnswer | null = null;
    const rows: unknown[][] = [];
    let columns: Column[] = [];
    for (;;) {
      const qs = new URLSearchParams({ ...query, offset: String(offset), limit: String(this.pageSize) });
      const page = await this.call<DatasetAnswer>('GET', `/datasets/${encodeURIComponent(name)}?${qs.toString()}`, undefined, {}, signal);
      first ??= page;
      columns = page.columns;
      // stop before holding rows a sheet cannot take (a forecast of 20k series by day is 4.2M):
      // at the first page when the server says the total, else once the rows pass the limit
      const total = page.total_rows ?? null;
      if (total !== null && total > this.maxRows) throw this.tooManyRows(name, total);
      for (const r of page.rows) rows.push(r);
      onRows?.(rows.length, total);
      if (rows.length > this.maxRows) throw this.tooManyRows(name, null);
      if (page.next_offset === null || page.next_offset === undefined || page.rows.length === 0) break;
      offset = page.next_offset;
    }
    return { dataset: first.dataset, params: first.params, data_version: first.data_version, warnings: first.warnings ?? [], columns, rows };
  }

  private tooManyRows(name: string, total: number | null): ApiError {
    const count = total === null ? `more than ${this.maxRows.toLocaleString('en-US')}` : total.toLocaleString('en-US');
    return new ApiError(
      413,
      'CD_TOO_MANY_ROWS',
      `${name} has ${count} rows, more than a worksheet holds (${this.maxRows.toLocaleString('en-US')}): narrow it with a filter (a SKU, a pool, a category) or a coarser grain`,
    );
  }

  /**
   * The whole stock ledger, oldest change first: pages of `pageSize` rows by `since` (the last
   * row's updated_at), until a page brings nothing new.
   */
  async stockChanges(onRows?: (received: number) => void, signal?: AbortSignal): Promise<ChangeView[]> {
    const limit = Math.min(50_000, this.pageSize);
    const seen = new Map<string, ChangeView>();
    let since: string | null = null;
    for (;;) {
      const qs = new URLSearchParams({ limit: String(limit), ...(since ? { since } : {}) });
      const page: ChangesPage = await this.call<ChangesPage>('GET', `/stock/changes?${qs.toString()}`, undefined, {}, signal);
      // A row whose status moved on while we paged comes again: the later copy wins.
      for (const c of page.changes) seen.set(c.change_id, c);
      onRows?.(seen.size);
      if (page.changes.length === 0 || page.next_since === null || page.next_since === since) break;
      since = page.next_since;
    }
    return [...seen.values()];
  }

  async rules(): Promise<StoredRule[]> {
    return (await this.call<{ rules: StoredRule[] }>('GET', '/stock/rules')).rules;
  }

  /**
   * Saves a rule only if the server still holds the version read (`etag`: If-Match), or, for a
   * rule the sheet did not have (`etag` null), only if none exists yet (If-None-Match: *). A
   * rule changed meanwhile answers 412 CD_RULE_CHANGED. `undefined`: unconditional (older sheets).
   */
  putRule(ruleId: string, body: RuleBody, etag?: string | null): Promise<StoredRule> {
    return this.call<StoredRule>('PUT', `/stock/rules/${encodeURIComponent(ruleId)}`, body, preconditionHeaders(etag));
  }

  async deleteRule(ruleId: string, etag?: string | null): Promise<void> {
    await this.call<unknown>('DELETE', `/stock/rules/${encodeURIComponent(ruleId)}`, undefined, etag ? { 'If-Match': etag } : {});
  }

  plan(changes: StockChangeRequest[]): Promise<PlanResponse> {
    return this.call<PlanResponse>('POST', '/stock/plan', changes);
  }

  apply(changes: StockChangeRequest[], idempotencyKey: string): Promise<ApplyResponse> {
    return this.call<ApplyResponse>('POST', '/stock/apply', changes, { 'Idempotency-Key': idempotencyKey });
  }
}

function preconditionHeaders(etag: string | null | undefined): Record<string, string> {
  if (etag === undefined) return {};
  return etag === null ? { 'If-None-Match': '*' } : { 'If-Match': etag };
}
