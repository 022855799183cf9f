// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CoverView } from '@cgm/core';
import type { ApiClient, RequestOptions } from '../../api/apiClient';
import { ApiCallError } from '../../api/apiClient';
import type { Host } from '../../host/teamsHost';
import { ADELE, ALEX, renderAsAlex } from '../../testSupport/tabFixtures';
import CoversView from './Covers';

afterEach(cleanup);
// Fluent renders slowly in jsdom on a shared machine: wait up to 5 s for what appears.
configure({ asyncUtilTimeout: 5_000 });

const cover = (id: string, status: CoverView['status'], extra: Partial<CoverView> = {}): CoverView => ({
  id, status, owner: ALEX.sip, startsAt: '2027-01-01T08:00:00.000Z', endsAt: '2027-01-03T17:00:00.000Z', callGroup: { add: [ADELE.sip] },
  covering: [ADELE.sip], names: { [ADELE.sip]: 'Adele Vance' }, needsApproval: true, approvalRequestId: null, extension: null,
  startedAt: null, endedAt: null, startLateMs: null, endLateMs: null, heldReason: null, failure: null, notes: [], createdAt: '2026-12-30T08:00:00.000Z', ...extra,
});

/** A server with Alex's covers that records every call, and refuses a new cover with `refusal` when given. */
function coversApi(covers: CoverView[], refusal?: ApiCallError): ApiClient & { sent: { path: string; options: RequestOptions | undefined }[] } {
  const sent: { path: string; options: RequestOptions | undefined }[] = [];
  return {
    sent,
    async json(path, schema, options) {
      const url = new URL(path, 'http://tab.test');
      if (url.pathname === '/api/directory') return schema.parse({ results: [ADELE] });
      if (options?.method) sent.push({ path, options });
      if (options?.method === 'POST' && refusal) throw refusal;
      if (options?.method) return schema.parse({ cover: { id: 'c-1', status: 'pending', needsApproval: true } });
      return schema.parse({ covers, awaiting: [] });
    },
    async blob() {
      throw new Error('no files here');
    },
  };
}

const paris: Host = { kind: 'teams', theme: 'default', timeZone: 'Europe/Paris', onThemeChange: () => undefined, identity: { headers: async () => ({}) }, consent: async () => undefined, openChat: async () => undefined };

function renderView(api: ApiClient) {
  return renderAsAlex(<CoversView />, api, { host: paris });
}

describe('CoversView', () => {
  it('lists my covers by where they stand, with only the actions each allows', async () => {
    renderView(coversApi([cover('active-1', 'active'), cover('upcoming-1', 'scheduled'), cover('ended-1', 'ended', { notes: [{ code: 'taken-back', path: 'callGroup.add[0]', message: 'Adele Vance leaves the call group.' }] })]));
    const active = await screen.findByRole('region', { name: 'Active' });
    expect(within(active).getAllByRole('button').map((button) => button.textContent)).toEqual(['End now', 'Extend by a week']);
    expect(within(screen.getByRole('region', { name: 'Upcoming' })).getAllByRole('button').map((button) => button.textContent)).toEqual(['Cancel']);
    const ended = screen.getByRole('region', { name: 'Ended' });
    expect(within(ended).queryAllByRole('button')).toEqual([]);
    expect(within(ended).getByText('Adele Vance leaves the call group.')).toBeTruthy();
    // 17:00 UTC is 18:00 in Paris, the zone Teams gives.
    expect(within(active).getByText(/6:00\s?PM|18:00/)).toBeTruthy();
    expect(screen.getByText('In your time zone, Europe/Paris')).toBeTruthy();
  });

  it('End now sends DELETE, Extend a PATCH a week later, Cancel a DELETE of the upcoming one', async () => {
    const api = coversApi([cover('active-1', 'active'), cover('upcoming-1', 'scheduled')]);
    renderView(api);
    const active = await screen.findByRole('region', { name: 'Active' });
    await userEvent.click(within(active).getByRole('button', { name: 'Extend by a week' }));
    await userEvent.click(await within(await screen.findByRole('region', { name: 'Active' })).findByRole('button', { name: 'End now' }));
    await userEvent.click(await within(await screen.findByRole('region', { name: 'Upcoming' })).findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(api.sent).toHaveLength(3));
    expect(api.sent.map(({ path, options }) => [options?.method, path, options?.body])).toEqual([
      ['PATCH', '/api/me/covers/active-1', { endsAt: '2027-01-10T17:00:00.000Z' }],
      ['DELETE', '/api/me/covers/active-1', undefined],
      ['DELETE', '/api/me/covers/upcoming-1', undefined],
    ]);
  });

  it('an extension waiting for an approver cannot be asked for again', async () => {
    renderView(coversApi([cover('active-1', 'active', { extension: { requestId: 'r-1', endsAt: '2027-01-10T17:00:00.000Z' } })]));
    const active = await screen.findByRole('region', { name: 'Active' });
    expect((within(active).getByRole('button', { name: 'Extend by a week' }) as HTMLButtonElement).disabled).toBe(true);
    expect(within(active).getByText(/Extension to .* waits for approval\./)).toBeTruthy();
  });

  it('asks for who covers before sending anything', async () => {
    const api = coversApi([]);
    renderView(api);
    await userEvent.click(await screen.findByRole('button', { name: 'Make this cover' }));
    expect(await screen.findByText('Choose who covers.')).toBeTruthy();
    expect(api.sent).toEqual([]);
  });

  it('shows each problem of a 422 under its own field, and one no field owns above the form', async () => {
    const refusal = new ApiCallError('This cover cannot be made.', 422, 'rule-violation', [
      { code: 'ends-before-start', path: 'endsAt', message: 'The cover ends before it starts; choose an end after the start.' },
      { code: 'covering-person-not-eligible', path: 'delegate.target', message: 'Adele Vance has no Teams Phone license.' },
      { code: 'something', path: '', message: 'Something about the whole cover.' },
    ]);
    const api = coversApi([], refusal);
    renderView(api);
    await userEvent.type(await screen.findByRole('combobox', { name: 'Who covers' }), 'Ad');
    await userEvent.click(await screen.findByRole('option', { name: /Adele Vance/ }));
    await userEvent.click(screen.getByRole('radio', { name: 'Become my delegate' }));
    await userEvent.click(screen.getByRole('switch', { name: 'Start now' }));
    await userEvent.click(screen.getByRole('button', { name: 'Make this cover' }));
    const ends = screen.getByLabelText('Ends');
    await waitFor(() => expect(ends.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = (ends.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
    expect(describedBy).toContain('The cover ends before it starts');
    expect(screen.getByLabelText('Starts').getAttribute('aria-invalid')).not.toBe('true');
    expect(screen.getByText('Adele Vance has no Teams Phone license.')).toBeTruthy();
    expect(screen.getAllByRole('alert').map((alert) => alert.textContent).join(' ')).toContain('Something about the whole cover.');
    const body = api.sent[0]?.options?.body as Record<string, unknown>;
    expect(body.delegate).toMatchObject({ target: ADELE.sip, permissions: { ReceiveCalls: true, ManageSettings: false } });
    expect(String(body.startsAt)).toMatch(/\+0[12]:00$/);
  });
});
