/**
 * Wall-clock arithmetic in an IANA time zone with the runtime's own tz data (Intl), so core
 * needs no date library and the tab and the server read a zone the same way. A "wall" is the
 * local date and time written as if it were UTC milliseconds (Date.UTC of the local fields):
 * plain arithmetic on it never meets a DST change, and `instantsAtWall` turns it back.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    // h23, not hour12: false, so midnight is 00 and never 24 on every engine.
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/**
 * The zone to read a person's times in: theirs, or UTC until the tab has told us. A zone the
 * runtime does not know (stored by a newer runtime with newer tz data) is read as UTC too:
 * a notice a little early or late beats a notifier that throws for one person.
 */
export function resolveZone(zone: string | null): string {
  if (zone === null || zone === 'UTC') return 'UTC';
  try {
    formatterFor(zone);
    return zone;
  } catch (error) {
    if (error instanceof RangeError) return 'UTC';
    throw error;
  }
}

// Offsets by zone and minute. Intl is the slow part (microseconds a call, a dozen calls a notice),
// and a burst of notices asks about the same few minutes over and over: the same `now`, the same
// daily hour, the same end of quiet hours. Bounded, and simply emptied when full.
const offsets = new Map<string, number>();
const MAX_CACHED_OFFSETS = 50_000;

/** How far the clock in `zone` is ahead of UTC during the minute starting at `minute` (milliseconds). */
function offsetAt(zone: string, minute: number): number {
  const key = `${zone} ${minute}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  const fields: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(minute)) if (part.type !== 'literal') fields[part.type] = Number(part.value);
  const wall = Date.UTC(fields.year ?? 1970, (fields.month ?? 1) - 1, fields.day ?? 1, fields.hour ?? 0, fields.minute ?? 0, fields.second ?? 0);
  if (offsets.size >= MAX_CACHED_OFFSETS) offsets.clear();
  offsets.set(key, wall - minute);
  return wall - minute;
}

/** The wall clock in `zone` at `instant` (milliseconds), to the second. Offsets change on whole minutes. */
export function wallClock(zone: string, instant: number): number {
  const second = instant - mod(instant, 1000);
  if (zone === 'UTC') return second;
  return second + offsetAt(zone, instant - mod(instant, MINUTE));
}

/** Minutes since local midnight at `instant`, 0 to 1439. */
export function localMinuteOfDay(zone: string, instant: number): number {
  return Math.floor(mod(wallClock(zone, instant), DAY) / MINUTE);
}

/** The wall of local midnight starting the local day `instant` falls on. */
export function localMidnight(zone: string, instant: number): number {
  const wall = wallClock(zone, instant);
  return wall - mod(wall, DAY);
}

/**
 * The instants at which the clock in `zone` reads `wall`, earliest first: one on most days,
 * two in the hour clocks go back. When the wall falls in the hour clocks skip, none reads it,
 * and the answer is the instant the clocks jumped past it: the first moment it is "later than".
 */
export function instantsAtWall(zone: string, wall: number): number[] {
  // Offsets a day either side: a zone changes its offset at most once in between.
  const offsetBefore = wallClock(zone, wall - DAY) - (wall - DAY);
  const offsetAfter = wallClock(zone, wall + DAY) - (wall + DAY);
  // The same offset a day either side: no change in between, so the wall is read once, at wall - offset.
  if (offsetBefore === offsetAfter) return [wall - offsetBefore];
  const found = [offsetBefore, offsetAfter].map((offset) => wall - offset).filter((instant) => wallClock(zone, instant) === wall);
  if (found.length > 0) return found.sort((a, b) => a - b);
  // A gap: before the jump the clock reads earlier than `wall`, after it later. Offsets change
  // on whole minutes, so halving to the minute finds the jump.
  let early = wall - Math.max(offsetBefore, offsetAfter);
  let late = wall - Math.min(offsetBefore, offsetAfter);
  while (late - early > MINUTE) {
    const middle = early + Math.floor((late - early) / 2 / MINUTE) * MINUTE;
    if (wallClock(zone, middle) >= wall) late = middle;
    else early = middle;
  }
  return [late];
}

function mod(value: number, by: number): number {
  return ((value % by) + by) % by;
}
