import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { createTenantStore } from './tenantStore.js';
import { testBackends } from './testDatabase.js';
import { largeTestTenant, SYNCED_AT } from './testTenant.js';
import { generateTenant } from '@cgm/core';

/**
 * Import throughput at scale, on demand only (it takes a while and proves nothing about
 * correctness that the other tests do not): `CGM_BENCH_IMPORT=100000 npx vitest run
 * bot/src/store/importThroughput.test.ts`. It prints timings and checks only the counts;
 * it never asserts a duration.
 */
const users = Number(process.env.CGM_BENCH_IMPORT ?? 0);

async function timed<TValue>(label: string, fn: () => Promise<TValue>): Promise<TValue> {
  const start = performance.now();
  const value = await fn();
  console.log(`${label}: ${Math.round(performance.now() - start)} ms`);
  return value;
}

describe.runIf(users > 0).each(testBackends())('import of a large tenant on %s', (name, open) => {
  let db: Database;
  const tenant = largeTestTenant(users);
  const synthetic = generateTenant({ users, seed: 3 });
  beforeAll(async () => {
    db = await open();
  }, 120_000);
  afterAll(() => db.close());

  it('imports, re-imports and reads back every user and setting', async () => {
    const counts = await timed(`${name}: first import of ${users} users + settings`, () =>
      db.transaction((tx) => createTenantStore(tx).replaceTenant(tenant, SYNCED_AT)),
    );
    expect(counts).toMatchObject({ users, settings: users, members: (users / 10) * 5 });
    await timed(`${name}: re-import (versions carried over)`, () => db.transaction((tx) => createTenantStore(tx).replaceTenant(tenant, SYNCED_AT)));
    const back = await timed(`${name}: readTenant`, () => createTenantStore(db).readTenant());
    expect(back?.users).toHaveLength(users);
    expect(back?.callingSettings).toHaveLength(users);
    const member = tenant.users[7];
    const groups = await timed(`${name}: groupsContaining`, () => createTenantStore(db).groupsContaining(member?.SipAddress ?? ''));
    expect(groups.map((group) => group.ownerSip)).toEqual(['sip:alex.wilber.0@contoso.com']);
    const found = await timed(`${name}: searchDirectory('meg wil')`, () => createTenantStore(db).searchDirectory('meg wil'));
    expect(found).toHaveLength(25);
    await timed(`${name}: searchDirectory('a')`, () => createTenantStore(db).searchDirectory('a'));
  }, 600_000);

  it("imports core's synthetic tenant of the same size and reads it back exactly", async () => {
    const counts = await timed(`${name}: import of generateTenant(${users}) (${synthetic.callingSettings.length} settings)`, () =>
      db.transaction((tx) => createTenantStore(tx).replaceTenant(synthetic, SYNCED_AT)),
    );
    expect(counts.users).toBe(users);
    expect(await createTenantStore(db).readTenant()).toEqual(synthetic);
  }, 600_000);
});
