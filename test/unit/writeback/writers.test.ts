import { parseConfig } from '../../../pipeline/config/load';
import { writerEnvFromConfig, writersFor } from '../../../pipeline/writeback/writers';

const config = parseConfig({
  channels: [
    { channel: 'shopify', account: 'main', shop: 'acme', apiVersion: '2026-01', tokenEnv: 'ACME_SHOPIFY_TOKEN' },
    { channel: 'shopify', account: 'outlet', shop: 'acme-outlet', apiVersion: '2026-01', tokenEnv: 'OUTLET_SHOPIFY_TOKEN' },
    { channel: 'ebay', account: 'main', marketplaces: ['EBAY_US'], tokenEnv: 'ACME_EBAY_TOKEN' },
    {
      channel: 'amazon', account: 'na', marketplaces: [{ id: 'ATVPDKIKX0DER', code: 'US' }], sellerId: 'A2EXAMPLE1234',
      clientIdEnv: 'ACME_LWA_ID', clientSecretEnv: 'ACME_LWA_SECRET', refreshTokenEnv: 'ACME_LWA_REFRESH',
    },
    { channel: 'aliexpress', account: 'main', appKeyEnv: 'AE_KEY', appSecretEnv: 'AE_SECRET', sessionEnv: 'AE_SESSION' },
  ],
});

const secrets = {
  ACME_SHOPIFY_TOKEN: 'shpat_acme_main',
  OUTLET_SHOPIFY_TOKEN: 'shpat_acme_outlet',
  ACME_LWA_ID: 'amzn1.application-oa2-client.acme',
  ACME_LWA_SECRET: 'lwa-secret',
  ACME_LWA_REFRESH: 'Atzr|acme',
  // eBay's and AliExpress's variables are not set
};

describe('channel writers from crossdock.config.json', () => {
  it('maps each channel\'s first account to the writer variables, with its secrets from the variables it names', () => {
    expect(writerEnvFromConfig(config, secrets)).toEqual({
      CROSSDOCK_SHOPIFY_URL: 'https://acme.myshopify.com',
      CROSSDOCK_SHOPIFY_TOKEN: 'shpat_acme_main',
      CROSSDOCK_SHOPIFY_API_VERSION: '2026-01',
      CROSSDOCK_AMAZON_URL: 'https://sellingpartnerapi-na.amazon.com',
      CROSSDOCK_AMAZON_SELLER_ID: 'A2EXAMPLE1234',
      CROSSDOCK_AMAZON_CLIENT_ID: 'amzn1.application-oa2-client.acme',
      CROSSDOCK_AMAZON_CLIENT_SECRET: 'lwa-secret',
      CROSSDOCK_AMAZON_REFRESH_TOKEN: 'Atzr|acme',
      CROSSDOCK_AMAZON_LWA_URL: 'https://api.amazon.com/auth/o2/token',
    });
  });

  it('builds writers for the configured channels whose secrets are set, and none for the others', () => {
    expect(Object.keys(writersFor(config, secrets)).sort()).toEqual(['amazon', 'shopify']);
    expect(Object.keys(writersFor(null, secrets))).toEqual([]);
  });

  it('lets explicit CROSSDOCK_* variables add or override a channel', () => {
    const env = { ...secrets, CROSSDOCK_EBAY_URL: 'http://127.0.0.1:4702', CROSSDOCK_EBAY_TOKEN: 'v^1.1#token' };
    expect(Object.keys(writersFor(config, env)).sort()).toEqual(['amazon', 'ebay', 'shopify']);
  });

  it('gives Amazon no writer without a sellerId, since listings are addressed by it', () => {
    const withoutSeller = parseConfig({ channels: [{ ...config.channels[3], sellerId: undefined }] });
    expect(writerEnvFromConfig(withoutSeller, secrets)).toEqual({});
  });
});
