// The Shopify pull connector: orders (+ refunds, returns) and inventory levels per location.
import type { ShopifyConfig } from '../config';
import type { Connector } from '../../contract/streams';
import { ShopifyReadApi } from './api';
import { inventory } from './inventory';
import { orders } from './orders';

export const connector: Connector<ShopifyConfig, ShopifyReadApi> = {
  channel: 'shopify',
  streams: [orders, inventory],
  createApi: (channel, secrets, options) => new ShopifyReadApi(channel, secrets.token, options.clock, options.rateLimits),
  async checkCredentials(api) {
    const data = await api.query<{ shop: { name: string } }>('shop', 'query CrossdockCheck { shop { name } }', {}, 1);
    return `shop "${data.shop.name}"`;
  },
};
