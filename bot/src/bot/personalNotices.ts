import type { Finding, FindingRecipient } from '@cgm/core';
import { findingKey, problemId } from '@cgm/core';
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

  /** A finding that resolved and came back: the cards sent about it said "Resolved", so they show it open again. */
  async function reopenCards(pairs: readonly { finding: Finding; recipient: FindingRecipient; id: string }[]): Promise<void> {
    if (pairs.length === 0) return;
    const names = await namesFor(pairs);
    for (const { finding, recipient, id } of pairs) {
      await delivery.updateAll(id, [PERSONAL_CARD_KIND], () => personalNoticeCard({ finding, recipient, problemId: id, names, state: { kind: 'open' } }));
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
          subjectId: id,
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

  async function resolveSlice(findings: readonly Finding[]): Promise<number> {
    const pairs = await recipientsOf(findings);
    if (pairs.length === 0) return 0;
    const names = await namesFor(pairs);
    let updated = 0;
    for (const { finding, recipient, id } of pairs) {
      // The card is rendered only for copies that exist: most people were never sent one.
      updated += await delivery.updateAll(id, [PERSONAL_CARD_KIND], () => personalNoticeCard({ finding, recipient, problemId: id, names, state: { kind: 'resolved' } }));
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
