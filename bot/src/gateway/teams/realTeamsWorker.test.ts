import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SettingsWrite, Tenant } from '@cgm/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findPwsh } from '../../../../scripts/tools.mjs';
import { readConfig } from '../../config.js';
import type { App } from '../../server/app.js';
import { createApp } from '../../server/app.js';
import { silentLogger } from '../../server/logger.js';
import { ADELE, DEMO_SNAPSHOT, MEGAN as MEGAN_UPN, ALEX as ALEX_UPN, devCaller, manualClock } from '../../server/testServer.js';
import type { Database } from '../../store/database.js';
import { testBackends } from '../../store/testDatabase.js';
import type { CallingGateway } from '../callingGateway.js';
import { gatewayError } from '../testSupport/gatewayError.js';
import { createStdioTransport } from './stdioTransport.js';
import { createTeamsGateway } from './teamsGateway.js';

/**
 * The gateway contract over the REAL worker: scripts/TeamsWorker.ps1 under pwsh, over stdio,
 * with the STAND-IN MicrosoftTeams module (scripts/tests/StandIn.MicrosoftTeams) serving the
 * demo tenant. Faults are injected through the stand-in's fault file (CGM_STANDIN_FAULTS), so
 * the worker's own error handling classifies them. What pwsh cannot be made to do (answer
 * nonsense, print garbage, answer out of order) stays with the JS stand-in (standInTeamsWorker.mjs).
 * Skipped without pwsh (`npm run setup:tools`; the tools notice names it).
 */

const PWSH = findPwsh();
const repo = (path: string) => fileURLToPath(new URL(`../../../../${path}`, import.meta.url));
const WORKER = repo('scripts/TeamsWorker.ps1');
const DEMO = repo('bot/data/demo-tenant.json');
const demo = JSON.parse(readFileSync(DEMO, 'utf8')) as Tenant;

interface StandInFault {
  readonly cmdlet: string;
  readonly kind: 'Throttle' | 'Transient' | 'Unauthorized' | 'NotFound' | 'Reject' | 'Hang' | 'Exit';
  readonly times?: number;
  readonly retryAfterSeconds?: number;
  readonly identity?: string;
  readonly afterWrite?: boolean;
}

