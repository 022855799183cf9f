import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestServer } from '../server/testServer.js';
import { ADELE, ALEX, MEGAN, manualClock, startTestServer } from '../server/testServer.js';
import { testBackends } from '../store/testDatabase.js';

describe.each(testBackends())('the apply worker against a throttling Teams (%s)', (_backend, open) => {
  let server: TestServer;
  const clock = manualClock();

  beforeEach(async () => {
    server = await startTestServer(open, { clock });
  });
  afterEach(() => server.close());

  async function approvedRequest(): Promise<string> {
    const targets = (await server.call(ALEX, '/api/me')).json.settings.CallGroupTargets as string[];
    const id = (await server.call(ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets: [...targets, ADELE] } })).json.request.id as string;
    expect((await server.call(MEGAN, `/api/approvals/${id}/approve`, { method: 'POST' })).status).toBe(200);
    return id;
  }
  const status = async (id: string) => (await server.call(ALEX, `/api/me/requests/${id}`)).json.request.status as string;
  const job = async (id: string) => (await server.db.query<{ next_attempt_at: Date; last_error: string | null }>('SELECT next_attempt_at, last_error FROM apply_outbox WHERE request_id = $1', [id]))[0]!;

  it('waits out a 429 for at least its Retry-After, then applies', async () => {
    const id = await approvedRequest();
    server.gateway.injectFaults({ throttleNext: 1, retryAfterMs: 30_000 });
    await server.app.applyOnce();
    expect(await status(id)).toBe('approved');
    const retry = await job(id);
    expect(retry.last_error).toMatch(/^throttled/);
    expect(retry.next_attempt_at.getTime() - clock.now().getTime()).toBe(30_000);

    clock.advance(29_999);
    expect(await server.app.applyOnce()).toBe(0);
    clock.advance(1);
    expect(await server.app.applyOnce()).toBe(1);
    expect(await status(id)).toBe('applied');
  });

  it('backs off exponentially on transient failures and fails with the reason after the last attempt', async () => {
    const id = await approvedRequest();
    server.gateway.injectFaults({ failNext: 100 });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 8; attempt += 1) {
      expect(await server.app.applyOnce()).toBe(1);
      if ((await status(id)) !== 'approved') break;
      const due = (await job(id)).next_attempt_at.getTime();
      delays.push(due - clock.now().getTime());
      clock.advance(due - clock.now().getTime());
    }
    expect(delays).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000]);
    const failed = (await server.call(ALEX, `/api/me/requests/${id}`)).json.request;
    expect(failed.status).toBe('failed');
    expect(failed.failure).toContain('Teams kept failing after 8 attempts');
  });

  it('fails without writing anything when the settings changed in Teams after the request was made', async () => {
    const id = await approvedRequest();
    // Someone empties the group in the Teams client meanwhile: the request no longer fits.
    await server.gateway.applyWrite({ cmdlet: 'Set-CsUserCallingSettings', identity: ALEX, parameterSet: 'ForwardingOnOff', parameters: { IsForwardingEnabled: false }, reason: 'direct edit' });
    await server.gateway.applyWrite({ cmdlet: 'Set-CsUserCallingSettings', identity: ALEX, parameterSet: 'CallGroup', parameters: { CallGroupOrder: 'Simultaneous', CallGroupTargets: [] }, reason: 'direct edit' });
    await server.app.applyOnce();
    const failed = (await server.call(ALEX, `/api/me/requests/${id}`)).json.request;
    expect(failed.status).toBe('failed');
    expect(failed.failure).toContain('changed in Teams after this request was made');
    expect((await server.gateway.readSettings(ALEX)).CallGroupTargets).toEqual([]);
  });
});
