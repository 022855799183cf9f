import type { Tenant, User } from '@cgm/core';
import { normalizeSip } from '@cgm/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalCallingGateway } from '../gateway/local/localCallingGateway.js';
import { createReadBudget, withReadCost } from '../gateway/local/readCostModel.js';
import type { LocalCallingGateway } from '../gateway/local/localCallingGateway.js';
import type { Database } from '../store/database.js';
import { testBackends } from '../store/testDatabase.js';
import { largeTestTenant } from '../store/testTenant.js';
import { countingGateway, directEdit, seedTenant, stillTimer, syncInstance } from '../testSupport/syncTestSupport.js';
import type { VirtualTimer } from '../testSupport/virtualTimer.js';
import { createVirtualTimer, trackDatabase } from '../testSupport/virtualTimer.js';
import type { Notifier } from './notifier.js';
import { silentNotifier } from './notifier.js';
import type { DriftRecord } from './records.js';

/** `count` users with Teams' default settings, except `groups`: owner index → member indexes. Sorted by SIP address. */
function tenantOf(count: number, groups: Readonly<Record<number, readonly number[]>> = {}): { tenant: Tenant; users: User[] } {
  const base = largeTestTenant(count);
  const users = [...base.users].sort((a, b) => normalizeSip(a.SipAddress).localeCompare(normalizeSip(b.SipAddress)));
  const callingSettings = Object.entries(groups).flatMap(([owner, members]) => {
    const who = users[Number(owner)]!;
    const sip = normalizeSip(who.SipAddress);
    return [
      { ...base.callingSettings[0]!, SipUri: sip, CallGroupTargets: members.map((m) => normalizeSip(users[m]!.SipAddress)), GroupMembershipDetails: [], IsForwardingEnabled: false, ForwardingType: null, ForwardingTargetType: null, Delegates: [] },
      ...members.map((m) => ({ ...base.callingSettings[1]!, SipUri: normalizeSip(users[m]!.SipAddress), CallGroupTargets: [], GroupMembershipDetails: [{ CallGroupOwnerId: sip, NotificationSetting: 'Ring' as const }], IsForwardingEnabled: false, ForwardingType: null, ForwardingTargetType: null, Delegates: [] })),
    ];
  });
  return { tenant: { ...base, callingSettings }, users };
}

const upn = (user: User) => user.UserPrincipalName.toLowerCase();
const sip = (user: User) => normalizeSip(user.SipAddress);

