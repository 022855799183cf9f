import type { CallingSettings } from '@cgm/core';
import type { CallingGateway } from '../gateway/callingGateway.js';
import type { Database } from '../store/database.js';
import type { ApplyWorkerOptions } from './applyWorker.js';
import { createApplyWorker } from './applyWorker.js';
import type { Clock } from './clock.js';
import type { HealthService } from './healthService.js';
import type { Notifier } from './notifier.js';

/** The apply job's handle: the scheduler runs it now instead of at its next tick. */
export interface ApplyWake {
  wake(): void;
}

/** The stored settings the re-check after an apply reads; store/tenantStore.ts's settingsOf fits it. */
export interface AppliedSettingsPort {
  settingsOf(sip: string): Promise<{ readonly settings: CallingSettings } | undefined>;
}

/**
 * Applying approved changes as one use case: an approval wakes the apply job at once, one run
 * applies what is due and then re-checks tenant health for the people whose settings changed,
 * and the first run builds the health index so the first change after a start does not wait for it.
 */
export interface ApplyService {
  /** A request was approved: apply it now rather than at the next poll. */
  approved(): void;
  /** Apply what is due, then re-check health for the people whose settings changed; how many jobs it claimed. */
  runOnce(): Promise<number>;
  /** The apply job's run: builds the health index first if this instance has none yet. */
  runScheduled(): Promise<number>;
  /** Stop holding this instance's jobs (shutdown). */
  close(): Promise<void>;
}

export interface ApplyServiceOptions extends Pick<ApplyWorkerOptions, 'stores' | 'leaseMs' | 'maxAttempts' | 'baseBackoffMs' | 'maxBackoffMs'> {
  readonly db: Database;
  readonly gateway: CallingGateway;
  readonly clock: Clock;
  readonly notifier: Notifier;
  readonly health: HealthService;
  readonly settings: AppliedSettingsPort;
  readonly wake: ApplyWake;
}

export function createApplyService(options: ApplyServiceOptions): ApplyService {
  const { health } = options;
  const settled = new Set<string>();
  const worker = createApplyWorker({ ...options, onSettled: (request) => void settled.add(request.subjectSip) });
  return {
    approved: () => options.wake.wake(),
    async runOnce() {
      const claimed = await worker.drain();
      for (const sip of [...settled]) {
        settled.delete(sip);
        const stored = await options.settings.settingsOf(sip);
        if (stored) await health.recheckSettings(stored.settings);
      }
      return claimed;
    },
    async runScheduled() {
      // A full scan: seconds at 100,000 users, paid by the job's first run rather than by the first approval.
      if (!health.indexed) await health.rescanAll();
      return this.runOnce();
    },
    close: () => worker.close(),
  };
}
