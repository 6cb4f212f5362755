// Pure derivations from a validated config: each stream's effective schedule and settings, the
// secrets a channel names (read from the environment), and which location feeds a listing.
import { ConfigError } from '../errors';
import type { ChannelConfig, CrossdockConfig, ScheduleConfig } from './schema';

export interface ResolvedSchedule {
  cron: string;
  timezone: string;
}

export function resolveSchedule(own: ScheduleConfig | undefined, fallbacks: (ScheduleConfig | undefined)[], defaultZone: string): ResolvedSchedule {
  const chosen = own ?? fallbacks.find((s) => s !== undefined);
  if (!chosen) throw new Error('no schedule (the config schema always supplies a default)');
  return { cron: chosen.cron, timezone: chosen.timezone ?? defaultZone };
}

/** The env var names a channel's credentials live in, by role. */
export function secretNames(channel: ChannelConfig): Record<string, string> {
  switch (channel.channel) {
    case 'shopify':
    case 'ebay':
      return { token: channel.tokenEnv };
    case 'amazon':
      return { clientId: channel.clientIdEnv, clientSecret: channel.clientSecretEnv, refreshToken: channel.refreshTokenEnv };
    case 'aliexpress':
      return { appKey: channel.appKeyEnv, appSecret: channel.appSecretEnv, session: channel.sessionEnv };
  }
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

export interface ListingRef {
  channel: string;
  account?: string;
  marketplace?: string | null;
  fulfilment?: string | null;
  sku?: string | null;
}

/** The location feeding a listing: the matching feed rule naming the most fields wins. */
export function feedLocation(config: Pick<CrossdockConfig, 'feeds'>, listing: ListingRef): string | null {
  let best: { location: string; score: number } | null = null;
  for (const feed of config.feeds) {
    if (feed.channel !== listing.channel) continue;
    let score = 0;
    let matches = true;
    for (const key of ['account', 'marketplace', 'fulfilment', 'sku'] as const) {
      const want = feed[key];
      if (want === undefined) continue;
      if (want !== listing[key]) matches = false;
      score += 1;
    }
    if (matches && (!best || score > best.score)) best = { location: feed.location, score };
  }
  return best?.location ?? null;
}
