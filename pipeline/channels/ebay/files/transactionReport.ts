// eBay Payments "Transaction report" CSV (Seller Hub → Payments → Reports; channels.md §2.6,
// ../shared/fixtures/real/ebay/transaction_report_preamble_and_header_only.csv). A preamble of
// disclaimers, "Seller", "Start date", "End date" lines comes before the header; empty values are
// written `--`; dates look like `Dec 5, 2022`. One row per money movement, by Type:
// - Order / Refund / Claim / Payment dispute rows carry the fees of one item in fee columns
//   (Final Value Fee fixed and variable, regulatory, INAD, below-standard, international, deposit
//   processing): each non-zero fee cell is one record, for the row's order and Custom label;
// - Shipping label and Other fee rows are one fee each (the gross amount, in the transaction
//   currency, else the net amount in the payout currency), for the row's order when it names one;
// - Payout, Transfer, Hold, Adjustment… rows move money and are not records.
// eBay signs amounts as the seller's balance sees them (a fee is negative, a fee credited back on
// a refund positive); the stored cost is their negation. Fees are in the listing (transaction)
// currency, per the report's own preamble.
import { FieldDef, FILE_COLUMN, ReportSpec } from '../../contract/reports';
import { ident, lit } from '../../contract/reportSql';
import { feeIdSql, type FeeType } from '../../contract/feeRows';
import { EBAY_DATE_FORMATS } from './ordersReport';

/** Fee columns of an item row (header names, lower case) → fee type. */
export const TRANSACTION_FEE_COLUMNS: Record<string, FeeType> = {
  'final value fee - fixed': 'referral',
  'final value fee - variable': 'referral',
  'regulatory operating fee': 'other',
  'very high "item not as described" fee': 'other',
  'below standard performance fee': 'other',
  'international fee': 'other',
  'deposit processing fee': 'payment',
};

/** Types whose rows carry an item's fees in the fee columns. */
const ITEM_TYPES = ['order', 'refund', 'claim', 'payment dispute'];
/** Types whose row is itself one fee. */
const FEE_ROW_TYPES = ['shipping label', 'other fee'];

/** The columns the reshaped rows keep, as the fields read them. */
const KEPT = ['type', 'transaction creation date', 'order number', 'item id', 'transaction id', 'custom label', 'reference id', 'payout id', 'description', 'item title'];

/** eBay writes an empty value as `--`. */
const clean = (sql: string) => `nullif(nullif(trim(${sql}), ''), '--')`;

export const transactionReport: ReportSpec = {
  kind: 'ebay/transaction_report',
  channel: 'ebay',
  label: 'eBay Payments transaction report',
  delimiter: ',',
  quoted: true,
  required: ['transaction creation date', 'type', 'order number', 'net amount', 'gross transaction amount', 'transaction currency', 'final value fee - fixed', 'final value fee - variable'],
  optional: [...KEPT.filter((c) => !['type', 'transaction creation date', 'order number'].includes(c)), 'payout currency', ...Object.keys(TRANSACTION_FEE_COLUMNS).filter((c) => !c.startsWith('final value fee'))],
  target: 'order_fee',
  staged: true,
  // One record per fee: the fee cells of item rows, and the fee rows, unpivoted by hand.
  reshape: (header, source, original) => {
    const col = (name: string) => (header.includes(name) ? clean(ident(name)) : 'cast(null as varchar)');
    const kept = KEPT.map((name) => `${col(name)} as ${ident(name)}`).join(', ');
    const type = `lower(${col('type')})`;
    const feeCells = Object.entries(TRANSACTION_FEE_COLUMNS)
      .filter(([name]) => header.includes(name))
      .map(
        ([name, feeType]) =>
          `select line_number, ${FILE_COLUMN}, ${kept}, ${lit(original[header.indexOf(name)].trim())} as "fee column", ${lit(feeType)} as "fee type",
                  ${col(name)} as "fee amount", ${col('transaction currency')} as "currency"
           from ${source} where ${type} in (${ITEM_TYPES.map(lit).join(', ')})`,
      );
    const promoted = `lower(coalesce(${col('description')}, ${col('item title')}, '')) similar to '.*(promoted|advertis).*'`;
    const feeRows = `select line_number, ${FILE_COLUMN}, ${kept}, ${col('type')} as "fee column",
                            case when ${type} = 'shipping label' then 'shipping' when ${promoted} then 'advertising' else 'other' end as "fee type",
                            coalesce(${col('gross transaction amount')}, ${col('net amount')}) as "fee amount",
                            case when ${col('gross transaction amount')} is not null then ${col('transaction currency')} else ${col('payout currency')} end as "currency"
                     from ${source} where ${type} in (${FEE_ROW_TYPES.map(lit).join(', ')})`;
    return [
      `create or replace temp table cd_reshaped as
       select * from (${[...feeCells, feeRows].join(' union all ')})
       where "fee amount" is not null and coalesce(cd_money("fee amount") <> 0, true)`,
    ];
  },
  fields: (): FieldDef[] => [
    { name: 'kind', source: 'type', type: 'text' },
    { name: 'order_id', source: 'order number', type: 'text' },
    { name: 'sku', source: 'custom label', type: 'text' },
    { name: 'payout_id', source: 'payout id', type: 'text' },
    { name: 'description', source: 'description', expr: `coalesce("description", "item title")`, type: 'text' },
    { name: 'fee_column', source: 'fee column', type: 'text' },
    { name: 'fee_type', source: 'fee type', type: 'text' },
    { name: 'amount', source: 'fee amount', type: 'money', required: true },
    { name: 'currency', source: 'currency', type: 'text', required: true },
    { name: 'posted_at', source: 'transaction creation date', type: 'timestamp', required: true, formats: EBAY_DATE_FORMATS },
    { name: 'fee_id', type: 'text', expr: feeIdSql(['"type"', '"order number"', '"item id"', '"transaction id"', '"reference id"', '"transaction creation date"', '"fee column"']) },
  ],
  output: (ctx) => ({
    channel: `'ebay'`,
    // The site is the order's (order_line); a fee file alone does not say it.
    marketplace: ctx.marketplaceExplicit ? lit(ctx.marketplace) : 'cast(null as varchar)',
    fee_id: 'fee_id',
    order_id: 'order_id',
    // a shipping label or other fee is for the whole order
    sku: `case when lower(kind) not in (${FEE_ROW_TYPES.map(lit).join(', ')}) then sku end`,
    fee_type: 'fee_type',
    raw_description: `case when lower(kind) in (${FEE_ROW_TYPES.map(lit).join(', ')}) then concat_ws(': ', kind, description) else fee_column end`,
    fee_amount: '-amount',
    currency_code: 'upper(currency)',
    posted_at: 'posted_at',
    settlement_id: 'payout_id',
  }),
};
