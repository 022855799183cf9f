import type { SettingsWrite, Tenant, User } from '@cgm/core';
import { normalizeSip, userRefKey } from '@cgm/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalCallingGateway } from '../../gateway/local/localCallingGateway.js';
import type { LocalCallingGateway } from '../../gateway/local/localCallingGateway.js';
import type { Database } from '../../store/database.js';
import { createStoreBundle } from '../../store/stores.js';
import { createTenantStore } from '../../store/tenantStore.js';
import { testBackends } from '../../store/testDatabase.js';
import { largeTestTenant } from '../../store/testTenant.js';
import { editInTeams, seedTenant, withQueue } from '../../testSupport/syncTestSupport.js';
import type { VirtualTimer } from '../../testSupport/virtualTimer.js';
import { createVirtualTimer, trackDatabase } from '../../testSupport/virtualTimer.js';
import { createHealthService } from '../healthService.js';
import { silentNotifier } from '../notifier.js';
import type { StoredRequest } from '../requestService.js';
import type { DirectoryOutcome, DirectorySyncDeps } from './directorySync.js';
import { applyDirectory } from './directorySync.js';

/**
 * A directory read whose users hash to what the last applied read stored skips reading the stored
 * users; anything else that rewrote them (an applied change, a snapshot import) forgets the hash,
 * so the next read is compared in full and the stored directory ends as Teams has it.
 */

type Directory = Awaited<ReturnType<LocalCallingGateway['readDirectory']>>;

/** A user's entry as text whatever order its properties come in. */
const entryText = (user: User): string => JSON.stringify(user, Object.keys(user).sort());
const byIdentity = (users: readonly User[]) => new Map(users.map((user) => [userRefKey(user.Identity), entryText(user)] as const));

