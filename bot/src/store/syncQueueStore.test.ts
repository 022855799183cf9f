import type { CallingSettings, Tenant, User } from '@cgm/core';
import { normalizeSip, resolveRef, synthesizeTenant, userRefKeys } from '@cgm/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { delegate, membership, testSettings } from '../../../core/src/testing/testTenant.js';
import type { Database, Queryable } from './database.js';
import { createSyncQueueStore } from './syncQueueStore.js';
import { testBackends } from './testDatabase.js';
import { createTenantStore } from './tenantStore.js';

/**
 * When users join the read queue, whether each is in a relationship (the hot tier) is looked up
 * over the range of sips that join in a slice. The expectation here is computed from the tenant
 * object, by the model's rules, not from the stored tables the queue's SQL reads.
 */

const AT = new Date('2026-11-22T09:00:00Z');
const sip = (user: User) => normalizeSip(user.SipAddress);

type Reason = 'owner' | 'named' | 'membership' | 'delegates' | 'shared';

/** Why each user is related, from the tenant: owner of a group, named in one, a membership entry, delegates, Shared Calling. */
function reasonsOf(tenant: Tenant): Map<string, Set<Reason>> {
  // A reference names the first user in snapshot order that answers to it (as Teams and core resolve it).
  const byRef = new Map<string, string>();
  for (const user of tenant.users) for (const key of userRefKeys(user)) if (!byRef.has(key)) byRef.set(key, sip(user));
  const reasons = new Map(tenant.users.map((user) => [sip(user), new Set<Reason>()] as const));
  const add = (who: string | undefined, reason: Reason) => who !== undefined && reasons.get(who)?.add(reason);
  for (const settings of tenant.callingSettings) {
    const owner = normalizeSip(settings.SipUri);
    if (settings.CallGroupTargets.length > 0) add(owner, 'owner');
    for (const target of settings.CallGroupTargets) add(resolveRef(byRef, target), 'named');
    if (settings.GroupMembershipDetails.length > 0) add(owner, 'membership');
    if (settings.Delegates.length > 0) add(owner, 'delegates');
  }
  for (const user of tenant.users) if (user.TeamsSharedCallingRoutingPolicy !== null) add(sip(user), 'shared');
  return reasons;
}

const expectedRelated = (tenant: Tenant) => new Map([...reasonsOf(tenant)].map(([who, reasons]) => [who, reasons.size > 0] as const));

/** How many users are related for one reason alone, by reason. */
function aloneCounts(tenant: Tenant): Record<Reason, number> {
  const counts: Record<Reason, number> = { owner: 0, named: 0, membership: 0, delegates: 0, shared: 0 };
  for (const reasons of reasonsOf(tenant).values()) if (reasons.size === 1) for (const reason of reasons) counts[reason] += 1;
  return counts;
}

/**
 * A synthetic tenant where every source of a relationship is, for some users, the only one: a
 * healthy tenant gives every named member a membership entry, so two members lose theirs (Teams
 * has not caught up), and quiet users are made owners, members by entry alone, delegators and
 * Shared Calling users, two of each.
 */
