import { columns } from '../columns';
import { standardParams } from '../params';
import type { DatasetDefinition } from '../types';

export const dataset: DatasetDefinition = {
  name: 'order_ops',
  title: 'Order operations',
  description:
    'One row per channel × fulfilment type (fba, 3pl, self): orders, units, revenue, cancellations, processing time ' +
    'ordered → shipped (median, p90 hours), late shipments and return rate over the window.',
  key: ['channel', 'fulfilment_type'],
  params: [
    ...standardParams('channel', 'marketplace', 'sku_prefix', 'category'),
    { name: 'late_after_hours', type: 'integer', description: 'A line not shipped within this many hours of ordering is late', default: '48', min: 1, max: 2160 },
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
    units_returned: 'integer',
    return_rate: 'number',
    reason_code: 'string',
  }),
};
