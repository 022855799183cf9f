import { describe, expect, it } from 'vitest';
import type { Logger } from '../server/logger.js';
import { manualClock } from '../server/testServer.js';
import type { ConversationRef } from '../services/conversationService.js';
import type { HeldNotice, HeldNoticePort } from '../services/heldNotices.js';
import type { NoticeService } from '../services/noticeService.js';
import type { Audience } from './audience.js';
import { messageCard } from './cards/chatCards.js';
import type { Delivery, Notice } from './delivery.js';
import { createHeldRelease, localDate } from './heldRelease.js';
import { defaultPreferenceReader } from './noticeGate.js';

const T0 = new Date('2026-11-23T12:00:00Z');
const held = (id: number, recipientSip: string): HeldNotice => ({
  id,
  recipientSip,
  noticeKey: `personal:p-${id}`,
  kind: 'memberUnreachable',
  mode: 'hold',
  subjectId: `p-${id}`,
  cardKind: 'personal',
  line: `Line ${id}`,
  tab: 'call-group',
  payload: {},
  queuedAt: T0,
  releaseAt: T0,
});
const chat = (sip: string): ConversationRef => ({ id: `a:${sip}`, kind: 'personal', userSip: sip, reference: {}, updatedAt: T0 });

/** The release job over fakes: the queue holds `queued`, and rendering Irvin's notice throws. */
function fixture(queued: HeldNotice[]) {
  const clock = manualClock(T0);
  const postponed: { ids: readonly number[]; at: Date }[] = [];
  const releasedIds: number[] = [];
  const delivered: Notice[] = [];
  const errors: string[] = [];
  let claimed = false;
  const port: HeldNoticePort = {
    enqueue: async () => true,
    claimDue: async () => (claimed ? [] : ((claimed = true), queued)),
    released: async (ids) => void releasedIds.push(...ids),
    postpone: async (ids, at) => void postponed.push({ ids, at }),
  };
  const release = createHeldRelease({
    held: port,
    notices: { wasSent: async () => false, claim: async () => true } as unknown as NoticeService,
    audience: { personalChats: async (sips: readonly string[]) => sips.map(chat) } as unknown as Audience,
    delivery: { deliver: async (notice: Notice) => (delivered.push(notice), true) } as unknown as Delivery,
    preferences: defaultPreferenceReader,
    clock,
    logger: { info: () => undefined, warn: () => undefined, error: (message: string) => void errors.push(message) } as Logger,
    render: async (item) => {
      if (item.recipientSip === 'sip:irvin@contoso.com') throw new Error('the directory is unreachable');
      return messageCard('Held', item.line);
    },
    tabLink: () => undefined,
  });
  return { release, postponed, releasedIds, delivered, errors };
}

describe('releasing held notices', () => {
  it('goes on with everyone else when one person’s notice cannot be released, and tries that person again later', async () => {
    const f = fixture([held(1, 'sip:irvin@contoso.com'), held(2, 'sip:lee@contoso.com')]);
    expect(await f.release.releaseDue()).toEqual({ sent: 1, dropped: 0 });
    expect(f.delivered.map((notice) => notice.noticeKey)).toEqual(['personal:p-2']);
    expect(f.releasedIds).toEqual([2]);
    expect(f.postponed).toEqual([{ ids: [1], at: new Date(T0.getTime() + 15 * 60_000) }]);
    expect(f.errors).toEqual(['held notices not released']);
  });
});

describe('the day of a daily summary', () => {
  it('is the calendar date in the person’s zone, UTC while it is unknown or unknown to the runtime', () => {
    const lateEvening = new Date('2026-11-23T23:30:00Z');
    expect(localDate(null, lateEvening)).toBe('2026-11-23');
    expect(localDate('Europe/Berlin', lateEvening)).toBe('2026-11-24');
    expect(localDate('America/Los_Angeles', new Date('2026-11-24T07:59:00Z'))).toBe('2026-11-23');
    expect(localDate('Mars/Olympus_Mons', lateEvening)).toBe('2026-11-23');
  });
});
