import type { SettingsWrite } from '@cgm/core';
import type { AuditLog } from '../store/auditLog.js';
import type { CoverJobStore } from '../store/coverJobStore.js';
import type { CoverStore } from '../store/coverStore.js';
import type { DriftStore } from '../store/driftStore.js';
import type { FindingStore } from '../store/findingStore.js';
import type { OutboxStore } from '../store/outboxStore.js';
import type { ProblemStore } from '../store/problemStore.js';
import type { RequestStore } from '../store/requestStore.js';
import type { SubjectLocks, TenantSlices } from '../store/stores.js';
import type { TenantStore } from '../store/tenantStore.js';
import type { PreferencePort } from './preferenceService.js';
import type { StoredRequest } from './requestService.js';
import type { SyncDirectory, SyncQueue } from './sync/syncPorts.js';

/**
 * How a use case reaches storage: repositories over the database for single reads and writes,
 * and `transaction`, which hands the same repositories over one transaction. The service never
 * builds a repository itself; store/stores.ts's createStoreBundle implements this.
 */
export type StorageBundle<TRepositories> = TRepositories & {
  transaction<TValue>(fn: (repositories: TRepositories) => Promise<TValue>): Promise<TValue>;
};

/** The repositories applying a request uses. */
export interface ApplyRepositories {
  readonly requests: RequestStore;
  readonly outbox: OutboxStore;
  readonly audit: AuditLog;
  readonly tenant: TenantStore;
  /** Inside a transaction: wait for the subject's apply lock, released at commit (applyOrder.ts). */
  readonly subjects: SubjectLocks;
}

/** The part of the synced tenant one decision reads: the given users, everyone `refs` names, their settings and every policy. */
export type { TenantSlices };

/** The repositories tenant health and a finding's fix use. */
export interface HealthRepositories {
  readonly findings: FindingStore;
  readonly tenant: TenantStore;
  readonly slices: TenantSlices;
}

/** A person's own problems: the findings naming them, their snoozes, and their requests for them. */
export interface ProblemRepositories extends HealthRepositories {
  readonly problems: ProblemStore;
  readonly requests: StoredRequestStore;
}

/** Change requests typed as the request service stores them. */
export type StoredRequestStore = RequestStore<StoredRequest['change'], SettingsWrite, StoredRequest['notes']>;

/** The repositories proposing and deciding a change request use. */
export interface RequestRepositories {
  readonly requests: StoredRequestStore;
  readonly outbox: OutboxStore;
  readonly audit: AuditLog;
  readonly tenant: TenantStore;
  readonly slices: TenantSlices;
}

/** Covers: the cover and its due jobs, with the requests that approve, start and end it, in one transaction. */
export interface CoverRepositories extends RequestRepositories {
  readonly covers: CoverStore;
  readonly coverJobs: CoverJobStore;
}

/** Resolving a change made in Teams: the drift record, and a revert request in the same transaction. */
export interface DriftResolutionRepositories extends RequestRepositories {
  readonly drift: DriftStore;
}

/** The repositories a sync from Teams uses: the stored tenant, requests in flight, drift records, the audit log, its read queue and the directory it keeps. */
export interface SyncRepositories {
  readonly tenant: TenantStore;
  readonly requests: StoredRequestStore;
  readonly drift: DriftStore;
  readonly audit: AuditLog;
  readonly syncQueue: SyncQueue;
  readonly syncDirectory: SyncDirectory;
}

/** The repository notification preferences use: one row per person who chose anything. */
export interface PreferenceRepositories {
  readonly preferences: PreferencePort;
}
