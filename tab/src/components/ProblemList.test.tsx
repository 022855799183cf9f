// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { PersonalProblem } from '@cgm/core';
import { ApiCallError } from '../api/apiClient';
import type { ApiClient } from '../api/apiClient';
import { SessionContext } from '../app/session';
import type { Session } from '../app/session';
import { ALEX, alexSettings, renderInFluent } from '../testSupport/tabFixtures';
import { ProblemList } from './ProblemList';
import { problemsOfGroupsImIn, problemsOfMyGroup } from './useProblems';

afterEach(cleanup);

const QUENTIN_DISABLED: PersonalProblem = {
  id: 'cg08-0123456789abcdef0123456789abcdef',
  code: 'CG08',
  kind: 'memberUnreachable',
  role: 'owner',
  title: 'Quentin Moreau’s account is disabled',
  detail: 'Quentin Moreau is in Alex Wilber’s call group, but their account is disabled.',
  about: { sip: 'sip:quentin.moreau@contoso.com', displayName: 'Quentin Moreau' },
  actions: ['remove', 'keep'],
};
const STALE_ENTRY: PersonalProblem = { ...QUENTIN_DISABLED, id: 'cg12-0123456789abcdef0123456789abcdef', code: 'CG12', kind: 'staleMembership', role: 'member', title: 'Your settings still name Nestor Wilke’s call group', actions: ['clear', 'keep'] };

/** An API holding `problems`; `refuse` makes a POST fail with that error. Records every call. */
function problemApi(problems: PersonalProblem[], refuse?: ApiCallError): ApiClient & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async json(path, schema, options) {
      calls.push(`${options?.method ?? 'GET'} ${path}`);
      if (path === '/api/me/problems') return schema.parse({ problems });
      if (refuse) throw refuse;
      const [, , , , id, action] = path.split('/');
      const index = problems.findIndex((problem) => problem.id === decodeURIComponent(id ?? ''));
      if (action === 'keep') {
        problems.splice(index, 1);
        return schema.parse({ snoozedUntil: '2026-12-10T09:00:00Z' });
      }
      const problem = problems[index];
      if (problem) problems[index] = { ...problem, request: { id: 'r1', status: 'pending', needsApproval: true } };
      return schema.parse({ request: { id: 'r1', status: 'pending', needsApproval: true } });
    },
    async blob() {
      throw new Error('no files here');
    },
  };
}

function sessionWith(api: ApiClient): Session {
  return {
    api,
    me: {
      me: ALEX, roles: { approver: false }, settings: alexSettings, memberships: [], notificationOverride: null, requests: [],
      callGroup: { order: 'Simultaneous', members: [], limits: { members: 0, maxMembers: 25, maxInOrder: 5, characters: 0, maxCharacters: 800, maxGroupsPerMember: 25 } },
    },
    reloadMe: () => undefined,
    approvalPolicy: 'always',
    host: { kind: 'browser' },
    online: true,
  };
}

function renderList(api: ApiClient, show = problemsOfMyGroup) {
  return renderInFluent(
    <SessionContext.Provider value={sessionWith(api)}>
      <ProblemList show={show} label="Problems with my call group" />
    </SessionContext.Provider>,
  );
}

describe('ProblemList', () => {
  it('shows only this view’s problems, and Remove names the member', async () => {
    renderList(problemApi([QUENTIN_DISABLED, STALE_ENTRY]));
    const list = await screen.findByRole('list', { name: 'Problems with my call group' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(within(list).getAllByRole('button').map((button) => button.textContent)).toEqual(['Remove Quentin Moreau', 'Keep for now']);
  });

  it('sends Remove to the problem’s own route and shows the request waiting, without its buttons', async () => {
    const api = problemApi([QUENTIN_DISABLED]);
    renderList(api);
    await userEvent.click(await screen.findByRole('button', { name: 'Remove Quentin Moreau' }));
    await screen.findByText('Request sent: Waiting for approval.');
    expect(api.calls).toContain(`POST /api/me/problems/${QUENTIN_DISABLED.id}/remove`);
    expect(screen.queryByRole('button', { name: 'Remove Quentin Moreau' })).toBeNull();
  });

  it('says why the server refused, and keeps the buttons to try again', async () => {
    const refusal = new ApiCallError('“remove” is not something you can do about this problem.', 422, 'rule-violation', [{ code: 'action-not-allowed', path: 'action', message: 'The action must be one of: keep.' }]);
    renderList(problemApi([QUENTIN_DISABLED], refusal));
    await userEvent.click(await screen.findByRole('button', { name: 'Remove Quentin Moreau' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('The action must be one of: keep.');
    expect(screen.getByRole('button', { name: 'Remove Quentin Moreau' })).toBeTruthy();
  });

  it('hides a problem kept for now and says until when', async () => {
    renderList(problemApi([STALE_ENTRY]), problemsOfGroupsImIn);
    await userEvent.click(await screen.findByRole('button', { name: 'Keep for now' }));
    const note = await screen.findByText(/^Kept for now: “Your settings still name Nestor Wilke’s call group” is hidden until/);
    expect(note).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Clear this' })).toBeNull();
  });

  it('shows nothing at all when this view has no problem', async () => {
    const api = problemApi([STALE_ENTRY]);
    renderInFluent(
      <SessionContext.Provider value={sessionWith(api)}>
        <ProblemList show={problemsOfMyGroup} label="Problems with my call group" />
        <ProblemList show={problemsOfGroupsImIn} label="Problems with groups I am in" />
      </SessionContext.Provider>,
    );
    // The second list appearing shows the problems were read: the first has nothing to show.
    await screen.findByRole('list', { name: 'Problems with groups I am in' });
    expect(screen.queryByRole('list', { name: 'Problems with my call group' })).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
