// Wall-clock times in an IANA time zone, without a library: the instant a "2026-12-18 17:00" means in
// the Settings time zone, DST included, and the way back for display. Pure; uses the V8 Intl API
// (Intl.DateTimeFormat with timeZone, formatToParts: tc39.es/ecma402), which Apps Script's V8 runtime has.

/** A date and time as people write it, in some time zone. Month 1–12. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** A scheduled run may start at most this far ahead. */
export const MAX_SCHEDULE_AHEAD_MS = 366 * 24 * 60 * 60_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time at `instant` (epoch ms) in `timeZone`. */
export function wallTimeAt(instant: number, timeZone: string): WallTime & { second: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!, // formatToParts answers every field the formatter asks for (and below)
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour! % 24,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** The zone's offset from UTC at `instant`, in ms (Paris in winter: +3,600,000). */
function offsetAt(instant: number, timeZone: string): number {
  const w = wallTimeAt(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

export type Resolved = { ok: true; instant: number } | { ok: false; reason: 'no such time' };

/**
 * The instant (epoch ms) a wall-clock time means in `timeZone`. A time the clocks skip (spring forward)
 * does not exist: refused. A time that happens twice (fall back) is its first occurrence.
 */
export function instantOf(wall: WallTime, timeZone: string): Resolved {
  const local = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
  // Try the offsets in force a day either side: one of them is the offset at the instant we want.
  const candidates = [offsetAt(local - 86_400_000, timeZone), offsetAt(local + 86_400_000, timeZone)]
    .map((offset) => local - offset)
    .filter((instant) => sameWall(wallTimeAt(instant, timeZone), wall))
    .sort((a, b) => a - b);
  const [first] = candidates;
  return first !== undefined ? { ok: true, instant: first } : { ok: false, reason: 'no such time' };
}

function sameWall(a: WallTime, b: WallTime): boolean {
  return (
    a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute
  );
}

/** "2026-12-18 17:00 Europe/Paris": how Offboard shows a scheduled time. */
export function formatInZone(instant: number, timeZone: string): string {
  const w = wallTimeAt(instant, timeZone);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${w.year}-${two(w.month)}-${two(w.day)} ${two(w.hour)}:${two(w.minute)} ${timeZone}`;
}
