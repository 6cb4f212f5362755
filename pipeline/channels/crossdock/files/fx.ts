// crossdock-fx template (docs/templates.md): daily rates to the base currency. Loading rates
// recomputes the base-currency values of facts already loaded in those currencies.
import { ReportSpec } from '../../contract/reports';

export const fxTemplate: ReportSpec = {
  kind: 'crossdock/fx',
  channel: 'crossdock',
  label: 'Crossdock FX rates template',
  delimiter: ',',
  quoted: true,
  required: ['rate_date', 'currency', 'rate_to_base'],
  optional: ['source'],
  target: 'fx_rate',
  fields: () => [
    { name: 'rate_date', source: 'rate_date', type: 'date', required: true },
    { name: 'currency', source: 'currency', type: 'text', required: true },
    { name: 'rate', source: 'rate_to_base', type: 'decimal', required: true, positive: true },
    { name: 'source', source: 'source', type: 'text' },
  ],
  output: () => ({
    rate_date: 'rate_date',
    currency_code: 'upper(currency)',
    rate_to_base: 'cast(rate as double)',
    rate_source: 'source',
  }),
};
