import { ConfigError, UsageError } from '../../../pipeline/errors';
import { idempotencyKeyOf } from '../../../pipeline/server/routes/stock';
import { scopeOf } from '../../../pipeline/writeback/rules';
import { writebackConfigFromEnv } from '../../../pipeline/writeback/service';
import { sandboxWriterEnv, writersFromEnv } from '../../../pipeline/writeback/writers';

describe('write-back configuration', () => {
  it('builds a writer only for the channels whose URL is set', () => {
    const writers = writersFromEnv({ CROSSDOCK_EBAY_URL: 'http://127.0.0.1:9', CROSSDOCK_EBAY_TOKEN: 't' });
    expect(Object.keys(writers)).toEqual(['ebay']);
    expect(writers.ebay?.maxRowsPerCall).toBe(25);
  });

  it('refuses a configured channel without its credentials, naming the missing variable', () => {
    expect(() => writersFromEnv({ CROSSDOCK_AMAZON_URL: 'http://127.0.0.1:9', CROSSDOCK_AMAZON_TOKEN: 't' })).toThrow(ConfigError);
    expect(() => writersFromEnv({ CROSSDOCK_AMAZON_URL: 'http://127.0.0.1:9', CROSSDOCK_AMAZON_TOKEN: 't' })).toThrow(/CROSSDOCK_AMAZON_SELLER_ID/);
    expect(() => writersFromEnv({ CROSSDOCK_SHOPIFY_URL: 'http://127.0.0.1:9' })).toThrow(/CROSSDOCK_SHOPIFY_TOKEN/);
  });

  it('points every writer at the sandboxes with the sandbox credentials', () => {
    const env = sandboxWriterEnv({ shopify: 'http://127.0.0.1:1', ebay: 'http://127.0.0.1:2', amazon: 'http://127.0.0.1:3', aliexpress: 'http://127.0.0.1:4' });
    expect(Object.keys(writersFromEnv(env)).sort()).toEqual(['aliexpress', 'amazon', 'ebay', 'shopify']);
  });

  it('reads CROSSDOCK_STOCK_* overrides and refuses values that are not numbers', () => {
    expect(writebackConfigFromEnv({ CROSSDOCK_STOCK_SANITY_CAP: '500', CROSSDOCK_STOCK_ANSWER_WITHIN_S: '2.5' })).toMatchObject({ sanityCapUnits: 500, answerWithinMs: 2500, verifyTimeoutMs: 1_800_000 });
    expect(() => writebackConfigFromEnv({ CROSSDOCK_STOCK_SANITY_CAP: 'lots' })).toThrow(ConfigError);
  });

  it('reads a rule id as its scope and refuses an unknown channel', () => {
    expect(scopeOf('all')).toEqual({ rule_scope: 'all', channel: null, listing_id: null });
    expect(scopeOf('channel:ebay')).toEqual({ rule_scope: 'channel', channel: 'ebay', listing_id: null });
    expect(scopeOf('listing:ebay:US:A:merchant')).toEqual({ rule_scope: 'listing', channel: null, listing_id: 'ebay:US:A:merchant' });
    expect(() => scopeOf('channel:etsy')).toThrow(UsageError);
  });

  it('requires an Idempotency-Key of visible ASCII characters', () => {
    expect(idempotencyKeyOf('push-2026-11-26:42')).toBe('push-2026-11-26:42');
    expect(() => idempotencyKeyOf(undefined)).toThrow(UsageError);
    expect(() => idempotencyKeyOf('has space')).toThrow(UsageError);
    expect(() => idempotencyKeyOf('x'.repeat(201))).toThrow(UsageError);
  });
});
