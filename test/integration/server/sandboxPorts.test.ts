// A busy sandbox port: a preferred one (the demo config's) is replaced by a free one; one asked
// for explicitly (--sandbox-ports) is a clear CD_PORT_IN_USE.
import { createServer, type Server } from 'node:net';
import { startSandboxes } from '../../../pipeline/channels/sandbox/start';
import { sandboxPorts } from '../../../pipeline/server/hooks/sandboxes';
import { SANDBOX_CHANNELS } from '../../../pipeline/channels';

function holdPort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

describe('sandbox ports', () => {
  let held: { server: Server; port: number };
  beforeEach(async () => (held = await holdPort()));
  afterEach(() => new Promise((r) => held.server.close(r)));

  it('starts a sandbox on a free port when its preferred port is busy, and says where', async () => {
    const started = await startSandboxes([], { channels: ['shopify'], ports: { shopify: held.port }, quiet: true });
    try {
      const url = new URL(started.urls.shopify!);
      expect(Number(url.port)).not.toBe(held.port);
      expect(Number(url.port)).toBeGreaterThan(0);
    } finally {
      await started.stop();
    }
  });

  it('refuses a busy port that was asked for, with CD_PORT_IN_USE naming the port and the channel', async () => {
    await expect(startSandboxes([], { channels: ['shopify'], ports: { shopify: held.port }, portPolicy: 'require', quiet: true })).rejects.toMatchObject({
      code: 'CD_PORT_IN_USE',
      exitCode: 78,
      message: expect.stringContaining(`port ${held.port} for the shopify sandbox`),
    });
  });

  it('gives the channels consecutive required ports from --sandbox-ports, in the channel list order', () => {
    const { ports, portPolicy } = sandboxPorts([], 5100);
    expect(portPolicy).toBe('require');
    expect(SANDBOX_CHANNELS.map((c) => ports[c.id])).toEqual(SANDBOX_CHANNELS.map((_, i) => 5100 + i));
    expect(() => sandboxPorts([], 65534)).toThrow(/--sandbox-ports 65534/);
  });
});
