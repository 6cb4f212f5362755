// The Mercado Libre pull connector: orders (orders/search by date_last_updated).
import { ConfigError } from '../../../errors';
import type { Connector } from '../../contract/streams';
import type { MercadoLibreConfig } from '../config';
import { MercadoLibreReadApi } from './api';
import { orders } from './orders';

export const connector: Connector<MercadoLibreConfig, MercadoLibreReadApi> = {
  channel: 'mercadolibre',
  streams: [orders],
  createApi: (channel, secrets, options) => new MercadoLibreReadApi(channel, secrets, { clock: options.clock, rateLimits: options.rateLimits }),
  async checkCredentials(api, channel) {
    const me = await api.get<{ id: number; nickname?: string; site_id?: string }>('usersMe', '/users/me', {});
    if (String(me.id) !== channel.sellerId) {
      throw new ConfigError(`mercadolibre: the refresh token belongs to user ${me.id}${me.nickname ? ` (${me.nickname})` : ''}, not to sellerId ${channel.sellerId} of account "${channel.account}"`, 'CD_CHANNEL_AUTH');
    }
    return `seller ${me.nickname ?? me.id} on ${me.site_id ?? channel.site}`;
  },
};