function tenantWithEverySource(users: number, seed: number): Tenant {
  const tenant = synthesizeTenant({ users, seed }).tenant;
  const reasons = reasonsOf(tenant);
  const settingsBySip = new Map(tenant.callingSettings.map((settings) => [normalizeSip(settings.SipUri), settings] as const));
  const someOwner = tenant.callingSettings.find((settings) => settings.CallGroupTargets.length > 0);
  if (!someOwner) throw new Error(`the synthetic tenant (seed ${seed}) has no call group`);
  const namedAndEntry = tenant.users.filter((user) => [...(reasons.get(sip(user)) ?? [])].sort().join() === 'membership,named').slice(0, 2);
  const quiet = tenant.users.filter((user) => reasons.get(sip(user))?.size === 0 && !settingsBySip.has(sip(user))).slice(0, 8);
  if (namedAndEntry.length < 2 || quiet.length < 8) throw new Error(`the synthetic tenant (seed ${seed}) is too small for every source`);
  const changed = new Map<string, CallingSettings>();
  for (const member of namedAndEntry) changed.set(sip(member), { ...settingsBySip.get(sip(member))!, GroupMembershipDetails: [] });
  const [owner1, owner2, entry1, entry2, delegator1, delegator2, shared1, shared2] = quiet as [User, User, User, User, User, User, User, User];
  // The owners' targets are already owners themselves, so nobody becomes related by being named here.
  for (const owner of [owner1, owner2]) changed.set(sip(owner), testSettings(owner, { CallGroupTargets: [someOwner.SipUri] }));
  for (const member of [entry1, entry2]) changed.set(sip(member), testSettings(member, { GroupMembershipDetails: [membership(someOwner.SipUri)] }));
  for (const delegator of [delegator1, delegator2]) changed.set(sip(delegator), testSettings(delegator, { Delegates: [delegate(someOwner.SipUri)] }));
  const shared = new Set([sip(shared1), sip(shared2)]);
  return {
    ...tenant,
    users: tenant.users.map((user) => (shared.has(sip(user)) ? { ...user, TeamsSharedCallingRoutingPolicy: 'Tag:Quiet-Store' } : user)),
    callingSettings: [...tenant.callingSettings.map((settings) => changed.get(normalizeSip(settings.SipUri)) ?? settings), ...[...changed].filter(([who]) => !settingsBySip.has(who)).map(([, settings]) => settings)],
  };
}

/** sync_users' write counters as this backend has them (pending, not yet flushed: a transaction's own writes show at once). */
async function writeCounters(tx: Queryable): Promise<{ inserted: number; updated: number; deleted: number }> {
  const [row] = await tx.query<{ inserted: number; updated: number; deleted: number }>(
    `SELECT n_tup_ins::integer AS inserted, n_tup_upd::integer AS updated, n_tup_del::integer AS deleted
       FROM pg_stat_xact_user_tables WHERE relname = 'sync_users' AND schemaname = current_schema()`,
  );
  if (!row) throw new Error('pg_stat_xact_user_tables has no row for sync_users');
  return row;
}

/**
 * Rows `fn` inserted, updated and deleted in sync_users, run in a transaction of its own. The
 * counters may still hold earlier transactions' writes (they are flushed when the connection is
 * idle), but nothing flushes them inside a transaction, so the difference is `fn`'s alone.
 */
async function queueWrites(db: Database, fn: (tx: Queryable) => Promise<void>): Promise<{ inserted: number; updated: number; deleted: number }> {
  return db.transaction(async (tx) => {
    const before = await writeCounters(tx);
    await fn(tx);
    const after = await writeCounters(tx);
    return { inserted: after.inserted - before.inserted, updated: after.updated - before.updated, deleted: after.deleted - before.deleted };
  });
}

