import { defaultCallingSettings } from '@cgm/core';
import type { Tenant } from '@cgm/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { INITIAL_VERSIONS } from './settingsGroups.js';
import { createTenantStore } from './tenantStore.js';
import { testBackends } from './testDatabase.js';
import { alex, alexSettings, joni, joniSettings, lidia, lidiaSettings, megan, sampleTenant, SYNCED_AT } from './testTenant.js';

describe.each(testBackends())('settings and versions on %s', (_name, open) => {
  let db: Database;
  const store = () => createTenantStore(db);
  const importTenant = (value: Tenant) => db.transaction((tx) => createTenantStore(tx).replaceTenant(value, SYNCED_AT));
  beforeAll(async () => {
    db = await open();
  }, 120_000);
  // Versions outlive re-imports by design, so each test starts from settings never written.
  beforeEach(async () => {
    await db.exec('DELETE FROM tenant_settings');
    await importTenant(sampleTenant);
  });
  afterAll(() => db.close());

  it('returns stored settings with every version at 1 after an import', async () => {
    expect(await store().settingsOf('Alex.Wilber@Contoso.com')).toEqual({
      sip: 'sip:alex.wilber@contoso.com',
      settings: alexSettings,
      versions: INITIAL_VERSIONS,
      stored: true,
    });
  });

  it("returns Teams' defaults for a user without settings, and nothing for nobody", async () => {
    expect(await store().settingsOf(megan.SipAddress)).toEqual({
      sip: 'sip:megan.bowen-smith@contoso.com',
      settings: defaultCallingSettings('sip:megan.bowen-smith@contoso.com'),
      versions: INITIAL_VERSIONS,
      stored: false,
    });
    expect(await store().settingsOf('sip:nobody@contoso.com')).toBeUndefined();
  });

  it('bumps only the groups whose properties changed when the tenant is imported again', async () => {
    await importTenant({
      ...sampleTenant,
      callingSettings: [
        { ...alexSettings, CallGroupTargets: ['sip:joni.sherman@contoso.com'], UnansweredDelay: '00:00:30' },
        { ...joniSettings, GroupNotificationOverride: 'Mute', SipUri: 'sip:JONI.sherman@contoso.com' },
        lidiaSettings,
      ],
    });
    expect((await store().settingsOf(alex.SipAddress))?.versions).toEqual({ ...INITIAL_VERSIONS, callGroup: 2, unanswered: 2 });
    expect((await store().settingsOf(joni.SipAddress))?.versions).toEqual({ ...INITIAL_VERSIONS, notification: 2 });
    expect((await store().settingsOf(lidia.SipAddress))?.versions).toEqual(INITIAL_VERSIONS);
    expect(await store().groupsContaining(lidia.SipAddress)).toEqual([]);
  });

  it('drops the settings of a user the new import has none for', async () => {
    await importTenant({ ...sampleTenant, callingSettings: [alexSettings] });
    expect((await store().settingsOf(lidia.SipAddress))?.stored).toBe(false);
    expect(await store().groupsContaining(alex.SipAddress)).toEqual([]);
  });

  it('writes settings, bumps the changed groups and rebuilds the owner’s members', async () => {
    const next = { ...alexSettings, CallGroupOrder: 'Simultaneous' as const, CallGroupTargets: ['ID-MEGAN-BOWEN-SMITH'] };
    const versions = await db.transaction((tx) => createTenantStore(tx).writeSettings(alex.SipAddress, next, ['callGroup']));
    expect(versions).toEqual({ ...INITIAL_VERSIONS, callGroup: 2 });
    expect((await store().settingsOf(alex.SipAddress))?.settings).toEqual(next);
    expect(await store().groupsContaining(joni.SipAddress)).toEqual([]);
    expect((await store().groupsContaining(megan.SipAddress)).map((g) => [g.ownerSip, g.position, g.memberCount])).toEqual([
      ['sip:alex.wilber@contoso.com', 0, 1],
    ]);
  });

  it('refuses a write based on a version that moved, and changes nothing', async () => {
    await store().writeSettings(alex.SipAddress, { ...alexSettings, CallGroupTargets: [] }, ['callGroup']);
    const stale = await store().writeSettings(alex.SipAddress, { ...alexSettings, CallGroupTargets: ['sip:lidia@contoso.com'] }, ['callGroup'], {
      expected: { callGroup: 1 },
    });
    expect(stale).toBeUndefined();
    expect((await store().settingsOf(alex.SipAddress))?.settings.CallGroupTargets).toEqual([]);
    expect(await store().groupsContaining(lidia.SipAddress)).toEqual([]);
  });

  it('accepts a write based on the current version', async () => {
    const versions = await store().writeSettings(alex.SipAddress, { ...alexSettings, GroupNotificationOverride: 'Mute' }, ['notification'], {
      expected: { callGroup: 1, notification: 1 },
    });
    expect(versions).toEqual({ ...INITIAL_VERSIONS, notification: 2 });
  });

  it('stores the first settings of a user who had none after the others, at version 2 for the changed group', async () => {
    const first = { ...defaultCallingSettings(megan.SipAddress), CallGroupTargets: ['joni.sherman@contoso.com'] };
    expect(await store().writeSettings(megan.SipAddress, first, ['callGroup'])).toEqual({ ...INITIAL_VERSIONS, callGroup: 2 });
    expect((await store().readTenant())?.callingSettings).toEqual([alexSettings, joniSettings, lidiaSettings, first]);
    expect(await store().countGroupsOf(joni.SipAddress)).toBe(2);
  });

  it('lets only one of two concurrent writes based on the same version through', async () => {
    const write = (targets: string[]) =>
      db.transaction((tx) =>
        createTenantStore(tx).writeSettings(alex.SipAddress, { ...alexSettings, CallGroupTargets: targets }, ['callGroup'], { expected: { callGroup: 1 } }),
      );
    const results = await Promise.all([write(['sip:joni.sherman@contoso.com']), write(['sip:lidia@contoso.com'])]);
    expect(results.filter((versions) => versions !== undefined)).toEqual([{ ...INITIAL_VERSIONS, callGroup: 2 }]);
    expect((await store().settingsOf(alex.SipAddress))?.versions.callGroup).toBe(2);
  });
});
