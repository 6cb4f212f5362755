// Crossdock's own CSV templates, headers exactly as docs/templates.md defines them.
import { CATEGORIES, Listing, Location, Sku } from '../catalog';
import { csv, money } from './text';

export const LOCATIONS_HEADER = 'location_id,name,kind,country,pool_id,settable';
export const SKUS_HEADER = 'sku,title,category,unit_cost,cost_currency,lead_time_days,lead_time_sd_days,moq,case_pack';
export const FX_HEADER = 'rate_date,currency,rate_to_base,source';
export const INVENTORY_HEADER = 'snapshot_date,location_id,sku,on_hand,available,reserved,inbound,unfulfillable';
export const LISTINGS_HEADER =
  'channel,marketplace,sku,fulfilment,location_id,channel_listing_id,channel_offer_id,channel_inventory_item_id,channel_location_id,title,status,price,currency,channel_quantity';
export const RETURNS_HEADER = 'channel,marketplace,return_id,order_id,sku,quantity,returned_at,reason,disposition,restocked,comment,refund_amount,currency';

export function locationRow(l: Location): string {
  return [l.id, csv(l.name), l.kind, l.country, l.poolId, String(l.settable)].join(',') + '\n';
}

export function skuRow(s: Sku): string {
  return [
    s.sku, csv(s.title), csv(CATEGORIES[s.category].label), s.unitCost.toFixed(2), s.costCurrency, String(s.leadTimeDays),
    s.leadTimeSdDays.toFixed(1), String(s.moq), String(s.casePack),
  ].join(',') + '\n';
}

export function fxRow(isoDate: string, currency: string, rate: number): string {
  return `${isoDate},${currency},${rate.toFixed(currency === 'CNY' ? 6 : 4)},demo-ecb-like\n`;
}

export function listingRow(l: Listing, channelQuantity: number | null): string {
  return [
    l.channel, csv(l.marketplace), l.sku.sku, l.fulfilment, l.location, l.channelListingId, l.channelOfferId,
    l.channelInventoryItemId, l.channelLocationId, csv(l.sku.title), l.status.toLowerCase(), money(l.price), l.currency,
    channelQuantity === null ? '' : String(channelQuantity),
  ].join(',') + '\n';
}

export interface TemplateReturn {
  channel: string;
  marketplace: string;
  returnId: string;
  orderId: string;
  sku: string;
  quantity: number;
  /** ISO-8601 with offset */
  returnedAt: string;
  reason: string;
  disposition: string;
  restocked: boolean;
  comment: string;
  refund: number;
  currency: string;
}

export function returnRow(r: TemplateReturn): string {
  return [
    r.channel, csv(r.marketplace), r.returnId, csv(r.orderId), r.sku, String(r.quantity), r.returnedAt, r.reason, r.disposition,
    String(r.restocked), csv(r.comment), money(r.refund), r.currency,
  ].join(',') + '\n';
}
