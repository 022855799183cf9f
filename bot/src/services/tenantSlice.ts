import type { CallingSettings, Tenant, User } from '@cgm/core';
import { normalizeSip } from '@cgm/core';
import type { Queryable } from '../store/database.js';
import type { POLICY_KINDS } from '../store/tenantImport.js';
import { createTenantStore } from '../store/tenantStore.js';
import { resolveUserRefs } from '../store/userRefs.js';

/**
 * The part of the synced tenant one decision reads: the given users, everyone `refs`
 * names, their stored settings, and every policy. Validating a change or planning a
 * clean-up needs only this, read in a few indexed queries, where the whole tenant would
 * cost seconds at 100,000 users. Wrap it in core's createTenantLookup.
 */
export async function loadTenantSlice(q: Queryable, users: readonly User[], refs: readonly string[]): Promise<Tenant> {
  const store = createTenantStore(q);
  const bySip = new Map(users.map((user) => [normalizeSip(user.SipAddress), user] as const));
  for (const { sip, user } of (await resolveUserRefs(q, refs)).values()) if (!bySip.has(sip)) bySip.set(sip, user);
  const settings: CallingSettings[] = [];
  for (const sip of bySip.keys()) {
    const stored = await store.settingsOf(sip);
    if (stored?.stored) settings.push(stored.settings);
  }
  const policies = await q.query<{ kind: keyof typeof POLICY_KINDS; data: never }>('SELECT kind, data FROM tenant_policies ORDER BY kind, ordinal');
  const of = (kind: keyof typeof POLICY_KINDS) => policies.filter((row) => row.kind === kind).map((row) => row.data);
  const [meta] = await q.query<{ tenant_id: string }>('SELECT tenant_id FROM tenant_meta');
  return {
    tenantId: meta?.tenant_id ?? '',
    capturedAt: new Date(0).toISOString(),
    users: [...bySip.values()],
    callingSettings: settings,
    callingPolicies: of('calling'),
    voiceRoutingPolicies: of('voiceRouting'),
    emergencyCallRoutingPolicies: of('emergencyRouting'),
    sharedCallingPolicies: of('sharedCalling'),
    resourceAccounts: [],
    phoneNumbers: [],
  };
}
