import { randomUUID } from 'node:crypto';
import type { Tenant } from '@cgm/core';
import { normalizeSip } from '@cgm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namedUser, testSettings, testTenant } from '../../../core/src/testing/testTenant.js';
import type { Database } from './database.js';
import { readMyPage } from './myPage.js';
import type { NewChangeRequest } from './requestStore.js';
import { createRequestStore } from './requestStore.js';
import { createTenantStore } from './tenantStore.js';
import { testBackends } from './testDatabase.js';
import { alex, alexSettings, joni, largeTestTenant, lidia, megan, sampleTenant, SYNCED_AT } from './testTenant.js';
import { resolveUserRefs } from './userRefs.js';

/** The user and page as the five separate reads it replaces return them. */
async function separateReads(db: Database, ref: string, limit: number) {
  const store = createTenantStore(db);
  const user = await store.userByRef(ref);
  if (!user) return undefined;
  const sip = normalizeSip(user.SipAddress);
  const settings = await store.settingsOf(sip);
  const page = {
    settings,
    memberships: await store.groupsContaining(sip),
    requests: await createRequestStore(db).listByRequester(sip, limit),
    targets: await resolveUserRefs(db, settings?.settings.CallGroupTargets ?? []),
  };
  return { user, page };
}

const T0 = Date.parse('2026-11-02T10:00:00.000Z');

function request(requesterSip: string, minutes: number, overrides: Partial<NewChangeRequest> = {}): NewChangeRequest {
  return {
    id: randomUUID(),
    requesterSip,
    subjectSip: requesterSip,
    kind: 'callGroup',
    settingsGroup: 'callGroup',
    change: { kind: 'callGroup', order: 'Simultaneous', targets: ['sip:joni.sherman@contoso.com'] },
    beforeSettings: testSettings(alex),
    desired: alexSettings,
    writes: [{ parameterSet: 'CallGroup', reason: 'members' }],
    notes: { kind: 'callGroup', added: ['sip:joni.sherman@contoso.com'], 'ünïcode': 'ok' },
    status: 'pending',
    needsApproval: true,
    // Milliseconds that do not round-trip through a float well, and requests in the same millisecond.
    createdAt: new Date(T0 + Math.floor(minutes) * 60_000 + 123),
    expiresAt: minutes % 2 === 0 ? null : new Date(T0 + 72 * 3_600_000 + 999),
    ...overrides,
  };
}

