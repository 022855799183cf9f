import type { Finding } from '@cgm/core';
import type { ChangeRequest } from '../store/requestStore.js';
import type { DriftRecord } from './records.js';

/**
 * What services tell people about, through whatever surface is wired in: the bot's cards
 * in Teams chat (issue C), or nothing. Services call it after their transaction commits,
 * and a failure to notify never undoes a decision.
 */
export interface Notifier {
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

/** A notifier that tells nobody: the default until the bot is configured. */
export const silentNotifier: Notifier = {
  requestProposed: async () => undefined,
  requestDecided: async () => undefined,
  requestApplied: async () => undefined,
  requestFailed: async () => undefined,
  findingsChanged: async () => undefined,
  driftDetected: async () => undefined,
};
