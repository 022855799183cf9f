import { z } from 'zod';
import { eligibilityProblemSchema } from './people.js';

export const EDGE_STATUSES = ['ok', 'broken', 'orphaned', 'stale'] as const;
export type EdgeStatus = (typeof EDGE_STATUSES)[number];

/** A person on the relationship map. */
export const mapNodeSchema = z.object({
  sip: z.string(),
  displayName: z.string(),
  department: z.string().nullable(),
  /** False for a member who is no longer in the organisation's directory. */
  known: z.boolean(),
  eligible: z.boolean(),
  ineligibleBecause: z.array(eligibilityProblemSchema),
  /** Codes of open findings about this person (CG03 …). */
  findings: z.array(z.string()),
});

/** Owner to member, marked as Teams would see it. */
export const mapEdgeSchema = z.object({
  owner: z.string(),
  member: z.string(),
  /** 0-based ring position; null for a stale edge, which is no longer in the owner's list. */
  position: z.number().int().nullable(),
  status: z.enum(EDGE_STATUSES),
  /** Why the edge is not ok, in words; null when it is. */
  reason: z.string().nullable(),
  findingCode: z.string().nullable(),
});

/** `GET /api/relationships?person=&depth=`. */
export const relationshipMapSchema = z.object({
  centre: z.string(),
  depth: z.number().int(),
  truncated: z.boolean(),
  nodes: z.array(mapNodeSchema),
  edges: z.array(mapEdgeSchema),
});
export type RelationshipMap = z.infer<typeof relationshipMapSchema>;
export type MapNode = z.infer<typeof mapNodeSchema>;
export type MapEdge = z.infer<typeof mapEdgeSchema>;

/** `GET /api/relationships/clusters?limit=`: the largest groups of connected call groups. */
export const clustersSchema = z.object({
  clusters: z.array(z.object({ hub: z.string(), hubName: z.string(), people: z.number().int(), groups: z.number().int(), orphanedMembers: z.number().int() })),
});
export type ClustersResponse = z.infer<typeof clustersSchema>;
