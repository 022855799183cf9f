import { createHash } from 'node:crypto';
import type { Tenant, TenantEdit, User } from '@cgm/core';
import { normalizeSip, userRefKey } from '@cgm/core';
import type { Clock } from '../clock.js';
import type { HealthService } from '../healthService.js';
import type { StorageBundle, SyncRepositories } from '../storage.js';
import type { DirectoryLists } from './syncPorts.js';

type Directory = Omit<Tenant, 'callingSettings'>;

/** What one directory read changed. */
export interface DirectoryOutcome {
  readonly users: number;
  /** Users who joined or whose entry changed (license, policy, account...). */
  readonly changedUsers: number;
  readonly removedUsers: number;
  readonly listsChanged: boolean;
  /** The tenant was empty: this read created it, and the pass that follows records no drift. */
  readonly first: boolean;
  readonly findingsAdded: number;
  readonly findingsResolved: number;
}

export interface DirectorySyncDeps {
  readonly stores: StorageBundle<SyncRepositories>;
  readonly health: HealthService;
  readonly clock: Clock;
  /** How long a user whose entry changed, or who made a request, stays in the hot tier. */
  readonly recentMs: number;
  /** The hot period from tier sizes counted now (after the queue changed). */
  readonly hotPeriodMs: () => Promise<number>;
}

/** JSON with every object's keys sorted: Teams, a json and a jsonb column each order them their own way. */
const sortedJson = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner) ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : inner,
  );

/** The small lists (policies, resource accounts, numbers) as one hash: a change there means a full health rescan. */
function listsHash(lists: DirectoryLists): string {
  const ordered = [lists.callingPolicies, lists.voiceRoutingPolicies, lists.emergencyCallRoutingPolicies, lists.sharedCallingPolicies, lists.resourceAccounts, lists.phoneNumbers];
  return createHash('sha256').update(sortedJson(ordered)).digest('hex');
}

/**
 * The users as read, whatever order Teams lists them in (a reorder changes nothing stored): a read
 * equal to the last applied one changes nothing. Each entry's own text is taken as sent, since one
 * source sends its properties in one order; a different order costs one full comparison, no more.
 */
const usersHash = (directory: Directory): string =>
  createHash('sha256')
    .update(directory.users.map((user) => JSON.stringify(user)).sort().join('\n'))
    .digest('hex');

/** Users who joined or changed, and the identities of those who left. */
function userChanges(before: readonly User[], after: readonly User[]): { upserts: User[]; removals: string[] } {
  const previous = new Map(before.map((user) => [userRefKey(user.Identity), sortedJson(user)] as const));
  const upserts: User[] = [];
  for (const user of after) {
    const key = userRefKey(user.Identity);
    if (previous.get(key) !== sortedJson(user)) upserts.push(user);
    previous.delete(key);
  }
  return { upserts, removals: [...previous.keys()] };
}

/**
 * Apply one bulk directory read (Get-CsOnlineUser: one call for everyone, where calling settings
 * cost one call per user). It catches license, policy and account changes cheaply: only what
 * changed is written, those users are re-read at once and kept hot for `recentMs`, and health is
 * re-checked for them alone (everyone when a policy, resource account or number changed).
 */
export async function applyDirectory(deps: DirectorySyncDeps, directory: Directory): Promise<DirectoryOutcome> {
  const { health } = deps;
  const queue = deps.stores.syncQueue;
  const now = deps.clock.now();
  const state = await queue.current(now);
  const hashes = { lists: listsHash(directory), users: usersHash(directory) };
  // Comparing with the stored users reads every one of them: skipped when nobody changed since the last applied read.
  const stored = hashes.users === state.directoryUsers ? 'unchanged' : await deps.stores.syncDirectory.storedUsers();
  const first = stored === undefined;
  const { upserts, removals } = first ? { upserts: directory.users, removals: [] } : stored === 'unchanged' ? { upserts: [], removals: [] } : userChanges(stored, directory.users);
  // Sync's first read of a tenant imported from a snapshot compares the lists as stored: a needless
  // full rescan would hold the server for seconds at 100,000 users.
  const listsChanged = !first && hashes.lists !== (state.directoryLists ?? listsHash(await deps.stores.syncDirectory.storedLists()));
  const changed = upserts.length > 0 || removals.length > 0 || listsChanged;
  // The tenant as it was, for an incremental health re-check of the users that changed.
  const before = changed && !first && !listsChanged ? await deps.stores.tenant.readTenant() : undefined;
  if (first || changed) await deps.stores.transaction((tx) => tx.syncDirectory.apply(directory, { upserts, removals, lists: listsChanged, first }, now));
  // The queue follows the directory: each statement scans every user, so only when it changed (or is new).
  if (first || changed || state.directoryLists === null) {
    await queue.reconcileUsers(now);
    await queue.spreadHot(now, await deps.hotPeriodMs());
  }
  if (!first) await queue.heat(upserts.map((user) => normalizeSip(user.SipAddress)), new Date(now.getTime() + deps.recentMs), now);
  await queue.heatRecentRequests(now, deps.recentMs);
  // The version compared against, and one more when this read wrote the directory.
  await queue.directoryRead(now, first, { ...hashes, version: state.directoryVersion + (first || changed ? 1 : 0) });
  let delta = { added: [] as readonly unknown[], resolved: [] as readonly unknown[] };
  if (listsChanged) delta = await health.rescanAll();
  else if (before) {
    const edits: TenantEdit[] = [...upserts.map((user): TenantEdit => ({ kind: 'upsertUser', user })), ...removals.map((ref): TenantEdit => ({ kind: 'removeUser', ref }))];
    delta = await health.recheckEdits(before, edits);
  }
  return { users: directory.users.length, changedUsers: first ? 0 : upserts.length, removedUsers: removals.length, listsChanged, first, findingsAdded: delta.added.length, findingsResolved: delta.resolved.length };
}
