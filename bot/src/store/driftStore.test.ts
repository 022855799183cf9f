import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.js';
import { createDriftStore } from './driftStore.js';
import type { NewDriftRecord } from './driftStore.js';
import { testBackends } from './testDatabase.js';
import { testSettings } from '../../../core/src/testing/testTenant.js';
import { alex, alexSettings } from './testTenant.js';

const T0 = new Date('2026-11-02T10:00:00.000Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const drift = (overrides: Partial<NewDriftRecord> = {}): NewDriftRecord => ({
  id: randomUUID(),
  subjectSip: alex.SipAddress,
  settingsGroup: 'callGroup',
  beforeSettings: testSettings(alex),
  afterSettings: alexSettings,
  detectedAt: T0,
  ...overrides,
});

describe.each(testBackends())('DriftStore on %s', (_name, open) => {
  let db: Database;
  const store = () => createDriftStore(db);
  beforeAll(async () => {
    db = await open();
  }, 120_000);
  afterAll(() => db.close());

  it('records drift as open and reads it back', async () => {
    const record = drift({ subjectSip: 'Alex.Wilber@contoso.com' });
    const expected = { ...record, subjectSip: 'sip:alex.wilber@contoso.com', status: 'open', resolvedBy: null, resolvedAt: null };
    expect(await store().record(record)).toEqual(expected);
    expect(await store().get(record.id)).toEqual(expected);
  });

  it('resolves open drift once; a second resolution finds it closed', async () => {
    const { id } = await store().record(drift());
    const resolve = (status: 'accepted' | 'reverted') => store().resolve(id, { status, by: 'sip:admin@contoso.com', at: at(5) });
    expect(await resolve('reverted')).toMatchObject({ status: 'reverted', resolvedBy: 'sip:admin@contoso.com', resolvedAt: at(5) });
    expect(await resolve('accepted')).toBeUndefined();
    expect((await store().get(id))?.status).toBe('reverted');
  });

  it('lists open drift oldest first and a subject’s drift newest first', async () => {
    const subject = `sip:${randomUUID()}@contoso.com`;
    const older = await store().record(drift({ subjectSip: subject, detectedAt: at(-120) }));
    const newer = await store().record(drift({ subjectSip: subject, detectedAt: at(-60) }));
    const open = (await store().listOpen(100)).map((record) => record.id);
    expect(open.indexOf(older.id)).toBeLessThan(open.indexOf(newer.id));
    await store().resolve(older.id, { status: 'accepted', by: 'sip:admin@contoso.com', at: T0 });
    expect((await store().listOpen(100)).map((record) => record.id)).not.toContain(older.id);
    expect((await store().listForSubject(subject, 10)).map((record) => record.id)).toEqual([newer.id, older.id]);
  });
});
