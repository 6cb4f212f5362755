// Pure derivations from a validated config: each stream's effective schedule and settings, the
// secrets a channel names (read from the environment). Which location feeds a listing is
// pipeline/model/feeds.ts.
import { ACCOUNT_CHANNELS, channelById } from '../channels';
import { ConfigError } from '../errors';
import type { ChannelConfig, ScheduleConfig } from './schema';

export interface ResolvedSchedule {
  cron: string;
  timezone: string;
}

export function resolveSchedule(own: ScheduleConfig | undefined, fallbacks: (ScheduleConfig | undefined)[], defaultZone: string): ResolvedSchedule {
  const chosen = own ?? fallbacks.find((s) => s !== undefined);
  if (!chosen) throw new Error('no schedule (the config schema always supplies a default)');
  return { cron: chosen.cron, timezone: chosen.timezone ?? defaultZone };
}

/** The env var names an account's credentials live in, by role (its channel says which). */
export function secretNames(account: ChannelConfig): Record<string, string> {
  const channel = ACCOUNT_CHANNELS.find((c) => c.id === account.channel);
  if (!channel) throw new ConfigError(`unknown channel "${account.channel}"`, 'CD_CONFIG_INVALID');
  return channel.accounts.secretNames(account);
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * True when every URL the account names (baseUrl, lwaUrl, authUrl…) is on this machine, and it
 * names at least one: an account without a base URL talks to the real channel.
 */
export function isLoopbackAccount(account: ChannelConfig): boolean {
  const urls = Object.entries(account)
    .filter(([key, value]) => /Url$/.test(key) && typeof value === 'string')
    .map(([, value]) => value as string);
  if (!account.baseUrl || urls.length === 0) return false;
  return urls.every((url) => {
    try {
      return LOOPBACK_HOSTS.has(new URL(url).hostname);
    } catch {
      return false;
    }
  });
}

/**
 * The variables an account on a local sandbox still lacks, filled with that sandbox's fixed,
 * non-secret credentials (the demo config works without setting any). Empty for an account that
 * reaches any other host: a real channel's credentials are never guessed.
 */
export function sandboxSecretDefaults(account: ChannelConfig, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  if (!isLoopbackAccount(account)) return {};
  const known = channelById(account.channel)?.sandbox?.secrets ?? {};
  const out: Record<string, string> = {};
  for (const [role, name] of Object.entries(secretNames(account))) if (!env[name] && known[role]) out[name] = known[role];
  return out;
}

export interface ReadSecretsOptions {
  /** Accounts on a local sandbox get its default credentials for unset variables (pulls, config check). */
  sandboxDefaults?: boolean;
}

/** Reads a channel's secrets from `env`; a missing one is a ConfigError naming the variable. */
export function readSecrets(channel: ChannelConfig, env: NodeJS.ProcessEnv = process.env, options: ReadSecretsOptions = {}): Record<string, string> {
  const source = options.sandboxDefaults ? { ...env, ...sandboxSecretDefaults(channel, env) } : env;
  const out: Record<string, string> = {};
  const missing: string[] = [];
  for (const [role, name] of Object.entries(secretNames(channel))) {
    const value = source[name];
    if (!value) missing.push(name);
    else out[role] = value;
  }
  if (missing.length) {
    throw new ConfigError(`${channel.channel}/${channel.account}: environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not set`, 'CD_CONFIG_SECRET_MISSING');
  }
  return out;
}
