// How each dataset is presented in Excel: sheet title, the conditional formats that help
// (dead stock, low days of supply, high return rate) and the charts people would rather look at
// (return reasons by share, turnover by channel, aged inventory buckets). Rules find their
// columns by name and simply do not apply when a column is absent.
import type { Column } from '../../pipeline/warehouse/values';
import { MONEY_FORMAT, DECIMAL_FORMAT, INTEGER_FORMAT } from './columnFormats';
import { headerLabel } from './headers';
import { t, type Locale } from './i18n';
import { STOCK_DATASET, stockPresentation } from './stock';
import type { ChartModel, ConditionalFormatModel, Presentation, RuleContext } from './tableModel';
import { safeSheetName } from './address';
import { CHANGES_DATASET, changesPresentation } from './changes';
import { CODE_LABELS_ZH, codeLabel } from './codeLabels';
import { RULES_DATASET, rulesPresentation } from './rules';

/** The datasets the pane lists, in its order. */
export const DATASET_ORDER = [
  'inventory', 'turnover', 'aged_inventory', 'slow_movers', 'return_reasons', 'replenishment', 'transfers', 'oversell', 'order_ops',
  'fba_reconciliation', 'data_quality', 'stock', 'stock_changes', 'stock_rules',
] as const;

const TITLES: Record<string, { en: string; zh: string }> = {
  inventory: { en: 'Inventory', zh: '库存' },
  turnover: { en: 'Turnover', zh: '周转' },
  aged_inventory: { en: 'Aged inventory', zh: '库龄' },
  slow_movers: { en: 'Slow movers', zh: '滞销品' },
  return_reasons: { en: 'Return reasons', zh: '退货原因' },
  replenishment: { en: 'Replenishment', zh: '补货' },
  forecast: { en: 'Forecast', zh: '需求预测' },
  forecast_accuracy: { en: 'Forecast accuracy', zh: '预测准确度' },
  transfers: { en: 'Transfers', zh: '调拨' },
  oversell: { en: 'Oversell', zh: '超卖' },
  order_ops: { en: 'Order ops', zh: '订单运营' },
  fba_reconciliation: { en: 'FBA reconciliation', zh: 'FBA 对账' },
  stock: { en: 'Stock', zh: '库存推送' },
  stock_changes: { en: 'Stock changes', zh: '库存修改记录' },
  stock_rules: { en: 'Allocation rules', zh: '分配规则' },
  pipeline_runs: { en: 'Pipeline runs', zh: '运行记录' },
  data_quality: { en: 'Data quality', zh: '数据质量' },
};

/** Thresholds of the highlighting rules (documented in docs/addin.md). */
export const LOW_DAYS_OF_SUPPLY = 14;
export const HIGH_RETURN_RATE = 0.1;
const CHART_MAX_CATEGORIES = 12;

export function datasetTitle(name: string, locale: Locale, serverTitle?: string): string {
  const known = TITLES[name];
  if (known) return locale === 'zh-CN' ? known.zh : known.en;
  return serverTitle ?? headerLabel(name, 'en');
}

const RED = { fill: '#FFC7CE', fontColor: '#9C0006' };
const AMBER = { fill: '#FFEB9C', fontColor: '#9C5700' };

function lowDaysOfSupply(ctx: RuleContext): ConditionalFormatModel[] {
  const i = ctx.index('days_of_supply');
  if (i < 0) return [];
  const ref = ctx.ref('days_of_supply');
  return [{ purpose: 'low days of supply', firstColumn: i, lastColumn: i, formula: `=AND(ISNUMBER(${ref}),${ref}<${LOW_DAYS_OF_SUPPLY})`, ...AMBER }];
}

function highReturnRate(ctx: RuleContext): ConditionalFormatModel[] {
  const out: ConditionalFormatModel[] = [];
  for (const [name, limit] of [['return_rate', HIGH_RETURN_RATE], ['return_rate_pct', HIGH_RETURN_RATE * 100]] as const) {
    const i = ctx.index(name);
    if (i < 0) continue;
    const ref = ctx.ref(name);
    out.push({ purpose: 'high return rate', firstColumn: i, lastColumn: i, formula: `=AND(ISNUMBER(${ref}),${ref}>${limit})`, ...RED });
  }
  return out;
}

