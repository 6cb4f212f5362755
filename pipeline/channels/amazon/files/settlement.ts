// Amazon settlement report, flat file V2 (GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2; SP-API
// "Settlement reports attributes"). Tab-separated, not quoted, one line per amount. The first data
// line is the settlement's summary (dates, deposit date, total-amount, currency; no amount-type)
// and is the only line that names the currency, so the currency is carried to every line of the
// settlement. Only fee lines are records: amount-type ItemFees (per order item), Cost of
// Advertising, and other-transaction lines that are fees (storage, subscription, shipping labels,
// inbound transport, removals). Price, tax, promotion, withheld tax, reimbursement, reserve and transfer
// lines are money the seller earns or moves, not costs, and are not read.
// Amounts are signed as Amazon settles them (a fee is negative, a fee refunded positive); the
// stored cost is their negation. EU marketplaces write dates `05.03.2024 07:12:45 UTC` and amounts
// with a decimal comma.
import { caseMap, lit } from '../../contract/reportSql';
import { FieldDef, perFile, ReportSpec } from '../../contract/reports';
import { feeIdSql, type FeeType } from '../../contract/feeRows';
import { marketplaceFromSalesChannelSql } from './marketplaces';

/** amount-description (lower case) → fee type; ItemFees and fee lines not listed are `other`. */
export const SETTLEMENT_FEE_TYPES: Record<string, FeeType> = {
  fbaperunitfulfillmentfee: 'fulfilment',
  fbaperorderfulfillmentfee: 'fulfilment',
  fbaweightbasedfee: 'fulfilment',
  fbapickandpackfee: 'fulfilment',
  fbaweighthandlingfee: 'fulfilment',
  fbaorderhandlingfee: 'fulfilment',
  fbadeliveryservicesfee: 'fulfilment',
  // Amazon's "selling fees": the referral fee and the media closing fees
  commission: 'referral',
  fixedclosingfee: 'referral',
  variableclosingfee: 'referral',
  refundcommission: 'refund_commission',
  shippingchargeback: 'shipping',
  shippinghb: 'shipping',
  giftwrapchargeback: 'shipping',
  'shipping label purchase': 'shipping',
  'shipping label purchase for return': 'shipping',
  fbainboundtransportationfee: 'shipping',
  'inbound transportation fee': 'shipping',
  'storage fee': 'storage',
  storagerenewalbilling: 'storage',
  'fba long-term storage fee': 'storage',
  'subscription fee': 'other',
  // FBA removal and disposal orders (their order-id is the removal order, not a sale)
  removalcomplete: 'other',
  disposalcomplete: 'other',
};

/** The report's columns, in Amazon's order (what the demo writes and the sandbox serves). */
export const SETTLEMENT_REPORT_COLUMNS = [
  'settlement-id', 'settlement-start-date', 'settlement-end-date', 'deposit-date', 'total-amount', 'currency', 'transaction-type', 'order-id',
  'merchant-order-id', 'adjustment-id', 'shipment-id', 'marketplace-name', 'amount-type', 'amount-description', 'amount', 'fulfillment-id',
  'posted-date', 'posted-date-time', 'order-item-code', 'merchant-order-item-id', 'merchant-adjustment-item-id', 'sku', 'quantity-purchased',
  'promotion-id',
] as const;

const AMOUNT_TYPE = `lower(trim(coalesce("amount-type", '')))`;
const DESCRIPTION = `lower(trim(coalesce("amount-description", '')))`;

/** The lines that are fees (see the header comment). */
const IS_FEE = `(${AMOUNT_TYPE} in ('itemfees', 'cost of advertising')
  or (${AMOUNT_TYPE} = 'other-transaction'
      and (${DESCRIPTION} in (${Object.keys(SETTLEMENT_FEE_TYPES).map(lit).join(', ')}) or ${DESCRIPTION} like '%fee%')))`;

export const SETTLEMENT_DATE_FORMATS = ['%Y-%m-%d %H:%M:%S UTC', '%d.%m.%Y %H:%M:%S UTC', '%Y-%m-%d', '%d.%m.%Y'];

const text = (name: string, source: string): FieldDef => ({ name, source, type: 'text' });

export const settlement: ReportSpec = {
  kind: 'amazon/settlement',
  channel: 'amazon',
  label: 'Amazon settlement report (flat file V2)',
  delimiter: '\t',
  quoted: false,
  trimCells: false,
  required: ['settlement-id', 'transaction-type', 'order-id', 'amount-type', 'amount-description', 'amount', 'posted-date', 'sku'],
  optional: ['currency', 'posted-date-time', 'marketplace-name', 'adjustment-id', 'shipment-id', 'order-item-code', 'merchant-adjustment-item-id', 'fulfillment-id'],
  target: 'order_fee',
  staged: true,
  isRecord: () => IS_FEE,
  fields: (): FieldDef[] => [
    { name: 'settlement_id', source: 'settlement-id', type: 'text', required: true },
    // named on the summary line only
    { name: 'currency', source: 'currency', expr: `max(nullif(trim("currency"), '')) over (${perFile('"settlement-id"')})`, type: 'text', required: true },
    text('transaction_type', 'transaction-type'),
    text('order_id', 'order-id'),
    text('adjustment_id', 'adjustment-id'),
    text('shipment_id', 'shipment-id'),
    text('order_item_code', 'order-item-code'),
    text('adjustment_item_id', 'merchant-adjustment-item-id'),
    text('marketplace_name', 'marketplace-name'),
    text('sku', 'sku'),
    text('amount_type', 'amount-type'),
    text('amount_description', 'amount-description'),
    { name: 'amount', source: 'amount', type: 'money', required: true },
    {
      name: 'posted_at',
      source: 'posted-date-time',
      expr: `coalesce(nullif("posted-date-time", ''), nullif("posted-date", ''))`,
      type: 'timestamp',
      required: true,
      formats: SETTLEMENT_DATE_FORMATS,
    },
    {
      name: 'fee_id',
      type: 'text',
      expr: feeIdSql(['"settlement-id"', '"transaction-type"', '"order-id"', '"adjustment-id"', '"shipment-id"', '"order-item-code"', '"merchant-adjustment-item-id"', '"sku"', '"amount-type"', '"amount-description"', '"posted-date-time"', '"posted-date"']),
    },
  ],
  output: (ctx) => ({
    channel: `'amazon'`,
    marketplace: marketplaceFromSalesChannelSql('marketplace_name', ctx.marketplace),
    fee_id: 'fee_id',
    order_id: 'order_id',
    sku: 'sku',
    fee_type: `case when lower(amount_type) = 'cost of advertising' then 'advertising'
      else ${caseMap('lower(trim(amount_description))', SETTLEMENT_FEE_TYPES, `case when lower(amount_description) like '%storage%' then 'storage' else 'other' end`)} end`,
    raw_description: `concat_ws('/', amount_type, amount_description)`,
    fee_amount: '-amount',
    currency_code: 'upper(currency)',
    posted_at: 'posted_at',
    settlement_id: 'settlement_id',
  }),
};
