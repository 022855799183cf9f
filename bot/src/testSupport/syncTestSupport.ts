import type { SettingsWrite, Tenant } from '@cgm/core';
import { createLocalCallingGateway } from '../gateway/local/localCallingGateway.js';
import type { LocalCallingGateway } from '../gateway/local/localCallingGateway.js';
import type { Database } from '../store/database.js';
import { createStoreBundle } from '../store/stores.js';
import { createTenantStore } from '../store/tenantStore.js';
import type { Timer } from '../services/clock.js';
import { createHealthService } from '../services/healthService.js';
import type { Notifier } from '../services/notifier.js';
import { silentNotifier } from '../services/notifier.js';
import type { StoredRequest } from '../services/requestService.js';
import type { SyncService, SyncServiceOptions } from '../services/syncService.js';
import { createSyncService } from '../services/syncService.js';

/**
 * A test timer that jumps: `sleep(ms)` moves the clock to the sleeper's wake time (never back)
 * on the next turn of the event loop. Pacing and Retry-After then cost no wall time, and
 * simulated time advances exactly as far as the service waited.
 */
export function jumpingTimer(start = new Date('2026-11-22T09:00:00Z')): Timer & { advance(ms: number): void; slept: number } {
  let now = start.getTime();
  const timer = {
    slept: 0,
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
    async sleep(ms: number) {
      const wake = now + Math.max(0, ms);
      timer.slept += Math.max(0, ms);
      await new Promise((resolve) => setImmediate(resolve));
      now = Math.max(now, wake);
    },
  };
  return timer;
}

/** Seed the embedded Teams and the stored copy with `tenant`, as `cgm import` does. */
export async function seedTenant(db: Database, gateway: LocalCallingGateway, tenant: Tenant, at: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await gateway.seed(tenant, tx);
    await createTenantStore(tx).replaceTenant(tenant, at);
  });
}

/** A sync service over `db` and a local gateway, on `timer`; `gateway` may be shared by several instances. */
export function syncInstance(db: Database, timer: Timer, options: { gateway?: LocalCallingGateway; notifier?: Notifier } & Partial<SyncServiceOptions> = {}): { sync: SyncService; gateway: LocalCallingGateway } {
  const gateway = options.gateway ?? createLocalCallingGateway(db);
  const stores = createStoreBundle<StoredRequest['change'], SettingsWrite, StoredRequest['notes']>(db);
  const notifier = options.notifier ?? silentNotifier;
  const health = createHealthService({ stores, clock: timer, notifier });
  let id = 0;
  const sync = createSyncService({ db, stores, gateway, clock: timer, timer, ids: () => `00000000-0000-4000-8000-${String((id += 1)).padStart(12, '0')}`, health, notifier, concurrency: 4, readsPerSecond: 10, ...options });
  return { sync, gateway };
}