describe.each(testBackends())('directory reads on %s', { timeout: 60_000 }, (_name, open) => {
  let db: Database;
  let raw: Database;
  let local: LocalCallingGateway;
  let timer: VirtualTimer;
  let tenant: Tenant;
  let storedUserReads: number;
  let deps: DirectorySyncDeps;
  beforeEach(async () => {
    raw = await open();
    timer = createVirtualTimer({ start: new Date('2026-11-22T09:00:00Z') });
    db = trackDatabase(raw, timer);
    local = createLocalCallingGateway(db);
    tenant = largeTestTenant(40);
    await seedTenant(db, local, tenant, timer.now());
    // As the sync engine builds them (maybeReadDirectory), with the stored users' reads counted.
    const stores = createStoreBundle<StoredRequest['change'], SettingsWrite, StoredRequest['notes']>(db);
    storedUserReads = 0;
    const counted = {
      ...stores,
      syncDirectory: {
        ...stores.syncDirectory,
        storedUsers: () => {
          storedUserReads += 1;
          return stores.syncDirectory.storedUsers();
        },
      },
    };
    const health = createHealthService({ stores: counted, clock: timer, notifier: silentNotifier });
    deps = { stores: counted, health, clock: timer, recentMs: 24 * 3_600_000, hotPeriodMs: async () => 60_000 };
  });
  afterEach(async () => {
    timer.stop();
    await raw.close();
  });

  /** One directory read from Teams, applied a minute after the last: its outcome and whether the stored users were read. */
  async function readDirectory(): Promise<{ outcome: DirectoryOutcome; comparedInFull: boolean }> {
    await timer.sleep(60_000);
    const before = storedUserReads;
    const outcome = await applyDirectory(deps, await local.readDirectory());
    return { outcome, comparedInFull: storedUserReads > before };
  }
  const storedHash = async () => (await db.query<{ hash: string | null }>('SELECT directory_users AS hash FROM sync_progress'))[0]?.hash;
  /** The stored directory's users and Teams' users, each keyed by object id. */
  async function storedAndTeams(): Promise<[Map<string, string>, Map<string, string>]> {
    const stored = await createStoreBundle(db).syncDirectory.storedUsers();
    return [byIdentity(stored ?? []), byIdentity((await local.readDirectory()).users)];
  }
  const storedUser = async (who: User) =>
    (await db.query<{ data: User }>('SELECT data FROM tenant_users WHERE sip = $1', [normalizeSip(who.SipAddress)]))[0]?.data;

  it('a second read of an unchanged directory does not read the stored users and reports no changed user', async () => {
    const first = await readDirectory();
    expect(first.comparedInFull).toBe(true);
    expect(first.outcome).toMatchObject({ users: 40, changedUsers: 0, removedUsers: 0, first: false });
    const hash = await storedHash();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);

    const second = await readDirectory();
    expect(second.comparedInFull).toBe(false);
    expect(second.outcome).toMatchObject({ users: 40, changedUsers: 0, removedUsers: 0, listsChanged: false });
    expect(await storedHash()).toBe(hash);
  });

  it('a read listing the same users in another order is the same directory: no comparison, nothing written', async () => {
    await readDirectory();
    const hash = await storedHash();
    await timer.sleep(60_000);
    const before = storedUserReads;
    const teams = await local.readDirectory();
    const outcome = await applyDirectory(deps, { ...teams, users: [...teams.users].reverse() });
    expect(storedUserReads).toBe(before);
    expect(outcome).toMatchObject({ users: 40, changedUsers: 0, removedUsers: 0, listsChanged: false });
    expect(await storedHash()).toBe(hash);
  });

  it('a read after a user’s entry changed in Teams is compared in full and upserts that user; the next unchanged read skips again', async () => {
    await readDirectory();
    const hash = await storedHash();
    const changed = tenant.users[17]!;
    await editInTeams(db, changed, { HasTeamsPhoneLicense: false, TeamsCallingPolicy: 'Tag:NoGroups' });

    const read = await readDirectory();
    expect(read.comparedInFull).toBe(true);
    expect(read.outcome).toMatchObject({ changedUsers: 1, removedUsers: 0, listsChanged: false });
    expect(await storedUser(changed)).toMatchObject({ HasTeamsPhoneLicense: false, TeamsCallingPolicy: 'Tag:NoGroups' });
    const [stored, teams] = await storedAndTeams();
    expect(stored).toEqual(teams);
    // The hash is of the directory as changed.
    expect(await storedHash()).toMatch(/^[0-9a-f]{64}$/);
    expect(await storedHash()).not.toBe(hash);

    const again = await readDirectory();
    expect(again.comparedInFull).toBe(false);
    expect(again.outcome).toMatchObject({ changedUsers: 0, removedUsers: 0 });
  });

  it('a snapshot import clears the hash: the next read is compared in full and puts back what Teams has', async () => {
    await readDirectory();
    expect(await storedHash()).not.toBeNull();
    // An older snapshot, where one user still had no licence, imported through the store (cgm import).
    const changed = tenant.users[5]!;
    const older: Tenant = { ...tenant, users: tenant.users.map((user) => (user === changed ? { ...user, HasTeamsPhoneLicense: false } : user)) };
    await db.transaction((tx) => createTenantStore(tx).replaceTenant(older, timer.now()));
    expect(await storedHash()).toBeNull();

    const read = await readDirectory();
    expect(read.comparedInFull).toBe(true);
    expect(read.outcome).toMatchObject({ changedUsers: 1, removedUsers: 0 });
    expect(await storedUser(changed)).toMatchObject({ HasTeamsPhoneLicense: true });
    const [stored, teams] = await storedAndTeams();
    expect(stored).toEqual(teams);
  });

  it('a snapshot import landing between a read’s comparison and its recording keeps the hashes forgotten: the next read is compared in full', async () => {
    await readDirectory();
    const changed = tenant.users[9]!;
    const older: Tenant = { ...tenant, users: tenant.users.map((user) => (user === changed ? { ...user, HasTeamsPhoneLicense: false } : user)) };
    // The import commits after this read compared (nothing changed) and before it records its hashes.
    const queue = deps.stores.syncQueue;
    const racing = withQueue(deps, {
      directoryRead: async (at, baseline, hashes) => {
        await db.transaction((tx) => createTenantStore(tx).replaceTenant(older, timer.now()));
        return queue.directoryRead(at, baseline, hashes);
      },
    });
    await applyDirectory(racing, await local.readDirectory());
    expect(await storedHash()).toBeNull();
    expect(await storedUser(changed)).toMatchObject({ HasTeamsPhoneLicense: false });

    const read = await readDirectory();
    expect(read.comparedInFull).toBe(true);
    expect(read.outcome).toMatchObject({ changedUsers: 1, removedUsers: 0 });
    const [stored, teams] = await storedAndTeams();
    expect(stored).toEqual(teams);
  });

  it('a change applied without its read being recorded (a crash between the two) leaves the next read of the hashed directory to be compared in full', async () => {
    await readDirectory();
    const hash = await storedHash();
    // A read that saw one user's licence gone and another user gone is applied, and the instance
    // dies before recording it; Teams then shows the directory hashed before.
    const teams: Directory = await local.readDirectory();
    const [changed, removed] = [tenant.users[23]!, tenant.users[31]!];
    const seen: Directory = { ...teams, users: teams.users.flatMap((user) => (user.Identity === removed.Identity ? [] : user.Identity === changed.Identity ? [{ ...user, HasTeamsPhoneLicense: false }] : [user])) };
    const upsert = seen.users.find((user) => user.Identity === changed.Identity)!;
    await deps.stores.transaction((tx) => tx.syncDirectory.apply(seen, { upserts: [upsert], removals: [removed.Identity], lists: false, first: false }, timer.now()));
    expect(await storedUser(removed)).toBeUndefined();
    expect(await storedHash()).toBeNull();

    const read = await readDirectory();
    expect(read.comparedInFull).toBe(true);
    expect(read.outcome).toMatchObject({ changedUsers: 2, removedUsers: 0 });
    const [stored, inTeams] = await storedAndTeams();
    expect(stored).toEqual(inTeams);
    expect(await storedHash()).toBe(hash);
  });
});
