import type { IncomingMessage } from 'node:http';
import { AuthError } from './authError.js';
import { developmentServer, directLoopbackRequest, isProductionEnv } from './developmentMode.js';

/**
 * Development sign-in: outside Teams there is no SSO token, so in `AUTH_MODE=dev` the server
 * trusts an `X-Dev-User: <upn>` header instead. Anyone who can reach the port can then be
 * anyone, so it is allowed only under the development rule (developmentMode.ts): never in
 * production, only on a loopback address, and only for requests whose Host is a loopback name.
 */

export interface DevSignInSettings {
  /** `AUTH_MODE`: `dev` or `entra`. */
  readonly authMode: string;
  /** `HOST`: the address the server listens on. */
  readonly host: string;
  /** `NODE_ENV`. */
  readonly nodeEnv: string | undefined;
}

export type DevSignInDecision = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

/** The longest `X-Dev-User` accepted; Entra caps a UPN well below this. */
export const MAX_DEV_USER_LENGTH = 256;

/**
 * Whether development sign-in may be switched on. The server calls this at startup in dev mode
 * and refuses to start, printing `reason`, when it is not allowed.
 */
export function devSignInAllowed(settings: DevSignInSettings): DevSignInDecision {
  if (settings.authMode !== 'dev') {
    return { allowed: false, reason: `Development sign-in needs AUTH_MODE=dev; AUTH_MODE is ${settings.authMode}, so a Teams SSO token is required.` };
  }
  if (isProductionEnv(settings.nodeEnv)) {
    return { allowed: false, reason: `AUTH_MODE=dev is refused when NODE_ENV=production (NODE_ENV is ${JSON.stringify(settings.nodeEnv)}): set AUTH_MODE=entra.` };
  }
  if (!developmentServer(settings).development) {
    return {
      allowed: false,
      reason:
        `AUTH_MODE=dev is refused on HOST=${settings.host}: anyone who can reach that address could sign in as anyone. ` +
        'Bind to a loopback address (127.0.0.1, ::1 or localhost), or set AUTH_MODE=entra.',
    };
  }
  return { allowed: true };
}

/**
 * The per-request half of the rule: a request whose Host is not a loopback name is refused
 * even though it arrived on the loopback socket (a rebound domain in someone's browser), and
 * so is one a proxy or tunnel forwarded.
 */
export function devRequestRefusal(request: Pick<IncomingMessage, 'headers'>): AuthError | undefined {
  if (directLoopbackRequest(request)) return undefined;
  return new AuthError(
    'not-loopback-host',
    'Development sign-in only answers requests made on this machine to a loopback host (127.0.0.1, [::1] or localhost); this request named another Host or came through a proxy or tunnel.',
  );
}

// C0 controls, DEL and C1 controls, plus the invisible format characters that can disguise a name in a log.
// eslint-disable-next-line no-control-regex
const CONTROL_OR_INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]/;
const UPN_LIKE = /^[^\s@]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i;

/**
 * Read the `X-Dev-User` header: a UPN-like address (`name@domain.tld`), at most
 * {@link MAX_DEV_USER_LENGTH} characters, with no control characters. Returns the UPN
 * lower-cased (UPNs compare case-insensitively), or an AuthError saying what is wrong.
 */
export function readDevUser(headerValue: string | undefined): string | AuthError {
  const value = headerValue?.trim() ?? '';
  if (value === '') return new AuthError('missing-token', 'Development sign-in: the X-Dev-User header is missing; send X-Dev-User: <upn>.');
  if (value.length > MAX_DEV_USER_LENGTH) {
    return new AuthError('malformed-token', `Development sign-in: X-Dev-User is longer than ${MAX_DEV_USER_LENGTH} characters.`);
  }
  if (CONTROL_OR_INVISIBLE.test(value)) return new AuthError('malformed-token', 'Development sign-in: X-Dev-User contains control characters.');
  if (!UPN_LIKE.test(value)) return new AuthError('malformed-token', 'Development sign-in: X-Dev-User must be a UPN such as alex@contoso.com.');
  return value.toLowerCase();
}
