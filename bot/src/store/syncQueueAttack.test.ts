import type { Tenant } from '@cgm/core';
import { normalizeSip, synthesizeTenant } from '@cgm/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database, Queryable } from './database.js';
import { createSyncQueueStore } from './syncQueueStore.js';
import { testBackends } from './testDatabase.js';
import { createTenantStore } from './tenantStore.js';

/**
 * The queue's sliced statements walk the stored directory in the database's sip order, a thousand
 * users at a time. JavaScript compares strings by UTF-16 unit, the database by its collation
 * (code point here, language rules under en_US): a walk that steps by JavaScript's order must
 * still move forward, and reach everyone, where the two orders disagree.
 */

const AT = new Date('2026-11-22T09:00:00Z');
/** U+FF21 sorts after U+1F600's surrogates in UTF-16, before it by code point. */
const FULLWIDTH = '\uFF21';
const EMOJI = '\u{1F600}';

/** `count` users; the thousandth in sip order ends the first slice with a fullwidth letter, and the rest start with an emoji. */
function tenantAcrossOrders(count: number): Tenant {
  const tenant = synthesizeTenant({ users: count, seed: 11 }).tenant;
  const sipOf = (i: number) => (i < 999 ? `sip:a${String(i).padStart(4, '0')}@contoso.com` : i === 999 ? `sip:${FULLWIDTH}@contoso.com` : `sip:${EMOJI}${i}@contoso.com`);
  return { ...tenant, users: tenant.users.map((user, i) => ({ ...user, SipAddress: sipOf(i) })), callingSettings: [] };
}

/** A connection that refuses to go on after `limit` statements: a walk that never ends fails instead of hanging. */
function bounded(db: Queryable, limit: number): Queryable & { statements: () => number } {
  let count = 0;
  const guard = () => {
    count += 1;
    if (count > limit) throw new Error(`more than ${limit} statements: the walk does not move forward`);
  };
  return {
    statements: () => count,
    query: (sql, params) => (guard(), db.query(sql, params)),
    exec: (sql) => (guard(), db.exec(sql)),
  };
}

describe.each(testBackends())('the sync queue over sips the database and JavaScript order differently on %s', { timeout: 120_000 }, (_name, open) => {
  let db: Database;
  beforeEach(async () => {
    db = await open();
  });
  afterEach(async () => {
    await db.close();
  });

  it('users joining the queue across a slice edge where the two orders disagree all join, and the reconcile ends', async () => {
    const tenant = tenantAcrossOrders(1_003);
    // The premise: the database puts the fullwidth letter first, JavaScript the emoji.
    const [order] = await db.query<{ lt: boolean }>('SELECT $1::text < $2::text AS lt', [FULLWIDTH, EMOJI]);
    expect([order?.lt, FULLWIDTH < EMOJI]).toEqual([true, false]);
    await db.transaction((tx) => createTenantStore(tx).replaceTenant(tenant, AT));

    const q = bounded(db, 100);
    await createSyncQueueStore(q).reconcileUsers(AT);
    const queued = await db.query<{ sip: string }>('SELECT sip FROM sync_users');
    expect(queued.map((row) => row.sip).sort()).toEqual(tenant.users.map((user) => normalizeSip(user.SipAddress)).sort());
    // A second reconcile (a directory change re-reconciles everyone) ends too.
    await createSyncQueueStore(q).reconcileUsers(AT);
    expect(q.statements()).toBeLessThan(30);
  });

  it('related users made due across the same slice edge are all spread over the hot period', async () => {
    const tenant = tenantAcrossOrders(1_003);
    await db.transaction((tx) => createTenantStore(tx).replaceTenant(tenant, AT));
    const store = createSyncQueueStore(db);
    await store.reconcileUsers(AT);
    await db.query('UPDATE sync_users SET related = true, due_at = NULL');
    await createSyncQueueStore(bounded(db, 100)).spreadHot(AT, 60_000);
    const [left] = await db.query<{ n: number }>('SELECT count(*)::integer AS n FROM sync_users WHERE due_at IS NULL');
    expect(left?.n).toBe(0);
  });
});
