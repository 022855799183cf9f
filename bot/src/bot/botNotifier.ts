import { createHash } from 'node:crypto';
import type { CallingSettings, Finding } from '@cgm/core';
import { findingKey, normalizeSip } from '@cgm/core';
import type { Logger } from '../server/logger.js';
import type { Clock } from '../services/clock.js';
import type { DirectoryService } from '../services/directoryService.js';
import type { HeldNoticePort } from '../services/heldNotices.js';
import type { Notifier } from '../services/notifier.js';
import type { StoredRequest } from '../services/requestService.js';
import { approvalCard } from './cards/approvalCard.js';
import { plain } from './cards/cardElements.js';
import { driftCard } from './cards/driftCard.js';
import type { DigestFinding, OrphanedGroup } from './cards/healthCards.js';
import { callGroupsOffCard, digestCard } from './cards/healthCards.js';
import { memberAddedCard, requestNoticeCard } from './cards/noticeCards.js';
import type { PeopleNames } from './cards/requestDescription.js';
import { forwardingText, isCallGroupNotes, nameOf, requestNameRefs, requestTitle, unansweredText } from './cards/requestDescription.js';
import type { Notice } from './delivery.js';
import type { GatedNotice, PreferenceReader } from './noticeGate.js';
import { createNoticeGate } from './noticeGate.js';
import { createCoverNotices } from './coverNotices.js';
import type { PersonalNotices, PersonalNoticesOptions } from './personalNotices.js';
import { SWEEP_WINDOW_MS, createPersonalNotices } from './personalNotices.js';

/** What the personal notices read, which the notifier builds them from, and what it needs besides. */
export interface BotNotifierOptions extends Omit<PersonalNoticesOptions, 'gate'> {
  readonly logger: Logger;
  readonly clock: Clock;
  /** Each person's notification preferences: every card to a personal chat honours them. */
  readonly preferences: PreferenceReader;
  /** Where notices wait for the end of quiet hours or the next daily summary. */
  readonly held: HeldNoticePort;
}

/** The Notifier services call, plus what the bot's jobs and tests need of it. */
export interface BotNotifier extends Notifier {
  /** Wait for every notice in flight (tests, shutdown). */
  idle(): Promise<void>;
  /** Run `work` after the caller returns; a failure is logged, never thrown. */
  background(what: string, work: () => Promise<void>): Promise<void>;
  /**
   * The health digest: at most once a day, after `digestHourUtc`, and only when findings
   * nobody was told about are open. The number of findings it listed (0: none sent).
   */
  sendDigest(now: Date, digestHourUtc: number): Promise<number>;
  /** Stale relationships told to the people they concern (card actions and held notices render through it). */
  readonly personal: PersonalNotices;
  /** The catch-up sweep: personal notices of recently found, still open findings that a crash left unsent. */
  sweepPersonal(now: Date): Promise<number>;
}

/** Card kinds as recorded in card_messages: which sent cards a later event updates. */
export const CARD_KINDS = { approval: 'approval', notice: 'notice', memberAdded: 'memberAdded', drift: 'drift', digest: 'digest', warning: 'warning' } as const;

/** Calls an orphaned group leaves unanswered: forwarding or unanswered rules that send calls to the group. */
export function callsAtRisk(settings: CallingSettings | undefined): string[] {
  if (!settings) return [];
  const names = new Map<string, string>();
  const risks: string[] = [];
  if (settings.IsForwardingEnabled && settings.ForwardingTargetType === 'Group') risks.push(forwardingText(names, settings));
  if (settings.IsUnansweredEnabled && settings.UnansweredTargetType === 'Group') risks.push(`Unanswered calls: ${unansweredText(names, settings).toLowerCase()}`);
  return risks;
}

/** The CG01 findings of a call-groups-off warning, as the card shows them (the owners' settings in one read). */
export async function orphanedGroups(directory: DirectoryService, findings: readonly Finding[], states: ReadonlyMap<string, OrphanedGroup['state']> = new Map()): Promise<OrphanedGroup[]> {
  const settings = await directory.settingsOf(findings.map((finding) => finding.subject));
  return findings.map((finding) => ({
    findingKey: findingKey(finding),
    ownerSip: finding.subject,
    memberSips: finding.related,
    callsAtRisk: callsAtRisk(settings.get(normalizeSip(finding.subject))),
    state: states.get(findingKey(finding)) ?? 'open',
  }));
}

/** A stable id for a set of findings, so the same warning is never sent twice. */
export function warningId(keys: readonly string[]): string {
  return `cg01:${createHash('sha256').update([...keys].sort().join('\n')).digest('hex').slice(0, 24)}`;
}

