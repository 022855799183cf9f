import type { Finding, Tenant, TenantEdit } from '@cgm/core';
import { HealthIndex, TenantGraph, attachFixes, createTenantLookup } from '@cgm/core';
import type { Database } from '../store/database.js';
import { createFindingStore } from '../store/findingStore.js';
import type { ReconcileResult } from '../store/findingStore.js';
import { createTenantStore } from '../store/tenantStore.js';
import type { Clock } from './clock.js';
import type { Notifier } from './notifier.js';

export interface HealthServiceOptions {
  readonly db: Database;
  readonly clock: Clock;
  readonly notifier: Notifier;
}

/**
 * Tenant health: scan the synced tenant with core's rules and keep the findings table in
 * step (first seen, last seen, resolved), telling the notifier what is new or gone.
 */
export function createHealthService(options: HealthServiceOptions) {
  const { db, clock, notifier } = options;

  async function persist(result: Promise<ReconcileResult>): Promise<ReconcileResult> {
    const delta = await result;
    if (delta.added.length > 0 || delta.resolved.length > 0) await notifier.findingsChanged(delta);
    return delta;
  }

  /** Findings with their clean-up plans, as the API and cards show them. */
  const withFixes = (tenant: Tenant, findings: readonly Finding[]) => attachFixes(createTenantLookup(tenant), findings);

  return {
    /** A full scan of the stored tenant; after import, and after applied changes. */
    async rescanAll(): Promise<ReconcileResult> {
      const tenant = await createTenantStore(db).readTenant();
      if (!tenant) return { added: [], resolved: [] };
      const findings = withFixes(tenant, HealthIndex.build(TenantGraph.fromTenant(tenant)).findings());
      return persist(db.transaction((tx) => createFindingStore(tx).reconcile(findings, clock.now())));
    },
    /**
     * An incremental re-check: apply what sync observed to a graph of the tenant as it was
     * stored, re-checking only the scan units those edits touch, and persist the difference.
     */
    async recheckEdits(before: Tenant, edits: readonly TenantEdit[], after: Tenant): Promise<ReconcileResult & { unitsChecked: number }> {
      const index = HealthIndex.build(TenantGraph.fromTenant(before));
      const seen = new Map<string, Finding>();
      const gone = new Map<string, Finding>();
      let unitsChecked = 0;
      for (const edit of edits) {
        const delta = index.apply(edit);
        unitsChecked += delta.unitsChecked;
        for (const finding of [...delta.added, ...delta.updated]) seen.set(JSON.stringify([finding.code, finding.subject, finding.related]), finding);
        for (const finding of delta.resolved) gone.set(JSON.stringify([finding.code, finding.subject, finding.related]), finding);
      }
      // A finding resolved by one edit and raised again by a later one is still open.
      for (const key of seen.keys()) gone.delete(key);
      const result = await persist(db.transaction((tx) => createFindingStore(tx).reconcileUnits(withFixes(after, [...seen.values()]), [...gone.values()], clock.now())));
      return { ...result, unitsChecked };
    },
  };
}

export type HealthService = ReturnType<typeof createHealthService>;
