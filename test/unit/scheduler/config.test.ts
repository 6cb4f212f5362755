import { ACCOUNT_CHANNELS } from '../../../pipeline/channels';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig, parseConfig } from '../../../pipeline/config/load';
import { readSecrets } from '../../../pipeline/config/resolve';
import { feedLocation } from '../../../pipeline/model/feeds';
import { ConfigError } from '../../../pipeline/errors';

const shopify = { channel: 'shopify', account: 'acme', shop: 'acme', apiVersion: '2026-01', tokenEnv: 'SHOPIFY_TOKEN' };

function problems(raw: unknown): string {
  try {
    parseConfig(raw, 'test.json');
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected the config to be refused');
}

describe('crossdock.config.json validation', () => {
  it('accepts the documented example and the demo config', () => {
    expect(() => loadConfig(resolve('docs/crossdock.config.example.json'))).not.toThrow();
    expect(() => loadConfig(resolve('crossdock.config.json'))).not.toThrow();
  });

  it('names the key path of a bad cron expression', () => {
    expect(problems({ channels: [shopify, { ...shopify, account: 'b', schedule: { cron: '61 * * * *' } }] })).toContain('channels[1].schedule.cron: invalid cron expression');
  });

  it('names an unknown time zone, an unknown channel and a secret written into the file', () => {
    const message = problems({ timezone: 'Mars/Olympus', channels: [{ ...shopify, token: 'shpat_123' }, { channel: 'walmart', account: 'x' }] });
    expect(message).toContain('timezone: unknown IANA time zone');
    expect(message).toContain('channels[0].token: unknown key (secrets go in environment variables');
    expect(message).toMatch(/channels\[1\]\.channel: unknown channel; known: .*\bshopify\b/);
    expect(message).toContain(`known: ${ACCOUNT_CHANNELS.map((c) => c.id).join(', ')}`);
  });

  it('refuses an env var name that looks like a secret value', () => {
    expect(problems({ channels: [{ ...shopify, tokenEnv: 'shpat_abc123' }] })).toContain('channels[0].tokenEnv: must be the NAME of an environment variable');
  });

  it('refuses duplicate accounts, unknown streams and feeds to unknown locations', () => {
    const message = problems({
      locations: [{ id: 'US-3PL', name: 'US 3PL', kind: '3pl', country: 'US' }],
      feeds: [{ channel: 'ebay', location: 'NOWHERE' }],
      channels: [shopify, { ...shopify, streams: { refunds: {} } }],
    });
    expect(message).toContain('channels[1].account: "acme" is used twice for shopify');
    expect(message).toContain('channels[1].streams.refunds: unknown stream; shopify offers orders, inventory');
    expect(message).toContain('feeds[0].location: unknown location "NOWHERE"');
  });

  it('says which file is not valid JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cd-cfg-'));
    try {
      writeFileSync(join(dir, 'c.json'), '{ "channels": [ }');
      expect(() => loadConfig(join(dir, 'c.json'))).toThrow(/c\.json is not valid JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('secrets and feeds', () => {
  it('reads a channel secret from the named environment variable and names a missing one', () => {
    const config = parseConfig({ channels: [shopify] });
    expect(readSecrets(config.channels[0], { SHOPIFY_TOKEN: 'shpat_x' })).toEqual({ token: 'shpat_x' });
    expect(() => readSecrets(config.channels[0], {})).toThrow('shopify/acme: environment variable SHOPIFY_TOKEN not set');
  });

  it('picks the most specific feed rule for a listing', () => {
    const config = parseConfig({
      locations: [
        { id: 'CN-OWN', name: 'Shenzhen', kind: 'own', country: 'CN' },
        { id: 'US-3PL', name: 'US 3PL', kind: '3pl', country: 'US' },
      ],
      feeds: [
        { channel: 'ebay', location: 'CN-OWN' },
        { channel: 'ebay', marketplace: 'US', location: 'US-3PL' },
      ],
    });
    expect(feedLocation(config, { channel: 'ebay', marketplace: 'US', sku: 'A' })).toBe('US-3PL');
    expect(feedLocation(config, { channel: 'ebay', marketplace: 'DE', sku: 'A' })).toBe('CN-OWN');
    expect(feedLocation(config, { channel: 'shopify', marketplace: 'US', sku: 'A' })).toBeNull();
  });
});