/** The stand-in tenant's files: its state across worker processes, its faults and its call log. */
function standInFiles() {
  const dir = mkdtempSync(join(tmpdir(), 'cgm-real-worker-'));
  const files = { dir, state: join(dir, 'tenant.json'), faults: join(dir, 'faults.json'), calls: join(dir, 'calls.jsonl') };
  return {
    ...files,
    env: {
      PSModulePath: repo('scripts/tests/StandIn.MicrosoftTeams'),
      CGM_STANDIN_TENANT: DEMO,
      CGM_STANDIN_STATE: files.state,
      CGM_STANDIN_FAULTS: files.faults,
      CGM_STANDIN_CALL_LOG: files.calls,
      TEAMS_TENANT_ID: demo.tenantId,
      TEAMS_APP_ID: '11111111-2222-3333-4444-555555555555',
      TEAMS_CERT_THUMBPRINT: 'A'.repeat(40),
      TEAMS_DEFAULT_COUNTRY: 'US',
    },
    fault(...faults: StandInFault[]) {
      writeFileSync(files.faults, JSON.stringify(faults.map((fault) => ({ times: 1, identity: '', afterWrite: false, ...fault }))));
    },
    /** The cmdlets the worker processes ran, in order. */
    calls(): { cmdlet: string; pid: number; parameters?: Record<string, unknown>; fault?: string }[] {
      if (!existsSync(files.calls)) return [];
      return readFileSync(files.calls, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
    },
    /** Teams' copy of a user's settings, as the last write left it (or the demo tenant's). */
    teamsSettings(sip: string) {
      const tenant = JSON.parse(readFileSync(existsSync(files.state) ? files.state : DEMO, 'utf8')) as Tenant;
      return tenant.callingSettings.find((settings) => settings.SipUri === sip);
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
type StandInFiles = ReturnType<typeof standInFiles>;

const ALEX = 'sip:alex.wilber@contoso.com';
const MEGAN = 'sip:megan.bowen@contoso.com';
const neverChanged = demo.users.find((user) => !demo.callingSettings.some((settings) => settings.SipUri === user.SipAddress))!;

/** Strings that would change the meaning of a PowerShell line if they were ever pasted into script text. */
const HOSTILE = [
  `Ben "Quotes" O'Neil`,
  '$(Remove-Item C:\\ -Recurse)',
  '`$env:TEAMS_CERT_THUMBPRINT` and `n a backtick-n',
  'line one\nline two\r\nline three',
  'a; Remove-CsUserCallingDelegate -Identity x; #',
  '@{a=1} | % { $_ } ${function:evil}',
  'ünïcödé ☎ 📞 \u2028 \t end',
];

describe.skipIf(PWSH === null)('teams gateway over the real worker (TeamsWorker.ps1, stand-in MicrosoftTeams module)', () => {
  let files: StandInFiles;
  let gateway: CallingGateway;
  const logs: string[] = [];

  beforeAll(() => {
    files = standInFiles();
    const logger = { info: (message: string) => logs.push(message), warn: (message: string) => logs.push(message) };
    const transport = createStdioTransport({
      command: PWSH!,
      args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-File', WORKER],
      env: { ...process.env, ...files.env },
      logger,
      timeoutsMs: { ready: 60_000, readDirectory: 60_000, readSettings: 60_000, applyWrite: 60_000 },
      sleep: async () => undefined,
    });
    gateway = createTeamsGateway({ transport, logger });
  });
  afterEach(() => files.fault());
  afterAll(async () => {
    await gateway.close();
    files.dispose();
  });

  it('is ready once the worker has connected with the app-only certificate settings', async () => {
    await expect(gateway.ready()).resolves.toBeUndefined();
    const connect = files.calls().find((call) => call.cmdlet === 'Connect-MicrosoftTeams');
    expect(connect?.parameters).toMatchObject({ TenantId: demo.tenantId, CertificateThumbprint: 'A'.repeat(40) });
  });

  it('reads the directory into the tenant model: every user, policy, resource account and number', async () => {
    const directory = await gateway.readDirectory();
    expect(directory.tenantId).toBe(demo.tenantId);
    expect(directory.users.map((user) => user.UserPrincipalName)).toEqual(demo.users.map((user) => user.UserPrincipalName));
    expect(directory.resourceAccounts.map((account) => account.AssociatedAutoAttendants)).toEqual(demo.resourceAccounts.map((account) => account.AssociatedAutoAttendants));
    expect(directory.phoneNumbers).toHaveLength(demo.phoneNumbers.length);
    expect('callingSettings' in directory).toBe(false);
  });

  it('fills the defaults Teams leaves empty in the settings of a user who never changed them', async () => {
    const settings = await gateway.readSettings(neverChanged.UserPrincipalName);
    expect(settings).toMatchObject({ SipUri: neverChanged.SipAddress, IsForwardingEnabled: false, IsUnansweredEnabled: false, CallGroupOrder: 'Simultaneous', Delegates: [] });
    expect(settings).not.toHaveProperty('Delegators');
  });

  it('applies a write that the next read shows, with the membership Teams adds on the member', async () => {
    const write: SettingsWrite = { cmdlet: 'Set-CsUserCallingSettings', identity: 'megan.bowen@contoso.com', parameterSet: 'CallGroup', parameters: { CallGroupOrder: 'InOrder', CallGroupTargets: [ALEX] }, reason: 'test' };
    await gateway.applyWrite(write);
    expect(await gateway.readSettings(MEGAN)).toMatchObject({ CallGroupOrder: 'InOrder', CallGroupTargets: [ALEX] });
    expect((await gateway.readSettings(ALEX)).GroupMembershipDetails).toContainEqual({ CallGroupOwnerId: MEGAN, NotificationSetting: 'Ring' });
  });

  it('delivers quotes, $(...), backticks, newlines and non-ASCII to Teams and back byte for byte', async () => {
    for (const text of HOSTILE) {
      await gateway.applyWrite({ cmdlet: 'Set-CsUserCallingSettings', identity: MEGAN, parameterSet: 'Forwarding', parameters: { IsForwardingEnabled: true, ForwardingType: 'Simultaneous', ForwardingTargetType: 'SingleTarget', ForwardingTarget: text }, reason: text });
      expect((await gateway.readSettings(MEGAN)).ForwardingTarget).toBe(text);
    }
    expect(new Set(files.calls().map((call) => call.cmdlet))).toEqual(new Set(['Connect-MicrosoftTeams', 'Get-CsOnlineUser', 'Get-CsTeamsCallingPolicy', 'Get-CsOnlineVoiceRoutingPolicy', 'Get-CsTeamsEmergencyCallRoutingPolicy', 'Get-CsTeamsSharedCallingRoutingPolicy', 'Get-CsAutoAttendant', 'Get-CsOnlineApplicationInstance', 'Get-CsPhoneNumberAssignment', 'Get-CsUserCallingSettings', 'Set-CsUserCallingSettings']));
  });

  it('throws not-found, which is not worth a retry, for a user Teams does not know', async () => {
    expect(await gatewayError(gateway.readSettings('left@contoso.com'))).toMatchObject({ kind: 'not-found', retryable: false });
  });

  it('throws throttled with the Retry-After the service sent, then serves the next call', async () => {
    files.fault({ cmdlet: 'Get-CsUserCallingSettings', kind: 'Throttle', retryAfterSeconds: 3 });
    expect(await gatewayError(gateway.readSettings(ALEX))).toMatchObject({ kind: 'throttled', retryAfterMs: 3000, retryable: true });
    await expect(gateway.readSettings(ALEX)).resolves.toMatchObject({ SipUri: ALEX });
  });

  it("throws rejected with Teams' reason for a write Teams refuses", async () => {
    const empty: SettingsWrite = { cmdlet: 'Set-CsUserCallingSettings', identity: ALEX, parameterSet: 'CallGroup', parameters: { CallGroupOrder: 'Simultaneous', CallGroupTargets: [] }, reason: 'test' };
    const error = await gatewayError(gateway.applyWrite(empty));
    expect(error).toMatchObject({ kind: 'rejected', message: expect.stringMatching(/Forwarding targets the call group, which has no members/) });
  });

  it('survives a worker that dies mid-request: the call fails as transient and a new worker serves the next one', async () => {
    files.fault({ cmdlet: 'Get-CsUserCallingSettings', kind: 'Exit' });
    expect((await gatewayError(gateway.readSettings(ALEX))).kind).toBe('transient');
    await expect(gateway.readSettings(ALEX)).resolves.toMatchObject({ SipUri: ALEX });
    // The new worker kept the earlier write: Teams' state outlives a worker.
    expect((await gateway.readSettings(MEGAN)).CallGroupTargets).toEqual([ALEX]);
    expect(new Set(files.calls().map((call) => call.pid)).size).toBe(2);
  });

  it("keeps the worker's logs off stdout: they reach the logger", () => {
    expect(logs.some((line) => line.includes('teams worker:') && line.includes('Connected to Microsoft Teams'))).toBe(true);
  });
});

describe.skipIf(PWSH === null)('the server over the real worker (GATEWAY=teams, TeamsWorker.ps1 over stdio, stand-in MicrosoftTeams module)', () => {
  let files: StandInFiles;
  let app: App;
  let db: Database;
  let call: ReturnType<typeof devCaller>;
  const clock = manualClock();
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    files = standInFiles();
    // The composition root starts the worker with this process's environment, as in production.
    for (const [key, value] of Object.entries(files.env)) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
    const [, open] = testBackends()[0]!;
    db = await open();
    const config = readConfig({
      AUTH_MODE: 'dev', HOST: '127.0.0.1', PORT: '0', SEED_SNAPSHOT: DEMO_SNAPSHOT, SYNC_INTERVAL_MINUTES: '0',
      GATEWAY: 'teams', TEAMS_WORKER_COMMAND: PWSH!, TEAMS_WORKER_SCRIPT: WORKER, TEAMS_WORKER_TIMEOUT_MS: '60000',
    });
    app = await createApp(config, silentLogger, { db, clock, jobs: false });
    const address = await app.listen();
    call = devCaller(`http://127.0.0.1:${address.port}`);
  });
  afterEach(() => files.fault());
  afterAll(async () => {
    await app?.close();
    await db?.close();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) Reflect.deleteProperty(process.env, key);
      else process.env[key] = value;
    }
    files.dispose();
  });

  const status = async (id: string) => (await call(ALEX_UPN, `/api/me/requests/${id}`)).json.request.status as string;
  const job = async (id: string) => (await db.query<{ next_attempt_at: Date; last_error: string | null }>('SELECT next_attempt_at, last_error FROM apply_outbox WHERE request_id = $1', [id]))[0];
  const audit = async (id: string, action: string) => Number((await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log WHERE request_id = $1 AND action = $2', [id, action]))[0]!.n);
  /** Alex asks for these call group members and Megan approves: the request's id. */
  async function approvedGroup(targets: readonly string[]): Promise<string> {
    const proposed = await call(ALEX_UPN, '/api/me/call-group', { body: { order: 'Simultaneous', targets } });
    expect(proposed.status, proposed.text).toBe(202);
    const id = proposed.json.request.id as string;
    if (proposed.json.request.status === 'pending') expect((await call(MEGAN_UPN, `/api/approvals/${id}/approve`, { method: 'POST' })).status).toBe(200);
    return id;
  }
  const alexTargets = async () => (await call(ALEX_UPN, '/api/me')).json.settings.CallGroupTargets as string[];

  it('syncs an edit made directly in Teams through the worker into what the tab shows, waiting out a throttled read', async () => {
    const before = await alexTargets();
    // Someone changes the ring order in the Teams client: the server learns it only from a sync.
    await app.gateway.applyWrite({ cmdlet: 'Set-CsUserCallingSettings', identity: ALEX, parameterSet: 'CallGroup', parameters: { CallGroupOrder: 'InOrder', CallGroupTargets: before }, reason: 'direct edit' });
    // Teams throttles the read of Alex's settings once (Retry-After 1 s): the sync waits and reads again.
    files.fault({ cmdlet: 'Get-CsUserCallingSettings', kind: 'Throttle', retryAfterSeconds: 1, identity: 'alex.wilber@contoso.com' });
    const readsBefore = files.calls().filter((entry) => entry.cmdlet === 'Get-CsUserCallingSettings' && entry.parameters?.Identity === 'alex.wilber@contoso.com').length;
    const result = await app.services.sync.runOnce();
    expect(files.calls().filter((entry) => entry.cmdlet === 'Get-CsUserCallingSettings' && entry.parameters?.Identity === 'alex.wilber@contoso.com').length - readsBefore).toBe(2);
    expect(result).toMatchObject({ ran: true, users: demo.users.length });
    expect(result.settingsChanged).toBeGreaterThanOrEqual(1);
    expect((await call(ALEX_UPN, '/api/me')).json.settings).toMatchObject({ CallGroupOrder: 'InOrder', CallGroupTargets: before });
  });

  it('applies an approved request in Teams through the worker', async () => {
    const targets = [...(await alexTargets()), `sip:${ADELE}`];
    const id = await approvedGroup(targets);
    expect(await app.applyOnce()).toBe(1);
    expect(await status(id)).toBe('applied');
    expect(files.teamsSettings(ALEX)?.CallGroupTargets).toEqual(targets);
    expect(files.teamsSettings(`sip:${ADELE}`)?.GroupMembershipDetails).toContainEqual({ CallGroupOwnerId: ALEX, NotificationSetting: 'Ring' });
  });

  it('waits out a 429 for the Retry-After the worker reported, then applies', async () => {
    const targets = (await alexTargets()).filter((target) => target !== `sip:${ADELE}`);
    const id = await approvedGroup(targets);
    files.fault({ cmdlet: 'Set-CsUserCallingSettings', kind: 'Throttle', retryAfterSeconds: 30 });
    await app.applyOnce();
    expect(await status(id)).toBe('approved');
    const retry = (await job(id))!;
    expect(retry.last_error).toMatch(/^throttled/);
    expect(retry.next_attempt_at.getTime() - clock.now().getTime()).toBe(30_000);
    clock.advance(29_999);
    expect(await app.applyOnce()).toBe(0);
    clock.advance(1);
    expect(await app.applyOnce()).toBe(1);
    expect(await status(id)).toBe('applied');
    expect(files.teamsSettings(ALEX)?.CallGroupTargets).toEqual(targets);
  });

  it('completes a change once when the worker is killed in the middle of applying it and a new one takes over', async () => {
    const targets = [...(await alexTargets()), `sip:${ADELE}`];
    const id = await approvedGroup(targets);
    // Teams stores the write, then the worker hangs before answering; we kill it there.
    files.fault({ cmdlet: 'Set-CsUserCallingSettings', kind: 'Hang', afterWrite: true });
    const writesBefore = files.calls().filter((entry) => entry.cmdlet === 'Set-CsUserCallingSettings' && !entry.fault).length;
    const applying = app.applyOnce();
    const hung = await waitFor(() => files.calls().find((entry) => entry.fault === 'Hang'));
    expect(files.teamsSettings(ALEX)?.CallGroupTargets).toEqual(targets);
    process.kill(hung.pid, 'SIGKILL');
    await applying;
    expect(await status(id)).toBe('approved');
    const retry = (await job(id))!;
    expect(retry.last_error).toMatch(/^transient/);
    clock.advance(retry.next_attempt_at.getTime() - clock.now().getTime());
    expect(await app.applyOnce()).toBe(1);
    expect(await status(id)).toBe('applied');
    const writes = files.calls().filter((entry) => entry.cmdlet === 'Set-CsUserCallingSettings' && !entry.fault).slice(writesBefore);
    // Two writes of the same whole group: the killed worker's, which Teams had stored, and the new worker's.
    expect(writes).toHaveLength(2);
    expect(writes[0]!.pid).toBe(hung.pid);
    expect(writes[1]!.pid).not.toBe(hung.pid);
    expect(files.teamsSettings(ALEX)?.CallGroupTargets).toEqual(targets);
    expect(await audit(id, 'request.applied')).toBe(1);
    expect(await audit(id, 'apply.step')).toBe(1);
  }, 120_000);
});

/** Polls `probe` until it returns a value (the worker runs in another process). */
async function waitFor<TValue>(probe: () => TValue | undefined, timeoutMs = 60_000): Promise<TValue> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
