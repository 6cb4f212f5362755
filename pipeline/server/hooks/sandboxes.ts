// `npm start` only: starts the four channel sandboxes seeded from the demo listings and points
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
import { SANDBOX_CREDENTIALS, seedFromWarehouse } from '../../channels/sandbox/start';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../../config/load';
import { secretNames } from '../../config/resolve';
import type { ChannelConfig } from '../../config/schema';
import { log } from '../../log';
import type { Channel } from '../../writeback/types';
import { sandboxWriterEnv } from '../../writeback/writers';
import type { StartHook } from '../hooks';

/** The sandbox value for each credential role a channel account names. */
const SANDBOX_SECRETS: Record<Channel, Record<string, string>> = {
  shopify: { token: SANDBOX_CREDENTIALS.shopify.accessToken },
  ebay: { token: SANDBOX_CREDENTIALS.ebay.accessToken },
  amazon: { clientId: SANDBOX_CREDENTIALS.amazon.clientId, clientSecret: SANDBOX_CREDENTIALS.amazon.clientSecret, refreshToken: SANDBOX_CREDENTIALS.amazon.refreshToken },
  aliexpress: { appKey: SANDBOX_CREDENTIALS.aliexpress.appKey, appSecret: SANDBOX_CREDENTIALS.aliexpress.appSecret, session: SANDBOX_CREDENTIALS.aliexpress.session },
};

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
    const portOf = (channel: Channel) => {
      const account = accounts.find((a) => a.channel === channel);
      return account?.baseUrl ? Number(new URL(account.baseUrl).port) : undefined;
    };
    const started = await seedFromWarehouse(
      { all: (sql) => warehouse.all(sql) },
      {
        quiet: true,
        shopify: { port: portOf('shopify') },
        ebay: { port: portOf('ebay') },
        amazon: { port: portOf('amazon') },
        aliexpress: { port: portOf('aliexpress') },
      },
    );
    const env: Record<string, string> = { ...sandboxWriterEnv(started.urls) };
    for (const account of accounts) {
      for (const [role, name] of Object.entries(secretNames(account))) {
        if (!process.env[name] && SANDBOX_SECRETS[account.channel][role]) env[name] = SANDBOX_SECRETS[account.channel][role];
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
