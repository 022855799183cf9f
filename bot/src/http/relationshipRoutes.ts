import { z } from 'zod';
import type { RelationshipService } from '../services/relationshipService.js';
import { requireApprover } from './approvalRoutes.js';
import type { Router } from './router.js';

const neighbourhoodQuery = z.strictObject({
  person: z.string().trim().min(1, 'name a person by UPN, SIP address or object id').max(256),
  depth: z.coerce.number().int().min(1).max(3).default(1),
});
const clusterQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(20).default(5) });

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
