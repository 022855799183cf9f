import type { CallingSettings, CleanupPlan, Finding, SettingsWrite, Tenant, TenantEdit, TenantLookup, User } from '@cgm/core';
import { HealthIndex, TenantGraph, applySettingsWrite, attachFixes, createTenantLookup, normalizeSip, planCleanup } from '@cgm/core';
import { ServiceError } from './serviceError.js';
import type { ReconcileResult, StoredFinding } from './records.js';
import type { Clock } from './clock.js';
import type { Notifier } from './notifier.js';
import type { Principal } from './principal.js';
import type { RequestSubmission, StoredRequest } from './requestService.js';
import type { HealthRepositories, StorageBundle } from './storage.js';

export interface HealthServiceOptions {
  /** The findings table and the stored tenant. */
  readonly stores: StorageBundle<HealthRepositories>;
  readonly clock: Clock;
  readonly notifier: Notifier;
}

/**
 * Tenant health: scan the synced tenant with core's rules and keep the findings table in
 * step (first seen, last seen, resolved), telling the notifier what is new or gone.
 */
/** Tenant health: the findings table kept in step with the synced tenant. */
export interface HealthService {
  /** Whether the in-memory index is built: until then the first applied change pays for a full scan. */
  readonly indexed: boolean;
  /** One user's settings changed (an applied request): re-check only what that change touches. */
  recheckSettings(settings: CallingSettings): Promise<ReconcileResult>;
  /** A full scan of the stored tenant; `announce` false for an import's starting state. */
  rescanAll(announce?: boolean): Promise<ReconcileResult>;
  /** Apply what sync observed to the tenant as it was stored, re-checking only the units the edits touch. */
  recheckEdits(before: Tenant, edits: readonly TenantEdit[]): Promise<ReconcileResult & { unitsChecked: number }>;
}

export function createHealthService(options: HealthServiceOptions): HealthService {
  const { stores, clock, notifier } = options;
  /**
   * The tenant's findings in memory, kept current edit by edit, so an applied change is
   * re-checked in microseconds instead of a full rescan (seconds at 100,000 users). It is
   * rebuilt from the database by every full rescan and every sync, which also corrects it
   * for changes another instance applied in between.
   */
  let index: HealthIndex | undefined;

  async function persist(result: Promise<ReconcileResult>, announce = true): Promise<ReconcileResult> {
    const delta = await result;
    if (announce && (delta.added.length > 0 || delta.resolved.length > 0)) await notifier.findingsChanged(delta);
    return delta;
  }

  return {
    /** Whether the index is built: until then the first applied change pays for a full scan. */
    get indexed(): boolean {
      return index !== undefined;
    },
    /**
     * One user's settings changed (an applied request): re-check only the scan units that
     * change touches and persist the difference. The first call builds the index.
     */
    async recheckSettings(settings: CallingSettings): Promise<ReconcileResult> {
      if (!index) return this.rescanAll();
      const delta = index.apply({ kind: 'setCallingSettings', settings });
      if (delta.added.length + delta.updated.length + delta.resolved.length === 0) return { added: [], resolved: [] };
      const lookup = index.graph;
      return persist(stores.transaction((tx) => tx.findings.reconcileUnits(attachFixes(lookup, [...delta.added, ...delta.updated]), delta.resolved, clock.now())));
    },
    /**
     * A full scan of the stored tenant: after an import, and to build the index. An import's
     * scan is not announced (`announce` false): its findings are the starting state, not news.
     */
    async rescanAll(announce = true): Promise<ReconcileResult> {
      const tenant = await stores.tenant.readTenant();
      if (!tenant) return { added: [], resolved: [] };
      index = HealthIndex.build(TenantGraph.fromTenant(tenant));
      const findings = attachFixes(index.graph, index.findings());
      return persist(stores.transaction((tx) => tx.findings.reconcile(findings, clock.now())), announce);
    },
    /**
     * An incremental re-check: apply what sync observed to a graph of the tenant as it was
     * stored, re-checking only the scan units those edits touch, and persist the difference.
     */
    async recheckEdits(before: Tenant, edits: readonly TenantEdit[]): Promise<ReconcileResult & { unitsChecked: number }> {
      const rebuilt = HealthIndex.build(TenantGraph.fromTenant(before));
      index = rebuilt;
      const seen = new Map<string, Finding>();
      const gone = new Map<string, Finding>();
      let unitsChecked = 0;
      for (const edit of edits) {
        const delta = rebuilt.apply(edit);
        unitsChecked += delta.unitsChecked;
        for (const finding of [...delta.added, ...delta.updated]) seen.set(JSON.stringify([finding.code, finding.subject, finding.related]), finding);
        for (const finding of delta.resolved) gone.set(JSON.stringify([finding.code, finding.subject, finding.related]), finding);
      }
      // A finding resolved by one edit and raised again by a later one is still open.
      for (const key of seen.keys()) gone.delete(key);
      const result = await persist(stores.transaction((tx) => tx.findings.reconcileUnits(attachFixes(rebuilt.graph, [...seen.values()]), [...gone.values()], clock.now())));
      return { ...result, unitsChecked };
    },
  };
}


