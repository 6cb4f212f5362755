// The Shopee pull connector: orders (get_order_list → get_order_detail) and returns
// (get_return_list), over the shared client.
import type { Connector } from '../../contract/streams';
import { ShopeeClient } from '../client';
import type { ShopeeConfig } from '../config';
import { defaultStateDir } from '../../http/refreshTokenFile';
import { ShopeeReadApi } from './api';
import { orders } from './orders';
import { returns } from './returns';

export const SHOP_INFO_PATH = '/api/v2/shop/get_shop_info';

export const connector: Connector<ShopeeConfig, ShopeeReadApi> = {
  channel: 'shopee',
  streams: [orders, returns],
  createApi: (channel, secrets, options) =>
    new ShopeeReadApi(
      channel,
      new ShopeeClient({
        baseUrl: channel.baseUrl,
        credentials: { partnerId: channel.partnerId, shopId: channel.shopId, partnerKey: secrets.partnerKey, refreshToken: secrets.refreshToken },
        stateDir: defaultStateDir(),
        rate: options.rateLimits ? undefined : null,
        http: { clock: options.clock, timeoutMs: channel.timeoutSeconds * 1000, maxRetries: 6 },
      }),
    ),
  async checkCredentials(api) {
    const info = await api.get<{ shop_name?: string; region?: string }>(SHOP_INFO_PATH, {}, { topLevel: true });
    return `shop ${info.shop_name ?? api.channel.shopId} (${info.region ?? api.channel.region})`;
  },
};
