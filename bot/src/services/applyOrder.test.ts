import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SettingsWrite } from '@cgm/core';
import { normalizeSip, parseSnapshotText } from '@cgm/core';
import type { LocalCallingGateway } from '../gateway/local/localCallingGateway.js';
import { createLocalCallingGateway } from '../gateway/local/localCallingGateway.js';
import { ADELE, ALEX, DEMO_SNAPSHOT, MEGAN, manualClock } from '../server/testServer.js';
import type { Database } from '../store/database.js';
import { createOutboxStore } from '../store/outboxStore.js';
import { createStoreBundle } from '../store/stores.js';
import { createTenantStore } from '../store/tenantStore.js';
import { testBackends } from '../store/testDatabase.js';
import type { ApplyWorker } from './applyWorker.js';
import { createApplyWorker } from './applyWorker.js';
import type { ChangeRequest } from '../store/requestStore.js';
import { silentNotifier } from './notifier.js';
import type { Principal } from './principal.js';
import { principalOf } from './principal.js';
import type { RequestService, RequestSubmission, StoredRequest } from './requestService.js';
import { createRequestService } from './requestService.js';

const BRIAN = 'brian.johnson@contoso.com';
const CHRISTIE = 'sip:christie.cline@contoso.com';
const ISAIAH = 'isaiah.langer@contoso.com';
const LEASE_MS = 120_000;
// The advisory-lock key of a worker process in these tests: held while it "runs", let go when it "dies".
const OTHER_PROCESS = 2 ** 40 + 11;

