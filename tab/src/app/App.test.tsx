// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { MeResponse } from '@cgm/core';
import { MAX_CALL_GROUP_CHARACTERS, MAX_CALL_GROUP_MEMBERS, MAX_GROUPS_PER_MEMBER, MAX_IN_ORDER_MEMBERS } from '@cgm/core';
import { alexSettings } from '../testSupport/tabFixtures';
import { App } from './App';
import { beginStartup } from './startup';

interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

const CONFIG = {
  authMode: 'dev',
  devSignIn: true,
  approvalPolicy: 'on-add-or-group-forwarding',
  demoUsers: [
    { upn: 'alex.wilber@contoso.com', displayName: 'Alex Wilber', approver: false },
    { upn: 'adele.vance@contoso.com', displayName: 'Adele Vance', approver: false },
    { upn: 'megan.bowen@contoso.com', displayName: 'Megan Bowen', approver: true },
  ],
};

/** The `/api/me` answer for a demo user, typed by the contract so a fixture cannot drift from it. */
function meOf(upn: string): MeResponse {
  const name = upn.split('@')[0]?.split('.').map((part) => part[0]?.toUpperCase() + part.slice(1)).join(' ') ?? upn;
  return {
    me: { id: 'x', upn, sip: `sip:${upn}`, displayName: name, department: 'Sales', eligible: true, ineligibleBecause: [] },
    roles: { approver: upn.startsWith('megan') },
    settings: { ...alexSettings, SipUri: `sip:${upn}`, CallGroupTargets: [] },
    callGroup: { order: 'Simultaneous', members: [], limits: { members: 0, maxMembers: MAX_CALL_GROUP_MEMBERS, maxInOrder: MAX_IN_ORDER_MEMBERS, characters: 0, maxCharacters: MAX_CALL_GROUP_CHARACTERS, maxGroupsPerMember: MAX_GROUPS_PER_MEMBER } },
    memberships: upn.startsWith('adele')
      ? [{ owner: { sip: 'sip:alex.wilber@contoso.com', upn: 'alex.wilber@contoso.com', displayName: 'Alex Wilber', department: 'Sales' }, ownerSip: 'sip:alex.wilber@contoso.com', position: 2, ringOrder: 'Simultaneous', memberCount: 3, notification: 'Ring' }]
      : [],
    notificationOverride: null,
    requests: [],
  };
}

let calls: Call[];
let config: object;
let meFails: number;

beforeEach(() => {
  calls = [];
  config = CONFIG;
  meFails = 0;
  vi.stubGlobal('fetch', async (input: string, init: RequestInit = {}) => {
    const headers = (init.headers ?? {}) as Record<string, string>;
    calls.push({ url: input, method: init.method ?? 'GET', headers, body: init.body ? JSON.parse(String(init.body)) : undefined });
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
    if (input === '/api/client-config') return json(200, config);
    if (input === '/api/me') {
      if (meFails > 0) {
        meFails -= 1;
        return json(500, { error: { code: 'internal', message: 'The database is not answering.', details: [] } });
      }
      return json(200, meOf(headers['x-dev-user'] ?? ''));
    }
    if (input.startsWith('/api/me/memberships/')) return json(202, { request: { id: 'r1', status: 'applied', needsApproval: false } });
    return json(404, { error: { code: 'not-found', message: 'No such route.', details: [] } });
  });
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  sessionStorage.clear();
});

function openAt(path: string) {
  window.history.replaceState(null, '', path);
  render(<App />);
  return userEvent.setup();
}

