// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { UnreachedPeople as UnreachedAnswer, UnreachedPerson } from '@cgm/core';
import { ApiCallError } from '../../api/apiClient';
import type { ApiClient } from '../../api/apiClient';
import { renderAsAlex } from '../../testSupport/tabFixtures';
import { UnreachedPeople } from './UnreachedPeople';

afterEach(cleanup);

const LIDIA: UnreachedPerson = { sip: 'sip:lidia.holloway@contoso.com', displayName: 'Lidia Holloway', findings: 2, kinds: ['memberUnreachable', 'groupSwitchedOff'] };
const ISAIAH: UnreachedPerson = { sip: 'sip:isaiah.langer@contoso.com', displayName: 'Isaiah Langer', findings: 1, kinds: ['staleMembership'] };

/** An API that answers /api/health/unreached from `answers` in turn (an Error is thrown). */
function reachApi(answers: (UnreachedAnswer | Error)[]): ApiClient & { calls: number } {
  const api: ApiClient & { calls: number } = {
    calls: 0,
    async json(path, schema) {
      if (path !== '/api/health/unreached') throw new Error(`unexpected call ${path}`);
      api.calls += 1;
      const answer = answers.shift();
      if (!answer || answer instanceof Error) throw answer ?? new Error('no answer left');
      return schema.parse(answer);
    },
    async blob() {
      throw new Error('no files here');
    },
  };
  return api;
}

function renderPanel(api: ApiClient) {
  return renderAsAlex(<UnreachedPeople />, api, { approver: true });
}

describe('UnreachedPeople', () => {
  it('names each person the bot could not tell, with what concerns them, and how an admin reaches them', async () => {
    renderPanel(reachApi([{ people: [LIDIA, ISAIAH], total: 2, proactiveInstall: 'off' }]));
    const list = await screen.findByRole('list', { name: 'Not reached by the bot' });
    const items = within(list).getAllByRole('listitem');
    expect(items.map((item) => item.textContent)).toEqual([
      'Lidia Holloway has not installed the app: no notice sent2 open findings · Unreachable members, Call group not working',
      'Isaiah Langer has not installed the app: no notice sent1 open finding · Stale memberships',
    ]);
    expect(screen.getByText(/Pre-install it for everyone with an app setup policy/)).toBeTruthy();
  });

  it('says the server is installing the app when proactive install is on, and how many are not listed', async () => {
    renderPanel(reachApi([{ people: [LIDIA], total: 201, proactiveInstall: 'graph' }]));
    expect(await screen.findByText(/Proactive install is on/)).toBeTruthy();
    expect(screen.getByText('and 200 more')).toBeTruthy();
  });

  it('warns when Graph refused the permission on the last install run, naming what to grant', async () => {
    renderPanel(reachApi([{ people: [LIDIA], total: 1, proactiveInstall: 'graph', lastInstallRun: { at: '2026-12-03T08:00:00.000Z', asked: 1, installed: 0, alreadyInstalled: 0, forbidden: true } }]));
    expect(await screen.findByText(/Microsoft Graph refused the last install \(403\): grant the server TeamsAppInstallation\.ReadWriteForUser\.All/)).toBeTruthy();
  });

  it('says what the last install run did when Graph accepted it', async () => {
    renderPanel(reachApi([{ people: [LIDIA], total: 1, proactiveInstall: 'graph', lastInstallRun: { at: '2026-12-03T08:00:00.000Z', asked: 3, installed: 2, alreadyInstalled: 1, forbidden: false } }]));
    expect(await screen.findByText('Last install run: 3 asked, 2 installed, 1 already had the app.')).toBeTruthy();
    expect(screen.queryByText(/refused/)).toBeNull();
  });

  it('shows nothing when everyone concerned can be reached', async () => {
    const api = reachApi([{ people: [], total: 0, proactiveInstall: 'off' }]);
    const { container } = renderPanel(api);
    await waitFor(() => expect(api.calls).toBe(1));
    await act(async () => undefined);
    expect(container.textContent).toBe('');
    expect(screen.queryByRole('heading', { name: 'Not reached by the bot' })).toBeNull();
  });

  it("shows the server's error with Try again, and the list once a retry succeeds", async () => {
    const api = reachApi([new ApiCallError('The database is not answering.', 503, 'not-ready'), { people: [ISAIAH], total: 1, proactiveInstall: 'off' }]);
    renderPanel(api);
    expect(await screen.findByText('Could not list who the bot cannot reach: The database is not answering.')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('Isaiah Langer has not installed the app: no notice sent')).toBeTruthy();
    expect(api.calls).toBe(2);
  });
});
