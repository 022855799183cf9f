import { useEffect, useMemo, useState } from 'react';
import type { ApiClient } from '../api/apiClient';
import { createApiClient } from '../api/apiClient';
import type { ClientConfig } from '../api/schemas';
import { clientConfigSchema } from '../api/schemas';
import type { Host, ThemeName } from '../host/teamsHost';
import { detectHost, devIdentity, toThemeName } from '../host/teamsHost';

/** How the tab starts: find the host, read the server's client configuration, and choose how to sign in. */
export type Boot =
  | { readonly status: 'starting' }
  | { readonly status: 'failed'; readonly error: Error }
  | { readonly status: 'open-in-teams'; readonly theme: ThemeName }
  | {
      readonly status: 'ready';
      readonly host: Host;
      readonly config: ClientConfig;
      readonly api: ApiClient;
      /** Development sign-in only: who is signed in, and how to switch. */
      readonly devUser: string | undefined;
      setDevUser(upn: string): void;
      readonly theme: ThemeName;
      setTheme(theme: ThemeName): void;
    };

const DEV_USER_KEY = 'cgm.devUser';
const THEME_KEY = 'cgm.theme';

/** Replace one query parameter in the address bar, so a reload or a shared link keeps the choice. */
function setQueryParam(name: string, value: string): void {
  const url = new URL(window.location.href);
  url.searchParams.set(name, value);
  window.history.replaceState(null, '', url);
}

async function readClientConfig(): Promise<ClientConfig> {
  const response = await fetch('/api/client-config', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`The server did not give the tab its configuration (${response.status}).`);
  const parsed = clientConfigSchema.safeParse(await response.json());
  if (!parsed.success) throw new Error('The server’s tab configuration was not understood.');
  return parsed.data;
}

export function useBootstrap(): Boot {
  const params = useMemo(() => new URLSearchParams(window.location.search), []);
  const [found, setFound] = useState<{ host: Host; config: ClientConfig } | Error | undefined>();
  const [devUser, setDevUserState] = useState<string | undefined>(() => params.get('devUser') ?? sessionStorage.getItem(DEV_USER_KEY) ?? undefined);
  const [theme, setThemeState] = useState<ThemeName>(() => toThemeName(params.get('theme') ?? sessionStorage.getItem(THEME_KEY)));

  useEffect(() => {
    let live = true;
    Promise.all([detectHost(), readClientConfig()]).then(
      ([host, config]) => {
        if (!live) return;
        if (host.kind === 'teams') {
          setThemeState(host.theme);
          host.onThemeChange(setThemeState);
        }
        setFound({ host, config });
      },
      (error: unknown) => live && setFound(error instanceof Error ? error : new Error(String(error))),
    );
    return () => {
      live = false;
    };
  }, []);

  const ready = found !== undefined && !(found instanceof Error) ? found : undefined;
  const chosenUser = ready?.config.devSignIn ? (devUser ?? ready.config.demoUsers[0]?.upn) : undefined;
  const api = useMemo(() => {
    if (!ready) return undefined;
    if (ready.host.kind === 'teams') return createApiClient(ready.host.identity);
    return createApiClient(devIdentity(() => chosenUser ?? ''));
  }, [ready, chosenUser]);

  if (found === undefined) return { status: 'starting' };
  if (found instanceof Error) return { status: 'failed', error: found };
  if (found.host.kind === 'browser' && !found.config.devSignIn) return { status: 'open-in-teams', theme };
  return {
    status: 'ready',
    host: found.host,
    config: found.config,
    api: api as ApiClient,
    devUser: chosenUser,
    setDevUser(upn) {
      sessionStorage.setItem(DEV_USER_KEY, upn);
      setQueryParam('devUser', upn);
      setDevUserState(upn);
    },
    theme,
    setTheme(next) {
      sessionStorage.setItem(THEME_KEY, next);
      setQueryParam('theme', next);
      setThemeState(next);
    },
  };
}
