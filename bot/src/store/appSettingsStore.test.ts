import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppSettingsStore } from './appSettingsStore.js';
import type { Database } from './database.js';
import { testBackends } from './testDatabase.js';

describe.each(testBackends())('AppSettingsStore on %s', (_name, open) => {
  let db: Database;
  beforeAll(async () => {
    db = await open();
  }, 120_000);
  afterAll(() => db.close());

  const store = () => createAppSettingsStore(db);

  it('stores any JSON value by key and replaces it', async () => {
    await store().set('approvers', ['admin@contoso.com']);
    await store().set('approvers', ['a@contoso.com', 'b@contoso.com']);
    await store().set('approvalPolicy', 'always');
    expect(await store().get<string[]>('approvers')).toEqual(['a@contoso.com', 'b@contoso.com']);
    expect(await store().get<string>('approvalPolicy')).toBe('always');
    expect(await store().get('missing')).toBeUndefined();
  });

  it('keeps false, zero and null as values, distinct from a missing key', async () => {
    await store().set('flag', false);
    await store().set('count', 0);
    await store().set('nothing', null);
    expect([await store().get('flag'), await store().get('count'), await store().get('nothing')]).toEqual([false, 0, null]);
  });

  it('removes a key once', async () => {
    await store().set('temporary', { a: 1 });
    expect(await store().remove('temporary')).toBe(true);
    expect(await store().remove('temporary')).toBe(false);
  });
});
