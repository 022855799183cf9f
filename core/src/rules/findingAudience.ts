import type { Finding, FindingCode } from '../model/finding.js';
import { findingKey } from '../model/finding.js';

/**
 * Who a health finding concerns personally, in what role, under which notice kind, and what
 * they can do about it. Admins see every finding in Tenant health; this decides who else is
 * told. The finding alone decides (findings.md: subject and related of each code), so the
 * notifier's cards and the tab's inline problems always agree.
 *
 * Decisions, per code (docs/findings.md), and why:
 * - CG07, CG08, CG09 (a member left, is disabled, unlicensed or not Teams Only): the owner,
 *   `memberUnreachable`, Remove {member} / Keep. Never the member: CG07's is gone, CG08's is
 *   disabled, and CG09's cannot license themselves.
 * - CG13 (every member muted the group): the owner, `memberUnreachable`, Keep only: each mute
 *   is the member's own choice, so there is nothing for the owner to remove or fix.
 * - CG02 (calls forward to an empty group): the owner, `memberUnreachable`, Fix (core's plan
 *   turns that forwarding off) / Keep.
 * - CG01 (group switched off by the owner's calling policy): the owner, `groupSwitchedOff`,
 *   Fix / Keep; every member it lists, `groupSwitchedOff` about the owner, Keep only. Leave is
 *   not offered: Teams refuses any change that keeps members in a group whose policy forbids
 *   groups, so a member cannot leave alone; the owner's Fix empties the group.
 * - CG10 (the owner is disabled, unlicensed or not Teams Only): never the owner (disabled, or
 *   only an admin can license them); the group's members when the caller knows them
 *   (`context.membersOf`, the finding does not list them), `groupSwitchedOff`, Keep only, for
 *   the same reason as CG01.
 * - CG14 (the owner's policy sends PSTN or federated calls past the group): the owner,
 *   `groupSwitchedOff`, Keep only (only an admin changes a policy).
 * - CG03, CG04 (ring order ignored, too many members): the owner, `memberUnreachable`, Fix / Keep.
 *   CG05 (list too long): the owner, Keep only: core has no plan for it (which members to drop
 *   is the owner's choice, made in My call group, where the problem is shown).
 * - CG06 (a member of more than 25 groups): the member alone, `staleMembership`, Keep only:
 *   the limit is theirs, every owner's group is valid on its own, and telling all the owners
 *   to remove them would over-correct. Groups I'm in, where the problem is shown, lets them
 *   leave the groups they choose.
 * - CG12 (a membership entry names a group that no longer includes them, or an owner who
 *   left): the member, `staleMembership`, Clear / Keep; never the owner, who may be gone.
 * - DL01 (delegation switched off by policy): the delegator, `delegation`, Fix / Keep; every
 *   delegate listed, `delegation` about the delegator, Keep. DL02 (no delegate may receive
 *   calls): the delegator, Fix / Keep. DL03 (over 25 delegates): the delegator, Keep (no plan).
 * - CG11 (self or duplicate member) and CG15 (unsupported delay) hurt no relationship, and
 *   every SC code is an admin's (numbers, licenses, policies, resource accounts): admins only.
 *   SC20-SC24 name a user, but none is something that user can change or needs to hear.
 */

export type ProblemRole = 'owner' | 'member' | 'delegator' | 'delegate';
export const PROBLEM_ACTIONS = ['remove', 'fix', 'keep', 'clear', 'leave'] as const;
export type ProblemAction = (typeof PROBLEM_ACTIONS)[number];
/** The personal notice kinds of contract/preferences.ts that stale relationships use. */
export const PROBLEM_KINDS = ['memberUnreachable', 'groupSwitchedOff', 'staleMembership', 'delegation'] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

export interface FindingRecipient {
  /** Canonical lower-case `sip:` URI. */
  readonly sip: string;
  readonly role: ProblemRole;
  readonly kind: ProblemKind;
  readonly actions: readonly ProblemAction[];
  /** the person the action names (Remove {name}) */
  readonly about?: string;
}

/** What the finding does not say: the members of an owner's group (for CG10). */
export interface AudienceContext {
  membersOf?(ownerSip: string): readonly string[];
}

type Audience = (finding: Finding, context: AudienceContext) => FindingRecipient[];

const KEEP: readonly ProblemAction[] = ['keep'];
const FIX: readonly ProblemAction[] = ['fix', 'keep'];
const REMOVE: readonly ProblemAction[] = ['remove', 'keep'];

const isPerson = (ref: string | undefined): ref is string => ref !== undefined && ref.startsWith('sip:');

const toOwner = (kind: ProblemKind, actions: readonly ProblemAction[]): Audience => (finding) => [{ sip: finding.subject, role: 'owner', kind, actions }];

