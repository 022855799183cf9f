import type { CallingSettings } from '@cgm/core';
import type { SettingsGroup, SettingsVersions } from '../store/settingsGroups.js';
import { changedStoredGroups } from '../store/settingsGroups.js';
import type { StoredRequest } from './requestService.js';
import type { ApplyRepositories, StorageBundle } from './storage.js';

/** What the version check says about a request about to be applied. */
export type ApplyTurn =
  /** The groups are still at the request's base versions, and the job is now marked started: write. */
  | { readonly kind: 'go' }
  /** Another request for the same settings is being applied right now: try again after it. */
  | { readonly kind: 'wait'; readonly behind: string }
  /** A request applied since this one was planned changed the same settings: this one would undo it. */
  | { readonly kind: 'overtaken'; readonly by: StoredRequest; readonly groups: readonly SettingsGroup[] }
  /** The settings moved for another reason (a sync read a change made directly in Teams). */
  | { readonly kind: 'changed'; readonly groups: readonly SettingsGroup[] };

/** The stored settings groups a request changes. */
export function groupsOf(request: StoredRequest): SettingsGroup[] {
  return changedStoredGroups(request.beforeSettings, request.desired);
}

const sendsCallsToGroup = (settings: CallingSettings) =>
  (settings.IsForwardingEnabled && settings.ForwardingTargetType === 'Group') || (settings.IsUnansweredEnabled && settings.UnansweredTargetType === 'Group');

/**
 * The groups whose base versions must still match: those the request changes, and those its
 * validation relied on. Calls sent to the call group need members, and a call group may be
 * emptied only while no calls go to it: without the second, forwarding to the group approved
 * after the group was emptied would pass the check and then be refused by Teams (write skew).
 */
export function checkedGroups(request: StoredRequest): SettingsGroup[] {
  const changed = groupsOf(request);
  const relied: SettingsGroup[] = [];
  if ((changed.includes('forwarding') || changed.includes('unanswered')) && sendsCallsToGroup(request.desired)) relied.push('callGroup');
  if (changed.includes('callGroup') && request.desired.CallGroupTargets.length === 0) relied.push('forwarding', 'unanswered');
  return [...new Set([...changed, ...relied])];
}

const overlaps = (a: readonly SettingsGroup[], b: readonly SettingsGroup[]) => a.some((group) => b.includes(group));

/**
 * The applied request that moved the groups past `base`: it was planned against the same
 * versions or later ones (so it came after this request's plan) and changed a shared group.
 */
async function overtakerOf(repositories: ApplyRepositories, request: StoredRequest, base: SettingsVersions, groups: readonly SettingsGroup[]): Promise<StoredRequest | undefined> {
  const applied = (await repositories.requests.appliedForSubject(request.subjectSip, 50)) as StoredRequest[];
  return applied.find((other) => {
    if (other.id === request.id || !other.baseVersions) return false;
    const theirs = other.baseVersions;
    return groupsOf(other).some((group) => groups.includes(group) && theirs[group] >= base[group]);
  });
}

/**
 * Applying is ordered by version: a request writes only if the settings groups it changes are
 * still at the versions it was planned against (compare-and-set on tenant_settings' versions,
 * which move only when the stored settings change: an applied request's re-read, or a sync that
 * saw an edit made in Teams). Checked once per job, under the subject's lock, and recorded as
 * the job's start, so a resumed job goes on writing and a competing one waits for it.
 */
export async function takeTurn(stores: StorageBundle<ApplyRepositories>, request: StoredRequest): Promise<ApplyTurn> {
  const groups = checkedGroups(request);
  return stores.transaction(async (tx) => {
    // Two instances checking requests for the same person take turns (store/subjectLock.ts).
    await tx.subjects.lockApply(request.subjectSip);
    const { outbox, requests } = tx;
    for (const id of await outbox.startedForSubject(request.subjectSip, request.id)) {
      const other = (await requests.get(id)) as StoredRequest | undefined;
      if (other && overlaps(groupsOf(other), groups)) return { kind: 'wait', behind: id };
    }
    const base = request.baseVersions;
    if (base) {
      const current = (await tx.tenant.settingsOf(request.subjectSip))?.versions;
      const moved = current ? groups.filter((group) => current[group] !== base[group]) : [];
      if (moved.length > 0) {
        const by = await overtakerOf(tx, request, base, moved);
        return by ? { kind: 'overtaken', by, groups: moved } : { kind: 'changed', groups: moved };
      }
    }
    await outbox.start(request.id);
    return { kind: 'go' };
  });
}
