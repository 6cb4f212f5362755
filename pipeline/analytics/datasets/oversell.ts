import { columns } from '../columns';
import { standardParams } from '../params';
import type { DatasetDefinition } from '../types';

export const dataset: DatasetDefinition = {
  name: 'oversell',
  title: 'Oversell incidents and risks',
  description:
    "Incidents: order lines accepted when the pool's available-to-sell across channels was already short (with the shortfall). " +
    'Risks: merchant listings whose channel quantity exceeds the stock of the pool feeding them.',
  key: ['kind', 'channel', 'order_id', 'line_id', 'listing_id'],
  params: standardParams('channel', 'marketplace', 'pool', 'sku_prefix'),
  columns: columns({
    kind: 'string',
    channel: 'string',
    marketplace: 'string',
    sku: 'string',
    pool_id: 'string',
    order_id: 'string',
    line_id: 'string',
    ordered_at: 'timestamp',
    order_status: 'string',
    quantity_units: 'integer',
    ats_before_units: 'integer',
    shortfall_units: 'integer',
    listing_id: 'string',
    channel_quantity_units: 'integer',
    pool_available_units: 'integer',
    excess_listed_units: 'integer',
    reason: 'string',
  }),
};
