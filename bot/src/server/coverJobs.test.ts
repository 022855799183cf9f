import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SettingsWrite } from '@cgm/core';
import { normalizeSip } from '@cgm/core';
import { readConfig } from '../config.js';
import type { CallingGateway } from '../gateway/callingGateway.js';
import { createLocalCallingGateway } from '../gateway/local/localCallingGateway.js';
import type { CoverNotice, Notifier } from '../services/notifier.js';
import { silentNotifier } from '../services/notifier.js';
import type { Database } from '../store/database.js';
import { testBackends } from '../store/testDatabase.js';
import type { App } from './app.js';
import { createApp } from './app.js';
import { silentLogger } from './logger.js';
import { ADELE, ALEX, DEMO_SNAPSHOT, MEGAN, devCaller, manualClock } from './testServer.js';

/**
 * The cover job against what goes wrong: a server killed between the two writes of an end,
 * two instances running the job at once, an end Teams would refuse. Each "server" is the real
 * app over one shared database, its jobs driven by hand on an injected clock.
 */

const BRIAN = 'sip:brian.johnson@contoso.com';
const CHRISTIE = 'sip:christie.cline@contoso.com';
const DAY = 24 * 3_600_000;

interface Instance {
  readonly app: App;
  readonly call: ReturnType<typeof devCaller>;
}

