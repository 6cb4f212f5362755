// crossdock-listings template (docs/templates.md): which SKU is offered where, with the channel's
// ids, and which location's stock feeds each listing.
import { ReportSpec } from '../../contract/reports';
import { lit } from '../../contract/reportSql';
import { listingIdSql } from '../../../model/keys';

export const listingsTemplate: ReportSpec = {
  kind: 'crossdock/listings',
  channel: 'crossdock',
  label: 'Crossdock listings template',
  delimiter: ',',
  quoted: true,
  required: ['channel', 'marketplace', 'sku', 'fulfilment'],
  optional: [
    'location_id', 'channel_listing_id', 'channel_offer_id', 'channel_inventory_item_id', 'channel_location_id', 'title', 'status',
    'price', 'currency', 'channel_quantity',
  ],
  target: 'listing',
  fields: (ctx) => [
    { name: 'channel', source: 'channel', type: 'text', required: true, allowed: ctx.salesChannels },
    { name: 'marketplace', source: 'marketplace', type: 'text', required: true },
    { name: 'sku', source: 'sku', type: 'text', required: true },
    { name: 'fulfilment', source: 'fulfilment', type: 'text', required: true, allowed: ['fba', 'merchant'] },
    { name: 'location_id', source: 'location_id', type: 'text' },
    { name: 'channel_listing_id', source: 'channel_listing_id', type: 'text' },
    { name: 'channel_offer_id', source: 'channel_offer_id', type: 'text' },
    { name: 'channel_inventory_item_id', source: 'channel_inventory_item_id', type: 'text' },
    { name: 'channel_location_id', source: 'channel_location_id', type: 'text' },
    { name: 'title', source: 'title', type: 'text' },
    { name: 'status', source: 'status', type: 'text' },
    { name: 'price', source: 'price', type: 'money', nonNegative: true },
    { name: 'currency', source: 'currency', type: 'text' },
    { name: 'channel_quantity', source: 'channel_quantity', type: 'integer', nonNegative: true },
  ],
  output: (ctx) => ({
    listing_id: listingIdSql('lower(channel)', 'marketplace', 'sku', 'lower(fulfilment)'),
    channel: 'lower(channel)',
    marketplace: 'marketplace',
    sku: 'sku',
    fulfilment: 'lower(fulfilment)',
    location_id: 'location_id',
    channel_listing_id: 'channel_listing_id',
    channel_offer_id: 'channel_offer_id',
    channel_inventory_item_id: 'channel_inventory_item_id',
    channel_location_id: 'channel_location_id',
    title: 'title',
    listing_status: 'lower(status)',
    price_amount: 'price',
    currency_code: 'upper(currency)',
    channel_quantity_units: 'channel_quantity',
    channel_quantity_seen_at: `case when channel_quantity is not null then cast(${lit(ctx.snapshotDate)} as timestamp) end`,
  }),
};
