// Starts the channel sandboxes on 127.0.0.1 from listing rows (or a warehouse), and builds
// writers wired to them: every channel in the list (pipeline/channels/index.ts) that has a
// sandbox. Used by `npm start` (the demo loop runs offline against these) and by the write-back
// core's tests. Nothing here ever talks to a real channel.
import { createServer } from 'node:net';
import { channelById, SANDBOX_CHANNELS } from '..';
import { ConfigError } from '../../errors';
import { log } from '../../log';
import type { ChannelId, ChannelWriter } from '../contract/writer';
import type { HttpClientOptions } from '../http/client';
import type { FaultOptions } from './faults';
import type { ListingSource, SandboxListing } from './listings';
import { listingsFromWarehouse } from './seedListings';
import type { RunningSandbox } from './server';

export interface StartSandboxesOptions {
  /** Faults for every sandbox (a channel's own `faults` are merged over them). */
  faults?: Partial<FaultOptions>;
  /** Enforce documented rate limits (default true). */
  rateLimits?: boolean;
  /** Channels to start (default every channel with a sandbox). */
  channels?: ChannelId[];
  /** Ports by channel (default: random free ports). */
  ports?: Partial<Record<ChannelId, number>>;
  /**
   * `prefer` (default): a port in `ports` that is busy is replaced by a free one (the URL in
   * `urls` says which). `require`: a busy port is a ConfigError CD_PORT_IN_USE (asked for explicitly).
   */
  portPolicy?: 'prefer' | 'require';
  /** A channel's own sandbox options, by channel ({ amazon: { applyDelayMs: 1000 } }). */
  own?: Partial<Record<ChannelId, Record<string, unknown> & { faults?: Partial<FaultOptions> }>>;
  /** Do not log the "these are sandboxes" banner. */
  quiet?: boolean;
}

export type SandboxSet = Partial<Record<ChannelId, RunningSandbox>>;

export interface StartedSandboxes {
  urls: Partial<Record<ChannelId, string>>;
  sandboxes: SandboxSet;
  /** One line per channel saying it is a local sandbox, for `npm start` to print. */
  banner: string;
  stop(): Promise<void>;
}

export async function startSandboxes(listings: SandboxListing[], options: StartSandboxesOptions = {}): Promise<StartedSandboxes> {
  const wanted = new Set(options.channels ?? SANDBOX_CHANNELS.map((c) => c.id));
  const policy = options.portPolicy ?? 'prefer';
  const sandboxes: SandboxSet = {};
  for (const channel of SANDBOX_CHANNELS) {
    if (!wanted.has(channel.id)) continue;
    const own = options.own?.[channel.id] ?? {};
    const asked = options.ports?.[channel.id];
    // A preferred port someone else holds (another Crossdock, any other program) is not worth a crash.
    const port = asked === undefined || asked === 0 || policy === 'require' || (await portIsFree(asked)) ? asked : 0;
    sandboxes[channel.id] = channel.sandbox.create(listings, {
      rateLimits: options.rateLimits ?? true,
      ...own,
      ...(port !== undefined ? { port } : {}),
      faults: { ...options.faults, ...own.faults },
    });
  }
  const started = Object.values(sandboxes).filter((s): s is RunningSandbox => s !== undefined);
  const results = await Promise.allSettled(started.map((s) => s.start()));
  const failed = results.findIndex((r) => r.status === 'rejected');
  if (failed >= 0) {
    await Promise.allSettled(started.map((s) => s.stop()));
    const err = (results[failed] as PromiseRejectedResult).reason as NodeJS.ErrnoException;
    const channel = started[failed].channel;
    if (err?.code === 'EADDRINUSE') {
      throw new ConfigError(
        `port ${options.ports?.[channel]} for the ${channel} sandbox on 127.0.0.1 is already in use; stop what holds it or pass --sandbox-ports with another first port`,
        'CD_PORT_IN_USE',
        { cause: err },
      );
    }
    throw err;
  }
  const urls: Partial<Record<ChannelId, string>> = Object.fromEntries(started.map((s) => [s.channel, s.url]));
  const banner = [
    `SANDBOX CHANNELS: stock write-back goes to local emulators, not to real ${started.map((s) => channelById(s.channel)?.label ?? s.channel).join('/')}:`,
    ...started.map((s) => `  ${s.channel.padEnd(12)} ${s.url}  (sandbox, ${s.quantities().length} listings)`),
  ].join('\n');
  if (!options.quiet) log.warn({ sandboxes: urls }, 'channel sandboxes started: nothing is sent to a real channel');
  return {
    urls,
    sandboxes,
    banner,
    stop: async () => {
      await Promise.allSettled(started.map((s) => s.stop()));
    },
  };
}

/** True when nothing listens on 127.0.0.1:port right now (a quick bind and release). */
export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** Reads the listing table and starts sandboxes seeded with it. */
export async function seedFromWarehouse(warehouse: ListingSource, options: StartSandboxesOptions = {}): Promise<StartedSandboxes> {
  return startSandboxes(await listingsFromWarehouse(warehouse), options);
}

export interface SandboxWriterOptions {
  http?: Partial<Omit<HttpClientOptions, 'name' | 'baseUrl' | 'headers'>>;
  /** A channel's own writer options, by channel ({ amazon: { limits: { feedThreshold: 300 } } }). */
  own?: Partial<Record<ChannelId, Record<string, unknown>>>;
}

/** Writers pointed at started sandboxes, with the sandbox credentials. */
export function sandboxWriters(started: StartedSandboxes, options: SandboxWriterOptions = {}): Partial<Record<ChannelId, ChannelWriter>> {
  const writers: Partial<Record<ChannelId, ChannelWriter>> = {};
  for (const channel of SANDBOX_CHANNELS) {
    const url = started.urls[channel.id];
    if (url) writers[channel.id] = channel.sandbox.writer(url, { http: options.http, own: options.own?.[channel.id] });
  }
  return writers;
}
