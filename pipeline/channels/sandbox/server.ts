// The common base of every channel sandbox: a Fastify server on 127.0.0.1 (random port by
// default) with a seeded state store, injected faults, call counting, an inspection API for
// tests (/_sandbox/*) and pluggable route modules. A channel folder only adds its contract:
// its store (ChannelState), its routes and the shape of its 5xx/429 answers.
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ChannelId } from '../contract/writer';
import { systemClock, type Clock } from '../http/clock';
import { FaultInjector, type FaultOptions } from './faults';
import type { SandboxListing } from './listings';

export interface SandboxQuantity {
  listing_id: string;
  sku: string;
  /** What the channel shows buyers now (null: the listing has no quantity, e.g. FBA). */
  quantity: number | null;
}

/** What every channel store offers the inspection API. */
export interface ChannelState {
  quantities(): SandboxQuantity[];
  /** Simulates a change made on the channel itself (a sale, another app), for conflict tests. */
  setQuantity(listingId: string, quantity: number): void;
}

export interface SandboxContext<S extends ChannelState> {
  channel: ChannelId;
  store: S;
  listings: SandboxListing[];
  faults: FaultInjector;
  clock: Clock;
  /** Whether the channel's documented rate limits are enforced. */
  rateLimits: boolean;
  /** Calls per operation name (what `countCall` was told), for benchmarks and tests. */
  calls: Map<string, number>;
  /** The counted calls in arrival order (the latest 100k–200k), with `performance.now()` (read→write gaps in tests). */
  callLog: { operation: string; at_ms: number }[];
  countCall(operation: string): void;
}

/** A module of routes added to a sandbox (the channel's own, or later ones such as orders). */
export type SandboxRoutes<S extends ChannelState> = (app: FastifyInstance, ctx: SandboxContext<S>) => void;

/** How a channel words an injected server error or throttle. */
export interface FaultShape {
  serverError(reply: FastifyReply, request: FastifyRequest): unknown;
  throttled(reply: FastifyReply, retryAfterSeconds: number, request: FastifyRequest): unknown;
}

export interface SandboxServerOptions<S extends ChannelState> {
  channel: ChannelId;
  store: S;
  listings: SandboxListing[];
  routes: SandboxRoutes<S>[];
  /** A folder of extra route modules, each exporting `routes: SandboxRoutes<S>` (loaded in name order). */
  routesDir?: string;
  faultShape: FaultShape;
  faults?: Partial<FaultOptions>;
  rateLimits?: boolean;
  clock?: Clock;
  host?: string;
  port?: number;
}

// Paths under /_ are the sandbox's own (inspection API, presigned uploads): never faulted.
const isSandboxPath = (url: string) => url.startsWith('/_');

const CALL_LOG_LIMIT = 200_000;

/** What the starter, the tests and the benches use of any channel's sandbox (its store stays the channel's own type). */
export type RunningSandbox = Pick<
  SandboxServer<ChannelState>,
  'app' | 'channel' | 'store' | 'url' | 'start' | 'stop' | 'quantities' | 'quantity' | 'setQuantity' | 'onNextCall' | 'configureFaults' | 'callCount'
> & { readonly ctx: SandboxContext<ChannelState> };

export class SandboxServer<S extends ChannelState> {
  readonly app: FastifyInstance;
  readonly ctx: SandboxContext<S>;
  private readonly hanging = new Set<() => void>();
  private readonly beforeCall = new Map<string, () => void>();
  private stopping = false;
  private address: string | null = null;

  constructor(private readonly options: SandboxServerOptions<S>) {
    const calls = new Map<string, number>();
    const callLog: SandboxContext<S>['callLog'] = [];
    this.ctx = {
      channel: options.channel,
      store: options.store,
      listings: options.listings,
      faults: new FaultInjector(options.faults),
      clock: options.clock ?? systemClock,
      rateLimits: options.rateLimits ?? true,
      calls,
      callLog,
      countCall: (operation) => {
        calls.set(operation, (calls.get(operation) ?? 0) + 1);
        callLog.push({ operation, at_ms: performance.now() });
        // a sandbox behind `npm start` runs for days: keep the recent calls only
        if (callLog.length > CALL_LOG_LIMIT) callLog.splice(0, callLog.length - CALL_LOG_LIMIT / 2);
        const action = this.beforeCall.get(operation);
        if (action) {
          this.beforeCall.delete(operation);
          action();
        }
      },
    };
    this.app = Fastify({ logger: false, bodyLimit: 64 * 1024 * 1024, forceCloseConnections: true });
    this.app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    this.app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    this.installFaults();
    this.installInspection();
    for (const routes of options.routes) routes(this.app, this.ctx);
    for (const routes of loadRouteModules<S>(options.routesDir)) routes(this.app, this.ctx);
  }

