// Reads and validates crossdock.config.json. Every problem is reported with the key path that
// holds it (`channels[1].schedule.cron: invalid cron expression`), all at once, so a seller fixes
// the file in one go.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { z } from 'zod';
import { ACCOUNT_CHANNELS, channelById } from '../channels';
import { ConfigError } from '../errors';
import { isLoopbackAccount } from './resolve';
import { CrossdockConfig, crossdockConfig } from './schema';

export const DEFAULT_CONFIG_PATH = process.env.CROSSDOCK_CONFIG ?? 'crossdock.config.json';

/** The streams each channel offers (its connector's streams). */
export const KNOWN_STREAMS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  ACCOUNT_CHANNELS.map((channel) => [channel.id, channel.accounts.connector.streams.map((stream) => stream.name)]),
);

export interface LoadedConfig {
  config: CrossdockConfig;
  /** Absolute path of the file (relative paths inside it are relative to its folder). */
  path: string;
  dir: string;
}

/** `channels[1].schedule.cron` from zod's ['channels', 1, 'schedule', 'cron']. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out || '(top level)';
}

export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const where = issue.path.length ? formatKeyPath(issue.path) + '.' : '';
      return issue.keys.map((key) => `${where}${key}: unknown key${/token|secret|password|key$/i.test(key) ? ' (secrets go in environment variables: name them with a …Env key)' : ''}`).join('\n');
    }
    return `${formatKeyPath(issue.path)}: ${issue.message}`;
  });
}

/** Checks that need the whole file: unique accounts, known streams, locations that exist. */
export function crossCheck(config: CrossdockConfig): string[] {
  const problems: string[] = [];
  const locationIds = new Set(config.locations.map((l) => l.id));
  const seen = new Set<string>();
  config.channels.forEach((channel, i) => {
    const key = `${channel.channel}/${channel.account}`;
    if (seen.has(key)) problems.push(`channels[${i}].account: "${channel.account}" is used twice for ${channel.channel}`);
    seen.add(key);
    for (const stream of Object.keys(channel.streams)) {
      if (!KNOWN_STREAMS[channel.channel].includes(stream)) {
        problems.push(`channels[${i}].streams.${stream}: unknown stream; ${channel.channel} offers ${KNOWN_STREAMS[channel.channel].join(', ')}`);
      }
    }
    for (const { key: where, problem } of channelById(channel.channel)?.accounts?.crossCheck?.(channel, { locationIds }) ?? []) {
      problems.push(`channels[${i}].${where}: ${problem}`);
    }
  });
  config.feeds.forEach((feed, i) => {
    if (!locationIds.has(feed.location)) problems.push(`feeds[${i}].location: unknown location "${feed.location}" (not in locations[])`);
  });
  const locationSeen = new Set<string>();
  config.locations.forEach((location, i) => {
    if (locationSeen.has(location.id)) problems.push(`locations[${i}].id: "${location.id}" is used twice`);
    locationSeen.add(location.id);
  });
  return problems;
}

/**
 * Set by `npm start` when a demo sandbox could not have the port the config names (it was busy):
 * `{"http://127.0.0.1:4701": "http://127.0.0.1:40123"}`. Only loopback accounts follow it.
 */
export const SANDBOX_MOVED_ENV = 'CROSSDOCK_SANDBOX_MOVED';

/** The accounts whose URLs name a moved sandbox's origin, pointed at where it listens now. */
export function followMovedSandboxes(config: CrossdockConfig, env: NodeJS.ProcessEnv = process.env): CrossdockConfig {
  const raw = env[SANDBOX_MOVED_ENV];
  if (!raw) return config;
  let moved: Record<string, string>;
  try {
    moved = JSON.parse(raw) as Record<string, string>;
  } catch (err) {
    throw new ConfigError(`${SANDBOX_MOVED_ENV} is not JSON ({"http://127.0.0.1:4701": "http://127.0.0.1:40123"}): ${(err as Error).message}`, 'CD_CONFIG_INVALID', { cause: err });
  }
  const channels = config.channels.map((account) => {
    if (!isLoopbackAccount(account)) return account;
    const next: Record<string, unknown> = { ...account };
    for (const [key, value] of Object.entries(account)) {
      if (!/Url$/.test(key) || typeof value !== 'string') continue;
      const to = moved[new URL(value).origin];
      if (to) next[key] = to + value.slice(new URL(value).origin.length);
    }
    return next as unknown as typeof account;
  });
  return { ...config, channels };
}

/** Validates a parsed config object; throws one ConfigError listing every problem. */
export function parseConfig(raw: unknown, source = 'config'): CrossdockConfig {
  const result = crossdockConfig.safeParse(raw);
  if (!result.success) throw new ConfigError(`${source} is invalid:\n  ${formatIssues(result.error.issues).join('\n  ')}`);
  const problems = crossCheck(result.data);
  if (problems.length) throw new ConfigError(`${source} is invalid:\n  ${problems.join('\n  ')}`);
  return result.data;
}

export function loadConfig(path: string = DEFAULT_CONFIG_PATH): LoadedConfig {
  const absolute = resolve(path);
  if (!existsSync(absolute)) {
    throw new ConfigError(`no config file at ${absolute}: copy docs/crossdock.config.example.json (see docs/config.md) or pass --config FILE`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(absolute, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${absolute} is not valid JSON: ${(err as Error).message}`, 'CD_CONFIG_INVALID', { cause: err });
  }
  return { config: followMovedSandboxes(parseConfig(raw, absolute)), path: absolute, dir: dirname(absolute) };
}

/** The config file when there is one (null otherwise); an invalid file is still a ConfigError. */
export function loadConfigIfPresent(path: string = DEFAULT_CONFIG_PATH): LoadedConfig | null {
  return existsSync(resolve(path)) ? loadConfig(path) : null;
}
