import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeSip } from '@cgm/core';
import { readConfig } from '../config.js';
import { createLocalCallingGateway } from '../gateway/local/localCallingGateway.js';
import type { Database } from '../store/database.js';
import { testBackends } from '../store/testDatabase.js';
import type { App } from './app.js';
import { createApp } from './app.js';
import { silentLogger } from './logger.js';
import { ADELE, ALEX, DEMO_SNAPSHOT, MEGAN, devCaller } from './testServer.js';

/**
 * A cover in real time, with no injected clock: the server as it runs, its jobs on their own
 * timers. Alex asks Adele to cover his call group from now for 70 seconds, Megan approves, the
 * cover starts, Alex adds Lee Gu himself meanwhile, and at the end Adele leaves while Lee stays.
 * It waits for real (about 75 s), so it runs on one backend: PostgreSQL when there is one.
 * `npm run demo:cover` tells the same story in a terminal.
 */

const BRIAN = 'sip:brian.johnson@contoso.com';
const CHRISTIE = 'sip:christie.cline@contoso.com';
const LEE = 'sip:lee.gu@contoso.com';

/** Poll until `check` gives a value; the deadline only stops a broken run from hanging. */
async function until<TValue>(what: string, check: () => Promise<TValue | undefined>, deadlineMs: number): Promise<TValue> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe.each(testBackends().slice(-1))('a cover in real time (%s)', (_backend, open) => {
  let db: Database;
  let app: App;
  let call: ReturnType<typeof devCaller>;

  beforeAll(async () => {
    db = await open();
    const config = readConfig({ AUTH_MODE: 'dev', HOST: '127.0.0.1', PORT: '0', SEED_SNAPSHOT: DEMO_SNAPSHOT, SYNC_INTERVAL_MINUTES: '0', APPLY_POLL_MS: '250' });
    app = await createApp(config, silentLogger, { db });
    const address = await app.listen();
    call = devCaller(`http://127.0.0.1:${address.port}`);
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  const teams = async () => (await createLocalCallingGateway(db).readSettings(ALEX)).CallGroupTargets.map(normalizeSip);
  const coverWhen = (id: string, status: string) => async () => {
    const { cover } = (await call(ALEX, `/api/me/covers/${id}`)).json;
    return cover.status === status ? cover : undefined;
  };

  it('applies a cover starting now, approved by Megan, and takes back only Adele at its end 70 s later: Lee, whom Alex added meanwhile, stays', async () => {
    const now = Date.now();
    const created = await call(ALEX, '/api/me/covers', { body: { startsAt: new Date(now).toISOString(), endsAt: new Date(now + 70_000).toISOString(), callGroup: { add: [ADELE] } } });
    expect(created.status, created.text).toBe(202);
    const id = created.json.cover.id as string;
    const { cover } = (await call(ALEX, `/api/me/covers/${id}`)).json;
    expect((await call(MEGAN, `/api/approvals/${cover.approvalRequestId}/approve`, { body: {} })).status).toBe(200);

    await until('the cover to start', coverWhen(id, 'active'), 30_000);
    expect(await teams()).toEqual([BRIAN, CHRISTIE, `sip:${ADELE}`]);

    const added = await call(ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets: [BRIAN, CHRISTIE, `sip:${ADELE}`, LEE] } });
    expect(added.status, added.text).toBe(202);
    expect((await call(MEGAN, `/api/approvals/${added.json.request.id}/approve`, { body: {} })).status).toBe(200);
    await until('Lee to join', async () => ((await teams()).includes(LEE) ? true : undefined), 30_000);

    const ended = await until('the cover to end', coverWhen(id, 'ended'), 120_000);
    expect(ended.notes).toEqual([expect.objectContaining({ code: 'taken-back', message: 'Adele Vance leaves the call group.' })]);
    expect(await teams()).toEqual([BRIAN, CHRISTIE, LEE]);
  }, 200_000);
});
