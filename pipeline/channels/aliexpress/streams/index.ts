// The AliExpress pull connector: orders (solution order query).
import type { AliexpressConfig } from '../config';
import type { Connector } from '../../contract/streams';
import { AliexpressReadApi } from './api';
import { orders, type OrderGetAnswer } from './orders';

export const connector: Connector<AliexpressConfig, AliexpressReadApi> = {
  channel: 'aliexpress',
  streams: [orders],
  createApi: (channel, secrets, options) => new AliexpressReadApi(channel, secrets, options.clock),
  async checkCredentials(api) {
    const answer = await api.call<OrderGetAnswer>('aliexpress.solution.order.get', { param0: JSON.stringify({ page_size: 1, current_page: 1 }) });
    return `${answer.result.total_count} open orders`;
  },
};
