import type { NoticePreferences } from '@cgm/core';
import { defaultPreferences, nextDailySummary, quietHoursEnd } from '@cgm/core';
import type { Logger } from '../server/logger.js';
import type { Clock } from '../services/clock.js';
import type { ConversationRef } from '../services/conversationService.js';
import type { HeldNotice, HeldNoticePort, TabView } from '../services/heldNotices.js';
import type { NoticeService } from '../services/noticeService.js';
import type { Audience } from './audience.js';
import type { AdaptiveCard } from './cards/cardElements.js';
import type { SummaryLine } from './cards/personalNoticeCards.js';
import { dailySummaryCard } from './cards/personalNoticeCards.js';
import type { Delivery } from './delivery.js';
import type { PreferenceReader } from './noticeGate.js';

/** A held notice as it reads now; undefined when it is no longer relevant (the finding resolved, the request decided). */
export type HeldRenderer = (notice: HeldNotice) => Promise<AdaptiveCard | undefined>;

export interface HeldReleaseOptions {
  readonly held: HeldNoticePort;
  readonly notices: NoticeService;
  readonly audience: Audience;
  readonly delivery: Delivery;
  readonly preferences: PreferenceReader;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly render: HeldRenderer;
  /** A deep link to a view of the personal tab, when the server knows the Teams app id. */
  readonly tabLink: (view: TabView) => string | undefined;
  /** How long a claim is this instance's (a crash in between lets another instance release it after). */
  readonly leaseMs?: number;
  /** People per claim. */
  readonly batch?: number;
}

export interface HeldRelease {
  /** Release every due notice: quiet-hours notices as they read now, daily ones as one summary per person. */
  releaseDue(): Promise<{ readonly sent: number; readonly dropped: number }>;
}

/** The calendar date in the person's zone (UTC when unknown or unknown to the runtime): one summary per such day. */
export function localDate(timeZone: string | null, at: Date): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone: timeZone ?? 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  } catch (error) {
    if (error instanceof RangeError) return at.toISOString().slice(0, 10);
    throw error;
  }
}

/** The notice key of a person's daily summary: one per person and local day, across restarts and instances. */
export const dailySummaryKey = (sip: string, date: string) => `daily:${sip}:${date}`;

const MAX_BATCHES = 50;
/** A person whose notices failed to release is tried again this much later, the others go on. */
const RETRY_MS = 15 * 60_000;

function partition<T>(items: readonly T[], keep: (item: T) => boolean): [T[], T[]] {
  return [items.filter(keep), items.filter((item) => !keep(item))];
}

