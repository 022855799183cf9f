import type { CallingSettings, SettingsChange, Tenant, TenantLookup, User } from '@cgm/core';
import { createTenantLookup, normalizeSip } from '@cgm/core';
import type { Queryable } from '../store/database.js';
import type { POLICY_KINDS } from '../store/tenantImport.js';
import { createTenantStore } from '../store/tenantStore.js';
import { resolveUserRefs } from '../store/userRefs.js';

/** What core's validateChange needs about the tenant for one change, read in a handful of indexed queries. */
export interface ValidationContext {
  readonly lookup: TenantLookup;
  /** How many groups each person named in the change is already in (the server's reverse index). */
  readonly groupsOf: (memberSip: string) => number;
}

/** Every person a change names: members, forwarding targets, the owner of a group. */
function referencedPeople(change: SettingsChange): string[] {
  switch (change.kind) {
    case 'callGroup':
      return [...change.targets];
    case 'answering':
      return [change.forwarding.target, change.unanswered.target].filter((t): t is string => t !== null);
    case 'membershipNotification':
      return [change.ownerId];
    case 'notificationOverride':
      return [];
  }
}

/**
 * A lookup over exactly the slice of the tenant one change touches: the user, everyone
 * the change names, their settings where rules read them, and every policy. Building it
 * costs a few indexed queries whatever the tenant's size, where loading the whole tenant
 * would cost seconds at 100,000 users.
 */
export async function loadValidationContext(q: Queryable, user: User, change: SettingsChange): Promise<ValidationContext> {
  const store = createTenantStore(q);
  const resolved = await resolveUserRefs(q, referencedPeople(change));
  const users = new Map<string, User>([[normalizeSip(user.SipAddress), user]]);
  for (const { sip, user: named } of resolved.values()) users.set(sip, named);

  const settings: CallingSettings[] = [];
  for (const sip of users.keys()) {
    const stored = await store.settingsOf(sip);
    if (stored?.stored) settings.push(stored.settings);
  }
  const policyRows = await q.query<{ kind: keyof typeof POLICY_KINDS; data: never }>('SELECT kind, data FROM tenant_policies ORDER BY kind, ordinal');
  const policies = (kind: keyof typeof POLICY_KINDS) => policyRows.filter((row) => row.kind === kind).map((row) => row.data);

  const memberSips = [...users.keys()];
  const counts = await q.query<{ member_sip: string; groups: number }>(
    'SELECT member_sip, count(*)::int AS groups FROM call_group_members WHERE member_sip = ANY($1::text[]) GROUP BY member_sip',
    [memberSips],
  );
  const groups = new Map(counts.map((row) => [row.member_sip, Number(row.groups)]));

  const [meta] = await q.query<{ tenant_id: string }>('SELECT tenant_id FROM tenant_meta');
  const slice: Tenant = {
    tenantId: meta?.tenant_id ?? '',
    capturedAt: new Date(0).toISOString(),
    users: [...users.values()],
    callingSettings: settings,
    callingPolicies: policies('calling'),
    voiceRoutingPolicies: policies('voiceRouting'),
    emergencyCallRoutingPolicies: policies('emergencyRouting'),
    sharedCallingPolicies: policies('sharedCalling'),
    resourceAccounts: [],
    phoneNumbers: [],
  };
  return { lookup: createTenantLookup(slice), groupsOf: (sip) => groups.get(normalizeSip(sip)) ?? 0 };
}
