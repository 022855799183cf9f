import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCallingSettings } from '@cgm/core';
import type { Database } from '../../store/database.js';
import { testBackends } from '../../store/testDatabase.js';
import { alex, alexSettings, joni, joniSettings, megan, sampleTenant } from '../../store/testTenant.js';
import { GatewayError } from '../callingGateway.js';
import type { LocalCallingGateway } from './localCallingGateway.js';
import { createLocalCallingGateway } from './localCallingGateway.js';

describe.each(testBackends())('the local gateway reading one user (%s)', (_name, open) => {
  let db: Database;
  let gateway: LocalCallingGateway;
  beforeAll(async () => {
    db = await open();
    gateway = createLocalCallingGateway(db);
    await db.transaction((tx) => gateway.seed(sampleTenant, tx));
  });
  afterAll(() => db.close());

  it('finds a user by object id, UPN or SIP address, in any case, and returns their settings', async () => {
    for (const ref of [alex.Identity, alex.UserPrincipalName.toUpperCase(), `sip:${alex.UserPrincipalName}`]) {
      expect(await gateway.readSettings(ref)).toEqual(alexSettings);
    }
    expect(await gateway.readSettings('joni.sherman@contoso.com')).toEqual(joniSettings);
    expect(await gateway.readSettings(joni.Identity)).toEqual(joniSettings);
  });

  it('reads the defaults of a user who never had settings written', async () => {
    expect(await gateway.readSettings(megan.UserPrincipalName)).toEqual(defaultCallingSettings('sip:megan.bowen-smith@contoso.com'));
  });

  it('reads several users in one call, each by the spelling asked, unknown ones as not-found', async () => {
    const before = gateway.calls.readSettings;
    const identities = [alex.UserPrincipalName.toUpperCase(), joni.Identity, megan.UserPrincipalName, 'nobody@contoso.com'];
    const outcomes = await gateway.readSettingsMany(identities);
    expect([...outcomes.keys()]).toEqual(expect.arrayContaining(identities));
    expect(outcomes.get(identities[0]!)).toEqual(alexSettings);
    expect(outcomes.get(joni.Identity)).toEqual(joniSettings);
    expect(outcomes.get(megan.UserPrincipalName)).toEqual(defaultCallingSettings('sip:megan.bowen-smith@contoso.com'));
    expect(outcomes.get('nobody@contoso.com')).toMatchObject({ kind: 'not-found' });
    expect(gateway.calls.readSettings - before).toBe(4);
    expect(await gateway.readSettingsMany([])).toEqual(new Map());
  });

  it('fails the calls an injected fault reaches, and reads the rest', async () => {
    gateway.injectFaults({ throttleNext: 1, retryAfterMs: 250 });
    const outcomes = await gateway.readSettingsMany([alex.Identity, joni.Identity]);
    expect(outcomes.get(alex.Identity)).toMatchObject({ kind: 'throttled', retryAfterMs: 250 });
    expect(outcomes.get(joni.Identity)).toEqual(joniSettings);
  });

  it('answers not-found for someone Teams does not know', async () => {
    const error = await gateway.readSettings('nobody@contoso.com').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).kind).toBe('not-found');
    expect((error as GatewayError).message).toContain('nobody@contoso.com');
  });
});
