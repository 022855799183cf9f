import type { CallingSettings, PhoneNumber, ResourceAccount, Tenant, User } from '@cgm/core';
import type { DirectoryLists } from '../services/sync/syncPorts.js';
import type { Queryable } from './database.js';
import { POLICY_KINDS } from './tenantImport.js';

type Lists = { -readonly [K in (typeof POLICY_KINDS)[keyof typeof POLICY_KINDS]]: Tenant[K][number][] };

const dataOf = async <TData>(q: Queryable, sql: string): Promise<TData[]> => (await q.query<{ data: TData }>(sql)).map((row) => row.data);

/** The tenant's small lists (policies, resource accounts, numbers) as stored, each in snapshot order. */
export async function readTenantLists(q: Queryable): Promise<DirectoryLists> {
  const policies = await q.query<{ kind: keyof typeof POLICY_KINDS; data: never }>('SELECT kind, data FROM tenant_policies ORDER BY kind, ordinal');
  const lists: Lists = { callingPolicies: [], voiceRoutingPolicies: [], emergencyCallRoutingPolicies: [], sharedCallingPolicies: [] };
  for (const policy of policies) lists[POLICY_KINDS[policy.kind]].push(policy.data);
  return {
    ...lists,
    resourceAccounts: await dataOf<ResourceAccount>(q, 'SELECT data FROM tenant_resource_accounts ORDER BY ordinal'),
    phoneNumbers: await dataOf<PhoneNumber>(q, 'SELECT data FROM tenant_phone_numbers ORDER BY ordinal'),
  };
}

/**
 * The whole stored tenant, every list in snapshot order, so that core can build its lookup
 * and relationship graph from it exactly as from the imported snapshot. Undefined before
 * the first import. Run it in a transaction for a consistent picture during a sync.
 */
export async function readTenant(q: Queryable): Promise<Tenant | undefined> {
  const [meta] = await q.query<{ tenant_id: string; captured_at: string }>('SELECT tenant_id, captured_at FROM tenant_meta');
  if (!meta) return undefined;
  const lists = await readTenantLists(q);
  return {
    tenantId: meta.tenant_id,
    capturedAt: meta.captured_at,
    users: await dataOf<User>(q, 'SELECT data FROM tenant_users ORDER BY ordinal'),
    callingSettings: await dataOf<CallingSettings>(q, 'SELECT data FROM tenant_settings ORDER BY ordinal, sip'),
    ...lists,
  };
}
