import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpsTransportOptions } from './httpsTransport.js';
import { createHttpsTransport } from './httpsTransport.js';
import type { WorkerRequest } from './protocol.js';
import type { WorkerTransport } from './workerTransport.js';

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

const request: WorkerRequest = { id: 'https-1', op: 'readSettings', args: { identity: 'adele@contoso.com' } };
const silent = { info: () => undefined, warn: () => undefined };

describe('https transport', () => {
  let close: (() => Promise<void>) | undefined;
  let transport: WorkerTransport | undefined;

  /** A local stand-in for the Azure Functions host that answers with `handler`. */
  async function serve(handler: Handler, overrides: Partial<HttpsTransportOptions> = {}): Promise<WorkerTransport> {
    const server = createServer((incoming, response) => {
      let body = '';
      incoming.setEncoding('utf8');
      incoming.on('data', (chunk: string) => (body += chunk));
      incoming.on('end', () => handler(incoming, response, body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    close = async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    };
    const { port } = server.address() as AddressInfo;
    transport = createHttpsTransport({ url: `http://127.0.0.1:${port}/api/worker`, getToken: async () => 'token-a', logger: silent, ...overrides });
    return transport;
  }

  afterEach(async () => {
    await transport?.close();
    await close?.();
    transport = undefined;
    close = undefined;
  });

  it('refuses a plain-http URL that is not on this machine, so the token never travels in clear', () => {
    expect(() => createHttpsTransport({ url: 'http://worker.example.net/api/worker', getToken: async () => 't', logger: silent })).toThrow(/must use https/);
    expect(() => createHttpsTransport({ url: 'https://worker.example.net/api/worker', getToken: async () => 't', logger: silent })).not.toThrow();
  });

  it('posts the request JSON with a fresh bearer token for every call', async () => {
    const seen: Array<{ authorization: string | undefined; body: string }> = [];
    let tokens = 0;
    const worker = await serve(
      (incoming, response, body) => {
        seen.push({ authorization: incoming.headers.authorization, body });
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: JSON.parse(body).id, ok: true, result: { connected: true } }));
      },
      { getToken: async () => `token-${++tokens}` },
    );
    await worker.send(request);
    await worker.send({ ...request, id: 'https-2' });
    expect(seen.map((call) => call.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(JSON.parse(seen[0]?.body ?? '')).toEqual(request);
  });

  it('maps HTTP 429 with Retry-After in seconds to throttled, even without a body', async () => {
    const worker = await serve((_incoming, response) => response.writeHead(429, { 'retry-after': '7' }).end());
    expect(await worker.send(request)).toMatchObject({ ok: false, error: { kind: 'throttled', retryAfterMs: 7000 } });
  });

  it('reads a Retry-After HTTP-date against the clock', async () => {
    const now = Date.parse('2025-03-01T10:00:00Z');
    const worker = await serve((_incoming, response) => response.writeHead(429, { 'retry-after': 'Sat, 01 Mar 2025 10:00:30 GMT' }).end(), { now: () => now });
    expect(await worker.send(request)).toMatchObject({ ok: false, error: { kind: 'throttled', retryAfterMs: 30_000 } });
  });

  it('maps HTTP 503 with an HTML page to transient', async () => {
    const worker = await serve((_incoming, response) => response.writeHead(503, { 'content-type': 'text/html' }).end('<h1>Service Unavailable</h1>'));
    expect(await worker.send(request)).toMatchObject({ ok: false, error: { kind: 'transient', message: expect.stringMatching(/HTTP 503/) } });
  });

  it('treats 401 as transient (an expired token) and 404 as rejected (a wrong URL)', async () => {
    let status = 401;
    const worker = await serve((_incoming, response) => response.writeHead(status).end());
    expect(await worker.send(request)).toMatchObject({ ok: false, error: { kind: 'transient' } });
    status = 404;
    expect(await worker.send({ ...request, id: 'https-404' })).toMatchObject({ ok: false, error: { kind: 'rejected', message: expect.stringMatching(/HTTP 404/) } });
  });

  it('fails as transient without calling the worker when no token can be had', async () => {
    let calls = 0;
    const worker = await serve(
      (_incoming, response) => {
        calls += 1;
        response.writeHead(200).end();
      },
      {
        getToken: async () => {
          throw new Error('managed identity endpoint unavailable');
        },
      },
    );
    expect(await worker.send(request)).toMatchObject({ ok: false, error: { kind: 'transient', message: expect.stringMatching(/managed identity endpoint unavailable/) } });
    expect(calls).toBe(0);
  });

  it('fails a call the function does not answer in time as transient', async () => {
    const worker = await serve(() => undefined, { timeoutsMs: { readSettings: 300 } });
    expect(await worker.send(request)).toMatchObject({ ok: false, error: { kind: 'transient', message: expect.stringMatching(/within 300 ms/) } });
  });

  it('does not accept an answer that belongs to another request', async () => {
    const worker = await serve((_incoming, response) => response.writeHead(200).end(JSON.stringify({ id: 'someone-else', ok: true, result: {} })));
    expect(await worker.send(request)).toMatchObject({ ok: false, error: { kind: 'transient' } });
  });

  it('reports a refused connection as transient', async () => {
    const worker = await serve(() => undefined);
    await close?.();
    close = undefined;
    expect(await worker.send(request)).toMatchObject({ ok: false, error: { kind: 'transient', message: expect.stringMatching(/could not be reached/) } });
  });
});
