// Listings Items API 2021-08-01 shapes for stock: the merge patch on
// /attributes/fulfillment_availability (merge keeps lead_time_to_ship_max_days and restock_date;
// value is an array; fulfillment_channel_code is required), the JSON_LISTINGS_FEED document for
// large pushes, and the reading of getListingsItem's fulfillmentAvailability.

export const LISTINGS_API_VERSION = '2021-08-01';
export const FULFILLMENT_AVAILABILITY_PATH = '/attributes/fulfillment_availability';
export const MERCHANT_CHANNEL_CODE = 'DEFAULT';

export interface ListingsPatch {
  op: 'add' | 'replace' | 'merge' | 'delete';
  path: string;
  value?: Record<string, unknown>[];
}

export interface ListingsItemPatchRequest {
  productType: string;
  patches: ListingsPatch[];
}

export function quantityPatch(quantity: number): ListingsPatch {
  return { op: 'merge', path: FULFILLMENT_AVAILABILITY_PATH, value: [{ fulfillment_channel_code: MERCHANT_CHANNEL_CODE, quantity }] };
}

export function patchRequest(productType: string, quantity: number): ListingsItemPatchRequest {
  return { productType, patches: [quantityPatch(quantity)] };
}

export interface Issue {
  code: string;
  message: string;
  severity: 'ERROR' | 'WARNING' | 'INFO';
  attributeNames?: string[];
  categories?: string[];
}

export interface ListingsItemSubmissionResponse {
  sku: string;
  status: 'ACCEPTED' | 'INVALID' | 'VALID';
  submissionId: string;
  issues?: Issue[];
}

/** The merchant (DEFAULT) quantity in a getListingsItem answer; null when there is none. */
export function merchantQuantity(item: { fulfillmentAvailability?: { fulfillmentChannelCode: string; quantity?: number }[] } | undefined): number | null {
  const entry = item?.fulfillmentAvailability?.find((f) => f.fulfillmentChannelCode === MERCHANT_CHANNEL_CODE);
  return typeof entry?.quantity === 'number' ? entry.quantity : null;
}

export interface ListingsFeedMessage {
  messageId: number;
  sku: string;
  operationType: 'PATCH';
  productType: string;
  patches: ListingsPatch[];
}

export interface ListingsFeed {
  header: { sellerId: string; version: '2.0'; issueLocale?: string };
  messages: ListingsFeedMessage[];
}

/** A JSON_LISTINGS_FEED document; message ids are 1-based positions in `items`. */
export function listingsFeed(sellerId: string, productType: string, items: { sku: string; quantity: number }[]): ListingsFeed {
  return {
    header: { sellerId, version: '2.0', issueLocale: 'en_US' },
    messages: items.map((item, i) => ({ messageId: i + 1, sku: item.sku, operationType: 'PATCH', productType, patches: [quantityPatch(item.quantity)] })),
  };
}

export interface ProcessingReport {
  header: { sellerId: string; version: string; feedId: string };
  issues: { messageId?: number; sku?: string; code?: string; severity: 'ERROR' | 'WARNING' | 'INFO'; message: string; attributeName?: string }[];
  summary: { errors: number; warnings: number; messagesProcessed: number; messagesAccepted: number; messagesInvalid: number };
}

/** Per message id: its ERROR issues (accepted messages have none). Issues without a message id fail the whole feed. */
export function reportErrors(report: ProcessingReport): { byMessage: Map<number, ProcessingReport['issues']>; feedLevel: ProcessingReport['issues'] } {
  const byMessage = new Map<number, ProcessingReport['issues']>();
  const feedLevel: ProcessingReport['issues'] = [];
  for (const issue of report.issues ?? []) {
    if (issue.severity !== 'ERROR') continue;
    if (issue.messageId === undefined) feedLevel.push(issue);
    else byMessage.set(issue.messageId, [...(byMessage.get(issue.messageId) ?? []), issue]);
  }
  return { byMessage, feedLevel };
}
