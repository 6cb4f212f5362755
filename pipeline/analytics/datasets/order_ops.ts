import { columns } from '../columns';
import { standardParams } from '../params';
import type { DatasetDefinition } from '../types';

export const dataset: DatasetDefinition = {
  name: 'order_ops',
  title: 'Order operations',
  description:
    'One row per channel × fulfilment type (fba, 3pl, self): orders, units, revenue, cancellations, processing time ' +
    'ordered → shipped (median, p90 hours), late shipments (against the channel\'s ship-by date where it gave one) and return rate over the window.',
  key: ['channel', 'fulfilment_type'],
  params: [
    ...standardParams('channel', 'marketplace', 'sku_prefix', 'category'),
    {
      name: 'late_after_hours',
      type: 'integer',
      description: 'A line the channel gave no ship-by date is late when not shipped within this many hours of ordering',
      default: '48',
      min: 1,
      max: 2160,
    },
  ],
  columns: columns({
    channel: 'string',
    fulfilment_type: 'string',
    count_orders: 'integer',
    count_cancelled_orders: 'integer',
    cancellation_rate: 'number',
    units_ordered: 'integer',
    revenue_base: 'number',
    units_shipped: 'integer',
    count_lines_shipped: 'integer',
    count_unshipped_lines: 'integer',
    processing_hours_median: 'number',
    processing_hours_p90: 'number',
    count_late_lines: 'integer',
    late_shipment_rate: 'number',
    count_lines_with_ship_by: 'integer',
    units_returned: 'integer',
    return_rate: 'number',
    fulfilment_cost_base: 'number',
    referral_fee_base: 'number',
    shipping_cost_base: 'number',
    other_fees_base: 'number',
    total_fees_base: 'number',
    fees_share_of_revenue: 'number',
    count_orders_with_fees: 'integer',
    reason_code: 'string',
  }),
};
