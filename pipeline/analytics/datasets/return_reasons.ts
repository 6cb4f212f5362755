import { RETURN_REASONS } from '../../model/returnReasons';
import { columns } from '../columns';
import { standardParams } from '../params';
import type { DatasetDefinition } from '../types';

export const dataset: DatasetDefinition = {
  name: 'return_reasons',
  title: 'Returns by reason',
  description:
    'One row per SKU × channel × normalised return reason: shipment-cohort and calendar return rates, reason share, ' +
    'sellable vs unsellable dispositions, restock rate, the top reason per SKU, trend vs the previous window, listing-issue flag.',
  key: ['sku', 'channel', 'reason_code'],
  params: [
    ...standardParams('channel', 'marketplace', 'sku_prefix', 'category'),
    { name: 'reason', type: 'string', description: 'Only this normalised reason', allowed: [...RETURN_REASONS] },
    { name: 'cohort_days', type: 'integer', description: 'Days after shipping a return still counts for its shipment (W)', default: '60', min: 1, max: 365 },
  ],
  columns: columns({
    sku: 'string',
    channel: 'string',
    reason_code: 'string',
    is_listing_issue: 'boolean',
    units_shipped: 'integer',
    units_returned: 'integer',
    return_rate: 'number',
    reason_share: 'number',
    units_sellable: 'integer',
    units_unsellable: 'integer',
    restock_rate: 'number',
    sku_channel_return_rate: 'number',
    calendar_units_returned: 'integer',
    calendar_return_rate: 'number',
    top_reason_code: 'string',
    previous_units_returned: 'integer',
    previous_return_rate: 'number',
    return_rate_change: 'number',
    is_cohort_maturing: 'boolean',
    latest_comment: 'string',
    rate_note: 'string',
  }),
};
