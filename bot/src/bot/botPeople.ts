import type { User } from '@cgm/core';
import { normalizeSip, userRefKey } from '@cgm/core';
import type { ApproverService } from '../services/approvers.js';
import type { DirectoryService } from '../services/directoryService.js';
import type { Principal } from '../services/principal.js';
import { principalOf } from '../services/principal.js';
import type { PeopleNames } from './cards/requestDescription.js';

/** Who sent an activity, as Teams describes them: never trusted beyond what the channel vouched for. */
export interface ChatUser {
  /** The Teams user id (MRI, `29:…`); refresh lists name people by it. */
  readonly id: string;
  readonly aadObjectId?: string | undefined;
  readonly name?: string | undefined;
  /** Development only: asks the channel for the user's e-mail or UPN (a connector call, made only when the object id matched nobody). */
  readonly lookupUpn?: (() => Promise<string | undefined>) | undefined;
}

export interface BotPeopleOptions {
  readonly directory: DirectoryService;
  /** Who approves: the API's and the tab's one rule (UPN list or Entra group). */
  readonly approvers: ApproverService;
  /** The tenant the bot serves; an activity from another tenant maps to nobody. Undefined in development. */
  readonly tenantId?: string | undefined;
  /**
   * Development only (no bot identity): when the Agents Playground's user has no object id of
   * the synced tenant, look them up by the e-mail or UPN the channel reports for them.
   */
  readonly devFallback?: boolean | undefined;
}

/** The tenant's people as the bot sees them: who is talking, who approves, what cards call them. */
export interface BotPeople {
  /** The tenant user behind a chat user, or undefined: a stranger, another tenant, or nobody synced yet. */
  principalOf(from: ChatUser, tenantId: string | undefined): Promise<Principal | undefined>;
  /** The approvers' canonical sip URIs, for those of them in the synced tenant. */
  approverSips(): Promise<string[]>;
  /** Display names for cards, keyed as `nameOf` looks them up. */
  names(refs: Iterable<string>): Promise<PeopleNames>;
  /** A user by SIP URI, UPN or object id (cached for a few seconds). */
  userByRef(ref: string): Promise<User | undefined>;
}

const CACHE_MS = 15_000;

/**
 * Maps chat users to users of the synced tenant (by Entra object id, the key Teams gives
 * every activity) and names people for cards. Approver rights come from the approver service,
 * as the API's do; with no token here, a group's members are read through its port.
 */
export function createBotPeople(options: BotPeopleOptions): BotPeople {
  const { directory } = options;
  const cache = new Map<string, { user: User | undefined; until: number }>();

  async function userByRef(ref: string): Promise<User | undefined> {
    const key = userRefKey(ref);
    const hit = cache.get(key);
    if (hit && hit.until > Date.now()) return hit.user;
    const user = await directory.userByRef(ref);
    if (cache.size > 10_000) cache.clear();
    cache.set(key, { user, until: Date.now() + CACHE_MS });
    return user;
  }

  const principalFor = async (user: User, tenantId: string): Promise<Principal> => {
    const approver = await options.approvers.isApprover(user);
    return principalOf(user, tenantId, () => approver);
  };

  return {
    async principalOf(from, tenantId) {
      if (options.tenantId && tenantId?.toLowerCase() !== options.tenantId.toLowerCase()) return undefined;
      const byObjectId = from.aadObjectId ? await userByRef(from.aadObjectId) : undefined;
      if (byObjectId) return principalFor(byObjectId, tenantId ?? '');
      if (!options.devFallback) return undefined;
      const upn = await from.lookupUpn?.().catch(() => undefined);
      const byUpn = upn ? await userByRef(upn) : undefined;
      return byUpn ? principalFor(byUpn, tenantId ?? '') : undefined;
    },
    async approverSips() {
      const resolved = await directory.resolve(await options.approvers.approverRefs());
      return [...resolved.values()].map((hit) => hit.sip);
    },
    async names(refs) {
      const list = [...new Set([...refs].filter((ref) => ref && ref !== 'system'))];
      const resolved = await directory.resolve(list);
      const names = new Map<string, string>();
      for (const ref of list) {
        const hit = resolved.get(userRefKey(ref)) ?? resolved.get(normalizeSip(ref));
        if (!hit) continue;
        names.set(userRefKey(ref), hit.user.DisplayName);
        names.set(normalizeSip(hit.user.SipAddress), hit.user.DisplayName);
      }
      return names;
    },
    userByRef,
  };
}