describe.each(testBackends())('applying in version order (%s)', (_backend, open) => {
  let db: Database;
  let gateway: LocalCallingGateway;
  let requests: RequestService & RequestSubmission;
  let worker: ApplyWorker;
  let told: ChangeRequest[];
  let tenantId: string;
  const clock = manualClock();

  beforeEach(async () => {
    db = await open();
    const tenant = parseSnapshotText(readFileSync(DEMO_SNAPSHOT, 'utf8'));
    if (!tenant.ok) throw new Error('demo tenant invalid');
    tenantId = tenant.value.tenantId;
    gateway = createLocalCallingGateway(db);
    await db.transaction(async (tx) => {
      await gateway.seed(tenant.value, tx);
      await createTenantStore(tx).replaceTenant(tenant.value, clock.now());
    });
    told = [];
    const notifier = { ...silentNotifier, requestFailed: async (request: ChangeRequest) => void told.push(request) };
    const stores = createStoreBundle<StoredRequest['change'], SettingsWrite, StoredRequest['notes']>(db);
    requests = createRequestService({ stores, clock, ids: () => crypto.randomUUID(), notifier, approvalPolicy: 'always', expiryHours: 72, onApproved: () => undefined });
    worker = createApplyWorker({ db, stores, gateway, clock, notifier, leaseMs: LEASE_MS });
  }, 120_000);
  afterEach(async () => {
    await worker.close();
    await db.close();
  });

  const person = async (upn: string): Promise<Principal> => principalOf((await createTenantStore(db).userByRef(upn))!, tenantId, (u) => u === MEGAN);
  const callGroup = (targets: string[]) => ({ kind: 'callGroup' as const, order: 'Simultaneous' as const, targets });
  const approved = async (request: StoredRequest) => (await requests.approve(await person(MEGAN), request.id)).id;
  const stored = async (id: string) => (await requests.get(id))!;
  const teamsTargets = async () => (await gateway.readSettings(ALEX)).CallGroupTargets.map(normalizeSip);
  /** A worker process that claimed every due job, still alive until `die()` (its key is held meanwhile). */
  async function otherProcessClaims(): Promise<{ die: () => Promise<void> }> {
    let die!: () => void;
    const dead = new Promise<void>((resolve) => (die = resolve));
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const life = db.withAdvisoryLock(OTHER_PROCESS, async () => {
      holding();
      await dead;
    });
    await held;
    await createOutboxStore(db).claimDue(clock.now(), LEASE_MS, 10, { holder: OTHER_PROCESS, deadHolders: [] });
    return { die: async () => (die(), void (await life)) };
  }

  it("K2: a crash between approval and apply, a newer change applied meanwhile: the older one resumes superseded, its requester told, the group at the newer state", async () => {
    const alex = await person(ALEX);
    const older = await approved(await requests.propose(alex, callGroup([`sip:${BRIAN}`, `sip:${ISAIAH}`])));
    // The server that claimed the older request's job is killed before it writes anything.
    const crashed = await otherProcessClaims();
    const newer = await approved(await requests.propose(alex, callGroup([`sip:${BRIAN}`, `sip:${ADELE}`])));
    // Its lease still counts while that process lives: only the newer request is applied.
    expect(await worker.drain()).toBe(1);
    expect((await stored(newer)).status).toBe('applied');
    expect((await stored(older)).status).toBe('approved');

    await crashed.die();
    expect(await worker.drain()).toBe(1);
    const superseded = await stored(older);
    expect(superseded.status).toBe('superseded');
    expect(superseded.failure).toContain(`Overtaken by request ${newer}, applied first`);
    expect(await teamsTargets()).toEqual([`sip:${BRIAN}`, `sip:${ADELE}`]);
    expect((await createTenantStore(db).settingsOf(ALEX))!.settings.CallGroupTargets.map(normalizeSip)).toEqual([`sip:${BRIAN}`, `sip:${ADELE}`]);
    expect(told.map((r) => [r.id, r.status, r.requesterSip])).toEqual([[older, 'superseded', `sip:${ALEX}`]]);
    expect((await createOutboxStore(db).get(older))?.done).toBe(true);
  });

  it("K2: after a restart the dead holder's job is applied at once, while a live holder's lease is respected", async () => {
    const id = await approved(await requests.propose(await person(ALEX), callGroup([`sip:${BRIAN}`, `sip:${ADELE}`])));
    const holder = await otherProcessClaims();
    clock.advance(1_000);
    expect(await worker.drain()).toBe(0);
    await holder.die();
    // The clock stands still: the 120 s lease has not run out, the holder is simply gone.
    expect(await worker.drain()).toBe(1);
    expect((await stored(id)).status).toBe('applied');
    expect(await teamsTargets()).toEqual([`sip:${BRIAN}`, `sip:${ADELE}`]);
  });

  it('K2: a request waits while another change to the same settings is being written, then is superseded by it', async () => {
    const alex = await person(ALEX);
    const first = await approved(await requests.propose(alex, callGroup([`sip:${BRIAN}`, `sip:${ISAIAH}`])));
    // A worker passed the first request's version check and is writing it.
    const writing = await otherProcessClaims();
    expect(await createOutboxStore(db).start(first)).toBe(true);
    const second = await approved(await requests.propose(alex, callGroup([`sip:${BRIAN}`, `sip:${ADELE}`])));
    expect(await worker.drain()).toBe(1);
    expect((await stored(second)).status).toBe('approved');
    expect(await createOutboxStore(db).get(second)).toMatchObject({ attempts: 0, lastError: `waiting for request ${first}, which changes the same settings` });
    expect(await teamsTargets()).toEqual([`sip:${BRIAN}`, CHRISTIE]);

    await writing.die();
    clock.advance(2_000);
    expect(await worker.drain()).toBe(2);
    expect((await stored(first)).status).toBe('applied');
    expect((await stored(second)).status).toBe('superseded');
    expect(await teamsTargets()).toEqual([`sip:${BRIAN}`, `sip:${ISAIAH}`]);
  });

  it('K2: a version moved by a sync of an edit made in Teams fails the request with the reason, writing nothing', async () => {
    const id = await approved(await requests.propose(await person(ALEX), callGroup([`sip:${BRIAN}`, `sip:${ADELE}`])));
    const edited = { ...(await createTenantStore(db).settingsOf(ALEX))!.settings, CallGroupTargets: [CHRISTIE] };
    await gateway.applyWrite({ cmdlet: 'Set-CsUserCallingSettings', identity: ALEX, parameterSet: 'CallGroup', parameters: { CallGroupOrder: 'Simultaneous', CallGroupTargets: [CHRISTIE] }, reason: 'direct edit' });
    await db.transaction((tx) => createTenantStore(tx).writeSettings(ALEX, edited, ['callGroup']));
    expect(await worker.drain()).toBe(1);
    const failed = await stored(id);
    expect(failed.status).toBe('failed');
    expect(failed.failure).toContain('callGroup settings were changed in Teams after this request was made');
    expect(await teamsTargets()).toEqual([CHRISTIE]);
    expect(told.map((r) => [r.id, r.status])).toEqual([[id, 'failed']]);
  });

  it('K2: records the versions a request was planned against, and refuses a plan whose settings moved before it was stored', async () => {
    const alex = await person(ALEX);
    const versions = (await createTenantStore(db).settingsOf(ALEX))!.versions;
    const request = await requests.propose(alex, callGroup([`sip:${BRIAN}`, `sip:${ADELE}`]));
    expect(request.baseVersions).toEqual(versions);
    expect((await stored(request.id)).baseVersions).toEqual(versions);

    const stale = await requests.plan(alex, callGroup([`sip:${BRIAN}`, `sip:${ISAIAH}`]));
    const edited = { ...(await createTenantStore(db).settingsOf(ALEX))!.settings, CallGroupTargets: [CHRISTIE] };
    await db.transaction((tx) => createTenantStore(tx).writeSettings(ALEX, edited, ['callGroup']));
    await expect(requests.submit(stale)).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('callGroup settings changed while this request was being made') });
    // A move in a group the plan does not change is no reason to refuse it.
    const other = await requests.plan(alex, callGroup([CHRISTIE, `sip:${ADELE}`]));
    const forwardingOff = { ...edited, IsForwardingEnabled: false, ForwardingType: null, ForwardingTargetType: null };
    await db.transaction((tx) => createTenantStore(tx).writeSettings(ALEX, forwardingOff, ['forwarding']));
    expect((await requests.submit(other)).baseVersions).toMatchObject({ callGroup: versions.callGroup + 1, forwarding: versions.forwarding + 1 });
  });

  it("K3: a member's request to leave and the owner's own change do not cancel each other, in either order", async () => {
    const alex = await person(ALEX);
    const brian = await person(BRIAN);
    const owner = (await createTenantStore(db).userByRef(ALEX))!;
    const change = await requests.propose(alex, callGroup([`sip:${BRIAN}`, CHRISTIE, `sip:${ADELE}`]));
    const leave = await requests.requestRemoval(brian, owner);
    expect((await stored(change.id)).status).toBe('pending');
    const again = await requests.propose(alex, callGroup([`sip:${BRIAN}`, CHRISTIE, `sip:${ISAIAH}`]));
    expect((await stored(leave.id)).status).toBe('pending');
    // The owner's newer request still replaces the owner's own older one.
    expect((await stored(change.id)).status).toBe('superseded');
    const leaveAgain = await requests.requestRemoval(brian, owner);
    expect((await stored(leave.id)).status).toBe('superseded');
    expect((await stored(again.id)).status).toBe('pending');
    expect((await requests.listPending()).map((r) => r.id).sort()).toEqual([again.id, leaveAgain.id].sort());
  });

  for (const first of ['owner', 'member'] as const) {
    it(`K3: both conflicting requests approved, the ${first}'s applied first: the other is superseded with the reason, never overwriting it`, async () => {
      const ownerChange = await requests.propose(await person(ALEX), callGroup([`sip:${BRIAN}`, CHRISTIE, `sip:${ADELE}`]));
      const leave = await requests.requestRemoval(await person(BRIAN), (await createTenantStore(db).userByRef(ALEX))!);
      const [winner, loser] = first === 'owner' ? [ownerChange, leave] : [leave, ownerChange];
      await approved(winner);
      clock.advance(1_000);
      await approved(loser);
      expect(await worker.drain()).toBe(2);
      expect((await stored(winner.id)).status).toBe('applied');
      const overtaken = await stored(loser.id);
      expect(overtaken.status).toBe('superseded');
      expect(overtaken.failure).toContain(`Overtaken by request ${winner.id}, applied first`);
      expect(await teamsTargets()).toEqual(winner.desired.CallGroupTargets.map(normalizeSip));
      expect(told.map((r) => [r.id, r.requesterSip])).toEqual([[loser.id, loser.requesterSip]]);
    });
  }

  it('K2: forwarding to the call group, approved after the group was emptied, is superseded with the reason instead of refused by Teams (write skew)', async () => {
    // Alex forwards to voicemail, asks to forward to his group instead, then empties the group: both requests were valid when made.
    const alex = await person(ALEX);
    const answering = (forwardToGroup: boolean) => ({
      kind: 'answering' as const,
      forwarding: forwardToGroup ? { enabled: true, type: 'Simultaneous' as const, targetType: 'Group' as const, target: null } : { enabled: true, type: 'Immediate' as const, targetType: 'Voicemail' as const, target: null },
      unanswered: forwardToGroup ? { enabled: true, targetType: 'Voicemail' as const, target: null, delaySeconds: 20 } : { enabled: false, targetType: null, target: null, delaySeconds: 20 },
    });
    const off = await requests.propose(alex, answering(false));
    await approved(off);
    await worker.drain();
    expect((await stored(off.id)).status).toBe('applied');
    const forward = await requests.propose(alex, answering(true));
    const empty = await requests.propose(alex, callGroup([]));
    await approved(empty);
    await worker.drain();
    expect((await stored(empty.id)).status).toBe('applied');
    await approved(forward);
    await worker.drain();
    const overtaken = await stored(forward.id);
    expect(overtaken.status).toBe('superseded');
    expect(overtaken.failure).toContain(`Overtaken by request ${empty.id}, applied first`);
    expect((await gateway.readSettings(ALEX)).ForwardingTargetType).toBe('Voicemail');
  });

  it('K2: a change that does not rely on the call group is still applied after the group changed', async () => {
    const alex = await person(ALEX);
    const voicemail = await requests.propose(alex, {
      kind: 'answering',
      forwarding: { enabled: false, type: null, targetType: null, target: null },
      unanswered: { enabled: true, targetType: 'Voicemail', target: null, delaySeconds: 30 },
    });
    const grow = await requests.propose(alex, callGroup([BRIAN, CHRISTIE, ADELE]));
    await approved(grow);
    await worker.drain();
    await approved(voicemail);
    await worker.drain();
    expect((await stored(voicemail.id)).status).toBe('applied');
  });
});
