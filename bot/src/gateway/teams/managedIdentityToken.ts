import { z } from 'zod';

/**
 * Tokens for the Teams worker's Azure Functions app, from App Service's managed-identity
 * endpoint: the server runs with a user-assigned identity, so no secret exists anywhere.
 * App Service sets IDENTITY_ENDPOINT and IDENTITY_HEADER in the process environment; the
 * identity's client id comes from AZURE_CLIENT_ID (written by infra/modules/webApp.bicep).
 *
 * A token is kept until five minutes before it expires, and concurrent callers share one
 * request, so a burst of gateway calls asks the endpoint once.
 */
export interface ManagedIdentityTokenOptions {
  /** IDENTITY_ENDPOINT: a loopback URL inside App Service. */
  readonly endpoint: string;
  /** IDENTITY_HEADER: proves the caller runs inside the App Service sandbox. */
  readonly header: string;
  /** The Functions app's Application ID URI (TEAMS_WORKER_AUDIENCE). */
  readonly resource: string;
  /** The user-assigned identity's client id (AZURE_CLIENT_ID). */
  readonly clientId?: string;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
}

const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

// expires_on is seconds since the epoch, sent as a string by App Service.
const tokenResponse = z.object({
  access_token: z.string().min(1),
  expires_on: z.union([z.string().regex(/^\d+$/), z.number().int()]).transform(Number),
});

export function createManagedIdentityTokenSource(options: ManagedIdentityTokenOptions): () => Promise<string> {
  const fetchFn = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  let cached: { token: string; expiresAtMs: number } | undefined;
  let pending: Promise<string> | undefined;

  async function request(): Promise<string> {
    const url = new URL(options.endpoint);
    url.searchParams.set('resource', options.resource);
    url.searchParams.set('api-version', '2019-08-01');
    if (options.clientId) url.searchParams.set('client_id', options.clientId);
    const response = await fetchFn(url, { headers: { 'X-IDENTITY-HEADER': options.header }, signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    if (!response.ok) throw new Error(`The managed-identity endpoint answered HTTP ${response.status}: ${text.slice(0, 200)}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Error('The managed-identity endpoint answered with something that is not JSON.');
    }
    const parsed = tokenResponse.safeParse(body);
    if (!parsed.success) throw new Error(`The managed-identity endpoint's answer lacks ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}.`);
    cached = { token: parsed.data.access_token, expiresAtMs: parsed.data.expires_on * 1000 };
    return cached.token;
  }

  return async () => {
    if (cached && cached.expiresAtMs - REFRESH_BEFORE_EXPIRY_MS > now()) return cached.token;
    pending ??= request().finally(() => (pending = undefined));
    return pending;
  };
}
