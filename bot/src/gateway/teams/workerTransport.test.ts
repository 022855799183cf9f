import { Buffer } from 'node:buffer';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { SettingsWrite } from '@cgm/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpsTransport } from './httpsTransport.js';
import type { WorkerOp, WorkerRequest, WorkerResponse } from './protocol.js';
import { httpStatusFor } from './protocol.js';
import { createStandInWorker } from './standInTeamsWorker.mjs';
import { createStdioTransport } from './stdioTransport.js';
import type { WorkerLogger, WorkerTransport } from './workerTransport.js';

/**
 * One suite, run over both transports: the stand-in worker as a real child process
 * (stdio) and the stand-in's handler behind a node:http server on 127.0.0.1 (https, in
 * the shape the Azure Functions entry answers).
 */

const STAND_IN_PATH = fileURLToPath(new URL('./standInTeamsWorker.mjs', import.meta.url));
const TOKEN = 'test-token-1';
// Short enough to keep the hang tests quick, long enough for a child process to start on a busy machine.
const TIMEOUTS: Partial<Record<WorkerOp, number>> = { readSettings: 3_000, applyWrite: 3_000 };

interface Harness {
  readonly transport: WorkerTransport;
  readonly logs: string[];
  dispose(): Promise<void>;
}

function recordingLogger(logs: string[]): WorkerLogger {
  return { info: (message) => logs.push(message), warn: (message) => logs.push(message) };
}

