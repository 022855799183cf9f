import type { Tenant } from '../model/tenant.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from './snapshotParser.js';

/** The wire form of a tenant: a `cgm.tenant-snapshot` v1 document with every key written out. */
export interface SnapshotDocument extends Tenant {
  readonly format: typeof SNAPSHOT_FORMAT;
  readonly version: typeof SNAPSHOT_VERSION;
}

/**
 * The snapshot document of a tenant, ready for `JSON.stringify` (export, the demo
 * tenant, test fixtures). Every default is written out rather than omitted, so the
 * file says what the product assumed; `parseSnapshot(toSnapshotDocument(t))` gives
 * back a tenant equal to `t`.
 */
export function toSnapshotDocument(tenant: Tenant): SnapshotDocument {
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    tenantId: tenant.tenantId,
    capturedAt: tenant.capturedAt,
    users: tenant.users,
    callingSettings: tenant.callingSettings,
    callingPolicies: tenant.callingPolicies,
    voiceRoutingPolicies: tenant.voiceRoutingPolicies,
    emergencyCallRoutingPolicies: tenant.emergencyCallRoutingPolicies,
    sharedCallingPolicies: tenant.sharedCallingPolicies,
    resourceAccounts: tenant.resourceAccounts,
    phoneNumbers: tenant.phoneNumbers,
  };
}
