import type { Problem } from '../model/result.js';
import { sameRef } from '../plan/settingsGroup.js';
import { LIVE_COVER_STATUSES, type Cover, type OwnerCover } from './types.js';

/**
 * When a cover may run, and which of the owner's other covers it collides with. Instants are
 * compared as milliseconds since the epoch, so offsets never matter; the clock comes in as
 * `now` (core reads no clock).
 */

/** Shorter than this and the start and end jobs would race each other for nothing. */
export const MIN_COVER_MS = 60_000;
/** A cover is for a period (a holiday, parental leave, a secondment); beyond half a year it is a standing change. */
export const MAX_COVER_MS = 180 * 24 * 60 * 60_000;
/**
 * How far in the past a start may lie: "a cover may start now", and the tab's clock, the
 * request and the approval take a moment; beyond this it is a mistake worth telling.
 */
export const START_TOLERANCE_MS = 5 * 60_000;

export interface CoverTimeOptions {
  /** The cover has started already (an extension): its start is history, only the end is checked. */
  readonly started?: boolean | undefined;
}

const problem = (code: string, path: string, message: string): Problem => ({ code, path, message });

export function instantMs(value: string): number {
  return Date.parse(value);
}

/** Every problem of the cover's start and end against `now`. */
export function coverTimeProblems(window: Pick<Cover, 'startsAt' | 'endsAt'>, now: Date, options: CoverTimeOptions = {}): Problem[] {
  const start = instantMs(window.startsAt);
  const end = instantMs(window.endsAt);
  const problems: Problem[] = [];
  if (Number.isNaN(start)) problems.push(problem('invalid-instant', 'startsAt', `startsAt "${window.startsAt}" is not a date and time that exists.`));
  if (Number.isNaN(end)) problems.push(problem('invalid-instant', 'endsAt', `endsAt "${window.endsAt}" is not a date and time that exists.`));
  if (problems.length > 0) return problems;
  const duration = end - start;
  if (duration <= 0) {
    problems.push(problem('ends-before-start', 'endsAt', 'The cover ends before it starts; choose an end after the start.'));
  } else if (duration < MIN_COVER_MS) {
    problems.push(problem('cover-too-short', 'endsAt', `A cover lasts at least 1 minute; this one lasts ${Math.floor(duration / 1000)} seconds.`));
  } else if (duration > MAX_COVER_MS) {
    problems.push(problem('cover-too-long', 'endsAt', `A cover lasts at most 180 days; this one lasts ${formatDays(duration)}. Make it shorter, and extend it later if needed.`));
  }
  if (!options.started && start < now.getTime() - START_TOLERANCE_MS) {
    problems.push(problem('starts-in-the-past', 'startsAt', 'The cover would start in the past; choose now or a later time.'));
  }
  if (duration > 0 && end <= now.getTime()) {
    problems.push(problem('ends-in-the-past', 'endsAt', 'The cover would be over already; choose an end in the future.'));
  }
  return problems;
}

function formatDays(ms: number): string {
  const days = ms / (24 * 60 * 60_000);
  return Number.isInteger(days) ? `${days} days` : `more than ${Math.floor(days)} days`;
}

/** Half-open intervals: a cover ending at 09:00 and one starting at 09:00 do not overlap. */
export function coversOverlapInTime(a: Pick<Cover, 'startsAt' | 'endsAt'>, b: Pick<Cover, 'startsAt' | 'endsAt'>): boolean {
  return instantMs(a.startsAt) < instantMs(b.endsAt) && instantMs(b.startsAt) < instantMs(a.endsAt);
}

/**
 * Overlapping covers of one owner are allowed only on different parts: two covers adding the
 * same member, both setting the ring order, both changing call answering, or both making the
 * same person a delegate would each take back what the other still needs. One problem per
 * collision, naming the other cover by id and period. Compare canonical covers (`validateCover`).
 */
export function coverOverlapProblems(cover: Cover, others: readonly OwnerCover[]): Problem[] {
  const problems: Problem[] = [];
  for (const other of others) {
    if (!LIVE_COVER_STATUSES.includes(other.status) || !coversOverlapInTime(cover, other.cover)) continue;
    const clash = (path: string, what: string) =>
      problems.push(problem('overlapping-cover', path,
        `Your cover ${other.id} (${other.cover.startsAt} to ${other.cover.endsAt}) already ${what} at that time; covers that overlap in time must change different things.`));
    cover.callGroup?.add.forEach((ref, index) => {
      if (other.cover.callGroup?.add.some((theirs) => sameRef(theirs, ref))) clash(`callGroup.add[${index}]`, `adds ${ref} to your call group`);
    });
    if (cover.callGroup?.order !== undefined && other.cover.callGroup?.order !== undefined) clash('callGroup.order', 'sets the ring order');
    if (cover.answering && other.cover.answering) clash('answering', 'changes your call answering');
    if (cover.delegate && other.cover.delegate && sameRef(cover.delegate.target, other.cover.delegate.target)) {
      clash('delegate.target', `makes ${cover.delegate.target} your delegate`);
    }
  }
  return problems;
}
