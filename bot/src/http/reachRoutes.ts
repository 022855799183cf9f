import type { ReachService } from '../services/reachService.js';
import { requireApprover } from './approvalRoutes.js';
import type { Router } from './router.js';

/** Tenant health's "who cannot be told": people open findings concern who have not installed the app, for approvers. */
export function mountReachRoutes(router: Router, deps: { reach: ReachService }): void {
  router.get('/api/health/unreached', async ({ principal }) => {
    requireApprover(principal);
    return { status: 200, json: await deps.reach.unreached() };
  });
}
