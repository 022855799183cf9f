import type { NoticeKind, NoticePreferences } from '@cgm/core';
import { defaultPreferences, noticeTiming, quietHoursEnd } from '@cgm/core';
import type { Clock } from '../services/clock.js';
import type { ConversationRef } from '../services/conversationService.js';
import type { HeldNoticePort, HeldPayload, TabView } from '../services/heldNotices.js';
import type { Delivery, Notice } from './delivery.js';

/** Each person's notification preferences (defaults for people who chose none), in one read. */
export interface PreferenceReader {
  preferencesOf(sips: readonly string[]): Promise<Map<string, NoticePreferences>>;
}

/** Everyone on the defaults: until preferences are stored, and in tests that do not care. */
export const defaultPreferenceReader: PreferenceReader = {
  preferencesOf: async (sips) => new Map(sips.map((sip) => [sip, defaultPreferences()])),
};

/** A notice and what its person's preferences are read for. */
export interface GatedNotice extends Omit<Notice, 'to'> {
  readonly kind: NoticeKind;
  /** Cannot wait for the morning: quiet hours do not hold it (`off` and `daily` still apply). */
  readonly urgent?: boolean;
  /** The notice is itself a once-a-day card (the health digest): `daily` sends it as it comes; quiet hours still hold it. */
  readonly onceADay?: boolean;
  /** The daily summary's line for it. */
  readonly line: string;
  readonly tab: TabView;
  /** What renders it again from the current state when it is released. */
  readonly payload: HeldPayload;
}

/** How a person's copy of a notice went: sent now, queued for later, dropped (off), or not sent (sent before, or failed). */
export type GateOutcome = 'sent' | 'held' | 'daily' | 'off' | 'not-sent';

/** Every card to a person goes through here, so every card honours that person's preferences. */
export interface NoticeGate {
  preferencesOf(sips: readonly string[]): Promise<Map<string, NoticePreferences>>;
  /**
   * Deliver a notice to conversations as each person's preferences say. A team channel (the
   * approvers' channel) is nobody's personal chat: it gets the notice as it comes. `preferences`
   * may be read beforehand for many notices at once.
   */
  deliver(to: readonly ConversationRef[], notice: GatedNotice, preferences?: ReadonlyMap<string, NoticePreferences>): Promise<GateOutcome[]>;
}

export interface NoticeGateOptions {
  readonly preferences: PreferenceReader;
  readonly held: HeldNoticePort;
  readonly delivery: Delivery;
  readonly clock: Clock;
}

export function createNoticeGate({ preferences, held, delivery, clock }: NoticeGateOptions): NoticeGate {
  async function one(to: ConversationRef, notice: GatedNotice, prefs: NoticePreferences | undefined): Promise<GateOutcome> {
    const { kind, urgent, onceADay, line, tab, payload, ...card } = notice;
    const send = async () => ((await delivery.deliver({ ...card, to })) ? 'sent' : 'not-sent');
    if (to.kind !== 'personal' || !to.userSip) return send();
    const now = clock.now();
    const person = prefs ?? defaultPreferences();
    let timing = noticeTiming(person, kind, now, { urgent: urgent === true });
    if (timing.action === 'daily' && onceADay) {
      const until = urgent ? undefined : quietHoursEnd(person, now);
      timing = until ? { action: 'hold', until } : { action: 'send' };
    }
    switch (timing.action) {
      case 'drop':
        return 'off';
      case 'send':
        return send();
      case 'hold':
      case 'daily': {
        const releaseAt = timing.action === 'hold' ? timing.until : timing.at;
        const mode = timing.action;
        await held.enqueue({ recipientSip: to.userSip, noticeKey: card.noticeKey, kind, mode, subjectId: card.subjectId, cardKind: card.cardKind, line, tab, payload, releaseAt }, now);
        return mode === 'hold' ? 'held' : 'daily';
      }
    }
  }

  return {
    preferencesOf: (sips) => preferences.preferencesOf([...new Set(sips)]),
    async deliver(to, notice, known) {
      const sips = to.flatMap((ref) => (ref.kind === 'personal' && ref.userSip && !known?.has(ref.userSip) ? [ref.userSip] : []));
      const read = sips.length > 0 ? await preferences.preferencesOf([...new Set(sips)]) : new Map<string, NoticePreferences>();
      const outcomes: GateOutcome[] = [];
      for (const ref of to) outcomes.push(await one(ref, notice, ref.userSip ? (known?.get(ref.userSip) ?? read.get(ref.userSip)) : undefined));
      return outcomes;
    },
  };
}
