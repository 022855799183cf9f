import type { DriftRecord } from './records.js';
import type { StoredFinding } from './records.js';
import type { Clock } from './clock.js';
import { requestFindingFix } from './healthService.js';
import type { Principal } from './principal.js';
import type { RequestSubmission, StoredRequest } from './requestService.js';
import type { DriftResolutionRepositories, HealthRepositories, StorageBundle } from './storage.js';
import { resolveDrift } from './syncService.js';

/** An approver's answers to tenant health: the Fix of a finding and the accept or revert of a change made in Teams. */
export interface FindingActionService {
  /** A clean-up request for one open finding (by key, or as just listed); the approver's click is the approval. */
  requestFix(principal: Principal, finding: string | StoredFinding): Promise<{ readonly request: StoredRequest; readonly summary: string }>;
  /** Accept a change made directly in Teams, or queue a request reverting it: one transaction. */
  resolveDrift(principal: Principal, id: string, resolution: 'accepted' | 'reverted'): Promise<{ readonly drift: DriftRecord; readonly request?: StoredRequest }>;
}

/** The same use cases behind a card's buttons and the API's routes. */
export function createFindingActions(deps: { readonly stores: StorageBundle<HealthRepositories & DriftResolutionRepositories>; readonly clock: Clock; readonly requests: RequestSubmission }): FindingActionService {
  return {
    requestFix: (principal, finding) => requestFindingFix(deps, principal, finding),
    resolveDrift: (principal, id, resolution) => resolveDrift(deps, principal, id, resolution),
  };
}