/** Dead stock: a boolean flag column, or a status/class text starting with DEAD (anchors B.7). */
function deadStock(ctx: RuleContext): ConditionalFormatModel[] {
  const conditions: string[] = [];
  for (const flag of ['is_dead_stock', 'is_dead']) if (ctx.index(flag) >= 0) conditions.push(ctx.isBool(flag, true));
  // A Chinese sheet shows the dead-stock codes in Chinese: match those words too.
  const deadWords = ctx.locale === 'zh-CN' ? [...new Set(Object.keys(CODE_LABELS_ZH).filter((c) => c.toUpperCase().startsWith('DEAD')).map((c) => codeLabel(c, ctx.locale)))] : [];
  for (const text of ['stock_status', 'movement_class', 'status', 'rule_id', 'reason_code']) {
    if (ctx.index(text) < 0 || ctx.columns[ctx.index(text)].type !== 'string') continue;
    conditions.push(`LEFT(${ctx.ref(text)},4)="DEAD"`, ...deadWords.map((w) => `${ctx.ref(text)}="${w}"`));
  }
  if (!conditions.length) return [];
  // Highlight the identifying columns of the row so dead SKUs stand out when scanning.
  const last = Math.max(0, ctx.pick('sku') >= 0 ? ctx.pick('sku') : 0);
  return [{ purpose: 'dead stock', firstColumn: 0, lastColumn: last, formula: `=OR(${conditions.join(',')})`, ...RED }];
}

/** Amazon fee risks on aged inventory (anchors B.6): the flag cell turns amber/red when TRUE. */
function feeRisks(ctx: RuleContext): ConditionalFormatModel[] {
  const out: ConditionalFormatModel[] = [];
  for (const [name, colour] of [['has_aged_surcharge_risk', RED], ['is_low_inventory_fee_risk', AMBER], ['is_excess', AMBER]] as const) {
    const i = ctx.index(name);
    if (i >= 0 && ctx.columns[i].type === 'boolean') out.push({ purpose: `fee risk ${name}`, firstColumn: i, lastColumn: i, formula: `=${ctx.isBool(name, true)}`, ...colour });
  }
  return out;
}

/** Green: money and units a seller can claim back (fba_reconciliation's `claimable_*` columns). */
export const CLAIMABLE = { fill: '#C6EFCE', fontColor: '#006100' } as const;

/** Each numeric `claimable_*` cell above zero is filled, so the claims stand out in a long sheet. */
function claimable(ctx: RuleContext): ConditionalFormatModel[] {
  return ctx.columns.flatMap((column, i) => {
    if (!/^claimable_/.test(column.name) || (column.type !== 'integer' && column.type !== 'number')) return [];
    const ref = ctx.ref(column.name);
    return [{ purpose: `claimable ${column.name}`, firstColumn: i, lastColumn: i, formula: `=AND(ISNUMBER(${ref}),${ref}>0)`, ...CLAIMABLE }];
  });
}

/**
 * Forecasts not to trust stand out (forecast_accuracy): the flag cell red when POOR, amber when
 * BIASED, and the seasonal-naive comparison amber where the model did no better.
 */
function forecastAccuracy(ctx: RuleContext): ConditionalFormatModel[] {
  const out: ConditionalFormatModel[] = [];
  const flag = ctx.index('accuracy_flag');
  if (flag >= 0) {
    for (const [code, colour] of [['POOR', RED], ['BIASED', AMBER]] as const) {
      const words = [...new Set([code, codeLabel(code, ctx.locale)])];
      out.push({ purpose: `forecast ${code.toLowerCase()}`, firstColumn: flag, lastColumn: flag, formula: `=OR(${words.map((w) => `${ctx.ref('accuracy_flag')}="${w}"`).join(',')})`, ...colour });
    }
  }
  const better = ctx.index('is_better_than_snaive');
  if (better >= 0 && ctx.columns[better].type === 'boolean') {
    out.push({ purpose: 'forecast no better than seasonal naive', firstColumn: better, lastColumn: better, formula: `=${ctx.isBool('is_better_than_snaive', false)}`, ...AMBER });
  }
  return out;
}

type ChartDraft = Omit<ChartModel, 'column' | 'row'>;

