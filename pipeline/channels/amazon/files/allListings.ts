// Amazon "All Listings" report (GET_MERCHANT_LISTINGS_ALL_DATA): every listing of one
// marketplace (--marketplace), active or not. `fulfillment-channel` is DEFAULT for merchant
// listings and AMAZON_NA / AMAZON_EU… for FBA ones, whose `quantity` is blank (FBA stock comes
// from the MYI report). Prices carry no currency: the marketplace's is used.
import { ReportSpec } from '../../contract/reports';
import { lit } from '../../contract/reportSql';
import { listingIdSql } from '../../../model/keys';
import { MARKETPLACE_CURRENCY } from './marketplaces';

const FULFILMENT = `case when upper(coalesce(fulfillment_channel, '')) like 'AMAZON%' then 'fba' else 'merchant' end`;

export const allListings: ReportSpec = {
  kind: 'amazon/all_listings',
  channel: 'amazon',
  label: 'Amazon All Listings report',
  delimiter: '\t',
  quoted: false,
  trimCells: false,
  required: ['item-name', 'listing-id', 'seller-sku', 'price', 'quantity', 'fulfillment-channel', 'status'],
  optional: ['asin1'],
  target: 'listing',
  fields: () => [
    { name: 'sku', source: 'seller-sku', type: 'text', required: true },
    { name: 'title', source: 'item-name', type: 'text' },
    { name: 'listing_ref', source: 'listing-id', type: 'text' },
    { name: 'asin', source: 'asin1', type: 'text' },
    { name: 'price', source: 'price', type: 'money', nonNegative: true },
    { name: 'quantity', source: 'quantity', type: 'integer', nonNegative: true },
    { name: 'fulfillment_channel', source: 'fulfillment-channel', type: 'text' },
    { name: 'status', source: 'status', type: 'text' },
  ],
  output: (ctx) => ({
    listing_id: listingIdSql(`'amazon'`, lit(ctx.marketplace), 'sku', FULFILMENT),
    channel: `'amazon'`,
    marketplace: lit(ctx.marketplace),
    sku: 'sku',
    fulfilment: FULFILMENT,
    location_id: `case when ${FULFILMENT} = 'fba' then ${lit(ctx.fbaLocationId)} end`,
    channel_listing_id: 'asin',
    channel_offer_id: 'listing_ref',
    channel_inventory_item_id: 'cast(null as varchar)',
    channel_location_id: 'cast(null as varchar)',
    title: 'title',
    listing_status: 'lower(status)',
    price_amount: 'price',
    currency_code: MARKETPLACE_CURRENCY[ctx.marketplace] ? lit(MARKETPLACE_CURRENCY[ctx.marketplace]) : 'cast(null as varchar)',
    channel_quantity_units: `case when ${FULFILMENT} = 'merchant' then quantity end`,
    channel_quantity_seen_at: `case when ${FULFILMENT} = 'merchant' and quantity is not null then cast(${lit(ctx.snapshotDate)} as timestamp) end`,
  }),
};
