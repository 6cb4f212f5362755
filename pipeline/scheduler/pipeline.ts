// What `crossdock run` and `crossdock serve` share: open the database the config names (waiting
// for another process to let go of it, or refusing clearly), write the config's base currency and
// locations, and build the runner's dependencies.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { LoadedConfig } from '../config/load';
import { systemClock } from '../channels/http';
import { RetryLaterError } from '../errors';
import { ingestPaths } from '../ingest';
import { fbaPoolId } from '../model/keys';
import { DEFAULT_DB_PATH, DuckWarehouse } from '../warehouse/duckdb';
import { bumpDataVersion } from '../warehouse/dataVersion';
import type { SqlConnection, Warehouse } from '../warehouse/types';
import { processInbox } from './inbox';
import type { InboxResultSummary, RunnerDeps } from './runner';

/** --db, then CROSSDOCK_DB, then the config's `database` (relative to the config file), then the default. */
export function databasePath(loaded: LoadedConfig, explicit?: string): string {
  if (explicit) return explicit;
  if (process.env.CROSSDOCK_DB) return process.env.CROSSDOCK_DB;
  const configured = loaded.config.database;
  if (configured) return isAbsolute(configured) ? configured : resolve(loaded.dir, configured);
  return DEFAULT_DB_PATH;
}

/**
 * Opens the database for writing. DuckDB allows one writer process: when another holds the file
 * (a `crossdock serve`, or a `crossdock run` still going), wait up to `waitSeconds` for it, then
 * refuse with a message that says who to stop or where to send the work.
 */
export async function openForPipeline(path: string, waitSeconds = 0, sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))): Promise<Warehouse> {
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    try {
      return await DuckWarehouse.open(path);
    } catch (err) {
      if (!(err instanceof RetryLaterError) || err.code !== 'CD_DB_LOCKED') throw err;
      if (Date.now() >= deadline) {
        const holder = /PID (\d+)/.exec(String((err.cause as Error | undefined)?.message ?? ''))?.[1];
        throw new RetryLaterError(
          `${path} is held by another Crossdock process${holder ? ` (PID ${holder})` : ''}: another \`crossdock run\` is still going, or \`crossdock serve\` owns it. ` +
            (waitSeconds > 0 ? `Waited ${waitSeconds}s. ` : 'Pass --wait SECONDS to wait for it, ') +
            'or trigger the pass on the server with POST /api/v1/pipeline/run.',
          'CD_DB_LOCKED',
          { cause: err },
        );
      }
      await sleep(Math.min(1000, Math.max(50, deadline - Date.now())));
    }
  }
}

/** Writes the config's base currency and locations into the warehouse (idempotent). */
export async function applyConfigToWarehouse(warehouse: Warehouse, loaded: LoadedConfig): Promise<void> {
  const { config } = loaded;
  await warehouse.transaction(async (conn) => {
    const before = await configSnapshot(conn);
    await conn.run(
      `insert into setting (setting_key, setting_value) values ('base_currency_code', $1)
       on conflict (setting_key) do update set setting_value = excluded.setting_value, updated_at = now()::timestamp`,
      [config.baseCurrency],
    );
    for (const location of config.locations) {
      const pool = location.pool ?? (location.kind === 'fba' ? fbaPoolId(location.country) : location.id);
      await conn.run(
        `insert into location (location_id, location_name, location_kind, country_code, pool_id, is_settable)
         values ($1, $2, $3, $4, $5, $6)
         on conflict (location_id) do update set location_name = excluded.location_name, location_kind = excluded.location_kind,
           country_code = excluded.country_code, pool_id = excluded.pool_id, is_settable = excluded.is_settable`,
        [location.id, location.name, location.kind, location.country, pool, location.kind !== 'fba'],
      );
    }
    // an edited config is new data (the models read locations and the base currency); an
    // unchanged one, on every start, is not
    if ((await configSnapshot(conn)) !== before) await bumpDataVersion(conn, [{ table: 'setting' }, { table: 'location' }]);
  });
}

/** The warehouse's copy of the config's base currency and locations, as one comparable text. */
async function configSnapshot(conn: SqlConnection): Promise<string> {
  const rows = await conn.all(
    `select 'currency' as what, setting_value as a, null as b, null as c, null as d, null as e, null as f from setting where setting_key = 'base_currency_code'
     union all
     select 'location', location_id, location_name, location_kind, country_code, pool_id, cast(is_settable as varchar) from location
     order by 1, 2`,
  );
  return JSON.stringify(rows);
}

export interface PipelineDepsOptions {
  rateLimits?: boolean;
  onEvent?: RunnerDeps['onEvent'];
  signal?: AbortSignal;
}

export function pipelineDeps(warehouse: Warehouse, loaded: LoadedConfig, options: PipelineDepsOptions = {}): RunnerDeps {
  const workDir = join(tmpdir(), 'crossdock-pipeline');
  mkdirSync(workDir, { recursive: true });
  return {
    warehouse,
    loaded,
    clock: systemClock,
    now: () => new Date(),
    rateLimits: options.rateLimits ?? true,
    workDir,
    ingest: ingestPaths,
    onEvent: options.onEvent,
    signal: options.signal,
  };
}

/** The inbox step of a pass (undefined when the config has no inbox). */
export function inboxStep(deps: RunnerDeps): (() => Promise<InboxResultSummary[]>) | undefined {
  const inbox = deps.loaded.config.inbox;
  if (!inbox) return undefined;
  const dir = isAbsolute(inbox.dir) ? inbox.dir : resolve(deps.loaded.dir, inbox.dir);
  mkdirSync(dir, { recursive: true });
  return () => processInbox(deps.warehouse, { dir, settleSeconds: inbox.settleSeconds, ingest: deps.ingest });
}