describe('the tab outside Teams', () => {
  it('says to open it in Teams when the server has no development sign-in', async () => {
    config = { ...CONFIG, authMode: 'entra', devSignIn: false, demoUsers: [] };
    openAt('/tab/call-group');
    expect(await screen.findByRole('heading', { name: 'Open Call Group Manager in Microsoft Teams' })).toBeTruthy();
    expect(calls.map((call) => call.url)).toEqual(['/api/client-config']);
  });

  it('signs in as the ?devUser, says so in the development bar, and shows no approver views to Alex', async () => {
    openAt('/tab/call-group?devUser=alex.wilber@contoso.com');
    expect(await screen.findByText('Development mode: signed in as Alex Wilber (alex.wilber@contoso.com)')).toBeTruthy();
    expect(calls.find((call) => call.url === '/api/me')?.headers['x-dev-user']).toBe('alex.wilber@contoso.com');
    const nav = screen.getByRole('navigation', { name: 'Views' });
    expect(within(nav).getByRole('link', { name: 'My call group' }).getAttribute('aria-current')).toBe('page');
    expect(within(nav).queryByRole('link', { name: 'Approvals' })).toBeNull();
    expect(screen.getByRole('heading', { level: 1, name: 'My call group' })).toBeTruthy();
  });

  it('asks for /api/me before React renders (main.tsx), and the shell uses that answer instead of asking again', async () => {
    window.history.replaceState(null, '', '/tab/call-group?devUser=alex.wilber@contoso.com');
    beginStartup();
    await vi.waitFor(() => expect(calls.map((call) => call.url)).toEqual(['/api/client-config', '/api/me']));
    render(<App />);
    expect(await screen.findByRole('heading', { level: 1, name: 'My call group' })).toBeTruthy();
    expect(calls.filter((call) => call.url === '/api/me')).toHaveLength(1);
    expect(calls.find((call) => call.url === '/api/me')?.headers['x-dev-user']).toBe('alex.wilber@contoso.com');
  });

  it('does not use an early /api/me asked for someone else', async () => {
    window.history.replaceState(null, '', '/tab/call-group?devUser=alex.wilber@contoso.com');
    beginStartup();
    await vi.waitFor(() => expect(calls.map((call) => call.url)).toContain('/api/me'));
    // Before React starts, the address changes to Adele: the early answer is Alex's and must not be shown as hers.
    window.history.replaceState(null, '', '/tab/call-group?devUser=adele.vance@contoso.com');
    render(<App />);
    expect(await screen.findByText('Development mode: signed in as Adele Vance (adele.vance@contoso.com)')).toBeTruthy();
    expect(calls.filter((call) => call.url === '/api/me').map((call) => call.headers['x-dev-user'])).toEqual(['alex.wilber@contoso.com', 'adele.vance@contoso.com']);
  });

  it('switches user from the development bar and reads /api/me again as them', async () => {
    const user = openAt('/tab/call-group?devUser=alex.wilber@contoso.com');
    await screen.findByText(/signed in as Alex Wilber/);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Signed in as' }), 'megan.bowen@contoso.com');
    expect(await screen.findByText('Development mode: signed in as Megan Bowen (megan.bowen@contoso.com)')).toBeTruthy();
    expect(window.location.search).toContain('devUser=megan.bowen%40contoso.com');
    expect(within(screen.getByRole('navigation', { name: 'Views' })).getByRole('link', { name: 'Approvals' }).getAttribute('href')).toMatch(/^\/tab\/approvals\?/);
  });

  it('opens a deep link, and lets Adele choose Banner for Alex’s group', async () => {
    const user = openAt('/tab/groups?devUser=adele.vance@contoso.com&theme=dark');
    expect(await screen.findByRole('heading', { level: 1, name: "Groups I'm in" })).toBeTruthy();
    expect(document.querySelector('[data-theme]')?.getAttribute('data-theme')).toBe('dark');
    const group = screen.getByRole('radiogroup', { name: 'How Alex Wilber’s calls alert you' });
    expect(within(group).getByRole('radio', { name: 'Ring' })).toHaveProperty('checked', true);
    await user.click(within(group).getByRole('radio', { name: 'Banner' }));
    const put = calls.find((call) => call.method === 'PUT');
    expect(put).toMatchObject({ url: '/api/me/memberships/alex.wilber%40contoso.com', body: { notification: 'Banner' } });
    expect(await screen.findByText('Applied in Teams')).toBeTruthy();
  });

  it('lets Adele ask to be removed from Alex’s group, as a request to the approvers', async () => {
    const user = openAt('/tab/groups?devUser=adele.vance@contoso.com');
    await screen.findByRole('heading', { level: 1, name: "Groups I'm in" });
    await user.click(screen.getByRole('button', { name: 'Ask to be removed' }));
    const post = calls.find((call) => call.method === 'POST' && call.url.endsWith('/leave'));
    expect(post).toMatchObject({ url: '/api/me/memberships/alex.wilber%40contoso.com/leave', body: {} });
    expect(screen.getByRole('link', { name: 'Message Alex Wilber' })).toBeTruthy();
  });

  it('shows an error with a way to try again when /api/me fails, then recovers', async () => {
    meFails = 1;
    const user = openAt('/tab/requests?devUser=alex.wilber@contoso.com');
    expect(await screen.findByText('The database is not answering.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'My requests' })).toBeTruthy();
    expect(screen.getByText('You have not asked for any change yet.')).toBeTruthy();
  });

  it('says when the browser is offline', async () => {
    openAt('/tab/call-group?devUser=alex.wilber@contoso.com');
    await screen.findByText(/signed in as Alex Wilber/);
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    window.dispatchEvent(new Event('offline'));
    expect(await screen.findByText('You are offline')).toBeTruthy();
  });
});
