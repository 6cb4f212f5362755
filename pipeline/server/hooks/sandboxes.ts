// `npm start` only: starts every channel sandbox seeded from the demo listings and points
// both sides of the demo at them, so the whole loop works offline:
// - the stock write-back's writers, through the environment variables a real deployment sets
//   (pipeline/writeback/writers.ts);
// - the pipeline's channel accounts: a channel of crossdock.config.json whose baseUrl is on
//   127.0.0.1 gets its sandbox on that port, and the credential variables it names (when unset)
//   get the sandbox's fixed, non-secret values. Ingestion then pulls from the same emulators the
//   write-back pushes to.
// The banner says plainly that pushes go to local emulators, not to real channels.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { channelById } from '../../channels';
import { seedFromWarehouse } from '../../channels/sandbox/start';
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

export const startHook: StartHook = {
  name: 'channel sandboxes',
  async run({ warehouse, say }) {
    const accounts = localAccounts();
    // A channel's first local account decides its port (fromEntries keeps the last entry, hence reverse).
    const ports = Object.fromEntries(accounts.map((a) => [a.channel, Number(new URL(a.baseUrl!).port)]).reverse());
    const started = await seedFromWarehouse({ all: (sql) => warehouse.all(sql) }, { quiet: true, ports });
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
    return async () => {
      for (const [name, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await started.stop();
    };
  },
};
