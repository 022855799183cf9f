import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeldNoticeInput } from '../services/heldNotices.js';
import type { Database } from './database.js';
import { createHeldNoticeStore } from './heldNoticeStore.js';
import { testBackends } from './testDatabase.js';

const T0 = new Date('2026-11-23T09:00:00Z');
const MINUTE = 60_000;
const notice = (person: number, n: number, releaseAt = T0): HeldNoticeInput => ({
  recipientSip: `sip:person.${person}@contoso.com`,
  noticeKey: `personal:cg08-${person}-${n}`,
  kind: 'memberUnreachable',
  mode: 'daily',
  subjectId: `cg08-${person}-${n}`,
  cardKind: 'personal',
  line: `Line ${n}`,
  tab: 'call-group',
  payload: { findingKey: `CG08|sip:person.${person}@contoso.com|${n}` },
  releaseAt,
});

describe.each(testBackends())('the held notice queue (%s)', (_name, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  });
  afterAll(() => db?.close());

  it('queues a notice once per person and key, keeping its payload', async () => {
    const store = createHeldNoticeStore(db);
    expect(await store.enqueue(notice(0, 0), T0)).toBe(true);
    expect(await store.enqueue({ ...notice(0, 0), line: 'again' }, T0)).toBe(false);
    const [claimed] = await store.claimDue(T0, MINUTE, 10);
    expect(claimed).toMatchObject({ ...notice(0, 0), queuedAt: T0 });
    await store.released([claimed!.id], T0);
    expect(await store.enqueue(notice(0, 0), T0)).toBe(false);
  });

  it('never hands the same notice to two claimers at once, and hands every due one to somebody', async () => {
    const store = createHeldNoticeStore(db);
    for (let person = 1; person <= 6; person++) for (let n = 0; n < 4; n++) await store.enqueue(notice(person, n), T0);
    await store.enqueue(notice(7, 0, new Date(T0.getTime() + MINUTE)), T0);
    const [a, b] = await Promise.all([createHeldNoticeStore(db).claimDue(T0, MINUTE, 3), createHeldNoticeStore(db).claimDue(T0, MINUTE, 3)]);
    const ids = [...a!, ...b!].map((item) => item.id);
    expect(new Set(ids).size).toBe(ids.length);
    // A claimer takes every due notice of each person it picks, so a daily summary is built from all of them.
    for (const batch of [a!, b!]) {
      for (const sip of new Set(batch.map((item) => item.recipientSip))) expect(batch.filter((item) => item.recipientSip === sip)).toHaveLength(4);
    }
    const rest = await store.claimDue(T0, MINUTE, 10);
    expect(ids.length + rest.length).toBe(24);
    expect(rest.map((item) => item.recipientSip)).not.toContain('sip:person.7@contoso.com');
  });

  it('gives a claim back to others once its lease ends (a crashed instance), and never a released one', async () => {
    const store = createHeldNoticeStore(db);
    const later = new Date(T0.getTime() + 2 * MINUTE);
    const again = await store.claimDue(later, MINUTE, 100);
    // The 24 leased a minute ago, and person 7's, due since.
    expect(again).toHaveLength(25);
    await store.released(again.map((item) => item.id), later);
    expect(await store.claimDue(new Date(later.getTime() + 10 * MINUTE), MINUTE, 100)).toEqual([]);
  });

  it('postpones a claimed notice to a later time, releasing its lease', async () => {
    const store = createHeldNoticeStore(db);
    await store.enqueue(notice(8, 0), T0);
    const [item] = await store.claimDue(T0, MINUTE, 10);
    const tomorrow = new Date(T0.getTime() + 24 * 60 * MINUTE);
    await store.postpone([item!.id], tomorrow);
    expect(await store.claimDue(new Date(tomorrow.getTime() - 1), MINUTE, 10)).toEqual([]);
    expect((await store.claimDue(tomorrow, MINUTE, 10)).map((claimed) => claimed.id)).toEqual([item!.id]);
  });
});
