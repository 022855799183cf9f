import { useCallback, useState } from 'react';
import type { PersonalProblem, Problem, RequestStatus } from '@cgm/core';
import { acceptedSchema, problemsSchema, snoozedSchema } from '@cgm/core';
import { ApiCallError } from '../api/apiClient';
import { useSession } from '../app/session';
import { useAsync } from './useAsync';

export type ProblemAction = PersonalProblem['actions'][number];

/** What became of the last action on one problem, until the list is read again. */
export type ProblemOutcome =
  | { readonly phase: 'sending' }
  | { readonly phase: 'requested'; readonly status: RequestStatus; readonly needsApproval: boolean }
  | { readonly phase: 'kept'; readonly until: string; readonly title: string }
  | { readonly phase: 'failed'; readonly message: string; readonly problems: readonly Problem[] };

/**
 * My own problems (GET /api/me/problems), the ones `show` picks for this view, and acting on
 * one: Remove, Fix, Clear and Leave send a change request; Keep for now hides it for a while.
 * The list is read again after every action, so it shows what the server holds.
 */
export function useProblems(show: (problem: PersonalProblem) => boolean) {
  const { api, reloadMe, online } = useSession();
  const { state, reload } = useAsync((signal) => api.json('/api/me/problems', problemsSchema, { signal }), 'problems');
  const [outcomes, setOutcomes] = useState<ReadonlyMap<string, ProblemOutcome>>(new Map());
  const settle = useCallback((id: string, outcome: ProblemOutcome) => setOutcomes((previous) => new Map(previous).set(id, outcome)), []);

  const act = useCallback(
    async (problem: PersonalProblem, action: ProblemAction) => {
      settle(problem.id, { phase: 'sending' });
      const path = `/api/me/problems/${encodeURIComponent(problem.id)}/${action}`;
      try {
        if (action === 'keep') {
          const { snoozedUntil } = await api.json(path, snoozedSchema, { method: 'POST', body: {} });
          settle(problem.id, { phase: 'kept', until: snoozedUntil, title: problem.title });
        } else {
          const { request } = await api.json(path, acceptedSchema, { method: 'POST', body: {} });
          settle(problem.id, { phase: 'requested', status: request.status, needsApproval: request.needsApproval ?? false });
          // My requests and settings change with it (My requests, the pending note of My call group).
          reloadMe();
        }
      } catch (error) {
        settle(problem.id, { phase: 'failed', message: error instanceof Error ? error.message : String(error), problems: error instanceof ApiCallError ? error.problems : [] });
      }
      reload();
    },
    [api, reload, reloadMe, settle],
  );

  const all = state.data?.problems ?? [];
  const problems = all.filter(show);
  // A kept problem leaves the list; its note stays until the view is left.
  const kept = [...outcomes].flatMap(([id, outcome]) => (outcome.phase === 'kept' && !all.some((problem) => problem.id === id) ? [{ id, ...outcome }] : []));
  return { state, problems, kept, outcomes, act, reload, online };
}

/** Which view shows a problem: my group's in My call group, groups I am in there, delegation in Call answering. */
export const problemsOfMyGroup = (problem: PersonalProblem) => problem.role === 'owner';
export const problemsOfGroupsImIn = (problem: PersonalProblem) => problem.role === 'member';
export const problemsOfDelegation = (problem: PersonalProblem) => problem.role === 'delegator' || problem.role === 'delegate';
