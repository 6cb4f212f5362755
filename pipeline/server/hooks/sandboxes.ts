// `npm start` only: starts every channel sandbox seeded from the demo listings and points
// both sides of the demo at them, so the whole loop works offline:
// - the stock write-back's writers, through the environment variables a real deployment sets
//   (pipeline/writeback/writers.ts);
// - the pipeline's channel accounts: a channel of crossdock.config.json whose baseUrl is on
//   127.0.0.1 gets its sandbox on that port, and the credential variables it names (when unset)
//   get the sandbox's fixed, non-secret values. Ingestion then pulls from the same emulators the
//   write-back pushes to.
// - the order history of every sandbox that takes one (`sandbox.seedOrders`), from the demo's
//   <demo>/sandbox-orders/<channel>.jsonl when it exists: the orders of the channels the demo
//   reaches only through their APIs, which the pipeline then pulls like a real seller's.
// The banner says plainly that pushes go to local emulators, not to real channels.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SANDBOX_CHANNELS } from '../../channels';
import { parseSandboxOrders, SANDBOX_ORDERS_DIR } from '../../channels/contract/sandboxOrders';
import { seedFromWarehouse, type StartedSandboxes } from '../../channels/sandbox/start';
import type { ChannelId } from '../../channels/contract/writer';
import { DEFAULT_CONFIG_PATH, loadConfig, SANDBOX_MOVED_ENV } from '../../config/load';
import { sandboxSecretDefaults } from '../../config/resolve';
import type { ChannelConfig } from '../../config/schema';
import { UsageError } from '../../errors';
import { log } from '../../log';
import { sandboxWriterEnv } from '../../writeback/writers';
import type { StartHook } from '../hooks';

/** The demo config's local channel accounts (none when there is no config file). */
function localAccounts(): ChannelConfig[] {
  const path = resolve(DEFAULT_CONFIG_PATH);
  if (!existsSync(path)) return [];
  try {
    return loadConfig(path).config.channels.filter((account) => {
      const url = account.baseUrl ? new URL(account.baseUrl) : null;
      return url !== null && ['127.0.0.1', 'localhost'].includes(url.hostname) && url.port !== '';
    });
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'sandboxes: the config file could not be read; sandboxes get random ports');
    return [];
  }
}

/** The demo folder `npm start` generates next to the database (pipeline/server/start.ts). */
export function demoOrdersDir(dbPath: string): string {
  return join(dirname(dbPath), 'demo', SANDBOX_ORDERS_DIR);
}

/** Seeds each started sandbox that takes orders from `<dir>/<channel>.jsonl`, when that file exists. */
export function seedSandboxOrders(started: Pick<StartedSandboxes, 'sandboxes'>, dir: string): string[] {
  const lines: string[] = [];
  for (const channel of SANDBOX_CHANNELS) {
    const sandbox = started.sandboxes[channel.id];
    const file = join(dir, `${channel.id}.jsonl`);
    if (!sandbox || !channel.sandbox.seedOrders || !existsSync(file)) continue;
    const seeded = channel.sandbox.seedOrders(sandbox, parseSandboxOrders(readFileSync(file, 'utf8')));
    lines.push(`  ${channel.id.padEnd(12)} ${seeded.orders.toLocaleString('en-US')} orders${seeded.returns ? `, ${seeded.returns.toLocaleString('en-US')} returns` : ''} from ${file}`);
  }
  return lines;
}

/**
 * The port each channel's sandbox asks for: `--sandbox-ports N` gives the channels N, N+1, … in
 * the order of pipeline/channels/index.ts (required: a busy one is an error); otherwise the port
 * of the channel's first local account in the config (preferred: a busy one is replaced).
 */
export function sandboxPorts(accounts: ChannelConfig[], first?: number): { ports: Partial<Record<ChannelId, number>>; portPolicy: 'prefer' | 'require' } {
  if (first !== undefined) {
    const last = first + SANDBOX_CHANNELS.length - 1;
    if (first < 1 || last > 65535) throw new UsageError(`--sandbox-ports ${first}: the ${SANDBOX_CHANNELS.length} sandboxes need ports ${first}–${last}, within 1–65535`);
    return { ports: Object.fromEntries(SANDBOX_CHANNELS.map((c, i) => [c.id, first + i])), portPolicy: 'require' };
  }
  // A channel's first local account decides its port (fromEntries keeps the last entry, hence reverse).
  return { ports: Object.fromEntries(accounts.map((a) => [a.channel, Number(new URL(a.baseUrl!).port)]).reverse()), portPolicy: 'prefer' };
}

/** Config origins whose sandbox listens elsewhere (busy default port, --sandbox-ports): { from: to }. */
export function movedOrigins(accounts: ChannelConfig[], urls: Partial<Record<ChannelId, string>>): Record<string, string> {
  const moved: Record<string, string> = {};
  for (const account of accounts) {
    const url = urls[account.channel as ChannelId];
    const origin = new URL(account.baseUrl!).origin;
    if (url && new URL(url).origin !== origin) moved[origin] = new URL(url).origin;
  }
  return moved;
}

export const startHook: StartHook = {
  name: 'channel sandboxes',
  async run({ warehouse, dbPath, say, sandboxPorts: first }) {
    const accounts = localAccounts();
    const started = await seedFromWarehouse({ all: (sql) => warehouse.all(sql) }, { quiet: true, ...sandboxPorts(accounts, first) });
    let seeded: string[];
    try {
      seeded = seedSandboxOrders(started, demoOrdersDir(dbPath));
    } catch (err) {
      await started.stop();
      throw err;
    }
    const env: Record<string, string> = { ...sandboxWriterEnv(started.urls) };
    const moved = movedOrigins(accounts, started.urls);
    // the scheduler's loadConfig points the demo accounts at where their sandboxes listen now
    if (Object.keys(moved).length) env[SANDBOX_MOVED_ENV] = JSON.stringify(moved);
    // the credentials the write-back reads from the config's variables (the pulls default them themselves)
    for (const account of accounts) Object.assign(env, sandboxSecretDefaults(account));
    const previous = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
    Object.assign(process.env, env);
    say(started.banner);
    for (const [from, to] of Object.entries(moved)) say(`  ${from} (the config's port) → ${to}: ${first === undefined ? 'that port was busy' : '--sandbox-ports'}; the demo accounts follow it`);
    if (seeded.length) say(['Sandbox order history (the pipeline pulls it through the channel APIs):', ...seeded].join('\n'));
    return async () => {
      for (const [name, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await started.stop();
    };
  },
};