export function createHeldRelease(options: HeldReleaseOptions): HeldRelease {
  const { held, notices, audience, delivery, preferences, clock, render } = options;
  const leaseMs = options.leaseMs ?? 5 * 60_000;

  async function releaseHeld(item: HeldNotice, chats: readonly ConversationRef[]): Promise<boolean> {
    const card = await render(item);
    if (!card) return false;
    let sent = false;
    for (const to of chats) if (await delivery.deliver({ noticeKey: item.noticeKey, to, card, subjectId: item.subjectId, cardKind: item.cardKind })) sent = true;
    return sent;
  }

  async function releaseDaily(sip: string, items: readonly HeldNotice[], chats: readonly ConversationRef[], prefs: NoticePreferences): Promise<'sent' | 'dropped' | 'postponed'> {
    // The summary goes at a summary time of the preferences as they read now, never earlier than planned: a zone
    // the tab stored, or a later hour chosen, after these were queued moves it to that time.
    const summaryAt = Math.min(...items.map((item) => nextDailySummary(prefs, new Date(new Date(item.releaseAt).getTime() - 1)).getTime()));
    if (summaryAt > clock.now().getTime()) {
      await held.postpone(items.map((item) => item.id), new Date(summaryAt));
      return 'postponed';
    }
    const lines: SummaryLine[] = [];
    for (const item of items) {
      if (!(await render(item))) continue;
      const link = options.tabLink(item.tab);
      lines.push({ text: item.line, ...(link ? { link } : {}) });
    }
    if (lines.length === 0 || chats.length === 0) return 'dropped';
    const date = localDate(prefs.timeZone, items[0]?.releaseAt ?? clock.now());
    const key = dailySummaryKey(sip, date);
    if (await notices.wasSent(key)) {
      // Today's summary went out already (the person moved their hour): these wait for tomorrow's.
      await held.postpone(items.map((item) => item.id), nextDailySummary(prefs, clock.now()));
      return 'postponed';
    }
    const card = dailySummaryCard({ lines, date });
    let sent = false;
    for (const to of chats) {
      if (!(await delivery.deliver({ noticeKey: key, to, card, subjectId: key, cardKind: 'daily' }))) continue;
      sent = true;
      // Each line counts as its notice: the catch-up sweep or a later event never sends it again.
      for (const item of items) await notices.claim(item.noticeKey, to.id);
    }
    return sent ? 'sent' : 'dropped';
  }

  async function releasePerson(sip: string, due: readonly HeldNotice[], chats: readonly ConversationRef[], person: NoticePreferences): Promise<{ sent: number; dropped: number }> {
    let sent = 0;
    let dropped = 0;
    // A kind the person switched off after the notice was held is not sent after all.
    const [mine, switchedOff] = partition(due.filter((item) => item.recipientSip === sip), (item) => person.notices[item.kind] !== 'off');
    if (switchedOff.length > 0) {
      dropped += switchedOff.length;
      await held.released(switchedOff.map((item) => item.id), clock.now());
    }
    const to = chats.filter((chat) => chat.userSip === sip);
    const daily = mine.filter((item) => item.mode === 'daily');
    const waiting = mine.filter((item) => item.mode === 'hold');
    // Quiet hours as the person's preferences read now (a zone the tab stored meanwhile, new hours): still quiet, they wait for the end.
    const stillQuiet = waiting.length > 0 ? quietHoursEnd(person, clock.now()) : undefined;
    if (stillQuiet) await held.postpone(waiting.map((item) => item.id), stillQuiet);
    for (const item of stillQuiet ? [] : waiting) {
      if (await releaseHeld(item, to)) sent += 1;
      else dropped += 1;
      await held.released([item.id], clock.now());
    }
    if (daily.length === 0) return { sent, dropped };
    const outcome = await releaseDaily(sip, daily, to, person);
    if (outcome === 'postponed') return { sent, dropped };
    if (outcome === 'sent') sent += 1;
    else dropped += daily.length;
    await held.released(daily.map((item) => item.id), clock.now());
    return { sent, dropped };
  }

  async function releaseBatch(): Promise<{ claimed: number; sent: number; dropped: number }> {
    const now = clock.now();
    const due = await held.claimDue(now, leaseMs, options.batch ?? 100);
    if (due.length === 0) return { claimed: 0, sent: 0, dropped: 0 };
    const sips = [...new Set(due.map((item) => item.recipientSip))];
    const [chats, prefs] = await Promise.all([audience.personalChats(sips), preferences.preferencesOf(sips)]);
    let sent = 0;
    let dropped = 0;
    for (const sip of sips) {
      try {
        const released = await releasePerson(sip, due, chats, prefs.get(sip) ?? defaultPreferences());
        sent += released.sent;
        dropped += released.dropped;
      } catch (error) {
        // One person's notice that cannot be rendered or sent must not hold back everyone else's.
        options.logger.error('held notices not released', error);
        await held.postpone(due.filter((item) => item.recipientSip === sip).map((item) => item.id), new Date(clock.now().getTime() + RETRY_MS));
      }
    }
    return { claimed: due.length, sent, dropped };
  }

  return {
    async releaseDue() {
      let sent = 0;
      let dropped = 0;
      for (let batch = 0; batch < MAX_BATCHES; batch++) {
        const result = await releaseBatch();
        sent += result.sent;
        dropped += result.dropped;
        if (result.claimed === 0) break;
      }
      return { sent, dropped };
    },
  };
}
