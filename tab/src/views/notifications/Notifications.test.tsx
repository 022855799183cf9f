// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { NoticePreferences, PreferencesUpdate } from '@cgm/core';
import { defaultPreferences } from '@cgm/core';
import { ApiCallError } from '../../api/apiClient';
import type { ApiClient } from '../../api/apiClient';
import type { Host } from '../../host/teamsHost';
import { renderAsAlex } from '../../testSupport/tabFixtures';
import NotificationsView from './Notifications';

afterEach(cleanup);

/** A server that keeps one person's preferences, merges a PUT as the real one does, and records every call. */
function preferencesApi(start: NoticePreferences, refuse?: ApiCallError): ApiClient & { puts: PreferencesUpdate[] } {
  let stored = start;
  const puts: PreferencesUpdate[] = [];
  return {
    puts,
    async json(path, schema, options) {
      if (path !== '/api/me/preferences') throw new Error(`unexpected call ${path}`);
      if (options?.method === 'PUT') {
        const change = options.body as PreferencesUpdate;
        puts.push(change);
        if (refuse && change.timeZone === undefined) throw refuse;
        stored = { ...stored, ...change, notices: { ...stored.notices, ...change.notices } } as NoticePreferences;
      }
      return schema.parse(stored);
    },
    async blob() {
      throw new Error('no files here');
    },
  };
}

const teams = (timeZone: string | undefined): Host => ({
  kind: 'teams',
  theme: 'default',
  timeZone,
  onThemeChange: () => undefined,
  identity: { headers: async () => ({}) },
  consent: async () => undefined,
  openChat: async () => undefined,
});

function renderView(api: ApiClient, options: { approver?: boolean; host?: Host } = {}) {
  return renderAsAlex(<NotificationsView />, api, { ...options, host: options.host ?? teams('Europe/London') });
}

const london = { ...defaultPreferences(), timeZone: 'Europe/London' };

describe('NotificationsView', () => {
  it('shows each kind with its mode, approver kinds only to approvers, and links to Groups I’m in', async () => {
    renderView(preferencesApi(london));
    const stale = await screen.findByRole('radiogroup', { name: 'Stale memberships' });
    expect((within(stale).getByRole('radio', { name: 'Daily summary' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.queryByRole('radiogroup', { name: 'Approvals' })).toBeNull();
    expect(screen.getByRole('link', { name: "Groups I'm in" }).getAttribute('href')).toMatch(/^\/tab\/groups/);
    cleanup();
    renderView(preferencesApi(london), { approver: true });
    expect(await screen.findByRole('radiogroup', { name: 'Approvals' })).toBeTruthy();
  });

  it('saves a choice at once, sending only that kind', async () => {
    const api = preferencesApi(london);
    renderView(api);
    const stale = await screen.findByRole('radiogroup', { name: 'Stale memberships' });
    await userEvent.click(within(stale).getByRole('radio', { name: 'Off' }));
    expect(await screen.findByText('Saved.')).toBeTruthy();
    expect(api.puts).toEqual([{ notices: { staleMembership: 'off' } }]);
    expect((within(stale).getByRole('radio', { name: 'Off' }) as HTMLInputElement).checked).toBe(true);
  });

  it('stores the time zone Teams gives once, quietly, when the stored one differs', async () => {
    const api = preferencesApi(defaultPreferences());
    renderView(api, { host: teams('America/New_York') });
    await waitFor(() => expect(api.puts).toEqual([{ timeZone: 'America/New_York' }]));
    expect(await screen.findByText('Times are in your time zone, America/New_York.')).toBeTruthy();
    expect(screen.queryByText('Saved.')).toBeNull();
  });

  it('shows the server’s reasons when it refuses, and the choice stays as stored', async () => {
    const refusal = new ApiCallError('These preferences are not valid; nothing was changed.', 422, 'rule-violation', [{ code: 'invalid', path: 'quietHours.end', message: 'quietHours.end quiet hours must start and end at different times.' }]);
    renderView(preferencesApi(london, refusal));
    await userEvent.click(await screen.findByRole('switch', { name: 'Quiet hours: hold notices until they end' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('quiet hours must start and end at different times');
    expect((screen.getByRole('switch', { name: 'Quiet hours: hold notices until they end' }) as HTMLInputElement).checked).toBe(false);
  });
});
