// Dataset parameters: the shared definitions every dataset picks from, and validation of raw
// text values (CLI flags, query strings) into typed values. Pure. Values only ever reach SQL as
// bound parameters; validation is there to give a clear 400/64 early, not to make SQL safe.
import { UsageError } from '../errors';
import type { DatasetParam, DatasetParams, DatasetSpec } from './types';

const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$';
const TEXT_PATTERN = '^[^\\u0000-\\u001f]{1,100}$';

export const COMMON_PARAMS = {
  as_of: {
    name: 'as_of',
    type: 'date',
    description: 'Report date, YYYY-MM-DD (default: the last day with data)',
  },
  window_days: {
    name: 'window_days',
    type: 'integer',
    description: 'Length of the trailing period ending on as_of, in days',
    default: '90',
    min: 1,
    max: 730,
  },
  channel: {
    name: 'channel',
    type: 'string',
    description: 'Only this sales channel (amazon, ebay, shopify, aliexpress, …)',
    pattern: '^[a-z][a-z0-9_]{0,31}$',
  },
  marketplace: {
    name: 'marketplace',
    type: 'string',
    description: 'Only this marketplace or shop (US, DE, …)',
    pattern: ID_PATTERN,
  },
  location: {
    name: 'location',
    type: 'string',
    description: 'Only this location id',
    pattern: ID_PATTERN,
  },
  pool: {
    name: 'pool',
    type: 'string',
    description: 'Only this stock pool id (locations that share stock)',
    pattern: ID_PATTERN,
  },
  sku_prefix: {
    name: 'sku_prefix',
    type: 'string',
    description: 'Only SKUs starting with this text (literal, no wildcards)',
    pattern: '^[^\\u0000-\\u001f]{1,64}$',
  },
  category: {
    name: 'category',
    type: 'string',
    description: 'Only SKUs of this category (exact)',
    pattern: TEXT_PATTERN,
  },
  // cover thresholds shared by transfers, slow_movers and aged_inventory, so their flags agree
  target_days: {
    name: 'target_days',
    type: 'integer',
    description: 'Days of supply a pool should hold (Amazon suggests 30–60)',
    default: '45',
    min: 1,
    max: 365,
  },
  excess_days: {
    name: 'excess_days',
    type: 'integer',
    description: 'Days of supply (incl. inbound) above which a pool holds excess stock',
    default: '90',
    min: 1,
    max: 3650,
  },
} satisfies Record<string, DatasetParam>;

/** as_of, window_days and the given filters, in that order. */
export function standardParams(...filters: (keyof typeof COMMON_PARAMS)[]): DatasetParam[] {
  return [COMMON_PARAMS.as_of, COMMON_PARAMS.window_days, ...filters.map((name) => COMMON_PARAMS[name])];
}

function fail(spec: DatasetSpec, param: DatasetParam, message: string): never {
  throw new UsageError(`${spec.name}: parameter ${param.name} ${message}`, 'CD_BAD_PARAMETER');
}

function parseDate(spec: DatasetSpec, param: DatasetParam, text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !date || date.toISOString().slice(0, 10) !== text) fail(spec, param, `must be a date YYYY-MM-DD, got "${text}"`);
  return text;
}

function checkRange(spec: DatasetSpec, param: DatasetParam, value: number): number {
  if (param.min !== undefined && value < param.min) fail(spec, param, `must be at least ${param.min}, got ${value}`);
  if (param.max !== undefined && value > param.max) fail(spec, param, `must be at most ${param.max}, got ${value}`);
  return value;
}

/** One raw text value → its typed value. */
export function parseParam(spec: DatasetSpec, param: DatasetParam, text: string): string | number | boolean {
  if (param.allowed && !param.allowed.includes(text)) fail(spec, param, `must be one of ${param.allowed.join(', ')}, got "${text}"`);
  switch (param.type) {
    case 'date':
      return parseDate(spec, param, text);
    case 'integer':
      if (!/^-?\d{1,9}$/.test(text)) fail(spec, param, `must be a whole number, got "${text}"`);
      return checkRange(spec, param, Number(text));
    case 'number': {
      const value = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
      if (!Number.isFinite(value)) fail(spec, param, `must be a number, got "${text}"`);
      return checkRange(spec, param, value);
    }
    case 'boolean':
      if (!['true', 'false', '1', '0'].includes(text)) fail(spec, param, `must be true or false, got "${text}"`);
      return text === 'true' || text === '1';
    case 'string':
      if (text.length > 200) fail(spec, param, 'is longer than 200 characters');
      if (param.pattern && !new RegExp(param.pattern, 'u').test(text)) fail(spec, param, `has an invalid value "${text}"`);
      return text;
  }
}

/**
 * Validates raw text parameters against a dataset's allow-list: unknown names are refused (the
 * message lists the valid ones), values are typed, defaults applied, absent filters are null.
 * An empty value counts as absent.
 */
export function validateDatasetParams(spec: DatasetSpec, raw: Record<string, string | undefined>): DatasetParams {
  const known = new Map(spec.params.map((p) => [p.name, p]));
  const unknown = Object.keys(raw).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new UsageError(
      `${spec.name}: unknown parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}; ` +
        `valid parameters: ${spec.params.map((p) => p.name).join(', ')}`,
      'CD_BAD_PARAMETER',
    );
  }
  const params: DatasetParams = {};
  for (const param of spec.params) {
    const text = raw[param.name];
    const value = text === undefined || text === '' ? param.default : text;
    params[param.name] = value === undefined ? null : parseParam(spec, param, value);
  }
  return params;
}