// The Fix button of a finding on a card and POST /api/health/findings/{id}/fix: one use case.

/** A clean-up request from core's plan for one open finding; the approver's click is the approval. */
export async function requestFindingFix(
  deps: { readonly stores: StorageBundle<HealthRepositories>; readonly requests: RequestSubmission },
  principal: Principal,
  keyOrFinding: string | StoredFinding,
): Promise<{ readonly request: StoredRequest; readonly summary: string }> {
  if (!principal.isApprover) throw new ServiceError('forbidden', 'Only approvers can fix findings.');
  // A caller that has just listed the finding (Fix all) passes it, so it is not read twice.
  const stored = typeof keyOrFinding === 'string' ? await deps.stores.findings.get(keyOrFinding) : keyOrFinding;
  if (!stored || stored.resolvedAt !== null) throw new ServiceError('not-found', 'No open finding with that id.');
  const key = stored.key;
  const finding = stored.finding;
  const { subject, before, desired, writes, summary } = await planFindingCleanup(deps.stores, finding);
  const request = await deps.requests.submit(
    { requester: principal.sip, subject, kind: 'cleanup', settingsGroup: `cleanup:${finding.code}`, change: { kind: 'cleanup', findingKey: key, summary }, before, desired, writes, notes: { summary, finding }, needsApproval: false, findingKey: key },
    principal.sip,
  );
  return { request, summary };
}

/** A finding's clean-up as core plans it for its subject: their settings before and after, and the writes. */
export interface PlannedCleanup {
  readonly subject: User;
  readonly before: CallingSettings;
  readonly desired: CallingSettings;
  readonly writes: readonly SettingsWrite[];
  readonly summary: string;
}

/**
 * Plan `finding`'s clean-up on its subject's slice of the stored tenant: core's plan for the
 * finding by default, or `planOf` (an owner's Remove {name}). Refused when the plan is advice,
 * or writes anyone's settings but the subject's.
 */
export async function planFindingCleanup(
  stores: HealthRepositories,
  finding: Finding,
  planOf: (lookup: TenantLookup, subject: User) => CleanupPlan = (lookup) => planCleanup(lookup, finding),
): Promise<PlannedCleanup> {
  const store = stores.tenant;
  const subject = await store.userByRef(finding.subject);
  if (!subject) throw new ServiceError('rule-violation', 'This finding is not about a user, so it has advice rather than a fix.');
  const settings = (await store.settingsOf(finding.subject))?.settings;
  const refs = [...finding.related, ...(settings?.CallGroupTargets ?? []), ...(settings?.GroupMembershipDetails.map((d) => d.CallGroupOwnerId) ?? [])];
  const lookup = createTenantLookup((await stores.slices.read([subject], refs)).tenant);
  const plan = planOf(lookup, subject);
  if (!('writes' in plan) || plan.writes.length === 0) throw new ServiceError('rule-violation', `This finding has advice rather than an automatic fix: ${plan.summary}`);
  const identities = new Set(plan.writes.map((w) => normalizeSip(lookup.userByRef(w.identity)?.SipAddress ?? w.identity)));
  if (identities.size !== 1 || !identities.has(normalizeSip(subject.SipAddress))) throw new ServiceError('rule-violation', 'This clean-up touches several people; run the fix plan from `cgm fix-plan` instead.');
  const before = lookup.settingsOf(subject);
  const desired = plan.writes.reduce((current, write) => applySettingsWrite(current, write), before);
  return { subject, before, desired, writes: plan.writes, summary: plan.summary };
}