/** Sum of `value` per `category`, largest first, the tail folded into "Other". */
export function sumBy(rows: unknown[][], category: number, value: number): Array<[string, number]> {
  const sums = new Map<string, number>();
  for (const r of rows) {
    const cell = r[value];
    const v = typeof cell === 'number' ? cell : typeof cell === 'string' && cell.trim() !== '' ? Number(cell) : Number.NaN;
    if (!Number.isFinite(v)) continue;
    const key = r[category] === null || r[category] === undefined || r[category] === '' ? '(blank)' : String(r[category]);
    sums.set(key, (sums.get(key) ?? 0) + v);
  }
  const sorted = [...sums.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (sorted.length <= CHART_MAX_CATEGORIES) return sorted;
  const head = sorted.slice(0, CHART_MAX_CATEGORIES - 1);
  const rest = sorted.slice(CHART_MAX_CATEGORIES - 1).reduce((s, [, v]) => s + v, 0);
  return [...head, ['Other', rest]];
}

function returnReasonsChart(ctx: RuleContext): ChartDraft[] {
  const cat = ctx.pick('reason', 'normalised_reason', 'normalized_reason', 'reason_code');
  const val = ctx.pick('return_units', 'units_returned', 'returned_units', 'returns');
  if (cat < 0 || val < 0) return [];
  const label = headerLabel(ctx.columns[cat].name, ctx.locale);
  const rows = sumBy(ctx.rows, cat, val).map(([k, v]): [string, number] => [codeLabel(k, ctx.locale), v]);
  return [{ name: 'ReturnReasons', kind: 'Pie', title: t(ctx.locale, 'chart.returnReasons'), header: [label, headerLabel(ctx.columns[val].name, ctx.locale)], rows, valueFormat: INTEGER_FORMAT }];
}

/**
 * Turnover by channel. A ratio does not add up over SKUs, so the chart uses the dataset's own
 * per-channel rows (group_by = channel): the pane fetches them alongside when the sheet itself is
 * grouped otherwise (see `auxiliaryQuery`).
 */
function turnoverChart(ctx: RuleContext): ChartDraft[] {
  const source = ctx.auxiliary ?? { columns: ctx.columns, rows: ctx.rows };
  const at = (name: string) => source.columns.findIndex((c) => c.name === name);
  const channel = at('channel');
  const ratio = [at('cogs_turnover_annualised'), at('cogs_turnover'), at('unit_turnover')].find((i) => i >= 0) ?? -1;
  const groupBy = at('group_by');
  if (channel < 0 || ratio < 0) return [];
  const rows = source.rows
    .filter((r) => (groupBy >= 0 ? r[groupBy] === 'channel' : r[channel] !== null && r[channel] !== ''))
    .filter((r) => typeof r[ratio] === 'number')
    .map((r): [string, number] => [String(r[channel]), Math.round((r[ratio] as number) * 100) / 100])
    .sort((a, b) => b[1] - a[1]);
  if (!rows.length) return [];
  const valueName = source.columns[ratio].name;
  return [{ name: 'TurnoverByChannel', kind: 'BarClustered', title: t(ctx.locale, 'chart.turnoverByChannel'), header: [headerLabel('channel', ctx.locale), headerLabel(valueName, ctx.locale)], rows, valueFormat: DECIMAL_FORMAT }];
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const add = (a: number | null, b: number | null): number | null => (b === null ? a : (a ?? 0) + b);

/**
 * History and forecast with its 10–90 % band for one SKU (the first the sheet holds: refresh with
 * the `sku` parameter to choose it), its pools summed per period, as a line chart: actual units,
 * forecast, low and high. The origin's week at week grain carries both an actual and a forecast point.
 */
function forecastChart(ctx: RuleContext): ChartDraft[] {
  const [sku, kind, period, actual, forecast, lower, upper] = ['sku', 'row_kind', 'period_start_date', 'actual_units', 'forecast_units', 'lower_units', 'upper_units'].map(ctx.index);
  if ([sku, kind, period, actual, forecast, lower, upper].some((i) => i < 0) || ctx.rows.length === 0) return [];
  const chosen = ctx.rows[0][sku];
  const points = new Map<string, [number | null, number | null, number | null, number | null]>();
  for (const r of ctx.rows) {
    if (r[sku] !== chosen) continue;
    const key = String(r[period]);
    const p = points.get(key) ?? [null, null, null, null];
    if (r[kind] === 'history') p[0] = add(p[0], num(r[actual]));
    else [p[1], p[2], p[3]] = [add(p[1], num(r[forecast])), add(p[2], num(r[lower])), add(p[3], num(r[upper]))];
    points.set(key, p);
  }
  const rows = [...points.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([k, p]): [string, ...Array<number | null>] => [k, ...p.map((v) => (v === null ? null : Math.round(v * 100) / 100))]);
  const header: [string, ...string[]] = [headerLabel('period_start_date', ctx.locale), ...['actual_units', 'forecast_units', 'lower_units', 'upper_units'].map((c) => headerLabel(c, ctx.locale))];
  return [{ name: 'Forecast', kind: 'Line', title: t(ctx.locale, 'chart.forecast', { sku: String(chosen) }), header, rows, valueFormat: DECIMAL_FORMAT }];
}

/**
 * A second, small query whose rows feed a chart, when the sheet's own rows cannot (turnover
 * grouped by SKU has no per-channel ratio). Null when the sheet's rows suffice.
 */
export function auxiliaryQuery(name: string, query: Record<string, string>, spec: { params: Array<{ name: string; allowed?: string[] }> }): Record<string, string> | null {
  if (name !== 'turnover') return null;
  const groupBy = spec.params.find((p) => p.name === 'group_by');
  if (!groupBy || (groupBy.allowed && !groupBy.allowed.includes('channel')) || query.group_by === 'channel') return null;
  return { ...query, group_by: 'channel' };
}

/** Amazon's FBA age buckets (anchors B.6), as they appear in column names. */
const AMAZON_BUCKETS = ['0_90', '91_180', '181_270', '271_365', '365_plus'];

function bucketLabel(token: string): string {
  return token === '365_plus' ? '365+' : token.replace('_', '–');
}

/** Aged inventory: either a bucket column (long form) or one column per bucket (wide form). */
function agedChart(ctx: RuleContext): ChartDraft[] {
  const bucket = ctx.pick('age_bucket', 'bucket');
  const value = ctx.pick('value_base', 'inventory_value_base', 'units', 'on_hand_units', 'quantity');
  let rows: Array<[string, number]> = [];
  let valueName = '';
  if (bucket >= 0 && value >= 0) {
    const order = ['0-90', '91-180', '181-270', '271-365', '365+'];
    rows = sumBy(ctx.rows, bucket, value).sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0]) || a[0].localeCompare(b[0]));
    valueName = ctx.columns[value].name;
  } else {
    // Wide form (pipeline/analytics aged_inventory): value_age_0_90_base … value_age_365_plus_base,
    // or units_age_0_90 … units_age_365_plus. Values are preferred; aggregate columns such as
    // units_age_181_plus are not buckets and are left out.
    for (const [family, name] of [[/^value_age_(\d+_\d+|365_plus)_base$/, 'value_base'], [/^units_age_(\d+_\d+|365_plus)$/, 'units']] as const) {
      const cols = ctx.columns.map((c, i) => ({ i, m: family.exec(c.name) })).filter((x): x is { i: number; m: RegExpExecArray } => x.m !== null && AMAZON_BUCKETS.includes(x.m[1]));
      if (!cols.length) continue;
      rows = cols.map(({ i, m }): [string, number] => [bucketLabel(m[1]), ctx.rows.reduce((s: number, r) => s + (typeof r[i] === 'number' ? (r[i] as number) : 0), 0)]);
      valueName = name;
      break;
    }
  }
  if (!rows.length) return [];
  return [{ name: 'AgedBuckets', kind: 'ColumnClustered', title: t(ctx.locale, 'chart.agedBuckets'), header: [headerLabel('age_bucket', ctx.locale), headerLabel(valueName, ctx.locale)], rows, valueFormat: /value|_base/.test(valueName) ? MONEY_FORMAT : INTEGER_FORMAT }];
}