describe.each(testBackends())('the sync queue on %s', { timeout: 120_000 }, (_name, open) => {
  let db: Database;
  beforeEach(async () => {
    db = await open();
  });
  afterEach(async () => {
    await db.close();
  });

  const importTenant = (tenant: Tenant) => db.transaction((tx) => createTenantStore(tx).replaceTenant(tenant, AT));
  const queued = async () => new Map((await db.query<{ sip: string; related: boolean }>('SELECT sip, related FROM sync_users')).map((row) => [row.sip, row.related] as const));
  /** Reconcile in a transaction of its own, with what it wrote to sync_users. */
  const reconcile = (at: Date) => queueWrites(db, (tx) => createSyncQueueStore(tx).reconcileUsers(at));

  it('users joining the queue are related exactly when they own a group, are named in one, hold a membership entry, have delegates or are on Shared Calling', async () => {
    const tenant = tenantWithEverySource(300, 3);
    const alone = aloneCounts(tenant);
    for (const reason of Object.keys(alone) as Reason[]) expect([reason, alone[reason] > 0]).toEqual([reason, true]);
    await importTenant(tenant);

    await createSyncQueueStore(db).reconcileUsers(AT);
    const expected = expectedRelated(tenant);
    const actual = await queued();
    expect(actual.size).toBe(300);
    for (const [who, related] of expected) expect([who, actual.get(who)]).toEqual([who, related]);
    // Both kinds are there in numbers: the comparison above is not all one value.
    const relatedCount = [...expected.values()].filter(Boolean).length;
    expect(relatedCount).toBeGreaterThan(50);
    expect(relatedCount).toBeLessThan(250);
    const [progress] = await db.query<{ pass_users: number }>('SELECT pass_users FROM sync_progress');
    expect(progress?.pass_users).toBe(300);
  });

  it('a second reconcile over an unchanged directory inserts, updates and deletes no queued user', async () => {
    const tenant = tenantWithEverySource(300, 7);
    await importTenant(tenant);
    // The counters see the first reconcile's inserts: a second one that wrote anything would show.
    expect(await reconcile(AT)).toEqual({ inserted: 300, updated: 0, deleted: 0 });
    // xmin and ctid change with any write to a row, even one that leaves its values as they were.
    const snapshot = 'SELECT xmin::text, ctid::text, sip, identity, related, read_pass, due_at, hot_until, urgent FROM sync_users ORDER BY sip';
    const before = await db.query(snapshot);

    expect(await reconcile(new Date(AT.getTime() + 60_000))).toEqual({ inserted: 0, updated: 0, deleted: 0 });
    expect(await db.query(snapshot)).toEqual(before);
    const expected = expectedRelated(tenant);
    for (const [who, related] of await queued()) expect([who, related]).toEqual([who, expected.get(who)]);
  });

  it('more users than one slice: all 2,300 join in three slices, each with its own relatedness', async () => {
    const tenant = tenantWithEverySource(2_300, 11);
    await importTenant(tenant);

    expect(await reconcile(AT)).toEqual({ inserted: 2_300, updated: 0, deleted: 0 });
    const expected = expectedRelated(tenant);
    const actual = await queued();
    expect(actual.size).toBe(2_300);
    for (const [who, related] of expected) expect([who, actual.get(who)]).toEqual([who, related]);
    expect(await reconcile(AT)).toEqual({ inserted: 0, updated: 0, deleted: 0 });
  });

  it('newcomers scattered over three slices, at their edges and alone in one, join with their own relatedness and nobody else is touched', async () => {
    const tenant = tenantWithEverySource(2_300, 11);
    await importTenant(tenant);
    await createSyncQueueStore(db).reconcileUsers(AT);
    // Slices follow the database's order of sips (its collation), so the newcomers are picked in that order.
    const order = (await db.query<{ sip: string }>('SELECT sip FROM tenant_users ORDER BY sip')).map((row) => row.sip);
    expect(order).toHaveLength(2_300);
    const expected = expectedRelated(tenant);
    // In each of the first two slices, newcomers from its first related user to its last (the
    // range they are looked up over is then bounded by related users) and every 37th in between;
    // in the last slice one related user alone, so that range is a single sip.
    const relatedIn = (from: number, to: number) => order.map((who, i) => [who, i] as const).filter(([who, i]) => i >= from && i < to && expected.get(who)).map(([, i]) => i);
    const picked: number[] = [];
    for (const from of [0, 1_000]) {
      const related = relatedIn(from, from + 1_000);
      const [lo, hi] = [related[0]!, related.at(-1)!];
      picked.push(lo, ...Array.from({ length: hi - lo - 1 }, (_, k) => lo + 1 + k).filter((i) => i % 37 === 5), hi);
    }
    picked.push(relatedIn(2_000, 2_300).at(-1)!);
    const newcomers = picked.map((i) => order[i]!);
    const newcomerRelated = newcomers.map((who) => expected.get(who));
    expect(newcomerRelated.filter((related) => related === true).length).toBeGreaterThan(5);
    expect(newcomerRelated.filter((related) => related === false).length).toBeGreaterThan(5);
    // Newcomers for the queue: the stored directory has them, the queue does not yet. Everyone
    // already queued has the opposite mark, so a slice that recomputed them would show.
    await db.query('DELETE FROM sync_users WHERE sip = ANY($1::text[])', [newcomers]);
    await db.query('UPDATE sync_users SET related = NOT related');
    const flipped = await queued();

    expect(await reconcile(AT)).toEqual({ inserted: newcomers.length, updated: 0, deleted: 0 });
    const actual = await queued();
    expect(actual.size).toBe(2_300);
    for (const who of newcomers) expect([who, actual.get(who)]).toEqual([who, expected.get(who)]);
    for (const [who, related] of flipped) expect([who, actual.get(who)]).toEqual([who, related]);
  });
});
