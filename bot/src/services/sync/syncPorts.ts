import type { CallingSettings, Tenant, User } from '@cgm/core';

/** Why a user was handed out: a queue jump, a hot-tier re-read that fell due, or the rolling pass. */
export type ClaimReason = 'urgent' | 'due' | 'pass';

/** A user one instance may read now: nobody else reads them until the lease runs out. */
export interface ClaimedUser {
  readonly sip: string;
  /** What the gateway is asked for (the UPN). */
  readonly identity: string;
  readonly reason: ClaimReason;
  /** The pass this read counts for. */
  readonly pass: number;
  /** That pass fills a tenant we had no copy of: nothing the read finds is drift. */
  readonly baseline: boolean;
}

/** Where the continuous pass stands (sync_progress). */
export interface PassState {
  readonly pass: number;
  readonly startedAt: Date;
  readonly users: number;
  /** Users the current pass has read so far. */
  readonly read: number;
  readonly lastPassSeconds: number | null;
  readonly directoryReadAt: Date | null;
  readonly directoryDue: boolean;
  /** A hash of the policies, resource accounts and numbers the last directory read found. */
  readonly directoryLists: string | null;
  /** A hash of the users the last applied directory read found; null once anything else wrote them. */
  readonly directoryUsers: string | null;
  /** Counts every write of the stored directory: a read records its hashes only over the version it compared. */
  readonly directoryVersion: number;
  /** Reads of this pass and earlier ones fill a tenant we had no copy of: nothing they find is drift. */
  readonly baseline: boolean;
}

/** The sizes the tiers' periods are computed from. */
export interface TierSizes {
  readonly users: number;
  readonly hot: number;
  readonly urgent: number;
}

/** What one read found, for the queue's bookkeeping. */
export interface ReadDone {
  readonly sip: string;
  readonly pass: number;
  /** When the user was claimed: a queue jump asked for after that is kept. */
  readonly claimedAt: Date;
}

/**
 * The read queue and the pass checkpoint, in the database (store/syncQueueStore.ts). Every
 * method is one statement or one short transaction: none is held across a gateway call.
 */
export interface SyncQueue {
  /** The pass row, created on first use, with how many users the pass has read (a count: for status). */
  state(now: Date): Promise<PassState>;
  /** The pass row without the count: what the read loop checks between batches. */
  current(now: Date): Promise<Omit<PassState, 'read'>>;
  /**
   * Lease up to `limit` users: queue jumps first, then due hot-tier re-reads, then the rolling pass.
   * A hot-tier read counts for the pass: the continuous pass reads the cold users first, then the
   * hot ones their tier has not reached in this pass; a whole re-read (`everyone`) takes everyone in order.
   */
  claim(now: Date, leaseMs: number, limit: number, holder: string, everyone?: boolean): Promise<ClaimedUser[]>;
  /** Lease one user for a check asked for now (`cgm sync --user`); undefined when another instance holds them. */
  claimOne(sip: string, now: Date, leaseMs: number, holder: string): Promise<ClaimedUser | undefined>;
  /** Record reads: the checkpoint moves, the hot ones fall due again `hotPeriodMs` later, leases end. */
  complete(done: readonly ReadDone[], now: Date, hotPeriodMs: number): Promise<void>;
  /** Give a user back unread, to be claimed again from `retryAt`. */
  release(sip: string, retryAt: Date): Promise<void>;
  /** Read these users before anything else (2: someone asked, 1: another read named them, which also makes them related). */
  jump(sips: readonly string[], level: 1 | 2, now: Date): Promise<number>;
  /** Keep these users hot until `until` (a recent request, a changed directory entry), due now. */
  heat(sips: readonly string[], until: Date, now: Date): Promise<void>;
  /**
   * Start the next pass if nobody is left in `pass` and it began at least `minPassMs` ago (or at
   * once with `force`); the new pass, or undefined.
   */
  nextPass(pass: number, now: Date, force: boolean, minPassMs?: number): Promise<PassState | undefined>;
  /** Make sync_users match the stored directory (new users queued in this pass, leavers dropped) and mark relationships. */
  reconcileUsers(now: Date): Promise<void>;
  /** Hot users not yet scheduled fall due spread over one hot period, so the tier is not read in one burst. */
  spreadHot(now: Date, hotPeriodMs: number): Promise<void>;
  /** Subjects of requests made in the last `windowMs`: kept hot until `windowMs` after their latest one. */
  heatRecentRequests(now: Date, windowMs: number): Promise<void>;
  sizes(now: Date): Promise<TierSizes>;
  /** The earliest hot-tier re-read still to come. */
  nextDueAt(): Promise<Date | undefined>;
  /** Whether this instance should read the directory now (asked for, or its period is over); claiming it moves its time for the others. */
  claimDirectory(now: Date, periodMs: number): Promise<boolean>;
  /** Ask for the directory to be read again at the next chance (a user who vanished, a reference nobody matches). */
  requestDirectory(): Promise<void>;
  /**
   * The directory was read at `at` and is stored as read (`lists` and `users` its hashes, recorded
   * only if the stored directory is still at `version`); with `baseline` the tenant was empty
   * before it, so the next pass records no drift.
   */
  directoryRead(at: Date, baseline: boolean, hashes: { readonly lists: string; readonly users: string; readonly version: number }): Promise<void>;
}

/** The small lists of a directory read: a change in any of them means a full health rescan. */
export type DirectoryLists = Pick<Tenant, 'callingPolicies' | 'voiceRoutingPolicies' | 'emergencyCallRoutingPolicies' | 'sharedCallingPolicies' | 'resourceAccounts' | 'phoneNumbers'>;

/** The stored directory, written when Get-CsOnlineUser shows a change (store/directoryApply.ts). */
export interface SyncDirectory {
  /** The stored users in snapshot order; undefined before any tenant was stored. */
  storedUsers(): Promise<User[] | undefined>;
  /** The stored policies, resource accounts and numbers, each in snapshot order. */
  storedLists(): Promise<DirectoryLists>;
  /**
   * Store the directory's changes (run it in a transaction): these users upserted, those removed,
   * the small lists replaced when `lists`; a first directory replaces the whole (empty) tenant.
   */
  apply(directory: Omit<Tenant, 'callingSettings'>, change: { readonly upserts: readonly User[]; readonly removals: readonly string[]; readonly lists: boolean; readonly first: boolean }, at: Date): Promise<void>;
  /** Which of these sips (lower case, with sip:) are users in the stored directory: one index probe each. */
  present(sips: readonly string[]): Promise<ReadonlySet<string>>;
  /** Users (by sip) that `refs` name, keyed by the reference's identity key; unknown refs are absent. */
  resolve(refs: readonly string[]): Promise<Map<string, string>>;
  /** The stored settings of these users (by sip), one statement for a batch of reads; users with none stored are absent. */
  storedSettings(sips: readonly string[]): Promise<ReadonlyMap<string, CallingSettings>>;
}
