// The order history a channel sandbox serves to the pull connectors: records kept sorted by
// (last-modified instant, id), so "changed in [from, to)" and keyset/offset paging are binary
// searches even with a million orders. A late change (a refund months later) re-files the order
// under its new modification time, exactly what the connectors' overlap windows must catch.

export interface BookEntry<T> {
  id: string;
  modifiedMs: number;
  record: T;
}

export class OrderBook<T> {
  private entries: BookEntry<T>[] = [];
  private byId = new Map<string, BookEntry<T>>();
  /** Bumped by every change: routes may cache a query's matches while it stays the same. */
  version = 0;

  constructor(
    private readonly idOf: (record: T) => string,
    private readonly modifiedOf: (record: T) => string,
  ) {}

  get size(): number {
    return this.entries.length;
  }

  /** Replaces the whole book (bulk seeding: one sort). */
  load(records: Iterable<T>): void {
    this.entries = [];
    this.byId.clear();
    for (const record of records) {
      const entry = this.entry(record);
      this.byId.set(entry.id, entry);
    }
    this.entries = [...this.byId.values()].sort(compare);
    this.version++;
  }

  /** Adds or replaces one record (a new order, or an update that moves it in time). */
  upsert(record: T): void {
    const entry = this.entry(record);
    const old = this.byId.get(entry.id);
    if (old) this.entries.splice(this.indexOf(old), 1);
    this.entries.splice(this.lowerBound(entry.modifiedMs, entry.id), 0, entry);
    this.byId.set(entry.id, entry);
    this.version++;
  }

  get(id: string): T | undefined {
    return this.byId.get(id)?.record;
  }

  all(): T[] {
    return this.entries.map((e) => e.record);
  }

  /** Entries modified in [fromMs, toMs), in order. */
  range(fromMs: number, toMs: number): BookEntry<T>[] {
    return this.entries.slice(this.lowerBound(fromMs, ''), this.lowerBound(toMs, ''));
  }

  /** Entries by position [start, end). */
  slice(start: number, end: number): BookEntry<T>[] {
    return this.entries.slice(start, end);
  }

  /** Index of the first entry at or after (modifiedMs, id). */
  lowerBound(modifiedMs: number, id: string): number {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(this.entries[mid], { modifiedMs, id }) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private indexOf(entry: BookEntry<T>): number {
    return this.lowerBound(entry.modifiedMs, entry.id);
  }

  private entry(record: T): BookEntry<T> {
    const modifiedMs = Date.parse(this.modifiedOf(record));
    if (Number.isNaN(modifiedMs)) throw new RangeError(`order ${this.idOf(record)} has no valid modification time`);
    return { id: this.idOf(record), modifiedMs, record };
  }
}

function compare(a: { modifiedMs: number; id: string }, b: { modifiedMs: number; id: string }): number {
  return a.modifiedMs - b.modifiedMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Opaque keyset cursor for (modifiedMs, id). */
export function encodeCursor(entry: { modifiedMs: number; id: string }): string {
  return Buffer.from(JSON.stringify([entry.modifiedMs, entry.id])).toString('base64url');
}

export function decodeCursor(cursor: string): { modifiedMs: number; id: string } | null {
  try {
    const [modifiedMs, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [number, string];
    return typeof modifiedMs === 'number' && typeof id === 'string' ? { modifiedMs, id } : null;
  } catch {
    return null;
  }
}

/** Remembers the matches of the last query (paging re-asks the same query page after page). */
export class QueryCache<T> {
  private last: { key: string; version: number; matches: T[] } | null = null;

  get(key: string, version: number, compute: () => T[]): T[] {
    if (this.last && this.last.key === key && this.last.version === version) return this.last.matches;
    const matches = compute();
    this.last = { key, version, matches };
    return matches;
  }
}
