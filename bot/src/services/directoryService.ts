import type { CallingSettings, NotificationSetting, User } from '@cgm/core';
import { normalizeSip } from '@cgm/core';

/** A user a reference named, with their canonical `sip:` URI. */
export interface ResolvedPerson {
  readonly sip: string;
  readonly user: User;
}

/** The storage the directory service reads; store/directoryQueries.ts implements it. */
export interface DirectoryPort {
  /** A user by SIP URI (any case, with or without `sip:`), UPN or object id. */
  userByRef(ref: string): Promise<User | undefined>;
  /** Many references in one read, keyed by core's `userRefKey(ref)`; unknown references are left out. */
  resolve(refs: readonly string[]): Promise<ReadonlyMap<string, ResolvedPerson>>;
  /** The member's notification choice for the owner's group: null when none is recorded, undefined when not a member. */
  notificationIn(memberSip: string, ownerSip: string): Promise<NotificationSetting | null | undefined>;
  /** The stored calling settings of each of `sips` that has any, keyed by canonical sip, in one read. */
  settingsOf(sips: readonly string[]): Promise<ReadonlyMap<string, CallingSettings>>;
  /** The members of owners' call groups as the reverse index resolved them (canonical sips, by canonical owner sip), in one read. */
  membersOf(ownerSips: readonly string[]): Promise<ReadonlyMap<string, readonly string[]>>;
}

/** Who people are and how they are set up, as the bot's cards show them. */
export interface DirectoryService {
  userByRef(ref: string): Promise<User | undefined>;
  /** Resolve references (SIP URIs, UPNs, object ids) by the snapshot's identity rules; keyed by `userRefKey`. */
  resolve(refs: readonly string[]): Promise<ReadonlyMap<string, ResolvedPerson>>;
  /** How a member hears the owner's group: their choice, Ring when they made none, undefined when not in it. */
  notificationIn(memberSip: string, ownerSip: string): Promise<NotificationSetting | undefined>;
  /** Stored calling settings by canonical sip (people without settings of their own are left out). */
  settingsOf(sips: readonly string[]): Promise<ReadonlyMap<string, CallingSettings>>;
  /** The members of owners' call groups, resolved whatever form each target was written in (findingAudience.ts). */
  membersOf(ownerSips: readonly string[]): Promise<ReadonlyMap<string, readonly string[]>>;
}

export function createDirectoryService(port: DirectoryPort): DirectoryService {
  return {
    userByRef: (ref) => port.userByRef(ref),
    resolve: (refs) => (refs.length === 0 ? Promise.resolve(new Map()) : port.resolve(refs)),
    async notificationIn(memberSip, ownerSip) {
      const choice = await port.notificationIn(memberSip, normalizeSip(ownerSip));
      // Teams rings a member who never chose (GroupMembershipDetails has no entry for the group).
      return choice === undefined ? undefined : (choice ?? 'Ring');
    },
    async settingsOf(sips) {
      const unique = [...new Set(sips.map(normalizeSip))];
      return unique.length === 0 ? new Map() : port.settingsOf(unique);
    },
    membersOf: (ownerSips) => (ownerSips.length === 0 ? Promise.resolve(new Map()) : port.membersOf(ownerSips)),
  };
}
