// What a refresh tells the user per dataset: rows, time, and why a result is empty (so an empty
// sheet is never a green success), plus the duration wording. Pure.
import type { DatasetParam } from '../../pipeline/analytics/types';
import { t, type Locale } from './i18n';

export type RefreshOutcome = 'ok' | 'empty' | 'error' | 'cancelled' | 'skipped';

/** One dataset's line in the pane after a refresh. */
export interface DatasetRefresh {
  dataset: string;
  title: string;
  outcome: RefreshOutcome;
  rows: number;
  /** Wall time of this dataset (fetch + write), in seconds. */
  seconds: number;
  /** Why it is empty, or what went wrong. */
  message?: string;
}

/** Parameters that only choose how a result is computed, not which rows it keeps. */
const NOT_FILTERS = new Set(['as_of', 'window_days', 'group_by']);

/** A server warning "Data ends before as_of X: … 2026-11-25, …" names where each source ends. */
const DATA_ENDS = /^Data ends before as_of (\d{4}-\d{2}-\d{2}): (.*)$/;

/**
 * Why a result has no rows, in the user's words: the filters they set match nothing, or the
 * as_of they chose lies after the last day with data.
 */
export function emptyReason(query: Record<string, string>, params: readonly Pick<DatasetParam, 'name' | 'type'>[], warnings: readonly string[], locale: Locale): string {
  const filters = Object.entries(query).filter(([name]) => !NOT_FILTERS.has(name) && params.find((p) => p.name === name)?.type === 'string');
  if (filters.length) return t(locale, 'refresh.emptyFilters', { filters: filters.map(([k, v]) => `${k}=${v}`).join(', ') });
  for (const w of warnings) {
    const m = DATA_ENDS.exec(w);
    if (!m) continue;
    const dates = m[2].match(/\d{4}-\d{2}-\d{2}/g) ?? [];
    const last = dates.sort().at(-1);
    if (last) return t(locale, 'refresh.emptyAfterData', { date: last, asOf: m[1] });
  }
  if (query.as_of) return t(locale, 'refresh.emptyAsOf', { asOf: query.as_of });
  return t(locale, 'refresh.emptyNoData');
}

/** "0.004 s", "0.04 s", "3.2 s", "75 s": short runs keep their digits instead of showing 0.0. */
export function formatSeconds(seconds: number, locale: Locale): string {
  const text = seconds < 0.1 ? seconds.toFixed(3) : seconds < 1 ? seconds.toFixed(2) : seconds < 10 ? seconds.toFixed(1) : String(Math.round(seconds));
  return t(locale, 'refresh.seconds', { seconds: text });
}

/** The notice after a refresh: success only when every dataset came back with rows. */
export function refreshNotice(results: readonly DatasetRefresh[], totalSeconds: number, locale: Locale): { kind: 'success' | 'warning'; text: string } {
  const done = results.filter((r) => r.outcome === 'ok' || r.outcome === 'empty');
  const rows = done.reduce((s, r) => s + r.rows, 0);
  const text = t(locale, 'refresh.done', { count: done.length, rows: rows.toLocaleString('en-US'), seconds: formatSeconds(totalSeconds, locale) });
  const cancelled = results.some((r) => r.outcome === 'cancelled' || r.outcome === 'skipped');
  return { kind: results.every((r) => r.outcome === 'ok') ? 'success' : 'warning', text: cancelled ? `${t(locale, 'refresh.cancelled')} ${text}` : text };
}