describe.each(testBackends())('the cover job (%s)', (_backend, open) => {
  let db: Database;
  let clock: ReturnType<typeof manualClock>;
  let instances: Instance[];
  let told: [keyof Notifier, CoverNotice][];

  const notifier: Notifier = {
    ...silentNotifier,
    coverStarted: async (notice) => void told.push(['coverStarted', notice]),
    coverEnded: async (notice) => void told.push(['coverEnded', notice]),
    coverEndingSoon: async (notice) => void told.push(['coverEndingSoon', notice]),
    coverHeld: async (notice) => void told.push(['coverHeld', notice]),
    coverFailed: async (notice) => void told.push(['coverFailed', notice]),
  };

  /** A server instance over the shared database; `gateway` replaces the embedded Teams it writes to. */
  async function instance(gateway: CallingGateway = createLocalCallingGateway(db)): Promise<Instance> {
    const config = readConfig({ AUTH_MODE: 'dev', HOST: '127.0.0.1', PORT: '0', SEED_SNAPSHOT: DEMO_SNAPSHOT, SYNC_INTERVAL_MINUTES: '0' });
    const app = await createApp(config, silentLogger, { db, gateway, clock, notifier, jobs: false });
    const address = await app.listen();
    const started = { app, call: devCaller(`http://127.0.0.1:${address.port}`) };
    instances.push(started);
    return started;
  }

  beforeEach(async () => {
    db = await open();
    clock = manualClock(new Date('2026-12-21T08:00:00Z'));
    instances = [];
    told = [];
  }, 120_000);
  afterEach(async () => {
    for (const { app } of instances) await app.close().catch(() => undefined);
    await db.close();
  });

  const at = (ms: number) => new Date(clock.now().getTime() + ms).toISOString();
  const teams = () => createLocalCallingGateway(db).readSettings(ALEX);
  async function settle(servers: readonly Instance[]): Promise<void> {
    for (let round = 0; round < 8; round += 1) {
      for (const { app } of servers) {
        await app.coversOnce();
        await app.applyOnce();
      }
      clock.advance(1_000);
    }
  }
  async function approvedCover(server: Instance, body: Record<string, unknown>): Promise<string> {
    const created = await server.call(ALEX, '/api/me/covers', { body });
    expect(created.status, created.text).toBe(202);
    const { cover } = (await server.call(ALEX, `/api/me/covers/${created.json.cover.id}`)).json;
    expect((await server.call(MEGAN, `/api/approvals/${cover.approvalRequestId}/approve`, { body: {} })).status).toBe(200);
    return cover.id as string;
  }
  const coverOf = async (server: Instance, id: string) => (await server.call(ALEX, `/api/me/covers/${id}`)).json.cover;
  const actions = async (action: string) => db.query<{ request_id: string | null; details: Record<string, unknown> }>('SELECT request_id, details FROM audit_log WHERE action = $1 ORDER BY id', [action]);
  // Adele joins the group and takes the calls Alex leaves unanswered: two writes at the start, two at the end.
  const coverBody = (startMs: number, endMs: number) => ({
    startsAt: at(startMs),
    endsAt: at(endMs),
    callGroup: { add: [ADELE] },
    answering: { unanswered: { enabled: true, targetType: 'SingleTarget', target: ADELE, delaySeconds: 20 } },
  });

  it('a server killed between the two writes of an end: the next one finishes it, exactly once, without waiting out the lease', async () => {
    let armed = false;
    let writes = 0;
    const local = createLocalCallingGateway(db);
    const dying: CallingGateway = {
      ...local,
      applyWrite: async (write: SettingsWrite) => {
        if (armed && (writes += 1) === 2) throw new Error('the process died here');
        return local.applyWrite(write);
      },
    };
    const first = await instance(dying);
    const id = await approvedCover(first, coverBody(0, DAY));
    await settle([first]);
    expect((await coverOf(first, id)).status).toBe('active');
    expect(await teams()).toMatchObject({ UnansweredTargetType: 'SingleTarget', CallGroupTargets: [BRIAN, CHRISTIE, `sip:${ADELE}`] });

    clock.advance(DAY);
    armed = true;
    await first.app.coversOnce();
    await expect(first.app.applyOnce()).rejects.toThrow('the process died here');
    const [ending] = await actions('cover.ending');
    const endRequest = ending!.details.requestId as string;
    expect(await db.query('SELECT next_step, done FROM apply_outbox WHERE request_id = $1', [endRequest])).toEqual([{ next_step: 1, done: false }]);
    expect((await coverOf(first, id)).status).toBe('active');
    await first.app.close();

    // The next server's clock stands at the crash: the lease still runs, its holder is gone.
    const second = await instance();
    await settle([second]);
    const ended = await coverOf(second, id);
    expect(ended.status).toBe('ended');
    const steps = (await actions('apply.step')).filter((entry) => entry.request_id === endRequest);
    expect(steps.map((entry) => entry.details.step)).toEqual([0, 1]);
    expect(await actions('cover.ending')).toHaveLength(1);
    expect(await actions('cover.ended')).toHaveLength(1);
    expect(await teams()).toMatchObject({ UnansweredTargetType: 'Voicemail', IsUnansweredEnabled: true, CallGroupTargets: [BRIAN, CHRISTIE] });
    expect(told.filter(([kind]) => kind === 'coverEnded')).toHaveLength(1);
  });

  it('two instances running the cover job together start and end a cover once, and tell each person once', async () => {
    const [a, b] = [await instance(), await instance()];
    const id = await approvedCover(a!, coverBody(60_000, 2 * DAY));
    clock.advance(60_000);
    const together = async () => {
      for (let round = 0; round < 8; round += 1) {
        await Promise.all([a!.app.coversOnce(), b!.app.coversOnce(), a!.app.applyOnce(), b!.app.applyOnce()]);
        clock.advance(1_000);
      }
    };
    await together();
    expect((await coverOf(a!, id)).status).toBe('active');
    clock.advance(2 * DAY);
    await together();
    expect((await coverOf(b!, id)).status).toBe('ended');
    for (const action of ['cover.starting', 'cover.started', 'cover.ending', 'cover.ended']) expect(await actions(action), action).toHaveLength(1);
    const phases = await db.query<{ phase: string; status: string }>("SELECT change->>'phase' AS phase, status FROM change_requests WHERE kind = 'cover' ORDER BY created_at");
    expect(phases).toEqual([{ phase: 'approval', status: 'approved' }, { phase: 'start', status: 'applied' }, { phase: 'end', status: 'applied' }]);
    expect(await actions('apply.step')).toHaveLength(4);
    expect(told.map(([kind]) => kind)).toEqual(['coverStarted', 'coverEndingSoon', 'coverEnded']);
    expect(told[0]![1]).toMatchObject({ covering: [`sip:${ADELE}`], names: { [`sip:${ALEX}`]: 'Alex Wilber', [`sip:${ADELE}`]: 'Adele Vance' } });
  });

  it('tells the owner a day before the end, and again a day before an extended end', async () => {
    const server = await instance();
    const id = await approvedCover(server, { startsAt: at(0), endsAt: at(3 * DAY), callGroup: { add: [ADELE] } });
    await settle([server]);
    const endingSoon = () => told.filter(([kind]) => kind === 'coverEndingSoon').map(([, notice]) => notice.cover.endsAt.toISOString());
    clock.advance(2 * DAY - 60_000);
    await settle([server]);
    expect(endingSoon()).toEqual([]);
    clock.advance(60_000);
    await settle([server]);
    const firstEnd = (await coverOf(server, id)).endsAt as string;
    expect(endingSoon()).toEqual([firstEnd]);

    const newEnd = at(3 * DAY);
    const extended = await server.call(ALEX, `/api/me/covers/${id}`, { method: 'PATCH', body: { endsAt: newEnd } });
    await server.call(MEGAN, `/api/approvals/${(await coverOf(server, id)).extension.requestId}/approve`, { body: {} });
    expect(extended.json.cover.needsApproval).toBe(true);
    await settle([server]);
    clock.advance(DAY);
    await settle([server]);
    expect((await coverOf(server, id)).status).toBe('active');
    expect(endingSoon()).toEqual([firstEnd]);
    clock.advance(DAY);
    await settle([server]);
    expect(endingSoon()).toEqual([firstEnd, newEnd]);
    clock.advance(DAY);
    await settle([server]);
    expect((await coverOf(server, id)).status).toBe('ended');
    expect(told.map(([kind]) => kind)).toEqual(['coverStarted', 'coverEndingSoon', 'coverEndingSoon', 'coverEnded']);
  });

  it('fails a cover whose start Teams would now refuse (the owner filled the group meanwhile), and tells the owner why', async () => {
    const server = await instance();
    const id = await approvedCover(server, { startsAt: at(DAY), endsAt: at(2 * DAY), callGroup: { add: [ADELE, 'lee.gu@contoso.com'] } });
    // Meanwhile Alex fills his group to 24 eligible members: the cover's two would make 26.
    const eligible: string[] = [];
    for (const letter of 'abcdefghijklmnopqrstuvwxyz') {
      const { results } = (await server.call(ALEX, `/api/directory?q=${letter}`)).json as { results: { sip: string; eligible: boolean }[] };
      for (const person of results) if (person.eligible && ![`sip:${ALEX}`, `sip:${ADELE}`, 'sip:lee.gu@contoso.com'].includes(person.sip) && !eligible.includes(person.sip)) eligible.push(person.sip);
    }
    const filled = await server.call(ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets: eligible.slice(0, 24) } });
    expect(filled.status, filled.text).toBe(202);
    await server.call(MEGAN, `/api/approvals/${filled.json.request.id}/approve`, { body: {} });
    await server.app.applyOnce();
    expect((await teams()).CallGroupTargets).toHaveLength(24);
    clock.advance(DAY);
    await settle([server]);
    const failed = await coverOf(server, id);
    expect(failed.status).toBe('failed');
    expect(failed.failure).toMatch(/^Teams would not accept the cover now: /);
    expect(told.map(([kind]) => kind)).toEqual(['coverFailed']);
    expect((await teams()).CallGroupTargets).toHaveLength(24);
  });

  it('holds an end Teams would refuse with the reason (coverHeld), and ends once the owner fixed the setting and ended it again', async () => {
    const server = await instance();
    // Alex forwards every call to his group at once.
    const id = await approvedCover(server, { startsAt: at(0), endsAt: at(DAY), callGroup: { add: [ADELE] } });
    await settle([server]);
    // During the cover Alex leaves only Adele in his group: taking her back would empty a group calls go to.
    const only = await server.call(ALEX, '/api/me/call-group', { body: { order: 'Simultaneous', targets: [`sip:${ADELE}`] } });
    expect(only.status, only.text).toBe(202);
    await server.app.applyOnce();
    clock.advance(DAY);
    await settle([server]);
    const held = await coverOf(server, id);
    expect(held.status).toBe('active');
    expect(held.heldReason).toMatch(/^The end of this cover is held\. Taking back its part \(Adele Vance leaves the call group\) would leave settings Teams refuses/);
    expect(told.map(([kind]) => kind)).toContain('coverHeld');
    expect((await teams()).CallGroupTargets).toEqual([`sip:${ADELE}`]);

    const unforward = await server.call(ALEX, '/api/me/answering', { body: { forwarding: { enabled: false }, unanswered: { enabled: true, targetType: 'Voicemail', delaySeconds: 20 } } });
    expect(unforward.status, unforward.text).toBe(202);
    await server.app.applyOnce();
    expect((await server.call(ALEX, `/api/me/covers/${id}`, { method: 'DELETE' })).status).toBe(202);
    await settle([server]);
    expect(await coverOf(server, id)).toMatchObject({ status: 'ended', heldReason: null });
    expect((await teams()).CallGroupTargets.map(normalizeSip)).toEqual([]);
  });
});
