import { followMovedSandboxes, parseConfig, SANDBOX_MOVED_ENV } from '../../../pipeline/config/load';
import { isLoopbackAccount, readSecrets, sandboxSecretDefaults } from '../../../pipeline/config/resolve';
import { channelById } from '../../../pipeline/channels';

const config = parseConfig({
  channels: [
    { channel: 'shopify', account: 'demo', shop: 'demo', apiVersion: '2026-01', baseUrl: 'http://127.0.0.1:4701', tokenEnv: 'DEMO_SHOPIFY_TOKEN' },
    { channel: 'shopify', account: 'real', shop: 'acme', apiVersion: '2026-01', tokenEnv: 'ACME_SHOPIFY_TOKEN' },
    { channel: 'shopify', account: 'remote', shop: 'acme', apiVersion: '2026-01', baseUrl: 'https://shopify.example.com', tokenEnv: 'REMOTE_SHOPIFY_TOKEN' },
    {
      channel: 'amazon', account: 'half', baseUrl: 'http://127.0.0.1:4703', lwaUrl: 'https://api.amazon.com/auth/o2/token',
      marketplaces: [{ id: 'ATVPDKIKX0DER', code: 'US' }], sellerId: 'A2CROSSDOCKSBX1',
      clientIdEnv: 'HALF_ID', clientSecretEnv: 'HALF_SECRET', refreshTokenEnv: 'HALF_REFRESH',
    },
  ],
});
const [demo, real, remote, half] = config.channels;
const sandboxToken = channelById('shopify')!.sandbox!.secrets.token;

describe('sandbox default credentials', () => {
  it('counts an account as local only when every URL it names is on this machine', () => {
    expect([demo, real, remote, half].map(isLoopbackAccount)).toEqual([true, false, false, false]);
  });

  it('gives a local account the sandbox token when its variable is unset, and keeps a set one', () => {
    expect(readSecrets(demo, {}, { sandboxDefaults: true })).toEqual({ token: sandboxToken });
    expect(readSecrets(demo, { DEMO_SHOPIFY_TOKEN: 'shpat_mine' }, { sandboxDefaults: true })).toEqual({ token: 'shpat_mine' });
    expect(sandboxSecretDefaults(demo, { DEMO_SHOPIFY_TOKEN: '' })).toEqual({ DEMO_SHOPIFY_TOKEN: sandboxToken });
  });

  it('never guesses the credentials of an account on a real host', () => {
    for (const account of [real, remote, half]) {
      expect(sandboxSecretDefaults(account, {})).toEqual({});
      expect(() => readSecrets(account, {}, { sandboxDefaults: true })).toThrow(/environment variables? .* not set/);
    }
  });

  it('asks for every variable without the option (the write-back reads secrets that way)', () => {
    expect(() => readSecrets(demo, {})).toThrow('shopify/demo: environment variable DEMO_SHOPIFY_TOKEN not set');
  });
});

describe('demo accounts following a moved sandbox', () => {
  it('points the URLs of local accounts on a moved origin at the new port, paths kept', () => {
    const local = parseConfig({
      channels: [
        {
          channel: 'amazon', account: 'demo', baseUrl: 'http://127.0.0.1:4703', lwaUrl: 'http://127.0.0.1:4703/_lwa/o2/token',
          marketplaces: [{ id: 'ATVPDKIKX0DER', code: 'US' }], sellerId: 'A2CROSSDOCKSBX1',
          clientIdEnv: 'A', clientSecretEnv: 'B', refreshTokenEnv: 'C',
        },
        { channel: 'shopify', account: 'demo', shop: 'demo', apiVersion: '2026-01', baseUrl: 'http://127.0.0.1:4701', tokenEnv: 'T' },
      ],
    });
    const moved = followMovedSandboxes(local, { [SANDBOX_MOVED_ENV]: JSON.stringify({ 'http://127.0.0.1:4703': 'http://127.0.0.1:40001' }) });
    expect(moved.channels[0]).toMatchObject({ baseUrl: 'http://127.0.0.1:40001', lwaUrl: 'http://127.0.0.1:40001/_lwa/o2/token' });
    expect(moved.channels[1]).toMatchObject({ baseUrl: 'http://127.0.0.1:4701' });
    expect(followMovedSandboxes(local, {})).toBe(local);
  });

  it('leaves an account on a real host alone even if its origin were listed', () => {
    const moved = followMovedSandboxes(config, { [SANDBOX_MOVED_ENV]: JSON.stringify({ 'https://shopify.example.com': 'http://127.0.0.1:40001' }) });
    expect(moved.channels[2]).toMatchObject({ baseUrl: 'https://shopify.example.com' });
  });
});
