import { z } from 'zod';
import type { EligibilityProblem, Finding, User } from '@cgm/core';
import { NOT_IN_DIRECTORY, callGroupEligibility, normalizeSip } from '@cgm/core';
import type { Queryable } from '../store/database.js';
import { createTenantStore } from '../store/tenantStore.js';
import { ApiError } from './apiError.js';
import { requireApprover } from './approvalRoutes.js';
import type { Router } from './router.js';

/**
 * The relationship map's data, for approvers: who is in whose call group around one person,
 * with every edge marked as Teams would see it, and the tenant's largest clusters of
 * connected groups. Edges come from the reverse index (call_group_members); what is wrong
 * with an edge comes from the open health findings, so the map and Tenant health agree.
 */

const neighbourhoodQuery = z.strictObject({
  person: z.string().trim().min(1, 'name a person by UPN, SIP address or object id').max(256),
  depth: z.coerce.number().int().min(1).max(3).default(1),
});
const clusterQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(20).default(5) });

/** The most people one map shows; past it the map says it is cut short. */
export const MAX_MAP_NODES = 120;

export type EdgeStatus = 'ok' | 'broken' | 'orphaned' | 'stale';

export interface MapNode {
  readonly sip: string;
  readonly displayName: string;
  readonly department: string | null;
  /** False for a member who is no longer in the organisation's directory. */
  readonly known: boolean;
  readonly eligible: boolean;
  readonly ineligibleBecause: readonly EligibilityProblem[];
  /** Codes of open findings about this person (CG03 …). */
  readonly findings: readonly string[];
}

export interface MapEdge {
  readonly owner: string;
  readonly member: string;
  /** 0-based ring position; null for a stale edge, which is no longer in the owner's list. */
  readonly position: number | null;
  readonly status: EdgeStatus;
  /** Why the edge is not ok, in words; null when it is. */
  readonly reason: string | null;
  readonly findingCode: string | null;
}

interface MemberRow {
  owner_sip: string;
  member_sip: string;
  position: number;
}

async function membersTouching(db: Queryable, sips: readonly string[]): Promise<MemberRow[]> {
  return db.query<MemberRow>(
    `SELECT owner_sip, member_sip, position FROM call_group_members WHERE owner_sip = ANY($1::text[])
     UNION SELECT owner_sip, member_sip, position FROM call_group_members WHERE member_sip = ANY($1::text[])`,
    [sips],
  );
}

/** Breadth-first from the centre through both directions of membership, up to `depth` hops or MAX_MAP_NODES people. */
async function collectEdges(db: Queryable, centre: string, depth: number): Promise<{ rows: MemberRow[]; truncated: boolean }> {
  const seen = new Set([centre]);
  const rows = new Map<string, MemberRow>();
  let frontier = [centre];
  let truncated = false;
  for (let hop = 0; hop < depth && frontier.length > 0; hop += 1) {
    const next: string[] = [];
    for (const row of await membersTouching(db, frontier)) {
      const ends = [row.owner_sip, row.member_sip];
      const newcomers = ends.filter((sip) => !seen.has(sip));
      if (seen.size + newcomers.length > MAX_MAP_NODES) {
        truncated = true;
        continue;
      }
      for (const sip of newcomers) {
        seen.add(sip);
        next.push(sip);
      }
      rows.set(`${row.owner_sip}|${row.member_sip}`, row);
    }
    frontier = next;
  }
  return { rows: [...rows.values()], truncated };
}

function edgeFinding(findings: readonly Finding[], owner: string, member: string): Finding | undefined {
  return findings.find((f) => f.subject === owner && f.related.includes(member));
}

/** A stale membership (CG12): the member still carries a notification setting for a group that no longer lists them. */
function staleEdges(staleFindings: readonly Finding[], known: ReadonlySet<string>): MapEdge[] {
  return staleFindings
    .filter((f) => f.related[0] !== undefined)
    .map((f) => ({ owner: f.related[0] as string, member: f.subject, position: null, status: 'stale' as const, reason: f.message, findingCode: f.code }))
    .filter((edge) => known.has(edge.member) || known.has(edge.owner));
}

