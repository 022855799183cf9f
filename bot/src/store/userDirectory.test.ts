import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { createTenantStore } from './tenantStore.js';
import { testBackends } from './testDatabase.js';
import { namedUser, testTenant } from '../../../core/src/testing/testTenant.js';
import { alex, joni, lidia, megan, sampleTenant, SYNCED_AT } from './testTenant.js';
import { directoryWords, queryWords } from './userDirectory.js';

describe('directoryWords', () => {
  it('indexes every display name word, the parts of a hyphenated name, the UPN and the SIP address', () => {
    expect(directoryWords(megan).sort()).toEqual(['bowen', 'bowen-smith', 'megan', 'megan.bowen-smith@contoso.com', 'smith']);
    expect(directoryWords(lidia)).toContain('lidia@contoso.com');
  });

  it('reads a query as lower-case words without a sip: prefix', () => {
    expect(queryWords('  SIP:Alex  Wil ')).toEqual(['alex', 'wil']);
  });
});

describe.each(testBackends())('searchDirectory on %s', (_name, open) => {
  let db: Database;
  const names = async (query: string, limit?: number) => (await createTenantStore(db).searchDirectory(query, limit)).map((entry) => entry.user.DisplayName);
  beforeAll(async () => {
    db = await open();
    const people = Array.from({ length: 30 }, (_, i) => namedUser(`Test Person ${String(i).padStart(2, '0')}`));
    const tenant = { ...sampleTenant, users: [...sampleTenant.users, ...people] };
    await db.transaction((tx) => createTenantStore(tx).replaceTenant(tenant, SYNCED_AT));
  }, 120_000);
  afterAll(() => db.close());

  it('finds a user by the prefix of any display name word, in any case', async () => {
    expect(await names('WIL')).toEqual(['Alex Wilber']);
    expect(await names('smith')).toEqual(['Megan Bowen-Smith']);
    expect(await names('bowen-s')).toEqual(['Megan Bowen-Smith']);
  });

  it('finds a user by the prefix of their UPN or SIP address', async () => {
    expect(await names('joni.sh')).toEqual(['Joni Sherman']);
    expect(await names('sip:lidia@')).toEqual(['Lidia Holloway']);
  });

  it('requires every word of the query to match', async () => {
    expect(await names('lid hol')).toEqual(['Lidia Holloway']);
    expect(await names('alex hol')).toEqual([]);
  });

  it('returns the user, the canonical SIP and the number of groups they are in', async () => {
    expect(await createTenantStore(db).searchDirectory('joni')).toEqual([{ user: joni, sip: 'sip:joni.sherman@contoso.com', groupCount: 1 }]);
    expect((await createTenantStore(db).searchDirectory('alex'))[0]).toEqual({ user: alex, sip: 'sip:alex.wilber@contoso.com', groupCount: 1 });
  });

  it('treats LIKE wildcards in the query as plain characters', async () => {
    expect(await names('%')).toEqual([]);
    expect(await names('_')).toEqual([]);
  });

  it('returns nothing for an empty query', async () => {
    expect(await names('  ')).toEqual([]);
  });

  it('returns at most 25 users, sorted by display name', async () => {
    const all = await names('test', 100);
    expect(all).toHaveLength(25);
    expect(all[0]).toBe('Test Person 00');
    expect(all[24]).toBe('Test Person 24');
    expect(await names('test', 3)).toEqual(['Test Person 00', 'Test Person 01', 'Test Person 02']);
  });

  it('returns an empty list for a tenant without users', async () => {
    const empty = await open();
    try {
      await empty.transaction((tx) => createTenantStore(tx).replaceTenant(testTenant(), SYNCED_AT));
      expect(await createTenantStore(empty).searchDirectory('alex')).toEqual([]);
    } finally {
      await empty.close();
    }
  });
});
