import type { SettingsWrite, Tenant, User } from '@cgm/core';
import { normalizeSip } from '@cgm/core';
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
import type { StorageBundle, SyncRepositories } from '../services/storage.js';
import type { SyncQueue } from '../services/sync/syncPorts.js';
import type { SyncService, SyncServiceOptions } from '../services/syncService.js';
import { createSyncService } from '../services/syncService.js';

/**
 * A test timer whose time stands still: sleeps end on the next turn of the event loop. No lease ever
 * runs out, so a test of the claims themselves is not blurred by an expired lease handing a user on.
 */
export function stillTimer(at = new Date('2026-11-22T09:00:00Z')): Timer {
  return { now: () => new Date(at), sleep: () => new Promise((resolve) => setImmediate(resolve)) };
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

/**
 * A gateway over `inner` that counts successful settings reads per identity (lower case), keeps the
 * order in which reads started (the pacer spaces the starts), and, once
 * `hangAfter` reads have started, never answers again: an instance killed in the middle of a pass.
 */
export function countingGateway(inner: LocalCallingGateway, options: { hangAfter?: number } = {}): LocalCallingGateway & { reads: Map<string, number>; order: string[]; hung: Promise<void> } {
  const reads = new Map<string, number>();
  const order: string[] = [];
  let started = 0;
  let markHung: () => void = () => undefined;
  const hung = new Promise<void>((resolve) => (markHung = resolve));
  return Object.assign(Object.create(inner) as LocalCallingGateway, {
    reads,
    order,
    hung,
    async readSettings(identity: string) {
      started += 1;
      if (options.hangAfter !== undefined && started > options.hangAfter) {
        markHung();
        return new Promise<never>(() => undefined);
      }
      const key = identity.toLowerCase();
      order.push(key);
      const settings = await inner.readSettings(identity);
      reads.set(key, (reads.get(key) ?? 0) + 1);
      return settings;
    },
  });
}

/** A direct edit in the Teams client: the app never saw a request for it. */
export function directEdit(gateway: LocalCallingGateway, identity: string, parameterSet: SettingsWrite['parameterSet'], parameters: SettingsWrite['parameters']): Promise<void> {
  return gateway.applyWrite({ cmdlet: 'Set-CsUserCallingSettings', identity, parameterSet, parameters, reason: 'a direct edit in Teams' } as SettingsWrite);
}

/** `deps` whose sync queue has `overrides` in place of some steps: a race staged between two steps of a directory read. */
export function withQueue<TDeps extends { readonly stores: StorageBundle<SyncRepositories> }>(deps: TDeps, overrides: Partial<SyncQueue>): TDeps {
  return { ...deps, stores: { ...deps.stores, syncQueue: { ...deps.stores.syncQueue, ...overrides } } };
}

/** A change to a user's entry made in Teams (a licence removed, a policy granted): Get-CsOnlineUser shows it at the next read. */
export async function editInTeams(db: Database, who: User, change: Partial<User>): Promise<void> {
  const rows = await db.query('UPDATE local_teams_users SET data = data || $2::jsonb WHERE sip = $1 RETURNING sip', [normalizeSip(who.SipAddress), JSON.stringify(change)]);
  if (rows.length !== 1) throw new Error(`${who.SipAddress} is not in the embedded Teams`);
}
