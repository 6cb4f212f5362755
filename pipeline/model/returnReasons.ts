// The cross-channel return reason taxonomy (anchors.md B.8) and the mapping of every channel's raw
// reasons onto it. Raw reasons are kept as data (return_line.raw_reason); this normalised code is
// what return-rate-by-reason analytics group on. Unknown raw codes are data, not errors: they map
// to OTHER (or UNKNOWN when the channel gave no reason at all).
//
// One table drives both the TypeScript function (API connectors) and the SQL expression (file
// ingest), so the two can never disagree.
import { caseMap, lit } from '../channels/contract/reportSql';

export const RETURN_REASONS = [
  'DEFECTIVE',
  'DAMAGED_IN_TRANSIT',
  'NOT_AS_DESCRIBED',
  'WRONG_ITEM_SENT',
  'SIZE_FIT',
  'CHANGED_MIND',
  'MISSING_PARTS',
  'LATE_DELIVERY',
  'NOT_COMPATIBLE',
  'OTHER',
  'UNKNOWN',
] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

/**
 * Raw reason key → normalised reason. Keys are the raw reason upper-cased with every run of
 * non-alphanumerics turned into `_` (so 'Product not received' → 'PRODUCT_NOT_RECEIVED').
 * Sources: Amazon FBA returns `reason` codes seen in real data [channels.md §3.5, B.8];
 * eBay `ReturnReasonEnum`; Shopify `ReturnReason`; AliExpress dispute reasons.
 */
const RAW_REASONS: Record<ReturnReason, string[]> = {
  DEFECTIVE: [
    // Amazon
    'DEFECTIVE', 'QUALITY_NOT_ADEQUATE', 'QUALITY_UNACCEPTABLE', 'UNSATISFACTORY_PRODUCT', 'EXPIRED_ITEM', 'PART_NOT_WORKING',
    // eBay
    'DEFECTIVE_ITEM', 'EXPIRED_ITEM', 'DOESNT_WORK', 'NOT_WORKING',
    // AliExpress
    'QUALITY_ISSUE', 'QUALITY_PROBLEM', 'QUALITY_PROBLEMS', 'PRODUCT_DOES_NOT_WORK', 'ITEM_DOES_NOT_WORK', 'POOR_QUALITY',
  ],
  DAMAGED_IN_TRANSIT: [
    'DAMAGED_BY_CARRIER', 'DAMAGED_BY_FC', 'CARRIER_DAMAGED',
    'ARRIVED_DAMAGED',
    'DAMAGED', 'DAMAGED_ITEM', 'PRODUCT_DAMAGED', 'ITEM_DAMAGED', 'DAMAGED_PACKAGE', 'PACKAGE_DAMAGED',
  ],
  NOT_AS_DESCRIBED: [
    'NOT_AS_DESCRIBED', 'INACCURATE_WEBSITE_DESCRIPTION', 'DIFFERENT_PRODUCT', 'MISSING_OR_INACCURATE_DESCRIPTION',
    'DIFFERENT_FROM_LISTING', 'FAKE_OR_COUNTERFEIT', 'NOT_AUTHENTIC', 'DOESNT_MATCH_DESCRIPTION', 'ITEM_NOT_AS_DESCRIBED',
    'PRODUCT_NOT_AS_DESCRIBED', 'SIZE_COLOR_NOT_AS_DESCRIBED', 'COLOR_NOT_AS_DESCRIBED', 'COUNTERFEIT', 'COUNTERFEIT_ITEM',
    'SNAD',
  ],
  WRONG_ITEM_SENT: ['WRONG_ITEM', 'SWITCHEROO', 'WRONG_ITEM_SENT', 'WRONG_PRODUCT', 'RECEIVED_WRONG_ITEM', 'WRONG_PRODUCT_RECEIVED', 'EXTRA_ITEM'],
  SIZE_FIT: [
    'DOES_NOT_FIT', 'APPAREL_TOO_SMALL', 'APPAREL_TOO_LARGE', 'TOO_SMALL', 'TOO_LARGE',
    'WRONG_SIZE', 'DOESNT_FIT',
    'SIZE_TOO_SMALL', 'SIZE_TOO_LARGE', 'SIZE_DOES_NOT_FIT', 'SIZE_ISSUE',
  ],
  CHANGED_MIND: [
    'UNWANTED_ITEM', 'UNNEEDED_ITEM', 'BETTER_PRICE_AVAILABLE', 'FOUND_BETTER_PRICE', 'ORDERED_WRONG_ITEM', 'BAD_GIFT', 'APPAREL_STYLE', 'NO_LONGER_NEEDED',
    'NO_LONGER_NEED_ITEM', 'ORDERED_ACCIDENTALLY', 'ORDERED_DIFFERENT_ITEM', 'RETURNING_GIFT', 'BUYER_CANCEL_ORDER', 'CHANGED_MIND', 'CHANGED_MY_MIND', 'REMORSE',
    'UNWANTED', 'STYLE', 'COLOR',
    'DONT_WANT_IT_ANYMORE', 'DON_T_WANT_IT_ANYMORE', 'NO_LONGER_WANTED', 'BUYER_REMORSE',
  ],
  MISSING_PARTS: ['MISSING_PARTS', 'MISSING_ITEM', 'INCOMPLETE', 'PARTS_MISSING', 'PACKAGE_WAS_EMPTY', 'EMPTY_PACKAGE', 'MISSING_ACCESSORIES'],
  LATE_DELIVERY: [
    'ARRIVED_LATE', 'NOT_DELIVERED', 'NEVER_ARRIVED', 'MISSED_ESTIMATED_DELIVERY', 'LATE_DELIVERY',
    'PRODUCT_NOT_RECEIVED', 'ITEM_NOT_RECEIVED', 'NOT_RECEIVED', 'SHIPPING_TAKES_TOO_LONG', 'DELIVERY_TOO_SLOW',
  ],
  NOT_COMPATIBLE: ['NOT_COMPATIBLE', 'NOT_COMPATIBLE_WITH_DEVICE', 'INCOMPATIBLE', 'DOES_NOT_WORK_WITH_MY_DEVICE'],
  OTHER: [
    'OTHER', 'UNAUTHORIZED_PURCHASE', 'UNDELIVERABLE_REFUSED', 'UNDELIVERABLE_UNKNOWN', 'UNDELIVERABLE_INSUFFICIENT_ADDRESS',
    'EXCESSIVE_INSTALLATION', 'BUYER_NO_SHOW', 'BUYER_REFUSED_TO_PICKUP', 'IN_STORE_RETURN', 'OUT_OF_STOCK',
  ],
  UNKNOWN: ['UNKNOWN', 'NO_REASON', 'REASON_WITHHELD', 'NONE', 'N_A'],
};

