import { preferencesUpdateBody, zodProblems } from '@cgm/core';
import type { PreferencesUpdate } from '@cgm/core';
import type { PreferenceService } from '../services/preferenceService.js';
import { ApiError } from './apiError.js';
import type { Router } from './router.js';

/**
 * The body of `PUT /api/me/preferences`. A body the contract refuses (an unknown kind or mode,
 * an hour past 23, a zone nobody knows) is answered 422 as the API promises, each problem
 * naming its field, and nothing is stored: the whole body is checked before anything is.
 */
function preferencesUpdate(body: unknown): PreferencesUpdate {
  const parsed = preferencesUpdateBody.safeParse(body, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw new ApiError('rule-violation', 'These preferences are not valid; nothing was changed.', zodProblems(parsed.error));
}

/** The signed-in person's notification preferences: read them all, or change some. */
export function mountPreferenceRoutes(router: Router, deps: { preferences: PreferenceService }): void {
  const { preferences } = deps;
  router.get('/api/me/preferences', async ({ principal }) => ({ status: 200, json: await preferences.get(principal) }));
  router.put('/api/me/preferences', async ({ principal, body }) => ({ status: 200, json: await preferences.update(principal, preferencesUpdate(body)) }));
}
