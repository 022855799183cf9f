import type { User } from '@cgm/core';
import { normalizeSip } from '@cgm/core';

/**
 * Who is calling: a signed-in user of the tenant, resolved from a Teams SSO token (or the
 * development header) to their user record. Services decide with it; they never see tokens.
 */
export interface Principal {
  readonly tenantId: string;
  readonly objectId: string;
  /** Canonical lower-case `sip:` URI: the key of everything the user owns. */
  readonly sip: string;
  readonly upn: string;
  readonly displayName: string;
  readonly isApprover: boolean;
  /** The user's record in the synced tenant, read once at sign-in so handlers need not read it again. */
  readonly user: User;
}

/** The system itself (sync, expiry, the apply worker) as an actor in the audit log. */
export const SYSTEM_ACTOR = 'system';

/** The principal a user record stands for; whether they approve is the caller's rule (UPN list, Entra group). */
export function principalOf(user: User, tenantId: string, isApprover: (upn: string) => boolean): Principal {
  const upn = user.UserPrincipalName.toLowerCase();
  return { tenantId, objectId: user.Identity, sip: normalizeSip(user.SipAddress), upn, displayName: user.DisplayName, isApprover: isApprover(upn), user };
}
