// AliExpress speaks US Pacific wall-clock time ("2025-03-09 03:30:00", no offset) in both its
// order query parameters and its answers (channels.md §4). These convert exactly, DST included.
const ZONE = 'America/Los_Angeles';

const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function wallClock(ms: number): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const p = Object.fromEntries(parts.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { y: +p.year, mo: +p.month, d: +p.day, h: +p.hour, mi: +p.minute, s: +p.second };
}

/** Offset of Pacific time from UTC at an instant, in ms (−7 h or −8 h). */
function offsetAt(ms: number): number {
  const w = wallClock(ms);
  return Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000;
}

/** ISO UTC instant → "YYYY-MM-DD HH:MM:SS" Pacific wall time. */
export function utcToPacific(iso: string): string {
  const w = wallClock(Date.parse(iso));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${w.y}-${pad(w.mo)}-${pad(w.d)} ${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}`;
}

/**
 * "YYYY-MM-DD HH:MM:SS" Pacific wall time → ISO UTC instant, or null when unreadable. A wall time
 * repeated when clocks fall back reads as the first (daylight) one; one skipped when they spring
 * forward reads as standard time (so 02:30 on that day is 10:30Z).
 */
export function pacificToUtc(wall: string | null | undefined): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(wall?.trim() ?? '');
  if (!m) return null;
  const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0));
  // Try the daylight offset first, then standard: the first that maps back to the same wall time wins.
  for (const candidate of [asUtc + 7 * 3_600_000, asUtc + 8 * 3_600_000]) {
    if (candidate + offsetAt(candidate) === asUtc) return new Date(candidate).toISOString();
  }
  return new Date(asUtc + 8 * 3_600_000).toISOString();
}
