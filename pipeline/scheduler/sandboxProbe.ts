// An account on a local sandbox (the demo config's 127.0.0.1:47xx) is only reachable while the
// process that runs the sandboxes (`npm start`) does. One TCP connect says so at once, instead
// of the HTTP client's retries and back-off against a port nobody listens on.
import { connect } from 'node:net';
import { isLoopbackAccount } from '../config/resolve';
import type { ChannelConfig } from '../config/schema';

const PROBE_TIMEOUT_MS = 1500;

/** Resolves true when something accepts a TCP connection at the URL's host and port. */
export function listening(url: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  const parsed = new URL(url);
  const port = Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Why a loopback account cannot be reached right now (null when it can, or when the account
 * talks to a real host: those go through the client's own retries and errors).
 */
export async function sandboxDown(account: ChannelConfig): Promise<string | null> {
  if (!isLoopbackAccount(account) || !account.baseUrl) return null;
  if (await listening(account.baseUrl)) return null;
  return (
    `nothing answers at ${account.baseUrl}: this account points at a local channel sandbox, which \`npm start\` runs. ` +
    'Start it first (`npm start`), or point the account at the real channel (docs/config.md)'
  );
}
