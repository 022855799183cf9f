import type { SettingsWrite } from '@cgm/core';
import type { Config } from '../config.js';
import type { CostedLocalGateway } from '../gateway/local/readCostModel.js';
import { randomIds } from '../services/clock.js';
import type { HealthService } from '../services/healthService.js';
import { silentNotifier } from '../services/notifier.js';
import type { StoredRequest } from '../services/requestService.js';
import { createSyncService } from '../services/syncService.js';
import type { Database } from '../store/database.js';
import { createStoreBundle } from '../store/stores.js';
import type { VirtualTimer } from '../testSupport/virtualTimer.js';

export interface SyncDriverOptions {
  readonly timer: VirtualTimer;
  readonly db: Database;
  readonly gateway: CostedLocalGateway;
  readonly health: HealthService;
  readonly config: Config;
}

export interface SyncDriver {
  /** Simulated milliseconds from the start to the end of each completed full pass. */
  passes(): readonly number[];
  /** Calls the model let through by the end of the first full pass. */
  readsInFirstPass(): number;
}

/**
 * bench:sync's way of running sync inside the simulation, on the virtual timer: one full run
 * after another, each reading every user, as the scheduler would with no pause between runs.
 */
export function startSyncDriver({ timer, db, gateway, health, config }: SyncDriverOptions): SyncDriver {
  const start = timer.now().getTime();
  const stores = createStoreBundle<StoredRequest['change'], SettingsWrite, StoredRequest['notes']>(db);
  const sync = createSyncService({ db, stores, gateway, clock: timer, ids: randomIds, health, notifier: silentNotifier, concurrency: config.SYNC_CONCURRENCY, sleep: (ms) => timer.sleep(ms) });
  const passes: number[] = [];
  let readsInFirstPass = 0;
  void timer.simulate(async () => {
    for (;;) {
      try {
        await sync.runOnce();
        passes.push(timer.now().getTime() - start);
        if (passes.length === 1) readsInFirstPass = gateway.cost.reads + gateway.cost.directoryPages;
      } catch (error) {
        process.stderr.write(`  sync run failed: ${(error as Error).message}\n`);
      }
    }
  });
  return { passes: () => passes, readsInFirstPass: () => readsInFirstPass };
}
