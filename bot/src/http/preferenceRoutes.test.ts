import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPreferences, preferencesSchema } from '@cgm/core';
import { testBackends } from '../store/testDatabase.js';
import type { TestServer } from '../server/testServer.js';
import { ADELE, ALEX, MEGAN, startTestServer } from '../server/testServer.js';

/** GET and PUT /api/me/preferences over real HTTP: partial updates, refusals that change nothing, and one set per person. */
describe.each(testBackends())('notification preferences over HTTP on %s', (_backend, open) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(open);
  });
  afterAll(() => server.close());

  const read = async (upn: string) => {
    const answer = await server.call(upn, '/api/me/preferences');
    expect(answer.status, answer.text).toBe(200);
    return preferencesSchema.parse(answer.json);
  };
  const put = (upn: string, body: unknown) => server.call(upn, '/api/me/preferences', { method: 'PUT', body });
  /** A refused PUT: 422, the fields it names, and the person's preferences exactly as before. */
  async function expectRefused(upn: string, body: unknown, paths: string[]) {
    const before = await read(upn);
    const answer = await put(upn, body);
    expect(answer.status, answer.text).toBe(422);
    expect(answer.json.error.details.map((problem: { path: string }) => problem.path).sort()).toEqual([...paths].sort());
    expect(await read(upn)).toEqual(before);
  }

  it('gives someone who never chose the documented defaults', async () => {
    expect(await read('christie.cline@contoso.com')).toEqual(defaultPreferences());
  });

  it('changes only what a partial update names and keeps the rest', async () => {
    const first = await put(ALEX, { notices: { staleMembership: 'off' } });
    expect(first.status, first.text).toBe(200);
    expect(first.json).toEqual({ ...defaultPreferences(), notices: { ...defaultPreferences().notices, staleMembership: 'off' } });
    const second = await put(ALEX, { dailyHour: 7, timeZone: 'Europe/London', quietHours: { start: '22:00', end: '07:00' }, notices: { addedToGroup: 'daily' } });
    expect(second.status, second.text).toBe(200);
    const expected = {
      notices: { ...defaultPreferences().notices, staleMembership: 'off', addedToGroup: 'daily' },
      dailyHour: 7,
      timeZone: 'Europe/London',
      quietHours: { start: '22:00', end: '07:00' },
    };
    expect(second.json).toEqual(expected);
    expect(await read(ALEX)).toEqual(expected);
    // Naming nothing changes nothing; null clears quiet hours and only them.
    expect((await put(ALEX, {})).json).toEqual(expected);
    expect((await put(ALEX, { quietHours: null })).json).toEqual({ ...expected, quietHours: null });
  });

  it('refuses an unknown kind with its field named, and keeps the valid parts of that body unsaved', async () => {
    await expectRefused(ALEX, { notices: { requestUpdates: 'off', pigeonPost: 'daily' } }, ['notices.pigeonPost']);
  });

  it('refuses an unknown mode, an hour past 23 and an unknown field, each by name', async () => {
    await expectRefused(ALEX, { notices: { memberUnreachable: 'sometimes' } }, ['notices.memberUnreachable']);
    await expectRefused(ALEX, { dailyHour: 24 }, ['dailyHour']);
    await expectRefused(ALEX, { dailyHour: 8, ring: 'loud' }, ['ring']);
  });

  it('refuses a time zone the server does not know', async () => {
    await expectRefused(ALEX, { timeZone: 'Europe/Atlantis' }, ['timeZone']);
  });

  it('refuses quiet hours that start and end at the same time, or are half given', async () => {
    await expectRefused(ALEX, { quietHours: { start: '22:00', end: '22:00' } }, ['quietHours.end']);
    await expectRefused(ALEX, { quietHours: { start: '22:00' } }, ['quietHours.end']);
    await expectRefused(ALEX, { quietHours: { start: '24:00', end: '07:00' } }, ['quietHours.start']);
  });

  it('refuses approver notices to someone who does not approve, and lets an approver choose them', async () => {
    await expectRefused(ALEX, { notices: { approvals: 'off', drift: 'daily', delegation: 'off' } }, ['notices.approvals', 'notices.drift']);
    const answer = await put(MEGAN, { notices: { approvals: 'daily', healthDigest: 'off' } });
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json.notices).toMatchObject({ approvals: 'daily', healthDigest: 'off', drift: 'immediate' });
  });

  it('keeps one set per person: each sees only their own', async () => {
    expect((await put(ADELE, { notices: { delegation: 'off' }, dailyHour: 18 })).status).toBe(200);
    const adele = await read(ADELE);
    const alex = await read(ALEX);
    expect(adele).toMatchObject({ dailyHour: 18, notices: { delegation: 'off', staleMembership: 'daily' } });
    expect(alex.notices.delegation).toBe('immediate');
    expect(alex.dailyHour).not.toBe(18);
  });

  it('lets two partial updates at once both land: neither overwrites the other with what it read', async () => {
    const upn = 'brian.johnson@contoso.com';
    const answers = await Promise.all([
      put(upn, { notices: { memberUnreachable: 'daily' } }),
      put(upn, { notices: { groupSwitchedOff: 'off' } }),
      put(upn, { dailyHour: 6 }),
      put(upn, { quietHours: { start: '23:00', end: '06:30' } }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect(await read(upn)).toMatchObject({ notices: { memberUnreachable: 'daily', groupSwitchedOff: 'off' }, dailyHour: 6, quietHours: { start: '23:00', end: '06:30' } });
  });

  it('hands the notifier everyone’s preferences in one call, defaults for people who never chose', async () => {
    const all = await server.app.services.preferences.preferencesOf([`sip:${ADELE}`, `SIP:${ALEX.toUpperCase()}`, 'sip:nobody@contoso.com']);
    expect([...all.keys()].sort()).toEqual([`sip:${ADELE}`, `sip:${ALEX}`, 'sip:nobody@contoso.com']);
    expect(all.get(`sip:${ADELE}`)?.dailyHour).toBe(18);
    expect(all.get(`sip:${ALEX}`)?.notices.staleMembership).toBe('off');
    expect(all.get('sip:nobody@contoso.com')).toEqual(defaultPreferences());
  });

  it('asks who is calling before anything else', async () => {
    expect((await server.call(undefined, '/api/me/preferences')).status).toBe(401);
    expect((await server.call(undefined, '/api/me/preferences', { method: 'PUT', body: { dailyHour: 3 } })).status).toBe(401);
  });
});
