/**
 * The documented limits of Teams call groups and delegation (Microsoft's "Call
 * sharing and group call pickup" page and the Set-CsUserCallingSettings reference).
 * Every surface reads them from here, so the tab's meters and the server agree.
 */

/** A call group holds at most 25 users. */
export const MAX_CALL_GROUP_MEMBERS = 25;
/** A user can be a member of at most 25 call groups. */
export const MAX_GROUPS_PER_MEMBER = 25;
/** The stored target list holds at most 32,768 characters (full `sip:` URIs plus one separator between entries). */
export const MAX_CALL_GROUP_CHARACTERS = 32_768;
/** `InOrder` ringing only with 5 or fewer members; the Teams client silently switches to simultaneous on the sixth. */
export const MAX_IN_ORDER_MEMBERS = 5;
/** A manager can have up to 25 delegates, and a delegate up to 25 managers. */
export const MAX_DELEGATES = 25;
export const MAX_DELEGATORS = 25;
/** The unanswered delays the current cmdlet reference allows, in seconds. Default 20. */
export const ALLOWED_UNANSWERED_DELAYS_SECONDS: readonly number[] = [5, 10, 15, 20, 30, 40, 50, 60];
export const DEFAULT_UNANSWERED_DELAY_SECONDS = 20;

/** The characters a target list takes as Teams stores it: the sum of the `sip:` URIs plus one separator between entries. */
export function callGroupCharacters(sipUris: readonly string[]): number {
  let total = sipUris.length > 0 ? sipUris.length - 1 : 0;
  for (const uri of sipUris) total += uri.length;
  return total;
}

/** `00:00:20` → 20; undefined for anything that is not `hh:mm:ss`. */
export function parseDelaySeconds(value: string): number | undefined {
  const match = /^(\d{2}):([0-5]\d):([0-5]\d)$/.exec(value.trim());
  if (!match) return undefined;
  return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

/** 20 → `00:00:20`. */
export function formatDelay(seconds: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}
