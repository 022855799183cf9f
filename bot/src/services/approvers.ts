import type { User } from '@cgm/core';
import type { Clock } from './clock.js';

/**
 * Who approves, in one place for the API, the tab (its roles come from /api/me) and the bot:
 * a person named in the UPN list, or a member of the Entra approver group. A signed-in token
 * may carry the group in its `groups` claim, which settles it at once; otherwise (a card click
 * has no token, a token may leave groups out) the group's members are read through a port.
 */
export interface ApproverPolicy {
  /** Approvers by UPN, any case. */
  readonly upns: readonly string[];
  /** The Entra group whose members approve (APPROVER_GROUP_ID). */
  readonly groupId?: string | undefined;
}

/** The members of an Entra group; the production adapter asks Microsoft Graph, tests pass a fake. */
export interface ApproverGroupMembers {
  /** Entra object ids of the group's members, nested groups included. */
  members(groupId: string): Promise<readonly string[]>;
}

/** What the caller's sign-in says: the token's `groups` claim, when it had one. */
export interface ApproverEvidence {
  readonly groups?: readonly string[];
}

export interface ApproverService {
  /** Whether `user` approves, by the UPN list or the approver group. */
  isApprover(user: User, evidence?: ApproverEvidence): Promise<boolean>;
  /** Every approver's reference (UPNs of the list, object ids of the group's members): whom approval cards go to. */
  approverRefs(): Promise<string[]>;
}

/** A group's membership is read at most this often; someone added to the group approves within this time. */
export const GROUP_CACHE_MS = 5 * 60_000;

export function createApproverService(deps: { readonly policy: ApproverPolicy; readonly groupMembers: ApproverGroupMembers; readonly clock: Clock }): ApproverService {
  const upns = new Set(deps.policy.upns.map((upn) => upn.toLowerCase()));
  const groupId = deps.policy.groupId?.toLowerCase();
  let cached: { members: Promise<ReadonlySet<string>>; until: number } | undefined;

  function groupMembers(id: string): Promise<ReadonlySet<string>> {
    const now = deps.clock.now().getTime();
    if (cached && cached.until > now) return cached.members;
    const members = deps.groupMembers.members(id).then((ids) => new Set(ids.map((member) => member.toLowerCase())));
    cached = { members, until: now + GROUP_CACHE_MS };
    // A failed read is not kept: the next question asks again instead of refusing for minutes.
    members.catch(() => {
      if (cached?.members === members) cached = undefined;
    });
    return members;
  }

  return {
    async isApprover(user, evidence = {}) {
      if (upns.has(user.UserPrincipalName.toLowerCase())) return true;
      if (groupId === undefined) return false;
      if (evidence.groups?.some((group) => group.toLowerCase() === groupId)) return true;
      // A failed read of the group refuses (the safe answer) and is not cached: the next question asks again.
      const members = await groupMembers(groupId).catch(() => new Set<string>());
      return members.has(user.Identity.toLowerCase());
    },
    async approverRefs() {
      const members = groupId === undefined ? [] : [...(await groupMembers(groupId))];
      return [...upns, ...members];
    },
  };
}

/** When no group is configured, or nothing can read it: nobody is a member. */
export const noGroupMembers: ApproverGroupMembers = { members: async () => [] };
