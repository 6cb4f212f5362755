// Refresh parameters: the form fields (the union of what the chosen datasets accept), validation,
// and the query each dataset is fetched with (only the parameters it declares).
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
}

export function paramLabel(name: string, locale: Locale): string {
  const key = `param.${name}`;
  return isMessageKey(key) ? t(locale, key) : headerLabel(name, locale);
}

/** The union of parameters of the selected datasets, in a stable order. */
export function paramFields(specs: readonly DatasetSpec[], selected: readonly string[], locale: Locale): ParamField[] {
  const byName = new Map<string, DatasetParam>();
  for (const s of specs) if (selected.includes(s.name)) for (const p of s.params) if (!byName.has(p.name)) byName.set(p.name, p);
  const names = [...byName.keys()].sort((a, b) => {
    const ia = PARAM_ORDER.indexOf(a);
    const ib = PARAM_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
  return names.map((name) => {
    const p = byName.get(name) as DatasetParam;
    return { name, type: p.type, label: paramLabel(name, locale), description: p.description, placeholder: p.default ?? '', allowed: p.allowed };
  });
}

/** Messages for values that cannot be sent; empty when all are fine (blank = server default). */
export function validateParams(fields: readonly ParamField[], values: ParamValues, locale: Locale): string[] {
  const errors: string[] = [];
  for (const f of fields) {
    const v = (values[f.name] ?? '').trim();
    if (v === '') continue;
    if (f.type === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) errors.push(t(locale, 'param.invalidDate', { param: f.label }));
    else if (f.type === 'integer' && !/^-?\d+$/.test(v)) errors.push(t(locale, 'param.invalidInteger', { param: f.label }));
    else if (f.type === 'number' && !Number.isFinite(Number(v))) errors.push(t(locale, 'param.invalidNumber', { param: f.label }));
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
