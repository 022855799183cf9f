import type { Identity } from '../api/apiClient';
import { AUTH_START_PATH } from './consentPages';

/**
 * Where the tab runs and how it signs in. Inside Teams: the theme from the Teams context
 * and its change handler, and an SSO token from `authentication.getAuthToken` on every API
 * call. teams-js is loaded on demand, so a page outside Teams never pays for it.
 */

export type ThemeName = 'default' | 'dark' | 'contrast';
export const THEME_NAMES: readonly ThemeName[] = ['default', 'dark', 'contrast'];

export interface TeamsHost {
  readonly kind: 'teams';
  readonly theme: ThemeName;
  /** The person's IANA time zone from their OS locale, when Teams reports it (app.Context.app.osLocaleInfo.timezone). */
  readonly timeZone?: string | undefined;
  onThemeChange(listener: (theme: ThemeName) => void): void;
  readonly identity: Identity;
  /** Ask for consent in a Teams pop-up; resolves when the user has allowed the app. */
  consent(): Promise<void>;
  /** Open a chat with someone (the "ask to be removed" message). */
  openChat(upn: string, message: string): Promise<void>;
}

export interface BrowserHost {
  readonly kind: 'browser';
}

export type Host = TeamsHost | BrowserHost;

/** How long a framed page waits for Teams before deciding it is not in Teams (teams-js itself waits 60 s). */
export const TEAMS_INIT_TIMEOUT_MS = 1500;

export function toThemeName(value: string | undefined | null): ThemeName {
  return value === 'dark' || value === 'contrast' ? value : 'default';
}

/** The token is refused without consent: Teams says so with one of these errors. */
export function needsConsent(error: unknown): boolean {
  const text = error instanceof Error ? error.message : String(error);
  return /consent|interaction_required|invalid_grant|resourceDisabled/i.test(text);
}

export class ConsentRequiredError extends Error {
  constructor(cause: unknown) {
    super(`Consent is needed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ConsentRequiredError';
  }
}

/**
 * Decide quickly whether this page is a Teams tab: a top-level window never is; a framed one
 * is when `app.initialize()` answers before the timeout.
 */
export async function detectHost(win: Window = window, timeoutMs = TEAMS_INIT_TIMEOUT_MS): Promise<Host> {
  if (win.parent === win) return { kind: 'browser' };
  const { app, authentication, chat } = await import('@microsoft/teams-js');
  const timedOut = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), timeoutMs));
  const outcome = await Promise.race([app.initialize().then(() => 'ready' as const, () => 'failed' as const), timedOut]);
  if (outcome !== 'ready') return { kind: 'browser' };
  const context = await app.getContext();
  app.notifySuccess();
  const listeners = new Set<(theme: ThemeName) => void>();
  app.registerOnThemeChangeHandler((theme) => listeners.forEach((listener) => listener(toThemeName(theme))));
  return {
    kind: 'teams',
    theme: toThemeName(context.app.theme),
    timeZone: context.app.osLocaleInfo?.timezone,
    onThemeChange: (listener) => void listeners.add(listener),
    identity: {
      async headers() {
        try {
          return { authorization: `Bearer ${await authentication.getAuthToken()}` };
        } catch (error) {
          if (needsConsent(error)) throw new ConsentRequiredError(error);
          throw error;
        }
      },
    },
    async consent() {
      await authentication.authenticate({ url: `${win.location.origin}${AUTH_START_PATH}`, width: 600, height: 535 });
    },
    async openChat(upn, message) {
      await chat.openChat({ user: upn, message });
    },
  };
}

/** Development sign-in: the server trusts `X-Dev-User` on loopback outside production. */
export function devIdentity(upn: () => string): Identity {
  return { headers: async () => ({ 'x-dev-user': upn() }) };
}
