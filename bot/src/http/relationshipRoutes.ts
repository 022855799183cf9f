import { clusterQuery, neighbourhoodQuery } from '@cgm/core';
import type { RelationshipService } from '../services/relationshipService.js';
import { requireApprover } from './approvalRoutes.js';
import type { Router } from './router.js';


/** `GET /api/relationships?person=&depth=` and `GET /api/relationships/clusters?limit=`, approvers only. */
export function mountRelationshipRoutes(router: Router, deps: { relationships: RelationshipService }): void {
  router.get(
    '/api/relationships',
    async ({ principal, query: { person, depth } }) => {
      requireApprover(principal);
      return { status: 200, json: await deps.relationships.map(person, depth) };
    },
    neighbourhoodQuery,
  );
  router.get(
    '/api/relationships/clusters',
    async ({ principal, query: { limit } }) => {
      requireApprover(principal);
      return { status: 200, json: { clusters: await deps.relationships.clusters(limit) } };
    },
    clusterQuery,
  );
}
