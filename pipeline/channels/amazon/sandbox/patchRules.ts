// The rules a listings patch meets, shared by patchListingsItem and JSON_LISTINGS_FEED messages:
// top-level snake_case attribute paths, array values, fulfillment_channel_code present, merge vs
// replace, and FBA (AFN) listings whose quantity the seller cannot set.
import type { Issue } from '../api/listings';
import type { AmazonListing, AmazonStore } from './store';

export type AfnBehaviour = 'reject' | 'add_default';

export interface PatchRuleOptions {
  /** 'reject': refuse quantity patches on FBA listings; 'add_default': add an MFN entry as Amazon does. */
  afnBehaviour: AfnBehaviour;
  applyDelayMs: number;
}

export type PatchVerdict =
  | { kind: 'bad_request'; message: string } // HTTP 400 InvalidInput (patch API) / parse issue (feed)
  | { kind: 'invalid'; issues: Issue[] }
  | { kind: 'accepted'; apply: (visibleAt: number) => void };

const issue = (code: string, message: string, attributeNames?: string[]): Issue => ({
  code,
  message,
  severity: 'ERROR',
  ...(attributeNames ? { attributeNames } : {}),
  categories: ['INVALID_ATTRIBUTE'],
});

export function evaluatePatch(store: AmazonStore, sku: string, marketplace: string, body: unknown, options: PatchRuleOptions): PatchVerdict {
  const request = body as { productType?: unknown; patches?: unknown } | undefined;
  if (!request || typeof request.productType !== 'string' || request.productType === '') return { kind: 'bad_request', message: 'productType is required.' };
  if (!Array.isArray(request.patches) || request.patches.length === 0) return { kind: 'bad_request', message: 'patches must contain at least one patch.' };
  const productType = request.productType;
  let quantity: number | null = null;
  let replace = false;
  for (const patch of request.patches as { op?: unknown; path?: unknown; value?: unknown }[]) {
    if (!['add', 'replace', 'merge', 'delete'].includes(String(patch.op))) return { kind: 'bad_request', message: `Invalid patch op "${String(patch.op)}".` };
    if (patch.value !== undefined && !Array.isArray(patch.value)) return { kind: 'bad_request', message: 'Invalid input: patch value must be an array.' };
    const path = String(patch.path ?? '');
    const match = /^\/attributes\/([a-z0-9_]+)$/.exec(path);
    if (!match) return { kind: 'invalid', issues: [issue('90000900', 'The attributes are invalid.', [path.replace(/^\/attributes\//, '')])] };
    if (match[1] !== 'fulfillment_availability') continue; // other attributes are accepted and ignored here
    const entries = (patch.value ?? []) as Record<string, unknown>[];
    const entry = entries[0];
    if (!entry || typeof entry.fulfillment_channel_code !== 'string' || entry.fulfillment_channel_code === '') {
      return { kind: 'invalid', issues: [issue('99022', "The field 'fulfillment_channel_code' for the attribute 'fulfillment_availability' does not have enough values. The required minimum is '1' value(s).", ['fulfillment_availability'])] };
    }
    if (entry.fulfillment_channel_code !== 'DEFAULT') {
      return { kind: 'invalid', issues: [issue('90244', `Quantity cannot be set for fulfillment channel ${String(entry.fulfillment_channel_code)}: Amazon manages the stock of Amazon-fulfilled offers.`, ['fulfillment_availability'])] };
    }
    if (typeof entry.quantity !== 'number' || !Number.isInteger(entry.quantity) || entry.quantity < 0) {
      return { kind: 'invalid', issues: [issue('90215', `The value '${String(entry.quantity)}' for 'quantity' must be a non-negative integer.`, ['fulfillment_availability'])] };
    }
    quantity = entry.quantity;
    replace = patch.op === 'replace';
  }
  const existing = store.get(sku, marketplace);
  if (existing && existing.channelCode !== 'DEFAULT' && quantity !== null && options.afnBehaviour === 'reject') {
    return {
      kind: 'invalid',
      issues: [issue('90244', `SKU ${sku} is fulfilled by Amazon (${existing.channelCode}); its quantity is Amazon's and cannot be set by the seller.`, ['fulfillment_availability'])],
    };
  }
  return {
    kind: 'accepted',
    apply: (visibleAt) => {
      if (quantity === null) return;
      // Like the real channel, an unknown SKU is not an error: an incomplete offer is created.
      const listing: AmazonListing = existing ?? store.createIncomplete(sku, marketplace, productType);
      store.submit(listing, quantity, visibleAt, replace);
    },
  };
}
