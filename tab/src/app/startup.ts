import type { ApiClient } from '../api/apiClient';
import { createApiClient } from '../api/apiClient';
import type { ClientConfig, MeResponse } from '@cgm/core';
import { clientConfigSchema, meSchema } from '@cgm/core';
import type { Host } from '../host/teamsHost';
import { detectHost, devIdentity } from '../host/teamsHost';

/**
 * How the tab starts, begun by main.tsx before React mounts: find the host, read the server's
 * client configuration and, as soon as it is known who signs in, ask for /api/me. By the time
 * React has rendered, the answer is on its way or already here; the shell uses it once
 * (tab/src/app/Shell.tsx) and reads /api/me itself after that.
 */

export const DEV_USER_KEY = 'cgm.devUser';

/** /api/me asked for early, with whom it was asked for: the shell uses it only for that person. */
export interface EarlyMe {
  /** The development user it was asked for, or undefined inside Teams (the Teams token). */
  readonly devUser: string | undefined;
  readonly answer: Promise<MeResponse>;
}

export interface Started {
  readonly host: Host;
  readonly config: ClientConfig;
  readonly earlyMe: EarlyMe | undefined;
}

export async function readClientConfig(): Promise<ClientConfig> {
  const response = await fetch('/api/client-config', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`The server did not give the tab its configuration (${response.status}).`);
  const parsed = clientConfigSchema.safeParse(await response.json());
  if (!parsed.success) throw new Error('The server’s tab configuration was not understood.');
  return parsed.data;
}

/** The development user the page asks for: `?devUser=` in the address, else the one chosen earlier in this tab. */
export function requestedDevUser(win: Window = window): string | undefined {
  return new URLSearchParams(win.location.search).get('devUser') ?? win.sessionStorage.getItem(DEV_USER_KEY) ?? undefined;
}

/** Who is signed in when development sign-in is on: the one asked for, else the first demo user. */
export function chosenDevUser(config: ClientConfig, requested: string | undefined): string | undefined {
  return config.devSignIn ? (requested ?? config.demoUsers[0]?.upn) : undefined;
}

/** The API client for this host: the Teams token inside Teams, the development header outside. */
export function apiFor(host: Host, devUser: () => string): ApiClient {
  return createApiClient(host.kind === 'teams' ? host.identity : devIdentity(devUser));
}

async function start(win: Window): Promise<Started> {
  const [host, config] = await Promise.all([detectHost(win), readClientConfig()]);
  const devUser = chosenDevUser(config, requestedDevUser(win));
  // Outside Teams without development sign-in nobody is signed in: the tab says to open it in Teams.
  if (host.kind === 'browser' && devUser === undefined) return { host, config, earlyMe: undefined };
  const answer = apiFor(host, () => devUser ?? '').json('/api/me', meSchema);
  // Whoever takes the answer sees its error; an answer nobody takes is no error.
  answer.catch(() => undefined);
  return { host, config, earlyMe: { devUser: host.kind === 'teams' ? undefined : devUser, answer } };
}

let begun: Promise<Started> | undefined;

/** main.tsx: start now, before React has rendered anything. */
export function beginStartup(win: Window = window): void {
  begun = start(win);
  begun.catch(() => undefined);
}

/** The start begun by main.tsx, taken once; a later call (a remount, a test) starts afresh. */
export function takeStartup(win: Window = window): Promise<Started> {
  const started = begun ?? start(win);
  begun = undefined;
  return started;
}
