import type { CallingSettings, SettingsWrite, Tenant } from '@cgm/core';
import { normalizeSip } from '@cgm/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalCallingGateway } from '../../gateway/local/localCallingGateway.js';
import type { LocalCallingGateway } from '../../gateway/local/localCallingGateway.js';
import type { Database } from '../../store/database.js';
import { createStoreBundle } from '../../store/stores.js';
import { createTenantStore } from '../../store/tenantStore.js';
import { createSyncQueueStore } from '../../store/syncQueueStore.js';
import { testBackends } from '../../store/testDatabase.js';
import { largeTestTenant } from '../../store/testTenant.js';
import { editInTeams, seedTenant, withQueue } from '../../testSupport/syncTestSupport.js';
import type { VirtualTimer } from '../../testSupport/virtualTimer.js';
import { createVirtualTimer } from '../../testSupport/virtualTimer.js';
import { createHealthService } from '../healthService.js';
import { silentNotifier } from '../notifier.js';
import type { StoredRequest } from '../requestService.js';
import type { DirectorySyncDeps } from './directorySync.js';
import { applyDirectory } from './directorySync.js';
import { writeReads } from './readWriter.js';
import type { ClaimedUser } from './syncPorts.js';

/**
 * Directory reads racing other instances: claims made while the first read of an empty tenant
 * is being applied, two instances applying at once, and reads whose entries differ from the
 * stored ones only in the order of their keys.
 */

type Directory = Awaited<ReturnType<LocalCallingGateway['readDirectory']>>;

/** The same value with every object's keys in reverse order, nested ones too. */
function reversedKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversedKeys) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversedKeys(v)])) as T;
  return value;
}

