import { createAppSettingsStore } from './appSettingsStore.js';
import type { AppSettingsStore } from './appSettingsStore.js';
import { createAuditLog } from './auditLog.js';
import type { AuditLog } from './auditLog.js';
import { createCardMessageStore } from './cardMessageStore.js';
import type { CardMessageStore } from './cardMessageStore.js';
import { createConversationStore } from './conversationStore.js';
import { createCoverJobStore } from './coverJobStore.js';
import type { CoverJobStore } from './coverJobStore.js';
import { createCoverStore } from './coverStore.js';
import type { CoverStore } from './coverStore.js';
import type { ConversationStore } from './conversationStore.js';
import type { User } from '@cgm/core';
import type { Database, Queryable } from './database.js';
import { createDriftStore } from './driftStore.js';
import type { DriftStore } from './driftStore.js';
import { createFindingStore } from './findingStore.js';
import type { FindingStore } from './findingStore.js';
import { createOutboxStore } from './outboxStore.js';
import { createProblemStore } from './problemStore.js';
import type { ProblemStore } from './problemStore.js';
import { createPreferenceStore } from './preferenceStore.js';
import type { PreferenceStore } from './preferenceStore.js';
import type { OutboxStore } from './outboxStore.js';
import { createRequestStore } from './requestStore.js';
import { createSyncDirectoryStore } from './directoryApply.js';
import { createSyncQueueStore } from './syncQueueStore.js';
import type { SyncDirectory, SyncQueue } from '../services/sync/syncPorts.js';
import { lockApplySubject } from './subjectLock.js';
import { readTenantSlice } from './tenantSlice.js';
import type { TenantSliceRead } from './tenantSlice.js';
import type { RequestStore } from './requestStore.js';
import { createTenantStore } from './tenantStore.js';
import type { TenantStore } from './tenantStore.js';

/**
 * Every repository over one database or one transaction. The type parameters are the stored
 * request's change, writes and notes, which the service layer names (StoredRequest).
 */
export interface Stores<TChange = unknown, TWrite = unknown, TNotes = unknown> {
  readonly tenant: TenantStore;
  readonly requests: RequestStore<TChange, TWrite, TNotes>;
  readonly outbox: OutboxStore;
  readonly audit: AuditLog;
  readonly findings: FindingStore;
  readonly drift: DriftStore;
  readonly conversations: ConversationStore;
  readonly cards: CardMessageStore;
  readonly settings: AppSettingsStore;
  readonly problems: ProblemStore;
  readonly preferences: PreferenceStore;
  readonly subjects: SubjectLocks;
  readonly slices: TenantSlices;
  /** Covers and their due jobs (migration 010). */
  readonly covers: CoverStore;
  readonly coverJobs: CoverJobStore;
  /** Sync's read queue and pass checkpoint, and the directory it keeps (migration 009). */
  readonly syncQueue: SyncQueue;
  readonly syncDirectory: SyncDirectory;
}

/** The part of the synced tenant one decision reads, in one statement (store/tenantSlice.ts). */
export interface TenantSlices {
  read(users: readonly User[], refs: readonly string[]): Promise<TenantSliceRead>;
}

/** Per-subject locks held until the transaction ends (store/subjectLock.ts). */
export interface SubjectLocks {
  lockApply(subjectSip: string): Promise<void>;
}

/**
 * The repositories over `q`. Use case code composes them inside one transaction:
 * `db.transaction(async (tx) => { const s = createStores(tx); … })`. They are cheap
 * objects over `q`, so build them per transaction rather than keeping them.
 */
export function createStores<TChange = unknown, TWrite = unknown, TNotes = unknown>(q: Queryable): Stores<TChange, TWrite, TNotes> {
  return {
    tenant: createTenantStore(q),
    requests: createRequestStore<TChange, TWrite, TNotes>(q),
    outbox: createOutboxStore(q),
    audit: createAuditLog(q),
    findings: createFindingStore(q),
    drift: createDriftStore(q),
    conversations: createConversationStore(q),
    cards: createCardMessageStore(q),
    settings: createAppSettingsStore(q),
    problems: createProblemStore(q),
    preferences: createPreferenceStore(q),
    subjects: { lockApply: (subjectSip) => lockApplySubject(q, subjectSip) },
    slices: { read: (users, refs) => readTenantSlice(q, users, refs) },
    covers: createCoverStore(q),
    coverJobs: createCoverJobStore(q),
    syncQueue: createSyncQueueStore(q),
    syncDirectory: createSyncDirectoryStore(q),
  };
}

/** The repositories over the database, and `transaction` handing them over one transaction: the storage port services take. */
export type StoreBundle<TChange = unknown, TWrite = unknown, TNotes = unknown> = Stores<TChange, TWrite, TNotes> & {
  transaction<TValue>(fn: (stores: Stores<TChange, TWrite, TNotes>) => Promise<TValue>): Promise<TValue>;
};

export function createStoreBundle<TChange = unknown, TWrite = unknown, TNotes = unknown>(db: Database): StoreBundle<TChange, TWrite, TNotes> {
  return { ...createStores<TChange, TWrite, TNotes>(db), transaction: (fn) => db.transaction((tx) => fn(createStores<TChange, TWrite, TNotes>(tx))) };
}
