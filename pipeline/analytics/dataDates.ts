// How far the data reaches: the default as_of (int_data_dates.default_as_of_date) and, for the
// as_of a result was computed at, what the analyst should know about sources that end on other
// days. The wording is pure (sourceWarnings) so it is tested without a warehouse.
import type { SqlConnection } from '../warehouse/types';

export type SourceDates = {
  source_kind: 'orders' | 'inventory';
  source_id: string;
  last_date: string;
};

/** The default as_of: the last day orders and every reporting location are complete for. */
export async function defaultAsOf(conn: SqlConnection): Promise<string | null> {
  const rows = await conn.all<{ default_as_of_date: string | null }>('select cast(default_as_of_date as varchar) as default_as_of_date from int_data_dates');
  return rows[0]?.default_as_of_date ?? null;
}

export async function sourceDates(conn: SqlConnection): Promise<SourceDates[]> {
  return conn.all<SourceDates>(
    'select source_kind, source_id, cast(last_date as varchar) as last_date from int_source_dates order by source_kind, source_id',
  );
}

function describe(source: SourceDates): string {
  return source.source_kind === 'orders' ? `${source.source_id} orders end` : `stock at ${source.source_id} ends`;
}

/**
 * Warnings for a result computed at `asOf`: sources that end before it (their later days are
 * missing: stock unknown, orders not loaded yet), and, when the default was used, the sources
 * that reach beyond it (so nobody wonders where the newer data went). Orders count as one
 * source here: a channel without orders for a few days is quiet, not behind.
 */
export function sourceWarnings(sources: SourceDates[], asOf: string, defaultDate: string | null): string[] {
  const warnings: string[] = [];
  const orders = sources.filter((s) => s.source_kind === 'orders');
  const lastOrderDay = orders.reduce<string | null>((max, s) => (max === null || s.last_date > max ? s.last_date : max), null);
  const before = [
    ...(lastOrderDay !== null && lastOrderDay < asOf ? [{ source_kind: 'orders' as const, source_id: 'all channels', last_date: lastOrderDay }] : []),
    ...sources.filter((s) => s.source_kind === 'inventory' && s.last_date < asOf),
  ];
  const after = sources.filter((s) => s.last_date > asOf);
  const list = (items: SourceDates[]) =>
    items
      .slice(0, 5)
      .map((s) => `${describe(s)} ${s.last_date}`)
      .join(', ') + (items.length > 5 ? ` and ${items.length - 5} more` : '');
  if (before.length) warnings.push(`Data ends before as_of ${asOf}: ${list(before)}. Later days count as unknown stock and no orders.`);
  if (after.length && asOf === defaultDate) {
    warnings.push(`as_of defaults to ${asOf}, the last day orders and stock are both complete; newer data waits for the other sources: ${list(after)}.`);
  }
  return warnings;
}
