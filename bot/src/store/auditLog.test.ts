import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLog } from './auditLog.js';
import type { Database } from './database.js';
import { testBackends } from './testDatabase.js';

const T0 = new Date('2026-11-02T10:00:00.000Z');

describe.each(testBackends())('AuditLog on %s', (_name, open) => {
  let db: Database;
  const log = () => createAuditLog(db);
  beforeAll(async () => {
    db = await open();
  }, 120_000);
  afterAll(() => db.close());

  it('appends an entry and returns it with its id', async () => {
    const requestId = randomUUID();
    const record = await log().append({ at: T0, actor: 'sip:alex.wilber@contoso.com', action: 'request.proposed', requestId, details: { added: ['x'] } });
    expect(record).toEqual({
      id: expect.any(Number) as number,
      at: T0,
      actor: 'sip:alex.wilber@contoso.com',
      action: 'request.proposed',
      requestId,
      subject: null,
      details: { added: ['x'] },
    });
  });

  it("reads one request's entries in the order they were written", async () => {
    const requestId = randomUUID();
    for (const action of ['request.proposed', 'request.approved', 'apply.step']) await log().append({ at: T0, actor: 'system', action, requestId });
    await log().append({ at: T0, actor: 'system', action: 'other', requestId: randomUUID() });
    expect((await log().forRequest(requestId)).map((entry) => entry.action)).toEqual(['request.proposed', 'request.approved', 'apply.step']);
  });

  it('pages through recent entries newest first', async () => {
    const actions = Array.from({ length: 5 }, (_, i) => `page.${i}`);
    for (const action of actions) await log().append({ at: T0, actor: 'system', action });
    const first = await log().recent(3);
    expect(first.map((entry) => entry.action)).toEqual(['page.4', 'page.3', 'page.2']);
    const second = await log().recent(2, first[2]?.id);
    expect(second.map((entry) => entry.action)).toEqual(['page.1', 'page.0']);
  });

  it.each([
    ['UPDATE', "UPDATE audit_log SET actor = 'mallory'"],
    ['DELETE', 'DELETE FROM audit_log'],
    ['TRUNCATE', 'TRUNCATE audit_log'],
  ])('refuses %s, so history cannot be rewritten', async (_verb, sql) => {
    await log().append({ at: T0, actor: 'system', action: 'kept' });
    const before = await db.query('SELECT count(*) AS n FROM audit_log');
    await expect(db.query(sql)).rejects.toThrow(/append-only/);
    expect(await db.query('SELECT count(*) AS n FROM audit_log')).toEqual(before);
    expect(await db.query("SELECT count(*) AS n FROM audit_log WHERE actor = 'mallory'")).toEqual([{ n: 0 }]);
  });
});
