// Refresh parameters: the form fields (the union of what the chosen datasets accept), validation,
// and the query each dataset is fetched with (only the parameters it declares).
import { MAX_CHOICES, type DataDates } from '../../pipeline/analytics/paramCatalogue';
import type { DatasetParam, DatasetSpec } from '../../pipeline/analytics/types';
import { headerLabel } from './headers';
import { isMessageKey, t, type Locale } from './i18n';

/** Common parameters first, in this order; any other declared parameter follows by name. */
const PARAM_ORDER = ['as_of', 'window_days', 'channel', 'marketplace', 'location', 'pool', 'sku_prefix', 'category'];

/** Parameters most datasets share; the pane shows the others under "More parameters". */
export function isCommonParam(name: string): boolean {
  return PARAM_ORDER.includes(name);
}

export type ParamValues = Record<string, string>;

export interface ParamField {
  name: string;
  type: DatasetParam['type'];
  label: string;
  description: string;
  /** Placeholder: the server default, when one is declared. */
  placeholder: string;
  allowed?: string[];
  /** Values seen in the data so far (a free-text field offers them as suggestions). */
  choices?: string[];
  /** Bounds every dataset that takes the parameter accepts (the tightest of their declarations). */
  min?: number;
  max?: number;
  /** Patterns the value must match, one per declaring dataset that has one. */
  patterns: string[];
  /** The selected datasets that take it; a field the others ignore says so. */
  appliesTo: string[];
  /** True when some selected dataset does not take this parameter. */
  partial: boolean;
}

/** Where values a parameter can take are found in dataset rows: column names per parameter. */
const CHOICE_COLUMNS: Record<string, string[]> = {
  channel: ['channel'],
  marketplace: ['marketplace'],
  location: ['location_id'],
  pool: ['pool_id'],
  category: ['category'],
};
/** The union of two sets of choices per parameter, sorted, at most MAX_CHOICES each. */
export function mergeChoices(known: Readonly<Record<string, string[]>>, more: Readonly<Record<string, readonly string[]>>): Record<string, string[]> {
  const out: Record<string, string[]> = { ...known };
  for (const [param, values] of Object.entries(more)) {
    const merged = new Set(out[param] ?? []);
    for (const v of values) if (typeof v === 'string' && v !== '' && merged.size < MAX_CHOICES) merged.add(v);
    out[param] = [...merged].sort((a, b) => a.localeCompare(b));
  }
  return out;
}

/** Merges the values a result holds for the filter parameters into what the pane knows. */
export function choicesFromRows(known: Readonly<Record<string, string[]>>, columns: readonly { name: string }[], rows: readonly unknown[][]): Record<string, string[]> {
  const seen: Record<string, string[]> = {};
  for (const [param, names] of Object.entries(CHOICE_COLUMNS)) {
    const indexes = names.map((n) => columns.findIndex((c) => c.name === n)).filter((i) => i >= 0);
    if (!indexes.length) continue;
    const values = new Set<string>();
    for (const r of rows) for (const i of indexes) if (typeof r[i] === 'string' && values.size < MAX_CHOICES) values.add(r[i] as string);
    seen[param] = [...values];
  }
  return mergeChoices(known, seen);
}

export function paramLabel(name: string, locale: Locale): string {
  const key = `param.${name}`;
  return isMessageKey(key) ? t(locale, key) : headerLabel(name, locale);
}