/** Words in a free-text reason that decide its code when the exact key is unknown, in order. */
const KEYWORD_RULES: Array<[RegExp, ReturnReason]> = [
  [/COMPATIB/, 'NOT_COMPATIBLE'],
  [/DAMAGE|BROKEN|CRACK/, 'DAMAGED_IN_TRANSIT'],
  [/DEFECT|FAULT|NOT_WORK|DOESN_?T_WORK|QUALITY|STOPPED_WORKING/, 'DEFECTIVE'],
  [/WRONG_(ITEM|PRODUCT)|SWITCHEROO/, 'WRONG_ITEM_SENT'],
  [/SIZE|FIT|TOO_(SMALL|LARGE|BIG|TIGHT)/, 'SIZE_FIT'],
  [/DESCRI|COUNTERFEIT|FAKE|NOT_AS_/, 'NOT_AS_DESCRIBED'],
  [/MISSING|INCOMPLETE|EMPTY/, 'MISSING_PARTS'],
  [/LATE|NOT_RECEIVED|NEVER_ARRIVED|NOT_DELIVERED|TOO_LONG/, 'LATE_DELIVERY'],
  [/UNWANTED|NO_LONGER|CHANGED|MIND|BETTER_PRICE|ACCIDENT|GIFT|REMORSE|STYLE|COLOU?R/, 'CHANGED_MIND'],
];

const BY_KEY: Map<string, ReturnReason> = new Map(
  (Object.entries(RAW_REASONS) as Array<[ReturnReason, string[]]>).flatMap(([code, raws]) => raws.map((raw) => [raw, code] as [string, ReturnReason])),
);

/** 'Product not received ' → 'PRODUCT_NOT_RECEIVED'. */
export function reasonKey(raw: string): string {
  return raw
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Normalises one raw reason (any channel) to the taxonomy. */
export function normaliseReturnReason(raw: string | null | undefined): ReturnReason {
  const key = reasonKey(raw ?? '');
  if (!key) return 'UNKNOWN';
  const exact = BY_KEY.get(key);
  if (exact) return exact;
  for (const [pattern, code] of KEYWORD_RULES) if (pattern.test(key)) return code;
  return 'OTHER';
}

/** DuckDB SQL computing reasonKey() of a raw reason text expression. */
export function reasonKeySql(rawExpr: string): string {
  return `trim(regexp_replace(upper(coalesce(${rawExpr}, '')), '[^A-Z0-9]+', '_', 'g'), '_')`;
}

/**
 * The same normalisation as normaliseReturnReason, in DuckDB SQL, over a column that already
 * holds reasonKeySql(raw) (a column, so the key is computed once per row).
 */
export function returnReasonFromKeySql(keyColumn: string): string {
  const keywordWhens = KEYWORD_RULES.map(([pattern, code]) => `when regexp_matches(${keyColumn}, ${lit(pattern.source)}) then ${lit(code)}`).join(' ');
  const exact = caseMap(keyColumn, Object.fromEntries(BY_KEY), 'null');
  return `(case when ${keyColumn} = '' then 'UNKNOWN' else coalesce(${exact}, case ${keywordWhens} else 'OTHER' end) end)`;
}
