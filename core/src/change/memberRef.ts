import type { TenantLookup } from '../model/lookup.js';
import type { User } from '../model/tenant.js';
import { isPhoneLike, isSipLike, normalizePhone, normalizeSip, userRefKey } from '../model/identity.js';

/**
 * How a proposed change names people. Teams accepts a member, owner or forwarding
 * target as a SIP URI (any case, with or without `sip:`), a UPN or an object id
 * (Set-CsUserCallingSettings: "ObjectId's, SIP addresses and phone numbers";
 * "You can specify a SIP URI without 'sip:' on input"), so every comparison goes
 * through one canonical spelling.
 */

/** The canonical lower-case `sip:` URI of a user. */
export function userSip(user: User): string {
  return normalizeSip(user.SipAddress);
}

/**
 * The spelling a call group target is stored and compared in: the member's canonical
 * lower-case `sip:` URI when the reference resolves to a user; otherwise lower-cased,
 * with `sip:` added when it looks like a SIP address (Get-CsUserCallingSettings prints
 * full SIP URIs whatever was written).
 */
export function canonicalMemberRef(ref: string, lookup: TenantLookup): string {
  const user = lookup.userByRef(ref);
  if (user) return userSip(user);
  return isSipLike(ref) ? normalizeSip(ref) : userRefKey(ref);
}

/**
 * The spelling a forwarding target is stored in: a user as their `sip:` URI, a phone
 * number without `tel:`, anything else trimmed as written.
 */
export function canonicalForwardingTarget(ref: string, lookup: TenantLookup): string {
  const user = lookup.userByRef(ref);
  if (user) return userSip(user);
  if (isPhoneLike(ref)) return normalizePhone(ref);
  return isSipLike(ref) ? normalizeSip(ref) : ref.trim();
}

/** True when two references name the same person (or the same unresolved spelling). */
export function sameMember(a: string, b: string, lookup: TenantLookup): boolean {
  return canonicalMemberRef(a, lookup) === canonicalMemberRef(b, lookup);
}

/** A person as a sentence names them: `Joni Sherman (sip:joni@contoso.com)`. */
export function describeUser(user: User): string {
  const sip = userSip(user);
  return user.DisplayName && user.DisplayName.toLowerCase() !== sip.slice(4) ? `${user.DisplayName} (${sip})` : sip;
}
