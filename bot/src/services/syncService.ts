import type { CallingSettings, Tenant, TenantEdit, User } from '@cgm/core';
import { defaultCallingSettings, normalizeSip, planSettingsWrites } from '@cgm/core';
import { ServiceError } from './serviceError.js';
import type { CallingGateway } from '../gateway/callingGateway.js';
import { GatewayError } from '../gateway/callingGateway.js';
import type { Database } from '../store/database.js';
import type { DriftRecord } from './records.js';
import type { SettingsGroup } from '../store/settingsGroups.js';
import { GROUP_FIELDS, changedStoredGroups } from '../store/settingsGroups.js';
import type { DriftResolutionRepositories, RequestRepositories, StorageBundle, SyncRepositories } from './storage.js';
import type { Clock, IdSource } from './clock.js';
import type { HealthService } from './healthService.js';
import type { Notifier } from './notifier.js';
import type { Principal } from './principal.js';
import { SYSTEM_ACTOR } from './principal.js';
import type { RequestSubmission, StoredRequest } from './requestService.js';

/** One instance at a time runs sync, whichever instance's timer fires first. */
export const SYNC_LOCK_KEY = 0x43474d02;

export interface SyncServiceOptions {
  /** For the lock that lets one instance at a time run sync. */
  readonly db: Database;
  /** The stored tenant, requests in flight, drift records and the audit log. */
  readonly stores: StorageBundle<SyncRepositories>;
  readonly gateway: CallingGateway;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly health: HealthService;
  readonly notifier: Notifier;
  /** Per-user reads in flight at once: Teams throttles its admin API per tenant. */
  readonly concurrency: number;
  /** Pause before retrying a throttled or failed read when Teams gives no Retry-After. */
  readonly retryDelayMs?: number;
  readonly maxRetries?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface SyncResult {
  readonly ran: boolean;
  readonly users: number;
  readonly settingsChanged: number;
  readonly drift: readonly DriftRecord[];
  readonly findingsAdded: number;
  readonly findingsResolved: number;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Policies, resource accounts and numbers are small lists that affect many users: a change there means a full rescan. */
function policiesChanged(before: Tenant, after: Tenant): boolean {
  const lists = (t: Tenant) => JSON.stringify([t.callingPolicies, t.voiceRoutingPolicies, t.emergencyCallRoutingPolicies, t.sharedCallingPolicies, t.resourceAccounts, t.phoneNumbers]);
  return lists(before) !== lists(after);
}

/** Users who joined, left or changed (license, policy, enabled...), as graph edits. */
function userEdits(before: readonly User[], after: readonly User[]): TenantEdit[] {
  const previous = new Map(before.map((user) => [user.Identity.toLowerCase(), JSON.stringify(user)] as const));
  const edits: TenantEdit[] = [];
  for (const user of after) {
    const key = user.Identity.toLowerCase();
    if (previous.get(key) !== JSON.stringify(user)) edits.push({ kind: 'upsertUser', user });
    previous.delete(key);
  }
  for (const gone of previous.keys()) edits.push({ kind: 'removeUser', ref: gone });
  return edits;
}

/** Run `fn` over `items` with at most `limit` in flight, keeping input order in the result. */
async function mapLimit<TItem, TResult>(items: readonly TItem[], limit: number, fn: (item: TItem) => Promise<TResult>): Promise<TResult[]> {
  const results = new Array<TResult>(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await fn(items[index] as TItem);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/**
 * Sync re-reads the tenant through the gateway, stores it, and records drift: settings
 * that changed in Teams without a request applied by this app (someone edited their
 * group in the Teams client, which no policy can prevent). Health is re-checked for
 * exactly what changed.
 */
/** Re-reading the tenant from Teams: store what changed, record drift, re-check health. */
export interface SyncService {
  /** Run one sync unless another instance is running one; `ran: false` then. */
  runOnce(): Promise<SyncResult>;
}

export function createSyncService(options: SyncServiceOptions): SyncService {
  const { db, stores, gateway, clock, ids, health, notifier } = options;
  const sleep = options.sleep ?? realSleep;
  const maxRetries = options.maxRetries ?? 6;

  /** A read that waits out throttling (Retry-After, else exponential) and transient failures. */
  async function readWithBackoff(user: User): Promise<CallingSettings> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await gateway.readSettings(user.UserPrincipalName);
      } catch (error) {
        if (!(error instanceof GatewayError) || !error.retryable || attempt >= maxRetries) throw error;
        await sleep(error.retryAfterMs ?? (options.retryDelayMs ?? 1_000) * 2 ** attempt);
      }
    }
  }

  async function syncOnce(): Promise<Omit<SyncResult, 'ran'>> {
    const directory = await gateway.readDirectory();
    const settings = await mapLimit(directory.users, options.concurrency, readWithBackoff);
    const fresh: Tenant = { ...directory, callingSettings: directory.users.map((user, i) => ({ ...(settings[i] as CallingSettings), SipUri: normalizeSip(user.SipAddress) })) };
    const before = (await stores.tenant.readTenant()) ?? { ...fresh, users: [], callingSettings: [] };

    // Requests approved but not yet applied explain their own differences: not drift.
    const inFlight = await stores.requests.subjectsInFlight();
    const storedBySip = new Map(before.callingSettings.map((s) => [normalizeSip(s.SipUri), s] as const));
    const now = clock.now();
    const edits: TenantEdit[] = userEdits(before.users, fresh.users);
    const drift: DriftRecord[] = [];
    await stores.transaction(async (tx) => {
      const { drift: drifts, audit } = tx;
      for (const next of fresh.callingSettings) {
        const sip = normalizeSip(next.SipUri);
        const previous = storedBySip.get(sip) ?? defaultCallingSettings(sip);
        const changed = changedStoredGroups(previous, next);
        if (changed.length === 0) continue;
        edits.push({ kind: 'setCallingSettings', settings: next });
        if (inFlight.has(sip) || !before.users.length) continue;
        for (const group of changed) {
          const record = await drifts.record({ id: ids(), subjectSip: sip, settingsGroup: group, beforeSettings: previous, afterSettings: next, detectedAt: now });
          await audit.append({ at: now, actor: SYSTEM_ACTOR, action: 'drift.detected', subject: sip, details: { driftId: record.id, settingsGroup: group } });
          drift.push(record);
        }
      }
      await tx.tenant.replaceTenant(fresh, now);
      await audit.append({ at: now, actor: SYSTEM_ACTOR, action: 'sync.completed', details: { users: fresh.users.length, settingsChanged: edits.filter((e) => e.kind === 'setCallingSettings').length, drift: drift.length } });
    });
    const delta = policiesChanged(before, fresh) ? await health.rescanAll() : await health.recheckEdits(before, edits);
    if (drift.length > 0) await notifier.driftDetected(drift);
    return { users: fresh.users.length, settingsChanged: edits.filter((e) => e.kind === 'setCallingSettings').length, drift, findingsAdded: delta.added.length, findingsResolved: delta.resolved.length };
  }

  return {
    /** Run one sync unless another instance is running one; `ran: false` then. */
    async runOnce(): Promise<SyncResult> {
      const outcome = await db.withAdvisoryLock(SYNC_LOCK_KEY, syncOnce);
      if (!outcome.ran) return { ran: false, users: 0, settingsChanged: 0, drift: [], findingsAdded: 0, findingsResolved: 0 };
      return { ran: true, ...outcome.value };
    },
  };
}


// An approver's answer to a drift alert, from a card or the API.

/**
 * Accept a drift record (the direct edit becomes the approved state) or revert it: a request,
 * approved by the approver's click, that writes the settings group back as it was before.
 * Undefined request for an accept; a 409 when someone else resolved it first.
 */
export async function resolveDrift(
  deps: { readonly stores: StorageBundle<DriftResolutionRepositories>; readonly clock: Clock; readonly requests: RequestSubmission },
  principal: Principal,
  id: string,
  resolution: 'accepted' | 'reverted',
): Promise<{ readonly drift: DriftRecord; readonly request?: StoredRequest }> {
  if (!principal.isApprover) throw new ServiceError('forbidden', 'Only approvers can accept or revert changes made in Teams.');
  const now = deps.clock.now();
  // One transaction: the resolution, the revert request and the audit entry land together or not at all.
  const outcome = await deps.stores.transaction(async (tx) => {
    const drifts = tx.drift;
    const drift = await drifts.get(id);
    if (!drift) throw new ServiceError('not-found', 'No such change.');
    if (drift.status !== 'open') throw new ServiceError('conflict', `This change was already ${drift.status}${drift.resolvedBy ? ` by ${drift.resolvedBy}` : ''}.`);
    // The conditional update first: of two approvers clicking at once, the second waits here and then finds it resolved.
    const resolved = await drifts.resolve(id, { status: resolution, by: principal.sip, at: now });
    if (!resolved) throw new ServiceError('conflict', 'Someone else resolved this change first.');
    const request = resolution === 'reverted' ? await submitRevert(tx, deps.requests, principal, drift) : undefined;
    await tx.audit.append({ at: now, actor: principal.sip, action: `drift.${resolution}`, subject: drift.subjectSip, details: { driftId: id, ...(request ? { requestId: request.id } : {}) } });
    return { drift: resolved, ...(request ? { request } : {}) };
  });
  if (outcome.request) await deps.requests.announce(outcome.request);
  return outcome;
}

/** A request, approved by the approver's click, that writes the drifted settings group back as it was before. */
async function submitRevert(tx: RequestRepositories, requests: RequestSubmission, principal: Principal, drift: DriftRecord): Promise<StoredRequest> {
  const store = tx.tenant;
  const subject = await store.userByRef(drift.subjectSip);
  const current = (await store.settingsOf(drift.subjectSip))?.settings;
  if (!subject || !current) throw new ServiceError('not-found', 'This person is no longer in the tenant.');
  const desired = { ...current } as Record<keyof CallingSettings, unknown>;
  // Drift is recorded per stored settings group (changedStoredGroups), so GROUP_FIELDS names its fields.
  for (const field of GROUP_FIELDS[drift.settingsGroup as SettingsGroup] ?? []) desired[field] = drift.beforeSettings[field];
  const writes = planSettingsWrites(current, desired as unknown as CallingSettings, subject.UserPrincipalName);
  if (!writes.ok) throw new ServiceError('rule-violation', 'Teams would not accept the approved settings any more.', writes.problems);
  return requests.submitWithin(
    tx,
    { requester: principal.sip, subject, kind: 'cleanup', settingsGroup: `revert:${drift.settingsGroup}`, change: { kind: 'cleanup', findingKey: `drift:${drift.id}`, summary: `Restore the approved ${drift.settingsGroup} settings` }, before: current, desired: desired as unknown as CallingSettings, writes: writes.value, notes: { summary: `Revert a change made directly in Teams`, driftId: drift.id }, needsApproval: false },
    principal.sip,
  );
}
