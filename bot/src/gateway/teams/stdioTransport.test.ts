import { fileURLToPath } from 'node:url';
import type { SettingsWrite } from '@cgm/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkerRequest, WorkerResponse } from './protocol.js';
import type { StdioTransportOptions } from './stdioTransport.js';
import { createStdioTransport } from './stdioTransport.js';
import type { WorkerTransport } from './workerTransport.js';

const STAND_IN_PATH = fileURLToPath(new URL('./standInTeamsWorker.mjs', import.meta.url));

let counter = 0;
const readSettings = (identity: string): WorkerRequest => ({ id: `stdio-${++counter}`, op: 'readSettings', args: { identity } });
const ready = (): WorkerRequest => ({ id: `stdio-${++counter}`, op: 'ready', args: {} });

function workerPid(response: WorkerResponse): number {
  if (!response.ok) throw new Error(response.error.message);
  return (response.result as { workerPid: number }).workerPid;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

describe('stdio transport', () => {
  let transport: WorkerTransport | undefined;
  const logs: string[] = [];
  const waits: number[] = [];

  function open(overrides: Partial<StdioTransportOptions> = {}): WorkerTransport {
    logs.length = 0;
    waits.length = 0;
    transport = createStdioTransport({
      command: process.execPath,
      args: [STAND_IN_PATH],
      logger: { info: (message) => logs.push(message), warn: (message) => logs.push(message) },
      timeoutsMs: { readSettings: 3_000 },
      restartInitialMs: 100,
      restartMaxMs: 400,
      sleep: async (ms) => {
        waits.push(ms);
      },
      ...overrides,
    });
    return transport;
  }

  afterEach(async () => {
    await transport?.close();
    transport = undefined;
  });

  it('backs off exponentially between restarts, up to the cap, and resets after an answer', async () => {
    const worker = open();
    for (let crash = 0; crash < 5; crash++) expect(await worker.send(readSettings('stand-in:crash'))).toMatchObject({ ok: false, error: { kind: 'transient' } });
    // The first start waits for nothing; each restart after a crash waits twice as long as the last, capped at 400 ms.
    expect(waits).toEqual([100, 200, 400, 400]);
    expect(await worker.send(readSettings('adele@contoso.com'))).toMatchObject({ ok: true });
    expect(await worker.send(readSettings('stand-in:crash'))).toMatchObject({ ok: false });
    expect(await worker.send(readSettings('adele@contoso.com'))).toMatchObject({ ok: true });
    expect(waits).toEqual([100, 200, 400, 400, 400, 100]);
  });

  it('kills a worker that does not answer in time and starts a new process', async () => {
    const worker = open();
    const before = workerPid(await worker.send(ready()));
    expect(await worker.send(readSettings('stand-in:hang'))).toMatchObject({ ok: false, error: { kind: 'transient' } });
    const after = workerPid(await worker.send(ready()));
    expect(after).not.toBe(before);
    expect(isRunning(before)).toBe(false);
  });

  it('fails every request a dead worker held, not only the one that killed it', async () => {
    const worker = open({ maxInFlight: 2 });
    const slow = worker.send(readSettings('stand-in:slow:2000'));
    const crash = worker.send(readSettings('stand-in:crash'));
    expect(await crash).toMatchObject({ ok: false, error: { kind: 'transient' } });
    expect(await slow).toMatchObject({ ok: false, error: { kind: 'transient', message: expect.stringMatching(/exited/) } });
  });

  it('sends the worker its stderr lines to the logger', async () => {
    const worker = open();
    await worker.send(readSettings('stand-in:stderr:Connect-MicrosoftTeams took 3 s'));
    expect(logs).toContain('teams worker: Connect-MicrosoftTeams took 3 s');
  });

  it('reports a worker command that cannot be started as transient', async () => {
    const worker = open({ command: '/nonexistent/pwsh' });
    const response = await worker.send(readSettings('adele@contoso.com'));
    expect(response).toMatchObject({ ok: false, error: { kind: 'transient', message: expect.stringMatching(/ENOENT/) } });
  });

  it('stops the worker process on close', async () => {
    const worker = open();
    const pid = workerPid(await worker.send(ready()));
    await worker.close();
    expect(isRunning(pid)).toBe(false);
  });

  it('refuses a second request with an id already in flight, as a bug', async () => {
    const worker = open();
    const request = readSettings('stand-in:slow:200');
    const first = worker.send(request);
    expect(() => worker.send(request)).toThrow(/Duplicate/);
    expect(await first).toMatchObject({ ok: true });
  });

  it('refuses a write that breaks the cmdlet rules before it reaches the worker', () => {
    const worker = open();
    const write: SettingsWrite = { cmdlet: 'Set-CsUserCallingSettings', identity: 'adele@contoso.com', parameterSet: 'CallGroup', parameters: { CallGroupOrder: 'InOrder; Remove-Team', CallGroupTargets: [] }, reason: '' };
    expect(() => worker.send({ id: 'bad', op: 'applyWrite', args: { write } })).toThrow(/CallGroupOrder/);
  });
});
