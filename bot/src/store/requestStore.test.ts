import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { createRequestStore } from './requestStore.js';
import type { NewChangeRequest } from './requestStore.js';
import { testBackends } from './testDatabase.js';
import { testSettings } from '../../../core/src/testing/testTenant.js';
import { alex, alexSettings } from './testTenant.js';

const T0 = new Date('2026-11-02T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function newRequest(overrides: Partial<NewChangeRequest> = {}): NewChangeRequest {
  return {
    id: randomUUID(),
    requesterSip: 'sip:alex.wilber@contoso.com',
    subjectSip: 'sip:alex.wilber@contoso.com',
    kind: 'callGroup',
    settingsGroup: 'callGroup',
    change: { kind: 'callGroup', order: 'Simultaneous', targets: ['sip:joni.sherman@contoso.com'] },
    beforeSettings: testSettings(alex),
    desired: alexSettings,
    writes: [{ group: 'CallGroup' }, { group: 'Forwarding' }],
    notes: { kind: 'callGroup', added: ['sip:joni.sherman@contoso.com'] },
    status: 'pending',
    needsApproval: true,
    createdAt: T0,
    expiresAt: at(60),
    ...overrides,
  };
}

describe.each(testBackends())('RequestStore on %s', (_name, open) => {
  let db: Database;
  const store = () => createRequestStore(db);
  beforeAll(async () => {
    db = await open();
  }, 120_000);
  afterAll(() => db.close());

  it('stores a request and reads it back with dates and JSON intact', async () => {
    const baseVersions = { callGroup: 3, forwarding: 1, unanswered: 2, membership: 1, notification: 7 };
    const request = newRequest({ requesterSip: 'Alex.Wilber@Contoso.com', findingKey: 'CG01|sip:alex.wilber@contoso.com|', baseVersions });
    const created = await store().create(request);
    const expected = {
      ...request,
      requesterSip: 'sip:alex.wilber@contoso.com',
      decidedAt: null,
      decidedBy: null,
      decisionReason: null,
      appliedAt: null,
      failure: null,
    };
    expect(created).toEqual(expected);
    expect(await store().get(request.id)).toEqual(expected);
    expect(await store().get(randomUUID())).toBeUndefined();
  });

  it('lets only one of two concurrent approvals through', async () => {
    const { id } = await store().create(newRequest());
    const approve = (by: string) =>
      db.transaction((tx) => createRequestStore(tx).transition(id, { from: ['pending'], to: 'approved', set: { decidedBy: by, decidedAt: at(5) } }));
    const results = await Promise.all([approve('sip:admin1@contoso.com'), approve('sip:admin2@contoso.com')]);
    const winners = results.filter((result) => result !== undefined);
    expect(winners).toHaveLength(1);
    expect((await store().get(id))?.decidedBy).toBe(winners[0]?.decidedBy);
  });

  it('refuses a transition from a state not allowed and leaves the request as it was', async () => {
    const { id } = await store().create(newRequest());
    await store().transition(id, { from: ['pending'], to: 'rejected', set: { decidedBy: 'sip:admin@contoso.com', decisionReason: 'no' } });
    expect(await store().transition(id, { from: ['pending'], to: 'approved' })).toBeUndefined();
    expect(await store().get(id)).toMatchObject({ status: 'rejected', decisionReason: 'no' });
  });

  it('moves through several allowed states and sets only the fields given', async () => {
    const { id } = await store().create(newRequest({ status: 'approved' }));
    const applied = await store().transition(id, { from: ['approved', 'failed'], to: 'applied', set: { appliedAt: at(9) } });
    expect(applied).toMatchObject({ status: 'applied', appliedAt: at(9), decidedBy: null, failure: null });
  });

  it('returns undefined for an unknown request', async () => {
    expect(await store().transition(randomUUID(), { from: ['pending'], to: 'approved' })).toBeUndefined();
  });

  it('lists pending requests that need approval, oldest first', async () => {
    const fresh = await open();
    try {
      const requests = createRequestStore(fresh);
      const late = await requests.create(newRequest({ createdAt: at(3) }));
      const early = await requests.create(newRequest({ createdAt: at(1) }));
      await requests.create(newRequest({ createdAt: at(0), needsApproval: false }));
      await requests.create(newRequest({ createdAt: at(0), status: 'approved' }));
      expect((await requests.listPendingForApproval(10)).map((r) => r.id)).toEqual([early.id, late.id]);
      expect((await requests.listPendingForApproval(1)).map((r) => r.id)).toEqual([early.id]);
    } finally {
      await fresh.close();
    }
  });

  it("lists a requester's requests newest first, up to the limit", async () => {
    const requester = `sip:${randomUUID()}@contoso.com`;
    const ids = [];
    for (const minute of [1, 2, 3]) ids.push((await store().create(newRequest({ requesterSip: requester, createdAt: at(minute) }))).id);
    expect((await store().listByRequester(requester.toUpperCase(), 2)).map((r) => r.id)).toEqual([ids[2], ids[1]]);
  });

  it('finds the pending requests of one subject and settings group', async () => {
    const subject = `sip:${randomUUID()}@contoso.com`;
    const callGroup = await store().create(newRequest({ subjectSip: subject }));
    await store().create(newRequest({ subjectSip: subject, settingsGroup: 'forwarding' }));
    await store().create(newRequest({ subjectSip: subject, status: 'cancelled' }));
    expect((await store().pendingForSubjectGroup(subject, 'callGroup')).map((r) => r.id)).toEqual([callGroup.id]);
  });

  it("supersedes a requester's pending requests of one subject and settings group, oldest first, and nothing else", async () => {
    const subject = `sip:${randomUUID()}@contoso.com`;
    const requester = 'sip:alex.wilber@contoso.com';
    const second = await store().create(newRequest({ subjectSip: subject, createdAt: at(2) }));
    const first = await store().create(newRequest({ subjectSip: subject, createdAt: at(1) }));
    const otherGroup = await store().create(newRequest({ subjectSip: subject, settingsGroup: 'forwarding' }));
    const decided = await store().create(newRequest({ subjectSip: subject, status: 'approved' }));
    const otherSubject = await store().create(newRequest({ subjectSip: `sip:${randomUUID()}@contoso.com` }));
    // K3: someone else's request for the same subject and settings is theirs to keep.
    const otherRequester = await store().create(newRequest({ subjectSip: subject, requesterSip: 'sip:brian.johnson@contoso.com' }));
    const superseded = await store().supersedePending(subject.toUpperCase(), 'callGroup', requester.toUpperCase(), { decidedAt: at(5), decidedBy: 'system' });
    expect(superseded.map((r) => [r.id, r.status, r.decidedAt, r.decidedBy])).toEqual([
      [first.id, 'superseded', at(5), 'system'],
      [second.id, 'superseded', at(5), 'system'],
    ]);
    for (const untouched of [otherGroup, decided, otherSubject, otherRequester]) expect(await store().get(untouched.id)).toEqual(untouched);
    expect(await store().supersedePending(subject, 'callGroup', requester, { decidedAt: at(6), decidedBy: 'system' })).toEqual([]);
  });

  it('lists the applied requests of a subject that recorded base versions, latest applied first', async () => {
    const subject = `sip:${randomUUID()}@contoso.com`;
    const base = { callGroup: 1, forwarding: 1, unanswered: 1, membership: 1, notification: 1 };
    const applied = async (minute: number, baseVersions: typeof base | null) => {
      const { id } = await store().create(newRequest({ subjectSip: subject, status: 'approved', baseVersions }));
      return (await store().transition(id, { from: ['approved'], to: 'applied', set: { appliedAt: at(minute) } }))!.id;
    };
    const earlier = await applied(1, base);
    const later = await applied(2, base);
    await applied(3, null);
    await store().create(newRequest({ subjectSip: subject, status: 'approved', baseVersions: base }));
    expect((await store().appliedForSubject(subject.toUpperCase(), 10)).map((r) => r.id)).toEqual([later, earlier]);
    expect((await store().appliedForSubject(subject, 1)).map((r) => r.id)).toEqual([later]);
  });

  it('expires pending requests whose expiry has come, and no others', async () => {
    const fresh = await open();
    try {
      const requests = createRequestStore(fresh);
      const due = await requests.create(newRequest({ expiresAt: at(60) }));
      const notYet = await requests.create(newRequest({ expiresAt: new Date(at(60).getTime() + 1) }));
      await requests.create(newRequest({ expiresAt: at(10), status: 'approved' }));
      await requests.create(newRequest({ expiresAt: null }));
      const expired = await requests.expireOlderThan(at(60));
      expect(expired.map((r) => [r.id, r.status, r.decidedAt])).toEqual([[due.id, 'expired', at(60)]]);
      expect((await requests.get(notYet.id))?.status).toBe('pending');
    } finally {
      await fresh.close();
    }
  });
});
