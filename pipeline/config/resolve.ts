// Pure derivations from a validated config: each stream's effective schedule and settings, the
// secrets a channel names (read from the environment). Which location feeds a listing is
// pipeline/model/feeds.ts.
import { ACCOUNT_CHANNELS } from '../channels';
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

/** Reads a channel's secrets from `env`; a missing one is a ConfigError naming the variable. */
export function readSecrets(channel: ChannelConfig, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  const missing: string[] = [];
  for (const [role, name] of Object.entries(secretNames(channel))) {
    const value = env[name];
    if (!value) missing.push(name);
    else out[role] = value;
  }
  if (missing.length) {
    throw new ConfigError(`${channel.channel}/${channel.account}: environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not set`, 'CD_CONFIG_SECRET_MISSING');
  }
  return out;
}