describe.each(testBackends())('directory reads racing other instances on %s', { timeout: 60_000 }, (_name, open) => {
  let db: Database;
  let local: LocalCallingGateway;
  let timer: VirtualTimer;
  let tenant: Tenant;
  beforeEach(async () => {
    db = await open();
    timer = createVirtualTimer({ start: new Date('2026-11-22T09:00:00Z') });
    local = createLocalCallingGateway(db);
    tenant = largeTestTenant(30);
  });
  afterEach(async () => {
    timer.stop();
    await db.close();
  });

  /** What one instance's sync engine hands applyDirectory. */
  function depsOf(): DirectorySyncDeps {
    const stores = createStoreBundle<StoredRequest['change'], SettingsWrite, StoredRequest['notes']>(db);
    const health = createHealthService({ stores, clock: timer, notifier: silentNotifier });
    return { stores, health, clock: timer, recentMs: 24 * 3_600_000, hotPeriodMs: async () => 60_000 };
  }
  const progress = async () => (await db.query<{ version: number; users: string | null; lists: string | null }>('SELECT directory_version AS version, directory_users AS users, directory_lists AS lists FROM sync_progress'))[0];

  it('users another instance claims while the first read of an empty tenant is being applied are claimed as the baseline pass', async () => {
    // Teams has the tenant; the app has no copy yet.
    await db.transaction((tx) => local.seed(tenant, tx));
    const deps = depsOf();
    const queue = deps.stores.syncQueue;
    const other = createSyncQueueStore(db);
    const claimed: ClaimedUser[] = [];
    const racing = withQueue(deps, {
      // Once the users have joined the queue, another instance's lanes claim some of them, and a revealed one singly.
      reconcileUsers: async (now) => {
        await queue.reconcileUsers(now);
        claimed.push(...(await other.claim(now, 120_000, 5, 'other-instance', true)));
        const unclaimed = tenant.users.map((user) => normalizeSip(user.SipAddress)).find((sip) => !claimed.some((c) => c.sip === sip));
        const single = unclaimed && (await other.claimOne(unclaimed, now, 120_000, 'other-instance'));
        if (single) claimed.push(single);
      },
    });
    const outcome = await applyDirectory(racing, await local.readDirectory());
    expect(outcome.first).toBe(true);
    expect(claimed).toHaveLength(6);
    // Nothing those reads find is drift: the app had no copy to drift from.
    expect(claimed.map((c) => [c.sip, c.baseline])).toEqual(claimed.map((c) => [c.sip, true]));
    const [after] = await other.claim(timer.now(), 120_000, 1, 'other-instance', true);
    expect(after?.baseline).toBe(true);
  });

  it('two instances applying the same changed directory at once leave the stored directory as Teams has it, and a hash only of what is stored', async () => {
    await seedTenant(db, local, tenant, timer.now());
    await applyDirectory(depsOf(), await local.readDirectory());
    const before = await progress();
    const changed = tenant.users[7]!;
    await editInTeams(db, changed, { HasTeamsPhoneLicense: false });
    await timer.sleep(60_000);
    const teams = await local.readDirectory();
    const outcomes = await Promise.all([applyDirectory(depsOf(), teams), applyDirectory(depsOf(), teams)]);
    // Which of the two compares before the other's write lands depends on the backend's scheduling: at least one applies.
    expect(outcomes.map((o) => o.changedUsers).sort()).toContainEqual(1);
    const stored = await createStoreBundle(db).syncDirectory.storedUsers();
    expect(stored?.find((user) => user.Identity === changed.Identity)).toMatchObject({ HasTeamsPhoneLicense: false });
    // Both wrote: whatever hash is left must be this directory's, and the next read must agree with it.
    const writes = ((await progress())?.version ?? 0) - (before?.version ?? 0);
    expect(writes).toBe(outcomes.filter((o) => o.changedUsers > 0).length);
    const next = await applyDirectory(depsOf(), await local.readDirectory());
    expect(next).toMatchObject({ changedUsers: 0, removedUsers: 0, listsChanged: false });
    expect((await progress())?.users).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a read recorded after another instance wrote the directory leaves it due again, so the hashes passes wait for come back at the next read', async () => {
    await seedTenant(db, local, tenant, timer.now());
    const deps = depsOf();
    await applyDirectory(deps, await local.readDirectory());
    const queue = deps.stores.syncQueue;
    expect(await queue.claimDirectory(timer.now(), 15 * 60_000)).toBe(false);
    const changed = tenant.users[4]!;
    const teams = await local.readDirectory();
    // This read found nothing changed; another instance applies a change before it is recorded.
    const racing = withQueue(deps, {
      directoryRead: async (at, baseline, hashes) => {
        await applyDirectory(depsOf(), { ...teams, users: teams.users.map((user) => (user.Identity === changed.Identity ? { ...user, HasTeamsPhoneLicense: false } : user)) });
        return queue.directoryRead(at, baseline, hashes);
      },
    });
    await timer.sleep(60_000);
    expect(await applyDirectory(racing, teams)).toMatchObject({ changedUsers: 0 });
    expect((await progress())?.lists).toBeNull();
    // Due at once, not a period later: the next read puts back what Teams has and records its hashes.
    expect(await queue.claimDirectory(timer.now(), 15 * 60_000)).toBe(true);
    expect(await applyDirectory(deps, await local.readDirectory())).toMatchObject({ changedUsers: 1 });
    expect((await progress())?.lists).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a change being applied does not make the directory due for another instance meanwhile: Teams is not read twice for one change', async () => {
    await seedTenant(db, local, tenant, timer.now());
    const deps = depsOf();
    await applyDirectory(deps, await local.readDirectory());
    await timer.sleep(60_000);
    const teams = await local.readDirectory();
    const changed: Directory = { ...teams, users: teams.users.map((user, i) => (i === 2 ? { ...user, HasTeamsPhoneLicense: false } : user)) };
    const queue = deps.stores.syncQueue;
    const other = createSyncQueueStore(db);
    const dueMeanwhile: boolean[] = [];
    const watched = withQueue(deps, {
      // Between the write and its recording (the queue's reconcile, at 100,000 users seconds long).
      reconcileUsers: async (now) => {
        dueMeanwhile.push(await other.claimDirectory(now, 15 * 60_000));
        return queue.reconcileUsers(now);
      },
    });
    expect(await applyDirectory(watched, changed)).toMatchObject({ changedUsers: 1 });
    expect(dueMeanwhile).toEqual([false]);
    expect((await progress())?.lists).toMatch(/^[0-9a-f]{64}$/);
  });

  it('an instance killed in the middle of applying a change leaves nothing half written: the next read compares in full and stores what Teams has', async () => {
    await seedTenant(db, local, tenant, timer.now());
    const deps = depsOf();
    await applyDirectory(deps, await local.readDirectory());
    const before = await progress();
    const [changed, removed] = [tenant.users[5]!, tenant.users[6]!];
    await editInTeams(db, changed, { HasTeamsPhoneLicense: false });
    await db.query('DELETE FROM local_teams_users WHERE sip = $1', [normalizeSip(removed.SipAddress)]);
    // The apply's transaction writes everything, then the process dies before it commits.
    const dying: DirectorySyncDeps = {
      ...deps,
      stores: {
        ...deps.stores,
        transaction: (fn) =>
          deps.stores.transaction(async (tx) => {
            await fn(tx);
            throw new Error('killed before the commit');
          }),
      },
    };
    await timer.sleep(60_000);
    await expect(applyDirectory(dying, await local.readDirectory())).rejects.toThrow('killed before the commit');
    expect(await progress()).toEqual(before);
    await timer.sleep(60_000);
    expect(await applyDirectory(deps, await local.readDirectory())).toMatchObject({ changedUsers: 1, removedUsers: 1 });
    const stored = await deps.stores.syncDirectory.storedUsers();
    expect(stored).toEqual((await local.readDirectory()).users);
  });

  it('a read whose entries and lists differ from the stored ones only in key order, nested keys too, changes nothing and writes nothing', async () => {
    await seedTenant(db, local, tenant, timer.now());
    const deps = depsOf();
    const teams: Directory = await local.readDirectory();
    await applyDirectory(deps, teams);
    const before = await progress();
    await timer.sleep(60_000);
    const reordered: Directory = { ...teams, users: teams.users.map(reversedKeys), callingPolicies: reversedKeys(teams.callingPolicies), phoneNumbers: reversedKeys(teams.phoneNumbers), resourceAccounts: reversedKeys(teams.resourceAccounts) };
    expect(JSON.stringify(reordered.users[0])).not.toBe(JSON.stringify(teams.users[0]));
    const outcome = await applyDirectory(deps, reordered);
    expect(outcome).toMatchObject({ changedUsers: 0, removedUsers: 0, listsChanged: false, first: false });
    expect((await progress())?.version).toBe(before?.version);
    // Its hashes are recorded: the same read again skips the comparison, and the read in Teams' order still matches.
    expect((await progress())?.users).toMatch(/^[0-9a-f]{64}$/);
    expect(await applyDirectory(deps, teams)).toMatchObject({ changedUsers: 0, removedUsers: 0, listsChanged: false });
    expect((await progress())?.version).toBe(before?.version);
  });

  it.each([
    ['a policy', (t: Tenant): Tenant => ({ ...t, callingPolicies: t.callingPolicies.slice(0, -1) })],
    ['a policy setting', (t: Tenant): Tenant => ({ ...t, callingPolicies: t.callingPolicies.map((policy, i) => (i === 0 ? { ...policy, AllowCallGroups: !policy.AllowCallGroups } : policy)) })],
  ])('the first read after importing a snapshot that differs from Teams in %s replaces the lists, and the next read finds them unchanged', async (_what, older) => {
    await seedTenant(db, local, tenant, timer.now());
    const deps = depsOf();
    await applyDirectory(deps, await local.readDirectory());
    const snapshot = older(tenant);
    expect(snapshot).not.toEqual(tenant);
    await db.transaction((tx) => createTenantStore(tx).replaceTenant(snapshot, timer.now()));
    await timer.sleep(60_000);
    const teams = await local.readDirectory();
    expect(await applyDirectory(deps, teams)).toMatchObject({ listsChanged: true, changedUsers: 0 });
    const stored = await deps.stores.syncDirectory.storedLists();
    const { callingPolicies, voiceRoutingPolicies, emergencyCallRoutingPolicies, sharedCallingPolicies, resourceAccounts, phoneNumbers } = teams;
    expect(stored).toEqual({ callingPolicies, voiceRoutingPolicies, emergencyCallRoutingPolicies, sharedCallingPolicies, resourceAccounts, phoneNumbers });
    await timer.sleep(60_000);
    expect(await applyDirectory(deps, await local.readDirectory())).toMatchObject({ listsChanged: false, changedUsers: 0 });
  });

  it('a batch holding a read of the baseline pass and one of the next still queues the other side of what the later read found', async () => {
    await seedTenant(db, local, tenant, timer.now());
    await createSyncQueueStore(db).reconcileUsers(timer.now());
    const [early, late] = tenant.callingSettings.filter((settings) => settings.CallGroupTargets.length > 0) as [CallingSettings, CallingSettings];
    const newTarget = tenant.users.map((user) => normalizeSip(user.SipAddress)).find((sip) => sip !== normalizeSip(late.SipUri) && !late.CallGroupTargets.some((t) => normalizeSip(t) === sip))!;
    const claim = (settings: CallingSettings, pass: number, baseline: boolean): ClaimedUser => ({ sip: normalizeSip(settings.SipUri), identity: settings.SipUri, reason: 'pass', pass, baseline });
    const at = timer.now();
    const { stores, health } = depsOf();
    let id = 0;
    const outcome = await writeReads({ stores, health, notifier: silentNotifier, clock: timer, ids: () => `00000000-0000-4000-8000-${String((id += 1)).padStart(12, '0')}` }, [
      // Claimed in the baseline pass, read unchanged.
      { claimed: claim(early, 1, true), claimedAt: at, settings: early },
      // Claimed in the next pass: the owner added someone to their group in Teams.
      { claimed: claim(late, 2, false), claimedAt: at, settings: { ...late, CallGroupTargets: [...late.CallGroupTargets, newTarget] } },
    ]);
    expect(outcome.drift.map((d) => d.subjectSip)).toContain(normalizeSip(late.SipUri));
    expect(outcome.revealed).toContain(newTarget);
  });
});
