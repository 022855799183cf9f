import { fileURLToPath } from 'node:url';
import type { SettingsWrite } from '@cgm/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallingGateway } from '../callingGateway.js';
import { gatewayError } from '../testSupport/gatewayError.js';
import type { WorkerRequest, WorkerResponse } from './protocol.js';
import { createStdioTransport } from './stdioTransport.js';
import { createTeamsGateway } from './teamsGateway.js';
import type { WorkerTransport } from './workerTransport.js';

const STAND_IN_PATH = fileURLToPath(new URL('./standInTeamsWorker.mjs', import.meta.url));

const callGroup = (identity: string, targets: readonly string[]): SettingsWrite => ({
  cmdlet: 'Set-CsUserCallingSettings',
  identity,
  parameterSet: 'CallGroup',
  parameters: { CallGroupOrder: 'InOrder', CallGroupTargets: targets },
  reason: 'create the group',
});

/** A transport that answers every request with `answer` and remembers what it was sent. */
function scriptedTransport(answer: (request: WorkerRequest) => WorkerResponse): WorkerTransport & { readonly sent: WorkerRequest[] } {
  const sent: WorkerRequest[] = [];
  return {
    sent,
    async send(request) {
      sent.push(request);
      return answer(request);
    },
    async close() {},
  };
}

/**
 * The JS stand-in worker, only for what the real worker (realTeamsWorker.test.ts, TeamsWorker.ps1
 * over the stand-in MicrosoftTeams module) cannot be made to do: answer with settings that
 * break the tenant model.
 */
describe('teams gateway over the JS stand-in worker: answers the real worker cannot be made to give', () => {
  let gateway: CallingGateway;
  const warnings: string[] = [];

  function open(): CallingGateway {
    const logger = { info: () => undefined, warn: (message: string) => warnings.push(message) };
    gateway = createTeamsGateway({ transport: createStdioTransport({ command: process.execPath, args: [STAND_IN_PATH], logger, sleep: async () => undefined }), logger });
    return gateway;
  }

  afterEach(async () => {
    warnings.length = 0;
    await gateway.close();
  });

  it('turns settings that break the model into a transient failure, naming the property', async () => {
    const error = await gatewayError(open().readSettings('stand-in:bad-settings'));
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/SipUri/);
    expect(warnings.some((warning) => warning.includes('SipUri'))).toBe(true);
  });
});

describe('teams gateway checks', () => {
  const logger = { info: () => undefined, warn: () => undefined };

  it('rejects a write that breaks the cmdlet rules without sending it', async () => {
    const transport = scriptedTransport((request) => ({ id: request.id, ok: true, result: { applied: true } }));
    const gateway = createTeamsGateway({ transport, logger });
    const write: SettingsWrite = { ...callGroup('adele@contoso.com', []), parameters: { CallGroupOrder: 'Sometimes', CallGroupTargets: [] } };
    const error = await gatewayError(gateway.applyWrite(write));
    expect(error).toMatchObject({ kind: 'rejected', message: expect.stringMatching(/CallGroupOrder/) });
    expect(transport.sent).toHaveLength(0);
  });

  it('sends a write as data, exactly as planned', async () => {
    const transport = scriptedTransport((request) => ({ id: request.id, ok: true, result: { applied: true } }));
    const write = callGroup('adele@contoso.com', ['sip:o\'brien@contoso.com', '$(Get-Secret)']);
    await createTeamsGateway({ transport, logger }).applyWrite(write);
    expect(transport.sent[0]).toMatchObject({ op: 'applyWrite', args: { write } });
  });

  it('does not take an applyWrite answer other than applied', async () => {
    const transport = scriptedTransport((request) => ({ id: request.id, ok: true, result: 'done' }));
    const error = await gatewayError(createTeamsGateway({ transport, logger }).applyWrite(callGroup('adele@contoso.com', [])));
    expect(error.kind).toBe('transient');
  });

  it('turns a directory whose user lacks a SIP address into a transient failure', async () => {
    const transport = scriptedTransport((request) => ({ id: request.id, ok: true, result: { tenantId: 't', capturedAt: '2025-01-01T00:00:00Z', users: [{ Identity: 'x', UserPrincipalName: 'x@contoso.com' }] } }));
    const error = await gatewayError(createTeamsGateway({ transport, logger }).readDirectory());
    expect(error).toMatchObject({ kind: 'transient', message: expect.stringMatching(/users\[0\]\.SipAddress/) });
  });

  it('is not ready when the worker says it is not connected', async () => {
    const transport = scriptedTransport((request) => ({ id: request.id, ok: true, result: { connected: false } }));
    expect((await gatewayError(createTeamsGateway({ transport, logger }).ready())).kind).toBe('transient');
  });

  it('keeps the retry delay only on throttling', async () => {
    const transport = scriptedTransport((request) => ({ id: request.id, ok: false, error: { kind: 'transient', message: 'busy', retryAfterMs: 10 } }));
    const error = await gatewayError(createTeamsGateway({ transport, logger }).readSettings('adele@contoso.com'));
    expect(error).toMatchObject({ kind: 'transient', retryAfterMs: undefined });
  });
});
