import type { Tenant } from '@cgm/core';
import { createTenantLookup, normalizeSip } from '@cgm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namedUser, testSettings, testTenant } from '../../../core/src/testing/testTenant.js';
import type { Database } from './database.js';
import { createTenantStore } from './tenantStore.js';
import { testBackends } from './testDatabase.js';
import { alex, alexSettings, joni, joniSettings, lidia, lidiaSettings, megan, sampleTenant, SYNCED_AT } from './testTenant.js';
import { loadTenantSlice, readTenantSlice } from './tenantSlice.js';

describe.each(testBackends())('readTenantSlice on %s', (_name, open) => {
  let db: Database;
  const importTenant = (value: Tenant) => db.transaction((tx) => createTenantStore(tx).replaceTenant(value, SYNCED_AT));
  beforeAll(async () => {
    db = await open();
    await importTenant(sampleTenant);
  }, 120_000);
  afterAll(() => db.close());

  it('reads the given users, everyone the references name, their stored settings, every policy and the group counts', async () => {
    const refs = ['ID-LIDIA-HOLLOWAY', ' Sip:Joni.Sherman@Contoso.com ', 'joni.sherman@contoso.com', 'megan.bowen-smith@contoso.com', 'sip:gone@contoso.com'];
    const { tenant, groupCounts } = await readTenantSlice(db, [alex], refs);
    // Alex first (the given user), then the named users in snapshot order, each once.
    expect(tenant.users).toEqual([alex, joni, lidia, megan]);
    // Megan has no stored settings: the lookup gives her the defaults.
    expect(tenant.callingSettings).toEqual([alexSettings, joniSettings, lidiaSettings]);
    expect(tenant.callingPolicies).toEqual(sampleTenant.callingPolicies);
    expect(tenant.voiceRoutingPolicies).toEqual(sampleTenant.voiceRoutingPolicies);
    expect(tenant.emergencyCallRoutingPolicies).toEqual(sampleTenant.emergencyCallRoutingPolicies);
    expect(tenant.sharedCallingPolicies).toEqual(sampleTenant.sharedCallingPolicies);
    expect(tenant.tenantId).toBe(sampleTenant.tenantId);
    const store = createTenantStore(db);
    for (const user of tenant.users) expect(groupCounts.get(normalizeSip(user.SipAddress))).toBe(await store.countGroupsOf(user.SipAddress));
    expect([...groupCounts.values()]).toEqual([1, 1, 1, 1]);
    expect(await loadTenantSlice(db, [alex], refs)).toEqual(tenant);
  });

  it('reads only the given users when no reference names anybody, with zero groups for someone in none', async () => {
    const { tenant, groupCounts } = await readTenantSlice(db, [megan], ['nobody@contoso.com']);
    expect(tenant.users).toEqual([megan]);
    expect(tenant.callingSettings).toEqual([]);
    expect(groupCounts).toEqual(new Map([[normalizeSip(megan.SipAddress), 1]]));
    const alone = await readTenantSlice(db, [namedUser('Not Stored')], []);
    expect([...alone.groupCounts.values()]).toEqual([0]);
  });

  it('resolves an ambiguous reference in its lookup to the first user in snapshot order, as the whole tenant does', async () => {
    const bySip = namedUser('Sam Sip', { SipAddress: 'sip:shared@contoso.com' });
    const byUpn = namedUser('Sam Upn', { UserPrincipalName: 'shared@contoso.com' });
    const owner = namedUser('Olive Owner');
    for (const users of [[bySip, byUpn], [byUpn, bySip]]) {
      const whole = testTenant({ users: [owner, ...users], callingSettings: [testSettings(owner)] });
      await importTenant(whole);
      const { tenant } = await readTenantSlice(db, [owner], ['sip:shared@contoso.com', 'shared@contoso.com', 'id-sam-upn', 'id-sam-sip']);
      expect(tenant.users).toEqual(whole.users);
      for (const ref of ['shared@contoso.com', 'sip:shared@contoso.com']) {
        expect(createTenantLookup(tenant).userByRef(ref)).toEqual(createTenantLookup(whole).userByRef(ref));
      }
    }
    await importTenant(sampleTenant);
  });
});