/** The union of parameters of the selected datasets, in a stable order. */
export function paramFields(specs: readonly DatasetSpec[], selected: readonly string[], locale: Locale, choices: Readonly<Record<string, string[]>> = {}, title: (spec: DatasetSpec) => string = (s) => s.title): ParamField[] {
  const chosen = specs.filter((s) => selected.includes(s.name));
  const byName = new Map<string, DatasetParam>();
  for (const s of chosen) for (const p of s.params) if (!byName.has(p.name)) byName.set(p.name, p);
  const names = [...byName.keys()].sort((a, b) => {
    const ia = PARAM_ORDER.indexOf(a);
    const ib = PARAM_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  return names.map((name) => {
    const p = byName.get(name) as DatasetParam;
    const declaring = chosen.filter((s) => s.params.some((q) => q.name === name));
    const decls = declaring.map((s) => s.params.find((q) => q.name === name) as DatasetParam);
    const mins = decls.map((d) => d.min).filter((v): v is number => v !== undefined);
    const maxes = decls.map((d) => d.max).filter((v): v is number => v !== undefined);
    return {
      name,
      type: p.type,
      label: paramLabel(name, locale),
      description: p.description,
      placeholder: p.default ?? '',
      allowed: p.allowed,
      choices: p.allowed ? undefined : choices[name],
      min: mins.length ? Math.max(...mins) : undefined,
      max: maxes.length ? Math.min(...maxes) : undefined,
      patterns: [...new Set(decls.map((d) => d.pattern).filter((v): v is string => v !== undefined))],
      appliesTo: declaring.map(title),
      partial: declaring.length < chosen.length,
    };
  });
}

/** A real calendar day YYYY-MM-DD (2026-02-30 is not). */
function isDate(v: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  return m !== null && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === v;
}

/** Messages for values that cannot be sent; empty when all are fine (blank = server default). */
export function validateParams(fields: readonly ParamField[], values: ParamValues, locale: Locale, dataDates: DataDates | null = null): string[] {
  const errors: string[] = [];
  for (const f of fields) {
    const v = (values[f.name] ?? '').trim();
    if (v === '') continue;
    // The same checks the server makes (pipeline/analytics/params.ts), so a typo is caught here.
    if (f.type === 'date' && !isDate(v)) errors.push(t(locale, 'param.invalidDate', { param: f.label }));
    else if (f.name === 'as_of' && dataDates?.first && dataDates.last && (v < dataDates.first || v > dataDates.last)) {
      // the server would answer with empty sheets: say where the data is instead
      errors.push(t(locale, 'param.asOfOutsideData', { param: f.label, first: dataDates.first, last: dataDates.last }));
    }
    else if (f.type === 'integer' && !/^-?\d+$/.test(v)) errors.push(t(locale, 'param.invalidInteger', { param: f.label }));
    else if (f.type === 'number' && !Number.isFinite(Number(v))) errors.push(t(locale, 'param.invalidNumber', { param: f.label }));
    else if ((f.type === 'integer' || f.type === 'number') && f.min !== undefined && Number(v) < f.min) errors.push(t(locale, 'param.tooSmall', { param: f.label, min: f.min }));
    else if ((f.type === 'integer' || f.type === 'number') && f.max !== undefined && Number(v) > f.max) errors.push(t(locale, 'param.tooLarge', { param: f.label, max: f.max }));
    else if (f.allowed?.length && !f.allowed.includes(v)) errors.push(t(locale, 'param.notAllowed', { param: f.label, value: v, allowed: f.allowed.join(', ') }));
    else if (f.patterns.some((p) => !new RegExp(p).test(v))) errors.push(t(locale, 'param.badPattern', { param: f.label, value: v }));
  }
  return errors;
}

/** The query string parameters for one dataset: declared, non-blank values only. */
export function queryFor(spec: DatasetSpec, values: ParamValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of spec.params) {
    const v = (values[p.name] ?? '').trim();
    if (v !== '') out[p.name] = v;
  }
  return out;
}

/** Catalogue entries for the pane, in issue order first, then any other dataset by name. */
export function orderDatasets(specs: readonly DatasetSpec[], order: readonly string[]): DatasetSpec[] {
  return [...specs].sort((a, b) => {
    const ia = order.indexOf(a.name);
    const ib = order.indexOf(b.name);
    return (ia < 0 ? 999 : ia) - (ib < 0 ? 999 : ib) || a.name.localeCompare(b.name);
  });
}