/** What run.ps1 does with a response, played by a local server around the stand-in's handler. */
async function serveStandIn(): Promise<{ url: string; close(): Promise<void> }> {
  const worker = createStandInWorker({ log: () => undefined });
  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.headers.authorization !== `Bearer ${TOKEN}`) {
      response.writeHead(401).end();
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const outcome = await worker.handle(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    if (outcome.kind === 'crash') request.socket.destroy();
    if (outcome.kind === 'garbage') response.writeHead(200, { 'content-type': 'text/html' }).end('<html>Function host is not running.</html>');
    if (outcome.kind !== 'respond') return;
    const status = httpStatusFor(outcome.response);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const error = outcome.response.ok ? undefined : outcome.response.error;
    if (status === 429 && error?.retryAfterMs !== undefined) headers['retry-after'] = String(Math.ceil(error.retryAfterMs / 1000));
    response.writeHead(status, headers).end(JSON.stringify(outcome.response));
  }
  const server = createServer((request, response) => void answer(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/TeamsWorkerFunction`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const TRANSPORTS: ReadonlyArray<{ readonly name: string; open(): Promise<Harness> }> = [
  {
    name: 'stdio (stand-in child process)',
    async open() {
      const logs: string[] = [];
      // maxInFlight > 1 so that answers can overtake each other, as they can over HTTP.
      const transport = createStdioTransport({ command: process.execPath, args: [STAND_IN_PATH], logger: recordingLogger(logs), timeoutsMs: TIMEOUTS, maxInFlight: 4, sleep: async () => undefined });
      return { transport, logs, dispose: () => transport.close() };
    },
  },
  {
    name: 'https (stand-in behind node:http on 127.0.0.1)',
    async open() {
      const logs: string[] = [];
      const server = await serveStandIn();
      const transport = createHttpsTransport({ url: server.url, getToken: async () => TOKEN, logger: recordingLogger(logs), timeoutsMs: TIMEOUTS });
      return {
        transport,
        logs,
        async dispose() {
          await transport.close();
          await server.close();
        },
      };
    },
  },
];

let counter = 0;
const nextId = () => `req-${++counter}`;
const readSettings = (identity: string): WorkerRequest => ({ id: nextId(), op: 'readSettings', args: { identity } });
const forwarding = (identity: string, target: string, reason = 'test'): SettingsWrite => ({
  cmdlet: 'Set-CsUserCallingSettings',
  identity,
  parameterSet: 'Forwarding',
  parameters: { IsForwardingEnabled: true, ForwardingType: 'Simultaneous', ForwardingTargetType: 'SingleTarget', ForwardingTarget: target },
  reason,
});
const applyWrite = (write: SettingsWrite): WorkerRequest => ({ id: nextId(), op: 'applyWrite', args: { write } });

function errorOf(response: WorkerResponse) {
  if (response.ok) throw new Error(`expected a failure, got ${JSON.stringify(response.result)}`);
  return response.error;
}

/** Strings that would change the meaning of a PowerShell line if they were ever pasted into script text. */
const HOSTILE = [
  `Ben "Quotes" O'Neil`,
  '$(Remove-Item C:\\ -Recurse)',
  '`$env:TEAMS_CERT_THUMBPRINT` and `n a backtick-n',
  'line one\nline two\r\nline three',
  'a; Remove-CsUserCallingDelegate -Identity x; #',
  '@{a=1} | % { $_ } ${function:evil}',
  'ünïcödé ☎ 📞 \u2028 \u0000 \t end',
];

describe.each(TRANSPORTS)('worker transport over $name', ({ open }) => {
  let harness: Harness;
  afterEach(async () => {
    await harness.dispose();
  });

  it('answers ready once connected', async () => {
    harness = await open();
    const response = await harness.transport.send({ id: nextId(), op: 'ready', args: {} });
    expect(response).toMatchObject({ ok: true, result: { connected: true } });
  });

  it('reads settings with the property names the cmdlet prints', async () => {
    harness = await open();
    const request = readSettings('adele@contoso.com');
    const response = await harness.transport.send(request);
    expect(response).toMatchObject({ id: request.id, ok: true, result: { SipUri: 'sip:adele@contoso.com', UnansweredDelay: '00:00:20', CallGroupTargets: [] } });
  });

  it('delivers quotes, $(...), backticks, newlines and semicolons to the worker byte for byte', async () => {
    harness = await open();
    for (const text of HOSTILE) {
      const write = forwarding(`stand-in:echo:${text}`, text, text);
      const response = await harness.transport.send(applyWrite(write));
      expect(response).toMatchObject({ ok: true, result: { echo: { write } } });
      const echoed = (response as { result: { echo: { write: SettingsWrite } } }).result.echo.write;
      expect(Buffer.from(echoed.parameters.ForwardingTarget as string, 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);
    }
  });

  it('reports throttling with the delay the service asked for', async () => {
    harness = await open();
    const error = errorOf(await harness.transport.send(readSettings('stand-in:throttle:1500')));
    expect(error).toMatchObject({ kind: 'throttled', retryAfterMs: 1500 });
  });

  it('reports a transient service failure as transient', async () => {
    harness = await open();
    expect(errorOf(await harness.transport.send(readSettings('stand-in:transient'))).kind).toBe('transient');
  });

  it("keeps the service's reason for a rejection", async () => {
    harness = await open();
    const error = errorOf(await harness.transport.send(applyWrite(forwarding('stand-in:reject:Target type Group needs at least one member.', '+1'))));
    expect(error).toEqual({ kind: 'rejected', message: 'Target type Group needs at least one member.' });
  });

  it('reports an unknown user as not-found', async () => {
    harness = await open();
    expect(errorOf(await harness.transport.send(readSettings('nobody@contoso.com'))).kind).toBe('not-found');
  });

  it('fails a request the worker never answers as transient, then serves the next one', async () => {
    harness = await open();
    const error = errorOf(await harness.transport.send(readSettings('stand-in:hang')));
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/within 3000 ms/);
    expect(await harness.transport.send(readSettings('ben@contoso.com'))).toMatchObject({ ok: true, result: { SipUri: 'sip:ben@contoso.com' } });
  });

  it('fails a request whose worker dies mid-request as transient, then serves the next one', async () => {
    harness = await open();
    expect(errorOf(await harness.transport.send(readSettings('stand-in:crash'))).kind).toBe('transient');
    expect(await harness.transport.send(readSettings('adele@contoso.com'))).toMatchObject({ ok: true });
  });

  it('treats an answer that is not a protocol response as transient, not a crash', async () => {
    harness = await open();
    const error = errorOf(await harness.transport.send(readSettings('stand-in:garbage')));
    expect(error.kind).toBe('transient');
    expect(error.message).toMatch(/not a protocol response/);
    expect(await harness.transport.send(readSettings('adele@contoso.com'))).toMatchObject({ ok: true });
  });

  it('matches answers to requests by id when they arrive out of order', async () => {
    harness = await open();
    const order: string[] = [];
    const slowRequest = readSettings('stand-in:slow:400');
    const fastRequest = readSettings('stand-in:echo:fast');
    const slow = harness.transport.send(slowRequest).then((response) => (order.push('slow'), response));
    const fast = harness.transport.send(fastRequest).then((response) => (order.push('fast'), response));
    const [slowResponse, fastResponse] = await Promise.all([slow, fast]);
    expect(order).toEqual(['fast', 'slow']);
    expect(slowResponse).toEqual({ id: slowRequest.id, ok: true, result: { echo: slowRequest.args } });
    expect(fastResponse).toEqual({ id: fastRequest.id, ok: true, result: { echo: fastRequest.args } });
  });

  it('answers transient once closed', async () => {
    harness = await open();
    await harness.transport.close();
    expect(errorOf(await harness.transport.send(readSettings('adele@contoso.com')))).toMatchObject({ kind: 'transient', message: expect.stringMatching(/closed/) });
  });
});
