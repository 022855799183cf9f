import { useEffect, useMemo, useState } from 'react';
import type { ApiClient } from '../api/apiClient';
import type { ClientConfig } from '@cgm/core';
import type { Host, ThemeName } from '../host/teamsHost';
import { toThemeName } from '../host/teamsHost';
import type { EarlyMe, Started } from './startup';
import { DEV_USER_KEY, apiFor, chosenDevUser, requestedDevUser, takeStartup } from './startup';

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
      /** /api/me as asked for while React was loading, for the shell to use once. */
      readonly earlyMe: EarlyMe | undefined;
      /** Development sign-in only: who is signed in, and how to switch. */
      readonly devUser: string | undefined;
      setDevUser(upn: string): void;
      readonly theme: ThemeName;
      setTheme(theme: ThemeName): void;
    };

const THEME_KEY = 'cgm.theme';

/** Replace one query parameter in the address bar, so a reload or a shared link keeps the choice. */
function setQueryParam(name: string, value: string): void {
  const url = new URL(window.location.href);
  url.searchParams.set(name, value);
  window.history.replaceState(null, '', url);
}

export function useBootstrap(): Boot {
  const params = useMemo(() => new URLSearchParams(window.location.search), []);
  const [found, setFound] = useState<Started | Error | undefined>();
  const [devUser, setDevUserState] = useState<string | undefined>(() => requestedDevUser());
  const [theme, setThemeState] = useState<ThemeName>(() => toThemeName(params.get('theme') ?? sessionStorage.getItem(THEME_KEY)));

  useEffect(() => {
    let live = true;
    takeStartup().then(
      (started) => {
        if (!live) return;
        if (started.host.kind === 'teams') {
          setThemeState(started.host.theme);
          started.host.onThemeChange(setThemeState);
        }
        setFound(started);
      },
      (error: unknown) => live && setFound(error instanceof Error ? error : new Error(String(error))),
    );
    return () => {
      live = false;
    };
  }, []);

  const ready = found !== undefined && !(found instanceof Error) ? found : undefined;
  const chosenUser = ready ? chosenDevUser(ready.config, devUser) : undefined;
  const api = useMemo(() => (ready ? apiFor(ready.host, () => chosenUser ?? '') : undefined), [ready, chosenUser]);

  if (found === undefined) return { status: 'starting' };
  if (found instanceof Error) return { status: 'failed', error: found };
  if (found.host.kind === 'browser' && !found.config.devSignIn) return { status: 'open-in-teams', theme };
  return {
    status: 'ready',
    host: found.host,
    config: found.config,
    api: api as ApiClient,
    earlyMe: found.earlyMe,
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
