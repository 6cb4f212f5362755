// The terminal side of `crossdock run` and `crossdock config check`: progress while streams run
// (a live line per stream on a terminal, log records otherwise), a summary, and an exit code a
// system cron job can act on (0 ok, 75 a stream failed transiently, 78 a stream's configuration
// or credentials are wrong, 65 any other failure).
import { loadConfig } from '../config/load';
import { readSecrets } from '../config/resolve';
import { systemClock } from '../channels/http';
import { CrossdockError, RetryLaterError, UsageError } from '../errors';
import { say } from '../log';
import { CONNECTORS } from './connectors';
import { sandboxDown } from './sandboxProbe';
import { applyConfigToWarehouse, databasePath, inboxStep, openForPipeline, pipelineDeps } from './pipeline';
import { markInterruptedRuns, runPass, type PassResult, type RunEvent } from './runner';
import type { Connector } from '../channels/contract/streams';
import type { ChannelConfig } from '../config/schema';
import { loadBigQueryEngine } from '../warehouse/bigquery/lazy';

export interface RunCommandOptions {
  config?: string;
  db?: string;
  only?: string[];
  all?: boolean;
  wait?: string;
  inbox?: boolean;
  rateLimits?: boolean;
  json?: boolean;
}

function terminalProgress(): (event: RunEvent) => void {
  const live = process.stderr.isTTY && process.env.CROSSDOCK_LOG_FORMAT !== 'json';
  const state = new Map<string, string>();
  let lastDraw = 0;
  const draw = (force = false) => {
    if (!live || (!force && Date.now() - lastDraw < 200)) return;
    lastDraw = Date.now();
    process.stderr.write(`\r\x1b[K${[...state.entries()].map(([k, v]) => `${k} ${v}`).join(' | ')}`);
  };
  return (event) => {
    if (event.type === 'stream-start') state.set(event.key, 'starting');
    if (event.type === 'stream-progress') state.set(event.key, `${event.rowsRead.toLocaleString('en-US')} read${event.message ? ` (${event.message})` : ''}`);
    if (event.type === 'stream-end') {
      state.delete(event.key);
      if (live) process.stderr.write('\r\x1b[K');
    }
    draw(event.type !== 'stream-progress');
  };
}

/** Prints a pass and sets the exit code: fix the config (78), then the data or a bug (65), else retry later (75). */
function reportPass(result: PassResult, json: boolean): void {
  if (json) say(JSON.stringify(result, null, 2));
  else for (const line of formatPass(result)) say(line);
  const failed = result.streams.filter((s) => s.status === 'failed');
  if (failed.some((s) => s.exitCode === 78)) process.exitCode = 78;
  else if (failed.some((s) => !s.transient) || result.inbox.some((f) => f.status === 'failed')) process.exitCode = 65;
  else if (failed.length) process.exitCode = 75;
}

export function formatPass(result: PassResult): string[] {
  const lines = result.streams.map((s) => {
    const counts = `${s.rowsRead} read, ${s.rowsLoaded} loaded, ${s.rowsRejected} rejected in ${(s.seconds ?? 0).toFixed(1)} s`;
    return `${s.status.padEnd(9)} ${s.key}: ${counts}; watermark ${s.watermarkAfter ?? '-'}${s.error ? `\n          ${s.error}` : ''}`;
  });
  for (const file of result.inbox) lines.push(`${file.status.padEnd(9)} inbox/${file.file}: ${file.rows_loaded} loaded${file.reason ? ` — ${file.reason}` : ''}`);
  if (lines.length === 0) lines.push('nothing due (use --all or --only to run streams now)');
  return lines;
}

export async function runCommand(opts: RunCommandOptions): Promise<void> {
  const wait = Number(opts.wait ?? 0);
  if (!Number.isFinite(wait) || wait < 0) throw new UsageError(`--wait must be a number of seconds, got "${opts.wait}"`);
  const loaded = loadConfig(opts.config);
  const dbPath = databasePath(loaded, opts.db);
  // A server holds the database: the pass runs in its scheduler (its configuration, its locks;
  // streams it is already running are skipped, not doubled), as POST /api/v1/pipeline/run does.
  const { callAdminSocket } = require('../server/adminSocket') as typeof import('../server/adminSocket');
  const beside = await callAdminSocket<PassResult>(dbPath, 'POST', '/run', { only: opts.only, skipInbox: opts.inbox === false });
  if (beside) {
    if (!opts.only?.length && !opts.all) say('the running server ran every stream now (beside a server, a pass always runs the streams asked for, due or not)');
    reportPass(beside, opts.json === true);
    return;
  }
  const warehouse = await openForPipeline(dbPath, wait);
  try {
    await markInterruptedRuns(warehouse);
    await applyConfigToWarehouse(warehouse, loaded);
    const deps = pipelineDeps(warehouse, loaded, { rateLimits: opts.rateLimits !== false, onEvent: terminalProgress() });
    const result = await runPass(deps, { only: opts.only, force: opts.all || (opts.only?.length ?? 0) > 0, trigger: 'cli', skipInbox: opts.inbox === false }, inboxStep(deps));
    reportPass(result, opts.json === true);
    // warehouse.engine bigquery: copy this pass's changes (docs/bigquery.md); a failure is retried next run
    const { syncAfterRun, formatSync } = loadBigQueryEngine();
    const synced = await syncAfterRun(warehouse, loaded.config.warehouse);
    if (synced) for (const line of formatSync(synced)) say(line);
    if (synced?.status === 'failed' && !process.exitCode) process.exitCode = 75;
  } finally {
    warehouse.close();
  }
}

export async function configCheckCommand(opts: { config?: string; offline?: boolean }): Promise<void> {
  const loaded = loadConfig(opts.config);
  const { config } = loaded;
  say(`${loaded.path}: valid (${config.channels.length} channel account(s), ${config.locations.length} location(s), base currency ${config.baseCurrency})`);
  if (opts.offline) return;
  let bad = 0;
  let unreachable = 0;
  for (const channel of config.channels) {
    const name = `${channel.channel}/${channel.account}`;
    try {
      const down = await sandboxDown(channel);
      if (down) throw new RetryLaterError(down, 'CD_SANDBOX_DOWN');
      const secrets = readSecrets(channel, process.env, { sandboxDefaults: true });
      const connector = CONNECTORS[channel.channel] as Connector<ChannelConfig, unknown>;
      const api = connector.createApi(channel, secrets, { clock: systemClock, rateLimits: true });
      say(`ok        ${name}: ${await connector.checkCredentials(api, channel)}`);
    } catch (err) {
      if (err instanceof CrossdockError && err.exitCode === 75) unreachable++;
      else bad++;
      const message = err instanceof CrossdockError ? err.message : (err as Error).message;
      say(`failed    ${name}: ${message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message}`);
    }
  }
  // wrong configuration or credentials (78) outrank a channel or sandbox that is down for now (75)
  if (bad) process.exitCode = 78;
  else if (unreachable) process.exitCode = 75;
}
