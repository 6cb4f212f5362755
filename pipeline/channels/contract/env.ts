// Reading a channel writer's CROSSDOCK_<CHANNEL>_* variables: a missing companion of a set URL,
// or a malformed number, is a ConfigError that names the variable.
import { ConfigError } from '../../errors';

export type Env = Readonly<Record<string, string | undefined>>;

export function requiredVariable(env: Env, name: string, channel: string): string {
  const value = env[name];
  if (!value) throw new ConfigError(`${channel} is configured (its URL is set) but ${name} is missing`, 'CD_CHANNEL_CONFIG');
  return value;
}

/** A number above 0, or undefined when unset. */
export function positiveVariable(env: Env, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(`${name}=${raw} must be a number above 0`, 'CD_CHANNEL_CONFIG');
  return value;
}

/** A number of seconds above 0, in milliseconds, or undefined when unset. */
export function secondsVariable(env: Env, name: string): number | undefined {
  const value = positiveVariable(env, name);
  return value === undefined ? undefined : value * 1000;
}