/**
 * Columns that help the server, not the reader: sort keys (days_of_supply_sort holds 9,999 for
 * "never runs out"), the grouping (the stamp row names it), and id columns with no value at all.
 * They stay in the table (hidden) so the columns keep the API's positions.
 */
export function isHelperColumn(column: Column, values: readonly unknown[]): boolean {
  if (/_sort$/.test(column.name) || column.name === 'group_by') return true;
  return /(^|_)id$/.test(column.name) && values.every((v) => v === null || v === undefined || v === '');
}

function analyticsPresentation(name: string, serverTitle?: string): Presentation {
  return {
    sheetTitle: (locale) => safeSheetName(datasetTitle(name, locale, serverTitle)),
    hideColumn: isHelperColumn,
    conditionalFormats: (ctx) => [...deadStock(ctx), ...lowDaysOfSupply(ctx), ...highReturnRate(ctx), ...feeRisks(ctx), ...claimable(ctx), ...forecastAccuracy(ctx)],
    charts: (ctx) => {
      if (name === 'return_reasons') return returnReasonsChart(ctx);
      if (name === 'turnover') return turnoverChart(ctx);
      if (name === 'aged_inventory') return agedChart(ctx);
      if (name === 'forecast') return forecastChart(ctx);
      return [];
    },
  };
}

/** The presentation of a dataset result, given its columns. */
export function presentationFor(name: string, columns: Column[], serverTitle?: string): Presentation {
  if (name === CHANGES_DATASET) return changesPresentation();
  if (name === RULES_DATASET) return rulesPresentation();
  if (name === STOCK_DATASET) {
    const p = stockPresentation(columns);
    return { ...p, sheetTitle: (locale) => safeSheetName(p.sheetTitle(locale)) };
  }
  return analyticsPresentation(name, serverTitle);
}