/** A request's notice as the gate reads it: its preference kind, its daily-summary line and what renders it again. */
function requestNotice(request: StoredRequest, names: PeopleNames, kind: 'approvals' | 'requestUpdates') {
  const line = kind === 'approvals' ? `Approval waiting: ${requestTitle(names, request)}.` : `${requestTitle(names, request)}: ${request.status}.`;
  return { kind, line, tab: kind === 'approvals' ? 'approvals' : 'call-group', payload: { requestId: request.id } } as const;
}

/**
 * The Notifier services call, speaking through the bot: approval cards to approvers, notices
 * to requesters, "added to a call group" cards to members, warnings and drift alerts. Every
 * method returns at once and sends in the background, so a decision answers fast and a
 * failure to notify never undoes it; `idle()` waits for what is in flight.
 */
export function createBotNotifier(options: BotNotifierOptions): BotNotifier {
  const { directory, health, notices, people, audience, delivery, logger } = options;
  // Every card to a person goes through the gate: their preferences say now, later or never.
  const gate = createNoticeGate({ preferences: options.preferences, held: options.held, delivery, clock: options.clock });
  const personal = createPersonalNotices({ directory, health, notices, people, audience, delivery, gate });
  const inFlight = new Set<Promise<void>>();

  function background(what: string, work: () => Promise<void>): Promise<void> {
    const running = work()
      .catch((error: unknown) => logger.error(`bot notice failed: ${what}`, error))
      .finally(() => inFlight.delete(running));
    inFlight.add(running);
    return Promise.resolve();
  }

  // Services hand over the stored row; the cards read it as the request service returns it.
  const asStored = (request: Parameters<Notifier['requestProposed']>[0]) => request as StoredRequest;
  const namesFor = (request: StoredRequest) => people.names(requestNameRefs(request));

  /** Every sent copy of a request's cards shows its current state. */
  async function updateCopies(request: StoredRequest): Promise<void> {
    const [names, refreshUserIds] = await Promise.all([namesFor(request), audience.refreshIds([request.requesterSip])]);
    await delivery.updateAll(request.id, [CARD_KINDS.approval, CARD_KINDS.notice], (_to, kind) =>
      kind === CARD_KINDS.approval ? approvalCard({ request, names, viewer: { kind: 'reader' }, refreshUserIds }) : requestNoticeCard({ request, names, refreshUserIds: [] }),
    );
  }

  async function noticeToRequester(request: StoredRequest): Promise<void> {
    const names = await namesFor(request);
    for (const to of await audience.personalChats([request.requesterSip])) {
      const card = requestNoticeCard({ request, names, refreshUserIds: [] });
      await gate.deliver([to], { noticeKey: `request:${request.id}:${request.status}`, card, subjectId: request.id, cardKind: CARD_KINDS.notice, ...requestNotice(request, names, 'requestUpdates') });
    }
  }

  async function membersAdded(request: StoredRequest): Promise<void> {
    if (!isCallGroupNotes(request.notes) || request.notes.added.length === 0) return;
    const ownerSip = normalizeSip(request.subjectSip);
    const names = await people.names([ownerSip]);
    for (const memberSip of request.notes.added) {
      const notification = (await directory.notificationIn(memberSip, ownerSip)) ?? 'Ring';
      for (const to of await audience.personalChats([memberSip])) {
        const card = memberAddedCard({ ownerSip, names, notification });
        const line = `${plain(nameOf(names, ownerSip))} added you to their call group.`;
        const gated = { kind: 'addedToGroup', line, tab: 'call-group', payload: { ownerSip } } as const;
        await gate.deliver([to], { noticeKey: `member-added:${request.id}:${memberSip}`, card, subjectId: `member:${ownerSip}:${normalizeSip(memberSip)}`, cardKind: CARD_KINDS.memberAdded, ...gated });
      }
    }
  }

  /** AllowCallGroups switched off for people who still have groups: warn approvers at once, not in tomorrow's digest. */
  async function warnCallGroupsOff(orphaned: readonly Finding[]): Promise<void> {
    if (orphaned.length === 0) return;
    const keys = orphaned.map(findingKey);
    const id = warningId(keys);
    const groups = await orphanedGroups(directory, orphaned);
    const names = await people.names(groups.flatMap((group) => [group.ownerSip, ...group.memberSips]));
    const card = callGroupsOffCard({ groups, names, warningId: id });
    // Calls reach nobody: urgent, so quiet hours do not hold it; an approver who chose approvals daily gets it in the summary.
    const gated: Omit<GatedNotice, keyof Notice> = { kind: 'approvals', urgent: true, line: `Call groups stopped working for ${groups.length} ${groups.length === 1 ? 'person' : 'people'}.`, tab: 'approvals', payload: { keys } };
    await gate.deliver(await audience.approvers(), { noticeKey: id, card, subjectId: id, cardKind: CARD_KINDS.warning, ...gated });
  }

  return {
    personal,
    sweepPersonal: (now) => personal.sweep(new Date(now.getTime() - SWEEP_WINDOW_MS)),
    background,
    idle: async () => {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    requestProposed: (raw) =>
      background('requestProposed', async () => {
        const request = asStored(raw);
        if (request.status !== 'pending') return;
        const [names, refreshUserIds] = await Promise.all([namesFor(request), audience.refreshIds([request.requesterSip])]);
        const card = approvalCard({ request, names, viewer: { kind: 'decider' }, refreshUserIds });
        // The approvers' channel is nobody's personal chat: the gate posts there as it comes.
        const approvals = { ...requestNotice(request, names, 'approvals'), payload: { requestId: request.id, viewer: 'decider' } };
        await gate.deliver(await audience.approvers(request.requesterSip), { noticeKey: `request:${request.id}:proposed`, card, subjectId: request.id, cardKind: CARD_KINDS.approval, ...approvals });
        // Someone asked about another person's group ("Ask to be removed"): the owner hears it too.
        if (request.requesterSip !== request.subjectSip) {
          const ownerCard = approvalCard({ request, names, viewer: { kind: 'reader' }, refreshUserIds });
          const gated = { ...requestNotice(request, names, 'requestUpdates'), payload: { requestId: request.id, viewer: 'reader' } };
          await gate.deliver(await audience.personalChats([request.subjectSip]), { noticeKey: `request:${request.id}:owner`, card: ownerCard, subjectId: request.id, cardKind: CARD_KINDS.approval, ...gated });
        }
      }),
    requestDecided: (raw) =>
      background('requestDecided', async () => {
        const request = asStored(raw);
        await updateCopies(request);
        if (request.needsApproval && ['approved', 'rejected', 'expired'].includes(request.status)) await noticeToRequester(request);
      }),
    requestApplied: (raw) =>
      background('requestApplied', async () => {
        const request = asStored(raw);
        await updateCopies(request);
        // An approved request's notice is updated in place above; a change that needed nobody's approval gets one now.
        if (!request.needsApproval && (request.kind === 'callGroup' || request.kind === 'answering')) await noticeToRequester(request);
        await membersAdded(request);
      }),
    requestFailed: (raw) =>
      background('requestFailed', async () => {
        const request = asStored(raw);
        await updateCopies(request);
        await noticeToRequester(request);
      }),
    findingsChanged: ({ added, resolved }) =>
      background('findingsChanged', async () => {
        // The approvers' warning first: it is one card, urgent, and a burst's personal notices take a while.
        await warnCallGroupsOff(added.filter((finding) => finding.code === 'CG01'));
        // The people each stale relationship concerns, then every card about a resolved one says so.
        if (added.length > 0) await personal.announce(added, undefined, true);
        if (resolved.length > 0) await personal.resolve(resolved);
      }),
    driftDetected: (records) =>
      background('driftDetected', async () => {
        const destinations = await audience.approvers();
        for (const drift of records) {
          const names = await people.names([drift.subjectSip, ...drift.beforeSettings.CallGroupTargets, ...drift.afterSettings.CallGroupTargets]);
          const card = driftCard({ drift, names });
          const line = `${plain(nameOf(names, drift.subjectSip))} changed their settings directly in Teams.`;
          await gate.deliver(destinations, { noticeKey: `drift:${drift.id}`, card, subjectId: drift.id, cardKind: CARD_KINDS.drift, kind: 'drift', line, tab: 'approvals', payload: { driftId: drift.id } });
        }
      }),
    async sendDigest(now, digestHourUtc) {
      if (now.getUTCHours() < digestHourUtc) return 0;
      const digestKey = `digest:${now.toISOString().slice(0, 10)}`;
      if (await notices.wasSent(digestKey)) return 0;
      const due = await health.dueForDigest(now);
      if (due.length === 0) return 0;
      const items: DigestFinding[] = due.map((stored) => ({ key: stored.key, finding: stored.finding, firstSeen: stored.firstSeen, state: 'open' }));
      const names = await people.names(due.flatMap((stored) => [stored.finding.subject, ...stored.finding.related]));
      const card = digestCard({ findings: items, names, now, digestId: digestKey });
      // The digest is itself once a day: `daily` sends it as it comes, `off` never, quiet hours hold it.
      const line = `${due.length} new health finding${due.length === 1 ? '' : 's'}.`;
      const gated = { kind: 'healthDigest', onceADay: true, line, tab: 'approvals', payload: { keys: due.map((stored) => stored.key) } } as const;
      const outcomes = await gate.deliver(await audience.approvers(), { noticeKey: digestKey, card, subjectId: digestKey, cardKind: CARD_KINDS.digest, ...gated });
      const sent = outcomes.filter((outcome) => outcome === 'sent' || outcome === 'held').length;
      if (sent > 0) await health.markNotified(due.map((stored) => stored.key), now);
      return sent > 0 ? due.length : 0;
    },
    // Covers tell the covering people, the owner and, for a held end, the approvers (coverNotices.ts).
    ...createCoverNotices({ gate, audience, background }),
  };
}
