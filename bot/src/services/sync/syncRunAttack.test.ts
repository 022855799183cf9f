import type { SettingsWrite, Tenant } from '@cgm/core';
import { normalizeSip } from '@cgm/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayError } from '../../gateway/callingGateway.js';
import { createLocalCallingGateway } from '../../gateway/local/localCallingGateway.js';
import type { LocalCallingGateway } from '../../gateway/local/localCallingGateway.js';
import type { Database } from '../../store/database.js';
import { createStoreBundle } from '../../store/stores.js';
import { createSyncQueueStore } from '../../store/syncQueueStore.js';
import { createTenantStore } from '../../store/tenantStore.js';
import { testBackends } from '../../store/testDatabase.js';
import { largeTestTenant } from '../../store/testTenant.js';
import { editInTeams, seedTenant, syncInstance } from '../../testSupport/syncTestSupport.js';
import type { VirtualTimer } from '../../testSupport/virtualTimer.js';
import { createVirtualTimer, trackDatabase } from '../../testSupport/virtualTimer.js';
import { createHealthService } from '../healthService.js';
import { silentNotifier } from '../notifier.js';
import type { StoredRequest } from '../requestService.js';
import { applyDirectory } from './directorySync.js';

/**
 * Whole sync runs against what happens beside them: a snapshot import between passes, and the
 * background directory read failing or still running when a run ends.
 */

const MINUTE = 60_000;

