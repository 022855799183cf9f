import type { CallingSettings } from '@cgm/core';
import type { DirectoryPort } from '../services/directoryService.js';
import type { Queryable } from './database.js';
import { readGroupMembers } from './memberIndex.js';
import { createTenantStore } from './tenantStore.js';
import { resolveUserRefs } from './userRefs.js';

/** The directory service's port over SQL. */
export function createDirectoryPort(q: Queryable): DirectoryPort {
  const tenant = createTenantStore(q);
  return {
    userByRef: (ref) => tenant.userByRef(ref),
    resolve: (refs) => resolveUserRefs(q, refs),
    async notificationIn(memberSip, ownerSip) {
      const membership = (await tenant.groupsContaining(memberSip)).find((group) => group.ownerSip === ownerSip);
      return membership ? membership.notification : undefined;
    },
    async settingsOf(sips) {
      const rows = await q.query<{ sip: string; data: CallingSettings }>('SELECT sip, data FROM tenant_settings WHERE sip = ANY($1::text[])', [[...sips]]);
      return new Map(rows.map((row) => [row.sip, row.data] as const));
    },
    membersOf: (ownerSips) => readGroupMembers(q, ownerSips),
  };
}
