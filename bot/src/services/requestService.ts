import type { CallingSettings, ChangeNotes, SettingsChange, SettingsWrite, User, ApprovalPolicy } from '@cgm/core';
import { needsApproval, normalizeSip, planSettingsWrites, validateChange } from '@cgm/core';
import { ServiceError } from './serviceError.js';
import type { ChangeRequest, RequestStatus } from '../store/requestStore.js';
import type { SettingsVersions } from '../store/settingsGroups.js';
import { changedStoredGroups } from '../store/settingsGroups.js';
import type { Clock, IdSource } from './clock.js';
import type { Notifier } from './notifier.js';
import type { Principal } from './principal.js';
import { SYSTEM_ACTOR, principalOf } from './principal.js';
import type { RequestRepositories, StorageBundle } from './storage.js';
import { loadValidationContext } from './validationLookup.js';

/** A request as this service stores it: core's change, planned writes and notes. */
export type StoredRequest = ChangeRequest<SettingsChange | CleanupChangeRecord | CoverChangeRecord, SettingsWrite, ChangeNotes | Record<string, unknown>>;

/** A clean-up request's change: the finding it fixes. */
export interface CleanupChangeRecord {
  readonly kind: 'cleanup';
  readonly findingKey: string;
  readonly summary: string;
}

export interface RequestServiceOptions {
  /** Change requests, the outbox, the audit log and the stored tenant. */
  readonly stores: StorageBundle<RequestRepositories>;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly notifier: Notifier;
  readonly approvalPolicy: ApprovalPolicy;
  readonly expiryHours: number;
  /** Called after a request is approved, so the apply worker starts at once instead of at its next poll. */
  readonly onApproved: () => void;
}

/** A new request for someone's settings, already validated and planned. */
export interface PlannedRequest {
  readonly requester: string;
  readonly subject: User;
  readonly kind: StoredRequest['kind'];
  readonly settingsGroup: string;
  readonly change: StoredRequest['change'];
  readonly before: CallingSettings;
  readonly desired: CallingSettings;
  readonly writes: readonly SettingsWrite[];
  readonly notes: StoredRequest['notes'];
  readonly needsApproval: boolean;
  readonly findingKey?: string;
}

/**
 * A cover's request (coverService.ts): approving the cover or its extension (`approval`,
 * `extension`: decided by an approver, nothing to write then), or applying its start or end
 * (`start`, `end`: submitted already approved by the cover's runner, applied by the outbox).
 */
export interface CoverChangeRecord {
  readonly kind: 'cover';
  readonly coverId: string;
  readonly phase: 'approval' | 'extension' | 'start' | 'end';
  readonly summary: string;
  readonly startsAt: string;
  readonly endsAt: string;
}

/** An approved cover (or extension) writes nothing then: its start and end are requests of their own, due at their time. */
const approvesOnly = (request: StoredRequest) => request.kind === 'cover';

/** Change requests as the API and the bot use them. */
export interface RequestService {
  /** An owner or member proposes a change to their own settings. */
  propose(principal: Principal, change: SettingsChange): Promise<StoredRequest>;
  /** A member asks to leave someone's call group; an approver always decides. */
  requestRemoval(principal: Principal, owner: User): Promise<StoredRequest>;
  approve(principal: Principal, id: string): Promise<StoredRequest>;
  reject(principal: Principal, id: string, reason: string | null): Promise<StoredRequest>;
  /** The requester withdraws a pending request. */
  cancel(principal: Principal, id: string): Promise<StoredRequest>;
  /** Expire pending requests past their age; run by the scheduler. */
  expireDue(): Promise<StoredRequest[]>;
  get(id: string): Promise<StoredRequest | undefined>;
  listMine(principal: Principal, limit?: number): Promise<StoredRequest[]>;
  listPending(limit?: number): Promise<StoredRequest[]>;
}

/**
 * Storing a request planned elsewhere (a finding's clean-up, a drift's revert): only for the
 * use cases beside this one, which the composition root hands it to; the edges never see it.
 */
export interface RequestSubmission {
  plan(principal: Principal, change: SettingsChange): Promise<PlannedRequest>;
  /** Store and announce a planned request in a transaction of its own. */
  submit(planned: PlannedRequest, autoApprovedBy?: string): Promise<StoredRequest>;
  /** Store a planned request inside the caller's transaction; call `announce` once it commits. */
  submitWithin(tx: RequestRepositories, planned: PlannedRequest, autoApprovedBy?: string): Promise<StoredRequest>;
  announce(created: StoredRequest): Promise<void>;
}

/** A requester's requests for the same settings group supersede each other; notification choices are per owner. */
function settingsGroupOf(change: SettingsChange, ownerSip?: string): string {
  if (change.kind === 'membershipNotification') return `membership:${ownerSip ?? normalizeSip(change.ownerId)}`;
  return change.kind;
}

const DECIDABLE: readonly RequestStatus[] = ['pending'];

