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
  /** Simulated seconds of each completed full pass, in order. */
  passes(): readonly number[];
  /** Look at the pass (inside the simulation, so time waits for the query); call it often enough for the figures' precision. */
  check(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * bench:sync runs the product's sync service as the server's sync job does (start: the
 * continuous, checkpointed pass), on the virtual timer, with the composition root's settings
 * (SYNC_CONCURRENCY sessions, SYNC_READS_PER_SECOND). It is built here rather than taken from
 * the app because the server's clock has no sleep of its own to simulate.
 */
export function startSyncDriver({ timer, db, gateway, health, config }: SyncDriverOptions): SyncDriver {
  const stores = createStoreBundle<StoredRequest['change'], SettingsWrite, StoredRequest['notes']>(db);
  const sync = createSyncService({
    db,
    stores,
    gateway,
    clock: timer,
    timer,
    ids: randomIds,
    health,
    notifier: silentNotifier,
    concurrency: config.SYNC_CONCURRENCY,
    readsPerSecond: config.SYNC_READS_PER_SECOND,
    log: { info: () => undefined, warn: (message, fields) => process.stderr.write(`  sync: ${message} ${JSON.stringify(fields ?? {})}\n`) },
  });
  const passes: number[] = [];
  let firstPass: number | undefined;
  void timer.simulate(async () => sync.start());
  return {
    passes: () => passes,
    async check() {
      const { pass } = await sync.status();
      firstPass ??= pass.pass;
      // Passes completed since the last look; each new one says how long the one before it took.
      while (passes.length < pass.pass - firstPass) passes.push(pass.lastPassSeconds ?? Number.NaN);
    },
    stop: () => timer.simulate(() => sync.stop()),
  };
}
