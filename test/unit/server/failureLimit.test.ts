import { AuthFailureLimiter, authFailureLimitFromEnv, DEFAULT_AUTH_FAILURE_LIMIT } from '../../../pipeline/server/auth/failureLimit';

describe('failed authentication limiter', () => {
  const start = new Date('2024-12-02T09:00:00Z').getTime();
  let nowMs = start;
  const clock = () => new Date(nowMs);
  beforeEach(() => {
    nowMs = start;
  });

  it('limits each IP on its own', () => {
    const limiter = new AuthFailureLimiter({ maxFailures: 1, windowSeconds: 60, maxTrackedClients: 10 }, clock);
    expect(limiter.recordFailure('10.0.0.1')).toBeNull();
    expect(limiter.recordFailure('10.0.0.1')).toBe(60);
    expect(limiter.recordFailure('10.0.0.2')).toBeNull();
  });

  it('never remembers more IPs than maxTrackedClients, forgetting the oldest window first', () => {
    const limiter = new AuthFailureLimiter({ maxFailures: 1, windowSeconds: 60, maxTrackedClients: 3 }, clock);
    for (let n = 0; n < 1000; n++) {
      nowMs += 10;
      limiter.recordFailure(`10.0.${n >> 8}.${n & 255}`);
      expect(limiter.trackedClients).toBeLessThanOrEqual(3);
    }
    expect(limiter.recordFailure('10.0.3.231')).toBe(60); // the newest are still counted
  });

  it('forgets windows that have ended', () => {
    const limiter = new AuthFailureLimiter({ maxFailures: 1, windowSeconds: 60, maxTrackedClients: 100 }, clock);
    for (const ip of ['a', 'b', 'c']) limiter.recordFailure(ip);
    nowMs += 60_000;
    limiter.recordFailure('d');
    expect(limiter.trackedClients).toBe(1);
  });

  it('reads CROSSDOCK_AUTH_* overrides and refuses values that are not whole numbers ≥ 1', () => {
    expect(authFailureLimitFromEnv({})).toEqual(DEFAULT_AUTH_FAILURE_LIMIT);
    expect(authFailureLimitFromEnv({ CROSSDOCK_AUTH_MAX_FAILURES: '5', CROSSDOCK_AUTH_FAILURE_WINDOW_S: '300', CROSSDOCK_AUTH_MAX_TRACKED_IPS: '50' })).toEqual({
      maxFailures: 5,
      windowSeconds: 300,
      maxTrackedClients: 50,
    });
    expect(() => authFailureLimitFromEnv({ CROSSDOCK_AUTH_MAX_FAILURES: '0' })).toThrow(/CROSSDOCK_AUTH_MAX_FAILURES=0/);
    expect(() => authFailureLimitFromEnv({ CROSSDOCK_AUTH_FAILURE_WINDOW_S: '1.5' })).toThrow(/whole number/);
  });
});
