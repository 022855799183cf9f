import { useCallback, useEffect, useRef, useState } from 'react';
import type { NoticePreferences, PreferencesUpdate, Problem } from '@cgm/core';
import { preferencesSchema } from '@cgm/core';
import { ApiCallError } from '../../api/apiClient';
import type { Host } from '../../host/teamsHost';
import { useSession } from '../../app/session';
import { useAsync } from '../../components/useAsync';

export type SaveState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'saving' }
  | { readonly phase: 'saved' }
  | { readonly phase: 'failed'; readonly message: string; readonly problems: readonly Problem[] };

/** What the view shows while a change is being saved: the stored set with the change over it. */
function withChange(preferences: NoticePreferences, change: PreferencesUpdate | undefined): NoticePreferences {
  if (!change) return preferences;
  const { notices, ...rest } = change;
  return { ...preferences, ...rest, notices: { ...preferences.notices, ...notices } };
}

/** The browser's own zone: outside Teams, or when Teams does not say. */
function browserTimeZone(): string | undefined {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
}

/** The person's time zone: Teams' (from the OS locale it reports), else the browser's. */
export function hostTimeZone(host: Host): string | undefined {
  return (host.kind === 'teams' ? host.timeZone : undefined) ?? browserTimeZone();
}

/**
 * My notification preferences: their load, each change saved at once (PUT with only what
 * changed, so a second device's other choices are kept), and the time zone Teams gives the
 * tab, stored with them so quiet hours and the daily hour mean the person's local time.
 */
export function useNotificationsView() {
  const { api, me, host, online } = useSession();
  const { state, reload } = useAsync((signal) => api.json('/api/me/preferences', preferencesSchema, { signal }), `preferences:${me.me.upn}`);
  // The server's answer to the last save: the whole set as stored, newer than the load.
  const [saved, setSaved] = useState<NoticePreferences | undefined>();
  const [save, setSave] = useState<SaveState>({ phase: 'idle' });
  // Shown at once, so a click takes effect on screen; dropped when the server answers (kept) or refuses (undone).
  const [pending, setPending] = useState<PreferencesUpdate | undefined>();
  const stored = saved ?? state.data;
  const zone = hostTimeZone(host);

  const update = useCallback(
    async (change: PreferencesUpdate): Promise<boolean> => {
      setSave({ phase: 'saving' });
      setPending(change);
      try {
        setSaved(await api.json('/api/me/preferences', preferencesSchema, { method: 'PUT', body: change }));
        setSave({ phase: 'saved' });
        return true;
      } catch (error) {
        setSave({ phase: 'failed', message: error instanceof Error ? error.message : String(error), problems: error instanceof ApiCallError ? error.problems : [] });
        return false;
      } finally {
        setPending(undefined);
      }
    },
    [api],
  );

  // Once per view: when the stored zone is not the one Teams gives, store Teams' (a move, a new laptop).
  const zoneSent = useRef(false);
  const storedZone = stored?.timeZone;
  const loaded = stored !== undefined;
  useEffect(() => {
    if (!loaded || !zone || storedZone === zone || zoneSent.current || !online) return;
    zoneSent.current = true;
    // Quietly: the person did not ask for this save, so it shows no "Saved"; a zone the server does not
    // know stays unsaved and the view keeps reading times in the stored zone (or UTC), which it names.
    api.json('/api/me/preferences', preferencesSchema, { method: 'PUT', body: { timeZone: zone } }).then(setSaved, () => undefined);
  }, [loaded, storedZone, zone, online, api]);

  const preferences = stored && withChange(stored, pending);
  return { state, reload, preferences, save, update, zone, approver: me.roles.approver, busy: !online || save.phase === 'saving' };
}