describe.each(testBackends())('continuous sync on %s', { timeout: 60_000 }, (_name, open) => {
  let db: Database;
  let local: LocalCallingGateway;
  let timer: VirtualTimer;
  let raw: Database;
  beforeEach(async () => {
    raw = await open();
    // Simulated time: it moves only when no query is in flight and every read waits for its turn.
    timer = createVirtualTimer({ start: new Date('2026-11-22T09:00:00Z') });
    db = trackDatabase(raw, timer);
    local = createLocalCallingGateway(db);
  });
  afterEach(async () => {
    timer.stop();
    await raw.close();
  });

  const drifts = async (who: User) =>
    db.query<{ settings_group: string; detected_at: Date }>('SELECT settings_group, detected_at FROM drift_records WHERE subject_sip = $1 ORDER BY detected_at', [sip(who)]);

  it('a pass resumes where a killed instance stopped: a new instance continues from the checkpoint and re-reads nobody already stored', async () => {
    const { tenant, users } = tenantOf(90);
    await seedTenant(db, local, tenant, timer.now());
    const dying = countingGateway(local, { hangAfter: 40 });
    const first = syncInstance(db, timer, { gateway: dying });
    void first.sync.finishPass();
    await dying.hung;
    // Let the dying instance's last writes land (or not): whatever it committed is the checkpoint.
    const checkpoint = async () => new Set((await db.query<{ sip: string }>('SELECT sip FROM sync_users WHERE read_pass >= 1')).map((row) => row.sip));
    let committed = await checkpoint();
    for (let settled = 0; settled < 3; ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = await checkpoint();
      settled = now.size === committed.size ? settled + 1 : 0;
      committed = now;
    }
    expect(committed.size).toBeGreaterThan(0);
    expect(committed.size).toBeLessThan(users.length);

    const survivor = countingGateway(local);
    const totals = await syncInstance(db, timer, { gateway: survivor }).sync.finishPass();
    expect(totals.passesCompleted).toBe(1);
    for (const user of users) {
      const again = survivor.reads.get(upn(user)) ?? 0;
      // Stored before the kill: never read again. Everyone else: read exactly once.
      expect([upn(user), again]).toEqual([upn(user), committed.has(sip(user)) ? 0 : 1]);
    }
    const [state] = await db.query<{ pass: number }>('SELECT pass FROM sync_progress');
    expect(state?.pass).toBe(2);
  });

  it('two instances never read the same user twice in one pass', async () => {
    // Time stands still: only the claims keep the instances apart, never a lease running out.
    const timer = stillTimer();
    const { tenant, users } = tenantOf(120);
    await seedTenant(db, local, tenant, timer.now());
    const a = countingGateway(local);
    const b = countingGateway(local);
    const first = syncInstance(db, timer, { gateway: a }).sync;
    const second = syncInstance(db, timer, { gateway: b }).sync;
    // The directory is read and a first pass done; then both instances take the next pass together.
    await first.runOnce();
    a.reads.clear();
    a.order.length = 0;
    await db.query('UPDATE sync_progress SET pass = pass + 1');
    await Promise.all([first.finishPass(), second.finishPass()]);
    for (const user of users) expect([upn(user), (a.reads.get(upn(user)) ?? 0) + (b.reads.get(upn(user)) ?? 0)]).toEqual([upn(user), 1]);
    expect(a.order.length).toBeGreaterThan(0);
    expect(b.order.length).toBeGreaterThan(0);
  });

  it('two instances starting together read and apply the directory once, and share the pass', async () => {
    const timer = stillTimer();
    const { tenant, users } = tenantOf(60);
    await seedTenant(db, local, tenant, timer.now());
    const before = local.calls.readDirectory;
    const a = countingGateway(local);
    const b = countingGateway(local);
    await Promise.all([syncInstance(db, timer, { gateway: a }).sync.finishPass(), syncInstance(db, timer, { gateway: b }).sync.finishPass()]);
    expect(local.calls.readDirectory - before).toBe(1);
    // Nobody closed a pass before the users were queued: the first pass read everyone.
    expect(await db.query<{ pass: number }>('SELECT pass FROM sync_progress')).toEqual([{ pass: 2 }]);
    for (const user of users) expect([upn(user), (a.reads.get(upn(user)) ?? 0) + (b.reads.get(upn(user)) ?? 0)]).toEqual([upn(user), 1]);
  });

  it('a 429 storm slows the pass and loses nothing', async () => {
    const { tenant, users } = tenantOf(60);
    await seedTenant(db, local, tenant, timer.now());
    const counted = countingGateway(local);
    const { sync } = syncInstance(db, timer, { gateway: counted });
    const start = timer.now().getTime();
    await sync.runOnce();
    const quietMs = timer.now().getTime() - start;

    const edited = users[37]!;
    await directEdit(local, upn(edited), 'CallGroupNotification', { GroupNotificationOverride: 'Mute' });
    counted.reads.clear();
    local.injectFaults({ throttleNext: 25, retryAfterMs: 5_000 });
    const stormStart = timer.now().getTime();
    const result = await sync.runOnce();
    const stormMs = timer.now().getTime() - stormStart;

    expect(stormMs).toBeGreaterThan(quietMs + 5_000);
    expect((await sync.status()).throttles).toBeGreaterThan(0);
    for (const user of users) expect([upn(user), counted.reads.get(upn(user))]).toEqual([upn(user), 1]);
    expect(result.drift.map((d) => [d.subjectSip, d.settingsGroup])).toEqual([[sip(edited), 'notification']]);
  });

  it('a newly revealed owner is read at once, long before the rolling pass would reach them', async () => {
    // Users 0 and 1 are in a group (hot); the new owner sorts last, so the rolling pass reaches him last.
    const { tenant, users } = tenantOf(120, { 0: [1] });
    await seedTenant(db, local, tenant, timer.now());
    const counted = countingGateway(local);
    // One session, so the order of reads is the order of the queue.
    const { sync } = syncInstance(db, timer, { gateway: counted, readsPerSecond: 0.5, concurrency: 1 });
    await sync.runOnce();
    const owner = users[119]!;
    const member = users[1]!;
    await directEdit(local, upn(owner), 'CallGroup', { CallGroupOrder: 'Simultaneous', CallGroupTargets: [sip(member)] });
    counted.order.length = 0;
    const { plan } = await sync.status();
    expect(plan.passSeconds).toBeGreaterThan(plan.hotPeriodSeconds + 15);

    const totals = await sync.runFor((plan.hotPeriodSeconds + 15) * 1000);
    const [memberDrift] = await drifts(member);
    const [ownerDrift] = await drifts(owner);
    expect(memberDrift?.settings_group).toBe('membership');
    expect(ownerDrift?.settings_group).toBe('callGroup');
    // The member's read named the owner: he was read as soon as that read was written (reads are
    // written about three seconds' worth at a time, two reads at this rate), not a pass later.
    expect(ownerDrift!.detected_at.getTime() - memberDrift!.detected_at.getTime()).toBeLessThanOrEqual(3 * 2_000);
    const memberRead = counted.order.indexOf(upn(member));
    expect(counted.order.indexOf(upn(owner)) - memberRead).toBeGreaterThanOrEqual(1);
    expect(counted.order.indexOf(upn(owner)) - memberRead).toBeLessThanOrEqual(2);
    expect(totals.revealed).toBeGreaterThanOrEqual(1);
  });

  it('a one-user check jumps the queue: read at once, its drift recorded and announced', async () => {
    const { tenant, users } = tenantOf(50);
    await seedTenant(db, local, tenant, timer.now());
    const told: DriftRecord[][] = [];
    const notifier: Notifier = { ...silentNotifier, driftDetected: async (records) => void told.push([...records]) };
    const counted = countingGateway(local);
    const { sync } = syncInstance(db, timer, { gateway: counted, notifier });
    await sync.runOnce();
    const edited = users[42]!;
    await directEdit(local, upn(edited), 'CallGroupNotification', { GroupNotificationOverride: 'Mute' });
    counted.order.length = 0;
    await timer.sleep(5_000);

    const checked = await sync.checkUser(edited.UserPrincipalName);
    expect(checked).toMatchObject({ sip: sip(edited), queued: false, settingsChanged: true });
    expect(checked.drift.map((d) => [d.settingsGroup, d.detectedAt.toISOString()])).toEqual([['notification', timer.now().toISOString()]]);
    expect(counted.order).toEqual([upn(edited)]);
    expect(told.flat().map((d) => d.subjectSip)).toEqual([sip(edited)]);
    const audit = await db.query<{ subject: string }>("SELECT subject FROM audit_log WHERE action = 'drift.detected'");
    expect(audit.map((row) => row.subject)).toEqual([sip(edited)]);
    await expect(sync.checkUser('nobody@contoso.com')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('a queue jump asked for while another instance holds the user is read first by the running pass', async () => {
    const { tenant, users } = tenantOf(40);
    await seedTenant(db, local, tenant, timer.now());
    const counted = countingGateway(local);
    const { sync } = syncInstance(db, timer, { gateway: counted });
    await sync.runOnce();
    const wanted = users[33]!;
    // Someone else holds the user for a moment: the check is queued instead of read here.
    const [held] = await db.query<{ sip: string }>("UPDATE sync_users SET lease_until = $2, lease_holder = 'other' WHERE sip = $1 RETURNING sip", [sip(wanted), new Date(timer.now().getTime() + 1_000)]);
    expect(held).toBeDefined();
    expect(await sync.checkUser(upn(wanted))).toMatchObject({ queued: true });
    counted.order.length = 0;
    await timer.sleep(2_000);
    await sync.runOnce();
    expect(counted.order[0]).toBe(upn(wanted));
  });

  it('drift from a direct edit on a related user is detected within its tier period, before the rolling pass reaches a cold one', async () => {
    const { tenant, users } = tenantOf(120, { 2: [5] });
    await seedTenant(db, local, tenant, timer.now());
    const { sync } = syncInstance(db, timer, { readsPerSecond: 0.5 });
    await sync.runOnce();
    const { plan } = await sync.status();
    expect(plan.hotUsers).toBe(2);
    expect(plan.hotPeriodSeconds).toBeLessThan(plan.passSeconds);

    const related = users[5]!;
    const cold = users[119]!;
    const editedAt = timer.now().getTime();
    await directEdit(local, upn(related), 'CallGroupNotification', { GroupNotificationOverride: 'Mute' });
    await directEdit(local, upn(cold), 'CallGroupNotification', { GroupNotificationOverride: 'Mute' });
    await sync.runFor(plan.hotPeriodSeconds * 1000 + 5_000);

    const [found] = await drifts(related);
    expect(found?.settings_group).toBe('notification');
    // Within one hot period of the edit (plus the read itself, 2 s apart at this budget).
    expect(found!.detected_at.getTime() - editedAt).toBeLessThanOrEqual(plan.hotPeriodSeconds * 1000 + 4_000);
    expect(await drifts(cold)).toEqual([]);
  });

  it('the hot tier is the users in a relationship: someone else on Shared Calling does not make everyone hot', async () => {
    const { tenant, users } = tenantOf(30, { 0: [1, 2] });
    const shared = users[9]!;
    const withShared = { ...tenant, users: tenant.users.map((user) => (user === shared ? { ...user, TeamsSharedCallingRoutingPolicy: 'Store12' } : user)) };
    await seedTenant(db, local, withShared, timer.now());
    const { sync } = syncInstance(db, timer);
    await sync.runOnce();
    const hot = await db.query<{ sip: string }>('SELECT sip FROM sync_users WHERE related ORDER BY sip');
    expect(hot.map((row) => row.sip)).toEqual([users[0]!, users[1]!, users[2]!, shared].map(sip).sort());
    expect((await sync.status()).plan.hotUsers).toBe(4);
  });

  it('the continuous pass keeps the budget’s pace into the next pass, every session reading', async () => {
    const { tenant } = tenantOf(150);
    await seedTenant(db, local, tenant, timer.now());
    // Teams' cost: 400 ms a read and 10 reads a second for the tenant.
    const gateway = withReadCost(local, { timer, budget: createReadBudget({ readsPerSecond: 10 }), latencyMs: 400, seed: 1 });
    const { sync } = syncInstance(db, timer, { gateway, readsPerSecond: 10, concurrency: 8 });
    await timer.simulate(async () => {
      sync.start();
      const secondStarted = timer.now().getTime();
      // Bounded: a pass that waits for the hot tier would take a day.
      while ((await sync.status()).pass.pass < 3 && timer.now().getTime() - secondStarted < 600_000) await timer.sleep(5_000);
      await sync.stop();
    });
    const { pass, plan } = await sync.status();
    // The second pass, begun by the first one's last lane, is read at the budget's pace, not one read at a time.
    expect(pass.lastPassSeconds).not.toBeNull();
    expect(pass.lastPassSeconds!).toBeLessThanOrEqual(plan.floorSeconds * 1.15 + 5);
    expect(gateway.cost.throttled).toBe(0);
  });

  it('a full pass over a tenant half in relationships takes at most 1.15 × users ÷ budget: hot reads count for the pass and the rolling pass covers the rest', async () => {
    // 2,000 users, 1,000 of them in 500 two-person groups (owner 2k, member 2k + 1).
    const groups = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [2 * i, [2 * i + 1]] as const));
    const { tenant } = tenantOf(2_000, groups);
    await seedTenant(db, local, tenant, timer.now());
    const gateway = withReadCost(local, { timer, budget: createReadBudget({ readsPerSecond: 10 }), latencyMs: 400, seed: 1 });
    const { sync } = syncInstance(db, timer, { gateway, readsPerSecond: 10, concurrency: 8 });
    const passSeconds: number[] = [];
    await timer.simulate(async () => {
      sync.start();
      while ((await sync.status()).pass.pass < 2) await timer.sleep(5_000);
      passSeconds.push((await sync.status()).pass.lastPassSeconds ?? Number.NaN);
      // The hot tier's next re-reads fall a day away (its period was longer, say): the pass does not wait for them.
      await db.query("UPDATE sync_users SET due_at = due_at + interval '1 day' WHERE due_at IS NOT NULL");
      const secondStarted = timer.now().getTime();
      // Bounded: a pass that waits for the hot tier would take a day.
      while ((await sync.status()).pass.pass < 3 && timer.now().getTime() - secondStarted < 600_000) await timer.sleep(5_000);
      passSeconds.push((await sync.status()).pass.lastPassSeconds ?? Number.NaN);
      await sync.stop();
    });
    const { plan } = await sync.status();
    // Everyone was queued and every related user scheduled, though the queue is filled in slices of 1,000.
    expect(plan).toMatchObject({ users: 2_000, hotUsers: 1_000, floorSeconds: 200 });
    expect(await db.query('SELECT sip FROM sync_users WHERE related AND due_at IS NULL')).toEqual([]);
    expect(passSeconds).toHaveLength(2);
    for (const seconds of passSeconds) expect(seconds).toBeLessThanOrEqual(1.15 * plan.floorSeconds);
    expect(gateway.cost.throttled).toBe(0);
  });

  it('a change explained by a request in flight is stored but not drift', async () => {
    const { tenant, users } = tenantOf(20);
    await seedTenant(db, local, tenant, timer.now());
    const { sync } = syncInstance(db, timer);
    await sync.runOnce();
    const subject = users[3]!;
    await directEdit(local, upn(subject), 'CallGroupNotification', { GroupNotificationOverride: 'Mute' });
    await db.query(
      `INSERT INTO change_requests (id, requester_sip, subject_sip, kind, settings_group, change, before_settings, desired, writes, status, needs_approval, created_at)
       VALUES ('00000000-0000-4000-8000-00000000aaaa', $1, $1, 'notificationOverride', 'notification', '{}', '{}', '{}', '[]', 'approved', true, $2)`,
      [sip(subject), timer.now()],
    );
    const result = await sync.runOnce();
    expect(result.settingsChanged).toBe(1);
    expect(result.drift).toEqual([]);
    const [stored] = await db.query<{ override: string }>("SELECT data->>'GroupNotificationOverride' AS override FROM tenant_settings WHERE sip = $1", [sip(subject)]);
    expect(stored?.override).toBe('Mute');
  });
});
