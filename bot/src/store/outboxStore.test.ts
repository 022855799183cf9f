import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeSip } from '@cgm/core';
import type { Database } from './database.js';
import { createOutboxStore } from './outboxStore.js';
import { createRequestStore } from './requestStore.js';
import { testBackends } from './testDatabase.js';
import { testSettings } from '../../../core/src/testing/testTenant.js';
import { alex } from './testTenant.js';

const T0 = new Date('2026-11-02T10:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1_000);
const LEASE_MS = 30_000;

describe.each(testBackends())('OutboxStore on %s', (name, open) => {
  let db: Database;
  const outbox = () => createOutboxStore(db);
  beforeAll(async () => {
    db = await open();
  }, 120_000);
  afterAll(() => db.close());

  /** An approved request with a queued job, due at `due`. */
  async function queued(due = T0): Promise<string> {
    const id = randomUUID();
    const settings = testSettings(alex);
    await createRequestStore(db).create({
      id, requesterSip: alex.SipAddress, subjectSip: alex.SipAddress, kind: 'callGroup', settingsGroup: 'callGroup', change: {},
      beforeSettings: settings, desired: settings, writes: [], notes: {}, status: 'approved', needsApproval: true, createdAt: T0,
    });
    await outbox().enqueue(id, due);
    return id;
  }

  /** Claim everything due on a fresh claimer, leaving earlier tests' jobs done. */
  async function drain(now: Date) {
    for (const job of await outbox().claimDue(now, LEASE_MS, 1_000)) await outbox().complete(job.requestId);
  }

  it('queues a request once', async () => {
    const id = await queued();
    expect(await outbox().enqueue(id, at(5))).toBe(false);
    expect(await outbox().get(id)).toEqual({
      requestId: id, nextStep: 0, attempts: 0, nextAttemptAt: T0, leaseUntil: null, lastError: null, done: false, leaseHolder: null, started: false,
    });
  });

  it('claims only due jobs, and leases them', async () => {
    await drain(at(3_600));
    const due = await queued(at(10));
    const later = await queued(at(11));
    const claimed = await outbox().claimDue(at(10), LEASE_MS, 10);
    expect(claimed.map((job) => [job.requestId, job.attempts, job.leaseUntil])).toEqual([[due, 1, at(40)]]);
    expect((await outbox().get(later))?.leaseUntil).toBeNull();
  });

  it('gives each job to only one of two concurrent claimers', async () => {
    await drain(at(3_600));
    const ids = [await queued(), await queued(), await queued(), await queued()];
    const claim = () => db.transaction((tx) => createOutboxStore(tx).claimDue(at(3_600), LEASE_MS, 10));
    const [first, second] = await Promise.all([claim(), claim()]);
    const all = [...(first ?? []), ...(second ?? [])].map((job) => job.requestId);
    expect(all.sort()).toEqual([...ids].sort());
  });

  it('does not give a leased job out again before the lease ends, and does after', async () => {
    await drain(at(3_600));
    const id = await queued();
    await outbox().claimDue(at(0), LEASE_MS, 10);
    expect(await outbox().claimDue(at(29.999), LEASE_MS, 10)).toEqual([]);
    expect((await outbox().claimDue(at(30), LEASE_MS, 10)).map((job) => [job.requestId, job.attempts])).toEqual([[id, 2]]);
  });

  it("records the claimer, and lets a claimer take over a dead holder's job before its lease ends (K2)", async () => {
    await drain(at(3_600));
    const id = await queued();
    const dead = 2 ** 40 + 7;
    expect((await outbox().claimDue(at(0), LEASE_MS, 10, { holder: dead, deadHolders: [] }))[0]).toMatchObject({ requestId: id, leaseHolder: dead });
    expect(await outbox().leaseHolders(at(1), 99)).toEqual([dead]);
    expect(await outbox().leaseHolders(at(1), dead)).toEqual([]);
    // A live holder's lease still counts; a dead one's does not.
    expect(await outbox().claimDue(at(1), LEASE_MS, 10, { holder: 99, deadHolders: [12345] })).toEqual([]);
    const taken = await outbox().claimDue(at(1), LEASE_MS, 10, { holder: 99, deadHolders: [dead] });
    expect(taken.map((job) => [job.requestId, job.leaseHolder, job.attempts, job.leaseUntil])).toEqual([[id, 99, 2, at(31)]]);
    // Once taken over, the job is the new holder's: the same dead list gives it to nobody else.
    expect(await outbox().claimDue(at(2), LEASE_MS, 10, { holder: 100, deadHolders: [dead] })).toEqual([]);
  });

  it('marks a job started once, finds started jobs by subject, and postpones without counting an attempt', async () => {
    await drain(at(3_600));
    const id = await queued();
    const other = await queued();
    expect(await outbox().startedForSubject(normalizeSip(alex.SipAddress), other)).toEqual([]);
    expect(await outbox().start(id)).toBe(true);
    expect(await outbox().startedForSubject(normalizeSip(alex.SipAddress), other)).toEqual([id]);
    expect(await outbox().startedForSubject(normalizeSip(alex.SipAddress), id)).toEqual([]);
    await outbox().claimDue(at(0), LEASE_MS, 10);
    expect((await outbox().get(other))?.attempts).toBe(1);
    await outbox().postpone(other, at(2), 'waiting for another request');
    expect(await outbox().get(other)).toMatchObject({ attempts: 0, leaseUntil: null, nextAttemptAt: at(2), lastError: 'waiting for another request', started: false });
    await outbox().complete(id);
    expect(await outbox().start(id)).toBe(false);
    expect(await outbox().startedForSubject(normalizeSip(alex.SipAddress), other)).toEqual([]);
  });

  it.runIf(name === 'postgres')('skips a job another transaction has locked instead of waiting for it', async () => {
    await drain(at(3_600));
    const id = await queued();
    await db.transaction(async (tx) => {
      expect((await createOutboxStore(tx).claimDue(at(0), LEASE_MS, 10)).map((job) => job.requestId)).toEqual([id]);
      // Still uncommitted: the row is locked, and the lease is not visible to others yet.
      expect(await outbox().claimDue(at(0), LEASE_MS, 10)).toEqual([]);
    });
  });

  it('advances a step once, however often the same advance is repeated', async () => {
    const id = await queued();
    expect(await outbox().advance(id, 1)).toBe(true);
    expect(await outbox().advance(id, 1)).toBe(false);
    expect(await outbox().advance(id, 3)).toBe(false);
    expect(await outbox().advance(id, 2)).toBe(true);
    expect((await outbox().get(id))?.nextStep).toBe(2);
  });

  it('reschedules a failed attempt: released, due later, error kept', async () => {
    await drain(at(3_600));
    const id = await queued();
    await outbox().claimDue(at(0), LEASE_MS, 10);
    await outbox().reschedule(id, at(120), 'throttled');
    expect(await outbox().get(id)).toMatchObject({ leaseUntil: null, nextAttemptAt: at(120), lastError: 'throttled' });
    expect(await outbox().claimDue(at(119), LEASE_MS, 10)).toEqual([]);
    expect((await outbox().claimDue(at(120), LEASE_MS, 10)).map((job) => job.requestId)).toEqual([id]);
  });

  it('never gives out a completed job again, and refuses to advance or renew it', async () => {
    await drain(at(3_600));
    const id = await queued();
    await outbox().complete(id);
    expect(await outbox().claimDue(at(3_600), LEASE_MS, 10)).toEqual([]);
    expect(await outbox().advance(id, 1)).toBe(false);
    expect(await outbox().renewLease(id, at(90))).toBe(false);
  });

  it('renews the lease of a running job', async () => {
    await drain(at(3_600));
    const id = await queued();
    await outbox().claimDue(at(0), LEASE_MS, 10);
    expect(await outbox().renewLease(id, at(90))).toBe(true);
    expect(await outbox().claimDue(at(60), LEASE_MS, 10)).toEqual([]);
  });
});
