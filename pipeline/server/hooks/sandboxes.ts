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
import { channelById, SANDBOX_CHANNELS } from '../../channels';
import { parseSandboxOrders, SANDBOX_ORDERS_DIR } from '../../channels/contract/sandboxOrders';
import { seedFromWarehouse, type StartedSandboxes } from '../../channels/sandbox/start';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../../config/load';
import { secretNames } from '../../config/resolve';
import type { ChannelConfig } from '../../config/schema';
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

export const startHook: StartHook = {
  name: 'channel sandboxes',
  async run({ warehouse, dbPath, say }) {
    const accounts = localAccounts();
    // A channel's first local account decides its port (fromEntries keeps the last entry, hence reverse).
    const ports = Object.fromEntries(accounts.map((a) => [a.channel, Number(new URL(a.baseUrl!).port)]).reverse());
    const started = await seedFromWarehouse({ all: (sql) => warehouse.all(sql) }, { quiet: true, ports });
    let seeded: string[];
    try {
      seeded = seedSandboxOrders(started, demoOrdersDir(dbPath));
    } catch (err) {
      await started.stop();
      throw err;
    }
    const env: Record<string, string> = { ...sandboxWriterEnv(started.urls) };
    for (const account of accounts) {
      for (const [role, name] of Object.entries(secretNames(account))) {
        const sandboxValue = channelById(account.channel)?.sandbox?.secrets[role];
        if (!process.env[name] && sandboxValue) env[name] = sandboxValue;
      }
    }
    const previous = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
    Object.assign(process.env, env);
    say(started.banner);
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