/**
 * Change requests: propose, approve, reject, cancel, expire. Every state change is one
 * conditional update (`… WHERE status = 'pending'`) inside the transaction that also
 * writes the audit entry and the outbox job, so two server instances can never both
 * decide, nor both enqueue, one request.
 */
export function createRequestService(options: RequestServiceOptions): RequestService & RequestSubmission {
  const { stores, clock, ids, notifier } = options;

  /** Validate with core, plan the writes, and decide whether an approver must look. */
  async function plan(principal: Principal, change: SettingsChange): Promise<PlannedRequest> {
    const user = principal.user;
    const context = await loadValidationContext(stores.slices, user, change);
    const validated = validateChange({ lookup: context.lookup, user, change, groupsOf: context.groupsOf });
    if (!validated.ok) throw new ServiceError('rule-violation', 'Teams would not accept this change.', validated.problems);
    const before = context.lookup.settingsOf(user);
    const writes = planSettingsWrites(before, validated.value.desired, user.UserPrincipalName);
    if (!writes.ok) throw new ServiceError('rule-violation', 'Teams would not accept this change.', writes.problems);
    if (writes.value.length === 0) {
      throw new ServiceError('rule-violation', 'Nothing would change.', [{ code: 'no-change', path: '', message: 'These are already your settings.' }]);
    }
    const owner = change.kind === 'membershipNotification' ? context.lookup.userByRef(change.ownerId) : undefined;
    return {
      requester: principal.sip,
      subject: user,
      kind: change.kind,
      settingsGroup: settingsGroupOf(change, owner && normalizeSip(owner.SipAddress)),
      change,
      before,
      desired: validated.value.desired,
      writes: writes.value,
      notes: validated.value.notes,
      needsApproval: needsApproval(options.approvalPolicy, change, before, validated.value.desired),
    };
  }

  /**
   * The versions of the subject's settings groups the plan was made against, read in the
   * transaction that stores the request. A plan reads the settings a moment earlier; should a
   * group it changes have moved in between, the plan is stale and the caller is asked to retry.
   */
  async function baseVersionsOf(tx: RequestRepositories, subjectSip: string, planned: PlannedRequest): Promise<SettingsVersions> {
    const stored = await tx.tenant.settingsOf(subjectSip);
    if (!stored) throw new ServiceError('not-found', 'This person is no longer in the tenant.');
    const changed = changedStoredGroups(planned.before, planned.desired);
    const moved = changedStoredGroups(stored.settings, planned.before).filter((group) => changed.includes(group));
    if (moved.length > 0) throw new ServiceError('conflict', `The ${moved.join(' and ')} settings changed while this request was being made. Try again.`);
    return stored.versions;
  }

  /** Store a planned request in `tx`: supersede the requester's older pending ones, audit, and queue it when it needs no approver. */
  async function submitWithin(tx: RequestRepositories, planned: PlannedRequest, autoApprovedBy: string = SYSTEM_ACTOR): Promise<StoredRequest> {
    const now = clock.now();
    const subjectSip = normalizeSip(planned.subject.SipAddress);
    const { requests: store, audit } = tx;
    const baseVersions = await baseVersionsOf(tx, subjectSip, planned);
    // Only the requester's own older request is replaced: someone else's stays pending and is
    // decided on its own; if both are approved, the apply worker's version check keeps the
    // second from undoing the first.
    for (const older of await store.supersedePending(subjectSip, planned.settingsGroup, planned.requester, { decidedAt: now, decidedBy: SYSTEM_ACTOR })) {
      await audit.append({ at: now, actor: SYSTEM_ACTOR, action: 'request.superseded', requestId: older.id, subject: subjectSip });
    }
    const request = await store.create({
      id: ids(),
      requesterSip: planned.requester,
      subjectSip,
      kind: planned.kind,
      settingsGroup: planned.settingsGroup,
      change: planned.change,
      beforeSettings: planned.before,
      desired: planned.desired,
      writes: planned.writes,
      notes: planned.notes,
      status: planned.needsApproval ? 'pending' : 'approved',
      needsApproval: planned.needsApproval,
      createdAt: now,
      expiresAt: planned.needsApproval ? new Date(now.getTime() + options.expiryHours * 3_600_000) : null,
      findingKey: planned.findingKey ?? null,
      baseVersions,
    });
    await audit.append({ at: now, actor: planned.requester, action: 'request.proposed', requestId: request.id, subject: subjectSip, details: { kind: planned.kind, writes: planned.writes.length } });
    if (planned.needsApproval) return request;
    await audit.append({ at: now, actor: autoApprovedBy, action: 'request.approved', requestId: request.id, subject: subjectSip, details: { automatic: autoApprovedBy === SYSTEM_ACTOR } });
    await tx.outbox.enqueue(request.id, now);
    return request;
  }

  /** After the transaction that stored `created` committed: wake the apply job, tell the people concerned. */
  async function announce(created: StoredRequest): Promise<void> {
    if (created.status === 'approved') options.onApproved();
    await notifier.requestProposed(created);
  }

  async function submit(planned: PlannedRequest, autoApprovedBy: string = SYSTEM_ACTOR): Promise<StoredRequest> {
    const created = await stores.transaction((tx) => submitWithin(tx, planned, autoApprovedBy));
    await announce(created);
    return created;
  }

  /** Load a request for a decision, with the reasons a person may not decide it. */
  async function decide(principal: Principal, id: string, to: 'approved' | 'rejected', reason: string | null): Promise<StoredRequest> {
    const existing = await stores.requests.get(id);
    if (!existing) throw new ServiceError('not-found', 'No such request.');
    if (!principal.isApprover) throw new ServiceError('forbidden', 'Only approvers can approve or reject requests.');
    if (existing.requesterSip === principal.sip) throw new ServiceError('forbidden', 'You cannot decide your own request: another approver must.');
    const now = clock.now();
    const decided = await stores.transaction(async (tx) => {
      const request = await tx.requests.transition(id, { from: DECIDABLE, to, set: { decidedAt: now, decidedBy: principal.sip, decisionReason: reason } });
      if (!request) return undefined;
      await tx.audit.append({ at: now, actor: principal.sip, action: `request.${to}`, requestId: id, subject: request.subjectSip, details: reason ? { reason } : {} });
      if (to === 'approved' && !approvesOnly(request)) await tx.outbox.enqueue(id, now);
      return request;
    });
    if (!decided) {
      const current = await stores.requests.get(id);
      throw new ServiceError('conflict', `This request is already ${current?.status ?? 'gone'}${current?.decidedBy ? ` (by ${current.decidedBy})` : ''}.`);
    }
    if (to === 'approved') options.onApproved();
    await notifier.requestDecided(decided);
    return decided;
  }

  return {
    plan,
    submit,
    submitWithin,
    announce,
    /** An owner or member proposes a change to their own settings. */
    async propose(principal: Principal, change: SettingsChange): Promise<StoredRequest> {
      return submit(await plan(principal, change));
    },
    /**
     * A member asks to leave someone's call group: a change to the owner's group, requested by
     * the member, that an approver always decides (the owner is told through the request).
     */
    async requestRemoval(principal: Principal, owner: User): Promise<StoredRequest> {
      const ownerSip = normalizeSip(owner.SipAddress);
      const settings = (await stores.tenant.settingsOf(ownerSip))?.settings;
      const targets = settings?.CallGroupTargets ?? [];
      const mine = (target: string) => normalizeSip(target) === principal.sip || [principal.objectId, principal.upn].includes(target.toLowerCase());
      const remaining = targets.filter((target) => !mine(target));
      if (remaining.length === targets.length) throw new ServiceError('not-found', `You are not in ${owner.DisplayName}'s call group.`);
      const asOwner = principalOf(owner, principal.tenantId, () => false);
      const planned = await plan(asOwner, { kind: 'callGroup', order: settings?.CallGroupOrder ?? 'Simultaneous', targets: remaining });
      return submit({ ...planned, requester: principal.sip, needsApproval: true });
    },
    approve: (principal: Principal, id: string) => decide(principal, id, 'approved', null),
    reject: (principal: Principal, id: string, reason: string | null) => decide(principal, id, 'rejected', reason),
    /** The requester withdraws a pending request. */
    async cancel(principal: Principal, id: string): Promise<StoredRequest> {
      const existing = await stores.requests.get(id);
      if (!existing || existing.requesterSip !== principal.sip) throw new ServiceError('not-found', 'No such request of yours.');
      const now = clock.now();
      const cancelled = await stores.transaction(async (tx) => {
        const request = await tx.requests.transition(id, { from: DECIDABLE, to: 'cancelled', set: { decidedAt: now, decidedBy: principal.sip } });
        if (request) await tx.audit.append({ at: now, actor: principal.sip, action: 'request.cancelled', requestId: id, subject: request.subjectSip });
        return request;
      });
      if (!cancelled) throw new ServiceError('conflict', `This request is already ${existing.status}; only a pending request can be cancelled.`);
      return cancelled;
    },
    /** Expire pending requests past their age; run by the scheduler. */
    async expireDue(): Promise<StoredRequest[]> {
      const now = clock.now();
      const expired = await stores.transaction(async (tx) => {
        const rows = await tx.requests.expireOlderThan(now);
        const { audit } = tx;
        for (const row of rows) await audit.append({ at: now, actor: SYSTEM_ACTOR, action: 'request.expired', requestId: row.id, subject: row.subjectSip });
        return rows;
      });
      for (const request of expired) await notifier.requestDecided(request);
      return expired;
    },
    get: (id: string) => stores.requests.get(id),
    listMine: (principal: Principal, limit = 20) => stores.requests.listByRequester(principal.sip, limit),
    listPending: (limit = 100) => stores.requests.listPendingForApproval(limit),
  };
}

