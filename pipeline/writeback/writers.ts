// The channel writers the server pushes through, built from server-side configuration only
// (crossdock.config.json and the environment; credentials never leave this process and are
// never logged). Each channel in the list (pipeline/channels/index.ts) reads its own
// CROSSDOCK_<CHANNEL>_* variables (its `writer.variables` say which, docs/writeback.md lists
// them). A channel without a base URL has no writer, and plan/apply refuse its rows as
// CHANNEL_NOT_CONFIGURED. Pointing a channel at the real API instead of a sandbox is a change of
// URL and credentials, nothing else.
import { channelById, SANDBOX_CHANNELS, WRITER_CHANNELS } from '../channels';
import type { ChannelId, ChannelWriter } from '../channels/contract/writer';
import type { CrossdockConfig } from '../config/schema';
import { readSecrets } from '../config/resolve';
import { log } from '../log';

type Env = Record<string, string | undefined>;

export function writersFromEnv(env: Env = process.env): Partial<Record<ChannelId, ChannelWriter>> {
  const writers: Partial<Record<ChannelId, ChannelWriter>> = {};
  for (const channel of WRITER_CHANNELS) {
    const writer = channel.writer.fromEnv(env);
    if (writer) writers[channel.id] = writer;
  }
  return writers;
}

/**
 * The writer variables that crossdock.config.json implies, so one file configures the channels
 * for ingestion and write-back alike: each channel's first account, its base URL, and its secrets
 * read from the variables the config names. Variables set explicitly win (`writersFor`). A channel
 * whose secrets are missing gets no writer (its rows are refused CHANNEL_NOT_CONFIGURED) and a
 * warning names the variables, instead of keeping the whole server down.
 */
export function writerEnvFromConfig(config: Pick<CrossdockConfig, 'channels'>, env: Env = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  const seen = new Set<string>();
  for (const account of config.channels) {
    if (seen.has(account.channel)) continue;
    seen.add(account.channel);
    const setup = channelById(account.channel)?.writer;
    if (!setup) continue;
    let secrets: Record<string, string>;
    try {
      secrets = readSecrets(account, env as NodeJS.ProcessEnv);
    } catch (err) {
      log.warn({ channel: account.channel, account: account.account, err: (err as Error).message }, 'stock write-back: no writer for this channel');
      continue;
    }
    const implied = setup.envFromAccount(account, secrets);
    if ('unavailable' in implied && typeof implied.unavailable === 'string') {
      log.warn({ channel: account.channel, account: account.account }, `stock write-back: ${implied.unavailable}`);
      continue;
    }
    for (const [name, value] of Object.entries(implied)) if (value !== undefined) out[name] = value;
  }
  return out;
}

/** The server's writers: from the config file when there is one, overridden by CROSSDOCK_* variables. */
export function writersFor(config: Pick<CrossdockConfig, 'channels'> | null, env: Env = process.env): Partial<Record<ChannelId, ChannelWriter>> {
  const fromConfig = config ? writerEnvFromConfig(config, env) : {};
  const explicit = Object.fromEntries(Object.entries(env).filter(([name, value]) => name.startsWith('CROSSDOCK_') && value));
  return writersFromEnv({ ...fromConfig, ...explicit });
}

/** The environment that points every writer at started sandboxes, with the sandboxes' fixed (non-secret) credentials. */
export function sandboxWriterEnv(urls: Partial<Record<ChannelId, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const channel of SANDBOX_CHANNELS) {
    const url = urls[channel.id];
    if (url) Object.assign(env, channel.sandbox.writerEnv(url));
  }
  return env;
}
