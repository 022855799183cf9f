import { instantsAtWall, resolveZone, wallClock } from '@cgm/core';

/**
 * A cover's start and end as the person reads them: picked as a local date and time in their
 * zone (a `datetime-local` value, which has no zone of its own) and sent as an instant with that
 * zone's offset, so the server stores what the person meant wherever the server runs.
 */

const pad = (value: number, width = 2) => String(Math.abs(value)).padStart(width, '0');

/** `2027-01-03T09:00` → the wall (local fields as UTC milliseconds), or undefined when not a date and time. */
function wallOf(local: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Date.UTC rolls 31 February over into March: a wall that does not read back is not a date.
  const back = new Date(wall);
  return back.getUTCMonth() === month - 1 && back.getUTCDate() === day ? wall : undefined;
}

/** The ISO 8601 instant with its offset (`2027-01-03T09:00:00+01:00`) at which `local` is read in `zone`. */
export function localToInstant(local: string, zone: string): string | undefined {
  const wall = wallOf(local);
  if (wall === undefined) return undefined;
  const resolved = resolveZone(zone);
  // The earlier reading when clocks go back; the first moment after the jump when they skip ahead.
  const instant = instantsAtWall(resolved, wall)[0] ?? wall;
  const offsetMinutes = Math.round((wallClock(resolved, instant) - instant) / 60_000);
  const shown = new Date(instant + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = offsetMinutes < 0 ? '-' : '+';
  return `${shown}${sign}${pad(Math.floor(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
}

/** The `datetime-local` value showing `instant` (milliseconds) in `zone`. */
export function instantToLocal(instant: number, zone: string): string {
  return new Date(wallClock(resolveZone(zone), instant)).toISOString().slice(0, 16);
}

/** "3 Jan 2027, 09:00" in the person's zone, in their browser's language. */
export function formatInZone(iso: string, zone: string): string {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return iso;
  return new Intl.DateTimeFormat(undefined, { timeZone: resolveZone(zone), dateStyle: 'medium', timeStyle: 'short' }).format(instant);
}