  get channel(): ChannelId {
    return this.options.channel;
  }

  get store(): S {
    return this.options.store;
  }

  /** Base URL once started (http://127.0.0.1:<port>). */
  get url(): string {
    if (!this.address) throw new Error(`${this.options.channel} sandbox is not started`);
    return this.address;
  }

  async start(): Promise<string> {
    this.address = await this.app.listen({ host: this.options.host ?? '127.0.0.1', port: this.options.port ?? 0 });
    return this.address;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const release of this.hanging) release();
    this.hanging.clear();
    await this.app.close();
  }

  quantities(): SandboxQuantity[] {
    return this.options.store.quantities();
  }

  quantity(listingId: string): number | null | undefined {
    return this.quantities().find((q) => q.listing_id === listingId)?.quantity;
  }

  setQuantity(listingId: string, quantity: number): void {
    this.options.store.setQuantity(listingId, quantity);
  }

  /**
   * Runs `action` once, when the next call of `operation` arrives and before it is handled: a
   * sale made on the channel in the middle of a push (say between its read and its write).
   */
  onNextCall(operation: string, action: () => void): void {
    this.beforeCall.set(operation, action);
  }

  configureFaults(options: Partial<FaultOptions>): void {
    this.ctx.faults.configure(options);
  }

  /** Calls per operation so far (total when no operation is named). */
  callCount(operation?: string): number {
    if (operation) return this.ctx.calls.get(operation) ?? 0;
    return [...this.ctx.calls.values()].reduce((a, b) => a + b, 0);
  }

  private hang(): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopping) return resolve();
      this.hanging.add(resolve);
    });
  }

  private installFaults(): void {
    const hangAfter = new WeakSet<FastifyRequest>();
    this.app.addHook('onRequest', async (request, reply) => {
      if (isSandboxPath(request.url)) return;
      const latency = this.ctx.faults.latencyMs();
      if (latency > 0) await this.ctx.clock.sleep(latency);
      const fault = this.ctx.faults.requestFault();
      if (fault === 'hang' && this.ctx.faults.options.hangPhase === 'before') {
        await this.hang();
        return reply.code(503).send({ message: 'sandbox stopped' });
      }
      if (fault === 'hang') hangAfter.add(request);
      if (fault === 'server_error') return this.options.faultShape.serverError(reply, request);
      if (fault === 'throttle') return this.options.faultShape.throttled(reply, this.ctx.faults.options.retryAfterSeconds, request);
    });
    this.app.addHook('onSend', async (request, _reply, payload) => {
      if (hangAfter.has(request)) await this.hang();
      return payload;
    });
  }

  private installInspection(): void {
    this.app.get('/_sandbox/quantities', async () => ({ channel: this.options.channel, quantities: this.quantities() }));
    this.app.put<{ Params: { listingId: string }; Body: { quantity: number } }>('/_sandbox/quantities/:listingId', async (request) => {
      this.setQuantity(decodeURIComponent(request.params.listingId), Number(request.body.quantity));
      return { ok: true };
    });
    this.app.post<{ Body: Partial<FaultOptions> }>('/_sandbox/faults', async (request) => {
      this.configureFaults(request.body ?? {});
      return { faults: this.ctx.faults.options };
    });
    this.app.get('/_sandbox/calls', async () => ({ calls: Object.fromEntries(this.ctx.calls) }));
  }
}

function loadRouteModules<S extends ChannelState>(dir: string | undefined): SandboxRoutes<S>[] {
  if (!dir || !existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => /\.(ts|js)$/.test(file) && !file.endsWith('.d.ts') && !file.includes('.test.'))
    .sort()
    .map((file) => {
      const mod = require(join(dir, file)) as { routes?: SandboxRoutes<S> };
      if (typeof mod.routes !== 'function') throw new Error(`sandbox route module ${join(dir, file)} must export routes(app, ctx)`);
      return mod.routes;
    });
}