describe.each(testBackends())('sync runs beside other writers on %s', { timeout: 120_000 }, (_name, open) => {
  let raw: Database;
  let db: Database;
  let timer: VirtualTimer;
  let tenant: Tenant;
  let local: LocalCallingGateway;
  beforeEach(async () => {
    raw = await open();
    timer = createVirtualTimer({ start: new Date('2026-11-22T09:00:00Z') });
    db = trackDatabase(raw, timer);
    tenant = largeTestTenant(30);
    local = createLocalCallingGateway(db);
    await seedTenant(db, local, tenant, timer.now());
  });
  afterEach(async () => {
    timer.stop();
    await raw.close();
  });

  /** Simulated minutes `fn` took. */
  async function minutesOf(fn: () => Promise<unknown>): Promise<number> {
    const start = timer.now().getTime();
    await fn();
    return (timer.now().getTime() - start) / MINUTE;
  }

  it('a pass finishes within minutes after a snapshot import, not a whole directory period later', async () => {
    const { sync } = syncInstance(db, timer, { gateway: local });
    // 30 users at 10 reads a second: a pass is seconds of reads.
    expect(await minutesOf(() => sync.finishPass())).toBeLessThan(2);
    await db.transaction((tx) => createTenantStore(tx).replaceTenant(tenant, timer.now()));
    // The import forgot the directory's hashes: the pass may close once a read has compared the directory again.
    expect(await minutesOf(() => sync.finishPass())).toBeLessThan(5);
    const [progress] = await db.query<{ lists: string | null }>('SELECT directory_lists AS lists FROM sync_progress');
    expect(progress?.lists).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a user removed from Teams while their read is in flight leaves no settings or group behind once the removal is applied', async () => {
    const owner = tenant.callingSettings.find((settings) => settings.CallGroupTargets.length > 0)!;
    const sip = normalizeSip(owner.SipUri);
    const user = tenant.users.find((u) => normalizeSip(u.SipAddress) === sip)!;
    const stores = createStoreBundle<StoredRequest['change'], SettingsWrite, StoredRequest['notes']>(db);
    const deps = { stores, health: createHealthService({ stores, clock: timer, notifier: silentNotifier }), clock: timer, recentMs: 24 * 3_600_000, hotPeriodMs: async () => 60_000 };
    await applyDirectory(deps, await local.readDirectory());
    // Teams answers the read, then the user is deleted and a directory read (another instance's, or this one's in the background) applies it.
    const racing = Object.assign(Object.create(local) as LocalCallingGateway, {
      async readSettings(identity: string) {
        const settings = await local.readSettings(identity);
        await db.query('DELETE FROM local_teams_users WHERE sip = $1', [sip]);
        await timer.sleep(60_000);
        expect(await applyDirectory(deps, await local.readDirectory())).toMatchObject({ removedUsers: 1 });
        return settings;
      },
    });
    const { sync } = syncInstance(db, timer, { gateway: racing });
    const check = await sync.checkUser(user.UserPrincipalName);
    expect(check.drift).toEqual([]);
    const left = await db.query<{ what: string }>(
      `SELECT 'settings' AS what FROM tenant_settings WHERE sip = $1 UNION ALL SELECT 'group' FROM call_group_members WHERE owner_sip = $1 UNION ALL SELECT 'user' FROM tenant_users WHERE sip = $1`,
      [sip],
    );
    expect(left).toEqual([]);
  });

  /**
   * Teams for a run whose background directory read fails with `error`: the first read works, a
   * user read a few reads in asks for the directory again (as a vanished user does), and the next
   * directory read fails.
   */
  function failingDirectory(error: Error): LocalCallingGateway & { directoryReads: () => number } {
    let directoryReads = 0;
    let settingsReads = 0;
    return Object.assign(Object.create(local) as LocalCallingGateway, {
      directoryReads: () => directoryReads,
      async readDirectory() {
        directoryReads += 1;
        if (directoryReads > 1) throw error;
        return local.readDirectory();
      },
      async readSettings(identity: string) {
        settingsReads += 1;
        if (settingsReads === 3) await createSyncQueueStore(db).requestDirectory();
        return local.readSettings(identity);
      },
    });
  }
  const leased = async () => (await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM sync_users WHERE lease_holder IS NOT NULL'))[0]?.n;

  it.each([
    ['an error from Teams', new GatewayError('rejected', 'Get-CsOnlineUser failed')],
    ['an empty tenant (not found)', new GatewayError('not-found', 'The local tenant is empty')],
  ])('a background directory read failing with %s ends the pass with that error and leaves no user leased', async (_what, error) => {
    const gateway = failingDirectory(error);
    // Slow enough (30 users at 0.2 a second) that the pass outlives the minute between directory checks.
    const { sync } = syncInstance(db, timer, { gateway, readsPerSecond: 0.2, concurrency: 2 });
    await expect(sync.finishPass()).rejects.toBe(error);
    expect(gateway.directoryReads()).toBe(2);
    expect(await leased()).toBe(0);
  });

  it('stop() during a background directory read waits for it: the change it read is applied and no user is left leased', async () => {
    const changed = tenant.users[11]!;
    let started: () => void = () => undefined;
    const secondRead = new Promise<void>((resolve) => (started = resolve));
    let directoryReads = 0;
    let settingsReads = 0;
    const gateway = Object.assign(Object.create(local) as LocalCallingGateway, {
      async readDirectory() {
        directoryReads += 1;
        if (directoryReads === 1) return local.readDirectory();
        started();
        // Teams takes its time over the pages, and the licence is gone by the time it answers.
        await timer.sleep(5 * MINUTE);
        const directory = await local.readDirectory();
        return { ...directory, users: directory.users.map((user) => (user.Identity === changed.Identity ? { ...user, HasTeamsPhoneLicense: false } : user)) };
      },
      async readSettings(identity: string) {
        settingsReads += 1;
        if (settingsReads === 3) await createSyncQueueStore(db).requestDirectory();
        return local.readSettings(identity);
      },
    });
    const { sync } = syncInstance(db, timer, { gateway, readsPerSecond: 0.2, concurrency: 2 });
    sync.start();
    await secondRead;
    await sync.stop();
    const [stored] = await db.query<{ data: { HasTeamsPhoneLicense: boolean } }>('SELECT data FROM tenant_users WHERE object_key = lower($1)', [changed.Identity]);
    expect(stored?.data.HasTeamsPhoneLicense).toBe(false);
    expect(await leased()).toBe(0);
  });

  it('two instances each asked to read the directory again during their passes leave the stored directory as Teams has it, read once per request', async () => {
    const changed = tenant.users[13]!;
    let directoryReads = 0;
    let settingsReads = 0;
    const gateway = Object.assign(Object.create(local) as LocalCallingGateway, {
      async readDirectory() {
        directoryReads += 1;
        return local.readDirectory();
      },
      async readSettings(identity: string) {
        settingsReads += 1;
        // A licence removed in Teams, and a vanished user's read asking for the directory (forced, as requestDirectory does).
        if (settingsReads === 4) {
          await editInTeams(db, changed, { HasTeamsPhoneLicense: false });
          await createSyncQueueStore(db).requestDirectory();
        }
        return local.readSettings(identity);
      },
    });
    const first = syncInstance(db, timer, { gateway, readsPerSecond: 0.2, concurrency: 2 }).sync;
    const second = syncInstance(db, timer, { gateway, readsPerSecond: 0.2, concurrency: 2 }).sync;
    const totals = await Promise.all([first.finishPass(), second.finishPass()]);
    expect(totals.flatMap((t) => t.drift)).toEqual([]);
    const [stored] = await db.query<{ data: { HasTeamsPhoneLicense: boolean } }>('SELECT data FROM tenant_users WHERE object_key = lower($1)', [changed.Identity]);
    expect(stored?.data.HasTeamsPhoneLicense).toBe(false);
    // The run's first read (one instance claims it, or each if both find it due) and one for the request.
    expect(directoryReads).toBeGreaterThanOrEqual(2);
    expect(directoryReads).toBeLessThanOrEqual(3);
    const [progress] = await db.query<{ lists: string | null; due: boolean }>('SELECT directory_lists AS lists, directory_due AS due FROM sync_progress');
    expect(progress).toEqual({ lists: expect.stringMatching(/^[0-9a-f]{64}$/), due: false });
  });

  it('a 429 storm on the background directory read is waited out: the read applies its change and the pass ends without error', async () => {
    const changed = tenant.users[17]!;
    let directoryCalls = 0;
    let throttled = 0;
    let settingsReads = 0;
    const gateway = Object.assign(Object.create(local) as LocalCallingGateway, {
      async readDirectory() {
        directoryCalls += 1;
        if (directoryCalls > 1 && throttled < 8) {
          throttled += 1;
          throw new GatewayError('throttled', 'Too many requests', 2_000);
        }
        return local.readDirectory();
      },
      async readSettings(identity: string) {
        settingsReads += 1;
        if (settingsReads === 3) {
          await editInTeams(db, changed, { HasTeamsPhoneLicense: false });
          await createSyncQueueStore(db).requestDirectory();
        }
        return local.readSettings(identity);
      },
    });
    const { sync } = syncInstance(db, timer, { gateway, readsPerSecond: 0.2, concurrency: 2 });
    const totals = await sync.finishPass();
    expect(throttled).toBe(8);
    // Everyone once, and the changed user (now hot) again: the pass closed.
    expect(totals.reads).toBeGreaterThanOrEqual(31);
    expect(totals.passesCompleted).toBe(1);
    const [stored] = await db.query<{ data: { HasTeamsPhoneLicense: boolean } }>('SELECT data FROM tenant_users WHERE object_key = lower($1)', [changed.Identity]);
    expect(stored?.data.HasTeamsPhoneLicense).toBe(false);
    expect(await leased()).toBe(0);
  });
});
