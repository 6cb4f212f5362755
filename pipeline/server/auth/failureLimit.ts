// Failed authentication, counted per client IP in fixed windows: once an IP has presented more
// than `maxFailures` rejected credentials within `windowSeconds`, every further rejected one
// answers 429 with Retry-After until its window ends. Only failures count: a valid token always
// passes (an office behind one NAT address is not locked out by one bad client), and a request
// without credentials is no guess. A 256-bit token cannot be guessed anyway; the limit bounds
// what a misbehaving or probing client costs and makes it visible. At most `maxTrackedClients`
// IPs are remembered; when full, the oldest window is forgotten first. Pure apart from the clock.
import { ConfigError } from '../../errors';

export interface AuthFailureLimitOptions {
  /** Rejected credentials accepted per IP and window; the next one answers 429. */
  maxFailures: number;
  windowSeconds: number;
  /** Memory bound: IPs remembered at once. */
  maxTrackedClients: number;
}

export const DEFAULT_AUTH_FAILURE_LIMIT: AuthFailureLimitOptions = { maxFailures: 10, windowSeconds: 60, maxTrackedClients: 10_000 };

/** Reads the CROSSDOCK_AUTH_* overrides (docs/server.md). */
export function authFailureLimitFromEnv(env: NodeJS.ProcessEnv = process.env): AuthFailureLimitOptions {
  const integer = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name}=${raw} is not a whole number ≥ 1`);
    return value;
  };
  const d = DEFAULT_AUTH_FAILURE_LIMIT;
  return {
    maxFailures: integer('CROSSDOCK_AUTH_MAX_FAILURES', d.maxFailures),
    windowSeconds: integer('CROSSDOCK_AUTH_FAILURE_WINDOW_S', d.windowSeconds),
    maxTrackedClients: integer('CROSSDOCK_AUTH_MAX_TRACKED_IPS', d.maxTrackedClients),
  };
}

interface FailureWindow {
  startedAtMs: number;
  failures: number;
}

export class AuthFailureLimiter {
  // Insertion order is window start order (a new window is deleted and set again), so the
  // expired and the oldest windows are always at the front.
  private readonly windows = new Map<string, FailureWindow>();

  constructor(
    private readonly options: AuthFailureLimitOptions = DEFAULT_AUTH_FAILURE_LIMIT,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Counts one rejected credential from `client`; the seconds to wait when it is now over the limit, else null. */
  recordFailure(client: string): number | null {
    const now = this.clock().getTime();
    const windowMs = this.options.windowSeconds * 1000;
    let window = this.windows.get(client);
    if (!window || now - window.startedAtMs >= windowMs) {
      this.windows.delete(client);
      this.makeRoom(now, windowMs);
      window = { startedAtMs: now, failures: 0 };
      this.windows.set(client, window);
    }
    window.failures += 1;
    if (window.failures <= this.options.maxFailures) return null;
    return Math.max(1, Math.ceil((window.startedAtMs + windowMs - now) / 1000));
  }

  /** How many IPs are remembered now (never more than maxTrackedClients). */
  get trackedClients(): number {
    return this.windows.size;
  }

  private makeRoom(now: number, windowMs: number): void {
    for (const [client, window] of this.windows) {
      if (now - window.startedAtMs < windowMs) break;
      this.windows.delete(client);
    }
    while (this.windows.size >= this.options.maxTrackedClients) {
      const oldest = this.windows.keys().next().value as string;
      this.windows.delete(oldest);
    }
  }
}
