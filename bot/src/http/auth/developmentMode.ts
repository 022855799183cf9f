import type { IncomingMessage } from 'node:http';
import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * The one rule for "development", used by development sign-in (`X-Dev-User`) and by the bot
 * without an identity (unsigned activities) alike. The server is in development when
 * `NODE_ENV` is not production (compared trimmed and case-insensitively: `Production` is
 * production) and it listens on a loopback address; each request must also name a loopback
 * host in its `Host` header, so that a web page whose domain was rebound to 127.0.0.1 (DNS
 * rebinding: the browser still sends its own name as `Host`) gets nothing from it.
 */

export interface DevelopmentSettings {
  /** `NODE_ENV`. */
  readonly nodeEnv: string | undefined;
  /** `HOST`: the address the server listens on. */
  readonly host: string;
}

export type DevelopmentDecision = { readonly development: true } | { readonly development: false; readonly reason: string };

/** `NODE_ENV` names production, however it is written (`production`, `Production`, ` PRODUCTION `). */
export function isProductionEnv(nodeEnv: string | undefined): boolean {
  return (nodeEnv ?? '').trim().toLowerCase() === 'production';
}

/** Whether this server is a development server; when not, `reason` names each setting that says so. */
export function developmentServer(settings: DevelopmentSettings): DevelopmentDecision {
  const reasons: string[] = [];
  if (isProductionEnv(settings.nodeEnv)) reasons.push(`NODE_ENV=${(settings.nodeEnv ?? '').trim()}`);
  if (!isLoopbackHost(settings.host)) reasons.push(`HOST=${settings.host}`);
  return reasons.length === 0 ? { development: true } : { development: false, reason: reasons.join(' / ') };
}

/**
 * True for 127.0.0.0/8, ::1 (also written in full, bracketed or IPv4-mapped) and `localhost`.
 * The wildcards 0.0.0.0 and :: are not loopback: they listen on every interface.
 */
export function isLoopbackHost(host: string): boolean {
  const value = host.trim().toLowerCase();
  if (value === 'localhost') return true;
  const address = value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (isIPv4(address)) return LOOPBACK.check(address, 'ipv4');
  if (isIPv6(address)) return LOOPBACK.check(address, 'ipv6');
  return false;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** `host[:port]` or `[v6][:port]`, as a Host header carries it (RFC 9110 §7.2). */
const HOST_HEADER = /^(?:\[([0-9a-f:.]+)\]|([^\s:[\]]+))(?::\d{1,5})?$/i;

/** Whether a `Host` header value names a loopback host (`127.0.0.1:3978`, `[::1]`, `localhost:3978`); a missing one does not. */
export function isLoopbackHostHeader(header: string | undefined): boolean {
  const match = HOST_HEADER.exec(header?.trim() ?? '');
  if (!match) return false;
  return isLoopbackHost(match[1] ?? match[2] ?? '');
}

/**
 * Headers a reverse proxy or tunnel adds. A dev tunnel (`devtunnel host -p 3978`) or a proxy in
 * front of a development server rewrites `Host` to `localhost` by default, so the Host check
 * alone would let the whole internet sign in as anyone; a request that says it was forwarded
 * did not come from this machine.
 */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'x-original-host', 'x-real-ip', 'via'];

/**
 * The per-request half of the development rule: the request names a loopback host in its
 * `Host` header and carries no header a proxy or tunnel adds.
 */
export function directLoopbackRequest(request: Pick<IncomingMessage, 'headers'>): boolean {
  if (FORWARDING_HEADERS.some((name) => request.headers[name] !== undefined)) return false;
  return isLoopbackHostHeader(request.headers.host);
}
