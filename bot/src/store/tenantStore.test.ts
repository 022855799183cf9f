import { createTenantLookup, generateTenant } from '@cgm/core';
import type { Tenant } from '@cgm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { createTenantStore } from './tenantStore.js';
import { testBackends } from './testDatabase.js';
import { namedUser, testSettings, testTenant } from '../../../core/src/testing/testTenant.js';
import { alex, joni, lidia, megan, sampleTenant as tenant, SYNCED_AT } from './testTenant.js';

describe.each(testBackends())('TenantStore on %s', (_name, open) => {
  let db: Database;
  const store = () => createTenantStore(db);
  const importTenant = (value: Tenant) => db.transaction((tx) => createTenantStore(tx).replaceTenant(value, SYNCED_AT));
  beforeAll(async () => {
    db = await open();
  }, 120_000);
  afterAll(() => db.close());

  it('has no tenant before the first import', async () => {
    expect(await store().readTenant()).toBeUndefined();
  });

  it('reads back exactly the tenant it imported, in snapshot order', async () => {
    const counts = await importTenant(tenant);
    expect(counts).toEqual({ users: 4, settings: 3, members: 5, policies: 6, resourceAccounts: 1, phoneNumbers: 2 });
    expect(await store().readTenant()).toEqual(tenant);
  });

  it('replaces the previous tenant entirely', async () => {
    const smaller = testTenant({ users: [megan, alex], callingSettings: [testSettings(alex)] });
    await importTenant(smaller);
    expect(await store().readTenant()).toEqual(smaller);
    expect(await store().groupsContaining(joni.SipAddress)).toEqual([]);
    await importTenant(tenant);
  });

  it('keeps the previous tenant when an import fails', async () => {
    const broken = testTenant({ users: [alex, namedUser('Alex Twin', { SipAddress: alex.SipAddress })] });
    await expect(importTenant(broken)).rejects.toThrow();
    expect(await store().readTenant()).toEqual(tenant);
  });

  it('finds a user by SIP in any case with or without sip:, by UPN and by object id', async () => {
    for (const ref of ['sip:joni.sherman@contoso.com', 'JONI.SHERMAN@CONTOSO.COM', ' Sip:Joni.Sherman@Contoso.com ', 'id-joni-sherman', 'ID-JONI-SHERMAN']) {
      expect(await store().userByRef(ref)).toEqual(joni);
    }
    expect(await store().userByRef('lidia@contoso.com')).toEqual(lidia);
    expect(await store().userByRef('lidia.holloway@contoso.com')).toEqual(lidia);
    expect(await store().userByRef('nobody@contoso.com')).toBeUndefined();
  });

  it('resolves a reference two users match to the first in snapshot order, as core does', async () => {
    const first = namedUser('Sam One', { SipAddress: 'sip:shared@contoso.com' });
    const second = namedUser('Sam Two', { UserPrincipalName: 'shared@contoso.com' });
    for (const users of [[first, second], [second, first]]) {
      const ambiguous = testTenant({ users });
      await importTenant(ambiguous);
      expect(await store().userByRef('shared@contoso.com')).toEqual(createTenantLookup(ambiguous).userByRef('shared@contoso.com'));
      expect(await store().userByRef('shared@contoso.com')).toEqual(users[0]);
    }
    await importTenant(tenant);
  });

  it('lists the groups a member is in with their notification choice, whatever spelling the owner used', async () => {
    const alexGroup = { ownerSip: 'sip:alex.wilber@contoso.com', owner: alex, ringOrder: 'InOrder', memberCount: 4 };
    expect(await store().groupsContaining('Joni.Sherman@contoso.com')).toEqual([{ ...alexGroup, position: 0, notification: 'Banner' }]);
    expect(await store().groupsContaining('sip:lidia@contoso.com')).toEqual([{ ...alexGroup, position: 1, notification: 'Mute' }]);
    expect(await store().groupsContaining('sip:megan.bowen-smith@contoso.com')).toEqual([{ ...alexGroup, position: 2, notification: null }]);
    expect(await store().groupsContaining('gone@contoso.com')).toEqual([{ ...alexGroup, position: 3, notification: null }]);
    expect(await store().groupsContaining(alex.SipAddress)).toEqual([
      { ownerSip: 'sip:lidia@contoso.com', owner: lidia, ringOrder: 'Simultaneous', memberCount: 1, position: 0, notification: null },
    ]);
  });

  it('counts a member listed twice in one group once', async () => {
    expect(await store().countGroupsOf('sip:joni.sherman@contoso.com')).toBe(1);
    expect(await store().countGroupsOf('nobody@contoso.com')).toBe(0);
  });

  it('counts 26 groups for a member 26 owners list', async () => {
    const member = namedUser('Popular Member');
    const owners = Array.from({ length: 26 }, (_, i) => namedUser(`Owner ${i}`));
    await importTenant(testTenant({ users: [member, ...owners], callingSettings: owners.map((owner) => testSettings(owner, { CallGroupTargets: [member.UserPrincipalName] })) }));
    expect(await store().countGroupsOf(member.SipAddress)).toBe(26);
    expect(await store().groupsContaining(member.SipAddress)).toHaveLength(26);
    await importTenant(tenant);
  });

  it('reads back a synthetic tenant of 2,000 users with every kind of defect exactly', async () => {
    const synthetic = generateTenant({ users: 2_000, seed: 7, defectRate: 0.2 });
    await importTenant(synthetic);
    expect(await store().readTenant()).toEqual(synthetic);
    await importTenant(tenant);
  });
});
