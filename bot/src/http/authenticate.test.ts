import type { IncomingMessage } from 'node:http';
import type { User } from '@cgm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Queryable } from '../store/database.js';
import { createTenantStore } from '../store/tenantStore.js';
import { testBackends } from '../store/testDatabase.js';
import { alex, megan, sampleTenant, SYNCED_AT } from '../store/testTenant.js';
import { createApproverService, noGroupMembers } from '../services/approvers.js';
import { systemClock } from '../services/clock.js';
import { ApiError } from './apiError.js';
import { devAuthenticate, entraAuthenticate } from './authenticate.js';

// A request as a local browser sends it: addressed to the loopback host the server listens on.
const request = (devUser?: string) => ({ headers: { host: '127.0.0.1:3978', ...(devUser === undefined ? {} : { 'x-dev-user': devUser }) } }) as unknown as IncomingMessage;
const approvers = createApproverService({ policy: { upns: [megan.UserPrincipalName.toLowerCase()] }, groupMembers: noGroupMembers, clock: systemClock });

describe.each(testBackends())('development sign-in on %s', (_name, open) => {
  let db: Database;
  let queries = 0;
  // Counts the statements sign-in runs itself, so the tests see when it reads and when it does not.
  const counting: Queryable = { query: (sql, params) => ((queries += 1), db.query(sql, params)), exec: (sql) => db.exec(sql) };
  const readUser = (ref: string) => createTenantStore(db).userByRef(ref).then((user) => user && { user, value: `page of ${user.DisplayName}` });

  beforeAll(async () => {
    db = await open();
    await db.transaction((tx) => createTenantStore(tx).replaceTenant(sampleTenant, SYNCED_AT));
  }, 120_000);
  afterAll(() => db.close());

  it('signs in with the route’s own read exactly as with its own query, and reads nothing itself', async () => {
    const authenticate = devAuthenticate(createTenantStore(counting), approvers);
    queries = 0;
    const read = await authenticate.withUserRead(request('Alex.Wilber@contoso.com'), readUser);
    expect(queries).toBe(0);
    expect(read.value).toBe('page of Alex Wilber');
    const signedIn = await devAuthenticate(createTenantStore(db), approvers)(request('Alex.Wilber@contoso.com'));
    expect(read.principal).toEqual(signedIn);
    expect(read.principal).toMatchObject({ sip: 'sip:alex.wilber@contoso.com', upn: 'alex.wilber@contoso.com', isApprover: false, user: alex, tenantId: '' });
    expect((await authenticate.withUserRead(request(megan.UserPrincipalName), readUser)).principal.isApprover).toBe(true);
  });

  it('remembers the user the route read, so the next call of any route signs in without a query', async () => {
    const authenticate = devAuthenticate(createTenantStore(counting), approvers);
    await authenticate.withUserRead(request(alex.UserPrincipalName), readUser);
    queries = 0;
    expect((await authenticate(request(alex.UserPrincipalName))).user).toEqual(alex);
    expect(queries).toBe(0);
    await authenticate(request(megan.UserPrincipalName));
    expect(queries).toBe(1);
  });

  it('refuses a reference that names nobody with 403, and a missing header with 401 before reading anything', async () => {
    const authenticate = devAuthenticate(createTenantStore(counting), approvers);
    const asked: string[] = [];
    const tracking = (ref: string) => (asked.push(ref), readUser(ref));
    await expect(authenticate.withUserRead(request('nobody@contoso.com'), tracking)).rejects.toMatchObject({ status: 403, code: 'forbidden' });
    expect(asked).toEqual(['nobody@contoso.com']);
    const missing = authenticate.withUserRead(request(), tracking);
    await expect(missing).rejects.toBeInstanceOf(ApiError);
    await expect(missing).rejects.toMatchObject({ status: 401 });
    expect(asked).toHaveLength(1);
    // The refusal is remembered like a user: a second call reads nothing.
    queries = 0;
    await expect(authenticate(request('nobody@contoso.com'))).rejects.toMatchObject({ status: 403 });
    expect(queries).toBe(0);
  });

  it('gives a route the user its own read found, not an older cached record', async () => {
    const authenticate = devAuthenticate(createTenantStore(counting), approvers);
    await authenticate(request(alex.UserPrincipalName));
    const renamed: User = { ...alex, DisplayName: 'Alex W. (renamed)' };
    const read = await authenticate.withUserRead(request(alex.UserPrincipalName), async () => ({ user: renamed, value: 1 }));
    expect(read.principal.displayName).toBe('Alex W. (renamed)');
  });

  it('makes a member of the Entra approver group an approver by the token’s groups claim alone', async () => {
    const GROUP = '5d2f0c9e-7a41-4b8e-9f3a-2c6e1b7d4a90';
    const byGroup = createApproverService({ policy: { upns: [], groupId: GROUP }, groupMembers: noGroupMembers, clock: systemClock });
    const tokenFor = (groups: readonly string[]) => ({ verify: async () => ({ tenantId: 'contoso', objectId: alex.Identity, scopes: ['access_as_user'], groups }) });
    const bearer = { headers: { authorization: 'Bearer token' } } as unknown as IncomingMessage;
    expect((await entraAuthenticate(createTenantStore(db), tokenFor([GROUP]), byGroup)(bearer)).isApprover).toBe(true);
    expect((await entraAuthenticate(createTenantStore(db), tokenFor(['another-group']), byGroup)(bearer)).isApprover).toBe(false);
  });
});
