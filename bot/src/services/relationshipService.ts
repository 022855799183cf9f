import type { EligibilityProblem, Finding, User } from '@cgm/core';
import { NOT_IN_DIRECTORY, callGroupEligibility, normalizeSip } from '@cgm/core';
import { ServiceError } from './serviceError.js';

/**
 * The relationship map, for approvers: who is in whose call group around one person, with
 * every edge marked as Teams would see it, and the tenant's largest clusters of connected
 * groups. Edges come from the reverse index; what is wrong with an edge comes from the open
 * health findings, so the map and Tenant health agree.
 */

/** One membership of the reverse index: `member` is at 0-based `position` of `owner`'s call group. */
export interface MembershipRow {
  readonly owner: string;
  readonly member: string;
  readonly position: number;
}

/** One line of the relationships export. */
export interface RelationshipCsvRow {
  readonly ownerSip: string;
  readonly ownerName: string | null;
  readonly memberSip: string;
  readonly memberName: string | null;
  readonly position: number;
  readonly ringOrder: string | null;
}

/** The storage the map reads; store/relationshipQueries.ts implements it. */
export interface RelationshipPort {
  userByRef(ref: string): Promise<User | undefined>;
  /** Every membership in which one of `sips` is the owner or the member. */
  membersTouching(sips: readonly string[]): Promise<MembershipRow[]>;
  usersBySip(sips: readonly string[]): Promise<ReadonlyMap<string, User>>;
  openFindingsAbout(sips: readonly string[]): Promise<Finding[]>;
  openFindingsOfCode(code: Finding['code']): Promise<Finding[]>;
  /** Every membership, and whether its member is still in the directory. */
  allMemberships(): Promise<{ readonly owner: string; readonly member: string; readonly memberKnown: boolean }[]>;
  displayNames(sips: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /** Every membership with both names and the owner's ring order, by owner then position. */
  exportRows(): Promise<RelationshipCsvRow[]>;
}

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

/** Breadth-first from the centre through both directions of membership, up to `depth` hops or MAX_MAP_NODES people. */
async function collectEdges(port: RelationshipPort, centre: string, depth: number): Promise<{ rows: MembershipRow[]; truncated: boolean }> {
  const seen = new Set([centre]);
  const rows = new Map<string, MembershipRow>();
  let frontier = [centre];
  let truncated = false;
  for (let hop = 0; hop < depth && frontier.length > 0; hop += 1) {
    const next: string[] = [];
    for (const row of await port.membersTouching(frontier)) {
      const ends = [row.owner, row.member];
      const newcomers = ends.filter((sip) => !seen.has(sip));
      if (seen.size + newcomers.length > MAX_MAP_NODES) {
        truncated = true;
        continue;
      }
      for (const sip of newcomers) {
        seen.add(sip);
        next.push(sip);
      }
      rows.set(`${row.owner}|${row.member}`, row);
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

async function relationshipMap(port: RelationshipPort, person: string, depth: number): Promise<RelationshipMap> {
  const centreUser = await port.userByRef(person);
  if (!centreUser) throw new ServiceError('not-found', `No one in the directory matches "${person}".`);
  const centre = normalizeSip(centreUser.SipAddress);
  const { rows, truncated } = await collectEdges(port, centre, depth);
  const sips = [...new Set([centre, ...rows.flatMap((r) => [r.owner, r.member])])];
  const [userBySip, findings, staleFindings] = await Promise.all([
    port.usersBySip(sips),
    port.openFindingsAbout(sips),
    // Stale memberships point at an owner from the member's side, so they are found from either end.
    port.openFindingsOfCode('CG12'),
  ]);
  const users = new Map(userBySip);
  const edges: MapEdge[] = rows.map((row) => edgeOf(row, users.get(row.member), edgeFinding(findings, row.owner, row.member)));
  const stale = staleEdges(staleFindings, new Set(sips));
  const extra = [...new Set(stale.flatMap((edge) => [edge.owner, edge.member]))].filter((sip) => !sips.includes(sip));
  for (const [sip, user] of await port.usersBySip(extra)) users.set(sip, user);
  const nodes: MapNode[] = [...sips, ...extra].map((sip) => nodeOf(sip, users.get(sip), findings));
  return { centre, depth, truncated, nodes, edges: [...edges, ...stale] };
}

function edgeOf(row: MembershipRow, member: User | undefined, finding: Finding | undefined): MapEdge {
  const at = { owner: row.owner, member: row.member, position: row.position };
  if (!member) return { ...at, status: 'orphaned', reason: finding?.message ?? 'This member is no longer in the directory.', findingCode: finding?.code ?? null };
  const gaps = callGroupEligibility(member).problems.map((problem) => problem.message);
  if (finding || gaps.length > 0) return { ...at, status: 'broken', reason: finding?.message ?? `Cannot answer for this group: ${gaps.join(', ')}.`, findingCode: finding?.code ?? null };
  return { ...at, status: 'ok', reason: null, findingCode: null };
}

function nodeOf(sip: string, user: User | undefined, findings: readonly Finding[]): MapNode {
  const codes = [...new Set(findings.filter((f) => f.subject === sip).map((f) => f.code))];
  if (!user) return { sip, displayName: sip.replace(/^sip:/, ''), department: null, known: false, eligible: false, ineligibleBecause: NOT_IN_DIRECTORY.problems, findings: codes };
  const { eligible, problems } = callGroupEligibility(user);
  return { sip, displayName: user.DisplayName, department: user.Department, known: true, eligible, ineligibleBecause: problems, findings: codes };
}

/** Union-find over sips: the connected clusters of call group relationships. */
function clustersOf(rows: readonly { owner: string; member: string }[]): Map<string, string[]> {
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
  for (const { owner, member } of rows) {
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

async function largestClusters(port: RelationshipPort, limit: number): Promise<Cluster[]> {
  const rows = await port.allMemberships();
  const ownersOf = new Map<string, number>();
  const orphanedIn = new Set(rows.filter((r) => !r.memberKnown).map((r) => r.member));
  for (const row of rows) ownersOf.set(row.owner, (ownersOf.get(row.owner) ?? 0) + 1);
  const ranked = [...clustersOf(rows).values()]
    .map((people) => ({ people, groups: people.filter((sip) => ownersOf.has(sip)).length }))
    .sort((a, b) => b.people.length - a.people.length || b.groups - a.groups || (a.people[0] ?? '').localeCompare(b.people[0] ?? ''))
    .slice(0, limit);
  const hubs = ranked.map(({ people }) => people.reduce((best, sip) => ((ownersOf.get(sip) ?? 0) > (ownersOf.get(best) ?? 0) ? sip : best), people[0] as string));
  const nameOf = await port.displayNames(hubs);
  return ranked.map(({ people, groups }, index) => {
    const hub = hubs[index] as string;
    return { hub, hubName: nameOf.get(hub) ?? hub.replace(/^sip:/, ''), people: people.length, groups, orphanedMembers: people.filter((sip) => orphanedIn.has(sip)).length };
  });
}

export interface RelationshipMap {
  readonly centre: string;
  readonly depth: number;
  readonly truncated: boolean;
  readonly nodes: readonly MapNode[];
  readonly edges: readonly MapEdge[];
}

export interface Cluster {
  readonly hub: string;
  readonly hubName: string;
  readonly people: number;
  readonly groups: number;
  readonly orphanedMembers: number;
}

export interface RelationshipService {
  /** The neighbourhood of `person` (UPN, SIP address or object id) up to `depth` hops; not-found when no one matches. */
  map(person: string, depth: number): Promise<RelationshipMap>;
  /** The `limit` largest clusters of connected call groups, each named by its busiest owner. */
  clusters(limit: number): Promise<Cluster[]>;
  /** Every membership, for the CSV export. */
  exportRows(): Promise<RelationshipCsvRow[]>;
}

export function createRelationshipService(port: RelationshipPort): RelationshipService {
  return {
    map: (person, depth) => relationshipMap(port, person, depth),
    clusters: (limit) => largestClusters(port, limit),
    exportRows: () => port.exportRows(),
  };
}