/** The owner of a group with an unreachable member, about that member. */
const memberGone: Audience = (finding) => {
  const member = finding.related[0];
  return [{ sip: finding.subject, role: 'owner', kind: 'memberUnreachable', actions: REMOVE, ...(member ? { about: member } : {}) }];
};

const AUDIENCES: Partial<Readonly<Record<FindingCode, Audience>>> = {
  CG01: (finding) => [
    { sip: finding.subject, role: 'owner', kind: 'groupSwitchedOff', actions: FIX },
    ...finding.related.filter(isPerson).map((sip): FindingRecipient => ({ sip, role: 'member', kind: 'groupSwitchedOff', actions: KEEP, about: finding.subject })),
  ],
  CG02: toOwner('memberUnreachable', FIX),
  CG03: toOwner('memberUnreachable', FIX),
  CG04: toOwner('memberUnreachable', FIX),
  CG05: toOwner('memberUnreachable', KEEP),
  CG06: (finding) => [{ sip: finding.subject, role: 'member', kind: 'staleMembership', actions: KEEP }],
  CG07: memberGone,
  CG08: memberGone,
  CG09: memberGone,
  CG10: (finding, context) =>
    (context.membersOf?.(finding.subject) ?? []).filter(isPerson).map((sip) => ({ sip, role: 'member', kind: 'groupSwitchedOff', actions: KEEP, about: finding.subject })),
  CG12: (finding) => {
    const owner = finding.related[0];
    return [{ sip: finding.subject, role: 'member', kind: 'staleMembership', actions: ['clear', 'keep'], ...(owner ? { about: owner } : {}) }];
  },
  CG13: toOwner('memberUnreachable', KEEP),
  CG14: toOwner('groupSwitchedOff', KEEP),
  DL01: (finding) => [
    { sip: finding.subject, role: 'delegator', kind: 'delegation', actions: FIX },
    ...finding.related.filter(isPerson).map((sip): FindingRecipient => ({ sip, role: 'delegate', kind: 'delegation', actions: KEEP, about: finding.subject })),
  ],
  DL02: (finding) => [{ sip: finding.subject, role: 'delegator', kind: 'delegation', actions: FIX }],
  DL03: (finding) => [{ sip: finding.subject, role: 'delegator', kind: 'delegation', actions: KEEP }],
};

/**
 * The people a finding says cannot be reached or may have left: a member who left (CG07) or is
 * disabled (CG08), an owner who is disabled or ineligible (CG10), the owner a stale entry names
 * (CG12: who may no longer exist). Never told about the finding themselves.
 */
export function unreachableIn(finding: Finding): readonly string[] {
  switch (finding.code) {
    case 'CG07':
    case 'CG08':
      return finding.related.slice(0, 1);
    case 'CG10':
      return [finding.subject];
    case 'CG12':
      return finding.related.slice(0, 1);
    default:
      return [];
  }
}

/**
 * Everyone `finding` concerns personally, once each (an owner who lists themselves is told as
 * the owner), never someone the finding says is gone; empty for admin-only findings.
 */
export function findingRecipients(finding: Finding, context: AudienceContext = {}): FindingRecipient[] {
  const audience = AUDIENCES[finding.code];
  if (!audience) return [];
  const gone = new Set(unreachableIn(finding));
  const seen = new Set<string>();
  const recipients: FindingRecipient[] = [];
  for (const recipient of audience(finding, context)) {
    if (!isPerson(recipient.sip) || gone.has(recipient.sip) || seen.has(recipient.sip)) continue;
    seen.add(recipient.sip);
    recipients.push(recipient);
  }
  return recipients;
}

/**
 * A problem's id: one per finding and person, stable across scans and restarts, URL-safe
 * (`cg08-` and 32 hex digits). A digest rather than the key itself, whose related list can be
 * hundreds of characters; the server resolves it among the person's own problems only.
 */
export function problemId(finding: Pick<Finding, 'code' | 'subject' | 'related'>, recipientSip: string): string {
  return `${finding.code.toLowerCase()}-${digest128(`${findingKey(finding)}\n${recipientSip}`)}`;
}

/** A 128-bit non-cryptographic digest (four FNV-1a lanes with distinct offsets, murmur-finalised), as hex. */
function digest128(text: string): string {
  const lanes = [0x811c9dc5, 0x01000193 ^ 0x9e3779b9, 0x85ebca6b, 0xc2b2ae35];
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    for (let lane = 0; lane < lanes.length; lane += 1) {
      lanes[lane] = Math.imul((lanes[lane] ?? 0) ^ (code + lane * 0x3d), 0x01000193);
    }
  }
  return lanes.map((value, lane) => finalise(value ^ Math.imul(text.length, lane + 1)).toString(16).padStart(8, '0')).join('');
}

function finalise(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
