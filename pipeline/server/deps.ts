// What the HTTP server needs from the outside world, passed in so tests hand in fakes:
// buildServer(deps) never opens a file, reads the clock or imports the analytics module itself.
import type { DatasetParams, DatasetSpec, RowRange } from '../analytics/types';
import type { AuthFailureLimitOptions } from './auth/failureLimit';
import type { Warehouse } from '../warehouse/types';
import type { Column } from '../warehouse/values';
import type { EncodedBlock } from '../warehouse/jsonRows';
import type { ParamCatalogue } from '../analytics/paramCatalogue';

export type Role = 'analyst' | 'manager';
export const ROLES: readonly Role[] = ['analyst', 'manager'];

/** Who a valid bearer token belongs to. */
export interface Principal {
  tokenId: string;
  name: string;
  role: Role;
}

/** Turns a bearer token into a principal, or null when it is unknown, malformed or revoked. */
export interface Authenticator {
  verify(token: string): Promise<Principal | null>;
}

/** One chunk of a dataset's rows, positional in `columns` order: values, or their JSON texts. */
export interface DatasetChunk {
  columns: Column[];
  /** The rows as values (sources that have no encoder)… */
  rows?: unknown[][];
  /** …or each row already encoded as a JSON array text (the warehouse did it: the fast path)… */
  jsonRows?: string[];
  /** …or a block of rows encoded ahead of time (a mart's), joined by warehouse/jsonRows.ts's JSON_ROW_SEPARATOR. */
  jsonChunk?: EncodedBlock;
  /** …or, first of all, how many rows the source skipped without reading them (a page far into a mart). */
  skippedRows?: number;
  /** The parameters as run (e.g. as_of resolved to the latest data date), when the source knows them. */
  params?: DatasetParams;
  /** Notes on the data behind the answer (see pipeline/analytics/dataDates.ts), when the source has them. */
  warnings?: string[];
}

/**
 * What one answer is read from: the data_version it is labelled with (its ETag) and, opaque to
 * the server, the state the registry read that from, handed back with the rows.
 */
export interface AnswerBasis {
  version: string;
  state?: unknown;
}

/**
 * The analytics datasets as the server uses them. `pipeline/analytics/index.ts` satisfies this
 * shape as a module; tests pass small fakes. Raw parameters are the query-string values as text.
 */
export interface DatasetRegistry {
  listDatasets(): DatasetSpec[];
  /** Typed, defaulted parameters; throws UsageError naming the bad or unknown parameter. */
  validateParams(name: string, raw: Record<string, string>): DatasetParams;
  /** Streams a dataset; never waits for a rebuild while a consistent previous one can answer. */
  /**
   * `rows`: the rows the caller needs (a page and the row after it); a source may skip the others.
   * `basis`: what answerBasis returned for this answer, so the rows are read with the same state.
   */
  streamDataset(warehouse: Warehouse, name: string, raw: Record<string, string>, rows?: RowRange, basis?: AnswerBasis): AsyncIterable<DatasetChunk>;
  /** What the next answer of `name` is read from (default: the current data_version). */
  answerBasis?(warehouse: Warehouse, name: string): Promise<AnswerBasis>;
  /**
   * Whether an answer of `name` is fixed by its data version and parameters (then it is kept in
   * memory by ETag). Not for datasets of live tables that change without a new data version
   * (allocation rules, the run log). Default: no.
   */
  isVersioned?(name: string): boolean;
  /** The values the choice parameters can take and the days the data covers (the catalogue's `choices`, `data_dates`). */
  catalogue?(warehouse: Warehouse): Promise<ParamCatalogue>;
  /** Optional warm-up once the server listens (build models), so the first fetch is fast. */
  prepare?(warehouse: Warehouse): Promise<void>;
  /** Work a request left running on the warehouse (a rebuild): whether there is any, and a stop that settles when it is done. */
  background?: { running(warehouse: Warehouse): boolean; stop(warehouse: Warehouse): Promise<void> };
}

export interface ServerConfig {
  /** Origins allowed to call the API cross-origin (exact match, e.g. 'https://localhost:3000'). */
  allowedOrigins: string[];
  /** The built add-in bundle (`npm run build:addin`), served at /addin/. */
  addinDir: string;
  /** Largest request body accepted (bytes). */
  bodyLimitBytes: number;
  /** Reported by /health. */
  version: string;
  /** True when served over TLS: adds Strict-Transport-Security. */
  https: boolean;
  /** Differs on every start, and is part of every ETag: new code may compute different rows. */
  instanceId: string;
  /**
   * Host names the server answers to besides localhost, 127.0.0.1 and [::1] (serve.ts: the --host,
   * the certificate's names, the --origin hosts). /api/ calls for any other Host are refused (421).
   */
  hostNames?: string[];
  /** Memory for encoded dataset answers kept by ETag (default 128 MiB; 0: keep none, as a benchmark of cold answers does). */
  answerCacheBytes?: number;
  /** Memory for whole live answers kept while their pages are fetched (pagedAnswers.ts; default 128 MiB; 0: keep none). */
  pagedAnswerBytes?: number;
  /** Failed-authentication limit per client IP (default DEFAULT_AUTH_FAILURE_LIMIT). */
  authFailureLimit?: AuthFailureLimitOptions;
}

export interface ServerDeps {
  warehouse: Warehouse;
  datasets: DatasetRegistry;
  auth: Authenticator;
  config: ServerConfig;
  clock: () => Date;
}

/** 10k stock edits as JSON are about 1 MB; leave room, refuse anything absurd. */
export const DEFAULT_BODY_LIMIT_BYTES = 4 * 1024 * 1024;
export const DEFAULT_PORT = 3000;
export const DEFAULT_HOST = '127.0.0.1';
