import { createHash } from 'node:crypto';
import type { Finding, FindingRecipient } from '@cgm/core';
import { findingKey, findingRecipients, normalizeSip, problemId } from '@cgm/core';
import type { ConversationRef } from '../services/conversationService.js';
import type { DirectoryService } from '../services/directoryService.js';
import { recipientsOfFindings } from '../services/findingAudience.js';
import type { HealthOverviewService } from '../services/healthOverviewService.js';
import type { NoticeService } from '../services/noticeService.js';
import type { Audience } from './audience.js';
import type { BotPeople } from './botPeople.js';
import type { AdaptiveCard } from './cards/cardElements.js';
import type { PersonalNoticeState } from './cards/personalNoticeCards.js';
import { personalNoticeCard, problemLine } from './cards/personalNoticeCards.js';
import type { Delivery } from './delivery.js';
import type { NoticeGate } from './noticeGate.js';

/** The card kind personal notices are recorded under in card_messages. */
export const PERSONAL_CARD_KIND = 'personal';
/** The notice key of one finding's notice to one person: sent once per finding and person, across restarts and instances. */
export const personalNoticeKey = (id: string) => `personal:${id}`;
/**
 * What every personal card about one finding is recorded under in card_messages, whoever it went
 * to (each person's copy is in their own chat). Updates find the cards from what was sent: CG10's
 * audience is read from the directory, and once the group is emptied or the owner is gone it
 * names nobody, so cards looked up per current recipient would never say "Resolved". A digest,
 * because a finding's key lists every related person.
 */
export const personalCardSubject = (finding: Pick<Finding, 'code' | 'subject' | 'related'>) =>
  `finding-${createHash('sha256').update(findingKey(finding)).digest('hex').slice(0, 32)}`;
/**
 * Who the card in a personal chat was rendered for: the chat's person, as one of the finding's
 * recipients when it was sent. An audience read from elsewhere (CG10's members) is given that
 * person, so a former member's card is still theirs; undefined for a chat the finding never concerned.
 */
function recipientIn(finding: Finding, to: ConversationRef): FindingRecipient | undefined {
  if (!to.userSip) return undefined;
  const sip = normalizeSip(to.userSip);
  return findingRecipients(finding, { membersOf: () => [sip] }).find((recipient) => recipient.sip === sip);
}
/**
 * Whether anyone may have been sent a card about the finding, so resolving it reads its cards:
 * admin-only findings (SC codes, CG11, CG15) concern nobody. CG10's audience is not in the
 * finding (the group's members), so it always may.
 */
const concernsPeople = (finding: Finding) => finding.code === 'CG10' || findingRecipients(finding).length > 0;
/** How far back the catch-up sweep looks for findings whose notices a crash may have left unsent. */
export const SWEEP_WINDOW_MS = 2 * 86_400_000;
/** Findings told per slice of a burst. */
const SLICE = 200;

export interface PersonalNoticesOptions {
  readonly directory: DirectoryService;
  readonly health: HealthOverviewService;
  readonly notices: NoticeService;
  readonly people: BotPeople;
  readonly audience: Audience;
  readonly delivery: Delivery;
  readonly gate: NoticeGate;
}

/** Stale relationships told to the people they concern, each in their personal chat. */
export interface PersonalNotices {
  /**
   * New findings: one notice per person each concerns (or only `onlySip`), as their preferences
   * say; how many were sent now. With `reopen` (findings the health index just added), cards sent
   * about a finding that resolved and came back show it open again.
   */
  announce(findings: readonly Finding[], onlySip?: string, reopen?: boolean): Promise<number>;
  /** Resolved findings: every sent notice about them says so, in place. How many cards were updated. */
  resolve(findings: readonly Finding[]): Promise<number>;
  /** Open findings first seen since `since`: notices a crash left unsent go out now (claims keep it idempotent). */
  sweep(since: Date): Promise<number>;
  /** A held notice of `recipientSip` about `findingKey`, as it reads now; undefined once resolved. */
  current(key: string, recipientSip: string): Promise<AdaptiveCard | undefined>;
  /** The card of one finding for one person, in a given state (a card action's answer). */
  render(finding: Finding, recipient: FindingRecipient, state: PersonalNoticeState): Promise<AdaptiveCard>;
}

