// The eBay pull connector: orders (Fulfillment getOrders).
import type { EbayConfig } from '../config';
import type { Connector } from '../../contract/streams';
import { EbayReadApi } from './api';
import { orders, type OrdersPage } from './orders';

export const connector: Connector<EbayConfig, EbayReadApi> = {
  channel: 'ebay',
  streams: [orders],
  createApi: (channel, secrets, options) => new EbayReadApi(channel, secrets.token, options.clock),
  async checkCredentials(api) {
    const page = await api.get<OrdersPage>('getOrders', '/sell/fulfillment/v1/order', { limit: 1 });
    return `${page.total} orders in the last 90 days`;
  },
};
