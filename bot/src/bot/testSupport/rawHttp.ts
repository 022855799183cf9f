import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';

/**
 * Test support for the edges fetch() cannot reach: fetch never lets a caller choose the Host
 * header, which is what a rebound domain in a browser sends (DNS rebinding).
 */
export function httpCall(
  base: string,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown; /** Sent as the start of a body that never ends (the request stays open). */ partialBody?: string } = {},
): Promise<{ status: number; json: any; text: string }> {
  const url = new URL(path, base);
  const body = init.body === undefined ? undefined : JSON.stringify(init.body);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: init.method ?? 'POST', headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text === '' ? undefined : JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, json, text });
        });
      },
    );
    req.on('error', reject);
    if (init.partialBody !== undefined) req.write(init.partialBody);
    else req.end(body);
  });
}

/** This machine's first non-loopback IPv4 address, if it has one. */
export function externalIPv4(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;
}

/**
 * An HTTP server on every interface that only counts requests: the place an outbound call
 * must never reach. `privateUrl` reaches it through this machine's first non-loopback IPv4
 * address (a private or documentation address, as a forged serviceUrl would name one).
 */
export async function startHitCounter() {
  let hits = 0;
  const server = createServer((req, res) => {
    hits += 1;
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"id":"counted"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  const port = (server.address() as AddressInfo).port;
  const external = externalIPv4();
  return {
    hits: () => hits,
    /** undefined when this machine has no non-loopback IPv4 address. */
    privateUrl: external ? `http://${external}:${port}/` : undefined,
    loopbackUrl: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type HitCounter = Awaited<ReturnType<typeof startHitCounter>>;
