// crossdock-skus template (docs/templates.md): SKU master data (cost, lead time, MOQ).
import { ReportSpec } from '../../contract/reports';

export const skusTemplate: ReportSpec = {
  kind: 'crossdock/skus',
  channel: 'crossdock',
  label: 'Crossdock SKU master template',
  delimiter: ',',
  quoted: true,
  required: ['sku', 'unit_cost', 'cost_currency', 'lead_time_days'],
  optional: ['title', 'category', 'lead_time_sd_days', 'moq', 'case_pack'],
  target: 'sku',
  fields: () => [
    { name: 'sku', source: 'sku', type: 'text', required: true },
    { name: 'title', source: 'title', type: 'text' },
    { name: 'category', source: 'category', type: 'text' },
    { name: 'unit_cost', source: 'unit_cost', type: 'decimal', nonNegative: true },
    { name: 'cost_currency', source: 'cost_currency', type: 'text' },
    { name: 'lead_time_days', source: 'lead_time_days', type: 'decimal', nonNegative: true },
    { name: 'lead_time_sd_days', source: 'lead_time_sd_days', type: 'decimal', nonNegative: true, emptyAs: '0' },
    { name: 'moq', source: 'moq', type: 'integer', nonNegative: true, emptyAs: '1' },
    { name: 'case_pack', source: 'case_pack', type: 'integer', nonNegative: true, emptyAs: '1' },
  ],
  output: () => ({
    sku: 'sku',
    title: 'title',
    category: 'category',
    unit_cost_amount: 'unit_cost',
    cost_currency_code: 'upper(cost_currency)',
    lead_time_days: 'cast(lead_time_days as double)',
    lead_time_sd_days: 'cast(lead_time_sd_days as double)',
    moq_units: 'moq',
    case_pack_units: 'case_pack',
  }),
};