describe.each(testBackends())('readMyPage on %s', (_name, open) => {
  let db: Database;
  const importTenant = (value: Tenant) => db.transaction((tx) => createTenantStore(tx).replaceTenant(value, SYNCED_AT));
  const expectSameAsSeparateReads = async (ref: string, limit = 20) => {
    const read = await readMyPage(db, ref, limit);
    expect(read).toEqual(await separateReads(db, ref, limit));
    if (!read) throw new Error(`${ref} names nobody`);
    return read.page;
  };

  beforeAll(async () => {
    db = await open();
    await importTenant(sampleTenant);
  }, 120_000);
  afterAll(() => db.close());

  it('reads exactly what settingsOf, groupsContaining, listByRequester and resolveUserRefs read, for everyone of the sample tenant', async () => {
    for (const user of [alex, joni, lidia, megan]) {
      for (const ref of [user.SipAddress, user.UserPrincipalName.toUpperCase(), ` ${user.Identity} `]) {
        await expectSameAsSeparateReads(ref);
        expect((await readMyPage(db, ref, 20))?.user).toEqual(user);
      }
    }
    const page = await expectSameAsSeparateReads(alex.SipAddress);
    // Alex's targets: every identity spelling, a member who left, a duplicate.
    expect([...page.targets.keys()].sort()).toEqual(['id-lidia-holloway', 'joni.sherman@contoso.com', 'megan.bowen-smith@contoso.com', 'sip:joni.sherman@contoso.com']);
    expect(page.targets.get('sip:joni.sherman@contoso.com')?.user).toEqual(joni);
    expect(page.settings?.stored).toBe(true);
    // Joni is in Alex's group with her Banner choice; Lidia in Alex's with Mute.
    expect((await readMyPage(db, joni.SipAddress, 20))?.page.memberships).toMatchObject([{ ownerSip: 'sip:alex.wilber@contoso.com', notification: 'Banner', memberCount: 4 }]);
  });

  it('gives a user without settings the defaults, and reads nothing for a reference that names nobody', async () => {
    const page = await expectSameAsSeparateReads(megan.SipAddress);
    expect(page.settings).toMatchObject({ stored: false, versions: { callGroup: 1, forwarding: 1, unanswered: 1, membership: 1, notification: 1 } });
    for (const nobody of ['sip:nobody@contoso.com', 'nobody@contoso.com', 'id-nobody', '']) expect(await readMyPage(db, nobody, 20)).toBeUndefined();
  });

  it('returns the newest requests first, at most the limit, with every field and timestamp as a row read gives them', async () => {
    const requests = createRequestStore(db);
    const sip = 'sip:alex.wilber@contoso.com';
    for (let i = 0; i < 25; i += 1) await requests.create(request(sip, i % 12));
    const decided = await requests.create(request(sip, 30));
    await requests.transition(decided.id, { from: ['pending'], to: 'rejected', set: { decidedAt: new Date(T0 + 31 * 60_000 + 7), decidedBy: 'sip:megan.bowen@contoso.com', decisionReason: "Adele's on leave — \"next week\"" } });
    await requests.create(request('sip:joni.sherman@contoso.com', 40));

    const page = await expectSameAsSeparateReads(sip, 20);
    expect(page.requests).toHaveLength(20);
    expect(page.requests[0]).toMatchObject({ id: decided.id, status: 'rejected', decisionReason: "Adele's on leave — \"next week\"" });
    expect(page.requests[0]?.decidedAt).toEqual(new Date(T0 + 31 * 60_000 + 7));
    expect(page.requests.every((r) => r.requesterSip === sip)).toBe(true);
    expect((await expectSameAsSeparateReads(sip, 3)).requests).toHaveLength(3);
    expect((await expectSameAsSeparateReads(sip, 0)).requests).toEqual([]);
  });

  it('resolves targets that SQL cannot normalise exactly (Unicode case, non-breaking spaces, tabs) as resolveUserRefs does', async () => {
    const accented = namedUser('Ärne Öberg', { UserPrincipalName: 'ärne.öberg@contoso.com', SipAddress: 'sip:ärne.öberg@contoso.com' });
    const turkish = namedUser('Ida Işık', { UserPrincipalName: 'ida.isik@contoso.com' });
    const owner = namedUser('Olive Owner');
    const targets = ['ÄRNE.ÖBERG@CONTOSO.COM', '\u00a0Joni.Sherman@contoso.com\t', 'IDA.ISIK@CONTOSO.COM', 'ID-LIDIA-HOLLOWAY', 'sip:nobody@contoso.com', 'not a sip at all'];
    await importTenant(testTenant({ users: [owner, accented, turkish, joni, lidia], callingSettings: [testSettings(owner, { CallGroupTargets: targets })] }));
    const page = await expectSameAsSeparateReads(owner.SipAddress);
    expect(page.targets.get('ärne.öberg@contoso.com')?.user).toEqual(accented);
    expect(page.targets.get('joni.sherman@contoso.com')?.user).toEqual(joni);
    expect(page.targets.get('ida.isik@contoso.com')?.user).toEqual(turkish);
    expect(page.targets.get('id-lidia-holloway')?.user).toEqual(lidia);
    expect(page.targets.size).toBe(4);
    await importTenant(sampleTenant);
  });

  it('resolves a target two users match (one by SIP, one by UPN) to the first in snapshot order', async () => {
    const bySip = namedUser('Sam Sip', { SipAddress: 'sip:shared@contoso.com' });
    const byUpn = namedUser('Sam Upn', { UserPrincipalName: 'shared@contoso.com' });
    const owner = namedUser('Olive Owner');
    for (const users of [[bySip, byUpn], [byUpn, bySip]]) {
      await importTenant(testTenant({ users: [owner, ...users], callingSettings: [testSettings(owner, { CallGroupTargets: ['Shared@Contoso.com', 'SIP:shared@contoso.com'] })] }));
      const page = await expectSameAsSeparateReads(owner.SipAddress);
      expect(page.targets.get('shared@contoso.com')?.user).toEqual(users[0]);
      expect(page.targets.get('sip:shared@contoso.com')?.user).toEqual(bySip);
    }
    await importTenant(sampleTenant);
  });

  it('agrees with the separate reads for every user of a larger tenant (members written as SIP, UPN and object id)', async () => {
    const large = largeTestTenant(120);
    await importTenant(large);
    for (const user of large.users) await expectSameAsSeparateReads(user.SipAddress);
    const owner = await readMyPage(db, large.users[0]!.SipAddress, 20);
    expect(owner?.page.targets.size).toBe(5);
    await importTenant(sampleTenant);
  }, 60_000);
});
