import type { Finding } from '@cgm/core';
import type { CoverRecord } from '../store/coverStore.js';
import type { ChangeRequest } from '../store/requestStore.js';
import type { DriftRecord } from './records.js';

/**
 * What services tell people about, through whatever surface is wired in: the bot's cards
 * in Teams chat, or nothing. Services call it after their transaction commits,
 * and a failure to notify never undoes a decision.
 */
export interface Notifier extends CoverNotices {
  requestProposed(request: ChangeRequest): Promise<void>;
  requestDecided(request: ChangeRequest): Promise<void>;
  requestApplied(request: ChangeRequest): Promise<void>;
  /**
   * An approved request that will not be applied, its reason in `failure`: Teams refused it
   * (`failed`), or a newer request applied first changed the same settings (`superseded`).
   * Either way the requester is told.
   */
  requestFailed(request: ChangeRequest): Promise<void>;
  findingsChanged(change: { added: readonly Finding[]; resolved: readonly Finding[] }): Promise<void>;
  driftDetected(records: readonly DriftRecord[]): Promise<void>;
}

/** What a cover notice carries: the cover as stored now, who covers, and their names. */
export interface CoverNotice {
  /** Its status, period, notes (what the start or end did), `heldReason`, `failure`, lateness. */
  readonly cover: CoverRecord;
  /** The people who pick up the owner's calls during the cover (members added, forwarding target, delegate), canonical `sip:` URIs. */
  readonly covering: readonly string[];
  /** Display names by canonical `sip:` URI: the owner's and the covering people's the directory knows. */
  readonly names: Readonly<Record<string, string>>;
}

/**
 * What covers tell people (coverRunner.ts). Each is called once per event, after the
 * transaction that recorded it committed; approvers hear of a cover waiting for them through
 * requestProposed, as of any request (a cover's request has kind `cover`).
 */
export interface CoverNotices {
  /** The start was applied: tell the covering people ("You now pick up Alex Wilber's calls until 3 January") and the owner. */
  coverStarted(notice: CoverNotice): Promise<void>;
  /** The end was applied, or found nothing left to take back: tell the covering people and the owner (`cover.notes` say what). */
  coverEnded(notice: CoverNotice): Promise<void>;
  /** A day before the end: tell the owner, with Extend (PATCH endsAt) and End now (DELETE). */
  coverEndingSoon(notice: CoverNotice): Promise<void>;
  /** The end is held (`cover.heldReason`); the cover stays active: tell the owner and the approvers. */
  coverHeld(notice: CoverNotice): Promise<void>;
  /** The start could not be applied (`cover.failure`): tell the owner. */
  coverFailed(notice: CoverNotice): Promise<void>;
}

/** Covers tell nobody: the default, and what a surface without cover cards spreads in. */
export const silentCoverNotices: CoverNotices = {
  coverStarted: async () => undefined,
  coverEnded: async () => undefined,
  coverEndingSoon: async () => undefined,
  coverHeld: async () => undefined,
  coverFailed: async () => undefined,
};

/** A notifier that tells nobody: the default until the bot is configured. */
export const silentNotifier: Notifier = {
  requestProposed: async () => undefined,
  requestDecided: async () => undefined,
  requestApplied: async () => undefined,
  requestFailed: async () => undefined,
  findingsChanged: async () => undefined,
  driftDetected: async () => undefined,
  ...silentCoverNotices,
};