export async function relationshipMap(db: Queryable, person: string, depth: number) {
  const centreUser = await createTenantStore(db).userByRef(person);
  if (!centreUser) throw new ApiError('not-found', `No one in the directory matches "${person}".`);
  const centre = normalizeSip(centreUser.SipAddress);
  const { rows, truncated } = await collectEdges(db, centre, depth);
  const sips = [...new Set([centre, ...rows.flatMap((r) => [r.owner_sip, r.member_sip])])];
  const [users, findingRows, staleRows] = await Promise.all([
    db.query<{ sip: string; data: User }>('SELECT sip, data FROM tenant_users WHERE sip = ANY($1::text[])', [sips]),
    db.query<{ data: Finding }>('SELECT data FROM findings WHERE resolved_at IS NULL AND subject = ANY($1::text[]) ORDER BY key', [sips]),
    // Stale memberships point at an owner from the member's side, so they are found from either end.
    db.query<{ data: Finding }>(`SELECT data FROM findings WHERE resolved_at IS NULL AND code = 'CG12' ORDER BY key`),
  ]);
  const findings = findingRows.map((row) => row.data);
  const userBySip = new Map(users.map((row) => [row.sip, row.data] as const));
  const edges: MapEdge[] = rows.map((row) => {
    const finding = edgeFinding(findings, row.owner_sip, row.member_sip);
    const member = userBySip.get(row.member_sip);
    if (!member) return { owner: row.owner_sip, member: row.member_sip, position: row.position, status: 'orphaned', reason: finding?.message ?? 'This member is no longer in the directory.', findingCode: finding?.code ?? null };
    const gaps = callGroupEligibility(member).problems.map((problem) => problem.message);
    if (finding || gaps.length > 0) return { owner: row.owner_sip, member: row.member_sip, position: row.position, status: 'broken', reason: finding?.message ?? `Cannot answer for this group: ${gaps.join(', ')}.`, findingCode: finding?.code ?? null };
    return { owner: row.owner_sip, member: row.member_sip, position: row.position, status: 'ok', reason: null, findingCode: null };
  });
  const stale = staleEdges(staleRows.map((row) => row.data), new Set(sips));
  const extra = [...new Set(stale.flatMap((edge) => [edge.owner, edge.member]))].filter((sip) => !sips.includes(sip));
  const extraUsers = extra.length > 0 ? await db.query<{ sip: string; data: User }>('SELECT sip, data FROM tenant_users WHERE sip = ANY($1::text[])', [extra]) : [];
  for (const row of extraUsers) userBySip.set(row.sip, row.data);
  const nodes: MapNode[] = [...sips, ...extra].map((sip) => nodeOf(sip, userBySip.get(sip), findings));
  return { centre, depth, truncated, nodes, edges: [...edges, ...stale] };
}

function nodeOf(sip: string, user: User | undefined, findings: readonly Finding[]): MapNode {
  const codes = [...new Set(findings.filter((f) => f.subject === sip).map((f) => f.code))];
  if (!user) return { sip, displayName: sip.replace(/^sip:/, ''), department: null, known: false, eligible: false, ineligibleBecause: NOT_IN_DIRECTORY.problems, findings: codes };
  const { eligible, problems } = callGroupEligibility(user);
  return { sip, displayName: user.DisplayName, department: user.Department, known: true, eligible, ineligibleBecause: problems, findings: codes };
}

/** Union-find over sips: the connected clusters of call group relationships. */
function clustersOf(rows: readonly { owner_sip: string; member_sip: string }[]): Map<string, string[]> {
  const parent = new Map<string, string>();
  const find = (sip: string): string => {
    let root = sip;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    for (let at = sip; at !== root; ) {
      const up = parent.get(at) as string;
      parent.set(at, root);
      at = up;
    }
    return root;
  };
  for (const { owner_sip: owner, member_sip: member } of rows) {
    if (!parent.has(owner)) parent.set(owner, owner);
    if (!parent.has(member)) parent.set(member, member);
    const a = find(owner);
    const b = find(member);
    if (a !== b) parent.set(a, b);
  }
  const groups = new Map<string, string[]>();
  for (const sip of parent.keys()) {
    const root = find(sip);
    const list = groups.get(root);
    if (list) list.push(sip);
    else groups.set(root, [sip]);
  }
  return groups;
}

export async function largestClusters(db: Queryable, limit: number) {
  const rows = await db.query<{ owner_sip: string; member_sip: string; member_known: boolean }>(
    `SELECT m.owner_sip, m.member_sip, (u.sip IS NOT NULL) AS member_known
       FROM call_group_members m LEFT JOIN tenant_users u ON u.sip = m.member_sip`,
  );
  const ownersOf = new Map<string, number>();
  const orphanedIn = new Set(rows.filter((r) => !r.member_known).map((r) => r.member_sip));
  for (const row of rows) ownersOf.set(row.owner_sip, (ownersOf.get(row.owner_sip) ?? 0) + 1);
  const ranked = [...clustersOf(rows).values()]
    .map((people) => ({ people, groups: people.filter((sip) => ownersOf.has(sip)).length }))
    .sort((a, b) => b.people.length - a.people.length || b.groups - a.groups || (a.people[0] ?? '').localeCompare(b.people[0] ?? ''))
    .slice(0, limit);
  const hubs = ranked.map(({ people }) => people.reduce((best, sip) => ((ownersOf.get(sip) ?? 0) > (ownersOf.get(best) ?? 0) ? sip : best), people[0] as string));
  const names = await db.query<{ sip: string; display_name: string }>('SELECT sip, display_name FROM tenant_users WHERE sip = ANY($1::text[])', [hubs]);
  const nameOf = new Map(names.map((row) => [row.sip, row.display_name] as const));
  return ranked.map(({ people, groups }, index) => {
    const hub = hubs[index] as string;
    return { hub, hubName: nameOf.get(hub) ?? hub.replace(/^sip:/, ''), people: people.length, groups, orphanedMembers: people.filter((sip) => orphanedIn.has(sip)).length };
  });
}

/** `GET /api/relationships?person=&depth=` and `GET /api/relationships/clusters?limit=`, approvers only. */
export function mountRelationshipRoutes(router: Router, deps: { db: Queryable }): void {
  router.get(
    '/api/relationships',
    async ({ principal, query: { person, depth } }) => {
      requireApprover(principal);
      return { status: 200, json: await relationshipMap(deps.db, person, depth) };
    },
    neighbourhoodQuery,
  );
  router.get(
    '/api/relationships/clusters',
    async ({ principal, query: { limit } }) => {
      requireApprover(principal);
      return { status: 200, json: { clusters: await largestClusters(deps.db, limit) } };
    },
    clusterQuery,
  );
}
