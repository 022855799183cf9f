import { emptyBody, normalizeSip } from '@cgm/core';
import type { PersonalProblem, PersonalProblemService } from '../services/personalProblems.js';
import { accepted, personView } from './meRoutes.js';
import type { Router } from './router.js';
import { parseWith } from './router.js';

/** A problem as the tab shows it (contract/problems.ts): worded for the reader, no finding internals. */
export function problemView(problem: PersonalProblem) {
  const { recipient, finding, about, request } = problem;
  return {
    id: problem.id,
    code: finding.finding.code,
    kind: recipient.kind,
    role: recipient.role,
    title: problem.title,
    detail: problem.detail,
    // Someone who left is known by the address the finding names.
    ...(about ? { about: about.user ? personView(about.user) : { sip: normalizeSip(about.sip), displayName: about.sip.replace(/^sip:/, '') } } : {}),
    actions: recipient.actions,
    ...(request ? { request: { id: request.id, status: request.status, needsApproval: request.needsApproval } } : {}),
  };
}

/** The signed-in person's own problems, and what they do about them. */
export function mountProblemRoutes(router: Router, deps: { problems: PersonalProblemService }): void {
  const { problems } = deps;
  router.get('/api/me/problems', async ({ principal }) => ({ status: 200, json: { problems: (await problems.problemsOf(principal)).map(problemView) } }));
  router.post('/api/me/problems/:id/:action', async ({ principal, params, body }) => {
    // No body, or an empty object; null or a list is a mistake, not "nothing".
    if (body !== undefined) parseWith(emptyBody, body, 'body');
    const outcome = await problems.act(principal, params.id ?? '', params.action ?? '');
    if (outcome.kind === 'snoozed') return { status: 200, json: { snoozedUntil: outcome.until.toISOString() } };
    return accepted(outcome.request);
  });
}