export function createPersonalNotices(options: PersonalNoticesOptions): PersonalNotices {
  const { directory, health, notices, people, audience, delivery, gate } = options;

  /** Who each finding concerns: the rule the tab's problems and Tenant health use too (CG10's members resolved by the directory). */
  async function recipientsOf(findings: readonly Finding[]) {
    const recipients = await recipientsOfFindings(findings, directory);
    return findings.flatMap((finding, index) => (recipients[index] ?? []).map((recipient) => ({ finding, recipient, id: problemId(finding, recipient.sip) })));
  }

  const namesFor = (pairs: readonly { finding: Finding; recipient: FindingRecipient }[]) =>
    people.names(pairs.flatMap(({ finding, recipient }) => [finding.subject, ...finding.related.slice(0, 1), ...(recipient.about ? [recipient.about] : [])]));
  // Every recipient's `about` is the finding's subject or first related person (core's audiences),
  // so the names of cards whose people are known only from what was sent are read from the findings.
  const namesOfFindings = (findings: readonly Finding[]) => people.names(findings.flatMap((finding) => [finding.subject, ...finding.related.slice(0, 1)]));

  async function render(finding: Finding, recipient: FindingRecipient, state: PersonalNoticeState): Promise<AdaptiveCard> {
    const names = await namesFor([{ finding, recipient }]);
    return personalNoticeCard({ finding, recipient, problemId: problemId(finding, recipient.sip), names, state });
  }

  /**
   * A policy switched off for a department adds thousands of findings at once: they are told in
   * slices, each read in a few statements (chats, preferences, names), so no one statement
   * holds the database long and the API's requests go between them.
   */
  async function announce(findings: readonly Finding[], onlySip?: string, reopen = false): Promise<number> {
    let sent = 0;
    for (let start = 0; start < findings.length; start += SLICE) sent += await announceSlice(findings.slice(start, start + SLICE), onlySip, reopen);
    return sent;
  }

  /**
   * A finding that resolved and came back: the cards sent about it said "Resolved", so they show
   * it open again, for the people it concerns now only (a former member's card stays resolved).
   */
  async function reopenCards(pairs: readonly { finding: Finding; recipient: FindingRecipient; id: string }[]): Promise<void> {
    if (pairs.length === 0) return;
    const names = await namesFor(pairs);
    const byFinding = new Map<string, { finding: Finding; recipients: Map<string, FindingRecipient> }>();
    for (const { finding, recipient } of pairs) {
      const subject = personalCardSubject(finding);
      const entry = byFinding.get(subject) ?? { finding, recipients: new Map<string, FindingRecipient>() };
      entry.recipients.set(recipient.sip, recipient);
      byFinding.set(subject, entry);
    }
    for (const [subject, { finding, recipients }] of byFinding) {
      await delivery.updateAll(subject, [PERSONAL_CARD_KIND], (to) => {
        const recipient = to.userSip ? recipients.get(normalizeSip(to.userSip)) : undefined;
        return recipient ? personalNoticeCard({ finding, recipient, problemId: problemId(finding, recipient.sip), names, state: { kind: 'open' } }) : undefined;
      });
    }
  }

  async function announceSlice(findings: readonly Finding[], onlySip: string | undefined, reopen: boolean): Promise<number> {
    const wanted = (await recipientsOf(findings)).filter(({ recipient }) => onlySip === undefined || recipient.sip === onlySip);
    // One read for the slice instead of a claim per person: the hourly sweep finds most of them sent.
    const sent = await notices.claimedKeys(wanted.map(({ id }) => personalNoticeKey(id)));
    const pairs = wanted.filter(({ id }) => !sent.has(personalNoticeKey(id)));
    if (reopen) await reopenCards(wanted.filter(({ id }) => sent.has(personalNoticeKey(id))));
    if (pairs.length === 0) return 0;
    // One read each of chats, preferences and names for the whole slice.
    const chats = await audience.personalChats(pairs.map(({ recipient }) => recipient.sip));
    const chatsOf = new Map<string, typeof chats>();
    for (const chat of chats) if (chat.userSip) chatsOf.set(chat.userSip, [...(chatsOf.get(chat.userSip) ?? []), chat]);
    const reachable = pairs.filter(({ recipient }) => chatsOf.has(recipient.sip));
    if (reachable.length === 0) return 0;
    const [preferences, names] = await Promise.all([gate.preferencesOf(reachable.map(({ recipient }) => recipient.sip)), namesFor(reachable)]);
    let told = 0;
    for (const { finding, recipient, id } of reachable) {
      const card = personalNoticeCard({ finding, recipient, problemId: id, names, state: { kind: 'open' } });
      const outcomes = await gate.deliver(
        chatsOf.get(recipient.sip) ?? [],
        {
          noticeKey: personalNoticeKey(id),
          card,
          subjectId: personalCardSubject(finding),
          cardKind: PERSONAL_CARD_KIND,
          kind: recipient.kind,
          line: problemLine(finding, recipient, names),
          tab: 'call-group',
          payload: { findingKey: findingKey(finding) },
        },
        preferences,
      );
      told += outcomes.filter((outcome) => outcome === 'sent').length;
    }
    return told;
  }

  /** Every card sent about each finding says "Resolved", each for the person it was sent to: who it concerns now does not matter. */
  async function resolveSlice(findings: readonly Finding[]): Promise<number> {
    const told = findings.filter(concernsPeople);
    if (told.length === 0) return 0;
    const names = await namesOfFindings(told);
    let updated = 0;
    for (const finding of told) {
      // The card is rendered only for copies that exist: most findings were never sent to anyone.
      updated += await delivery.updateAll(personalCardSubject(finding), [PERSONAL_CARD_KIND], (to) => {
        const recipient = recipientIn(finding, to);
        return recipient ? personalNoticeCard({ finding, recipient, problemId: problemId(finding, recipient.sip), names, state: { kind: 'resolved' } }) : undefined;
      });
    }
    return updated;
  }

  return {
    announce,
    async resolve(findings) {
      let updated = 0;
      for (let start = 0; start < findings.length; start += SLICE) updated += await resolveSlice(findings.slice(start, start + SLICE));
      return updated;
    },
    async sweep(since) {
      const open = await health.openSince(since);
      return announce(open.map((stored) => stored.finding));
    },
    async current(key, recipientSip) {
      const [stored] = await health.findings([key]);
      if (!stored || stored.resolvedAt !== null) return undefined;
      const [pair] = (await recipientsOf([stored.finding])).filter(({ recipient }) => recipient.sip === recipientSip);
      return pair ? render(pair.finding, pair.recipient, { kind: 'open' }) : undefined;
    },
    render,
  };
}
