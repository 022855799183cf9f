import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP port free on every interface right now (the operating system picks it). Tools that
 * listen on all interfaces and take a port number (the Agents Playground) are given one;
 * another process may still take it before they listen, so callers check where they listen.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    // No host: the unspecified address, so the port is free on IPv4 and IPv6 alike.
    probe.listen(0, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close((error) => (error ? reject(error) : resolve(port)));
    });
  });
}
