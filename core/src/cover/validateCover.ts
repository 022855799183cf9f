import type { GroupsOf } from '../change/memberGroupCount.js';
import { canonicalForwardingTarget, canonicalMemberRef } from '../change/memberRef.js';
import type { ForwardingRule } from '../change/types.js';
import type { TenantLookup } from '../model/lookup.js';
import { fail, ok, type Result } from '../model/result.js';
import type { CallingSettings, User } from '../model/tenant.js';
import { coverEndDesired } from './coverEnd.js';
import { coverAnsweringProblems, coverCallGroupProblems, coverDelegateProblems } from './coverRules.js';
import { coverStartDesired } from './coverStart.js';
import { coverOverlapProblems, coverTimeProblems, instantMs, type CoverTimeOptions } from './coverTime.js';
import { LIVE_COVER_STATUSES, type Cover, type CoverNote, type OwnerCover } from './types.js';

/** What `validateCover` needs besides the cover and the clock. */
export interface CoverContext extends CoverTimeOptions {
  readonly lookup: TenantLookup;
  /** The owner: the person whose settings the cover changes. */
  readonly owner: User;
  /** The owner's other covers (any status; only pending, scheduled and active ones count). Leave the cover itself out. */
  readonly otherCovers?: readonly OwnerCover[] | undefined;
  /** How many call groups a person is in (the server's reverse index); scanned when absent. */
  readonly groupsOf?: GroupsOf | undefined;
  /** How many managers a person is a delegate of; scanned when absent. */
  readonly delegatorsOf?: ((sip: string) => number) | undefined;
}

/** A valid cover, in canonical spellings, with the settings it will meet and write at its start. */
export interface ValidatedCover {
  /** The cover with every person as a canonical `sip:` URI and numbers without `tel:`: store this one. */
  readonly cover: Cover;
  /** The owner's settings as they will be at the start (today's, with their other covers started or ended by then). */
  readonly atStart: CallingSettings;
  /** What the start will write, if nothing else changes meanwhile. */
  readonly desired: CallingSettings;
  readonly notes: readonly CoverNote[];
}

/**
 * Judges a cover and returns every problem at once, each naming its field (`endsAt`,
 * `callGroup.add[1]`, `answering.forwarding.target`, `delegate.target`): its period, Teams'
 * limits as they will be at the start, the covering people's eligibility, and collisions with
 * the owner's other covers. The start is re-planned when it comes (settings change meanwhile);
 * judging now lets the owner fix the cover while they are still there to fix it.
 */
export function validateCover(cover: Cover, context: CoverContext, now: Date): Result<ValidatedCover> {
  const { lookup, owner } = context;
  // Other covers were stored canonical; spelling them again costs little and makes overlaps exact whatever a caller passes.
  const others = (context.otherCovers ?? []).map((other) => ({ ...other, cover: canonicalCover(other.cover, lookup) }));
  const canonical = canonicalCover(cover, lookup);
  const timeProblems = coverTimeProblems(cover, now, context);
  // A cover whose period is unreadable has no "at the start" to judge the limits at.
  const startMs = instantMs(cover.startsAt);
  const atStart = Number.isNaN(startMs) ? lookup.settingsOf(owner) : settingsAtStart(lookup.settingsOf(owner), startMs, others);
  const start = coverStartDesired(atStart, canonical);
  const input = { lookup, owner, cover, atStart, desired: start.desired, groupsOf: context.groupsOf, delegatorsOf: context.delegatorsOf };
  const problems = [
    ...timeProblems,
    ...coverCallGroupProblems(input),
    ...coverAnsweringProblems(input),
    ...coverDelegateProblems(input),
    ...(timeProblems.length > 0 ? [] : coverOverlapProblems(canonical, others)),
  ];
  return problems.length > 0 ? fail(problems) : ok({ cover: canonical, atStart, desired: start.desired, notes: start.notes });
}

/** The cover with each person in the spelling Teams reads back, so the start and end compare cleanly. */
export function canonicalCover(cover: Cover, lookup: TenantLookup): Cover {
  const rule = <TRule extends ForwardingRule>(value: TRule | undefined): TRule | undefined =>
    value && value.target !== null ? { ...value, target: canonicalForwardingTarget(value.target, lookup) } : value;
  return {
    ...cover,
    ...(cover.callGroup ? { callGroup: { ...cover.callGroup, add: cover.callGroup.add.map((ref) => canonicalMemberRef(ref, lookup)) } } : {}),
    ...(cover.answering ? { answering: { ...cover.answering, forwarding: rule(cover.answering.forwarding), unanswered: rule(cover.answering.unanswered) } } : {}),
    ...(cover.delegate ? { delegate: { ...cover.delegate, target: canonicalMemberRef(cover.delegate.target, lookup) } } : {}),
  };
}

/**
 * The owner's settings at `startMs`: active covers that will have ended by then are taken back
 * (when their start was recorded), and covers not started yet that will be running then are
 * applied, in time order. So a cover that adds the 25th member while another adds the 26th is
 * refused now, not at its start.
 */
export function settingsAtStart(current: CallingSettings, startMs: number, others: readonly OwnerCover[]): CallingSettings {
  const live = others.filter((other) => LIVE_COVER_STATUSES.includes(other.status));
  const events: { at: number; apply: (settings: CallingSettings) => CallingSettings }[] = [];
  for (const other of live) {
    const { atStart, afterStart } = other;
    const [start, end] = [instantMs(other.cover.startsAt), instantMs(other.cover.endsAt)];
    if (other.status === 'active' && end <= startMs && atStart && afterStart) {
      events.push({ at: end, apply: (settings) => coverEndDesired(atStart, afterStart, settings, other.cover).desired });
    }
    if (other.status !== 'active' && start <= startMs && startMs < end) {
      events.push({ at: start, apply: (settings) => coverStartDesired(settings, other.cover).desired });
    }
  }
  return events.sort((a, b) => a.at - b.at).reduce((settings, event) => event.apply(settings), current);
}
