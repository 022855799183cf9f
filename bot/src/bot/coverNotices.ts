import type { Cover, NoticePreferences } from '@cgm/core';
import { normalizeSip } from '@cgm/core';
import type { ConversationRef } from '../services/conversationService.js';
import type { CoverNotice, CoverNotices } from '../services/notifier.js';
import type { Audience } from './audience.js';
import type { CoverCardInput, CoverEvent, CoverRole } from './cards/coverCards.js';
import { COVER_CARD_KIND, coverCard, untilText } from './cards/coverCards.js';
import type { NoticeGate } from './noticeGate.js';

export interface CoverNoticeOptions {
  readonly gate: NoticeGate;
  readonly audience: Audience;
  /** Run the sending after the caller returns (the notifier's background): the cover job never waits for Teams. */
  readonly background: (what: string, work: () => Promise<void>) => Promise<void>;
}

/** The cover as the notifier hands it over. */
type CoverRecord = CoverNotice['cover'];

const sameSip = (a: string, b: string) => normalizeSip(a) === normalizeSip(b);

/** What `sip` does during the cover, in the covering person's words. */
export function partsFor(cover: Cover, sip: string, owner: string): string[] {
  const parts: string[] = [];
  if (cover.callGroup?.add.some((ref) => sameSip(ref, sip))) parts.push(`You are in ${owner}'s call group.`);
  const forwarding = cover.answering?.forwarding;
  if (forwarding?.enabled && forwarding.target && sameSip(forwarding.target, sip)) {
    parts.push(forwarding.type === 'Simultaneous' ? `Your phone rings at the same time as ${owner}'s.` : `${owner}'s calls come straight to you.`);
  }
  const unanswered = cover.answering?.unanswered;
  if (unanswered?.enabled && unanswered.target && sameSip(unanswered.target, sip)) parts.push(`Calls ${owner} does not answer come to you.`);
  if (cover.delegate && sameSip(cover.delegate.target, sip)) parts.push(`You are ${owner}'s delegate.`);
  return parts;
}

/** A cover as its cards show it. */
export function coverCardCover(record: CoverRecord, covering: readonly string[]): CoverCardInput['cover'] {
  return {
    id: record.id,
    status: record.status,
    ownerSip: record.ownerSip,
    endsAt: record.endsAt.toISOString(),
    covering: [...covering],
    heldReason: record.heldReason,
    failure: record.failure,
    notes: record.notes.map((note) => note.message),
    extensionEndsAt: record.extendEndsAt ? record.extendEndsAt.toISOString() : null,
  };
}

/** The zone a person's dates are shown in: theirs when the tab told us, else UTC. */
const zoneOf = (preferences: ReadonlyMap<string, NoticePreferences>, sip: string) => preferences.get(sip)?.timeZone ?? 'UTC';

/**
 * The Notifier's cover notices, through the gate every personal card goes through: each person's
 * preferences decide now, later or never (kind `requestUpdates`, the one for what happens to a
 * person's own changes; approvers' copies of a held end are `approvals`).
 */
export function createCoverNotices({ gate, audience, background }: CoverNoticeOptions): CoverNotices {
  async function tell(notice: CoverNotice, event: CoverEvent, roles: readonly CoverRole[]): Promise<void> {
    const { cover: record, covering, names } = notice;
    const owner = names[record.ownerSip] ?? record.ownerSip.replace(/^sip:/i, '');
    const cover = coverCardCover(record, covering);
    const approvers = roles.includes('approver') ? await audience.approvers(record.ownerSip) : [];
    const people = [record.ownerSip, ...(roles.includes('covering') ? covering : []), ...approvers.flatMap((ref) => (ref.userSip ? [ref.userSip] : []))];
    const preferences = await gate.preferencesOf(people);
    // An extended cover is told again a day before its new end.
    const at = event === 'endingSoon' ? `:${cover.endsAt}` : '';
    const send = async (to: ConversationRef, role: CoverRole) => {
      const sip = to.userSip ?? to.id;
      const input: CoverCardInput = { event, role, zone: zoneOf(preferences, sip), cover, names: { ...names }, parts: role === 'covering' ? partsFor(record.cover, sip, owner) : [] };
      const until = untilText(cover.endsAt, input.zone);
      const line = role === 'covering' ? `${owner}'s cover (${event}), until ${until}.` : role === 'approver' ? `The end of ${owner}'s cover is held.` : `Your cover (${event}), until ${until}.`;
      const gated = { kind: role === 'approver' ? 'approvals' : 'requestUpdates', line, tab: role === 'approver' ? 'approvals' : 'call-group', payload: input } as const;
      await gate.deliver([to], { noticeKey: `cover:${record.id}:${event}${at}:${role}:${sip}`, card: coverCard(input), subjectId: `cover:${record.id}`, cardKind: COVER_CARD_KIND, ...gated }, preferences);
    };
    if (roles.includes('owner')) for (const to of await audience.personalChats([record.ownerSip])) await send(to, 'owner');
    if (roles.includes('covering')) for (const to of await audience.personalChats(covering)) await send(to, 'covering');
    for (const to of approvers) await send(to, 'approver');
  }

  const run = (event: CoverEvent, roles: readonly CoverRole[]) => (notice: CoverNotice) => background(`cover ${event}`, () => tell(notice, event, roles));
  return {
    coverStarted: run('started', ['covering', 'owner']),
    coverEnded: run('ended', ['covering', 'owner']),
    coverEndingSoon: run('endingSoon', ['owner']),
    coverHeld: run('held', ['owner', 'approver']),
    coverFailed: run('failed', ['owner']),
  };
}
