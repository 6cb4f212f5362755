// Amazon FBA Inventory Ledger, detailed view (GET_LEDGER_DETAIL_VIEW_DATA; Seller Central →
// Reports → Fulfillment → Inventory Ledger → Detailed view): one line per event that moved FBA
// stock, quantities signed (shipments, removals and losses negative). The SP-API report writes
// CamelCase names in a TSV (`EventType`, `FulfillmentCenter`); the Seller Central download spells
// them with spaces (`Event Type`, `Fulfillment Center`) and may come as quoted CSV: both spellings
// are read in either file type. `Date` is MM/DD/YYYY (the API's sample) or ISO. The ledger names
// the country where the stock is (GB for the UK store), which gives the marketplace and its FBA
// location. Lines have no id: the key is every column that tells events apart, and identical
// lines of one file are summed (two units of one order can be two lines).
import type { FieldDef, LoadContext, ReportSpec } from '../../contract/reports';
import { presentColumn } from '../../contract/reportSql';
import { ensureFbaLocationsSql, fbaLocationSql } from './marketplaces';

/** The report's header as the Reports API writes it (the real sample; what the demo and the sandbox write). */
export const LEDGER_DETAIL_COLUMNS = [
  'Date', 'FNSKU', 'ASIN', 'MSKU', 'Title', 'EventType', 'ReferenceID', 'Quantity', 'FulfillmentCenter', 'Disposition', 'Reason', 'Country',
  'ReconciledQuantity', 'UnreconciledQuantity',
] as const;

/** The two spellings of a column: SP-API's CamelCase, Seller Central's spaced one. */
const SPELLINGS = {
  eventType: ['EventType', 'Event Type'],
  referenceId: ['ReferenceID', 'Reference ID'],
  fulfillmentCenter: ['FulfillmentCenter', 'Fulfillment Center'],
  reconciled: ['ReconciledQuantity', 'Reconciled Quantity'],
  unreconciled: ['UnreconciledQuantity', 'Unreconciled Quantity'],
} as const;

/** `Event Type` → `EventType`: the API's names, whatever the download wrote. */
const eventTypeSql = `replace(trim(event_type), ' ', '')`;

/** Amazon's Country → Crossdock marketplace code (the UK store is GB in Amazon's reports). */
const marketplaceSql = `(case upper(trim(country)) when 'GB' then 'UK' else upper(trim(country)) end)`;

function fields(_ctx: LoadContext, header: string[]): FieldDef[] {
  return [
    { name: 'event_date', source: 'Date', type: 'date', required: true, formats: ['%m/%d/%Y', '%Y-%m-%dT%H:%M:%S%z'] },
    { name: 'sku', source: 'MSKU', type: 'text', required: true },
    { name: 'fnsku', source: 'FNSKU', type: 'text', required: true },
    { name: 'asin', source: 'ASIN', type: 'text' },
    { name: 'event_type', source: presentColumn(header, ...SPELLINGS.eventType), type: 'text', required: true },
    { name: 'reference_id', source: presentColumn(header, ...SPELLINGS.referenceId), type: 'text' },
    // Signed: the sign is the event's direction, so no nonNegative rule.
    { name: 'quantity', source: 'Quantity', type: 'integer', required: true },
    { name: 'fulfillment_center', source: presentColumn(header, ...SPELLINGS.fulfillmentCenter), type: 'text' },
    { name: 'disposition', source: 'Disposition', type: 'text' },
    { name: 'reason', source: 'Reason', type: 'text' },
    { name: 'country', source: 'Country', type: 'text', required: true },
    { name: 'reconciled', source: presentColumn(header, ...SPELLINGS.reconciled), type: 'integer' },
    { name: 'unreconciled', source: presentColumn(header, ...SPELLINGS.unreconciled), type: 'integer' },
  ];
}

function output(ctx: LoadContext): Record<string, string> {
  return {
    event_date: 'event_date',
    sku: 'sku',
    fnsku: 'fnsku',
    asin: 'asin',
    country_code: 'upper(trim(country))',
    marketplace: marketplaceSql,
    location_id: fbaLocationSql(marketplaceSql, ctx.marketplace, ctx.fbaLocationId),
    // Key columns are never null: '' is "none" (see canonical.ts).
    fulfillment_center: `coalesce(fulfillment_center, '')`,
    event_type: eventTypeSql,
    reference_id: `coalesce(reference_id, '')`,
    disposition: `coalesce(upper(trim(disposition)), '')`,
    reason_code: `coalesce(trim(reason), '')`,
    quantity_units: 'quantity',
    reconciled_units: 'reconciled',
    unreconciled_units: 'unreconciled',
  };
}

/** The detailed-view spec for one file type; both spellings of every column are accepted. */
function ledgerSpec(kind: string, label: string, delimiter: ',' | '\t'): ReportSpec {
  return {
    kind,
    channel: 'amazon',
    label,
    delimiter,
    // Amazon's TSVs are never quoted; the Seller Central CSV quotes every field.
    quoted: delimiter === ',',
    trimCells: delimiter === ',',
    required: ['Date', 'FNSKU', 'MSKU', 'Quantity', 'Disposition', 'Country'],
    oneOf: [[...SPELLINGS.eventType], [...SPELLINGS.fulfillmentCenter]],
    optional: ['ASIN', 'Title', 'Reason', ...SPELLINGS.referenceId, ...SPELLINGS.reconciled, ...SPELLINGS.unreconciled],
    target: 'fba_ledger_event',
    fields,
    output,
    sumOnSameKey: ['quantity_units', 'reconciled_units', 'unreconciled_units'],
    afterLoad: (ctx) => [ensureFbaLocationsSql(fbaLocationSql(marketplaceSql, ctx.marketplace, ctx.fbaLocationId), marketplaceSql, ['country'])],
  };
}

export const inventoryLedger = ledgerSpec('amazon/inventory_ledger', 'Amazon FBA Inventory Ledger (detailed view) report', '\t');

export const inventoryLedgerCsv = ledgerSpec('amazon/inventory_ledger_csv', 'Amazon FBA Inventory Ledger (detailed view) CSV download', ',');
